"""What the import benchmarks share: liens on a fresh SQLite database, and peak memory."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def fresh_liens(database: Path) -> Any:
    """Set Django up on a new SQLite file and return a benchmark owner."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "liens.settings"
    os.environ["LIENS_DATABASE_URL"] = str(database)
    import django

    django.setup()
    from django.core.management import call_command

    from liens.testing import persona

    call_command("migrate", verbosity=0)
    return persona("bench")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
