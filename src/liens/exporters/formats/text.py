"""What both writers do to a value before writing it, and how they label a phone (no Django).

A control character in a contacts file breaks more readers than it helps: a NUL makes a CSV
look binary, a lone CR ends a line in both readers. So line ends become LF and the other C0
controls are dropped; tabs stay. Phone numbers are written in E.164 when they are valid, as
the loader keys them (research/formats.md §6.1), so a re-import finds the same person.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from liens.importers.phones import phone_number

__all__ = ["NO_YEAR", "export_phone", "is_mobile", "plain"]

NO_YEAR = 1604  # importers/base.py: the year of a birthday given without one
_LINE_ENDS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")


def plain(text: str) -> str:
    """`text` with every line end as LF and no control character but tab and LF."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _LINE_ENDS.sub("\n", text))


@lru_cache(maxsize=1 << 16)
def export_phone(raw: str, region: str | None = "FR") -> str:
    """`+33612345678` (with ` ext. 12` when there is one) for a valid number, else the text.

    `region` reads national numbers; the default is the loader's, so the number written here
    gets the key the stored one has.
    """
    text = plain(raw).strip()
    number = phone_number(text, region)
    if number is None:
        return text
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164} ext. {number.extension}" if number.extension else e164


def is_mobile(phone: str) -> bool:
    """True for a mobile number (or one the numbering plan cannot tell from a fixed line)."""
    number = phone_number(phone, None)
    if number is None:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
