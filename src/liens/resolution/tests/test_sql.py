"""The SQL form of resolution gives what the Python form gives: the same candidate pairs and
the same level of every comparison, on labelled identities, run in DuckDB."""

from __future__ import annotations

import pytest

from liens.demo.identities import labelled_identities
from liens.resolution import resolve
from liens.resolution.blocking import candidate_pairs
from liens.resolution.comparisons import compare
from liens.resolution.features import features_of
from liens.resolution.sql import duckdb_engine

duckdb = pytest.importorskip("duckdb")


def test_duckdb_blocks_and_compares_as_python_does(tmp_path) -> None:
    features = [features_of(c) for c, _ in labelled_identities(3000, seed=3)]
    pairs, patterns = duckdb_engine(duckdb.connect(), tmp_path)(features)
    expected = candidate_pairs(features)
    assert sorted(pairs) == expected
    assert len(expected) > 1000  # the sample has work in it
    python = {pair: compare(features[pair[0]], features[pair[1]]) for pair in expected}
    assert {pair: pattern for pair, pattern in zip(pairs, patterns, strict=True)} == python


def test_resolution_on_duckdb_merges_the_same_persons(tmp_path) -> None:
    candidates = [c for c, _ in labelled_identities(2000, seed=4)]
    on_duckdb = resolve(candidates, engine=duckdb_engine(duckdb.connect(), tmp_path))
    assert sorted(on_duckdb.groups(review=True)) == sorted(resolve(candidates).groups(review=True))


def test_duckdb_grades_short_forms_and_gendered_names_as_python_does(tmp_path) -> None:
    from liens.resolution.records import Candidate

    names = [
        "Isa Martin", "Isabelle Martin", "Isa", "Jean Martin", "Jeanne Martin", "Jean",
        "JL Martin", "Jean-Luc Martin", "J.-L. Martin", "Gaël Martin", "Gaëlle Martin",
        "Jo Martin", "Joseph Martin", "Fred Martin", "Frédéric Martin", "Max Martin",
        "Maxine Martin", "Maxime Martin", "PY Martin", "Pierre-Yves Martin",
    ]  # fmt: skip
    features = [  # one number for all: every pair is compared
        features_of(Candidate(i, i, "vcard", display_name=name, phones=("+33698765432",)))
        for i, name in enumerate(names, start=1)
    ]
    pairs, patterns = duckdb_engine(duckdb.connect(), tmp_path)(features)
    assert sorted(pairs) == candidate_pairs(features)
    python = {pair: compare(features[pair[0]], features[pair[1]]) for pair in sorted(pairs)}
    assert {pair: pattern for pair, pattern in zip(pairs, patterns, strict=True)} == python
    level = {}
    for (i, j), pattern in python.items():
        level[names[i], names[j]] = level[names[j], names[i]] = pattern[0]
    assert level["Isa Martin", "Isabelle Martin"] == "nickname"
    assert level["JL Martin", "Jean-Luc Martin"] == "nickname"
    assert level["Isa", "Isabelle Martin"] == "given_only"
    assert level["Jean Martin", "Jeanne Martin"] == "family_only"
    assert level["Maxime Martin", "Max Martin"] == "nickname"
    assert level["Max Martin", "Maxine Martin"] == "family_only"
