"""The small pager for SQLAlchemy 2 `select()` that flask-smorest's `paginate()` leaves to us,
and the validator of each list it pages.

Views decorated with `@blp.paginate(**PAGE_SIZES)` pass their query here; flask-smorest then
writes the X-Pagination header from the item count set on the parameters.

A list's validator (a weak ETag) is computed in the same statement as its count, from the
caller's own slice: the count of the rows the caller may see under the query, the newest change
among them (and among what each listed record carries, `CARRIED_CHANGES`), the caller (and
their version, which moves when their roles or sites do), the endpoint and the query string.
Nothing is loaded to hash it. A change the caller can see changes it; a change they cannot see
may change it too (a new validator costs one full answer). `If-None-Match` with the current
validator answers 304 before the page is read.
"""

import hashlib
from datetime import datetime

from flask import Response, abort, after_this_request, request
from sqlalchemy import Select, func, select, true

from api.framework import sync
from api.framework.authorization import current_person
from api.framework.etags import _tags
from api.framework.schemas import QuerySchema, aware_time
from icv.common.database import db
from icv.models import Issue, PlanItem, PlanItemVisitor


class SyncQuerySchema(QuerySchema):
    """A list's query string, with `updated_since` for a phone's delta sync."""

    updated_since = aware_time(
        metadata={"description": "only what changed after this time; X-Sync says what left"}
    )


PAGE_SIZES = {"page_size": 20, "max_page_size": 100}
# The columns whose newest value (and count of values) marks a change of a listed row.
CHANGE_COLUMNS = ("updated_at", "created_at", "read_at", "version")


def _carried_issues(ids) -> Select:
    return select(func.max(Issue.updated_at), func.count(Issue.id)).where(Issue.visit_id.in_(ids))


def _carried_plan_items(ids) -> Select:
    items = PlanItem.plan_id.in_(ids)
    answers = PlanItemVisitor.plan_item_id.in_(select(PlanItem.id).where(items))
    responded = select(func.max(PlanItemVisitor.responded_at)).where(answers).scalar_subquery()
    return select(func.max(PlanItem.updated_at), responded).where(items)


# What a listed record shows of other rows whose changes leave its own row as it was: a visit
# shows its issues' status, a plan its items and their answers. Each is one row, read in one pass
# over what is carried.
CARRIED_CHANGES = {"visit": _carried_issues, "plan": _carried_plan_items}


def page_of(
    query: Select,
    pagination_parameters,
    *,
    updated_since: datetime | None = None,
    kind: str | None = None,
) -> list:
    """A page of `query`; with `updated_since`, of what changed since, with what left the
    caller's list of `kind` since in the X-Sync header (`api.framework.sync`)."""
    if updated_since is not None:
        query = sync.changed_since(query, updated_since)
        sync.announce_removed(kind or _table_of(query), updated_since)
    listed = _change_columns_of(query).order_by(None).cte("listed")
    marks = [
        aggregate(column)
        for name in CHANGE_COLUMNS
        if (column := listed.c.get(name)) is not None
        for aggregate in (func.max, func.count)
    ]
    statement = select(func.count(), *marks).select_from(listed)
    carried = CARRIED_CHANGES.get(_table_of(query))
    if carried is not None:
        extra = carried(select(listed.c.id).scalar_subquery()).subquery("carried")
        statement = statement.add_columns(*map(func.max, extra.c)).join(extra, true())
    total, *changes = db.session.execute(statement).one()
    answer_unless_modified(list_validator(total, *changes))
    pagination_parameters.item_count = total
    return list(
        db.session.scalars(
            query.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)
        )
    )


def page_of_list(items: list, pagination_parameters) -> list:
    """A page of a list computed in full (a short one, such as a year's milestones)."""
    pagination_parameters.item_count = len(items)
    first = pagination_parameters.first_item
    return items[first : first + pagination_parameters.page_size]


def list_validator(*marks) -> str:
    """A weak ETag of the caller's slice as `marks` describe it, for this endpoint and query."""
    caller = current_person()
    seen = [
        request.endpoint,
        caller.id if caller else None,
        caller.version if caller else None,
        sorted(request.args.items(multi=True)),
        *marks,
    ]
    digest = hashlib.sha256(repr(seen).encode()).hexdigest()[:32]
    return f'W/"list-{digest}"'


def answer_unless_modified(etag: str) -> None:
    """A 304 when the client's copy is current; else the answer carries the validator."""
    header = request.headers.get("If-None-Match")
    if header and etag.removeprefix("W/") in _tags(header):
        abort(Response(status=304, headers={"ETag": etag}))

    @after_this_request
    def carry_validator(response):
        if response.status_code == 200:
            response.headers["ETag"] = etag
        return response


def _change_columns_of(query: Select) -> Select:
    """The list narrowed to the columns its validator reads: the statement then reads no wide
    column (JSON, text) of the rows it counts."""
    descriptions = query.column_descriptions
    table = getattr(descriptions[0].get("entity"), "__table__", None) if descriptions else None
    if len(descriptions) != 1 or table is None or "id" not in table.c:
        return query
    names = ["id", *(name for name in CHANGE_COLUMNS if name in table.c)]
    return query.with_only_columns(*(table.c[name] for name in names), maintain_column_froms=True)


def _table_of(query: Select) -> str | None:
    entity = query.column_descriptions[0].get("entity") if query.column_descriptions else None
    return getattr(entity, "__tablename__", None)
