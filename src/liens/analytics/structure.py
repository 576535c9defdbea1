"""Structure: section 4 of the network diagnosis.

The graph of persons (links from shared meetings, shared threads, introductions, the same
organization), its clusters, the structural holes I span and the persons who bridge to the
clusters I barely reach. Granovetter (1973): new information comes through bridges between
groups; Burt (1992): a broker whose contacts do not know one another is less constrained and
sees more. Pure module: numpy, polars and networkx, no Django.

Inputs (``structure_of``), person ids are ints:

- ``links``: one row per pair of persons, ``(person_a, person_b, weight)``, already summed over
  kinds by the caller, weight > 0; a polars frame with those columns (``LINKS_SCHEMA``) or an
  iterable of tuples. Self-loops are dropped; a pair given twice (either way round) adds up.
- ``ties``: my tie to each person, ``(person_id, score, tie_class)``, score in [0, 1] (frame
  with ``TIES_SCHEMA`` or tuples). A linked person without a tie row counts as not reached.
- ``labels``: optional ``person_id -> (organization or "", function family code or None)``.

Definitions:

- *Clusters*: Louvain communities of the linked persons on the raw link weights (Blondel et al.
  2008; ``communities.louvain_labels``, seeded), ordered by size; only communities of at least
  ``MIN_CLUSTER`` persons are clusters, the others are "unclustered". *Reach* of a cluster is
  the share of its members I have a real (non-virtual: two-way at least once) tie with.
- *Ego network* (Burt's constraint, effective size, efficiency; ``ego.burt_arrays``): me and my
  alters, every person with a non-virtual tie and a score > 0, linked or not (an alter nobody
  else knows is a non-redundant contact). Me–alter weight is the tie score. Alter–alter weight
  is the link weight w mapped into the tie scale by ``w / (w + LINK_HALF)`` (one shared meeting
  counts like a tie of 0.5, many tend to 1): Burt's proportions add my weight to an alter and
  the alter's weights to the others, so both must be on one scale. Only links among alters
  count (the ego network alone, not the alters' links to persons I do not know).
- *Bridges*: persons I can ask (strong, moderate, weak or dormant tie; dormant ties included:
  reconnecting them brings the most novel knowledge, Levin, Walter & Murnighan 2011) who are
  linked to persons I do not reach in a cluster of reach < ``LOW_REACH`` other than their own
  cluster. Ranked by the number of such persons, then my tie score.
- *Holes*: pairs of clusters I reach (at least one real tie in each) with no link between
  them: I am the only connection I know of between them.
- *Picture*: the ``PICTURE_SIZE`` linked persons with my strongest ties and their links among
  themselves, for the report's drawing (no layout here).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import polars as pl

from liens.analytics.communities import louvain_labels, modularity
from liens.analytics.ego import burt_arrays
from liens.analytics.ties import CLASSES

LINKS_SCHEMA: dict[str, pl.DataType] = {
    "person_a": pl.Int64(),
    "person_b": pl.Int64(),
    "weight": pl.Float64(),
}
TIES_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.Int64(),
    "score": pl.Float64(),
    "tie_class": pl.Utf8(),
}
TIE_CLASSES = CLASSES  # their order gives the codes below
REAL_CODES = (0, 1, 2, 3)  # a two-way exchange at least once: I reach them
STRONG_CODES = (0, 1)  # strong or moderate
BRIDGE_CODES = (0, 1, 2, 3)  # whom I can ask for an introduction
NO_TIE = -1
SEED = 42
MIN_CLUSTER = 3
LOW_REACH = 0.25
LINK_HALF = 1.0
TOP_BRIDGES = 10
PICTURE_SIZE = 150
HOLE_EXAMPLES = 10


def structure_of(
    links: pl.DataFrame | Iterable[tuple[int, int, float]],
    ties: pl.DataFrame | Iterable[tuple[int, float, str]],
    labels: Mapping[int, tuple[str, str | None]] | None = None,
    *,
    seed: int = SEED,
    low_reach: float = LOW_REACH,
    top: int = TOP_BRIDGES,
    picture_size: int = PICTURE_SIZE,
) -> dict[str, Any]:
    """Section 4 of the diagnosis as a JSON-ready dict (definitions in the module docstring).

    ``{"persons", "links", "density", "modularity",
    "clusters": [{"id", "size", "members", "reach", "strength", "strong", "label", "function"}],
    "unclustered", "alters", "constraint", "effective_size", "efficiency" (None without alters),
    "bridges": [{"person", "clusters", "reaches", "score", "tie_class"}],
    "holes": {"clusters", "pairs", "open", "examples": [[cluster, cluster], ...]},
    "picture": {"nodes": [{"id", "cluster", "score", "tie_class"}], "edges": [[a, b, w], ...]}}``.
    Cluster ids run from 0 (the largest); a person outside a cluster has cluster None.
    """
    ids, ia, ib, w = _graph(_frame(links, LINKS_SCHEMA))
    tie_ids, tie_score, tie_code = _ties(_frame(ties, TIES_SCHEMA))
    n = len(ids)
    row = _rows_of(tie_ids, ids)
    score = np.where(row >= 0, tie_score[row], 0.0) if len(tie_ids) else np.zeros(n)
    code = np.where(row >= 0, tie_code[row], NO_TIE) if len(tie_ids) else np.full(n, NO_TIE)
    real = np.isin(code, REAL_CODES)

    community = louvain_labels(n, ia, ib, w, seed=seed) if n else np.zeros(0, dtype=np.int64)
    cluster = _clusters(community)
    k = int(cluster.max()) + 1 if n and cluster.max() >= 0 else 0
    clusters = _describe(ids, cluster, k, real, score, code, labels or {})
    low = np.array([c["reach"] < low_reach for c in clusters], dtype=bool)

    return {
        "persons": n,
        "links": len(w),
        "density": 2 * len(w) / (n * (n - 1)) if n > 1 else 0.0,
        "modularity": modularity(community, ia, ib, w) if len(w) else 0.0,
        "clusters": clusters,
        "unclustered": int(np.sum(cluster < 0)),
        **_ego(tie_score, tie_code, row, ia, ib, w),
        "bridges": _bridges(ids, ia, ib, cluster, low, real, score, code, top),
        "holes": _holes(ia, ib, cluster, k, real),
        "picture": _picture(ids, ia, ib, w, cluster, score, code, picture_size),
    }


def _frame(rows: pl.DataFrame | Iterable[tuple[Any, ...]], schema: dict[str, pl.DataType]):
    if isinstance(rows, pl.DataFrame):
        frame = rows.select([pl.col(name).cast(kind) for name, kind in schema.items()])
    else:
        frame = pl.DataFrame(list(rows), schema=schema, orient="row")
    if any(frame.null_count().row(0)):
        raise ValueError(f"structure_of: empty values in {', '.join(schema)}")
    return frame


def _graph(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Linked person ids (sorted) and the edges as indexes into them, each pair once."""
    a = frame["person_a"].to_numpy()
    b = frame["person_b"].to_numpy()
    w = frame["weight"].to_numpy()
    if np.any(~(w > 0)) or not np.all(np.isfinite(w)):
        raise ValueError("structure_of: every link needs a finite weight > 0")
    keep = a != b
    a, b, w = a[keep], b[keep], w[keep]
    ids, index = np.unique(np.concatenate([a, b]), return_inverse=True)
    n = len(ids)
    ia, ib = index[: len(a)], index[len(a) :]
    lo, hi = np.minimum(ia, ib).astype(np.int64), np.maximum(ia, ib).astype(np.int64)
    key, inverse = np.unique(lo * n + hi, return_inverse=True)
    return ids, key // max(n, 1), key % max(n, 1), np.bincount(inverse, weights=w)


def _rows_of(tie_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The tie row of each linked person (tie_ids sorted), -1 when it has none."""
    pos = np.searchsorted(tie_ids, ids)
    found = pos < len(tie_ids)
    found[found] = tie_ids[pos[found]] == ids[found]
    return np.where(found, pos, -1)


def _ties(frame: pl.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    frame = frame.sort("person_id")
    tie_ids = frame["person_id"].to_numpy()
    scores = frame["score"].to_numpy()
    if not np.all((scores >= 0) & (scores <= 1)):
        raise ValueError("structure_of: tie scores must lie in [0, 1]")
    if len(tie_ids) > 1 and np.any(tie_ids[1:] == tie_ids[:-1]):
        raise ValueError("structure_of: one tie per person")
    unknown = set(frame["tie_class"].unique().to_list()) - set(TIE_CLASSES)
    if unknown:
        raise ValueError(f"structure_of: unknown tie classes {sorted(map(str, unknown))}")
    classes = pl.Enum(TIE_CLASSES)
    code = frame["tie_class"].cast(classes).to_physical().to_numpy().astype(np.int64)
    return tie_ids, scores.astype(np.float64), code


def _clusters(community: np.ndarray) -> np.ndarray:
    """Cluster id per person (0 = largest; ties by smallest member), -1 outside a cluster."""
    if len(community) == 0:
        return community
    size = np.bincount(community)
    first = np.full(len(size), len(community))
    np.minimum.at(first, community, np.arange(len(community)))
    kept = np.flatnonzero(size >= MIN_CLUSTER)
    order = kept[np.lexsort((first[kept], -size[kept]))]
    renumber = np.full(len(size), -1)
    renumber[order] = np.arange(len(order))
    return renumber[community]


def _describe(ids, cluster, k, real, score, code, labels) -> list[dict[str, Any]]:
    inside = cluster >= 0
    c = cluster[inside]
    size = np.bincount(c, minlength=k)
    reached = np.bincount(c, weights=real[inside], minlength=k)
    strength = np.bincount(c, weights=score[inside], minlength=k)
    strong = np.bincount(c, weights=np.isin(code[inside], STRONG_CODES), minlength=k)
    order = np.argsort(c, kind="stable")  # persons are sorted by id: members stay sorted
    members = np.split(ids[inside][order], np.cumsum(size)[:-1]) if k else []
    out = []
    for i in range(k):
        person_ids = members[i].tolist()
        organizations: Counter[str] = Counter()
        functions: Counter[str] = Counter()
        for person in person_ids:
            organization, function = labels.get(person, ("", None))
            if organization:
                organizations[organization] += 1
            if function is not None:
                functions[function] += 1
        out.append(
            {
                "id": i,
                "size": int(size[i]),
                "members": person_ids,
                "reach": float(reached[i] / size[i]),
                "strength": float(strength[i] / size[i]),
                "strong": int(strong[i]),
                "label": _most_common(organizations) or "",
                "function": _most_common(functions),
            }
        )
    return out


def _most_common(counter: Counter[str]) -> str | None:
    """The most frequent value, the alphabetically first among equals: stable reports."""
    if not counter:
        return None
    return min(counter.items(), key=lambda item: (-item[1], item[0]))[0]


def _ego(tie_score, tie_code, row, ia, ib, w) -> dict[str, Any]:
    is_alter = np.isin(tie_code, REAL_CODES) & (tie_score > 0)
    alter_of_row = np.full(len(tie_score) + 1, -1)  # the extra last slot: no tie row
    alter_of_row[: len(tie_score)][is_alter] = np.arange(int(is_alter.sum()))
    alter = alter_of_row[row]
    aa, ab = alter[ia], alter[ib]
    both = (aa >= 0) & (ab >= 0)
    strength = w[both] / (w[both] + LINK_HALF)
    measures = burt_arrays(tie_score[is_alter], aa[both], ab[both], strength)
    defined = measures.alters > 0
    return {
        "alters": measures.alters,
        "constraint": measures.constraint if defined else None,
        "effective_size": measures.effective_size if defined else None,
        "efficiency": measures.efficiency if defined else None,
    }


def _bridges(ids, ia, ib, cluster, low, real, score, code, top) -> list[dict[str, Any]]:
    if not low.any():
        return []
    src, dst = np.concatenate([ia, ib]), np.concatenate([ib, ia])
    target = cluster[dst]
    into = np.isin(code[src], BRIDGE_CODES) & (target >= 0) & ~real[dst] & (target != cluster[src])
    into[into] = low[target[into]]
    src, target = src[into], target[into]
    if len(src) == 0:
        return []
    reaches = np.bincount(src, minlength=len(ids))
    candidates = np.flatnonzero(reaches)
    best = candidates[np.lexsort((ids[candidates], -score[candidates], -reaches[candidates]))]
    best = best[:top]
    out = []
    for person in best.tolist():
        out.append(
            {
                "person": int(ids[person]),
                "clusters": sorted(set(target[src == person].tolist())),
                "reaches": int(reaches[person]),
                "score": float(score[person]),
                "tie_class": TIE_CLASSES[code[person]],
            }
        )
    return out


def _holes(ia, ib, cluster, k, real) -> dict[str, Any]:
    inside = cluster >= 0
    reached = np.bincount(cluster[inside], weights=real[inside], minlength=k) > 0
    ca, cb = cluster[ia], cluster[ib]
    between = (ca >= 0) & (cb >= 0) & (ca != cb)
    lo, hi = np.minimum(ca[between], cb[between]), np.maximum(ca[between], cb[between])
    linked = np.unique(lo.astype(np.int64) * max(k, 1) + hi)
    among = int(np.sum(reached[linked // max(k, 1)] & reached[linked % max(k, 1)]))
    count = int(reached.sum())
    pairs = count * (count - 1) // 2
    # examples among the largest clusters I reach: ids are ordered by size
    shown = np.flatnonzero(reached)[:50].tolist()
    known = set(linked.tolist())
    examples = [
        [first, second]
        for i, first in enumerate(shown)
        for second in shown[i + 1 :]
        if first * k + second not in known
    ][:HOLE_EXAMPLES]
    return {"clusters": count, "pairs": pairs, "open": pairs - among, "examples": examples}


def _picture(ids, ia, ib, w, cluster, score, code, size) -> dict[str, Any]:
    chosen = np.lexsort((ids, -score))[:size]
    shown = np.zeros(len(ids), dtype=bool)
    shown[chosen] = True
    edges = shown[ia] & shown[ib]
    return {
        "nodes": [
            {
                "id": int(ids[p]),
                "cluster": int(cluster[p]) if cluster[p] >= 0 else None,
                "score": float(score[p]),
                "tie_class": TIE_CLASSES[code[p]] if code[p] != NO_TIE else None,
            }
            for p in chosen.tolist()
        ],
        "edges": [
            [a, b, weight]
            for a, b, weight in zip(
                ids[ia[edges]].tolist(), ids[ib[edges]].tolist(), w[edges].tolist(), strict=True
            )
        ],
    }
