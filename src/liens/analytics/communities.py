"""Communities of the person graph: Louvain modularity optimisation, in igraph's C core.

Blondel, Guillaume, Lambiotte & Lefebvre (2008), *Fast unfolding of communities in large
networks*, J. Stat. Mech. P10008. networkx's ``louvain_communities`` is the same algorithm in
pure Python: 4.8 s on the 253,000 links of the diagnosis benchmark, about 28 s on 460,000;
igraph's ``community_multilevel`` takes 0.4 s and 1.1 s, with the same modularity
(benchmarks/diagnosis.py, structure-networkx). Seeded, so that the same graph gives the same
communities in every report. Pure module.
"""

from __future__ import annotations

import random

import igraph
import numpy as np


def louvain_labels(
    n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray, *, seed: int = 42
) -> np.ndarray:
    """The community of each node 0..n-1 (labels 0..k-1) of the undirected weighted graph.

    ``(a[k], b[k], w[k])`` are its edges, ``a != b``, each pair once, ``w > 0``. Nodes
    without an edge are communities of their own.
    """
    graph = igraph.Graph(
        n=n,
        edges=np.column_stack([a, b]).tolist(),
        edge_attrs={"weight": np.asarray(w, dtype=np.float64).tolist()},
    )
    # igraph draws from one process-wide generator: a seeded one for this call, then back
    # to the default (Python's random module)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        membership = graph.community_multilevel(weights="weight").membership
    finally:
        igraph.set_random_number_generator(random)
    return np.asarray(membership, dtype=np.int64)


def modularity(labels: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> float:
    """Newman's modularity Q of a partition: Σ_c (L_c / m − (d_c / 2m)²)."""
    m = float(np.sum(w))
    if m == 0:
        return 0.0
    k = int(labels.max()) + 1
    inside = labels[a] == labels[b]
    internal = np.bincount(labels[a][inside], weights=w[inside], minlength=k)
    degree = np.bincount(labels[a], weights=w, minlength=k) + np.bincount(
        labels[b], weights=w, minlength=k
    )
    return float(np.sum(internal / m - (degree / (2 * m)) ** 2))
