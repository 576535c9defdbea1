"""How well and how fast identity resolution finds who is who, against Splink and recordlinkage.

    /work/venv/bin/python benchmarks/resolution.py [--size 5000,100000]
        [--methods exact,liens,sql,splink,recordlinkage] [--seed 0] [--auto P] [--review P]

For each size it builds the labelled identities of `liens.demo.identities` (true person of
every identity known; the noise is described there), then runs each method in its own
process, on the same identities, and prints side by side: wall and CPU time, peak memory
(resident set of the method's process tree, sampled from /proc, and its own maxrss), pairs
scored, and pairwise precision / recall / F1 over identities, of automatic merges and of
merges plus the review band. A predicted pair is two identities in one resulting person, a
true pair two identities of one true person; both are counted from group sizes.

- exact: the importer's exact-key clusters alone (e-mail, phone, profile URL): what every
  method starts from, and the floor;
- liens: `liens.resolution.resolve`, automatic merges and merges + review as it decides;
- sql: the same, its blocking and comparisons run as SQL in DuckDB (`resolution/sql.py`):
  the form a team server or an organisation-wide run would use;
- splink: Splink 4+/5 with DuckDB (benchmarks/resolution_references.py);
- recordlinkage: its Index, Compare and unsupervised ECMClassifier.
The references' links at probability ≥ --auto (automatic) and ≥ --review (with review) are
joined with the exact clusters; both thresholds default to liens' own. The exact row's
memory is what holding the identities costs, in every row; `liens÷` is liens' time divided
by the method's. Timings move with the machine's load: CPU time is the steadier figure.
A method that runs over --cap-seconds (600) or --cap-mb (8192) is stopped and reported as
capped. The issue's targets: precision ≥ 0.995 automatic, F1 ≥ 0.97 overall, 100,000
identities in < 60 s and < 2 GB. The references need `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from liens.resolution.records import Candidate
from liens.resolution.unionfind import UnionFind

Groups = Iterable[Sequence[int]]
METHODS = ("exact", "liens", "sql", "splink", "recordlinkage")


# --- metrics ------------------------------------------------------------------------------------


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(groups: Groups, truth: dict[int, int]) -> dict[str, float]:
    """Precision, recall and F1 of the pairs `groups` put together, counted by group sizes."""
    predicted = correct = 0
    for group in groups:
        predicted += _pairs(len(group))
        correct += sum(_pairs(n) for n in Counter(truth[i] for i in group).values())
    true = sum(_pairs(n) for n in Counter(truth.values()).values())
    precision = correct / predicted if predicted else 1.0
    recall = correct / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": predicted}


def joined(candidates: Sequence[Candidate], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Groups of candidate ids: the exact-key clusters joined by `links` (id pairs)."""
    sets = UnionFind([*(c.id for c in candidates), *(c.person for c in candidates)])
    for c in candidates:
        sets.union(c.id, c.person)
    for a, b in links:
        sets.union(a, b)
    groups: dict[int, list[int]] = {}
    for c in candidates:
        groups.setdefault(sets.find(c.id), []).append(c.id)
    return list(groups.values())


# --- one method, in its own process -------------------------------------------------------------


def _run(
    method: str, candidates: list[Candidate], auto: float, review: float, seed: int
) -> tuple[Groups, Groups, int | None]:
    if method == "exact":
        groups = joined(candidates, ())
        return groups, groups, 0
    if method == "liens":
        from liens.resolution import resolve

        result = resolve(candidates)
        return result.groups(review=False), result.groups(review=True), result.pairs_scored
    if method == "sql":  # the same resolution, blocking and comparing in DuckDB
        import duckdb

        from liens.resolution import resolve
        from liens.resolution.sql import duckdb_engine

        with tempfile.TemporaryDirectory() as directory:
            engine = duckdb_engine(duckdb.connect(), Path(directory))
            result = resolve(candidates, engine=engine)
        return result.groups(review=False), result.groups(review=True), result.pairs_scored
    import resolution_references as refs

    run = refs.run_splink if method == "splink" else refs.run_recordlinkage
    auto_links, review_links, scored = run(candidates, auto, review, seed)
    return joined(candidates, auto_links), joined(candidates, review_links), scored


def child(method: str, data: Path, auto: float, review: float, seed: int) -> None:
    with data.open("rb") as fh:
        candidates, truth = pickle.load(fh)  # noqa: S301 - written by the parent just before
    loaded = _rss_mib(os.getpid())
    start, cpu = time.perf_counter(), time.process_time()
    auto_groups, review_groups, scored = _run(method, candidates, auto, review, seed)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    own = max(
        resource.getrusage(who).ru_maxrss
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    truth_of = {c.id: t for c, t in zip(candidates, truth, strict=True)}
    print(
        json.dumps(
            {
                "time": took,
                "cpu": cpu,
                "scored": scored,
                "loaded_mib": loaded,
                "maxrss_mib": own / 1024,
                "auto": pairwise(auto_groups, truth_of),
                "review": pairwise(review_groups, truth_of),
            }
        )
    )


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        kib = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
    return kib / 1024


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as fh:
                    todo.extend(int(x) for x in fh.read().split())
        except OSError:
            continue
    return out


def measure(cmd: list[str], cap_seconds: float, cap_mib: float) -> dict:
    """Run a child, sampling its process tree's RSS every 50 ms; stop it at a cap. Its output
    goes to files (a pipe nobody reads while it runs could fill and stall it); its warnings
    are shown only if it fails."""
    peak, capped = 0.0, ""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, start_new_session=True)  # noqa: S603
        while proc.poll() is None:
            rss = 0.0
            for pid in _tree(proc.pid):
                try:
                    rss += _rss_mib(pid)
                except (OSError, StopIteration):
                    continue
            peak = max(peak, rss)
            elapsed = time.perf_counter() - start
            if not capped and (elapsed > cap_seconds or rss > cap_mib):
                capped = f"stopped at {elapsed:.0f} s, {rss:,.0f} MiB"
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        lines, errors = out.read().strip().splitlines(), err.read().strip().splitlines()
    if capped:
        return {"capped": capped, "peak_mib": peak}
    if proc.returncode or not lines:
        print("\n".join(errors[-5:]), file=sys.stderr)
        return {"capped": f"failed (exit code {proc.returncode})", "peak_mib": peak}
    result = json.loads(lines[-1])
    result["peak_mib"] = max(peak, result["maxrss_mib"])
    return result


# --- the run and its table ----------------------------------------------------------------------


def _fmt(metrics: dict | None) -> str:
    if not metrics:
        return f"{'—':>6} {'—':>6} {'—':>6}"
    return f"{metrics['precision']:6.4f} {metrics['recall']:6.4f} {metrics['f1']:6.4f}"


def report(rows: dict[str, dict]) -> None:
    """One line per method; `liens÷` is liens' time over the method's (< 1: liens is faster)."""
    liens = rows.get("liens", {}).get("time")
    print(
        f"{'method':<14} {'time s':>7} {'CPU s':>7} {'peak MiB':>9} {'scored':>11}  "
        f"{'auto P':>6} {'R':>6} {'F1':>6}  {'+rev P':>6} {'R':>6} {'F1':>6}  {'liens÷':>6}"
    )
    for method, r in rows.items():
        if "capped" in r:
            print(f"{method:<14} {r['capped']} (peak {r['peak_mib']:,.0f} MiB)")
            continue
        scored = f"{r['scored']:,}" if r.get("scored") is not None else "—"
        ratio = (
            f"{liens / r['time']:6.2f}" if liens and method not in ("liens", "sql", "exact") else ""
        )
        review = None if method == "exact" else r["review"]
        print(
            f"{method:<14} {r['time']:7.2f} {r['cpu']:7.2f} {r['peak_mib']:9,.0f} {scored:>11}  "
            f"{_fmt(r['auto'])}  {_fmt(review)}  {ratio:>6}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="5000,100000", help="identities, comma-separated")
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--auto", type=float, help="references: automatic threshold")
    parser.add_argument("--review", type=float, help="references: review threshold")
    parser.add_argument("--cap-seconds", type=float, default=600)
    parser.add_argument("--cap-mb", type=float, default=8192)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    auto, review = _thresholds(args.auto, args.review)
    if args.child:
        child(args.child, args.data, auto, review, args.seed)
        return
    from liens.demo.identities import labelled

    methods = [m for m in args.methods.split(",") if m]
    print(f"thresholds for the references: automatic ≥ {auto}, review ≥ {review}")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.size.split(",")):
            start = time.perf_counter()
            data = labelled(size, args.seed)
            took = time.perf_counter() - start
            truth = {c.id: t for c, t in zip(data.candidates, data.truth, strict=True)}
            true_pairs = sum(_pairs(n) for n in Counter(data.truth).values())
            exact = pairwise(joined(data.candidates, ()), truth)
            print(
                f"== {size:,} identities of {len(set(data.truth)):,} persons (built in "
                f"{took:.1f} s): {true_pairs:,} true pairs, {exact['pairs']:,} joined by "
                f"exact keys"
            )
            path = Path(folder) / f"identities-{size}.pickle"
            with path.open("wb") as fh:
                pickle.dump((data.candidates, data.truth), fh, protocol=pickle.HIGHEST_PROTOCOL)
            rows = {}
            for method in methods:
                cmd = [sys.executable, __file__, "--child", method, "--data", str(path)]
                cmd += ["--seed", str(args.seed), "--auto", str(auto), "--review", str(review)]
                rows[method] = measure(cmd, args.cap_seconds, args.cap_mb)
            report(rows)


def _thresholds(auto: float | None, review: float | None) -> tuple[float, float]:
    try:
        from liens.resolution import AUTOMATIC, REVIEW
    except ImportError:  # before resolve() exists
        AUTOMATIC, REVIEW = 0.999, 0.5
    return (AUTOMATIC if auto is None else auto), (REVIEW if review is None else review)


if __name__ == "__main__":
    main()
