"""National-scale data, straight into a PostgreSQL database: 40 schemes x 10 years at scale 1.

Drops and creates the database, builds the schema through the Alembic migrations, then loads
the rows of `bench.national` scheme by scheme with COPY (a progress bar counts the schemes),
sets the id sequences past the loaded ids and analyses the tables. Every person signs in with
the password `BENCH_PASSWORD`; each scheme's manager is `manager@scheme000.bench.example`
(then 001, 002, ...).

    .venv/bin/python bench/make_data.py [--scale 1] [--seed 1] [--url postgresql://...]

`--scale` multiplies the number of schemes (0.1: 4 schemes, 10: 400); at scale 1 the URL is
used as given (default $DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/icv_bench), at
other scales a sibling database named after the scale (icv_bench_x10, icv_bench_x0_1).
`--drop` drops the scale's database instead of loading it.
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from psycopg import sql  # noqa: E402
from tqdm import tqdm  # noqa: E402

from bench import database, national  # noqa: E402

BENCH_PASSWORD = "bench-password-for-every-person"  # noqa: S105 - bench data only


def copy_rows(connection: psycopg.Connection, rows: dict[str, list[tuple]]) -> None:
    """One COPY per table, parents first."""
    with connection.cursor() as cursor:
        for table, columns in national.COLUMNS.items():
            if not rows.get(table):
                continue
            statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with cursor.copy(statement) as copy:
                for row in rows[table]:
                    copy.write_row(row)


def reset_sequences(connection: psycopg.Connection) -> None:
    """Moves each serial id past the loaded ids, so the app's inserts get fresh ones."""
    for table, columns in national.COLUMNS.items():
        if columns[0] != "id" or table == "visit":
            continue
        connection.execute(
            sql.SQL(
                "SELECT setval(pg_get_serial_sequence({table}, 'id'), "
                "COALESCE((SELECT MAX(id) FROM {ident}), 0) + 1, false)"
            ).format(table=sql.Literal(table), ident=sql.Identifier(table))
        )


def load(url: str, scale: float, seed: int, *, quiet: bool = False) -> Counter:
    """Creates the database afresh and loads it; returns the rows loaded per table."""
    url = database.plain_url(url)
    database.recreate(url)
    database.migrate(url)
    password_hash = PasswordHasher().hash(BENCH_PASSWORD)
    ids = national.Ids()
    counts: Counter = Counter()
    schemes = national.schemes_at(scale)
    with psycopg.connect(url) as connection:
        connection.execute("SET synchronous_commit = off")
        for number in tqdm(range(schemes), unit="scheme", disable=quiet, desc="schemes"):
            generated = national.SchemeGenerator(number, seed, ids, password_hash).generate()
            copy_rows(connection, generated.rows)
            connection.commit()
            counts.update({table: len(rows) for table, rows in generated.rows.items()})
        reset_sequences(connection)
        connection.commit()
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
    database.set_label(url, database.label(scale, seed))
    return counts


def ensure_loaded(url: str, scale: float, seed: int = 1) -> str:
    """The URL of a database holding this scale and seed, loading it only when it does not."""
    target = database.url_for_scale(url, scale)
    if database.loaded_label(target) != database.label(scale, seed):
        print(f"loading scale {scale:g} into {database.database_name(target)} ...", flush=True)
        started = time.perf_counter()
        counts = load(target, scale, seed)
        print(summary(counts, time.perf_counter() - started), flush=True)
    return target


def summary(counts: Counter, seconds: float) -> str:
    shown = ("scheme", "person", "visit", "detainee_entry", "issue", "plan_item")
    figures = ", ".join(f"{table} {counts[table]:,}" for table in shown)
    return f"loaded in {seconds:.0f} s: {figures}; {sum(counts.values()):,} rows in all"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=database.base_url(), help="PostgreSQL URL (scale 1)")
    parser.add_argument("--scale", type=float, default=1.0, help="0.1, 1 or 10 (schemes x)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--drop", action="store_true", help="drop the scale's database and stop")
    arguments = parser.parse_args()
    target = database.url_for_scale(arguments.url, arguments.scale)
    if arguments.drop:
        database.drop(target)
        print(f"dropped {database.database_name(target)}")
        return 0
    print(f"{database.database_name(target)}: {national.schemes_at(arguments.scale)} schemes")
    started = time.perf_counter()
    counts = load(target, arguments.scale, arguments.seed)
    print(summary(counts, time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
