"""What the diagnosis reads, as polars frames: scoped to one owner, set-based SQL only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Count

from liens.analytics.regularity import PARTICIPATIONS_SCHEMA
from liens.core.frames import fetch, moment, table, utc
from liens.core.scoping import owned
from liens.interactions.models import Interaction, Link, Participant
from liens.people.models import Education, Identity, Organization, Person, Position
from liens.projects.models import Referral
from liens.reputation.models import Endorsement, Recommendation
from liens.resolution.orgs import org_key
from liens.ties.models import Tie


def participations(owner: AbstractBaseUser, since: datetime, now: datetime) -> pl.DataFrame:
    """PARTICIPATIONS_SCHEMA rows from `since` to `now`: one per (interaction, person other
    than me), read through the (owner, occurred_at) index.

    A person only copied on a message someone else sent me did not write to me: that row is
    left out, as tie strength leaves it out.
    """
    # SQLite: read the interactions in table order and filter them (`+` keeps it off the
    # (owner, occurred_at) index, whose order sent it jumping across the table: 480,000
    # rows of 2,000,000 took 4.9 s through the index, 1.3 s by a scan); `+` on the time also
    # hands it over as text, which polars parses, instead of one Python datetime per row.
    plus, join = ("+", "CROSS JOIN") if connection.vendor == "sqlite" else ("", "JOIN")
    sql = f"""
    SELECT p.interaction_id, p.person_id, {plus}i.occurred_at AS occurred_at, i.channel,
           i.direction,
           i.thread_key AS thread, i.reply_to_id
    FROM {table(Interaction)} i {join} {table(Participant)} p ON p.interaction_id = i.id
    WHERE {plus}i.owner_id = %s AND {plus}i.occurred_at >= %s AND {plus}i.occurred_at <= %s
      AND NOT (i.direction = 'inbound' AND p.role IN ('to', 'cc'))
    """  # noqa: S608
    names, rows = fetch(sql, [owner.pk, moment(since), moment(now)])
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=1000)
    if frame.is_empty():
        return pl.DataFrame(schema=PARTICIPATIONS_SCHEMA)
    return frame.with_columns(utc("occurred_at", frame)).cast(PARTICIPATIONS_SCHEMA)  # type: ignore[arg-type]


def persons(owner: AbstractBaseUser) -> pl.DataFrame:
    """Every person but me with their tie, organization, title, place and LinkedIn connection."""
    sql = f"""
    SELECT p.id AS person_id, p.display_name AS name, p.title, o.name AS organization,
           t.score, t.tie_class, t.layer, t.last_two_way_at,
           t.first_at, t.last_met_at, t.exchanges_12m
    FROM {table(Person)} p
    LEFT JOIN {table(Organization)} o ON o.id = p.organization_id
    LEFT JOIN {table(Tie)} t ON t.person_id = p.id
    WHERE p.owner_id = %s AND NOT p.is_me
    """  # noqa: S608
    names, rows = fetch(sql, [owner.pk])
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    schema = {
        "person_id": pl.Int64,
        "name": pl.Utf8,
        "title": pl.Utf8,
        "organization": pl.Utf8,
        "score": pl.Float64,
        "tie_class": pl.Utf8,
        "layer": pl.Int64,
        "exchanges_12m": pl.Int64,
    }
    moments = {
        name: pl.Datetime("us", "UTC") for name in ("last_two_way_at", "first_at", "last_met_at")
    }
    if frame.is_empty():
        return pl.DataFrame(schema={**schema, **moments})
    frame = frame.with_columns(utc(m, frame) for m in moments).cast(schema)  # type: ignore[arg-type]
    return frame.join(_places_and_connections(owner), on="person_id", how="left").with_columns(
        pl.col("tie_class").fill_null("virtual"),
        pl.col("score").fill_null(0.0),
        pl.col("connected").fill_null(False),
    )


def _places_and_connections(owner: AbstractBaseUser) -> pl.DataFrame:
    """Where each person is (the locality of an identity's first address) and whether
    LinkedIn connects us: one grouped query, the address read by the database's JSON path."""
    if connection.vendor == "postgresql":
        locality = "NULLIF(TRIM(c.addresses -> 0 ->> 'locality'), '')"
    else:
        locality = "NULLIF(TRIM(json_extract(c.addresses, '$[0].locality')), '')"
    sql = f"""
    SELECT c.person_id, MIN({locality}) AS place,
      MAX(CASE WHEN c.source = 'linkedin' AND c.connected_on IS NOT NULL THEN 1 ELSE 0 END)
        AS connected
    FROM {table(Identity)} c
    WHERE c.owner_id = %s
    GROUP BY c.person_id
    """  # noqa: S608
    _names, rows = fetch(sql, [owner.pk])
    return pl.DataFrame(
        rows,
        schema={"person_id": pl.Int64, "place": pl.Utf8, "connected": pl.Int64},
        orient="row",
    ).with_columns(pl.col("connected").cast(pl.Boolean))


def links(owner: AbstractBaseUser) -> pl.DataFrame:
    """Links between persons, their kinds' weights summed per pair."""
    sql = f"""
    SELECT person_a_id AS a, person_b_id AS b, SUM(weight) AS weight
    FROM {table(Link)} WHERE owner_id = %s GROUP BY person_a_id, person_b_id
    """  # noqa: S608
    _names, rows = fetch(sql, [owner.pk])
    return pl.DataFrame(
        rows, schema={"a": pl.Int64, "b": pl.Int64, "weight": pl.Float64}, orient="row"
    )


@dataclass(frozen=True)
class MyProfile:
    """What the alter-ego index compares my network with: where I worked and studied."""

    name: str
    employers: frozenset[str]  # org_key of each: "Banque Verdier SA" and "Banque Verdier" meet
    schools: frozenset[str]
    title: str
    employer_names: dict[str, str]


def my_profile(owner: AbstractBaseUser) -> MyProfile:
    me = owned(Person, owner).filter(is_me=True).select_related("organization").first()
    if me is None:
        return MyProfile("", frozenset(), frozenset(), "", {})
    positions = list(
        owned(Position, owner)
        .filter(person=me)
        .select_related("organization")
        .order_by("-started_on")
    )
    schools = [e.school for e in owned(Education, owner).filter(person=me).select_related("school")]
    employers = [p.organization for p in positions]
    if me.organization:
        employers.append(me.organization)
    names = {org_key(o.name): o.name for o in (*employers, *schools)}
    title = me.title or next((p.title for p in positions if p.title), "")
    return MyProfile(
        me.display_name,
        frozenset(org_key(o.name) for o in employers),
        frozenset(org_key(o.name) for o in schools),
        title,
        names,
    )


def reputation(owner: AbstractBaseUser) -> dict[str, Any]:
    """Recommendations, endorsements and referrals: who speaks about me."""
    received = owned(Recommendation, owner).filter(direction="inbound")
    endorsements = owned(Endorsement, owner).filter(direction="inbound")
    skills = endorsements.values("skill").annotate(n=Count("pk")).order_by("-n", "skill")[:10]
    introducers = (
        owned(Referral, owner)
        .values("introducer_id", "introducer__display_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "introducer__display_name")[:10]
    )
    return {
        "received": received.count(),
        "given": owned(Recommendation, owner).filter(direction="outbound").count(),
        "endorsements_received": endorsements.count(),
        "endorsers": endorsements.values("person").distinct().count(),
        "skills": [{"name": s["skill"], "count": s["n"]} for s in skills],
        "referrals": owned(Referral, owner).count(),
        "introducers": [
            {"person": i["introducer_id"], "name": i["introducer__display_name"], "count": i["n"]}
            for i in introducers
        ],
        "recommenders": [
            {
                "person": r.person_id,
                "name": r.person.display_name,
                "title": r.title,
                "organization": r.organization_name,
            }
            for r in received.select_related("person").order_by("-created_at", "pk")[:10]
        ],
    }
