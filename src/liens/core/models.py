"""What every stored row shares: it belongs to one owner, from the first migration on."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OwnedModel(models.Model):
    """A row of one user's network. Never read it without `liens.core.scoping.owned`."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta:
        abstract = True


class Provenance(models.Model):
    """Which import run, which file and which line a row came from: every import is auditable."""

    import_run = models.ForeignKey(
        "importers.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_file = models.CharField(max_length=500, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True
