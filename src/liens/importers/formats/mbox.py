"""Mailboxes in mbox format: Google Takeout, Thunderbird, Apple Mail export, GYB (no Django).

Implements the `Format` protocol of `importers/base.py`. Only headers are read (who wrote to
whom, when, about what, in which thread), never bodies, so a 10 GB Takeout streams through in
seconds with flat memory: `mbox_scan` finds the messages, `mbox_headers` decodes them.

- `line` of interactions and errors is the physical line (1-based) of the message's `From `
  line.
- Streamed: the file yields ParsedFile parts of at most `PART_RECORDS` messages, in one
  InteractionBatch each, all with the same name and `read` set to (bytes scanned, file size),
  to be written as they come while the workers scan ahead. The first part holds the
  RawProfile when the owner's addresses were inferred from the mailbox.
- Kept out of the relationship data but counted in `ParsedFile.excluded` (see EXCLUDED).
- Direction: From one of *me*'s addresses means outbound, anything else inbound. Without
  `context.my_emails`, *me* is every From address of mail labelled Sent (`Envoyés`...), or,
  without such labels, the address seen in the most From and To headers; a first quick pass
  finds it, and it is reported as RawProfile(source="mbox", emails=...).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import UTC, datetime
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path

from liens.i18n import tr
from liens.importers.base import (
    ImportContext,
    ImportFailure,
    InteractionBatch,
    ParsedFile,
    PersonRef,
    RawProfile,
    RecordError,
)
from liens.importers.formats.mbox_scan import RANGE, Memo, Ranges, first_line_ok
from liens.importers.gcpause import gc_paused
from liens.importers.normalize import email_key

__all__ = ["EXCLUDED", "PART_RECORDS", "detect", "name", "parse", "parse_mbox", "streamed"]

name = "mbox"
streamed = True

PART_RECORDS = 5_000  # small parts keep the writer busy while the workers scan ahead
EXCLUDED = {
    "bulk": "Precedence: bulk/junk or List-Unsubscribe (newsletters, marketing)",
    "list": "List-Id, List-Post, Mailing-List or Precedence: list (mailing lists)",
    "automatic": "Auto-Submitted other than `no`, X-Autoreply (out-of-office, bounces)",
    "no_reply": "sender local part noreply, no-reply, ne-pas-repondre, donotreply, mailer-daemon",
    "no_sender": "no usable From address (Google Chat items)",
    "duplicate": "a Message-ID seen earlier in the same file (the first one is kept)",
    "to_self": "written by me to nobody but me",
    "spam": "Gmail label Spam",
    "draft": "Gmail label Draft / Brouillons",
    "deleted": "Thunderbird X-Mozilla-Status expunged flag (deleted, not yet compacted)",
}
_SNIFF = 64 * 1024
_ekey = lru_cache(maxsize=65536)(email_key)


def detect(path: Path) -> bool:
    """A file whose first line is a From_ separator followed by a header, or a folder
    `Name.mbox/` holding such a file named `mbox` (Apple Mail's export)."""
    try:
        if path.is_dir():
            path = path / "mbox"
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError:
        return False
    return _sniff(head) is not None


def _sniff(head: bytes) -> bool | None:
    """None if not an mbox, else whether lines end with CR alone (old Mac mail programs)."""
    first = min((i for i in (head.find(b"\r"), head.find(b"\n")) if i >= 0), default=-1)
    cr_only = first >= 0 and head[first : first + 1] == b"\r" and b"\n" not in head
    if cr_only:
        head = head.replace(b"\r", b"\n")
    return cr_only if first_line_ok(head) else None


def parse(path: Path, context: ImportContext | None = None) -> Iterator[ParsedFile]:
    """The interactions of a mailbox, in parts of at most PART_RECORDS messages."""
    return parse_mbox(path, context, part_records=PART_RECORDS)


def parse_mbox(
    path: Path,
    context: ImportContext | None = None,
    *,
    workers: int | None = None,
    range_bytes: int = RANGE,
    part_records: int = PART_RECORDS,
) -> Iterator[ParsedFile]:
    """`parse` with the knobs the tests and the benchmark turn (pool size, range size)."""
    context = context or ImportContext()
    file, label = _resolve(path)
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError as exc:
        raise ImportFailure(label, tr("cannot be read (%(reason)s)", reason=exc.strerror)) from exc
    if not head:
        yield ParsedFile(name=label)
        return
    cr_only = _sniff(head)
    if cr_only is None:
        raise ImportFailure(
            label, tr('not an mbox mailbox: the first line is not a "From " separator'), 1
        )
    with Ranges(str(file), size, workers, range_bytes, cr_only) as ranges:
        scan = _Scan(ranges, label)
        me = frozenset(k for k in context.my_emails if k)
        profile = None
        if not me:
            found = scan.infer_me()
            me = frozenset(_ekey(address) for address in found)
            if found:
                profile = RawProfile(source="mbox", emails=tuple(found))
        builder = _Builder(label, part_records)
        if profile:
            builder.part.records.append(profile)
        base = 1
        for newlines, items in scan.ranges("records", me):
            done = builder.add_range(base, items)
            base += newlines
            for part in done:
                part.read = (ranges.position, size)
                yield part
    last = builder.close()
    last.read = (size, size)
    yield last


def _resolve(path: Path) -> tuple[Path, str]:
    if path.is_dir():
        if not (path / "mbox").is_file():
            raise ImportFailure(path.name, tr("a folder without a file named mbox"))
        return path / "mbox", path.name
    return path, path.name


class _Scan:
    """Runs the scanner over the file and turns its failures into ImportFailure."""

    def __init__(self, ranges: Ranges, label: str) -> None:
        self.ranges_of, self.label = ranges, label

    def ranges(self, mode: str, me: frozenset[str] = frozenset()) -> Iterator[tuple[int, list]]:
        try:
            yield from self.ranges_of.map(mode, me)
        except (OSError, BrokenProcessPool) as exc:
            reason = getattr(exc, "strerror", None) or exc.__class__.__name__
            raise ImportFailure(
                self.label, tr("cannot be read (%(reason)s)", reason=reason)
            ) from exc

    def infer_me(self) -> list[str]:
        """The owner's addresses, most used first (the spelling seen most often)."""
        sent: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for _newlines, (sent_part, seen_part) in self.ranges("me"):
            sent.update(sent_part)
            seen.update(seen_part)
        totals: Counter[str] = Counter()
        spelling: dict[str, Counter[str]] = {}
        for address, count in (sent or seen).items():
            key = _ekey(address)
            if key:
                totals[key] += count
                spelling.setdefault(key, Counter())[address] += count
        ranked = sorted(totals, key=lambda k: (-totals[k], k))
        if not sent:  # no Sent label: only the one address found everywhere is surely me
            ranked = ranked[:1]
        return [min(spelling[k], key=lambda a: (-spelling[k][a], a)) for k in ranked]


class _SeenKeys:
    """A set of 64-bit key hashes in one flat array: 16-32 bytes per message instead of ~150
    for a set of strings, so a mailbox of millions of messages stays within memory bounds.
    Two different keys share a hash with odds ~n²/2⁶⁵, negligible."""

    def __init__(self) -> None:
        self._slots = array("q", bytes(8 * 4096))
        self._mask = 4095
        self._used = 0

    def add(self, key: str) -> bool:
        """True if the key is new (and now recorded)."""
        h = hash(key) or 1  # 0 marks an empty slot
        slots, mask = self._slots, self._mask
        i = h & mask
        while (v := slots[i]) != 0:
            if v == h:
                return False
            i = (i + 1) & mask
        slots[i] = h
        self._used += 1
        if self._used * 2 > mask:
            self._grow()
        return True

    def _grow(self) -> None:
        old = [v for v in self._slots if v]
        self._mask = self._mask * 4 + 3
        self._slots = slots = array("q", bytes(8 * (self._mask + 1)))
        mask = self._mask
        for h in old:
            i = h & mask
            while slots[i]:
                i = (i + 1) & mask
            slots[i] = h


class _Builder:
    """Turns decoded messages into interactions, part by part, column by column."""

    def __init__(self, label: str, part_records: int) -> None:
        self.label, self.part_records = label, part_records
        self.part = ParsedFile(name=label)
        self.batch = InteractionBatch("mbox")
        self.seen = _SeenKeys()

    def add_range(self, base: int, items: list[tuple[int, tuple]]) -> list[ParsedFile]:
        """Interactions of one scanned range; returns the parts it completed. Messages kept
        are gathered, then turned into columns by C-level zips and maps, part by part."""
        done: list[ParsedFile] = []
        kept: list[tuple] = []
        lines: list[int] = []
        seen, label, room = self.seen.add, self.label, self.part_records - len(self.batch)
        # records are acyclic; collections would rescan every part built so far
        with gc_paused():
            for line, fields in items:
                kind = fields[0]
                if not kind:
                    if not seen(fields[1]):
                        self._exclude("duplicate")
                        continue
                    kept.append(fields)
                    lines.append(base + line)
                    if len(kept) == room:
                        self._fill(lines, kept)
                        done.append(self.close())
                        kept, lines, room = [], [], self.part_records
                elif kind == "!date":
                    value = repr(fields[1])
                    text = tr("unreadable Date header %(value)s: message skipped", value=value)
                    self.part.errors.append(RecordError(label, base + line, text))
                elif kind == "!nodate":
                    text = tr("message without a Date header: skipped")
                    self.part.errors.append(RecordError(label, base + line, text))
                else:
                    self._exclude(kind)
            if kept:
                self._fill(lines, kept)
        return done

    def close(self) -> ParsedFile:
        """The part being built, with its interactions; the next one starts empty."""
        part = self.part
        if self.batch:
            part.records.append(self.batch)
        self.part, self.batch = ParsedFile(name=self.label), InteractionBatch("mbox")
        return part

    def _exclude(self, reason: str) -> None:
        excluded = self.part.excluded
        excluded[reason] = excluded.get(reason, 0) + 1

    def _fill(self, lines: list[int], kept: list[tuple]) -> None:
        """Adds the messages `kept` (`interaction_fields` tuples) to the batch."""
        _, keys, outbound, stamps, people, subjects, threads, replies, chats = zip(
            *kept, strict=True
        )
        batch = self.batch
        batch.keys += keys
        batch.lines += lines
        batch.channels += map(_CHANNEL.__getitem__, chats)
        batch.directions += map(_DIRECTION.__getitem__, outbound)
        batch.occurred_at += map(datetime.fromtimestamp, stamps, repeat(UTC))
        batch.subjects += subjects
        batch.thread_keys += threads
        batch.summaries += repeat("", len(keys))
        batch.reply_to_keys += replies
        entries = list(map(str.split, people, repeat("\x1e")))
        batch.people += map(len, entries)
        batch.participants += map(_PERSONS.__getitem__, chain.from_iterable(entries))


_CHANNEL = {False: "email", True: "message"}  # by the message's chat flag
_DIRECTION = {False: "inbound", True: "outbound"}  # by its outbound flag


def _person_ref(entry: str) -> PersonRef:
    """The PersonRef of a people entry (`name US address US role`). PersonRefs are frozen:
    one object serves every message of a correspondent, and the loader resolves each once."""
    name, email, role = entry.split("\x1f")
    return PersonRef(name=name, email=email, role=role)


_PERSONS = Memo(_person_ref)
