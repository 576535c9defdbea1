"""Tie strength from an interaction history, for every person at once, explainable term by term.

After Granovetter (1973): strength is time, intensity, intimacy and reciprocal services; and
Gilbert & Karahalios (2009), whose model on 2,184 Facebook friendships ranks recency of the
last contact first, then intensity, duration and the structural term (mutual friends).
A connection nobody ever answered is *virtual*, however many messages I sent (seed 003).

The weights and thresholds below are the one place to tune them (docs/diagnosis.md gives the
reasoning). Scores are computed column-wise on a polars frame, one row per person, which the
caller aggregates from the database in SQL: no per-person Python loop. Pure: no Django here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date, datetime

import polars as pl

# Share of the score each dimension can bring (they sum to 1).
WEIGHTS = {
    "recency": 0.34,  # days since the last two-way exchange: the strongest predictor (G&K 2009)
    "intensity": 0.20,  # exchanges over the last 12 months
    "richness": 0.14,  # in person > call > video > email > message > event > social
    "reciprocity": 0.12,  # do they answer, do they start conversations
    "duration": 0.07,  # years known (G&K's second predictor)
    "structure": 0.05,  # persons in common (Links): embeddedness, Burt's structural term
    "closeness": 0.08,  # declared family or friend: what message counts cannot see
}
# How much one exchange on each channel says about the tie (Channel's order, richest first).
CHANNEL_RICHNESS = {
    "in_person": 1.0,
    "call": 0.8,
    "video": 0.7,
    "email": 0.35,
    "message": 0.3,
    "event": 0.2,
    "social": 0.1,
}
RICH_CHANNELS = ("in_person", "call", "video")  # two-way by nature, and "voice" contact
RECENCY_HALF_LIFE_DAYS = 120  # a tie last active 4 months ago keeps half its recency
INTENSITY_SATURATION = 40  # exchanges a year beyond which intensity is full (weekly, roughly)
RICHNESS_SATURATION = 12.0  # e.g. a meeting a month, or ~34 emails
STRUCTURE_SATURATION = 10  # persons in common (Rajkumar et al. 2022: ~10 is already many)
DURATION_SATURATION_YEARS = 5
DORMANT_AFTER_DAYS = 365  # nothing two-way for a year
RECOGNISE_ME_DAYS = 3 * 365  # "would recognise me": two-way within three years
STRONG_FROM = 0.60
MODERATE_FROM = 0.40
# The lived score (recency left out, liens.analytics.ties.ties_frame) of a tie that was at
# least moderate: dormant ties are those that went quiet from there.
WAS_MODERATE_FROM = 0.30
DUNBAR_LAYERS = (5, 15, 50, 150, 500, 1500)
# Contact rate (exchanges a year) a person of each layer keeps at least, after Dunbar's
# summaries: the 5 weekly, the 15 monthly, the 50 every few months, the 150 once a year.
LAYER_MIN_RATE = {5: 26.0, 15: 12.0, 50: 4.0, 150: 1.0, 500: 0.0, 1500: 0.0}
CLASSES = ("strong", "moderate", "weak", "dormant", "virtual")

# One row per person, aggregated by the caller (liens.ties.selectors).
HISTORY_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "last_in": pl.Datetime("us", "UTC"),  # last message they sent me
    "last_out": pl.Datetime("us", "UTC"),  # last message I sent them
    "last_mutual": pl.Datetime("us", "UTC"),  # last meeting, call or video: two-way by nature
    "last_in_person": pl.Datetime("us", "UTC"),  # the explanation says how we last spoke
    "first_at": pl.Datetime("us", "UTC"),  # first interaction of any kind
    "n_in": pl.Int64(),  # messages from them, ever
    "n_out": pl.Int64(),  # messages from me, ever
    "n_12m": pl.Int64(),  # interactions over the last 12 months
    "started_them_12m": pl.Int64(),  # of which they started (not a reply to anything)
    "started_me_12m": pl.Int64(),  # of which I started
    "rich_12m": pl.Float64(),  # Σ CHANNEL_RICHNESS over the last 12 months
    "n_all": pl.Int64(),  # interactions, ever
    "rich_all": pl.Float64(),  # Σ CHANNEL_RICHNESS, ever
    "connected_on": pl.Date(),  # LinkedIn connection date
    "declared_close": pl.Boolean(),  # the user marked family or friend
    "common": pl.Int64(),  # persons linked to this one (met together, same thread, ...)
}


def last_two_way_expr() -> pl.Expr:
    """The last moment both sides had spoken: a meeting, or the later of a reply pair."""
    replied = pl.when(pl.col("last_in").is_not_null() & pl.col("last_out").is_not_null()).then(
        pl.min_horizontal("last_in", "last_out")
    )
    return pl.max_horizontal(replied, pl.col("last_mutual"))


def _terms(frame: pl.LazyFrame, now: datetime) -> pl.LazyFrame:
    n_in, n_out = pl.col("n_in"), pl.col("n_out")
    started = pl.col("started_them_12m") + pl.col("started_me_12m")
    start = pl.min_horizontal(pl.col("first_at").dt.date(), pl.col("connected_on"))
    answer = pl.min_horizontal(n_in, n_out) / pl.max_horizontal(n_in, n_out, pl.lit(1))
    # half for answering, half for starting conversations too: 50/50 starts count in full
    initiative = pl.when(started > 0).then(
        (2 * pl.col("started_them_12m") / started).clip(upper_bound=1.0)
    )
    return frame.with_columns(
        last_two_way=last_two_way_expr(),
        years=(pl.lit(now.date()) - start).dt.total_days() / 365.25,
    ).with_columns(
        days=(pl.lit(now) - pl.col("last_two_way")).dt.total_days(),
        t_intensity=_saturated_log(pl.col("n_12m"), INTENSITY_SATURATION),
        t_richness=(pl.col("rich_12m") / RICHNESS_SATURATION).clip(upper_bound=1.0),
        # meetings only: two-way by nature, fully reciprocal
        t_reciprocity=pl.when((n_in + n_out) == 0)
        .then(pl.when(pl.col("last_mutual").is_not_null()).then(1.0).otherwise(0.0))
        .otherwise(0.5 * answer + 0.5 * initiative.fill_null(answer)),
        t_duration=(pl.col("years").fill_null(0.0) / DURATION_SATURATION_YEARS).clip(0.0, 1.0),
        t_structure=_saturated_log(pl.col("common"), STRUCTURE_SATURATION),
        t_closeness=pl.col("declared_close").cast(pl.Float64),
    )


def _saturated_log(column: pl.Expr, saturation: float) -> pl.Expr:
    """log(1 + n) / log(1 + saturation), capped at 1: the tenth email adds less than the first."""
    return (column.cast(pl.Float64).log1p() / math.log1p(saturation)).clip(upper_bound=1.0)


def _score(recency: pl.Expr, intensity: pl.Expr, richness: pl.Expr, duration: pl.Expr) -> pl.Expr:
    return (
        WEIGHTS["recency"] * recency
        + WEIGHTS["intensity"] * intensity
        + WEIGHTS["richness"] * richness
        + WEIGHTS["reciprocity"] * pl.col("t_reciprocity")
        + WEIGHTS["duration"] * duration
        + WEIGHTS["structure"] * pl.col("t_structure")
        + WEIGHTS["closeness"] * pl.col("t_closeness")
    )


def ties_frame(histories: pl.DataFrame, now: datetime) -> pl.DataFrame:
    """Score, class, Dunbar layer and every term of each person's tie (one row per person).

    Virtual: never two-way and not declared close. Dormant: nothing two-way for a year, and the
    tie was at least moderate at its last two-way exchange (its score then). Layers rank the
    living ties (strong, moderate, weak) by score; a person only enters a layer whose contact
    rate they keep, so a few recent emails do not put someone in the five.
    """
    frame = _terms(histories.lazy(), now)
    recency = (0.5 ** (pl.col("days") / RECENCY_HALF_LIFE_DAYS)).fill_null(0.0)
    # what the tie was while it lived, recency left out (full for every tie at its last
    # exchange): its yearly intensity and richness over the years from the first exchange to
    # the last two-way one (one year at least), and how long we had known each other then
    known_then = (pl.col("years") - pl.col("days").fill_null(0) / 365.25).clip(lower_bound=0.0)
    lived = known_then.fill_null(0.0).clip(lower_bound=1.0)
    then = _score(
        pl.lit(0.0),
        _saturated_log(pl.col("n_all") / lived, INTENSITY_SATURATION),
        (pl.col("rich_all") / lived / RICHNESS_SATURATION).clip(upper_bound=1.0),
        (known_then.fill_null(0.0) / DURATION_SATURATION_YEARS).clip(0.0, 1.0),
    ) / (1 - WEIGHTS["recency"])
    two_way = pl.col("last_two_way").is_not_null()
    close = pl.col("declared_close")
    frame = frame.with_columns(
        t_recency=recency,
        score=pl.when(two_way | close)
        .then(_score(recency, pl.col("t_intensity"), pl.col("t_richness"), pl.col("t_duration")))
        .otherwise(0.0)
        .round(4),
        score_then=then,
    )
    score = pl.col("score")
    faded = (pl.col("days") > DORMANT_AFTER_DAYS) & ~close
    frame = frame.with_columns(
        tie_class=pl.when(~two_way & ~close)
        .then(pl.lit("virtual"))
        .when(faded & (pl.col("score_then") >= WAS_MODERATE_FROM))
        .then(pl.lit("dormant"))
        .when((score >= STRONG_FROM) | (close & (score >= MODERATE_FROM)))
        .then(pl.lit("strong"))
        .when((score >= MODERATE_FROM) | close)
        .then(pl.lit("moderate"))
        .otherwise(pl.lit("weak"))
    )
    return layers(frame).collect()


def layers(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Rank the living ties; each takes the smallest layer its rank and contact rate allow.

    Needs person_id, score, tie_class and n_12m; adds rank and layer."""
    living = pl.col("tie_class").is_in(["strong", "moderate", "weak"])
    frame = (
        frame.drop("rank", "layer", strict=False)
        .with_columns(_order=pl.when(living).then(-pl.col("score")).otherwise(2.0))
        .sort("_order", "person_id")
        .with_row_index("rank", offset=1)
        .drop("_order")
        .with_columns(rank=pl.when(living).then(pl.col("rank").cast(pl.Int64)))
    )
    layer = pl.lit(None, dtype=pl.Int64)
    for size in reversed(DUNBAR_LAYERS):
        keeps = pl.col("n_12m") >= LAYER_MIN_RATE[size]
        layer = pl.when(living & (pl.col("rank") <= size) & keeps).then(size).otherwise(layer)
    return frame.with_columns(layer=layer)


@dataclass(frozen=True)
class TieHistory:
    """One person's history, for tests and single lookups; columns of HISTORY_SCHEMA."""

    person_id: int
    last_in: datetime | None = None
    last_out: datetime | None = None
    last_mutual: datetime | None = None
    last_in_person: datetime | None = None
    first_at: datetime | None = None
    n_in: int = 0
    n_out: int = 0
    n_12m: int = 0
    started_them_12m: int = 0
    started_me_12m: int = 0
    rich_12m: float = 0.0
    n_all: int = 0
    rich_all: float = 0.0
    connected_on: date | None = None
    declared_close: bool = False
    common: int = 0


def histories_frame(histories: list[TieHistory]) -> pl.DataFrame:
    """A frame of HISTORY_SCHEMA from dataclasses (tests, a hand-logged interaction)."""
    columns = {f.name: [getattr(h, f.name) for h in histories] for f in fields(TieHistory)}
    return pl.DataFrame(columns, schema=HISTORY_SCHEMA)
