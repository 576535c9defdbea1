"""Secondary indexes set aside while a big import writes, and built once at its end.

SQLite updates every index of a table row by row: a mailbox's 340,000 participants each
land at a random place of the person index, and the interactions' indexes cost as much as
their rows (1 GB mailbox: 2.5 CPU-s of inserts, 1.7 s with the indexes built afterwards from
sorted data). Only worth it when an import brings about as many rows as the table holds
already, and only inside the import's transaction: a failed import rolls the DROP back with
the rows. Unique indexes stay, because the import relies on them to find what is stored.
PostgreSQL is left alone: DROP INDEX would lock out every reader until the import commits.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

__all__ = ["DeferredIndexes"]

# Rebuilding costs about a third of what maintaining costs per row, over all rows of the
# table (measured on the 1 GB benchmark mailbox): defer when new rows reach half the old ones.
_WORTH = 0.5
_SORT_RUN_KIB = -2048  # cache_size while indexes are built (negative: KiB)


class DeferredIndexes:
    """Drops the non-unique indexes of the tables of `written` once an import is known to be
    big enough, and recreates them, with the SQL that made them, on `restore`."""

    def __init__(self, written: Sequence[type[models.Model]]) -> None:
        self.tables = [model._meta.db_table for model in written]
        self.dropped: list[str] = []
        self.decided = connection.vendor != "sqlite"

    def consider(self, expected_rows: int) -> None:
        """Defer if `expected_rows` new rows of the first table are coming; decided once."""
        if self.decided or expected_rows <= 0:
            return
        if not connection.in_atomic_block:
            raise RuntimeError("indexes are deferred only inside the import's transaction")
        self.decided = True  # on the first part that brings rows
        with connection.cursor() as cursor:
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT max(rowid) FROM {quote(self.tables[0])}")  # noqa: S608
            stored = cursor.fetchone()[0] or 0
            if expected_rows < stored * _WORTH:
                return
            marks = ", ".join(["%s"] * len(self.tables))
            listed = f"SELECT name, sql FROM sqlite_master WHERE tbl_name IN ({marks})"  # noqa: S608
            cursor.execute(f"{listed} AND type = 'index' AND sql IS NOT NULL", self.tables)
            # constraint indexes (UNIQUE in CREATE TABLE) have no sql and are never listed
            found = [(name, sql) for name, sql in cursor.fetchall() if not _unique(sql)]
            for name, sql in found:
                cursor.execute(f"DROP INDEX {quote(name)}")
                self.dropped.append(sql)

    def restore(self) -> None:
        """Build the dropped indexes again (in the same transaction). SQLite sorts the keys
        in runs as large as its page cache, then merges them: runs of 2 MiB, which stay in
        the CPU's cache, sort faster than one of 16 MiB (1 GB mailbox: 0.22 -> 0.20 s)."""
        if not self.dropped:
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (cache_size,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {_SORT_RUN_KIB}")
            try:
                for sql in self.dropped:
                    cursor.execute(sql)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")
        self.dropped = []


def _unique(sql: str) -> bool:
    return sql.lstrip()[:13].upper() == "CREATE UNIQUE"
