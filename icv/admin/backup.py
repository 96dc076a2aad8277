"""Export one scheme's records as JSON lines, and restore them into an empty database.

The export is for backup and for subject-access requests: every row that belongs to the scheme,
table by table, parents before children, read in pages so memory stays flat. Which rows belong is
worked out from the schema itself: a table with a `scheme_id` is filtered on it; any other table
follows its foreign keys to a table already filtered. So a table added later is exported without
changing this module. Sign-in sessions are left out: they are secrets, not records.

Restoring writes the rows back with their ids into a database migrated to the same revision, in
the same order, then moves PostgreSQL's id sequences past the restored ids.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from sqlalchemy import Date, DateTime, Float, Integer, Numeric, Table, func, select, update
from sqlalchemy.sql.elements import ColumnElement

from icv.common.database import db
from icv.models import Scheme

FORMAT = "icv-scheme-export/1"
SKIPPED_TABLES = frozenset({"auth_session"})
PAGE = 1000


def _tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _scope(table: Table, scheme_id: int, scopes: dict[str, ColumnElement]) -> ColumnElement | None:
    """The condition for the table's rows that belong to the scheme, or None if none can."""
    if table.name == "scheme":
        return table.c.id == scheme_id
    if "scheme_id" in table.c:
        return table.c.scheme_id == scheme_id
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent is table or parent.name not in scopes or fk.parent.nullable:
            continue
        parent_rows = select(fk.column).where(scopes[parent.name])
        return fk.parent.in_(parent_rows)
    return None


def scheme_scopes(scheme_id: int) -> dict[str, ColumnElement]:
    scopes: dict[str, ColumnElement] = {}
    for table in _tables():
        condition = _scope(table, scheme_id, scopes)
        if condition is not None:
            scopes[table.name] = condition
    return scopes


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def export_rows(scheme_id: int) -> Iterator[dict]:
    """Every row of the scheme as {"table", "row"}, after a header line."""
    scheme = db.session.get(Scheme, scheme_id)
    if scheme is None:
        raise LookupError(f"no scheme {scheme_id}")
    yield {"format": FORMAT, "scheme_id": scheme_id, "scheme": scheme.name}
    for table in _tables():
        condition = scheme_scopes(scheme_id).get(table.name)
        if condition is None:
            continue
        order = list(table.primary_key.columns)
        offset = 0
        while True:
            page = db.session.execute(
                select(table).where(condition).order_by(*order).limit(PAGE).offset(offset)
            ).mappings()
            rows = [{key: _plain(value) for key, value in row.items()} for row in page]
            yield from ({"table": table.name, "row": row} for row in rows)
            if len(rows) < PAGE:
                break
            offset += PAGE


def write_export(scheme_id: int, out: IO[str]) -> int:
    count = 0
    for line in export_rows(scheme_id):
        out.write(json.dumps(line, sort_keys=True) + "\n")
        count += 1
    return count - 1


def _parser(column):
    """How to read a column's exported text back: instants, days and decimals; else as is."""
    column_type = getattr(column.type, "impl_instance", column.type)  # through TypeDecorators
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, Date):
        return date.fromisoformat
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        return Decimal
    return None


def _typed(table: Table, row: dict) -> dict:
    """Turns exported text back into the column's Python type (dates, times, decimals)."""
    typed = {}
    for key, value in row.items():
        parse = _parser(table.c[key])
        typed[key] = parse(value) if parse and value is not None else value
    return typed


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def restore(lines: IO[str]) -> dict[str, int]:
    """Writes an export into this (empty) database in one transaction; returns rows per table.

    A table that points at itself (a volunteer's buddy) is written without those links first,
    then they are set, so the order of rows does not matter.
    """
    header = json.loads(next(lines))
    if header.get("format") != FORMAT:
        raise ValueError("not an export of this system")
    if db.session.scalar(select(func.count()).select_from(Scheme)):
        raise ValueError("the database already holds schemes: restore into an empty one")
    tables = {table.name: table for table in _tables()}
    counts: dict[str, int] = {}
    deferred: list[tuple[Table, dict, dict]] = []
    for line in lines:
        item = json.loads(line)
        table = tables[item["table"]]
        row = _typed(table, item["row"])
        links = {key: row[key] for key in _self_references(table) if row.get(key) is not None}
        db.session.execute(table.insert().values({**row, **dict.fromkeys(links)}))
        if links:
            deferred.append((table, row, links))
        counts[table.name] = counts.get(table.name, 0) + 1
    for table, row, links in deferred:
        key = {column.name: row[column.name] for column in table.primary_key.columns}
        condition = [table.c[name] == value for name, value in key.items()]
        db.session.execute(update(table).where(*condition).values(links))
    _advance_sequences(tables.values())
    db.session.commit()
    return counts


def _advance_sequences(tables) -> None:
    """PostgreSQL hands out ids from sequences: move each past the ids restored."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        highest = select(func.max(keys[0])).scalar_subquery()
        db.session.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, keys[0].name),
                    func.coalesce(highest, 0) + 1,
                    False,
                )
            )
        )
