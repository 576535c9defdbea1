"""The one place every read goes through, so a team server never leaks one user's network.

Tests use three personas (alice, bob, charlie the outsider); charlie must see nothing of
alice's, and every lookup by id answers "not found" rather than "forbidden".
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils.translation import gettext as _

from liens.errors import UserError

M = TypeVar("M", bound=models.Model)


class NotFound(UserError, LookupError):
    """The row does not exist for this owner (whether or not it exists for another)."""


def owned(model: type[M], owner: AbstractBaseUser) -> models.QuerySet[M]:
    """All rows of `model` that belong to `owner`."""
    return model._default_manager.filter(owner=owner)


def get_owned(model: type[M], owner: AbstractBaseUser, **lookup: object) -> M:
    """One row of `owner`'s, or NotFound."""
    try:
        return owned(model, owner).get(**lookup)
    except model.DoesNotExist as exc:  # type: ignore[attr-defined]
        raise NotFound(_("%(what)s not found") % {"what": model._meta.verbose_name}) from exc
