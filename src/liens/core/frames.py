"""Set-based reads into polars frames, the same on SQLite and PostgreSQL.

The selectors of ties and of the diagnosis write their SQL by hand (conditional aggregates,
plans the ORM cannot express); these are the few things they all need around it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import polars as pl
from django.db import connection, models

STORED = "%Y-%m-%d %H:%M:%S%.f"  # how SQLite holds a datetime (UTC, no zone)


def table(model: type[models.Model]) -> str:
    """The model's table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def moment(value: datetime) -> Any:
    """An aware datetime as a query parameter compared with stored datetimes."""
    return connection.ops.adapt_datetimefield_value(value)


def only_in(column: str, ids: Collection[int] | None) -> tuple[str, list[int]]:
    """A condition keeping the rows whose `column` is among `ids`, and its parameters;
    nothing for None (every row)."""
    if ids is None:
        return "", []
    listed = sorted(ids)
    return f" AND {column} IN ({', '.join(['%s'] * len(listed)) or 'NULL'})", listed


def fetch(sql: str, params: list[Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The column names and the rows of one query."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [c[0] for c in cursor.description], cursor.fetchall()


def utc(column: str, frame: pl.DataFrame) -> pl.Expr:
    """A datetime column as UTC microseconds, whether the database gave text (SQLite, or an
    aggregate of it), datetimes (PostgreSQL) or only NULLs."""
    if frame.schema[column] == pl.Utf8:
        return pl.col(column).str.to_datetime(STORED, time_zone="UTC", time_unit="us")
    if frame.schema[column] == pl.Null:
        return pl.col(column).cast(pl.Datetime("us", "UTC"))
    return pl.col(column).dt.convert_time_zone("UTC").dt.cast_time_unit("us")
