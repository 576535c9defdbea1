"""The labelled identities of the resolution benchmark: sized, deterministic, truthful, noisy."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import pytest

from liens.demo import identities as I
from liens.demo.identity_noise import ORG_SPELLINGS, initials, typo
from liens.importers.normalize import canonical_linkedin_url, email_key
from liens.importers.phones import phone_e164
from liens.resolution.records import Candidate


@pytest.fixture(scope="module")
def data() -> I.Labelled:
    return I.labelled(20_000, seed=1)


def _keys(candidate: Candidate) -> list[str]:
    keys = [email_key(e) for e in candidate.emails] + list(candidate.phones)
    return [k for k in [*keys, candidate.profile_url] if k]


def test_it_is_deterministic_for_a_seed() -> None:
    assert I.labelled_identities(500, seed=3) == I.labelled_identities(500, seed=3)
    assert I.labelled_identities(500, seed=3) != I.labelled_identities(500, seed=4)


@pytest.mark.parametrize("size", [1, 7, 500])
def test_it_gives_the_size_asked_with_ids_one_to_n(size: int) -> None:
    pairs = I.labelled_identities(size, seed=0)
    assert [c.id for c, _ in pairs] == list(range(1, size + 1))


def test_it_gives_each_person_one_to_four_identities(data: I.Labelled) -> None:
    per_person = Counter(data.truth)
    assert set(per_person.values()) == {1, 2, 3, 4}
    share = Counter(per_person.values())
    assert 0.3 < share[1] / len(per_person) < 0.7  # many singletons, as in a real network


def test_it_never_gives_one_exact_key_to_two_persons(data: I.Labelled) -> None:
    owners: dict[str, set[int]] = defaultdict(set)
    for candidate, person in zip(data.candidates, data.truth, strict=True):
        for key in _keys(candidate):
            owners[key].add(person)
    assert owners
    assert all(len(persons) == 1 for persons in owners.values())


def test_it_clusters_identities_as_the_importer_does(data: I.Labelled) -> None:
    """`person` joins exactly the identities sharing a key, transitively, and names the
    cluster after its first identity; a cluster never spans two true persons."""
    cluster_of_key: dict[str, int] = {}
    truth_of_cluster: dict[int, int] = {}
    for candidate, person in zip(data.candidates, data.truth, strict=True):
        for key in _keys(candidate):
            assert cluster_of_key.setdefault(key, candidate.person) == candidate.person
        assert truth_of_cluster.setdefault(candidate.person, person) == person
    firsts = {}
    for candidate in data.candidates:
        firsts.setdefault(candidate.person, candidate.id)
    assert all(first == person for person, first in firsts.items())
    sizes = Counter(c.person for c in data.candidates)
    assert max(sizes.values()) > 1  # some identities do share keys


def test_it_keeps_values_as_the_importers_leave_them(data: I.Labelled) -> None:
    for candidate in data.candidates:
        assert all(phone_e164(p) == p for p in candidate.phones)
        assert all("-" not in e.rpartition(".")[2] for e in candidate.emails)  # a real TLD
        if candidate.profile_url:
            assert canonical_linkedin_url(candidate.profile_url) == candidate.profile_url
        assert candidate.source in {"linkedin", "vcard", "google_csv", "mbox", "ics"}
    by_source = Counter(c.source for c in data.candidates)
    assert by_source.most_common(1)[0][0] == "linkedin"
    assert all(by_source[s] > 0.03 * len(data.candidates) for s in by_source)


def _near(observed: int, eligible: int, rate: float) -> bool:
    spread = 4 * math.sqrt(rate * (1 - rate) / eligible) + 0.002
    return abs(observed / eligible - rate) < spread


@pytest.mark.parametrize(
    ("kind", "rate"),
    [
        ("typo", I.TYPO),
        ("initials", I.INITIALS),
        ("nickname", I.NICKNAME),
        ("old_job", I.OLD_JOB),
        ("numeric_profile", I.NUMERIC_PROFILE),
    ],
)
def test_noise_happens_at_its_stated_rate(data: I.Labelled, kind: str, rate: float) -> None:
    assert data.eligible[kind] > 50
    assert _near(data.noise[kind], data.eligible[kind], rate)


def test_organisations_are_spelt_in_the_stated_mix(data: I.Labelled) -> None:
    total = data.eligible["org_spelling"]
    for kind, rate in ORG_SPELLINGS:
        assert _near(data.noise[f"org_{kind}"], total, rate), kind


def test_the_other_kinds_of_noise_occur(data: I.Labelled) -> None:
    for kind in ("order_swap", "bare_address", "phone_unreadable"):
        assert 0.005 < data.noise[kind] / data.eligible[kind] < 0.3, kind
    assert 0.005 < data.noise["namesake"] / data.eligible["namesake"] < 0.1
    assert data.noise["shared_surname"] / data.eligible["shared_surname"] > 0.2
    assert any(c.birthday and c.birthday.year == 1604 for c in data.candidates)
    assert any(c.addresses for c in data.candidates)
    assert any(c.nickname for c in data.candidates)


def test_homonyms_are_different_persons_with_one_name(data: I.Labelled) -> None:
    """Same full name on LinkedIn, different true persons, different organisations."""
    seen: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for candidate, person in zip(data.candidates, data.truth, strict=True):
        if candidate.source == "linkedin" and candidate.organization:
            name = f"{candidate.first_name} {candidate.last_name}".casefold()
            seen[name].add((person, candidate.organization))
    homonyms = [v for v in seen.values() if len({p for p, _ in v}) > 1]
    assert any(len({org for _, org in v}) > 1 for v in homonyms)


def test_typos_and_initials_look_like_slips() -> None:
    rng = random.Random(0)
    for _ in range(200):
        slipped = typo("Dubois", rng)
        assert slipped != "Dubois"
        assert abs(len(slipped) - 6) <= 1
        assert slipped[0] == "D"
    assert initials("Jean-Pierre") == "J.-P."
    assert initials("Marie") == "M."
