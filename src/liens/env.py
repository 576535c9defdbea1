"""Where liens keeps its data and which database it talks to.

Zero configuration: with nothing set, an SQLite file in the user's data directory.
Every knob is an environment variable, parsed strictly (see docs/configuration.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import platformdirs

from liens.i18n import tr


class ConfigurationError(Exception):
    """A setting has a value liens cannot use."""


def data_dir() -> Path:
    """`LIENS_DATA_DIR`, else the platform's user data directory (created on demand)."""
    configured = os.environ.get("LIENS_DATA_DIR", "").strip()
    path = (
        Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("liens"))
    )
    return path


def default_database_path() -> Path:
    return data_dir() / "liens.sqlite3"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite3"


def database_url() -> str:
    """`LIENS_DATABASE_URL`, then `DATABASE_URL`, else the default SQLite file."""
    for name in ("LIENS_DATABASE_URL", "DATABASE_URL"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return str(default_database_path())


def database_config(target: str) -> dict[str, Any]:
    """A Django DATABASES entry from a path or a URL (`--db` accepts both)."""
    if "://" not in target:
        path = Path(target).expanduser()
        return sqlite_config(path)
    if target.startswith("sqlite:"):
        config = dj_database_url.parse(target)
        return sqlite_config(Path(config["NAME"]))
    try:
        config = dj_database_url.parse(target, conn_max_age=0)
    except ValueError as exc:
        raise ConfigurationError(tr("unsupported database URL: %(error)s", error=exc)) from exc
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise ConfigurationError(tr("liens supports SQLite paths and postgresql:// URLs"))
    return config


def sqlite_config(path: Path) -> dict[str, Any]:
    """SQLite in WAL mode so the web page can read while an import writes. The page cache
    (16 MiB, taken only as used) holds the indexes a big import writes to: message ids
    arrive in random order, and the default 2 MB made a 4 GB mailbox import superlinear."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                " PRAGMA cache_size=-16384;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
