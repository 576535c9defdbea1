"""Fellegi–Sunter match weights, estimated from the user's own identities (no Django).

For each comparison level, m = P(level | same person) and u = P(level | two people); a
pair's weight is the prior log-odds plus Σ log2(m/u) over its comparisons (MISSING weighs
nothing). u comes from random pairs, which are nearly all two people; m from the pairs the
exact keys already joined (free labels), with a prior; EM estimates the share of true
matches among the blocked pairs (see `estimate`). Agreeing on "Martin" weighs less than
agreeing on a rare name: the name levels get a term-frequency adjustment.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from liens.resolution.comparisons import COMPARISONS, MISSING, Pattern

__all__ = ["Model", "Scorer", "TermFrequencies", "estimate", "sample_pairs"]

PSEUDO_PAIRS = 20
# What one person's two records look like, before the user's own data speaks: the m
# probabilities a small address book starts from: every level of every comparison but
# "missing" has one (a level no known pair shows must not weigh -∞).
M_PRIOR: dict[str, dict[str, float]] = {
    # names are mostly written the same; a tenth are garbled display names or changed names
    "name": {
        "exact": 0.53, "swapped": 0.03, "nickname": 0.03, "initials": 0.08, "partial": 0.03,
        "typo": 0.04, "given_only": 0.04, "family_only": 0.06, "different": 0.16,
    },
    # when one side is a bare address, it spells the other's name more often than not
    "email": {"same_local": 0.1, "name": 0.45, "initial": 0.2, "family": 0.05, "no_fit": 0.2},
    # people change jobs: a third of the pairs name two employers
    "organization": {"same": 0.35, "domain": 0.2, "similar": 0.1, "different": 0.35},
    # people keep several numbers
    "phone": {"same": 0.3, "close": 0.05, "different": 0.65},
    "profile": {"same": 0.9, "different": 0.1},
    "birthday": {"same": 0.9, "same_day": 0.08, "different": 0.02},
    "address": {"same_street": 0.5, "same_place": 0.3, "different": 0.2},
    "title": {"same": 0.4, "similar": 0.2, "different": 0.4},
}  # fmt: skip
_EM_ROUNDS = 30
_MAX_PRIOR = 0.5
# Levels that agree on a whole name, or on a family name: their chance agreement is that
# name's own frequency, not the average one.
_FULL_AGREES = (("name", "exact"), ("name", "swapped"), ("email", "name"))
_FAMILY_AGREES = (
    *(("name", level) for level in ("nickname", "initials", "partial", "family_only")),
    ("email", "initial"),
    ("email", "family"),
)


@dataclass
class Model:
    m: list[dict[str, float]]  # per comparison, per level
    u: list[dict[str, float]]
    prior: float  # share of same-person pairs among the blocked pairs

    def weights(self) -> list[dict[str, float]]:
        return [
            {level: 0.0 if level == MISSING else math.log2(m[level] / u[level]) for level in m}
            for m, u in zip(self.m, self.u, strict=True)
        ]

    @property
    def prior_weight(self) -> float:
        return math.log2(self.prior / (1 - self.prior))


def _level_counts(patterns: Counter[Pattern], index: int) -> tuple[Counter[str], int]:
    """How often each level of comparison `index` occurs, and how often any but MISSING."""
    counts = Counter[str]()
    for pattern, count in patterns.items():
        counts[pattern[index]] += count
    return counts, sum(n for level, n in counts.items() if level != MISSING)


def _distribution(
    patterns: Counter[Pattern], index: int, levels: Sequence[str], prior: dict[str, float]
) -> dict[str, float]:
    """Level frequencies among `patterns`, pulled towards `prior` by PSEUDO_PAIRS pairs: a
    handful of known pairs (or none) must not make a level impossible."""
    counts, seen = _level_counts(patterns, index)
    return {
        level: (counts[level] + PSEUDO_PAIRS * prior.get(level, 0.0)) / (seen + PSEUDO_PAIRS)
        for level in levels
    }


def _chance(patterns: Counter[Pattern], index: int, levels: Sequence[str]) -> dict[str, float]:
    """u: level frequencies among random pairs, a level never seen counting as half a pair."""
    counts, seen = _level_counts(patterns, index)
    return {level: max(counts[level], 0.5) / max(seen, 1) for level in levels}


def estimate(
    blocked: Counter[Pattern], known: Counter[Pattern], random_pairs: Counter[Pattern]
) -> Model:
    """m from `known` (pairs known to be one person), u from `random_pairs`, and by EM the
    share of matches among the `blocked` pairs (those blocking lets through), at most
    one half.

    m is not left to EM: on contact data, EM settles on "same family name" as its match
    class (3 of 4 blocked pairs share one). The share is capped at one half: the comparisons
    are not independent (colleagues share an employer and its domain, relatives a family
    name and an address), so EM overrates it (0.9 where the labelled benchmark has 0.5),
    and a higher share would lift pairs whose evidence weighs nothing to the review band."""
    levels = [c.levels for c in COMPARISONS]
    u = [_chance(random_pairs, k, lv) for k, lv in enumerate(levels)]
    m = [
        _distribution(known, k, lv, M_PRIOR[c.name])
        for k, (c, lv) in enumerate(zip(COMPARISONS, levels, strict=True))
    ]
    sampled = sum(blocked.values())
    if not sampled:
        return Model(m, u, _MAX_PRIOR)
    prior = _MAX_PRIOR
    for _ in range(_EM_ROUNDS):
        matched = sum(count * _posterior(p, m, u, prior) for p, count in blocked.items())
        prior = min(max(matched / sampled, 1e-6), _MAX_PRIOR)
    return Model(m, u, prior)


def _posterior(
    pattern: Pattern, m: list[dict[str, float]], u: list[dict[str, float]], prior: float
) -> float:
    log_odds = math.log(prior / (1 - prior))
    for k, level in enumerate(pattern):
        if level != MISSING:
            log_odds += math.log(m[k][level] / u[k][level])
    return 1 / (1 + math.exp(-min(max(log_odds, -700), 700)))


def sample_pairs(persons: Sequence[int], count: int, seed: int = 0) -> Iterable[tuple[int, int]]:
    """Up to `count` random index pairs of two different persons: nearly all non-matches."""
    rng = random.Random(seed)
    size = len(persons)
    if size < 2:
        return
    for _ in range(count):
        i, j = rng.randrange(size), rng.randrange(size)
        if persons[i] != persons[j]:
            yield (min(i, j), max(i, j))


class TermFrequencies:
    """How common each family name and each full name is among the persons."""

    def __init__(self, names: Iterable[tuple[int, str, str]]) -> None:
        persons_by_family: dict[str, set[int]] = {}
        persons_by_full: dict[str, set[int]] = {}
        everyone: set[int] = set()
        for person, family, full in names:
            everyone.add(person)
            if family:
                persons_by_family.setdefault(family, set()).add(person)
            if full:
                persons_by_full.setdefault(full, set()).add(person)
        self.size = size = max(len(everyone), 1)
        self.family = {k: len(v) / size for k, v in persons_by_family.items()}
        self.full = {k: len(v) / size for k, v in persons_by_full.items()}


class Scorer:
    """A pair's match weight: the prior, each level's log2(m/u), and the term-frequency
    adjustment of the levels that agree on a name — log2(u of the level / frequency of the
    name agreed on): a bonus for a rare name, a penalty for a common one."""

    def __init__(self, model: Model, frequencies: TermFrequencies) -> None:
        self.weights = model.weights()
        self._base: dict[Pattern, float] = {}
        self._prior = model.prior_weight
        self._frequencies = frequencies
        names = [c.name for c in COMPARISONS]
        self._full = [
            (k, model.u[k][level]) for k, level in ((names.index(c), lv) for c, lv in _FULL_AGREES)
        ]
        self._family = [
            (k, model.u[k][level])
            for k, level in ((names.index(c), lv) for c, lv in _FAMILY_AGREES)
        ]
        # the most a rare name can add: a name agreed on twice (name and address), once
        # among all persons
        top = max(u for _k, u in (*self._full, *self._family))
        self.max_bonus = 2 * max(0.0, math.log2(top * frequencies.size))

    def base(self, pattern: Pattern) -> float:
        weight = self._base.get(pattern)
        if weight is None:
            weight = self._prior + sum(
                w[level] for w, level in zip(self.weights, pattern, strict=True)
            )
            self._base[pattern] = weight
        return weight

    def score(self, pattern: Pattern, family: str, full: str) -> float:
        weight = self.base(pattern)
        for (k, u_level), (_c, level) in zip(self._full, _FULL_AGREES, strict=True):
            if pattern[k] == level:
                frequency = self._frequencies.full.get(full)
                if frequency:
                    weight += math.log2(u_level / frequency)
        for (k, u_level), (_c, level) in zip(self._family, _FAMILY_AGREES, strict=True):
            if pattern[k] == level:
                frequency = self._frequencies.family.get(family)
                if frequency:
                    weight += math.log2(u_level / frequency)
        return weight
