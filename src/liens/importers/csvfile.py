"""Reading CSV exports the way users actually hand them over (no Django).

Real files come with preambles above the header (LinkedIn's "Notes:"), with or without a BOM,
with LF or CRLF, re-saved by Excel with `;` as separator and `NA` in empty cells, and now and
then with a broken row. This module finds the header by its first column, sniffs the
separator from that line, decodes strictly (a wrong encoding is refused with the line, never
guessed), and reports a broken row with its physical line while the rest of the file goes on.
It streams: memory stays bounded by a block of lines and the longest record, not the file.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import product
from operator import itemgetter
from typing import Protocol

from liens.i18n import tr
from liens.importers.base import ImportFailure, RecordError

__all__ = ["CsvTable", "Readable", "Row", "cell", "iter_lines", "open_table"]

DEFAULT_LIMIT = 512 * 1024 * 1024  # bytes read from one file, whatever its headers claim
_CHUNK = 1024 * 1024  # the longest piece asked of a readline-only stream at once
_BLOCK = 1024 * 1024  # the bytes asked of a stream that can `read`
_HEADER_SCAN_LINES = 100
_DELIMITERS = ",;\t"
_EMPTY = {"", "NA", "N/A", "#N/A"}
# The same in any case: `value.upper() in _EMPTY` without the upper() (no other character
# upper-cases to N, A, / or #).
_EMPTY_ANY_CASE = frozenset(
    "".join(spelling)
    for word in _EMPTY
    for spelling in product(*({ch.lower(), ch.upper()} for ch in word))
)
_LONE_CR = re.compile(r"\r(?!\n)")
_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() also ends lines


class Readable(Protocol):
    """Anything with a binary `readline(size)`: a file, a ZIP member, a capped wrapper.

    A stream that also has `read(size)` is read in big blocks instead, which is much faster;
    a `readline`-only stream is read line by line.
    """

    def readline(self, size: int = -1, /) -> bytes: ...


def _blocks(stream: Readable) -> Iterator[bytes]:
    """The bytes of `stream`, in big blocks when it can `read`, else line by line."""
    read = getattr(stream, "read", None)
    if read is not None:
        while chunk := read(_BLOCK):
            yield chunk
    else:
        while chunk := stream.readline(_CHUNK):
            yield chunk


def iter_lines(
    stream: Readable, file: str, limit: int = DEFAULT_LIMIT
) -> Iterator[tuple[int, str]]:
    """(physical line number, text with its line end) for each line, strict UTF-8.

    The bytes are decoded a block of whole lines at a time; a bad byte is still reported
    with its exact line and column, after the lines before it. The byte cap holds even when
    the stream lies about its size (a ZIP member, a device file).
    """
    number = 0
    total = 0
    first = True  # the BOM is looked for at the start of the first line only
    head: list[bytes] = []  # the start of a line whose end is not read yet
    for chunk in _blocks(stream):
        total += len(chunk)
        over = total > limit
        if over:  # the lines that end within the cap come first, as when read one by one
            chunk = chunk[: len(chunk) - (total - limit)]
        end = chunk.rfind(b"\n") + 1
        if end:
            head.append(chunk[:end] if end < len(chunk) else chunk)
            data = b"".join(head)
            head = [chunk[end:]] if end < len(chunk) else []
            if first:
                first = False
                data = data.removeprefix(codecs.BOM_UTF8)
            number = yield from _decoded(data, number, file)
        elif chunk:
            head.append(chunk)
        if over:
            raise ImportFailure(
                file, tr("larger than %(limit)d MiB; refused", limit=limit // (1024 * 1024))
            )
    if data := b"".join(head):
        if first:
            data = data.removeprefix(codecs.BOM_UTF8)
        if data:
            yield from _decoded(data, number, file)
        else:  # a BOM and nothing else: one empty line
            yield number + 1, ""


def _decoded(data: bytes, number: int, file: str) -> Generator[tuple[int, str], None, int]:
    """The numbered lines of `data` (whole lines but maybe the last); returns the last number."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        begin = data.rfind(b"\n", 0, exc.start) + 1  # the start of the line of the bad byte
        if begin:
            number = yield from _decoded(data[:begin], number, file)
        raise ImportFailure(
            file,
            tr(
                "not UTF-8 (byte 0x%(byte)02x at column %(column)d); "
                "export it again or re-save it as CSV UTF-8",
                byte=data[exc.start],
                column=exc.start - begin + 1,
            ),
            number + 1,
        ) from None
    if _LONE_CR.search(text) is None:
        if any(mark in text for mark in _OTHER_BREAKS):
            lines = _lf_lines(text)
        else:  # then splitlines() ends lines at LF (or CRLF) only, and is faster
            lines = text.splitlines(keepends=True)
        yield from zip(range(number + 1, number + 1 + len(lines)), lines, strict=True)
        return number + len(lines)
    for line in _lf_lines(text):
        if "\r" in line[:-2]:  # old Mac line ends: one physical line per CR
            for piece in _LONE_CR.split(line):
                if not piece:
                    continue
                number += 1
                yield number, piece if piece.endswith("\n") else piece + "\r"
            continue
        number += 1
        yield number, line
    return number


def _lf_lines(text: str) -> list[str]:
    """The lines of `text`, each with its LF; the last one may have none."""
    lines = text.split("\n")
    last = lines.pop()  # "" when `text` ends with a line end
    lines = [line + "\n" for line in lines]
    if last:
        lines.append(last)
    return lines


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
            value = values[key].strip()
            if len(value) > 4 or value.upper() not in _EMPTY:
                return value
        return ""


def cell(value: str) -> str:
    """A cell as `Row.get` reads it: stripped, `NA` and the like counting as empty."""
    value = value.strip()
    return value if len(value) > 4 or value not in _EMPTY_ANY_CASE else ""


def _fed(
    pending: deque[tuple[int, str]], source: Iterator[tuple[int, str]], taken: list[tuple[int, str]]
) -> Iterator[str]:
    """The lines for `csv.reader`, the replayed ones first; each is noted in `taken`."""
    note = taken.append
    while pending:
        item = pending.popleft()
        note(item)
        yield item[1]
    for item in source:
        note(item)
        yield item[1]


@dataclass
class CsvTable:
    """A CSV file positioned after its header row."""

    file: str
    header: list[str]
    delimiter: str
    header_line: int
    _lines: Iterator[tuple[int, str]]

    def has(self, name: str) -> bool:
        return name.casefold() in {h.casefold() for h in self.header}

    def _folded(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        for name in self.header:
            folded.setdefault(name, name)
            folded.setdefault(name.casefold(), name)
        return folded

    def columns(self, *names: str) -> tuple[int, ...]:
        """The indexes of the cells `Row.get(*names)` looks at, in its order."""
        folded = self._folded()
        index = {name: at for at, name in enumerate(self.header)}  # the last one, as in Row
        found = []
        for name in names:
            key = folded.get(name)
            if key is None:
                key = folded.get(name.casefold())
            if key is not None:
                found.append(index[key])
        return tuple(found)

    def fetcher(self, *names: str) -> Callable[[list[str]], tuple[str, ...]]:
        """A function giving, for the cells of a record, the cell of each name as written
        ("" when the header lacks it); `cell` reads one as `Row.get` does."""
        width = len(self.header)
        at = [found[0] if (found := self.columns(name)) else width for name in names]
        if len(at) > 1 and width not in at:
            return itemgetter(*at)
        count = len(at)
        get = itemgetter(*at, width, width)  # a blank cell is added for `width` to point at

        def fetch(cells: list[str]) -> tuple[str, ...]:
            return get([*cells, ""])[:count]

        return fetch

    def picker(self, *names: str) -> Callable[[list[str]], list[str]]:
        """A function giving, for the cells of a record, `Row.get(name)` for each name."""
        fetch = self.fetcher(*names)
        empty = _EMPTY_ANY_CASE
        not_available = _EMPTY_ANY_CASE - {""}

        def pick(cells: list[str]) -> list[str]:
            values = list(map(str.strip, fetch(cells)))
            if not_available.isdisjoint(values):  # the common case: no `NA` at all
                return values
            return [v if len(v) > 4 or v not in empty else "" for v in values]

        return pick

    def rows(self) -> Iterator[Row | RecordError]:
        """Data rows, or a RecordError for a broken one; blank lines are passed over."""
        folded = self._folded()
        header = self.header
        for record in self.records():
            if isinstance(record, RecordError):
                yield record
            else:
                yield Row(record[0], dict(zip(header, record[1], strict=True)), folded)

    def records(self) -> Iterator[tuple[int, list[str]] | RecordError]:
        """(first line, cells as wide as the header) for each record, as `rows` finds them.

        A broken record becomes a RecordError and the lines it swallowed (but its first)
        are read again, so an unterminated quote costs one record, not the rest of the file.
        """
        width = len(self.header)
        source = self._lines
        pending: deque[tuple[int, str]] = deque()
        taken: list[tuple[int, str]] = []
        last = self.header_line
        while True:
            reader = csv.reader(_fed(pending, source, taken), delimiter=self.delimiter, strict=True)
            try:
                for cells in reader:
                    if taken:
                        start, last = taken[0][0], taken[-1][0]
                        taken.clear()
                    else:
                        start = last = last + 1
                    size = len(cells)
                    if size == width and (first := cells[0]) and not first.isspace():
                        yield start, cells
                        continue
                    if not any(c.strip() for c in cells):
                        continue
                    if size > width and any(c.strip() for c in cells[width:]):
                        message = tr(
                            "row has %(fields)d fields, the header %(width)d",
                            fields=size,
                            width=width,
                        )
                        yield RecordError(self.file, start, message)
                        continue
                    yield start, cells[:width] + [""] * (width - size)
            except csv.Error as exc:
                start = taken[0][0] if taken else last + 1
                yield RecordError(self.file, start, tr("broken CSV row (%(error)s)", error=exc))
                pending.extendleft(reversed(taken[1:]))
                taken = []
                last = start
                continue  # a fresh reader: the old one may hold half a record
            return


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
                return CsvTable(file, header, delimiter, number, iterator)
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
