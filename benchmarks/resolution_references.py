"""The reference tools of benchmarks/resolution.py: Splink (DuckDB) and recordlinkage (ECM).

Both get the same identities as liens, flattened to the columns a record-linkage user would
prepare from contacts: names folded (a display name split into first and last, "Martin,
Jean" and "MARTIN Jean" understood), the first e-mail with its local part, the first phone
(already E.164), the birthday when it has a year, the first postcode, the organisation
folded without its legal form. Each returns its links at two probability thresholds; the
caller joins them with the importer's exact-key clusters, which every method starts from.
Install them with `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from liens.core.text import fold
from liens.resolution.records import Candidate

Links = list[tuple[int, int]]
_LEGAL = re.compile(r"\b(sas|sasu|sarl|sa|eurl|inc|ltd|llc|gmbh)\b")
_NOT_WORD = re.compile(r"[^a-z0-9 -]+")


def _fold(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def _split(c: Candidate) -> tuple[str, str]:
    """(first, last) from the name fields, else from the display name."""
    if c.first_name or c.last_name:
        return c.first_name, c.last_name
    name = c.display_name
    if "," in name:
        last, _, first = name.partition(",")
        return first, last
    tokens = name.split()
    if len(tokens) < 2:
        return name, ""
    upper = [t for t in tokens if t.isupper() and len(t) > 2]  # "MARTIN Jean"; not "JP"
    if upper and len(upper) < len(tokens):
        return " ".join(t for t in tokens if t not in upper), " ".join(upper)
    return tokens[0], " ".join(tokens[1:])


def columns(candidates: Sequence[Candidate]) -> Any:
    """A pandas frame, one row per identity, None where a value is missing."""
    import pandas as pd

    rows = []
    for c in candidates:
        first, last = (_fold(x) for x in _split(c))
        email = c.emails[0].lower() if c.emails else ""
        bday = c.birthday
        org = " ".join(_LEGAL.sub(" ", _fold(c.organization)).split())
        rows.append(
            {
                "unique_id": c.id,
                "first_name": first or None,
                "surname": last or None,
                "full_name": f"{first} {last}".strip() or None,
                "email": email or None,
                "email_user": email.partition("@")[0] or None,
                "phone": c.phones[0] if c.phones else None,
                "dob": bday.isoformat() if bday and bday.year != 1604 else None,
                "postcode": c.addresses[0].postcode or None if c.addresses else None,
                "organization": org or None,
            }
        )
    return pd.DataFrame(rows)


def run_splink(
    candidates: Sequence[Candidate], auto: float, review: float, seed: int
) -> tuple[Links, Links, int]:
    """Splink's documented recipe: comparisons with Jaro-Winkler and term frequencies on
    names, u by random sampling, m by EM on two blocking rules, predictions from blocking
    rules, connected components at each threshold."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    frame = columns(candidates)
    db_api = DuckDBAPI()
    table = db_api.register(frame)
    rules = [
        block_on("surname"),
        block_on("first_name", "organization"),
        block_on("email_user"),
        block_on("phone"),
        block_on("dob"),
    ]
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ForenameSurnameComparison(
                "first_name", "surname", forename_surname_concat_col_name="full_name"
            ),
            cl.EmailComparison("email"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("dob"),
            cl.ExactMatch("postcode"),
            cl.JaroWinklerAtThresholds("organization", [0.9]).configure(
                term_frequency_adjustments=True
            ),
        ],
        blocking_rules_to_generate_predictions=rules,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(table, settings, log_level="WARNING")
    deterministic = [block_on("email"), block_on("phone")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("organization"), max_pairs=2e6
    )
    predictions = linker.inference.predict(threshold_match_probability=review)
    links = {}
    for name, threshold in (("auto", auto), ("review", review)):
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        links[name] = _cluster_links(clusters.as_pandas_dataframe())
    counted = count_comparisons_from_blocking_rules(
        table, blocking_rules=rules, link_type="dedupe_only", record_sample_proportion=1.0
    )
    return links["auto"], links["review"], int(counted[-1]["cumulative_comparison_count"])


def _cluster_links(frame: Any) -> Links:
    """Each record linked to its cluster's id (a record of the cluster)."""
    ids = frame["unique_id"].tolist()
    clusters = frame["cluster_id"].tolist()
    first: dict[Any, int] = {}
    return [(first.setdefault(k, i), i) for i, k in zip(ids, clusters, strict=True)]


def run_recordlinkage(
    candidates: Sequence[Candidate], auto: float, review: float, seed: int
) -> tuple[Links, Links, int]:
    """recordlinkage's Index (blocking on surname, e-mail local part, phone, and a sorted
    neighbourhood on full names), Compare with Jaro-Winkler and exact rules, and the
    unsupervised ECM classifier's match probabilities. ECM has no smoothing: a feature one
    class never shows (birthdays and postcodes, on 1-2 % of identities) makes every
    probability NaN, and the e-mail local part makes it take "same local part" for the
    match class (5 % precision), so the features are names, e-mail, phone, organisation."""
    import numpy as np
    import recordlinkage as rl

    np.random.seed(seed)
    frame = columns(candidates).set_index("unique_id")
    indexer = rl.Index()
    indexer.block("surname")
    indexer.block("email_user")
    indexer.block("phone")
    indexer.sortedneighbourhood("full_name", window=5)
    pairs = indexer.index(frame)
    compare = rl.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.88, label="first")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.88, label="last")
    compare.exact("email", "email", label="email")
    compare.exact("phone", "phone", label="phone")
    compare.string("organization", "organization", method="jarowinkler", threshold=0.9, label="org")
    features = compare.compute(pairs, frame)
    ecm = rl.ECMClassifier()
    ecm.fit(features)
    probability = ecm.prob(features)
    left = features.index.get_level_values(0).to_numpy()
    right = features.index.get_level_values(1).to_numpy()
    p = probability.to_numpy()
    auto_links = list(zip(left[p >= auto].tolist(), right[p >= auto].tolist(), strict=True))
    review_links = list(zip(left[p >= review].tolist(), right[p >= review].tolist(), strict=True))
    return auto_links, review_links, len(pairs)
