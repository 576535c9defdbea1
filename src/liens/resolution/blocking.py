"""Which pairs get compared: those sharing a block key, in blocks small enough to compare in
full (no Django).

Comparing every pair of 100,000 identities is 5·10⁹ comparisons; two spellings of one person
nearly always share something short: a family name and an initial, the same tokens in another
order, an address that spells the name, a birthday. A key shared by too many identities (2,000
"Martin") tells nobody apart and is dropped: finer keys still hold those pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from liens.resolution.emails import local_tokens
from liens.resolution.features import Features
from liens.resolution.names import given_forms

__all__ = ["MAX_BLOCK", "block_keys", "candidate_pairs"]

MAX_BLOCK = 80  # identities per block: at most 3,160 pairs from one key


def block_keys(f: Features) -> set[str]:
    keys: set[str] = set()
    given, family = f.name.given, "".join(f.name.family)
    if family:
        keys.add(f"f:{family}")  # family names alone: kept only where the name is rare
        for form in given_forms(given) if given else ():
            compact = form.replace("-", "")
            keys.add(f"n:{family}:{compact[:1]}")
            keys.update(_spellings(compact, family))
        if given:
            joined = "".join(given)
            keys.add(f"s:{'.'.join(sorted((*given, *f.name.family)))}")  # any order
            keys.add(f"t:{joined}:{family[:3]}")  # a slip late in the family name
            keys.add(f"t:{joined}:{family[-3:]}")  # ... or early
            keys.update(_spellings("".join(t[0] for t in given), family))
            if f.org:
                keys.add(f"o:{f.org}:{joined}")
    for local in (*f.locals, f.slug_name):
        compact = "".join(local_tokens(local))
        if len(compact) >= 5:
            keys.add(f"e:{compact}")
        tokens = [t for t in local_tokens(local) if t.isalpha()]
        if len(tokens) == 2:  # jean.martin: either order
            keys.add(f"n:{tokens[1]}:{tokens[0][0]}")
            keys.add(f"n:{tokens[0]}:{tokens[1][0]}")
    keys.update(f"p:{phone[-9:]}" for phone in f.phones)
    if f.birthday is not None:
        month, day = f.birthday[:2]
        keys.add(f"b:{month}-{day}:{family[:1]}")
        keys.add(f"b:{month}-{day}:{''.join(f.name.given)[:1]}")
    keys.update(f"a:{street}" for street in f.streets)
    return keys


def _spellings(given: str, family: str) -> tuple[str, ...]:
    """How an address writes a name: the keys `e:` a local part is filed under."""
    return (f"e:{given}{family}", f"e:{family}{given}")


def candidate_pairs(
    features: Sequence[Features], *, only: set[int] | None = None
) -> list[tuple[int, int]]:
    """Index pairs (i < j) of identities of different persons sharing a small block; with
    `only`, pairs where at least one index is in it (what an import added)."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, f in enumerate(features):
        for key in block_keys(f):
            blocks[key].append(index)
    size = len(features)
    seen: set[int] = set()
    for members in _small(blocks.values()):
        persons = {features[i].person for i in members}
        if len(persons) < 2:
            continue
        for i, j in combinations(members, 2):
            if features[i].person != features[j].person and (
                only is None or i in only or j in only
            ):
                seen.add(i * size + j)
    return [divmod(code, size) for code in sorted(seen)]


def _small(blocks: Iterable[list[int]]) -> Iterable[list[int]]:
    return (members for members in blocks if 1 < len(members) <= MAX_BLOCK)
