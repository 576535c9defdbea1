"""How the diagnosis writes its figures and categories, in the reader's language: shared by
the HTML report, the terminal and the findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FUNCTION_LABELS = {
    "hr": gettext_lazy("human resources"),
    "sales": gettext_lazy("sales"),
    "marketing": gettext_lazy("marketing"),
    "communication": gettext_lazy("communication"),
    "engineering": gettext_lazy("engineering"),
    "data": gettext_lazy("data"),
    "it": gettext_lazy("IT"),
    "product": gettext_lazy("product"),
    "design": gettext_lazy("design"),
    "finance": gettext_lazy("finance"),
    "legal": gettext_lazy("legal"),
    "operations": gettext_lazy("operations"),
    "consulting": gettext_lazy("consulting"),
    "management": gettext_lazy("general management"),
    "founder": gettext_lazy("founders"),
    "independent": gettext_lazy("independents"),
    "education_research": gettext_lazy("education and research"),
    "health": gettext_lazy("health"),
    "public": gettext_lazy("public sector"),
    "student": gettext_lazy("students"),
}
SENIORITY_LABELS = {
    "student": gettext_lazy("students"),
    "junior": gettext_lazy("junior"),
    "senior": gettext_lazy("senior"),
    "manager": gettext_lazy("managers"),
    "director": gettext_lazy("directors"),
    "executive": gettext_lazy("executives"),
}
# Dunbar's layers, named for a working life rather than a village.
LAYER_NAMES = {
    5: gettext_lazy("inner circle"),
    15: gettext_lazy("close circle"),
    50: gettext_lazy("trusted contacts"),
    150: gettext_lazy("active network"),
    500: gettext_lazy("acquaintances"),
    1500: gettext_lazy("known faces"),
}
SEVERITIES = {
    "good": gettext_lazy("Strength"),
    "warning": gettext_lazy("To watch"),
    "info": gettext_lazy("Note"),
}


def number(value: float, decimals: int = 0) -> str:
    """Grouped digits and the language's decimal mark; a true minus sign."""
    text = number_format(round(value, decimals), decimals, force_grouping=True)
    return "−" + text[1:] if text.startswith("-") else text


def percent(share: float) -> str:
    """0.4186 → "42 %" in French (narrow no-break space), "42%" in English."""
    value = 100 * share
    decimals = 1 if 0 < abs(value) < 1 else 0
    return _("%(value)s%%") % {"value": number(value, decimals)}


def group_label(cluster: Mapping[str, Any]) -> str:
    """A cluster's name: its main organization, else its main function, else its number."""
    label = cluster.get("label") or str(FUNCTION_LABELS.get(cluster.get("function") or "", ""))
    return label or _("group %(number)s") % {"number": cluster.get("id", "")}


def category_label(dimension: str, item: Mapping[str, Any]) -> str:
    if item.get("other"):
        return _("others")
    name = item.get("name") or ""
    labels = {"functions": FUNCTION_LABELS, "seniority": SENIORITY_LABELS}.get(dimension, {})
    return str(labels.get(name, name)) if name else _("not known")
