"""Each identity's comparable values, computed once: a pair is then compared with set and
string operations only, which keeps 100,000 identities within seconds (no Django)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from liens.core.text import fold
from liens.importers.normalize import clean_name
from liens.resolution.emails import (
    EmailLevel,
    letters,
    local_part,
    local_tokens,
    spellings,
    without_particles,
)
from liens.resolution.names import Name, parse_name
from liens.resolution.orgs import LEGAL_FORMS, domain_label, org_key
from liens.resolution.records import Address, Candidate

__all__ = ["Features", "features_of"]

_NUMERIC_SLUG = re.compile(r"^(?:ACo|AE)[A-Za-z0-9_-]{10,}$")  # member URNs, not vanity
_SLUG_SUFFIX = re.compile(r"-[0-9a-f]*[0-9][0-9a-f]*$")  # "-4b2a1b" LinkedIn adds to homonyms
_STREET_WORDS = {
    "bd": "boulevard", "bld": "boulevard", "boul": "boulevard", "av": "avenue",
    "ave": "avenue", "r": "rue", "pl": "place", "imp": "impasse", "ch": "chemin",
    "rte": "route", "st": "street", "rd": "road", "dr": "drive", "ln": "lane",
    "bis": "", "ter": "",
}  # fmt: skip
_WORDS = re.compile(r"[^\w]+")
_fold = lru_cache(maxsize=1 << 16)(fold)  # titles and nicknames repeat
_ASIDE = re.compile(r"\s*(?:\([^)]*\)|\[[^]]*\]|\s[|/–—]\s.*$)")


@dataclass(slots=True)  # not frozen: a frozen __init__ costs 20 object.__setattr__ calls
class Features:
    candidate: Candidate
    name: Name
    family: str  # the family name's letters
    full: str  # given and family words, in order-free form: what "the same name" means
    spellings: dict[str, EmailLevel]  # local parts that would spell the name
    nickname: str
    locals: frozenset[str]  # personal local parts of its addresses
    labels: frozenset[str]  # labels of its work domains
    org: str
    phones: frozenset[str]
    slug: str  # LinkedIn vanity name, folded; "" when absent or numeric
    slug_name: str  # the vanity name without the suffix LinkedIn adds to homonyms
    numeric_slug: str
    birthday: tuple[int, int, int | None] | None  # (month, day, year or None)
    streets: frozenset[str]
    places: frozenset[str]  # postcodes and localities
    title: str

    @property
    def id(self) -> int:
        return self.candidate.id

    @property
    def person(self) -> int:
        return self.candidate.person


def features_of(c: Candidate) -> Features:
    slug = c.profile_url.rstrip("/").rpartition("/")[2] if "/in/" in c.profile_url else ""
    numeric = slug if slug and _NUMERIC_SLUG.match(slug) else ""
    addresses = [a for a in c.addresses if a.street or a.postcode or a.locality]
    emails = c.emails
    labels = (
        frozenset(filter(None, (domain_label(e.rpartition("@")[2]) for e in emails)))
        if emails
        else _NONE
    )
    locals_ = frozenset(filter(None, map(local_part, emails))) if emails else _NONE
    name = _name(c, labels)
    if name.empty and name.given and locals_:
        name = family_from_address(name, locals_)
    family, full, spelled = _name_fields(name)
    return Features(
        candidate=c,
        name=name,
        family=family,
        full=full,
        spellings=spelled,
        nickname=_fold(c.nickname) if c.nickname else "",
        locals=locals_,
        labels=labels,
        org=org_key(c.organization) if c.organization else "",
        phones=frozenset(p for p in c.phones if not _absurd_phone(p)) if c.phones else _NONE,
        slug="" if numeric else slug.lower(),  # an accent makes another account
        slug_name=_SLUG_SUFFIX.sub("", fold(slug)) if slug and not numeric else "",
        numeric_slug=numeric,
        birthday=_birthday(c),
        streets=frozenset(filter(None, map(_street, addresses))) if addresses else _NONE,
        places=frozenset(p for a in addresses for p in _places(a)) if addresses else _NONE,
        title=_fold(c.title) if c.title else "",
    )


_NONE: frozenset[str] = frozenset()


def employers_in_names(features: list[Features]) -> None:
    """A phone card "Éric Wagram RH" holds its employer where the family name goes. Where
    that "family name" is an organization other records name (of two words or more:
    "Dupont" alone may be both), the card becomes a given name alone, at that employer
    when it names none of its own; in place."""
    employers = {f.org for f in features if " " in f.org}
    if not employers:
        return
    for f in features:
        if not f.name.given or len(f.name.family) < 2:
            continue
        employer = org_key(" ".join(f.name.family))
        if employer in employers:  # an ORG of its own may be another job: it stays
            f.name = Name(f.name.given, ())
            if f.locals:
                f.name = family_from_address(f.name, f.locals)
            f.org = f.org or employer
            f.family, f.full, f.spellings = _name_fields(f.name)


def _name_fields(name: Name) -> tuple[str, str, dict[str, EmailLevel]]:
    """What comparisons read of a name: its family name's letters, its words in order, and
    how an address would spell it."""
    return (
        _letters(name.family),
        " ".join(sorted(name.words)) if not name.empty else "",
        spellings(name),
    )


def family_from_address(name: Name, locals_: frozenset[str]) -> Name:
    """A card "Éric (frère)" with eric.laurent@outlook.fr is Éric Laurent: an address of
    the given name and one word more writes the family name the card leaves out. Two
    addresses that write two family names say none."""
    if name.initials:
        return name
    given = list(name.given)
    found = set()
    for local in locals_:
        words = [w for w in local_tokens(local) if w.isalpha()]
        if len(words) != len(given) + 1:
            continue
        if words[: len(given)] == given and len(words[-1]) >= 3:
            found.add(words[-1])
        elif words[1:] == given and len(words[0]) >= 3:
            found.add(words[0])
    if len(found) != 1 or without_particles(family := found.pop()) != family:
        return name  # "delagalerard" may be "de La Galerard": the card would not say so
    return Name(name.given, (family,))


@lru_cache(maxsize=1 << 16)
def _letters(family: tuple[str, ...]) -> str:
    return letters("".join(family))


def _name(c: Candidate, labels: frozenset[str]) -> Name:
    employer = _employer_spellings(c.organization, labels)
    first, last = clean_name(c.first_name), clean_name(c.last_name)
    if first or last:
        if employer & {_compact(last), _compact(org_key(last))}:  # N:Banque Verdier;Vincent
            last = ""
        return parse_name(first=first, last=last)
    display = _without_organization(clean_name(c.display_name), employer)
    if "@" in display:
        return Name((), ())
    head, comma, tail = display.partition(",")
    if comma and tail.strip() and head.strip():  # "Martin, Jean-Pierre", "Du Palard, Margaux"
        return parse_name(first=tail, last=head)
    return parse_name(display=display)


@lru_cache(maxsize=1 << 16)
def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


@lru_cache(maxsize=1 << 14)  # colleagues share an employer and its domain
def _employer_spellings(organization: str, labels: frozenset[str]) -> frozenset[str]:
    spelled = {_compact(organization), _compact(org_key(organization))}
    spelled |= {label.replace("-", "") for label in labels}
    spelled.discard("")
    return frozenset(spelled)


def _without_organization(display: str, employer: frozenset[str]) -> str:
    """Phones and mail clients append the employer to a name: "Vincent (Banque Verdier)",
    "Didier Richard | Opale Conseil", "Vincent Banque Verdier" with ORG Banque Verdier or an
    address at banque-verdier.fr."""
    display = _ASIDE.sub(" ", display).strip()
    words = display.split()
    compact = [_compact(w) for w in words]
    for start in range(1, len(words)):  # the longest tail that is the employer's name
        tail = compact[start:]
        if (
            "".join(tail) in employer
            or "".join(w for w in tail if w not in LEGAL_FORMS) in employer
        ):
            return " ".join(words[:start])
    return display


def _absurd_phone(e164: str) -> bool:
    """Placeholders typed into a required field: "0000000000", "0123456789"."""
    digits = "".join(ch for ch in e164 if ch.isdigit())[-9:]
    return len(digits) < 6 or len(set(digits)) <= 2 or digits in "01234567890123456789"


def _birthday(c: Candidate) -> tuple[int, int, int | None] | None:
    if c.birthday is None:
        return None
    year = None if c.birthday.year == 1604 else c.birthday.year
    return (c.birthday.month, c.birthday.day, year)


def _street(a: Address) -> str:
    words = [_STREET_WORDS.get(w, w) for w in _WORDS.split(fold(a.street)) if w]
    street = " ".join(w for w in words if w)
    return f"{street}|{a.postcode.replace(' ', '') or fold(a.locality)}" if street else ""


def _places(a: Address) -> tuple[str, ...]:
    return tuple(p for p in (a.postcode.replace(" ", "").upper(), fold(a.locality)) if len(p) >= 3)
