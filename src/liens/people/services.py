"""Writes about persons: *me*, organizations, persons created from identities."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from liens.core.scoping import owned
from liens.core.text import fold
from liens.importers.normalize import email_key
from liens.people.models import Identity, IdentityKey, KeyKind, Organization, Person

ME_SOURCE = "manual"
ME_KEY = "me"


def me_get_or_create(*, owner: AbstractBaseUser) -> Person:
    """The owner's own person; created nameless on first need, named by `liens init`."""
    me = owned(Person, owner).filter(is_me=True).first()
    if me is None:
        me = Person.objects.create(owner=owner, display_name="", is_me=True)
    return me


@transaction.atomic
def me_update(*, owner: AbstractBaseUser, name: str = "", emails: tuple[str, ...] = ()) -> Person:
    """Record my name and addresses: importers use them to tell my messages from theirs."""
    me = me_get_or_create(owner=owner)
    if name:
        me.display_name = name.strip()
        first, _sep, last = me.display_name.partition(" ")
        me.first_name, me.last_name = first, last
        me.save(update_fields=["display_name", "first_name", "last_name"])
    identity, _created = Identity.objects.get_or_create(
        owner=owner, source=ME_SOURCE, key=ME_KEY, defaults={"person": me}
    )
    known = list(identity.emails)
    keys = []
    for address in emails:
        key = email_key(address)
        if not key:
            raise ValueError(_("not an email address: %(address)s") % {"address": repr(address)})
        if address not in known:
            known.append(address)
        keys.append(key)
        IdentityKey.objects.get_or_create(
            owner=owner, identity=identity, kind=KeyKind.EMAIL, value=key
        )
    identity.emails = known
    identity.display_name = me.display_name
    identity.save(update_fields=["emails", "display_name", "updated_at"])
    _absorb_into_me(owner, me, keys)
    return me


def _absorb_into_me(owner: AbstractBaseUser, me: Person, keys: list[str]) -> None:
    """An address declared mine after an import was somebody else until now: that person is
    me, merged by my own word (`liens unmerge` still undoes it)."""
    others = list(
        owned(Person, owner)
        .filter(is_me=False, identities__keys__kind=KeyKind.EMAIL, identities__keys__value__in=keys)
        .distinct()
    )
    if others:
        from liens.people.merges import person_merge  # merges imports the loader, which needs us

        person_merge(owner=owner, persons=[me, *others])


def my_emails(*, owner: AbstractBaseUser) -> list[str]:
    me = me_get_or_create(owner=owner)
    addresses: list[str] = []
    for identity in me.identities.all():
        addresses.extend(a for a in identity.emails if a not in addresses)
    return addresses


def organization_get_or_create(
    *, owner: AbstractBaseUser, name: str, cache: dict[str, int] | None = None
) -> int | None:
    """The id of the organization with this name (folded), created if new; None for blank."""
    name = " ".join(name.split())
    if not name:
        return None
    key = fold(name)[:300]
    if cache is not None and key in cache:
        return cache[key]
    org, _created = Organization.objects.get_or_create(
        owner=owner, name_key=key, defaults={"name": name[:300]}
    )
    if cache is not None:
        cache[key] = org.pk
    return org.pk


@transaction.atomic
def person_create(*, owner: AbstractBaseUser, name: str) -> Person:
    """A person typed in by hand, with a `manual` identity so it can be merged and unmerged."""
    name = " ".join(name.split())
    if not name:
        raise ValueError(_("a person needs a name"))
    first, _sep, last = name.partition(" ")
    person = Person.objects.create(owner=owner, display_name=name, first_name=first, last_name=last)
    Identity.objects.create(
        owner=owner,
        person=person,
        source="manual",
        key=f"person:{person.pk}",
        display_name=name,
        first_name=first,
        last_name=last,
    )
    return person
