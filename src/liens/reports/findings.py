"""Three to five plain-language findings of the diagnosis, each with what to do next.

Each rule reads the computed figures and, when it applies, says what it sees and what to do
about it, in the active language; the most telling ones come first. The seeds are the voice:
most contacts do not know me (003), networking in bursts fails (001), alter-ego networks are
the wrong place for engaging asks (002), an email is not a relationship (003).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liens.reports.labels import number, percent

Finding = dict[str, Any]
AT_MOST, AT_LEAST = 5, 3


def findings_of(d: dict[str, Any]) -> list[Finding]:
    """The findings that apply, most telling first; at most five, and the good news when
    fewer than three problems show."""
    found = [f for rule in RULES if (f := rule(d))]
    found.sort(key=lambda f: -f["weight"])
    problems = [f for f in found if f["severity"] == "warning"]
    good = [f for f in found if f["severity"] != "warning"]
    chosen = problems[:AT_MOST]
    chosen += good[: max(0, AT_LEAST - len(chosen))]
    return [{k: v for k, v in f.items() if k != "weight"} for f in chosen]


def _finding(code: str, severity: str, weight: float, text: str, action: str) -> Finding:
    return {"code": code, "severity": severity, "weight": weight, "text": text, "action": action}


def _virtual(d: dict[str, Any]) -> Finding | None:
    real = d["real_vs_virtual"]
    if not real["persons"]:
        return None
    share = real["virtual_share"]
    text = _(
        "%(share)s of your %(persons)s contacts have never exchanged with you both ways; "
        "%(recognise)s would recognise you today."
    ) % {
        "share": percent(share),
        "persons": number(real["persons"]),
        "recognise": percent(real["recognise_me_share"]),
    }
    if share < 0.5:
        return _finding(
            "real_network",
            "good",
            0.2,
            text,
            _("Keep it real: a call or a meeting after each first exchange."),
        )
    return _finding(
        "virtual_network",
        "warning",
        share,
        text,
        _(
            "Choose ten connections who matter for your project and write to each one "
            "personally, then call those who answer."
        ),
    )


def _inner_circle(d: dict[str, Any]) -> Finding | None:
    ties = d["ties"]
    strong = ties["strong"]
    text = ngettext(
        "You have %(strong)d strong tie and %(moderate)d moderate ones.",
        "You have %(strong)d strong ties and %(moderate)d moderate ones.",
        strong,
    ) % {"strong": strong, "moderate": ties["moderate"]}
    if strong >= 5:
        return _finding(
            "inner_circle",
            "good",
            0.1,
            text,
            _("Keep seeing them: they are your support, not your prospects."),
        )
    return _finding(
        "thin_inner_circle",
        "warning",
        0.6 - 0.1 * strong,
        text + " " + _("Your inner circle is thin."),
        _("This month, call or meet the three people you trust most in your work."),
    )


def _alter_ego(d: dict[str, Any]) -> Finding | None:
    alter = d["diversity"]["alter_ego"]
    index = alter.get("index")
    if index is None or index < 0.4 or not alter["base"]:
        return None
    names = [o["name"] for o in alter["by_organization"][:2]]
    if names and alter["past_employers"] + alter["schools"] >= alter["same_function"]:
        text = _("%(share)s of your ties come from %(places)s, your schools or your own trade.") % {
            "share": percent(index),
            "places": _(" and ").join(names),
        }
    else:
        text = _("%(share)s of your ties come from your past employers, schools or trade.") % {
            "share": percent(index)
        }
    return _finding(
        "alter_ego",
        "warning",
        index,
        text,
        _(
            "For a referral, a mission or a job, look beyond them: meet five people from "
            "other organizations and trades this month, through the weak ties who know them."
        ),
    )


def _inner_trade(d: dict[str, Any]) -> Finding | None:
    inner = d["diversity"].get("inner_circle") or {}
    known, same = inner.get("known", 0), inner.get("same_function", 0)
    if known < 5 or same / known < 0.6:
        return None
    return _finding(
        "inner_trade",
        "warning",
        0.4 + 0.3 * same / known,
        _("%(same)d of the %(known)d people closest to you work in your own trade.")
        % {"same": same, "known": known},
        _(
            "Your closest ties all see the world as you do: add one or two people from "
            "another trade or sector you will talk to every month."
        ),
    )


def _regularity(d: dict[str, Any]) -> Finding | None:
    reg = d["regularity"]
    weeks = len(reg["weeks"])
    if not weeks:
        return None
    active, bursty = reg["active_weeks"], reg.get("burstiness")
    text = _("You reached out in %(active)d of the last %(weeks)d weeks.") % {
        "active": active,
        "weeks": weeks,
    }
    if bursty is not None and bursty > 0.3:
        text += " " + _("Your outreach comes in bursts, then stops for weeks.")
    if reg["active_share"] >= 0.75 and (bursty is None or bursty <= 0.3):
        return _finding(
            "regular", "good", 0.15, text, _("Keep the weekly habit; it is what works.")
        )
    return _finding(
        "intermittent",
        "warning",
        1 - reg["active_share"],
        text,
        _(
            "Block thirty minutes every week, even when business is good: two messages and "
            "one call to someone you have not spoken with lately."
        ),
    )


def _outreach(d: dict[str, Any]) -> Finding | None:
    out = d["outreach"]
    rate = out.get("reply_rate")
    if rate is None or out["first_messages"] < 5:
        return None
    text = _(
        "%(rate)s of your first messages got a reply (about %(reference)s is usual for cold "
        "emails); %(followed)s of the unanswered ones got a follow-up."
    ) % {
        "rate": percent(rate),
        "reference": percent(out["reference_rate"]),
        "followed": percent(out.get("followed_up_share") or 0.0),
    }
    if rate >= out["reference_rate"] and (out.get("followed_up_share") or 0) >= 0.5:
        return _finding(
            "outreach_works",
            "good",
            0.15,
            text,
            _("Turn replies into calls: a conversation is what makes a relationship."),
        )
    return _finding(
        "outreach",
        "warning",
        0.5 + max(0.0, out["reference_rate"] - rate),
        text,
        _(
            "Follow up every unanswered message once, three working days later, and by "
            "phone when you can: an email alone is not a relationship."
        ),
    )


def _dormant(d: dict[str, Any]) -> Finding | None:
    dormant = d["ties"]["dormant"]
    if dormant < 5:
        return None
    return _finding(
        "dormant",
        "warning",
        0.45,
        _("%(n)s people you once knew well have not heard from you for more than a year.")
        % {"n": number(dormant)},
        _(
            "Reconnect with three of them this month: dormant ties bring news you would not "
            "hear elsewhere, and they remember you."
        ),
    )


def _bridges(d: dict[str, Any]) -> Finding | None:
    bridges = d["structure"].get("bridges") or []
    if not bridges:
        return None
    names = [b["name"] for b in bridges[:3] if b.get("name")]
    if not names:
        return None
    return _finding(
        "bridges",
        "info",
        0.3,
        _("%(names)s know people in groups you barely reach.") % {"names": ", ".join(names)},
        _("Ask them for an introduction to a precise, named person."),
    )


def _recommendations(d: dict[str, Any]) -> Finding | None:
    received = d["recommendations"]["received"]
    if received >= 3:
        return None
    return _finding(
        "recommendations",
        "warning",
        0.35,
        ngettext(
            "You have %(n)d recommendation on LinkedIn.",
            "You have %(n)d recommendations on LinkedIn.",
            received,
        )
        % {"n": received},
        _("Ask two clients or colleagues you worked with recently for a recommendation."),
    )


RULES: tuple[Callable[[dict[str, Any]], Finding | None], ...] = (
    _virtual,
    _inner_circle,
    _alter_ego,
    _inner_trade,
    _regularity,
    _outreach,
    _dormant,
    _bridges,
    _recommendations,
)
