"""Reads about persons, scoped by owner, shaped for the CLI's `--json` (the stable shapes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from liens.core.scoping import NotFound, owned
from liens.core.text import fold
from liens.interactions.models import Interaction
from liens.people.models import Identity, KeepApart, Person
from liens.ties.models import Tie


def persons(owner: AbstractBaseUser) -> QuerySet[Person]:
    """Everybody but me, with what the people list shows, in one round of queries."""
    return (
        owned(Person, owner)
        .filter(is_me=False)
        .select_related("organization", "tie")
        .prefetch_related(
            Prefetch("identities", queryset=Identity.objects.order_by("source", "key"))
        )
        .annotate(
            interaction_count=Count("participations", distinct=True),
            last_interaction_at=Max("participations__interaction__occurred_at"),
        )
    )


def person_list(
    owner: AbstractBaseUser, *, search: str = "", tie_class: str = "", limit: int | None = None
) -> list[Person]:
    rows = persons(owner)
    if tie_class:
        rows = rows.filter(tie__tie_class=tie_class)
    rows = rows.order_by("-tie__score", "display_name", "pk")
    if search:
        needle = fold(search)
        rows = [p for p in rows if needle in fold(_haystack(p))]  # type: ignore[assignment]
    return list(rows[:limit] if limit else rows)


def _haystack(person: Person) -> str:
    org = person.organization.name if person.organization else ""
    emails = " ".join(e for i in person.identities.all() for e in i.emails)
    return f"{person.display_name} {org} {person.title} {emails}"


def person_find(owner: AbstractBaseUser, query: str) -> Person:
    """One person from an id, an exact email or profile URL, or a name that matches only one."""
    base = persons(owner)
    if query.isdigit():
        found = base.filter(pk=int(query)).first()
        if found:
            return found
    needle = fold(query)
    exact = [p for p in base.filter(Q(identities__profile_url=query)).distinct()]
    if not exact:
        exact = (
            [
                p
                for p in base
                if any(fold(e) == needle for i in p.identities.all() for e in i.emails)
            ]
            if "@" in query
            else []
        )
    if not exact:
        everyone = list(base)
        exact = [p for p in everyone if fold(p.display_name) == needle]
        if not exact:
            exact = [p for p in everyone if needle and needle in fold(p.display_name)]
    if len(exact) == 1:
        return exact[0]
    if not exact:
        raise NotFound(_("nobody matches %(query)s") % {"query": repr(query)})
    names = ", ".join(f"{p.display_name} (#{p.pk})" for p in exact[:5])
    raise NotFound(
        _("%(n)d persons match %(query)s: %(names)s; give an id")
        % {"n": len(exact), "query": repr(query), "names": names}
    )


def persons_by_id(owner: AbstractBaseUser, ids: Sequence[int]) -> list[Person]:
    """The owner's persons of `ids`, in that order; the first unknown one is named."""
    found = owned(Person, owner).in_bulk(ids)
    for pk in ids:
        if pk not in found:
            raise NotFound(_("no such person: #%(id)s") % {"id": pk})
    return [found[pk] for pk in ids]


def keep_apart_pairs(owner: AbstractBaseUser) -> set[tuple[int, int]]:
    """The identity pairs (lower id first) never to be proposed as one person."""
    return set(owned(KeepApart, owner).values_list("a_id", "b_id"))


def tie_json(person: Person) -> dict[str, Any] | None:
    try:
        tie: Tie = person.tie
    except Tie.DoesNotExist:
        return None
    return {"score": round(tie.score, 3), "class": tie.tie_class, "layer": tie.layer}


def tie_detail_json(person: Person) -> dict[str, Any] | None:
    """The tie with what explains it: the facts, each dimension's value, and one sentence."""
    from liens.ties.explain import tie_sentence

    data = tie_json(person)
    if data is None:
        return None
    tie = person.tie
    return {
        **data,
        "last_two_way_at": tie.last_two_way_at.isoformat() if tie.last_two_way_at else None,
        "exchanges_12m": tie.exchanges_12m,
        "reasons": tie.reasons,
        "terms": tie.terms,
        "explanation": tie_sentence(tie.tie_class, tie.score, tie.reasons),
    }


def person_json(person: Person) -> dict[str, Any]:
    """The `liens people --json` item."""
    identities = list(person.identities.all())
    emails = list(dict.fromkeys(e for i in identities for e in i.emails))
    phones = list(dict.fromkeys(p for i in identities for p in i.phones))
    return {
        "id": person.pk,
        "name": person.display_name,
        "emails": emails,
        "phones": phones,
        "organization": person.organization.name if person.organization else None,
        "title": person.title,
        "closeness": person.closeness or None,
        "identities": [{"source": i.source, "key": i.key} for i in identities],
        "tie": tie_json(person),
        "interaction_count": getattr(person, "interaction_count", None),
        "last_interaction_at": _iso(getattr(person, "last_interaction_at", None)),
    }


def _introductions(person: Person) -> dict[str, list[dict[str, Any]]]:
    """Who put me in touch with this person, and whom they put me in touch with."""
    from liens.projects.models import Referral

    def entry(other: Person, on: Any) -> dict[str, Any]:
        return {"id": other.pk, "name": other.display_name, "on": on.isoformat() if on else None}

    referrals = Referral.objects.filter(owner=person.owner).select_related(
        "introducer", "introduced_to"
    )
    return {
        "introduced_by": [
            entry(r.introducer, r.occurred_on)
            for r in referrals.filter(introduced_to=person).order_by("occurred_on", "pk")
        ],
        "introduced": [
            entry(r.introduced_to, r.occurred_on)
            for r in referrals.filter(introducer=person).order_by("occurred_on", "pk")
        ],
    }


def person_detail_json(person: Person, *, limit: int = 200) -> dict[str, Any]:
    """The `liens show --json` shape: the person, interactions newest first, identities."""
    data = person_json(person)
    data["tie"] = tie_detail_json(person)
    interactions = Interaction.objects.filter(
        owner=person.owner, participants__person=person
    ).order_by("-occurred_at", "-pk")[:limit]
    data["interactions"] = [
        {
            "id": i.pk,
            "occurred_at": _iso(i.occurred_at),
            "channel": i.channel,
            "direction": i.direction,
            "subject": i.subject,
            "summary": i.summary,
            "source": i.source,
        }
        for i in interactions
    ]
    data.update(_introductions(person))
    data["identities"] = [
        {
            "source": i.source,
            "key": i.key,
            "name": i.display_name,
            "emails": i.emails,
            "phones": i.phones,
            "profile_url": i.profile_url,
            "organization": i.organization_name,
            "title": i.title,
            "connected_on": i.connected_on.isoformat() if i.connected_on else None,
            "file": i.source_file,
            "line": i.source_line,
            "import_run": i.import_run_id,
        }
        for i in person.identities.all()
    ]
    return data


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None
