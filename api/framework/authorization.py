"""Who may call what. Deny by default: every view declares its access policy.

`allow(*roles)` requires a live access token of a person holding one of the roles; `public`
marks the few endpoints that need no sign-in. A request to a view without a declared policy is
refused (see `enforce_declared_policies`), and a test walks `app.url_map` to keep it so.
Object access (which scheme, which sites, whose record) is one rule in the domain,
`icv.visibility`, which every view asks: another scheme's record, or a record the caller may not
see, is a 404.
"""

from functools import wraps

from flask import Flask, current_app, g, request
from flask_jwt_extended import current_user, verify_jwt_in_request
from flask_jwt_extended.exceptions import WrongTokenError
from werkzeug.exceptions import Forbidden

from api.extensions import jwt
from api.framework.errors import problem
from icv.models import ROLES, SCHEME_ROLES, Person
from icv.people.accounts import can_sign_in, session_holder

PUBLIC = "public"
REFRESH_POLICY = "refresh token"
# Endpoints that flask-smorest and Flask register themselves: the spec, its docs, static files.
FRAMEWORK_PUBLIC_ENDPOINTS = frozenset(
    {"static", "api-docs.openapi_json", "api-docs.openapi_swagger_ui"}
)


def public(view):
    view.access_policy = PUBLIC
    return view


def allow(*roles: str):
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"allow() needs known roles, got {roles}")

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            verify_jwt_in_request()
            if not current_person().has_role(*roles):
                raise Forbidden("Your role does not give access to this.")
            return view(*args, **kwargs)

        guarded.access_policy = tuple(roles)
        return guarded

    return decorator


def signed_in(view):
    """Any signed-in person of a scheme, whatever their role. A national account is of no
    scheme: it reads only what names its role (the national benchmarks)."""
    return allow(*SCHEME_ROLES)(view)


def current_person() -> Person:
    return current_user


def policy_of(app: Flask, endpoint: str):
    if endpoint in FRAMEWORK_PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_policy", None)


def enforce_declared_policies(app: Flask) -> None:
    @app.before_request
    def refuse_undeclared():
        if request.endpoint and policy_of(current_app, request.endpoint) is None:
            current_app.logger.error("endpoint %s has no access policy", request.endpoint)
            return problem(403, "This endpoint has no access policy.")
        return None


def _unauthorised(detail: str):
    return problem(401, detail, headers={"WWW-Authenticate": "Bearer"})


@jwt.token_in_blocklist_loader
def _token_revoked(jwt_header, jwt_data) -> bool:
    """The sign-in and its person in one statement, kept for `_load_person`, which
    Flask-JWT-Extended calls next."""
    g.session_holder = session_holder(jwt_data.get("sid"), int(jwt_data["sub"]))
    return g.session_holder is None


@jwt.user_lookup_loader
def _load_person(jwt_header, jwt_data):
    """Re-checks the person on every request: roles in a token go stale, status must not."""
    person = g.pop("session_holder", None)
    if person is None or not can_sign_in(person):
        return None
    return person


@jwt.user_lookup_error_loader
def _person_gone(jwt_header, jwt_data):
    return _unauthorised("Your access has ended. Ask your scheme's manager.")


@jwt.unauthorized_loader
def _missing_token(reason: str):
    return _unauthorised("Sign in: this needs a bearer token.")


@jwt.invalid_token_loader
def _invalid_token(reason: str):
    """`reason` is the decoder's own words ("Not enough segments", a codec's error on bytes
    that are not UTF-8): nothing a client can act on, so never echoed."""
    return _unauthorised("The token is not valid: sign in again.")


@jwt.expired_token_loader
def _expired_token(jwt_header, jwt_data):
    return _unauthorised("The token has expired: refresh it or sign in again.")


@jwt.revoked_token_loader
def _revoked_token(jwt_header, jwt_data):
    return _unauthorised("The token has been revoked: sign in again.")


@jwt.token_verification_failed_loader
def _verification_failed(jwt_header, jwt_data):
    return _unauthorised("The token was refused.")


def answer_tokens_of_the_wrong_kind(app: Flask) -> None:
    """A refresh token where an access token is due, or the reverse, says which to send:
    Flask-JWT-Extended would hand its own words to the invalid-token answer."""

    @app.errorhandler(WrongTokenError)
    def wrong_kind(error):
        if policy_of(current_app, request.endpoint) == REFRESH_POLICY:
            return _unauthorised("Send the refresh token: an access token cannot refresh.")
        return _unauthorised("Send the access token: a refresh token only refreshes.")


def refresh_token_required(view):
    @wraps(view)
    def guarded(*args, **kwargs):
        verify_jwt_in_request(refresh=True)
        return view(*args, **kwargs)

    guarded.access_policy = REFRESH_POLICY
    return guarded


def any_token_required(view):
    """An access or a refresh token: signing out works with whichever the client still has."""

    @wraps(view)
    def guarded(*args, **kwargs):
        verify_jwt_in_request(verify_type=False)
        return view(*args, **kwargs)

    guarded.access_policy = "any token"
    return guarded
