"""Recompute every tie of an owner: aggregate in SQL, score in pure Python, write in bulk."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from liens.analytics.ties import TieHistory, ties_of
from liens.core.scoping import owned
from liens.people.models import Closeness, Person
from liens.ties.models import Tie

RICH = ("in_person", "call", "video")
TWO_WAY_BY_NATURE = ("in_person", "call", "video")


@transaction.atomic
def ties_recompute(*, owner: AbstractBaseUser, now: datetime | None = None) -> int:
    """Rebuild the Tie rows of `owner` from the interaction history; returns how many."""
    now = now or timezone.now()
    year_ago = now - timedelta(days=365)
    when = "participations__interaction__occurred_at"
    direction = "participations__interaction__direction"
    channel = "participations__interaction__channel"
    rows = (
        owned(Person, owner)
        .filter(is_me=False)
        .annotate(
            last_in=Max(when, filter=Q(**{direction: "inbound"})),
            last_out=Max(when, filter=Q(**{direction: "outbound"})),
            last_mutual=Max(
                when, filter=Q(**{f"{channel}__in": TWO_WAY_BY_NATURE}) | Q(**{direction: "mutual"})
            ),
            n_in=Count("participations", distinct=True, filter=Q(**{direction: "inbound"})),
            n_out=Count("participations", distinct=True, filter=Q(**{direction: "outbound"})),
            n_12m=Count("participations", distinct=True, filter=Q(**{f"{when}__gte": year_ago})),
            rich_12m=Count(
                "participations",
                distinct=True,
                filter=Q(**{f"{when}__gte": year_ago, f"{channel}__in": RICH}),
            ),
            first=Min(when),
            connected=Min("identities__connected_on"),
        )
        .values_list(
            "pk",
            "last_in",
            "last_out",
            "last_mutual",
            "n_in",
            "n_out",
            "n_12m",
            "rich_12m",
            "first",
            "connected",
            "closeness",
        )
    )
    histories = [
        TieHistory(
            person_id=pk,
            last_inbound_at=li,
            last_outbound_at=lo,
            last_mutual_at=lm,
            inbound=ni,
            outbound=no,
            exchanges_12m=n12,
            rich_12m=r12,
            first_at=first,
            connected_on=connected,
            declared_close=closeness in (Closeness.FAMILY, Closeness.FRIEND),
        )
        for pk, li, lo, lm, ni, no, n12, r12, first, connected, closeness in rows
    ]
    results = ties_of(histories, now)
    owned(Tie, owner).delete()
    Tie.objects.bulk_create(
        [
            Tie(
                owner=owner,
                person_id=r.person_id,
                score=r.score,
                tie_class=r.tie_class,
                layer=r.layer,
                reasons=list(r.reasons),
                last_two_way_at=r.last_two_way_at,
                computed_at=now,
            )
            for r in results
        ],
        batch_size=2000,
    )
    return len(results)
