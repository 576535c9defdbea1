"""Section 4 of the diagnosis: the person graph, its clusters, Burt's measures and bridges.

Reference values: research/science.md §3.1 and §5 (networkx 3.6.1, cross-checked with igraph).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter

import networkx as nx
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liens.analytics.communities import louvain_labels, modularity
from liens.analytics.ego import ego_measures
from liens.analytics.structure import LINK_HALF, structure_of


def ego_inputs(graph: nx.Graph, ego, weight: str | None = None):
    """The arguments of ego_measures for ``ego`` in a networkx graph: every other edge."""
    ego_edges = {v: graph[ego][v].get(weight, 1) if weight else 1 for v in graph[ego]}
    other = [
        (u, v, data.get(weight, 1) if weight else 1)
        for u, v, data in graph.edges(data=True)
        if ego not in (u, v)
    ]
    return ego_edges, other


def networkx_figures(graph: nx.Graph, ego, weight: str | None = None) -> tuple[float, float]:
    return (
        nx.constraint(graph, [ego], weight=weight)[ego],
        nx.effective_size(graph, [ego], weight=weight)[ego],
    )


def test_it_gives_the_medici_burts_reference_values():
    graph = nx.florentine_families_graph()
    measures = ego_measures(*ego_inputs(graph, "Medici"))
    assert measures.constraint == pytest.approx(17 / 81)
    assert measures.effective_size == pytest.approx(17 / 3)
    assert measures.efficiency == pytest.approx(17 / 18)
    assert measures.alters == 6
    assert (measures.constraint, measures.effective_size) == pytest.approx(
        networkx_figures(graph, "Medici")
    )


@pytest.mark.parametrize(
    ("node", "constraint", "effective_size"), [(0, 0.1554, 13.75), (33, 0.1564, 15.2353)]
)
def test_it_gives_the_karate_club_reference_values(node, constraint, effective_size):
    graph = nx.karate_club_graph()
    measures = ego_measures(*ego_inputs(graph, node))
    assert measures.constraint == pytest.approx(constraint, abs=5e-5)
    assert measures.effective_size == pytest.approx(effective_size, abs=5e-5)
    assert (measures.constraint, measures.effective_size) == pytest.approx(
        networkx_figures(graph, node)
    )


def test_it_gives_the_weighted_karate_club_reference_value():
    graph = nx.karate_club_graph()
    measures = ego_measures(*ego_inputs(graph, 0, "weight"))
    assert measures.constraint == pytest.approx(0.1906, abs=5e-5)
    assert (measures.constraint, measures.effective_size) == pytest.approx(
        networkx_figures(graph, 0, "weight")
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n=st.integers(2, 30),
    density=st.floats(0.05, 0.9),
    alone=st.booleans(),
)
def test_it_equals_networkx_on_random_weighted_graphs(seed, n, density, alone):
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(n, density, seed=seed)
    for i in range(1, n):  # the ego (node 0) is never isolated
        if rng.random() < 0.3:
            graph.add_edge(0, i)
    if graph.degree(0) == 0:
        graph.add_edge(0, 1)
    for u, v in graph.edges:
        graph[u][v]["weight"] = rng.uniform(0.05, 5.0)
    if alone:  # the ego network alone: alters' links to outsiders dropped
        graph = nx.ego_graph(graph, 0)
    measures = ego_measures(*ego_inputs(graph, 0, "weight"))
    constraint, effective_size = networkx_figures(graph, 0, "weight")
    assert measures.constraint == pytest.approx(constraint, rel=1e-9)
    assert measures.effective_size == pytest.approx(effective_size, rel=1e-9)
    assert measures.efficiency == pytest.approx(effective_size / graph.degree(0), rel=1e-9)


def test_it_finds_a_closed_ego_network_more_constrained_than_an_open_one():
    alters = {i: 0.5 for i in range(1, 7)}
    closed = [(i, j, 1.0) for i in alters for j in alters if i < j]
    tight, loose = ego_measures(alters, closed), ego_measures(alters, [])
    assert tight.constraint > loose.constraint
    assert loose.constraint == pytest.approx(1 / 6)
    assert loose.effective_size == 6
    assert tight.effective_size < loose.effective_size


def test_it_measures_my_ego_network_with_tie_scores_and_saturated_link_weights():
    ties = [(1, 0.9, "strong"), (2, 0.4, "moderate"), (3, 0.1, "weak"), (4, 0.05, "dormant")]
    ties += [(5, 0.0, "virtual"), (6, 0.3, "weak")]  # 6: an alter nobody else knows
    links = [(1, 2, 3.0), (2, 3, 1.0), (3, 4, 2.0), (1, 5, 4.0), (5, 4, 1.0)]
    out = structure_of(links, ties)
    graph = nx.Graph()
    for person, score, tie_class in ties:
        if tie_class != "virtual":
            graph.add_edge("me", person, weight=score)
    for a, b, weight in links:
        if graph.has_node(a) and graph.has_node(b):  # only links among my alters count
            graph.add_edge(a, b, weight=weight / (weight + LINK_HALF))
    constraint, effective_size = networkx_figures(graph, "me", "weight")
    assert out["alters"] == 5
    assert out["constraint"] == pytest.approx(constraint)
    assert out["effective_size"] == pytest.approx(effective_size)
    assert out["efficiency"] == pytest.approx(effective_size / 5)


def davis_links() -> tuple[list[tuple[int, int, float]], list[str]]:
    bipartite = nx.davis_southern_women_graph()
    women = [n for n, d in bipartite.nodes(data=True) if d["bipartite"] == 0]
    projection = nx.bipartite.weighted_projected_graph(bipartite, women)
    number = {name: i + 1 for i, name in enumerate(women)}  # 1-based, as in Davis et al.
    links = [(number[u], number[v], d["weight"]) for u, v, d in projection.edges(data=True)]
    return links, women


def test_it_finds_the_two_groups_of_the_southern_women():
    links, women = davis_links()
    assert women[0] == "Evelyn Jefferson" and women[17] == "Flora Price"
    clusters = structure_of(links, [])["clusters"]
    where = {person: c["id"] for c in clusters for person in c["members"]}
    first, second = set(range(1, 8)), set(range(10, 19))  # 8 (Pearl) and 9 (Ruth) are ambiguous
    assert len({where[w] for w in first}) == 1
    assert len({where[w] for w in second}) == 1
    assert where[1] != where[10]


def karate_clubs(clusters: list[dict]) -> tuple[float, dict[str, float]]:
    graph = nx.karate_club_graph()
    club = {node + 1: graph.nodes[node]["club"] for node in graph}
    right = sum(Counter(club[m] for m in c["members"]).most_common(1)[0][1] for c in clusters)
    held = {
        name: max(sum(club[m] == name for m in c["members"]) for c in clusters) / 17
        for name in ("Mr. Hi", "Officer")
    }
    return right / 34, held


def test_it_keeps_most_of_each_karate_club_together():
    graph = nx.karate_club_graph()
    links = [(u + 1, v + 1, d["weight"]) for u, v, d in graph.edges(data=True)]
    clusters = structure_of(links, [])["clusters"]
    purity, held = karate_clubs(clusters)
    assert purity >= 0.9  # each cluster is (nearly) one club
    assert held["Mr. Hi"] > 0.5 and held["Officer"] > 0.5  # most of a club lands in one cluster


def planted_graph(groups: int, size: int, seed: int) -> tuple[nx.Graph, np.ndarray]:
    graph = nx.planted_partition_graph(groups, size, 0.3, 0.004, seed=seed)
    rng = random.Random(seed)
    for u, v in graph.edges:
        graph[u][v]["weight"] = float(rng.randint(1, 3))
    truth = np.repeat(np.arange(groups), size)
    return graph, truth


def test_it_recovers_a_planted_partition_on_a_big_graph_as_well_as_networkx():
    graph, truth = planted_graph(40, 60, seed=3)  # 2,400 persons, ~23,000 links
    a, b, w = (np.array(column) for column in zip(*graph.edges(data="weight"), strict=True))
    labels = louvain_labels(graph.number_of_nodes(), a, b, w, seed=42)
    for group in range(40):
        assert Counter(labels[truth == group].tolist()).most_common(1)[0][1] >= 55
    reference = nx.community.louvain_communities(graph, weight="weight", seed=42)
    assert modularity(labels, a, b, w) >= nx.community.modularity(graph, reference) - 0.01
    assert (louvain_labels(graph.number_of_nodes(), a, b, w, seed=42) == labels).all()


def test_it_computes_modularity_like_networkx():
    graph = nx.karate_club_graph()
    a, b, w = (np.array(column, dtype=float) for column in zip(*graph.edges(data="weight")))
    a, b = a.astype(int), b.astype(int)
    labels = np.array([0 if graph.nodes[n]["club"] == "Mr. Hi" else 1 for n in graph])
    parts = [set(np.flatnonzero(labels == i).tolist()) for i in (0, 1)]
    assert modularity(labels, a, b, w) == pytest.approx(nx.community.modularity(graph, parts))


def clique(people: range, weight: float = 2.0) -> list[tuple[int, int, float]]:
    return [(i, j, weight) for i in people for j in people if i < j]


def bridge_scene() -> tuple[list[tuple[int, int, float]], list[tuple[int, float, str]]]:
    """Clique A (1-8) I know well, clique B (11-18) I never spoke with; 3 knows four of B."""
    links = clique(range(1, 9)) + clique(range(11, 19))
    links += [(3, 11, 1.0), (3, 12, 1.0), (3, 13, 1.0), (3, 14, 1.0), (5, 15, 1.0)]
    ties = [(p, 0.2 + 0.05 * p, "moderate") for p in range(1, 9)]
    ties += [(p, 0.0, "virtual") for p in range(11, 19)]
    return links, ties


def test_it_ranks_the_alter_linked_into_the_unreached_clique_first():
    links, ties = bridge_scene()
    out = structure_of(links, ties)
    a, b = out["clusters"]
    reached, unreached = (a, b) if 1 in a["members"] else (b, a)
    assert reached["reach"] == 1.0 and unreached["reach"] == 0.0
    assert [(x["person"], x["reaches"]) for x in out["bridges"]] == [(3, 4), (5, 1)]
    assert out["bridges"][0]["clusters"] == [unreached["id"]]
    assert out["bridges"][0]["score"] == pytest.approx(0.35)
    assert out["bridges"][0]["tie_class"] == "moderate"


def test_it_does_not_call_an_alter_a_bridge_to_a_cluster_I_already_reach():
    links, ties = bridge_scene()
    ties = [(p, 0.1, "weak") if 11 <= p <= 15 else (p, s, c) for p, s, c in ties]  # B: 5 of 8
    assert structure_of(links, ties)["bridges"] == []


def test_it_counts_the_holes_between_clusters_only_I_connect():
    links = clique(range(1, 5)) + clique(range(11, 15)) + clique(range(21, 25))
    links += [(4, 21, 1.0)]  # clusters of 1 and 21 know each other
    ties = [(1, 0.5, "strong"), (11, 0.5, "weak"), (21, 0.5, "weak")]
    holes = structure_of(links, ties)["holes"]
    assert holes["clusters"] == 3 and holes["pairs"] == 3 and holes["open"] == 2
    assert len(holes["examples"]) == 2


def test_it_describes_each_cluster():
    links, ties = bridge_scene()
    links += [(30, 31, 1.0)]  # a pair is not a cluster
    ties = [*ties, (30, 0.9, "strong")]
    labels = {p: ("Acme" if p != 2 else "Other", "ENG" if p < 4 else None) for p in range(1, 9)}
    out = structure_of(links, ties, labels)
    known = next(c for c in out["clusters"] if 1 in c["members"])
    assert known["members"] == list(range(1, 9)) and known["size"] == 8
    assert known["label"] == "Acme" and known["function"] == "ENG"
    assert known["strength"] == pytest.approx(np.mean([0.2 + 0.05 * p for p in range(1, 9)]))
    assert known["strong"] == 8
    unknown = next(c for c in out["clusters"] if 11 in c["members"])
    assert unknown["label"] == "" and unknown["function"] is None and unknown["strong"] == 0
    assert out["unclustered"] == 2
    assert [c["id"] for c in out["clusters"]] == [0, 1]
    assert (out["persons"], out["links"]) == (18, 2 * 28 + 5 + 1)
    assert out["density"] == pytest.approx(2 * 62 / (18 * 17))


def test_it_draws_the_persons_with_my_strongest_ties_and_their_links():
    links, ties = bridge_scene()
    picture = structure_of(links, ties, picture_size=3)["picture"]
    assert [node["id"] for node in picture["nodes"]] == [8, 7, 6]
    assert picture["nodes"][0]["tie_class"] == "moderate"
    assert picture["nodes"][0]["cluster"] is not None
    assert picture["edges"] == [[6, 7, 2.0], [6, 8, 2.0], [7, 8, 2.0]]


def test_it_gives_json_ready_and_stable_output_from_tuples_or_frames():
    links, ties = bridge_scene()
    frames = (
        pl.DataFrame(links, schema=["person_a", "person_b", "weight"], orient="row"),
        pl.DataFrame(ties, schema=["person_id", "score", "tie_class"], orient="row"),
    )
    out = structure_of(links, ties)
    assert json.loads(json.dumps(out)) == out
    assert structure_of(*frames) == out
    reversed_links = [(b, a, w) for a, b, w in reversed(links)]
    assert structure_of(reversed_links, list(reversed(ties))) == out


def test_it_adds_up_a_pair_given_twice_and_drops_self_links():
    out = structure_of([(1, 2, 1.0), (2, 1, 2.0), (3, 3, 5.0)], [])
    assert out["persons"] == 2
    assert out["picture"]["edges"] == [[1, 2, 3.0]]


def test_it_survives_an_empty_network():
    out = structure_of([], [])
    assert out["persons"] == 0 and out["clusters"] == [] and out["bridges"] == []
    assert out["constraint"] is None and out["alters"] == 0
    only_ties = structure_of([], [(1, 0.5, "strong"), (2, 0.5, "weak")])
    assert only_ties["constraint"] == pytest.approx(0.5)
    assert only_ties["effective_size"] == pytest.approx(2)
    assert math.isnan(ego_measures({}, []).constraint)


@pytest.mark.parametrize(
    ("links", "ties", "message"),
    [
        ([(1, 2, 0.0)], [], "weight > 0"),
        ([(1, 2, 1.0)], [(1, 0.5, "close")], "unknown tie classes"),
        ([(1, 2, 1.0)], [(1, 0.5, "weak"), (1, 0.2, "weak")], "one tie per person"),
        ([(1, 2, 1.0)], [(1, 1.5, "strong")], r"\[0, 1\]"),
        ([(1, None, 1.0)], [], "empty values"),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message(links, ties, message):
    with pytest.raises(ValueError, match=message):
        structure_of(links, ties)
