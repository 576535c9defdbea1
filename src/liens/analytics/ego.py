"""Burt's structural holes for one ego: constraint, effective size and efficiency.

Burt (1992), *Structural Holes*: a network of contacts who do not know one another gives
more non-redundant information and more room to broker than the same number of contacts who
all know one another. Constraint measures how much my time and energy go to contacts who are
themselves invested in my other contacts; effective size counts my non-redundant contacts.
The definitions are exactly networkx's (3.x) ``constraint`` and ``effective_size``, written in
research/science.md §3.1:

- mutual weight ``w_ij = a_ij + a_ji``; proportional strength ``p_ij = w_ij / Σ_k w_ik``;
- local constraint ``ℓ(i, j) = (p_ij + Σ_q p_iq p_qj)²`` and constraint ``C_i = Σ_j ℓ(i, j)``;
- effective size ``e_i = Σ_j (1 − Σ_q p_iq m_jq)`` with ``m_jq = w_jq / max_k w_jk``;
- efficiency ``e_i / n`` for n alters.

networkx evaluates these node by node with neighbour-set look-ups: O(deg²) per ego, minutes
for an ego with 10,000 alters and a million alter–alter links. Only the ego's figures are
needed here, and every term of both sums runs over one alter–alter edge, so each edge is
visited once with numpy: O(alters + edges). Pure module: numpy only.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class EgoMeasures:
    """Burt's measures of one ego; nan for an ego without alters (undefined, as in networkx)."""

    constraint: float
    effective_size: float
    efficiency: float
    alters: int


def burt_arrays(
    ego_weight: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    w: np.ndarray,
    outside_sum: np.ndarray | None = None,
    outside_max: np.ndarray | None = None,
) -> EgoMeasures:
    """The measures from arrays: the array form behind ``ego_measures``.

    ``ego_weight[i] > 0`` is the ego's weight to alter i; ``(a[k], b[k], w[k])`` are the
    alter–alter edges as alter indexes, ``a != b``, each unordered pair at most once.
    ``outside_sum[i]`` and ``outside_max[i]`` are the sum and the largest weight of alter i's
    edges to nodes outside the ego network: they only widen alter i's denominators, as the
    rest of a whole graph does in networkx (zero for a bare ego network).
    """
    n = len(ego_weight)
    if n == 0:
        nan = float("nan")
        return EgoMeasures(nan, nan, nan, 0)
    ego_weight = np.asarray(ego_weight, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    p_ego = ego_weight / ego_weight.sum()
    # each alter's total and largest mutual weight, counting its tie to the ego
    total = (
        ego_weight + np.bincount(a, weights=w, minlength=n) + np.bincount(b, weights=w, minlength=n)
    )
    largest = ego_weight.copy()
    np.maximum.at(largest, a, w)
    np.maximum.at(largest, b, w)
    if outside_sum is not None:
        total = total + outside_sum
    if outside_max is not None:
        largest = np.maximum(largest, outside_max)
    # Σ_q p_ego,q · p_q,j : the ego's indirect investment in j through each common contact q
    indirect = np.bincount(b, weights=p_ego[a] * w / total[a], minlength=n) + np.bincount(
        a, weights=p_ego[b] * w / total[b], minlength=n
    )
    # Σ_q p_ego,q · m_j,q : how much of j the ego already reaches through q (redundancy)
    redundancy = np.bincount(a, weights=p_ego[b] * w / largest[a], minlength=n) + np.bincount(
        b, weights=p_ego[a] * w / largest[b], minlength=n
    )
    constraint = float(np.sum((p_ego + indirect) ** 2))
    effective_size = float(n - redundancy.sum())
    return EgoMeasures(constraint, effective_size, effective_size / n, n)


def ego_measures(
    ego_edges: Mapping[Hashable, float],
    alter_edges: Iterable[tuple[Hashable, Hashable, float]],
) -> EgoMeasures:
    """Constraint, effective size and efficiency of the ego whose alters are ``ego_edges``.

    ``ego_edges`` maps each alter to the weight of its tie to the ego (> 0). ``alter_edges``
    are the other edges: between two alters they make the ego network; between an alter and a
    node outside it they only count in that alter's proportions (pass every edge of a whole
    graph to get networkx's figures on it, or only alter–alter edges for the ego network
    alone); edges between two outside nodes and self-loops are ignored. Edges are undirected:
    a pair given twice, either way round, adds up, like networkx's mutual weight.
    """
    alters = list(ego_edges)
    index = {node: i for i, node in enumerate(alters)}
    ego_weight = np.array([ego_edges[node] for node in alters], dtype=np.float64)
    if np.any(~(ego_weight > 0)):
        raise ValueError("ego_measures: every ego edge needs a weight > 0")
    n = len(alters)
    pairs: dict[tuple[int, int], float] = {}
    outside: dict[tuple[int, Hashable], float] = {}
    for u, v, weight in alter_edges:
        if u == v:
            continue
        i, j = index.get(u), index.get(v)
        if i is not None and j is not None:
            key = (i, j) if i < j else (j, i)
            pairs[key] = pairs.get(key, 0.0) + weight
        elif i is not None:
            outside[(i, v)] = outside.get((i, v), 0.0) + weight
        elif j is not None:
            outside[(j, u)] = outside.get((j, u), 0.0) + weight
    outside_sum = np.zeros(n)
    outside_max = np.zeros(n)
    for (i, _node), weight in outside.items():
        outside_sum[i] += weight
        outside_max[i] = max(outside_max[i], weight)
    a = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    b = np.fromiter((j for _, j in pairs), dtype=np.int64, count=len(pairs))
    w = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
    return burt_arrays(ego_weight, a, b, w, outside_sum, outside_max)
