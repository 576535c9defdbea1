"""`liens demo`: a realistic sample network, written as real export files and imported.

It never touches the user's database: it uses its own demo database unless --db is given,
and starts that database afresh on every run so the demo always shows the same picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from django.utils.translation import gettext as _

from liens.cli.render import (
    channel_label,
    console,
    direction_label,
    print_json,
    progress,
    table,
)
from liens.cli.state import State
from liens.i18n import help_


def register(app: typer.Typer) -> None:
    app.command(
        "demo",
        help=help_("Build a sample network as real export files, import it, show the overview."),
    )(demo_command)


def demo_command(
    ctx: typer.Context,
    size: Annotated[
        int, typer.Option("--size", min=20, help=help_("Persons in the network."))
    ] = 400,
    seed: Annotated[int, typer.Option("--seed", help=help_("Same seed, same network."))] = 7,
    out: Annotated[
        Path | None, typer.Option("--out", help=help_("Where to write the export files."))
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Build a sample network as real export files, import it, show the overview."""
    from liens import env
    from liens.demo.generator import generate

    state: State = ctx.obj
    as_json = state.json or json_output
    database = state.db
    if database is None:
        database = str(env.demo_database_path())
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)
    out_dir = (out or env.data_dir() / "demo-files").expanduser()
    out_dir.mkdir(parents=True, exist_ok=True)
    state.setup(database=database)
    owner = state.owner()

    from django.utils import timezone, translation

    from liens.importers.services import import_path
    from liens.people.resolving import resolution_after_import, resolution_counts
    from liens.people.services import me_update
    from liens.reports.diagnosis import diagnosis
    from liens.reports.html import report_html
    from liens.reports.overview import overview
    from liens.ties.services import ties_recompute

    with progress(_("Writing the demo export files"), enabled=not as_json) as update:
        files = generate(out_dir, size=size, seed=seed, today=timezone.localdate())
        me_update(owner=owner, name=files.owner_name, emails=files.owner_emails)
        summaries = []
        for path in (files.linkedin_zip, files.vcard, files.google_csv, files.mbox, files.ics):
            update(_("Importing %(name)s") % {"name": path.name}, 0, 1)
            summary = import_path(owner=owner, path=path, progress=update)
            update(_("Finding who is who"), 0, 1)
            proposals = resolution_after_import(owner=owner, import_run=summary.import_run)
            summaries.append(summary.as_json() | resolution_counts(proposals))
        update(_("Computing ties"), 0, 1)
        now = timezone.now()
        ties_recompute(owner=owner, now=now)
        update(_("Writing the network review"), 0, 1)
        report = out_dir / _("network-review.html")
        lang = (translation.get_language() or "en")[:2]
        report.write_text(
            report_html(diagnosis(owner, now=now, lang=lang), lang=lang), encoding="utf-8"
        )
    data = overview(owner)
    data["report"] = str(report)
    data["database"] = database
    data["files"] = [
        str(p) for p in (files.linkedin_zip, files.vcard, files.google_csv, files.mbox, files.ics)
    ]
    data["imports"] = summaries
    if as_json:
        print_json(data)
        return
    render_overview(data)


def render_overview(data: dict) -> None:
    from liens.reports.labels import percent
    from liens.ties.models import TieClass

    console.print(
        _("Network of %(me)s: %(n)d persons, %(i)d interactions")
        % {"me": data["me"], "n": data["persons"], "i": data["interactions"]},
        markup=False,
        style="bold",
    )
    console.print(
        _("%(share)s of them have had at least one two-way exchange with you.")
        % {"share": percent(data["two_way_share"])},
        markup=False,
    )
    console.print(
        table(
            _("Ties by class"),
            (_("class"), _("persons")),
            ((TieClass(c).label, n) for c, n in data["ties"].items()),
        )
    )
    console.print(
        table(
            _("Last interactions"),
            (_("when"), _("channel"), "", _("with"), _("what")),
            (
                (
                    i["occurred_at"][:10],
                    channel_label(i["channel"]),
                    direction_label(i["direction"]),
                    ", ".join(i["persons"]),
                    (i["subject"] or i["summary"])[:60],
                )
                for i in data["last_interactions"]
            ),
        )
    )
    console.print(_("Demo database: %(db)s") % {"db": data["database"]}, markup=False)
    console.print(_("Network review: %(path)s") % {"path": data["report"]}, markup=False)
    console.print(
        _("Try: liens --db %(db)s diagnose, or people --class strong") % {"db": data["database"]},
        markup=False,
    )
