"""Writes about interactions that the user logs by hand."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from liens.interactions.models import Channel, Direction, Interaction, Link, Participant
from liens.people.models import Person

# A call or a meeting happens between both sides; an email I log is one I sent.
_DEFAULT_DIRECTION = {
    Channel.IN_PERSON: Direction.MUTUAL,
    Channel.CALL: Direction.MUTUAL,
    Channel.VIDEO: Direction.MUTUAL,
    Channel.EVENT: Direction.MUTUAL,
    Channel.EMAIL: Direction.OUTBOUND,
    Channel.MESSAGE: Direction.OUTBOUND,
    Channel.SOCIAL: Direction.OUTBOUND,
}


@transaction.atomic
def interaction_log(
    *,
    owner: AbstractBaseUser,
    channel: str,
    persons: list[Person],
    occurred_at: datetime,
    note: str = "",
    direction: str | None = None,
) -> Interaction:
    """Record something that just happened, in two seconds from the terminal."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    interaction = Interaction.objects.create(
        owner=owner,
        channel=channel,
        direction=direction or _DEFAULT_DIRECTION[Channel(channel)],
        occurred_at=occurred_at,
        source="manual",
        key=uuid.uuid4().hex,
        summary=note,
    )
    Participant.objects.bulk_create(
        Participant(owner=owner, interaction=interaction, person=p) for p in persons
    )
    return interaction


MET_CHANNELS = ("in_person", "video", "call", "event")


@transaction.atomic
def links_rebuild(*, owner: AbstractBaseUser) -> int:
    """Rebuild the 'met' links: two persons met when they shared a meeting, call or event.

    Set-based (one INSERT ... SELECT over participants), so it stays cheap after every import.
    """
    Link.objects.filter(owner=owner, kind="met").delete()
    quote = connection.ops.quote_name
    link = quote(Link._meta.db_table)
    participant = quote(Participant._meta.db_table)
    interaction = quote(Interaction._meta.db_table)
    channels = ", ".join(["%s"] * len(MET_CHANNELS))
    sql = (
        f"INSERT INTO {link} (owner_id, person_a_id, person_b_id, kind, weight, reasons)"  # noqa: S608
        f" SELECT %s, a.person_id, b.person_id, 'met', COUNT(*), %s"
        f" FROM {participant} a"
        f" JOIN {participant} b ON b.interaction_id = a.interaction_id"
        f" AND a.person_id < b.person_id"
        f" JOIN {interaction} i ON i.id = a.interaction_id"
        f" WHERE i.owner_id = %s AND i.channel IN ({channels})"
        f" GROUP BY a.person_id, b.person_id"
    )
    reasons = Link._meta.get_field("reasons").get_db_prep_save([], connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, reasons, owner.pk, *MET_CHANNELS])
        return cursor.rowcount
