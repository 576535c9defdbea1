"""The contacts to export: one record per person of an owner, merged from their identities.

A person is what the user wants on their phone, not each source record: the card carries the
person's name, current job, every address and number their identities know (phones in E.164,
as the loader keys them), the LinkedIn profile and the notes. Records have the `RawIdentity`
shape the writers take, so an export reads back into the same fields.

The UID must not change from one export to the next, or a phone or a re-import would see new
contacts: it is the UID of the person's own vCard when they came from one (re-importing the
export then updates that card instead of adding one), else a UUID derived from the source key
of the identity the person was first created from, which survives a re-import of the same
exports into a new database.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from liens.core.scoping import owned
from liens.core.text import fold
from liens.exporters.formats.text import NO_YEAR, export_phone
from liens.importers.base import RawAddress, RawIdentity
from liens.importers.normalize import canonical_linkedin_url, email_key
from liens.people.models import Identity, Person, Position

__all__ = ["SOURCE", "UID_NAMESPACE", "export_records"]

SOURCE = "liens"
UID_NAMESPACE = uuid.UUID("6f1c2a57-3a0e-4c47-9a53-6d2f3b1e8c10")  # never change it
_ADDRESS_BOOKS = ("manual", "vcard", "google_csv", "outlook_csv", "csv")  # typed by the user
_ADDRESS_FIELDS = ("street", "locality", "postcode", "region", "country", "label")


@dataclass(frozen=True, slots=True)
class _Identity:
    """The stored fields of one identity that a contact card needs."""

    source: str
    key: str
    emails: list[str]
    phones: list[str]
    profile_url: str
    nickname: str
    birthday: date | None
    addresses: list[dict[str, Any]]
    urls: list[str]
    note: str
    uid: str | None  # raw["UID"]: the UID a vCard had, as the card wrote it
    first_seen_at: datetime
    pk: int


def export_records(owner: AbstractBaseUser, *, include_me: bool = False) -> list[RawIdentity]:
    """One record per person of `owner`, sorted by name; *me* only when asked.

    Reads plain rows (three queries): building model instances for a network of 50,000
    contacts took longer than writing the file.
    """
    persons = owned(Person, owner)
    identities = owned(Identity, owner)
    if not include_me:
        persons = persons.filter(is_me=False)
        identities = identities.filter(person__is_me=False)
    by_person: dict[int, list[_Identity]] = defaultdict(list)
    for person_id, *fields in identities.order_by("first_seen_at", "pk").values_list(
        "person_id",
        *("source", "key", "emails", "phones", "profile_url", "nickname", "birthday"),
        *("addresses", "urls", "note", "raw__UID", "first_seen_at", "pk"),
    ):
        by_person[person_id].append(_Identity(*fields))
    jobs: dict[int, tuple[str, str]] = {}
    current = owned(Position, owner).filter(finished_on=None).order_by("started_on", "pk")
    for person_id, organization, title in current.values_list(
        "person_id", "organization__name", "title"
    ):
        jobs[person_id] = (organization or "", title)  # the latest one wins
    rows = persons.values_list(
        *("pk", "owner_id", "display_name", "first_name", "last_name"),
        *("organization__name", "title", "notes"),
    )
    used: set[str] = set()
    records = []
    for pk, owner_id, name, first, last, organization, title, notes in sorted(
        rows, key=lambda row: (fold(row[2]), row[0])
    ):
        identities_of = by_person.get(pk, [])
        if not organization and not title:
            organization, title = jobs.get(pk, ("", ""))
        records.append(
            RawIdentity(
                source=SOURCE,
                key=_uid(pk, owner_id, identities_of, used),
                line=None,
                first_name=first,
                last_name=last,
                display_name=name,
                organization=organization or "",
                title=title,
                **_merged(sorted(identities_of, key=_rank), notes),
            )
        )
    return records


def _merged(ranked: list[_Identity], notes: str) -> dict[str, Any]:
    """The fields a person's identities give, the most trusted first."""
    profile_url = next((i.profile_url for i in ranked if i.profile_url), "")
    return {
        "emails": _emails(e for i in ranked for e in i.emails),
        "phones": tuple(dict.fromkeys(p for i in ranked for p in map(export_phone, i.phones) if p)),
        "profile_url": profile_url,
        "nickname": next((i.nickname for i in ranked if i.nickname), ""),
        "birthday": _birthday(i.birthday for i in ranked),
        "addresses": _addresses(a for i in ranked for a in i.addresses),
        "urls": _urls((u for i in ranked for u in i.urls), profile_url),
        "note": _note(notes, (i.note for i in ranked)),
    }


def _rank(identity: _Identity) -> tuple[int, int]:
    """What the user typed in an address book first, then the rest, oldest first."""
    typed = identity.source in _ADDRESS_BOOKS
    return (0 if typed else 1, _ADDRESS_BOOKS.index(identity.source) if typed else 0)


def _uid(person_id: int, owner_id: int, identities: list[_Identity], used: set[str]) -> str:
    """The person's card UID (identities oldest first); `used` keeps two persons apart."""
    candidates = [
        i.uid
        for i in identities
        if i.source == "vcard" and i.uid and i.key == f"uid:{i.uid}"  # not a digest, not a copy
    ]
    if identities:
        first = identities[0]
        candidates.append(str(uuid.uuid5(UID_NAMESPACE, f"{first.source}\x1f{first.key}")))
    candidates.append(str(uuid.uuid5(UID_NAMESPACE, f"person\x1f{owner_id}\x1f{person_id}")))
    uid = next(c for c in candidates if c not in used)
    used.add(uid)
    return uid


def _emails(emails: Iterable[str]) -> tuple[str, ...]:
    """Each mailbox once, as first written (two spellings of one Gmail box are one address)."""
    seen: dict[str, str] = {}
    for email in emails:
        text = email.strip()
        if text:
            seen.setdefault(email_key(text) or text.casefold(), text)
    return tuple(seen.values())


def _birthday(days: Iterable[date | None]) -> date | None:
    """The first birthday with a year, else the first without one."""
    known = [d for d in days if d is not None]
    return next((d for d in known if d.year != NO_YEAR), known[0] if known else None)


def _addresses(stored: Iterable[dict[str, str]]) -> tuple[RawAddress, ...]:
    addresses = (
        RawAddress(**{k: str(a.get(k) or "") for k in _ADDRESS_FIELDS})
        for a in stored
        if isinstance(a, dict)
    )
    return tuple(
        dict.fromkeys(
            a for a in addresses if a.street or a.locality or a.postcode or a.region or a.country
        )
    )


def _urls(urls: Iterable[str], profile_url: str) -> tuple[str, ...]:
    """Web addresses other than the LinkedIn profile, which has its own field."""
    kept = (u.strip() for u in urls)
    return tuple(
        dict.fromkeys(
            u for u in kept if u and not (profile_url and canonical_linkedin_url(u) == profile_url)
        )
    )


def _note(own: str, notes: Iterable[str]) -> str:
    texts = (t.strip() for t in (own, *notes))
    return "\n\n".join(dict.fromkeys(t for t in texts if t))
