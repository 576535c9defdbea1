"""Personal names: how far two identities' names allow them to be one person (no Django).

The same person is "Jean-Pierre MARTIN" on LinkedIn, "JP Martin" in a mailbox, "Jean Pierre
Martin" on a phone and "MARTIN Jean-Pierre" in a French spreadsheet. Names are cut into given
and family tokens, folded (accents, case), with compound given names split and particles (de,
van...) set apart; then a pair of names gets one comparison level, from `exact` down to
`different`, which the resolution model weighs (docs/identity-resolution.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from rapidfuzz.distance import OSA

from liens.core.text import fold

__all__ = [
    "Name",
    "NameLevel",
    "compare_names",
    "given_forms",
    "one_letter_off",
    "parse_name",
    "short_form",
]

# Particles of family names, optional in comparisons: "Charles de Gaulle" is "Gaulle" too.
PARTICLES = frozenset(
    {"de", "du", "des", "d", "la", "le", "van", "von", "der", "den", "ter", "ten", "di", "da"}
)
# Common French and English short forms, by the given name they stand for (folded). A pair
# agrees when both sides map to the same full name; only unambiguous forms are listed.
DIMINUTIVES = {
    "alexandre": ("alex",),
    "andrew": ("andy", "drew"),
    "alexander": ("alex", "sandy"),
    "alexandra": ("alex", "sandra"),
    "catherine": ("cathy", "cath", "kate", "katie"),
    "christophe": ("chris",),
    "christopher": ("chris", "kit"),
    "christine": ("chris", "christie"),
    "dominique": ("dom",),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza"),
    "elisabeth": ("elise", "babette", "babeth", "lisa"),
    "frederic": ("fred",),
    "frederick": ("fred", "freddie"),
    "guillaume": ("guigui",),
    "jean-pierre": ("jp",),
    "jean-francois": ("jf",),
    "jean-christophe": ("jc",),
    "jean-baptiste": ("jb",),
    "jean-marc": ("jm",),
    "jennifer": ("jenny", "jen"),
    "katherine": ("kate", "kathy", "katie"),
    "margaret": ("maggie", "meg", "peggy"),
    "marie-christine": ("mc",),
    "maximilien": ("max",),
    "maxime": ("max",),
    "michael": ("mike", "mick"),
    "nicolas": ("nico",),
    "nicholas": ("nick", "nicky"),
    "patricia": ("pat", "patty", "trish"),
    "patrick": ("pat",),
    "philippe": ("phil",),
    "philip": ("phil",),
    "richard": ("rick", "dick", "rich"),
    "robert": ("bob", "bobby", "rob", "robbie"),
    "sebastien": ("seb",),
    "stephanie": ("steph",),
    "thomas": ("tom", "tommy"),
    "valentin": ("val",),
    "william": ("bill", "will", "billy", "liam"),
}
_SHORT_TO_FULL: dict[str, set[str]] = {}
for _full, _shorts in DIMINUTIVES.items():
    for _short in _shorts:
        _SHORT_TO_FULL.setdefault(_short, set()).add(_full)

_SEPARATORS = re.compile(r"[\s,]+")


class NameLevel(Enum):
    """How two names compare, strongest agreement first."""

    EXACT = "exact"  # same given and family names
    SWAPPED = "swapped"  # the same tokens, given and family names the other way round
    NICKNAME = "nickname"  # same family name, a given name and its short form
    INITIALS = "initials"  # same family name, given names only as initials on one side
    PARTIAL = "partial"  # same family name, one compound given name shortened ("Jean")
    TYPO = "typo"  # one letter off in the family or the given name, the rest agreeing
    GIVEN_ONLY = "given_only"  # one side is a given name alone ("Chloé" in a phone), agreeing
    FAMILY_ONLY = "family_only"  # same family name, different given names
    DIFFERENT = "different"
    MISSING = "missing"  # one side has no usable name


@dataclass(frozen=True)
class Name:
    """Folded tokens: `given` in order, compound names split ("jean", "pierre"); `family`
    without its particles. What comparisons ask of a name is worked out once, here: a name
    is compared with dozens of others."""

    given: tuple[str, ...]
    family: tuple[str, ...]
    initials: bool = field(init=False, compare=False)  # every given token is one letter
    empty: bool = field(init=False, compare=False)  # no family name: nothing to tell by
    words: frozenset[str] = field(init=False, compare=False)  # compound words split
    family_text: str = field(init=False, compare=False)
    given_text: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "initials", bool(self.given) and all(len(t) == 1 for t in self.given))
        setattr_(self, "empty", not self.family)
        setattr_(
            self,
            "words",
            frozenset(w for t in (*self.given, *self.family) for w in t.split("-") if w),
        )
        setattr_(self, "family_text", " ".join(self.family))
        setattr_(self, "given_text", " ".join(self.given))


@lru_cache(maxsize=1 << 17)  # names repeat across sources: one object each, worked out once
def _name(given: tuple[str, ...], family: tuple[str, ...]) -> Name:
    return Name(given, family)


def parse_name(first: str = "", last: str = "", display: str = "") -> Name:
    """A Name from the parts a source gives. Without separate parts, the display name is cut:
    a token of three letters or more written in capitals ("MARTIN Jean-Pierre") is the family
    name wherever it stands ("JP" is a short given name), otherwise the last token is."""
    if first or last:
        return _name(_given_tokens(first), _family_tokens(last))
    words = [w for w in _SEPARATORS.split(display.strip()) if w]
    if not words:
        return _name((), ())
    capitals = [w for w in words if _is_capitalised_family(w)]
    if capitals and len(capitals) < len(words):
        given = " ".join(w for w in words if w not in capitals)
        return _name(_given_tokens(given), _family_tokens(" ".join(capitals)))
    if len(words) == 1:  # "Jean", "Martin"? Nothing to tell a person by
        return _name(_given_tokens(words[0]), ())
    family_start = len(words) - 1
    while family_start > 1 and fold(words[family_start - 1]) in PARTICLES:
        family_start -= 1  # "Charles de Gaulle": the particle goes with the family name
    return _name(
        _given_tokens(" ".join(words[:family_start])),
        _family_tokens(" ".join(words[family_start:])),
    )


def compare_names(a: Name, b: Name) -> NameLevel:
    """The comparison level of two names (see NameLevel)."""
    if a.empty or b.empty:
        if (a.empty != b.empty) and a.given and b.given and _given_agree(a.given, b.given):
            return NameLevel.GIVEN_ONLY
        return NameLevel.MISSING
    if a.family != b.family:
        if a.given and b.given and a.words == b.words:
            return NameLevel.SWAPPED
        if one_letter_off(a.family_text, b.family_text) and _given_fit(a, b):
            return NameLevel.TYPO
        return NameLevel.DIFFERENT
    if a.given == b.given:
        return NameLevel.EXACT
    if not a.given or not b.given:
        return NameLevel.FAMILY_ONLY
    if a.initials or b.initials:
        if _initials_fit(a.given, b.given) or _initials_fit(b.given, a.given):
            return NameLevel.INITIALS
        return NameLevel.FAMILY_ONLY
    if _nicknames(a.given, b.given):
        return NameLevel.NICKNAME
    if _prefix(a.given, b.given) or _prefix(b.given, a.given):
        return NameLevel.PARTIAL
    if one_letter_off(a.given_text, b.given_text):
        return NameLevel.TYPO
    return NameLevel.FAMILY_ONLY


def _given_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a == b or _nicknames(a, b) or _prefix(a, b) or _prefix(b, a)


def one_letter_off(a: str, b: str) -> bool:
    """A typing slip: one letter dropped, doubled or changed, or two swapped, in a word long
    enough that the slip does not make another common name ("Dubios" for "Dubois")."""
    if min(len(a), len(b)) < 5:
        return False
    # optimal string alignment: edits and adjacent swaps, as SQL's damerau_levenshtein
    return OSA.distance(a, b, score_cutoff=1) <= 1


def _given_fit(a: Name, b: Name) -> bool:
    """Given names that would let the family names be a typo apart: equal, or one side's
    a short form, initials or the start of the other's."""
    if not a.given or not b.given or a.given == b.given:
        return True
    if a.initials or b.initials:
        return _initials_fit(a.given, b.given) or _initials_fit(b.given, a.given)
    return _nicknames(a.given, b.given) or _prefix(a.given, b.given) or _prefix(b.given, a.given)


@lru_cache(maxsize=1 << 16)  # given names come from a short list: most calls are repeats
def _given_tokens(text: str) -> tuple[str, ...]:
    """ "Jean-Pierre" and "Jean Pierre" → ("jean", "pierre"); "J.-P." → ("j", "p"). A
    particle is never a given name: in "Charles DE GAULLE" it belongs to the family name."""
    tokens = _GIVEN_SEPARATORS.split(fold(text))
    return tuple(token for token in tokens if token and token not in PARTICLES)


@lru_cache(maxsize=1 << 16)
def _family_tokens(text: str) -> tuple[str, ...]:
    tokens = _FAMILY_SEPARATORS.split(fold(text))
    return tuple(token for token in tokens if token and token not in PARTICLES)


_GIVEN_SEPARATORS = re.compile(r"[\s.\-'’]+")
_FAMILY_SEPARATORS = re.compile(r"[\s.'’]+")


def _is_capitalised_family(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 2 and all(ch.isupper() for ch in letters)


def full_forms(given: tuple[str, ...]) -> set[str]:
    """The full given names a token sequence can stand for: itself joined by hyphens, and
    what its short form abbreviates ("jp" → "jean-pierre")."""
    joined = "-".join(given)
    return {joined} | _SHORT_TO_FULL.get(joined, set()) | _SHORT_TO_FULL.get("".join(given), set())


def given_forms(given: tuple[str, ...]) -> set[str]:
    """Every way a given name is written: its full forms and their short forms ("William":
    william, bill, will...; "JP": jp, jean-pierre)."""
    forms = full_forms(given)
    for full in list(forms):
        forms.update(DIMINUTIVES.get(full, ()))
    return forms


def _nicknames(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return bool(full_forms(a) & full_forms(b)) or short_form(a, b) or short_form(b, a)


# A short form is a given name of SHORT_LETTERS letters that begins the other one: Isa for
# Isabelle, Fred for Frédéric, Jon for Jonathan. A list cannot hold every such form, the
# rule can. What a gendered ending adds is another name, not a longer form of the same one
# (Louis and Louise, Jean and Jeanne, Gaël and Gaëlle, Paul and Pauline, Éric and Érica).
SHORT_LETTERS = (3, 5)
# Endings of the long name after the short one that make the other gender's name; the
# doubled last letter of the short one may come first (Jean-ne, Gaël-le, Jean-nette).
GENDER_ENDINGS = frozenset({"e", "a", "n", "ette", "ine", "ienne"})
# Compound given names written by their initials without dots: "JL" for Jean-Luc, "PY"
# for Pierre-Yves (J.-L. is the initials level already).
COMPOUND_INITIALS = (2, 3)


def short_form(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is `short` a short form of `long`: its first letters (Isa, Isabelle) or the initials
    of its compound name (JL, Jean-Luc)? Not both directions: callers ask both."""
    if len(short) != 1:
        return False
    word = short[0]
    if len(long) == 1:
        rest = long[0][len(word) :]
        return (
            SHORT_LETTERS[0] <= len(word) <= SHORT_LETTERS[1]
            and bool(rest)
            and long[0].startswith(word)
            and not _gendered(word, rest)
        )
    return (
        COMPOUND_INITIALS[0] <= len(word) <= COMPOUND_INITIALS[1]
        and len(long) == len(word)
        and all(letter == name[0] for letter, name in zip(word, long, strict=True))
    )


def _gendered(word: str, rest: str) -> bool:
    return rest in GENDER_ENDINGS or (rest[0] == word[-1] and rest[1:] in GENDER_ENDINGS)


def _initials_fit(initials: tuple[str, ...], given: tuple[str, ...]) -> bool:
    """("j", "p") fits ("jean", "pierre"), and ("j",) fits ("jean", "pierre") too."""
    if not all(len(token) == 1 for token in initials) or len(initials) > len(given):
        return False
    return all(token == name[0] for token, name in zip(initials, given, strict=False))


def _prefix(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    return len(short) < len(long) and long[: len(short)] == short
