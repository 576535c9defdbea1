"""Recompute every tie of an owner: aggregate in SQL, score column-wise, write in bulk."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from liens.analytics.ties import WEIGHTS, layers, ties_frame
from liens.importers.bulk import insert_columns
from liens.interactions.history import history_catch_up
from liens.ties.models import Tie
from liens.ties.selectors import tie_histories

_COLUMNS = (
    "owner_id",
    "person_id",
    "score",
    "tie_class",
    "layer",
    "reasons",
    "last_two_way_at",
    "first_at",
    "last_met_at",
    "exchanges_12m",
    "terms",
    "computed_at",
)


# Past this many persons, recomputing everyone costs no more than the partial bookkeeping.
PARTIAL_AT_MOST = 5000


@transaction.atomic
def ties_recompute(
    *,
    owner: AbstractBaseUser,
    now: datetime | None = None,
    persons: Collection[int] | None = None,
) -> int:
    """Rebuild the Tie rows of `owner` from the interaction history; returns how many.

    With `persons` (what an import or a logged coffee touched), only their ties are scored
    again, and every layer is re-ranked against the others' stored scores: a coffee logged in
    a network of 50,000 does not rescore all of it. Without, everyone: recency moves with the
    clock, so the diagnosis starts with that (50,000 persons and 2,000,000 interactions in a
    few seconds, benchmarks/diagnosis.py), after summing the months the imports left.
    """
    now = now or timezone.now()
    if persons is not None and len(persons) > PARTIAL_AT_MOST:
        persons = None
    if persons is None:
        history_catch_up(owner=owner)
    ties = ties_frame(tie_histories(owner, now, persons), now)
    stored = Tie.objects.filter(owner=owner)
    if persons is not None:
        ties = _ranked_among_all(owner, ties)
        stored = stored.filter(person_id__in=ties["person_id"].to_list())
    ties = ties.with_columns(
        reasons=facts().struct.json_encode(),
        terms=pl.struct(
            [pl.col(f"t_{name}").round(3).alias(name) for name in WEIGHTS]
        ).struct.json_encode(),
    )
    stored.delete()
    _insert(owner, ties, now)
    return ties.height


def _ranked_among_all(owner: AbstractBaseUser, fresh: pl.DataFrame) -> pl.DataFrame:
    """`fresh` with the layers they take among every tie; the others' layers follow, updated
    in the database where they moved."""
    others = pl.DataFrame(
        list(
            Tie.objects.filter(owner=owner)
            .exclude(person_id__in=fresh["person_id"].to_list())
            .values_list("person_id", "score", "tie_class", "exchanges_12m", "layer")
        ),
        schema={
            "person_id": pl.Int64,
            "score": pl.Float64,
            "tie_class": pl.Utf8,
            "n_12m": pl.Int64,
            "stored_layer": pl.Int64,
        },
        orient="row",
    )
    columns = ["person_id", "score", "tie_class", "n_12m"]
    ranked = (
        layers(pl.concat([fresh.select(columns), others.select(columns)]).lazy())
        .select("person_id", "layer")
        .collect()
    )
    moved = others.join(ranked, on="person_id").filter(
        pl.col("layer").ne_missing(pl.col("stored_layer"))
    )
    for layer, group in moved.group_by("layer"):
        Tie.objects.filter(owner=owner, person_id__in=group["person_id"].to_list()).update(
            layer=layer[0]
        )
    return fresh.drop("layer").join(ranked, on="person_id")


def _insert(owner: AbstractBaseUser, ties: pl.DataFrame, now: datetime) -> None:
    count = ties.height
    moments = ("last_two_way", "first_at", "last_mutual")
    encoded = ["reasons", "terms"]
    if connection.vendor == "sqlite":  # as Django stores them, written by polars, not per value
        ties = ties.with_columns(_sqlite_text(pl.col(m)) for m in moments)
        encoded += ["last_two_way_at", "first_at", "last_met_at"]
    insert_columns(
        Tie,
        _COLUMNS,
        (
            [owner.pk] * count,
            ties["person_id"].to_list(),
            ties["score"].to_list(),
            ties["tie_class"].to_list(),
            ties["layer"].to_list(),
            ties["reasons"].to_list(),
            ties["last_two_way"].to_list(),
            ties["first_at"].to_list(),
            ties["last_mutual"].to_list(),
            ties["n_12m"].to_list(),
            ties["terms"].to_list(),
            [now] * count,
        ),
        returning=False,
        encoded=encoded,
    )


def _sqlite_text(moment: pl.Expr) -> pl.Expr:
    """An aware datetime as Django's SQLite backend stores it: naive UTC, microseconds only
    when there are some (as datetime.isoformat writes it, so that equal moments compare equal)."""
    utc = moment.dt.convert_time_zone("UTC")
    return (
        pl.when(utc.dt.microsecond() == 0)
        .then(utc.dt.strftime("%Y-%m-%d %H:%M:%S"))
        .otherwise(utc.dt.strftime("%Y-%m-%d %H:%M:%S%.6f"))
    )


def facts() -> pl.Expr:
    """The facts behind each tie (Tie.reasons), which liens.ties.explain puts in words in the
    reader's language: how and when we last spoke both ways, how much this year and who
    started, how long we have known each other, persons in common, declared closeness."""
    last = pl.col("last_two_way")
    how = (
        pl.when(last.is_null())
        .then(None)
        .when(last == pl.col("last_in_person"))
        .then(pl.lit("in_person"))
        .when(last == pl.col("last_mutual"))
        .then(pl.lit("call"))
        .otherwise(pl.lit("reply"))
    )
    return pl.struct(
        close=pl.col("declared_close"),
        days=pl.col("days"),
        how=how,
        sent=pl.col("n_out"),
        received=pl.col("n_in"),
        exchanges_12m=pl.col("n_12m"),
        started_by_them=pl.col("started_them_12m"),
        years=pl.when(pl.col("years") >= 1).then(pl.col("years").floor().cast(pl.Int64)),
        in_common=pl.col("common"),
    )
