"""The comparisons a pair of identities goes through, each with its levels (no Django).

Every level of every comparison gets its own match weight from the model; MISSING weighs
nothing. `detail` gives the values behind a level, for the sentence the user reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from liens.resolution.emails import EmailLevel, compare_locals
from liens.resolution.features import Features
from liens.resolution.names import NameLevel, compare_names, given_forms
from liens.resolution.orgs import OrgLevel, compare_orgs

__all__ = [
    "COMPARISONS",
    "MISSING",
    "Comparison",
    "PairEngine",
    "Pattern",
    "compare",
    "name_level",
]

MISSING = "missing"
Pattern = tuple[str, ...]  # a pair's level of each comparison, in COMPARISONS order
# blocks and compares: (index pairs, their patterns), as resolve's own Python path does
PairEngine = Callable[[Sequence[Features]], tuple[list[tuple[int, int]], list[Pattern]]]


@dataclass(frozen=True)
class Comparison:
    name: str
    levels: tuple[str, ...]  # strongest agreement first, MISSING last
    level: Callable[[Features, Features], str]
    detail: Callable[[Features, Features], tuple[str, ...]]
    hard: frozenset[str] = frozenset()  # levels that forbid a merge whatever else agrees


_VALUE = {level: level.value for enum in (NameLevel, EmailLevel, OrgLevel) for level in enum}


def name_level(a: Features, b: Features) -> str:
    """The name comparison's level, the vCard nickname included."""
    level = compare_names(a.name, b.name)
    # a vCard NICKNAME ("JP") is a given name the other side may use
    if (
        level in (NameLevel.FAMILY_ONLY, NameLevel.DIFFERENT)
        and a.name.family == b.name.family
        and (
            (a.nickname and a.nickname in given_forms(b.name.given))
            or (b.nickname and b.nickname in given_forms(a.name.given))
        )
    ):
        return NameLevel.NICKNAME.value
    return _VALUE[level]


def _email(a: Features, b: Features) -> str:
    return _VALUE[
        compare_locals(a.locals, a.spellings, b.locals, b.spellings, (a.family, b.family))
    ]


def _org(a: Features, b: Features) -> str:
    return _VALUE[compare_orgs(a.org, a.labels, b.org, b.labels)]


def _phone(a: Features, b: Features) -> str:
    if not a.phones or not b.phones:
        return MISSING
    if a.phones & b.phones:
        return "same"
    if {p[-9:] for p in a.phones} & {p[-9:] for p in b.phones}:
        return "close"  # the same national number under two country codes
    return "different"


def _profile(a: Features, b: Features) -> str:
    """One LinkedIn account per person: two different vanity names (or two different member
    ids) are two people. A vanity name and a member id cannot be compared."""
    for x, y in ((a.slug, b.slug), (a.numeric_slug, b.numeric_slug)):
        if x and y:
            return "same" if x == y else "different"
    return MISSING


def _birthday(a: Features, b: Features) -> str:
    if a.birthday is None or b.birthday is None:
        return MISSING
    if a.birthday[:2] != b.birthday[:2]:
        return "different"
    year_a, year_b = a.birthday[2], b.birthday[2]
    if year_a is None or year_b is None:
        return "same_day"
    return "same" if year_a == year_b else "different"


def _address(a: Features, b: Features) -> str:
    if not (a.streets or a.places) or not (b.streets or b.places):
        return MISSING
    if a.streets & b.streets:
        return "same_street"
    if a.places & b.places:
        return "same_place"
    return "different"


def _title(a: Features, b: Features) -> str:
    if not a.title or not b.title:
        return MISSING
    if a.title == b.title:
        return "same"
    words_a, words_b = set(a.title.split()), set(b.title.split())
    similar = len(words_a & words_b) * 2 >= min(len(words_a), len(words_b))
    return "similar" if similar else "different"


def _names_shown(a: Features, b: Features) -> tuple[str, ...]:
    return (_shown(a), _shown(b))


def _shown(f: Features) -> str:
    c = f.candidate
    return c.display_name or " ".join(p for p in (c.first_name, c.last_name) if p)


def _emails_shown(a: Features, b: Features) -> tuple[str, ...]:
    return (*a.candidate.emails[:1], *b.candidate.emails[:1])


def _orgs_shown(a: Features, b: Features) -> tuple[str, ...]:
    shown = [f.candidate.organization for f in (a, b) if f.candidate.organization]
    return tuple(shown) or _emails_shown(a, b)


def _field(getter: Callable[[Features], object]) -> Callable[[Features, Features], tuple[str, ...]]:
    def detail(a: Features, b: Features) -> tuple[str, ...]:
        return tuple(str(v) for v in (getter(a), getter(b)) if v)

    return detail


def _title_of(f: Features) -> str:
    return f.candidate.title


_NAME_LEVELS = tuple(level.value for level in NameLevel)
_EMAIL_LEVELS = tuple(level.value for level in EmailLevel)
_ORG_LEVELS = tuple(level.value for level in OrgLevel)

COMPARISONS: tuple[Comparison, ...] = (
    Comparison("name", _NAME_LEVELS, name_level, _names_shown),
    Comparison("email", _EMAIL_LEVELS, _email, _emails_shown),
    Comparison("organization", _ORG_LEVELS, _org, _orgs_shown),
    Comparison(
        "phone",
        ("same", "close", "different", MISSING),
        _phone,
        _field(lambda f: ", ".join(sorted(f.phones))),
    ),
    Comparison(
        "profile",
        ("same", "different", MISSING),
        _profile,
        _field(lambda f: f.candidate.profile_url),
        hard=frozenset({"different"}),
    ),
    Comparison(
        "birthday",
        ("same", "same_day", "different", MISSING),
        _birthday,
        _field(lambda f: f.candidate.birthday),
        hard=frozenset({"different"}),
    ),
    Comparison(
        "address",
        ("same_street", "same_place", "different", MISSING),
        _address,
        _field(lambda f: ", ".join(sorted(f.streets or f.places))),
    ),
    Comparison("title", ("same", "similar", "different", MISSING), _title, _field(_title_of)),
)


def compare(a: Features, b: Features) -> tuple[str, ...]:
    """The level of every comparison, in COMPARISONS order: the pair's pattern."""
    return tuple(c.level(a, b) for c in COMPARISONS)
