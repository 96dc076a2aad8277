"""Step-up for the most sensitive changes (see `icv.people.step_up`): a view, or a branch of
one, that needs the caller to have proved who they are within the last five minutes.

    @blp.route("/scheme", methods=["PATCH"])
    @allow("manager")
    @require_recent_confirmation
    def change_scheme(...): ...

or, when only some requests need it, `check_recent_confirmation()` in the view. Refused: a 403
problem of type `CONFIRMATION_REQUIRED` saying what to do (`POST /auth/confirm`), or of type
`SECOND_FACTOR_ENROLMENT_REQUIRED` for a manager whose scheme requires a second factor they
have not set up.
"""

from functools import wraps

from flask import abort
from flask_jwt_extended import get_jwt

from api.framework.authorization import current_person
from api.framework.errors import problem
from icv.people import second_factor, step_up

CONFIRMATION_REQUIRED = "tag:icv,2026:confirmation-required"
SECOND_FACTOR_ENROLMENT_REQUIRED = "tag:icv,2026:second-factor-enrolment-required"
CONFIRM_FIRST = (
    "This change needs you to confirm it is you: send your password or a code from your "
    "authenticator app to POST /api/v1/auth/confirm, then try again within 5 minutes."
)


def check_recent_confirmation(*, even_without_second_factor: bool = False) -> None:
    """Aborts with a 403 problem unless the caller's sign-in was confirmed recently (and, where
    their scheme requires it, they have a second factor; `even_without_second_factor` for
    setting one up)."""
    person = current_person()
    if (
        not even_without_second_factor
        and second_factor.is_required(person)
        and not second_factor.is_enrolled(person)
    ):
        abort(
            problem(
                403,
                "Your scheme requires managers to use an authenticator app: set one up "
                "(POST /api/v1/me/second-factor) before making this change.",
                extensions={"type": SECOND_FACTOR_ENROLMENT_REQUIRED},
            )
        )
    if not step_up.confirmed_recently(get_jwt().get("sid")):
        abort(problem(403, CONFIRM_FIRST, extensions={"type": CONFIRMATION_REQUIRED}))


def require_recent_confirmation(view):
    """Place under the access policy (`allow(...)`): the caller is known by then."""

    @wraps(view)
    def guarded(*args, **kwargs):
        check_recent_confirmation()
        return view(*args, **kwargs)

    return guarded
