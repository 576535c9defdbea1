"""Tie strength from histories stored as the importers store them, through the SQL aggregation."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from liens.interactions.history import history_refresh
from liens.interactions.models import Interaction, Participant
from liens.interactions.services import links_rebuild
from liens.people.models import Closeness, Identity
from liens.people.services import person_create
from liens.ties.models import Tie
from liens.ties.services import ties_recompute

NOW = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def happened(owner, channel, direction, when, *persons, role="", reply_to=None, thread=""):
    interaction = Interaction.objects.create(
        owner=owner,
        channel=channel,
        direction=direction,
        occurred_at=when,
        source="test",
        key=uuid.uuid4().hex,
        thread_key=thread,
        reply_to=reply_to,
    )
    for person in persons:
        Participant.objects.create(owner=owner, interaction=interaction, person=person, role=role)
    history_refresh(owner=owner, persons=[p.pk for p in persons])  # as every writer does
    return interaction


def exchange(owner, person, when, *, reply_after=timedelta(hours=3), channel="email"):
    """I write, they answer."""
    mine = happened(owner, channel, "outbound", when, person, role="to")
    happened(owner, channel, "inbound", when + reply_after, person, role="sender", reply_to=mine)


def tie_of(owner, person) -> Tie:
    ties_recompute(owner=owner, now=NOW)
    return Tie.objects.get(owner=owner, person=person)


def test_it_finds_a_weekly_coffee_partner_strong(alice):
    ana = person_create(owner=alice, name="Ana")
    for week in range(150):
        happened(alice, "in_person", "mutual", ago(3 + 7 * week), ana)
    tie = tie_of(alice, ana)
    assert tie.tie_class == "strong"
    assert tie.layer == 5
    assert (tie.reasons["days"], tie.reasons["how"]) == (3, "in_person")


def test_it_calls_virtual_a_connection_never_written_to(alice):
    connection = person_create(owner=alice, name="Connection")
    Identity.objects.create(
        owner=alice, person=connection, source="linkedin", key="x", connected_on=ago(900).date()
    )
    tie = tie_of(alice, connection)
    assert (tie.tie_class, tie.score, tie.layer) == ("virtual", 0.0, None)


def test_it_calls_virtual_someone_who_never_replies_however_many_emails_i_send(alice):
    silent = person_create(owner=alice, name="Silent")
    for day in range(0, 300, 2):
        happened(alice, "email", "outbound", ago(day), silent, role="to")
    tie = tie_of(alice, silent)
    assert tie.tie_class == "virtual"
    assert tie.reasons["days"] is None
    assert (tie.reasons["sent"], tie.reasons["received"]) == (150, 0)


def test_it_does_not_count_as_theirs_a_message_they_were_only_copied_on(alice):
    sender, copied = (
        person_create(owner=alice, name="Sender"),
        person_create(owner=alice, name="Cc"),
    )
    happened(alice, "email", "outbound", ago(10), sender, copied, role="to")
    message = happened(alice, "email", "inbound", ago(9), sender, role="sender")
    Participant.objects.create(owner=alice, interaction=message, person=copied, role="cc")
    history_refresh(owner=alice, persons=[copied.pk])
    ties_recompute(owner=alice, now=NOW)
    assert Tie.objects.get(person=sender).tie_class != "virtual"
    assert Tie.objects.get(person=copied).tie_class == "virtual"


def test_it_does_not_keep_alive_one_email_exchange_three_years_ago(alice):
    once = person_create(owner=alice, name="Once")
    exchange(alice, once, ago(3 * 365))
    tie = tie_of(alice, once)
    assert tie.tie_class in ("dormant", "weak")
    assert tie.score < 0.3
    assert tie.layer is None or tie.layer >= 150


def test_it_calls_dormant_a_close_collaborator_silent_for_more_than_a_year(alice):
    former = person_create(owner=alice, name="Former")
    for week in range(60):
        exchange(alice, former, ago(400 + 7 * week))
        if week % 4 == 0:
            happened(alice, "video", "mutual", ago(402 + 7 * week), former)
    happened(alice, "email", "outbound", ago(30), former, role="to")  # unanswered
    tie = tie_of(alice, former)
    assert tie.tie_class == "dormant"
    assert tie.layer is None


def test_it_keeps_declared_family_close_even_when_messages_are_few(alice):
    sister = person_create(owner=alice, name="Sister")
    sister.closeness = Closeness.FAMILY
    sister.save()
    happened(alice, "call", "mutual", ago(200), sister)
    tie = tie_of(alice, sister)
    assert tie.tie_class in ("moderate", "strong")
    assert tie.reasons["close"] is True


def test_it_counts_who_starts_the_conversations_and_the_persons_in_common(alice):
    jp, zoe = person_create(owner=alice, name="JP"), person_create(owner=alice, name="Zoé")
    for month in range(12):
        theirs = happened(alice, "email", "inbound", ago(5 + 30 * month), jp, role="sender")
        happened(alice, "email", "outbound", ago(4 + 30 * month), jp, role="to", reply_to=theirs)
    happened(alice, "in_person", "mutual", ago(40), jp, zoe)
    links_rebuild(owner=alice)
    tie = tie_of(alice, jp)
    facts = tie.reasons
    assert (facts["exchanges_12m"], facts["started_by_them"], facts["in_common"]) == (25, 12, 1)
    assert tie.terms["reciprocity"] == 1.0


def test_it_scores_only_the_owner_s_own_history(alice, bob):
    ana = person_create(owner=alice, name="Ana")
    exchange(alice, ana, ago(5))
    assert ties_recompute(owner=bob, now=NOW) == 0
    assert not Tie.objects.filter(owner=bob).exists()
    assert tie_of(alice, ana).tie_class != "virtual"


def test_it_rescores_only_the_persons_touched_and_ranks_them_among_all(alice):
    people = [person_create(owner=alice, name=f"P{i}") for i in range(24)]
    for i, person in enumerate(people):
        weekly = i < 5  # the five seen every week fill the inner layer
        for week in range(40 if weekly else i % 7):
            happened(alice, "video", "mutual", ago(20 + 7 * week + i), person)
    ties_recompute(owner=alice, now=NOW)
    before = dict(Tie.objects.filter(owner=alice).values_list("person_id", "layer"))
    untouched = Tie.objects.get(person=people[1])
    # three others now met in person twice a week, and lately
    touched = [people[9], people[16], people[23]]
    for person in touched:
        for day in range(0, 360, 3):
            happened(alice, "in_person", "mutual", ago(1 + day), person)

    ties_recompute(owner=alice, now=NOW, persons=[p.pk for p in touched])
    partial = {
        t.person_id: (t.score, t.tie_class, t.layer) for t in Tie.objects.filter(owner=alice)
    }
    ties_recompute(owner=alice, now=NOW)
    full = {t.person_id: (t.score, t.tie_class, t.layer) for t in Tie.objects.filter(owner=alice)}

    assert partial == full
    assert {full[p.pk][2] for p in touched} == {5}
    assert {before[p.pk] for p in people[:5]} == {5}
    pushed = [p for p in people[:5] if full[p.pk][2] != 5]
    assert len(pushed) == 3  # out of the five by the three who came in
    assert Tie.objects.get(person=people[1]).score == untouched.score


def test_it_calls_virtual_one_email_three_years_ago_whoever_sent_it(alice):
    mine, theirs = (
        person_create(owner=alice, name="Mine"),
        person_create(owner=alice, name="Theirs"),
    )
    happened(alice, "email", "outbound", ago(3 * 365), mine, role="to")
    happened(alice, "email", "inbound", ago(3 * 365), theirs, role="sender")
    ties_recompute(owner=alice, now=NOW)
    assert Tie.objects.get(person=mine).tie_class == "virtual"
    assert Tie.objects.get(person=theirs).tie_class == "virtual"


def test_it_stores_moments_that_the_orm_finds_again(alice):
    ana, max_ = person_create(owner=alice, name="Ana"), person_create(owner=alice, name="Max")
    precise = ago(2) + timedelta(microseconds=120000)  # written ".120000", not ".120"
    happened(alice, "call", "mutual", precise, ana)
    happened(alice, "call", "mutual", ago(5), max_)
    ties_recompute(owner=alice, now=NOW)
    assert Tie.objects.get(last_two_way_at=precise, last_met_at=precise).person_id == ana.pk
    assert Tie.objects.get(last_two_way_at=ago(5), first_at=ago(5)).person_id == max_.pk
    assert Tie.objects.filter(last_two_way_at__gt=ago(3)).count() == 1
