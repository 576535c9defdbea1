"""Cutting a vCard file into cards of content lines, on bytes, in one linear pass (no Django).

Why not vobject here (vobject 0.9.9, measured; see benchmarks/vcard_parse.py):
- `readComponents(..., allowQP=True)` reads about 3,500 cards/s of a phone's mix: 50,000
  cards take 14 s, over the 10 s budget, before any field is mapped;
- its content-line regex nests `*` inside `*`: a malformed parameter list backtracks
  exponentially (`A;B=,,,,,,,,,,,,,,,,,,,,,,"`, 26 bytes, takes over a second, each extra
  comma nearly doubles it), so a hostile file could hang an import;
- it decodes QUOTED-PRINTABLE strictly with the declared CHARSET, so one stray byte (the
  Android sample's `=80`) raises UnicodeDecodeError for the whole card; on the real samples
  a base64 photo fails the whole Android file and Lotus Notes' PROFILE line its card.

So this module does what research/formats.md §3.1 prescribes: normalise line ends, split on
BEGIN/END:VCARD (one bad card costs that card only), join QP soft line breaks, unfold RFC
folding, skip base64 blobs without keeping them, and decode each value with its own CHARSET.
Every regex uses possessive quantifiers, so matching time is linear in the line length.
"""

from __future__ import annotations

import binascii
import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import BinaryIO

from liens.i18n import tr
from liens.importers.base import RecordError

__all__ = [
    "HEAD",
    "Prop",
    "RawCard",
    "decode_value",
    "first_line",
    "open_stream",
    "physical_lines",
    "read_cards",
]

MAX_LINE = 1024 * 1024  # bytes kept of one physical line; the rest of a longer line is dropped
MAX_PROPS = 5_000  # content lines in one card
HEAD = 64 * 1024  # bytes read to recognise a file
MAX_WHOLE_FILE = 256 * 1024 * 1024  # UTF-16 or CR-only files are converted in memory
_BINARY = frozenset({b"PHOTO", b"LOGO", b"SOUND", b"KEY"})
_BLOCK = 1024 * 1024
_START = re.compile(rb"(?:[A-Za-z0-9_-]++\.)?([A-Za-z0-9_-]++)[;:]")
_LINE = re.compile(rb'(?:([A-Za-z0-9_-]++)\.)?([A-Za-z0-9_-]++)((?:;(?:"[^"]*+"|[^";:]++)*+)*+):')
_PARAM = re.compile(rb';((?:"[^"]*+"|[^";:]++)*+)')
_PARAM_VALUE = re.compile(r'"([^"]*+)"|([^",]++)')
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_JUNK = b" \t\x00\x0b\x0c\x1a"
_NO_PARAMS: dict[str, list[str]] = {}
_UTF8 = frozenset({"utf-8", "utf8"})


@dataclass(slots=True)
class Prop:
    """One content line: `group.NAME;params:value`, value decoded but still escaped."""

    group: str
    name: str  # upper case
    params: dict[str, list[str]]  # upper-case names; vCard 2.1 bare values filed under TYPE
    value: str
    line: int


@dataclass(slots=True)
class RawCard:
    line: int  # physical line of BEGIN:VCARD
    props: list[Prop] = field(default_factory=list)
    error: str = ""
    depth: int = 0  # vCard 2.1 AGENT cards nested inside this one
    size: int = 0


def open_stream(handle: BinaryIO) -> BinaryIO:
    """`handle`, or a UTF-8 copy of it for UTF-16 files and files whose lines end in CR only."""
    head = handle.read(HEAD)
    handle.seek(0)
    if _converted(head) is None:
        return handle
    return io.BytesIO(_converted(handle.read(MAX_WHOLE_FILE)) or b"")


def _converted(data: bytes) -> bytes | None:
    """UTF-8 with LF line ends for UTF-16 or CR-only data; None when `data` is fine as it is."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    if b"\r" in data and b"\n" not in data[:HEAD]:  # classic Mac OS line ends
        return data.replace(b"\r", b"\n")
    return None


def first_line(head: bytes) -> tuple[int, bytes]:
    """(line number, text) of the first non-blank line of a file's first bytes, stripped.

    (0, b"") when there is none. UTF-16 and CR-only heads are converted first, so that
    `detect` need not read a whole file.
    """
    for number, line in physical_lines(io.BytesIO(_converted(head) or head)):
        if line.strip():
            return number, line.strip()
    return 0, b""


def physical_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, bytes without line end); `\\r\\r\\n` counts as one line end.

    A line longer than MAX_LINE (a photo on one line) keeps its head only.
    """
    number = 0
    for lines in _line_blocks(stream):
        for line in lines:
            number += 1
            yield number, line


def _line_blocks(stream: BinaryIO) -> Iterator[list[bytes]]:
    """The physical lines of `stream`, a block at a time; each line is numbered one more.

    Reads blocks and splits them in C: a Python call per line costs more than the parsing.
    """
    tail = b""
    overlong = False  # the current line passed MAX_LINE: drop bytes up to its end
    block = stream.read(_BLOCK)
    if block.startswith(codecs.BOM_UTF8):
        block = block[3:]
    while block:
        if overlong:
            end = block.find(b"\n")
            if end < 0:
                block = stream.read(_BLOCK)
                continue
            block, overlong = block[end:], False
        data = tail + block
        lines = data.split(b"\n")
        tail = lines.pop()
        if len(tail) > MAX_LINE:
            tail, overlong = tail[:MAX_LINE], True
        yield _without_cr(lines, data, len(data) - len(tail))
        block = stream.read(_BLOCK)
    if tail:  # the last line had no line end; lone CRs may still split it
        yield _without_cr([tail], tail, len(tail))


def _without_cr(lines: list[bytes], data: bytes, end: int) -> list[bytes]:
    """`lines` (the lines of `data[:end]`) without their CRs; a CR inside a line ends it."""
    crs = data.count(b"\r", 0, end)
    if not crs:
        return lines
    if crs == data.count(b"\r\n", 0, end):  # every CR ends a line: at most one per line
        return [line.rstrip(b"\r") for line in lines]
    out: list[bytes] = []
    for line in lines:
        line = line.rstrip(b"\r")
        if b"\r" in line:  # lone CRs inside: old Mac line ends mixed in
            out += line.split(b"\r")
        else:
            out.append(line)
    return out


def read_cards(stream: BinaryIO, file: str) -> Iterator[RawCard | RecordError]:
    """Cards in file order, with a RecordError for each broken card and each run of stray text."""
    reader = _Reader(file)
    logical = reader.logical
    parts: list[bytes] = []  # physical pieces of the current logical line
    head: re.Match[bytes] | None = None  # _LINE on parts[0]: holds for the joined line too
    start = number = 0
    qp = skip = False
    for lines in _line_blocks(stream):
        for line in lines:
            number += 1
            if not line or line.isspace():  # a blank line ends QP soft breaks and base64 blobs
                if line[:1] in (b" ", b"\t") and parts and not (skip or qp):
                    parts.append(line[1:])  # unless it folds a run of spaces of a value
                    continue
                qp = skip = False
                continue
            if qp and parts[-1].endswith(b"=") and line.strip().upper() != b"END:VCARD":
                # QP soft line break: the value goes on in column 0
                parts[-1] = parts[-1][:-1]
                parts.append(line)
                qp = line.endswith(b"=")
                continue
            if line[0] in (32, 9):
                if parts or skip:  # RFC folding
                    if not skip:
                        parts.append(line[1:])
                    continue
                line = line.lstrip()
            # A line that holds its whole `group.NAME;params:` is matched once, here; else
            # its start only, and the joined logical line later.
            name: bytes | None = None
            if match := _LINE.match(line):
                name, after = match.group(2), match.end(2)
            elif start_match := _START.match(line):
                name, after = start_match.group(1), start_match.end() - 1
            if skip and name is None:  # 2.1 base64 continued without indentation
                continue
            if parts and (item := logical(b"".join(parts), start, head)):
                yield item
            start = number
            skip = qp = False
            if name is not None:
                if line[after] == 59:  # ";": parameters may say base64 or QP
                    header = line[: line.find(b":")].upper()
                    skip = b"BASE64" in header or b"ENCODING=B;" in header + b";"
                    qp = not skip and b"QUOTED-PRINTABLE" in header and line.endswith(b"=")
                if not skip:
                    skip = name.upper() in _BINARY
            parts, head = ([], None) if skip else ([line], match)
    if parts and (item := logical(b"".join(parts), start, head)):
        yield item
    if reader.card is not None:
        yield RecordError(file, reader.card.line, tr("card not closed (END:VCARD missing)"))


class _Reader:
    """Files logical lines into cards; a card with an unreadable line becomes an error."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.card: RawCard | None = None
        self.stray = False  # a run of text outside cards was already reported

    def logical(
        self, data: bytes, number: int, match: re.Match[bytes] | None = None
    ) -> RawCard | RecordError | None:
        """The card or error that `data` completes, if any; `match`: _LINE on its start."""
        card = self.card
        if match is None:
            match = _LINE.match(data)
        if match is None:
            if card is None or card.depth or card.error:
                return self._stray(data, number) if card is None else None
            card.error = tr(
                "unreadable line %(line)d in this card: %(text)s", line=number, text=_show(data)
            )
            return None
        group, name, params_text = match.groups()
        name = name.upper()
        end = match.end()
        if name in (b"BEGIN", b"END") and data[end:].strip().upper() == b"VCARD":
            return self._begin_end(name, number)
        if card is None:
            return self._stray(data, number)
        if card.depth or card.error:
            return None
        card.size += 1
        if card.size > MAX_PROPS:
            card.error = tr("card too large (more than %(count)d lines)", count=MAX_PROPS)
            return None
        value = data[end:]
        if params_text:
            params = _params(params_text)
            text = decode_value(value, params)
        elif value.isascii():  # most lines: no parameters, plain ASCII
            params, text = _NO_PARAMS, value.decode("ascii")
        else:
            params, text = _NO_PARAMS, decode_value(value, _NO_PARAMS)
        if text is not None:
            card.props.append(
                Prop(group.decode("ascii") if group else "", name.decode(), params, text, number)
            )
        return None

    def _stray(self, data: bytes, number: int) -> RecordError | None:
        if self.stray or not data.strip(_JUNK):  # NULs, a DOS end-of-file ^Z
            return None
        self.stray = True
        return RecordError(
            self.file, number, tr("text outside any card: %(text)s", text=_show(data))
        )

    def _begin_end(self, name: bytes, number: int) -> RawCard | RecordError | None:
        card = self.card
        if card is None:
            if name == b"BEGIN":
                self.card, self.stray = RawCard(number), False
                return None
            return self._stray(b"END:VCARD", number)
        if name == b"END" and card.depth:
            card.depth -= 1
        elif name == b"END":
            self.card = None
            return RecordError(self.file, card.line, card.error) if card.error else card
        elif card.props and card.props[-1].name == "AGENT" and not card.props[-1].value:
            card.depth += 1  # vCard 2.1 embeds the agent's card after `AGENT:`
        else:
            self.card = RawCard(number)
            return RecordError(self.file, card.line, tr("card not closed (END:VCARD missing)"))
        return None


@lru_cache(maxsize=4096)  # address books repeat a few parameter lists thousands of times
def _params(data: bytes) -> dict[str, list[str]]:
    """Parameters by upper-case name; shared between props (cached), so never mutated."""
    params: dict[str, list[str]] = {}
    if not data:
        return params
    for raw in _PARAM.findall(data):
        key, sep, rest = raw.decode("utf-8", errors="replace").partition("=")
        key = key.strip().upper()
        if not sep:  # vCard 2.1: `TEL;CELL;PREF`, `;QUOTED-PRINTABLE`, `;BASE64`
            params.setdefault("ENCODING" if key in _ENCODINGS else "TYPE", []).append(key)
            continue
        values = [q or p for q, p in _PARAM_VALUE.findall(rest)]
        if key == "TYPE":  # RFC 6350 writes TYPE="work,voice"
            values = [v for value in values for v in value.split(",")]
        params.setdefault(key, []).extend(v.strip() for v in values)
    return params


def decode_value(data: bytes, params: dict[str, list[str]]) -> str | None:
    """The value as text: QP undone, bytes decoded with CHARSET; None for base64 blobs."""
    if "ENCODING" in params:
        encodings = {e.upper() for e in params["ENCODING"]}
        if "QUOTED-PRINTABLE" in encodings:
            data = binascii.a2b_qp(data)
        elif encodings & {"B", "BASE64"}:
            return None
    if data.isascii():
        return data.decode("ascii")
    charset = params.get("CHARSET", ("",))[0].strip().lower()
    if charset and charset not in _UTF8:
        try:
            return data.decode(charset)
        except (LookupError, ValueError):  # unknown charset, or bytes it cannot decode
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Declared UTF-8 with a stray byte: keep the rest; undeclared: Windows code page.
        return data.decode("utf-8" if charset in _UTF8 else "cp1252", errors="replace")


def _show(data: bytes) -> str:
    text = data[:60].decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() else "?" for ch in text)
