"""`GET /health`: up, and the database answers."""

from marshmallow import Schema, fields
from sqlalchemy import text

from api.framework.authorization import public
from api.framework.blueprint import Blueprint
from api.framework.errors import RETRY_AFTER_SECONDS, problem, rollback_quietly
from icv.common.database import db

blp = Blueprint("health", __name__, description="Liveness with a database check")


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


@blp.route("/health", methods=["GET"])
@public
@blp.doc(security=[])
@blp.response(200, HealthSchema, example={"status": "ok", "database": "ok"})
def health():
    """Check that the service is up and its database answers.

    A 503 problem, with `Retry-After`, while the database does not answer.
    """
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        rollback_quietly()
        return problem(
            503,
            "The database does not answer.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
    return {"status": "ok", "database": "ok"}
