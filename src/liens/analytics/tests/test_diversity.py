from __future__ import annotations

import math
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liens.analytics.diversity import (
    alter_ego,
    blau,
    distribution,
    ei_by_function,
    ei_index,
    entropy,
    evenness,
    iqv,
)

KARATE = nx.karate_club_graph()

# research/science.md §3.3: alters of an ego by `club` on networkx's karate club.
# (ego, Blau, IQV, H in nats, ego E-I)
KARATE_REFERENCE = [
    (0, 0.1172, 0.2344, 0.2338, -0.875),
    (33, 0.2907, 0.5813, 0.4660, -0.6471),
    (8, 0.4800, 0.9600, 0.6730, 0.2),
]


def alter_clubs(ego: int) -> list[str]:
    return [KARATE.nodes[alter]["club"] for alter in KARATE.neighbors(ego)]


@pytest.mark.parametrize(("ego", "b", "q", "h", "ei"), KARATE_REFERENCE)
def test_it_reproduces_the_karate_club_reference_values(ego, b, q, h, ei):
    clubs = alter_clubs(ego)
    counts = Counter(clubs)
    assert blau(counts) == pytest.approx(b, abs=1e-4)
    assert iqv(counts) == pytest.approx(q, abs=1e-4)
    assert entropy(counts) == pytest.approx(h, abs=1e-4)
    assert ei_by_function(clubs, KARATE.nodes[ego]["club"]) == pytest.approx(ei, abs=1e-4)


def test_it_gives_the_same_values_from_a_distribution_of_the_karate_alters():
    summary = distribution(alter_clubs(33))
    assert summary["known"] == 17 and summary["categories"] == 2
    assert summary["blau"] == pytest.approx(0.2907, abs=1e-4)
    assert summary["iqv"] == pytest.approx(0.5813, abs=1e-4)
    assert summary["entropy"] == pytest.approx(0.4660, abs=1e-4)


def test_it_reproduces_the_whole_network_e_i_index_of_the_karate_club():
    club = nx.get_node_attributes(KARATE, "club")
    external = sum(1 for u, v in KARATE.edges if club[u] != club[v])
    internal = KARATE.number_of_edges() - external
    assert ei_index(external, internal) == pytest.approx(-0.7179, abs=1e-4)


def test_it_accepts_counts_as_a_mapping_or_a_sequence():
    assert blau({"a": 1, "b": 1}) == blau([1, 1]) == 0.5
    assert iqv([1, 1]) == 1.0
    assert entropy([1, 1]) == pytest.approx(math.log(2))
    assert evenness([1, 1]) == pytest.approx(1.0)


def test_it_calls_a_single_category_or_nothing_not_diverse():
    for counts in ([], [0, 0], [5], {"a": 5, "b": 0}):
        assert blau(counts) == 0.0
        assert iqv(counts) == 0.0
        assert entropy(counts) == 0.0
        assert evenness(counts) == 0.0


def test_it_refuses_negative_counts():
    with pytest.raises(ValueError):
        blau([3, -1])
    with pytest.raises(ValueError):
        ei_index(-1, 2)


def test_it_has_no_e_i_index_without_anybody_to_compare():
    assert ei_index(0, 0) is None
    assert ei_index(3, 0) == 1.0
    assert ei_index(0, 3) == -1.0


def test_it_leaves_unknown_functions_out_of_the_ego_e_i_index():
    assert ei_by_function(["hr", "sales", None, "", "hr"], "hr") == pytest.approx(-1 / 3)
    assert ei_by_function(["hr", "sales"], None) is None
    assert ei_by_function([None, None], "hr") is None


def test_it_lists_the_top_categories_and_groups_the_rest():
    values = ["hr"] * 5 + ["sales"] * 3 + ["it"] * 1 + ["data"] * 1 + [None, "", "  "]
    summary = distribution(values, top=2)
    assert summary["known"] == 10 and summary["unknown"] == 3 and summary["categories"] == 4
    assert summary["top"] == [
        {"name": "hr", "count": 5, "share": 0.5},
        {"name": "sales", "count": 3, "share": 0.3},
        {"name": "", "other": True, "count": 2, "share": 0.2},
    ]


def test_it_breaks_ties_by_name_and_rounds_shares():
    summary = distribution(["b", "a", "c"])
    assert [item["name"] for item in summary["top"]] == ["a", "b", "c"]
    assert summary["top"][0]["share"] == 0.3333
    assert not any(item.get("other") for item in summary["top"])


def test_it_describes_an_empty_network():
    summary = distribution([None, None])
    assert summary["known"] == 0 and summary["unknown"] == 2
    assert summary["blau"] == 0.0 and summary["top"] == []


def test_it_counts_alter_egos_once_whatever_the_reasons():
    persons = [
        ("acme", "hr"),  # former colleague and same trade
        ("acme", "sales"),  # former colleague
        ("hec", "finance"),  # schoolmate
        ("globex", "hr"),  # same trade
        ("globex", "it"),  # none
        (None, None),  # nothing known
    ]
    result = alter_ego(persons, my_organizations={"acme"}, my_schools={"hec"}, my_function="hr")
    assert result == {
        "base": 6,
        "past_employers": 2,
        "schools": 1,
        "same_function": 2,
        "alter_ego": 4,
        "index": 0.6667,
        "by_organization": [{"name": "acme", "count": 2}, {"name": "hec", "count": 1}],
    }


def test_it_lists_at_most_five_of_my_organizations_by_count():
    mine = {f"org{i}" for i in range(7)}
    persons = [(f"org{i}", None) for i in range(7) for _ in range(i + 1)]
    result = alter_ego(persons, my_organizations=mine, my_schools=set(), my_function=None)
    assert [row["name"] for row in result["by_organization"]] == [
        "org6",
        "org5",
        "org4",
        "org3",
        "org2",
    ]
    assert result["same_function"] == 0


def test_it_has_no_alter_ego_index_for_an_empty_base():
    result = alter_ego([], my_organizations={"acme"}, my_schools=set(), my_function="hr")
    assert result["base"] == 0 and result["index"] is None


counts_lists = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12)


@given(counts_lists)
def test_it_keeps_blau_between_zero_and_its_maximum(counts):
    k = sum(1 for count in counts if count > 0)
    value = blau(counts)
    assert 0.0 <= value <= (1 - 1 / k if k else 0.0) + 1e-12
    assert 0.0 <= iqv(counts) <= 1.0 + 1e-12


@given(counts_lists)
def test_it_finds_entropy_highest_when_categories_are_even(counts):
    k = sum(1 for count in counts if count > 0)
    assert entropy(counts) <= entropy([1] * k) + 1e-12
    assert entropy([7] * k) == pytest.approx(math.log(k) if k else 0.0)
    assert 0.0 <= evenness(counts) <= 1.0 + 1e-12


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_it_keeps_the_e_i_index_between_minus_one_and_one(external, internal):
    value = ei_index(external, internal)
    if external + internal == 0:
        assert value is None
    else:
        assert -1.0 <= value <= 1.0


@given(st.lists(st.sampled_from(["hr", "sales", "it", None, ""]), max_size=50))
def test_it_makes_shares_of_a_distribution_add_up_to_one(values):
    summary = distribution(values, top=2)
    assert summary["known"] + summary["unknown"] == len(values)
    if summary["known"]:
        assert sum(item["share"] for item in summary["top"]) == pytest.approx(1.0, abs=1e-3)
