"""The app under test: which database, its test settings, and emptying it."""

import os

from sqlalchemy import MetaData

from api.config import database_url
from icv.common.database import db

PASSWORD = "correct horse battery staple"

CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def database_url_under_test(tmp_path_factory) -> str:
    configured = os.environ.get("ICV_TEST_DATABASE_URL")
    if configured:
        return database_url(configured, "")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'icv-test.sqlite3'}"


def app_config(url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "ICV_ARGON2": CHEAP_ARGON2,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ICV_LOGIN_LIMIT": "5 per minute",
        "ICV_LOGIN_IP_LIMIT": "50 per minute",
        **overrides,
    }


def drop_everything() -> None:
    """Empties the database, including tables a newer revision made and alembic_version."""
    reflected = MetaData()
    reflected.reflect(bind=db.engine)
    reflected.drop_all(bind=db.engine)
