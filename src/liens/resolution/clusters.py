"""Persons from scored pairs: joined strongest first, and never across hard evidence (no Django).

Pairs join transitively, so one weak link could chain two people together; each join is
checked against everything the two growing persons hold: two LinkedIn accounts, two full
birthdays, two given names with one family name (Céline and Capucine Créaud), a family
name each spells its own way in several records, a pair the user said to keep apart, or
*me*, refuse it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from liens.resolution.comparisons import name_level
from liens.resolution.features import Features
from liens.resolution.names import one_letter_off
from liens.resolution.unionfind import UnionFind

__all__ = ["Clusters"]


@dataclass
class _Holdings:
    """What one growing person holds that another person cannot share."""

    persons: set[int]  # the persons it was before resolution
    slugs: set[str] = field(default_factory=set)
    numeric_slugs: set[str] = field(default_factory=set)
    birthdays: set[tuple[int, int, int]] = field(default_factory=set)
    is_me: bool = False
    named: list[Features] = field(default_factory=list)  # records with a full given name
    families: Counter[str] = field(default_factory=Counter)  # records per family spelling

    def conflicts(self, other: _Holdings) -> bool:
        return (
            self.is_me
            or other.is_me
            or _clash(self.slugs, other.slugs)
            or _clash(self.numeric_slugs, other.numeric_slugs)
            or _clash(self.birthdays, other.birthdays)
            or _two_given_names(self.named, other.named)
            or _two_spellings(self.families, other.families)
        )

    def absorb(self, other: _Holdings) -> None:
        self.persons |= other.persons
        self.slugs |= other.slugs
        self.numeric_slugs |= other.numeric_slugs
        self.birthdays |= other.birthdays
        self.named += other.named
        self.families += other.families


def _two_given_names(a: list[Features], b: list[Features]) -> bool:
    """Does one person hold "Céline Créaud" and the other "Capucine Créaud"? Whichever of
    their records linked them ("C. Créaud"), those are two people. Given names one slip
    apart (Noël, Nol) may be one name mistyped, and are no proof."""
    return any(
        name_level(x, y) == "family_only"
        and OSA.distance(x.name.given_text, y.name.given_text, score_cutoff=1) > 1
        for x in a
        for y in b
    )


def _two_spellings(a: Counter[str], b: Counter[str]) -> bool:
    """Does each person write its family name its own way, in two records or more
    (Pouecoux, Ponecoux)? A slip is made once: a spelling several records repeat is the
    name, and two such names one letter apart are two families."""
    if a.keys() & b.keys():
        return False
    return any(one_letter_off(x, y) for x, n in a.items() if n > 1 for y, m in b.items() if m > 1)


def _clash(a: set, b: set) -> bool:
    return bool(a) and bool(b) and not (a & b)


class Clusters:
    """The persons of the candidates, joined pair by pair unless the join is refused."""

    def __init__(
        self, features: Sequence[Features], keep_apart: Iterable[tuple[int, int]] = ()
    ) -> None:
        self._persons: UnionFind[int] = UnionFind()
        self._holdings: dict[int, _Holdings] = {}
        person_of: dict[int, int] = {}
        for f in features:
            person_of[f.id] = f.person
            held = self._holdings.setdefault(f.person, _Holdings({f.person}))
            self._persons.parent.setdefault(f.person, f.person)
            held.is_me |= f.candidate.is_me
            if f.slug:
                held.slugs.add(f.slug)
            if f.numeric_slug:
                held.numeric_slugs.add(f.numeric_slug)
            if f.family:
                held.families[f.family] += 1
                if f.name.given and not f.name.initials:
                    held.named.append(f)
            if f.birthday is not None and f.birthday[2] is not None:
                held.birthdays.add(f.birthday)  # type: ignore[arg-type]
        self._apart: set[tuple[int, int]] = set()
        for a, b in keep_apart:
            if a in person_of and b in person_of:
                self._apart.add((person_of[a], person_of[b]))
                self._apart.add((person_of[b], person_of[a]))

    def join(self, a: int, b: int) -> bool:
        """Join the persons `a` and `b` (as they were before resolution) and say whether
        that made one person of two: not when they are one already, nor when refused."""
        root_a, root_b = self._persons.find(a), self._persons.find(b)
        if root_a == root_b:
            return False
        held_a, held_b = self._holdings[root_a], self._holdings[root_b]
        if held_a.conflicts(held_b) or self._kept_apart(held_a, held_b):
            return False
        root = self._persons.union(root_a, root_b)
        self._holdings[root].absorb(self._holdings.pop(root_b if root == root_a else root_a))
        return True

    def _kept_apart(self, a: _Holdings, b: _Holdings) -> bool:
        return bool(self._apart) and any(
            (x, y) in self._apart for x in a.persons for y in b.persons
        )
