"""Tie strength from an interaction history: a first, explainable model.

After Granovetter (1973) and Gilbert & Karahalios (2009): recency of the last two-way
exchange predicts strength best, then intensity, richness of the channel, reciprocity and
duration. A connection nobody ever answered is *virtual*, however many messages I sent
(seed 003). The weights below are the one place to tune; issue "tie strength and the
network diagnosis" refines them. Pure Python: no Django here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

WEIGHTS = {
    "recency": 0.35,  # strongest single predictor (Gilbert & Karahalios)
    "intensity": 0.20,  # exchanges over the last 12 months
    "richness": 0.15,  # in person, call, video over the last 12 months
    "reciprocity": 0.15,  # do they answer, do they start
    "duration": 0.05,  # years known
    "closeness": 0.10,  # declared family or friend
}
RECENCY_HALF_LIFE_DAYS = 120
INTENSITY_SATURATION = 40  # exchanges a year beyond which intensity counts as full
RICHNESS_SATURATION = 6
DURATION_SATURATION_YEARS = 5
DORMANT_AFTER_DAYS = 365
STRONG_FROM = 0.55
MODERATE_FROM = 0.30
DUNBAR_LAYERS = (5, 15, 50, 150, 500, 1500)


@dataclass(frozen=True)
class TieHistory:
    """What the tie is computed from, aggregated per person by the caller."""

    person_id: int
    last_inbound_at: datetime | None = None
    last_outbound_at: datetime | None = None
    last_mutual_at: datetime | None = None  # meetings, calls: two-way by nature
    inbound: int = 0
    outbound: int = 0
    exchanges_12m: int = 0
    rich_12m: int = 0
    first_at: datetime | None = None
    connected_on: date | None = None
    declared_close: bool = False


@dataclass(frozen=True)
class TieResult:
    person_id: int
    score: float
    tie_class: str
    last_two_way_at: datetime | None
    reasons: tuple[dict[str, object], ...]
    layer: int | None = None


def last_two_way(h: TieHistory) -> datetime | None:
    """The last moment both sides had spoken: the later of a meeting or a reply."""
    replied = (
        min(h.last_inbound_at, h.last_outbound_at)
        if h.last_inbound_at and h.last_outbound_at
        else None
    )
    candidates = [t for t in (replied, h.last_mutual_at) if t]
    return max(candidates) if candidates else None


def tie_of(h: TieHistory, now: datetime) -> TieResult:
    two_way = last_two_way(h)
    reasons: list[dict[str, object]] = []
    if h.declared_close:
        reasons.append({"code": "declared_close"})
    if two_way is None and not h.declared_close:
        reasons.append({"code": "never_two_way", "outbound": h.outbound, "inbound": h.inbound})
        return TieResult(h.person_id, 0.0, "virtual", None, tuple(reasons))
    days = (now - two_way).days if two_way else None
    recency = 0.5 ** (days / RECENCY_HALF_LIFE_DAYS) if days is not None else 0.0
    intensity = min(1.0, math.log1p(h.exchanges_12m) / math.log1p(INTENSITY_SATURATION))
    richness = min(1.0, h.rich_12m / RICHNESS_SATURATION)
    both = min(h.inbound, h.outbound) / max(h.inbound, h.outbound) if h.inbound else 0.0
    reciprocity = 1.0 if h.last_mutual_at and not h.inbound else both
    start = h.first_at.date() if h.first_at else h.connected_on
    if h.connected_on and start:
        start = min(start, h.connected_on)
    years = (now.date() - start).days / 365.25 if start else 0.0
    duration = min(1.0, years / DURATION_SATURATION_YEARS)
    terms = {
        "recency": recency,
        "intensity": intensity,
        "richness": richness,
        "reciprocity": reciprocity,
        "duration": duration,
        "closeness": 1.0 if h.declared_close else 0.0,
    }
    score = round(sum(WEIGHTS[k] * v for k, v in terms.items()), 4)
    if days is not None:
        reasons.append({"code": "last_two_way", "days": days})
    reasons.append({"code": "exchanges_12m", "count": h.exchanges_12m, "rich": h.rich_12m})
    if h.inbound or h.outbound:
        reasons.append({"code": "reciprocity", "inbound": h.inbound, "outbound": h.outbound})
    if years >= 1:
        reasons.append({"code": "known_years", "years": int(years)})
    if days is not None and days > DORMANT_AFTER_DAYS and not h.declared_close:
        tie_class = "dormant"
    elif score >= STRONG_FROM or (h.declared_close and score >= MODERATE_FROM):
        tie_class = "strong"
    elif score >= MODERATE_FROM or h.declared_close:
        tie_class = "moderate"
    else:
        tie_class = "weak"
    return TieResult(h.person_id, score, tie_class, two_way, tuple(reasons))


def ties_of(histories: Iterable[TieHistory], now: datetime) -> list[TieResult]:
    """Every tie, with its Dunbar layer from its rank among the living ties."""
    results = [tie_of(h, now) for h in histories]
    living = sorted(
        (r for r in results if r.tie_class in ("strong", "moderate", "weak")),
        key=lambda r: (-r.score, r.person_id),
    )
    layer_of = {r.person_id: dunbar_layer(rank) for rank, r in enumerate(living, start=1)}
    return [
        TieResult(
            r.person_id,
            r.score,
            r.tie_class,
            r.last_two_way_at,
            r.reasons,
            layer_of.get(r.person_id),
        )
        for r in results
    ]


def dunbar_layer(rank: int) -> int | None:
    """The smallest Dunbar layer that holds the rank-th closest person."""
    for size in DUNBAR_LAYERS:
        if rank <= size:
            return size
    return None
