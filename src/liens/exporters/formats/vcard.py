"""vCard 3.0 address books, the version iOS, Android and Google all import (no Django).

Apple and Google still export 3.0 (research/formats.md §3.2), so that is what they read best.
The card follows RFC 2426 with Apple's habits where 3.0 has no word for a thing:
- CRLF line ends; lines folded at 75 octets, never inside a UTF-8 sequence;
- text values escape `\\`, `,`, `;` and line ends (`\\n`), in every component of N and ADR;
- a custom address label goes in an `itemN.X-ABLabel` group, as Apple and Google write it;
  `home` and `work` are plain TYPE values;
- a birthday without a year is `BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD`: 3.0 has no partial
  dates, and this is the form CardDAV servers and iOS use (DAVx5's vcard4android reads it);
- UID is the record's `key`, so a card imported again is recognised (`uid:<UID>`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from liens.exporters.formats.text import NO_YEAR, is_mobile, plain
from liens.importers.base import RawAddress, RawIdentity

__all__ = ["card_lines", "escape", "fold", "name", "suffix", "write"]

name = "vcard"
suffix = ".vcf"
PRODID = "-//liens//liens export//EN"
LIMIT = 75  # octets per physical line, CRLF excluded (RFC 2426 §2.6)
CRLF = "\r\n"
_TYPED_LABELS = {"home": "HOME", "work": "WORK"}


def write(records: Iterable[RawIdentity], out: TextIO) -> int:
    """Write one card per record that names somebody; returns the number of cards."""
    count = 0
    for record in records:
        lines = card_lines(record)
        if lines:
            out.write("".join(fold(line) + CRLF for line in lines))
            count += 1
    return count


def card_lines(record: RawIdentity) -> list[str]:
    """The unfolded content lines of one card; [] when the record has nothing to show."""
    fn = _formatted_name(record)
    if not fn:
        return []
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"PRODID:{PRODID}",
        f"N:{_structured(record.last_name, record.first_name, '', '', '')}",
        f"FN:{escape(fn)}",
    ]
    if nickname := plain(record.nickname).strip():
        lines.append(f"NICKNAME:{escape(nickname)}")
    if organization := plain(record.organization).strip():
        lines.append(f"ORG:{escape(organization)}")
    if title := plain(record.title).strip():
        lines.append(f"TITLE:{escape(title)}")
    lines += _emails(record.emails)
    lines += _phones(record.phones)
    groups = _Groups()
    for address in record.addresses:
        lines += _address(address, groups)
    lines += _urls(record, groups)
    if record.birthday is not None:
        lines.append(_birthday(record.birthday))
    if note := plain(record.note).strip():
        lines.append(f"NOTE:{escape(note)}")
    if uid := plain(record.key).strip():
        lines.append(f"UID:{escape(uid)}")
    lines.append("END:VCARD")
    return lines


def escape(text: str) -> str:
    """RFC 2426 §5 text escapes, after line ends are made LF and controls dropped."""
    text = plain(text)
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def fold(line: str) -> str:
    """`line` cut into pieces of at most 75 octets joined by CRLF + space.

    A cut never falls inside a UTF-8 sequence (RFC 6350 §3.2), so a reader that decodes each
    physical line on its own still sees whole characters.
    """
    data = line.encode("utf-8")
    if len(data) <= LIMIT:
        return line
    pieces: list[str] = []
    start, width = 0, LIMIT
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start, width = end, LIMIT - 1  # the leading space takes one octet
    return (CRLF + " ").join(pieces)


def _formatted_name(record: RawIdentity) -> str:
    """FN is required in 3.0: the display name, else whatever identifies the record."""
    parts = " ".join(p for p in (plain(record.first_name), plain(record.last_name)) if p.strip())
    candidates = (
        record.display_name,
        parts,
        record.nickname,
        *record.emails,
        *record.phones,
        record.organization,
        record.profile_url,
    )
    return next((text for c in candidates if (text := plain(c).strip())), "")


def _structured(*components: str) -> str:
    return ";".join(escape(plain(c).strip()) for c in components)


def _emails(emails: Iterable[str]) -> Iterator[str]:
    first = True
    for email in emails:
        value = plain(email).strip()
        if value:
            yield f"EMAIL;TYPE=INTERNET{';TYPE=pref' if first else ''}:{escape(value)}"
            first = False


def _phones(phones: Iterable[str]) -> Iterator[str]:
    first = True
    for phone in phones:
        value = plain(phone).strip()
        if value:
            kind = "CELL" if is_mobile(value) else "VOICE"
            yield f"TEL;TYPE={kind}{';TYPE=pref' if first else ''}:{escape(value)}"
            first = False


class _Groups:
    """Apple's `itemN.` prefixes: each labelled property gets the next number."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"item{self.count}"


def _address(address: RawAddress, groups: _Groups) -> list[str]:
    street, locality, region, postcode, country = (
        plain(p).strip()
        for p in (
            address.street,
            address.locality,
            address.region,
            address.postcode,
            address.country,
        )
    )
    if not (street or locality or region or postcode or country):
        return []
    value = _structured("", "", street, locality, region, postcode, country)
    label = plain(address.label).strip()
    if not label:
        return [f"ADR:{value}"]
    if label in _TYPED_LABELS:
        return [f"ADR;TYPE={_TYPED_LABELS[label]}:{value}"]
    group = groups.next()
    return [f"{group}.ADR:{value}", f"{group}.X-ABLabel:{escape(label)}"]


def _urls(record: RawIdentity, groups: _Groups) -> list[str]:
    lines = []
    profile = _uri(record.profile_url)
    if profile:
        group = groups.next()
        lines += [f"{group}.URL:{profile}", f"{group}.X-ABLabel:LinkedIn"]
    seen = {profile}
    for url in record.urls:
        value = _uri(url)
        if value not in seen:
            seen.add(value)
            lines.append(f"URL:{value}")
    return lines


def _uri(url: str) -> str:
    """A URI is not text: only a backslash needs escaping, for readers that unescape URLs."""
    return " ".join(plain(url).split()).replace("\\", "\\\\")


def _birthday(day: date) -> str:
    if day.year == NO_YEAR:
        return f"BDAY;X-APPLE-OMIT-YEAR={NO_YEAR}:{day.isoformat()}"
    return f"BDAY:{day.isoformat()}"
