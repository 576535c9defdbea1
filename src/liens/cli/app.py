"""The `liens` command: global options, the commands, and the exit-code contract.

0 ok, 1 user error (one clear line, no traceback), 2 usage.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from liens import i18n
from liens.cli import dedupe, demo, diagnose, exporting, importing, init, log, merges, people
from liens.cli.render import err
from liens.cli.state import State
from liens.errors import UserError
from liens.i18n import help_

app = typer.Typer(
    name="liens",
    help=help_("liens: which of your contacts really know you, and whom to talk to this week."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", help=help_("SQLite path or postgresql:// URL (default: your data dir).")
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help=help_("Print JSON for scripts instead of tables."))
    ] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help=help_("fr or en (default: from the locale)."))
    ] = None,
) -> None:
    if lang is not None and lang not in ("fr", "en"):
        raise typer.BadParameter("--lang must be fr or en", param_hint="--lang")
    state = State(db=db, json=json_output)
    if lang:
        state.lang = lang
        i18n.activate(lang)
    ctx.obj = state


for module in (init, importing, people, dedupe, merges, log, demo, diagnose, exporting):
    module.register(app)


def main() -> None:
    """Console-script entry point: usage errors exit 2 (Typer), user errors exit 1 here."""
    try:
        app()
    except UserError as exc:
        err(str(exc))
        sys.exit(1)
