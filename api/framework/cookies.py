"""What a browser signed in with cookies is told when a write comes without its CSRF header."""

from flask import Flask
from flask_jwt_extended.exceptions import CSRFError

from api.framework.errors import problem

CSRF_HEADER = "X-CSRF-TOKEN"


def answer_csrf_refusals(app: Flask) -> None:
    """A write signed in by cookie needs the CSRF cookie's value in `X-CSRF-TOKEN` (double
    submit): without it, or with another value, the request may come from another site's
    page, so it is refused (403) and does nothing. Registered after Flask-JWT-Extended, whose
    own answer would be a 401 asking for a bearer token."""

    @app.errorhandler(CSRFError)
    def refuse_without_csrf(error):
        return problem(
            403,
            f"Send the CSRF cookie's value in the {CSRF_HEADER} header: a write signed in by "
            "cookie needs it.",
        )
