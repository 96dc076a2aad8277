"""Schema pieces shared by the resources."""

from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields
from marshmallow.validate import Length


class QuerySchema(Schema):
    """Query strings ignore parameters they do not know (bodies refuse them)."""

    class Meta:
        unknown = EXCLUDE


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


def a_monday(value: date) -> None:
    if value.weekday() != 0:
        raise ValidationError("Weeks start on a Monday: give a Monday.")


def text(max_length: int, **kwargs) -> fields.String:
    return fields.String(validate=[Length(max=max_length), not_blank], **kwargs)


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every error is answered (for the OpenAPI document)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
