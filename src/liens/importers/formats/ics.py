"""iCalendar (.ics) exports of Google, Outlook/Exchange, Apple, Thunderbird, Lotus Notes.

Implements the `Format` protocol of `importers/base.py`. Every past occurrence of a meeting
with somebody besides me becomes one RawInteraction (research/formats.md §5):

- key `UID@<occurrence start in UTC>` (`UID@2024-07-10` for all-day events; a moved
  instance keeps the slot its RECURRENCE-ID names), so re-importing adds nothing and a
  newer export adds only the new occurrences; `thread_key` is the UID;
- `line` is the physical line (1-based) where the occurrence's VEVENT begins;
- participants are the VEVENT's own ORGANIZER and ATTENDEEs minus me, rooms, calendars and
  those who declined; direction is always `mutual` (a meeting is two-way);
- left out and counted in `ParsedFile.excluded`: `cancelled` and `declined` (by me)
  occurrences, `alone` ones (nobody but me), and `future` VEVENTs (those starting after
  `context.now`; a series counts once). Occurrences before 1990, beyond the latest 500 of a
  series, or repeating a key are counted in `skipped`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from icalendar import Event
from icalendar.prop import vBroken

from liens.i18n import tr
from liens.importers.base import (
    ImportContext,
    ImportFailure,
    ParsedFile,
    PersonRef,
    RawInteraction,
    RawProfile,
    RecordError,
)
from liens.importers.formats import ics_channel, ics_people, ics_text, ics_timezones
from liens.importers.formats.ics_occurrences import EARLIEST, ExpansionError, expand
from liens.importers.normalize import clean_name, email_key, stable_key, strip_markup

__all__ = ["detect", "name", "parse"]

name = "ics"

_SNIFF_BYTES = 4096
_SUMMARY_CHARS = 500
_DESCRIPTION_CHARS = 20_000  # enough for 500 characters of text once the markup is gone
# Google's `-::~:~::~:…::-` fences around the Meet block, Teams' lines of underscores
_DECORATION = re.compile(r"-::~[:~]*::-|_{8,}")


def detect(path: Path) -> bool:
    """A file whose first non-empty line is BEGIN:VCALENDAR (after an optional BOM)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return ics_text.first_line(ics_text.decode(head))[1].upper() == "BEGIN:VCALENDAR"


@dataclass
class _Item:
    """One readable VEVENT and what every occurrence of it shares."""

    line: int
    event: Event
    uid: str
    guests: list[ics_people.Guest]
    facts: tuple[str, str, str, bool] | None = None  # subject, summary, channel, cancelled
    people: tuple[tuple[PersonRef, ...], bool] | None = None  # participants, I declined


@dataclass
class _Calendar:
    zone_name: str
    items: list[_Item] = field(default_factory=list)


def parse(path: Path, context: ImportContext | None = None) -> Iterator[ParsedFile]:
    """One ParsedFile for the calendar; ImportFailure when it is not iCalendar at all."""
    context = context or ImportContext()
    file = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(file, tr("cannot be read (%(reason)s)", reason=exc.strerror)) from exc
    text = ics_text.decode(data)
    number, first = ics_text.first_line(text)
    if first.upper() != "BEGIN:VCALENDAR":
        message = tr("is not an iCalendar file (it does not begin with BEGIN:VCALENDAR)")
        raise ImportFailure(file, message, number or None)
    parsed = ParsedFile(name=file)
    calendars = [_read_calendar(c, parsed) for c in ics_text.split_calendars(text, file)]
    now = context.now or datetime.now(UTC)
    if now.tzinfo is None or now.utcoffset() is None:
        now = now.replace(tzinfo=UTC)
    me = frozenset(email_key(e) or e.strip().lower() for e in context.my_emails)
    if not me:
        inferred = ics_people.infer_me(i.guests for c in calendars for i in c.items)
        if inferred:
            me = frozenset(g.key for g in inferred)
            parsed.records.append(RawProfile(source="ics", emails=tuple(g.email for g in inferred)))
    my_names = frozenset(n.casefold() for n in map(clean_name, context.my_names) if n)
    seen: set[str] = set()
    for calendar in calendars:
        _occurrences(calendar, parsed, context, now, me, my_names, seen)
    yield parsed


def _read_calendar(text: ics_text.CalendarText, parsed: ParsedFile) -> _Calendar:
    mapping = ics_timezones.plan(text.zones)
    calendar = _Calendar(ics_timezones.zone_name(text.props.get("X-WR-TIMEZONE", "")))
    uids: dict[str, int] = {}
    for block in text.events:
        event = _read_event(block, mapping, parsed)
        if event is None:
            continue
        uid = " ".join(_text(event.get("UID")).split())
        if not uid:  # no UID (seen in real Exchange files): one from what the event says
            raw = [ln for ln in block.lines if ln[:7].upper() in ("DTSTART", "SUMMARY")]
            uid = "no-uid-" + stable_key(*raw)
            uids[uid] = uids.get(uid, 0) + 1
            uid += f"-{uids[uid]}" if uids[uid] > 1 else ""
        if uid != event.get("UID"):
            event["UID"] = uid  # recurring_ical_events groups a series by this very value
        calendar.items.append(_Item(block.line, event, uid, ics_people.guests(event)))
    return calendar


def _read_event(
    block: ics_text.EventBlock, mapping: dict[str, str], parsed: ParsedFile
) -> Event | None:
    """The VEVENT parsed alone, or None with a RecordError at the line where it begins."""
    error = None
    if block.unclosed:
        error = tr("event not closed (END:VEVENT is missing)")
    else:
        lines = [
            ics_timezones.rewrite_line(ln, mapping) if "TZID" in ln.upper() else ln
            for ln in block.lines
        ]
        try:
            event = Event.from_ical("BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n")
        except Exception as exc:  # icalendar on untrusted text: this event only is lost
            reason = str(exc)[:200] or type(exc).__name__
            error = tr("event cannot be read (%(reason)s)", reason=reason)
        else:
            error = _start_error(event, block) or _rule_error(event, block)
    if error:
        parsed.errors.append(RecordError(parsed.name, block.line, error))
        return None
    return event


def _start_error(event: Event, block: ics_text.EventBlock) -> str:
    prop = event.get("DTSTART")
    if isinstance(prop, list):
        prop = prop[0] if prop else None
    if prop is None:
        return tr("event without a start date (DTSTART)")
    try:
        value = prop.dt
    except Exception:  # icalendar's vBroken raises on .dt: the value did not parse
        value = None
    if isinstance(value, date):
        event["DTSTART"] = prop
        return ""
    raw = next((ln for ln in block.lines if ln[:7].upper() == "DTSTART"), "")
    shown = ics_text.split_line(raw)[1][:60]
    return tr("unreadable start date (DTSTART) %(value)s", value=shown)


def _rule_error(event: Event, block: ics_text.EventBlock) -> str:
    rules = event.get("RRULE")
    if not any(isinstance(r, vBroken) for r in (rules if isinstance(rules, list) else [rules])):
        return ""
    raw = next((ln for ln in block.lines if ln[:5].upper() == "RRULE"), "")
    shown = ics_text.split_line(raw)[1][:80]
    return tr("unreadable repeat rule (RRULE) %(value)s", value=shown)


def _occurrences(
    calendar: _Calendar,
    parsed: ParsedFile,
    context: ImportContext,
    now: datetime,
    me: frozenset[str],
    my_names: frozenset[str],
    seen: set[str],
) -> None:
    zone = ics_timezones.calendar_zone(calendar.zone_name)
    groups: dict[str, list[int]] = {}
    for index, item in enumerate(calendar.items):
        groups.setdefault(item.uid, []).append(index)
    for uid, indexes in groups.items():
        components = [(i, calendar.items[i].event) for i in indexes]
        try:
            series = expand(components, zone, calendar.zone_name, now)
        except ExpansionError as exc:
            line = calendar.items[indexes[0]].line
            parsed.errors.append(RecordError(parsed.name, line, str(exc)))
            continue
        parsed.skipped += series.dropped
        for index in indexes:
            if index not in series.produced:
                _count_unproduced(calendar.items[index], zone, now, parsed)
        for occurrence in series.occurrences:
            item = calendar.items[occurrence.index]
            subject, summary, channel, cancelled = _facts(item, context.default_region)
            participants, declined = _people(item, me, my_names)
            reason = _exclusion(cancelled, declined, participants)
            key = f"{uid}@{occurrence.stamp}"
            if reason:
                parsed.excluded[reason] = parsed.excluded.get(reason, 0) + 1
                continue
            if key in seen:
                parsed.skipped += 1
                continue
            seen.add(key)
            parsed.records.append(
                RawInteraction(
                    source="ics",
                    key=key,
                    line=item.line,
                    channel=channel,
                    direction="mutual",
                    occurred_at=occurrence.start,
                    participants=participants,
                    subject=subject,
                    thread_key=uid,
                    summary=summary,
                )
            )


def _exclusion(cancelled: bool, declined: bool, participants: tuple[PersonRef, ...]) -> str:
    """Why an occurrence is left out ("" when it is kept): the first of these that applies."""
    if cancelled:
        return "cancelled"
    if declined:
        return "declined"
    return "" if participants else "alone"


def _count_unproduced(item: _Item, zone: tzinfo, now: datetime, parsed: ParsedFile) -> None:
    """A VEVENT with no occurrence in the window: still to come, or before 1990."""
    value = item.event["DTSTART"].dt
    start = ics_timezones.to_utc(value, zone)
    if (start >= now) if start is not None else value.year > 2000:
        parsed.excluded["future"] = parsed.excluded.get("future", 0) + 1
    elif start is None or start < EARLIEST:
        parsed.skipped += 1


def _text(value: object) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value)


def _facts(item: _Item, region: str) -> tuple[str, str, str, bool]:
    if item.facts is None:
        event = item.event
        subject = " ".join(_text(event.get("SUMMARY")).split())
        description = _DECORATION.sub(" ", _text(event.get("DESCRIPTION"))[:_DESCRIPTION_CHARS])
        summary = strip_markup(description)[:_SUMMARY_CHARS]
        channel = ics_channel.channel_of(event, region)
        cancelled = _text(event.get("STATUS")).strip().upper() == "CANCELLED"
        item.facts = (subject, summary, channel, cancelled)
    return item.facts


def _people(
    item: _Item, me: frozenset[str], my_names: frozenset[str]
) -> tuple[tuple[PersonRef, ...], bool]:
    if item.people is None:
        item.people = ics_people.participants(item.guests, me, my_names)
    return item.people
