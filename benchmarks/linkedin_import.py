"""Benchmark: a LinkedIn export with 30,000 connections and 200,000 messages into SQLite.

Target (issue "Importers for contacts, mailboxes and calendars"): under 15 s. The reference
measured in the same run is the standard library's csv module merely reading the same two
files: the floor any importer stands on.

    python benchmarks/linkedin_import.py [--connections 30000] [--messages 200000]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import tempfile
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_liens, peak_rss_mib

PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have "
    "allowed their connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
FIRST = ["Camille", "Jean-Pierre", "Marie", "Amélie", "François", "Hélène", "James", "Sarah"]
LAST = ["Martin", "Dubois", "Lefèvre", "Bernard", "Smith", "Brown", "Girard", "Moreau"]
ME_URL = "https://www.linkedin.com/in/camille-laurent-1a2b3c"


def write_export(folder: Path, connections: int, messages: int) -> Path:
    rng = random.Random(7)
    people = []
    conn = io.StringIO()
    conn.write(PREAMBLE)
    writer = csv.writer(conn, lineterminator="\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    start = datetime(2015, 1, 1, tzinfo=UTC)
    for n in range(connections):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{n:06x}"
        people.append((f"{first} {last}", url))
        when = start + timedelta(days=rng.randrange(4000))
        email = f"{first.lower()}.{last.lower()}{n}@example.fr" if rng.random() < 0.02 else ""
        writer.writerow(
            [first, last, url, email, f"Company {n % 900}", "Consultant", when.strftime("%d %b %Y")]
        )
    msgs = io.StringIO()
    writer = csv.writer(msgs, lineterminator="\n")
    writer.writerow(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
            "IS MESSAGE DRAFT",
            "IS CONVERSATION DRAFT",
        ]
    )
    for n in range(messages):
        name, url = people[rng.randrange(min(len(people), 3000))]
        when = start + timedelta(seconds=rng.randrange(340_000_000))
        mine = rng.random() < 0.5
        sender = ("Camille Laurent", ME_URL) if mine else (name, url)
        recipient = (name, url) if mine else ("Camille Laurent", ME_URL)
        writer.writerow(
            [
                f"2-{n // 4:08d}==",
                "",
                sender[0],
                sender[1],
                recipient[0],
                recipient[1],
                when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                "",
                f"Bonjour, suite à notre échange n°{n}, merci !",
                "INBOX",
                "No",
                "No",
            ]
        )
    target = folder / "Complete_LinkedInDataExport_11-21-2026.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", conn.getvalue())
        archive.writestr("messages.csv", msgs.getvalue())
    return target


def csv_floor(archive: Path) -> float:
    started = time.perf_counter()
    with zipfile.ZipFile(archive) as handle:
        for member in ("Connections.csv", "messages.csv"):
            with handle.open(member) as raw:
                for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8")):
                    pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="liens-bench-"))
    archive = write_export(work, args.connections, args.messages)
    owner = fresh_liens(work / "bench.sqlite3")
    from liens.importers.services import import_path

    floor = csv_floor(archive)
    started = time.perf_counter()
    summary = import_path(owner=owner, path=archive)
    elapsed = time.perf_counter() - started
    peak = peak_rss_mib()
    print(
        f"export: {args.connections:,} connections, {args.messages:,} messages, "
        f"{archive.stat().st_size / 1e6:.1f} MB zipped"
    )
    print(f"csv module reading both files (floor): {floor:.2f} s")
    print(
        f"liens import into SQLite:              {elapsed:.2f} s "
        f"({summary.interactions_added / elapsed:,.0f} messages/s), "
        f"{elapsed / floor:.1f}x the floor, peak RSS {peak:.0f} MiB"
    )
    print(f"target 15 s: {'met' if elapsed < 15 else 'NOT met'} ({elapsed / 15:.2f} of it)")
    print(
        f"identities added {summary.identities_added:,}, "
        f"interactions added {summary.interactions_added:,}"
    )


if __name__ == "__main__":
    main()
