"""The months of the history (HistoryMonth): tie strength reads them instead of every
participation, so they must say what the participations say after every kind of write."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from liens.analytics.ties import CHANNEL_RICHNESS, HISTORY_SCHEMA
from liens.demo.generator import DEFAULT_TODAY
from liens.importers.services import import_path
from liens.interactions.history import history_catch_up, history_refresh
from liens.interactions.models import HistoryMonth, Participant
from liens.interactions.services import interaction_log
from liens.people.merges import person_merge, person_unmerge
from liens.people.models import Person
from liens.people.resolving import resolution_run
from liens.people.services import me_update
from liens.ties.selectors import tie_histories
from liens.ties.services import ties_recompute

_COUNTS = [
    "n_in",
    "n_out",
    "n_12m",
    "started_them_12m",
    "started_me_12m",
    "rich_12m",
    "n_all",
    "rich_all",
]
_MOMENTS = ["last_in", "last_out", "last_mutual", "last_in_person", "first_at"]


def _by_hand(owner, now: datetime) -> pl.DataFrame:
    """Each person's history summed in Python from every participation: the definition
    the months must keep."""
    year_ago = now - timedelta(days=365)
    people: dict[int, dict] = {}
    rows = Participant.objects.filter(owner=owner, interaction__occurred_at__lte=now).values_list(
        "person_id",
        "role",
        "interaction__occurred_at",
        "interaction__channel",
        "interaction__direction",
        "interaction__reply_to_id",
    )
    for person, role, at, channel, direction, reply_to in rows:
        h = people.setdefault(person, dict.fromkeys(_COUNTS, 0))
        from_them = direction == "inbound" and role not in ("to", "cc")
        mutual = channel in ("in_person", "call", "video") or (
            direction == "mutual" and channel not in ("event", "social")
        )
        weight = CHANNEL_RICHNESS[channel]
        h["n_all"] += 1
        h["rich_all"] += weight
        h["n_in"] += from_them
        h["n_out"] += direction == "outbound"
        for key, hit in (
            ("last_in", from_them),
            ("last_out", direction == "outbound"),
            ("last_mutual", mutual),
            ("last_in_person", channel == "in_person"),
            ("first_at", True),
        ):
            keep = min if key == "first_at" else max
            if hit:
                h[key] = keep(h.get(key) or at, at)
        if at >= year_ago:
            h["n_12m"] += 1
            h["rich_12m"] += weight
            h["started_them_12m"] += from_them and reply_to is None
            h["started_me_12m"] += direction == "outbound" and reply_to is None
    return pl.DataFrame(
        [{"person_id": p, **h} for p, h in people.items()],
        schema={k: HISTORY_SCHEMA[k] for k in ["person_id", *_COUNTS, *_MOMENTS]},
    )


def _assert_histories_agree(owner, now: datetime) -> None:
    """Everyone's (from the months) and a few persons' (from their participations)."""
    expected = _by_hand(owner, now).sort("person_id")
    some = expected["person_id"].to_list()[::3]
    for persons, want in (
        (None, expected),
        (some, expected.filter(pl.col("person_id").is_in(some))),
    ):
        got = tie_histories(owner, now, persons).filter(pl.col("n_all") > 0)
        got = got.select(want.columns).sort("person_id")
        assert got["person_id"].to_list() == want["person_id"].to_list()
        for column in want.columns:
            if want.schema[column] == pl.Float64:
                assert (got[column] - want[column]).abs().max() < 1e-9, column
            else:
                assert got[column].to_list() == want[column].to_list(), column


def _stored(owner) -> list[tuple]:
    fields = [f.attname for f in HistoryMonth._meta.concrete_fields if f.name != "id"]
    return sorted(HistoryMonth.objects.filter(owner=owner).values_list(*fields))


def _assert_kept(owner) -> None:
    """The months stored are those a rebuild from every participation gives."""
    kept = _stored(owner)
    history_refresh(owner=owner)
    assert kept == _stored(owner)


@pytest.fixture
def network(demo_owner, demo):
    for path in (demo.linkedin_zip, demo.vcard, demo.google_csv, demo.mbox, demo.ics):
        assert import_path(owner=demo_owner, path=path).errors == []
    return demo_owner


@pytest.fixture
def summed(network):
    history_catch_up(owner=network)
    return network


@pytest.mark.parametrize(
    "now",
    [
        datetime.combine(DEFAULT_TODAY, datetime.min.time(), UTC) + timedelta(hours=18),
        datetime(DEFAULT_TODAY.year, DEFAULT_TODAY.month, 1, tzinfo=UTC),  # a month's first instant
        datetime(2026, 3, 31, 23, 59, 59, tzinfo=UTC),  # the cut at the end of a month too
        datetime(2025, 3, 1, 0, 0, 1, tzinfo=UTC),  # the year before ends on the 1st
    ],
    ids=["today", "first-of-month", "end-of-month", "after-a-29-day-month"],
)
def test_ties_read_from_the_months_what_every_participation_says(summed, now):
    _assert_histories_agree(summed, now)


def test_the_months_of_an_import_are_summed_before_every_tie_is_read(network):
    assert not HistoryMonth.objects.filter(owner=network).exists()  # left by the imports
    ties_recompute(owner=network)
    assert HistoryMonth.objects.filter(owner=network).exists()
    _assert_kept(network)
    assert history_catch_up(owner=network) == 0  # every run summed once


def test_merges_unmerges_and_logged_meetings_keep_the_months(summed):
    network = summed
    resolution_run(owner=network, apply=True)
    _assert_kept(network)
    busy = sorted(
        Person.objects.filter(owner=network, is_me=False),
        key=lambda p: -p.participations.count(),
    )[:3]
    survivor = person_merge(owner=network, persons=busy[:2])
    _assert_kept(network)
    interaction_log(
        owner=network,
        channel="in_person",
        persons=[survivor, busy[2]],
        occurred_at=datetime(2026, 11, 20, 12, tzinfo=UTC),
    )
    _assert_kept(network)
    person_unmerge(owner=network, person=survivor)
    _assert_kept(network)
    _assert_histories_agree(network, datetime(2026, 11, 21, 18, tzinfo=UTC))


def _mail(path: Path, *messages: tuple[str, str, str, str]) -> Path:
    lines = []
    for sender, to, message_id, replies_to in messages:
        lines += [
            "From - Mon Mar 02 10:00:00 2026",
            f"From: {sender}",
            f"To: {to}",
            "Date: Mon, 2 Mar 2026 10:00:00 +0000"
            if not replies_to
            else "Date: Tue, 3 Mar 2026 09:00:00 +0000",
            f"Message-ID: <{message_id}>",
            *([f"In-Reply-To: <{replies_to}>"] if replies_to else []),
            "Subject: projet",
            "",
            "body",
            "",
        ]
    path.write_text("\n".join(lines))
    return path


def test_a_message_imported_after_its_answer_makes_the_answer_a_reply(alice, tmp_path):
    """Bob's answer, imported first, looks like a conversation he started; once my message
    arrives in a second export (sent to his other address, so he takes no part in that
    import), it is his reply, and his months say so."""
    me_update(owner=alice, name="Camille Laurent", emails=["camille.laurent@gmail.com"])
    camille, bob = "Camille Laurent <camille.laurent@gmail.com>", "Bob Martin <bob@acme.fr>"
    other = "Robert Martin <robert.martin@laposte.net>"
    answer = _mail(tmp_path / "answer.mbox", (bob, camille, "b1@acme.fr", "c1@gmail.com"))
    question = _mail(tmp_path / "question.mbox", (camille, other, "c1@gmail.com", ""))
    import_path(owner=alice, path=answer, format_name="mbox")
    history_catch_up(owner=alice)
    (month,) = HistoryMonth.objects.filter(owner=alice)
    assert (month.n_in, month.started_them) == (1, 1)
    import_path(owner=alice, path=question, format_name="mbox")
    assert history_catch_up(owner=alice) == 2  # Robert, and Bob through his answer
    month = HistoryMonth.objects.get(owner=alice, person=month.person)
    assert (month.n_in, month.started_them) == (1, 0)
    _assert_kept(alice)
