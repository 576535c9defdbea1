"""Reading CSV exports the way users actually hand them over (no Django).

Real files come with preambles above the header (LinkedIn's "Notes:"), with or without a BOM,
with LF or CRLF, re-saved by Excel with `;` as separator and `NA` in empty cells, and now and
then with a broken row. This module finds the header by its first column, sniffs the
separator from that line, decodes strictly (a wrong encoding is refused with the line, never
guessed), and reports a broken row with its physical line while the rest of the file goes on.
It streams: memory stays bounded by the longest record, not the file.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from liens.i18n import tr
from liens.importers.base import ImportFailure, RecordError

__all__ = ["CsvTable", "Readable", "Row", "iter_lines", "open_table"]

DEFAULT_LIMIT = 512 * 1024 * 1024  # bytes read from one file, whatever its headers claim
_CHUNK = 1024 * 1024
_HEADER_SCAN_LINES = 100
_DELIMITERS = ",;\t"
_EMPTY = {"", "NA", "N/A", "#N/A"}
_LONE_CR = re.compile(r"\r(?!\n)")


class Readable(Protocol):
    """Anything with a binary `readline(size)`: a file, a ZIP member, a capped wrapper."""

    def readline(self, size: int = -1, /) -> bytes: ...


def iter_lines(
    stream: Readable, file: str, limit: int = DEFAULT_LIMIT
) -> Iterator[tuple[int, str]]:
    """(physical line number, text with its line end) for each line, strict UTF-8.

    Decoding line by line gives the exact line of a bad byte. The byte cap holds even when
    the stream lies about its size (a ZIP member, a device file).
    """
    number = 0
    total = 0
    while True:
        parts: list[bytes] = []
        while True:
            chunk = stream.readline(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise ImportFailure(
                    file, tr("larger than %(limit)d MiB; refused", limit=limit // (1024 * 1024))
                )
            parts.append(chunk)
            if chunk.endswith(b"\n"):
                break
        if not parts:
            return
        data = b"".join(parts)
        if number == 0 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = data[exc.start]
            raise ImportFailure(
                file,
                tr(
                    "not UTF-8 (byte 0x%(byte)02x at column %(column)d); "
                    "export it again or re-save it as CSV UTF-8",
                    byte=byte,
                    column=exc.start + 1,
                ),
                number + 1,
            ) from None
        if "\r" in text[:-2]:  # old Mac line ends: one physical line per CR
            for piece in _LONE_CR.split(text):
                if not piece:
                    continue
                number += 1
                yield number, piece if piece.endswith("\n") else piece + "\r"
            continue
        number += 1
        yield number, text


@dataclass(frozen=True)
class Row:
    """One data record: its first physical line and its cells keyed by header name."""

    line: int
    values: dict[str, str]
    _folded: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def get(self, *names: str) -> str:
        """The first non-empty cell among `names` (case-insensitive), `NA` counting as empty."""
        folded, values = self._folded, self.values
        for name in names:
            key = folded.get(name)
            if key is None:
                key = folded.get(name.casefold())
                if key is None:
                    continue
            value = values[key]
            if not value:
                continue
            if value[0].isspace() or value[-1].isspace():
                value = value.strip()
            if len(value) > 4 or value.upper() not in _EMPTY:
                return value
        return ""


class _Feeder:
    """Feeds lines to `csv.reader` and remembers those of the current record.

    After a broken record the lines it swallowed (but its first) are fed again, so an
    unterminated quote costs one record, not the rest of the file.
    """

    def __init__(self, lines: Iterable[tuple[int, str]]) -> None:
        self.source = iter(lines)
        self.pending: deque[tuple[int, str]] = deque()
        self.taken: list[tuple[int, str]] = []

    def __iter__(self) -> _Feeder:
        return self

    def __next__(self) -> str:
        item = self.pending.popleft() if self.pending else next(self.source)
        self.taken.append(item)
        return item[1]


@dataclass
class CsvTable:
    """A CSV file positioned after its header row."""

    file: str
    header: list[str]
    delimiter: str
    header_line: int
    _feeder: _Feeder

    def has(self, name: str) -> bool:
        return name.casefold() in {h.casefold() for h in self.header}

    def rows(self) -> Iterator[Row | RecordError]:
        """Data rows, or a RecordError for a broken one; blank lines are passed over."""
        folded: dict[str, str] = {}
        for name in self.header:
            folded.setdefault(name, name)
            folded.setdefault(name.casefold(), name)
        width = len(self.header)
        feeder = self._feeder
        last = self.header_line
        while True:
            reader = csv.reader(feeder, delimiter=self.delimiter, strict=True)
            while True:
                feeder.taken = []
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    taken = feeder.taken
                    start = taken[0][0] if taken else last + 1
                    yield RecordError(self.file, start, tr("broken CSV row (%(error)s)", error=exc))
                    feeder.pending.extendleft(reversed(taken[1:]))
                    last = start
                    break  # a fresh reader: the old one may hold half a record
                start = feeder.taken[0][0] if feeder.taken else last + 1
                last = feeder.taken[-1][0] if feeder.taken else start
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    message = tr(
                        "row has %(fields)d fields, the header %(width)d",
                        fields=len(cells),
                        width=width,
                    )
                    yield RecordError(self.file, start, message)
                    continue
                cells = cells[:width] + [""] * (width - len(cells))
                yield Row(start, dict(zip(self.header, cells, strict=True)), folded)


def _delimiter_after(line: str, anchors: Iterable[str]) -> str | None:
    """The separator that follows a known first column at the start of `line`, if any."""
    text = line.lstrip("\ufeff \t")
    quoted = text.startswith('"')
    if quoted:
        text = text[1:]
    folded = text.casefold()
    for anchor in anchors:
        name = anchor.casefold()
        if not folded.startswith(name):
            continue
        rest = text[len(name) :]
        if quoted:
            if not rest.startswith('"'):
                continue
            rest = rest[1:]
        rest = rest.lstrip(" ")
        if rest[:1] and rest[:1] in _DELIMITERS:
            return rest[0]
        if rest.strip("\r\n") == "":
            return ","
    return None


def open_table(lines: Iterable[tuple[int, str]], file: str, anchors: tuple[str, ...]) -> CsvTable:
    """Find the header row by its first column name and return the table after it.

    A fixed `skiprows` breaks on older exports and on files a user re-saved, so the header
    is found by scanning, and the separator is read from the header line itself.
    """
    iterator = iter(lines)
    for scanned, (number, text) in enumerate(iterator, start=1):
        delimiter = _delimiter_after(text, anchors)
        if delimiter is not None:
            try:
                header = next(csv.reader([text], delimiter=delimiter))
            except csv.Error:
                header = []
            header = [h.strip().lstrip("\ufeff").strip() for h in header]
            if header:
                return CsvTable(file, header, delimiter, number, _Feeder(iterator))
        if scanned >= _HEADER_SCAN_LINES:
            break
    quoted = [f"'{a}'" for a in anchors]
    expected = quoted[0] if quoted else ""
    for name in quoted[1:]:
        expected = tr("%(names)s or %(name)s", names=expected, name=name)
    raise ImportFailure(
        file,
        tr("no header row found (expected a line starting with %(expected)s)", expected=expected),
    )
