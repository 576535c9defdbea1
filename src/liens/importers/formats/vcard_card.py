"""From one card's content lines to the fields of a RawIdentity (no Django).

Field rules follow research/formats.md §3: N is the truth for first and last names (a phone's
FN is often "MARTIN Jean"); phones and e-mails stay as typed (the loader normalises them
with the owner's region); Apple `itemN.` groups give addresses their X-ABLabel; a LinkedIn
URL, in URL or X-SOCIALPROFILE, becomes the profile URL that matches LinkedIn's export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from liens.importers.base import RawAddress
from liens.importers.formats.vcard_lines import Prop, RawCard
from liens.importers.normalize import canonical_linkedin_url, clean_name

__all__ = ["CardFields", "card_fields", "parse_birthday", "phone_text", "split_escaped", "unescape"]

RAW_VALUE_LIMIT = 2_000  # characters kept per property in `raw` (Outlook's X-MS-OL-DESIGN is XML)
NO_YEAR = 1604  # base.py: the year of a birthday given without one (Apple uses it too)
_STRUCTURED = frozenset({"N", "ADR", "ORG", "GENDER", "CLIENTPIDMAP"})
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPED = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":", '"': '"'}
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T|$)")
_DATE_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})(?:T|$)")
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_GENERIC_TYPES = frozenset(
    {"pref", "internet", "voice", "postal", "parcel", "dom", "intl", "x400", "x-", ""}
)
_WEB = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)


@dataclass(slots=True)
class CardFields:
    """What one card says; `vcard.py` turns it into a RawIdentity once the key is known."""

    uid: str = ""
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    emails: dict[str, None] = field(default_factory=dict)  # ordered set
    phones: dict[str, None] = field(default_factory=dict)
    profile_url: str = ""
    organization: str = ""
    title: str = ""
    nickname: str = ""
    birthday: date | None = None
    addresses: list[RawAddress] = field(default_factory=list)
    urls: dict[str, None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)

    def is_empty(self) -> bool:
        named = self.display_name or self.first_name or self.last_name
        return not (named or self.emails or self.phones)

    def identity_kwargs(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "display_name": self.display_name,
            "emails": tuple(self.emails),
            "phones": tuple(self.phones),
            "profile_url": self.profile_url,
            "organization": self.organization,
            "title": self.title,
            "raw": self.raw,
            "nickname": self.nickname,
            "birthday": self.birthday,
            "addresses": tuple(self.addresses),
            "urls": tuple(self.urls),
            "note": "\n".join(self.notes),
        }


def card_fields(card: RawCard) -> CardFields:
    """The fields of `card`; properties it does not know only go to `raw`."""
    out = CardFields()
    labels = {
        p.group.lower(): _label(unescape(p.value))
        for p in card.props
        if p.group and p.name == "X-ABLABEL"
    }
    n_parts: list[str] = []
    fn = ""
    for prop in card.props:
        name, value = prop.name, prop.value
        if name not in out.raw and value.strip():
            text = value if name in _STRUCTURED else unescape(value)
            out.raw[name] = text.strip()[:RAW_VALUE_LIMIT]
        if name == "EMAIL":
            _add(out.emails, unescape(value).strip())
        elif name == "TEL":
            _add(out.phones, phone_text(unescape(value).strip()))
        elif name == "N" and not any(n_parts):
            n_parts = _name_parts(value)
        elif name == "FN" and not fn:
            fn = clean_name(unescape(value))
        elif name == "ORG" and not out.organization:
            out.organization = unescape(split_escaped(value)[0]).strip()
        elif name == "TITLE" and not out.title:
            out.title = unescape(value).strip()
        elif name == "NICKNAME" and not out.nickname:
            nicks = (unescape(v).strip() for v in split_escaped(value, ","))
            out.nickname = ", ".join(n for n in nicks if n)
        elif name == "BDAY" and out.birthday is None:
            out.birthday = parse_birthday(value)
        elif name == "NOTE":
            note = unescape(value).replace("\r\n", "\n").strip()
            if note:
                out.notes.append(note)
        elif name == "ADR":
            _address(out, prop, labels.get(prop.group.lower(), ""))
        elif name in ("URL", "X-SOCIALPROFILE"):
            _web(out, prop)
        elif name == "UID" and not out.uid:
            out.uid = unescape(value).strip()
    _names(out, n_parts, fn)
    return out


def _names(out: CardFields, n_parts: list[str], fn: str) -> None:
    n_parts = (n_parts + [""] * 5)[:5]
    family, given, additional = (clean_name(p) for p in n_parts[:3])
    if family or given:
        out.first_name, out.last_name = given, family
    elif fn:
        first, _, rest = fn.partition(" ")
        out.first_name, out.last_name = first, rest
    out.display_name = fn or clean_name(" ".join(p for p in (given, additional, family) if p))


def _name_parts(value: str) -> list[str]:
    """N's components; a component's comma-separated list (3.0 `Richter,James`) joined."""
    if "\\" not in value and "," not in value:
        return value.split(";")
    return [" ".join(unescape(v) for v in split_escaped(c, ",")) for c in split_escaped(value)]


def _add(values: dict[str, None], value: str) -> None:
    if value:
        values[value] = None


def _label(text: str) -> str:
    match = _APPLE_LABEL.match(text.strip())
    return (match.group(1) if match else text).strip()


def _address(out: CardFields, prop: Prop, label: str) -> None:
    parts = [unescape(p).strip() for p in split_escaped(prop.value)]
    if not any(parts):
        return
    pobox, extended, street, locality, region, postcode, country = (parts + [""] * 7)[:7]
    if not label:
        types = (t.lower() for t in prop.params.get("TYPE", ()))
        label = next((t for t in types if t not in _GENERIC_TYPES), "")
    out.addresses.append(
        RawAddress(
            street="\n".join(p for p in (street, extended, pobox) if p),
            locality=locality,
            postcode=postcode,
            region=region,
            country=country,
            label=label,
        )
    )


def _web(out: CardFields, prop: Prop) -> None:
    value = unescape(prop.value).strip()
    profile = canonical_linkedin_url(value)
    if not profile and prop.name == "X-SOCIALPROFILE":
        kinds = {t.lower() for t in prop.params.get("TYPE", ())}
        user = prop.params.get("X-USER", [""])[0].strip()
        if "linkedin" in kinds and user:  # iOS: `;type=linkedin;x-user=slug:x-apple:slug`
            profile = canonical_linkedin_url(f"https://www.linkedin.com/in/{user}")
    if profile:  # the first has its own field; a second, different one stays a URL (as in CSV)
        if not out.profile_url:
            out.profile_url = profile
        elif profile != out.profile_url:
            out.urls[profile] = None
    elif value and (prop.name == "URL" or _WEB.match(value)):
        out.urls[value] = None


def unescape(text: str) -> str:
    """RFC 6350 §3.4 text escapes (`\\n`, `\\,`, `\\;`, `\\\\`) and Apple's `\\:`."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(0)), text)


def split_escaped(text: str, sep: str = ";") -> list[str]:
    """`text` split on `sep` where it is not escaped; the parts keep their escapes."""
    if "\\" not in text:
        return text.split(sep)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(ch + next(chars, ""))
        elif ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def phone_text(value: str) -> str:
    """The number as typed; a vCard 4.0 `tel:` URI loses its scheme, `;ext=` becomes `ext.`."""
    if value[:4].lower() != "tel:":
        return value
    number, _, params = value[4:].partition(";")
    ext = next((p[4:] for p in params.split(";") if p[:4].lower() == "ext="), "")
    return number.strip() + (f" ext. {ext.strip()}" if ext.strip() else "")


def parse_birthday(value: str) -> date | None:
    """`1980-03-22`, `19800322`, a date-time, or `--0322` / `--03-22` (year 1604)."""
    text = value.strip()
    match = _DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _DATE_NO_YEAR.match(text):
        year, month, day = NO_YEAR, int(match.group(1)), int(match.group(2))
    else:
        return None
    try:
        return date(year or NO_YEAR, month, day)  # Android writes year 0000 when unknown
    except ValueError:
        return None
