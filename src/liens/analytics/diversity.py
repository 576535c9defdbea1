"""Diversity and homophily of my contacts, for the network diagnosis (no Django).

Seed 002: digital networks drift into *alter-ego* networks (former colleagues,
schoolmates, people of the same trade, pushed by the platforms' suggestions), while new
information and engaging asks travel through ties to *other* worlds (Granovetter 1973).
These measures say how far my network is one or the other:

- Blau's heterogeneity index (Blau 1977), `1 − Σ p_k²`: the probability that two contacts
  drawn at random belong to different categories; at most `1 − 1/K`.
- The index of qualitative variation (Agresti & Agresti 1978), Blau divided by that
  maximum, so networks with different numbers of categories compare, in [0, 1].
- Shannon entropy `H = −Σ p_k ln p_k` (nats) and evenness `H / ln K`.
- Krackhardt & Stern's E-I index (1988), `(E − I) / (E + I)`: −1 when all my contacts
  share my group, +1 when none does.

Formulas and reference values: research/science.md §3.2–3.3 (checked on networkx's karate
club in the tests).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "alter_ego",
    "blau",
    "distribution",
    "ei_by_function",
    "ei_index",
    "entropy",
    "evenness",
    "iqv",
]

Counts = Mapping[str, int] | Sequence[int]


def _positive(counts: Counts) -> list[int]:
    """The non-zero counts; a negative count is a caller's bug, not a category."""
    values = list(counts.values()) if isinstance(counts, Mapping) else list(counts)
    if any(value < 0 for value in values):
        raise ValueError("counts must not be negative")
    return [value for value in values if value > 0]


def blau(counts: Counts) -> float:
    """Blau's index `1 − Σ p²`: 0 for one category (or none), near 1 for many even ones."""
    values = _positive(counts)
    total = sum(values)
    if not total:
        return 0.0
    return 1.0 - sum((value / total) ** 2 for value in values)


def iqv(counts: Counts) -> float:
    """Blau over its maximum `1 − 1/K` (K categories present); 0 when K ≤ 1."""
    k = len(_positive(counts))
    if k <= 1:
        return 0.0
    return blau(counts) / (1.0 - 1.0 / k)


def entropy(counts: Counts) -> float:
    """Shannon entropy in nats (natural log): 0 for one category, ln K at most."""
    values = _positive(counts)
    total = sum(values)
    if not total:
        return 0.0
    return -sum((value / total) * math.log(value / total) for value in values)


def evenness(counts: Counts) -> float:
    """Entropy over its maximum `ln K`; 0 when K ≤ 1 (nothing to be even about)."""
    k = len(_positive(counts))
    if k <= 1:
        return 0.0
    return entropy(counts) / math.log(k)


def ei_index(external: int, internal: int) -> float | None:
    """Krackhardt & Stern's `(E − I) / (E + I)`; None when there is nobody to compare."""
    if external < 0 or internal < 0:
        raise ValueError("counts must not be negative")
    if external + internal == 0:
        return None
    return (external - internal) / (external + internal)


def distribution(values: Iterable[str | None], *, top: int = 8) -> dict:
    """How a categorical attribute (function, seniority, sector...) spreads over contacts.

    Unknown values (None, empty) are counted apart and left out of the shares and of the
    indices: a contact without a title is not one more category. The `top` categories are
    listed by count (then name); the rest are grouped in one `{"other": True}` entry.
    Floats are rounded to 4 decimals for the report.
    """
    counter: Counter[str] = Counter()
    unknown = 0
    for value in values:
        if value is None or not str(value).strip():
            unknown += 1
        else:
            counter[value] += 1
    known = sum(counter.values())
    ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
    head, rest = ranked[: max(top, 0)], ranked[max(top, 0) :]

    def share(count: int) -> float:
        return round(count / known, 4) if known else 0.0

    listed: list[dict] = [
        {"name": name, "count": count, "share": share(count)} for name, count in head
    ]
    if rest:
        other = sum(count for _, count in rest)
        listed.append({"name": "", "other": True, "count": other, "share": share(other)})
    return {
        "known": known,
        "unknown": unknown,
        "categories": len(counter),
        "blau": round(blau(counter), 4),
        "iqv": round(iqv(counter), 4),
        "entropy": round(entropy(counter), 4),
        "evenness": round(evenness(counter), 4),
        "top": listed,
    }


def alter_ego(
    persons: Sequence[tuple[str | None, str | None]],
    *,
    my_organizations: set[str],
    my_schools: set[str],
    my_function: str | None,
) -> dict:
    """How much of my network is made of alter egos (seed 002).

    Digital networks become alter-ego networks: former colleagues, schoolmates and people
    of my own trade, the contacts the platforms suggest first. They are strong ties for
    information and advice but the wrong people for engaging asks, which need weak ties to
    other worlds. `persons` are (organization key, function family) per contact, the keys
    folded the same way as `my_organizations` (my past and current employers) and
    `my_schools`. A contact counts once in `alter_ego` even when several reasons hold.
    `index` is the alter-ego share of the base (None for an empty base); `by_organization`
    lists my five employers or schools that bring the most contacts.
    """
    mine = my_organizations | my_schools
    employers = schools = same = either = 0
    by_organization: Counter[str] = Counter()
    for organization, function in persons:
        at_employer = bool(organization) and organization in my_organizations
        at_school = bool(organization) and organization in my_schools
        same_trade = my_function is not None and function == my_function
        employers += at_employer
        schools += at_school
        same += same_trade
        either += at_employer or at_school or same_trade
        if organization and organization in mine:
            by_organization[organization] += 1
    base = len(persons)
    ranked = sorted(by_organization.items(), key=lambda item: (-item[1], item[0]))[:5]
    return {
        "base": base,
        "past_employers": employers,
        "schools": schools,
        "same_function": same,
        "alter_ego": either,
        "index": round(either / base, 4) if base else None,
        "by_organization": [{"name": name, "count": count} for name, count in ranked],
    }


def ei_by_function(
    persons_functions: Sequence[str | None], my_function: str | None
) -> float | None:
    """My ego E-I index on function: E = contacts of another known trade, I = of mine.

    −1: everyone I know does what I do; +1: nobody does. Unknown functions are left out;
    None when my own function, or everybody else's, is unknown.
    """
    if my_function is None:
        return None
    internal = sum(1 for function in persons_functions if function == my_function)
    external = sum(1 for function in persons_functions if function and function != my_function)
    return ei_index(external, internal)
