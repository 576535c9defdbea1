"""Identity resolution end to end: block, compare, estimate, score, join (no Django)."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations, islice

from liens.resolution.blocking import candidate_pairs
from liens.resolution.clusters import Clusters
from liens.resolution.comparisons import COMPARISONS, MISSING, PairEngine, compare
from liens.resolution.features import Features, employers_in_names, features_of
from liens.resolution.model import Model, Scorer, TermFrequencies, estimate, sample_pairs
from liens.resolution.records import Candidate, Evidence, Resolution, ScoredPair

__all__ = ["AUTOMATIC", "REVIEW", "resolve"]

# Thresholds on the probability that a pair is one person. A wrong merge mixes two people's
# histories, a missed one leaves a duplicate: automatic merges are held to precision ≥ 0.995
# on the labelled benchmark (benchmarks/resolution.py), the review band catches the rest.
AUTOMATIC = 0.999
REVIEW = 0.5
RANDOM_PAIRS = 100_000  # to estimate u, at most...
RANDOM_PER_IDENTITY = 20  # ... and at most this many per identity (a 500-card book: 10,000)
KNOWN_PAIRS = 50_000  # pairs inside a person, to start m from
EM_PAIRS = 200_000  # blocked pairs EM learns from, beyond which a sample is enough


def resolve(
    candidates: Sequence[Candidate],
    *,
    keep_apart: Iterable[tuple[int, int]] = (),
    new: set[int] | None = None,
    automatic: float = AUTOMATIC,
    review: float = REVIEW,
    engine: PairEngine | None = None,
) -> Resolution:
    """Which persons are one. With `new` (candidate ids an import added), only pairs with a
    new identity are scored; the model is still estimated on everyone. `engine` blocks and
    compares elsewhere (`sql.duckdb_engine`) with the same result."""
    features = [features_of(c) for c in candidates]
    employers_in_names(features)
    if engine is not None and new is None:
        pairs, patterns = engine(features)
        model = _model(features, pairs, patterns)
    else:
        blocked = candidate_pairs(features)
        pairs = blocked
        if new is not None:  # the model learns from every blocked pair, sampled
            fresh = {i for i, f in enumerate(features) if f.id in new}
            pairs = [(i, j) for i, j in blocked if i in fresh or j in fresh]
        patterns = [compare(features[i], features[j]) for i, j in pairs]
        model = _model(features, blocked, patterns if new is None else None)
    scorer = Scorer(
        model, TermFrequencies((f.person, f.family, f.full) for f in features if f.full)
    )
    weights = scorer.weights
    book = _Book(features)
    scored: list[tuple[float, int, int, tuple[str, ...], float]] = []
    threshold = _weight_of(review)
    for (i, j), pattern in zip(pairs, patterns, strict=True):
        if pattern[_NAME] == "typo" and book.two_names(features[i], features[j]):
            pattern = ("different", *pattern[1:])
        if pattern[_EMAIL] == "same_local" and book.common_local(features[i], features[j]):
            pattern = (pattern[_NAME], MISSING, *pattern[2:])
        if scorer.base(pattern) < threshold - scorer.max_bonus:
            continue  # no name is rare enough to lift this pattern to the review band
        named = features[i] if features[i].full else features[j]
        weight = scorer.score(pattern, named.family, named.full)
        if weight >= threshold:
            scored.append((weight, i, j, pattern, _probability(weight)))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    involved = {features[i].person for _w, i, _j, _p, _pr in scored}
    involved |= {features[j].person for _w, _i, j, _p, _pr in scored}
    clusters = Clusters([f for f in features if f.person in involved], keep_apart)
    result = Resolution(automatic=automatic, review=review, pairs_scored=len(pairs))
    for f in features:
        result.members.setdefault(f.person, []).append(f.id)
        result.person_of[f.id] = f.person
    for weight, i, j, pattern, probability in scored:
        a, b = features[i], features[j]
        if _refused(pattern, weights, a, b, book) or not clusters.join(a.person, b.person):
            continue
        result.pairs.append(
            ScoredPair(
                left=min(a.id, b.id),
                right=max(a.id, b.id),
                probability=probability,
                weight=weight,
                evidence=_evidence(a, b, pattern, weights),
                automatic=_automatic(probability, pattern, weights, automatic),
            )
        )
    return result


def _model(
    features: Sequence[Features],
    blocked: list[tuple[int, int]],
    patterns: list[tuple[str, ...]] | None,
) -> Model:
    """Estimated on every blocked pair (`patterns`: theirs, when already compared)."""
    persons = [f.person for f in features]
    random_patterns = Counter(
        compare(features[i], features[j])
        for i, j in sample_pairs(persons, min(RANDOM_PAIRS, RANDOM_PER_IDENTITY * len(persons)))
    )
    known = Counter(
        _unkeyed(features[i], features[j]) for i, j in islice(_known(features), KNOWN_PAIRS)
    )
    if patterns is None:  # an import's pairs only were compared: compare a sample of all
        sample = random.Random(0).sample(blocked, min(len(blocked), EM_PAIRS))
        counted = Counter(compare(features[i], features[j]) for i, j in sample)
    elif len(patterns) > EM_PAIRS:
        counted = Counter(random.Random(0).sample(patterns, EM_PAIRS))
    else:
        counted = Counter(patterns)
    return estimate(counted, known, random_patterns)


def _known(features: Sequence[Features]) -> Iterable[tuple[int, int]]:
    """Pairs of identities the exact keys already made one person: labels for free."""
    by_person: dict[int, list[int]] = {}
    for index, f in enumerate(features):
        by_person.setdefault(f.person, []).append(index)
    for members in by_person.values():
        yield from combinations(members[:20], 2)


def _unkeyed(a: Features, b: Features) -> tuple[str, ...]:
    """The pattern of a pair the exact keys joined, without the key that joined it: a shared
    address or number says nothing of how often one person's two records share one."""
    pattern = list(compare(a, b))
    if set(a.candidate.emails) & set(b.candidate.emails):
        pattern[_EMAIL] = MISSING
    if a.phones & b.phones:
        pattern[_PHONE] = MISSING
    if a.candidate.profile_url and a.candidate.profile_url == b.candidate.profile_url:
        pattern[_PROFILE] = MISSING
    return tuple(pattern)


_NAME, _EMAIL, _ORG, _PHONE, _PROFILE = (
    [c.name for c in COMPARISONS].index(name)
    for name in ("name", "email", "organization", "phone", "profile")
)


def _automatic(
    probability: float, pattern: tuple[str, ...], weights: list[dict[str, float]], threshold: float
) -> bool:
    """Merged without asking: sure enough, with names that say the same person ("Jean
    Martin" and "Paul Martin", or "Chloé" at Acme and Chloé Martin at Acme, are asked about,
    however much else agrees), on two agreeing comparisons at least (a full name alone is
    shared by homonyms)."""
    agreeing = sum(weights[k][level] > 0 for k, level in enumerate(pattern))
    return probability >= threshold and pattern[_NAME] not in _ASK_NAMES and agreeing >= 2


_ASK_NAMES = frozenset({"family_only", "different", "given_only"})


class _Book:
    """What the whole book says about a pair that the pair alone cannot: how many persons
    hold a spelling, how many LinkedIn accounts a name has, who works where."""

    def __init__(self, features: Sequence[Features]) -> None:
        words: set[tuple[int, str, str]] = set()  # (person, "given" or "family", word)
        colleagues: set[tuple[str, str, str]] = set()
        accounts: dict[str, set[str]] = {}
        for f in features:
            if f.name.empty:
                continue
            words.update((f.person, "given", word) for word in f.name.given)
            if f.family:
                words.add((f.person, "family", f.family))
            if f.slug and f.full:
                accounts.setdefault(f.full, set()).add(f.slug)
            if f.name.given:
                for employer in {f.org, *f.labels} - {""}:
                    colleagues.add((f.family, f.name.given[0], employer))
        self.holders = Counter((kind, word) for _person, kind, word in words)
        self.local_holders = Counter(
            local for local, _person in {(lo, f.person) for f in features for lo in f.locals}
        )
        self.colleagues = Counter((given, employer) for _family, given, employer in colleagues)
        self.accounts = {name: len(slugs) for name, slugs in accounts.items() if len(slugs) > 1}

    def two_names(self, a: Features, b: Features) -> bool:
        """Are the two spellings a "typo" level joined two names? A slip of the finger makes
        a spelling nobody else has, or far rarer than the name it garbles; two spellings
        that several persons each hold are two names: Martin and Martins, Julie and Julien
        (100,000 labelled identities: 2 % of such pairs were one person)."""
        if a.family != b.family:
            held = sorted(self.holders["family", f.family] for f in (a, b))
        else:
            words = set(a.name.given) ^ set(b.name.given)
            held = sorted(self.holders["given", word] for word in words)
        return len(held) >= 2 and held[0] > 1 and held[-1] < _SLIPS_RARER * held[0]

    def common_local(self, a: Features, b: Features) -> bool:
        """Is the local part the two share held by many persons? "francois.martin" at
        three employers is three namesakes' address, not one person's at two providers."""
        return any(self.local_holders[local] >= _COMMON_LOCAL for local in a.locals & b.locals)

    def ambiguous(self, a: Features, b: Features) -> bool:
        """Is either name held by two LinkedIn accounts or more, that is by two people the
        book knows apart? Evidence that rests on the name alone cannot say which of them a
        bare address or a card is (100,000 labelled identities: 45 % were right)."""
        return bool(self.accounts) and any(
            self.accounts.get(f.full, 0) > 1 for f in (a, b) if f.full
        )

    def sole_namesake(self, a: Features, b: Features) -> bool:
        """Is the named side the only person of its given name at its employer? Then a
        phone's "Éric" at that employer can only be him. Persons are counted by family name:
        two records of one Éric Martin at Acme are one colleague, not two."""
        named = b if a.name.empty else a
        employers = {named.org, *named.labels} - {""}
        return bool(employers) and all(
            self.colleagues[(named.name.given[0], employer)] == 1 for employer in employers
        )


# A slip is at least this much rarer than the spelling it garbles (4 % of hand-typed names
# carry one, spread over a dozen possible slips of each name).
_SLIPS_RARER = 20
# A local part held by this many persons (before resolution) is a common name's spelling.
_COMMON_LOCAL = 3


def _refused(
    pattern: tuple[str, ...],
    weights: list[dict[str, float]],
    a: Features,
    b: Features,
    book: _Book,
) -> bool:
    """Never proposed: hard evidence against (two LinkedIn accounts, two birthdays), or no
    agreement that points at one person — a family name alone, a given name alone, an
    employer, a title, a day of birth: relatives and colleagues share those (100,000
    labelled identities: such proposals were wrong for 2 of 3 identity pairs they joined);
    or only the name, when the book holds two people of that name."""
    if any(level in c.hard for c, level in zip(COMPARISONS, pattern, strict=True)):
        return True
    if (
        pattern[_NAME] == "given_only"
        and pattern[_ORG] in ("same", "domain")
        and pattern[_EMAIL] != "no_fit"
        and book.sole_namesake(a, b)
    ):
        return False
    agreeing = [
        (c.name, level)
        for k, (c, level) in enumerate(zip(COMPARISONS, pattern, strict=True))
        if weights[k][level] > 0
    ]
    if all(agreement in _SHARED_BY_OTHERS for agreement in agreeing):
        return True
    return all(agreement in _FROM_THE_NAME for agreement in agreeing) and book.ambiguous(a, b)


_SHARED_BY_OTHERS = frozenset(
    {
        ("name", "family_only"),
        ("name", "given_only"),
        ("birthday", "same_day"),
        ("address", "same_place"),
        *(("organization", level) for level in ("same", "domain", "similar")),
        *(("title", level) for level in ("same", "similar")),
    }
)


# Agreements that come from the name only: a card or an address that writes it.
_FROM_THE_NAME = frozenset(
    {
        *(("name", level) for level in ("exact", "swapped", "nickname", "initials", "partial")),
        ("name", "typo"),
        *(("email", level) for level in ("name", "initial", "family")),
    }
)


def _weight_of(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def _probability(weight: float) -> float:
    return 1 / (1 + 2 ** -min(max(weight, -1000), 1000))


def _evidence(
    a: Features, b: Features, pattern: tuple[str, ...], weights: list[dict[str, float]]
) -> tuple[Evidence, ...]:
    """What weighed, strongest first: the comparisons that were not missing."""
    evidence = [
        Evidence(c.name, level, round(weights[k][level], 2), c.detail(a, b))
        for k, (c, level) in enumerate(zip(COMPARISONS, pattern, strict=True))
        if level != MISSING
    ]
    return tuple(sorted(evidence, key=lambda e: -abs(e.weight)))
