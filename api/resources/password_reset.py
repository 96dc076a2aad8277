"""A forgotten password: ask for a link by email, then choose a new password with it."""

from flask_limiter.util import get_remote_address
from marshmallow import Schema, fields
from marshmallow.validate import Length

from api.framework.attempts import Attempts
from api.framework.authorization import public
from api.framework.blueprint import Blueprint
from api.resources.invitations import (
    SET_PASSWORD_EXAMPLE,
    AccountEmailSchema,
    SetPasswordByLinkSchema,
)
from icv.people import accounts, password_reset

blp = Blueprint("password_reset", __name__, url_prefix="/api/v1", description="Forgotten passwords")


class ResetRequestSchema(Schema):
    email = fields.String(required=True, validate=Length(min=1, max=254))


class ResetRequestedSchema(Schema):
    detail = fields.String()


REQUESTED = {
    "detail": "If this email belongs to someone who can sign in, a link to choose a new "
    "password is on its way. It works once, within an hour."
}


@blp.route("/auth/password-reset", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(ResetRequestSchema, example={"email": "priya.shah@example.org"})
@blp.response(202, ResetRequestedSchema, example=REQUESTED)
def request_reset(data):
    """Ask for a link to choose a new password.

    Always the same 202, whether or not the email is known. Limited per email address and
    per client address (`ICV_RESET_LIMIT`, `ICV_RESET_IP_LIMIT`): a 429 when over.
    """
    Attempts(
        ("ICV_RESET_LIMIT", ("reset-email", accounts.normalise_email(data["email"]))),
        ("ICV_RESET_IP_LIMIT", ("reset-address", get_remote_address())),
    ).take()
    password_reset.request_reset(data["email"])
    return REQUESTED


@blp.route("/auth/password-reset/confirm", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(SetPasswordByLinkSchema, example=SET_PASSWORD_EXAMPLE)
@blp.response(200, AccountEmailSchema, example={"email": "priya.shah@example.org"})
def confirm_reset(data):
    """Choose a new password with the emailed link.

    `token` is the last part of the link (`/#/reset/<token>`). Every sign-in of the person
    ends, and they are told by email. A used, expired or replaced link is a 422 naming `token`.
    A second factor stays: signing in still needs the code.
    """
    person = password_reset.reset(data["token"], data["password"])
    return {"email": person.email}
