"""iCalendar text before `icalendar` sees it: decoded, unfolded, split, with line numbers.

`icalendar` gives no line numbers and refuses a whole calendar for one bad line in a VALARM,
so the text is first cut here into the pieces the importer needs: the calendar's own
properties, its VTIMEZONE blocks and one block of content lines per top-level VEVENT (its
own properties only: an ATTENDEE inside a VALARM is the reminder's recipient, not a guest,
research/formats.md §5.1). Each VEVENT is then parsed alone, so one broken event is one
RecordError at the physical line where it begins. Folds may cut a parameter in two
(`RSVP=\\r\\n TRUE`); RRULEs lose the spaces Exchange writes (`BYDAY=MO, TU`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from liens.i18n import tr
from liens.importers.base import ImportFailure

__all__ = ["CalendarText", "EventBlock", "decode", "first_line", "split_calendars", "split_line"]

MAX_DEPTH = 12  # VCALENDAR > VEVENT > VALARM is 3; anything much deeper is not a calendar
_NEWLINE = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"[A-Za-z0-9-]+")
_SPACES = re.compile(r"[ \t]+")
_EMPTY_DROPPED = {"RRULE", "EXRULE", "RDATE", "EXDATE"}
# What the importer reads from a VEVENT; the rest (DTSTAMP, ATTACH blobs, X-MOZ-*...) is
# dropped before parsing: a third of the time, and no error from a property nobody needs.
EVENT_PROPS = frozenset(
    {
        "UID",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "RECURRENCE-ID",
        "SEQUENCE",
        "STATUS",
        "SUMMARY",
        "DESCRIPTION",
        "LOCATION",
        "URL",
        "ORGANIZER",
        "ATTENDEE",
        "CONFERENCE",
        "X-GOOGLE-CONFERENCE",
        "X-APPLE-STRUCTURED-LOCATION",
    }
)
_MICROSOFT_MEETING = re.compile(r"X-MICROSOFT-.*MEETING")
_KEPT_CALENDAR_PROPS = {"X-WR-TIMEZONE", "X-WR-CALNAME", "PRODID", "CALSCALE"}


@dataclass
class EventBlock:
    """One top-level VEVENT: where it begins and its own content lines."""

    line: int
    lines: list[str] = field(default_factory=list)
    unclosed: bool = False  # the file never closed it (END:VEVENT missing)


@dataclass
class CalendarText:
    """One VCALENDAR of the file (a file may hold several)."""

    line: int
    props: dict[str, str] = field(default_factory=dict)
    zones: dict[str, list[str]] = field(default_factory=dict)  # TZID -> whole VTIMEZONE block
    events: list[EventBlock] = field(default_factory=list)


def decode(data: bytes) -> str:
    """Text of a calendar file: UTF-8 (BOM tolerated), UTF-16, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
    elif len(data) > 3 and data[1] == 0 and data[3] == 0 and data[0] != 0:
        text = data.decode("utf-16-le", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.lstrip("\ufeff").replace("\x00", "")


def first_line(text: str) -> tuple[int, str]:
    """The first non-empty line, stripped, and its number (0, "" for an empty text)."""
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        if line.strip():
            return number, line.strip()
    return 0, ""


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded content lines with the physical line where each one begins."""
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(_NEWLINE.split(text), start=1):
        if not line.strip():
            continue
        if line[0] in " \t" and logical:
            start, head = logical[-1]
            logical[-1] = (start, head + line[1:])
        else:
            logical.append((number, line.lstrip()))
    return logical


def split_line(line: str) -> tuple[str, str]:
    """(name with parameters, value), cut at the first colon outside double quotes."""
    if '"' not in line:
        head, _, value = line.partition(":")
        return head, value
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return line, ""


class _Splitter:
    """Walks BEGIN/END like a stack, closing what the file left open."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.calendars: list[CalendarText] = []
        self.stack: list[str] = []
        self.event: EventBlock | None = None
        self.zone: list[str] | None = None
        self.zone_id = ""

    def begin(self, number: int, kind: str) -> None:
        if kind == "VCALENDAR":
            self.close_to(0)
        elif kind == "VEVENT" and "VEVENT" in self.stack:
            self.close_to(self.stack.index("VEVENT"))
        if len(self.stack) >= MAX_DEPTH:
            raise ImportFailure(self.name, tr("components nested too deeply"), number)
        top_level = self.stack == ["VCALENDAR"]
        if kind == "VCALENDAR" and not self.stack:
            self.calendars.append(CalendarText(number))
        elif top_level and kind == "VEVENT":
            self.event = EventBlock(number)
            self.calendars[-1].events.append(self.event)
        elif top_level and kind == "VTIMEZONE":
            self.zone, self.zone_id = [], ""
        if self.zone is not None:
            self.zone.append("BEGIN:" + kind)
        self.stack.append(kind)

    def end(self, kind: str) -> None:
        if kind not in self.stack:
            return  # an END without its BEGIN: dropped
        depth = len(self.stack) - 1 - self.stack[::-1].index(kind)
        self.close_to(depth + 1)
        self.pop(unclosed=False)

    def close_to(self, depth: int) -> None:
        while len(self.stack) > depth:
            self.pop(unclosed=True)

    def pop(self, unclosed: bool) -> None:
        kind = self.stack.pop()
        if self.zone is not None:
            self.zone.append("END:" + kind)
        if len(self.stack) != 1 or not self.calendars:
            return
        if kind == "VEVENT" and self.event is not None:
            self.event.unclosed = unclosed
            self.event = None
        elif kind == "VTIMEZONE" and self.zone is not None:
            if self.zone_id and not unclosed:
                self.calendars[-1].zones.setdefault(self.zone_id, self.zone)
            self.zone = None

    def prop(self, head: str, value: str) -> None:
        if not self.stack or not self.calendars:
            return  # text outside any component (mail headers, trailing junk)
        name = head.split(";", 1)[0].upper()
        if name in _EMPTY_DROPPED and not value.strip():
            return  # `EXDATE;VALUE=DATE:` with nothing (a real Google file)
        if name in ("RRULE", "EXRULE"):
            head, value = name, _SPACES.sub("", value)
        line = f"{head}:{value}"
        if self.zone is not None:
            if name == "TZID" and len(self.stack) == 2:
                self.zone_id = value.strip()
            self.zone.append(line)
        elif self.event is not None and len(self.stack) == 2:
            if name in EVENT_PROPS or _MICROSOFT_MEETING.match(name):
                self.event.lines.append(line)
        elif self.stack == ["VCALENDAR"] and name in _KEPT_CALENDAR_PROPS:
            self.calendars[-1].props.setdefault(name, value.strip())


def split_calendars(text: str, name: str) -> list[CalendarText]:
    """The calendars of a file, each with its properties, zones and VEVENT blocks."""
    splitter = _Splitter(name)
    for number, line in logical_lines(text):
        head, value = split_line(line)
        match = _NAME.match(head)
        if not match or (match.end() != len(head) and head[match.end()] != ";"):
            continue  # not a content line
        key = match.group().upper()
        if key in ("BEGIN", "END") and match.end() == len(head):
            kind = value.strip().upper()
            if not _NAME.fullmatch(kind):
                continue
            if key == "BEGIN":
                splitter.begin(number, kind)
            else:
                splitter.end(kind)
        else:
            splitter.prop(head, value)
    splitter.close_to(0)
    return splitter.calendars
