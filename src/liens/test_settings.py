"""Settings for the test suite: SQLite in memory, or PostgreSQL when asked for.

CI runs the whole suite twice, the second time with `LIENS_TEST_POSTGRES_URL` set, so the
same migrations and queries are proven on both engines.
"""

from __future__ import annotations

import os

from liens import env
from liens.settings import *  # noqa: F403

_postgres = os.environ.get("LIENS_TEST_POSTGRES_URL", "").strip()
DATABASES = {
    "default": env.database_config(_postgres)
    if _postgres
    else env.sqlite_config(env.data_dir() / "unused-test.sqlite3")
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
