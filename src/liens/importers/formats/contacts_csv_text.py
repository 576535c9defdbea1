"""Turning a contacts CSV's bytes into numbered lines, whatever program wrote them (no Django).

Google writes UTF-8 with a BOM; Outlook desktop writes the Windows ANSI code page (cp1252 in
Western Europe) with no marker at all; Excel's "Unicode text" is UTF-16 with a BOM
(research/formats.md §4.3). The encoding is decided once per file: a UTF-16 BOM says so,
otherwise a strict UTF-8 pass over the whole file decides between UTF-8 and cp1252. A file
that starts with the UTF-8 BOM but has a few lines that are not UTF-8 (a row pasted from an
ANSI program) keeps UTF-8 for its valid lines and reads the others as cp1252; without the BOM
such a file is cp1252 throughout (Outlook's own files have no BOM, and cp1252 text can look
like valid UTF-8 in places, e.g. `ß“`).
The lines then go through `csvfile.iter_lines`, transcoded to UTF-8 when needed, so line
numbers, the byte cap and old Mac line ends behave exactly as for every other CSV.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from liens.i18n import tr
from liens.importers.base import ImportFailure
from liens.importers.csvfile import DEFAULT_LIMIT, iter_lines

__all__ = ["anchor_of", "decode_head", "header_line", "numbered_lines"]

_CHUNK = 1024 * 1024
_BINARY_PROBE = 8 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# cp1252 leaves five bytes undefined; Windows maps them to the C1 controls, and so do we.
_CP1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
_SEP_HINT = re.compile(r"^\ufeff?\s*sep=.\s*$", re.IGNORECASE)  # Excel's "sep=;" first line
_UNQUOTED_CELL = re.compile(r"[^,;\t\r\n]*")


def _cp1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _CP1252)[0]


def _utf8_else_cp1252(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _cp1252(data)


class _Recoded:
    """A binary `readline` that hands over UTF-8 whatever the file's own encoding is."""

    def __init__(
        self, readline: Callable[[int], Any], decode: Callable[[bytes], str] | None
    ) -> None:
        self._readline = readline
        self._decode = decode
        self._first = True

    def readline(self, size: int = -1, /) -> bytes:
        data = self._readline(size)
        if self._first and isinstance(data, bytes) and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        self._first = False
        text = self._decode(data) if self._decode else data
        return text.encode("utf-8")


def _is_utf8(handle: BinaryIO, limit: int) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    total = 0
    try:
        while chunk := handle.read(_CHUNK):
            total += len(chunk)
            if total > limit:  # iter_lines refuses the file; whatever we say here
                return True
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        handle.seek(0)
    return True


def _refuse_binary(head: bytes, file: str) -> None:
    if b"\x00" in head[:_BINARY_PROBE]:
        raise ImportFailure(
            file, tr("not a CSV text file (binary data, or UTF-16 without a byte order mark)")
        )


def numbered_lines(
    handle: BinaryIO, file: str, limit: int = DEFAULT_LIMIT
) -> Iterator[tuple[int, str]]:
    """(physical line number, text) of a seekable binary file, in UTF-8, UTF-16 or cp1252."""
    head = handle.read(_BINARY_PROBE)
    handle.seek(0)
    if head.startswith(_UTF16_BOMS):
        text = io.TextIOWrapper(handle, encoding="utf-16", errors="replace", newline="")
        return iter_lines(_Recoded(text.readline, None), file, limit)
    _refuse_binary(head, file)
    if _is_utf8(handle, limit):
        return iter_lines(handle, file, limit)
    decode = _utf8_else_cp1252 if head.startswith(codecs.BOM_UTF8) else _cp1252
    return iter_lines(_Recoded(handle.readline, decode), file, limit)


def decode_head(data: bytes) -> str | None:
    """The text of a file's first bytes, decoded as `numbered_lines` would; None if binary."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:_BINARY_PROBE]:
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return codecs.getincrementaldecoder("utf-8")("strict").decode(data)  # may end mid-char
    except UnicodeDecodeError:
        return _cp1252(data)


def header_line(
    lines: Iterator[tuple[int, str]], file: str
) -> tuple[int, str, Iterator[tuple[int, str]]]:
    """The first line that is not blank nor Excel's `sep=` hint, and the lines after it."""
    for number, text in lines:
        if text.strip(" \t\r\n\ufeff") and not _SEP_HINT.match(text):
            return number, text, lines
    raise ImportFailure(file, tr("empty file: no header row"))


def anchor_of(text: str) -> str:
    """The first cell of a header line as written, for `csvfile.open_table` to find it by."""
    text = text.lstrip("\ufeff \t")
    if text.startswith('"'):
        end = text.find('"', 1)
        return text[1:end] if end > 0 else text[1:]
    match = _UNQUOTED_CELL.match(text)
    return match.group(0) if match else ""
