"""Addresses and organizations as evidence: jp.martin@acme.fr speaks for Jean-Pierre Martin of
Acme; gmail.com speaks for no employer, contact@ for nobody."""

from __future__ import annotations

import pytest

from liens.resolution.emails import EmailLevel, compare_locals, local_fit, local_part
from liens.resolution.names import parse_name
from liens.resolution.orgs import OrgLevel, compare_orgs, domain_label, org_key

JEAN_PIERRE = parse_name(display="Jean-Pierre MARTIN")


@pytest.mark.parametrize(
    ("address", "level"),
    [
        ("jp.martin@acme.fr", EmailLevel.NAME),  # JP is how Jean-Pierre is called
        ("jpmartin@gmail.com", EmailLevel.NAME),
        ("j.p.martin@acme.fr", EmailLevel.NAME),
        ("jean-pierre.martin@acme.fr", EmailLevel.NAME),
        ("martin.jeanpierre@orange.fr", EmailLevel.NAME),
        ("jean.martin@acme.fr", EmailLevel.NAME),  # the first of a compound given name
        ("jmartin@acme.fr", EmailLevel.INITIAL),
        ("martin.j+news@acme.fr", EmailLevel.INITIAL),
        ("martin75@free.fr", EmailLevel.FAMILY),
        ("paul.dubois@acme.fr", EmailLevel.NO_FIT),
        ("contact@acme.fr", EmailLevel.MISSING),  # a shared box names nobody
    ],
)
def test_it_tells_how_an_address_fits_a_name(address, level) -> None:
    assert local_fit(local_part(address), JEAN_PIERRE) is level


def test_short_forms_fit_their_full_given_name_both_ways() -> None:
    assert local_fit("bill.turner", parse_name(display="William Turner")) is EmailLevel.NAME
    assert local_fit("william.turner", parse_name(display="Bill Turner")) is EmailLevel.NAME


def test_the_same_personal_local_part_at_two_providers_is_strong_evidence() -> None:
    level = compare_locals(
        frozenset({local_part("camille.leroy@acme.fr")}),
        {},
        frozenset({local_part("camille.leroy@gmail.com")}),
        {},
    )
    assert level is EmailLevel.SAME_LOCAL


@pytest.mark.parametrize(
    ("raw", "key"),
    [("ACME S.A.S.", "acme"), ("Acme SAS", "acme"), ("Acme Groupe", "acme"), ("SA", "sa")],
)
def test_legal_forms_do_not_count_in_an_organization_name(raw, key) -> None:
    assert org_key(raw) == key


@pytest.mark.parametrize(
    ("domain", "label"),
    [("acme.fr", "acme"), ("mail.acme.co.uk", "acme"), ("gmail.com", ""), ("orange.fr", "")],
)
def test_free_mail_domains_carry_no_employer(domain, label) -> None:
    assert domain_label(domain) == label


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        (("Acme SAS", ()), ("ACME", ()), OrgLevel.SAME),
        (("Acme", ()), ("", ("acme",)), OrgLevel.DOMAIN),
        (("", ("acme",)), ("", ("acme",)), OrgLevel.DOMAIN),
        (("Acme France", ()), ("Acme", ()), OrgLevel.SIMILAR),
        (("Banque Populaire", ()), ("Banque Postale", ()), OrgLevel.DIFFERENT),
        (("Acme", ()), ("", ()), OrgLevel.MISSING),
    ],
)
def test_it_compares_organizations_by_name_and_by_domain(a, b, level) -> None:
    (name_a, labels_a), (name_b, labels_b) = a, b
    assert (
        compare_orgs(org_key(name_a), frozenset(labels_a), org_key(name_b), frozenset(labels_b))
        is level
    )
