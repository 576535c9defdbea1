"""The `liens` command. Help texts are translated when the command modules are imported,
so the language is chosen here, from `--lang` or the locale, before they are."""

import sys

from liens import i18n

i18n.activate(i18n.language_from_args(sys.argv[1:]))


def main() -> None:
    """Console-script entry point. The commands (Typer, Rich, Django) are imported here, not
    with this package: the mailbox scan's worker processes import the script that started
    them, and would each spend 0.15 s loading what they never use."""
    from liens.cli.app import main as run

    run()
