"""Signing in from a browser: the same sign-in as `/auth/login`, with the tokens in cookies.

The field app (web/, served at `/`) never sees a token. `POST /auth/session` signs in exactly
as `POST /auth/login` does (it runs that endpoint: the same rate limits, checks and session
rows), then moves the tokens out of the answer into HttpOnly, SameSite=Strict cookies; the
refresh cookie is sent only to `/auth/session...`. Flask-JWT-Extended also sets two CSRF
cookies that the app's JavaScript reads and sends back in `X-CSRF-TOKEN` on every write
(double submit): a page on another site can neither read them nor send the cookies.
Refreshing (`POST /auth/session/refresh`) rotates the refresh token as `/auth/refresh` does;
`DELETE /auth/session` ends the sign-in and clears the cookies.
"""

from flask import Response, current_app, jsonify
from flask_jwt_extended import (
    get_jwt,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
    verify_jwt_in_request,
)
from flask_jwt_extended.exceptions import JWTExtendedException
from jwt.exceptions import PyJWTError
from marshmallow import Schema, fields

from api.framework.authorization import REFRESH_POLICY, public
from api.framework.blueprint import Blueprint
from api.resources.auth import LOGIN_EXAMPLE, LoginSchema
from api.resources.people import PERSON_EXAMPLE, PersonSchema
from icv.people import accounts

blp = Blueprint(
    "browser_session",
    __name__,
    url_prefix="/api/v1",
    description="Sign in from a browser, with cookies",
)

TOKEN_FIELDS = ("access_token", "refresh_token")


class BrowserSignInSchema(Schema):
    user = fields.Nested(PersonSchema)


class BrowserRefreshSchema(Schema):
    refreshed = fields.Boolean()


def _tokens_into_cookies(answer: Response, extra: dict | None = None) -> Response:
    """The sign-in endpoint's answer without its tokens, which travel as cookies instead."""
    body = answer.get_json(silent=True)
    if not isinstance(body, dict) or not any(name in body for name in TOKEN_FIELDS):
        return answer
    access_token, refresh_token = (body.pop(name, None) for name in TOKEN_FIELDS)
    response = jsonify({**body, **(extra or {})})
    response.status_code = answer.status_code
    for header, value in answer.headers.items():
        if header.lower() not in ("content-type", "content-length"):
            response.headers[header] = value
    if access_token:
        set_access_cookies(response, access_token)
    if refresh_token:
        set_refresh_cookies(response, refresh_token)
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/auth/session", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(LoginSchema, example=LOGIN_EXAMPLE)
@blp.response(200, BrowserSignInSchema, example={"user": PERSON_EXAMPLE})
def sign_in_browser(credentials):
    """Sign in from a browser: the tokens come as HttpOnly cookies.

    The same checks and limits as `/auth/login`. The answer holds your record; the tokens are
    set as cookies no script can read, with `csrf_access_token` and `csrf_refresh_token`
    cookies whose values go back in the `X-CSRF-TOKEN` header of every write.
    """
    return _tokens_into_cookies(current_app.view_functions["auth.login"]())


def _checked_by_the_refresh_endpoint(view):
    """The refresh endpoint this runs checks the refresh cookie: the policy is the same."""
    view.access_policy = REFRESH_POLICY
    return view


@blp.route("/auth/session/refresh", methods=["POST"])
@_checked_by_the_refresh_endpoint
@blp.response(200, BrowserRefreshSchema, example={"refreshed": True})
def refresh_browser():
    """Refresh a browser's sign-in.

    Send the `refresh_token_cookie` (it goes only to this path) with the `csrf_refresh_token`
    cookie's value in `X-CSRF-TOKEN`. New access and refresh cookies replace the old; each
    refresh cookie works once, and one used twice ends the sign-in.
    """
    return _tokens_into_cookies(current_app.view_functions["auth.refresh"](), {"refreshed": True})


def _end_session_of_cookie(refresh: bool) -> bool:
    """Revokes the sign-in of the access (or refresh) cookie, if it holds a live one."""
    try:
        verify_jwt_in_request(refresh=refresh, locations=["cookies"])
    except (JWTExtendedException, PyJWTError):
        return False
    accounts.revoke_session(get_jwt()["sid"])
    return True


@blp.route("/auth/session", methods=["DELETE"])
@public
@blp.response(204)
def sign_out_browser():
    """Sign out of a browser: ends the sign-in and clears its cookies.

    The sign-in of whichever cookie is still live (access, else refresh) ends, both its tokens
    at once. The cookies are cleared whatever they held, so signing out always works. A cookie
    counts only with the matching CSRF header.
    """
    _end_session_of_cookie(refresh=False) or _end_session_of_cookie(refresh=True)
    response = Response(status=204)
    unset_jwt_cookies(response)
    response.headers["Cache-Control"] = "no-store"
    return response
