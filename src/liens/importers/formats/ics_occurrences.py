"""Past occurrences of one event series (one UID), bounded, via `recurring_ical_events`.

`icalendar` does not expand RRULE/RDATE/EXDATE/RECURRENCE-ID; `recurring_ical_events` does,
with the quirks of real files handled (UNTIL in the wrong zone, X-WR-TIMEZONE, moved and
cancelled instances, RANGE=THISANDFUTURE). Its rules are expanded by `dateutil` from DTSTART
on, so a rule is first checked to repeat a bounded number of times before `now` (a
`FREQ=SECONDLY` rule from 1970 would otherwise never finish) and to match some date at all
(dateutil looks for one up to year 9999). Of what remains, only the
occurrences since 1990 and before `now` are kept, the latest 500 of each series: recency is
what tie strength needs most (Gilbert & Karahalios 2009).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

import recurring_ical_events
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vRecur

from liens.i18n import tr
from liens.importers.formats.ics_timezones import to_utc

__all__ = ["EARLIEST", "MAX_EXPANDED", "MAX_PER_EVENT", "ExpansionError", "Series", "expand"]

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
MAX_PER_EVENT = 500
MAX_EXPANDED = 100_000  # instances a rule may have between its DTSTART and now
INDEX = "X-LIENS-INDEX"  # tags each component so an occurrence finds its VEVENT again
_SLACK = timedelta(days=1)  # floating times are compared in UTC by the library
_UNIT_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 28, "YEARLY": 365}
_PER_PERIOD = {"WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}
_DAY_PARTS = ("BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
_DAY_FILTERS = frozenset({*_DAY_PARTS, "BYMONTH"})
_FILTERS = _DAY_FILTERS | {"WKST"}


class ExpansionError(Exception):
    """A series whose recurrence cannot be computed; the text is for the user's RecordError."""


@dataclass(frozen=True)
class Occurrence:
    index: int  # position of its VEVENT among the calendar's events
    start: datetime  # UTC
    stamp: str  # what identifies the occurrence within its UID, for the key


@dataclass
class Series:
    occurrences: list[Occurrence]
    produced: set[int]  # components that gave at least one occurrence in the window
    dropped: int = 0  # occurrences beyond MAX_PER_EVENT


def stamp(value: date | datetime, utc: datetime) -> str:
    """`2024-07-10` for a day, `2024-07-10T08:00:00Z` for a time."""
    if isinstance(value, datetime):
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def _is_single(components: Sequence[tuple[int, Event]]) -> bool:
    if len(components) != 1:
        return False
    event = components[0][1]
    return not any(k in event for k in ("RRULE", "RDATE", "EXRULE", "RECURRENCE-ID"))


def expand(
    components: Sequence[tuple[int, Event]], zone: tzinfo, zone_name: str, now: datetime
) -> Series:
    """Occurrences in [1990, now) of the VEVENTs sharing one UID, the latest 500."""
    if _is_single(components):
        index, event = components[0]
        start = event["DTSTART"].dt
        utc = to_utc(start, zone)
        if utc is None or not EARLIEST <= utc < now:
            return Series([], set())
        return Series([Occurrence(index, utc, stamp(start, utc))], {index})
    try:
        for _, event in components:
            _check_bound(event, zone, now)
        return _expand(components, zone, zone_name, now)
    except ExpansionError:
        raise
    except Exception as exc:  # a third-party library on untrusted input: one series lost
        reason = str(exc)[:200] or type(exc).__name__
        raise ExpansionError(
            tr("the repetitions of this event cannot be computed (%(reason)s)", reason=reason)
        ) from exc


def _expand(
    components: Sequence[tuple[int, Event]], zone: tzinfo, zone_name: str, now: datetime
) -> Series:
    calendar = Calendar()
    if zone_name:
        calendar.add("X-WR-TIMEZONE", zone_name)
    for index, event in components:
        event[INDEX] = str(index)
        calendar.add_component(event)
    found = []
    for series in recurring_ical_events.of(calendar).series:
        for occurrence in series.between(EARLIEST - _SLACK, now + _SLACK):
            utc = to_utc(occurrence.start, zone)
            if utc is not None and EARLIEST <= utc < now:
                found.append((utc, occurrence))
    found.sort(key=lambda pair: pair[0])
    kept = found[-MAX_PER_EVENT:]
    result = Series([], set(), len(found) - len(kept))
    for utc, occurrence in kept:
        result.occurrences.append(_occurrence(occurrence, utc, components, zone))
    result.produced = {o.index for o in result.occurrences}
    return result


def _occurrence(
    occurrence: object, utc: datetime, components: Sequence[tuple[int, Event]], zone: tzinfo
) -> Occurrence:
    """Its VEVENT, and its stamp: a moved instance keeps the slot named by RECURRENCE-ID."""
    component = occurrence.as_component(False)  # type: ignore[attr-defined]
    index = int(str(component.get(INDEX, components[0][0])))
    source = next((e for i, e in components if i == index), components[0][1])
    start = component["DTSTART"].dt
    recurrence = source.get("RECURRENCE-ID")
    if recurrence is not None and "RANGE" not in getattr(recurrence, "params", {}):
        own = to_utc(source["DTSTART"].dt, zone)
        slot = to_utc(recurrence.dt, zone)
        if own == utc and slot is not None:
            return Occurrence(index, utc, stamp(recurrence.dt, slot))
    return Occurrence(index, utc, stamp(start, utc))


def _count(rule: vRecur, key: str) -> int:
    value = rule.get(key)
    return len(value) if isinstance(value, list) else (1 if value else 0)


def _first(rule: vRecur, key: str) -> object:
    value = rule.get(key)
    return value[0] if isinstance(value, list) and value else value


def bound(rule: vRecur, start: datetime, now: datetime, zone: tzinfo) -> float:
    """An upper bound of the instances `rule` has from `start` until `now` (or UNTIL)."""
    end = now
    until = _first(rule, "UNTIL")
    if isinstance(until, date):
        end = min(end, to_utc(until, zone) or end)
    days = max(0.0, (end - start).total_seconds() / 86400) + 1
    freq = str(_first(rule, "FREQ") or "").upper()
    try:
        interval = max(1, int(str(_first(rule, "INTERVAL") or 1)))
    except ValueError:
        interval = 1
    seconds, minutes = _count(rule, "BYSECOND") or 1, _count(rule, "BYMINUTE") or 1
    per_day = (_count(rule, "BYHOUR") or 1) * minutes * seconds
    if freq == "SECONDLY":
        total = days * 86400 / interval
    elif freq == "MINUTELY":
        total = days * 1440 / interval * seconds
    elif freq == "HOURLY":
        total = days * 24 / interval * minutes * seconds
    else:
        periods = days / (_UNIT_DAYS.get(freq, 1) * interval) + 1
        if freq == "DAILY" or freq not in _PER_PERIOD:
            per = 1
        elif any(_count(rule, part) for part in _DAY_PARTS):
            per = _PER_PERIOD[freq]
        else:
            per = (_count(rule, "BYMONTH") or 1) if freq == "YEARLY" else 1
        total = min(periods * per, days) * per_day
    count = _first(rule, "COUNT")
    if count is not None:
        with contextlib.suppress(ValueError):
            total = min(total, int(str(count)))
    return total


def _satisfiable(rule: vRecur, start: date) -> bool:
    """Whether the day filters of `rule` ever match a date.

    `dateutil` walks period after period up to year 9999 looking for a match, so a rule that
    can never match (`BYMONTH=2;BYMONTHDAY=30`) costs seconds per event. The same filters as a
    yearly rule, started 400 years before 9999 (the Gregorian calendar repeats every 400
    years, weekdays included), answer in milliseconds.
    """
    parts = rule.to_ical().decode("ascii", errors="replace").split(";")
    kept = [p for p in parts if p.split("=", 1)[0].upper() in _FILTERS]
    if not any(p.split("=", 1)[0].upper() in _DAY_FILTERS for p in kept):
        return True
    year = 9200 + (start.year - 9200) % 400
    probe_start = datetime(year, start.month, start.day)
    probe = rrulestr(";".join(["FREQ=YEARLY", *kept]), dtstart=probe_start)
    return probe.after(probe_start, inc=True) is not None


def _check_bound(event: Event, zone: tzinfo, now: datetime) -> None:
    rules = event.get("RRULE")
    if rules is None:
        return
    start = to_utc(event["DTSTART"].dt, zone)
    if start is None:  # year 1 or 9999: datetime cannot move it to UTC
        year = event["DTSTART"].dt.year
        start = datetime(year, 1, 1, tzinfo=UTC) if year < 2000 else now
    for rule in rules if isinstance(rules, list) else [rules]:
        if not isinstance(rule, vRecur):
            continue
        if not _satisfiable(rule, event["DTSTART"].dt):
            raise ExpansionError(tr("the repeat rule of this event never matches a date"))
        if bound(rule, start, now, zone) > MAX_EXPANDED:
            raise ExpansionError(
                tr(
                    "this event repeats more than %(count)s times before today: not expanded",
                    count=MAX_EXPANDED,
                )
            )
