"""The LinkedIn import end to end through the service: parse, load, re-import, bad input."""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from liens.importers.base import ImportFailure
from liens.importers.normalize import canonical_linkedin_url
from liens.importers.services import InvalidRecords, import_path
from liens.interactions.models import Interaction, Invitation
from liens.people.models import Education, Identity, Person, Position
from liens.reputation.models import Endorsement, Recommendation

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
EXPORT_2024 = FIXTURES / "export_2024"


def connection_rows(folder: Path) -> list[dict[str, str]]:
    """The connection rows as the csv module reads them, blank (deactivated) rows left out."""
    lines = (folder / "Connections.csv").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("First Name,"))
    rows = list(csv.DictReader(lines[start:]))
    return [r for r in rows if r["First Name"] or r["Last Name"] or r["URL"]]


def counts(owner) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(owner=owner).count()
        for model in (Person, Identity, Interaction, Invitation, Recommendation, Endorsement)
    }


def zipped(folder: Path, tmp_path: Path, name: str = "Basic_LinkedInDataExport.zip") -> Path:
    target = tmp_path / name
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.iterdir()):
            archive.write(file, file.name)
    return target


def test_it_imports_every_connection_keyed_by_its_canonical_profile_url(alice, tmp_path):
    summary = import_path(owner=alice, path=zipped(EXPORT_2024, tmp_path))

    rows = connection_rows(EXPORT_2024)
    for row in rows:
        identity = Identity.objects.get(
            owner=alice, source="linkedin", key=canonical_linkedin_url(row["URL"])
        )
        assert identity.connected_on is not None
        assert identity.source_file.endswith("Connections.csv")
        assert identity.import_run_id == summary.import_run
    assert summary.source == "linkedin"
    assert summary.identities_added >= len(rows)
    assert any(name.endswith("Connections.csv") for name in summary.files)


def test_it_turns_each_message_into_an_interaction_with_direction_from_me(alice, tmp_path):
    import_path(owner=alice, path=EXPORT_2024)

    ana = Identity.objects.get(owner=alice, key="https://www.linkedin.com/in/ana-silva-4b1").person
    messages = Interaction.objects.filter(owner=alice, participants__person=ana).order_by(
        "occurred_at"
    )
    # Ana wrote first, I answered; my draft is not an interaction.
    assert [m.direction for m in messages] == ["inbound", "outbound"]
    assert {m.channel for m in messages} == {"message"}
    assert "<p" not in messages[1].summary and "&amp;" not in messages[1].summary
    me = Person.objects.get(owner=alice, is_me=True)
    assert not Interaction.objects.filter(owner=alice, participants__person=me).exists()


def test_it_links_a_group_message_to_every_recipient_but_me(alice):
    import_path(owner=alice, path=EXPORT_2024)

    kickoff = Interaction.objects.get(owner=alice, subject="Kick-off on Monday")
    urls = set(
        Identity.objects.filter(person__participations__interaction=kickoff).values_list(
            "key", flat=True
        )
    )
    assert {"https://www.linkedin.com/in/ravi-nayak", "https://www.linkedin.com/in/jtbrown"} <= urls
    assert kickoff.direction == "inbound"


def test_it_records_my_profile_positions_and_schools(alice):
    import_path(owner=alice, path=EXPORT_2024)

    me = Person.objects.get(owner=alice, is_me=True)
    with (EXPORT_2024 / "Positions.csv").open(encoding="utf-8") as handle:
        positions = list(csv.DictReader(handle))
    with (EXPORT_2024 / "Education.csv").open(encoding="utf-8") as handle:
        schools = list(csv.DictReader(handle))
    assert me.display_name
    assert Position.objects.filter(owner=alice, person=me).count() == len(positions)
    assert Education.objects.filter(owner=alice, person=me).count() == len(schools)


def test_it_keeps_invitations_recommendations_and_endorsements_as_their_own_records(alice):
    summary = import_path(owner=alice, path=EXPORT_2024)

    def data_rows(name: str) -> int:
        with (EXPORT_2024 / name).open(encoding="utf-8") as handle:
            return sum(1 for _ in csv.DictReader(handle))

    assert Invitation.objects.filter(owner=alice).count() == data_rows("Invitations.csv")
    received = Recommendation.objects.filter(owner=alice, direction="inbound").count()
    given = Recommendation.objects.filter(owner=alice, direction="outbound").count()
    assert received == data_rows("Recommendations_Received.csv")
    assert given == data_rows("Recommendations_Given.csv")
    assert Endorsement.objects.filter(owner=alice).count() == data_rows(
        "Endorsement_Received_Info.csv"
    ) + data_rows("Endorsement_Given_Info.csv")
    assert summary.records_added["invitation"] == data_rows("Invitations.csv")


def test_it_adds_nothing_when_the_same_export_is_imported_twice(alice, tmp_path):
    archive = zipped(EXPORT_2024, tmp_path)
    import_path(owner=alice, path=archive)
    before = counts(alice)

    again = import_path(owner=alice, path=archive)

    assert counts(alice) == before
    assert (again.identities_added, again.identities_updated, again.interactions_added) == (0, 0, 0)
    assert again.records_added == {}


def test_it_adds_only_what_is_new_from_a_newer_export(alice, tmp_path):
    import_path(owner=alice, path=EXPORT_2024)
    before = counts(alice)
    newer = tmp_path / "newer"
    shutil.copytree(EXPORT_2024, newer)
    with (newer / "Connections.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "Zoé,Lefèvre,https://www.linkedin.com/in/zoe-lefevre,,Acme SAS,DRH,20 Nov 2026\n"
        )
    with (newer / "messages.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "2-bmV3==,,Zoé Lefèvre,https://www.linkedin.com/in/zoe-lefevre,Camille Martin,"
            "https://www.linkedin.com/in/camille-martin-1a2b3c,2026-11-20 09:00:00 UTC,,"
            "Merci pour l'invitation !,INBOX,No,No\n"
        )

    summary = import_path(owner=alice, path=newer)

    assert summary.identities_added == 1
    assert summary.interactions_added == 1
    after = counts(alice)
    assert after["Person"] == before["Person"] + 1
    assert after["Interaction"] == before["Interaction"] + 1
    zoe = Person.objects.get(owner=alice, identities__key="https://www.linkedin.com/in/zoe-lefevre")
    assert zoe.organization.name == "Acme SAS" and zoe.title == "DRH"
    assert zoe.interactions.get().direction == "inbound"


def test_it_updates_a_connection_who_changed_jobs(alice, tmp_path):
    import_path(owner=alice, path=EXPORT_2024)
    newer = tmp_path / "newer"
    shutil.copytree(EXPORT_2024, newer)
    text = (newer / "Connections.csv").read_text(encoding="utf-8")
    (newer / "Connections.csv").write_text(
        text.replace('"CivicMinds, Inc",Data Lead', "Globex SARL,Head of Data"), encoding="utf-8"
    )

    summary = import_path(owner=alice, path=newer)

    assert (summary.identities_added, summary.identities_updated) == (0, 1)
    ana = Person.objects.get(
        owner=alice, identities__key="https://www.linkedin.com/in/ana-silva-4b1"
    )
    assert (ana.organization.name, ana.title) == ("Globex SARL", "Head of Data")


def test_it_keeps_owners_apart(alice, bob):
    import_path(owner=alice, path=EXPORT_2024)
    assert counts(bob)["Identity"] == 0
    import_path(owner=bob, path=EXPORT_2024)
    assert counts(bob) == counts(alice)


@pytest.mark.parametrize("folder", ["cp1252", "no_header"])
def test_it_refuses_an_unreadable_file_whole_and_writes_nothing(alice, tmp_path, folder):
    broken = tmp_path / "export"
    shutil.copytree(EXPORT_2024, broken)
    shutil.copy(FIXTURES / "broken" / folder / "Connections.csv", broken / "Connections.csv")

    with pytest.raises(ImportFailure) as failure:
        import_path(owner=alice, path=zipped(broken, tmp_path))

    assert "Connections.csv" in str(failure.value)
    assert counts(alice)["Identity"] == 0 and counts(alice)["Interaction"] == 0


def test_it_refuses_an_archive_that_is_not_a_linkedin_export(alice, tmp_path):
    archive = tmp_path / "holiday.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("photo.txt", "not a LinkedIn file")
    with pytest.raises(ImportFailure, match=r"holiday\.zip"):
        import_path(owner=alice, path=archive)
    not_a_zip = tmp_path / "fake.zip"
    not_a_zip.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ImportFailure, match=r"fake\.zip"):
        import_path(owner=alice, path=not_a_zip)


def test_it_stops_on_a_broken_row_naming_file_and_line_unless_asked_to_skip(alice, tmp_path):
    broken = tmp_path / "export"
    shutil.copytree(EXPORT_2024, broken)
    shutil.copy(FIXTURES / "broken" / "bad_rows" / "Connections.csv", broken / "Connections.csv")

    with pytest.raises(InvalidRecords) as failure:
        import_path(owner=alice, path=broken)
    assert "Connections.csv:" in str(failure.value)
    assert counts(alice)["Identity"] == 0

    summary = import_path(owner=alice, path=broken, skip_invalid=True)
    assert summary.errors and all(e["line"] for e in summary.errors)
    assert all(str(e["file"]).endswith("Connections.csv") for e in summary.errors)
    assert Identity.objects.filter(owner=alice, key__contains="carla-mendes").exists()
