"""A large network written straight into a liens database, for the diagnosis benchmark.

The demo generator's world and timeline (at a raised `intensity`) become persons,
organizations, identities, interactions and participants by bulk inserts: going through
the export files would measure the importers again (they have their own benchmarks) and
would need a mailbox of tens of GB. The file is kept under the cache directory and reused
while the parameters, this module and the demo generator stay the same.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from common import fresh_liens

CHANNEL_OF_MODE = {"video": "video", "teams": "video", "in_person": "in_person", "call": "call"}
OWNER = -1
_GENERATOR = Path(__file__).resolve().parents[1] / "src" / "liens" / "demo"


def network_database(
    cache: Path, *, persons: int, intensity: float, seed: int = 7
) -> tuple[Path, dict[str, Any]]:
    """The path of a database holding the network, built if missing; and its counts."""
    sources = [Path(__file__), *sorted(_GENERATOR.glob("*.py"))]
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:8]
    path = cache / f"network-{persons}-{intensity:g}-{seed}-{stamp}.sqlite3"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        _build(building, persons=persons, intensity=intensity, seed=seed)
        shutil.move(building, path)
    return path, _counts(path)


def _counts(path: Path) -> dict[str, Any]:
    import sqlite3

    with sqlite3.connect(path) as db:
        return {
            "persons": db.execute("SELECT COUNT(*) FROM people_person").fetchone()[0] - 1,
            "interactions": db.execute("SELECT COUNT(*) FROM interactions_interaction").fetchone()[
                0
            ],
            "participants": db.execute("SELECT COUNT(*) FROM interactions_participant").fetchone()[
                0
            ],
            "links": db.execute("SELECT COUNT(*) FROM interactions_link").fetchone()[0],
        }


def _build(path: Path, *, persons: int, intensity: float, seed: int) -> None:
    from liens.demo.generator import DEFAULT_TODAY, _rng
    from liens.demo.people import build_world
    from liens.demo.timeline import build_timeline

    started = time.perf_counter()
    world = build_world(_rng(seed, "people"), persons, DEFAULT_TODAY)
    timeline = build_timeline(_rng(seed, "timeline"), world, intensity=intensity)
    print(f"  world and timeline: {time.perf_counter() - started:.1f} s", flush=True)
    owner = fresh_liens(path)

    from django.db import connection, transaction

    with transaction.atomic():
        _write(owner, world, timeline)
    connection.close()  # checkpoints the write-ahead log into the file before it is moved
    print(f"  database written: {time.perf_counter() - started:.1f} s", flush=True)


def _write(owner: Any, world: Any, timeline: Any) -> None:
    from django.utils import timezone

    from liens.importers.bulk import insert_columns
    from liens.importers.load_interactions import link_replies
    from liens.interactions.history import history_refresh
    from liens.interactions.models import Interaction, Participant
    from liens.interactions.services import links_rebuild
    from liens.people.models import Identity, Person, Position
    from liens.people.services import organization_get_or_create

    now = timezone.now()
    orgs: dict[str, int] = {}
    employers = world.owner.employers
    for org in [*world.orgs, *employers, *(p.org for p in world.persons if p.org)]:
        if org.name not in orgs:
            orgs[org.name] = organization_get_or_create(owner=owner, name=org.li_name) or 0
    me = Person.objects.create(owner=owner, display_name=world.owner.name, is_me=True)
    for org, (start, end) in zip(employers, world.owner.tenures, strict=True):
        Position.objects.create(
            owner=owner,
            person=me,
            organization_id=orgs[org.name],
            started_on=start,
            finished_on=end if end < world.today else None,
        )
    ps = world.persons
    ids = insert_columns(
        Person,
        (
            *("owner_id", "display_name", "first_name", "last_name", "organization_id"),
            *("title", "is_me", "closeness", "notes", "created_at"),
        ),
        (
            [owner.pk] * len(ps),
            [p.name for p in ps],
            [p.first for p in ps],
            [p.last for p in ps],
            [orgs[p.org.name] if p.org else None for p in ps],
            [p.title for p in ps],
            [False] * len(ps),
            ["family" if p.kind == "family" else "" for p in ps],
            [""] * len(ps),
            [now] * len(ps),
        ),
    )
    pid = dict(zip((p.idx for p in ps), ids, strict=True))
    insert_columns(
        Identity,
        (
            *("owner_id", "person_id", "source", "key", "display_name", "first_name", "last_name"),
            *("emails", "phones", "profile_url", "organization_name", "title", "connected_on"),
            *("nickname", "addresses", "urls", "note", "raw", "first_seen_at", "updated_at"),
            "source_file",
        ),
        _columns(
            [
                (
                    owner.pk,
                    pid[p.idx],
                    "linkedin" if p.connected_on else "vcard",
                    p.pid,
                    p.name,
                    p.first,
                    p.last,
                    list(p.emails()),
                    [p.mobile] if p.mobile else [],
                    p.li_url if p.connected_on else "",
                    p.org.li_name if p.org else "",
                    p.title,
                    p.connected_on,
                    "",
                    [],
                    [],
                    "",
                    {},
                    now,
                    now,
                    "benchmark",
                )
                for p in ps
            ]
        ),
        returning=False,
    )
    rows, people = _interactions(world, timeline)
    key = 0
    for start in range(0, len(rows), 200_000):
        chunk = rows[start : start + 200_000]
        new = insert_columns(
            Interaction,
            (
                *("owner_id", "channel", "direction", "occurred_at", "source", "key", "subject"),
                *("thread_key", "summary", "reply_to_key", "created_at", "source_file"),
            ),
            _columns(
                [
                    (owner.pk, ch, d, at, "bench", str(key + i), "", th, "", _ref(r), now, "")
                    for i, (ch, d, at, th, r) in enumerate(chunk)
                ]
            ),
        )
        key += len(chunk)
        insert_columns(
            Participant,
            ("owner_id", "interaction_id", "person_id", "role"),
            _columns(
                [
                    (owner.pk, new[i], pid[q], "sender" if chunk[i][1] == "inbound" else "to")
                    for i, who in enumerate(people[start : start + 200_000])
                    for q in who
                ]
            ),
            returning=False,
        )
    link_replies(owner.pk)  # as an import does: one UPDATE ... FROM on the keys
    links_rebuild(owner=owner)
    started = time.perf_counter()
    history_refresh(owner=owner)  # as an import does, for the persons it touched
    print(f"  months of the history summed: {time.perf_counter() - started:.1f} s", flush=True)


def _ref(row: int) -> str:
    return str(row) if row >= 0 else ""


def _columns(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
    return [list(column) for column in zip(*rows, strict=True)]


def _interactions(
    world: Any, timeline: Any
) -> tuple[list[tuple[str, str, datetime, str, int]], list[tuple[int, ...]]]:
    """(channel, direction, time, thread, row it answers or -1) and the persons of each."""
    rows: list[tuple[str, str, datetime, str, int]] = []
    people: list[tuple[int, ...]] = []
    for t in timeline.threads:
        channel = "email" if t.channel == "email" else "message"
        previous = -1
        for m in t.msgs:
            if m.flag in ("draft", "auto"):
                continue
            outbound = m.sender == OWNER
            who = tuple(q for q in (*m.to, *m.cc) if q >= 0) if outbound else (m.sender,)
            rows.append(
                (
                    channel,
                    "outbound" if outbound else "inbound",
                    datetime.fromtimestamp(m.ts, UTC),
                    f"t{t.tid}",
                    previous,
                )
            )
            previous = len(rows) - 1
            people.append(who)
    for m in timeline.meetings:
        for week in range(max(1, m.weeks)):
            rows.append(
                (
                    CHANNEL_OF_MODE[m.mode],
                    "mutual",
                    datetime.fromtimestamp(m.start, UTC) + timedelta(weeks=week),
                    "",
                    -1,
                )
            )
            people.append(tuple(m.persons))
    return rows, people
