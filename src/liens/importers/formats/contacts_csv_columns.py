"""Which columns of a contacts CSV hold what: Google (2 variants) and Outlook (3 languages).

The header is classified once and resolved into a `Layout` that names, for every field, the
columns of *this* file that hold it, so a row is read without looking at aliases again.
Header spellings come from real exports (research/formats.md §4): Google's numbered
`E-mail N - Label/Value` pairs sized by the data, Outlook desktop's localised headers (English,
French, German; the German and French ones from open-xchange's Outlook CSV import tests and
Polytechnique.org's Outlook export), Outlook.com's own order and Google's "Outlook CSV" export.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

__all__ = ["AddressColumns", "Layout", "Pair", "classify"]


@dataclass(frozen=True)
class Pair:
    """A value column and the column holding its label or type ("" when there is none)."""

    value: str
    label: str = ""


@dataclass(frozen=True)
class AddressColumns:
    label: str = ""  # fixed label (Outlook: work, home, other)
    label_column: str = ""  # Google: `Address N - Label`
    street: tuple[str, ...] = ()  # street lines, extended address, PO box, in that order
    locality: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    postcode: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    formatted: tuple[str, ...] = ()  # one-cell address, used only when the parts are empty

    @cached_property
    def all(self) -> frozenset[str]:
        """Every column of this address, to skip it at once when they are all empty."""
        columns = (self.street, self.locality, self.region, self.postcode, self.country)
        return frozenset(c for group in (*columns, self.formatted) for c in group)


@dataclass(frozen=True)
class Layout:
    """The columns of one file for each field; every tuple may be empty."""

    kind: str  # google, google_legacy, outlook, csv
    source: str  # RawIdentity.source: google_csv, outlook_csv, csv
    language: str = ""  # en, fr, de for Outlook (decides the date order), "" otherwise
    name: tuple[str, ...] = ()  # a display name column (legacy Google `Name`, --map name=)
    first: tuple[str, ...] = ()
    middle: tuple[str, ...] = ()
    last: tuple[str, ...] = ()
    nickname: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    birthday: tuple[str, ...] = ()
    note: tuple[str, ...] = ()
    emails: tuple[Pair, ...] = ()
    phones: tuple[Pair, ...] = ()
    urls: tuple[Pair, ...] = ()
    linkedin: tuple[str, ...] = ()
    addresses: tuple[AddressColumns, ...] = ()
    multi: bool = False  # Google joins several values of one cell with " ::: "


# --- Google ---------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(?P<kind>[A-Za-z -]+?) (?P<n>\d{1,3}) - (?P<part>.+)$")
_GOOGLE_NEW_MARKS = {"labels", "file as", "phonetic first name", "organization name"}
_ADDRESS_PARTS = {
    "street": "street",
    "extended address": "street",
    "po box": "street",
    "city": "locality",
    "region": "region",
    "postal code": "postcode",
    "country": "country",
    "formatted": "formatted",
}


def _numbered(header: list[str]) -> dict[str, dict[int, dict[str, str]]]:
    """{"e-mail": {1: {"label": "E-mail 1 - Label", "value": ...}}, ...} (kind, part folded)."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for column in header:
        match = _NUMBERED.match(column)
        if match:
            kind, part = match["kind"].casefold(), match["part"].casefold()
            found.setdefault(kind, {}).setdefault(int(match["n"]), {})[part] = column
    return found


def _pairs(groups: dict[int, dict[str, str]]) -> tuple[Pair, ...]:
    return tuple(
        Pair(parts["value"], parts.get("label", parts.get("type", "")))
        for _n, parts in sorted(groups.items())
        if "value" in parts
    )


def _google_addresses(groups: dict[int, dict[str, str]]) -> tuple[AddressColumns, ...]:
    result = []
    for _n, parts in sorted(groups.items()):
        slots: dict[str, list[str]] = {}
        for part, slot in _ADDRESS_PARTS.items():  # street, extended, PO box: in that order
            if part in parts:
                slots.setdefault(slot, []).append(parts[part])
        label = parts.get("label", parts.get("type", ""))
        result.append(AddressColumns(label_column=label, **{k: tuple(v) for k, v in slots.items()}))
    return tuple(result)


def _google(header: list[str], folded: set[str]) -> Layout | None:
    numbered = _numbered(header)
    parts = {p for groups in numbered.values() for g in groups.values() for p in g}
    present = _present(header)
    if "given name" in folded and "family name" in folded:
        if "group membership" not in folded and "type" not in parts:
            return None
        orgs = numbered.get("organization", {})
        return Layout(
            kind="google_legacy",
            source="google_csv",
            name=present("Name"),
            first=present("Given Name"),
            middle=present("Additional Name"),
            last=present("Family Name"),
            nickname=present("Nickname"),
            organization=tuple(g["name"] for _n, g in sorted(orgs.items()) if "name" in g)[:1],
            title=tuple(g["title"] for _n, g in sorted(orgs.items()) if "title" in g)[:1],
            birthday=present("Birthday"),
            note=present("Notes"),
            emails=_pairs(numbered.get("e-mail", {})),
            phones=_pairs(numbered.get("phone", {})),
            urls=_pairs(numbered.get("website", {})),
            addresses=_google_addresses(numbered.get("address", {})),
            multi=True,
        )
    if "first name" in folded and "last name" in folded and "given name" not in folded:
        if not (folded & _GOOGLE_NEW_MARKS and ("label" in parts or "labels" in folded)):
            return None
        return Layout(
            kind="google",
            source="google_csv",
            first=present("First Name"),
            middle=present("Middle Name"),
            last=present("Last Name"),
            nickname=present("Nickname"),
            organization=present("Organization Name"),
            title=present("Organization Title"),
            birthday=present("Birthday"),
            note=present("Notes"),
            emails=_pairs(numbered.get("e-mail", {})),
            phones=_pairs(numbered.get("phone", {})),
            urls=_pairs(numbered.get("website", {})),
            addresses=_google_addresses(numbered.get("address", {})),
            multi=True,
        )
    return None


# --- Outlook ----------------------------------------------------------------------------------
# Per field: the English, French and German spellings. Phones leave out the numbers that are
# not the person's own (fax machines, the company switchboard, the assistant), because a phone
# is a merge key and a shared number would merge colleagues into one person.

OUTLOOK: dict[str, tuple[str, ...]] = {
    "first": ("First Name", "Prénom", "Vorname"),
    "middle": ("Middle Name", "Deuxième prénom", "Weitere Vornamen", "Zweiter Vorname"),
    "last": ("Last Name", "Nom", "Nachname"),
    "nickname": ("Nickname", "Surnom", "Spitzname"),
    "organization": ("Company", "Société", "Firma"),
    "title": ("Job Title", "Fonction", "Position"),  # French "Titre": see _outlook()
    "birthday": ("Birthday", "Anniversaire", "Geburtstag"),
    "note": ("Notes", "Notizen"),
    "web": ("Web Page", "Personal Web Page", "Page Web", "Webseite"),
}
_EMAILS_BY_LANGUAGE: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("E-mail Address", "E-mail Type"),
        ("E-mail 2 Address", "E-mail 2 Type"),
        ("E-mail 3 Address", "E-mail 3 Type"),
    ),
    "fr": (
        ("Adresse de messagerie", "Type de messagerie"),
        ("Adresse de messagerie 2", "Type de messagerie 2"),
        ("Adresse de messagerie 3", "Type de messagerie 3"),
    ),
    "de": (
        ("E-Mail-Adresse", "E-Mail-Typ"),
        ("E-Mail 2: Adresse", "E-Mail 2: Typ"),
        ("E-Mail 3: Adresse", "E-Mail 3: Typ"),
    ),
}
_PHONES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": (
        *("Mobile Phone", "Mobile Phone 2", "Primary Phone", "Business Phone", "Business Phone 2"),
        *("Home Phone", "Home Phone 2", "Other Phone", "Car Phone", "Radio Phone", "Pager"),
        *("Callback", "ISDN", "TTY/TDD Phone"),
    ),
    "fr": (
        *("Tél. mobile", "Téléphone principal", "Téléphone (bureau)", "Téléphone 2 (bureau)"),
        *("Téléphone (domicile)", "Téléphone 2 (domicile)", "Téléphone (autre)"),
        *("Téléphone (voiture)", "Radio téléphone", "Récepteur de radiomessagerie", "Rappel"),
        *("RNIS", "Téléphone TDD/TTY"),
    ),
    "de": (
        *("Mobiltelefon", "Mobiltelefon 2", "Haupttelefon", "Telefon geschäftlich"),
        *("Telefon geschäftlich 2", "Telefon privat", "Telefon privat 2", "Weiteres Telefon"),
        *("Autotelefon", "Rückmeldung", "Telefon für Hörbehinderte", "Pager", "ISDN"),
    ),
}
OUTLOOK_EMAILS = tuple(pair for pairs in _EMAILS_BY_LANGUAGE.values() for pair in pairs)
OUTLOOK_PHONES = tuple(dict.fromkeys(p for ps in _PHONES_BY_LANGUAGE.values() for p in ps))
_ADDRESS_KINDS = {
    "work": ("Business", "bureau", "geschäftlich"),
    "home": ("Home", "domicile", "privat"),
    "other": ("Other", "autre", "weitere"),
}


def _outlook_address_names(label: str) -> dict[str, tuple[str, ...]]:
    en, fr, de = _ADDRESS_KINDS[label]
    if de == "weitere":
        de_street, de_city = ("Weitere Straße", "Weiterer Ort")
        de_region, de_code = ("Weiteres/r Bundesland/Kanton", "Weitere Postleitzahl")
        de_country, de_box = ("Weiteres/e Land/Region", "Weiteres Postfach")
    else:
        de_street, de_city = (f"Straße {de}", f"Ort {de}")
        de_region = "Region geschäftlich" if de == "geschäftlich" else "Bundesland/Kanton privat"
        de_code, de_country, de_box = (f"Postleitzahl {de}", f"Land/Region {de}", f"Postfach {de}")
    fr_box = {"bureau": "B.P. professionnelle", "domicile": "Boîte postale du domicile"}
    return {
        "street": (
            *(f"{en} Street", f"{en} Street 2", f"{en} Street 3", f"{en} Address PO Box"),
            *(
                f"Rue ({fr})",
                f"Rue ({fr}) 2",
                f"Rue ({fr}) 3",
                fr_box.get(fr, "Autre boîte postale"),
            ),
            *(de_street, f"{de_street} 2", f"{de_street} 3", de_box),
        ),
        "locality": (f"{en} City", f"Ville ({fr})", de_city),
        "region": (f"{en} State", f"Dép/Région ({fr})", de_region),
        "postcode": (f"{en} Postal Code", f"Code postal ({fr})", de_code),
        "country": (
            *(f"{en} Country/Region", f"{en} Country", f"Pays/Région ({fr})", f"Pays ({fr})"),
            de_country,
        ),
        "formatted": (f"{en} Address",),
    }


# Columns that only Outlook files have, per language: to recognise a file and its language.
_OUTLOOK_ONLY: dict[str, frozenset[str]] = {
    "en": frozenset(
        s.casefold()
        for s in (
            *("Title", "Suffix", "Department", "Job Title", "Company", "E-mail Display Name"),
            *("Business Fax", "Home Fax", "Company Main Phone", "Assistant's Phone", "Telex"),
            *("Given Yomi", "Surname Yomi", "Company Yomi", "Office Location", "IMAddress"),
            *("Anniversary", "Spouse", "Children", "Manager's Name", "Assistant's Name"),
            *("Sensitivity", "Priority", "Private", "Mileage", "Initials", "Keywords"),
            *("User 1", "User 2", "Internet Free Busy", "Schools", "Referred By"),
            *_PHONES_BY_LANGUAGE["en"],
            *(e for e, _t in _EMAILS_BY_LANGUAGE["en"]),
            *(_outlook_address_names("work")["locality"][:1]),
            *(_outlook_address_names("home")["locality"][:1]),
        )
    ),
    "fr": frozenset(
        s.casefold()
        for s in (
            *("Titre", "Suffixe", "Société", "Service", "Télécopie (bureau)", "Télex"),
            *("Anniversaire de mariage ou fête", "Conjoint(e)", "Enfants", "Initiales"),
            *("Catégories", "Utilisateur 1", "Page Web", "Prénom", "Anniversaire"),
            *_PHONES_BY_LANGUAGE["fr"],
            *(e for e, _t in _EMAILS_BY_LANGUAGE["fr"]),
            *("Ville (bureau)", "Ville (domicile)", "Code postal (bureau)"),
        )
    ),
    "de": frozenset(
        s.casefold()
        for s in (
            *("Anrede", "Vorname", "Nachname", "Firma", "Abteilung", "Fax geschäftlich"),
            *("Telefon Firma", "Telefon Assistent", "Geburtstag", "Kategorien", "Notizen"),
            *("Jahrestag", "Kinder", "Initialen", "Benutzer 1", "Webseite", "Vertraulichkeit"),
            *_PHONES_BY_LANGUAGE["de"],
            *(e for e, _t in _EMAILS_BY_LANGUAGE["de"]),
            *("Ort geschäftlich", "Ort privat", "Postleitzahl privat"),
        )
    ),
}
_OUTLOOK_ANY = frozenset().union(*_OUTLOOK_ONLY.values())
_OUTLOOK_MIN = 8  # recognised columns; real exports have 56 to 92, hand-made sheets a few


def _present(header: list[str]) -> Callable[..., tuple[str, ...]]:
    """`present(*aliases)`: the header's own spellings of the aliases it has, in alias order."""
    index: dict[str, str] = {}
    for column in header:
        index.setdefault(column.casefold(), column)

    def present(*aliases: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(index[a.casefold()] for a in aliases if a.casefold() in index))

    return present


def _outlook(header: list[str], folded: set[str]) -> Layout | None:
    scores = {lang: len(folded & names) for lang, names in _OUTLOOK_ONLY.items()}
    language = max(scores, key=lambda lang: scores[lang])
    known = len(folded & _OUTLOOK_ANY)
    present = _present(header)
    emails = tuple(
        Pair(column, next(iter(present(kind)), ""))
        for value, kind in OUTLOOK_EMAILS
        for column in present(value)
    )
    phones = tuple(Pair(p) for p in present(*OUTLOOK_PHONES))
    names = present(*OUTLOOK["first"], *OUTLOOK["last"])
    if known < _OUTLOOK_MIN or not (emails or phones) or not names:
        return None
    title = present(*OUTLOOK["title"])
    if sum(1 for c in header if c.casefold() == "titre") >= 2:
        title += present("Titre")  # French: first "Titre" is Mr/Mrs, the last is the job title
    addresses = []
    for label in _ADDRESS_KINDS:
        names_of = _outlook_address_names(label)
        parts = {k: present(*v) for k, v in names_of.items()}
        if any(parts.values()):
            addresses.append(AddressColumns(label=label, **parts))
    return Layout(
        kind="outlook",
        source="outlook_csv",
        language=language,
        first=present(*OUTLOOK["first"]),
        middle=present(*OUTLOOK["middle"]),
        last=present(*OUTLOOK["last"]),
        nickname=present(*OUTLOOK["nickname"]),
        organization=present(*OUTLOOK["organization"]),
        title=title,
        birthday=present(*OUTLOOK["birthday"]),
        note=present(*OUTLOOK["note"]),
        emails=emails,
        phones=phones,
        urls=tuple(Pair(u) for u in present(*OUTLOOK["web"])),
        addresses=tuple(addresses),
    )


def classify(header: list[str]) -> Layout | None:
    """The layout of a Google or Outlook contacts export, or None for any other CSV."""
    folded = {c.casefold() for c in header}
    return _google(header, folded) or _outlook(header, folded)
