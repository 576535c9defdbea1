"""Identity resolution on the stored identities: proposals, and the merges made on their own.

The scoring is pure (`liens.resolution`); this module reads the owner's identities into
candidates, and writes the automatic merges through `person_merge` so that every one is a
recorded decision the user can undo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from liens.people.merges import derived_rebuild, person_merge
from liens.people.models import DecidedBy, Identity, IdentityKey, KeyKind, Person
from liens.people.selectors import keep_apart_pairs
from liens.resolution import Address, Candidate, Resolution, ScoredPair, resolve

__all__ = [
    "Proposal",
    "identity_candidates",
    "proposals_of",
    "resolution_after_import",
    "resolution_counts",
    "resolution_run",
]


@dataclass
class Proposal:
    """Persons the model believes are one: the pairs that join them, strongest first."""

    persons: list[int]
    pairs: list[ScoredPair] = field(default_factory=list)
    automatic: bool = False

    @property
    def probability(self) -> float:
        """The weakest link: the group is only as sure as its least sure pair."""
        return min(pair.probability for pair in self.pairs)


def identity_candidates(owner: AbstractBaseUser) -> list[Candidate]:
    """Every identity of the owner, with its person as it stands and E.164 phones."""
    phones: dict[int, list[str]] = defaultdict(list)
    for identity_id, value in IdentityKey.objects.filter(
        owner=owner, kind=KeyKind.PHONE
    ).values_list("identity_id", "value"):
        phones[identity_id].append(value)
    me = set(Person.objects.filter(owner=owner, is_me=True).values_list("pk", flat=True))
    rows = Identity.objects.filter(owner=owner).values_list(
        "pk",
        "person_id",
        "source",
        "display_name",
        "first_name",
        "last_name",
        "nickname",
        "emails",
        "profile_url",
        "organization_name",
        "title",
        "birthday",
        "addresses",
    )
    return [
        Candidate(
            id=pk,
            person=person,
            source=source,
            display_name=display,
            first_name=first,
            last_name=last,
            nickname=nickname,
            emails=tuple(emails or ()),
            phones=tuple(phones.get(pk, ())),
            profile_url=url,
            organization=org,
            title=title,
            birthday=birthday,
            addresses=tuple(_address(a) for a in addresses or () if isinstance(a, dict)),
            is_me=person in me,
        )
        for (
            pk,
            person,
            source,
            display,
            first,
            last,
            nickname,
            emails,
            url,
            org,
            title,
            birthday,
            addresses,
        ) in rows.iterator(chunk_size=2000)
    ]


def _address(stored: dict) -> Address:
    return Address(
        street=str(stored.get("street") or ""),
        locality=str(stored.get("locality") or ""),
        postcode=str(stored.get("postcode") or ""),
        country=str(stored.get("country") or ""),
    )


def proposals_of(result: Resolution) -> list[Proposal]:
    """Automatic pairs gathered into the persons they make (merged without asking); each pair
    of the review band as one yes-or-no question between two of those persons."""
    root = result.joined()
    groups: dict[int, list[int]] = defaultdict(list)
    for person, joined in root.items():
        groups[joined].append(person)
    merged: dict[int, Proposal] = {}
    asked: list[Proposal] = []
    for pair in result.pairs:
        left, right = root[result.person_of[pair.left]], root[result.person_of[pair.right]]
        if pair.automatic:
            merged.setdefault(left, Proposal(groups[left], automatic=True)).pairs.append(pair)
        else:
            asked.append(Proposal(sorted(groups[left] + groups[right]), [pair]))
    return [*merged.values(), *asked]


@transaction.atomic
def resolution_run(
    *,
    owner: AbstractBaseUser,
    apply: bool = False,
    new: set[int] | None = None,
    recompute: bool = True,
    rounds: int = 5,
) -> list[Proposal]:
    """Score the owner's identities (with `new`: only pairs touching those identity ids) and,
    with `apply`, merge the automatic proposals, each a decision `liens unmerge` undoes.

    Merging changes what is compared (two records now speak for one person, and the model
    learns from the persons as they are), so a merge can make another one sure: with
    `apply`, resolution runs again, up to `rounds` times, until nothing more merges. Ties
    and meeting links are rebuilt once at the end unless `recompute` is False (an import
    rebuilds them itself). Returns the proposals of the last run plus the merges made."""
    made: list[Proposal] = []
    for _round in range(rounds if apply else 1):
        result = resolve(identity_candidates(owner), keep_apart=keep_apart_pairs(owner), new=new)
        proposals = proposals_of(result)
        merges = [p for p in proposals if p.automatic] if apply else []
        if not merges:
            break
        persons = {p.pk: p for p in Person.objects.filter(owner=owner)}
        for proposal in merges:
            person_merge(
                owner=owner,
                persons=[persons[pk] for pk in proposal.persons],
                decided_by=DecidedBy.AUTO,
                probability=proposal.probability,
                evidence=[evidence_json(pair) for pair in proposal.pairs],
                recompute=False,
            )
        made += merges
        proposals = [p for p in proposals if not p.automatic]
    if made and recompute:
        derived_rebuild(owner=owner)
    return made + proposals


def resolution_after_import(*, owner: AbstractBaseUser, import_run: int) -> list[Proposal]:
    """What an import calls: the identities it added or changed against everyone, sure
    merges applied; the caller recomputes ties."""
    new = set(
        Identity.objects.filter(owner=owner, import_run_id=import_run).values_list("pk", flat=True)
    )
    if not new:
        return []
    return resolution_run(owner=owner, apply=True, new=new, recompute=False, rounds=1)


def resolution_counts(proposals: list[Proposal]) -> dict[str, int]:
    """What an import reports: persons merged into others, merges left to review."""
    return {
        "persons_merged": sum(len(p.persons) - 1 for p in proposals if p.automatic),
        "merges_to_review": sum(not p.automatic for p in proposals),
    }


def evidence_json(pair: ScoredPair) -> dict:
    return {
        "identities": [pair.left, pair.right],
        "probability": pair.probability,
        "evidence": [
            {"comparison": e.comparison, "level": e.level, "weight": e.weight, "detail": e.detail}
            for e in pair.evidence
        ],
    }
