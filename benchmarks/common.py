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
    """This process's peak resident memory. Linux's VmHWM belongs to the program: the
    rusage figure survives exec, so a child started by a parent that built a 1.5 GB
    network reported the parent's 1,523 MiB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
