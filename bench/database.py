"""The benchmark databases: their URLs, creating and dropping them, migrating them.

Benchmarks run on databases of their own (icv_bench, icv_bench_x10, ...), never on the one
the app or the test suite uses. A loaded database carries a comment naming what it holds
(`icv-bench scale=1 seed=1`), so a benchmark can reuse it instead of loading it again.
"""

import logging
import os
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/icv_bench"
GENERATOR_VERSION = 1


def base_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_URL


def plain_url(url: str) -> str:
    """The URL psycopg takes (no SQLAlchemy driver suffix)."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def app_url(url: str) -> str:
    """The URL the app takes (SQLAlchemy with psycopg 3)."""
    return "postgresql+psycopg://" + plain_url(url).split("://", 1)[1]


def database_name(url: str) -> str:
    return urlsplit(plain_url(url)).path.lstrip("/")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(plain_url(url))
    return urlunsplit(parts._replace(path="/" + name))


def url_for_scale(url: str, scale: float) -> str:
    """Scale 1 uses the URL as given; other scales a sibling database named after the scale."""
    if scale == 1:
        return plain_url(url)
    suffix = f"x{scale:g}".replace(".", "_")
    return with_database(url, f"{database_name(url)}_{suffix}")


def label(scale: float, seed: int) -> str:
    return f"icv-bench v{GENERATOR_VERSION} scale={scale:g} seed={seed}"


def _maintenance(url: str) -> psycopg.Connection:
    return psycopg.connect(with_database(url, "postgres"), autocommit=True)


def loaded_label(url: str) -> str | None:
    """The comment of the database, or None when it does not exist."""
    with _maintenance(url) as connection:
        row = connection.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (database_name(url),),
        ).fetchone()
    return row[0] if row else None


def recreate(url: str) -> None:
    name = sql.Identifier(database_name(url))
    with _maintenance(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop(url: str) -> None:
    name = sql.Identifier(database_name(url))
    with _maintenance(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def set_label(url: str, text: str) -> None:
    name = sql.Identifier(database_name(url))
    with _maintenance(url) as connection:
        connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(text)))


def migrate(url: str) -> None:
    """Builds the schema through the Alembic migrations, as a deployment does."""
    from flask_migrate import upgrade

    from api import create_app
    from icv.common.database import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": app_url(url)})
    with app.app_context():
        logging.disable(logging.WARNING)
        upgrade(revision="heads")
        logging.disable(logging.NOTSET)
        db.session.remove()
        db.engine.dispose()
