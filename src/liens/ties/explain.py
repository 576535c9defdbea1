"""A tie in words, in French or English: "moderate (0.46): last met in person 3 months ago;
14 exchanges this year, 6 started by them; known for 4 years; 3 people in common"."""

from __future__ import annotations

from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liens.ties.models import TieClass

__all__ = ["ago_text", "fact_texts", "tie_head", "tie_sentence"]


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


def fact_texts(facts: dict[str, Any]) -> list[str]:
    """The facts behind a tie (liens.ties.services.facts) in words, in the active language,
    the most telling first: recency, then this year's exchanges, duration, persons in common."""
    texts: list[str] = []
    if facts.get("close"):
        texts.append(_("declared family or friend"))
    days = facts.get("days")
    if days is None:
        texts.append(
            _("never a two-way exchange (%(out)d sent, %(in)d received)")
            % {"out": facts.get("sent", 0), "in": facts.get("received", 0)}
        )
    else:
        ago = ago_text(days)
        if facts.get("how") == "in_person":
            texts.append(_("last met in person %(ago)s") % {"ago": ago})
        elif facts.get("how") == "call":
            texts.append(_("last call %(ago)s") % {"ago": ago})
        else:
            texts.append(_("last exchange both ways %(ago)s") % {"ago": ago})
    count = facts.get("exchanges_12m", 0)
    if count or days is not None:
        text = ngettext("%(n)d exchange this year", "%(n)d exchanges this year", count) % {
            "n": count
        }
        if count:
            text += ", " + _("%(n)d started by them") % {"n": facts.get("started_by_them", 0)}
        texts.append(text)
    if facts.get("years"):
        years = facts["years"]
        texts.append(
            ngettext("known for %(n)d year", "known for %(n)d years", years) % {"n": years}
        )
    if facts.get("in_common"):
        n = facts["in_common"]
        texts.append(ngettext("%(n)d person in common", "%(n)d people in common", n) % {"n": n})
    return texts


def tie_head(tie_class: str, score: float) -> str:
    """ "moderate (0.46)", "moyen (0,46)": the class and the score, as lists show them."""
    label = TieClass(tie_class).label if tie_class in TieClass.values else tie_class
    return f"{label} ({number_format(score, 2)})"


def tie_sentence(tie_class: str, score: float, facts: dict[str, Any]) -> str:
    """The whole tie on one line: its class, its score and the facts behind it."""
    head = tie_head(tie_class, score)
    texts = fact_texts(facts)
    if not texts:
        return head
    # Translators: between two facts (French: " ; "), and before them (French: " : ")
    return _("%(tie)s: %(facts)s") % {"tie": head, "facts": _("; ").join(texts)}
