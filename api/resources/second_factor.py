"""The caller's second factor (an authenticator app), and a manager removing someone's."""

from marshmallow import Schema, fields
from marshmallow.validate import Length

from api.framework.authorization import allow, current_person, signed_in
from api.framework.blueprint import Blueprint
from api.framework.step_up import check_recent_confirmation, require_recent_confirmation
from api.resources.auth import SECOND_FACTOR_STATUS_EXAMPLE, SecondFactorStatusSchema
from icv import visibility
from icv.people import second_factor

blp = Blueprint("second_factor", __name__, url_prefix="/api/v1", description="Second factor (TOTP)")


class EnrolmentSchema(Schema):
    secret = fields.String(metadata={"description": "base32, to type into the app by hand"})
    otpauth_uri = fields.String(metadata={"description": "what the QR code holds"})
    qr_svg = fields.String(metadata={"description": "the QR code, an SVG data: URI"})


class CodeSchema(Schema):
    code = fields.String(required=True, validate=Length(min=1, max=64))


class RecoveryCodesSchema(Schema):
    recovery_codes = fields.List(
        fields.String(), metadata={"description": "shown this once: each works once"}
    )


ENROLMENT_EXAMPLE = {
    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth_uri": "otpauth://totp/Northshire%20ICV:manager%40northshire.example"
    "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Northshire%20ICV",
    "qr_svg": "data:image/svg+xml;charset=utf-8,%3Csvg%20xmlns%3D%27http%3A%2F%2Fwww.w3.org"
    "%2F2000%2Fsvg%27%20...%3C%2Fsvg%3E",
}
RECOVERY_CODES_EXAMPLE = {
    "recovery_codes": [f"{a}-{b}-{c}-{d}" for a, b, c, d in [("k3v9", "q2md", "x7pa", "r4tz")] * 10]
}


@blp.route("/me/second-factor", methods=["GET"])
@signed_in
@blp.response(200, SecondFactorStatusSchema, example=SECOND_FACTOR_STATUS_EXAMPLE)
def own_status():
    """Read whether you use a second factor.

    Also whether your scheme requires one of you, and how many recovery codes you have left.
    """
    return second_factor.status(current_person())


@blp.route("/me/second-factor", methods=["POST"])
@signed_in
@blp.response(201, EnrolmentSchema, example=ENROLMENT_EXAMPLE)
def enrol():
    """Start setting up an authenticator app.

    Scan the QR code (or type the secret) into the app, then send its first code to
    `POST /me/second-factor/confirm`. Needs a recent confirmation (signing in, or
    `POST /auth/confirm`, within 5 minutes): a borrowed access token must not be able to lock
    you out. Starting again replaces a set-up not yet confirmed; one in use is a 409.
    """
    check_recent_confirmation(even_without_second_factor=True)
    return second_factor.enrol(current_person())


@blp.route("/me/second-factor/confirm", methods=["POST"])
@signed_in
@blp.arguments(CodeSchema, example={"code": "492039"})
@blp.response(200, RecoveryCodesSchema, example=RECOVERY_CODES_EXAMPLE)
def confirm(data):
    """Put the authenticator app in force with its first code.

    Answers ten recovery codes, shown this once: each works once instead of a code, when the
    phone is lost. From now on signing in needs a code. A wrong code is a 422 naming `code`.
    """
    return {"recovery_codes": second_factor.confirm(current_person(), data["code"])}


@blp.route("/me/second-factor/recovery-codes", methods=["POST"])
@signed_in
@require_recent_confirmation
@blp.response(201, RecoveryCodesSchema, example=RECOVERY_CODES_EXAMPLE)
def replace_recovery_codes():
    """Replace your recovery codes with ten new ones.

    Shown this once; the old ones stop working (used up, lost, or seen by someone else).
    Needs a recent confirmation (`POST /auth/confirm`); a 409 without an authenticator app in
    force.
    """
    return {"recovery_codes": second_factor.replace_recovery_codes(current_person())}


@blp.route("/me/second-factor", methods=["DELETE"])
@signed_in
@require_recent_confirmation
@blp.response(204)
def remove_own():
    """Stop using your authenticator app.

    Its recovery codes go with it. Needs a recent confirmation (`POST /auth/confirm`).
    """
    person = current_person()
    second_factor.remove(person, person)


@blp.route("/people/<int:person_id>/second-factor", methods=["DELETE"])
@allow("manager")
@blp.response(204)
def remove(person_id: int):
    """Remove someone's second factor (a lost phone).

    They sign in with their password alone until they set one up again, and are told by
    email. Needs a recent confirmation of the manager (`POST /auth/confirm`); a 409 when they
    have none.
    """
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    check_recent_confirmation()
    second_factor.remove(person, manager)
