"""Resolution end to end, on the demo generator's labelled identities and on the cases of the
issue: one person under four spellings is one; two Marie Dubois stay two; me, keep-apart and
absurd values never merge anybody."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from datetime import date
from functools import cache

import pytest

from liens.demo.identities import labelled_identities
from liens.resolution import Candidate, resolve

BACKGROUND = 3000  # labelled identities the model learns from, around each scenario


@cache
def background() -> tuple[Candidate, ...]:
    return tuple(c for c, _ in labelled_identities(BACKGROUND, seed=11))


def _with_background(*extra: Candidate) -> list[Candidate]:
    return [*background(), *extra]


def _group_of(groups: list[tuple[int, ...]], candidate_id: int) -> set[int]:
    return next(set(g) for g in groups if candidate_id in g)


def _pairs(groups) -> int:
    return sum(len(g) * (len(g) - 1) // 2 for g in groups)


def _true_pairs(groups, truth: dict[int, int]) -> int:
    return sum(n * (n - 1) // 2 for g in groups for n in Counter(truth[i] for i in g).values())


def test_automatic_merges_are_precise_and_review_finds_nearly_everyone() -> None:
    labelled = labelled_identities(4000, seed=5)
    truth = {c.id: person for c, person in labelled}
    result = resolve([c for c, _ in labelled])
    by_person: dict[int, list[int]] = {}
    for c, person in labelled:
        by_person.setdefault(person, []).append(c.id)
    true_pairs = _pairs(by_person.values())
    automatic = result.groups()
    assert _true_pairs(automatic, truth) / _pairs(automatic) >= 0.995
    everything = result.groups(review=True)
    precision = _true_pairs(everything, truth) / _pairs(everything)
    recall = _true_pairs(everything, truth) / true_pairs
    assert 2 * precision * recall / (precision + recall) >= 0.95


JP = (  # the Jean-Pierre Martin, as four sources write him
    Candidate(90001, 90001, "linkedin", first_name="Jean-Pierre", last_name="MARTIN",
              organization="Acme", profile_url="https://www.linkedin.com/in/jpmartin-acme"),
    Candidate(90002, 90002, "mbox", display_name="JP Martin", emails=("jp.martin@acme.fr",)),
    Candidate(90003, 90003, "vcard", display_name="Jean Pierre Martin",
              phones=("+33612345678",), organization="Acme SAS"),
    Candidate(90004, 90004, "ics", emails=("jp.martin@acme.fr",)),
)  # fmt: skip


def test_four_spellings_of_one_person_become_one() -> None:
    # the mailbox and the calendar share the address: the importer made them one person
    jp = [*JP[:3], Candidate(90004, 90002, "ics", emails=("jp.martin@acme.fr",))]
    result = resolve(_with_background(*jp))
    assert _group_of(result.groups(), 90001) == {90001, 90002, 90003, 90004}
    evidence = {
        (e.comparison, e.level)
        for pair in result.pairs
        if {pair.left, pair.right} <= {90001, 90002, 90003, 90004}
        for e in pair.evidence
    }
    assert ("email", "name") in evidence  # jp.martin@ spells Jean-Pierre Martin
    assert ("organization", "domain") in evidence  # acme.fr is Acme's


def test_two_marie_dubois_with_different_birthdays_stay_two() -> None:
    maries = (
        Candidate(90011, 90011, "vcard", display_name="Marie Dubois", phones=("+33611111111",),
                  organization="Acme", birthday=date(1980, 3, 4)),
        Candidate(90012, 90012, "vcard", display_name="Marie Dubois", phones=("+33622222222",),
                  organization="Acme", birthday=date(1975, 9, 12)),
    )  # fmt: skip
    result = resolve(_with_background(*maries))
    assert 90012 not in _group_of(result.groups(review=True), 90011)


def test_two_linkedin_accounts_are_two_people() -> None:
    homonyms = (
        Candidate(90021, 90021, "linkedin", first_name="Camille", last_name="Leroy",
                  organization="Acme", profile_url="https://www.linkedin.com/in/camille-leroy-1a"),
        Candidate(90022, 90022, "linkedin", first_name="Camille", last_name="Leroy",
                  organization="Acme", profile_url="https://www.linkedin.com/in/camille-leroy-2b"),
    )  # fmt: skip
    result = resolve(_with_background(*homonyms))
    assert 90022 not in _group_of(result.groups(review=True), 90021)


def test_me_is_never_merged_on_its_own_and_kept_apart_pairs_are_never_proposed() -> None:
    me = Candidate(90031, 90031, "manual", display_name="Jean-Pierre Martin", is_me=True,
                   organization="Acme")  # fmt: skip
    result = resolve(_with_background(*JP[:3], me), keep_apart=[(90001, 90003)])
    groups = result.groups(review=True)
    assert _group_of(groups, 90031) == {90031}
    assert 90003 not in _group_of(groups, 90001)


def test_identities_with_nothing_to_compare_or_absurd_values_merge_nobody() -> None:
    junk = [
        Candidate(90040 + i, 90040 + i, "vcard", display_name=name, phones=phones, emails=emails)
        for i, (name, phones, emails) in enumerate(
            [
                ("Jean", (), ()),
                ("Jean", (), ()),
                ("", ("+33000000000",), ("n/a",)),
                ("", ("+33000000000",), ("n/a",)),
                ("Sophie", ("+33123456789",), ()),
                ("Paul", ("+33123456789",), ()),
            ]
        )
    ]
    groups = resolve(_with_background(*junk)).groups(review=True)
    for c in junk:
        assert _group_of(groups, c.id) == {c.id}


def test_two_thousand_martins_without_more_stay_apart_at_a_sane_speed() -> None:
    martins = [
        Candidate(100_000 + i, 100_000 + i, "linkedin", first_name=first, last_name="Martin")
        for i, first in enumerate(
            f"{given}{'' if i < 20 else i}" for i, given in enumerate(["Paul", "Anne"] * 1000)
        )
    ]
    start = time.perf_counter()
    result = resolve(_with_background(*martins))
    elapsed = time.perf_counter() - start
    ids = {c.id for c in martins}
    automatic = [p for p in result.pairs if p.automatic and {p.left, p.right} & ids]
    assert automatic == []
    assert elapsed < 30  # a safeguard against quadratic blow-up, not a benchmark


@pytest.mark.parametrize("new_only", [True, False])
def test_an_import_compares_only_its_new_identities(new_only) -> None:
    candidates = _with_background(*JP[:3])
    result = resolve(candidates, new={90002} if new_only else None)
    touched = {i for p in result.pairs for i in (p.left, p.right)}
    if new_only:
        assert all(90002 in (p.left, p.right) for p in result.pairs)
    assert 90002 in touched


def test_every_level_can_happen_to_one_person() -> None:
    # a level without prior mass would weigh -inf the day no known pair shows it
    from liens.resolution.comparisons import COMPARISONS, MISSING
    from liens.resolution.model import M_PRIOR

    for comparison in COMPARISONS:
        for level in comparison.levels:
            if level != MISSING:
                assert M_PRIOR[comparison.name].get(level, 0) > 0, (comparison.name, level)


def test_comparing_two_identities_does_not_depend_on_their_order() -> None:
    import random

    from liens.resolution.comparisons import compare
    from liens.resolution.features import features_of

    features = [features_of(c) for c in background()]
    rng = random.Random(2)
    pairs = [(rng.choice(features), rng.choice(features)) for _ in range(3000)]
    by_id = {f.id: f for f in features}  # pairs that share something, where levels vary
    pairs += [(by_id[p.left], by_id[p.right]) for p in resolve(background()).pairs]
    assert [compare(a, b) for a, b in pairs] == [compare(b, a) for a, b in pairs]


def _proposed(result, a: int, b: int) -> bool:
    return b in _group_of(result.groups(review=True), a)


def test_a_bare_address_is_given_to_neither_of_two_linkedin_namesakes() -> None:
    # two LinkedIn connections named alike are two people; a mailbox address that only
    # spells the name cannot say which of them it is
    accounts = [
        Candidate(90051 + i, 90051 + i, "linkedin", first_name="Maëlle", last_name="Quintrec",
                  organization=org, profile_url=f"https://www.linkedin.com/in/maelle-quintrec-{i}")
        for i, org in enumerate(["Acme", "Globex"])
    ]  # fmt: skip
    mailbox = Candidate(90059, 90059, "mbox", display_name="Maëlle Quintrec",
                        emails=("maelle.quintrec@gmail.com",))  # fmt: skip
    both = resolve(_with_background(*accounts, mailbox))
    assert not _proposed(both, 90059, 90051)
    assert not _proposed(both, 90059, 90052)
    assert not _proposed(both, 90051, 90052)
    one = resolve(_with_background(accounts[0], mailbox))  # one account: the name says who
    assert _proposed(one, 90059, 90051)


def test_two_names_a_letter_apart_are_not_a_typo_when_both_are_common() -> None:
    # Julie and Julien each name many people of the book: two names, not a slip; a
    # spelling nobody else has ("Jluien") is a slip
    people = [
        Candidate(90061, 90061, "linkedin", first_name="Julien", last_name="Quintrec",
                  profile_url="https://www.linkedin.com/in/julien-quintrec"),
        Candidate(90062, 90062, "vcard", display_name="Julie Quintrec", phones=("+33655443322",)),
        Candidate(90063, 90063, "vcard", display_name="Jluien Quintrec", phones=("+33655443311",)),
    ]  # fmt: skip
    given = Counter(word for c in background() for word in c.display_name.split()[:1])
    assert given["Julie"] > 1 and given["Julien"] > 1  # the book holds both names
    result = resolve(_with_background(*people))
    assert not _proposed(result, 90061, 90062)
    assert _proposed(result, 90061, 90063)


def test_two_given_names_of_one_family_are_not_joined_through_initials() -> None:
    # "C. Quintrec" could be Céline; but the person it belongs to is also Capucine Quintrec
    # on her own card: Céline and Capucine are two people, whatever record links them
    celine = Candidate(
        90071,
        90071,
        "linkedin",
        first_name="Céline",
        last_name="Quintrec",
        organization="Acme",
        profile_url="https://www.linkedin.com/in/celine-q",
    )
    initial = Candidate(
        90072,
        90072,
        "vcard",
        display_name="C. Quintrec",
        organization="Acme",
        phones=("+33655001122",),
    )
    capucine = Candidate(90073, 90072, "google_csv", display_name="Capucine Quintrec",
                         phones=("+33655001122",))  # fmt: skip
    alone = resolve(_with_background(celine, initial))
    assert _proposed(alone, 90071, 90072)  # the initial alone may well be hers
    both = resolve(_with_background(celine, initial, capucine))
    assert not _proposed(both, 90071, 90072)


def test_a_card_with_a_given_name_takes_its_family_name_from_its_address() -> None:
    from liens.resolution.features import features_of
    from liens.resolution.names import parse_name

    def name_of(display: str, *emails: str):
        return features_of(Candidate(1, 1, "vcard", display_name=display, emails=emails)).name

    eric = parse_name(first="Éric", last="Quintrec")
    assert name_of("Éric (frère)", "eric.quintrec@outlook.fr") == eric
    assert name_of("Éric", "quintrec_eric75@gmail.com") == eric
    assert name_of("Paul-Henri", "paul-henri.quintrec@acme.fr") == parse_name(
        first="Paul-Henri", last="Quintrec"
    )
    # no family name when the address does not say one, or says two, or may hold a particle
    for emails in (("eric75@gmail.com",), ("e.quintrec@acme.fr",), ("eric.q.jr@acme.fr",),
                   ("eric.quintrec@acme.fr", "eric.leroy@gmail.com"),
                   ("eric.delaquintrec@acme.fr",)):  # fmt: skip
        assert name_of("Éric", *emails).empty, emails


def test_a_phone_card_whose_address_names_another_family_is_not_the_colleague() -> None:
    # the only Stéphane at Zorblat is Stéphane Quintrec: a card "Stéphane" at Zorblat is
    # him, unless its address says it is Stéphane Sauillaud
    stephane = Candidate(
        90081,
        90081,
        "linkedin",
        first_name="Stéphane",
        last_name="Quintrec",
        organization="Zorblat Industries",
        profile_url="https://www.linkedin.com/in/stephane-quintrec",
    )
    card = Candidate(
        90082,
        90082,
        "vcard",
        display_name="Stéphane",
        organization="Zorblat Industries SAS",
        phones=("+33655001133",),
    )
    assert _proposed(resolve(_with_background(stephane, card)), 90081, 90082)
    # the address writes his family name, or only fits another name than Quintrec
    for address in ("sauillaud.stephane@gmail.com", "ssauillaud@gmail.com"):
        addressed = replace(card, emails=(address,))
        assert not _proposed(resolve(_with_background(stephane, addressed)), 90081, 90082)


def test_a_local_part_three_persons_hold_is_a_common_name_not_one_person() -> None:
    # one person's address at two providers: francois.quintrec@ at Acme and at Orange; a
    # third employer's francois.quintrec@ makes it a name that several people write
    def bare(i: int, domain: str) -> Candidate:
        return Candidate(i, i, "ics", emails=(f"fq.quintrec.jr@{domain}",))

    two = resolve(_with_background(bare(90091, "acme.fr"), bare(90092, "orange.fr")))
    assert _proposed(two, 90091, 90092)
    three = resolve(
        _with_background(bare(90091, "acme.fr"), bare(90092, "orange.fr"), bare(90093, "x.io"))
    )
    assert not _proposed(three, 90091, 90092)


def test_a_family_name_two_records_spell_alike_is_a_name_not_a_slip() -> None:
    from liens.resolution.clusters import Clusters
    from liens.resolution.features import features_of

    def person(pid: int, *names: str) -> list[Candidate]:
        return [Candidate(pid * 10 + k, pid, "mbox", display_name=n) for k, n in enumerate(names)]

    pouecoux = person(1, "Arnaud Pouecoux", "Pouecoux, Arnaud")
    slip = person(2, "Arnaud Ponecoux")  # typed once: may be his name mistyped
    ponecoux = person(3, "Arnaud Ponecoux", "A. Ponecoux")  # written twice: a name
    features = [features_of(c) for c in (*pouecoux, *slip, *ponecoux)]
    assert Clusters(features).join(1, 2)
    assert not Clusters(features).join(1, 3)
