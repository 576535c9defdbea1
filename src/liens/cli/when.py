"""`--at WHEN`: what people type when they log something that just happened."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

_AGO = re.compile(r"^-?(\d+)\s*(m|min|h|d|j|w|sem)(?:\s*(?:ago))?$")
_UNITS = {
    "m": "minutes",
    "min": "minutes",
    "h": "hours",
    "d": "days",
    "j": "days",
    "w": "weeks",
    "sem": "weeks",
}


def parse_when(value: str, now: datetime | None = None) -> datetime:
    """ISO date or datetime, now/today/yesterday (also in French), or '3d', '2h', '1w' ago."""
    now = now or timezone.now()
    text = value.strip().lower()
    if text in ("", "now", "maintenant"):
        return now
    local_now = timezone.localtime(now)
    if text in ("today", "aujourd'hui", "aujourdhui"):
        return local_now
    if text in ("yesterday", "hier"):
        return local_now - timedelta(days=1)
    match = _AGO.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        return now - timedelta(**{_UNITS[unit]: amount})
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError(
            _("cannot read the date %(value)s (try 2026-11-20, 2026-11-20T14:30, yesterday, 3d)")
            % {"value": repr(value)}
        ) from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    if parsed > now + timedelta(minutes=5):
        raise ValueError(_("%(value)s is in the future") % {"value": repr(value)})
    return parsed
