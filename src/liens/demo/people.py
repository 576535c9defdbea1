"""Who is in the demo network: the owner ("me") and persons of every tie kind.

Proportions follow the brief and the seeds: family and friends (~3 %), the alter-ego part
(ex-colleagues and classmates, ~20 %, seed 002), clients and partners (~7 %), weak ties met
at events (~10 %) and LinkedIn connections never spoken to (~60 %, seed 003). Tie classes
respect Dunbar's layers (a few strong ties, ~150 active ones) whatever the network size.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import phonenumbers

from . import names as N

KINDS = (
    ("family", 0.01),
    ("friend", 0.02),
    ("ex_colleague", 0.14),
    ("classmate", 0.06),
    ("client", 0.05),
    ("partner", 0.02),
    ("event", 0.10),
    ("linkedin_only", 0.60),
)
CLOSENESS = {
    "family": 0.9,
    "friend": 0.8,
    "client": 0.6,
    "partner": 0.5,
    "ex_colleague": 0.35,
    "classmate": 0.3,
    "event": 0.2,
    "linkedin_only": 0.0,
}
# Outside the strong/moderate layers: P(weak), P(dormant); the rest is virtual.
LOWER_TIES = {
    "family": (0.5, 0.5),
    "friend": (0.5, 0.5),
    "client": (0.3, 0.7),
    "partner": (0.5, 0.3),
    "ex_colleague": (0.2, 0.5),
    "classmate": (0.15, 0.45),
    "event": (0.45, 0.25),
    "linkedin_only": (0.0, 0.0),
}
# kind: (on LinkedIn, in phone vCard, in Google CSV, personal e-mail, work e-mail)
PRESENCE = {
    "family": (0.3, 1.0, 0.6, 0.9, 0.3),
    "friend": (0.7, 0.95, 0.6, 0.95, 0.4),
    "ex_colleague": (0.92, 0.25, 0.3, 0.6, 0.85),
    "classmate": (0.9, 0.2, 0.2, 0.9, 0.6),
    "client": (0.8, 0.7, 0.85, 0.15, 1.0),
    "partner": (0.85, 0.5, 0.6, 0.5, 0.9),
    "event": (0.7, 0.15, 0.25, 0.3, 0.8),
    "linkedin_only": (1.0, 0.005, 0.01, 0.08, 0.5),
}
TIE_BOOST = {"strong": 1.5, "moderate": 1.2, "weak": 0.8, "dormant": 0.8, "virtual": 0.3}


@dataclass(slots=True)
class Org:
    name: str  # legal name, as in a phone card: "Globex SARL"
    li_name: str  # LinkedIn page name: "Globex"
    domain: str
    city: str
    address: str


@dataclass(slots=True)
class Person:
    idx: int
    pid: str
    kind: str
    tie: str = "virtual"
    female: bool = False
    lang: str = "fr"
    first: str = ""
    last: str = ""
    nick: str = ""
    org: Org | None = None
    past_org: Org | None = None
    title: str = ""
    city: str = ""
    personal_email: str = ""
    work_email: str = ""
    mobile: str = ""  # E.164
    birthday: date | None = None
    since: date | None = None
    li_slug: str = ""  # may hold accents; written percent-encoded in Connections.csv
    connected_on: date | None = None
    li_email: bool = False
    in_vcard: bool = False
    in_gcsv: bool = False
    homonym_of: int = -1
    introduced_by: int = -1
    event: str = ""
    ids: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()

    @property
    def li_url(self) -> str:
        return f"https://www.linkedin.com/in/{self.li_slug}" if self.li_slug else ""

    def emails(self) -> tuple[str, ...]:
        return tuple(e for e in (self.work_email, self.personal_email) if e)

    def main_email(self, prefer_work: bool) -> str:
        if prefer_work:
            return self.work_email or self.personal_email
        return self.personal_email or self.work_email


@dataclass(slots=True)
class Owner:
    first: str = "Camille"
    last: str = "Laurent"
    emails: tuple[str, ...] = ("camille.laurent@gmail.com", "camille@laurent-conseil.fr")
    mobile: str = "+33612457890"
    li_slug: str = "camille-laurent-rh"
    employers: tuple[Org, ...] = ()
    tenures: tuple[tuple[date, date], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def li_url(self) -> str:
        return f"https://www.linkedin.com/in/{self.li_slug}"


@dataclass(slots=True)
class World:
    today: date
    start: date  # the mailbox and calendar window starts here (six years back)
    owner: Owner
    persons: list[Person]
    orgs: list[Org]
    events: list[tuple[str, date, str]]  # (name, day, city)
    bursts: list[tuple[date, date]]  # outreach weeks (seed 001: intermittent effort)


def _allocate(size: int) -> list[str]:
    """Kinds by largest remainder, at least one of each when there is room."""
    raw = [(k, p * size) for k, p in KINDS]
    counts = {k: int(v) for k, v in raw}
    if size >= len(KINDS) * 2:
        for k in counts:
            counts[k] = max(counts[k], 1)
    rest = size - sum(counts.values())
    order = sorted(raw, key=lambda kv: kv[1] - int(kv[1]), reverse=True)
    i = 0
    while rest > 0:
        counts[order[i % len(order)][0]] += 1
        rest -= 1
        i += 1
    while rest < 0:  # only when the minimums overshoot: take from the biggest kind
        counts["linkedin_only"] -= 1
        rest += 1
    out: list[str] = []
    for k, _ in KINDS:
        out.extend([k] * counts[k])
    return out


def _rand_day(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


class _Registry:
    """Keeps e-mail addresses, phones and LinkedIn slugs unique across persons."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, value: str, rng: random.Random, kind: str) -> str:
        candidate = value
        while candidate in self.used:
            if kind == "email":
                local, _, dom = value.partition("@")
                candidate = f"{local}{rng.randrange(2, 99)}@{dom}"
            else:
                candidate = f"{value}-{rng.getrandbits(32):08x}"
        self.used.add(candidate)
        return candidate


def _mobile(uk: bool, rng: random.Random, reg: _Registry) -> str:
    """A French (or UK) mobile number that exists in the numbering plan and nobody has yet:
    random digits after +336/+337 often fall in unallocated ranges (07 1x...), which no
    phone and no exact-key matching would accept."""
    while True:
        prefix, digits = ("+447", 9) if uk else (rng.choice(("+336", "+337")), 8)
        number = prefix + "".join(str(rng.randrange(10)) for _ in range(digits))
        if number not in reg.used and phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _local(first: str, last: str, rng: random.Random, work: bool) -> str:
    f = N.fold(first).lower().replace(" ", "")
    la = N.fold(last).lower().replace(" ", "").replace("'", "")
    initials = "".join(part[0] for part in f.split("-") if part)
    r = rng.random()
    if work:
        if r < 0.7:
            return f"{f}.{la}"
        return f"{initials}.{la}" if r < 0.9 else f"{initials}{la}"
    if r < 0.4:
        return f"{f}.{la}"
    if r < 0.55:
        return f"{f.replace('-', '')}{la}"
    if r < 0.65:
        return f"{la}.{f}"
    if r < 0.75:
        return f"{f}_{la}"
    if r < 0.9:
        return f"{f}.{la}{rng.randrange(60, 99)}"
    return f"{initials}{la}{rng.randrange(1, 40)}"


def _org(rng: random.Random, reg: _Registry, stem: str | None = None) -> Org:
    stem = stem or rng.choice(N.ORG_STEMS)
    tail = rng.choice(N.ORG_TAILS)
    english = rng.random() < 0.2
    legal = rng.choice(N.LEGAL_EN if english else N.LEGAL_FR)
    base = f"{stem}{tail}"
    name = f"{base}, {legal}" if english and rng.random() < 0.3 else f"{base} {legal}"
    domain = reg.take(
        N.slug(base).replace("-", "") + rng.choice((".fr", ".com", ".fr", ".io")), rng, "slug"
    )
    city, dep, _ = rng.choice(N.CITIES)
    street = f"{rng.randrange(1, 120)} {rng.choice(N.STREETS)}"
    address = f"{street}, {dep}00{rng.randrange(1, 9)} {city}, France"
    li_name = base if rng.random() < 0.8 else name
    return Org(name=name, li_name=li_name, domain=domain, city=city, address=address)


def _owner(today: date) -> Owner:
    employers = []
    tenures = []
    for company, li_name, _title, loc, start, end, domain in N.OWNER_POSITIONS:
        city = loc.split(",")[0]
        employers.append(Org(company, li_name, domain, city, f"{city}, France"))
        end_day = date(end[0], end[1], 28) if end else today
        tenures.append((date(start[0], start[1], 1), end_day))
    return Owner(employers=tuple(employers), tenures=tuple(tenures))


def _bursts(rng: random.Random, start: date, today: date) -> list[tuple[date, date]]:
    """Outreach bursts: one to three weeks of effort, then months of silence."""
    out = []
    day = start + timedelta(days=rng.randrange(20, 90))
    while day < today - timedelta(days=10):
        length = 7 * rng.choice((1, 1, 2, 2, 3))
        out.append((day, min(day + timedelta(days=length), today)))
        day += timedelta(days=length + rng.randrange(100, 260))
    return out


def build_world(
    rng: random.Random,
    size: int,
    today: date,
    pick_name: Callable[[random.Random, str, bool], tuple[str, str]] = N.pick_name,
) -> World:
    """Create the owner and `size` persons, with their coordinates in every source.

    `pick_name` draws (first, last) for a language and sex: the resolution benchmark gives
    one with a long tail of surnames, so that 100,000 identities are not a tenth Martin.
    """
    start = date(today.year - 6, today.month, min(today.day, 28))
    owner = _owner(today)
    reg = _Registry()
    for e in owner.emails:
        reg.used.add(e)
    reg.used.add(owner.li_slug)
    reg.used.add(owner.mobile)
    orgs = [_org(rng, reg) for _ in range(max(30, size // 8))]
    org_zipf = N.Zipf([str(i) for i in range(len(orgs))], 0.7)
    client_orgs = [_org(rng, reg) for _ in range(max(2, int(size * 0.05) // 3))]
    events = sorted(
        (
            rng.choice(N.EVENTS),
            _rand_day(rng, start, today - timedelta(days=20)),
            rng.choice(("Paris", "Lyon", "Lyon", "Nantes")),
        )
        for _ in range(max(4, min(40, size // 40)))
    )
    world = World(today, start, owner, [], orgs, events, _bursts(rng, start, today))
    kinds = _allocate(size)
    rng.shuffle(kinds)
    persons = [Person(idx=i, pid=f"p{i + 1:06d}", kind=k) for i, k in enumerate(kinds)]
    world.persons = persons
    family_seen = 0
    for p in persons:
        p.female = rng.random() < 0.52
        p.lang = "en" if rng.random() < (0.04 if p.kind in ("family", "friend") else 0.12) else "fr"
        p.first, p.last = pick_name(rng, p.lang, p.female)
        if p.kind == "family" and family_seen < 3:
            p.last = owner.last  # parents and a brother share my surname
            family_seen += 1
        p.nick = N.NICKNAMES.get(p.first, "") if rng.random() < 0.6 else ""
        p.city = rng.choice(N.CITIES)[0]
        if p.kind == "client":
            p.org = rng.choice(client_orgs)
        elif p.kind == "ex_colleague":
            weights = [max(1, (b - a).days) for a, b in owner.tenures[1:]]
            k = rng.choices(range(1, len(owner.tenures)), weights=weights)[0]
            p.past_org = owner.employers[k]
            p.org = p.past_org if rng.random() < 0.35 else orgs[int(org_zipf.pick(rng))]
            a, b = owner.tenures[k]
            p.since = _rand_day(rng, a, b - timedelta(days=30))
        elif p.kind == "partner" and rng.random() < 0.5:
            stem = N.fold(p.last).replace(" ", "").replace("'", "")
            p.org = Org(
                f"{p.last} Conseil {rng.choice(('EURL', 'SASU'))}",
                f"{p.last} Conseil",
                reg.take(N.slug(stem) + "-conseil.fr", rng, "slug"),
                p.city,
                f"{p.city}, France",
            )
        elif p.kind not in ("family",) or rng.random() < 0.5:
            p.org = orgs[int(org_zipf.pick(rng))]
        p.title = N.pick_title(rng, p.lang) if p.org else ""
        if p.kind in ("family", "friend") or rng.random() < 0.05:
            p.birthday = date(rng.randrange(1950, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
    _homonyms(rng, persons)
    _ties(rng, world)
    for p in persons:
        _coordinates(rng, reg, world, p)
    return world


def _homonyms(rng: random.Random, persons: list[Person]) -> None:
    """Two different people with one name: a name match is never proof (formats §6.3)."""
    if len(persons) < 40:
        return
    pool = [p for p in persons if p.kind != "linkedin_only"] or persons
    a = pool[0]
    b = next(p for p in reversed(persons) if p is not a)
    for p in (a, b):
        p.first, p.last, p.female, p.lang = "Marie", "Dubois", True, "fr"
        p.nick = ""
    b.homonym_of = a.idx
    for _ in range(max(1, len(persons) // 200)):
        src, dst = rng.sample(persons, 2)
        if dst.homonym_of >= 0 or src.homonym_of >= 0 or dst is a or src is b:
            continue
        dst.first, dst.last, dst.female, dst.lang, dst.nick = (
            src.first,
            src.last,
            src.female,
            src.lang,
            src.nick,
        )
        dst.homonym_of = src.idx


def _ties(rng: random.Random, world: World) -> None:
    """Strong and moderate layers by closeness rank, capped like Dunbar's 15 and 150."""
    persons = world.persons
    size = len(persons)
    n_strong = min(15, max(1, round(0.04 * size)))
    n_active = min(150, max(n_strong + 1, round(0.12 * size)))
    ranked = sorted(
        (p for p in persons if p.kind != "linkedin_only"),
        key=lambda p: -(CLOSENESS[p.kind] + 0.35 * rng.random()),
    )
    for rank, p in enumerate(ranked):
        if rank < n_strong:
            p.tie = "strong"
        elif rank < n_active:
            p.tie = "moderate"
        else:
            weak, dormant = LOWER_TIES[p.kind]
            r = rng.random()
            p.tie = "weak" if r < weak else "dormant" if r < weak + dormant else "virtual"
    today, start = world.today, world.start
    two_years = today - timedelta(days=730)
    for p in persons:
        if p.kind in ("family", "friend"):
            p.since = date(rng.randrange(1990, 2012), 1, 1) + timedelta(days=rng.randrange(365))
        elif p.kind == "classmate":
            school = rng.choice(N.OWNER_SCHOOLS)
            p.since = date(school[1], 9, 1) + timedelta(days=rng.randrange(600))
            p.event = school[0]
        elif p.kind in ("client", "partner"):
            hi = two_years - timedelta(days=30) if p.tie == "dormant" else today - timedelta(90)
            p.since = _rand_day(rng, start, hi)
        elif p.kind == "event":
            fits = [e for e in world.events if (e[1] < two_years) == (p.tie == "dormant")]
            name, day, _city = rng.choice(fits or world.events)
            p.event, p.since = f"{name} {day.year}", day
        elif p.kind == "linkedin_only":
            if world.bursts and rng.random() < 0.4:
                a, b = rng.choice(world.bursts)
                p.since = _rand_day(rng, a, b)
            else:
                year = min(today.year, 2012 + int(15 * rng.random() ** 0.6))
                p.since = _rand_day(rng, date(year, 1, 1), min(today, date(year, 12, 31)))


def _coordinates(rng: random.Random, reg: _Registry, world: World, p: Person) -> None:
    """E-mail addresses, phone, LinkedIn slug and which address books hold the person."""
    on_li, in_vc, in_gc, pers, work = PRESENCE[p.kind]
    boost = TIE_BOOST[p.tie]
    if rng.random() < pers:
        domain = rng.choices(N.PERSONAL_DOMAIN_ITEMS, weights=N.PERSONAL_DOMAIN_WEIGHTS)[0]
        if p.lang == "en" and domain.endswith(".fr"):
            domain = "gmail.com"
        p.personal_email = reg.take(f"{_local(p.first, p.last, rng, False)}@{domain}", rng, "email")
    if p.org and rng.random() < work:
        p.work_email = reg.take(
            f"{_local(p.first, p.last, rng, True)}@{p.org.domain}", rng, "email"
        )
    p.in_vcard = rng.random() < min(1.0, in_vc * boost)
    p.in_gcsv = rng.random() < min(1.0, in_gc * boost)
    if p.in_vcard or p.in_gcsv or rng.random() < 0.35:
        p.mobile = reg.take(_mobile(p.lang == "en" and rng.random() < 0.5, rng, reg), rng, "phone")
    if rng.random() < on_li:
        base = N.unicode_slug(p.name) if rng.random() < 0.25 else N.slug(p.name)
        if rng.random() < 0.8:
            base = f"{base}-{rng.getrandbits(36):09x}"
        p.li_slug = reg.take(base, rng, "slug")
        p.li_email = bool(p.emails()) and rng.random() < 0.02
        lo = p.since or world.start
        if p.kind == "linkedin_only":
            p.connected_on = p.since
        else:
            lo = max(lo, date(2009, 1, 1))
            p.connected_on = _rand_day(rng, lo, min(world.today, lo + timedelta(days=900)))
    if p.kind == "family" and p.birthday and rng.random() < 0.3:
        p.li_slug = ""  # older relatives rarely have a profile
        p.connected_on = None
        p.in_vcard = True
    if not (p.li_slug or p.in_vcard or p.in_gcsv):
        # nobody is only in the truth: whoever is not in an address book is a connection
        p.li_slug = reg.take(f"{N.slug(p.name)}-{rng.getrandbits(36):09x}", rng, "slug")
        lo = max(p.since or world.start, date(2009, 1, 1))
        p.connected_on = _rand_day(rng, lo, min(world.today, lo + timedelta(days=900)))
