"""Which pairs get compared: those sharing a block key, in blocks small enough to compare in
full (no Django).

Comparing every pair of 100,000 identities is 5·10⁹ comparisons; two spellings of one person
nearly always share something short: the same name words in any order, a given name with
the family name one letter off (typos), a spelling of the name as an address, a
given name at one employer, a number, a birthday, a street. A key shared by too many
identities tells nobody apart and is dropped: finer keys still hold those pairs. (On 20,000
labelled identities, keys of a family name alone or with an initial brought 80,000 pairs
more for 0.2% of the true ones; at 100,000, a given name with the first or last three
letters of the family name brought 765,000 for 0.2%: typos are caught by deletions.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from liens.resolution.emails import local_tokens, without_particles
from liens.resolution.features import Features
from liens.resolution.names import given_forms

__all__ = ["MAX_BLOCK", "block_keys", "candidate_pairs"]

MAX_BLOCK = 80  # identities per block: at most 3,160 pairs from one key


def block_keys(f: Features) -> set[str]:
    keys: set[str] = set()
    given, family = f.name.given, f.family
    if given and f.org:  # "Chloé, Acme" in a phone meets "Chloé Martin, Acme" (see _PAIRS)
        keys.add(f"o:{f.org}:{given[0]}")
    if family and given:
        for form in given_forms(given):
            keys.update(_spellings(form.replace("-", ""), family))
        keys.update(_spellings("".join(t[0] for t in given), family))
        keys.add(f"s:{'.'.join(sorted(f.name.words))}")  # any order
        joined = "".join(given)
        # one letter dropped, doubled, changed or two swapped in the family name: the two
        # spellings share a spelling with one letter deleted (and nothing else does,
        # mostly). Slips in given names meet through the address or the family name.
        keys.update(f"t:{joined}:{d}" for d in _deletions(family))
    for local in (*f.locals, f.slug_name):
        compact = "".join(t for t in local_tokens(local) if t.isalpha())
        if len(compact) >= 5:
            keys.add(f"e:{compact}")
            keys.add(f"e:{without_particles(local)}")
    keys.update(f"p:{phone[-9:]}" for phone in f.phones)
    if f.birthday is not None:
        month, day = f.birthday[:2]
        keys.add(f"b:{month}-{day}:{family[:1]}")
        keys.add(f"b:{month}-{day}:{''.join(f.name.given)[:1]}")
    keys.update(f"a:{street}" for street in f.streets)
    return keys


def _deletions(word: str) -> set[str]:
    if len(word) < 5:  # as names._one_letter_off: short words have too many neighbours
        return set()
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _spellings(given: str, family: str) -> tuple[str, ...]:
    """How an address writes a name: the keys `e:` a local part is filed under."""
    return (f"e:{given}{family}", f"e:{family}{given}")


def candidate_pairs(features: Sequence[Features]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of identities of different persons sharing a small block."""
    first: dict[str, int] = {}  # most keys have one identity: no list for those
    blocks: dict[str, list[int]] = {}
    for index, f in enumerate(features):
        for key in block_keys(f):
            seen_first = first.setdefault(key, index)
            if seen_first != index:
                members = blocks.get(key)
                if members is None:
                    blocks[key] = [seen_first, index]
                else:
                    members.append(index)
    del first
    size = len(features)
    person = [f.person for f in features]
    seen: set[int] = set()
    for key, members in blocks.items():
        if not 1 < len(members) <= MAX_BLOCK:
            continue
        wanted = _PAIRS.get(key[0])
        for i, j in combinations(members, 2):
            if person[i] != person[j] and (wanted is None or wanted(features[i], features[j])):
                seen.add(i * size + j)
    return [divmod(code, size) for code in sorted(seen)]


def _given_only(a: Features, b: Features) -> bool:
    return a.name.empty or b.name.empty


# Keys that pair only some of their members: "o" (given name at an employer) is for a given
# name alone; two full names at one employer are paired by their own keys (100,000
# identities: 61,000 pairs more for 320 true ones).
_PAIRS: dict[str, Callable[[Features, Features], bool]] = {"o": _given_only}
