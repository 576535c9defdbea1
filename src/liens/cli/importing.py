"""`liens import PATH`: a LinkedIn export ZIP or folder (more formats in their own modules)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from django.utils.translation import gettext as _

from liens.cli.render import console, err, print_json, progress, record_label, table
from liens.cli.state import State
from liens.i18n import help_


def register(app: typer.Typer) -> None:
    app.command("import", help=help_("Import an export; re-importing adds only what is new."))(
        import_command
    )


def import_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help=help_("Export file, archive or folder."))],
    format_name: Annotated[
        str | None,
        typer.Option(
            "--format",
            help=help_("Skip detection: linkedin, vcard, contacts_csv, mbox or ics."),
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help=help_("Import the valid records, list the invalid ones.")
        ),
    ] = False,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help=help_("For a spreadsheet: field=Column (name, email, phone, organization...)."),
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Import an export; re-importing adds only what is new."""
    state: State = ctx.obj
    as_json = state.json or json_output
    owner = state.owner()
    from liens.importers.services import import_path
    from liens.interactions.history import persons_touched
    from liens.people.resolving import resolution_after_import, resolution_counts
    from liens.ties.services import ties_recompute

    column_map = []
    for item in mapping or ():
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise typer.BadParameter(_("expected field=Column, got %(item)s") % {"item": item})
        column_map.append((field.strip(), column.strip()))
    with progress(_("Importing"), enabled=not as_json) as update:
        summary = import_path(
            owner=owner,
            path=path.expanduser(),
            format_name=format_name,
            skip_invalid=skip_invalid,
            progress=update,
            column_map=tuple(column_map),
        )
        update(_("Finding who is who"), 0, 1)
        resolved = resolution_counts(
            resolution_after_import(owner=owner, import_run=summary.import_run)
        )
        update(_("Computing ties"), 0, 1)
        touched = persons_touched(owner, summary.import_run)
        ties_recompute(owner=owner, persons=touched)
    if as_json:
        print_json(summary.as_json() | resolved)
        return
    rows = [
        (_("identities added"), summary.identities_added),
        (_("identities updated"), summary.identities_updated),
        (_("interactions added"), summary.interactions_added),
        *((record_label(kind), n) for kind, n in sorted(summary.records_added.items())),
        (_("records skipped"), summary.skipped),
        (_("persons merged (liens unmerge undoes)"), resolved["persons_merged"]),
        (_("merges to review (liens dedupe)"), resolved["merges_to_review"]),
    ]
    title = _("Imported %(source)s: %(n)d files") % {
        "source": summary.source,
        "n": len(summary.files),
    }
    console.print(table(title, (_("what"), _("count")), rows))
    for error in summary.errors:
        where = f"{error['file']}:{error['line']}" if error["line"] else error["file"]
        err(f"{where}: {error['message']}")
