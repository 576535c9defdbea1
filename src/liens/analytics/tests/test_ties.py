from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from liens.analytics.ties import TieHistory, dunbar_layer, tie_of, ties_of

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def test_it_finds_a_weekly_coffee_partner_strong():
    coffee = TieHistory(
        person_id=1, last_mutual_at=ago(3), exchanges_12m=50, rich_12m=50, first_at=ago(2000)
    )
    assert tie_of(coffee, NOW).tie_class == "strong"


def test_it_calls_virtual_someone_who_never_replies_however_many_messages_i_send():
    ignored = TieHistory(person_id=1, last_outbound_at=ago(2), outbound=200, exchanges_12m=200)
    tie = tie_of(ignored, NOW)
    assert tie.tie_class == "virtual" and tie.score == 0.0
    assert tie.reasons[0]["code"] == "never_two_way"


def test_it_calls_virtual_a_connection_never_written_to():
    connection = TieHistory(person_id=1, connected_on=date(2019, 3, 14))
    assert tie_of(connection, NOW).tie_class == "virtual"


def test_it_calls_dormant_a_tie_whose_last_reply_is_three_years_old():
    old = TieHistory(
        person_id=1, last_inbound_at=ago(1100), last_outbound_at=ago(1095), inbound=5, outbound=6
    )
    tie = tie_of(old, NOW)
    assert tie.tie_class == "dormant"
    assert tie.last_two_way_at == ago(1100)


def test_its_score_grows_with_recency_and_reciprocity():
    def history(days: int, inbound: int) -> TieHistory:
        return TieHistory(
            person_id=1,
            last_inbound_at=ago(days),
            last_outbound_at=ago(days),
            inbound=inbound,
            outbound=10,
            exchanges_12m=10 + inbound,
        )

    assert tie_of(history(10, 5), NOW).score > tie_of(history(200, 5), NOW).score
    assert tie_of(history(10, 9), NOW).score > tie_of(history(10, 1), NOW).score


def test_it_puts_living_ties_in_dunbar_layers_by_rank():
    histories = [
        TieHistory(person_id=i, last_mutual_at=ago(i), exchanges_12m=60 - i, rich_12m=6)
        for i in range(1, 21)
    ] + [TieHistory(person_id=99)]
    layers = {t.person_id: t.layer for t in ties_of(histories, NOW)}
    assert [layers[i] for i in (1, 5, 6, 15, 16, 20)] == [5, 5, 15, 15, 50, 50]
    assert layers[99] is None
    assert dunbar_layer(1501) is None
