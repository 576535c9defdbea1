"""Streaming mbox splitter: message starts and header blocks found with C-level searches.

A Takeout mbox is routinely several GB; `mailbox.mbox` reads it at ~20 MB/s because it
indexes the file first and then parses every body line by line (research/speed.md). Here
nothing is done per line in Python: in 4 MiB chunks read into one reused buffer, one regex
search finds both the blank line that ends the headers and the next `\\nFrom ` separator, and
one compiled regex pulls the few wanted headers out of the block. The file is cut into byte
ranges at separators and scanned by a pool of processes that decode the headers and decide
direction and participants themselves, returning compact tuples, in file order, a few ranges
ahead of the consumer: memory stays flat whatever the file size, and both cores work.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import multiprocessing
import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache, partial
from typing import Any, BinaryIO

from liens.importers.formats.mbox_headers import (
    address,
    addresses,
    correspondents,
    elements,
    is_chat,
    is_sent,
    message_fields,
    plain_list,
)
from liens.importers.gcpause import gc_paused
from liens.importers.normalize import clean_name, email_key, stable_key

__all__ = [
    "CHUNK",
    "HeaderScan",
    "Memo",
    "RangeResult",
    "Ranges",
    "first_line_ok",
    "map_ranges",
    "next_start",
    "scan_range",
]

CHUNK = 4 << 20
RANGE = 16 << 20  # bytes per worker task: large enough to amortise, small enough to stream
_BIG = 24 << 20  # a message larger than this is skipped through instead of being held
AHEAD = 4  # ranges in flight per worker: ~4 MB of results each, a second of scanning
_MARGIN = 4096  # bytes a separator decision may need beyond its own position (> 1.8 KB)

# The separator: `From ` at a line start, alone or followed by one token (`-`, an address,
# Takeout's `<thread id>@xxx`) and an asctime date, then a line that is a header field.
# Takeout writes `From 1723853304940284153@xxx Fri Feb 04 17:10:22 +0000 2022`, Thunderbird
# `From - Tue Jul 05 18:44:15 2022`, GYB a bare `From ` (research/formats.md §2.2). Asking
# for a time and a header keeps the unescaped body `From ` lines some Thunderbird exports leave
# (import-export-tools-ng #329) inside their message. Bounded repeats: a decision never needs
# more than ~1.8 KB after the candidate.
SEP = re.compile(
    rb"From \S{0,500}(?:\r?\n|[ \t][^\n]{0,600}\d:\d\d[^\n]{0,600}\n)[!-9;-~]{1,100}[ \t]*:"
)
_CANDIDATE = re.compile(rb"\nFrom ")
# What ends a header block: a blank line (CRLF or LF), or a separator candidate. One search
# for both finds the end of the headers in one pass over them.
_EDGE = re.compile(rb"\n(?:\r?\n|From )")
# Wanted headers. Case-insensitive matching makes the engine try every alternative on every
# line, so a lookahead on the first letters drops continuation lines and most others first.
HEADER = re.compile(
    rb"\n(?=[FfTtCcDdSsRrPpMmIiAaLlXx])"
    rb"(from|to|cc|date|subject|references|precedence|message-id|mailing-list|in-reply-to"
    rb"|auto-submitted|list-(?:id|post|unsubscribe)"
    rb"|x-(?:gm-thrid|gmail-labels|autoreply|mozilla-status))[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)",
    re.IGNORECASE,
)

Header = tuple[bytes, bytes]
# (newlines in the range, items): items are per-mode tuples whose first element is the
# message's line within the range (0-based); "me" mode returns two Counters instead.
RangeResult = tuple[int, list]


def first_line_ok(head: bytes) -> bool:
    """Does `head` (the first bytes of a file) start with a From_ line and then a header?"""
    return bool(SEP.match(head))


def next_start(buf: bytes | bytearray, pos: int, limit: int, end: int | None = None) -> int:
    """Position of the first separator at or after `pos` (and before `limit`), or -1.
    Only `buf[:end]` is looked at (all of it by default)."""
    if end is None:
        end = len(buf)
    search, sep = _CANDIDATE.search, SEP.match  # the regex engine finds `\nFrom ` fastest
    m = search(buf, pos, end)
    while m:
        j = m.start() + 1
        if j >= limit:
            return -1
        if sep(buf, j, end):
            return j
        m = search(buf, j, end)
    return -1


class HeaderScan:
    """Messages of the byte range [start, end) of an mbox, which must begin at a separator.

    Yields `(line, from_line, headers)`: `line` counts the newlines before the message within
    the range (the caller adds the range's first line), `headers` are the wanted
    `(name, raw value)` pairs. After iteration, `newlines` holds the range's newline count.
    `cr_only` turns old Mac line ends into newlines as the chunks are read.
    """

    def __init__(self, path: str, start: int, end: int, cr_only: bool = False) -> None:
        self.path, self.start, self.end, self.cr_only = path, start, end, cr_only
        self.newlines = 0

    def __iter__(self) -> Iterator[tuple[int, bytes, list[Header]]]:
        with open(self.path, "rb", buffering=0) as fh:
            fh.seek(self.start)
            yield from self._scan(fh)

    def _scan(self, fh: io.RawIOBase) -> Iterator[tuple[int, bytes, list[Header]]]:
        # The chunks are read into one reused buffer, of which `buf[:n]` holds data: a fresh
        # multi-megabyte bytes object per chunk costs more in page faults than the scan.
        left = self.end - self.start
        buf = bytearray(min(CHUNK, max(left, 0)))
        n = 0
        lines = 0  # newlines before buf[counted]
        counted = 0
        cur = 0  # start of the current message in buf; -1 while skipping a huge body
        findall, find, count = HEADER.findall, buf.find, buf.count
        while True:
            got = _read_into(fh, buf, n, min(CHUNK, left)) if left > 0 else 0
            left -= got
            if self.cr_only and got:
                buf[n : n + got] = buf[n : n + got].replace(b"\r", b"\n")
            n += got
            final = left <= 0 or not got
            limit = n if final else n - _MARGIN
            if not n:
                return
            if cur < 0:
                cur = next_start(buf, 0, limit, n)
                if cur < 0 and not final:
                    keep = max(limit - 1, 0)
                    lines += count(b"\n", counted, keep)
                    n, counted = _drop(buf, keep, n), 0
                    continue
            while cur >= 0:
                eol = find(b"\n", cur, n)
                if eol < 0 or eol >= limit:
                    if not final:
                        break
                    eol = n
                nxt, blank, blank_end = _message_end(buf, eol, limit, n)
                if nxt < 0 and not final:
                    if n - cur < _BIG:
                        break
                    stop = limit  # huge message: take its headers now, skip its body
                else:
                    stop = nxt if nxt >= 0 else n
                # headers end at the first blank line, CRLF or LF, if it is before `stop`
                he = blank if blank >= 0 and blank_end <= stop else stop
                lines += count(b"\n", counted, cur)
                counted = cur
                yield lines, bytes(buf[cur:eol]), findall(buf, eol, he)
                cur = nxt
                if nxt < 0 and not final:  # skip the rest of the huge body
                    keep = max(limit - 1, eol)
                    lines += count(b"\n", counted, keep)
                    n, counted = _drop(buf, keep, n), 0
                    break
            if final:
                self.newlines = lines + count(b"\n", counted, n)
                return
            if cur > 0:
                lines += count(b"\n", counted, cur)
                n, counted, cur = _drop(buf, cur, n), 0, 0


def _message_end(buf: bytearray, eol: int, limit: int, end: int) -> tuple[int, int, int]:
    """`(next separator or -1, start and end of the first blank line before it or -1, -1)`
    for the message whose From_ line ends at `eol`: the header block is searched once for
    both its end and a separator (as `next_start` would), the body for separators only."""
    search, sep = _EDGE.search, SEP.match
    pos = eol
    while m := search(buf, pos, end):
        if buf[m.end() - 1] == 10:  # a blank line: the separator is after it
            return next_start(buf, m.start(), limit, end), m.start(), m.end()
        j = m.start() + 1
        if j >= limit:
            return -1, -1, -1
        if sep(buf, j, end):
            return j, -1, -1
        pos = j
    return -1, -1, -1


def _read_into(fh: io.RawIOBase, buf: bytearray, n: int, size: int) -> int:
    """Reads up to `size` bytes into `buf[n:]`, growing it if needed; returns the count."""
    if len(buf) < n + size:
        buf.extend(bytes(n + size - len(buf)))
    with memoryview(buf)[n : n + size] as view:
        return fh.readinto(view) or 0


def _drop(buf: bytearray, keep: int, n: int) -> int:
    """Moves `buf[keep:n]` to the front (same size: the buffer is not reallocated); returns
    the new data length."""
    if keep:
        buf[: n - keep] = buf[keep:n]
    return n - keep


def scan_range(
    path: str,
    start: int,
    end: int,
    mode: str,
    cr_only: bool = False,
    me: frozenset[str] = frozenset(),
) -> RangeResult:
    """One worker task. Modes: "raw" (headers as found, for the benchmark), "records"
    (per message, `interaction_fields` given my address keys `me`), "me" (counters to
    recognise the owner)."""
    scan = HeaderScan(path, start, end, cr_only)
    with gc_paused():  # only acyclic tuples are made here; collections cost a quarter of the scan
        return _run(scan, mode, me)


def _scan_packed(
    path: str, start: int, end: int, mode: str, cr_only: bool, me: frozenset[str]
) -> tuple[int, list | bytes]:
    """`scan_range` in a worker. Raw headers (many small bytes objects) travel back as one
    `marshal` blob, which costs a fifth of pickling them; decoded records stay pickled,
    because pickle loads them faster in the parent, which is the serial part."""
    newlines, items = scan_range(path, start, end, mode, cr_only, me)
    return newlines, marshal.dumps(items) if mode == "raw" else items


def _run(scan: HeaderScan, mode: str, me: frozenset[str]) -> RangeResult:
    if mode == "raw":
        items: list = list(scan)
    elif mode == "records":
        items = [
            (line, interaction_fields(message_fields(first, pairs), me))
            for line, first, pairs in scan
        ]
    else:
        sent_from: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for _line, _first, pairs in scan:
            fields = correspondents(pairs)
            if fields[0]:
                continue
            _, sender, to, labels = fields
            sender = sender.lower()
            seen[sender] += 1
            if is_sent(labels):
                sent_from[sender] += 1
            for address in to:
                seen[address.lower()] += 1
        items = [sent_from, seen]
    return scan.newlines, items


_ekey = lru_cache(maxsize=65536)(email_key)
_chat = lru_cache(maxsize=1024)(is_chat)


@lru_cache(maxsize=16384)
def _display(name: str, address: str) -> str:
    name = clean_name(name.strip("'\" "))
    return "" if name.lower() == address.lower() else name


@lru_cache(maxsize=65536)
def _person(pair: tuple[str, str], role: str) -> tuple[str, str]:
    """`(address key, people entry)` of one `(name, address)` ("" if the address is not
    one): the same people write again and again, so each entry is built once."""
    name, address = pair
    key = _ekey(address)
    return key, f"{_display(name, address)}\x1f{address}\x1f{role}" if key else ""


class Memo(dict[Any, Any]):
    """key → `make(key)`, made once: a plain dict, with no LRU order to keep on every hit
    as `lru_cache` does, for lookups made per recipient of every message. Emptied when full,
    so a mailbox of a million correspondents keeps memory flat."""

    def __init__(self, make: Callable[[Any], Any], limit: int = 65536) -> None:
        super().__init__()
        self.make, self.limit = make, limit

    def __missing__(self, key: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.make(key)
        return value


def _entry(element: str, role: str) -> tuple[str, str]:
    """`(address key, people entry)` of one To or Cc element, `("", "")` if it holds none."""
    pair = address(element)
    return _person(pair, role) if pair else ("", "")


# A To or Cc list is rarely seen twice, but its people are: looked up by element, per role.
_ENTRIES = {role: Memo(partial(_entry, role=role)) for role in ("to", "cc")}


def _recipients(value: str, role: str, known: set[str], people: list[str]) -> None:
    """Adds the people entries of a To or Cc text whose address keys are not `known` yet."""
    if plain_list(value):
        found = map(_ENTRIES[role].__getitem__, elements(value))
    else:  # groups, comments: the slow reader, rare
        found = (_person(pair, role) for pair in addresses(value))
    for key, entry in found:
        if key and key not in known:
            known.add(key)
            people.append(entry)


def interaction_fields(fields: tuple, me: frozenset[str]) -> tuple:
    """What the importer builds an interaction from, decided here in the worker so the
    parent process only checks duplicates and fills columns: `(reason,)` / `("!date", raw)`
    unchanged, else `("", key, outbound, ts, people, subject, thread_key, reply_to_key,
    chat)` where people, me left out, is one string: `name US address US role` entries
    separated by RS (cheap to send, and the parent makes each distinct string's PersonRefs
    once). Names are whitespace-normalised and addresses valid, so neither holds US or RS."""
    if fields[0]:
        return fields
    _, msgid, reply_to, root, thrid, ts, sender, to, cc, subject, labels = fields
    sender_key, entry = _person(sender, "sender")
    if not sender_key:
        return ("no_sender",)
    if msgid and len(msgid) <= 400:
        key = msgid
    elif msgid:
        key = "m:" + stable_key(msgid)
    else:  # the same headers in a newer export give the same key
        to_keys = ",".join(sorted(_ekey(a) for _, a in addresses(to)))
        key = "h:" + stable_key(str(ts), sender_key, subject, to_keys)
    outbound = sender_key in me
    known = set(me)
    people = []
    if not outbound:
        known.add(sender_key)
        people.append(entry)
    if to:
        _recipients(to, "to", known, people)
    if cc:
        _recipients(cc, "cc", known, people)
    if not people:
        return ("to_self",)
    if len(reply_to) > 400:
        reply_to = "m:" + stable_key(reply_to)
    thread = (thrid or root or key)[:500]
    chat = bool(labels) and _chat(labels)
    return ("", key, outbound, ts, "\x1e".join(people), subject, thread, reply_to, chat)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from a clean server process ("forkserver"), never from the caller,
    which may hold threads and database connections; "spawn" where there is no forkserver.
    The server preloads this module instead of the caller's __main__."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_yield_to_writer)


def _yield_to_writer() -> None:
    """Workers run at a lower priority than the process that consumes their results: that
    one writes to the database, the serial part, and should never wait for a core while
    they scan ahead (they still take every cycle it leaves)."""
    with contextlib.suppress(OSError):  # not permitted here: equal priority is only slower
        os.nice(5)


def _find_start(fh: BinaryIO, pos: int, size: int, cr_only: bool) -> int:
    """The first separator at or after byte `pos` of the file (or `size`)."""
    overlap = b""
    while pos < size:
        fh.seek(pos)
        block = fh.read(1 << 20)
        if not block:
            return size
        if cr_only:
            block = block.replace(b"\r", b"\n")
        buf = overlap + block
        final = pos + len(block) >= size
        found = next_start(buf, 0, len(buf) if final else len(buf) - _MARGIN)
        if found >= 0:
            return pos - len(overlap) + found
        if final:
            return size
        keep = min(len(buf), _MARGIN + 1)
        overlap = buf[-keep:]
        pos += len(block)
    return size


class Ranges:
    """Scans a file range by range, results in file order, in a process pool when the file is
    large (one pool for every pass over the file). The pool runs a few ranges ahead of the
    consumer, enough to keep scanning while the consumer writes, never more, so memory stays
    flat. `position` is the end (in bytes) of the last range handed out."""

    def __init__(
        self,
        path: str,
        size: int,
        workers: int | None = None,
        range_bytes: int = RANGE,
        cr_only: bool = False,
    ) -> None:
        self.path, self.size, self.range_bytes, self.cr_only = path, size, range_bytes, cr_only
        self.workers = min(2, os.cpu_count() or 1) if workers is None else workers
        if multiprocessing.current_process().daemon:  # e.g. a task-queue worker: no children
            self.workers = 1
        self._pool: ProcessPoolExecutor | None = None
        self.position = 0

    def __enter__(self) -> Ranges:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(self, mode: str, me: frozenset[str] = frozenset()) -> Iterator[RangeResult]:
        """`scan_range(mode)` over consecutive ranges cut at separators."""
        args = (self.path, mode, self.cr_only, me)
        with open(self.path, "rb") as fh:
            bounds = self._bounds(fh)
            if self.workers <= 1 or self.size <= self.range_bytes:
                for start, end in bounds:
                    result = scan_range(self.path, start, end, *args[1:])
                    self.position = end
                    yield result
                return
            if self._pool is None:
                self._pool = _pool(self.workers)
            pending: deque[tuple[int, Future[tuple[int, list | bytes]]]] = deque()
            try:
                for start, end in bounds:
                    future = self._pool.submit(_scan_packed, self.path, start, end, *args[1:])
                    pending.append((end, future))
                    if len(pending) > AHEAD * self.workers:
                        yield self._next(pending)
                while pending:
                    yield self._next(pending)
            finally:
                for _end, future in pending:
                    future.cancel()

    def _next(self, pending: deque[tuple[int, Future[tuple[int, list | bytes]]]]) -> RangeResult:
        end, future = pending.popleft()
        result = _unpack(future.result())
        self.position = end
        return result

    def _bounds(self, fh: BinaryIO) -> Iterator[tuple[int, int]]:
        start = 0
        while start < self.size:
            end = _find_start(fh, start + self.range_bytes, self.size, self.cr_only)
            yield start, end
            start = end


def _unpack(result: tuple[int, list | bytes]) -> RangeResult:
    newlines, items = result
    return newlines, marshal.loads(items) if isinstance(items, bytes) else items  # noqa: S302


def map_ranges(
    path: str, size: int, mode: str, workers: int | None = None
) -> Iterator[RangeResult]:
    """One pass of `scan_range(mode)` over a whole file (the benchmark's entry point)."""
    with Ranges(path, size, workers) as ranges:
        yield from ranges.map(mode)
