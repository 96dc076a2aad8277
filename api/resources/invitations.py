"""Invitations: a manager (re)sends one; the invited person chooses their password with it."""

from marshmallow import Schema, fields
from marshmallow.validate import Length

from api.framework.authorization import allow, current_person, public
from api.framework.blueprint import Blueprint
from icv import visibility
from icv.common.passwords import MAX_LENGTH
from icv.people import invitations

blp = Blueprint("invitations", __name__, url_prefix="/api/v1", description="Invitations to sign in")


class SetPasswordByLinkSchema(Schema):
    token = fields.String(
        required=True,
        validate=Length(min=1, max=200),
        metadata={"description": "the last part of the emailed link"},
    )
    password = fields.String(required=True, load_only=True, validate=Length(max=MAX_LENGTH))


class InvitationSentSchema(Schema):
    expires_at = fields.AwareDateTime(metadata={"description": "when the new link stops working"})


class AccountEmailSchema(Schema):
    email = fields.String(metadata={"description": "the address to sign in with"})


SET_PASSWORD_EXAMPLE = {
    "token": "dGhpcyBpcyBub3QgYSByZWFsIHRva2VuIGJ1dCBsb29rcyBsaWtlIG9uZQ",
    "password": "a long passphrase of my own",
}


@blp.route("/people/<int:person_id>/invite", methods=["POST"])
@allow("manager")
@blp.response(202, InvitationSentSchema, example={"expires_at": "2024-09-05T09:30:00+00:00"})
def invite(person_id: int):
    """Send a person an invitation to choose their password.

    A new one-time link, valid for 72 hours, by email; the previous one stops working. Only for
    someone who can sign in (probation or active) and has no password yet (else a 409: they
    can use the forgotten-password link).
    """
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    return {"expires_at": invitations.send_again(person, manager)}


@blp.route("/auth/invitation/accept", methods=["POST"])
@public
@blp.doc(security=[])
@blp.arguments(SetPasswordByLinkSchema, example=SET_PASSWORD_EXAMPLE)
@blp.response(200, AccountEmailSchema, example={"email": "tom.ellis@example.org"})
def accept(data):
    """Accept an invitation: choose your password.

    `token` is the last part of the emailed link (`/#/invite/<token>`). The link works once;
    a used, expired or replaced one is a 422 naming `token`. Then sign in with the email
    returned and the new password.
    """
    person = invitations.accept(data["token"], data["password"])
    return {"email": person.email}
