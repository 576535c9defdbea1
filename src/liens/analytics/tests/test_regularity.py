from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liens.analytics.regularity import regularity
from liens.analytics.tests.histories import History

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)  # a Saturday
THIS_MONDAY = datetime(2026, 11, 16, tzinfo=UTC)


def week(n: int, days: float = 0, hours: float = 10) -> datetime:
    """A moment n weeks before the current week (0 = this week), days after its Monday."""
    return THIS_MONDAY - timedelta(weeks=n) + timedelta(days=days, hours=hours)


def outbound_at(times) -> pl.DataFrame:
    history = History()
    for i, when in enumerate(times):
        history.add(i % 50, when)
    return history.frame()


def test_it_shows_weeks_with_nothing_as_zeros():
    history = History()
    history.add(1, week(3))
    result = regularity(history.frame(), NOW)
    assert len(result["weeks"]) == 52
    assert result["weeks"][-1]["start"] == "2026-11-16"
    assert result["weeks"][0]["start"] == "2025-11-24"
    starts = [date.fromisoformat(w["start"]) for w in result["weeks"]]
    assert all(s.weekday() == 0 for s in starts)
    assert all(b - a == timedelta(weeks=1) for a, b in pairwise(starts))
    assert result["weeks"][-4] == {"start": "2026-10-26", "outbound": 1, "two_way": 0, "persons": 1}
    empty = {"outbound": 0, "two_way": 0, "persons": 0}
    assert all({k: w[k] for k in empty} == empty for i, w in enumerate(result["weeks"]) if i != 48)
    assert result["outbound_total"] == 1 and result["active_weeks"] == 1


def test_it_gives_an_empty_year_zeros_and_no_burstiness():
    result = regularity(History().frame(), NOW, weeks=8)
    assert len(result["weeks"]) == 8
    assert result["active_weeks"] == 0 and result["active_share"] == 0.0
    assert result["longest_streak"] == result["current_streak"] == 0
    assert result["burstiness"] is None and result["busiest_week"] is None
    assert result["quiet_gaps"] == 7  # the current week, still empty, is not yet quiet


def test_it_gives_minus_one_burstiness_to_a_strictly_weekly_habit():
    result = regularity(outbound_at([week(n) for n in range(52)]), NOW)
    assert result["burstiness"] == -1.0
    assert result["active_weeks"] == 52 and result["active_share"] == 1.0
    assert result["longest_streak"] == result["current_streak"] == 52
    assert result["quiet_gaps"] == 0


def test_it_gives_about_zero_burstiness_to_a_poisson_process():
    rng = np.random.default_rng(2008)
    start = week(51, hours=0)
    offsets = np.cumsum(rng.exponential(scale=4.3, size=2000))  # hours, ~2,000 in a year
    times = [start + timedelta(hours=float(h)) for h in offsets if h < 364 * 24 - 60]
    assert len(times) > 1900
    result = regularity(outbound_at(times), NOW)
    assert abs(result["burstiness"]) <= 0.1


def test_it_gives_high_burstiness_to_two_bursts_a_year():
    spring = [week(40) + timedelta(minutes=43 * i) for i in range(100)]  # 100 in 3 days
    autumn = [week(14) + timedelta(minutes=43 * i) for i in range(100)]
    result = regularity(outbound_at(spring + autumn), NOW)
    assert result["burstiness"] > 0.5
    assert result["active_weeks"] == 2 and result["longest_streak"] == 1
    assert result["busiest_week"]["outbound"] == 100


def test_it_needs_three_outbound_messages_for_a_burstiness():
    assert regularity(outbound_at([week(2), week(1)]), NOW)["burstiness"] is None
    assert regularity(outbound_at([week(3), week(2), week(1)]), NOW)["burstiness"] == -1.0


def test_it_resets_the_streak_after_a_quiet_week():
    active = [10, 9, 8, 7, 6, 4, 3, 2, 1]  # week 5 is quiet, the current week (0) is empty
    result = regularity(outbound_at([week(n) for n in active]), NOW)
    assert result["longest_streak"] == 5
    assert result["current_streak"] == 4  # the current week is still in progress
    assert result["quiet_gaps"] == 41  # weeks 51..11 before the habit started


def test_it_ends_the_current_streak_at_this_week_once_it_is_active():
    result = regularity(outbound_at([week(n) for n in (3, 1, 0)]), NOW)
    assert result["current_streak"] == 2
    assert regularity(outbound_at([week(n) for n in (3, 2)]), NOW)["current_streak"] == 0


def test_it_counts_replies_and_meetings_as_two_way_but_not_unsolicited_mail():
    history = History()
    sent = history.add(1, week(2), thread="t-ana")
    history.add(1, week(2, days=1), direction="inbound", thread="t-ana")  # same thread
    history.add(2, week(2, days=2), direction="inbound", reply_to=sent)  # reply_to_id
    history.add(3, week(2, days=2), thread="")
    history.add(3, week(2, days=3), direction="inbound")  # link unknown, within 30 days
    history.add([4, 5, 6], week(2, days=4), channel="in_person", direction="mutual")
    history.add(7, week(2, days=4), direction="inbound", thread="newsletter")  # never wrote
    history.add(3, week(2, days=4, hours=11), direction="inbound", thread="other")
    history.add(8, week(1), direction="inbound")  # I never wrote to 8
    history.add([8, 9], week(1), channel="event", direction="mutual")  # only the same room
    history.add(10, week(1, days=1), channel="call", direction="outbound")  # a call is two-way
    result = regularity(history.frame(), NOW)
    assert result["weeks"][-3] == {"start": "2026-11-02", "outbound": 2, "two_way": 4, "persons": 6}
    assert result["weeks"][-2] == {"start": "2026-11-09", "outbound": 1, "two_way": 1, "persons": 1}
    assert result["two_way_total"] == 5 and result["outbound_total"] == 3


def test_it_links_a_reply_to_a_message_sent_before_the_window():
    history = History()
    history.add(1, week(60), thread="old")
    history.add(1, week(20), direction="inbound", thread="old")
    history.add(1, week(60, days=1))
    history.add(1, week(55), direction="inbound")  # too late for the 30-day fallback
    result = regularity(history.frame(), NOW, weeks=58)
    assert result["two_way_total"] == 1 and result["outbound_total"] == 0


def test_it_ignores_what_is_after_now_or_before_the_window():
    times = [week(0, days=6), week(52), week(10)]  # Sunday after NOW, a year ago, in window
    result = regularity(outbound_at(times), NOW)
    assert result["outbound_total"] == 1


def test_it_picks_the_busiest_week_by_outbound_then_two_way():
    history = History()
    for _ in range(3):
        history.add(1, week(5))
        history.add(2, week(9))
    history.add(2, week(9), channel="call", direction="mutual")
    busiest = regularity(history.frame(), NOW)["busiest_week"]
    assert busiest == {"start": "2026-09-14", "outbound": 3, "two_way": 1, "persons": 1}


def test_it_cuts_weeks_at_monday_midnight_utc_whatever_the_frame_time_zone():
    history = History()
    history.add(1, THIS_MONDAY - timedelta(minutes=30))  # Monday 00:30 in Paris
    frame = history.frame().with_columns(pl.col("occurred_at").dt.convert_time_zone("Europe/Paris"))
    result = regularity(frame, NOW)
    assert result["weeks"][-2]["outbound"] == 1 and result["weeks"][-1]["outbound"] == 0


def test_it_refuses_a_naive_now():
    with pytest.raises(ValueError, match="timezone"):
        regularity(History().frame(), datetime(2026, 11, 21))


events = st.lists(
    st.tuples(
        st.integers(0, 5),  # person
        st.integers(0, 80 * 24),  # hours before NOW
        st.sampled_from(["email", "message", "call", "in_person"]),
        st.sampled_from(["outbound", "inbound", "mutual"]),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events, st.integers(1, 12))
def test_it_keeps_its_figures_consistent(history_events, weeks):
    history = History()
    for person, hours, channel, direction in history_events:
        history.add(person, NOW - timedelta(hours=hours), channel, direction)
    result = regularity(history.frame(), NOW, weeks=weeks)
    outbound = [w["outbound"] for w in result["weeks"]]
    assert len(outbound) == weeks
    assert result["active_weeks"] == sum(1 for n in outbound if n) <= weeks
    assert 0.0 <= result["active_share"] <= 1.0
    assert result["current_streak"] <= result["longest_streak"] <= result["active_weeks"]
    assert result["quiet_gaps"] + result["active_weeks"] <= weeks
    assert result["outbound_total"] == sum(outbound)
    assert result["burstiness"] is None or -1.0 <= result["burstiness"] <= 1.0
