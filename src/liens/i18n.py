"""Translations for text produced outside Django's request/CLI context.

Parsers (pure, no Django) and the CLI's help texts (bound when the command modules are
imported) use the same gettext catalogs as Django, read with the standard library. Mark
strings with `tr("... %(name)s ...", name=value)` or `help_("...")`; `makemessages`
extracts both (see core/management/commands/makemessages.py).
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Sequence
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "fr")

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def activate(language: str) -> None:
    """Use `language` for every later `tr` and `help_`."""
    global _active, _language
    _language = language if language in LANGUAGES else "en"
    _active = gettext.translation("django", LOCALE_DIR, languages=[_language], fallback=True)


def active_language() -> str:
    return _language


def tr(message: str, **params: object) -> str:
    """`message` in the active language, with `%(name)s` placeholders filled."""
    text = _active.gettext(message)
    return text % params if params else text


def help_(message: str) -> str:
    """A CLI help text: translated once, when the command modules are imported."""
    return _active.gettext(message)


def locale_language() -> str:
    """fr when the user's locale is French, else en."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "fr" if code.startswith("fr") else "en"


def language_from_args(args: Sequence[str]) -> str:
    """`--lang fr` / `--lang=fr` from the command line, else the locale's language."""
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return locale_language()
