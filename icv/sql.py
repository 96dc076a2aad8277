"""SQL expressions that differ between SQLite and PostgreSQL, written once."""

from sqlalchemy import Float
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
