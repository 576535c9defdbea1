"""The pairwise part of resolution as SQL, for an engine that scales past one machine's
Python (no Django, no engine imported here).

Resolution has two parts. Each identity's comparable values (`features_of`) depend on that
identity alone: they are computed anywhere, in parallel, and loaded as one row per identity
(`identity_rows`). The pairs are where the cost grows: the block keys join identities, and
each comparison is one CASE expression over two rows (`LEVELS`). DuckDB runs this as it
stands (benchmarks/resolution.py, method `sql`); the Python path and this one give the same
levels (resolution/tests/test_sql.py). The m/u weights are then a small table joined on the
levels, and the clustering reads the scored pairs back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from liens.resolution.blocking import MAX_BLOCK, block_keys
from liens.resolution.comparisons import PairEngine, Pattern
from liens.resolution.emails import EmailLevel, letters, local_tokens, without_particles
from liens.resolution.features import Features
from liens.resolution.names import (
    COMPOUND_INITIALS,
    GENDER_ENDINGS,
    SHORT_LETTERS,
    full_forms,
    given_forms,
)
from liens.resolution.orgs import LEGAL_FORMS

__all__ = [
    "IDENTITY_COLUMNS",
    "LEVELS",
    "PAIRS",
    "duckdb_engine",
    "identity_rows",
    "key_rows",
    "load_duckdb",
]

# name, DuckDB type: the identities table
IDENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "BIGINT"),
    ("person", "BIGINT"),
    ("name_empty", "BOOLEAN"),
    ("given", "VARCHAR[]"),
    ("given_text", "VARCHAR"),
    ("family_text", "VARCHAR"),
    ("words", "VARCHAR[]"),
    ("initials", "BOOLEAN"),
    ("initial_letters", "VARCHAR[]"),
    ("full_forms", "VARCHAR[]"),  # full given names the given name can stand for
    ("given_forms", "VARCHAR[]"),  # ... and their short forms
    ("nickname", "VARCHAR"),
    ("family", "VARCHAR"),  # letters only
    ("spell_name", "VARCHAR[]"),
    ("spell_initial", "VARCHAR[]"),
    ("local_compact", "VARCHAR[]"),  # per address: letters of the local part
    ("local_bare", "VARCHAR[]"),  # ... without a particle glued to a word
    ("local_tokens", "VARCHAR[][]"),
    ("own_distinct", "VARCHAR[]"),  # personal local parts that do not spell the name
    ("org", "VARCHAR"),
    ("org_compact", "VARCHAR"),
    ("org_words", "VARCHAR[]"),
    ("labels", "VARCHAR[]"),  # raw labels (length rule) and compact ones, paired by index
    ("labels_compact", "VARCHAR[]"),
    ("phones", "VARCHAR[]"),
    ("phones9", "VARCHAR[]"),
    ("slug", "VARCHAR"),
    ("numeric_slug", "VARCHAR"),
    ("bmonth", "INTEGER"),
    ("bday", "INTEGER"),
    ("byear", "INTEGER"),
    ("streets", "VARCHAR[]"),
    ("places", "VARCHAR[]"),
    ("title", "VARCHAR"),
    ("title_words", "VARCHAR[]"),
)


def duckdb_engine(con: Any, directory: Path) -> PairEngine:
    """A `resolve(engine=...)` that blocks and compares in a DuckDB connection."""

    def engine(features: Sequence[Features]) -> tuple[list[tuple[int, int]], list[Pattern]]:
        load_duckdb(con, features, directory)
        con.execute(f"CREATE OR REPLACE TABLE pairs AS {PAIRS}")
        index = {f.id: i for i, f in enumerate(features)}
        pairs: list[tuple[int, int]] = []
        patterns: list[Pattern] = []
        for left, right, *levels in con.execute(LEVELS + " ORDER BY 1, 2").fetchall():
            i, j = index[left], index[right]
            pairs.append((min(i, j), max(i, j)))
            patterns.append(tuple(levels))
        return pairs, patterns

    return engine


def load_duckdb(con: Any, features: Sequence[Features], directory: Path) -> None:
    """Tables `identities` and `keys` in a DuckDB connection, through JSON lines in
    `directory` (row-by-row inserts take 35 s for 5,000 identities, this 0.2 s)."""
    tables = {
        "identities": (IDENTITY_COLUMNS, identity_rows(features)),
        "keys": (_KEY_COLUMNS, key_rows(features)),
    }
    for table, (columns, rows) in tables.items():
        path = directory / f"{table}.jsonl"
        names = [name for name, _kind in columns]
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False))
                out.write("\n")
        spec = ", ".join(f"{name}: '{kind}'" for name, kind in columns)
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_json(?,"
            " format = 'newline_delimited',"
            f" columns = {{{spec}}})",
            [str(path)],
        )


_KEY_COLUMNS = (("id", "BIGINT"), ("key", "VARCHAR"), ("given_alone", "BOOLEAN"))


def identity_rows(features: Iterable[Features]) -> list[tuple[Any, ...]]:
    """One row per identity, in IDENTITY_COLUMNS order."""
    return [_row(f) for f in features]


def _row(f: Features) -> tuple[Any, ...]:
    name = f.name
    locals_ = sorted(f.locals)
    compact = [letters(local) for local in locals_]
    spelled = f.spellings
    birthday = f.birthday or (None, None, None)
    labels = sorted(f.labels)
    return (
        f.id,
        f.person,
        name.empty,
        list(name.given),
        name.given_text,
        name.family_text,
        sorted(name.words),
        name.initials,
        [t[0] for t in name.given],
        sorted(full_forms(name.given)),
        sorted(given_forms(name.given)),
        f.nickname,
        f.family,
        sorted(k for k, v in spelled.items() if v is EmailLevel.NAME),
        sorted(k for k, v in spelled.items() if v is EmailLevel.INITIAL),
        compact,
        [without_particles(local) for local in locals_],
        [list(local_tokens(local)) for local in locals_],
        sorted(
            local
            for local, letters in zip(locals_, compact, strict=True)
            if len(letters) >= 5 and letters not in spelled
        ),
        f.org,
        f.org.replace(" ", "").replace("-", ""),
        sorted(set(f.org.split())),
        labels,
        [label.replace(" ", "").replace("-", "") for label in labels],
        sorted(f.phones),
        sorted({p[-9:] for p in f.phones}),
        f.slug,
        f.numeric_slug,
        *birthday,
        sorted(f.streets),
        sorted(f.places),
        f.title,
        sorted(set(f.title.split())),
    )


def key_rows(features: Sequence[Features]) -> list[tuple[int, str, bool]]:
    """(identity id, block key, given name alone): the blocking, as rows to join on."""
    return [(f.id, key, f.name.empty) for f in features for key in block_keys(f)]


# The candidate pairs: identities of two persons sharing a key held by at most MAX_BLOCK
# identities; a given name at an employer ("o:") pairs only a given name alone.
PAIRS = f"""
WITH blocks AS (
    SELECT key FROM keys GROUP BY key HAVING count(*) BETWEEN 2 AND {MAX_BLOCK}
),
members AS (
    SELECT k.id, k.key, k.given_alone, i.person
    FROM keys k JOIN blocks USING (key) JOIN identities i USING (id)
)
SELECT DISTINCT a.id AS left_id, b.id AS right_id
FROM members a JOIN members b ON a.key = b.key AND a.id < b.id
WHERE a.person <> b.person
  AND (left(a.key, 2) <> 'o:' OR a.given_alone OR b.given_alone)
"""

_LEGAL = ", ".join(f"'{form}'" for form in sorted(LEGAL_FORMS))

# names.compare_names, then the vCard nickname of comparisons._name
_NAME = """
CASE
  WHEN a.name_empty OR b.name_empty THEN
    CASE WHEN a.name_empty <> b.name_empty AND len(a.given) > 0 AND len(b.given) > 0
              AND ({given_agree}) THEN 'given_only' ELSE 'missing' END
  WHEN a.family_text <> b.family_text THEN
    CASE WHEN len(a.given) > 0 AND len(b.given) > 0 AND a.words = b.words THEN 'swapped'
         WHEN {family_slip} AND ({given_fit}) THEN 'typo'
         ELSE 'different' END
  WHEN a.given = b.given THEN 'exact'
  WHEN len(a.given) = 0 OR len(b.given) = 0 THEN {family_only}
  WHEN a.initials OR b.initials THEN
    CASE WHEN {initials_fit} THEN 'initials' ELSE {family_only} END
  WHEN {nicknames} THEN 'nickname'
  WHEN {prefix} THEN 'partial'
  WHEN {given_slip} THEN 'typo'
  ELSE {family_only}
END
"""


def _short_form(short: str, long: str) -> str:
    """names.short_form(short.given, long.given): Isa for Isabelle, not Jean for Jeanne;
    JL for Jean-Luc."""
    word, other = f"{short}.given[1]", f"{long}.given[1]"
    rest = f"substr({other}, length({word}) + 1)"
    endings = ", ".join(f"'{ending}'" for ending in sorted(GENDER_ENDINGS))
    low, high = SHORT_LETTERS
    first, last = COMPOUND_INITIALS
    return (
        f"(len({short}.given) = 1 AND ("
        f"(len({long}.given) = 1 AND length({word}) BETWEEN {low} AND {high}"
        f" AND length({other}) > length({word}) AND starts_with({other}, {word})"
        f" AND NOT ({rest} IN ({endings}) OR (left({rest}, 1) = right({word}, 1)"
        f" AND substr({rest}, 2) IN ({endings}))))"
        f" OR (len({long}.given) >= 2 AND length({word}) BETWEEN {first} AND {last}"
        f" AND len({long}.given) = length({word})"
        f" AND array_to_string({long}.initial_letters, '') = {word})))"
    )


_NICKNAMES = (
    f"(len(list_intersect(a.full_forms, b.full_forms)) > 0"
    f" OR {_short_form('a', 'b')} OR {_short_form('b', 'a')})"
)
_PREFIX = (
    "(len(a.given) < len(b.given) AND list_slice(b.given, 1, len(a.given)) = a.given)"
    " OR (len(b.given) < len(a.given) AND list_slice(a.given, 1, len(b.given)) = b.given)"
)
_INITIALS_FIT = (
    "(a.initials AND len(a.given) <= len(b.given)"
    " AND list_slice(b.initial_letters, 1, len(a.given)) = a.given)"
    " OR (b.initials AND len(b.given) <= len(a.given)"
    " AND list_slice(a.initial_letters, 1, len(b.given)) = b.given)"
)


def _slip(x: str, y: str) -> str:
    return f"(least(length({x}), length({y})) >= 5 AND damerau_levenshtein({x}, {y}) <= 1)"


# a family name alone may still be the vCard NICKNAME the other side's given name allows
_FAMILY_ONLY = (
    "CASE WHEN (a.nickname <> '' AND list_contains(b.given_forms, a.nickname))"
    " OR (b.nickname <> '' AND list_contains(a.given_forms, b.nickname))"
    " THEN 'nickname' ELSE 'family_only' END"
)

NAME_LEVEL = _NAME.format(
    given_agree=f"a.given = b.given OR {_NICKNAMES} OR {_PREFIX}",
    family_slip=_slip("a.family_text", "b.family_text"),
    given_fit=(
        f"len(a.given) = 0 OR len(b.given) = 0 OR a.given = b.given"
        f" OR (CASE WHEN a.initials OR b.initials THEN {_INITIALS_FIT}"
        f" ELSE {_NICKNAMES} OR {_PREFIX} END)"
    ),
    family_only=_FAMILY_ONLY,
    initials_fit=_INITIALS_FIT,
    nicknames=_NICKNAMES,
    prefix=_PREFIX,
    given_slip=_slip("a.given_text", "b.given_text"),
)


def _fit_rank(holder: str, other: str) -> str:
    """emails.fit of each of `holder`'s addresses against `other`'s name, as a rank (1 name,
    2 initial, 3 family, 4 no fit), the best of them."""
    return f"""list_min(list_transform(range(1, len({holder}.local_compact) + 1), lambda i:
        CASE
          WHEN list_contains({other}.spell_name, {holder}.local_compact[i]) THEN 1
          WHEN list_contains({other}.spell_initial, {holder}.local_compact[i]) THEN 2
          WHEN list_contains({other}.spell_name, {holder}.local_bare[i]) THEN 1
          WHEN list_contains({other}.spell_initial, {holder}.local_bare[i]) THEN 2
          WHEN length({other}.family) >= 4
               AND list_contains({holder}.local_tokens[i], {other}.family) THEN 3
          ELSE 4
        END))"""


# emails.compare_locals: a shared local part that spells neither name, else the best fit of
# a nameless side's addresses against the other's name
EMAIL_LEVEL = f"""
CASE
  WHEN list_has_any(a.own_distinct, b.own_distinct) THEN 'same_local'
  ELSE CASE least(
      CASE WHEN len(a.spell_name) = 0 AND len(b.spell_name) > 0
           THEN {_fit_rank("a", "b")} END,
      CASE WHEN len(b.spell_name) = 0 AND len(a.spell_name) > 0
           THEN {_fit_rank("b", "a")} END)
    WHEN 1 THEN 'name' WHEN 2 THEN 'initial' WHEN 3 THEN 'family' WHEN 4 THEN 'no_fit'
    ELSE 'missing' END
END
"""


def _fits_domain(org: str, label: str, compact: str) -> str:
    """orgs.fits_domain for one label (raw, compact) of the other side."""
    shorter = f"(CASE WHEN length({compact}) > length({org}) THEN {org} ELSE {compact} END)"
    longer = f"(CASE WHEN length({compact}) > length({org}) THEN {compact} ELSE {org} END)"
    return (
        f"({org} <> '' AND length({label}) >= 3 AND ({compact} = {org} OR ("
        f"length({shorter}) >= 4 AND starts_with({longer}, {shorter})"
        f" AND substr({longer}, length({shorter}) + 1) IN ({_LEGAL}))))"
    )


def _any_label_fits(holder: str, other: str) -> str:
    fits = _fits_domain(
        f"{other}.org_compact", f"{holder}.labels[i]", f"{holder}.labels_compact[i]"
    )
    return f"len(list_filter(range(1, len({holder}.labels) + 1), lambda i: {fits})) > 0"


# orgs.compare_orgs
ORGANIZATION_LEVEL = f"""
CASE
  WHEN (a.org = '' AND len(a.labels) = 0) OR (b.org = '' AND len(b.labels) = 0) THEN 'missing'
  WHEN a.org <> '' AND a.org = b.org THEN 'same'
  WHEN list_has_any(a.labels, b.labels) OR {_any_label_fits("a", "b")}
       OR {_any_label_fits("b", "a")} THEN 'domain'
  WHEN a.org <> '' AND b.org <> ''
       AND len(list_intersect(a.org_words, b.org_words)) * 2
           >= least(len(a.org_words), len(b.org_words)) + 1 THEN 'similar'
  ELSE 'different'
END
"""

PHONE_LEVEL = """
CASE
  WHEN len(a.phones) = 0 OR len(b.phones) = 0 THEN 'missing'
  WHEN list_has_any(a.phones, b.phones) THEN 'same'
  WHEN list_has_any(a.phones9, b.phones9) THEN 'close'
  ELSE 'different'
END
"""

PROFILE_LEVEL = """
CASE
  WHEN a.slug <> '' AND b.slug <> '' THEN CASE WHEN a.slug = b.slug THEN 'same' ELSE 'different' END
  WHEN a.numeric_slug <> '' AND b.numeric_slug <> '' THEN
    CASE WHEN a.numeric_slug = b.numeric_slug THEN 'same' ELSE 'different' END
  ELSE 'missing'
END
"""

BIRTHDAY_LEVEL = """
CASE
  WHEN a.bmonth IS NULL OR b.bmonth IS NULL THEN 'missing'
  WHEN a.bmonth <> b.bmonth OR a.bday <> b.bday THEN 'different'
  WHEN a.byear IS NULL OR b.byear IS NULL THEN 'same_day'
  WHEN a.byear = b.byear THEN 'same'
  ELSE 'different'
END
"""

ADDRESS_LEVEL = """
CASE
  WHEN (len(a.streets) = 0 AND len(a.places) = 0)
       OR (len(b.streets) = 0 AND len(b.places) = 0) THEN 'missing'
  WHEN list_has_any(a.streets, b.streets) THEN 'same_street'
  WHEN list_has_any(a.places, b.places) THEN 'same_place'
  ELSE 'different'
END
"""

TITLE_LEVEL = """
CASE
  WHEN a.title = '' OR b.title = '' THEN 'missing'
  WHEN a.title = b.title THEN 'same'
  WHEN len(list_intersect(a.title_words, b.title_words)) * 2
       >= least(len(a.title_words), len(b.title_words)) THEN 'similar'
  ELSE 'different'
END
"""

# The level of every comparison for each pair of `pairs`, in COMPARISONS order.
LEVELS = f"""
SELECT p.left_id, p.right_id,
  {NAME_LEVEL} AS name,
  {EMAIL_LEVEL} AS email,
  {ORGANIZATION_LEVEL} AS organization,
  {PHONE_LEVEL} AS phone,
  {PROFILE_LEVEL} AS profile,
  {BIRTHDAY_LEVEL} AS birthday,
  {ADDRESS_LEVEL} AS address,
  {TITLE_LEVEL} AS title
FROM pairs p
JOIN identities a ON a.id = p.left_id
JOIN identities b ON b.id = p.right_id
"""
