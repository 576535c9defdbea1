"""Plain multi-row INSERTs for imports: one tuple per row, not one ORM object per row.

A mailbox or a LinkedIn export brings hundreds of thousands of rows; building a Django
model instance for each cost most of an import's time (measured on a 48,000-connection
export: 27 s in all, 15 s of it in `bulk_create`). Values are adapted with the model
fields' own `get_db_prep_save`, so what is stored is exactly what Django would store, on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from django.db import connection, models

Adapter = Callable[[Any], Any]
MAX_PARAMETERS = 30_000  # SQLite allows 32,766 bound parameters per statement
# Preparing a statement of a few thousand rows costs ten times running it: short ones,
# prepared once and reused, cost the least (1 GB mailbox import, main process: -10%).
ROWS_PER_STATEMENT = 256

_PASS_THROUGH = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
    models.ForeignKey,
)


def _adapters(model: type[models.Model], columns: Sequence[str]) -> list[tuple[int, Adapter]]:
    """(position, adapter) for the columns whose values need adapting; others pass as they are."""
    adapters: list[tuple[int, Adapter]] = []
    for position, column in enumerate(columns):
        field = model._meta.get_field(column.removesuffix("_id"))
        if isinstance(field, _PASS_THROUGH):
            continue
        if isinstance(field, models.DateTimeField):  # timezone-aware values only
            if connection.vendor != "sqlite":
                continue  # psycopg sends aware datetimes as they are, as Django does
            adapters.append((position, _sqlite_datetime))
        elif isinstance(field, models.DateField):
            adapters.append((position, connection.ops.adapt_datefield_value))
        elif _plain_json(field):
            adapters.append((position, _json_adapter(field)))
        else:
            adapters.append(
                (position, lambda value, field=field: field.get_db_prep_save(value, connection))
            )
    return adapters


def _plain_json(field: models.Field[Any, Any]) -> bool:
    """A JSONField whose adaptation is Django's own: no subclass changes how values are saved."""
    kind = type(field)
    return (
        isinstance(field, models.JSONField)
        and kind.get_db_prep_save is models.JSONField.get_db_prep_save
        and kind.get_db_prep_value is models.JSONField.get_db_prep_value
        and kind.get_prep_value is models.Field.get_prep_value
    )


def _json_adapter(field: models.JSONField[Any]) -> Adapter:
    """What `field.get_db_prep_save` gives, without its four calls per value for lists and dicts.

    A 50,000-card address book has five JSON columns per identity: the generic path cost 1 s.
    """
    adapt_json, encoder = connection.ops.adapt_json_value, field.encoder

    def adapt(value: Any) -> Any:
        if type(value) in (list, dict):  # not None (NULL), nor an expression, nor lazy text
            return adapt_json(value, encoder)
        return field.get_db_prep_save(value, connection)

    return adapt


def _sqlite_datetime(value: datetime | None) -> str | None:
    """What Django's SQLite backend stores for an aware datetime: naive UTC, ISO with a space."""
    if value is None:
        return None
    global _last
    last = _last
    if value is last[0]:  # the import's own timestamp, repeated on every row
        return last[1]
    if value.tzinfo is UTC:  # what importers make: "+00:00" cut off costs less than replace()
        text = str(value)[:-6]
    else:
        text = value.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    _last = (value, text)
    return text


_last: tuple[datetime | None, str] = (None, "")


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: bool = True,
    ignore_conflicts: bool = False,
) -> list[int]:
    """Insert `rows` (values in `columns` order); return the new ids in order if asked."""
    if not rows:
        return []
    values = list(zip(*rows, strict=True))
    return insert_columns(
        model, columns, values, returning=returning, ignore_conflicts=ignore_conflicts
    )


def insert_columns(
    model: type[models.Model],
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    *,
    returning: bool = True,
    ignore_conflicts: bool = False,
    encoded: Sequence[str] = (),
) -> list[int]:
    """`insert_rows` with the values given column by column (`values[i]` for `columns[i]`,
    all as long): a mailbox hands its messages over that way, and each statement's
    parameters are then cut and interleaved by C-level slices and zips, not row by row.
    The columns named in `encoded` hold values in the database's own form already (JSON
    text, SQLite's datetime text): polars writes a column of 50,000 in Rust, where json.dumps
    took 0.7 s and one adapter call per datetime 0.2 s.

    Call it inside a transaction: on SQLite a statement that fails keeps the rows it wrote
    before the failing one (`INSERT OR FAIL`), until the transaction is rolled back. The
    default, ABORT, first copies every page the statement touches aside to undo it alone,
    and an import touches the same pages again and again: 400 MB of temporary file writes
    for a 1 GB mailbox, 6% of the importing process's time.
    """
    count = len(values[0]) if values else 0
    if not count:
        return []
    adapters = [(i, adapt) for i, adapt in _adapters(model, columns) if columns[i] not in encoded]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = min(ROWS_PER_STATEMENT, max(1, MAX_PARAMETERS // len(columns)))
    numbered = returning and _numbered_by_sqlite(model, columns, ignore_conflicts)
    verb, suffix = "", " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning and not numbered:
        suffix += " RETURNING id"
    ids: list[int] = []
    if connection.vendor == "sqlite":
        verb = " OR FAIL"  # and a conflict skipped by ON CONFLICT is no failure
        # sqlite3's own cursor, in the same connection and transaction: Django's wrapper
        # rewrites every `%s` of these long statements and cost as much as SQLite itself.
        connection.ensure_connection()
        cursor = connection.connection.cursor()
        one = one.replace("%s", "?")
    else:
        cursor = connection.cursor()
    start = 0
    with connection.wrap_database_errors, closing(cursor):  # Django's errors, as its cursor
        for size in _statement_sizes(count, per_statement):
            end = start + size
            chunk = [column[start:end] for column in values]
            start = end
            for position, adapt in adapters:  # one C-level map per column, for this statement
                chunk[position] = list(map(adapt, chunk[position]))
            rows = zip(*chunk, strict=True)
            # Only names from the model's own metadata are formatted in; values are bound.
            placeholders = ", ".join([one] * size)
            sql = f"INSERT{verb} INTO {table} ({names}) VALUES {placeholders}{suffix}"
            cursor.execute(sql, list(chain.from_iterable(rows)))
            if numbered:
                last = cursor.lastrowid
                if cursor.rowcount != size or not last:
                    raise RuntimeError(f"{table}: {cursor.rowcount} of {size} rows written")
                ids += range(last - size + 1, last + 1)
            elif returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def _numbered_by_sqlite(
    model: type[models.Model], columns: Sequence[str], ignore_conflicts: bool
) -> bool:
    """Can the new ids be known without RETURNING? On SQLite, an INSERT that gives no id
    numbers its rows one after another: each gets the largest id the table has had, plus
    one, and no other connection writes in the middle of a statement. So the ids of a
    statement's rows are the last one and those just before it. RETURNING makes SQLite keep
    the rows aside and hand them back one by one: a fifth of the interactions' INSERT time
    (1 GB mailbox: -4% instructions in the importing process). Not when a conflicting row
    may be skipped: then the ids have gaps only RETURNING tells."""
    pk = model._meta.pk
    return (
        connection.vendor == "sqlite"
        and not ignore_conflicts
        and isinstance(pk, models.AutoField)  # Big and Small ones too
        and pk.column not in columns
    )


def _statement_sizes(count: int, most: int) -> Iterator[int]:
    """Rows per statement: powers of two only, so that a handful of distinct statements serve
    every import and the connection's statement cache finds them prepared (a remainder of
    any length was a new statement to parse each time)."""
    size = 1 << (most.bit_length() - 1)
    while count:
        while size > count:
            size >>= 1
        yield size
        count -= size
