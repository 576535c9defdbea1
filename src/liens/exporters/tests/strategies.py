"""Random but valid contacts for the round-trip properties.

"Valid" means what a stored identity can hold after import: names as `clean_name` leaves
them (no emoji, no pronouns, trimmed), addresses `email_key` accepts, numbers with digits,
stripped values. Values that a reader documents it cannot carry are left out here and
tested on their own (see the `known losses` tests).
"""

from __future__ import annotations

import string
import unicodedata
from datetime import date

from hypothesis import strategies as st

from liens.importers.base import RawAddress, RawIdentity
from liens.importers.normalize import canonical_linkedin_url, clean_name, email_key

NO_YEAR = 1604
_EXCEL_EMPTY = {"NA", "N/A", "#N/A"}  # csvfile: what Excel writes in empty cells

# One plain contact, for the writers' example-based tests.
JEAN = RawIdentity(
    source="liens",
    key="4d1e7c5a-0b6f-4f5e-9a51-1c2d3e4f5a6b",
    line=None,
    first_name="Jean",
    last_name="Martin",
    display_name="Jean Martin",
    emails=("jean.martin@acme.fr",),
)

_LETTERS = st.characters(categories=("Lu", "Ll", "Lo"), exclude_characters="ǅǈǋǲ")
_NAME_CHARS = st.one_of(_LETTERS, st.sampled_from(list(" -'.,;\\&")))
_TEXT_CHARS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
    st.sampled_from(list(",;:\\\"'=+-@")),
)


def _usable(text: str) -> bool:
    """Not a value the CSV reader takes for an empty Excel cell, and no Google ` ::: `."""
    return text.upper() not in _EXCEL_EMPTY and ":::" not in text


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


names = (
    st.text(_NAME_CHARS, max_size=30).map(_nfc).filter(lambda s: clean_name(s) == s and _usable(s))
)
texts = st.text(_TEXT_CHARS, max_size=80).map(lambda s: _nfc(s).strip()).filter(_usable)
notes = st.lists(texts, max_size=4).map("\n".join).map(str.strip).filter(_usable)
emails = st.emails().filter(lambda e: bool(email_key(e)) and _usable(e))
phones = st.builds(
    lambda plus, groups: ("+" if plus else "") + " ".join(groups),
    st.booleans(),
    st.lists(st.text(string.digits, min_size=2, max_size=4), min_size=2, max_size=4),
)
urls = st.builds(
    "https://{}.example/{}".format,
    st.text(string.ascii_lowercase, min_size=1, max_size=12),
    st.text(string.ascii_letters + string.digits + "-_/?=&%.~", max_size=30),
)
profile_urls = st.text(string.ascii_lowercase + string.digits + "-", min_size=3, max_size=30).map(
    lambda slug: canonical_linkedin_url(f"https://www.linkedin.com/in/{slug}")
)
labels = st.one_of(
    st.sampled_from(["", "home", "work", "other", "Bureau", "Résidence secondaire"]),
    names.filter(lambda s: not s.startswith(("*", "_$!<"))),
)
addresses = st.builds(
    RawAddress,
    street=notes,
    locality=texts,
    postcode=st.text(string.ascii_uppercase + string.digits + " -", max_size=10)
    .map(str.strip)
    .filter(_usable),
    region=texts,
    country=texts,
    label=labels,
).filter(lambda a: bool(a.street or a.locality or a.postcode or a.region or a.country))
birthdays = st.one_of(
    st.none(),
    st.dates(min_value=date(1000, 1, 1), max_value=date(2100, 12, 31)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)).map(
        lambda d: d.replace(year=NO_YEAR)
    ),
)
uids = st.one_of(st.uuids().map(str), texts.filter(lambda s: 0 < len(s) <= 400))


def _unique(values: st.SearchStrategy[str], key) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(values, max_size=4, unique_by=key).map(tuple)


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


records = st.builds(
    RawIdentity,
    source=st.just("liens"),
    key=uids,
    line=st.none(),
    first_name=names,
    last_name=names,
    display_name=names.filter(bool),
    emails=_unique(emails, lambda e: e.casefold()),
    phones=_unique(phones, _digits),
    profile_url=st.one_of(st.just(""), profile_urls),
    organization=texts,
    title=texts,
    nickname=names,
    birthday=birthdays,
    addresses=st.lists(addresses, max_size=3, unique=True).map(tuple),
    urls=_unique(urls, str),
    note=notes,
)
