"""LinkedIn "Get a copy of your data" ZIP, late-2024 layout (formats.md §1).

UTF-8 without BOM, LF, RFC 4180 quoting by the csv module, and each file's own date
format, because real archives mix at least eight of them.
"""

from __future__ import annotations

import base64
import csv
import io
import random
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from .. import names as N
from .. import texts
from ..people import Person, World
from ..records import OWNER, Thread, Timeline
from ..variants import linkedin_name, phone
from .common import CountingWriter

UTC = ZoneInfo("UTC")
CsvWriter = Any  # the csv module does not export its writer type
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    "missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
HEADERS = {
    "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
    "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,"
    "IS CONVERSATION DRAFT",
    "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,"
    "Status",
    "Recommendations_Given.csv": "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,"
    "Endorser Last Name,Endorser Public Url,Endorsement Status",
    "Profile.csv": "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,"
    "Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers",
    "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On",
    "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities",
    "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On",
    "PhoneNumbers.csv": "Extension,Number,Type",
}
RECO_TEXT = {
    "fr": (
        "J'ai eu le plaisir de travailler avec {who} sur {topic}. Rigoureuse, à l'écoute et "
        "toujours force de proposition, elle a su embarquer les équipes. Je la recommande "
        "sans hésiter.",
        "{who} nous a accompagnés sur {topic} : méthode claire, résultats au rendez-vous. "
        "Une vraie partenaire.",
    ),
    "en": (
        "{who} helped us with {topic}. Clear method, great listener, and results on time. "
        "I warmly recommend her.",
    ),
}
GIVEN_TEXT = {
    "fr": (
        "J'ai travaillé avec {who} sur {topic} : un regard précis, beaucoup d'exigence et "
        "un grand sens du collectif. Je recommande chaleureusement.",
    ),
    "en": (
        "I worked with {who} on {topic}: sharp, demanding and a great team player. "
        "Highly recommended.",
    ),
}
TOPICS = {
    "fr": (
        "la refonte de notre processus de recrutement",
        "l'onboarding de nos managers",
        "la mise en place de notre SIRH",
    ),
    "en": ("our hiring plan", "the onboarding of our new managers"),
}


def written_url(slug: str) -> str:
    """Profile URL as Connections.csv writes it: accents percent-encoded."""
    return "https://www.linkedin.com/in/" + quote(slug, safe="-")


def li_date(d: date) -> str:
    return d.strftime("%d %b %Y")


def us_short(dt: datetime, pad_hour: bool) -> str:
    """ "12/15/24, 7:47 AM" (Invitations) or "12/24/23, 05:28 AM" (Recommendations)."""
    hour = dt.hour % 12 or 12
    h = f"{hour:02d}" if pad_hour else str(hour)
    return f"{dt.month}/{dt.day}/{dt.year % 100:02d}, {h}:{dt.minute:02d} {dt:%p}"


def utc_text(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _conversation_id(rng: random.Random) -> str:
    raw = f"{rng.getrandbits(128):032x}"
    raw = f"{raw[:8]}-{raw[8:12]}-4{raw[13:16]}-a{raw[17:20]}-{raw[20:]}_010"
    return "2-" + base64.b64encode(raw.encode()).decode()


class _Zip:
    def __init__(self, path: Path, today: date) -> None:
        self.zf = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)
        self.stamp = (today.year, today.month, today.day, 9, 30, 0)

    def csv(
        self, name: str, body: Callable[[CountingWriter, CsvWriter], None], preamble: str = ""
    ) -> None:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with self.zf.open(info, "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out = CountingWriter(text)
            out.write(preamble + HEADERS[name] + "\n")
            body(out, csv.writer(out, lineterminator="\n"))
            text.flush()
            text.detach()

    def close(self) -> None:
        self.zf.close()


def write_linkedin(path: Path, world: World, tl: Timeline, rng: random.Random) -> None:
    """Write the archive; every person row found in it is recorded in `Person.ids`."""
    owner = world.owner
    shown = {p.idx: linkedin_name(p, rng) for p in world.persons if p.li_slug}
    z = _Zip(path, world.today)
    z.csv("Connections.csv", lambda out, w: _connections(out, w, world, shown, rng), PREAMBLE)
    z.csv("messages.csv", lambda out, w: _messages(w, world, tl, shown, rng))
    z.csv("Invitations.csv", lambda out, w: _invitations(w, world, shown, rng))
    recos = [
        p
        for p in world.persons
        if p.li_slug
        and p.connected_on
        and p.tie in ("strong", "moderate")
        and p.kind in ("client", "ex_colleague", "partner")
    ][:14]
    z.csv("Recommendations_Received.csv", lambda out, w: _recos(w, world, recos, shown, rng))
    z.csv(
        "Recommendations_Given.csv",
        lambda out, w: _recos(w, world, recos[::3], shown, rng, given=True),
    )
    z.csv("Endorsement_Received_Info.csv", lambda out, w: _endorsements(w, world, shown, rng))
    z.csv(
        "Profile.csv",
        lambda out, w: w.writerow(
            [
                owner.first,
                owner.last,
                "",
                "",
                "Mar 31",
                "Consultante RH indépendante | Recrutement & transformation RH | Portage salarial",
                "J'accompagne les PME et ETI dans leurs recrutements et l'intégration de leurs "
                "collaborateurs.  15 ans d'expérience RH, en entreprise puis en conseil.",
                "Human Resources Services",
                "69002",
                "Lyon, Auvergne-Rhône-Alpes, France",
                "[camillelaurent]",
                "[COMPANY:https://laurent-conseil.fr]",
                "",
            ]
        ),
    )
    z.csv(
        "Positions.csv",
        lambda out, w: w.writerows(
            [
                company,
                title,
                "",
                loc,
                date(*start, 1).strftime("%b %Y"),
                date(*end, 1).strftime("%b %Y") if end else "",
            ]
            for company, _li, title, loc, start, end, _dom in N.OWNER_POSITIONS
        ),
    )
    z.csv(
        "Education.csv",
        lambda out, w: w.writerows(
            [school, str(a), str(b), "", degree, ""] for school, a, b, degree in N.OWNER_SCHOOLS
        ),
    )
    z.csv(
        "Email Addresses.csv",
        lambda out, w: w.writerows(
            [
                [owner.emails[0], "Yes", "Yes", "6/19/15, 10:16 AM"],
                [owner.emails[1], "Yes", "No", "3/2/21, 9:05 AM"],
            ]
        ),
    )
    z.csv(
        "PhoneNumbers.csv",
        lambda out, w: w.writerow(["", " " + phone(owner.mobile, random.Random(1)), "Mobile"]),
    )
    z.close()


def _connections(
    out: CountingWriter,
    w: CsvWriter,
    world: World,
    shown: dict[int, tuple[str, str]],
    rng: random.Random,
) -> None:
    rows = [p for p in world.persons if p.li_slug and p.connected_on]
    blanks = [
        (
            world.start - timedelta(days=rng.randrange(3000))
            if rng.random() < 0.5
            else world.today - timedelta(days=rng.randrange(2000))
        )
        for _ in range(round(len(rows) * 0.012))
    ]
    items: list[tuple[date, int, Person | None]] = [
        (p.connected_on, p.idx, p) for p in rows if p.connected_on
    ]
    items += [(d, -1 - k, None) for k, d in enumerate(blanks)]
    items.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for day, _k, p in items:
        if p is None:
            w.writerow(["", "", "", "", "", "", li_date(day)])  # deactivated member
            continue
        first, last = shown[p.idx]
        email = (p.personal_email or p.work_email) if p.li_email else ""
        company = p.org.li_name if p.org and rng.random() < 0.95 else ""
        title = p.title if company else ""
        p.ids.append(
            {
                "source": "linkedin",
                "file": "Connections.csv",
                "line": out.line,
                "key": p.li_url,
                "name": f"{first} {last}",
                "emails": [email] if email else [],
                "org": company,
            }
        )
        w.writerow([first, last, written_url(p.li_slug), email, company, title, li_date(day)])


def _name(world: World, shown: dict[int, tuple[str, str]], i: int) -> str:
    if i == OWNER:
        return world.owner.name
    first, last = shown.get(i, (world.persons[i].first, world.persons[i].last))
    return f"{first} {last}"


def _url(world: World, i: int) -> str:
    return world.owner.li_url if i == OWNER else written_url(world.persons[i].li_slug)


def _messages(
    w: CsvWriter, world: World, tl: Timeline, shown: dict[int, tuple[str, str]], rng: random.Random
) -> None:
    convs = [t for t in tl.threads if t.channel == "linkedin" and t.msgs]
    convs.sort(key=lambda t: (-max(m.ts for m in t.msgs), t.tid))
    rows_per: dict[int, int] = {}
    for t in convs:
        for row in _conversation(t, world, shown, random.Random(t.seed)):
            w.writerow(row)
        for i in t.persons:
            rows_per[i] = rows_per.get(i, 0) + len(t.msgs)
    n_sponsored = max(2, len(convs) // 25)
    for _ in range(n_sponsored):
        ts = (
            int(
                datetime(
                    world.today.year, world.today.month, world.today.day, tzinfo=UTC
                ).timestamp()
            )
            - rng.randrange(1, 2000) * 86400
        )
        title = rng.choice(
            (
                "Offre exclusive : essayez Premium",
                "Invitation : webinaire HR Tech",
                "Sponsored: The 2025 Talent Trends report",
            )
        )
        w.writerow(
            [
                _conversation_id(rng),
                title,
                rng.choice(("LinkedIn Premium", "Workday", "Welcome to the Jungle")),
                "",
                world.owner.name,
                world.owner.li_url,
                utc_text(ts),
                title,
                '<p class="spinmail-quill-editor__spin-break">Bonjour Camille,</p>'
                "<p>Découvrez nos offres &amp; nos événements de l&#39;année.</p>",
                "INBOX",
                "No",
                "No",
            ]
        )
    for i, n in sorted(rows_per.items()):
        p = world.persons[i]
        p.ids.append(
            {
                "source": "linkedin",
                "file": "messages.csv",
                "key": p.li_url,
                "rows": n,
                "name": _name(world, shown, i),
            }
        )


def _conversation(
    t: Thread, world: World, shown: dict[int, tuple[str, str]], rng: random.Random
) -> Iterator[list[str]]:
    conv_id = _conversation_id(rng)
    folder = rng.choices(("INBOX", "ARCHIVE", ""), (80, 12, 8))[0]
    all_draft = all(m.flag == "draft" for m in t.msgs)
    main = world.persons[t.persons[0]]
    ordered = sorted(t.msgs, key=lambda m: m.ts)
    roles = []
    for k, m in enumerate(ordered):
        if t.purpose == "group":
            roles.append("group" if k < 2 else "reply")
        elif k == 0:
            roles.append(
                ("cold" if t.purpose == "cold" else "hello_out")
                if m.sender == OWNER
                else "hello_in"
            )
        elif m.sender == OWNER and all(x.sender == OWNER for x in ordered[:k]):
            roles.append("relance")
        else:
            roles.append("reply")
    lines = []
    for m, role in zip(ordered, roles, strict=True):
        to = list(m.to)
        recipient = world.persons[to[0]] if to[0] != OWNER else None
        first = recipient.first if recipient else world.owner.first
        org = recipient.org.li_name if recipient and recipient.org else ""
        lines.append(texts.linkedin_line(rng, role, main.lang, first, org))
    for m, content in sorted(zip(ordered, lines, strict=True), key=lambda x: x[0].ts, reverse=True):
        to = list(m.to)
        r = rng.random()
        if r < 0.01:
            content = (
                '<p class="spinmail-quill-editor__spin-break">'
                + content.replace("&", "&amp;").replace("'", "&#39;")
                + "</p>"
            )
        elif r < 0.04:
            content = ""  # an attachment or a system event
        yield [
            conv_id,
            "",
            _name(world, shown, m.sender),
            _url(world, m.sender),
            ",".join(_name(world, shown, i) for i in to),
            ",".join(_url(world, i) for i in to),
            utc_text(m.ts),
            "",
            content,
            folder,
            "Yes" if m.flag == "draft" else "No",
            "Yes" if all_draft else "No",
        ]


def _invitations(
    w: CsvWriter, world: World, shown: dict[int, tuple[str, str]], rng: random.Random
) -> None:
    recent = world.today - timedelta(days=120)
    rows = [p for p in world.persons if p.li_slug and p.connected_on and p.connected_on >= recent]
    pending = [p for p in world.persons if not p.li_slug and p.kind in ("event", "partner")]
    for p in pending[: max(2, len(world.persons) // 200)]:
        p.li_slug = f"{N.slug(p.name)}-{rng.getrandbits(36):09x}"
        shown[p.idx] = (p.first, p.last)
        rows.append(p)
    rows.sort(key=lambda p: (p.connected_on or world.today, p.idx), reverse=True)
    owner = world.owner
    for p in rows:
        day = p.connected_on or world.today - timedelta(days=rng.randrange(1, 40))
        sent = datetime(day.year, day.month, day.day, rng.randrange(24), rng.randrange(60))
        outgoing = p.connected_on is None or rng.random() < 0.5
        note = rng.choice(
            (
                "",
                "",
                "Ravie d'avoir échangé aujourd'hui, restons en contact !",
                "Bonjour, je vous propose de rejoindre mon réseau.",
            )
        )
        name = _name(world, shown, p.idx)
        if outgoing:
            row = [
                owner.name,
                name,
                us_short(sent, False),
                note,
                "OUTGOING",
                owner.li_url,
                written_url(p.li_slug),
            ]
        else:
            row = [
                name,
                owner.name,
                us_short(sent, False),
                note,
                "INCOMING",
                written_url(p.li_slug),
                owner.li_url,
            ]
        if p.connected_on is None:
            p.ids.append(
                {
                    "source": "linkedin",
                    "file": "Invitations.csv",
                    "key": p.li_url,
                    "name": name,
                    "pending": True,
                }
            )
        w.writerow(row)


def _recos(
    w: CsvWriter,
    world: World,
    people: list[Person],
    shown: dict[int, tuple[str, str]],
    rng: random.Random,
    given: bool = False,
) -> None:
    for p in people:
        first, last = shown[p.idx]
        when = datetime.combine(p.connected_on or world.today, datetime.min.time()) + timedelta(
            days=rng.randrange(30, 400), minutes=rng.randrange(1440)
        )
        latest = datetime(world.today.year, world.today.month, world.today.day) - timedelta(
            hours=rng.randrange(24, 24 * 60), minutes=rng.randrange(60)
        )
        when = min(when, latest)
        pool = GIVEN_TEXT if given else RECO_TEXT
        who = first if given else world.owner.first
        text = rng.choice(pool[p.lang]).format(who=who, topic=rng.choice(TOPICS[p.lang]))
        w.writerow(
            [
                first,
                last,
                p.org.li_name if p.org else "",
                p.title,
                text,
                us_short(when, True),
                "VISIBLE",
            ]
        )
        p.ids.append(
            {
                "source": "linkedin",
                "file": "Recommendations_Given.csv" if given else "Recommendations_Received.csv",
                "key": "",
                "name": f"{first} {last}",
            }
        )


def _endorsements(
    w: CsvWriter, world: World, shown: dict[int, tuple[str, str]], rng: random.Random
) -> None:
    rows = []
    for p in world.persons:
        if not (p.li_slug and p.connected_on):
            continue
        if rng.random() >= (0.03 if p.tie == "virtual" else 0.3):
            continue
        first, last = shown[p.idx]
        for skill in rng.sample(N.SKILLS, rng.randrange(1, 4)):
            day = p.connected_on + timedelta(days=rng.randrange(1, 900))
            if day >= world.today:
                continue
            stamp = datetime(
                day.year,
                day.month,
                day.day,
                rng.randrange(24),
                rng.randrange(60),
                rng.randrange(60),
            )
            rows.append((stamp, p.idx, skill, first, last, p))
    rows.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    for stamp, _i, skill, first, last, p in rows:
        w.writerow(
            [
                stamp.strftime("%Y/%m/%d %H:%M:%S UTC"),
                skill,
                first,
                last,
                "www.linkedin.com/in/" + p.li_slug,
                "ACCEPTED",
            ]
        )
    for p in sorted({r[5].idx: r[5] for r in rows}.values(), key=lambda p: p.idx):
        p.ids.append(
            {
                "source": "linkedin",
                "file": "Endorsement_Received_Info.csv",
                "key": p.li_url,
                "name": " ".join(shown[p.idx]),
            }
        )
