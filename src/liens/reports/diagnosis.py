"""The network diagnosis (bilan réseau): every figure of the report, as one JSON-ready dict.

Reads through liens.reports.selectors (set-based SQL into polars frames), computes with the
pure modules of liens.analytics, and writes the findings in the reader's language
(liens.reports.findings). The ties must be current: `liens diagnose` recomputes them first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone, translation

from liens.analytics.diversity import alter_ego, distribution, ei_by_function
from liens.analytics.outreach import outreach
from liens.analytics.regularity import regularity
from liens.analytics.structure import structure_of
from liens.analytics.taxonomy import function_of, functions_of, seniorities_of
from liens.analytics.ties import (
    CLASSES,
    DUNBAR_LAYERS,
    LAYER_MIN_RATE,
    RECOGNISE_ME_DAYS,
)
from liens.reports import selectors
from liens.reports.findings import findings_of
from liens.resolution.orgs import org_key

# Activity, regularity and outreach are read over the last year (what I do now); the rows
# start a little earlier, so that a reply early in the year finds what it answers.
WEEKS = 52
LOOKBACK = timedelta(days=45)

# Diversity is measured on the persons I have exchanged with both ways; with fewer than
# this many, on everyone (a LinkedIn export alone has no two-way history yet).
DIVERSITY_BASE_AT_LEAST = 20


def diagnosis(
    owner: AbstractBaseUser, *, now: datetime | None = None, lang: str | None = None
) -> dict[str, Any]:
    """Sections 1–8 of the diagnosis (issue 5), keyed as `liens diagnose --json` prints them."""
    now = now or timezone.now()
    lang = lang or translation.get_language() or "en"
    persons = persons_of(owner)
    since = now - timedelta(weeks=WEEKS)
    parts = selectors.participations(owner, since - LOOKBACK, now)
    first_seen = persons.select("person_id", "first_at").drop_nulls()
    me = selectors.my_profile(owner)
    real = persons.filter(pl.col("tie_class") != "virtual")
    base = real if real.height >= DIVERSITY_BASE_AT_LEAST else persons
    result: dict[str, Any] = {
        "as_of": now.date().isoformat(),
        "lang": lang,
        "me": {"name": me.name},
        "persons": persons.height,
        "real_vs_virtual": real_vs_virtual(persons, now),
        "ties": ties_by_class(persons),
        "layers": layers(persons),
        "diversity": diversity(base, me, "two_way" if base is real else "all"),
        "structure": structure(owner, persons),
        "regularity": regularity(parts, now, weeks=WEEKS),
        "outreach": {
            "since": since.date().isoformat(),
            **outreach(parts, now, since=since, first_seen=first_seen),
        },
        "recommendations": selectors.reputation(owner),
    }
    with translation.override(lang):
        result["findings"] = findings_of(result)
    return result


def persons_of(owner: AbstractBaseUser) -> pl.DataFrame:
    """Every person but me with their tie, and the function family their title says: read
    once, for diversity and for the clusters' descriptions alike."""
    persons = selectors.persons(owner)
    return persons.with_columns(
        function=pl.Series(functions_of(persons["title"].to_list()), dtype=pl.Utf8)
    )


def real_vs_virtual(persons: pl.DataFrame, now: datetime) -> dict[str, Any]:
    """Seed 003's "90 % don't know me": who has ever answered, spoken, or would recognise me."""
    total = persons.height
    two_way = persons.filter(pl.col("tie_class") != "virtual")
    recent = now - timedelta(days=RECOGNISE_ME_DAYS)
    recognise = persons.filter(pl.col("last_two_way_at") >= recent).height
    connections = persons.filter(pl.col("connected"))
    connected_two_way = connections.filter(pl.col("tie_class") != "virtual").height
    figures = {
        "persons": total,
        "two_way": two_way.height,
        "voice_or_in_person": persons.filter(pl.col("last_met_at").is_not_null()).height,
        "recognise_me": recognise,
        "virtual": total - two_way.height,
    }
    shares = {f"{k}_share": _share(v, total) for k, v in figures.items() if k != "persons"}
    return {
        **figures,
        **shares,
        "connections": connections.height,
        "connections_two_way": connected_two_way,
        "connections_two_way_share": _share(connected_two_way, connections.height),
    }


def ties_by_class(persons: pl.DataFrame) -> dict[str, int]:
    counts = dict(persons.group_by("tie_class").len().iter_rows())
    return {c: int(counts.get(c, 0)) for c in CLASSES}


def layers(persons: pl.DataFrame) -> list[dict[str, Any]]:
    """Each Dunbar layer: who is in it (cumulative), who keeps its contact rate, its state.

    A layer is overfull when more persons keep its contact rate than it can hold (a dozen
    people seen weekly cannot all be among the five); empty when nobody is in it.
    """
    rows = []
    for size in DUNBAR_LAYERS:
        count = persons.filter(pl.col("layer") <= size).height
        rate = LAYER_MIN_RATE[size]
        at_rate = (
            persons.filter(
                (pl.col("exchanges_12m") >= rate) & (pl.col("tie_class") != "virtual")
            ).height
            if rate
            else None
        )
        if count == 0:
            state = "empty"
        elif at_rate is not None and at_rate > size:
            state = "overfull"
        else:
            state = "full" if count >= size else "partial"
        rows.append(
            {"size": size, "count": count, "at_rate": at_rate, "rate": rate, "state": state}
        )
    return rows


def diversity(base: pl.DataFrame, me: selectors.MyProfile, base_name: str) -> dict[str, Any]:
    """Distributions by organization, function, seniority and place; the alter-ego index."""
    titles = base["title"].to_list()
    functions = base["function"].to_list()
    mine = function_of(me.title)
    organizations = base["organization"].to_list()
    keys = [org_key(name) if name else None for name in organizations]
    alter = alter_ego(
        list(zip(keys, functions, strict=True)),
        my_organizations=set(me.employers),
        my_schools=set(me.schools),
        my_function=mine,
    )
    for item in alter["by_organization"]:
        item["name"] = me.employer_names.get(item["name"], item["name"])
    return {
        "base": base_name,
        "persons": base.height,
        "my_function": mine,
        "organizations": distribution(organizations),
        "functions": distribution(functions),
        "seniority": distribution(seniorities_of(titles)),
        "places": distribution(base["place"].to_list()),
        "alter_ego": alter,
        "ei_function": ei_by_function(functions, mine),
        "inner_circle": inner_circle(base, functions, mine),
    }


def inner_circle(
    base: pl.DataFrame, functions: list[str | None], mine: str | None
) -> dict[str, Any]:
    """The fifteen closest (Dunbar's sympathy group): how many of them do what I do."""
    close = [
        f
        for f, layer in zip(functions, base["layer"].to_list(), strict=True)
        if layer and layer <= 15
    ]
    known = [f for f in close if f]
    return {
        "persons": len(close),
        "known": len(known),
        "same_function": sum(1 for f in known if mine and f == mine),
    }


def structure(owner: AbstractBaseUser, persons: pl.DataFrame) -> dict[str, Any]:
    """Clusters, Burt's measures of my ego network and the bridges, with names for the report."""
    links = selectors.links(owner).rename({"a": "person_a", "b": "person_b"})
    ties = persons.select("person_id", "score", "tie_class")
    labels = dict(
        zip(
            persons["person_id"].to_list(),
            zip(
                persons["organization"].fill_null("").to_list(),
                persons["function"].to_list(),
                strict=True,
            ),
            strict=True,
        )
    )
    result = structure_of(links, ties, labels)
    names = dict(zip(persons["person_id"].to_list(), persons["name"].to_list(), strict=True))
    for bridge in result["bridges"]:
        bridge["name"] = names.get(bridge["person"], "")
    for node in result["picture"]["nodes"]:
        node["name"] = names.get(node["id"], "")
    return result


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0
