"""Writing the demo's thousands of rows quickly, through the same domain functions as the API.

Each domain function commits its own transaction, and after a commit the session would reload
every object it holds the next time one is read; on SQLite each commit also waits for the disk.
While the demo loads, the session keeps its objects as written (nothing else writes to the
database meanwhile) and SQLite syncs at checkpoints rather than on each commit
(`synchronous=NORMAL`, safe in WAL mode: a crash can lose only the last transactions, of a
demo that is loaded again).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from icv.common.database import db


@contextmanager
def bulk_loading() -> Iterator[None]:
    session = db.session()
    on_sqlite = session.get_bind().dialect.name == "sqlite"
    expire_on_commit = session.expire_on_commit
    session.expire_on_commit = False
    if on_sqlite:
        previous = session.execute(text("PRAGMA synchronous")).scalar()
        session.execute(text("PRAGMA synchronous=NORMAL"))
    try:
        yield
    finally:
        session.expire_on_commit = expire_on_commit
        if on_sqlite:
            session.rollback()
            session.execute(text(f"PRAGMA synchronous={int(previous)}"))
            session.commit()
        session.expire_all()
