"""How one person's name and phone look in each source: the mess identity resolution meets.

LinkedIn adds emoji, credentials and pronouns (formats §1.2); phones store "NOM Prénom",
nicknames and company hints; mail clients show "Martin, Jean-Pierre" or a bare address.
"""

from __future__ import annotations

import random

from .people import Person

EMOJI = ("🚀", "🔸", "🌍", "✨", "🌱")
CREDENTIALS = ("MBA", "PhD", "CFA", "MSc", "PMP", "CRHA")
PRONOUNS = {True: ("(elle/she)", "(she/her)", "(elle/her)"), False: ("(il/he)", "(he/him)")}


def upper_last(last: str) -> str:
    return last.upper()


def linkedin_name(p: Person, rng: random.Random) -> tuple[str, str]:
    """(First Name, Last Name) columns as members typed them on their profile."""
    first, last = p.first, p.last
    r = rng.random()
    if r < 0.15:
        last = upper_last(last)
    elif r < 0.18:
        last = f"{last}{rng.choice(('', ' '))}{rng.choice(EMOJI)}"
    elif r < 0.20:
        last = f"{last}, {rng.choice(CREDENTIALS)}"
    elif r < 0.22:
        last = f"{last} {rng.choice(PRONOUNS[p.female])}"
    elif r < 0.23:
        last = last + rng.choice((" ", "\t"))
    elif r < 0.235:
        first, last = last, first
    elif r < 0.245 and p.nick:
        first = f"{first} ({p.nick})"
    return first, last


def vcard_names(p: Person, rng: random.Random) -> tuple[str, str, str]:
    """(FN, family, given) as stored in a phone: "MARTIN Jean-Pierre", "JP Martin"..."""
    first, last = p.first, p.last
    if p.kind == "family" and p.last == "Laurent" and rng.random() < 0.7:
        label = "Maman" if p.female else "Papa"
        if p.birthday and p.birthday.year > 1975:
            label = f"{first} (frère)" if not p.female else f"{first} (sœur)"
        return label, "", label
    r = rng.random()
    if r < 0.18:
        return f"{last.upper()} {first}", last.upper(), first
    if r < 0.23:
        return f"{last} {first}", last, first
    if r < 0.30 and p.nick:
        return f"{p.nick} {last}", last, p.nick
    if r < 0.36 and p.org:
        return f"{first} {p.org.li_name}", p.org.li_name, first
    if r < 0.40:
        return first, "", first
    if r < 0.45 and p.org:
        return f"{first} {last} ({p.org.li_name})", last, first
    return f"{first} {last}", last, first


def display_name(p: Person, rng: random.Random, outlook: bool) -> str:
    """The display name a mail client puts before the address ("" = bare address)."""
    first, last = p.first, p.last
    r = rng.random()
    if outlook and r < 0.5:
        return f"{last}, {first}" if r < 0.3 else f"{last.upper()} {first}"
    if r < 0.08 and p.nick:
        return f"{p.nick} {last}" if rng.random() < 0.7 else p.nick
    if r < 0.16:
        return ""
    if r < 0.22:
        return f"{first} {last.upper()}"
    if r < 0.26 and p.org:
        return f"{first} {last} | {p.org.li_name}"
    if r < 0.29:
        return f"{first} {last}".lower()
    return f"{first} {last}"


def phone(e164: str, rng: random.Random) -> str:
    """A French or UK mobile as people type it: 06 12 34 56 78, +33 (0)6..., 0033..."""
    if not e164.startswith("+33"):
        rest = e164[3:]
        return rng.choice((e164, f"+44 {rest[:4]} {rest[4:]}", f"0{rest[:4]} {rest[4:]}"))
    n = e164[3:]  # 9 digits: 6XXXXXXXX
    pairs = " ".join(n[i : i + 2] for i in range(1, 9, 2))
    nat = f"0{n[0]} {pairs}"
    forms = (
        nat,
        nat,
        nat.replace(" ", "."),
        nat.replace(" ", ""),
        e164,
        f"+33 {n[0]} {pairs}",
        f"+33 (0){n[0]} {pairs}",
        f"0033 {n[0]} {pairs}",
        f"+33{n}",
        f"0{n[0]}-{pairs.replace(' ', '-')}",
    )
    return rng.choice(forms)
