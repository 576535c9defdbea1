"""The noise of the labelled identity benchmark: names and spellings as people mistype them.

`identities.py` decides who appears in which source; this module changes how a value is
written there. Each function is small and deterministic for a given `random.Random`, so the
benchmark can count how often each kind of noise happened (its tests check the rates).
"""

from __future__ import annotations

import random

from . import names as N

__all__ = [
    "POOL_SURNAMES",
    "benchmark_name",
    "initials",
    "org_spelling",
    "typo",
]

# A surname comes from the demo pools (Zipf: Martin, Bernard, Dubois... repeat as in life)
# with this probability, else from a long tail of rarer surnames. The pools alone have 209
# surnames: at 100,000 identities every tenth person would be a Martin and a fifth of them
# would have a namesake. With the tail, Martin is ~1 % of persons (0.4 % in France) and
# 6 % of persons have a namesake at 100,000 identities: more than life, on purpose.
POOL_SURNAMES = 0.1

# Tail surnames: root + link + ending, about 45,000 French-sounding names ("Marvillard",
# "Belouet"), a few with a particle or double-barrelled.
_ROOTS = (  # noqa: SIM905 - a line of syllables reads better than 81 lines of them
    "Bar Bel Ber Bou Bri Cam Car Cha Cla Cor Dam Del Des Duc Fau Fer Fon Gal Gar Gau Gil Gra "
    "Gui Lam Lan Lar Lec Lem Mal Mar Mas Mer Mon Mor Pal Par Pel Per Pou Ray Ren Rib Roc Rou "
    "Sal Sau Tes Thi Val Ver Vil Vin Aub Bro Cou Dor Esc Fla Gro Jou Lav Lou Mau Nor Pic Pra "
    "Qui Sév Tou Tru Vau Bes Cré Dub Hen Jac Lab Mic Ol Pon Ros"
).split()
_LINKS = ("", "", "a", "e", "i", "o", "ou", "el", "er", "an", "in", "on", "ar", "ec", "ill")
_ENDINGS = (  # noqa: SIM905
    "ard aud ault eau el et ier in ot on and ais ès oux ac at ay eix ille elle ert enne ois "
    "y as ant ieu oir ourt ange erre uel ic ade ol esse ouin uis aux ez"
).split()
_PARTICLES = ("de ", "Le ", "Du ", "de La ")


def _tail_surname(rng: random.Random) -> str:
    name = rng.choice(_ROOTS) + rng.choice(_LINKS) + rng.choice(_ENDINGS)
    r = rng.random()
    if r < 0.03:
        return rng.choice(_PARTICLES) + name
    if r < 0.05:
        return f"{name}-{rng.choice(_ROOTS)}{rng.choice(_ENDINGS)}"
    return name


def benchmark_name(rng: random.Random, lang: str, female: bool) -> tuple[str, str]:
    """`names.pick_name` with the long tail of surnames (for `people.build_world`)."""
    first, last = N.pick_name(rng, lang, female)
    if rng.random() >= POOL_SURNAMES:
        last = _tail_surname(rng)
    return first, last


def typo(word: str, rng: random.Random) -> str:
    """One slip of the finger: two letters swapped, one dropped or one doubled."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word
    i = rng.choice(letters[1:-1])  # the first letter is rarely wrong, and swapping needs a next
    kind = rng.random()
    if kind < 0.4 and word[i + 1].isalpha() and word[i + 1] != word[i]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind < 0.7:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def initials(first: str) -> str:
    """ "Jean-Pierre" → "J.-P.", "Marie" → "M.": how a signature or a card shortens it."""
    parts = [p for p in first.split("-") if p]
    return "-".join(f"{p[0]}." for p in parts) if parts else first


# How a company's name is typed: the legal name "Acme SAS", its page name "Acme", shouted
# "ACME", or as a group "Groupe Acme" / "Acme Groupe".
ORG_SPELLINGS = (("legal", 0.45), ("page", 0.35), ("upper", 0.1), ("group", 0.1))


def org_spelling(legal: str, page: str, rng: random.Random) -> tuple[str, str]:
    """(spelling, kind) of an organisation in a hand-kept address book."""
    kind = rng.choices([k for k, _ in ORG_SPELLINGS], [w for _, w in ORG_SPELLINGS])[0]
    if kind == "legal":
        return legal, kind
    if kind == "page":
        return page, kind
    if kind == "upper":
        return page.upper(), kind
    return (f"Groupe {page}" if rng.random() < 0.5 else f"{page} Groupe"), kind
