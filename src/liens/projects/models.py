"""Projects, the asks they lead to, follow-ups, referrals and opportunities.

Seed 002: engaging asks go to weak or moderate ties selected per project; the
models keep what was asked of whom, and what came of it, so effectiveness can be measured.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liens.core.models import OwnedModel
from liens.interactions.models import Interaction
from liens.people.models import Person


class ProjectKind(models.TextChoices):
    JOB_SEARCH = "job_search", _("job search")
    PROSPECTING = "prospecting", _("prospecting")
    E_REPUTATION = "e_reputation", _("e-reputation")
    BUSINESS_CREATION = "business_creation", _("business creation")
    CUSTOM = "custom", _("custom")


class Project(OwnedModel):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProjectKind.choices)
    goal = models.TextField(blank=True)
    targets = models.JSONField(default=dict, blank=True)  # sectors, functions, organizations
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AskKind(models.TextChoices):
    INFORMATION = "information", _("information")
    ADVICE = "advice", _("advice")
    INTRODUCTION = "introduction", _("introduction")
    REFERRAL = "referral", _("referral")
    RECOMMENDATION = "recommendation", _("recommendation")
    PURCHASE = "purchase", _("purchase")
    PARTNERSHIP = "partnership", _("partnership")


class AskStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ASKED = "asked", _("asked")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")
    DONE = "done", _("done")


class Ask(OwnedModel):
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.CASCADE, related_name="asks"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="asks")
    kind = models.CharField(max_length=20, choices=AskKind.choices)
    status = models.CharField(max_length=10, choices=AskStatus.choices, default=AskStatus.PLANNED)
    target_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="for an introduction: the precise, named person",
    )
    note = models.TextField(blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class FollowUp(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_ups")
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    after = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    proposed = models.BooleanField(default=False, help_text="proposed by liens, not set by me")


class Referral(OwnedModel):
    """Who introduced or recommended me to whom."""

    introducer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals_made")
    introduced_to = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals_received"
    )
    occurred_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    # The message that made the introduction, when liens read it from the history
    # (liens.interactions.referrals); empty for one typed by hand, which a rebuild keeps.
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )


class Outcome(models.TextChoices):
    OPEN = "open", _("open")
    WON = "won", _("won")
    LOST = "lost", _("lost")


class Opportunity(OwnedModel):
    """A mission, job or deal, attributed to the persons and channels that brought it."""

    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    title = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    persons = models.ManyToManyField(Person, related_name="opportunities", blank=True)
    channel = models.CharField(max_length=10, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "opportunities"
