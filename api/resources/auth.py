"""Signing in and out, refreshing the access token, and the caller's own record (`/me`)."""

from flask import abort, current_app
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    decode_token,
    get_jwt,
)
from flask_limiter.util import get_remote_address
from marshmallow import Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length
from werkzeug.exceptions import Unauthorized

from api.framework.attempts import Attempts
from api.framework.authorization import (
    any_token_required,
    current_person,
    public,
    refresh_token_required,
    signed_in,
)
from api.framework.blueprint import Blueprint
from api.framework.errors import problem
from api.framework.etags import check_if_match, with_etag
from api.framework.schemas import text
from api.resources.people import PERSON_EXAMPLE, PersonSchema, record_for
from icv.common.passwords import MAX_LENGTH, MIN_LENGTH
from icv.models import Person, utcnow
from icv.people import accounts, people, second_factor, step_up

SECOND_FACTOR_REQUIRED = "tag:icv,2026:second-factor-required"

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign in and tokens")


class LoginSchema(Schema):
    email = fields.String(required=True)
    password = fields.String(required=True, load_only=True)
    code = fields.String(
        load_only=True,
        validate=Length(max=64),
        metadata={
            "description": "with a second factor: the authenticator app's code, or a recovery code"
        },
    )


class SecondFactorStatusSchema(Schema):
    enrolled = fields.Boolean(metadata={"description": "signing in needs a code"})
    required = fields.Boolean(
        metadata={"description": "the scheme requires one of the person: enrol if not enrolled"}
    )
    recovery_codes_left = fields.Integer()


class TokenPairSchema(Schema):
    access_token = fields.String()
    refresh_token = fields.String()
    user = fields.Nested(PersonSchema)
    second_factor = fields.Nested(SecondFactorStatusSchema)


class ConfirmSchema(Schema):
    """Either the password or a code."""

    password = fields.String(load_only=True, validate=Length(max=MAX_LENGTH))
    code = fields.String(load_only=True, validate=Length(max=64))

    @validates_schema
    def one_proof(self, data, **kwargs):
        if ("password" in data) == ("code" in data):
            raise ValidationError("Send either `password` or `code`.", field_name="password")


class ConfirmedSchema(Schema):
    confirmed_until = fields.AwareDateTime(
        metadata={"description": "sensitive changes are allowed until then"}
    )


class AccessTokenSchema(Schema):
    access_token = fields.String()
    refresh_token = fields.String(metadata={"description": "replaces the one sent: use it next"})


class OwnDetailsSchema(Schema):
    """What anyone may correct of their own record. Anything else is a 422."""

    name = text(200)
    email = fields.Email(validate=Length(max=254))
    password = fields.String(load_only=True, validate=Length(MIN_LENGTH, MAX_LENGTH))
    current_password = fields.String(load_only=True, validate=Length(max=MAX_LENGTH))


# Examples for the OpenAPI document: the demo manager's sign-in (`icv demo`), so that the
# interactive docs can sign in as it.
LOGIN_EXAMPLE = {"email": "manager@demo.example", "password": "demo-manager"}
TOKENS_EXAMPLE = {
    "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMiJ9.3q2-7wXy0bQe",
    "refresh_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMiJ9.Vb8kq1nP5sRd",
}
SECOND_FACTOR_STATUS_EXAMPLE = {"enrolled": False, "required": False, "recovery_codes_left": 0}
OWN_DETAILS_EXAMPLE = {
    "email": "priya.shah@example.org",
    "password": "a new and longer passphrase",
    "current_password": "the passphrase I use now",
}


def _sign_in_attempts(email: str) -> Attempts:
    return Attempts(
        ("ICV_LOGIN_LIMIT", ("login-email", accounts.normalise_email(email))),
        ("ICV_LOGIN_IP_LIMIT", ("login-address", get_remote_address())),
    )


def _refresh_token(person: Person, session_id: str) -> str:
    return create_refresh_token(identity=str(person.id), additional_claims={"sid": session_id})


def _access_token(person: Person, session_id: str) -> str:
    return create_access_token(
        identity=str(person.id),
        additional_claims={"sid": session_id, "scheme": person.scheme_id, "roles": person.roles},
    )


@blp.route("/auth/login", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(LoginSchema, example=LOGIN_EXAMPLE)
@blp.response(
    200,
    TokenPairSchema,
    example={
        **TOKENS_EXAMPLE,
        "user": PERSON_EXAMPLE,
        "second_factor": SECOND_FACTOR_STATUS_EXAMPLE,
    },
)
def login(credentials):
    """Sign in with an email address and password.

    Unknown email and wrong password get the same 401; repeated failures a 429. Someone with a
    second factor also sends `code` (the authenticator app's code, or a recovery code): without
    it, or with a wrong one, the answer is a 401 of type `tag:icv,2026:second-factor-required`.
    `second_factor.required` without `enrolled`: the scheme requires this manager to set up an
    authenticator app (`POST /me/second-factor`); until then sensitive changes are refused.
    """
    attempts = _sign_in_attempts(credentials["email"])
    attempts.take()
    try:
        person = accounts.authenticate(credentials["email"], credentials["password"])
    except Exception:
        attempts.give_back()  # not a wrong guess: the database could not answer
        raise
    if person is None:
        raise Unauthorized("The email or password is not right.")
    if second_factor.is_enrolled(person):
        code = credentials.get("code")
        if not code:  # the password was right: not a wrong guess
            attempts.give_back()
            _second_factor_refused(
                "Give the code from your authenticator app (or a recovery code) as `code`."
            )
        try:
            accepted = second_factor.verify(person, code)
        except Exception:
            attempts.give_back()
            raise
        if not accepted:  # a wrong guess: it keeps its place in the limits
            _second_factor_refused("The code is not right, or was already used.")
    attempts.give_back()
    session_id = accounts.new_session_id()
    refresh_token = _refresh_token(person, session_id)
    accounts.open_session(
        person,
        current_app.config["JWT_REFRESH_TOKEN_EXPIRES"],
        session_id,
        decode_token(refresh_token)["jti"],
    )
    return {
        "access_token": _access_token(person, session_id),
        "refresh_token": refresh_token,
        "user": record_for(person, person),
        "second_factor": second_factor.status(person),
    }


def _second_factor_refused(detail: str):
    abort(
        problem(
            401,
            detail,
            errors={"code": [detail]},
            extensions={"type": SECOND_FACTOR_REQUIRED},
        )
    )


@blp.route("/auth/confirm", methods=["POST"])
@signed_in
@blp.arguments(ConfirmSchema, example={"password": "demo-manager"})
@blp.response(200, ConfirmedSchema, example={"confirmed_until": "2024-09-02T10:05:00+00:00"})
def confirm(proof):
    """Confirm it is you, before a sensitive change.

    Send your `password`, or a `code` from your authenticator app (or a recovery code). For the
    next 5 minutes this sign-in may make the changes that need it (creating or promoting a
    manager, changing someone else's email, removing someone's second factor, scheme-wide
    settings). Wrong answers count like failed sign-ins (429 when too many).
    """
    person = current_person()
    attempts = Attempts(("ICV_LOGIN_LIMIT", ("confirm", str(person.id))))
    attempts.take()
    step_up.confirm(
        person, get_jwt()["sid"], password=proof.get("password"), code=proof.get("code")
    )
    attempts.give_back()
    return {"confirmed_until": utcnow() + step_up.CONFIRMATION_LASTS}


@blp.route("/auth/refresh", methods=["POST"])
@refresh_token_required
@blp.response(200, AccessTokenSchema, example=TOKENS_EXAMPLE)
def refresh():
    """Swap the refresh token for a new access token and refresh token.

    Send the refresh token as the bearer token. Each refresh token works once, and one used
    twice ends the sign-in (it was copied).
    """
    person, claims = current_person(), get_jwt()
    refresh_token = _refresh_token(person, claims["sid"])
    if not accounts.rotate_refresh(
        claims["sid"], claims["jti"], decode_token(refresh_token)["jti"]
    ):
        raise Unauthorized("This refresh token was already used: sign in again.")
    return {"access_token": _access_token(person, claims["sid"]), "refresh_token": refresh_token}


@blp.route("/auth/logout", methods=["POST"])
@any_token_required
@blp.response(204)
def logout():
    """Sign out.

    Ends the sign-in: its access and refresh tokens both stop working at once.
    """
    accounts.revoke_session(get_jwt()["sid"])
    return None


@blp.route("/me", methods=["GET"])
@signed_in
@blp.response(200, PersonSchema, example=PERSON_EXAMPLE)
def me():
    """Read your own record.

    Without the fields only a manager sees, for non-managers.
    """
    person = current_person()
    return with_etag(person, record_for(person, person))


@blp.route("/me", methods=["PATCH"])
@signed_in
@blp.arguments(OwnDetailsSchema, example=OWN_DETAILS_EXAMPLE)
@blp.response(200, PersonSchema)
def correct_own_details(changes):
    """Correct your own name, email or password.

    A new `password` needs `current_password`, and signs out your other sessions. Refused
    attempts count like failed sign-ins (429 when too many).
    """
    person = current_person()
    check_if_match(person)
    attempts = Attempts(("ICV_LOGIN_LIMIT", ("own-password", str(person.id))))
    if "current_password" in changes:
        attempts.take()
    try:
        person = people.correct_own_details(person, changes, keep_session_id=get_jwt()["sid"])
    except Exception as refusal:
        if "current_password" not in (getattr(refusal, "errors", None) or {}):
            attempts.give_back()
        raise
    attempts.give_back()
    return with_etag(person, record_for(person, person))
