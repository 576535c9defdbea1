"""One row of a contacts CSV read through its `Layout` (no Django).

Values are taken as text and stay text: a cell starting with `=`, `+`, `-` or `@` (CSV formula
injection) is stored as written, nothing is ever evaluated. Several values in one cell are
split where the exporter joins them (Google's ` ::: `; `;` or `,` between e-mail addresses);
names are never split.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from liens.importers.base import RawAddress, RawIdentity
from liens.importers.csvfile import Row
from liens.importers.formats.contacts_csv_columns import AddressColumns, Layout, Pair
from liens.importers.formats.contacts_csv_dates import DateOrder
from liens.importers.normalize import canonical_linkedin_url, clean_name, email_key, stable_key

__all__ = ["read_row"]

_MULTI = re.compile(r"\s*:::\s*")
_EMAIL_SPLIT = re.compile(r"\s*(?::::|;|,)\s*")
_URL_SPLIT = re.compile(r"\s*:::\s*|\s+")
_NON_DIGIT = re.compile(r"\D+")
_SLUG = re.compile(r"^[\w%-]{3,100}$")
_KNOWN_LABELS = {"home", "work", "other", "mobile", "main"}
_EMPTY = {"NA", "N/A", "#N/A"}  # what Excel re-saves put in empty cells, in its own case


class _Filled:
    """A row seen through its filled cells, read like `Row.get` reads them (stripped, Excel's
    `NA`/`#N/A` counting as empty) but by exact header name: a layout names columns as the
    header spells them, and most columns of an export are empty."""

    __slots__ = ("raw",)

    def __init__(self, row: Row) -> None:
        self.raw = {k: v for k, v in row.values.items() if v and not v.isspace()}

    def get(self, column: str) -> str:
        value = self.raw.get(column)
        if value is None:
            return ""
        if value[0].isspace() or value[-1].isspace():
            value = value.strip()
        return "" if value in _EMPTY else value  # as Excel writes them: "Na" is a name


def _values(row: _Filled, columns: tuple[str, ...]) -> list[str]:
    if not columns:
        return []
    get = row.get
    return [v for c in columns if (v := get(c))]


def _text(row: _Filled, columns: tuple[str, ...], multi: bool, joiner: str = " ") -> str:
    if not columns:
        return ""
    values = _values(row, columns)
    if multi:  # Google: "Acme ::: Globex" when a contact has two organisations; keep the first
        values = [_MULTI.split(v, maxsplit=1)[0] if ":::" in v else v for v in values]
    if len(values) == 1:
        return values[0]
    return joiner.join(dict.fromkeys(v for v in values if v))


def _labelled(row: _Filled, pairs: tuple[Pair, ...]) -> list[tuple[str, str]]:
    """(label, value) for each filled pair, the primary ones (`* Work`) first."""
    found = []
    for order, pair in enumerate(pairs):
        value = row.get(pair.value)
        if value:
            label = row.get(pair.label) if pair.label else ""
            found.append((not label.startswith("*"), order, label, value))
    found.sort()
    return [(label, value) for _p, _o, label, value in found]


def _emails(row: _Filled, pairs: tuple[Pair, ...]) -> tuple[tuple[str, ...], set[str]]:
    """Real addresses only: an Exchange X.500 DN (`/o=Org/ou=...`) has no `@` and is dropped.

    Returns the addresses as written and their comparison keys.
    """
    emails: dict[str, str] = {}
    keys: set[str] = set()
    for _label, value in _labelled(row, pairs):
        for part in _EMAIL_SPLIT.split(value):
            address = part.strip()
            key = email_key(address)
            if not key and "<" in address:
                address = parseaddr(address)[1]
                key = email_key(address)
            if key:  # two spellings of one mailbox are both kept: replies go to the exact one
                emails.setdefault(address.casefold(), address)
                keys.add(key)
    return tuple(emails.values()), keys


def _phones(row: _Filled, pairs: tuple[Pair, ...]) -> tuple[str, ...]:
    """Raw numbers, minus faxes: a shared fax number would merge the people who share it."""
    phones: dict[str, str] = {}
    for label, value in _labelled(row, pairs):
        if "fax" in label.casefold():
            continue
        for part in _MULTI.split(value):
            digits = _NON_DIGIT.sub("", part)
            if digits:
                phones.setdefault(digits, part.strip())
    return tuple(phones.values())


def _urls(row: _Filled, layout: Layout) -> tuple[str, tuple[str, ...]]:
    """(canonical LinkedIn profile URL or "", the other URLs). As in a vCard, the first
    profile (LinkedIn columns first) has its own field, and a second, different one stays a
    URL in its canonical form; other URLs are kept as written."""
    urls = [u for _l, v in _labelled(row, layout.urls) for u in _URL_SPLIT.split(v) if u]
    linkedin = []
    for value in _values(row, layout.linkedin):
        if not canonical_linkedin_url(value) and _SLUG.match(value):  # --map of bare slugs
            value = f"linkedin.com/in/{value}"
        linkedin.append(value)
    found = [canonical_linkedin_url(u) or u for u in (*linkedin, *urls)]
    profile = next((u for u in found if canonical_linkedin_url(u) == u), "")
    return profile, tuple(dict.fromkeys(u for u in found if u != profile))


def _label(text: str) -> str:
    text = text.lstrip("* ").strip()
    return text.casefold() if text.casefold() in _KNOWN_LABELS else text


def _address(row: _Filled, columns: AddressColumns) -> RawAddress | None:
    if row.raw.keys().isdisjoint(columns.all):
        return None
    street = "\n".join(_values(row, columns.street))
    parts = {
        "locality": _text(row, columns.locality, False),
        "region": _text(row, columns.region, False),
        "postcode": _text(row, columns.postcode, False),
        "country": _text(row, columns.country, False),
    }
    if not street and not any(parts.values()):
        street = _text(row, columns.formatted, False, "\n")
        if not street:
            return None
    label = columns.label or _label(row.get(columns.label_column) if columns.label_column else "")
    return RawAddress(street=street.replace("\r\n", "\n"), label=label, **parts)


def read_row(source_row: Row, layout: Layout, dates: DateOrder) -> tuple[RawIdentity, str] | None:
    """The row's identity (its key without a duplicate suffix) and, when its birthday must
    wait for the file's date order, the birthday cell ("" otherwise); None when the row names
    nobody (no name, e-mail, phone, organisation or URL)."""
    row = _Filled(source_row)
    multi = layout.multi
    first = clean_name(_text(row, layout.first, multi))
    middle = clean_name(_text(row, layout.middle, multi))
    last = clean_name(_text(row, layout.last, multi))
    display = clean_name(_text(row, layout.name, multi)) or " ".join(
        p for p in (first, middle, last) if p
    )
    emails, email_keys = _emails(row, layout.emails)
    phones = _phones(row, layout.phones)
    organization = _text(row, layout.organization, multi)
    profile_url, urls = _urls(row, layout)
    if not (display or emails or phones or organization or profile_url or urls):
        return None
    addresses = tuple(a for c in layout.addresses if (a := _address(row, c)) is not None)
    birthday_text = next(iter(_values(row, layout.birthday)), "")
    birthday, later = dates.read(birthday_text)
    note = _text(row, layout.note, False, "\n")
    if "\r" in note:
        note = note.replace("\r\n", "\n").replace("\r", "\n")
    identity = RawIdentity(
        source=layout.source,
        key=_base_key(display, email_keys, phones, organization, profile_url, urls),
        line=source_row.line,
        first_name=first,
        last_name=last,
        display_name=display,
        emails=emails,
        phones=phones,
        profile_url=profile_url,
        organization=organization,
        title=_text(row, layout.title, multi),
        raw=row.raw,
        nickname=clean_name(_text(row, layout.nickname, multi)),
        addresses=addresses,
        urls=urls,
        note=note,
        birthday=birthday,
    )
    return identity, birthday_text if later else ""


def _base_key(
    name: str,
    email_keys: set[str],
    phones: tuple[str, ...],
    organization: str,
    profile_url: str,
    urls: tuple[str, ...],
) -> str:
    """stable_key(folded full name, sorted e-mail keys, sorted phone digits).

    Google and Outlook rows carry no id, so the key is what identifies the person in the row;
    it survives re-exports and reordering, and changes only when those fields are edited.
    A row with none of them (a company card) falls back on its organisation and URLs.
    """
    emails = ",".join(sorted(email_keys))
    digits = ",".join(sorted({_NON_DIGIT.sub("", p) for p in phones}))
    folded = name.casefold()
    if folded or emails or digits:
        return stable_key(folded, emails, digits)
    return stable_key("", "", "", organization.casefold(), profile_url, *sorted(urls))
