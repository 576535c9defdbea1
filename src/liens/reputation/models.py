"""What others say about me: recommendations and endorsements (the halo of seed 003)."""

from __future__ import annotations

from django.db import models

from liens.core.models import OwnedModel, Provenance
from liens.interactions.models import Direction
from liens.people.models import Identity, Person


class Recommendation(OwnedModel, Provenance):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="recommendations")
    # The identity it came through, which an unmerge follows; no index: the person index
    # serves every lookup (see interactions.Participant).
    identity = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)  # inbound = received
    organization_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=40)
    key = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "key"], name="recommendation_unique_source_key"
            )
        ]


class Endorsement(OwnedModel, Provenance):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="endorsements")
    # The identity it came through, which an unmerge follows; no index: the person index
    # serves every lookup (see interactions.Participant).
    identity = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    skill = models.CharField(max_length=300)
    endorsed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=30, blank=True)
    source = models.CharField(max_length=40)
    key = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "key"], name="endorsement_unique_source_key"
            )
        ]
