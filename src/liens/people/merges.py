"""Merging persons, and undoing it: every merge is reversible (issue 4).

A person is a cluster of identities. A merge moves everything onto one person and records
the decision; an unmerge splits a person back into the clusters its identities formed (see
`clusters.split`), and every row that came through an identity follows it. Rows typed by
hand (no identity) stay with the person that keeps the row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from liens.core.scoping import owned
from liens.errors import UserError
from liens.importers.base import RawIdentity
from liens.importers.identity_rows import person_fields
from liens.interactions.history import history_refresh
from liens.interactions.models import Interaction, Invitation, Participant
from liens.interactions.services import links_rebuild
from liens.people import moves
from liens.people.clusters import split
from liens.people.models import (
    DecidedBy,
    Identity,
    IdentityKey,
    KeepApart,
    MergeDecision,
    Organization,
    Person,
)
from liens.reputation.models import Endorsement, Recommendation
from liens.ties.services import ties_recompute

# The rows that name a person through an identity: an unmerge moves them with it.
THROUGH_IDENTITY = (Participant, Invitation, Recommendation, Endorsement)
# What the survivor takes from the persons it absorbs when it has nothing of its own.
FILLED = ("display_name", "first_name", "last_name", "title", "organization_id", "notes")
FILLED_TOO = ("closeness",)
ME_KEY = "me"  # the key of my own identities: `liens init` (manual) and profiles


class MergeError(UserError, ValueError):
    """A merge or unmerge that cannot be done; nothing was written."""


@transaction.atomic
def person_merge(
    *,
    owner: AbstractBaseUser,
    persons: Sequence[Person],
    decided_by: str = DecidedBy.USER,
    probability: float | None = None,
    evidence: Iterable[Any] = (),
    recompute: bool = True,
) -> Person:
    """Join `persons` into one and record the decision; returns the survivor.

    The survivor is me if I am among them, else the person with the most identities (the
    oldest on a tie). `recompute=False` leaves ties and meeting links to the caller (one
    recomputation after many merges).
    """
    if decided_by not in DecidedBy.values:
        raise ValueError(f"decided_by must be one of {DecidedBy.values}")
    rows = _owned_persons(owner, [p.pk for p in persons])
    if len(rows) < 2:
        raise MergeError(_("give at least two different persons to merge"))
    order = sorted(rows, key=lambda p: (not p.is_me, -p.identity_count, p.pk))
    survivor, absorbed = order[0], order[1:]
    groups = [
        sorted(owned(Identity, owner).filter(person=p).values_list("pk", flat=True)) for p in order
    ]
    if decided_by == DecidedBy.AUTO:
        _refuse_automatic(owner, survivor, groups)
    snapshots = [_snapshot(p) for p in order]
    filled = _fill(survivor, absorbed)
    gone = [p.pk for p in absorbed]
    set_aside = moves.participants_merge(survivor, gone)
    moves.links_merge(owner, survivor.pk, gone)
    moves.rows_move(survivor.pk, gone)
    owned(Person, owner).filter(pk__in=gone).delete()
    history_refresh(owner=owner, persons=[survivor.pk])
    if filled:
        survivor.save(update_fields=[name.removesuffix("_id") for name in filled])
    MergeDecision.objects.create(
        owner=owner,
        survivor=survivor,
        groups=groups,
        persons=snapshots,
        filled=filled,
        set_aside=set_aside,
        decided_by=decided_by,
        probability=probability if decided_by == DecidedBy.AUTO else None,
        evidence=list(evidence),
    )
    if recompute:
        derived_rebuild(owner=owner)
    return survivor


def _owned_persons(owner: AbstractBaseUser, ids: Sequence[int]) -> list[Person]:
    """The owner's persons of `ids` (each once, locked), with `identity_count` set; another
    owner's person is nobody's."""
    wanted = list(dict.fromkeys(ids))
    found = {p.pk: p for p in owned(Person, owner).filter(pk__in=wanted).select_for_update()}
    for pk in wanted:
        if pk not in found:
            raise MergeError(_("no such person: #%(id)s") % {"id": pk})
    counts = dict(
        owned(Identity, owner)
        .filter(person__in=wanted)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    for pk, person in found.items():
        person.identity_count = counts.get(pk, 0)  # type: ignore[attr-defined]
    return [found[pk] for pk in wanted]


def _refuse_automatic(owner: AbstractBaseUser, survivor: Person, groups: list[list[int]]) -> None:
    """An automatic merge never touches me, nor joins what the user kept apart."""
    if survivor.is_me:
        raise MergeError(_("an automatic merge never touches me"))
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    pairs = owned(KeepApart, owner).filter(a__in=group_of, b__in=group_of)
    if any(group_of[a] != group_of[b] for a, b in pairs.values_list("a_id", "b_id")):
        raise MergeError(_("these persons are to be kept apart"))


def _snapshot(person: Person) -> dict[str, Any]:
    """The person's own fields, to bring it back as it was."""
    fields = {name: getattr(person, name) for name in (*FILLED, *FILLED_TOO)}
    return {"id": person.pk, "created_at": person.created_at.isoformat(), **fields}


def _fill(survivor: Person, absorbed: Sequence[Person]) -> dict[str, Any]:
    """Fill the survivor's blank fields from the absorbed persons; returns what it took."""
    filled: dict[str, Any] = {}
    for name in (*FILLED, *FILLED_TOO):
        if getattr(survivor, name):
            continue
        value = next((getattr(p, name) for p in absorbed if getattr(p, name)), None)
        if value:
            setattr(survivor, name, value)
            filled[name] = value
    return filled


@transaction.atomic
def person_unmerge(
    *, owner: AbstractBaseUser, person: Person, recompute: bool = True
) -> list[Person]:
    """Split `person` back into the identities it came from; interactions follow.

    Returns the persons, the one that keeps the row first. Every merge decision in force
    that made it is undone; persons those decisions absorbed come back with their ids.
    """
    (person,) = _owned_persons(owner, [person.pk])
    identities = owned(Identity, owner).filter(person=person).order_by("pk")
    ids = list(identities.values_list("pk", flat=True))
    # The decisions that made this person: a later merge moves their survivor along.
    decisions = list(
        owned(MergeDecision, owner).filter(survivor=person, undone_at=None).order_by("pk")
    )
    mine = set(identities.filter(key=ME_KEY).values_list("pk", flat=True))
    clusters = split(
        ids,
        IdentityKey.objects.filter(identity__in=identities).values_list(
            "identity_id", "kind", "value"
        ),
        together=mine,
        decisions=[d.groups for d in decisions],
    )
    if len(clusters) < 2:
        raise MergeError(
            _("nothing to unmerge: #%(id)s is one cluster of identities") % {"id": person.pk}
        )
    records = _records(clusters, decisions)
    keeper = _keeper(person, clusters, records, mine)
    result = [person]
    person_of = dict.fromkeys(clusters[keeper], person.pk)  # identity → its person now
    was = {records[keeper]["id"]: person.pk} if records[keeper] else {}  # recorded → now
    for index, cluster in enumerate(clusters):
        if index == keeper:
            continue
        new = _person_back(owner, records[index], cluster)
        owned(Identity, owner).filter(pk__in=cluster).update(person=new)
        for model in THROUGH_IDENTITY:
            owned(model, owner).filter(person=person, identity__in=cluster).update(person=new)
        person_of.update(dict.fromkeys(cluster, new.pk))
        if records[index]:
            was[records[index]["id"]] = new.pk
        result.append(new)
    _unfill(person, decisions)
    _restore_set_aside(owner, decisions, person_of, was, me=person.pk if person.is_me else None)
    owned(MergeDecision, owner).filter(pk__in=[d.pk for d in decisions]).update(
        undone_at=timezone.now()
    )
    history_refresh(owner=owner, persons=[p.pk for p in result])
    if recompute:
        derived_rebuild(owner=owner)
    return result


def _records(
    clusters: list[list[int]], decisions: list[MergeDecision]
) -> list[dict[str, Any] | None]:
    """The person each cluster was before the merges, as the oldest decision holding one
    of its identities recorded it (None: a cluster no decision knew, or known already)."""
    records: list[dict[str, Any] | None] = []
    taken: set[int] = set()
    for cluster in clusters:
        members, record = set(cluster), None
        for decision in decisions:
            found = [g for g, group in enumerate(decision.groups) if members.intersection(group)]
            if found:
                record = decision.persons[found[0]]
                break
        if record is not None and record["id"] in taken:
            record = None
        if record is not None:
            taken.add(record["id"])
        records.append(record)
    return records


def _keeper(
    person: Person,
    clusters: list[list[int]],
    records: list[dict[str, Any] | None],
    mine: set[int],
) -> int:
    """Which cluster keeps the person's row: mine if it is me; else the one that was this
    person before the merges; else the one holding the oldest identity."""
    if person.is_me:
        found = [i for i, cluster in enumerate(clusters) if mine.intersection(cluster)]
        if found:
            return found[0]
    found = [i for i, record in enumerate(records) if record and record["id"] == person.pk]
    return found[0] if found else 0


def _person_back(
    owner: AbstractBaseUser, record: dict[str, Any] | None, cluster: list[int]
) -> Person:
    """The person of a cluster: as recorded before the merge (with its id, unless taken),
    else made from its oldest identity as an import would."""
    if record is None:
        identity = owned(Identity, owner).get(pk=cluster[0])
        return Person.objects.create(owner=owner, **person_fields(owner, _raw(identity)))
    fields = {name: record[name] for name in (*FILLED, *FILLED_TOO)}
    org = fields["organization_id"]
    if org is not None and not owned(Organization, owner).filter(pk=org).exists():
        fields["organization_id"] = None
    # ids are global: a recorded id is free unless something unusual reused it
    free = not Person.objects.filter(pk=record["id"]).exists()
    person = Person.objects.create(owner=owner, **({"pk": record["id"]} if free else {}), **fields)
    person.created_at = datetime.fromisoformat(record["created_at"])
    Person.objects.filter(pk=person.pk).update(created_at=person.created_at)
    return person


def _raw(identity: Identity) -> RawIdentity:
    return RawIdentity(
        source=identity.source,
        key=identity.key,
        line=identity.source_line,
        first_name=identity.first_name,
        last_name=identity.last_name,
        display_name=identity.display_name,
        emails=tuple(identity.emails),
        phones=tuple(identity.phones),
        profile_url=identity.profile_url,
        organization=identity.organization_name,
        title=identity.title,
    )


def _unfill(person: Person, decisions: list[MergeDecision]) -> None:
    """Blank again what merges into this row filled in, where nobody changed it since."""
    changed: list[str] = []
    for decision in reversed(decisions):
        if decision.persons[0]["id"] != person.pk:
            continue  # this row was absorbed by that merge, not its survivor
        for name, value in decision.filled.items():
            if getattr(person, name) == value:
                setattr(person, name, None if name.endswith("_id") else "")
                changed.append(name.removesuffix("_id"))
    if changed:
        person.save(update_fields=sorted(set(changed)))


def _restore_set_aside(
    owner: AbstractBaseUser,
    decisions: list[MergeDecision],
    person_of: dict[int, int],
    was: dict[int, int],
    me: int | None,
) -> None:
    """The participants a merge deleted come back, each with its identity's person (or,
    typed by hand, with the person it had), unless that is me."""
    rows = [row for decision in decisions for row in decision.set_aside]
    alive = set(
        owned(Interaction, owner)
        .filter(pk__in={row[1] for row in rows})
        .values_list("pk", flat=True)
    )
    back = []
    for pk, interaction, identity, role, person in rows:
        known = identity in person_of
        target = person_of[identity] if known else was.get(person)
        if interaction in alive and target is not None and target != me:
            back.append(
                Participant(
                    pk=pk,  # ids are never given twice: the row comes back as it was
                    owner=owner,
                    interaction_id=interaction,
                    person_id=target,
                    identity_id=identity if known else None,
                    role=role,
                )
            )
    Participant.objects.bulk_create(back, ignore_conflicts=True)


@transaction.atomic
def persons_keep_apart(*, owner: AbstractBaseUser, a: Person, b: Person) -> KeepApart:
    """Never propose `a` and `b` as one person again; recorded once, whatever the order.

    Kept as one identity of each (the oldest): identities keep their meaning through
    merges and unmerges, persons do not.
    """
    if a.pk == b.pk:
        raise MergeError(_("a person cannot be kept apart from themselves"))
    pair = []
    for person in _owned_persons(owner, [a.pk, b.pk]):
        oldest = owned(Identity, owner).filter(person=person).order_by("pk").first()
        if oldest is None:
            raise MergeError(_("#%(id)s has no identity to keep apart") % {"id": person.pk})
        pair.append(oldest.pk)
    low, high = sorted(pair)
    kept, _created = KeepApart.objects.get_or_create(owner=owner, a_id=low, b_id=high)
    return kept


def derived_rebuild(*, owner: AbstractBaseUser) -> None:
    """Links (with the introductions they read) and ties from the participants as they are
    now. Both are recomputed for the whole owner: neither has an entry point for some
    persons only."""
    links_rebuild(owner=owner)
    ties_recompute(owner=owner)
