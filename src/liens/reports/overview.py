"""The first overview of a network: who is there, which ties are real, what happened lately."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count

from liens.core.scoping import owned
from liens.interactions.models import Interaction
from liens.people.models import Identity, Person
from liens.ties.models import Tie, TieClass


def overview(owner: AbstractBaseUser, *, recent: int = 10) -> dict[str, Any]:
    me = owned(Person, owner).filter(is_me=True).first()
    ties = dict(owned(Tie, owner).values_list("tie_class").annotate(n=Count("pk")))
    by_source = dict(
        owned(Identity, owner)
        .exclude(person__is_me=True)
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    by_channel = dict(owned(Interaction, owner).values_list("channel").annotate(n=Count("pk")))
    persons = owned(Person, owner).filter(is_me=False).count()
    known = sum(ties.get(c, 0) for c in ("strong", "moderate", "weak", "dormant"))
    latest = (
        owned(Interaction, owner)
        .order_by("-occurred_at", "-pk")
        .prefetch_related("persons")[:recent]
    )
    return {
        "me": me.display_name if me else "",
        "persons": persons,
        "identities_by_source": by_source,
        "interactions_by_channel": by_channel,
        "interactions": sum(by_channel.values()),
        "ties": {c: ties.get(c, 0) for c in TieClass.values},
        "two_way_share": round(known / persons, 3) if persons else 0.0,
        "last_interactions": [
            {
                "occurred_at": i.occurred_at.isoformat(),
                "channel": i.channel,
                "direction": i.direction,
                "persons": [p.display_name for p in i.persons.all()],
                "subject": i.subject,
                "summary": i.summary[:200],
            }
            for i in latest
        ],
    }
