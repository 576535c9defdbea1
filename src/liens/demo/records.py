"""Records the timeline produces and the writers consume: messages, threads, meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
DAY = 86400
OWNER = -1


@dataclass(slots=True)
class Msg:
    ts: int  # epoch seconds, UTC
    sender: int  # person idx, or OWNER
    to: tuple[int, ...]
    cc: tuple[int, ...] = ()
    flag: str = ""  # "", "auto" (out-of-office), "draft", "attach"


@dataclass(slots=True)
class Thread:
    tid: int
    channel: str  # "email" or "linkedin"
    purpose: str  # cold, followup, personal, client, partner, reconnect, intro, group...
    lang: str
    persons: tuple[int, ...]
    owner_addr: str
    addrs: dict[int, str]
    msgs: list[Msg] = field(default_factory=list)
    seed: int = 0


@dataclass(slots=True)
class Meeting:
    mid: int
    start: int
    minutes: int
    mode: str  # video, teams, in_person, call
    purpose: str
    lang: str
    persons: tuple[int, ...]
    partstat: tuple[str, ...]
    organizer: int
    addrs: tuple[str, ...]
    owner_status: str = "ACCEPTED"
    location: str = ""
    weeks: int = 0  # > 0: a weekly recurring meeting with that many occurrences
    seed: int = 0


@dataclass(slots=True)
class Timeline:
    threads: list[Thread] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


def at(day: date, hour: int, minute: int) -> int:
    """Epoch seconds of a Paris wall-clock time (so DST is right in every file)."""
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS).timestamp())


def to_day(ts: int) -> date:
    return datetime.fromtimestamp(ts, PARIS).date()
