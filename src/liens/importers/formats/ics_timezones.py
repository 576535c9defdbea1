"""Time-zone ids as calendars write them, turned into zones that give the right UTC instant.

Google writes IANA ids; Exchange writes Windows names (`Romance Standard Time`, mapped with
the CLDR table of `ics_windows_zones`); Thunderbird and Evolution prefix IANA ids with a
vendor path (`/mozilla.org/20070129_1/Europe/Berlin`); Lotus Notes and old Outlook write
names nobody else knows (`Western/Central Europe`, `Customized Time Zone`) whose only
meaning is the VTIMEZONE block that comes with them (research/formats.md §5.1).

`icalendar` resolves TZIDs while parsing and caches VTIMEZONE definitions process-wide *by
TZID*, so the first "Customized Time Zone" it ever saw would win for every later file. Ids
that are neither IANA nor Windows are therefore renamed after the content of their
VTIMEZONE (`liens-<hash>`) before parsing: the same definition always gets the same name,
two different definitions never share one.
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache

from icalendar import Timezone
from icalendar.timezone import tzp

from liens.importers.formats.ics_text import split_line
from liens.importers.formats.ics_windows_zones import WINDOWS_ZONES
from liens.importers.normalize import stable_key

__all__ = ["calendar_zone", "plan", "rewrite_line", "to_utc", "zone_name"]

_WINDOWS_FOLDED = {k.casefold(): v for k, v in WINDOWS_ZONES.items()}
_TZID_PROP = re.compile(r"^TZID(?=[;:])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _iana() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=4096)
def zone_name(tzid: str) -> str:
    """The IANA name a TZID stands for ("" when only its VTIMEZONE can tell)."""
    text = tzid.strip().strip('"').strip()
    if not text or len(text) > 200:
        return ""
    if text in _iana():
        return text
    windows = WINDOWS_ZONES.get(text) or _WINDOWS_FOLDED.get(text.casefold())
    if windows:
        return windows
    parts = [p for p in text.split("/") if p]
    for start in range(1, len(parts)):
        candidate = "/".join(parts[start:])
        if candidate in _iana():
            return candidate
    return ""


def calendar_zone(value: str | None) -> tzinfo:
    """The zone of floating times and all-day events: X-WR-TIMEZONE when known, else UTC."""
    name = zone_name(value or "")
    return zoneinfo.ZoneInfo(name) if name else UTC


def to_utc(value: date | datetime, zone: tzinfo) -> datetime | None:
    """An aware UTC datetime: dates at midnight and floating times in `zone`.

    None for instants `datetime` cannot hold once moved to UTC (year 1 or 9999).
    """
    try:
        if isinstance(value, datetime):
            if value.tzinfo is None or value.utcoffset() is None:
                value = value.replace(tzinfo=zone)
            return value.astimezone(UTC)
        return datetime.combine(value, time(), tzinfo=zone).astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def plan(zones: dict[str, list[str]]) -> dict[str, str]:
    """The id each VTIMEZONE's TZID is rewritten to: IANA, else `liens-<hash of its block>`.

    A block that `icalendar` cannot turn into a zone is left out: times that refer to it
    then read as floating (in the calendar's own zone).
    """
    mapping: dict[str, str] = {}
    for tzid, block in zones.items():
        name = zone_name(tzid)
        if name:
            mapping[tzid] = name
            continue
        body = [line for line in block if not _TZID_PROP.match(line)]
        new_id = "liens-" + stable_key(*body)
        if _register(new_id, body):
            mapping[tzid] = new_id
    return mapping


def _register(new_id: str, body: list[str]) -> bool:
    """Parse the VTIMEZONE under its new id: `icalendar` caches it for the events to come."""
    if tzp.timezone(new_id) is not None:
        return True  # the same definition, seen in an earlier file
    lines = [body[0], f"TZID:{new_id}", *body[1:]] if body else []
    try:
        Timezone.from_ical("\r\n".join(lines) + "\r\n")
    except Exception:  # any defect in a VTIMEZONE only costs its own zone
        return False
    return tzp.timezone(new_id) is not None


def _params(head: str) -> list[str]:
    """`NAME;P=1;Q="a;b"` -> ["NAME", "P=1", 'Q="a;b"'] (semicolons inside quotes kept)."""
    if '"' not in head:
        return head.split(";")
    parts, start, quoted = [], 0, False
    for index, char in enumerate(head):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            parts.append(head[start:index])
            start = index + 1
    parts.append(head[start:])
    return parts


def rewrite_line(line: str, mapping: dict[str, str]) -> str:
    """The content line with its TZID parameter replaced by the id `icalendar` should use."""
    head, value = split_line(line)
    if "TZID" not in head.upper():
        return line
    parts = _params(head)
    changed = False
    for index, part in enumerate(parts[1:], start=1):
        key, _, raw = part.partition("=")
        if key.strip().upper() != "TZID":
            continue
        old = raw.strip().strip('"').strip()
        new = mapping.get(old) or zone_name(old)
        if new and new != raw:
            parts[index] = "TZID=" + new
            changed = True
    return ";".join(parts) + ":" + value if changed else line
