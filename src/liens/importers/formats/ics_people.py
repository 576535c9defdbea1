"""Who took part in an event: ORGANIZER and ATTENDEE of the VEVENT itself, people only.

Google lists rooms (`CUTYPE=RESOURCE`, `@resource.calendar.google.com`) and calendars
(`@group.calendar.google.com`) as attendees and fills CN with the address when it has no
name; Lotus Notes quotes CNs holding commas; BlackBerry writes `MAILTO:` in capitals
(research/formats.md §5.1-5.2). When the owner's addresses are not known, *me* is the
address found in the largest share of events: the calendar is mine, so I am in all of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from liens.importers.base import PersonRef
from liens.importers.normalize import clean_name, email_key

__all__ = ["Guest", "guests", "infer_me", "participants"]

NON_PERSON_CUTYPES = frozenset({"ROOM", "RESOURCE", "GROUP"})
NON_PERSON_DOMAINS = (
    "resource.calendar.google.com",
    "group.calendar.google.com",
    "group.v.calendar.google.com",
    "import.calendar.google.com",
)
_NO_REPLY = re.compile(
    r"^(?:no-?reply|do-?not-?reply|donotreply|mailer-daemon|calendar-notification)\b"
)
_MAX_ME = 3  # addresses inferred as mine: a personal, a work and an old one at most


@dataclass(frozen=True)
class Guest:
    """One ORGANIZER or ATTENDEE line, read."""

    key: str  # email_key(), or "name:<casefolded name>" when the source gives no address
    email: str
    name: str
    role: str  # organizer / attendee
    partstat: str
    person: bool  # False for rooms, resources, groups and calendars


def _values(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _param(value: object, key: str) -> str:
    params = getattr(value, "params", None) or {}
    found = params.get(key, "")
    if isinstance(found, list | tuple):
        found = ",".join(str(x) for x in found)
    return str(found).strip().strip('"').strip()


def _guest(value: object, role: str) -> Guest | None:
    address = str(value).strip()
    if address[:7].lower() == "mailto:":
        address = address[7:]
    address = address.strip().strip("<>").strip()
    key = email_key(address)
    cn = _param(value, "CN")
    if cn[:7].lower() == "mailto:":
        cn = cn[7:]
    if cn[:3].upper() == "CN=" or "/" in cn:  # Lotus Notes: "CN=Marie Dupont/OU=Sales/O=Acme"
        cn = cn[3:] if cn[:3].upper() == "CN=" else cn
        cn = cn.split("/", 1)[0]
    name = "" if email_key(cn) else clean_name(cn)
    if not key:
        if not name:
            return None
        address = ""
    cutype = _param(value, "CUTYPE").upper()
    domain = key.rsplit("@", 1)[-1] if key else ""
    person = (
        cutype not in NON_PERSON_CUTYPES
        and not (domain and domain.endswith(NON_PERSON_DOMAINS))
        and not (key and _NO_REPLY.match(key))
    )
    return Guest(
        key=key or "name:" + name.casefold(),
        email=address if key else "",
        name=name,
        role=role,
        partstat=_param(value, "PARTSTAT").upper(),
        person=person,
    )


def guests(event: object) -> list[Guest]:
    """ORGANIZER then ATTENDEEs, from the event's own properties (never its VALARMs)."""
    found: list[Guest] = []
    get = getattr(event, "get", None)
    if get is None:
        return found
    for role, prop in (("organizer", "ORGANIZER"), ("attendee", "ATTENDEE")):
        for value in _values(get(prop)):
            guest = _guest(value, role)
            if guest is not None:
                found.append(guest)
    return found


def _is_me(guest: Guest, me: frozenset[str], my_names: frozenset[str]) -> bool:
    if guest.email:
        return guest.key in me
    return guest.name.casefold() in my_names


def participants(
    found: Sequence[Guest], me: frozenset[str], my_names: frozenset[str]
) -> tuple[tuple[PersonRef, ...], bool]:
    """Everybody but me, rooms and those who declined; and whether I declined."""
    merged: dict[str, list[Guest]] = {}
    my_answers: list[str] = []
    for guest in found:
        if _is_me(guest, me, my_names):
            if guest.role == "attendee" and guest.partstat:
                my_answers.append(guest.partstat)
            continue
        if guest.person:
            merged.setdefault(guest.key, []).append(guest)
    refs = []
    for entries in merged.values():
        if any(g.partstat == "DECLINED" for g in entries):
            continue
        role = "organizer" if any(g.role == "organizer" for g in entries) else "attendee"
        name = next((g.name for g in entries if g.name), "")
        email = next((g.email for g in entries if g.email), "")
        refs.append(PersonRef(name=name, email=email, role=role))
    declined = bool(my_answers) and all(answer == "DECLINED" for answer in my_answers)
    return tuple(refs), declined


def infer_me(events: Iterable[Sequence[Guest]]) -> list[Guest]:
    """My addresses, guessed: the one in most events, then any that stands in for it.

    A second address of mine (work and personal) is never invited together with the first,
    and it is in most of the events the first one misses; a frequent colleague fails the
    first test. Returns one Guest per address, most frequent first.
    """
    keysets: list[frozenset[str]] = []
    organizer: Counter[str] = Counter()
    first_seen: dict[str, Guest] = {}
    for found in events:
        people = [g for g in found if g.person and g.email]
        keysets.append(frozenset(g.key for g in people))
        organizer.update({g.key for g in people if g.role == "organizer"})
        for guest in people:
            first_seen.setdefault(guest.key, guest)
    counts: Counter[str] = Counter(k for keys in keysets for k in keys)
    if not counts:
        return []
    mine = [min(counts, key=lambda k: (-counts[k], -organizer[k], k))]
    while len(mine) < _MAX_ME:
        chosen = frozenset(mine)
        rest = [keys for keys in keysets if keys and not keys & chosen]
        if len(rest) < 3:
            break
        missed: Counter[str] = Counter(k for keys in rest for k in keys)
        best = min(missed, key=lambda k: (-missed[k], -organizer[k], k))
        together = sum(1 for keys in keysets if best in keys and keys & chosen)
        if missed[best] * 2 < len(rest) or missed[best] < 3 or together * 20 > counts[best]:
            break
        mine.append(best)
    return [first_seen[k] for k in mine]
