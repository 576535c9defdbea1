"""Writes about interactions that the user logs by hand."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from liens.interactions.models import Channel, Direction, Interaction, Participant
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
