"""Outreach effectiveness: section 6 of the network diagnosis.

Seed 003: "sending an email is not a relationship"; cold emails get barely 15% of replies,
whatever their content, so they are worth something only when followed by actions: a second
message, a call, a meeting. This section measures my own figures against that 15%: reply rate
to my first messages, reply delay, how often an unanswered one got a follow-up, and how often a
reply turned into a call or a meeting. Reply-time and follow-up benchmarks: science.md §6.

Pure module: polars only, no Django (an import-linter contract enforces it). Set-based joins
over the whole frame; the clock is never read (``now`` is a parameter). Input:
``PARTICIPATIONS_SCHEMA`` (defined and documented in ``liens.analytics.regularity``)::

    interaction_id Int64, person_id Int64, occurred_at Datetime("us", "UTC"),
    channel Utf8, direction Utf8 (outbound, inbound, mutual), thread Utf8 ("" when none),
    reply_to_id Int64 nullable

Definitions (nothing after ``now`` counts; all counted per person):

- *First message*: an outbound ``email`` or ``message`` to a person with whom nothing at all
  (any channel, any direction) happened strictly earlier. That is outreach to someone I never
  talked to. An email to three new persons is three first messages; an email to someone I
  already met is none. ``since`` keeps the first messages sent from then on.
- *Outreach sequence*: the first message and my other outbound emails/messages to that person
  within ``FOLLOW_UP_WINDOW`` (30 days) after it.
- *Reply*: the earliest inbound email/message from that person after the first message that
  either has a reply_to_id pointing at a message of the sequence, or has the non-empty thread
  key of a message of the sequence sent before it, or, when the link is unknown (no reply_to_id,
  and no thread key on the reply or on the first message), arrives within ``REPLY_FALLBACK``
  (30 days) of the first message. Reply delay = reply time − first message time.
- *Follow-up*: a message of the sequence other than the first, sent before the reply (if any).
  ``followed_up`` counts unanswered first messages that got one; ``replied_after_follow_up``
  the replied ones whose reply came after one (Belkins, Woodpecker in science.md §6.2).
- *Conversion*: a call, video or in-person interaction (any direction) with that person after
  the first message and at most ``CONVERSION_WINDOW`` (90 days) after the reply. The rate is
  ``converted / replied``. ``converted_without_reply`` counts unanswered first messages followed
  by such an interaction within 90 days of the first message (seed 003: email, then call).
- *Pending*: first messages of the last ``PENDING_WINDOW`` (7 days) are too early to judge, so
  that whole cohort is left out of every count and rate: keeping its early replies while
  dropping its silences would inflate the rate. ``pending`` is its unanswered part,
  ``recent_replied`` its answered part.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from liens.analytics.regularity import (
    PARTICIPATIONS_SCHEMA,
    REPLY_FALLBACK,
    participations,
    utc,
)
from liens.analytics.ties import RICH_CHANNELS

__all__ = ["PARTICIPATIONS_SCHEMA", "REFERENCE_RATE", "outreach"]

REFERENCE_RATE = 0.15  # seed 003: "à peine 15% de réponses" to emails sent to strangers
OUTREACH_CHANNELS = ("email", "message")
FOLLOW_UP_WINDOW = timedelta(days=30)
CONVERSION_WINDOW = timedelta(days=90)
PENDING_WINDOW = timedelta(days=7)

_at = pl.col("occurred_at")
_written = pl.col("channel").is_in(OUTREACH_CHANNELS)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _first_messages(lf: pl.LazyFrame, first_seen: pl.LazyFrame | None) -> pl.LazyFrame:
    """One row per person whose very first interaction is an outbound email/message.

    `first_seen` (person_id, first_at) says when each person first appeared in the whole
    history, for a frame that holds only its recent part.
    """
    first_at = lf.group_by("person_id").agg(_at.min().alias("first_at"))
    if first_seen is not None:
        first_at = (
            first_at.join(first_seen.rename({"first_at": "_seen"}), on="person_id", how="left")
            .with_columns(first_at=pl.min_horizontal("first_at", "_seen"))
            .drop("_seen")
        )
    return (
        lf.filter((pl.col("direction") == "outbound") & _written)
        .join(first_at, on="person_id")
        .filter(_at == pl.col("first_at"))
        .sort("interaction_id")
        .unique("person_id", keep="first")
        .select(
            "person_id",
            "first_at",
            pl.col("interaction_id").alias("first_id"),
            pl.col("thread").alias("first_thread"),
            pl.col("channel").alias("first_channel"),
        )
    )


def _replies(lf: pl.LazyFrame, first: pl.LazyFrame, sequence: pl.LazyFrame) -> pl.LazyFrame:
    """person_id, reply_at: the earliest reply to each first message (module docstring)."""
    by_id = sequence.group_by("person_id", "interaction_id").agg(_at.min().alias("_id_at"))
    by_thread = (
        sequence.filter(pl.col("thread") != "")
        .group_by("person_id", "thread")
        .agg(_at.min().alias("_th_at"))
    )
    inbound = (
        lf.filter((pl.col("direction") == "inbound") & _written)
        .join(first.select("person_id", "first_at", "first_thread"), on="person_id")
        .filter(_at > pl.col("first_at"))
        .join(
            by_id,
            left_on=["person_id", "reply_to_id"],
            right_on=["person_id", "interaction_id"],
            how="left",
        )
        .join(by_thread, on=["person_id", "thread"], how="left")
    )
    unknown = pl.col("reply_to_id").is_null() & (
        (pl.col("thread") == "") | (pl.col("first_thread") == "")
    )
    is_reply = (
        (pl.col("_id_at") < _at).fill_null(False)
        | (pl.col("_th_at") < _at).fill_null(False)
        | (unknown & (_at <= pl.col("first_at") + REPLY_FALLBACK))
    )
    return inbound.filter(is_reply).group_by("person_id").agg(_at.min().alias("reply_at"))


def _outcomes(lf: pl.LazyFrame, first: pl.LazyFrame) -> pl.LazyFrame:
    """The first messages with reply time, follow-up and conversion flags."""
    sequence = (
        lf.filter((pl.col("direction") == "outbound") & _written)
        .join(first.select("person_id", "first_at", "first_id"), on="person_id")
        .filter(_at.is_between(pl.col("first_at"), pl.col("first_at") + FOLLOW_UP_WINDOW))
        .collect()
        .lazy()
    )
    first = first.join(_replies(lf, first, sequence), on="person_id", how="left").collect().lazy()
    follow_ups = (
        sequence.filter(pl.col("interaction_id") != pl.col("first_id"))
        .join(first.select("person_id", "reply_at"), on="person_id")
        .filter((_at < pl.col("reply_at")).fill_null(True))
        .group_by("person_id")
        .agg(pl.lit(True).alias("followed_up"))
    )
    until = pl.coalesce("reply_at", "first_at") + CONVERSION_WINDOW
    conversions = (
        lf.filter(pl.col("channel").is_in(RICH_CHANNELS))
        .join(first.select("person_id", "first_at", until.alias("until")), on="person_id")
        .filter((_at > pl.col("first_at")) & (_at <= pl.col("until")))
        .group_by("person_id")
        .agg(pl.lit(True).alias("converted"))
    )
    return (
        first.join(follow_ups, on="person_id", how="left")
        .join(conversions, on="person_id", how="left")
        .with_columns(
            pl.col("followed_up", "converted").fill_null(False),
            replied=pl.col("reply_at").is_not_null(),
            delay_hours=(pl.col("reply_at") - pl.col("first_at")).dt.total_microseconds() / 3.6e9,
        )
    )


def outreach(
    frame: pl.DataFrame,
    now: datetime,
    *,
    since: datetime | None = None,
    first_seen: pl.DataFrame | None = None,
) -> dict:
    """Reply rate, delay, follow-ups and conversions of my first messages (seed 003).

    `first_seen` (person_id, first_at: Datetime UTC) lets the frame hold only the history
    from `since` on: a message is still a first message only if nothing came before it.
    """
    now = utc(now)
    # Materialised once: polars would otherwise replan the shared inputs in every join branch.
    lf = participations(frame).filter(_at <= now).collect().lazy()
    seen = None
    if first_seen is not None:
        seen = first_seen.lazy().select(
            pl.col("person_id").cast(pl.Int64),
            pl.col("first_at").cast(pl.Datetime("us", "UTC")),
        )
    first = _first_messages(lf, seen)
    if since is not None:
        first = first.filter(pl.col("first_at") >= utc(since))
    outcomes = _outcomes(lf, first.collect().lazy()).collect().lazy()
    recent = pl.col("first_at") > now - PENDING_WINDOW
    replied, followed, converted = pl.col("replied"), pl.col("followed_up"), pl.col("converted")
    delays = pl.col("delay_hours").filter(replied & ~recent)
    summary, channels = pl.collect_all(
        [
            outcomes.select(
                (~recent).sum().alias("first_messages"),
                (replied & ~recent).sum().alias("replied"),
                (recent & ~replied).sum().alias("pending"),
                (recent & replied).sum().alias("recent_replied"),
                (~replied & followed & ~recent).sum().alias("followed_up"),
                (replied & followed & ~recent).sum().alias("replied_after_follow_up"),
                (replied & converted & ~recent).sum().alias("converted"),
                (~replied & converted & ~recent).sum().alias("converted_without_reply"),
                (delays <= 24).sum().alias("within_day"),
                *(
                    delays.quantile(q, "linear").alias(name)
                    for q, name in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))
                ),
            ),
            outcomes.filter(~recent)
            .group_by("first_channel")
            .agg(pl.len().alias("first_messages"), replied.sum().alias("replied")),
        ]
    )
    s = summary.row(0, named=True)
    n, n_replied = int(s["first_messages"]), int(s["replied"])
    unanswered = n - n_replied
    per_channel = {row["first_channel"]: row for row in channels.iter_rows(named=True)}
    by_channel = {}
    for channel in OUTREACH_CHANNELS:
        row = per_channel.get(channel, {"first_messages": 0, "replied": 0})
        sent, got = int(row["first_messages"]), int(row["replied"])
        by_channel[channel] = {
            "first_messages": sent,
            "replied": got,
            "reply_rate": _rate(got, sent),
        }
    quartiles = None
    if n_replied:
        quartiles = {name: round(float(s[name]), 2) for name in ("q1", "median", "q3")}
    return {
        "first_messages": n,
        "replied": n_replied,
        "reply_rate": _rate(n_replied, n),
        "reference_rate": REFERENCE_RATE,
        "median_reply_hours": quartiles["median"] if quartiles else None,
        "replied_within_day_share": _rate(int(s["within_day"]), n_replied),
        "reply_delays_hours": quartiles,
        "unanswered": unanswered,
        "followed_up": int(s["followed_up"]),
        "followed_up_share": _rate(int(s["followed_up"]), unanswered),
        "replied_after_follow_up": int(s["replied_after_follow_up"]),
        "converted": int(s["converted"]),
        "conversion_rate": _rate(int(s["converted"]), n_replied),
        "converted_without_reply": int(s["converted_without_reply"]),
        "by_channel": by_channel,
        "pending": int(s["pending"]),
        "recent_replied": int(s["recent_replied"]),
    }
