"""Small encoders shared by the writers: line folding, RFC 2047 words, line counting."""

from __future__ import annotations

import base64
from typing import IO


class CountingWriter:
    """A text sink that knows the current line number, so the truth can cite lines."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.line = 1

    def write(self, text: str) -> int:
        self.line += text.count("\n")
        return self.fh.write(text)


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets, never inside a UTF-8 sequence (RFC 5545/6350)."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line
    parts = []
    start = 0
    width = limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        width = limit - 1  # continuation lines start with one space
    return "\r\n ".join(parts)


_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def encoded_word(
    text: str, style: str = "Q", charset: str = "UTF-8", ascii_prefix: bool = False
) -> str:
    """RFC 2047 encoded words (split to stay under 75 chars each), or text if pure ASCII."""
    if text.isascii():
        return text
    try:
        raw = text.encode("utf-8" if charset.upper() == "UTF-8" else charset)
    except UnicodeEncodeError:
        charset = "UTF-8"
        raw = text.encode("utf-8")
    words = []
    if style == "B":
        utf8 = charset.upper() == "UTF-8"
        chunks = (
            _utf8_chunks(raw, 45) if utf8 else [raw[i : i + 45] for i in range(0, len(raw), 45)]
        )
        return " ".join(f"=?{charset}?B?{base64.b64encode(c).decode()}?=" for c in chunks)
    prefix = ""
    if ascii_prefix and charset.upper() == "UTF-8":
        # like Gmail: leading ASCII words ("Re:", "Mise en") stay readable
        words_in = text.split(" ")
        lead = 0
        while lead < len(words_in) - 1 and words_in[lead].isascii():
            lead += 1
        if lead:
            prefix = " ".join(words_in[:lead]) + " "
            text = " ".join(words_in[lead:])
    out: list[str] = []
    for ch in text:
        b = ch.encode("utf-8" if charset.upper() == "UTF-8" else charset)
        if b == b" ":
            out.append("_")
        elif len(b) == 1 and b[0] in _Q_SAFE:
            out.append(ch)
        else:
            out.append("".join(f"={x:02X}" for x in b))
    cur = ""
    budget = 75 - len(charset) - 7
    for piece in out:
        if len(cur) + len(piece) > budget:
            words.append(f"=?{charset}?Q?{cur}?=")
            cur = ""
        cur += piece
    if cur:
        words.append(f"=?{charset}?Q?{cur}?=")
    return prefix + " ".join(words)


def _utf8_chunks(raw: bytes, size: int) -> list[bytes]:
    chunks = []
    start = 0
    while start < len(raw):
        end = min(start + size, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:
            end -= 1
        chunks.append(raw[start:end])
        start = end
    return chunks


def address(name: str, addr: str, style: str = "Q", charset: str = "UTF-8") -> str:
    """`Name <addr>` with the name quoted or encoded as a mail client would write it."""
    if not name:
        return addr
    if not name.isascii():
        return f"{encoded_word(name, style, charset)} <{addr}>"
    if any(c in name for c in ',.;:()<>@"[]'):
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + f'" <{addr}>'
    return f"{name} <{addr}>"
