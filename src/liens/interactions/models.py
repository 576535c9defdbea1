"""What happened between me and others, and what we know links two persons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from liens.core.models import OwnedModel, Provenance
from liens.people.models import Identity, Person


class Channel(models.TextChoices):
    """Ordered from richest to poorest: tie strength weighs them in this order."""

    IN_PERSON = "in_person", _("in person")
    CALL = "call", _("call")
    VIDEO = "video", _("video")
    EMAIL = "email", _("email")
    MESSAGE = "message", _("message")
    EVENT = "event", _("event")
    SOCIAL = "social", _("social")


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("outbound")
    INBOUND = "inbound", _("inbound")
    MUTUAL = "mutual", _("mutual")


class Interaction(OwnedModel, Provenance):
    # No index of its own: (owner, occurred_at) and the unique (owner, source, key) begin
    # with the owner and serve every lookup by owner; one index less to write per message.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # Read from the row (which run brought it), never searched by: no index, which a 1 GB
    # mailbox import spent 0.05 s rebuilding at its end. Deleting a run scans instead.
    import_run = models.ForeignKey(
        "importers.ImportRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    occurred_at = models.DateTimeField()
    source = models.CharField(max_length=40)  # linkedin, mbox, ics, manual, ...
    key = models.CharField(max_length=500, help_text="stable key within the source")
    subject = models.CharField(max_length=500, blank=True)
    thread_key = models.CharField(max_length=500, blank=True)
    summary = models.TextField(blank=True, help_text="plain text, never rendered as markup")
    reply_to_key = models.CharField(max_length=500, blank=True)  # linked when it arrives
    reply_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
        help_text="what this answers: reply rates and delays come from here",
    )
    persons = models.ManyToManyField(Person, through="Participant", related_name="interactions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "occurred_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "key"], name="interaction_unique_source_key"
            )
        ]


class Participant(OwnedModel):
    """A person (other than me) who took part; the role says how."""

    # Reached through its interaction or its person, never by owner alone: no owner index,
    # which a 1 GB mailbox import spent 0.1 s rebuilding at its end, for no query.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # No index of its own: the unique (interaction, person) constraint serves those lookups,
    # and a mailbox import writes hundreds of thousands of these rows.
    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="participants", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    # The identity the row came through (null when logged by hand): an unmerge moves the
    # row with it. No index: the person index serves every lookup, and a 1 GB mailbox
    # import writes 341,000 of these rows. No database constraint either: SQLite looked the
    # identity up for each row (that import: +0.09 s, 4% of its main process), and would
    # scan this unindexed table for every identity deleted. Django applies SET_NULL itself.
    identity = models.ForeignKey(
        Identity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    role = models.CharField(max_length=20, blank=True)  # sender, recipient, cc, attendee

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interaction", "person"], name="participant_unique_person"
            )
        ]


class Invitation(OwnedModel, Provenance):
    """A LinkedIn invitation, sent or received: a first step, not yet a relationship."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="invitations")
    # The identity it came through, which an unmerge follows; no index (see Participant).
    identity = models.ForeignKey(
        Identity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    sent_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)
    source = models.CharField(max_length=40)
    key = models.CharField(max_length=500)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "source", "key"], name="invitation_unique_source_key"
            )
        ]


class Link(OwnedModel):
    """A relation between two persons (met together, same thread, one introduced the other)."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)  # met, thread, introduced, colleagues
    weight = models.FloatField(default=1.0)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "person_a", "person_b", "kind"], name="link_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="link_ordered_pair"
            ),
        ]


class HistoryMonth(OwnedModel):
    """One person's interactions over one calendar month (UTC), summed.

    Tie strength reads these instead of every participation: five times fewer rows on a
    network of 2,000,000 interactions, and no join (liens.ties.selectors). A logged
    interaction, a merge or an unmerge sums the months of the persons it touched again
    (liens.interactions.history.history_refresh); an import leaves that to the next
    recomputation of every tie (history_catch_up).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="its first day")
    last_in = models.DateTimeField(null=True)  # last message they sent me
    last_out = models.DateTimeField(null=True)  # last message I sent them
    last_mutual = models.DateTimeField(null=True)  # last meeting, call or video
    last_in_person = models.DateTimeField(null=True)
    first_at = models.DateTimeField()
    n_all = models.PositiveIntegerField()
    n_in = models.PositiveIntegerField()  # messages from them
    n_out = models.PositiveIntegerField()  # messages from me
    started_them = models.PositiveIntegerField()  # of which not a reply: they started
    started_me = models.PositiveIntegerField()
    rich_all = models.FloatField()  # Σ channel richness

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "person", "month"], name="history_month_unique"
            )
        ]
