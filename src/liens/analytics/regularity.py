"""Activity and regularity: section 5 of the network diagnosis.

Seed 001: networking and sales done intermittently, only when the pipeline runs dry, fail;
what works is a habit kept week after week. This section makes the intermittence visible:
outbound and two-way exchanges per week over the last year, streaks of active weeks, the
longest quiet gap and the burstiness of my outreach (Goh & Barabási 2008, EPL 81:48002).

Pure module: polars and numpy only, no Django (an import-linter contract enforces it). Every
figure is a set-based polars expression over the whole frame: no loop over persons or rows.
The clock is never read: the caller passes ``now``.

Input, ``PARTICIPATIONS_SCHEMA``: one row per (interaction, person) participation between me
and another person (a meeting with three people is three rows sharing one interaction_id)::

    interaction_id  Int64                 the interaction
    person_id       Int64                 the other person
    occurred_at     Datetime("us", "UTC") when it happened
    channel         Utf8                  in_person, call, video, email, message, event, social
    direction       Utf8                  outbound (I sent it), inbound (they sent it),
                                          mutual (a meeting or call both attended)
    thread          Utf8                  thread key, "" when none (always "" for a meeting/call)
    reply_to_id     Int64, nullable       the interaction this one answers, when known

Definitions (counts are of distinct interactions, never of rows):

- A week runs Monday 00:00 to Sunday 24:00 UTC. The window is the ``weeks`` full weeks ending
  with the current week (the one holding ``now``); nothing after ``now`` counts; a week with
  nothing in it appears with zeros.
- *Outbound*: direction ``outbound``, any channel (an outbound call is outbound and two-way).
- *Two-way*: two-way by nature (a call, video call or in-person meeting in any direction, or
  any other ``mutual`` interaction except an event or social one, where we were only in the same
  room or feed; the same rule as tie strength), or an ``inbound`` one that answers me: its
  reply_to_id is one of my outbound interactions, or its thread key is non-empty and I had
  written in that thread before it, or, when the link is unknown (no reply_to_id and no thread
  key), I had written to that person in the ``REPLY_FALLBACK`` (30 days) before it. Unsolicited
  inbound mail is not two-way.
- *Persons*: distinct persons in that week's outbound or two-way interactions.
- *Active week*: at least one outbound interaction. The current week is still in progress: when
  it has no outbound yet, it neither breaks the current streak (which then ends last week) nor
  counts as a quiet week. ``quiet_gaps`` is the longest run of weeks without outbound.
- *Busiest week*: the most outbound, then the most two-way, then the latest; None when no
  week is active.
- *Burstiness* B = (σ − μ)/(σ + μ) of the times between consecutive outbound interactions in the
  window (population σ): −1 for a metronome, about 0 for a Poisson process, towards 1 for bursts
  separated by long silences. None with fewer than 3 outbound interactions (2 gaps).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import polars as pl

from liens.analytics.ties import RICH_CHANNELS

PARTICIPATIONS_SCHEMA: dict[str, pl.DataType] = {
    "interaction_id": pl.Int64(),
    "person_id": pl.Int64(),
    "occurred_at": pl.Datetime("us", "UTC"),
    "channel": pl.Utf8(),
    "direction": pl.Utf8(),
    "thread": pl.Utf8(),
    "reply_to_id": pl.Int64(),
}
REPLY_FALLBACK = timedelta(days=30)
SAME_ROOM_CHANNELS = ("event", "social")  # mutual there means seen together, not talked
WEEK_US = 7 * 24 * 3600 * 1_000_000

_at = pl.col("occurred_at")
_direction = pl.col("direction")


def utc(now: datetime) -> datetime:
    """``now`` in UTC; a naive datetime is refused rather than guessed."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def participations(frame: pl.DataFrame) -> pl.LazyFrame:
    """The frame as PARTICIPATIONS_SCHEMA, lazily: extra columns dropped, thread never null."""
    missing = sorted(set(PARTICIPATIONS_SCHEMA) - set(frame.columns))
    if missing:
        raise ValueError(f"participations frame lacks columns: {', '.join(missing)}")
    at_type = frame.schema["occurred_at"]
    if not isinstance(at_type, pl.Datetime) or at_type.time_zone is None:
        raise ValueError("occurred_at must be a timezone-aware Datetime column")
    return frame.lazy().select(
        pl.col("interaction_id", "person_id", "reply_to_id").cast(pl.Int64),
        _at.dt.convert_time_zone("UTC").dt.cast_time_unit("us"),
        pl.col("channel", "direction").cast(pl.Utf8),
        pl.col("thread").cast(pl.Utf8).fill_null(""),
    )


def _answers_me(lf: pl.LazyFrame, inbound: pl.LazyFrame, since: datetime) -> pl.LazyFrame:
    """The ``inbound`` rows (all from ``since`` on) that answer one of my outbound interactions.

    Three narrow joins rather than one wide one: each rule only reads the rows it can match.
    A row matched by two rules appears twice, which the distinct counts absorb.
    """
    columns = ["interaction_id", "person_id", "occurred_at"]
    mine = lf.filter(_direction == "outbound")
    by_id = (
        inbound.filter(pl.col("reply_to_id").is_not_null())
        .join(
            mine.select("interaction_id", _at.alias("_mine_at")),
            left_on="reply_to_id",
            right_on="interaction_id",
        )
        .filter(pl.col("_mine_at") < _at)
    )
    first_in_thread = (
        mine.filter(pl.col("thread") != "").group_by("thread").agg(_at.min().alias("_mine_at"))
    )
    by_thread = (
        inbound.filter(pl.col("thread") != "")
        .join(first_in_thread, on="thread")
        .filter(pl.col("_mine_at") < _at)
    )
    recent_mine = (
        mine.filter(_at >= since - REPLY_FALLBACK)
        .select("person_id", _at.alias("_mine_at"))
        .sort("_mine_at")
    )
    by_person = (
        inbound.filter(pl.col("reply_to_id").is_null() & (pl.col("thread") == ""))
        .sort("occurred_at")
        .join_asof(
            recent_mine,
            left_on="occurred_at",
            right_on="_mine_at",
            by="person_id",
            strategy="backward",
            allow_exact_matches=False,
            tolerance=REPLY_FALLBACK,
            check_sortedness=False,  # both sides sorted just above
        )
        .filter(pl.col("_mine_at").is_not_null())
    )
    return pl.concat([rule.select(columns) for rule in (by_id, by_thread, by_person)])


def _runs(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of True in a boolean array."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return np.flatnonzero(edges == -1) - np.flatnonzero(edges == 1)


def burstiness(gaps: np.ndarray) -> float | None:
    """Goh & Barabási (2008) B of inter-event times; None below 2 gaps or with all gaps zero."""
    if gaps.size < 2:
        return None
    mu, sigma = float(gaps.mean()), float(gaps.std())
    if sigma + mu == 0:
        return None
    return round((sigma - mu) / (sigma + mu), 4)


def regularity(frame: pl.DataFrame, now: datetime, *, weeks: int = 52) -> dict:
    """Weekly outbound and two-way activity, streaks, quiet gaps and burstiness (seed 001)."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    now = utc(now)
    current_monday = (now - timedelta(days=now.weekday())).date()
    first_monday = current_monday - timedelta(weeks=weeks - 1)
    start = datetime(first_monday.year, first_monday.month, first_monday.day, tzinfo=UTC)
    # Materialised once: polars would otherwise replan it in every branch below.
    lf = participations(frame).filter(_at <= now).collect().lazy()
    window = lf.filter(_at >= start)

    answers = _answers_me(lf, window.filter(_direction == "inbound"), start)
    by_nature = pl.col("channel").is_in(RICH_CHANNELS) | (
        (_direction == "mutual") & ~pl.col("channel").is_in(SAME_ROOM_CHANNELS)
    )
    flagged = pl.concat(
        [
            window.filter((_direction == "outbound") | by_nature).select(
                "interaction_id",
                "person_id",
                "occurred_at",
                outbound=_direction == "outbound",
                two_way=by_nature,
            ),
            answers.with_columns(outbound=pl.lit(False), two_way=pl.lit(True)),
        ]
    ).with_columns(
        week=((_at.dt.epoch("us") - int(start.timestamp()) * 1_000_000) // WEEK_US).cast(pl.Int32)
    )
    flagged = flagged.collect().lazy()  # read by the three queries below
    out_id = pl.col("interaction_id").filter(pl.col("outbound"))
    two_id = pl.col("interaction_id").filter(pl.col("two_way"))
    counts = [
        out_id.n_unique().alias("outbound"),
        two_id.n_unique().alias("two_way"),
        pl.col("person_id").n_unique().alias("persons"),
    ]
    per_week, totals, outbound_times = pl.collect_all(
        [
            flagged.group_by("week").agg(counts),
            flagged.select(counts[:2]),
            flagged.filter(pl.col("outbound"))
            .unique("interaction_id")
            .select(_at.dt.epoch("us").sort()),
        ]
    )

    grid = {name: np.zeros(weeks, dtype=np.int64) for name in ("outbound", "two_way", "persons")}
    index = per_week["week"].to_numpy()
    for name, values in grid.items():
        values[index] = per_week[name].to_numpy()
    mondays = [(first_monday + timedelta(weeks=i)).isoformat() for i in range(weeks)]
    table = [
        {"start": mondays[i], **{name: int(values[i]) for name, values in grid.items()}}
        for i in range(weeks)
    ]

    active = grid["outbound"] > 0
    settled = active if active[-1] else active[:-1]  # the current week, if empty, is undecided
    quiet = _runs(~settled)
    last_quiet = np.flatnonzero(~settled)
    current = settled.size - (int(last_quiet[-1]) + 1 if last_quiet.size else 0)
    busiest = None
    if active.any():
        # most outbound, then most two-way, then the latest week
        order = np.lexsort((np.arange(weeks), grid["two_way"], grid["outbound"]))
        busiest = dict(table[int(order[-1])])
    gaps_hours = np.diff(outbound_times.to_series().to_numpy()) / 3.6e9
    active_weeks = int(active.sum())
    return {
        "weeks": table,
        "active_weeks": active_weeks,
        "active_share": round(active_weeks / weeks, 4),
        "longest_streak": int(_runs(active).max(initial=0)),
        "current_streak": current,
        "burstiness": burstiness(gaps_hours),
        "outbound_total": int(totals["outbound"][0]),
        "two_way_total": int(totals["two_way"][0]),
        "busiest_week": busiest,
        "quiet_gaps": int(quiet.max(initial=0)),
    }
