"""Schema pieces shared by the resources."""

from datetime import date, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields
from marshmallow.validate import Length, Range


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


FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(LAST_YEAR, 12, 31)


def financial_year(**kwargs) -> fields.Integer:
    """A `year` parameter: financial year N is 1 April N to 31 March N+1 (2023 means 2023/24)."""
    kwargs.setdefault("metadata", {"description": "financial year: 2023 means 2023/24"})
    return fields.Integer(validate=Range(FIRST_YEAR, LAST_YEAR), **kwargs)


def in_calendar(value: date) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(f"Must be between {FIRST_DAY} and {LAST_DAY}.")


def calendar_date(*validators, **kwargs) -> fields.Date:
    """A date a request gives, from 1900 to 2100: a far-off day would overflow the date
    arithmetic done on it (a term's end, a year's bounds in UTC)."""
    return fields.Date(validate=[in_calendar, *validators], **kwargs)


NAIVE_TIME = "Add the UTC offset, e.g. 2024-05-01T14:00:00+01:00."


def aware_time(**kwargs) -> fields.AwareDateTime:
    """A time a request gives: with its UTC offset (a naive time is a 422 saying to add one),
    from 1900 to 2100."""
    error_messages = {"invalid_awareness": NAIVE_TIME, **kwargs.pop("error_messages", {})}
    return fields.AwareDateTime(validate=in_calendar, error_messages=error_messages, **kwargs)


# The OpenAPI schema of an answer that is a document as text (a report, a calendar feed).
TEXT_BODY = {"type": "string"}


class ProblemSchema(Schema):
    """RFC 9457 problem details, as every error is answered (for the OpenAPI document)."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class PlainRecords(fields.List):
    """A list of nested records whose fields are plain values (text, numbers, booleans, flat
    dicts), dumped straight from their attributes: what `List(Nested(schema))` dumps, without
    marshmallow's work per field, for the hundreds of entries a page of visits carries. The
    nested schema still describes the list in the OpenAPI document and loads request bodies."""

    def __init__(self, schema: type[Schema], **kwargs) -> None:
        super().__init__(fields.Nested(schema), **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        schema = self.inner.schema
        keys = [
            (field.data_key or name, field.attribute or name)
            for name, field in schema.dump_fields.items()
        ]
        return [{key: getattr(record, source) for key, source in keys} for record in value]


class WarningSchema(Schema):
    """Something a write kept but its writer should look at again (see
    `icv.visits.text_screening`): the field, by its path, and why."""

    field = fields.String(metadata={"example": "detainees.0.reason"})
    message = fields.String()
