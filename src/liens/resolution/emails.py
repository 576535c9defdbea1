"""E-mail addresses against names: jp.martin@, jpmartin@, martin.jeanpierre@ and jmartin@ all
fit Jean-Pierre Martin, so a bare address can join the person it belongs to (no Django)."""

from __future__ import annotations

import re
from enum import Enum

from liens.core.text import fold
from liens.resolution.names import Name, given_forms

__all__ = [
    "EmailLevel",
    "compare_locals",
    "fit",
    "letters",
    "local_fit",
    "local_part",
    "local_tokens",
    "spellings",
]

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
    return "" if local in ROLE_LOCALS or len(letters(local)) < 3 else local


def letters(text: str) -> str:
    """The a-z letters of a folded text: how a local part spells a name ("jp.martin75" →
    "jpmartin")."""
    return _LETTERS.sub("", text)


def local_tokens(local: str) -> tuple[str, ...]:
    return tuple(t for t in _SPLIT.split(local) if t)


def without_particles(local: str) -> str:
    """The letters of a local part with a particle glued to a word dropped: names are
    compared without their particles, "francois.delavoand" is spelled "francoislavoand"."""
    return "".join(_strip_particle(t) for t in local_tokens(local) if t.isalpha())


def _strip_particle(token: str) -> str:
    return _GLUED_PARTICLE.sub("", token, count=1)


# the longest particle first: "delafontaine" is "fontaine", not "lafontaine"
_GLUED_PARTICLE = re.compile(r"^(?:dela|del|des|de|du|le|la|van|von|d)(?=[a-z0-9]{4})")


def spellings(name: Name) -> dict[str, EmailLevel]:
    """Every local part (letters only) that spells this name, with how well: computed once
    per identity, so comparing an address with a name is one dictionary lookup."""
    if name.empty:
        return {}
    family = letters("".join(name.family))
    found: dict[str, EmailLevel] = {}
    if name.given:
        for initials in {name.given[0][0], "".join(t[0] for t in name.given)}:
            found[initials + family] = found[family + initials] = EmailLevel.INITIAL
        for given in given_forms(name.given) | {name.given[0]}:
            given = letters(given)
            found[given + family] = found[family + given] = EmailLevel.NAME
    return found


def local_fit(local: str, name: Name) -> EmailLevel:
    """How a local part fits a name; NO_FIT when it does not, MISSING without a full name."""
    if not local or name.empty:
        return EmailLevel.MISSING
    return fit(local, spellings(name), "".join(name.family))


def fit(local: str, spelled: dict[str, EmailLevel], family: str) -> EmailLevel:
    level = spelled.get(letters(local)) or spelled.get(without_particles(local))
    if level is not None:
        return level
    if len(family) >= 4 and family in local_tokens(local):
        return EmailLevel.FAMILY
    return EmailLevel.NO_FIT


def compare_locals(
    locals_a: frozenset[str],
    spelled_a: dict[str, EmailLevel],
    locals_b: frozenset[str],
    spelled_b: dict[str, EmailLevel],
    families: tuple[str, str] = ("", ""),
) -> EmailLevel:
    """What the addresses add to the names (`spelled_*`: `spellings` of each side's name).

    An address that spells its holder's own name repeats the name comparison: it counts
    only when its holder has no name (a bare address against a named record), or when both
    records share a local part that is not a spelling of either name (jpm1975@ at two
    providers)."""
    for local in locals_a & locals_b:
        spelled = letters(local)
        if len(spelled) >= 5 and spelled not in spelled_a and spelled not in spelled_b:
            return EmailLevel.SAME_LOCAL
    best = EmailLevel.MISSING
    sides = (
        (locals_a, spelled_a, spelled_b, families[1]),
        (locals_b, spelled_b, spelled_a, families[0]),
    )
    for locals_, own, other, family in sides:
        if own or not other:
            continue  # named holder: its name speaks already; nameless other: nothing to fit
        for local in locals_:
            level = fit(local, other, family)
            if _RANK[level] < _RANK[best]:
                best = level
    return best


_RANK = {level: rank for rank, level in enumerate(EmailLevel)}  # MISSING last: any fit beats none
