"""What happened between me and each person over the last six years.

Intensity follows the tie class (Granovetter 1973; recency first, Gilbert & Karahalios
2009). Cold outreach only happens in bursts (seed 001) and gets ~15 % replies (seed 003);
strong ties answer most of the time. Writers turn these records into files.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from .people import Person, World
from .records import DAY, OWNER, Meeting, Msg, Thread, Timeline, at, to_day

RATE = {"strong": 9.0, "moderate": 2.5}  # episodes per year
REPLY = {"strong": 0.92, "moderate": 0.78, "weak": 0.55, "dormant": 0.6, "virtual": 0.15}
# Episode mix per kind: (email, linkedin, meeting)
MIX = {
    "family": (0.6, 0.0, 0.4),
    "friend": (0.55, 0.05, 0.4),
    "ex_colleague": (0.4, 0.35, 0.25),
    "classmate": (0.4, 0.35, 0.25),
    "client": (0.6, 0.05, 0.35),
    "partner": (0.45, 0.2, 0.35),
    "event": (0.35, 0.45, 0.2),
    "linkedin_only": (0.2, 0.7, 0.1),
}
PERSONAL = ("family", "friend", "classmate")


class _Builder:
    def __init__(self, rng: random.Random, world: World, intensity: float) -> None:
        self.rng = rng
        self.w = world
        self.intensity = intensity
        self.tl = Timeline()
        self.by_org: dict[str, list[int]] = defaultdict(list)
        for p in world.persons:
            if p.org and p.kind == "client":
                self.by_org[p.org.name].append(p.idx)
        self.end = at(world.today, 18, 0)
        self.drafts = 0

    # -- time helpers -------------------------------------------------------------
    def when(self, day: date, personal: bool) -> int:
        rng = self.rng
        if personal:
            return at(day, rng.choice((8, 12, 19, 20, 21, 22)), rng.randrange(60))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return at(day, rng.choice((8, 9, 9, 10, 11, 14, 15, 16, 17, 18)), rng.randrange(60))

    def day_between(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return lo + timedelta(days=self.rng.randrange((hi - lo).days + 1))

    def delay(self, tie: str, personal: bool) -> int:
        rng = self.rng
        if tie == "strong" or personal:
            return rng.randrange(300, DAY)
        if tie == "moderate":
            return rng.randrange(1800, 3 * DAY)
        return rng.randrange(3 * 3600, 8 * DAY)

    def owner_addr(self, p: Person) -> str:
        gmail, pro = self.w.owner.emails
        if p.kind in ("family", "friend"):
            return gmail
        if p.kind == "classmate":
            return gmail if self.rng.random() < 0.7 else pro
        return pro if self.rng.random() < 0.85 else gmail

    # -- episodes -----------------------------------------------------------------
    def thread(
        self,
        p: Person,
        ts: int,
        channel: str,
        purpose: str,
        first: int,
        reply: float,
        others: tuple[int, ...] = (),
    ) -> Thread | None:
        rng = self.rng
        persons = (p.idx, *others)
        addrs: dict[int, str] = {}
        if channel == "email":
            for i in persons:
                q = self.w.persons[i]
                addr = q.main_email(prefer_work=q.kind not in PERSONAL)
                if addr:
                    addrs[i] = addr
            if p.idx not in addrs:
                return None
        t = Thread(
            len(self.tl.threads),
            channel,
            purpose,
            p.lang,
            persons,
            self.owner_addr(p),
            addrs,
            seed=rng.getrandbits(32),
        )
        sender = first
        personal = p.kind in PERSONAL
        copied = tuple(o for o in others if o in addrs or channel != "email")
        while ts < self.end:
            to, cc = ((p.idx,), copied) if sender == OWNER else ((OWNER,), copied)
            flag = "attach" if purpose == "client" and rng.random() < 0.06 else ""
            if channel == "email" and sender != OWNER and len(t.msgs) == 1 and rng.random() < 0.03:
                sent = t.msgs[0].ts + rng.randrange(5, 90)
                t.msgs.append(Msg(sent, sender, to, flag="auto"))  # out-of-office, no reply
                ts = max(ts, sent + rng.randrange(2 * DAY, 9 * DAY))
                if ts >= self.end:
                    break
            t.msgs.append(Msg(ts, sender, to, cc, flag))
            if rng.random() >= reply:
                break
            reply *= 0.72
            sender = p.idx if sender == OWNER else OWNER
            ts += self.delay(p.tie, personal)
        self.tl.threads.append(t)
        return t

    def meeting(self, p: Person, ts: int, purpose: str, others: tuple[int, ...] = ()) -> None:
        rng = self.rng
        persons = tuple(i for i in (p.idx, *others))
        if ts >= self.end:
            return
        if p.kind in ("family", "friend"):
            mode = "in_person" if rng.random() < 0.8 else "call"
        else:
            mode = rng.choices(("video", "teams", "in_person", "call"), (45, 10, 33, 12))[0]
        addrs = tuple(
            self.w.persons[i].main_email(self.w.persons[i].kind not in PERSONAL) for i in persons
        )
        stats = tuple(
            rng.choices(("ACCEPTED", "NEEDS-ACTION", "DECLINED", "TENTATIVE"), (82, 10, 5, 3))[0]
            for _ in persons
        )
        organizer = OWNER if rng.random() < 0.7 or not addrs[0] else p.idx
        minutes = rng.choice((30, 30, 45, 60, 60, 90)) if mode != "call" else rng.choice((15, 30))
        self.tl.meetings.append(
            Meeting(
                len(self.tl.meetings),
                ts,
                minutes,
                mode,
                purpose,
                p.lang,
                persons,
                stats,
                organizer,
                addrs,
                owner_status="DECLINED" if rng.random() < 0.03 else "ACCEPTED",
                seed=rng.getrandbits(32),
            )
        )

    def episode(self, p: Person, ts: int, purpose: str) -> None:
        rng = self.rng
        e, li, _m = MIX[p.kind]
        r = rng.random()
        connected = p.li_slug and p.connected_on and p.connected_on <= to_day(ts)
        others: tuple[int, ...] = ()
        if p.kind == "client" and rng.random() < 0.25:
            day = to_day(ts)
            mates = [
                i
                for i in self.by_org.get(p.org.name if p.org else "", [])
                if i != p.idx and (self.w.persons[i].since or day) <= day
            ]
            if mates:
                others = (rng.choice(mates),)
        if r < e or (r < e + li and not connected):
            first = OWNER if rng.random() < 0.55 else p.idx
            t = self.thread(p, ts, "email", purpose, first, REPLY[p.tie], others)
            if t is None and connected:
                self.thread(p, ts, "linkedin", purpose, first, REPLY[p.tie])
            elif t is None:
                self.meeting(p, ts, purpose, others)
            if t is not None and rng.random() < 0.25 and len(t.msgs) > 1:
                self.meeting(p, t.msgs[-1].ts + rng.randrange(2, 10) * DAY, purpose, others)
        elif r < e + li:
            first = OWNER if rng.random() < 0.55 else p.idx
            self.thread(p, ts, "linkedin", purpose, first, REPLY[p.tie])
        else:
            self.meeting(p, ts, purpose, others)

    def person(self, p: Person) -> None:
        rng, w = self.rng, self.w
        personal = p.kind in ("family", "friend")
        purpose = {
            "family": "personal",
            "friend": "personal",
            "client": "client",
            "partner": "partner",
        }.get(p.kind, "network")
        since = max(p.since or w.start, w.start)
        two_years = w.today - timedelta(days=730)
        if p.tie in RATE:
            lag = rng.randrange(0, 20) if p.tie == "strong" else rng.randrange(10, 170)
            hi = max(since, w.today - timedelta(days=lag))
            years = max(0.2, (hi - since).days / 365.25)
            n = max(1, round(RATE[p.tie] * self.intensity * years * rng.uniform(0.6, 1.3)))
            days = [*sorted(self.day_between(since, hi) for _ in range(n - 1)), hi]
        elif p.tie == "weak":
            lo = max(since, two_years + timedelta(days=30))
            days = sorted(
                self.day_between(lo, w.today - timedelta(days=20))
                for _ in range(round(rng.randrange(1, 4) * self.intensity))
            )
        elif p.tie == "dormant" and since < two_years - timedelta(days=20):
            days = sorted(
                self.day_between(since, two_years - timedelta(days=10))
                for _ in range(round(rng.randrange(1, 5) * self.intensity))
            )
        else:
            days = []
        for day in days:
            self.episode(p, self.when(day, personal), purpose)

    def outreach(self) -> None:
        """Cold messages and reconnections, sent only during the bursts (seed 001)."""
        rng, w = self.rng, self.w
        if not w.bursts:
            return
        for p in w.persons:
            if p.kind == "linkedin_only":
                chance, purpose, reply = 0.12, "cold", 0.12
            elif p.kind == "event" and p.tie == "virtual":
                # 12 % at once, plus late answers to a follow-up: ~15 % in all (seed 003)
                chance, purpose, reply = 0.5, "cold", 0.12
            elif p.tie == "dormant":
                chance, purpose, reply = 0.3, "reconnect", 0.45
            else:
                continue
            if rng.random() >= chance:
                continue
            lo = max(p.connected_on or p.since or w.start, w.start)
            fits = [b for b in w.bursts if b[1] >= lo]
            if not fits:
                continue
            a, b = rng.choice(fits)
            day = self.day_between(max(a, lo), b)
            while day.weekday() >= 5 and day > max(a, lo):
                day -= timedelta(days=1)  # stay inside the burst: back to Friday
            ts = self.when(day, day.weekday() >= 5)
            connected = p.li_slug and p.connected_on and p.connected_on <= to_day(ts)
            channel = "linkedin" if connected and rng.random() < 0.8 else "email"
            if channel == "email" and not p.emails():
                if not connected:
                    continue
                channel = "linkedin"
            replied = rng.random() < reply
            t = self.thread(p, ts, channel, purpose, OWNER, 1.0 if replied else 0.0)
            if t is None:
                continue
            replied = len(t.msgs) > 1
            p.stats["outreach"] = {
                "purpose": purpose,
                "channel": channel,
                "day": to_day(ts).isoformat(),
                "replied": replied,
            }
            if (
                purpose == "cold"
                and channel == "linkedin"
                and not replied
                and (rng.random() < 0.03 or not self.drafts)
            ):
                self.drafts += 1
                t.msgs[0].flag = "draft"  # written, never sent
                p.stats["outreach"]["draft"] = True
                continue
            if not replied and rng.random() < 0.5:
                late = rng.random() < 0.06
                t.msgs.append(Msg(ts + rng.randrange(7, 15) * DAY, OWNER, (p.idx,)))
                p.stats["outreach"]["followed_up"] = True
                if late:
                    t.msgs.append(Msg(t.msgs[-1].ts + rng.randrange(1, 6) * DAY, p.idx, (OWNER,)))
                    p.stats["outreach"]["replied"] = True
            if len(t.msgs) > 1 and t.msgs[-1].sender != OWNER and rng.random() < 0.5:
                self.meeting(p, t.msgs[-1].ts + rng.randrange(3, 15) * DAY, purpose)

    def intros(self) -> None:
        """Referrals: a close tie introduces me to a future client or partner by e-mail."""
        rng, w = self.rng, self.w
        introducers = [
            q
            for q in w.persons
            if q.tie in ("strong", "moderate")
            and q.emails()
            and q.kind in ("friend", "ex_colleague", "partner", "classmate", "client")
        ]
        if not introducers:
            return
        for p in w.persons:
            if p.kind not in ("client", "partner") or p.tie == "virtual" or not p.emails():
                continue
            if rng.random() >= 0.3 or not p.since or p.since < w.start:
                continue
            known = [q for q in introducers if q is not p and (q.since or w.start) < p.since]
            if not known:
                continue
            q = rng.choice(known)
            p.introduced_by = q.idx
            t = self._introduction(q, p, self.when(p.since, False), "moderate")
            if rng.random() < 0.85:
                answer = t.msgs[-1].ts + self.delay("weak", False)
                t.msgs.append(Msg(answer, p.idx, (OWNER,), (q.idx,)))

    def _introduction(self, q: Person, p: Person, ts: int, pace: str) -> Thread:
        """q's e-mail putting me in touch with p, and my thanks to both at `pace`."""
        t = Thread(
            len(self.tl.threads),
            "email",
            "intro",
            q.lang,
            (q.idx, p.idx),
            self.w.owner.emails[1],
            {q.idx: q.main_email(True), p.idx: p.main_email(True)},
            seed=self.rng.getrandbits(32),
        )
        t.msgs.append(Msg(ts, q.idx, (OWNER, p.idx)))
        t.msgs.append(Msg(ts + self.delay(pace, False), OWNER, (p.idx,), (q.idx,)))
        self.tl.threads.append(t)
        return t

    def intros_unanswered(self) -> None:
        """Introductions not answered yet: a client or partner puts me in touch with someone
        at another firm, new to me, who has not written back. That person stays virtual, and
        the introducer is my bridge into their firm's group (the diagnosis's section 4)."""
        rng, w = self.rng, self.w
        first: dict[int, int] = {}
        for t in self.tl.threads:
            if not t.msgs:
                continue
            start = min(m.ts for m in t.msgs)
            for i in t.persons:
                first[i] = min(first.get(i, start), start)
        for mt in self.tl.meetings:
            for i in mt.persons:
                first[i] = min(first.get(i, mt.start), mt.start)
        latest = at(w.today - timedelta(days=30), 0, 0)
        introducers = [
            q
            for q in w.persons
            if q.tie in ("strong", "moderate", "weak")
            and q.kind in ("client", "partner", "ex_colleague")
            and q.org
            and q.main_email(True)
            and first.get(q.idx, latest) < latest
        ]
        staff = Counter(p.org.name for p in w.persons if p.org)
        strangers = [  # at a firm where I know many: a group of its own in the person graph
            x
            for x in w.persons
            if x.idx not in first
            and x.org
            and staff[x.org.name] >= 8
            and x.main_email(True)
            and x.introduced_by < 0
        ]
        for _ in range(max(2, len(w.persons) // 80) if introducers else 0):
            q = rng.choice(introducers)
            others = [x for x in strangers if x.org is not q.org and x.introduced_by < 0]
            if not others:
                return
            x = rng.choice(others)
            x.introduced_by = q.idx
            day = self.day_between(to_day(first[q.idx]) + timedelta(days=1), to_day(latest))
            self._introduction(q, x, self.when(day, False), q.tie)

    def groups(self) -> None:
        """A classmates' LinkedIn group chat and a few multi-person client meetings."""
        rng, w = self.rng, self.w
        mates = [
            p
            for p in w.persons
            if p.kind == "classmate" and p.li_slug and p.tie != "virtual" and p.connected_on
        ]
        for g in range(min(2, len(mates) // 3)):
            members = rng.sample(mates, min(len(mates), 3 + g))
            day = self.day_between(
                max(w.start, *(m.connected_on for m in members)), w.today - timedelta(days=30)
            )
            ts = self.when(day, True)
            t = Thread(
                len(self.tl.threads),
                "linkedin",
                "group",
                "fr",
                tuple(m.idx for m in members),
                "",
                {},
                seed=rng.getrandbits(32),
            )
            everyone = (OWNER, *t.persons)
            for k in range(rng.randrange(4, 9)):
                sender = everyone[k % len(everyone)] if k < 2 else rng.choice(everyone)
                t.msgs.append(Msg(ts, sender, tuple(x for x in everyone if x != sender)))
                ts += rng.randrange(600, 2 * DAY)
            self.tl.threads.append(t)
        # the weekly mission meeting: with the closest client, or whoever is closest
        order = {"strong": 0, "moderate": 1, "weak": 2, "dormant": 3, "virtual": 4}
        hosts = sorted(
            (p for p in w.persons if p.main_email(True)),
            key=lambda p: (p.kind != "client", order[p.tie], p.idx),
        )
        if hosts:
            p = hosts[0]
            day = self.day_between(max(w.start, p.since or w.start), w.today - timedelta(days=150))
            while day.weekday() != 1:
                day += timedelta(days=1)
            count = len(self.tl.meetings)
            self.meeting(p, at(day, 9, 30), "client")
            if len(self.tl.meetings) == count:
                return
            m = self.tl.meetings[-1]
            m.mode, m.weeks, m.minutes, m.organizer = "video", rng.randrange(8, 20), 30, OWNER
            m.partstat, m.owner_status = ("ACCEPTED",) * len(m.persons), "ACCEPTED"

    def finish(self) -> None:
        """Per-person counts for the truth file, and ties made by a reply to outreach."""
        w = self.w
        two_years = at(w.today - timedelta(days=730), 0, 0)
        last: dict[int, int] = {}
        for t in self.tl.threads:
            for m in t.msgs:
                if m.flag in ("draft", "auto"):
                    continue
                key = f"{t.channel}_{'out' if m.sender == OWNER else 'in'}"
                if m.sender == OWNER:
                    for i in (*m.to, *m.cc):
                        if i >= 0:
                            _bump(w.persons[i], key, m.ts, last)
                else:
                    _bump(w.persons[m.sender], key, m.ts, last)
        for mt in self.tl.meetings:
            for i, st in zip(mt.persons, mt.partstat, strict=True):
                if st != "DECLINED" and mt.owner_status != "DECLINED":
                    _bump(w.persons[i], "meetings", mt.start, last)
        for p in w.persons:
            s = p.stats
            inbound = s.get("email_in", 0) + s.get("linkedin_in", 0) + s.get("meetings", 0)
            if p.tie in ("weak", "dormant", "virtual"):
                # the class the files support: two-way contact, and how recent it is
                if not inbound:
                    p.tie = "virtual"
                else:
                    p.tie = "weak" if last[p.idx] >= two_years else "dormant"
            elif not inbound:
                p.tie = "virtual"
            if p.idx in last:
                s["last_contact"] = to_day(last[p.idx]).isoformat()


def _bump(p: Person, key: str, ts: int, last: dict[int, int]) -> None:
    p.stats[key] = p.stats.get(key, 0) + 1
    if ts > last.get(p.idx, 0):
        last[p.idx] = ts
    first = p.stats.get("_first", 0)
    if not first or ts < first:
        p.stats["_first"] = ts


def build_timeline(rng: random.Random, world: World, *, intensity: float = 1.0) -> Timeline:
    """All threads and meetings, in generation order (writers sort as their format needs).

    `intensity` multiplies how often each person is in touch: the diagnosis benchmark uses it
    to give 50,000 persons the 2,000,000 interactions of a very busy network.
    """
    b = _Builder(rng, world, intensity)
    for p in world.persons:
        b.person(p)
    b.outreach()
    b.intros()
    b.groups()
    b.intros_unanswered()
    b.finish()
    for p in world.persons:
        first = p.stats.pop("_first", 0)
        if first:
            p.stats["first_contact"] = to_day(first).isoformat()
    return b.tl
