"""Recompute every tie of an owner: aggregate in SQL, score column-wise, write in bulk."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from liens.analytics.ties import WEIGHTS, ties_frame
from liens.importers.bulk import insert_columns
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


@transaction.atomic
def ties_recompute(*, owner: AbstractBaseUser, now: datetime | None = None) -> int:
    """Rebuild the Tie rows of `owner` from the interaction history; returns how many.

    All at once rather than for the persons an import touched: every tie's recency moves
    with the clock and every layer with the others' ranks (benchmarks/diagnosis.py: 50,000
    persons and 2,000,000 interactions in a few seconds).
    """
    now = now or timezone.now()
    ties = ties_frame(tie_histories(owner, now), now).with_columns(
        reasons=facts().struct.json_encode(),
        terms=pl.struct(
            [pl.col(f"t_{name}").round(3).alias(name) for name in WEIGHTS]
        ).struct.json_encode(),
    )
    Tie.objects.filter(owner=owner).delete()
    count = ties.height
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
        encoded=("reasons", "terms"),
    )
    return count


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
