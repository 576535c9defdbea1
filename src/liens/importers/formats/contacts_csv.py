"""Contacts CSV: Google Contacts (current and legacy), Outlook (desktop, Outlook.com), mapped.

Implements the `Format` protocol of `importers/base.py` for one CSV file (research/formats.md
§4). The header says which exporter wrote it (`contacts_csv_columns.classify`); a CSV from any
other program is read only when the user names its columns with `--map field=column`
(`ImportContext.column_map`), and refused otherwise with the list of its columns. A map, when
given, wins over a recognised header: the user said which columns to read.

Sources: `google_csv` for both Google variants, `outlook_csv`, and `csv` for a mapped file.
Keys: the files carry no ids, so a row's key is `stable_key(folded full name, sorted e-mail
keys, sorted phone digits)`: the same person gets the same key from a newer export however the
rows are ordered, and a new key only when one of those fields is edited. Rows that are
identical on those fields within one file get `#2`, `#3`... in file order (Google keeps true
duplicates). `line` is the physical line where the row starts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import chain
from pathlib import Path

from liens.i18n import tr
from liens.importers.base import (
    ImportContext,
    ImportFailure,
    ParsedFile,
    RawIdentity,
    RecordError,
)
from liens.importers.csvfile import CsvTable, open_table
from liens.importers.formats.contacts_csv_columns import AddressColumns, Layout, Pair, classify
from liens.importers.formats.contacts_csv_dates import DateOrder
from liens.importers.formats.contacts_csv_rows import read_row
from liens.importers.formats.contacts_csv_text import (
    anchor_of,
    decode_head,
    header_line,
    numbered_lines,
)

__all__ = ["FIELDS", "detect", "name", "parse"]

name = "contacts_csv"

FIELDS = (
    *("first_name", "last_name", "name", "email", "phone", "organization", "title"),
    *("birthday", "note", "url", "linkedin", "street", "locality", "postcode", "country"),
)
_ADDRESS_FIELDS = ("street", "locality", "postcode", "country")
_SNIFF_BYTES = 64 * 1024


def detect(path: Path) -> bool:
    """A file whose header is a Google or Outlook contacts export (never any other CSV)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = decode_head(handle.read(_SNIFF_BYTES))
        if head is None:
            return False
        lines = enumerate(head.splitlines(keepends=True), start=1)
        return classify(_table(lines, path.name).header) is not None
    except (ImportFailure, OSError, ValueError):
        return False


def parse(path: Path, context: ImportContext | None = None) -> Iterator[ParsedFile]:
    """One ParsedFile for the CSV; ImportFailure when the file cannot be read as contacts."""
    context = context or ImportContext()
    file = path.name
    try:
        with path.open("rb") as handle:
            parsed = _parse(numbered_lines(handle, file), file, context)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ImportFailure(file, tr("cannot be read (%(reason)s)", reason=reason)) from None
    yield parsed


def _table(lines: Iterator[tuple[int, str]], file: str) -> CsvTable:
    number, text, rest = header_line(lines, file)
    table = open_table(chain([(number, text)], rest), file, (anchor_of(text),))
    if table.header_line != number:
        raise ImportFailure(file, tr("the header row cannot be read as CSV"), number)
    return table


def _parse(lines: Iterator[tuple[int, str]], file: str, context: ImportContext) -> ParsedFile:
    table = _table(lines, file)
    if context.column_map:
        layout = mapped_layout(table.header, context.column_map, file)
    else:
        layout = classify(table.header)
    if layout is None:
        raise ImportFailure(
            file,
            tr(
                "not a Google or Outlook contacts export (its columns: %(columns)s); "
                "name the columns to read with --format contacts_csv --map field=column "
                "(fields: %(fields)s)",
                columns=describe_columns(table.header),
                fields=", ".join(FIELDS),
            ),
            table.header_line,
        )
    parsed = ParsedFile(name=file)
    order = DateOrder.for_file(layout.kind, layout.language, context.default_region)
    records: list[RawIdentity] = []
    deferred: list[tuple[int, str]] = []
    for row in table.rows():
        if isinstance(row, RecordError):
            parsed.errors.append(row)
        elif (built := read_row(row, layout, order)) is None:
            parsed.skipped += 1
        else:
            identity, later = built
            if later:
                deferred.append((len(records), later))
            records.append(identity)
    for index, text in deferred:  # read once the whole file has said its date order
        records[index] = replace(records[index], birthday=order.resolve(text))
    seen: Counter[str] = Counter()
    for index, identity in enumerate(records):
        seen[identity.key] += 1
        if (count := seen[identity.key]) > 1:
            records[index] = replace(identity, key=f"{identity.key}#{count}")
    parsed.records.extend(records)
    return parsed


# --- generic CSV mapped by the user (--map field=column) --------------------------------------


def mapped_layout(header: list[str], column_map: tuple[tuple[str, str], ...], file: str) -> Layout:
    """A layout from `--map field=column` pairs; an unknown field or column refuses the file."""
    index = {c.casefold(): c for c in reversed(header)}
    columns: dict[str, list[str]] = {}
    for field, column in column_map:
        key = field.strip().casefold().replace("-", "_")
        if key not in FIELDS:
            raise ImportFailure(
                file,
                tr(
                    "unknown field %(field)s in --map (known fields: %(fields)s)",
                    field=repr(field),
                    fields=", ".join(FIELDS),
                ),
            )
        actual = index.get(column.strip().casefold())
        if actual is None:
            raise ImportFailure(
                file,
                tr(
                    "column %(column)s given in --map is not in the header (columns: %(columns)s)",
                    column=repr(column),
                    columns=describe_columns(header),
                ),
            )
        if actual not in columns.setdefault(key, []):
            columns[key].append(actual)

    def cols(key: str) -> tuple[str, ...]:
        return tuple(columns.get(key, ()))

    address = AddressColumns(
        street=cols("street"),
        locality=cols("locality"),
        postcode=cols("postcode"),
        country=cols("country"),
    )
    return Layout(
        kind="csv",
        source="csv",
        name=cols("name"),
        first=cols("first_name"),
        last=cols("last_name"),
        organization=cols("organization"),
        title=cols("title"),
        birthday=cols("birthday"),
        note=cols("note"),
        emails=tuple(Pair(c) for c in cols("email")),
        phones=tuple(Pair(c) for c in cols("phone")),
        urls=tuple(Pair(c) for c in cols("url")),
        linkedin=cols("linkedin"),
        addresses=(address,) if any(columns.get(k) for k in _ADDRESS_FIELDS) else (),
    )


def describe_columns(header: list[str], limit: int = 40) -> str:
    """The header's columns for a message: quoted, shortened, at most `limit` of them."""
    shown = [repr(c if len(c) <= 40 else c[:39] + "…") for c in header[:limit]]
    if len(header) > limit:
        shown.append("…")
    return ", ".join(shown)
