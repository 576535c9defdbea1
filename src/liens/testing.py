"""Test personas, after healthchecks: alice owns data, bob is another user, charlie an outsider."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser


def persona(name: str) -> AbstractBaseUser:
    user, _ = get_user_model().objects.get_or_create(
        username=name, defaults={"email": f"{name}@example.org"}
    )
    return user
