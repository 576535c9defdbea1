"""E-mail addresses against names: jp.martin@, jpmartin@, martin.jeanpierre@ and jmartin@ all
fit Jean-Pierre Martin, so a bare address can join the person it belongs to (no Django)."""

from __future__ import annotations

import re
from enum import Enum

from liens.core.text import fold
from liens.resolution.names import Name, given_forms

__all__ = ["EmailLevel", "compare_locals", "local_fit", "local_part", "local_tokens"]

# Shared boxes: their local part names a role, not a person.
ROLE_LOCALS = frozenset(
    {
        "contact", "info", "infos", "hello", "bonjour", "admin", "office", "team", "equipe",
        "support", "sales", "ventes", "rh", "hr", "jobs", "recrutement", "noreply",
        "no-reply", "newsletter", "compta", "accueil", "direction", "secretariat", "mail",
    }
)  # fmt: skip
_SPLIT = re.compile(r"[._\-+0-9]+")
_LETTERS = re.compile(r"[^a-z]+")


class EmailLevel(Enum):
    """How one side's address fits the other side, best first."""

    SAME_LOCAL = "same_local"  # the same personal local part at two providers
    NAME = "name"  # given name (or its short form) and family name: jp.martin, martinjeanpierre
    INITIAL = "initial"  # initials and family name: jmartin, martin.j
    FAMILY = "family"  # the family name alone: martin75
    NO_FIT = "no_fit"  # a personal address that fits neither the name nor the other address
    MISSING = "missing"


def local_part(address: str) -> str:
    """The folded local part without its +tag; "" for a role box (contact@, rh@)."""
    local = fold(address.rpartition("@")[0]).split("+", 1)[0]
    return "" if local in ROLE_LOCALS or len(_LETTERS.sub("", local)) < 3 else local


def local_tokens(local: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(local) if t)


def local_fit(local: str, name: Name) -> EmailLevel:
    """How a local part fits a name; NO_FIT when it does not, MISSING without a full name."""
    if not local or name.empty:
        return EmailLevel.MISSING
    compact = _LETTERS.sub("", local)
    family = "".join(name.family)
    if name.given:
        for given in given_forms(name.given) | {name.given[0]}:
            given = _LETTERS.sub("", given)
            if compact in (given + family, family + given):
                return EmailLevel.NAME
        for initials in {name.given[0][0], "".join(t[0] for t in name.given)}:
            if compact in (initials + family, family + initials):
                return EmailLevel.INITIAL
    if len(family) >= 4 and (family in local_tokens(local) or compact == family):
        return EmailLevel.FAMILY
    return EmailLevel.NO_FIT


def compare_locals(
    locals_a: frozenset[str], name_a: Name, locals_b: frozenset[str], name_b: Name
) -> EmailLevel:
    """The best fit of either side's addresses with the other side: the same local part,
    or one side's address against the other's name."""
    if locals_a & {local for local in locals_b if len(_LETTERS.sub("", local)) >= 5}:
        return EmailLevel.SAME_LOCAL
    best = EmailLevel.MISSING
    for locals_, name in ((locals_a, name_b), (locals_b, name_a)):
        for local in locals_:
            level = local_fit(local, name)
            if _RANK[level] < _RANK[best]:
                best = level
    if best is EmailLevel.MISSING and locals_a and locals_b:
        return EmailLevel.NO_FIT
    return best


_RANK = {level: rank for rank, level in enumerate(EmailLevel)}  # MISSING last: any fit beats none
