"""The tie between me and each person, materialised so lists and reports read it cheaply."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liens.core.models import OwnedModel
from liens.people.models import Person


class TieClass(models.TextChoices):
    STRONG = "strong", _("strong")
    MODERATE = "moderate", _("moderate")
    WEAK = "weak", _("weak")
    DORMANT = "dormant", _("dormant")
    VIRTUAL = "virtual", _("virtual")


class Tie(OwnedModel):
    """Recomputed on demand from the interaction history (see liens.analytics.ties)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="tie")
    score = models.FloatField()
    tie_class = models.CharField(max_length=10, choices=TieClass.choices)
    layer = models.PositiveIntegerField(null=True, blank=True)  # Dunbar 5/15/50/150/500/1500
    # the facts behind the score (liens.ties.services.facts), put in words by liens.ties.explain
    reasons = models.JSONField(default=dict, blank=True)
    last_two_way_at = models.DateTimeField(null=True, blank=True)
    first_at = models.DateTimeField(null=True, blank=True)  # first interaction: known since
    last_met_at = models.DateTimeField(null=True, blank=True)  # last meeting, call or video
    exchanges_12m = models.PositiveIntegerField(default=0, db_default=0)
    # each dimension's value in [0, 1] (liens.analytics.ties.WEIGHTS): the score, term by term
    terms = models.JSONField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["owner", "tie_class"])]
