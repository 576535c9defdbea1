"""How fast the vCard importer reads a phone-sized address book, and vobject for comparison.

    /work/venv/bin/python benchmarks/vcard_parse.py [--cards 50000] [--vobject] [--import]

Writes a generated file (65% iPhone 3.0, 25% Android 2.1 quoted-printable, 10% vCard 4.0,
2% with photos; see liens/importers/tests/vcard_helpers.py), then prints cards/s for
`liens.importers.formats.vcard.parse`. With --vobject it also times vobject.readComponents
on the same file, card by card (allowQP=True), which is what the importer would cost if it
handed every card to vobject. The issue's target: 50,000 cards in under 10 s. CPU time is
printed beside wall time: on a busy machine it is the steadier of the two.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import fresh_liens, peak_rss_mib

from liens.importers.formats import vcard
from liens.importers.tests.vcard_helpers import random_contacts, write_book


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=50_000)
    parser.add_argument("--vobject", action="store_true", help="also time vobject")
    parser.add_argument(
        "--import", dest="full", action="store_true", help="also import into SQLite"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.vcf"
        write_book(path, random_contacts(args.cards, seed=1))
        size = path.stat().st_size / 1024 / 1024
        start, cpu = time.perf_counter(), time.process_time()
        (parsed,) = vcard.parse(path)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"liens vcard: {len(parsed.records)} cards, {len(parsed.errors)} errors, "
            f"{size:.1f} MiB in {took:.2f} s (CPU {cpu:.2f} s) = "
            f"{len(parsed.records) / took:,.0f} cards/s"
        )
        if args.vobject:
            _time_vobject(path)
        if args.full:
            owner = fresh_liens(Path(folder) / "bench.sqlite3")
            from liens.importers.services import import_path

            start, cpu = time.perf_counter(), time.process_time()
            summary = import_path(owner=owner, path=path)
            took, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(
                f"liens import into SQLite: {summary.identities_added} identities in "
                f"{took:.2f} s (CPU {cpu:.2f} s) = {summary.identities_added / took:,.0f} cards/s, "
                f"{took / 10:.2f} of the 10 s target, peak RSS {peak_rss_mib():.0f} MiB"
            )


def _time_vobject(path: Path) -> None:
    import vobject

    text = path.read_text(encoding="utf-8")
    cards = ["BEGIN:VCARD" + c for c in text.split("BEGIN:VCARD")[1:]]
    start = time.perf_counter()
    good = bad = 0
    for card in cards:
        try:
            for component in vobject.readComponents(card, allowQP=True):
                for child in component.getChildren():
                    _ = child.value
                good += 1
        except Exception:  # vobject raises many kinds; counted, as the importer would
            bad += 1
    took = time.perf_counter() - start
    print(
        f"vobject.readComponents: {good} cards, {bad} rejected in {took:.2f} s "
        f"= {len(cards) / took:,.0f} cards/s"
    )


if __name__ == "__main__":
    main()
