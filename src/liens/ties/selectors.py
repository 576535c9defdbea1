"""What tie strength is computed from: one row per person, aggregated in SQL.

For everyone, the months summed when the history was written (HistoryMonth) give all but
the two months the last year's edge and today cut through: those are summed from their
participations. For a few persons, their participations are summed directly. Polars adds
the parts up per person and takes the rows from there (liens.analytics.ties); no
per-person query.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from liens.analytics.ties import HISTORY_SCHEMA
from liens.core.frames import fetch, moment, only_in, table, utc
from liens.interactions.history import AGGREGATES, aggregates
from liens.interactions.models import HistoryMonth, Interaction, Link, Participant
from liens.people.models import Closeness, Identity, Person

# The columns over the last 12 months, and the monthly column each sums.
_RECENT = {
    "n_12m": "n_all",
    "started_them_12m": "started_them",
    "started_me_12m": "started_me",
    "rich_12m": "rich_all",
}
# Monthly columns that serve only the last 12 months' figures (who started conversations).
_ONLY_RECENT = set(_RECENT.values()) - set(HISTORY_SCHEMA)


def tie_histories(
    owner: AbstractBaseUser, now: datetime, persons: Collection[int] | None = None
) -> pl.DataFrame:
    """HISTORY_SCHEMA rows for every person of `owner` but me, or only `persons`.

    Everyone: whole months from HistoryMonth (kept up to date: history_catch_up), the two
    edge months from the participations. A few persons: their participations directly, as
    after an import whose months are not summed yet."""
    cut = now - timedelta(days=365)
    if persons is not None:
        parts = _participations(owner, cut, "i.occurred_at <= %s", [moment(now)], persons)
    else:
        first, last = _month(cut), _month(now)
        edge, current = (connection.ops.adapt_datefield_value(m) for m in (first, last))
        start = datetime.combine(first, time(), UTC)
        end = (start + timedelta(days=32)).replace(day=1)
        this_month = datetime.combine(last, time(), UTC)
        edges = (
            "(i.occurred_at >= %s AND i.occurred_at < %s)"
            " OR (i.occurred_at >= %s AND i.occurred_at <= %s)"
        )
        parts = pl.concat(
            [
                _months(owner, "month < %s", [edge], 0),
                _months(owner, "month > %s AND month < %s", [edge, current], 1),
                _participations(
                    owner, cut, edges, [moment(m) for m in (start, end, this_month, now)], None
                ),
            ]
        )
    recent = pl.col("recent") == 1
    parts = parts.with_columns(
        pl.when(recent).then(pl.col(month)).otherwise(0).alias(name)
        for name, month in _RECENT.items()
    )
    how = {name: combine for name, (_sql, combine) in AGGREGATES.items()}
    how.update(dict.fromkeys(_RECENT, "sum"))
    history = parts.group_by("person_id").agg(
        getattr(pl.col(name), combine)() for name, combine in how.items()
    )
    return _with_persons(owner, history, persons)


def _month(moment_: datetime) -> date:
    return moment_.astimezone(UTC).date().replace(day=1)


def _months(owner: AbstractBaseUser, where: str, bounds: list[Any], recent: int) -> pl.DataFrame:
    """Each person's whole months `where` says, added up: walked in the order of the unique
    (owner, person, month) index, no sort. The last year's months are read apart from the
    older ones (four aggregates less per row than sums filtered on the month), and the
    older ones without what only the last year's figures need."""
    combined = [
        f"{how.upper()}({name}) AS {name}" if recent or name not in _ONLY_RECENT else f"0 AS {name}"
        for name, (_sql, how) in AGGREGATES.items()
    ]
    sql = f"""
    SELECT person_id, {recent} AS recent, {", ".join(combined)}
    FROM {table(HistoryMonth)}
    WHERE owner_id = %s AND {where}
    GROUP BY person_id
    """  # noqa: S608 (tables and expressions are constants; values are parameters)
    return _typed(*fetch(sql, [owner.pk, *bounds]))


def _participations(
    owner: AbstractBaseUser,
    cut: datetime,
    when: str,
    bounds: list[Any],
    persons: Collection[int] | None,
) -> pl.DataFrame:
    """The participations `when` says (and of `persons` only), summed per person apart
    before and after the cut (`recent`)."""
    only, ids = only_in("p.person_id", persons)
    # Everyone's: through the time index of the interactions. A few persons': through the
    # participants' person index (CROSS JOIN keeps that order in SQLite): from the
    # interactions, SQLite probed every interaction for each person (137 s for 4,000).
    join = (
        f"{table(Interaction)} i JOIN {table(Participant)} p ON p.interaction_id = i.id"
        if persons is None
        else f"{table(Participant)} p CROSS JOIN {table(Interaction)} i"
    )
    sql = f"""
    SELECT p.person_id, CASE WHEN i.occurred_at >= %s THEN 1 ELSE 0 END AS recent,
      {aggregates()}
    FROM {join}
    WHERE i.id = p.interaction_id AND i.owner_id = %s AND ({when}){only}
    GROUP BY p.person_id, recent
    """  # noqa: S608
    return _typed(*fetch(sql, [moment(cut), owner.pk, *bounds, *ids]))


def _typed(names: list[str], rows: list[tuple]) -> pl.DataFrame:
    """Rows of the months' columns as polars types: moments in UTC, sums as numbers."""
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    kinds = dict.fromkeys(AGGREGATES, pl.Int64) | {"rich_all": pl.Float64}
    columns = []
    for name in frame.columns:
        if name.startswith(("last_", "first_")):
            columns.append(utc(name, frame).alias(name))
        else:
            columns.append(pl.col(name).cast(kinds.get(name, pl.Int64)).fill_null(0))
    return frame.select(columns)


def _with_persons(
    owner: AbstractBaseUser, history: pl.DataFrame, persons: Collection[int] | None
) -> pl.DataFrame:
    """Every person (those with no interaction too), their connection date, closeness and
    the number of persons linked to them."""
    only, ids = only_in("p.id", persons)
    sql = f"""
    SELECT p.id AS person_id, p.closeness,
      (SELECT MIN(c.connected_on) FROM {table(Identity)} c WHERE c.person_id = p.id) AS connected_on
    FROM {table(Person)} p WHERE p.owner_id = %s AND NOT p.is_me{only}
    """  # noqa: S608
    _names, rows = fetch(sql, [owner.pk, *ids])
    base = pl.DataFrame(
        rows,
        schema=["person_id", "closeness", "connected_on"],
        orient="row",
        infer_schema_length=None,
    )
    connected = pl.col("connected_on")  # text from SQLite, dates from PostgreSQL
    base = base.with_columns(
        pl.col("person_id").cast(pl.Int64),
        pl.col("closeness").cast(pl.Utf8),
        connected.str.to_date("%Y-%m-%d")
        if base.schema["connected_on"] == pl.Utf8
        else connected.cast(pl.Date),
    )
    common = _common(owner, persons)
    frame = (
        base.join(history, on="person_id", how="left")
        .join(common, on="person_id", how="left")
        .with_columns(
            declared_close=pl.col("closeness").is_in([Closeness.FAMILY, Closeness.FRIEND])
        )
    )
    columns = []
    for name, dtype in HISTORY_SCHEMA.items():
        column = utc(name, frame) if isinstance(dtype, pl.Datetime) else pl.col(name)
        column = column.cast(dtype)
        if dtype in (pl.Int64(), pl.Float64()):
            column = column.fill_null(0)
        columns.append(column.alias(name))
    return frame.select(columns)


def _common(owner: AbstractBaseUser, persons: Collection[int] | None) -> pl.DataFrame:
    """How many other persons each person is linked to, whatever the kind of link.

    A link holds its pair in order (person_a < person_b), so the partners a person has as
    person_a and as person_b never overlap: counted apart, read from the unique index, and
    added up (half the time of one count over both directions).
    """
    only_a, ids_a = only_in("person_a_id", persons)
    only_b, ids_b = only_in("person_b_id", persons)
    sql = f"""
    SELECT person_a_id, COUNT(DISTINCT person_b_id) FROM {table(Link)}
    WHERE owner_id = %s{only_a} GROUP BY person_a_id
    UNION ALL
    SELECT person_b_id, COUNT(DISTINCT person_a_id) FROM {table(Link)}
    WHERE owner_id = %s{only_b} GROUP BY person_b_id
    """  # noqa: S608
    _names, rows = fetch(sql, [owner.pk, *ids_a, owner.pk, *ids_b])
    sides = pl.DataFrame(rows, schema={"person_id": pl.Int64, "common": pl.Int64}, orient="row")
    return sides.group_by("person_id").agg(pl.col("common").sum())
