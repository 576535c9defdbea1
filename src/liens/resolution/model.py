"""Fellegi–Sunter match weights, estimated from the user's own identities (no Django).

For each comparison level, m = P(level | same person) and u = P(level | two people); a
pair's weight is the prior log-odds plus Σ log2(m/u) over its comparisons (MISSING weighs
nothing). u comes from random pairs, which are nearly all two people; m starts from the
pairs the exact keys already joined (free labels) and is refined by EM on the blocked pairs,
as is the share of true matches among them. Agreeing on "Martin" weighs less than agreeing
on a rare name: the name levels get a term-frequency adjustment.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from liens.resolution.comparisons import COMPARISONS, MISSING

__all__ = ["Model", "estimate"]

Pattern = tuple[str, ...]
_FLOOR = 1e-6  # no level is impossible: one unseen slip must not weigh -∞
_EM_ROUNDS = 30
# Name levels where the family names agree: their chance agreement is the family name's own
# frequency, not the average one.
_FAMILY_AGREES = frozenset({"exact", "swapped", "nickname", "initials", "partial", "family_only"})


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


def _distribution(
    patterns: Counter[Pattern], index: int, levels: Sequence[str]
) -> dict[str, float]:
    counts = Counter[str]()
    for pattern, count in patterns.items():
        counts[pattern[index]] += count
    seen = sum(n for level, n in counts.items() if level != MISSING)
    return {
        level: max(counts[level] / seen, _FLOOR) if seen else 1 / len(levels) for level in levels
    }


def estimate(
    blocked: Counter[Pattern], known: Counter[Pattern], random_pairs: Counter[Pattern]
) -> Model:
    """m and u per level. `known`: patterns of pairs known to be one person; `random_pairs`:
    of random pairs; `blocked`: of the pairs to score, on which EM runs."""
    levels = [c.levels for c in COMPARISONS]
    u = [_distribution(random_pairs, k, lv) for k, lv in enumerate(levels)]
    m = [_distribution(known or blocked, k, lv) for k, lv in enumerate(levels)]
    prior = 0.1
    total = sum(blocked.values())
    if not total:
        return Model(m, u, prior)
    for _ in range(_EM_ROUNDS):
        expected = Counter[Pattern]()
        matched = 0.0
        for pattern, count in blocked.items():
            p = _posterior(pattern, m, u, prior)
            expected[pattern] += count * p
            matched += count * p
        prior = min(max(matched / total, 1e-6), 1 - 1e-6)
        m = [_weighted(expected, k, lv) for k, lv in enumerate(levels)]
    return Model(m, u, prior)


def _weighted(expected: Counter[Pattern], index: int, levels: Sequence[str]) -> dict[str, float]:
    sums = dict.fromkeys(levels, 0.0)
    for pattern, weight in expected.items():
        sums[pattern[index]] += weight
    seen = sum(w for level, w in sums.items() if level != MISSING)
    return {level: max(sums[level] / seen, _FLOOR) if seen else 1 / len(levels) for level in levels}


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
        self.size = max(len(everyone), 1)
        self.family = {k: len(v) / self.size for k, v in persons_by_family.items()}
        self.full = {k: len(v) / self.size for k, v in persons_by_full.items()}

    def adjustment(self, level: str, u_level: float, family: str, full: str) -> float:
        """log2(u of the level / frequency of the value agreed on): a bonus for a rare name,
        a penalty for a common one."""
        if level in ("exact", "swapped"):
            frequency = self.full.get(full)
        elif level in _FAMILY_AGREES:
            frequency = self.family.get(family)
        else:
            return 0.0
        if not frequency:
            return 0.0
        return math.log2(u_level / frequency)
