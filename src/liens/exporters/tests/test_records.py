"""The records to export: one per person of the owner, merged from every identity.

The inputs are small files in the real formats (research/formats.md §3.2 and §4.1),
imported through the importer, so the records are built from what an import really stores.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liens.exporters.records import export_records
from liens.importers.base import RawAddress
from liens.importers.services import import_path
from liens.people.models import Organization, Person, Position
from liens.people.services import me_update, person_create

# An iPhone card (3.0): national mobile number, Apple label group, birthday, note.
PHONE_BOOK = "\r\n".join(
    [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//Apple Inc.//iPhone OS 17.5.1//EN",
        "N:Lefèvre;Zoé;;;",
        "FN:Zoé Lefèvre",
        "ORG:Helios Partners;",
        "TITLE:DRH",
        "EMAIL;type=INTERNET;type=WORK;type=pref:zoe.lefevre@helios.fr",
        "TEL;type=CELL;type=VOICE;type=pref:06 12 34 56 78",
        "item1.ADR;type=WORK:;;12 rue de la Paix;Paris;;75002;France",
        "item1.X-ABLabel:Bureau",
        "BDAY;value=date:1984-07-14",
        "NOTE:Rencontrée au salon RH\\, à rappeler",
        "UID:8B3E2F10-5C1D-4E2A-9F6B-7A8C9D0E1F2A",
        "END:VCARD",
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:Nguyen;Minh;;;",
        "FN:Minh Nguyen",
        "TEL;type=CELL:+33 7 81 22 33 44",
        "END:VCARD",
        "",
    ]
)
# Google Contacts CSV (current format): the same Zoé with her Gmail and LinkedIn profile.
GOOGLE = (
    "\ufeffFirst Name,Middle Name,Last Name,Nickname,File As,Organization Name,"
    "Organization Title,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,"
    "Website 1 - Label,Website 1 - Value\n"
    "Zoé,,Lefèvre,Zozo,,Helios,DRH,--07-14,Aime le vélo,* myContacts,* Work,"
    "zoe.lefevre@helios.fr,Home,zoe.lefevre84@gmail.com,Mobile,+33612345678,"
    "Profile,https://fr.linkedin.com/in/zoe-lefevre/\n"
)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    book = tmp_path / "contacts.vcf"
    book.write_text(PHONE_BOOK, encoding="utf-8", newline="")
    google = tmp_path / "google.csv"
    google.write_text(GOOGLE, encoding="utf-8", newline="")
    return book, google


@pytest.fixture
def network(alice, files):
    me_update(owner=alice, name="Camille Martin", emails=("camille@martin.fr",))
    for path in files:
        assert import_path(owner=alice, path=path).errors == []
    return alice


def test_it_merges_a_persons_identities_into_one_record(network):
    records = export_records(network)

    assert [r.display_name for r in records] == ["Minh Nguyen", "Zoé Lefèvre"]
    zoe = records[1]
    assert (zoe.first_name, zoe.last_name) == ("Zoé", "Lefèvre")
    assert zoe.emails == ("zoe.lefevre@helios.fr", "zoe.lefevre84@gmail.com")
    assert zoe.phones == ("+33612345678",)  # "06 12 34 56 78" and "+33612345678": one number
    assert zoe.profile_url == "https://www.linkedin.com/in/zoe-lefevre"
    assert zoe.urls == ()  # the profile URL has its own field
    assert (zoe.organization, zoe.title) == ("Helios Partners", "DRH")
    assert zoe.nickname == "Zozo"
    assert zoe.birthday == date(1984, 7, 14)  # the one with a year
    assert zoe.addresses == (
        RawAddress(
            street="12 rue de la Paix",
            locality="Paris",
            postcode="75002",
            country="France",
            label="Bureau",
        ),
    )
    assert zoe.note == "Rencontrée au salon RH, à rappeler\n\nAime le vélo"
    assert records[0].phones == ("+33781223344",)


def test_it_keeps_the_uid_of_the_persons_own_card_and_gives_others_a_stable_one(network):
    first = {r.display_name: r.key for r in export_records(network)}
    again = {r.display_name: r.key for r in export_records(network)}

    assert first["Zoé Lefèvre"] == "8B3E2F10-5C1D-4E2A-9F6B-7A8C9D0E1F2A"
    assert again == first
    assert len(first["Minh Nguyen"]) == 36 and first["Minh Nguyen"] != first["Zoé Lefèvre"]


def test_it_leaves_me_out_unless_asked(network):
    assert "Camille Martin" not in {r.display_name for r in export_records(network)}

    with_me = export_records(network, include_me=True)

    (me,) = [r for r in with_me if r.display_name == "Camille Martin"]
    assert me.emails == ("camille@martin.fr",)


def test_it_exports_only_the_owners_persons(network, bob, charlie, files):
    person_create(owner=bob, name="Bob's Friend")

    assert [r.display_name for r in export_records(bob)] == ["Bob's Friend"]
    assert export_records(charlie) == []
    assert "Bob's Friend" not in {r.display_name for r in export_records(network)}


def test_it_takes_the_current_position_when_the_person_has_no_organization(alice):
    person = person_create(owner=alice, name="Ravi Nayak")
    past = Organization.objects.create(owner=alice, name="Old Corp", name_key="old corp")
    now = Organization.objects.create(owner=alice, name="Kestrel", name_key="kestrel")
    Position.objects.create(
        owner=alice,
        person=person,
        organization=past,
        title="Dev",
        started_on=date(2015, 1, 1),
        finished_on=date(2019, 1, 1),
    )
    Position.objects.create(
        owner=alice, person=person, organization=now, title="CTO", started_on=date(2019, 2, 1)
    )

    (record,) = export_records(alice)

    assert (record.organization, record.title) == ("Kestrel", "CTO")
    assert (record.first_name, record.last_name) == ("Ravi", "Nayak")


def test_two_persons_never_share_a_uid(alice, tmp_path):
    # The same card twice in a file (a phone's duplicate): two identities, `uid:X` and
    # `uid:X#2`; if they end up in two persons, each person still gets its own UID.
    card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{0}\r\nN:{0};;;;\r\nUID:SAME\r\nEND:VCARD\r\n"
    book = tmp_path / "twice.vcf"
    book.write_text(card.format("Ana") + card.format("Ana Bis"), encoding="utf-8", newline="")
    import_path(owner=alice, path=book)
    assert Person.objects.filter(owner=alice, is_me=False).count() == 2

    keys = [r.key for r in export_records(alice)]

    assert len(set(keys)) == 2 and "SAME" in keys
