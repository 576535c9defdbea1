"""Picks the format module that can read a path; new formats register here."""

from __future__ import annotations

from pathlib import Path

from liens.i18n import tr
from liens.importers.base import Format, ImportFailure
from liens.importers.formats import contacts_csv, ics, linkedin, mbox, vcard

FORMATS: tuple[Format, ...] = (linkedin, vcard, contacts_csv, mbox, ics)  # type: ignore[assignment]


def format_named(name: str) -> Format:
    for fmt in FORMATS:
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in FORMATS)
    raise ImportFailure(name, tr("unknown format (known: %(known)s)", known=known))


def detect_format(path: Path) -> Format:
    """The first format that recognises `path`, or a clear refusal."""
    if not path.exists():
        raise ImportFailure(str(path), tr("no such file or directory"))
    if path.is_file():
        try:
            with path.open("rb") as handle:
                handle.read(1)
        except OSError as exc:
            message = tr("cannot be read (%(reason)s)", reason=exc.strerror)
            raise ImportFailure(str(path), message) from exc
    for fmt in FORMATS:
        if fmt.detect(path):
            return fmt
    raise ImportFailure(
        str(path),
        tr(
            "not a format liens can import (LinkedIn export, vCard, Google or Outlook contacts"
            " CSV, mbox, iCalendar); for another spreadsheet use --format contacts_csv"
            " --map field=Column"
        ),
    )
