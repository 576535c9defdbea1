"""Issue 3's round trips on the demo's real-format files: import, export, import again.

Into a fresh owner, the export must give the same persons (names, e-mail and phone keys,
LinkedIn profile); into the same owner it must add nobody, and a second time nothing at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from liens.exporters.formats import FORMATS
from liens.exporters.records import export_records
from liens.importers.services import import_path
from liens.people.models import IdentityKey, KeyKind, Person


@pytest.fixture
def alice_network(demo_owner, demo):
    """The contacts sources of the demo, LinkedIn last (see test_import_sources)."""
    for path in (demo.vcard, demo.google_csv, demo.linkedin_zip):
        assert import_path(owner=demo_owner, path=path).errors == []
    return demo_owner


def export(owner, format_name: str, folder: Path) -> Path:
    fmt = FORMATS[format_name]
    path = folder / f"export{fmt.suffix}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        fmt.write(export_records(owner), handle)
    return path


def keys_by_person(owner) -> dict[int, dict[str, frozenset[str]]]:
    """person id → {kind: the exact keys of all their identities}, *me* left out."""
    found: dict[int, dict[str, set[str]]] = {
        pk: {kind: set() for kind in KeyKind.values}
        for pk in Person.objects.filter(owner=owner, is_me=False).values_list("pk", flat=True)
    }
    rows = IdentityKey.objects.filter(owner=owner, identity__person__is_me=False)
    for pid, kind, value in rows.values_list("identity__person_id", "kind", "value"):
        found[pid][kind].add(value)
    return {pid: {k: frozenset(v) for k, v in kinds.items()} for pid, kinds in found.items()}


def persons_as_seen(owner, google: bool = False) -> Counter:
    """Each person as a user checks them: name, e-mails, phones, profile (a multiset).

    Google CSV has no display-name column: its name is first and last name when known.
    """
    keys = keys_by_person(owner)
    seen: Counter = Counter()
    for person in Person.objects.filter(owner=owner, is_me=False):
        name = person.display_name
        if google and (person.first_name or person.last_name):
            name = " ".join(p for p in (person.first_name, person.last_name) if p)
        kinds = keys[person.pk]
        seen[(name, kinds["email"], kinds["phone"], kinds["linkedin"])] += 1
    return seen


@pytest.mark.parametrize("format_name", ["vcard", "google-csv"])
def test_a_fresh_owner_gets_the_same_persons_from_the_export(
    alice_network, bob, tmp_path, format_name
):
    path = export(alice_network, format_name, tmp_path)

    summary = import_path(owner=bob, path=path)

    assert summary.errors == [] and summary.skipped == 0
    google = format_name == "google-csv"
    before = persons_as_seen(alice_network, google=google)
    after = persons_as_seen(bob)
    assert sum(before.values()) > 150
    assert after == before


def reachable(keys: dict[int, dict[str, frozenset[str]]]) -> dict[int, dict[str, frozenset[str]]]:
    return {pid: kinds for pid, kinds in keys.items() if any(kinds.values())}


@pytest.mark.parametrize("format_name", ["vcard", "google-csv"])
def test_importing_the_export_back_adds_nobody_who_can_be_matched_and_then_nothing(
    alice_network, tmp_path, format_name
):
    before = keys_by_person(alice_network)
    names_before = Counter(Person.objects.filter(owner=alice_network).values_list("display_name"))
    path = export(alice_network, format_name, tmp_path)

    import_path(owner=alice_network, path=path)
    again = import_path(owner=alice_network, path=path)

    after = keys_by_person(alice_network)
    assert reachable(after) == reachable(before)  # every card found its person by its keys
    # Persons known by name only (a LinkedIn message sender) cannot be matched by the loader:
    # they come back as a second person of the same name (see the xfail below).
    keyless = {pid for pid, kinds in before.items() if not any(kinds.values())}
    new = set(after) - set(before)
    names_after = Counter(Person.objects.filter(owner=alice_network).values_list("display_name"))
    assert names_after - names_before == Counter(
        Person.objects.filter(pk__in=keyless).values_list("display_name")
    ) and len(new) == len(keyless)
    assert (again.identities_added, again.identities_updated) == (0, 0)


@pytest.mark.xfail(
    strict=True,
    reason="importers/load.py matches persons by e-mail, phone and profile URL only: a person "
    "known by name alone comes back as a new person when the export is imported again",
)
def test_importing_the_export_back_adds_no_person_at_all(alice_network, tmp_path):
    before = Person.objects.filter(owner=alice_network).count()

    import_path(owner=alice_network, path=export(alice_network, "vcard", tmp_path))

    assert Person.objects.filter(owner=alice_network).count() == before


def test_an_export_comes_back_byte_for_byte_after_a_round_trip(
    alice_network, bob, charlie, tmp_path
):
    """Alice's export read by Bob, Bob's by Charlie: Bob's and Charlie's exports are the same
    file (UIDs, order and every field). Alice's may differ from them only where the vCard
    reader fills in what a card left empty (N from FN)."""
    folders = [tmp_path / name for name in ("alice", "bob", "charlie")]
    for folder in folders:
        folder.mkdir()
    first = export(alice_network, "vcard", folders[0])
    import_path(owner=bob, path=first)
    second = export(bob, "vcard", folders[1])
    import_path(owner=charlie, path=second)

    third = export(charlie, "vcard", folders[2])

    assert third.read_bytes() == second.read_bytes()
    assert second.read_bytes().count(b"BEGIN:VCARD") == first.read_bytes().count(b"BEGIN:VCARD")
