"""The history summed per person and calendar month (HistoryMonth), and how it is kept.

Tie strength needs, for every person, a dozen counts and moments over all their
interactions. Summing 2,000,000 participations for each recomputation took most of its
time; the months are summed once, when participants are written, and the ties read the
months (liens.ties.selectors). A logged interaction, a merge and an unmerge end with
`history_refresh` for the persons they touched; an import leaves its persons to
`history_catch_up`, which the recomputation of every tie runs first.
"""

from __future__ import annotations

from collections.abc import Collection

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from liens.analytics.ties import CHANNEL_RICHNESS, RICH_CHANNELS
from liens.core.frames import fetch, only_in, table
from liens.importers.models import ImportRun
from liens.interactions.models import HistoryMonth, Interaction, Participant
from liens.people.models import Identity

# A message from them counts when they wrote it: not when they were only copied on one.
FROM_THEM = "i.direction = 'inbound' AND p.role NOT IN ('to', 'cc')"
_RICH = ", ".join(f"'{c}'" for c in RICH_CHANNELS)
# Two-way by nature: a meeting, a call, a video call; an event is only being in the same room.
MUTUAL = (
    f"(i.channel IN ({_RICH}) OR (i.direction = 'mutual' AND i.channel NOT IN ('event', 'social')))"
)
_WEIGHT = (
    "CASE i.channel "
    + " ".join(f"WHEN '{c}' THEN {w}" for c, w in CHANNEL_RICHNESS.items())
    + " ELSE 0 END"
)
# Each column of HistoryMonth: its aggregate over participations (p) joined to their
# interactions (i), and how months add up. FILTER rather than CASE inside the aggregates
# (SQLite 3.30+, PostgreSQL): SQLite skips the step instead of feeding it a NULL.
AGGREGATES = {
    "last_in": (f"MAX(i.occurred_at) FILTER (WHERE {FROM_THEM})", "max"),
    "last_out": ("MAX(i.occurred_at) FILTER (WHERE i.direction = 'outbound')", "max"),
    "last_mutual": (f"MAX(i.occurred_at) FILTER (WHERE {MUTUAL})", "max"),
    "last_in_person": ("MAX(i.occurred_at) FILTER (WHERE i.channel = 'in_person')", "max"),
    "first_at": ("MIN(i.occurred_at)", "min"),
    "n_all": ("COUNT(*)", "sum"),
    "n_in": (f"COUNT(*) FILTER (WHERE {FROM_THEM})", "sum"),
    "n_out": ("COUNT(*) FILTER (WHERE i.direction = 'outbound')", "sum"),
    "started_them": (f"COUNT(*) FILTER (WHERE {FROM_THEM} AND i.reply_to_id IS NULL)", "sum"),
    "started_me": (
        "COUNT(*) FILTER (WHERE i.direction = 'outbound' AND i.reply_to_id IS NULL)",
        "sum",
    ),
    "rich_all": (f"SUM({_WEIGHT})", "sum"),
}
_CHUNK = 1000  # persons per statement


def aggregates() -> str:
    """The select list of AGGREGATES, each named after its column."""
    return ",\n  ".join(f"{sql} AS {name}" for name, (sql, _how) in AGGREGATES.items())


def month_of(column: str) -> str:
    """SQL for the first day of the (UTC) month of a datetime column."""
    if connection.vendor == "postgresql":
        return f"(date_trunc('month', {column} AT TIME ZONE 'UTC'))::date"
    return f"substr({column}, 1, 7) || '-01'"  # stored as 'YYYY-MM-DD HH:MM:SS' in UTC


@transaction.atomic
def history_refresh(*, owner: AbstractBaseUser, persons: Collection[int] | None = None) -> None:
    """Sum again the months of `persons` (everyone without) from their participations."""
    months_sum(owner.pk, persons)


@transaction.atomic
def history_catch_up(*, owner: AbstractBaseUser) -> int:
    """Sum the months of the persons the imports not yet summed touched; returns how many.

    An import leaves this to the next recomputation of every tie: summing the months of a
    1 GB mailbox's 341,000 participations takes longer than the import's own last steps,
    and `liens import` rescores the persons it touched from their participations directly.
    """
    runs = ImportRun.objects.filter(owner=owner, months_summed_at=None).exclude(finished_at=None)
    touched = set().union(
        *(persons_touched(owner, run) for run in runs.values_list("pk", flat=True))
    )
    months_sum(owner.pk, touched)
    runs.update(months_summed_at=timezone.now())
    return len(touched)


def months_sum(owner_id: int, persons: Collection[int] | None) -> None:
    """The SQL of history_refresh, by owner id: the migration that made the months uses it."""
    columns = ", ".join(AGGREGATES)
    ids = sorted(set(persons)) if persons is not None else None
    chunks = [None] if ids is None else [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    with connection.cursor() as cursor:
        for chunk in chunks:
            months, params = only_in("person_id", chunk)
            cursor.execute(
                f"DELETE FROM {table(HistoryMonth)} WHERE owner_id = %s{months}",  # noqa: S608
                [owner_id, *params],
            )
            participants, params = only_in("p.person_id", chunk)
            sql = f"""
            INSERT INTO {table(HistoryMonth)} (owner_id, person_id, month, {columns})
            SELECT p.owner_id, p.person_id, {month_of("i.occurred_at")} AS month,
              {aggregates()}
            FROM {table(Participant)} p JOIN {table(Interaction)} i ON i.id = p.interaction_id
            WHERE p.owner_id = %s{participants}
            GROUP BY p.owner_id, p.person_id, month
            """  # noqa: S608 (tables and expressions are constants; values are parameters)
            cursor.execute(sql, [owner_id, *params])


def persons_touched(owner: AbstractBaseUser, import_run: int) -> set[int]:
    """The persons an import run brought, gave new interactions to, or answered: whose
    history and ties move. A message stored earlier that this run's message answers is no
    longer one its sender started."""
    sql = f"""
    SELECT p.person_id FROM {table(Participant)} p
    JOIN {table(Interaction)} i ON i.id = p.interaction_id
    WHERE i.owner_id = %s AND i.import_run_id = %s
    UNION
    SELECT p.person_id FROM {table(Interaction)} parent
    JOIN {table(Interaction)} r ON r.reply_to_id = parent.id
    JOIN {table(Participant)} p ON p.interaction_id = r.id
    WHERE parent.owner_id = %s AND parent.import_run_id = %s
    UNION
    SELECT person_id FROM {table(Identity)} WHERE owner_id = %s AND import_run_id = %s
    """  # noqa: S608
    _names, rows = fetch(sql, [owner.pk, import_run] * 3)
    return {row[0] for row in rows}
