"""Google Contacts CSV, current format (formats.md §4.1).

UTF-8 with BOM, numbered `E-mail N`/`Phone N` column pairs sized by the data, ` ::: `
joined values, `* myContacts` labels, `* Other Contacts` rows saved automatically from mail.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from .. import names as N
from ..people import Person, World
from ..variants import phone
from .common import CountingWriter

HEAD = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
]
TAIL = [
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
    "Website 1 - Label",
    "Website 1 - Value",
    "Event 1 - Label",
    "Event 1 - Value",
    "Custom Field 1 - Label",
    "Custom Field 1 - Value",
]


def header(n_email: int, n_phone: int) -> list[str]:
    cols = list(HEAD)
    for i in range(1, n_email + 1):
        cols += [f"E-mail {i} - Label", f"E-mail {i} - Value"]
    for i in range(1, n_phone + 1):
        cols += [f"Phone {i} - Label", f"Phone {i} - Value"]
    return cols + TAIL


def _gmail_variant(addr: str, rng: random.Random) -> str:
    local, _, dom = addr.partition("@")
    if dom == "gmail.com" and "." in local and rng.random() < 0.1:
        return local.replace(".", "") + "@" + dom  # the same Gmail mailbox, written without dots
    return addr


def _row(p: Person, rng: random.Random, world: World, other: bool) -> dict:
    r: dict = {"emails": [], "phones": [], "cells": {}}
    cells = r["cells"]
    if other:
        if rng.random() < 0.6:
            cells["First Name"], cells["Last Name"] = p.first, p.last
        addr = p.main_email(prefer_work=p.kind not in ("family", "friend", "classmate"))
        r["emails"].append(("* Other", addr))
        cells["Labels"] = "* Other Contacts"
        return r
    if rng.random() < 0.05:
        cells["First Name"] = p.name  # everything typed in one field
    else:
        cells["First Name"], cells["Last Name"] = p.first, p.last
    if p.nick and rng.random() < 0.3:
        cells["Nickname"] = p.nick
    if p.org and rng.random() < 0.8:
        cells["Organization Name"] = p.org.name if rng.random() < 0.7 else p.org.li_name
        cells["Organization Title"] = p.title
    if p.birthday and rng.random() < 0.7:
        b = p.birthday
        cells["Birthday"] = b.isoformat() if rng.random() < 0.7 else f"--{b:%m-%d}"
    if rng.random() < 0.1:
        where = p.event or (p.org.name if p.org else "")
        cells["Notes"] = f"Rencontré(e) : {where}\nÀ relancer au trimestre prochain"
    labels = ["* myContacts"]
    if p.tie == "strong" and rng.random() < 0.5:
        labels.append("* starred")
    group = {
        "family": "Famille",
        "client": "Clients",
        "partner": "Partenaires",
        "friend": "Amis",
    }.get(p.kind)
    if group and rng.random() < 0.6:
        labels.append(group)
    cells["Labels"] = " ::: ".join(labels)
    emails = []
    if p.work_email and rng.random() < 0.85:
        emails.append(("* Work", p.work_email))
    if p.personal_email and rng.random() < 0.85:
        emails.append(("Home" if emails else "* Home", _gmail_variant(p.personal_email, rng)))
    if len(emails) == 2 and rng.random() < 0.15:
        emails = [(emails[0][0], f"{emails[0][1]} ::: {emails[1][1]}")]
    r["emails"] = emails
    phones = []
    if p.mobile:
        phones.append(("Mobile" if rng.random() < 0.6 else "* Mobile", phone(p.mobile, rng)))
        if rng.random() < 0.08:
            fixed = (
                f"0{rng.choice('14')} {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}"
            )
            if rng.random() < 0.5:
                phones[0] = (phones[0][0], f"{phones[0][1]} ::: {fixed}")
            else:
                phones.append(("Work", fixed))
    r["phones"] = phones
    if p.org and rng.random() < 0.1:
        street, _, rest = p.org.address.partition(", ")
        postal, _, city = rest.partition(" ")
        cells.update(
            {
                "Address 1 - Label": "Work",
                "Address 1 - Formatted": f"{street}\n{postal} {city.split(',')[0]}\nFrance",
                "Address 1 - Street": street,
                "Address 1 - City": city.split(",")[0],
                "Address 1 - Postal Code": postal,
                "Address 1 - Country": "France",
            }
        )
    if p.li_slug and rng.random() < 0.1:
        cells["Website 1 - Label"] = "Profile"
        cells["Website 1 - Value"] = p.li_url
    return r


def write_google_csv(path: Path, world: World, rng: random.Random) -> None:
    """Write the CSV; every row that belongs to a person is recorded in `Person.ids`."""
    rows: list[tuple[str, int, Person, dict, bool]] = []
    for p in world.persons:
        mailed = p.stats.get("email_in", 0) + p.stats.get("email_out", 0)
        if p.in_gcsv:
            rows.append(("", p.idx, p, _row(p, rng, world, False), False))
        elif mailed and p.emails() and rng.random() < 0.5:
            rows.append(("~", p.idx, p, _row(p, rng, world, True), True))
    rows.sort(
        key=lambda t: (
            t[0],
            N.fold(t[3]["cells"].get("Last Name", "")).casefold(),
            N.fold(t[3]["cells"].get("First Name", "")).casefold(),
            t[1],
        )
    )
    typed = [r for _a, _b, p, r, _o in rows if p.kind == "client" and not _o] or [
        r for *_x, r, _o in rows if not _o
    ]
    for r in typed[:1]:
        if r:
            r["cells"]["Notes"] = "=Rappeler après le 15 (budget validé ?)"  # starts with "="
            break
    n_email = max([len(r["emails"]) for *_x, r, _o in rows] + [1])
    n_phone = max([len(r["phones"]) for *_x, r, _o in rows] + [1])
    cols = header(n_email, n_phone)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\ufeff")
        out = CountingWriter(fh)
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for number, (_a, _b, p, r, other) in enumerate(rows, start=1):
            cells = dict(r["cells"])
            for i, (label, value) in enumerate(r["emails"], start=1):
                cells[f"E-mail {i} - Label"], cells[f"E-mail {i} - Value"] = label, value
            for i, (label, value) in enumerate(r["phones"], start=1):
                cells[f"Phone {i} - Label"], cells[f"Phone {i} - Value"] = label, value
            p.ids.append(
                {
                    "source": "google_csv",
                    "file": "google_contacts.csv",
                    "key": f"row:{number}",
                    "row": number,
                    "line": out.line,
                    "other_contacts": other,
                    "name": " ".join(
                        x for x in (cells.get("First Name"), cells.get("Last Name")) if x
                    ),
                    "emails": [e.strip() for _, v in r["emails"] for e in v.split(":::")],
                    "phones": [t.strip() for _, v in r["phones"] for t in v.split(":::")],
                }
            )
            w.writerow([cells.get(c, "") for c in cols])
