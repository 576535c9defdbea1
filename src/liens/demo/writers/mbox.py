"""Google Takeout mailbox `mail.mbox` (formats.md §2), in date order, CRLF, mboxo quoting.

Mail with people is mixed with what an importer must keep out: newsletters, mailing lists
(List-Id, Precedence: bulk), no-reply notifications naming real contacts, out-of-office
auto-replies and Chat items without From.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import texts
from ..people import Person, World
from ..records import DAY, OWNER, PARIS, Msg, Thread, Timeline
from ..variants import display_name, phone
from . import mail_parts as M
from .common import address, encoded_word

LONDON = ZoneInfo("Europe/London")
PRO_FR = texts.PARAS[("pro", "fr")]
OWNER_SIGNATURE = (
    "-- \nCamille Laurent\nConsultante RH indépendante — Laurent Conseil\n"
    "06 12 45 78 90\nhttps://laurent-conseil.fr"
)


def _style(addr: str) -> str:
    domain = addr.rpartition("@")[2]
    if domain in ("gmail.com",):
        return "gmail"
    if domain in ("icloud.com",):
        return "apple"
    if domain.endswith((".fr", ".net")) and domain in (
        "orange.fr",
        "free.fr",
        "laposte.net",
        "wanadoo.fr",
        "sfr.fr",
        "yahoo.fr",
    ):
        return "webmail"
    return "outlook" if sum(map(ord, domain)) % 2 else "gmail"


class MboxWriter:
    def __init__(self, path: Path, world: World, tl: Timeline, rng: random.Random) -> None:
        self.path = path
        self.w = world
        self.tl = tl
        self.rng = rng
        self.seen: dict[int, dict[str, dict]] = {}
        self.count = 0
        self.encoded_label = False
        self.switch = world.today.toordinal() - 700  # labels turn French (account language)

    # -- people mail ----------------------------------------------------------------
    def _who(self, t: Thread, i: int, rng: random.Random, style: str) -> tuple[str, str]:
        if i == OWNER:
            return self.w.owner.name, t.owner_addr
        p = self.w.persons[i]
        addr = t.addrs[i]
        name = display_name(p, rng, style == "outlook")
        rec = self.seen.setdefault(i, {}).setdefault(addr, {"names": [], "messages": 0})
        if name and name not in rec["names"] and len(rec["names"]) < 6:
            rec["names"].append(name)
        return name, addr

    def _signature(self, i: int, rng: random.Random) -> str:
        if i == OWNER:
            return OWNER_SIGNATURE
        p = self.w.persons[i]
        if p.kind in ("family", "friend"):
            return p.nick or p.first
        lines = [f"{p.first} {p.last}"]
        if p.org:
            lines.append(f"{p.title} — {p.org.name}" if p.title else p.org.name)
        if p.mobile and rng.random() < 0.6:
            lines.append(
                f"Tél. : {phone(p.mobile, rng)}"
                if p.lang == "fr"
                else f"Mobile: {phone(p.mobile, rng)}"
            )
        if p.org and rng.random() < 0.4:
            lines.append(p.org.address)
        return "\n".join(lines)

    def _plain(self, t: Thread, k: int) -> str:
        m = t.msgs[k]
        rng = random.Random(t.seed * 4099 + k)
        lang = t.lang
        if m.flag == "auto":
            return texts.auto_reply(lang, f"{rng.randrange(2, 28)}/{rng.randrange(1, 13):02d}")
        target = m.to[0]
        first = (
            self.w.owner.first
            if target == OWNER
            else (self.w.persons[target].nick or self.w.persons[target].first)
            if rng.random() < 0.3
            else self.w.persons[target].first
        )
        if t.purpose == "intro" and k == 0:
            a, b = self.w.owner.first, self.w.persons[t.persons[1]].first
            text = (
                f"Bonjour à vous deux,\n\nJe vous mets en relation : {a}, voici {b} "
                f"dont je t'ai parlé ; {b}, Camille est consultante RH indépendante et "
                f"pourra t'aider sur vos recrutements.\n\nJe vous laisse échanger !\n\n"
                f"{self._signature(m.sender, rng)}"
            )
            return text
        if t.purpose in ("personal",):
            kind = "personal"
        elif t.purpose == "cold" and m.sender == OWNER:
            kind = "relance" if k > 0 and all(x.sender == OWNER for x in t.msgs[:k]) else "cold"
        else:
            kind = "pro"
        return texts.body(rng, lang, first, self._signature(m.sender, rng), kind)

    def _subject(self, t: Thread) -> str:
        rng = random.Random(t.seed)
        p = self.w.persons[t.persons[0]]
        org = p.org.li_name if p.org else "votre entreprise"
        if t.purpose == "intro":
            return texts.subject(
                rng, "intro", t.lang, a=self.w.owner.first, b=self.w.persons[t.persons[1]].first
            )
        return texts.subject(
            rng, t.purpose, t.lang, first=p.first, org=org, n=f"2024-{rng.randrange(10, 99):03d}"
        )

    def _labels(self, t: Thread, m: Msg, inbound: bool, rng: random.Random) -> str:
        french = m.ts // DAY + 719163 > self.switch
        labels = []
        if inbound:
            if m.ts > (self.w.today.toordinal() - 719163 - 400) * DAY or rng.random() < 0.4:
                labels.append("Inbox")
            else:
                labels.append("Archived")
            if rng.random() < 0.4:
                labels.append("Important")
            labels.append("Ouvert" if french else "Opened")
            labels.append(
                "Category Personal"
                if t.purpose == "personal"
                else "Category Updates"
                if m.flag == "auto"
                else "Category Personal"
            )
        else:
            labels.append("Sent")
            if rng.random() < 0.3:
                labels.append("Important")
        p = self.w.persons[t.persons[0]]
        if p.kind == "family":
            labels.append("Famille")
        elif p.kind == "client" and p.org:
            labels.append(f"Clients/{p.org.li_name}")
        elif t.purpose in ("network", "cold", "reconnect") and (
            not self.encoded_label or rng.random() < 0.03
        ):
            labels.append("Réseau")
            self.encoded_label = True
        value = ",".join(labels)
        return encoded_word(value) if not value.isascii() else value

    def _msgid(self, t: Thread, j: int) -> str:
        sender = t.msgs[j].sender
        addr = t.owner_addr if sender == OWNER else t.addrs[sender]
        style = "gmail" if sender == OWNER else _style(addr)
        return M.message_id(random.Random(t.seed * 7907 + j), style, addr.rpartition("@")[2])

    def thread_message(self, t: Thread, k: int, thrid: int) -> str:
        m = t.msgs[k]
        rng = random.Random(t.seed * 7919 + k)
        inbound = m.sender != OWNER
        sender_addr = t.owner_addr if not inbound else t.addrs[m.sender]
        style = "gmail" if not inbound else _style(sender_addr)
        name, addr = self._who(t, m.sender, rng, style)
        charset = "iso-8859-1" if style == "outlook" else "UTF-8"
        enc = "B" if style in ("apple", "webmail") else "Q"
        tos = [
            address(*self._who(t, i, rng, style), style=enc, charset=charset)
            for i in m.to
            if i == OWNER or i in t.addrs
        ]
        ccs = [
            address(*self._who(t, i, rng, style), style=enc, charset=charset)
            for i in m.cc
            if i == OWNER or i in t.addrs
        ]
        for i in (m.sender, *m.to, *m.cc):
            if i != OWNER and i in t.addrs:
                self.seen[i][t.addrs[i]]["messages"] += 1
        base = self._subject(t)
        if m.flag == "auto":
            subject = ("Réponse automatique : " if t.lang == "fr" else "Automatic reply: ") + base
        elif k == 0:
            subject = base
        elif t.purpose == "cold" and not inbound and all(x.sender == OWNER for x in t.msgs[:k]):
            subject = "Relance : " + base
        else:
            subject = ("RE: " if style == "outlook" else "Re: ") + base
        tz = LONDON if inbound and self.w.persons[m.sender].lang == "en" else PARIS
        ids = [self._msgid(t, j) for j in range(k + 1)]
        plain = self._plain(t, k)
        quoted_html = ""
        if k > 0 and m.flag != "auto":
            prev = t.msgs[k - 1]
            who = self.w.owner.name if prev.sender == OWNER else self.w.persons[prev.sender].name
            prev_addr = t.owner_addr if prev.sender == OWNER else t.addrs[prev.sender]
            prev_text = self._plain(t, k - 1)
            attrib = M.attribution(prev.ts, f"{who} <{prev_addr}>", t.lang, tz)
            own = plain
            plain += (
                "\n\n"
                + attrib
                + "\n"
                + "\n".join("> " + x if x else ">" for x in prev_text.split("\n"))
            )
            quoted_html = M.html_of(prev_text)
        else:
            own = plain
        labels = self._labels(t, m, inbound, rng)
        head = [f"X-GM-THRID: {thrid}", f"X-Gmail-Labels: {labels}"]
        if inbound:
            head += M.transport(rng, m.ts, addr, t.owner_addr, style)
        else:
            head.append(
                f"Received: by 2002:a05:6520:{rng.getrandbits(16):x}:b0:"
                f"{rng.getrandbits(12):x}:{rng.getrandbits(16):x} with HTTP;\r\n"
                f"        {M.rfc2822(m.ts, M.PACIFIC, zone_name=True)}"
            )
        head += [
            "MIME-Version: 1.0",
            f"From: {address(name, addr, enc, charset)}",
            f"Date: {M.rfc2822(m.ts, tz)}",
            f"Message-ID: {ids[k]}",
            f"Subject: {encoded_word(subject, enc, charset, ascii_prefix=enc == 'Q')}",
            f"To: {', '.join(tos)}",
        ]
        if ccs:
            head.append(f"Cc: {', '.join(ccs)}")
        if k > 0:
            head.append(f"In-Reply-To: {ids[k - 1]}")
            head.append("References: " + "\r\n ".join(ids[max(0, k - 8) : k]))
        if m.flag == "auto":
            head += [
                "Auto-Submitted: auto-replied",
                "X-Auto-Response-Suppress: All",
                'Content-Type: text/plain; charset="UTF-8"',
                "Content-Transfer-Encoding: quoted-printable",
            ]
            return "\r\n".join(head) + "\r\n\r\n" + M.qp(plain) + "\r\n"
        if style == "outlook":
            head += [
                f"Thread-Topic: {encoded_word(base, enc, charset)}",
                f"Thread-Index: {M.token(rng, 30, M.TOKEN + '+/')}==",
                "Content-Language: fr-FR" if t.lang == "fr" else "Content-Language: en-US",
            ]
        ctype, body = M.alternative(rng, plain, own, quoted_html)
        if m.flag == "attach":
            name_pdf = rng.choice(
                (
                    "Proposition_commerciale.pdf",
                    "Compte-rendu_COPIL.pdf",
                    "Présentation Laurent Conseil.pdf",
                    "Devis_2024.pdf",
                )
            )
            ctype, body = M.with_attachment(rng, ctype, body, name_pdf)
        head.append(f"Content-Type: {ctype}")
        return "\r\n".join(head) + "\r\n\r\n" + body

    # -- bulk mail ------------------------------------------------------------------
    def bulk_message(self, n: int, ts: int) -> tuple[int, str]:
        rng = random.Random(self.rng.getrandbits(32) ^ n)
        display, sender, list_id, subjects, host = rng.choice(texts.NEWSLETTERS)
        person: Person = rng.choice(self.w.persons)
        subject = rng.choice(subjects).format(name=person.name)
        thrid = M.gmail_id(ts, rng)
        from_name = display
        head = [f"X-GM-THRID: {thrid}"]
        promo = "googlegroups" not in sender and rng.random() < 0.7
        head.append(
            "X-Gmail-Labels: "
            + ("Category Promotions,Unread" if promo else "Inbox,Category Updates,Opened")
        )
        head += M.transport(
            rng, ts, f"bounce-{rng.getrandbits(40):x}@{host}", self.w.owner.emails[0], "other"
        )
        if "googlegroups" in sender:
            from_name = f"{person.name} via {display}"
            head += [
                f"Reply-To: {person.personal_email or person.work_email or sender}",
                f"X-Original-Sender: {person.personal_email or sender}",
                "Precedence: list",
                "Mailing-list: list club-rh-lyon@googlegroups.com",
            ]
        elif rng.random() < 0.5:
            head.append("Precedence: bulk")
        if list_id:
            head.append(f"List-Id: {display} <{list_id}>")
        head += [
            f"List-Unsubscribe: <mailto:unsubscribe-{rng.getrandbits(32):x}@{host}>, "
            f"<https://{host}/unsubscribe?u={M.token(rng, 24)}>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
            "MIME-Version: 1.0",
            f"From: {address(from_name, sender)}",
            f"Date: {M.rfc2822(ts, PARIS)}",
            f"Message-ID: {M.message_id(rng, 'other', host)}",
            f"Subject: {encoded_word(subject)}",
            f"To: {self.w.owner.emails[0]}",
        ]
        items = "".join(
            f'<tr><td style="padding:12px;font-family:Arial"><h2>{s}</h2>'
            f"<p>{PRO_FR[j % len(PRO_FR)]}</p>"
            f'<a href="https://{host}/r/{M.token(rng, 40)}">Lire la suite</a>'
            "</td></tr>"
            for j, s in enumerate(rng.choices(subjects, k=rng.randrange(3, 9)))
        )
        html = (
            '<!DOCTYPE html><html><body><table width="600" align="center">'
            + items
            + f'<tr><td><a href="https://{host}/unsubscribe">Se désinscrire</a></td></tr>'
            "</table></body></html>"
        )
        boundary = f"----=_Part_{rng.randrange(10**6)}_{rng.randrange(10**9)}.{ts}"
        plain = f"{subject}\n\nVersion texte de la lettre.\nSe désinscrire : https://{host}/u"
        head.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = (
            f"--{boundary}\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{M.qp(plain)}\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=UTF-8\r\n"
            f"Content-Transfer-Encoding: quoted-printable\r\n\r\n{M.qp(html)}\r\n"
            f"--{boundary}--\r\n"
        )
        return thrid, "\r\n".join(head) + "\r\n\r\n" + body

    def chat_message(self, ts: int) -> tuple[int, str]:
        rng = random.Random(ts)
        p = rng.choice(self.w.persons)
        thrid = M.gmail_id(ts, rng)
        text = f"{p.first} {p.last}: salut, tu es dispo demain ?\n{self.w.owner.first}: oui !"
        return thrid, (
            f"X-GM-THRID: {thrid}\r\nX-Gmail-Labels: Chat\r\nMIME-Version: 1.0\r\n"
            f"Subject: Chat\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            f"{text.replace(chr(10), chr(13) + chr(10))}\r\n"
        )

    # -- assembly -------------------------------------------------------------------
    def write(self) -> dict[str, int]:
        items: list[tuple[int, int, int, int]] = []  # (ts, kind, a, b)
        for t in self.tl.threads:
            if t.channel != "email":
                continue
            for k, m in enumerate(t.msgs):
                items.append((m.ts, 0, t.tid, k))
        start = int(
            datetime(
                self.w.start.year, self.w.start.month, self.w.start.day, tzinfo=M.UTC
            ).timestamp()
        )
        end = int(
            datetime(
                self.w.today.year, self.w.today.month, self.w.today.day, tzinfo=M.UTC
            ).timestamp()
        )
        n_bulk = len(self.w.persons) // 4 + 40
        for n in range(n_bulk):
            items.append((self.rng.randrange(start, end), 1, n, 0))
        for n in range(2 if len(self.w.persons) >= 100 else 0):
            items.append((self.rng.randrange(start, end), 2, n, 0))
        items.sort()
        thrids: dict[int, int] = {}
        counts = {"people": 0, "bulk": 0, "chat": 0}
        with self.path.open("wb") as fh:
            for ts, kind, a, b in items:
                if kind == 0:
                    t = self.tl.threads[a]
                    if a not in thrids:
                        thrids[a] = M.gmail_id(t.msgs[0].ts, random.Random(t.seed))
                    thrid, text = thrids[a], self.thread_message(t, b, thrids[a])
                    counts["people"] += 1
                elif kind == 1:
                    thrid, text = self.bulk_message(a, ts)
                    counts["bulk"] += 1
                else:
                    thrid, text = self.chat_message(ts)
                    counts["chat"] += 1
                text = text.replace("\r\nFrom ", "\r\n>From ")  # mboxo quoting, as Gmail does
                fh.write((M.from_line(thrid, ts) + "\r\n" + text + "\r\n").encode("utf-8"))
        for i, addrs in sorted(self.seen.items()):
            for addr, rec in sorted(addrs.items()):
                self.w.persons[i].ids.append(
                    {
                        "source": "mbox",
                        "file": "mail.mbox",
                        "key": addr,
                        "names": rec["names"],
                        "messages": rec["messages"],
                    }
                )
        return counts


def write_mbox(path: Path, world: World, tl: Timeline, rng: random.Random) -> dict[str, int]:
    """Write the mailbox; returns message counts (people, bulk, chat) for the truth."""
    return MboxWriter(path, world, tl, rng).write()
