"""LinkedIn "Get a copy of your data" export: ZIP, unzipped folder or one CSV (no Django).

Implements the `Format` protocol of `importers/base.py`. Every recognised CSV becomes one
ParsedFile; the files about the owner (Profile, Positions, Education, Email Addresses,
Phone Numbers) become a single RawProfile. Formats per export year: research/formats.md §1.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from liens.importers.base import ImportContext, ImportFailure, ParsedFile, RawIdentity
from liens.importers.csvfile import CsvTable, open_table
from liens.importers.formats import linkedin_messages
from liens.importers.formats.linkedin_archive import (
    MAX_DEPTH,
    Export,
    Member,
    kind_of,
    looks_like_zip,
)
from liens.importers.formats.linkedin_records import (
    Me,
    ProfileParts,
    collect,
    collect_connections,
    endorsement_builder,
    invitation_builder,
    recommendation_builder,
)
from liens.importers.gcpause import gc_paused

__all__ = ["detect", "name", "parse"]

name = "linkedin"

ANCHORS: dict[str, tuple[str, ...]] = {
    "connections": ("First Name",),
    "messages": linkedin_messages.ANCHORS,
    "invitations": ("From",),
    "recommendations_received": ("First Name",),
    "recommendations_given": ("First Name",),
    "endorsements_received": ("Endorsement Date",),
    "endorsements_given": ("Endorsement Date",),
    "profile": ("First Name",),
    "positions": ("Company Name",),
    "education": ("School Name",),
    "emails": ("Email Address",),
    "phones": ("Extension", "Number"),
}
_SNIFF_BYTES = 16 * 1024
_DETECT_ENTRIES = 5_000


def detect(path: Path) -> bool:
    """A ZIP or folder holding a known LinkedIn CSV, or one such CSV with its header."""
    try:
        if path.is_dir():
            return _dir_has_known_file(path, 0, [0])
        if looks_like_zip(path):
            with zipfile.ZipFile(path) as archive:
                return any(kind_of(n) for n in archive.namelist())
        if path.is_file() and (kind := kind_of(path.name)):
            with path.open("rb") as handle:
                head = handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")
            lines = enumerate(head.splitlines(keepends=True), start=1)
            open_table(lines, path.name, ANCHORS[kind])
            return True
    except (ImportFailure, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return False
    return False


def _dir_has_known_file(folder: Path, depth: int, seen: list[int]) -> bool:
    for entry in folder.iterdir():
        seen[0] += 1
        if seen[0] > _DETECT_ENTRIES:
            return False
        if entry.is_file() and kind_of(entry.name):
            return True
        if entry.is_dir() and depth < MAX_DEPTH and _dir_has_known_file(entry, depth + 1, seen):
            return True
    return False


def parse(path: Path, context: ImportContext | None = None) -> Iterator[ParsedFile]:
    """One ParsedFile per recognised CSV; raises ImportFailure for an unreadable file.

    Everything is parsed before the first file is yielded, because the owner's profile URL
    is only known once Invitations.csv and messages.csv have been read; `context` is not
    needed, the export itself says who I am.
    """
    # records are acyclic; collections would rescan every record built so far
    with gc_paused(), Export(path) as export:
        parsed = _parse_export(export)
    yield from parsed


def _table(export: Export, member: Member) -> CsvTable:
    return open_table(export.lines(member), member.name, ANCHORS[member.kind])


def _parse_export(export: Export) -> list[ParsedFile]:
    me = Me()
    parts = ProfileParts()
    profile_files: list[str] = []
    readers: list[tuple[str, Callable[[CsvTable], None]]] = [
        ("profile", parts.read_profile),
        ("positions", parts.read_positions),
        ("education", parts.read_education),
        ("emails", parts.read_emails),
        ("phones", parts.read_phones),
    ]
    for kind, read in readers:
        if member := export.first(kind):
            profile_files.append(member.name)
            read(_table(export, member))
    me.add_name(f"{parts.first_name} {parts.last_name}")

    files: list[ParsedFile] = []
    known_names: dict[str, str] = {}
    if member := export.first("connections"):
        connections = collect_connections(_table(export, member), member.name)
        files.append(connections)
        for record in connections.records:
            if isinstance(record, RawIdentity) and record.profile_url:
                known_names[record.profile_url] = record.display_name

    my_urls: dict[str, int] = {}
    if member := export.first("invitations"):
        build = invitation_builder(member.name, me, my_urls)
        files.append(collect(_table(export, member), member.name, build))
    me.urls.update(my_urls)
    my_url = max(my_urls, key=lambda u: (my_urls[u], u)) if my_urls else ""

    if member := export.first("messages"):
        messages, guessed = linkedin_messages.parse_messages(
            _table(export, member), member.name, me, known_names
        )
        files.append(messages)
        my_url = my_url or guessed

    for kind, direction in (
        ("recommendations_received", "inbound"),
        ("recommendations_given", "outbound"),
    ):
        if member := export.first(kind):
            build = recommendation_builder(direction)
            files.append(collect(_table(export, member), member.name, build))
    for kind, direction in (
        ("endorsements_received", "inbound"),
        ("endorsements_given", "outbound"),
    ):
        if member := export.first(kind):
            build = endorsement_builder(member.name, direction)
            files.append(collect(_table(export, member), member.name, build))

    if profile_files:
        profile = ParsedFile(
            name=profile_files[0],
            records=[parts.build(my_url)],
            errors=parts.errors,
            skipped=parts.skipped,
        )
        files.insert(0, profile)
    return files
