"""What one raw record becomes: its identity row, its person's fields, the keys it is found by.

The loader writes these rows in bulk; unmerging a person rebuilds persons from identities
with the same rules, so both read them here.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from liens.importers.base import RawAddress, RawIdentity
from liens.importers.normalize import email_key
from liens.importers.phones import phone_e164
from liens.people.models import KeyKind
from liens.people.services import organization_get_or_create

__all__ = [
    "IDENTITY_FIELDS",
    "IDENTITY_META",
    "PERSON_FIELDS",
    "identity_keys",
    "identity_values",
    "person_fields",
    "shown_name",
]

PERSON_FIELDS = ("display_name", "first_name", "last_name", "title", "organization_id")
IDENTITY_META = (
    "owner_id",
    "person_id",
    "source",
    "key",
    "import_run_id",
    "source_file",
    "source_line",
    "first_seen_at",
    "updated_at",
)
IDENTITY_FIELDS = (
    "display_name",
    "first_name",
    "last_name",
    "emails",
    "phones",
    "profile_url",
    "organization_name",
    "title",
    "connected_on",
    "nickname",
    "birthday",
    "addresses",
    "urls",
    "note",
    "raw",
)


def shown_name(raw: RawIdentity) -> str:
    """The name to show: as the source writes it, else its parts, else how to reach them."""
    if raw.display_name:
        return raw.display_name
    parts = " ".join(p for p in (raw.first_name, raw.last_name) if p)
    fallback = next(iter(raw.emails or raw.phones), "") or raw.profile_url or raw.organization
    return raw.display_name or parts or fallback


def identity_keys(raw: RawIdentity) -> list[tuple[str, str]]:
    """The exact keys a person can be found by, strongest first."""
    keys: list[tuple[str, str]] = []
    if raw.profile_url:
        keys.append((KeyKind.LINKEDIN, raw.profile_url))
    keys += [(KeyKind.EMAIL, k) for k in map(email_key, raw.emails) if k]
    keys += [(KeyKind.PHONE, k) for k in map(phone_e164, raw.phones) if k]
    return list(dict.fromkeys(keys))


_ADDRESS_FIELDS = tuple(f.name for f in dataclass_fields(RawAddress))


def identity_values(raw: RawIdentity) -> tuple[Any, ...]:
    """The stored values of `raw`, in `IDENTITY_FIELDS` order: a row of the bulk insert."""
    return (
        shown_name(raw)[:300],
        raw.first_name[:150],
        raw.last_name[:150],
        list(raw.emails),
        list(raw.phones),
        raw.profile_url[:500],
        raw.organization[:300],
        raw.title[:300],
        raw.connected_on,
        raw.nickname[:150],
        raw.birthday,
        [{name: getattr(a, name) for name in _ADDRESS_FIELDS} for a in raw.addresses]
        if raw.addresses
        else [],
        list(raw.urls),
        raw.note,
        dict(raw.raw),
    )


def person_fields(
    owner: AbstractBaseUser, raw: RawIdentity, orgs: dict[str, int] | None = None
) -> dict[str, Any]:
    """The fields of a person made from one identity (`orgs`: organization ids by folded
    name, filled as it goes)."""
    return {
        "display_name": shown_name(raw)[:300],
        "first_name": raw.first_name[:150],
        "last_name": raw.last_name[:150],
        "title": raw.title[:300],
        "organization_id": organization_get_or_create(
            owner=owner, name=raw.organization, cache=orgs
        ),
    }
