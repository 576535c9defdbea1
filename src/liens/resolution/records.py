"""What identity resolution reads and what it answers, as plain values (no Django).

The service turns stored identities into `Candidate`s; the benchmark builds them from the
demo generator. Both get a `Resolution` back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from liens.resolution.unionfind import UnionFind

__all__ = ["Address", "Candidate", "Evidence", "Resolution", "ScoredPair"]


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    locality: str = ""
    postcode: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One identity as resolution sees it. `person` is the cluster it is in now (exact keys
    and the decisions in force): pairs inside one person are never scored."""

    id: int
    person: int
    source: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    nickname: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164 where the number could be read
    profile_url: str = ""
    organization: str = ""
    title: str = ""
    birthday: date | None = None  # year 1604: day and month only
    addresses: tuple[Address, ...] = ()
    is_me: bool = False


@dataclass(frozen=True, slots=True)
class Evidence:
    """One comparison's outcome: `comparison` ("name", "phone"...) at `level`, with the
    values that made it, for the sentence shown to the user."""

    comparison: str
    level: str
    weight: float
    detail: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two persons (by one identity of each) and how likely they are one."""

    left: int  # candidate ids, left < right
    right: int
    probability: float
    weight: float
    evidence: tuple[Evidence, ...] = ()
    automatic: bool = False  # sure enough, and of the kind, to merge without asking


@dataclass
class Resolution:
    """The pairs that join persons, strongest first: the `automatic` ones merge without
    asking, the others (down to the `review` probability) are proposed. Each pair joins two
    persons that were apart when it came; pairs refused by hard evidence are not here."""

    pairs: list[ScoredPair] = field(default_factory=list)
    automatic: float = 0.0
    review: float = 0.0
    pairs_scored: int = 0  # candidate pairs the blocking let through
    members: dict[int, list[int]] = field(default_factory=dict)  # person → candidate ids
    person_of: dict[int, int] = field(default_factory=dict)  # candidate id → person

    def groups(self, *, review: bool = False) -> list[tuple[int, ...]]:
        """Candidate ids of each resulting person, with the automatic pairs only or with
        the proposed ones too."""
        grouped: dict[int, list[int]] = {}
        for person, root in self.joined(review=review).items():
            grouped.setdefault(root, []).extend(self.members[person])
        return [tuple(sorted(ids)) for ids in grouped.values()]

    def joined(self, *, review: bool = False) -> dict[int, int]:
        """Each person (as it was) → the person it ends up in, named by its lowest id."""
        persons = UnionFind(self.members)
        for pair in self.pairs:
            if review or pair.automatic:
                persons.union(self.person_of[pair.left], self.person_of[pair.right])
        return {person: persons.find(person) for person in self.members}
