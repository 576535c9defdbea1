from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from liens.analytics.ties import (
    DUNBAR_LAYERS,
    WEIGHTS,
    TieHistory,
    histories_frame,
    ties_frame,
)

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def tie(history: TieHistory) -> dict:
    return ties_frame(histories_frame([history]), NOW).row(0, named=True)


def test_its_weights_share_the_whole_score():
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    assert max(WEIGHTS, key=WEIGHTS.get) == "recency"


def test_it_finds_a_weekly_coffee_partner_strong():
    coffee = TieHistory(
        1,
        last_mutual=ago(3),
        last_in_person=ago(3),
        first_at=ago(2000),
        n_12m=50,
        rich_12m=50.0,
    )
    result = tie(coffee)
    assert result["tie_class"] == "strong"
    assert result["score"] > 0.8


def test_it_calls_virtual_someone_who_never_replies_however_many_emails_i_send():
    ignored = TieHistory(1, last_out=ago(2), n_out=200, n_12m=200, started_me_12m=200)
    result = tie(ignored)
    assert result["tie_class"] == "virtual"
    assert result["score"] == 0.0


def test_it_calls_virtual_a_connection_never_written_to():
    assert tie(TieHistory(1, connected_on=date(2019, 3, 14)))["tie_class"] == "virtual"


def test_it_does_not_call_one_email_exchange_three_years_ago_a_living_tie():
    once = TieHistory(
        1, last_in=ago(1100), last_out=ago(1101), n_in=1, n_out=1, n_all=2, rich_all=0.7
    )
    assert tie(once)["tie_class"] in ("dormant", "weak")
    assert tie(once)["score"] < 0.3


def test_it_calls_dormant_a_tie_that_was_close_and_went_quiet_for_more_than_a_year():
    faded = TieHistory(
        1,
        last_in=ago(400),
        last_out=ago(401),
        last_mutual=ago(420),
        first_at=ago(2500),
        n_in=30,
        n_out=32,
        n_all=62,
        rich_all=30.0,
    )
    result = tie(faded)
    assert result["tie_class"] == "dormant"
    assert result["last_two_way"] == ago(401)  # my message, then their answer


def test_it_keeps_a_declared_friend_at_least_moderate_whatever_the_messages_say():
    friend = TieHistory(1, declared_close=True, last_mutual=ago(700), n_all=2)
    assert tie(friend)["tie_class"] in ("moderate", "strong")


@given(
    st.integers(min_value=0, max_value=3000),
    st.integers(min_value=1, max_value=500),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=1, max_value=60),
)
def test_its_score_never_grows_as_the_last_exchange_gets_older(days, later, n_in, n_out):
    def history(age: int) -> TieHistory:
        return TieHistory(
            1, last_in=ago(age), last_out=ago(age), n_in=n_in, n_out=n_out, n_12m=n_in + n_out
        )

    assert tie(history(days))["score"] >= tie(history(days + later))["score"]


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=39),
)
def test_its_score_never_drops_when_they_answer_more(days, n_out, n_in):
    def history(answers: int) -> TieHistory:
        return TieHistory(
            1,
            last_in=ago(days) if answers else None,
            last_out=ago(days),
            n_in=answers,
            n_out=n_out,
            n_12m=n_out + answers,
        )

    n_in = min(n_in, n_out - 1)
    assert tie(history(n_in + 1))["score"] >= tie(history(n_in))["score"]


def test_it_puts_living_ties_in_dunbar_layers_by_rank():
    histories = [
        TieHistory(i, last_mutual=ago(i), n_12m=60 - i, rich_12m=6.0) for i in range(1, 21)
    ] + [TieHistory(99)]
    frame = ties_frame(histories_frame(histories), NOW)
    layers = dict(zip(frame["person_id"], frame["layer"], strict=True))
    assert [layers[i] for i in (1, 5, 6, 15, 16, 20)] == [5, 5, 15, 15, 50, 50]
    assert layers[99] is None
    assert set(DUNBAR_LAYERS) >= {v for v in layers.values() if v}


def test_it_keeps_out_of_a_layer_who_is_not_in_touch_as_often_as_it_needs():
    weekly = [TieHistory(1, last_mutual=ago(2), n_12m=52, rich_12m=52.0)]
    monthly = [TieHistory(i, last_mutual=ago(i), n_12m=12, rich_12m=12.0) for i in range(2, 6)]
    frame = ties_frame(histories_frame(weekly + monthly), NOW)
    layers = dict(zip(frame["person_id"], frame["layer"], strict=True))
    assert layers[1] == 5
    assert {layers[i] for i in range(2, 6)} == {15}
