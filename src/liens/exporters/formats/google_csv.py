"""Google Contacts CSV, the current format, as Google's own export writes it (no Django).

research/formats.md §4.1: UTF-8 with a BOM; the fixed columns `First Name` … `Labels`, then
numbered `E-mail N - Label/Value`, `Phone N - Label/Value`, `Address N - …` and
`Website N - Label/Value` groups, as many as the fullest contact needs; a `* ` before a label
marks the primary value; `* myContacts` puts the contact in "My contacts".

The format has no display-name column (Google builds it from First, Middle and Last), so a
record with neither first nor last name gets its display name in `First Name`, as people
type it. It has no UID column either: the importer keys a row by its name, e-mails and phones.
Values are written as they are: nothing is evaluated by Google's import, and a `'` before a
`+33…` number to defuse spreadsheets would be imported as part of the number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from liens.exporters.formats.text import NO_YEAR, is_mobile, plain
from liens.importers.base import RawAddress, RawIdentity

__all__ = ["Row", "header", "name", "row", "suffix", "write"]

name = "google-csv"
suffix = ".csv"
BOM = "\ufeff"
FIXED = (
    *("First Name", "Middle Name", "Last Name"),
    *("Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name"),
    *("Name Prefix", "Name Suffix", "Nickname", "File As"),
    *("Organization Name", "Organization Title", "Organization Department"),
    *("Birthday", "Notes", "Photo", "Labels"),
)
ADDRESS_PARTS = (
    *("Label", "Formatted", "Street", "City", "PO Box", "Region"),
    *("Postal Code", "Country", "Extended Address"),
)
MY_CONTACTS = "* myContacts"
_PAIR = ("Label", "Value")
_GROUPS = ("E-mail", "Phone", "Address", "Website")
_KNOWN_LABELS = {"home": "Home", "work": "Work", "other": "Other"}


def write(records: Iterable[RawIdentity], out: TextIO) -> int:
    """Write the header sized by the records, then one row per record; returns the rows."""
    rows = [r for r in map(row, records) if r is not None]
    sizes = [max([len(r.groups[group]) for r in rows] + [1]) for group in _GROUPS]
    columns = header(*sizes)
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for cells in rows:
        writer.writerow(cells.cells(columns))
    return len(rows)


def header(emails: int = 1, phones: int = 1, addresses: int = 1, websites: int = 1) -> list[str]:
    """The column names, with this many numbered groups of each kind."""
    columns = list(FIXED)
    columns += [f"E-mail {n} - {part}" for n in range(1, emails + 1) for part in _PAIR]
    columns += [f"Phone {n} - {part}" for n in range(1, phones + 1) for part in _PAIR]
    columns += [f"Address {n} - {part}" for n in range(1, addresses + 1) for part in ADDRESS_PARTS]
    columns += [f"Website {n} - {part}" for n in range(1, websites + 1) for part in _PAIR]
    return columns


@dataclass
class Row:
    """One contact's cells: the fixed columns, and the parts of each numbered group."""

    fixed: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def cells(self, columns: list[str]) -> list[str]:
        values = dict(self.fixed)
        for group, items in self.groups.items():
            for n, parts in enumerate(items, start=1):
                for part, text in parts.items():
                    values[f"{group} {n} - {part}"] = text
        return [values.get(column, "") for column in columns]


def row(record: RawIdentity) -> Row | None:
    """The cells of one contact; None when it names nobody and has no way to reach them."""
    first, last = _text(record.first_name), _text(record.last_name)
    if not (first or last):
        first = _text(record.display_name) or _text(record.nickname)
    fixed = {
        "First Name": first,
        "Last Name": last,
        "Nickname": _text(record.nickname),
        "Organization Name": _text(record.organization),
        "Organization Title": _text(record.title),
        "Birthday": _birthday(record.birthday),
        "Notes": _text(record.note),
        "Labels": MY_CONTACTS,
    }
    emails = [e for e in map(_text, record.emails) if e]
    phones = [p for p in map(_text, record.phones) if p]
    profile = _uri(record.profile_url)
    websites = list(dict.fromkeys(u for u in map(_uri, (profile, *record.urls)) if u))
    if not (first or last or emails or phones or fixed["Organization Name"] or websites):
        return None
    groups = {
        "E-mail": [_pair("Other", e, n) for n, e in enumerate(emails)],
        "Phone": [_pair("Mobile" if is_mobile(p) else "Other", p, n) for n, p in enumerate(phones)],
        "Address": [a for a in map(_address, record.addresses) if a],
        "Website": [
            {"Label": "Profile" if url == profile else "Other", "Value": url} for url in websites
        ],
    }
    return Row(fixed, groups)


def _text(value: str) -> str:
    return plain(value).strip()


def _uri(url: str) -> str:
    return " ".join(plain(url).split())


def _pair(label: str, value: str, index: int) -> dict[str, str]:
    return {"Label": f"* {label}" if index == 0 else label, "Value": value}


def _address(address: RawAddress) -> dict[str, str]:
    parts = {
        "Street": _text(address.street),
        "City": _text(address.locality),
        "Region": _text(address.region),
        "Postal Code": _text(address.postcode),
        "Country": _text(address.country),
    }
    if not any(parts.values()):
        return {}
    label = _text(address.label)
    return {"Label": _KNOWN_LABELS.get(label.casefold(), label), **parts}


def _birthday(day: date | None) -> str:
    if day is None:
        return ""
    return f"--{day:%m-%d}" if day.year == NO_YEAR else day.isoformat()
