from __future__ import annotations

from datetime import UTC, datetime

from liens.interactions.models import Link
from liens.interactions.services import interaction_log, links_rebuild
from liens.people.services import person_create

WHEN = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_it_links_persons_who_met_together_weighted_by_meetings(alice, bob):
    ana, jp, zoe, max_ = (person_create(owner=alice, name=n) for n in ("Ana", "JP", "Zoé", "Max"))
    interaction_log(owner=alice, channel="in_person", persons=[ana, jp, zoe], occurred_at=WHEN)
    interaction_log(owner=alice, channel="video", persons=[ana, jp], occurred_at=WHEN)
    interaction_log(owner=alice, channel="email", persons=[ana, max_], occurred_at=WHEN)

    links_rebuild(owner=alice)
    links_rebuild(owner=alice)  # rebuilding gives the same links, not twice as many

    pairs = {
        frozenset((link.person_a_id, link.person_b_id)): link.weight
        for link in Link.objects.filter(owner=alice, kind="met")
    }
    assert pairs == {
        frozenset((ana.pk, jp.pk)): 2,
        frozenset((ana.pk, zoe.pk)): 1,
        frozenset((jp.pk, zoe.pk)): 1,
    }
    assert not Link.objects.filter(owner=bob).exists()


def test_it_logs_a_call_as_two_way_and_an_email_as_sent_by_me(alice):
    ana = person_create(owner=alice, name="Ana")
    call = interaction_log(owner=alice, channel="call", persons=[ana], occurred_at=WHEN)
    email = interaction_log(owner=alice, channel="email", persons=[ana], occurred_at=WHEN)
    assert (call.direction, email.direction) == ("mutual", "outbound")
    assert list(ana.interactions.order_by("pk")) == [call, email]


def test_it_links_the_persons_of_a_small_group_message_not_those_of_a_mailing(alice):
    from liens.interactions.services import GROUP_AT_MOST

    team = [person_create(owner=alice, name=f"T{i}") for i in range(3)]
    crowd = [person_create(owner=alice, name=f"C{i}") for i in range(GROUP_AT_MOST + 2)]
    interaction_log(owner=alice, channel="email", persons=team, occurred_at=WHEN)
    interaction_log(owner=alice, channel="email", persons=crowd, occurred_at=WHEN)

    links_rebuild(owner=alice)

    linked = {
        frozenset((link.person_a_id, link.person_b_id))
        for link in Link.objects.filter(owner=alice, kind="thread")
    }
    assert linked == {frozenset((a.pk, b.pk)) for a in team for b in team if a.pk < b.pk}
