"""InteractionBatch: interactions handed over column by column keep who took part in which."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from liens.importers.base import InteractionBatch, PersonRef, RawInteraction

_PEOPLE = [PersonRef(name=f"P{n}", email=f"p{n}@example.org", role="to") for n in range(6)]


@st.composite
def interactions(draw: st.DrawFn) -> list[RawInteraction]:
    count = draw(st.integers(0, 12))
    return [
        RawInteraction(
            source=draw(st.sampled_from(["mbox", "linkedin"])),
            key=f"k{draw(st.integers(0, 8))}",
            line=n + 1,
            channel="email",
            direction=draw(st.sampled_from(["inbound", "outbound"])),
            occurred_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n),
            participants=tuple(draw(st.lists(st.sampled_from(_PEOPLE), max_size=4))),
            subject=f"subject {n}",
        )
        for n in range(count)
    ]


@given(interactions())
def test_one_batch_per_source_and_the_last_of_a_repeated_key_wins(raws) -> None:
    batches = InteractionBatch.of(raws)

    assert len({b.source for b in batches}) == len(batches)
    for batch in batches:
        expected = {r.key: r for r in raws if r.source == batch.source}
        assert batch.records() == list(expected.values())


@given(interactions(), st.data())
def test_taking_some_interactions_keeps_their_own_participants(raws, data) -> None:
    batch = (InteractionBatch.of(raws) or [InteractionBatch("mbox")])[0]
    records = batch.records()
    positions = data.draw(st.lists(st.integers(0, len(records) - 1), max_size=6)) if records else []

    taken = batch.take(positions)

    assert taken.records() == [records[i] for i in positions]
    assert len(taken.participants) == sum(taken.people)
