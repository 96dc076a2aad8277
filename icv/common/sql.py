"""SQL expressions that differ between SQLite and PostgreSQL, written once."""

from sqlalchemy import Float, Numeric, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class days_between(GenericFunction):  # noqa: N801 - used like a SQL function
    """`days_between(later, earlier)`: the days from one instant to the other, with fractions."""

    type = Float()
    inherit_cache = True


@compiles(days_between)
def _days_between_default(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"(EXTRACT(EPOCH FROM ({compiler.process(later, **kw)} - "
        f"{compiler.process(earlier, **kw)})) / 86400.0)"
    )


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}))"
    )


class seconds_between(GenericFunction):  # noqa: N801 - used like a SQL function
    """`seconds_between(later, earlier)`: whole seconds from one instant to the other."""

    type = Numeric()
    inherit_cache = True


@compiles(seconds_between)
def _seconds_between(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"ROUND(EXTRACT(EPOCH FROM ({later} - {earlier})))"


@compiles(seconds_between, "sqlite")
def _seconds_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400)"


class json_text(GenericFunction):  # noqa: N801 - used like a SQL function
    """`json_text(value)`: a JSON string as text, such as a `value` of `json_each` (SQLite gives
    it as text already; PostgreSQL as JSON)."""

    type = String()
    inherit_cache = True


@compiles(json_text)
def _json_text(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)} #>> '{{}}')"


@compiles(json_text, "sqlite")
def _json_text_sqlite(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


class json_member_text(GenericFunction):  # noqa: N801 - used like a SQL function
    """`json_member_text(value, name)`: the member `name` of a JSON object as text."""

    type = String()
    inherit_cache = True


@compiles(json_member_text)
def _json_member_text(element, compiler, **kw):
    value, name = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({value} ->> {name})"


@compiles(json_member_text, "sqlite")
def _json_member_text_sqlite(element, compiler, **kw):
    value, name = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"json_extract({value}, '$.' || {name})"
