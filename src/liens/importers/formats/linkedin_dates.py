"""The date spellings of LinkedIn exports (no Django).

One export mixes at least eight formats (research/formats.md §1.1), and Excel re-saves add
more (`18-Jun-24`). Month names are matched by hand rather than with `strptime("%b")`,
whose result depends on the process locale.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache

__all__ = ["parse_date", "parse_datetime"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janv", "janvier"),
            ("feb", "february", "févr", "fevr", "février", "fevrier"),
            ("mar", "march", "mars"),
            ("apr", "april", "avr", "avril"),
            ("may", "mai"),
            ("jun", "june", "juin"),
            ("jul", "july", "juil", "juillet"),
            ("aug", "august", "août", "aout"),
            ("sep", "sept", "september", "septembre"),
            ("oct", "october", "octobre"),
            ("nov", "november", "novembre"),
            ("dec", "december", "déc", "decembre", "décembre"),
        ],
        start=1,
    )
    for name in names
}

_D = "([0-9]{1,2})"
_Y = "([0-9]{4})"
_MON = r"([^\W\d_]{3,9})\.?"
_TIME = r"(?:,?\s+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*([AaPp][Mm])?)?"
_ZONE = r"\s*(UTC|GMT|Z|[+-][0-9]{2}:?[0-9]{2})?"

_ISO = re.compile(
    rf"^{_Y}[-/]{_D}[-/]{_D}(?:[ T]([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}})(?:\.[0-9]+)?)?)?"
    rf"{_ZONE}$"
)
_DAY_MON_YEAR = re.compile(rf"^{_D}[ -]{_MON}[ -]([0-9]{{2}}|[0-9]{{4}}){_TIME}$")
_US = re.compile(rf"^{_D}/{_D}/([0-9]{{2}}|[0-9]{{4}}){_TIME}$")
_MON_DAY_YEAR = re.compile(rf"^{_MON} {_D}, {_Y}{_TIME}$")
_MON_YEAR = re.compile(rf"^{_MON} {_Y}$")
_YEAR = re.compile(rf"^{_Y}$")
# messages.csv: `2024-12-16 18:24:37 UTC` (hours past 23 are left to _parse, to refuse)
_LINKEDIN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} (?:[01][0-9]|2[0-3]):[0-9]{2}:[0-9]{2} UTC")
_JAVA = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) ([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) "
    r"(?:UTC|GMT) ([0-9]{4})$"
)


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:  # the %y pivot: 69-99 → 1900s
        value += 1900 if value >= 69 else 2000
    return value


def _month(text: str) -> int:
    month = _MONTHS.get(text.lower())
    if month is None:
        raise ValueError(text)
    return month


def _clock(hour: str | None, minute: str | None, second: str | None, half: str | None) -> tuple:
    h = int(hour or 0)
    if half:
        if not 1 <= h <= 12:
            raise ValueError(hour)
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return h, int(minute or 0), int(second or 0)


def _zone(text: str | None) -> timezone:
    if not text or text in ("UTC", "GMT", "Z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _parse(value: str) -> datetime | None:
    text = " ".join(value.split())
    if (m := _ISO.match(text)) is not None:
        y, mo, d, hh, mi, ss, zone = m.groups()
        return datetime(int(y), int(mo), int(d), *_clock(hh, mi, ss, None), tzinfo=_zone(zone))
    if (m := _DAY_MON_YEAR.match(text)) is not None:
        d, mon, y, *clock = m.groups()
        return datetime(_year(y), _month(mon), int(d), *_clock(*clock), tzinfo=UTC)
    if (m := _US.match(text)) is not None:
        mo, d, y, *clock = m.groups()
        return datetime(_year(y), int(mo), int(d), *_clock(*clock), tzinfo=UTC)
    if (m := _MON_DAY_YEAR.match(text)) is not None:
        mon, d, y, *clock = m.groups()
        return datetime(int(y), _month(mon), int(d), *_clock(*clock), tzinfo=UTC)
    if (m := _MON_YEAR.match(text)) is not None:
        return datetime(int(m.group(2)), _month(m.group(1)), 1, tzinfo=UTC)
    if (m := _YEAR.match(text)) is not None:
        return datetime(int(m.group(1)), 1, 1, tzinfo=UTC)
    if (m := _JAVA.match(text)) is not None:
        mon, d, hh, mi, ss, y = m.groups()
        return datetime(int(y), _month(mon), int(d), int(hh), int(mi), int(ss), tzinfo=UTC)
    return None


def parse_datetime(value: str | None) -> datetime | None:
    """A timezone-aware UTC datetime, or None when empty or not understood.

    LinkedIn writes UTC (`2024-12-16 18:24:37 UTC`); values without a zone (`12/15/24,
    7:47 AM`) are taken as UTC too, and dates without a time as midnight UTC.
    """
    if not value or len(value) > 64:
        return None
    try:
        if _LINKEDIN.fullmatch(value):  # what _parse gives, the fast way
            return datetime.fromisoformat(value[:19] + "+00:00")
        parsed = _parse(value.strip())
    except (ValueError, OverflowError):
        return None
    return parsed.astimezone(UTC) if parsed else None


@lru_cache(maxsize=8192)  # Connections.csv repeats the same days on many rows
def parse_date(value: str | None) -> date | None:
    """A calendar date (`16 Dec 2024`, `18-Jun-24`, `1/8/18, 6:14 PM`, ISO, `Jun 2018`).

    Month-precision values (`Jun 2018`, used by Positions.csv) give the first of the month.
    """
    if not value or len(value) > 64:
        return None
    try:
        parsed = _parse(value.strip())
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None
