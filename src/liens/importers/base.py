"""What every format module yields: plain dataclasses, no Django (frozen records, and an
InteractionBatch where a format brings interactions by the hundred thousand).

Format modules parse; `load.py` is the only step that writes. Keeping the two apart
means a parser can be tested, fuzzed and benchmarked without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import accumulate
from pathlib import Path
from typing import Protocol

from liens.errors import UserError


class ImportFailure(UserError):
    """A whole file (or archive) cannot be imported: the message names it, and the line."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class RecordError:
    """One record skipped while the rest of its file imports."""

    file: str
    line: int | None
    message: str


@dataclass(frozen=True)
class ImportContext:
    """What a parser may know about the owner, so it can tell my messages from theirs."""

    my_emails: frozenset[str] = frozenset()  # email_key()-normalised addresses of *me*
    my_names: tuple[str, ...] = ()
    default_region: str = "FR"  # for national phone numbers (phonenumbers region code)
    now: datetime | None = None  # recurring events are expanded up to this moment
    column_map: tuple[tuple[str, str], ...] = ()  # generic CSV: (field, column) pairs


@dataclass(frozen=True)
class PersonRef:
    """How a record points at somebody: whatever the source gives, all optional."""

    name: str = ""
    profile_url: str = ""  # canonical LinkedIn URL (see normalize.canonical_linkedin_url)
    email: str = ""
    role: str = ""  # sender, to, cc, organizer, attendee


@dataclass(frozen=True)
class RawAddress:
    """A postal address as the source splits it (vCard ADR, CSV address columns)."""

    street: str = ""
    locality: str = ""
    postcode: str = ""
    region: str = ""
    country: str = ""
    label: str = ""  # home, work, ... as the source names it


@dataclass(frozen=True)
class RawIdentity:
    """One source record of a person (a connection row, a vCard, ...)."""

    source: str  # "linkedin", "vcard", ...
    key: str  # stable across re-exports of the same source
    line: int | None
    first_name: str = ""
    last_name: str = ""
    display_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    profile_url: str = ""
    organization: str = ""
    title: str = ""
    connected_on: date | None = None
    raw: dict[str, str] = field(default_factory=dict)
    nickname: str = ""
    birthday: date | None = None  # year 1604 when the source gives no year (vCard --MMDD)
    addresses: tuple[RawAddress, ...] = ()
    urls: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class RawInteraction:
    """Something that happened between me and others (a message, a meeting...)."""

    source: str
    key: str
    line: int | None
    channel: str  # in_person, call, video, email, message, event, social
    direction: str  # outbound, inbound, mutual
    occurred_at: datetime  # timezone-aware
    participants: tuple[PersonRef, ...]  # everybody but me
    subject: str = ""
    thread_key: str = ""
    summary: str = ""  # plain text, tags stripped; never rendered as markup
    reply_to_key: str = ""  # the key (same source) of the record this one answers


@dataclass
class InteractionBatch:
    """Interactions of one source, column by column, as a mailbox hands them over: a GB
    holds ~85,000 messages and ~340,000 participants, and one object for each cost the
    importing process more than SQLite's own work. The participants of interaction i are
    the next `people[i]` of `participants` (everybody but me, in order); a correspondent
    named in many messages should be one shared PersonRef object."""

    source: str
    keys: list[str] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    directions: list[str] = field(default_factory=list)
    occurred_at: list[datetime] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    thread_keys: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    reply_to_keys: list[str] = field(default_factory=list)
    people: list[int] = field(default_factory=list)
    participants: list[PersonRef] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.keys)

    @classmethod
    def of(cls, raws: Iterable[RawInteraction]) -> list[InteractionBatch]:
        """One batch per source; a key given twice keeps its first place and last values."""
        by_key = {(raw.source, raw.key): raw for raw in raws}
        batches: dict[str, InteractionBatch] = {}
        for (source, _key), raw in by_key.items():
            if source not in batches:
                batches[source] = cls(source)
            batches[source].append(raw)
        return list(batches.values())

    def append(self, raw: RawInteraction) -> None:
        self.keys.append(raw.key)
        self.lines.append(raw.line)
        self.channels.append(raw.channel)
        self.directions.append(raw.direction)
        self.occurred_at.append(raw.occurred_at)
        self.subjects.append(raw.subject)
        self.thread_keys.append(raw.thread_key)
        self.summaries.append(raw.summary)
        self.reply_to_keys.append(raw.reply_to_key)
        self.people.append(len(raw.participants))
        self.participants += raw.participants

    def records(self) -> list[RawInteraction]:
        """The same interactions as records (tests compare them with other parsers')."""
        groups = self._groups()
        return [
            RawInteraction(
                source=self.source,
                key=self.keys[i],
                line=self.lines[i],
                channel=self.channels[i],
                direction=self.directions[i],
                occurred_at=self.occurred_at[i],
                participants=tuple(groups[i]),
                subject=self.subjects[i],
                thread_key=self.thread_keys[i],
                summary=self.summaries[i],
                reply_to_key=self.reply_to_keys[i],
            )
            for i in range(len(self))
        ]

    def take(self, positions: Sequence[int]) -> InteractionBatch:
        """The interactions at `positions` (in that order), with their participants."""
        groups = self._groups()
        kept = InteractionBatch(self.source)
        for name in _BATCH_COLUMNS:
            column = getattr(self, name)
            setattr(kept, name, [column[i] for i in positions])
        kept.participants = [ref for i in positions for ref in groups[i]]
        return kept

    def _groups(self) -> list[list[PersonRef]]:
        """The participants of each interaction."""
        starts = accumulate(self.people, initial=0)
        return [
            self.participants[start : start + count]
            for start, count in zip(starts, self.people, strict=False)  # starts: one more
        ]


_BATCH_COLUMNS = (
    "keys",
    "lines",
    "channels",
    "directions",
    "occurred_at",
    "subjects",
    "thread_keys",
    "summaries",
    "reply_to_keys",
    "people",
)


@dataclass(frozen=True)
class RawInvitation:
    source: str
    key: str
    line: int | None
    direction: str  # outbound (I invited) / inbound
    sent_at: datetime | None
    person: PersonRef
    message: str = ""


@dataclass(frozen=True)
class RawRecommendation:
    source: str
    key: str
    line: int | None
    direction: str  # inbound = received, outbound = given
    person: PersonRef
    organization: str = ""
    title: str = ""
    text: str = ""
    created_at: datetime | None = None
    status: str = ""


@dataclass(frozen=True)
class RawEndorsement:
    source: str
    key: str
    line: int | None
    direction: str  # inbound = received, outbound = given
    person: PersonRef
    skill: str
    endorsed_at: datetime | None = None
    status: str = ""


@dataclass(frozen=True)
class RawPosition:
    organization: str
    title: str = ""
    location: str = ""
    started_on: date | None = None
    finished_on: date | None = None  # None = current
    description: str = ""


@dataclass(frozen=True)
class RawEducation:
    school: str
    degree: str = ""
    started_on: date | None = None
    finished_on: date | None = None


@dataclass(frozen=True)
class RawProfile:
    """*Me*, as the source describes me."""

    source: str
    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    industry: str = ""
    location: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    profile_url: str = ""
    positions: tuple[RawPosition, ...] = ()
    education: tuple[RawEducation, ...] = ()


Record = (
    RawIdentity
    | RawInteraction
    | InteractionBatch
    | RawInvitation
    | RawRecommendation
    | RawEndorsement
    | RawProfile
)


@dataclass
class ParsedFile:
    """One file of an export, or one part of a big one (a streamed format yields a mailbox
    of millions of messages as parts of a few thousand, all with the file's name, and never
    the same record key in two parts of one file: the loader relies on it)."""

    name: str  # as the user knows it: "export.zip:Connections.csv"
    records: list[Record] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    skipped: int = 0  # records left out on purpose (blank rows, drafts, AI-coach chats)
    excluded: dict[str, int] = field(default_factory=dict)  # kept out but counted: {"bulk": 12}
    read: tuple[int, int] | None = None  # streamed parts: (bytes read so far, file size)


class Format(Protocol):
    """A format module: says whether it can read a path, then parses it file by file.

    A module may also set `streamed = True`: its parts are then loaded as they come instead
    of all being parsed first, so memory stays flat whatever the file size.
    """

    name: str

    def detect(self, path: Path) -> bool: ...

    def parse(self, path: Path, context: ImportContext) -> Iterator[ParsedFile]: ...
