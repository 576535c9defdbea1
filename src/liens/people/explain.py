"""The evidence of a proposed merge in words a person understands, in French or English:
"same mobile number; name matches with order swapped; email jp.martin@acme.fr fits the name"."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from liens.resolution import Evidence

__all__ = ["evidence_text", "evidence_texts"]

# (comparison, level) → sentence; %(a)s and %(b)s are the values behind it, when shown.
SENTENCES = {
    ("name", "exact"): _("same name"),
    ("name", "swapped"): _("name matches with order swapped"),
    ("name", "nickname"): _("name matches through a short form (%(a)s, %(b)s)"),
    ("name", "initials"): _("name matches with initials (%(a)s, %(b)s)"),
    ("name", "partial"): _("same family name, given name shortened (%(a)s, %(b)s)"),
    ("name", "typo"): _("names one letter apart (%(a)s, %(b)s)"),
    ("name", "given_only"): _("same given name, no family name on one side (%(a)s, %(b)s)"),
    ("name", "family_only"): _("same family name, other given name (%(a)s, %(b)s)"),
    ("name", "different"): _("different names (%(a)s, %(b)s)"),
    ("email", "same_local"): _("the same address name at two providers (%(a)s, %(b)s)"),
    ("email", "name"): _("email %(a)s fits the name"),
    ("email", "initial"): _("email %(a)s fits the initials and family name"),
    ("email", "family"): _("email %(a)s holds the family name"),
    ("email", "no_fit"): _("the email address does not fit the name"),
    ("organization", "same"): _("same organization (%(a)s)"),
    ("organization", "domain"): _("email domain fits the organization (%(a)s)"),
    ("organization", "similar"): _("similar organizations (%(a)s, %(b)s)"),
    ("organization", "different"): _("different organizations (%(a)s, %(b)s)"),
    ("phone", "same"): _("same phone number"),
    ("phone", "close"): _("same phone number under another country code"),
    ("phone", "different"): _("different phone numbers"),
    ("profile", "same"): _("same LinkedIn profile"),
    ("profile", "different"): _("two different LinkedIn profiles"),
    ("birthday", "same"): _("same birthday"),
    ("birthday", "same_day"): _("same birthday (day and month)"),
    ("birthday", "different"): _("different birthdays"),
    ("address", "same_street"): _("same postal address"),
    ("address", "same_place"): _("same town or postcode"),
    ("address", "different"): _("different addresses"),
    ("title", "same"): _("same job title"),
    ("title", "similar"): _("similar job titles"),
    ("title", "different"): _("different job titles"),
}


def evidence_text(evidence: Evidence) -> str:
    sentence = SENTENCES.get((evidence.comparison, evidence.level))
    if sentence is None:
        return f"{evidence.comparison}: {evidence.level}"
    a, b = (*evidence.detail, "", "")[:2]
    return str(sentence) % {"a": a, "b": b or a}


def evidence_texts(evidence: Iterable[Evidence]) -> list[str]:
    """Sentences of what weighs for a merge first, then what weighs against it."""
    items = list(evidence)
    return [evidence_text(e) for e in items if e.weight > 0] + [
        evidence_text(e) for e in items if e.weight <= 0
    ]
