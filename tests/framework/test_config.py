import pytest

from api import create_app
from api.config import (
    DEV_JWT_SECRET_KEY,
    DEV_SECRET_KEY,
    InsecureConfiguration,
    database_url,
    engine_options,
    settings_from_environment,
)

STRONG = "s" * 40


def test_production_refuses_the_default_secrets():
    with pytest.raises(InsecureConfiguration):
        create_app({"ICV_ENV": "production"})


def test_production_refuses_a_short_secret():
    with pytest.raises(InsecureConfiguration, match="JWT_SECRET_KEY"):
        create_app({"ICV_ENV": "production", "SECRET_KEY": STRONG, "JWT_SECRET_KEY": "short"})


def test_production_starts_with_strong_secrets(database_url_for_tests):
    app = create_app(
        {
            "ICV_ENV": "production",
            "SECRET_KEY": STRONG,
            "JWT_SECRET_KEY": STRONG + "j",
            "SQLALCHEMY_DATABASE_URI": database_url_for_tests,
        }
    )

    assert app.config["ICV_ENV"] == "production"


def test_development_uses_sqlite_under_instance_by_default():
    settings = settings_from_environment("/srv/icv/instance", environ={})

    assert settings["SQLALCHEMY_DATABASE_URI"] == "sqlite:////srv/icv/instance/icv.sqlite3"
    assert settings["SECRET_KEY"] == DEV_SECRET_KEY
    assert settings["JWT_SECRET_KEY"] == DEV_JWT_SECRET_KEY


def test_settings_come_from_the_environment():
    settings = settings_from_environment(
        "/tmp",
        environ={
            "DATABASE_URL": "postgresql://icv@db/icv",
            "ICV_SMTP_URL": "smtp://127.0.0.1:2525",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
            "ICV_NOTIFY_FIRST_RETRY_SECONDS": "2",
        },
    )

    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://icv@db/icv"
    assert settings["ICV_SMTP_URL"] == "smtp://127.0.0.1:2525"
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379"
    assert settings["ICV_NOTIFY_FIRST_RETRY_SECONDS"] == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_are_served_by_psycopg_3(raw, expected):
    assert database_url(raw, "/tmp") == expected


@pytest.mark.parametrize(
    ("url", "connect_args"),
    [
        ("postgresql+psycopg://u@h/d", {"connect_timeout": 5}),
        ("postgresql+psycopg://u@h/d?connect_timeout=20", None),
        ("sqlite:///x.db", None),
    ],
)
def test_a_postgresql_connection_attempt_gives_up_before_the_worker_timeout(url, connect_args):
    options = engine_options(url)

    assert options["pool_pre_ping"] is True
    assert options.get("connect_args") == connect_args
