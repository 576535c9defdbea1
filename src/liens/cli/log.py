"""`liens log CHANNEL PERSON...`: record a meeting, a call, a coffee in two seconds."""

from __future__ import annotations

from typing import Annotated

import typer
from django.utils.translation import gettext as _

from liens.cli.render import channel_label, console, print_json
from liens.cli.state import State, UserError
from liens.cli.when import parse_when
from liens.i18n import help_

CHANNELS = ("in_person", "call", "video", "email", "message", "event", "social")


def register(app: typer.Typer) -> None:
    app.command("log", help=help_("Log an interaction with one or more persons."))(log_command)


def log_command(
    ctx: typer.Context,
    channel: Annotated[str, typer.Argument(help=", ".join(CHANNELS))],
    persons: Annotated[list[str], typer.Argument(help=help_("Id, email, profile URL or name."))],
    at: Annotated[
        str, typer.Option("--at", help=help_("When: 2026-11-20, yesterday, 3d..."))
    ] = "now",
    note: Annotated[str, typer.Option("--note", help=help_("What was said or agreed."))] = "",
    direction: Annotated[
        str | None, typer.Option("--direction", help=help_("outbound, inbound or mutual."))
    ] = None,
    create: Annotated[
        bool, typer.Option("--create", help=help_("Add the person if nobody matches the name."))
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Log an interaction with one or more persons."""
    if channel not in CHANNELS:
        raise typer.BadParameter(", ".join(CHANNELS), param_hint="CHANNEL")
    if direction is not None and direction not in ("outbound", "inbound", "mutual"):
        raise typer.BadParameter("outbound, inbound, mutual", param_hint="--direction")
    state: State = ctx.obj
    owner = state.owner()
    from liens.core.scoping import NotFound
    from liens.interactions.services import interaction_log
    from liens.people.selectors import person_find
    from liens.people.services import person_create
    from liens.ties.services import ties_recompute

    try:
        when = parse_when(at)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    found = []
    for query in persons:
        try:
            found.append(person_find(owner, query))
        except NotFound:
            if not create or query.isdigit():
                raise
            found.append(person_create(owner=owner, name=query))
    interaction = interaction_log(
        owner=owner,
        channel=channel,
        persons=found,
        occurred_at=when,
        note=note,
        direction=direction,
    )
    ties_recompute(owner=owner, persons=[p.pk for p in found])
    data = {
        "id": interaction.pk,
        "channel": channel,
        "direction": interaction.direction,
        "occurred_at": interaction.occurred_at.isoformat(),
        "persons": [{"id": p.pk, "name": p.display_name} for p in found],
        "note": note,
    }
    if state.json or json_output:
        print_json(data)
        return
    console.print(
        _("Logged %(channel)s with %(names)s on %(when)s")
        % {
            "channel": channel_label(channel),
            "names": ", ".join(p.display_name for p in found),
            "when": interaction.occurred_at.strftime("%Y-%m-%d %H:%M"),
        },
        markup=False,
    )
