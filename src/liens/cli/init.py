"""`liens init`: create or migrate the database and record *me*."""

from __future__ import annotations

from typing import Annotated

import typer
from django.utils.translation import gettext as _

from liens.cli.render import console, print_json
from liens.cli.state import State, UserError
from liens.i18n import help_


def register(app: typer.Typer) -> None:
    app.command("init", help=help_("Create or migrate the database and record who you are."))(init)


def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help=help_("Your name, as others write it."))] = "",
    email: Annotated[
        list[str] | None,
        typer.Option("--email", help=help_("One of your addresses (repeat for each).")),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help=help_("Print JSON."))] = False,
) -> None:
    """Create or migrate the database and record who you are."""
    state: State = ctx.obj
    owner = state.owner()
    from django.db import connection

    from liens.people.services import me_update, my_emails

    try:
        me = me_update(owner=owner, name=name, emails=tuple(email or ()))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    data = {
        "database": str(connection.settings_dict["NAME"]),
        "engine": connection.vendor,
        "owner": owner.get_username(),
        "me": {"id": me.pk, "name": me.display_name, "emails": my_emails(owner=owner)},
    }
    if state.json or json_output:
        print_json(data)
        return
    console.print(
        _("Database ready: %(db)s (%(engine)s)")
        % {"db": data["database"], "engine": data["engine"]},
        markup=False,
    )
    who = me.display_name or _('(no name yet: liens init --name "Your Name")')
    console.print(
        _("Me: %(name)s %(emails)s") % {"name": who, "emails": " ".join(data["me"]["emails"])},
        markup=False,
    )
