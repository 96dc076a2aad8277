"""Settings read from the environment, with safe defaults for local use.

| variable | default | meaning |
| --- | --- | --- |
| DATABASE_URL | instance/icv.sqlite3 | SQLAlchemy URL; postgresql:// uses psycopg 3 (see below) |
| SECRET_KEY, JWT_SECRET_KEY | development values | required (32+ characters) in production |
| ICV_ENV | development | `production` refuses to start on default or missing secrets |
| ICV_SMTP_URL | unset | smtp://host:port for email notifications |
| ICV_MAIL_FROM | icv@localhost | sender of notification emails |
| ICV_BASE_URL | http://127.0.0.1:8000 | where links in emails point |
| ICV_NOTIFY_INTERVAL_SECONDS | 30 | how often `icv notify --loop` looks for mail to send |
| ICV_NOTIFY_FIRST_RETRY_SECONDS | 60 | wait after a failed send; then each wait doubles, to 1 h |
| RATELIMIT_STORAGE_URI | memory:// | Flask-Limiter storage; redis://host:6379 in production |
| ICV_CORS_ORIGINS | empty (CORS off) | comma-separated origins a browser app may call from |
| ICV_LOGIN_LIMIT | 5 per minute | failed sign-ins allowed per email address |
| ICV_LOGIN_IP_LIMIT | 50 per minute | failed sign-ins allowed per client address |
| ICV_RESET_LIMIT | 5 per hour | password-reset emails asked for per email address |
| ICV_RESET_IP_LIMIT | 30 per hour | password-reset emails asked for per client address |
| ICV_ACCESS_TOKEN_MINUTES | 15 | lifetime of an access token |
| ICV_REFRESH_TOKEN_DAYS | 30 | lifetime of a sign-in (its refresh token) |
| ICV_COOKIE_SECURE | on (off for an http://127.0.0.1 base URL) | sign-in cookies only over HTTPS |

The field app (web/, served at `/`) signs in with cookies (`POST /api/v1/auth/session`): the
tokens are HttpOnly, SameSite=Strict cookies that JavaScript never reads; a write sends the
CSRF cookie's value back in the `X-CSRF-TOKEN` header (double submit). Other clients send the
bearer header, which wins when both come.

A PostgreSQL connection attempt gives up after 5 s unless the URL sets `connect_timeout`.
With `memory://` each process counts the rate limits apart, so gunicorn.conf.py serves from one
process (with threads); with Redis the processes share one count.
"""

import os
from datetime import timedelta

from api.framework.swagger_ui import ASSETS_URL as SWAGGER_UI_ASSETS_URL

DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105
DEV_JWT_SECRET_KEY = "dev-jwt-secret-key-not-for-production"  # noqa: S105
MIN_SECRET_LENGTH = 32
DATABASE_CONNECT_TIMEOUT_SECONDS = 5
DEFAULT_RATELIMIT_STORAGE_URI = "memory://"


class InsecureConfiguration(RuntimeError):
    """Production was asked to start with secrets anyone could know."""


def database_url(raw: str | None, instance_path: str) -> str:
    if not raw:
        return f"sqlite:///{os.path.join(instance_path, 'icv.sqlite3')}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def engine_options(url: str) -> dict:
    """Pre-ping drops the connections a restarted database closed. On PostgreSQL a connection
    attempt gives up after DATABASE_CONNECT_TIMEOUT_SECONDS unless the URL sets its own
    `connect_timeout`: libpq's default (130 s) outlasts gunicorn's worker timeout (30 s), so a
    database host that never answers would hang the request and lose the worker, where a 503 is
    due."""
    options: dict = {"pool_pre_ping": True}
    if url.startswith("postgresql") and "connect_timeout=" not in url:
        options["connect_args"] = {"connect_timeout": DATABASE_CONNECT_TIMEOUT_SECONDS}
    return options


def settings_from_environment(instance_path: str, environ=os.environ) -> dict:
    return {
        "ICV_ENV": environ.get("ICV_ENV", "development"),
        "SQLALCHEMY_DATABASE_URI": database_url(environ.get("DATABASE_URL"), instance_path),
        "SECRET_KEY": environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "JWT_SECRET_KEY": environ.get("JWT_SECRET_KEY", DEV_JWT_SECRET_KEY),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(
            minutes=int(environ.get("ICV_ACCESS_TOKEN_MINUTES", "15"))
        ),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(
            days=int(environ.get("ICV_REFRESH_TOKEN_DAYS", "30"))
        ),
        "JWT_TOKEN_LOCATION": ["headers", "cookies"],
        **browser_cookie_settings(environ),
        "ICV_SMTP_URL": environ.get("ICV_SMTP_URL"),
        "ICV_MAIL_FROM": environ.get("ICV_MAIL_FROM", "icv@localhost"),
        "ICV_BASE_URL": environ.get("ICV_BASE_URL", "http://127.0.0.1:8000"),
        "ICV_NOTIFY_INTERVAL_SECONDS": float(environ.get("ICV_NOTIFY_INTERVAL_SECONDS", "30")),
        "ICV_NOTIFY_FIRST_RETRY_SECONDS": float(
            environ.get("ICV_NOTIFY_FIRST_RETRY_SECONDS", "60")
        ),
        "RATELIMIT_STORAGE_URI": environ.get(
            "RATELIMIT_STORAGE_URI", DEFAULT_RATELIMIT_STORAGE_URI
        ),
        "ICV_CORS_ORIGINS": [
            origin.strip()
            for origin in environ.get("ICV_CORS_ORIGINS", "").split(",")
            if origin.strip()
        ],
        "RATELIMIT_HEADERS_ENABLED": True,
        "ICV_LOGIN_LIMIT": environ.get("ICV_LOGIN_LIMIT", "5 per minute"),
        "ICV_LOGIN_IP_LIMIT": environ.get("ICV_LOGIN_IP_LIMIT", "50 per minute"),
        "ICV_RESET_LIMIT": environ.get("ICV_RESET_LIMIT", "5 per hour"),
        "ICV_RESET_IP_LIMIT": environ.get("ICV_RESET_IP_LIMIT", "30 per hour"),
        "ICV_ARGON2": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "API_TITLE": "Independent custody visiting",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/",
        "OPENAPI_JSON_PATH": "api/v1/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": SWAGGER_UI_ASSETS_URL,
        "API_SPEC_OPTIONS": {
            "components": {
                "securitySchemes": {
                    "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
            "security": [{"bearerAuth": []}],
        },
    }


LOOPBACK_HTTP_ORIGINS = ("http://127.0.0.1", "http://localhost", "http://[::1]")


def cookies_need_https(environ=os.environ) -> bool:
    """Secure cookies unless told otherwise or served over plain HTTP on this machine (the
    demo and the tests): a browser never sends a Secure cookie over plain HTTP."""
    explicit = environ.get("ICV_COOKIE_SECURE")
    if explicit is not None:
        return explicit.strip().lower() not in ("0", "false", "no", "off")
    base_url = environ.get("ICV_BASE_URL", "http://127.0.0.1:8000")
    return not any(
        base_url == origin or base_url.startswith((origin + ":", origin + "/"))
        for origin in LOOPBACK_HTTP_ORIGINS
    )


def browser_cookie_settings(environ=os.environ) -> dict:
    """Flask-JWT-Extended's cookie settings for the field app's sign-in. The refresh cookie
    goes only to the browser session's own paths; the CSRF cookies are readable by the app's
    JavaScript by design (double submit), the tokens never are."""
    return {
        "JWT_COOKIE_SECURE": cookies_need_https(environ),
        "JWT_COOKIE_SAMESITE": "Strict",
        "JWT_COOKIE_CSRF_PROTECT": True,
        "JWT_CSRF_CHECK_FORM": False,
        "JWT_SESSION_COOKIE": False,
        "JWT_ACCESS_COOKIE_PATH": "/",
        "JWT_REFRESH_COOKIE_PATH": "/api/v1/auth/session",
        "JWT_ACCESS_CSRF_COOKIE_PATH": "/",
        "JWT_REFRESH_CSRF_COOKIE_PATH": "/",
    }


def rate_limits_counted_per_process(environ=os.environ) -> bool:
    """Whether the rate limits are counted in each process's own memory (`memory://`, also what
    Flask-Limiter falls back to when the setting is empty), so that processes do not share their
    counts: gunicorn.conf.py then serves from one process."""
    uri = environ.get("RATELIMIT_STORAGE_URI") or DEFAULT_RATELIMIT_STORAGE_URI
    return uri.split("://", 1)[0] == "memory"


def refuse_insecure_production(config: dict) -> None:
    if config.get("ICV_ENV") != "production":
        return
    for key, default in (("SECRET_KEY", DEV_SECRET_KEY), ("JWT_SECRET_KEY", DEV_JWT_SECRET_KEY)):
        value = config.get(key) or ""
        if value == default or len(value) < MIN_SECRET_LENGTH:
            raise InsecureConfiguration(
                f"{key} must be set to a secret of at least {MIN_SECRET_LENGTH} characters "
                "when ICV_ENV=production."
            )
