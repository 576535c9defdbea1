"""Writes about interactions that the user logs by hand."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from liens.interactions.history import history_refresh
from liens.interactions.models import Channel, Direction, Interaction, Link, Participant
from liens.interactions.referrals import referrals_detect
from liens.people.models import Person
from liens.projects.models import Referral

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
    history_refresh(owner=owner, persons=[p.pk for p in persons])
    return interaction


MET_CHANNELS = ("in_person", "video", "call", "event")
THREAD_CHANNELS = ("email", "message")
# Same employer says two persons may know each other in a team, not in a group of thousands:
# colleagues links are drawn only inside organizations of at most this many of my persons.
COLLEAGUES_AT_MOST = 50
# Likewise a message or a meeting links its persons when they are a small group: on a list
# of 14 the pairs say little, and they grow with the square of the group (a synthetic 1 GB
# mailbox gave 1,054,710 thread links, 4.8 s, most from messages to 12-14 persons).
GROUP_AT_MOST = 10
LINK_KINDS = ("met", "thread", "colleagues", "introduced")


@transaction.atomic
def links_rebuild(*, owner: AbstractBaseUser) -> int:
    """Rebuild the links between persons that the history shows; returns how many.

    met: they shared a meeting, call or event; thread: they were on the same email or
    message (in groups of at most GROUP_AT_MOST persons, both); colleagues: same organization
    (small ones, COLLEAGUES_AT_MOST); introduced: one introduced me to the other (a referral).
    Set-based (one INSERT ... SELECT per kind), so it stays cheap after every import. Links
    typed by hand survive: only these four kinds are rebuilt. The introductions are read
    from the history first (referrals_detect): a person merged with an older record, or
    an import of earlier mail, can make someone no longer new in one.
    """
    referrals_detect(owner=owner)

    Link.objects.filter(owner=owner, kind__in=LINK_KINDS).delete()
    quote = connection.ops.quote_name
    link = quote(Link._meta.db_table)
    participant = quote(Participant._meta.db_table)
    interaction = quote(Interaction._meta.db_table)
    person = quote(Person._meta.db_table)
    referral = quote(Referral._meta.db_table)
    columns = f"INSERT INTO {link} (owner_id, person_a_id, person_b_id, kind, weight, reasons)"
    reasons = Link._meta.get_field("reasons").get_db_prep_save([], connection)

    def shared(kind: str, channels: tuple[str, ...]) -> tuple[str, list[object]]:
        marks = ", ".join(["%s"] * len(channels))
        return (
            f"{columns} SELECT %s, a.person_id, b.person_id, %s, COUNT(*), %s"  # noqa: S608
            f" FROM {participant} a"
            f" JOIN {participant} b ON b.interaction_id = a.interaction_id"
            f" AND a.person_id < b.person_id"
            f" JOIN {interaction} i ON i.id = a.interaction_id"
            f" WHERE i.owner_id = %s AND i.channel IN ({marks})"
            f" AND a.interaction_id IN (SELECT interaction_id FROM {participant}"
            f" GROUP BY interaction_id HAVING COUNT(*) BETWEEN 2 AND %s)"
            f" GROUP BY a.person_id, b.person_id",
            [owner.pk, kind, reasons, owner.pk, *channels, GROUP_AT_MOST],
        )

    statements = [
        shared("met", MET_CHANNELS),
        shared("thread", THREAD_CHANNELS),
        (
            f"{columns} SELECT %s, a.id, b.id, 'colleagues', 1.0, %s"  # noqa: S608
            f" FROM {person} a JOIN {person} b"
            f" ON b.organization_id = a.organization_id AND a.id < b.id AND NOT b.is_me"
            f" WHERE a.owner_id = %s AND NOT a.is_me AND a.organization_id IN ("
            f"SELECT organization_id FROM {person} WHERE owner_id = %s AND NOT is_me"
            f" AND organization_id IS NOT NULL GROUP BY organization_id"
            f" HAVING COUNT(*) BETWEEN 2 AND %s)",
            [owner.pk, reasons, owner.pk, owner.pk, COLLEAGUES_AT_MOST],
        ),
        (
            f"{columns} SELECT %s, CASE WHEN introducer_id < introduced_to_id"  # noqa: S608
            f" THEN introducer_id ELSE introduced_to_id END, CASE WHEN introducer_id"
            f" < introduced_to_id THEN introduced_to_id ELSE introducer_id END,"
            f" 'introduced', 2.0 * COUNT(*), %s FROM {referral}"
            f" WHERE owner_id = %s AND introducer_id <> introduced_to_id"
            f" GROUP BY 2, 3",
            [owner.pk, reasons, owner.pk],
        ),
    ]
    made = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            made += max(cursor.rowcount, 0)
    return made
