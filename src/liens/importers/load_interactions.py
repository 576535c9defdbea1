"""Writing interactions and their participants in bulk, and linking replies."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from django.db import connection
from django.utils import timezone

from liens.importers.base import InteractionBatch
from liens.importers.bulk import insert_columns
from liens.interactions.models import Interaction, Participant

_cut_500 = itemgetter(slice(500))  # the columns' length, applied by a C-level map
_COLUMNS = (
    "owner_id",
    "import_run_id",
    "source_file",
    "source_line",
    "channel",
    "direction",
    "occurred_at",
    "source",
    "key",
    "subject",
    "thread_key",
    "summary",
    "reply_to_key",
    "created_at",
)


def stored_keys(owner_id: int, source: str, keys: Sequence[str]) -> set[str]:
    """Which of `keys` are stored already for this owner and source (a mailbox asks for
    every message it holds: plain SQL, 900 keys a query, no ORM expression per key)."""
    found: set[str] = set()
    table = connection.ops.quote_name(Interaction._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 900):
            chunk = list(keys[start : start + 900])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT key FROM {table} WHERE owner_id = %s AND source = %s"  # noqa: S608
                f" AND key IN ({marks})",
                [owner_id, source, *chunk],
            )
            found.update(row[0] for row in cursor.fetchall())
    return found


def insert_interactions(
    *, owner_id: int, run_id: int | None, file: str, batch: InteractionBatch
) -> list[int]:
    """Insert the interactions of `batch`, column by column; return their new ids, in order."""
    count, cut = len(batch), _cut_500
    return insert_columns(
        Interaction,
        _COLUMNS,
        (
            [owner_id] * count,
            [run_id] * count,
            [file[:500]] * count,
            batch.lines,
            batch.channels,
            batch.directions,
            batch.occurred_at,
            [batch.source] * count,
            list(map(cut, batch.keys)),
            list(map(cut, batch.subjects)),
            list(map(cut, batch.thread_keys)),
            batch.summaries,
            list(map(cut, batch.reply_to_keys)),
            [timezone.now()] * count,
        ),
    )


def insert_participants(columns: Sequence[Sequence[Any]]) -> None:
    """Owner ids, interaction ids, person ids, identity ids and roles (of at most 20
    characters), column by column; a row naming a person who takes part already is skipped."""
    insert_columns(
        Participant,
        ("owner_id", "interaction_id", "person_id", "identity_id", "role"),
        columns,
        returning=False,
        ignore_conflicts=True,
    )


def link_replies(owner_id: int) -> int:
    """Point every reply at what it answers, whichever of the two was imported first: one
    join (UPDATE ... FROM, SQLite 3.33+ and PostgreSQL), a lookup of the parent per reply."""
    table = connection.ops.quote_name(Interaction._meta.db_table)
    sql = (
        f"UPDATE {table} SET reply_to_id = parent.id FROM {table} parent"  # noqa: S608
        f" WHERE {table}.owner_id = %s AND {table}.reply_to_id IS NULL"
        f" AND {table}.reply_to_key <> '' AND parent.owner_id = {table}.owner_id"
        f" AND parent.source = {table}.source AND parent.key = {table}.reply_to_key"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner_id])
        return cursor.rowcount
