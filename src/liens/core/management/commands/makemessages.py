"""Django's makemessages, also extracting `tr(...)` and `help_(...)` from liens.i18n."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=tr", "--keyword=help_"]
