"""Writes address books the way real programs do, for tests and benchmarks/vcard_parse.py.

Three dialects from research/formats.md §3: iPhone 3.0 (itemN groups, `\\:` in URLs, RFC
folding at 75 octets, CRLF), Android 2.1 (nameless parameters, QUOTED-PRINTABLE with soft
line breaks in column 0) and RFC 6350 4.0 (`tel:` URIs, quoted TYPE lists). Written here,
independently of the parser, so that tests compare the parser with what was written.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

CRLF = "\r\n"


@dataclass
class Contact:
    given: str
    family: str
    fn: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    org: str = ""
    title: str = ""
    note: str = ""
    uid: str = ""
    birthday: date | None = None
    linkedin: str = ""  # a profile URL as the user typed it
    photo: bytes = b""

    @property
    def display(self) -> str:
        return self.fn or f"{self.given} {self.family}".strip()


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str, limit: int = 75) -> list[str]:
    """RFC 6350 folding at `limit` octets, never inside a UTF-8 sequence."""
    data = line.encode("utf-8")
    parts: list[str] = []
    start, width = 0, limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(("" if not parts else " ") + data[start:end].decode("utf-8"))
        start, width = end, limit - 1
    return parts or [""]


def card_30(c: Contact) -> list[str]:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.5//EN",
        f"N:{escape(c.family)};{escape(c.given)};;;",
        f"FN:{escape(c.display)}",
    ]
    if c.org or c.title:
        lines += [f"ORG:{escape(c.org)};", f"TITLE:{escape(c.title)}"]
    for k, email in enumerate(c.emails):
        lines.append(f"EMAIL;type=INTERNET;type=HOME{';type=pref' if k == 0 else ''}:{email}")
    for k, tel in enumerate(c.phones):
        if k == 0:
            lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{tel}")
        else:
            lines += [f"item{k}.TEL:{tel}", f"item{k}.X-ABLabel:_$!<Other>!$_"]
    if c.linkedin:
        url = c.linkedin.replace(":", "\\:")
        lines += [f"item9.URL;type=pref:{url}", "item9.X-ABLabel:LinkedIn"]
    if c.birthday:
        lines.append(f"BDAY;value=date:{c.birthday.isoformat()}")
    if c.note:
        lines.append(f"NOTE:{escape(c.note)}")
    if c.photo:
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(c.photo).decode())
    if c.uid:
        lines.append(f"UID:{escape(c.uid)}")
    lines.append("END:VCARD")
    return [part for line in lines for part in fold(line)]


def _qp_prop(name: str, *components: str) -> list[str]:
    """`name` as Android writes it: plain when ASCII, else QUOTED-PRINTABLE with soft breaks."""
    escaped = [p.replace("\\", "\\\\").replace(";", "\\;") for p in components]
    if all(p.isascii() and "\n" not in p for p in escaped):
        return [f"{name}:{';'.join(escaped)}"]
    tokens: list[str] = []
    for k, part in enumerate(escaped):
        if k:
            tokens.append(";")
        tokens += [f"={b:02X}" for b in part.encode("utf-8")]
    lines = [f"{name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"]
    width = 0
    for token in tokens:
        if width + len(token) > 66:  # soft line break: "=" at the end, next line in column 0
            lines[-1] += "="
            lines.append("")
            width = 0
        lines[-1] += token
        width += len(token)
    return lines


def card_21(c: Contact) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:2.1"]
    lines += _qp_prop("N", c.family, c.given, "", "", "")
    lines += _qp_prop("FN", c.display)
    for k, tel in enumerate(c.phones):
        lines.append(f"TEL;CELL{';PREF' if k == 0 else ''}:{tel}")
    for email in c.emails:
        lines.append(f"EMAIL;HOME:{email}")
    if c.org:
        lines += _qp_prop("ORG", c.org)
    if c.title:
        lines += _qp_prop("TITLE", c.title)
    if c.birthday:
        lines.append(f"BDAY:{c.birthday:%Y%m%d}")
    if c.note:
        lines += _qp_prop("NOTE", c.note)
    if c.linkedin:
        lines.append(f"URL:{c.linkedin}")
    if c.photo:
        data = base64.b64encode(c.photo).decode()
        lines.append("PHOTO;ENCODING=BASE64;JPEG:" + data[:60])
        lines += ["  " + data[i : i + 76] for i in range(60, len(data), 76)]
        lines.append("")  # Android ends a photo with an empty line
    if c.uid:
        lines.append(f"UID:{c.uid}")
    lines.append("END:VCARD")
    return lines


def card_40(c: Contact) -> list[str]:
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{escape(c.display)}",
        f"N:{escape(c.family)};{escape(c.given)};;;",
    ]
    if c.org:
        lines.append(f"ORG;TYPE=work:{escape(c.org)}")
    if c.title:
        lines.append(f"TITLE:{escape(c.title)}")
    for k, tel in enumerate(c.phones):
        tel_uri = "tel:" + tel.replace(" ", "-")
        lines.append(f'TEL;VALUE=uri;TYPE="cell,voice"{";PREF=1" if k == 0 else ""}:{tel_uri}')
    for email in c.emails:
        lines.append(f"EMAIL;TYPE=work:{email}")
    if c.birthday:
        lines.append(f"BDAY:{c.birthday:%Y%m%d}")
    if c.linkedin:
        lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{c.linkedin}")
    if c.note:
        lines.append(f"NOTE:{escape(c.note)}")
    if c.photo:
        lines.append("PHOTO:data:image/jpeg;base64," + base64.b64encode(c.photo).decode())
    if c.uid:
        lines.append(f"UID:urn:uuid:{c.uid}")
    lines.append("END:VCARD")
    return [part for line in lines for part in fold(line)]


WRITERS = {"3.0": card_30, "2.1": card_21, "4.0": card_40}


def write_book(path: Path, cards: list[tuple[str, Contact]]) -> list[int]:
    """Write (version, contact) cards with CRLF; returns the line of each BEGIN:VCARD."""
    starts: list[int] = []
    line = 1
    chunks: list[str] = []
    for version, contact in cards:
        lines = WRITERS[version](contact)
        starts.append(line)
        line += len(lines)
        chunks.append(CRLF.join(lines) + CRLF)
    path.write_bytes("".join(chunks).encode("utf-8"))
    return starts


_GIVEN = ["Camille", "Jean-Pierre", "Zoé", "Ana", "Goran", "Mei", "Ayşe", "Léa", "Øystein", "Siân"]
_FAMILY = ["Martin", "Dubois", "Stipetić", "Silva", "Nguyễn", "O'Brien", "de la Fontaine", "Smith"]
_ORGS = ["Acme; Inc.", "Café, Thé & Co", "Université Paris-Saclay", "", "Soc. Générale"]


def random_contacts(count: int, seed: int = 1) -> list[tuple[str, Contact]]:
    """`count` cards in a phone's proportions: 65% iPhone 3.0, 25% Android 2.1, 10% 4.0."""
    rng = random.Random(seed)
    out: list[tuple[str, Contact]] = []
    for i in range(count):
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        slug = f"{given}-{family}-{i}".lower().replace(" ", "-").replace("'", "")
        contact = Contact(
            given=given,
            family=family,
            fn=f"{family.upper()} {given}" if rng.random() < 0.2 else "",
            emails=[f"{slug.encode('ascii', 'ignore').decode()}@example.org"]
            + (["work." + str(i) + "@acme.example"] if rng.random() < 0.3 else []),
            phones=[f"+33 6 {i % 100:02d} {i // 100 % 100:02d} {rng.randrange(100):02d} 42"],
            org=rng.choice(_ORGS),
            title=rng.choice(["", "Directrice RH", "CTO, co-founder"]),
            note="Rencontrée au salon; à rappeler\nen janvier" if rng.random() < 0.1 else "",
            uid="" if rng.random() < 0.3 else f"{rng.getrandbits(64):016X}-{i}",
            birthday=date(1960 + i % 40, 1 + i % 12, 1 + i % 28) if rng.random() < 0.3 else None,
            linkedin=f"https://www.linkedin.com/in/{slug}" if rng.random() < 0.15 else "",
            photo=rng.randbytes(600) if rng.random() < 0.02 else b"",
        )
        r = rng.random()
        out.append(("3.0" if r < 0.65 else "2.1" if r < 0.9 else "4.0", contact))
    return out
