"""The audit trail of the manager's scheme, newest first."""

from marshmallow import Schema, fields
from marshmallow.validate import Length

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import QuerySchema
from icv.common import audit

blp = Blueprint("audit", __name__, url_prefix="/api/v1", description="Who changed what")


class AuditEventSchema(Schema):
    id = fields.Integer()
    actor_id = fields.Integer(allow_none=True)
    entity = fields.String()
    entity_id = fields.String()
    action = fields.String()
    changes = fields.Dict()
    reason = fields.String(allow_none=True)
    at = fields.DateTime()


class AuditQuerySchema(QuerySchema):
    entity = fields.String(validate=Length(max=40))
    entity_id = fields.String(validate=Length(max=64))


# Examples for the OpenAPI document.
AUDIT_EVENT_EXAMPLE = {
    "id": 1650,
    "actor_id": 1,
    "entity": "person",
    "entity_id": "21",
    "action": "update",
    "changes": {
        "status": ["active", "left"],
        "left_on": [None, "2023-12-30"],
        "leave_reason": [None, "New caring responsibilities"],
    },
    "reason": None,
    "at": "2024-01-02T10:41:07+00:00",
}


@blp.route("/audit", methods=["GET"])
@blp.conditional()
@allow("manager")
@blp.arguments(AuditQuerySchema, location="query")
@blp.response(200, AuditEventSchema(many=True), example=[AUDIT_EVENT_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_audit_events(filters, pagination_parameters):
    """List the scheme's audit trail, newest first.

    Filter by `entity` (person, site, ...) and `entity_id`.
    """
    query = audit.events_query(current_person().scheme_id, **filters)
    return page_of(query, pagination_parameters)
