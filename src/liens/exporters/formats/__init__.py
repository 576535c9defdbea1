"""Pure writers of contacts files (no Django), one module per format, and their registry.

A writer takes `RawIdentity` records (`importers/base.py`), whose `key` is the record's stable
UID, and writes them to a text stream opened with `newline=""`; it returns how many contacts it
wrote. Reading the file back with the importer of the same format gives the same fields, for
the fields the format carries.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import ModuleType
from typing import Protocol, TextIO, cast

from liens.exporters.formats import google_csv, vcard
from liens.importers.base import RawIdentity

__all__ = ["FORMATS", "ExportFormat"]


class ExportFormat(Protocol):
    name: str  # as `liens export --format` spells it
    suffix: str  # the file name extension phones and Google expect

    def write(self, records: Iterable[RawIdentity], out: TextIO) -> int: ...


def _as_format(module: ModuleType) -> ExportFormat:
    return cast(ExportFormat, module)


FORMATS: dict[str, ExportFormat] = {m.name: _as_format(m) for m in (vcard, google_csv)}
