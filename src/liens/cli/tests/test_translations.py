"""Every user-facing text exists in French: the catalog is complete and compiled."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

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
            keyword = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if keyword:
                current = keyword.group(1).replace("[0]", "")
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
