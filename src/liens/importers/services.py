"""`import_path`: parse, then write, all in one transaction.

Parsing is pure, so a file that cannot be read at all stops the import before anything is
written. Invalid records stop it too unless the user asks to skip them: an import is
all-or-nothing by default, and never silently partial. Most formats are parsed whole first;
a streamed one (a mailbox of several GB) is written part by part as it is read, inside the
same transaction, so an error late in the file still leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from liens.errors import UserError
from liens.i18n import tr
from liens.importers.base import (
    ImportContext,
    ImportFailure,
    InteractionBatch,
    ParsedFile,
    RawInteraction,
    RecordError,
)
from liens.importers.gcpause import gc_paused
from liens.importers.indexes import DeferredIndexes
from liens.importers.load import FileStats, Loader, load_order
from liens.importers.load_interactions import link_replies
from liens.importers.models import ImportRun
from liens.importers.registry import detect_format, format_named
from liens.interactions.models import Interaction, Participant
from liens.interactions.services import links_rebuild
from liens.people.models import IdentityKey, KeyKind
from liens.people.services import me_get_or_create

# (file name, files done, files total), or for a streamed file (its name, bytes read, size,
# "bytes")
Progress = Callable[..., None]


class InvalidRecords(UserError):
    """Some records are invalid and the user did not ask to skip them; nothing was written."""

    def __init__(self, errors: list[RecordError]) -> None:
        self.errors = errors
        first = errors[0]
        where = f"{first.file}:{first.line}" if first.line else first.file
        if len(errors) > 1:
            message = tr(
                "%(where)s: %(error)s (and %(count)d more); nothing was imported"
                " (--skip-invalid imports the valid records and lists the others)",
                where=where,
                error=first.message,
                count=len(errors) - 1,
            )
        else:
            message = tr(
                "%(where)s: %(error)s; nothing was imported"
                " (--skip-invalid imports the valid records and lists the others)",
                where=where,
                error=first.message,
            )
        super().__init__(message)


@dataclass
class ImportSummary:
    """The `liens import --json` shape; keys may be added, never renamed."""

    source: str
    files: list[str]
    identities_added: int = 0
    identities_updated: int = 0
    interactions_added: int = 0
    skipped: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)
    records_added: dict[str, int] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)  # kept out on purpose, counted
    import_run: int | None = None

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def import_context(
    owner: AbstractBaseUser, column_map: tuple[tuple[str, str], ...] = ()
) -> ImportContext:
    """What parsers may know of the owner: my addresses and names, and the time now."""
    me = me_get_or_create(owner=owner)
    keys = IdentityKey.objects.filter(owner=owner, identity__person=me, kind=KeyKind.EMAIL)
    names = {
        n for n in (me.display_name, *me.identities.values_list("display_name", flat=True)) if n
    }
    return ImportContext(
        my_emails=frozenset(keys.values_list("value", flat=True)),
        my_names=tuple(sorted(names)),
        now=timezone.now(),
        column_map=column_map,
    )


def import_path(
    *,
    owner: AbstractBaseUser,
    path: Path,
    format_name: str | None = None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    column_map: tuple[tuple[str, str], ...] = (),
) -> ImportSummary:
    """Import one export (file, folder or archive) for `owner`."""
    fmt = format_named(format_name) if format_name else detect_format(path)
    source = fmt.name
    parts: Iterator[ParsedFile] = iter(fmt.parse(path, import_context(owner, column_map)))
    total = expected = 0  # files and interactions to load; unknown for a streamed file
    if not getattr(fmt, "streamed", False):
        parsed = sorted(parts, key=load_order)  # whole files: profile and people first
        errors = [e for p in parsed for e in p.errors]
        if errors and not skip_invalid:
            raise InvalidRecords(errors)  # before the transaction: nothing to undo
        parts, total = iter(parsed), len(parsed)
        expected = sum(_interactions(p) for p in parsed)
    with transaction.atomic():
        run = ImportRun.objects.create(owner=owner, source=source, path=str(path)[:1000])
        summary = ImportSummary(source=source, files=[], import_run=run.pk)
        loader = Loader(owner, run)
        indexes = DeferredIndexes((Interaction, Participant))
        indexes.consider(expected)
        done = 0
        # paused for a streamed file as it is read too: the parts come in as hundreds of
        # thousands of small tuples, each batch of which would set off a collection
        with gc_paused():
            for part in parts:
                if part.errors and not skip_invalid:
                    # keep reading to name every invalid record; the transaction is undone
                    raise InvalidRecords([e for p in (part, *parts) for e in p.errors])
                if progress:
                    if part.read:
                        progress(part.name, *part.read, "bytes")
                    else:
                        progress(part.name, done, total)
                if part.read and part.read[0]:  # streamed: extrapolated from the bytes read
                    indexes.consider(_interactions(part) * part.read[1] // part.read[0])
                _add(summary, part, loader.load(part))
                done += 1
        if not summary.files:
            raise ImportFailure(str(path), tr("no %(format)s file found to import", format=source))
        if progress:
            progress(tr("Linking replies and meetings"), done, total or done)
        indexes.restore()
        link_replies(owner.pk)
        links_rebuild(owner=owner)
        run.files = summary.files
        run.finished_at = timezone.now()
        run.summary = summary.as_json()
        run.save(update_fields=["files", "finished_at", "summary"])
    return summary


def _interactions(part: ParsedFile) -> int:
    return sum(
        len(r) if isinstance(r, InteractionBatch) else isinstance(r, RawInteraction)
        for r in part.records
    )


def _add(summary: ImportSummary, part: ParsedFile, stats: FileStats) -> None:
    if part.name not in summary.files:
        summary.files.append(part.name)
    summary.errors += [{"file": e.file, "line": e.line, "message": e.message} for e in part.errors]
    summary.skipped += len(part.errors) + stats.skipped
    summary.identities_added += stats.identities_added
    summary.identities_updated += stats.identities_updated
    summary.interactions_added += stats.interactions_added
    for reason, count in part.excluded.items():
        summary.excluded[reason] = summary.excluded.get(reason, 0) + count
    for kind, count in stats.by_kind.items():
        summary.records_added[kind] = summary.records_added.get(kind, 0) + count
