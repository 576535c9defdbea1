"""The one base for errors the user can fix: shown as a single line, exit code 1.

Kept free of Django so pure modules (parsers, analytics) can raise it too.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a request that cannot be met; never a bug, never a traceback."""
