"""How fast liens recomputes every tie and writes the diagnosis of a big network.

    /work/venv/bin/python benchmarks/diagnosis.py [--persons 50000] [--intensity 31]
        [--methods ties,ties-rowwise,json,html,structure,structure-networkx] [--repeat 3]

The network is the demo generator's world and timeline at a raised intensity, written into
a SQLite database (benchmarks/network_database.py; built once, then reused from the cache
directory): 50,000 persons and about 2,000,000 interactions by default. Each method runs in
its own process on a fresh copy of it, read once beforehand (warm cache), `--repeat` times;
the table gives the median wall time, the peak resident memory, the issue's target and the
ratio to the reference measured in the same run:

- ties: `ties_recompute`, SQL aggregation and polars scoring (target < 5 s);
  ties-rowwise, its reference: the same scoring, the history aggregated per person in a
  Python loop over the participation rows (what "not per-person Python loops" rules out);
- json: `liens diagnose --json` as the command runs it: ties recomputed, then every section,
  then the JSON text (target < 15 s);
- html: the same with the HTML report written (target < 20 s);
- structure: section 4 alone on the person graph (liens.analytics.structure);
  structure-networkx, its reference: networkx's own Louvain on the same graph.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import peak_rss_mib
from network_database import network_database

METHODS = ("ties", "ties-rowwise", "json", "html", "structure", "structure-networkx")
TARGETS = {"ties": 5.0, "json": 15.0, "html": 20.0}
REFERENCE = {"ties": "ties-rowwise", "structure": "structure-networkx"}


def _setup(database: str) -> Any:
    os.environ["DJANGO_SETTINGS_MODULE"] = "liens.settings"
    os.environ["LIENS_DATABASE_URL"] = database
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from liens.testing import persona

    call_command("migrate", verbosity=0)
    return persona("bench")


def run(method: str, database: str) -> dict[str, Any]:
    """One method on one database, in this process: its wall time and what it made."""
    owner = _setup(database)
    from django.utils import timezone

    now = timezone.now()
    started = time.perf_counter()
    made: Any
    if method == "ties":
        from liens.ties.services import ties_recompute

        made = ties_recompute(owner=owner, now=now)
    elif method == "ties-rowwise":
        made = _ties_rowwise(owner, now)
    elif method in ("json", "html"):
        from liens.reports.diagnosis import diagnosis
        from liens.ties.services import ties_recompute

        ties_recompute(owner=owner, now=now)
        data = diagnosis(owner, now=now, lang="fr")
        if method == "json":
            made = len(json.dumps(data, ensure_ascii=False))
        else:
            from liens.reports.html import report_html

            made = len(report_html(data, lang="fr"))
    elif method == "structure":
        from liens.reports.diagnosis import persons_of, structure

        made = len(structure(owner, persons_of(owner))["clusters"])
    elif method == "structure-networkx":
        made = _louvain_networkx(owner)
    else:
        raise SystemExit(f"unknown method {method}")
    return {"seconds": time.perf_counter() - started, "made": made}


def _ties_rowwise(owner: Any, now: Any) -> int:
    """The reference: every participation row into Python, one dict of counters per person."""
    from datetime import timedelta

    import polars as pl

    from liens.analytics.ties import CHANNEL_RICHNESS, HISTORY_SCHEMA, ties_frame
    from liens.interactions.models import Participant

    year_ago = now - timedelta(days=365)
    people: dict[int, dict[str, Any]] = {}
    rows = (
        Participant.objects.filter(owner=owner)
        .values_list(
            "person_id",
            "role",
            "interaction__occurred_at",
            "interaction__channel",
            "interaction__direction",
            "interaction__reply_to_id",
        )
        .iterator(chunk_size=20000)
    )
    for person, role, at, channel, direction, reply_to in rows:
        h = people.setdefault(person, {"person_id": person, "n_all": 0, "rich_all": 0.0})
        weight = CHANNEL_RICHNESS.get(channel, 0.0)
        from_them = direction == "inbound" and role not in ("to", "cc")
        h["n_all"] += 1
        h["rich_all"] += weight
        h["first_at"] = min(h.get("first_at") or at, at)
        for key, hit in (
            ("last_in", from_them),
            ("last_out", direction == "outbound"),
            ("last_mutual", channel in ("in_person", "call", "video")),
            ("last_in_person", channel == "in_person"),
        ):
            if hit and at > (h.get(key) or at.min.replace(tzinfo=at.tzinfo)):
                h[key] = at
        h["n_in"] = h.get("n_in", 0) + from_them
        h["n_out"] = h.get("n_out", 0) + (direction == "outbound")
        if at >= year_ago:
            h["n_12m"] = h.get("n_12m", 0) + 1
            h["rich_12m"] = h.get("rich_12m", 0.0) + weight
            if reply_to is None:
                h["started_them_12m"] = h.get("started_them_12m", 0) + from_them
                h["started_me_12m"] = h.get("started_me_12m", 0) + (direction == "outbound")
    frame = pl.DataFrame(
        [{k: h.get(k) for k in HISTORY_SCHEMA} for h in people.values()], schema=HISTORY_SCHEMA
    )
    numbers = [k for k, t in HISTORY_SCHEMA.items() if t in (pl.Int64(), pl.Float64())]
    return ties_frame(frame.with_columns(pl.col(numbers).fill_null(0)), now).height


def _louvain_networkx(owner: Any) -> int:
    import networkx as nx

    from liens.analytics.structure import SEED
    from liens.reports import selectors

    graph = nx.Graph()
    graph.add_weighted_edges_from(selectors.links(owner).iter_rows())
    communities = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    return sum(1 for c in communities if len(c) >= 3)


def _warm(path: Path) -> None:
    """Read the database once, so that the run measures liens and not the disk: the host
    reclaims its page cache on its own (DAMON), and a cold 900 MB file cost seconds of I/O
    wait in some runs and none in others."""
    with path.open("rb") as fh:
        while fh.read(1 << 24):
            pass


def _child(method: str, source: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="liens-diagnosis-") as folder:
        database = Path(folder) / "network.sqlite3"
        shutil.copyfile(source, database)
        _warm(database)
        out = subprocess.run(  # noqa: S603 (this script, with its own arguments)
            [sys.executable, __file__, "--child", method, str(database)],
            capture_output=True,
            text=True,
        )
    if out.returncode:
        raise SystemExit(f"{method} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=50_000)
    parser.add_argument("--intensity", type=float, default=31)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "liens-bench"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run(*args.child)
        result["peak_mib"] = peak_rss_mib()
        print(json.dumps(result))
        return
    path, counts = network_database(
        Path(args.cache), persons=args.persons, intensity=args.intensity
    )
    print(
        f"network: {counts['persons']:,} persons, {counts['interactions']:,} interactions, "
        f"{counts['participants']:,} participations, {counts['links']:,} links ({path.name})"
    )
    medians: dict[str, float] = {}
    rows = []
    for method in args.methods.split(","):
        runs = [_child(method, path) for _ in range(args.repeat)]
        seconds = [r["seconds"] for r in runs]
        medians[method] = statistics.median(seconds)
        rows.append((method, seconds, max(r["peak_mib"] for r in runs), runs[0]["made"]))
    print(f"{'method':<20}{'median s':>10}{'runs s':>24}{'peak MiB':>10}{'target':>9}{'ratio':>22}")
    for method, seconds, peak, made in rows:
        target = TARGETS.get(method)
        reference = REFERENCE.get(method)
        ratio = ""
        if reference in medians:
            ratio = f"{medians[reference] / medians[method]:.1f}x faster than {reference}"
        runs = "/".join(f"{s:.2f}" for s in seconds)
        met = f"< {target:g} s" if target else ""
        print(
            f"{method:<20}{medians[method]:>10.2f} {runs:>23}{peak:>10.0f}{met:>9}  {ratio}"
            f"  ({made})"
        )


if __name__ == "__main__":
    main()
