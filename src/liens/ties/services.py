"""Recompute every tie of an owner: aggregate in SQL, score column-wise, write in bulk."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
    ties = ties_frame(tie_histories(owner, now), now)
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
            reasons_of(ties),
            ties["last_two_way"].to_list(),
            ties["n_12m"].to_list(),
            terms_of(ties),
            [now] * count,
        ),
        returning=False,
    )
    return count


def terms_of(ties: pl.DataFrame) -> list[dict[str, float]]:
    """Each dimension's value, rounded: what `liens show` and the report explain."""
    return ties.select([pl.col(f"t_{name}").round(3).alias(name) for name in WEIGHTS]).to_dicts()


def reasons_of(ties: pl.DataFrame) -> list[list[dict[str, Any]]]:
    """The facts behind each tie, as codes with figures (people/explain-style sentences are
    written at display time, in the reader's language)."""
    rows = ties.select(
        "tie_class",
        "days",
        "last_two_way",
        "last_in_person",
        "last_call",
        "n_12m",
        "started_them_12m",
        "n_in",
        "n_out",
        "years",
        "common",
        "declared_close",
    ).iter_rows()
    return [_reasons(*row) for row in rows]


def _reasons(
    tie_class: str,
    days: int | None,
    last: datetime | None,
    in_person: datetime | None,
    call: datetime | None,
    n_12m: int,
    started_them: int,
    n_in: int,
    n_out: int,
    years: float | None,
    common: int,
    close: bool,
) -> list[dict[str, Any]]:
    reasons: list[dict[str, Any]] = []
    if close:
        reasons.append({"code": "declared_close"})
    if last is None:
        reasons.append({"code": "never_two_way", "outbound": n_out, "inbound": n_in})
    else:
        how = "in_person" if last == in_person else "call" if last == call else "reply"
        reasons.append({"code": "last_two_way", "days": days, "how": how})
    if tie_class != "virtual" or n_12m:
        reasons.append({"code": "exchanges_12m", "count": n_12m, "started_by_them": started_them})
    if years is not None and years >= 1:
        reasons.append({"code": "known_years", "years": int(years)})
    if common:
        reasons.append({"code": "in_common", "count": common})
    return reasons
