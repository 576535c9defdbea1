from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liens.analytics.outreach import outreach
from liens.analytics.tests.histories import History

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def ago(days: float, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days) + timedelta(hours=hours)


def test_it_finds_fifteen_percent_when_three_of_twenty_cold_emails_are_answered():
    history = History()
    for person in range(20):
        history.cold_email(person, ago(60))
    for person in range(3):
        history.reply(person, ago(59))
    result = outreach(history.frame(), NOW)
    assert result["first_messages"] == 20 and result["replied"] == 3
    assert result["reply_rate"] == 0.15 == result["reference_rate"]
    assert result["unanswered"] == 17


def test_it_measures_the_median_reply_delay_in_hours():
    history = History()
    for person, hours in ((1, 1), (2, 2), (3, 30)):
        history.cold_email(person, ago(40))
        history.reply(person, ago(40, hours=hours))
    history.cold_email(4, ago(40))
    result = outreach(history.frame(), NOW)
    assert result["median_reply_hours"] == 2.0
    assert result["reply_delays_hours"] == {"q1": 1.5, "median": 2.0, "q3": 16.0}
    assert result["replied_within_day_share"] == 0.6667


def test_it_counts_a_second_email_a_week_later_as_a_follow_up():
    history = History()
    for person in range(4):
        history.cold_email(person, ago(50))
    history.cold_email(0, ago(43))
    history.cold_email(1, ago(43))
    history.cold_email(2, ago(5))  # 45 days later: a new attempt, not a follow-up
    result = outreach(history.frame(), NOW)
    assert result["unanswered"] == 4
    assert result["followed_up"] == 2 and result["followed_up_share"] == 0.5
    assert result["replied_after_follow_up"] == 0


def test_it_counts_a_reply_to_the_follow_up_in_its_own_thread():
    history = History()
    history.add(1, ago(50), thread="first")
    follow_up = history.add(1, ago(45), thread="second")
    history.add(1, ago(44), direction="inbound", reply_to=follow_up)
    result = outreach(history.frame(), NOW)
    assert result["replied"] == 1 and result["replied_after_follow_up"] == 1
    assert result["followed_up"] == 0  # counted among the unanswered only
    assert result["median_reply_hours"] == 144.0


def test_it_does_not_count_as_follow_up_a_message_sent_after_the_reply():
    history = History()
    history.cold_email(1, ago(50))
    history.reply(1, ago(49))
    history.cold_email(1, ago(48))
    result = outreach(history.frame(), NOW)
    assert result["replied_after_follow_up"] == 0 and result["followed_up"] == 0


def test_it_converts_a_reply_followed_by_a_call_ten_days_later():
    history = History()
    for person in (1, 2):
        history.cold_email(person, ago(200))
        history.reply(person, ago(199))
    history.add(1, ago(189), channel="call", direction="mutual")
    history.add(2, ago(199 - 120), channel="in_person", direction="mutual")  # too late
    result = outreach(history.frame(), NOW)
    assert result["converted"] == 1 and result["conversion_rate"] == 0.5


def test_it_counts_a_call_after_an_unanswered_email_apart():
    history = History()
    history.cold_email(1, ago(30))
    history.add(1, ago(27), channel="call", direction="outbound")
    result = outreach(history.frame(), NOW)
    assert result["converted"] == 0 and result["conversion_rate"] is None
    assert result["converted_without_reply"] == 1


def test_it_does_not_count_an_email_to_someone_i_already_met():
    history = History()
    history.add(1, ago(400), channel="in_person", direction="mutual")
    history.cold_email(1, ago(30))
    history.add(2, ago(40), direction="inbound")  # they wrote first
    history.cold_email(2, ago(39))
    history.add(3, ago(40), channel="social", direction="outbound")  # a connection request
    history.cold_email(3, ago(39))
    result = outreach(history.frame(), NOW)
    assert result["first_messages"] == 0 and result["reply_rate"] is None


def test_it_counts_each_new_recipient_of_a_group_email():
    history = History()
    history.add(9, ago(300), channel="in_person", direction="mutual")
    history.add([1, 2, 9], ago(30), thread="intro")
    history.add(2, ago(29), direction="inbound", thread="intro")
    result = outreach(history.frame(), NOW)
    assert result["first_messages"] == 2 and result["replied"] == 1


def test_it_recognises_replies_by_reply_to_id_and_without_any_thread():
    history = History()
    sent = history.add(1, ago(60))
    history.add(1, ago(59), direction="inbound", thread="their-thread", reply_to=sent)
    history.add(2, ago(60))
    history.add(2, ago(50), channel="message", direction="inbound")  # no link, within 30 days
    history.add(3, ago(60))
    history.add(3, ago(20), direction="inbound")  # no link, after 30 days
    history.cold_email(4, ago(60))
    history.add(4, ago(59), direction="inbound", thread="elsewhere")  # another known thread
    history.cold_email(5, ago(60))
    history.reply(5, ago(59), channel="call")  # a call is not a written reply
    result = outreach(history.frame(), NOW)
    assert result["first_messages"] == 5 and result["replied"] == 2


def test_it_splits_emails_from_linkedin_messages():
    history = History()
    for person in range(4):
        history.cold_email(person, ago(30))
    for person in range(4, 6):
        history.cold_email(person, ago(30), channel="message")
    history.reply(0, ago(29))
    history.reply(4, ago(29), channel="message")
    by_channel = outreach(history.frame(), NOW)["by_channel"]
    assert by_channel == {
        "email": {"first_messages": 4, "replied": 1, "reply_rate": 0.25},
        "message": {"first_messages": 2, "replied": 1, "reply_rate": 0.5},
    }


def test_it_leaves_last_weeks_first_messages_out_as_pending():
    history = History()
    for person in range(3):
        history.cold_email(person, ago(3))
    history.reply(0, ago(2))
    history.cold_email(9, ago(30))
    result = outreach(history.frame(), NOW)
    assert result["pending"] == 2 and result["recent_replied"] == 1
    assert result["first_messages"] == 1 and result["reply_rate"] == 0.0


def test_it_keeps_only_first_messages_since_a_date_and_before_now():
    history = History()
    history.cold_email(1, ago(100))
    history.cold_email(2, ago(20))
    history.cold_email(3, NOW + timedelta(days=1))
    assert outreach(history.frame(), NOW)["first_messages"] == 2
    assert outreach(history.frame(), NOW, since=ago(50))["first_messages"] == 1


def test_it_reports_nothing_without_outreach():
    result = outreach(History().frame(), NOW)
    assert result["first_messages"] == 0 and result["reply_rate"] is None
    assert result["median_reply_hours"] is None and result["reply_delays_hours"] is None
    assert result["by_channel"]["email"] == {"first_messages": 0, "replied": 0, "reply_rate": None}


cold_histories = st.lists(
    st.tuples(
        st.integers(8, 120),  # days ago of the first email
        st.sampled_from(["email", "message"]),
        st.one_of(st.none(), st.integers(1, 24 * 40)),  # hours to their answer, if any
        st.one_of(st.none(), st.integers(1, 24 * 40)),  # hours to my follow-up, if any
        st.one_of(st.none(), st.integers(1, 24 * 100)),  # hours to a call, if any
    ),
    max_size=25,
)


def build(histories) -> History:
    history = History()
    for person, (days, channel, answer, follow_up, call) in enumerate(histories):
        first = ago(days)
        history.cold_email(person, first, channel)
        for hours, direction, kind in (
            (answer, "inbound", channel),
            (follow_up, "outbound", channel),
            (call, "mutual", "call"),
        ):
            if hours is not None:
                history.add(person, first + timedelta(hours=hours), kind, direction, f"t{person}")
    return history


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cold_histories)
def test_it_keeps_its_rates_between_zero_and_one(histories):
    result = outreach(build(histories).frame(), NOW)
    for key in ("reply_rate", "followed_up_share", "conversion_rate", "replied_within_day_share"):
        assert result[key] is None or 0.0 <= result[key] <= 1.0
    assert result["replied"] + result["unanswered"] == result["first_messages"]
    assert result["followed_up"] <= result["unanswered"]
    assert result["converted"] <= result["replied"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cold_histories, st.data())
def test_it_never_lowers_the_rate_when_a_reply_is_added(histories, data):
    history = build(histories)
    before = outreach(history.frame(), NOW)
    person = data.draw(st.integers(0, max(len(histories) - 1, 0)))
    hours = data.draw(st.integers(1, 24 * 7))
    first = ago(histories[person][0]) if histories else ago(30)
    history.reply(person, first + timedelta(hours=hours))
    after = outreach(history.frame(), NOW)
    assert (after["reply_rate"] or 0.0) >= (before["reply_rate"] or 0.0)
    assert after["replied"] >= before["replied"]
