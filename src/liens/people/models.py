"""Persons, the identities they are resolved from, and the organizations they belong to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from liens.core.models import OwnedModel, Provenance


class Organization(OwnedModel):
    """An employer, a client or a school."""

    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300, help_text="case- and accent-folded name")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name_key"], name="organization_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Closeness(models.TextChoices):
    """What the user declares; tie strength cannot see family from message counts alone."""

    NONE = "", _("not declared")
    FAMILY = "family", _("family")
    FRIEND = "friend", _("friend")


class Person(OwnedModel):
    """A human in my network. Exactly one per owner has `is_me`."""

    display_name = models.CharField(max_length=300)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="persons"
    )
    title = models.CharField(max_length=300, blank=True)
    is_me = models.BooleanField(default=False)
    closeness = models.CharField(
        max_length=10, choices=Closeness.choices, default=Closeness.NONE, blank=True
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "display_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(is_me=True), name="person_one_me_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class Identity(OwnedModel, Provenance):
    """One source record of a person. Keeps the raw fields: resolution may be undone."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identities")
    source = models.CharField(max_length=40)  # linkedin, vcard, google_csv, mbox, ics, manual
    key = models.CharField(max_length=500, help_text="stable key within the source")
    display_name = models.CharField(max_length=300, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    emails = models.JSONField(default=list, blank=True)
    phones = models.JSONField(default=list, blank=True)
    profile_url = models.CharField(max_length=500, blank=True)
    organization_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=300, blank=True)
    connected_on = models.DateField(null=True, blank=True)
    nickname = models.CharField(max_length=150, blank=True)
    birthday = models.DateField(null=True, blank=True, help_text="year 1604 = year unknown")
    addresses = models.JSONField(default=list, blank=True)  # [{street, locality, postcode...}]
    urls = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    raw = models.JSONField(default=dict, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "identities"
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "key"], name="identity_unique_source_key"
            )
        ]


class KeyKind(models.TextChoices):
    EMAIL = "email", _("email")
    PHONE = "phone", _("phone")
    LINKEDIN = "linkedin", _("LinkedIn profile")


class IdentityKey(OwnedModel):
    """An exact, normalised key (email, E.164 phone, profile URL) for matching across sources."""

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="keys")
    kind = models.CharField(max_length=10, choices=KeyKind.choices)
    value = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["owner", "kind", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["identity", "kind", "value"], name="identitykey_unique")
        ]


class Position(OwnedModel):
    """A job somebody held: for *me*, the base of the alter-ego index."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=300, blank=True)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)


class Education(OwnedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="education")
    school = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    degree = models.CharField(max_length=300, blank=True)
    started_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(null=True, blank=True)


class DecidedBy(models.TextChoices):
    AUTO = "auto", _("automatic")
    USER = "user", _("user")


class MergeDecision(OwnedModel):
    """Persons joined into one, kept as data so the join can be undone exactly.

    `groups` and `persons` are aligned, survivor first: the identity ids and the fields
    (id included) of each person as it was before. `filled` holds the survivor's blank
    fields the merge filled in; `set_aside` the participants it deleted (their interaction
    had the survivor already, or the survivor is me) as [row id, interaction id, identity
    id, role, person id].
    """

    survivor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    groups = models.JSONField(default=list)
    persons = models.JSONField(default=list)
    filled = models.JSONField(default=dict, blank=True)
    set_aside = models.JSONField(default=list, blank=True)
    decided_by = models.CharField(max_length=10, choices=DecidedBy.choices)
    probability = models.FloatField(null=True, blank=True)  # the model's, for `auto`
    evidence = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)


class KeepApart(OwnedModel):
    """Never propose merging the person holding `a` with the person holding `b`.

    Identities, not persons: an identity keeps its meaning through merges and unmerges.
    """

    a = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "a", "b"], name="keepapart_unique"),
            models.CheckConstraint(
                condition=models.Q(a__lt=models.F("b")), name="keepapart_ordered_pair"
            ),
        ]
