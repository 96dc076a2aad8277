"""The caller's own inbox: notifications of issues, urgent concerns, responses and reports."""

from marshmallow import Schema, fields
from marshmallow.validate import Length

from api.framework.authorization import current_person, signed_in
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from icv.notifications import outbox

blp = Blueprint("notifications", __name__, url_prefix="/api/v1", description="Your inbox")


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    subject = fields.String()
    body = fields.String()
    link = fields.String(allow_none=True)
    visit_id = fields.String(allow_none=True)
    issue_id = fields.Integer(allow_none=True)
    created_at = fields.AwareDateTime()
    read_at = fields.AwareDateTime(allow_none=True)


class InboxQuerySchema(SyncQuerySchema):
    unread = fields.Boolean(load_default=False)


class MarkReadSchema(Schema):
    read_ids = fields.List(
        fields.Integer(strict=True),
        validate=Length(max=500),
        metadata={"description": "the messages to mark read; leave out to mark all"},
    )


class MarkedSchema(Schema):
    marked_read = fields.Integer()


# Examples for the OpenAPI document.
NOTIFICATION_EXAMPLE = {
    "id": 41,
    "kind": "issue_raised",
    "subject": "Issue raised at Riverside Custody Suite: healthcare",
    "body": (
        "Custody visitors raised an issue at Riverside Custody Suite on 14 July 2024 at 19:42."
        "\n\nCategory: healthcare\nRaised by: detainee\n\nAsked twice for his prescribed"
        " inhaler\n\nPlease acknowledge it and record the response.\n"
    ),
    "link": "/api/v1/issues/318",
    "visit_id": "5b0e7c52-3d1a-4f6e-9a43-2c8f1e6d7a90",
    "issue_id": 318,
    "created_at": "2024-07-14T20:31:41+00:00",
    "read_at": None,
}


@blp.route("/notifications", methods=["GET"])
@blp.conditional(sync=True)
@signed_in
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, NotificationSchema(many=True), example=[NOTIFICATION_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def inbox(args, pagination_parameters):
    """List your notifications.

    Newest first; `unread=true` for the unread only.
    """
    query = outbox.inbox_query(current_person().id, unread_only=args["unread"])
    return page_of(query, pagination_parameters, updated_since=args.get("updated_since"))


@blp.route("/notifications", methods=["POST"])
@signed_in
@blp.arguments(MarkReadSchema, example={"read_ids": [41, 42]})
@blp.response(200, MarkedSchema)
def mark_read(data):
    """Mark your notifications read.

    Those in `read_ids`, or all of them.
    """
    return {"marked_read": outbox.mark_read(current_person().id, data.get("read_ids"))}
