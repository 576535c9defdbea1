"""A tie in words, in French or English: "moderate (0.46): last met in person 3 months ago;
14 exchanges this year, 6 started by them; known for 4 years; 3 people in common"."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liens.ties.models import TieClass

__all__ = ["ago_text", "reason_text", "tie_sentence"]


def ago_text(days: int) -> str:
    """How long ago, at the grain a person says it: days, then weeks, months, years."""
    if days <= 0:
        return _("today")
    if days == 1:
        return _("yesterday")
    if days < 14:
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    if days < 60:
        weeks = round(days / 7)
        return ngettext("%(n)d week ago", "%(n)d weeks ago", weeks) % {"n": weeks}
    if days < 730:
        months = round(days / 30.44)
        return ngettext("%(n)d month ago", "%(n)d months ago", months) % {"n": months}
    years = int(days / 365.25)
    return ngettext("%(n)d year ago", "%(n)d years ago", years) % {"n": years}


def reason_text(reason: dict[str, Any]) -> str:
    """One fact behind a tie (liens.ties.services.reasons_of), in the active language."""
    code = reason.get("code")
    if code == "declared_close":
        return _("declared family or friend")
    if code == "never_two_way":
        return _("never a two-way exchange (%(out)d sent, %(in)d received)") % {
            "out": reason.get("outbound", 0),
            "in": reason.get("inbound", 0),
        }
    if code == "last_two_way":
        ago = ago_text(reason["days"])
        if reason.get("how") == "in_person":
            return _("last met in person %(ago)s") % {"ago": ago}
        if reason.get("how") == "call":
            return _("last call %(ago)s") % {"ago": ago}
        return _("last exchange both ways %(ago)s") % {"ago": ago}
    if code == "exchanges_12m":
        count = reason["count"]
        text = ngettext("%(n)d exchange this year", "%(n)d exchanges this year", count) % {
            "n": count
        }
        if count:
            text += ", " + _("%(n)d started by them") % {"n": reason.get("started_by_them", 0)}
        return text
    if code == "known_years":
        return ngettext("known for %(n)d year", "known for %(n)d years", reason["years"]) % {
            "n": reason["years"]
        }
    if code == "in_common":
        return ngettext("%(n)d person in common", "%(n)d people in common", reason["count"]) % {
            "n": reason["count"]
        }
    return str(code)


def tie_sentence(tie_class: str, score: float, reasons: Iterable[dict[str, Any]]) -> str:
    """The whole tie on one line: its class, its score and the facts behind it."""
    label = TieClass(tie_class).label if tie_class in TieClass.values else tie_class
    head = f"{label} ({number_format(score, 2)})"
    facts = [reason_text(r) for r in reasons]
    if not facts:
        return head
    # Translators: between two facts (French: " ; "), and before them (French: " : ")
    return _("%(tie)s: %(facts)s") % {"tie": head, "facts": _("; ").join(facts)}
