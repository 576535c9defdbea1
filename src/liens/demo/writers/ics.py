"""Google Calendar export `calendar.ics` (formats.md §5): meetings with attendees.

Video calls carry X-GOOGLE-CONFERENCE and an empty LOCATION, in-person meetings a street
address, calls a phone number. Rooms (`@resource.calendar.google.com`), an ATTENDEE inside
a VALARM and CN values that are e-mail addresses are here so importers learn to skip them.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import names as N
from .. import texts
from ..people import World
from ..records import OWNER, PARIS, Meeting, Timeline, at
from ..variants import phone
from .common import fold

UTC = ZoneInfo("UTC")
VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "X-LIC-LOCATION:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]
MEET_BLOCK = (
    "-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:"
    "~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-"
)
PERSONAL_EVENTS = (
    "Dentiste",
    "Yoga",
    "Focus : rédaction de la proposition",
    "Déclaration URSSAF",
    "Rendez-vous comptable",
    "Bloqué — administratif",
    "Course à pied",
    "Formation LinkedIn (webinaire)",
)


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def utc(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%dT%H%M%SZ")


def local(ts: int) -> str:
    return datetime.fromtimestamp(ts, PARIS).strftime("%Y%m%dT%H%M%S")


def param(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ",;:") else value


def meet_code(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "-".join("".join(rng.choices(letters, k=n)) for n in (3, 4, 3))


class IcsWriter:
    def __init__(self, path: Path, world: World, tl: Timeline, rng: random.Random) -> None:
        self.path = path
        self.w = world
        self.tl = tl
        self.rng = rng
        self.stamp = utc(at(world.today, 9, 30))
        self.seen: dict[int, dict[str, dict]] = {}
        self.email_alarm_done = False

    def _uid(self, rng: random.Random, outlook: bool) -> str:
        if outlook:
            return "040000008200E00074C5B7101A82E008" + f"{rng.getrandbits(160):040X}"
        return "".join(rng.choices("abcdefghijklmnopqrstuv0123456789", k=26)) + "@google.com"

    def attendee(self, cn: str, addr: str, stat: str, rng: random.Random) -> str:
        role = "OPT-PARTICIPANT" if rng.random() < 0.05 else "REQ-PARTICIPANT"
        rsvp = ";RSVP=TRUE" if stat == "NEEDS-ACTION" else ""
        cn_part = f";CN={param(cn)}" if cn else ""
        return (
            f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE={role};PARTSTAT={stat}{rsvp}{cn_part};"
            f"X-NUM-GUESTS=0:mailto:{addr}"
        )

    def meeting(self, m: Meeting) -> list[str]:
        rng = random.Random(m.seed)
        w = self.w
        pro = m.purpose != "personal" and rng.random() < 0.4
        owner_addr = w.owner.emails[1 if pro else 0]
        main = w.persons[m.persons[0]]
        title = texts.meeting_title(
            rng,
            m.mode,
            main.kind in ("family", "friend"),
            first=main.first,
            last=main.last,
            org=main.org.li_name if main.org else main.last,
        )
        end = m.start + m.minutes * 60
        tzid = m.weeks > 0 or rng.random() < 0.15
        lines = ["BEGIN:VEVENT"]
        if tzid:
            lines += [
                f"DTSTART;TZID=Europe/Paris:{local(m.start)}",
                f"DTEND;TZID=Europe/Paris:{local(end)}",
            ]
        else:
            lines += [f"DTSTART:{utc(m.start)}", f"DTEND:{utc(end)}"]
        if m.weeks:
            until = utc(m.start + (m.weeks - 1) * 7 * 86400 + 86399)
            lines.append(f"RRULE:FREQ=WEEKLY;WKST=MO;UNTIL={until};BYDAY=TU")
        lines.append(f"DTSTAMP:{self.stamp}")
        if m.organizer == OWNER or not m.addrs[0]:
            lines.append(f"ORGANIZER;CN={owner_addr}:mailto:{owner_addr}")
            outlook = False
        else:
            org_name = main.name if rng.random() < 0.7 else m.addrs[0]
            lines.append(f"ORGANIZER;CN={param(org_name)}:mailto:{m.addrs[0]}")
            outlook = m.mode == "teams"
        lines.append(f"UID:{self._uid(rng, outlook)}")
        linked = 0
        for i, addr, stat in zip(m.persons, m.addrs, m.partstat, strict=True):
            if not addr:
                continue
            p = w.persons[i]
            cn = (
                rng.choice((p.name, f"{p.last.upper()} {p.first}")) if rng.random() < 0.45 else addr
            )
            if rng.random() < 0.03:
                cn = ""
            lines.append(self.attendee(cn, addr, stat, rng))
            rec = self.seen.setdefault(i, {}).setdefault(addr, {"names": [], "events": 0})
            rec["events"] += 1
            if cn and cn not in rec["names"] and len(rec["names"]) < 6:
                rec["names"].append(cn)
            linked += 1
        lines.append(self.attendee(owner_addr, owner_addr, m.owner_status, rng))
        if not linked:
            title = f"{title} ({main.first})" if main.first not in title else title
        description = ""
        location = ""
        if m.mode == "video":
            code = meet_code(rng)
            lines.append(f"X-GOOGLE-CONFERENCE:https://meet.google.com/{code}")
            description = (
                f"{MEET_BLOCK}\nParticiper avec Google Meet : https://meet.google.com/"
                f"{code}\n\nPour en savoir plus sur Meet : https://support.google.com/"
                f"a/users/answer/9282720\n\nVeuillez ne pas modifier cette section.\n"
                f"{MEET_BLOCK}"
            )
        elif m.mode == "teams":
            location = "Réunion Microsoft Teams"
            description = (
                "________________________________________________________________\n"
                "Réunion Microsoft Teams\nRejoindre sur votre ordinateur ou "
                "application mobile\nCliquez ici pour rejoindre la réunion<https://"
                f"teams.microsoft.com/l/meetup-join/19%3ameeting_{rng.getrandbits(96):x}"
                "%40thread.v2/0>\n________________________________________________"
            )
        elif m.mode == "call":
            location = phone(main.mobile, rng) if main.mobile else ""
            description = "Appel téléphonique" + (
                f" — je t'appelle au {location}" if location else ""
            )
        else:
            if main.kind in ("client",) and main.org and rng.random() < 0.6:
                location = f"{main.org.name}, {main.org.address}"
            else:
                location = rng.choice(N.CAFES)
            if rng.random() < 0.1:
                room = f"c_188{rng.getrandbits(64):016x}@resource.calendar.google.com"
                lines.append(
                    f"ATTENDEE;CUTYPE=RESOURCE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
                    f"CN=Laurent Conseil-Lyon-2-Salle Confluence (6);X-NUM-GUESTS=0:"
                    f"mailto:{room}"
                )
        created = m.start - rng.randrange(1, 20) * 86400
        lines += [
            f"CREATED:{utc(created)}",
            f"DESCRIPTION:{esc(description)}",
            f"LAST-MODIFIED:{utc(created + rng.randrange(60, 86400))}",
            f"LOCATION:{esc(location)}",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            f"SUMMARY:{esc(title)}",
            "TRANSP:OPAQUE",
        ]
        lines += self.alarm(rng, title, owner_addr)
        lines.append("END:VEVENT")
        return lines

    def alarm(self, rng: random.Random, title: str, owner_addr: str) -> list[str]:
        if not self.email_alarm_done:
            self.email_alarm_done = True
            return [
                "BEGIN:VALARM",
                "ACTION:EMAIL",
                "DESCRIPTION:This is an event reminder",
                "SUMMARY:Alarm notification",
                f"ATTENDEE:mailto:{owner_addr}",
                "TRIGGER:-P0DT0H30M0S",
                "END:VALARM",
            ]
        if rng.random() < 0.3:
            return [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "DESCRIPTION:This is an event reminder",
                "TRIGGER:-P0DT0H10M0S",
                "END:VALARM",
            ]
        return []

    def solo(
        self, rng: random.Random, ts: int, title: str, location: str, all_day: bool
    ) -> list[str]:
        lines = ["BEGIN:VEVENT"]
        if all_day:
            day = datetime.fromtimestamp(ts, PARIS).date()
            lines += [
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            ]
        else:
            lines += [f"DTSTART:{utc(ts)}", f"DTEND:{utc(ts + 3600)}"]
        lines += [
            f"DTSTAMP:{self.stamp}",
            f"UID:{self._uid(rng, False)}",
            f"CREATED:{utc(ts - 86400 * 7)}",
            "DESCRIPTION:",
            f"LAST-MODIFIED:{utc(ts - 86400 * 6)}",
            f"LOCATION:{esc(location)}",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            f"SUMMARY:{esc(title)}",
            "TRANSP:TRANSPARENT" if all_day else "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
        return lines

    def write(self) -> int:
        w, rng = self.w, self.rng
        events: list[tuple[int, int, list[str] | Meeting]] = [
            (m.start, m.mid, m) for m in self.tl.meetings
        ]
        lo, hi = at(w.start, 8, 0), at(w.today, 8, 0)
        for k in range(max(10, len(w.persons) // 20)):
            ts = rng.randrange(lo, hi) // 1800 * 1800
            events.append(
                (ts, 10**9 + k, self.solo(rng, ts, rng.choice(PERSONAL_EVENTS), "", False))
            )
        for k, (name, day, city) in enumerate(w.events):
            place = {
                "Paris": "Paris Expo Porte de Versailles, 1 Place de la Porte de Versailles, "
                "75015 Paris, France",
                "Lyon": "Centre de Congrès de Lyon, 50 Quai Charles de Gaulle, 69006 Lyon, France",
            }.get(city, f"Cité des Congrès, {city}, France")
            ts = at(day, 9, 0)
            events.append(
                (
                    ts,
                    2 * 10**9 + k,
                    self.solo(rng, ts, f"{name} {day.year}", place, rng.random() < 0.5),
                )
            )
        events.sort(key=lambda e: (e[0], e[1]))
        count = 0
        with self.path.open("w", encoding="utf-8", newline="") as fh:
            head = [
                "BEGIN:VCALENDAR",
                "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
                "VERSION:2.0",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                f"X-WR-CALNAME:{w.owner.emails[0]}",
                "X-WR-TIMEZONE:Europe/Paris",
                *VTIMEZONE,
            ]
            fh.write("\r\n".join(head) + "\r\n")
            for _ts, _k, ev in events:
                lines = self.meeting(ev) if isinstance(ev, Meeting) else ev
                fh.write("\r\n".join(fold(x) for x in lines) + "\r\n")
                count += 1
            fh.write("END:VCALENDAR\r\n")
        for i, addrs in sorted(self.seen.items()):
            for addr, rec in sorted(addrs.items()):
                w.persons[i].ids.append(
                    {
                        "source": "ics",
                        "file": "calendar.ics",
                        "key": addr,
                        "names": rec["names"],
                        "events": rec["events"],
                    }
                )
        return count


def write_ics(path: Path, world: World, tl: Timeline, rng: random.Random) -> int:
    """Write the calendar; returns the number of VEVENTs."""
    return IcsWriter(path, world, tl, rng).write()
