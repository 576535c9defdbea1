"""vCard 2.1, 3.0 and 4.0 address books: one file, many cards (no Django).

Implements the `Format` protocol of `importers/base.py`: a `.vcf` from a phone, Apple
Contacts, Google, Outlook, Evolution or Thunderbird gives one ParsedFile holding one
RawIdentity per card. Real-world quirks are in research/formats.md §3; `vcard_lines` reads
the file (and says why not with vobject), `vcard_card` maps a card to fields.

`line` is the physical line (1-based) of the card's BEGIN:VCARD; a broken card becomes a
RecordError on that line while the other cards import.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from liens.i18n import tr
from liens.importers.base import (
    ImportContext,
    ImportFailure,
    ParsedFile,
    RawIdentity,
    RecordError,
)
from liens.importers.formats.vcard_card import CardFields, card_fields
from liens.importers.formats.vcard_lines import HEAD, first_line, open_stream, read_cards
from liens.importers.normalize import stable_key

__all__ = ["SOURCE", "card_key", "detect", "name", "parse", "parse_stream"]

name = "vcard"
SOURCE = "vcard"
MAX_UID = 400  # the loader keeps 500 characters of a key
_BEGIN = b"BEGIN:VCARD"


def detect(path: Path) -> bool:
    """True when the first non-blank line is BEGIN:VCARD, whatever the file is called."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            return first_line(handle.read(HEAD))[1].upper() == _BEGIN
    except (OSError, ValueError):
        return False


def parse(path: Path, context: ImportContext | None = None) -> Iterator[ParsedFile]:
    """One ParsedFile named after the file; ImportFailure when it is not a vCard file.

    `context` is not needed: every card is kept, the owner's own card included (the
    loader recognises me by my addresses and numbers).
    """
    file = path.name
    try:
        with path.open("rb") as handle:
            parsed = parse_stream(handle, file)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ImportFailure(file, tr("cannot be read (%(reason)s)", reason=reason)) from exc
    yield parsed


def parse_stream(handle: BinaryIO, file: str) -> ParsedFile:
    """The cards of an open binary file (a seekable stream)."""
    stream = open_stream(handle)
    number, line = first_line(stream.read(HEAD))
    if line.upper() != _BEGIN:
        message = tr("not a vCard file (it does not start with BEGIN:VCARD)")
        raise ImportFailure(file, message, number or 1)
    stream.seek(0)
    parsed = ParsedFile(name=file)
    seen: dict[str, int] = {}
    for item in read_cards(stream, file):
        if isinstance(item, RecordError):
            parsed.errors.append(item)
            continue
        fields = card_fields(item)
        if fields.is_empty():
            parsed.skipped += 1
            continue
        key = card_key(fields)
        count = seen[key] = seen.get(key, 0) + 1
        if count > 1:  # the same UID or the same content twice: keep both, keys stay unique
            key = f"{key}#{count}"
        parsed.records.append(
            RawIdentity(source=SOURCE, key=key, line=item.line, **fields.identity_kwargs())
        )
    return parsed


def card_key(fields: CardFields) -> str:
    """`uid:<UID>`, else a digest of the name, e-mails and phones (never the card's rank).

    A card's rank changes when a contact is added before it; its content does not, so a
    newer export of the same address book gives the same keys.
    """
    if fields.uid:
        uid = fields.uid if len(fields.uid) <= MAX_UID else stable_key(fields.uid)
        return f"uid:{uid}"
    emails = sorted({e.casefold() for e in fields.emails})
    phones = sorted({"".join(ch for ch in p if ch.isdigit() or ch == "+") for p in fields.phones})
    return "card:" + stable_key(
        fields.display_name.casefold(), "\x1e".join(emails), "\x1e".join(phones)
    )
