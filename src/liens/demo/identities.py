"""A labelled benchmark for identity resolution: identities whose true person is known.

Why: precision and recall of merges can only be measured where the truth is known. The
persons are the demo world's (`people.build_world`: kinds of ties, organisations, e-mail
addresses, mobiles, LinkedIn slugs, nicknames, forced homonyms), with a long tail of
surnames (`identity_noise.POOL_SURNAMES`). Each person shows up in the sources a
consultant's exports hold, as `Candidate`s shaped the way the importers leave them (names
through `clean_name`, phones read by `phone_e164`, profile URLs canonical), and `person` is
the importer's exact-key cluster: one normalised e-mail, E.164 phone or profile URL in
common and two identities are one person before resolution starts.

Sources of a person (P of appearing; LinkedIn whenever the world gives a profile, ~97 %):
- phone vCard, Google Contacts CSV row, one mailbox correspondent per address the person
  has, one calendar attendee: `PRESENCE`, by how close the person is (family and friends,
  working relations, LinkedIn-only connections). At most `MAX_IDENTITIES` per person.
- fields present when the person has them: `VCARD`, `GOOGLE_CSV`, `LINKEDIN`.
Measured with seed 0 at 100,000 identities (56,000 persons): 1 identity 53 % of persons,
2: 24 %, 3: 14 %, 4: 9 %; identities from linkedin 54 %, mbox 23 %, vcard 10 %, ics 7 %,
google_csv 7 %; 21 % of the true pairs are joined by exact keys before resolution.

Noise (each with its rate; the tests check them):
- typos: `TYPO` of hand-typed names (vCard, CSV, display names) lose, swap or double a
  letter;
- initials: `INITIALS` of them write the given name "J.-P.";
- nicknames: `NICKNAME` of them, when the person has one (Jean-Pierre, Catherine, William:
  15 % of persons), use it for the given name (JP, Cathy, Bill);
- old job vs new: `OLD_JOB` of address-book entries and work addresses are from an earlier
  employer (the ex-colleague's former company, else another one), on its domain;
- organisations typed differently: `identity_noise.ORG_SPELLINGS` ("Acme SAS", "Acme",
  "ACME", "Groupe Acme");
- profile URLs in cards: `NUMERIC_PROFILE` of them in the numeric form no other source has;
- from `variants.py`: "NOM Prénom" and "Martin, Jean" orders, nicknames in names (JP,
  Cathy, Bill), LinkedIn emoji and credentials, a company in the last-name field, bare
  addresses, phones in ten spellings; missing fields everywhere (the tables below);
- shared family names and homonyms: the Zipf pools plus the world's forced homonyms (same
  full name, another organisation and phone). Measured with seed 0: 1.7 % of persons have a
  namesake at 5,000 identities, 6.0 % at 100,000 (67 % share their surname).
Measured too: 6 % of names in another order, 22 % of correspondents and attendees without a
name.
No number is shared by two persons (no switchboards): the exact keys never join two people.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from liens.importers.normalize import canonical_linkedin_url, clean_name, email_key
from liens.importers.phones import phone_e164
from liens.resolution.records import Address, Candidate
from liens.resolution.unionfind import UnionFind

from . import names as N
from . import variants as V
from .generator import DEFAULT_TODAY
from .identity_noise import benchmark_name, initials, org_spelling, typo
from .people import Org, Person, World, build_world

__all__ = ["Labelled", "labelled", "labelled_identities"]

GROUP = {
    "family": "close",
    "friend": "close",
    "ex_colleague": "work",
    "classmate": "work",
    "client": "work",
    "partner": "work",
    "event": "work",
    "linkedin_only": "linkedin",
}
# group: P(vCard), P(Google CSV row), P(mailbox correspondent, per address), P(attendee)
PRESENCE = {
    "close": (0.9, 0.45, 0.8, 0.3),
    "work": (0.35, 0.25, 0.6, 0.3),
    "linkedin": (0.03, 0.03, 0.25, 0.05),
}
MAX_IDENTITIES = 4
# P(field written) when the person has a value for it.
VCARD = {"email": 0.55, "email2": 0.3, "phone": 0.9, "org": 0.6, "title": 0.25}
VCARD |= {"birthday": 0.6, "address": 0.15, "nickname": 0.4, "profile": 0.06}
GOOGLE_CSV = {"email": 0.85, "email2": 0.3, "phone": 0.6, "org": 0.7, "title": 0.4}
GOOGLE_CSV |= {"birthday": 0.3, "address": 0.1, "swap": 0.05, "upper": 0.1}
LINKEDIN = {"org": 0.92, "title": 0.9}
OUTLOOK = 0.25  # correspondents whose client writes "Martin, Jean" / "MARTIN Jean"
ATTENDEE_NAME = 0.5  # calendar invitations give a name (CN), else the bare address
NO_YEAR = 0.25  # vCard birthdays without a year (--MMDD, stored as year 1604)
TYPO = 0.04
INITIALS = 0.04
NICKNAME = 0.25
OLD_JOB = 0.15
NUMERIC_PROFILE = 0.3
_PER_PERSON = 1.85  # identities per person, to size the world


@dataclass(frozen=True)
class Labelled:
    """The candidates, the true person of each (same order), and how often each kind of
    noise happened (`noise`) out of the identities or persons it could touch (`eligible`).
    `noise["identities_<k>"]` counts the persons with k identities, of `eligible["persons"]`."""

    candidates: list[Candidate]
    truth: list[int]
    noise: Counter[str]
    eligible: Counter[str]


def labelled_identities(size: int, seed: int = 0) -> list[tuple[Candidate, int]]:
    """`size` identities, each with the index of its true person. Same seed, same list."""
    data = labelled(size, seed)
    return list(zip(data.candidates, data.truth, strict=True))


def labelled(size: int, seed: int = 0) -> Labelled:
    """The benchmark with its noise counts (see the module docstring)."""
    persons = max(4, round(size / _PER_PERSON * 1.1) + 10)
    while True:
        maker = _Maker(seed, persons)
        rows = maker.rows(size)
        if rows is not None:
            break
        persons *= 2  # an unlucky draw: fewer identities per person than planned
    rng = maker.rng
    rng.shuffle(rows)
    clusters = _exact_clusters([fields for fields, _ in rows])
    candidates = [
        Candidate(id=i + 1, person=clusters[i] + 1, **fields) for i, (fields, _) in enumerate(rows)
    ]
    truth = [person for _, person in rows]
    _count_namesakes(maker.world_persons(truth), maker.noise, maker.eligible)
    return Labelled(candidates, truth, maker.noise, maker.eligible)


class _Maker:
    """One benchmark's draws: the world, the key registries and the noise counters."""

    def __init__(self, seed: int, persons: int) -> None:
        world_rng = random.Random(f"liens-identities:{seed}:world")
        self.world = build_world(world_rng, persons, DEFAULT_TODAY, pick_name=benchmark_name)
        self.rng = random.Random(f"liens-identities:{seed}:sources")
        self.noise: Counter[str] = Counter()
        self.eligible: Counter[str] = Counter()
        self.owner_of: dict[str, int] = {}  # e-mail key or E.164 → person idx
        self.old: dict[int, tuple[Org, str]] = {}  # person idx → earlier employer, address
        self.homes: dict[int, Address] = {}
        _repair_domains(self.world)
        for p in self.world.persons:
            p.work_email = self._unique(p.work_email, p.idx)
            p.personal_email = self._unique(p.personal_email, p.idx)
            if p.mobile:
                self.owner_of[p.mobile] = p.idx

    def world_persons(self, truth: list[int]) -> list[Person]:
        return [self.world.persons[i] for i in sorted(set(truth))]

    def rows(self, size: int) -> list[tuple[dict, int]] | None:
        out: list[tuple[dict, int]] = []
        for p in self.world.persons:
            for fields in self._identities(p)[: size - len(out)]:
                out.append((fields, p.idx))
            if len(out) == size:
                return out
        return None

    # --- who appears where ------------------------------------------------------------------

    def _identities(self, p: Person) -> list[dict]:
        rng = self.rng
        vcard, gcsv, mail, attendee = PRESENCE[GROUP[p.kind]]
        makers: list[Callable[[], dict]] = []
        if p.li_slug:
            makers.append(lambda: self._linkedin(p))
        if rng.random() < vcard:
            makers.append(lambda: self._card(p, "vcard", VCARD))
        if rng.random() < gcsv:
            makers.append(lambda: self._card(p, "google_csv", GOOGLE_CSV))
        for address in p.emails():
            if rng.random() < mail:
                makers.append(lambda a=address: self._correspondent(p, a))
        if p.emails() and rng.random() < attendee:
            address = p.main_email(prefer_work=GROUP[p.kind] != "close")
            makers.append(lambda a=address: self._attendee(p, a))
        if not makers:
            makers.append(lambda: self._card(p, "vcard", VCARD))
        if len(makers) > MAX_IDENTITIES:
            makers = rng.sample(makers, MAX_IDENTITIES)
        self.eligible["persons"] += 1
        self.noise[f"identities_{len(makers)}"] += 1
        return [make() for make in makers]

    # --- one identity per source ------------------------------------------------------------

    def _linkedin(self, p: Person) -> dict:
        rng = self.rng
        first, last = (clean_name(part) for part in V.linkedin_name(p, rng))
        self._tag("order_swap", first == p.last and bool(last))
        org = p.org.li_name if p.org and rng.random() < LINKEDIN["org"] else ""
        return {
            "source": "linkedin",
            "display_name": " ".join(x for x in (first, last) if x),
            "first_name": first,
            "last_name": last,
            "emails": (p.main_email(prefer_work=False),) if p.li_email else (),
            "profile_url": canonical_linkedin_url(p.li_url),
            "organization": org,
            "title": p.title if org and rng.random() < LINKEDIN["title"] else "",
        }

    def _card(self, p: Person, source: str, odds: dict[str, float]) -> dict:
        rng = self.rng
        q = self._hand_typed(p)
        org, work = self._job(p)
        if source == "vcard":
            display, last, first = (clean_name(x) for x in V.vcard_names(q, rng))
            self._tag("order_swap", bool(last) and display.startswith((q.last, q.last.upper())))
        else:
            first, last = q.first, q.last
            if rng.random() < odds["upper"]:
                last = last.upper()
            if self._tag("order_swap", rng.random() < odds["swap"]):
                first, last = last, first
            display = f"{first} {last}"
        emails = [a for a in (work, p.personal_email) if a]
        if GROUP[p.kind] == "close":
            emails.reverse()
        keep = emails[:1] if rng.random() < odds["email"] else []
        if keep and len(emails) > 1 and rng.random() < odds["email2"]:
            keep = emails
        fields = {
            "source": source,
            "display_name": display,
            "first_name": first,
            "last_name": last,
            "emails": tuple(keep),
            "phones": self._phones(p, odds["phone"]),
            "organization": self._org(org, odds["org"]),
            "title": p.title if org and rng.random() < odds["title"] else "",
            "birthday": self._birthday(p, odds["birthday"], source == "vcard"),
            "addresses": (self._home(p),) if rng.random() < odds["address"] else (),
        }
        if source == "vcard":
            fields["nickname"] = p.nick if p.nick and rng.random() < odds["nickname"] else ""
            fields["profile_url"] = self._card_profile(p, odds["profile"])
        return fields

    def _correspondent(self, p: Person, address: str) -> dict:
        q = self._hand_typed(p)
        if address == p.work_email:
            _, address = self._job(p)
        name = clean_name(V.display_name(q, self.rng, self.rng.random() < OUTLOOK))
        self._tag("bare_address", not name)
        self._tag("order_swap", "," in name or (bool(q.last) and name.startswith(q.last.upper())))
        return {"source": "mbox", "display_name": name, "emails": (address,)}

    def _attendee(self, p: Person, address: str) -> dict:
        q = self._hand_typed(p)
        name = ""
        if self.rng.random() < ATTENDEE_NAME:
            name = clean_name(V.display_name(q, self.rng, False))
        self._tag("bare_address", not name)
        return {"source": "ics", "display_name": name, "emails": (address,)}

    # --- values and their noise -------------------------------------------------------------

    def _tag(self, kind: str, happened: bool) -> bool:
        self.eligible[kind] += 1
        self.noise[kind] += happened
        return happened

    def _hand_typed(self, p: Person) -> Person:
        """The person as someone else typed them: maybe a nickname, a slip, initials."""
        rng = self.rng
        if p.nick and self._tag("nickname", rng.random() < NICKNAME):
            p = replace(p, first=p.nick)
        if self._tag("typo", rng.random() < TYPO):
            if rng.random() < 0.5 and len(p.first) > 3:
                p = replace(p, first=typo(p.first, rng))
            else:
                p = replace(p, last=typo(p.last, rng))
        if self._tag("initials", rng.random() < INITIALS):
            p = replace(p, first=initials(p.first), nick="")
        return p

    def _job(self, p: Person) -> tuple[Org | None, str]:
        """(organisation, work address) an entry shows: now, or `OLD_JOB` of the time the
        one before, with the address the person had there."""
        if not p.org or not self._tag("old_job", self.rng.random() < OLD_JOB):
            return p.org, p.work_email
        if p.idx not in self.old:
            org = p.past_org
            while org is None or org is p.org:
                org = self.rng.choice(self.world.orgs)
            local = p.work_email.partition("@")[0] if p.work_email else ""
            address = self._unique(f"{local}@{org.domain}", p.idx) if local else ""
            self.old[p.idx] = (org, address)
        return self.old[p.idx]

    def _org(self, org: Org | None, odds: float) -> str:
        if org is None or self.rng.random() >= odds:
            return ""
        spelling, kind = org_spelling(org.name, org.li_name, self.rng)
        self.noise[f"org_{kind}"] += 1
        self.eligible["org_spelling"] += 1
        return spelling

    def _phones(self, p: Person, odds: float) -> tuple[str, ...]:
        if not p.mobile or self.rng.random() >= odds:
            return ()
        e164 = phone_e164(V.phone(p.mobile, self.rng))
        self._tag("phone_unreadable", not e164)  # UK numbers written nationally
        return (e164,) if e164 and self.owner_of.get(e164) == p.idx else ()

    def _birthday(self, p: Person, odds: float, vcard: bool) -> date | None:
        if p.birthday is None or self.rng.random() >= odds:
            return None
        if vcard and self.rng.random() < NO_YEAR:
            return p.birthday.replace(year=1604)
        return p.birthday

    def _home(self, p: Person) -> Address:
        if p.idx not in self.homes:
            dep = next(d for city, d, _ in N.CITIES if city == p.city)
            street = f"{self.rng.randrange(1, 150)} {self.rng.choice(N.STREETS)}"
            postcode = f"{dep}{self.rng.randrange(1, 20):03d}"
            self.homes[p.idx] = Address(street, p.city, postcode, "France")
        return self.homes[p.idx]

    def _card_profile(self, p: Person, odds: float) -> str:
        if not p.li_slug or self.rng.random() >= odds:
            return ""
        if self._tag("numeric_profile", self.rng.random() < NUMERIC_PROFILE):
            member = "ACoAA" + "".join(
                self.rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefgh0123456789", k=34)
            )
            return canonical_linkedin_url(f"https://www.linkedin.com/in/{member}")
        return canonical_linkedin_url(p.li_url)

    def _unique(self, address: str, idx: int) -> str:
        """`address`, or a numbered variant when its key is another person's (Gmail ignores
        dots: marie.martin@ and mariemartin@ are one mailbox)."""
        if not address:
            return ""
        local, _, domain = address.partition("@")
        candidate, n = address, 2
        while self.owner_of.setdefault(email_key(candidate), idx) != idx:
            candidate, n = f"{local}{n}@{domain}", n + 1
        return candidate


def _repair_domains(world: World) -> None:
    """Number the organisations' domains that `people._Registry` suffixed after the TLD.

    At benchmark sizes organisation names collide (a few hundred stems and tails), and the
    registry then writes "initech.fr-d22a3a62", a domain no mail server has. "initech3.fr"
    stays unique and looks like one; the work addresses move with it.
    """
    persons = world.persons
    orgs = {id(o): o for o in world.orgs}
    orgs |= {id(o): o for p in persons for o in (p.org, p.past_org) if o is not None}
    taken = {o.domain for o in orgs.values()}
    moved: dict[str, str] = {}
    for org in orgs.values():
        label, _, tld = org.domain.rpartition(".")
        if "-" not in tld:
            continue
        tld, n = tld.partition("-")[0], 2
        while f"{label}{n}.{tld}" in taken:
            n += 1
        moved[org.domain] = org.domain = f"{label}{n}.{tld}"
        taken.add(org.domain)
    for p in persons:
        local, _, domain = p.work_email.partition("@")
        if domain in moved:
            p.work_email = f"{local}@{moved[domain]}"


def _exact_clusters(rows: list[dict]) -> list[int]:
    """For each row, the first row of its exact-key cluster (e-mail key, phone, profile)."""
    clusters = UnionFind(range(len(rows)))
    first_with: dict[str, int] = {}
    for i, fields in enumerate(rows):
        keys = [email_key(e) for e in fields.get("emails", ())]
        keys += fields.get("phones", ())
        keys.append(fields.get("profile_url", ""))
        for key in keys:
            if key:
                clusters.union(i, first_with.setdefault(key, i))
    return [clusters.find(i) for i in range(len(rows))]


def _count_namesakes(persons: list[Person], noise: Counter[str], eligible: Counter[str]) -> None:
    """Persons sharing a full name (folded) or a surname with another person."""
    full = Counter(N.fold(p.name).lower() for p in persons)
    last = Counter(N.fold(p.last).lower() for p in persons)
    eligible["namesake"] = eligible["shared_surname"] = len(persons)
    noise["namesake"] = sum(full[N.fold(p.name).lower()] > 1 for p in persons)
    noise["shared_surname"] = sum(last[N.fold(p.last).lower()] > 1 for p in persons)
