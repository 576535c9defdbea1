"""Introductions read from the mailbox: someone I already know writes to me and to a person I
had never been in touch with, as one does to put two people in touch ("je vous mets en
relation"). Seed 002: who introduces me is who speaks about me; the diagnosis counts them
(section 7) and the person graph links the two (links_rebuild, "introduced").

Read from the shape of the message, not its words, so that it holds in any language: an
e-mail (the only source that says who sent it and who was copied) from a person with an
earlier interaction, to me and to a person with none before it, among at most
INTRO_AT_MOST persons. A bigger round is an announcement, not an introduction.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction

from liens.core.frames import table
from liens.interactions.models import Channel, Direction, Interaction, Participant
from liens.projects.models import Referral

INTRO_AT_MOST = 3  # persons on the message besides me: introducer, introduced, one copied


@transaction.atomic
def referrals_detect(*, owner: AbstractBaseUser) -> int:
    """Rebuild the introductions the history shows; returns how many. Those typed by hand
    (no message) stay. Set-based: one INSERT ... SELECT over the small messages only."""
    Referral.objects.filter(owner=owner, interaction__isnull=False).delete()
    interaction, participant = table(Interaction), table(Participant)

    sql = f"""
    INSERT INTO {table(Referral)}
      (owner_id, introducer_id, introduced_to_id, occurred_on, note, interaction_id)
    SELECT %s, a.person_id, b.person_id, MIN(DATE(i.occurred_at)), '', MIN(i.id)
    FROM {interaction} i
    JOIN {participant} a ON a.interaction_id = i.id AND a.role = 'sender'
    JOIN {participant} b ON b.interaction_id = i.id AND b.role IN ('to', 'cc')
      AND b.person_id <> a.person_id
    WHERE i.owner_id = %s AND i.channel = %s AND i.direction = %s
      AND i.id IN (SELECT interaction_id FROM {participant}
                   GROUP BY interaction_id HAVING COUNT(*) BETWEEN 2 AND %s)
      AND EXISTS (SELECT 1 FROM {participant} ap JOIN {interaction} ai
                  ON ai.id = ap.interaction_id
                  WHERE ap.person_id = a.person_id AND ai.occurred_at < i.occurred_at)
      AND NOT EXISTS (SELECT 1 FROM {participant} bp JOIN {interaction} bi
                      ON bi.id = bp.interaction_id
                      WHERE bp.person_id = b.person_id AND bi.occurred_at < i.occurred_at)
    GROUP BY a.person_id, b.person_id
    """  # noqa: S608 (tables are the models' own; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, owner.pk, Channel.EMAIL, Direction.INBOUND, INTRO_AT_MOST])
        return cursor.rowcount
