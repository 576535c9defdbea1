"""`liens dedupe`: the persons that look like one, how sure, and why; `--apply` merges the
sure ones."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liens.cli.render import console, print_json, table
from liens.cli.state import State
from liens.i18n import help_


def register(app: typer.Typer) -> None:
    app.command(
        "dedupe",
        help=help_(
            "Find the persons that are one person under several records, with the evidence;"
            " --apply merges those sure enough to merge on their own."
        ),
    )(dedupe_command)


def dedupe_command(
    ctx: typer.Context,
    apply: Annotated[
        bool,
        typer.Option("--apply", help=help_("Merge the automatic proposals (each can be undone).")),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Find the persons that are one person under several records."""
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.explain import evidence_texts
    from liens.people.models import Person
    from liens.people.resolving import resolution_run
    from liens.resolution import AUTOMATIC

    merged = 0
    if apply:
        merged = sum(p.automatic for p in resolution_run(owner=owner, apply=True))
    proposals = resolution_run(owner=owner)  # after --apply: what is left to review
    names = dict(
        Person.objects.filter(
            owner=owner, pk__in=[p for g in proposals for p in g.persons]
        ).values_list("pk", "display_name")
    )
    rows: list[dict[str, Any]] = [
        {
            "persons": proposal.persons,
            # cut, not rounded: 0.99895 waits for review and must not read 0.999
            "probability": math.floor(proposal.probability * 10_000) / 10_000,
            "automatic": proposal.automatic,
            # why a sure-looking proposal waits: its names alone do not say one person
            "asked_because": None
            if proposal.automatic
            else "names"
            if proposal.probability >= AUTOMATIC
            else "probability",
            "evidence": [text for pair in proposal.pairs for text in evidence_texts(pair.evidence)],
        }
        for proposal in proposals
    ]
    merge_label = {
        None: _("automatic"),
        "names": _("to review (the names alone)"),
        "probability": _("to review"),
    }
    if state.json or json_output:
        print_json(rows)
        return
    if apply:
        console.print(
            ngettext(
                "Merged %(n)d group of persons (liens unmerge PERSON undoes it).",
                "Merged %(n)d groups of persons (liens unmerge PERSON undoes any of them).",
                merged,
            )
            % {"n": merged}
        )
    console.print(
        table(
            _("%(n)d proposals") % {"n": len(rows)},
            ("#", _("persons"), _("probability"), _("merge"), _("evidence")),
            (
                (
                    " + ".join(str(p) for p in r["persons"]),
                    " / ".join(names.get(p, "") or f"#{p}" for p in r["persons"]),
                    _("%(percent)s%%") % {"percent": number_format(100 * r["probability"], 1)},
                    merge_label[r["asked_because"]],
                    # Translators: between two pieces of evidence (French: " ; ")
                    _("; ").join(dict.fromkeys(r["evidence"])),
                )
                for r in rows
            ),
        )
    )
