"""Every user-facing text exists in French: the catalog is complete and compiled."""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import liens

CATALOG = Path(liens.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    """msgid → first msgstr, continuation lines joined, as gettext reads them."""
    entries: dict[str, str] = {}
    text = (CATALOG / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            keyword = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if keyword:  # the other plural forms are kept apart, not joined to the first
                current = keyword.group(1).replace("msgstr[0]", "msgstr")
                fields[current] = keyword.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries[fields["msgid"]] = fields.get("msgstr", "")
    return entries


def test_it_has_a_french_translation_for_every_message():
    entries = po_entries()
    assert entries, "the French catalog is empty"
    assert [m for m, s in entries.items() if not s] == []


def test_its_compiled_catalog_matches_the_source():
    with (CATALOG / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in po_entries().items():
        if "\\" not in msgid:
            assert compiled.gettext(msgid) == msgstr, msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext's xgettext is not installed")
def test_it_has_every_message_of_the_source_in_the_catalog(tmp_path):
    """What the code asks to translate is in the catalog, translated: makemessages run on a
    copy of the package adds nothing new (a new message would come in untranslated, or as a
    'fuzzy' guess from a similar one)."""
    package = Path(liens.__file__).parent
    copy = tmp_path / "liens"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [
            *(sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"),
            *("-i", "*/tests/*", "-i", "demo/*"),
        ],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "liens.settings"},
        check=True,
        capture_output=True,
    )
    po = (copy / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    blocks = po.split("\n\n")[1:]  # the header first
    missing = [b for b in blocks if "#, fuzzy" in b or re.search(r'msgstr(\[0\])? ""\n*$', b)]
    assert missing == []
