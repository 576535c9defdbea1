"""What every command shares: the global options, Django set up once, the local owner.

Django is set up lazily, so `liens --help` stays instant and the demo can choose its own
database before anything connects.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from typing import Any

import django

from liens import i18n
from liens.errors import UserError


@dataclass
class State:
    db: str | None = None
    json: bool = False
    lang: str = field(default_factory=i18n.active_language)
    _ready: bool = False

    def setup(self, *, database: str | None = None) -> None:
        """Configure Django on `database` (or --db, or the default) and bring the schema up."""
        if self._ready:
            return
        target = database or self.db
        os.environ["DJANGO_SETTINGS_MODULE"] = "liens.settings"
        if target:
            os.environ["LIENS_DATABASE_URL"] = target
        from liens import env

        try:
            config = env.database_config(target or env.database_url())
        except env.ConfigurationError as exc:
            raise UserError(str(exc)) from exc
        if config["ENGINE"].endswith("sqlite3"):
            from pathlib import Path

            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        django.setup()
        from django.utils import translation

        translation.activate(self.lang)
        migrate_if_needed()
        self._ready = True

    def owner(self) -> Any:
        """The Django user whose network the terminal works on (`LIENS_USER`, else the login)."""
        self.setup()
        from django.contrib.auth import get_user_model

        username = os.environ.get("LIENS_USER", "").strip() or _login()
        user, _ = get_user_model().objects.get_or_create(username=username)
        return user


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "me"


def migrate_if_needed() -> None:
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils.translation import gettext as _

    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            call_command("migrate", verbosity=0, interactive=False)
    except DatabaseError as exc:
        raise UserError(_("cannot open the database: %(error)s") % {"error": exc}) from exc
