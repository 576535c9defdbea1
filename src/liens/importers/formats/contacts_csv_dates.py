"""Birthdays as contacts CSV files write them: ISO, `--MM-DD`, and the Windows locale's dates.

Google writes `1981-04-01` or `--04-01` (no year); Outlook desktop writes the short date of the
Windows locale: `4/1/1981` (en-US, M/d/yyyy), `01/04/1981` (fr-FR and en-GB, dd/MM/yyyy),
`1.4.1981` (de-DE), and `0/0/00` for "none" (research/formats.md §4.3). Excel re-saves turn
Google's ISO dates into the locale's too. A slash date whose day and month are both ≤ 12 is
ambiguous on its own, so the order is decided for the whole file (see `DateOrder`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

__all__ = ["NO_YEAR", "DateOrder"]

NO_YEAR = 1604  # the vCard convention for "year unknown" (a leap year, so --02-29 holds)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.+Z -]*)?$")
_NO_YEAR = re.compile(r"^--(\d{1,2})-?(\d{1,2})$")
_YEAR_FIRST = re.compile(r"^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?: [\d:. APMapm]*)?$")
_MONTH_FIRST_REGIONS = {"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"}


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None) -> int:
    if not text:
        return NO_YEAR
    value = int(text)
    if len(text) == 2:  # Windows' two-digit window: 30-99 → 1930-1999, 00-29 → 2000-2029
        value += 1900 if value >= 30 else 2000
    return value


@dataclass(frozen=True)
class _Reading:
    """What one cell says: a sure date, or the day-first and month-first readings."""

    sure: date | None = None
    day_first: date | None = None
    month_first: date | None = None
    padded: bool = False  # "01/04/1981": Windows' dd/MM locales pad, en-US's M/d/yyyy does not
    evidence: str = ""  # "day" or "month" when only that reading is a valid date

    @property
    def ambiguous(self) -> bool:
        return self.day_first is not None and self.month_first is not None


def _read(raw: str) -> _Reading:
    text = raw.strip()
    if match := _ISO.match(text):
        return _Reading(_make(int(match[1]), int(match[2]), int(match[3])))
    if match := _NO_YEAR.match(text):
        return _Reading(_make(NO_YEAR, int(match[1]), int(match[2])))
    if match := _YEAR_FIRST.match(text):
        return _Reading(_make(int(match[1]), int(match[3]), int(match[4])))
    match = _NUMERIC.match(text)
    if not match:
        return _Reading()
    first, separator, second, year = int(match[1]), match[2], int(match[3]), _year(match[4])
    day_first = _make(year, second, first)
    if separator == ".":  # dotted dates are day first everywhere
        return _Reading(day_first)
    month_first = _make(year, first, second)
    if day_first is None or month_first is None:
        evidence = "day" if day_first else "month" if month_first else ""
        return _Reading(day_first or month_first, evidence=evidence)
    if day_first == month_first:
        return _Reading(day_first)
    padded = len(match[1]) == 2 or len(match[3]) == 2
    return _Reading(None, day_first, month_first, padded)


@dataclass
class DateOrder:
    """Collects the slash dates of one file and reads the ambiguous ones the same way.

    Evidence first: a date like 25/12/1980 proves day-first for the file, 12/25/1980
    month-first. Without evidence: French and German Outlook are day-first; English Outlook
    follows the Windows short-date shape (`4/1/1981` unpadded → en-US month-first,
    `01/04/1981` padded → day-first); Google and mapped files follow the owner's country.
    """

    default: str  # "day", "month" or "shape"
    votes: Counter[str] = field(default_factory=Counter)

    @classmethod
    def for_file(cls, kind: str, language: str, region: str) -> DateOrder:
        if kind == "outlook":
            return cls("day" if language in ("fr", "de") else "shape")
        return cls("month" if region.upper() in _MONTH_FIRST_REGIONS else "day")

    def read(self, raw: str) -> tuple[date | None, bool]:
        """(date, deferred): deferred dates must be read again with `resolve` at the end."""
        if not raw:
            return None, False
        reading = _read(raw)
        if reading.ambiguous:
            return None, True
        if reading.evidence:
            self.votes[reading.evidence] += 1
        return reading.sure, False

    def resolve(self, raw: str) -> date | None:
        reading = _read(raw)
        if not reading.ambiguous:
            return reading.sure
        if self.votes["day"] != self.votes["month"]:
            order = "day" if self.votes["day"] > self.votes["month"] else "month"
        elif self.default == "shape":
            order = "day" if reading.padded else "month"
        else:
            order = self.default
        return reading.day_first if order == "day" else reading.month_first
