"""Phone address book `contacts.vcf`: iPhone 3.0 cards mixed with Android 2.1 ones (§3).

3.0 cards use Apple `itemN.` groups and X-ABLabel, RFC folding at 75 octets and CRLF.
2.1 cards are written by hand like Android: nameless parameters (`TEL;CELL;PREF`) and
names in QUOTED-PRINTABLE with soft line breaks, which ordinary unfolding does not join.
"""

from __future__ import annotations

import base64
import random
import uuid
from pathlib import Path

from .. import names as N
from ..people import Person, World
from ..variants import phone, vcard_names
from .common import fold

CRLF = "\r\n"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _qp(text: str) -> str:
    """Android's encoder: every byte as =XX, soft break after 67 columns."""
    out = []
    col = 0
    for byte in text.encode("utf-8"):
        out.append(f"={byte:02X}")
        col += 3
        if col >= 67:
            out.append("=\r\n")
            col = 0
    value = "".join(out)
    return value[:-3] if value.endswith("=\r\n") else value


def _prop21(name: str, *components: str) -> str:
    if all(c.isascii() for c in components):
        return f"{name}:{';'.join(components)}"
    return f"{name};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + ";".join(
        _qp(c) if c else "" for c in components
    )


def _card30(
    p: Person | None,
    fn: str,
    family: str,
    given: str,
    emails: list[tuple[str, str]],
    phones: list[str],
    rng: random.Random,
    world: World,
    uid: str,
) -> list[str]:
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.5.1//EN",
        f"N:{_esc(family)};{_esc(given)};;;",
        f"FN:{_esc(fn)}",
    ]
    item = 0
    if p and p.nick and rng.random() < 0.3:
        lines.append(f"NICKNAME:{_esc(p.nick)}")
    org = p.org if p else world.owner.employers[0]
    if org and (p is None or rng.random() < 0.85):
        old = p.past_org if p and p.past_org and rng.random() < 0.4 else org
        lines.append(f"ORG:{_esc(old.name)};")
        if p and p.title:
            lines.append(f"TITLE:{_esc(p.title)}")
    for k, (kind, addr) in enumerate(emails):
        if kind == "OTHER":
            item += 1
            lines += [
                f"item{item}.EMAIL;type=INTERNET:{addr}",
                f"item{item}.X-ABLabel:_$!<Other>!$_",
            ]
        else:
            pref = ";type=pref" if k == 0 else ""
            lines.append(f"EMAIL;type=INTERNET;type={kind}{pref}:{addr}")
    for k, tel in enumerate(phones):
        if k == 0:
            lines.append(f"TEL;type=CELL;type=VOICE;type=pref:{tel}")
        else:
            item += 1
            lines += [f"item{item}.TEL:{tel}", f"item{item}.X-ABLabel:Bureau"]
    if p and p.li_slug and rng.random() < 0.15:
        item += 1
        lines += [
            f"item{item}.URL;type=pref:https\\://www.linkedin.com/in/{p.li_slug}",
            f"item{item}.X-ABLabel:LinkedIn",
        ]
    if p and p.birthday:
        lines.append(f"BDAY;value=date:{p.birthday.isoformat()}")
    if p and rng.random() < 0.12:
        note = (
            f"Rencontré(e) au {p.event}, intéressé(e) par un accompagnement RH; à rappeler"
            if p.event
            else f"Contact {p.org.name if p.org else ''}\nRappeler en janvier"
        )
        lines.append(f"NOTE:{_esc(note)}")
    if p and rng.random() < 0.02:
        jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(rng.randrange(300, 900))
        lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(jpeg + b"\xff\xd9").decode())
    if uid:
        lines.append(f"UID:{uid}")
    lines.append("END:VCARD")
    return [fold(line) for line in lines]


def _card21(
    fn: str,
    family: str,
    given: str,
    emails: list[tuple[str, str]],
    phones: list[str],
    p: Person | None,
) -> list[str]:
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        _prop21("N", family, given, "", "", ""),
        _prop21("FN", fn),
    ]
    for k, tel in enumerate(phones):
        lines.append(f"TEL;CELL{';PREF' if k == 0 else ''}:{tel}" if k == 0 else f"TEL;WORK:{tel}")
    for kind, addr in emails:
        lines.append(f"EMAIL;{'WORK' if kind == 'WORK' else 'HOME'}:{addr}")
    if p and p.org:
        lines.append(_prop21("ORG", p.org.name))
        if p.title:
            lines.append(_prop21("TITLE", p.title))
    lines.append("END:VCARD")
    return lines


def _emails(p: Person, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    if p.work_email and rng.random() < 0.8:
        out.append(("WORK", p.work_email))
    if p.personal_email and rng.random() < 0.85:
        addr = p.personal_email
        if rng.random() < 0.05:
            addr = addr[0].upper() + addr[1:]  # typed with a capital letter
        out.append(("HOME" if out or rng.random() < 0.7 else "OTHER", addr))
    return out


def write_vcard(path: Path, world: World, rng: random.Random) -> None:
    """Write the cards sorted like a phone lists them; each card is recorded in `Person.ids`."""
    cards: list[tuple[str, int, list[str], Person | None, dict]] = []
    owner = world.owner
    own = _card30(
        None,
        owner.name,
        owner.last,
        owner.first,
        [("HOME", owner.emails[0]), ("WORK", owner.emails[1])],
        [phone(owner.mobile, rng)],
        rng,
        world,
        str(uuid.UUID(int=rng.getrandbits(128))),
    )
    cards.append(("", -1, own, None, {}))
    for p in world.persons:
        if not p.in_vcard:
            continue
        copies = 2 if rng.random() < 0.03 else 1
        for copy in range(copies):
            fn, family, given = vcard_names(p, rng)
            emails = _emails(p, rng) if copy == 0 else _emails(p, rng)[:1]
            phones = [phone(p.mobile, rng)] if p.mobile else []
            if copy == 0 and p.org and rng.random() < 0.1:
                phones.append(
                    f"+33 {rng.choice('14')} {rng.randrange(10, 99)} "
                    f"{rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                    f"{rng.randrange(10, 99)}"
                )
            android = rng.random() < 0.25
            uid = (
                ""
                if android or rng.random() < 0.05
                else str(uuid.UUID(int=rng.getrandbits(128), version=4)).upper()
            )
            lines = (
                _card21(fn, family, given, emails, phones, p)
                if android
                else _card30(p, fn, family, given, emails, phones, rng, world, uid)
            )
            meta = {
                "source": "vcard",
                "file": "contacts.vcf",
                "key": uid,
                "version": "2.1" if android else "3.0",
                "name": fn,
                "emails": [e for _, e in emails],
                "phones": phones,
            }
            cards.append((N.fold(fn).casefold(), p.idx * 2 + copy, lines, p, meta))
    cards.sort(key=lambda c: (c[0], c[1]))
    line = 1
    with path.open("w", encoding="utf-8", newline="") as fh:
        for number, (_key, _order, lines, p, meta) in enumerate(cards, start=1):
            text = CRLF.join(lines) + CRLF
            if p is not None:
                meta["card"] = number
                meta["line"] = line
                if not meta["key"]:
                    meta["key"] = f"card:{number}"
                p.ids.append(meta)
            fh.write(text)
            line += text.count("\n")
