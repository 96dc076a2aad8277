"""Response headers that keep browsers from doing anything clever with the API's answers."""

from flask import Flask, current_app, request
from flask_cors import CORS

from api.framework.web_app import APP_POLICY, is_app_page

API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
# The printable report is a page with its own inline styles and inline SVG.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)


def docs_policy(script_hashes: list[str]) -> str:
    """The interactive docs' policy: Swagger UI's files from the app itself, the page's own
    inline scripts by hash (`'sha256-...'`), and requests to the API on the same origin."""
    return (
        f"default-src 'none'; script-src 'self' {' '.join(script_hashes)}; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def add_security_headers(app: Flask) -> None:
    @app.after_request
    def secure(response):
        for header, value in API_HEADERS.items():
            response.headers.setdefault(header, value)
        if request.path.startswith("/api/v1/reports/"):
            response.headers["Content-Security-Policy"] = REPORT_POLICY
        elif is_app_page(request.path):
            response.headers["Content-Security-Policy"] = APP_POLICY
        if (
            request.authorization
            or _signed_in_by_cookie()
            or request.path.startswith("/api/v1/auth/")
        ):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def _signed_in_by_cookie() -> bool:
    """A browser's answer made for its signed-in person is never kept by a cache."""
    names = (
        current_app.config.get("JWT_ACCESS_COOKIE_NAME", "access_token_cookie"),
        current_app.config.get("JWT_REFRESH_COOKIE_NAME", "refresh_token_cookie"),
    )
    return any(name in request.cookies for name in names) and not is_app_page(request.path)


def allow_cross_origin(app: Flask) -> None:
    """CORS stays off (browsers on other origins are refused) unless an allow-list is set.
    Another origin's client sends its tokens in the Authorization header: no credentials mode,
    so the field app's cookies (same origin only, SameSite=Strict) never serve another origin."""
    origins = app.config.get("ICV_CORS_ORIGINS") or []
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
            expose_headers=["ETag", "Location", "X-Pagination", "Retry-After"],
            supports_credentials=False,
            max_age=600,
        )
