"""`liens people` and `liens show PERSON`."""

from __future__ import annotations

from typing import Annotated

import typer
from django.utils.translation import gettext as _
from rich.text import Text

from liens.cli.render import (
    channel_label,
    console,
    direction_label,
    print_json,
    table,
    tie_label,
)
from liens.cli.state import State
from liens.i18n import help_

TIE_CLASSES = ("strong", "moderate", "weak", "dormant", "virtual")


def register(app: typer.Typer) -> None:
    app.command("people", help=help_("List the persons of your network, closest first."))(
        people_command
    )
    app.command(
        "show",
        help=help_("One person: who they are, where they come from, what happened, and the tie."),
    )(show_command)


def people_command(
    ctx: typer.Context,
    search: Annotated[
        str, typer.Option("--search", "-s", help=help_("Name, organization, email."))
    ] = "",
    tie_class: Annotated[
        str, typer.Option("--class", help=help_("strong, moderate, weak, dormant or virtual."))
    ] = "",
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help=help_("0 = everybody."))] = 0,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """List the persons of your network, closest first."""
    if tie_class and tie_class not in TIE_CLASSES:
        raise typer.BadParameter(", ".join(TIE_CLASSES), param_hint="--class")
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.selectors import person_json, person_list

    rows = [
        person_json(p)
        for p in person_list(owner, search=search, tie_class=tie_class, limit=limit or None)
    ]
    if state.json or json_output:
        print_json(rows)
        return
    console.print(
        table(
            _("%(n)d persons") % {"n": len(rows)},
            ("#", _("name"), _("organization"), _("title"), _("tie"), _("last interaction")),
            (
                (
                    r["id"],
                    r["name"],
                    r["organization"],
                    r["title"],
                    tie_label(r["tie"]),
                    (r["last_interaction_at"] or "")[:10],
                )
                for r in rows
            ),
        )
    )


def show_command(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=help_("Id, email, profile URL or name."))],
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help=help_("Interactions shown."))
    ] = 20,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """One person: who they are, where they come from, what happened, and the tie."""
    state: State = ctx.obj
    owner = state.owner()
    from liens.people.selectors import person_detail_json, person_find

    data = person_detail_json(person_find(owner, person))
    if state.json or json_output:
        print_json(data)
        return
    header = Text(data["name"] or "?", style="bold")
    if data["title"] or data["organization"]:
        header.append(
            Text(" — " + ", ".join(x for x in (data["title"], data["organization"]) if x))
        )
    console.print(header)
    for line in (
        " ".join(data["emails"]),
        " ".join(data["phones"]),
    ):
        if line:
            console.print(Text(line))
    tie = data["tie"]
    if tie:
        console.print(Text(_("tie: %(explanation)s") % {"explanation": tie["explanation"]}))
    for key, text in (
        ("introduced_by", _("introduced to you by: %(who)s")),
        ("introduced", _("introduced you to: %(who)s")),
    ):
        if data[key]:
            who = ", ".join(f"{r['name']} ({r['on']})" if r["on"] else r["name"] for r in data[key])
            console.print(Text(text % {"who": who}))
    console.print(
        table(
            _("sources"),
            (_("source"), _("key"), _("file"), _("line")),
            ((i["source"], i["key"], i["file"], i["line"]) for i in data["identities"]),
        )
    )
    interactions = data["interactions"][:limit]
    console.print(
        table(
            _("interactions (newest first)"),
            (_("when"), _("channel"), "", _("subject"), _("summary")),
            (
                (
                    (i["occurred_at"] or "")[:16].replace("T", " "),
                    channel_label(i["channel"]),
                    direction_label(i["direction"]),
                    i["subject"],
                    (i["summary"] or "")[:80],
                )
                for i in interactions
            ),
        )
    )
