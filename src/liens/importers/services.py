"""`import_path`: parse everything first, then write file by file.

Parsing is pure, so a file that cannot be read at all stops the import before anything is
written. Invalid records stop it too unless the user asks to skip them: an import is
all-or-nothing by default, and never silently partial.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from liens.errors import UserError
from liens.i18n import tr
from liens.importers.base import ImportContext, ImportFailure, ParsedFile, RecordError
from liens.importers.load import Loader, load_order
from liens.importers.models import ImportRun
from liens.importers.registry import detect_format, format_named
from liens.interactions.services import links_rebuild
from liens.people.models import IdentityKey, KeyKind
from liens.people.services import me_get_or_create

Progress = Callable[[str, int, int], None]  # (file name, files done, files total)


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


def parse_all(
    path: Path, context: ImportContext, format_name: str | None = None
) -> tuple[str, list[ParsedFile]]:
    fmt = format_named(format_name) if format_name else detect_format(path)
    parsed = list(fmt.parse(path, context))
    if not parsed:
        raise ImportFailure(str(path), tr("no %(format)s file found to import", format=fmt.name))
    return fmt.name, parsed


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
    source, parsed = parse_all(path, import_context(owner, column_map), format_name)
    errors = [e for p in parsed for e in p.errors]
    if errors and not skip_invalid:
        raise InvalidRecords(errors)
    parsed.sort(key=load_order)
    run = ImportRun.objects.create(
        owner=owner, source=source, path=str(path)[:1000], files=[p.name for p in parsed]
    )
    summary = ImportSummary(source=source, files=[p.name for p in parsed], import_run=run.pk)
    summary.errors = [{"file": e.file, "line": e.line, "message": e.message} for e in errors]
    summary.skipped = len(errors)
    loader = Loader(owner, run)
    for done, parsed_file in enumerate(parsed):
        if progress:
            progress(parsed_file.name, done, len(parsed))
        stats = loader.load(parsed_file)
        summary.identities_added += stats.identities_added
        summary.identities_updated += stats.identities_updated
        summary.interactions_added += stats.interactions_added
        summary.skipped += stats.skipped
        for reason, count in parsed_file.excluded.items():
            summary.excluded[reason] = summary.excluded.get(reason, 0) + count
        for kind, count in stats.by_kind.items():
            summary.records_added[kind] = summary.records_added.get(kind, 0) + count
    if progress:
        progress("", len(parsed), len(parsed))
    links_rebuild(owner=owner)
    run.finished_at = timezone.now()
    run.summary = summary.as_json()
    run.save(update_fields=["finished_at", "summary"])
    return summary
