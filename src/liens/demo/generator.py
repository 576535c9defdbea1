"""Seeded demo network: the five export files a French consultant would feed to `liens`.

Why: importers, identity resolution and tie-strength scoring need realistic input whose
ground truth is known. `generate()` writes a LinkedIn ZIP, a phone vCard file, a Google
Contacts CSV, a Takeout mbox and a Google Calendar ICS, all in the exact shapes of real
exports (shared/research/formats.md), plus `truth.json` saying who is who in every file.
Same seed, size and day give byte-identical files. Pure Python: no Django here.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .people import Person, World, build_world
from .timeline import build_timeline
from .writers.google_csv import write_google_csv
from .writers.ics import write_ics
from .writers.linkedin import write_linkedin
from .writers.mbox import write_mbox
from .writers.vcard import write_vcard

DEFAULT_TODAY = date(2026, 11, 21)
BULK_SENDERS = (
    "newsletters@lesechos.fr",
    "hello@welcometothejungle.com",
    "noreply@malt.fr",
    "messages-noreply@linkedin.com",
    "club-rh-lyon@googlegroups.com",
    "ne-pas-repondre@urssaf.fr",
    "noreply@medium.com",
    "calendar-notification@google.com",
)


@dataclass(frozen=True)
class DemoFiles:
    """Paths written by `generate`, the owner's identity and headline counts."""

    out_dir: Path
    linkedin_zip: Path
    vcard: Path
    google_csv: Path
    mbox: Path
    ics: Path
    truth_json: Path
    owner_name: str
    owner_emails: tuple[str, ...]
    counts: dict[str, Any] = field(default_factory=dict)

    def truth(self) -> dict[str, Any]:
        """The ground truth as a dict (loads `truth.json`; large for big sizes)."""
        return load_truth(self.truth_json)


def load_truth(path: Path) -> dict[str, Any]:
    with Path(path).open(encoding="utf-8") as fh:
        return json.load(fh)


def _rng(seed: int, stage: str) -> random.Random:
    # One stream per stage, so changing one writer never reshuffles the others.
    return random.Random(f"liens-demo:{seed}:{stage}")


def _person_truth(world: World, p: Person) -> dict[str, Any]:
    ref = world.persons
    return {
        "id": p.pid,
        "kind": p.kind,
        "tie": p.tie,
        "name": p.name,
        "first": p.first,
        "last": p.last,
        "nickname": p.nick,
        "lang": p.lang,
        "org": p.org.name if p.org else "",
        "org_linkedin": p.org.li_name if p.org else "",
        "org_domain": p.org.domain if p.org else "",
        "past_org": p.past_org.name if p.past_org else "",
        "title": p.title,
        "emails": list(p.emails()),
        "mobile": p.mobile,
        "linkedin_url": p.li_url,
        "connected_on": p.connected_on.isoformat() if p.connected_on else None,
        "since": p.since.isoformat() if p.since else None,
        "homonym_of": ref[p.homonym_of].pid if p.homonym_of >= 0 else None,
        "introduced_by": ref[p.introduced_by].pid if p.introduced_by >= 0 else None,
        "context": p.event,
        "stats": p.stats,
        "identities": p.ids,
    }


def generate(
    out_dir: Path, *, size: int = 400, seed: int = 7, today: date = DEFAULT_TODAY
) -> DemoFiles:
    """Write the five demo exports and `truth.json` into `out_dir` (created if missing)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    world = build_world(_rng(seed, "people"), size, today)
    tl = build_timeline(_rng(seed, "timeline"), world)
    files = {
        "linkedin_zip": out / f"Complete_LinkedInDataExport_{today:%m-%d-%Y}.zip",
        "vcard": out / "contacts.vcf",
        "google_csv": out / "google_contacts.csv",
        "mbox": out / "mail.mbox",
        "ics": out / "calendar.ics",
        "truth_json": out / "truth.json",
    }
    write_linkedin(files["linkedin_zip"], world, tl, _rng(seed, "linkedin"))
    write_vcard(files["vcard"], world, _rng(seed, "vcard"))
    write_google_csv(files["google_csv"], world, _rng(seed, "google"))
    mail_counts = write_mbox(files["mbox"], world, tl, _rng(seed, "mbox"))
    n_events = write_ics(files["ics"], world, tl, _rng(seed, "ics"))
    sources = Counter(i["source"] for p in world.persons for i in p.ids)
    counts: dict[str, Any] = {
        "persons": size,
        "kinds": dict(sorted(Counter(p.kind for p in world.persons).items())),
        "ties": dict(sorted(Counter(p.tie for p in world.persons).items())),
        "mbox_messages": sum(mail_counts.values()),
        "mbox": mail_counts,
        "ics_events": n_events,
        "linkedin_threads": sum(1 for t in tl.threads if t.channel == "linkedin"),
        "email_threads": sum(1 for t in tl.threads if t.channel == "email"),
        "meetings": len(tl.meetings),
        "identities": dict(sorted(sources.items())),
    }
    owner = world.owner
    meta = {
        "seed": seed,
        "size": size,
        "today": today.isoformat(),
        "window_start": world.start.isoformat(),
        "owner": {
            "name": owner.name,
            "first": owner.first,
            "last": owner.last,
            "emails": list(owner.emails),
            "mobile": owner.mobile,
            "linkedin_url": owner.li_url,
            "vcard_card": 1,
            "employers": [o.name for o in owner.employers],
        },
        "files": {k: v.name for k, v in files.items()},
        "counts": counts,
        "bursts": [[a.isoformat(), b.isoformat()] for a, b in world.bursts],
        "events": [[n, d.isoformat(), c] for n, d, c in world.events],
        "non_person_senders": list(BULK_SENDERS),
        "notes": "identities[].key: LinkedIn = canonical profile URL (https, percent-decoded); "
        "vcard = UID or card:N; google_csv = row:N (data row); mbox/ics = address.",
    }
    with files["truth_json"].open("w", encoding="utf-8", newline="\n") as fh:
        head = json.dumps(meta, ensure_ascii=False, indent=1)
        fh.write(head[:-2] + ',\n "persons": [\n')
        for k, p in enumerate(world.persons):
            fh.write(
                ("," if k else "") + json.dumps(_person_truth(world, p), ensure_ascii=False) + "\n"
            )
        fh.write("]}\n")
    return DemoFiles(
        out,
        files["linkedin_zip"],
        files["vcard"],
        files["google_csv"],
        files["mbox"],
        files["ics"],
        files["truth_json"],
        owner.name,
        owner.emails,
        counts,
    )
