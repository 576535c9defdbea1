"""Moving every row of the persons a merge absorbs onto its survivor.

Found from the models, not listed by hand: a model added later with a foreign key to
Person moves too, instead of being deleted with the absorbed person. Only the rows a
constraint limits to one per person need their own rule: participants (one per
interaction), links (one per ordered pair and kind), ties (one per person), the months
of a history (one per person and month) and the many-to-many tables (one per pair).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.db.models import Count, Q

from liens.core.scoping import owned
from liens.interactions.models import HistoryMonth, Link, Participant
from liens.people.models import Person

# The months of a history are summed again for the survivor, not moved (history_refresh).
_OWN_RULE = {
    (Participant, "person"),
    (Link, "person_a"),
    (Link, "person_b"),
    (HistoryMonth, "person"),
}
_CHUNK = 500


def participants_merge(survivor: Person, gone: Sequence[int]) -> list[list[Any]]:
    """Each interaction keeps one participant among the merged persons: the survivor's, else
    the oldest row. The others are deleted and returned as [row id, interaction id,
    identity id, role, person id], for an unmerge to bring back as they were. Merged into
    me, every participant of the others is set aside so: I never take part."""
    rows = Participant.objects.filter(person__in=[survivor.pk, *gone])
    if not survivor.is_me:
        shared = (
            rows.values("interaction_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("interaction_id")
        )
        rows = rows.filter(interaction_id__in=shared)
    found = sorted(
        rows.values_list("pk", "interaction_id", "person_id", "identity_id", "role"),
        key=lambda row: (row[2] != survivor.pk, row[0]),
    )
    kept: set[int] = set()
    aside: list[list[Any]] = []
    deleted: list[int] = []
    for pk, interaction, person, identity, role in found:
        if interaction in kept or survivor.is_me:
            aside.append([pk, interaction, identity, role, person])
            deleted.append(pk)
        else:
            kept.add(interaction)
    for start in range(0, len(deleted), _CHUNK):
        Participant.objects.filter(pk__in=deleted[start : start + _CHUNK]).delete()
    Participant.objects.filter(person__in=gone).update(person=survivor.pk)
    return aside


def links_merge(owner: AbstractBaseUser, survivor: int, gone: Sequence[int]) -> None:
    """Links of the absorbed persons go to the survivor: a link between two of the merged
    persons is dropped, and two links that become one add their weights and reasons."""
    absorbed = set(gone)
    everyone = [survivor, *gone]
    links = owned(Link, owner).filter(Q(person_a__in=everyone) | Q(person_b__in=everyone))
    one: dict[tuple[int, int, str], Link] = {}
    changed: list[Link] = []
    dropped: list[int] = []
    for link in links.order_by("pk"):
        ends = (link.person_a_id, link.person_b_id)
        a, b = sorted(survivor if end in absorbed else end for end in ends)
        first = one.get((a, b, link.kind))
        if a == b or first is not None:
            dropped.append(link.pk)
        if a == b:
            continue
        if first is None:
            one[(a, b, link.kind)] = link
            if (a, b) != ends:
                link.person_a_id, link.person_b_id = a, b
                changed.append(link)
            continue
        first.weight += link.weight
        first.reasons = [*first.reasons, *(r for r in link.reasons if r not in first.reasons)]
        if first not in changed:
            changed.append(first)
    # dropped first: a kept link takes the place of the ones it absorbs
    owned(Link, owner).filter(pk__in=dropped).delete()
    Link.objects.bulk_update(changed, ["person_a", "person_b", "weight", "reasons"])


def rows_move(survivor: int, gone: Sequence[int]) -> None:
    """Every other row pointing at an absorbed person points at the survivor."""
    for model, field in _person_keys():
        rows = model._default_manager.filter(**{f"{field.name}__in": gone})
        if field.one_to_one:  # a tie: one per person, recomputed from the interactions
            rows.delete()
        elif model._meta.auto_created:  # a many-to-many table: each pair once
            other = next(f for f in _foreign_keys(model) if f is not field)
            taken = model._default_manager.filter(**{field.attname: survivor})
            rows.filter(**{f"{other.attname}__in": taken.values(other.attname)}).delete()
            rows.update(**{field.attname: survivor})
        else:
            rows.update(**{field.attname: survivor})


def _person_keys() -> Iterator[tuple[type[models.Model], models.ForeignKey[Any, Any]]]:
    for model in apps.get_models(include_auto_created=True):
        for field in _foreign_keys(model):
            if field.related_model is Person and (model, field.name) not in _OWN_RULE:
                yield model, field


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]
