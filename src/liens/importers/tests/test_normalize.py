"""Normalisation keys: the spellings real exports use must meet on one key (formats.md §1.2, §6)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liens.importers.normalize import (
    canonical_linkedin_url,
    clean_name,
    email_key,
    stable_key,
    strip_markup,
)
from liens.importers.phones import phone_e164

CANONICAL = "https://www.linkedin.com/in/goran-stipetić-5b837a2a0"


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.linkedin.com/in/goran-stipeti%C4%87-5b837a2a0",
        "https://www.linkedin.com/in/goran-stipeti%C4%87-5b837a2a0/",
        "www.linkedin.com/in/goran-stipetić-5b837a2a0",
        "linkedin.com/in/goran-stipetić-5b837a2a0",
        "http://fr.linkedin.com/in/goran-stipetić-5b837a2a0?trk=abc#top",
        "HTTPS://WWW.LINKEDIN.COM/in/goran-stipeti%C4%87-5b837a2a0",
        "  https://www.linkedin.com/in/goran-stipetic\u0301-5b837a2a0  ",  # NFD → NFC
        "https://www.linkedin.com/in/goran-stipetić-5b837a2a0/details/skills/",
    ],
)
def test_it_canonicalises_every_spelling_of_a_profile_url(raw: str) -> None:
    assert canonical_linkedin_url(raw) == CANONICAL


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "NA",
        "https://www.linkedin.com/company/hooli",
        "https://www.linkedin.com/in/",
        "https://evil.example/in/ana",
        "https://linkedin.com.evil.example/in/ana",
        "javascript:alert(1)",
        "ftp://www.linkedin.com/in/ana",
        "not a url",
    ],
)
def test_it_returns_nothing_for_values_that_are_not_profiles(raw: str) -> None:
    assert canonical_linkedin_url(raw) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Konterman🔸", "Konterman"),
        ("Nayak, MSc, MBA, PHR", "Nayak"),
        ("Dupont, PhD", "Dupont"),
        ("Igor\t", "Igor"),
        ("Vikram ", "Vikram"),
        ("  Jean   Paul  ", "Jean Paul"),
        ("Jane Doe (she/her)", "Jane Doe"),
        ("Petrov (he/him)", "Petrov"),
        ("Marie (elle)", "Marie"),
        ("Alex Kim (they/them)", "Alex Kim"),
        ("Jean Dupont | il/lui", "Jean Dupont"),
        ("Ana 👩🏽‍💻 Silva", "Ana Silva"),
        ("Léa 🇫🇷", "Léa"),
        ("Jose\u0301", "José"),  # NFD → NFC
        ("Doe, John", "Doe, John"),  # not credentials: kept
        ("Smith, Jr.", "Smith, Jr."),
        ("Louis, III", "Louis, III"),
        ('James "Tyler"', 'James "Tyler"'),
        ('=HYPERLINK("http://evil.example","x")', '=HYPERLINK("http://evil.example","x")'),
        ("", ""),
    ],
)
def test_it_cleans_names(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John.Doe+news@GoogleMail.com", "johndoe@gmail.com"),
        (" j.o.h.n.doe@gmail.com ", "johndoe@gmail.com"),
        ("ana+tag@outlook.fr", "ana@outlook.fr"),
        ("ana+tag@hotmail.co.uk", "ana@hotmail.co.uk"),
        ("ana+tag@live.com", "ana@live.com"),
        ("ana+tag@icloud.com", "ana@icloud.com"),
        ("ana+tag@protonmail.com", "ana@protonmail.com"),
        ("ana+tag@fastmail.com", "ana@fastmail.com"),
        ("First.Last+tag@Example.COM", "first.last+tag@example.com"),  # Workspace: keep dots
        ("mailto:Ana@Example.org", "ana@example.org"),
        ("<ana@example.org>", "ana@example.org"),
        ("n/a", ""),
        ("NA", ""),
        ("ana", ""),
        ("ana@localhost", ""),
        ("/o=ExchangeLabs/ou=Exchange Administrative Group/cn=Recipients/cn=ana", ""),
        ("a@b@c.com", ""),
        ("", ""),
    ],
)
def test_it_builds_email_keys(raw: str, expected: str) -> None:
    assert email_key(raw) == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("0033612345678", "FR", "+33612345678"),
        ("+33 (0)6 12 34 56 78", None, "+33612345678"),
        ("tel:+33-6-12-34-56-78", None, "+33612345678"),
        ("01 42 68 53 00", "FR", "+33142685300"),
        (" +91 70238 58424", "FR", "+917023858424"),
        ("06 12 34 56 78", "US", ""),  # wrong region: not valid, so no key
        ("+41319280960 ::: +41792648866", "CH", ""),  # the caller splits
        ("123", "FR", ""),
        ("", "FR", ""),
        ("call me", "FR", ""),
    ],
)
def test_it_formats_valid_phone_numbers_as_e164(
    raw: str, region: str | None, expected: str
) -> None:
    assert phone_e164(raw, region) == expected


def test_it_uses_france_as_the_default_region() -> None:
    assert phone_e164("06 12 34 56 78") == "+33612345678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '<p class="spinmail-quill-editor__spin-break">Sure &amp; thanks!</p><p>Tuesday?</p>',
            "Sure & thanks! Tuesday?",
        ),
        ("Thanks for connecting&nbsp;&rsquo;Camille&rsquo;", "Thanks for connecting ’Camille’"),
        ("a < b and c > d", "a < b and c > d"),
        ("x<script>alert(1)</script>y", "x y"),
        ("line one  line two\n\nthree", "line one line two three"),
        ("<b>bold</b>", "bold"),
        ("", ""),
    ],
)
def test_it_strips_markup_to_plain_text(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected


def test_it_never_leaves_a_tag_in_stripped_text() -> None:
    assert "<" not in strip_markup('<img src=x onerror="alert(1)"><a href="#">link</a>')


def test_stable_key_is_deterministic_short_and_separates_fields() -> None:
    key = stable_key("conv", "2024-12-16 18:24:37 UTC", "ana")
    assert key == stable_key("conv", "2024-12-16 18:24:37 UTC", "ana")
    assert len(key) == 20
    assert all(ch in "0123456789abcdef" for ch in key)
    assert stable_key("ab", "c") != stable_key("a", "bc")
    assert stable_key("a", None) == stable_key("a", "")


@given(st.text())
def test_normalisers_never_raise(text: str) -> None:
    canonical_linkedin_url(text)
    clean_name(text)
    email_key(text)
    phone_e164(text)
    strip_markup(text)
    stable_key(text)


@given(st.text())
def test_clean_name_is_idempotent(text: str) -> None:
    once = clean_name(text)
    assert clean_name(once) == once


@given(st.text())
def test_email_key_is_idempotent(text: str) -> None:
    key = email_key(text)
    assert email_key(key) == key
