"""The vCard importer on real exports (ez-vcard samples), hand-written quirk files and
generated address books.

fixtures/vcard/samples/ are real files from Android, BlackBerry, Evolution, Gmail, iPhone,
Lotus Notes, Mac Address Book, Outlook 2003/2007, Thunderbird and the RFC examples (BSD
licence: LICENSE-ez-vcard beside them). The other fixtures follow research/formats.md §3 byte
for byte (CRLF, cp1252, QP soft breaks in column 0, `\\r\\r\\n`).
"""

from __future__ import annotations

import gettext
import json
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liens import i18n
from liens.importers.base import ImportFailure, ParsedFile, RawAddress, RawIdentity
from liens.importers.formats import vcard
from liens.importers.formats.vcard_card import parse_birthday
from liens.importers.normalize import email_key
from liens.importers.phones import phone_e164
from liens.importers.tests.vcard_helpers import (
    Contact,
    random_contacts,
    write_book,
)

FIXTURES = Path(__file__).parent / "fixtures" / "vcard"
SAMPLES = FIXTURES / "samples"


def parse(path: Path) -> ParsedFile:
    (parsed,) = vcard.parse(path, None)
    return parsed


def records(path: Path) -> list[RawIdentity]:
    parsed = parse(path)
    assert parsed.errors == []
    assert all(isinstance(r, RawIdentity) and r.source == "vcard" for r in parsed.records)
    return parsed.records  # type: ignore[return-value]


def by_name(path: Path) -> dict[str, RawIdentity]:
    return {r.display_name: r for r in records(path)}


# --- detection -------------------------------------------------------------------------------


def test_it_detects_vcards_whatever_the_extension() -> None:
    assert vcard.detect(FIXTURES / "android_qp.vcf")
    assert vcard.detect(FIXTURES / "bom_blank_lines.txt")  # BOM, blank lines, lower case
    assert vcard.detect(SAMPLES / "rfc2426-example.vcf")  # BEGIN:vCard


def test_it_does_not_detect_other_files(tmp_path: Path) -> None:
    (tmp_path / "empty.vcf").write_bytes(b"")
    (tmp_path / "random.vcf").write_bytes(bytes(range(256)) * 4)
    assert not vcard.detect(FIXTURES / "not_a_vcard.csv")
    assert not vcard.detect(FIXTURES / "calendar.ics")
    assert not vcard.detect(tmp_path / "empty.vcf")
    assert not vcard.detect(tmp_path / "random.vcf")
    assert not vcard.detect(tmp_path)  # a folder
    assert not vcard.detect(tmp_path / "missing.vcf")


def test_it_refuses_a_file_that_is_not_a_vcard(tmp_path: Path) -> None:
    for path in (FIXTURES / "not_a_vcard.csv", FIXTURES / "calendar.ics"):
        with pytest.raises(ImportFailure) as caught:
            parse(path)
        assert (caught.value.file, caught.value.line) == (path.name, 1)
        assert "BEGIN:VCARD" in caught.value.message
    with pytest.raises(ImportFailure, match="cannot be read"):
        parse(tmp_path)
    with pytest.raises(ImportFailure, match="cannot be read"):
        parse(tmp_path / "missing.vcf")


def test_it_gives_one_parsed_file_named_after_the_file() -> None:
    parsed = list(vcard.parse(SAMPLES / "gmail-list.vcf", None))
    assert [p.name for p in parsed] == ["gmail-list.vcf"]
    assert [r.display_name for r in parsed[0].records] == [
        "Arnold Smith",
        "Chris Beatle",
        "Doug White",
    ]
    assert [r.line for r in parsed[0].records] == [1, 7, 13]


# --- vCard 2.1: Android and Outlook ------------------------------------------------------------


def test_it_reads_android_quoted_printable_with_soft_line_breaks() -> None:
    parsed = parse(FIXTURES / "android_qp.vcf")
    helene, minh = parsed.records[:2]
    assert (helene.first_name, helene.last_name) == ("Hélène", "Dupont-Aignan")
    assert helene.display_name == "Hélène Dupont-Aignan"
    assert helene.phones == ("06 12 34 56 78", "+33 1 42 68 53 00")
    assert helene.emails == ("helene.dupont@exemple.fr",)
    # the soft break splits "Ressourc=" / "es": joined without a space; the decoded `=3B`
    # separates ORG's components like any `;`
    assert helene.organization == "Société d'Ingénierie et de Conseil en Ressources Humaines"
    assert helene.raw["ORG"].endswith("Humaines; Lyon")
    assert helene.title == "Directrice des ressources humaines"
    assert helene.note == "Rencontrée au salon RH\nÀ rappeler en janvier, après les fêtes"
    assert helene.birthday == date(1981, 4, 1)
    assert helene.line == 1
    assert (minh.first_name, minh.last_name) == ("Đức Minh", "Nguyễn")
    assert minh.display_name == "Đức Minh Nguyễn – Cabinet Trần & Associés"


def test_it_keeps_a_card_whose_quoted_printable_value_has_a_stray_byte() -> None:
    minh = parse(FIXTURES / "android_qp.vcf").records[1]
    assert minh.emails == ("minh.nguyen@example.vn",)
    assert minh.organization == "Ñ" * 12 + "\ufffd"  # `=80` is not UTF-8: replaced, card kept


def test_it_keeps_a_card_without_name_and_skips_an_empty_one() -> None:
    parsed = parse(FIXTURES / "android_qp.vcf")
    assert [r.phones for r in parsed.records[2:]] == [("0611223344",)]
    assert parsed.records[2].display_name == ""
    assert parsed.skipped == 1
    assert [r.line for r in parsed.records] == [1, 20, 30]


def test_it_decodes_outlook_cards_written_in_the_windows_code_page() -> None:
    jurgen, anne, luc = parse(FIXTURES / "outlook_cp1252.vcf").records
    assert (jurgen.first_name, jurgen.last_name, jurgen.display_name) == (
        "Jürgen",
        "Müller",
        "Jürgen Müller",
    )
    assert jurgen.nickname == "Jü"
    assert jurgen.organization == "Société Générale"
    assert jurgen.title == "Contrôleur de gestion"
    assert jurgen.note == "Café le 12/03\nPréfère le thé"  # QP `=E9` without CHARSET
    assert jurgen.phones == ("(01) 42 68 53 00", "06.12.34.56.78")
    assert jurgen.addresses == (
        RawAddress(
            street="29 bd Haussmann",
            locality="Paris",
            postcode="75009",
            country="France",
            label="work",
        ),
    )
    assert jurgen.urls == ("http://www.societegenerale.example",)
    assert jurgen.birthday == date(1980, 3, 22)
    assert jurgen.emails == ("jurgen.muller@socgen.example",)
    assert jurgen.raw["X-MS-MANAGER"] == "Anne Lefèvre"
    assert jurgen.raw["LABEL"] == "29 bd Haussmann\r\n75009 Paris"  # QP continuation kept
    assert (anne.first_name, anne.last_name) == ("Anne", "Lefèvre")  # CHARSET=ISO-8859-1
    assert (luc.first_name, luc.last_name) == ("Luïc", "François")  # unknown charset: cp1252


def test_it_ignores_an_agent_card_nested_in_a_2_1_card() -> None:
    (boss,) = records(FIXTURES / "agent21.vcf")
    assert boss.display_name == "Big Boss"
    assert boss.emails == ("big.boss@example.com",)
    assert boss.phones == ()


# --- vCard 3.0 and 4.0 -------------------------------------------------------------------------


def test_it_reads_iphone_groups_labels_and_linkedin_urls() -> None:
    camille, maman = records(FIXTURES / "iphone_groups.vcf")
    assert (camille.first_name, camille.last_name) == ("Camille", "Martin")  # N over FN
    assert camille.display_name == "MARTIN Camille"
    assert camille.nickname == "Cam, Camou"
    assert camille.organization == "Conseil & Associés; Lyon"
    assert camille.title == "Consultante, portage salarial"
    assert camille.emails == ("camille.martin@exemple.fr", "C.Martin@Conseil-Associes.example")
    assert camille.phones == ("+33 6 12 34 56 78", "01 42 68 53 00")
    assert [(a.street, a.postcode, a.label) for a in camille.addresses] == [
        ("12 rue des Lilas", "69003", "Maison de campagne"),
        ("5 place Bellecour", "69002", "work"),
    ]
    assert camille.profile_url == "https://www.linkedin.com/in/camille-martin-1a2b3c"
    assert camille.urls == ("https://conseil-associes.example", "https://twitter.com/camille")
    assert camille.birthday == date(1604, 7, 14)
    assert camille.note == (
        "Rencontrée à la soirée Tech Lyon\nIntéressée par un accompagnement; à rappeler"
    )
    assert camille.key == "uid:5A8B2C3D-1E2F-4A5B-8C9D-0E1F2A3B4C5D"
    assert (maman.first_name, maman.last_name, maman.display_name) == ("Maman", "", "Maman")
    assert maman.profile_url == "https://www.linkedin.com/in/jeanne-laurent-77"  # x-user
    assert maman.birthday == date(1604, 12, 25)


def test_it_reads_vcard_4_tel_uris_and_dates() -> None:
    simone, paul = records(FIXTURES / "vcard40.vcf")
    assert simone.key == "uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert simone.phones == ("+33-1-42-68-53-00 ext. 204", "+33-6-12-34-56-78")
    assert [phone_e164(p) for p in simone.phones] == ["+33142685300", "+33612345678"]
    assert simone.emails == ("simone.weil@univ.example", "simone@perso.example")
    assert simone.organization == "Université Paris-Saclay"
    assert simone.birthday == date(1604, 4, 15)
    assert simone.profile_url == "https://www.linkedin.com/in/simone-weil-durand"
    assert simone.urls == ("https://simone.example",)
    assert simone.note == "Line one, with a comma\nLine two; a semicolon\\and a backslash"
    assert paul.phones == ("+44-20-7946-0958",)
    assert paul.birthday == date(1975, 11, 30)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1980-03-22", date(1980, 3, 22)),
        ("19800322", date(1980, 3, 22)),  # vCard 2.1, Outlook
        ("1975-11-30T08:00:00Z", date(1975, 11, 30)),
        ("--0415", date(1604, 4, 15)),  # RFC 6350, no year
        ("--04-15", date(1604, 4, 15)),
        ("1604-07-14", date(1604, 7, 14)),  # Apple's own no-year
        ("0000-07-14", date(1604, 7, 14)),  # Android's
        ("1980-02-30", None),
        ("--1399", None),
        ("circa 1800", None),
        ("", None),
    ],
)
def test_it_reads_every_birthday_form(value: str, expected: date | None) -> None:
    assert parse_birthday(value) == expected


# --- photos, raw, keys, skipped ------------------------------------------------------------------


def test_it_skips_photos_and_keeps_them_out_of_raw() -> None:
    for path in (
        FIXTURES / "iphone_groups.vcf",
        FIXTURES / "outlook_cp1252.vcf",
        FIXTURES / "android_qp.vcf",
    ):
        for record in records(path):
            assert "PHOTO" not in record.raw
            assert not any("/9j/" in value for value in record.raw.values())
    big = records(SAMPLES / "John_Doe_IPHONE.vcf")[0]  # 46 KB, mostly photo
    assert len(repr(big)) < 4_000


def test_it_keeps_the_first_value_of_every_property_in_raw() -> None:
    (evolution,) = records(SAMPLES / "John_Doe_EVOLUTION.vcf")
    assert evolution.raw["X-EVOLUTION-MANAGER"] == "Big Blue"
    assert evolution.raw["TEL"] == "905-666-1234"  # the first of two, unfolded
    assert evolution.raw["N"] == "Doe;John;Richter\\, James;Mr.;Sr."  # structured: as written
    assert evolution.raw["FN"] == "Mr. John Richter, James Doe Sr."


def test_it_keys_cards_by_uid_else_by_content_never_by_rank(tmp_path: Path) -> None:
    contacts = random_contacts(40, seed=5)
    first = tmp_path / "before.vcf"
    write_book(first, contacts)
    newcomer = Contact("Nouveau", "Venu", emails=["nouveau@example.fr"])
    later = tmp_path / "after.vcf"
    write_book(later, [("3.0", newcomer), *contacts])  # a contact added at the top
    keys_before = [r.key for r in records(first)]
    keys_after = [r.key for r in records(later)]
    assert keys_after[1:] == keys_before
    assert len(set(keys_before)) == len(keys_before)
    for (_, contact), key in zip(contacts, keys_before, strict=True):
        if contact.uid:
            assert key.startswith("uid:")
            assert contact.uid in key
        else:
            assert key.startswith("card:")
    assert [r.key for r in records(first)] == keys_before  # the same file twice


def test_it_makes_duplicate_keys_unique_in_file_order() -> None:
    parsed = parse(FIXTURES / "duplicates.vcf")
    keys = [r.key for r in parsed.records]
    assert keys[1] == keys[0] + "#2"
    assert keys[0].startswith("card:")
    assert keys[2:] == ["uid:same-uid-1", "uid:same-uid-1#2"]
    assert parsed.skipped == 2  # the empty card, and the one with an organisation only


# --- broken input --------------------------------------------------------------------------------


def test_it_reports_broken_cards_with_their_line_and_imports_the_others() -> None:
    parsed = parse(FIXTURES / "broken.vcf")
    assert [(r.display_name, r.line) for r in parsed.records] == [
        ("Alice Good", 1),
        ("Dan Good", 17),
    ]
    assert [(e.file, e.line) for e in parsed.errors] == [
        ("broken.vcf", 6),
        ("broken.vcf", 12),
        ("broken.vcf", 14),
        ("broken.vcf", 22),
    ]
    unreadable, stray, unclosed, truncated = (e.message for e in parsed.errors)
    assert "line 9" in unreadable
    assert "no colon" in unreadable
    assert "garbage between cards" in stray
    assert "END:VCARD" in unclosed
    assert truncated == unclosed


def test_a_qp_value_stops_at_end_vcard_and_a_dos_end_of_file_mark_is_no_error(
    tmp_path: Path,
) -> None:
    path = tmp_path / "android.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Z=C3=A9=\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nFN:Next\r\nEND:VCARD\r\n\x1a"
    )
    assert [(r.display_name, r.line) for r in records(path)] == [("Zé", 1), ("Next", 5)]


def test_the_refusal_names_the_first_line_that_is_not_a_card(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text("\n\nFirst Name,Last Name\nZoé,Roux\n", encoding="utf-8")
    with pytest.raises(ImportFailure) as caught:
        parse(path)
    assert caught.value.line == 3


def test_it_reads_bom_blank_lines_double_cr_and_version_last() -> None:
    zoe, yann = records(FIXTURES / "bom_blank_lines.txt")
    assert (zoe.first_name, zoe.last_name, zoe.phones) == ("Zoé", "Roux", ("06 55 44 33 22",))
    assert (zoe.line, yann.line) == (4, 10)  # `\r\r\n` is one line end
    assert yann.emails == ("yann@example.bzh",)
    assert (yann.first_name, yann.last_name) == ("Yann", "Le Gall")  # no N: split FN


def test_it_reads_utf16_and_cr_only_files(tmp_path: Path) -> None:
    text = (FIXTURES / "iphone_groups.vcf").read_bytes().decode("utf-8")
    expected = [(r.display_name, r.emails, r.line) for r in records(FIXTURES / "iphone_groups.vcf")]
    utf16 = tmp_path / "export.vcf"
    utf16.write_bytes(text.encode("utf-16"))
    assert vcard.detect(utf16)
    assert [(r.display_name, r.emails, r.line) for r in records(utf16)] == expected
    mac = tmp_path / "mac.vcf"
    mac.write_bytes(text.replace("\r\n", "\r").encode("utf-8"))
    assert vcard.detect(mac)
    assert [(r.display_name, r.emails, r.line) for r in records(mac)] == expected


def _mixed_line_ends(data: bytes) -> bytes:
    """Old Mac lone CRs in the middle third of a CRLF file (past the head, which has `\\n`)."""
    start = data.index(b"BEGIN:VCARD", len(data) // 3)
    end = data.index(b"BEGIN:VCARD", 2 * len(data) // 3)
    return data[:start] + data[start:end].replace(b"\r\n", b"\r") + data[end:]


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda data: data.replace(b"\r\n", b"\n"),
        lambda data: data.replace(b"\r\n", b"\r\r\n"),
        _mixed_line_ends,
    ],
    ids=["lf", "cr-cr-lf", "some-lone-cr"],
)
def test_every_line_end_gives_the_same_cards_in_a_book_larger_than_a_read(
    tmp_path: Path, rewrite: Callable[[bytes], bytes]
) -> None:
    contacts = random_contacts(4000, seed=5)  # 1.4 MiB: read in more than one block
    crlf = tmp_path / "crlf.vcf"
    starts = write_book(crlf, contacts)
    other = tmp_path / "other.vcf"
    other.write_bytes(rewrite(crlf.read_bytes()))
    expected, got = parse(crlf), parse(other)
    assert expected.errors == got.errors == []
    assert [r.line for r in got.records] == starts
    assert got.records == expected.records


def test_it_survives_a_one_line_photo_larger_than_a_line_may_be(tmp_path: Path) -> None:
    photo = "A" * (3 * 1024 * 1024)
    path = tmp_path / "big.vcf"
    path.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\nPHOTO;ENCODING=b:{photo}\r\n"
        "EMAIL:big@example.org\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Next\r\nEND:VCARD\r\n",
        encoding="ascii",
    )
    big, after = records(path)
    assert big.emails == ("big@example.org",)
    assert (after.display_name, after.line) == ("Next", 7)


def test_it_reads_a_hostile_parameter_list_in_linear_time(tmp_path: Path) -> None:
    # vobject's content-line regex backtracks exponentially on this (26 bytes: over 1 s).
    hostile = "A;B=" + "," * 5_000 + '"'
    path = tmp_path / "hostile.vcf"
    path.write_text(f"BEGIN:VCARD\nFN:X\n{hostile}\nEND:VCARD\nBEGIN:VCARD\nFN:Y\nEND:VCARD\n")
    start = time.perf_counter()
    parsed = parse(path)
    assert time.perf_counter() - start < 1.0
    assert [r.display_name for r in parsed.records] == ["Y"]
    assert [e.line for e in parsed.errors] == [1]


def test_messages_go_through_the_translation_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    class Marked(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "«" + message + "»"

    monkeypatch.setattr(i18n, "_active", Marked())
    errors = parse(FIXTURES / "broken.vcf").errors
    assert all(e.message.startswith("«") and "%(" not in e.message for e in errors)
    with pytest.raises(ImportFailure) as caught:
        parse(FIXTURES / "not_a_vcard.csv")
    assert caught.value.message.startswith("«")


# --- the real samples ------------------------------------------------------------------------


def test_it_reads_every_real_sample_without_error() -> None:
    expected_cards = {
        "John_Doe_ANDROID.vcf": 6,
        "rfc2426-example.vcf": 2,
        "gmail-list.vcf": 3,
    }
    for path in sorted(SAMPLES.glob("*.vcf")):
        parsed = parse(path)
        assert parsed.errors == [], path.name
        assert parsed.skipped == 0, path.name
        assert len(parsed.records) == expected_cards.get(path.name, 1), path.name


def test_it_reads_the_android_sample() -> None:
    cards = records(SAMPLES / "John_Doe_ANDROID.vcf")
    assert [c.emails for c in cards[:2]] == [("john.doe@company.com",), ("jane.doe@company.com",)]
    assert cards[2].display_name == "Ñ Ñ Ñ Ñ Ñ"
    assert cards[3].last_name == " ".join(["Ñ"] * 11)  # QP soft break in the middle
    assert cards[3].phones == ("123456", "234567", "3456789", "45678901")
    assert (cards[4].first_name, cards[4].last_name) == ("Ñ Ñ Ñ", "Ñ Ñ")
    assert cards[4].urls == ("www.company.com", "http://www.company.com")
    assert cards[4].emails[0] == "bob@company.com"
    assert cards[5].organization == "Ñ" * 44  # continued over 4 lines, then a blank one
    assert cards[5].emails == ("henry@company.com",)


def test_it_reads_the_outlook_samples() -> None:
    (john,) = records(SAMPLES / "John_Doe_MS_OUTLOOK.vcf")
    assert (john.first_name, john.last_name, john.title) == ("John", "Doe", "Money Counter")
    assert john.organization == "IBM"
    assert john.birthday == date(1980, 3, 22)
    assert john.phones == ("(905) 555-1234", "(905) 666-1234")
    assert john.emails == ("john.doe@ibm.cm",)
    assert john.raw["LABEL"] == "Cresent moon drive\r\nAlbaney, New York  12345"
    (john2003,) = records(SAMPLES / "outlook-2003.vcf")
    assert john2003.organization == "Company, The"
    assert john2003.note == "This is the note field!!\nSecond line\n\nThird line is empty"
    assert john2003.birthday == date(1980, 3, 21)
    (mike,) = records(SAMPLES / "outlook-2007.vcf")
    assert mike.display_name == "Mr. Michael Angstadt Jr."
    assert mike.note.endswith("It does not preserve the formatting")
    assert mike.note.count("\n") == 3


def test_it_reads_the_apple_and_google_samples() -> None:
    (iphone,) = records(SAMPLES / "John_Doe_IPHONE.vcf")
    assert iphone.emails == ("john.doe@ibm.com",)
    assert len(iphone.phones) == 7 and iphone.phones[-1] == "905-222-1234"
    assert iphone.organization == "IBM"
    assert iphone.urls == ("http://www.ibm.com",)  # `http\://` unescaped
    assert iphone.birthday == date(2012, 6, 6)
    (mac,) = records(SAMPLES / "John_Doe_MAC_ADDRESS_BOOK.vcf")
    assert mac.display_name == "Mr. John Richter,James Doe Sr."
    assert mac.phones[0] == "905-777-1234"
    (gmail,) = records(SAMPLES / "John_Doe_GMAIL.vcf")
    # Gmail leaves FN's comma unescaped; it is text, not a list (vobject keeps "Mr. John Richter")
    assert gmail.display_name == "Mr. John Richter, James Doe Sr."
    assert gmail.note.endswith("SUCH DAMAGE.\nFavotire Color: Blue")
    (google,) = records(SAMPLES / "gmail-single.vcf")
    assert google.addresses[0].street == "123 Home St\nHome City, HM 12345"
    assert google.addresses[1].label == "CustomAdrType"  # item2.X-ABLabel
    assert google.phones == ("555 555 1111", "555 555 2222")
    assert google.note.startswith("This is GMail's note field.\nIt should")
    assert google.birthday == date(1960, 9, 10)


def test_it_reads_the_rfc_evolution_lotus_and_thunderbird_samples() -> None:
    (simon,) = records(SAMPLES / "rfc6350-example.vcf")
    assert simon.phones == ("+1-418-656-9254 ext. 102", "+1-418-262-6501")
    assert simon.birthday == date(1604, 2, 3)
    assert simon.addresses[0].locality == "Quebec"  # folded across lines
    frank, tim = records(SAMPLES / "rfc2426-example.vcf")
    assert (frank.first_name, frank.last_name) == ("Frank", "Dawson")  # no N: FN split
    assert tim.addresses[0].postcode == "94043"
    (evolution,) = records(SAMPLES / "John_Doe_EVOLUTION.vcf")
    assert evolution.key == "uid:477343c8e6bf375a9bac1f96a5000837"
    assert evolution.phones == ("905-666-1234", "905-555-1234")
    assert evolution.emails == ("john.doe@ibm.com",)
    (lotus,) = records(SAMPLES / "John_Doe_LOTUS_NOTES.vcf")
    assert lotus.nickname == "Johny,JayJay"
    assert lotus.emails == ("john.doe@ibm.com", "billy_bob@gmail.com")
    (thunderbird,) = records(SAMPLES / "thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert thunderbird.emails[0] == "doe.john@hotmail.com"
    assert len(thunderbird.emails) == 5
    assert thunderbird.title == "TheTitle"
    (fullcontact,) = records(SAMPLES / "fullcontact.vcf")
    assert fullcontact.organization == "Organization1"
    assert fullcontact.birthday == date(2016, 8, 1)


def test_it_agrees_with_vobject_where_vobject_reads_the_sample() -> None:
    vobject = pytest.importorskip("vobject")
    names = ["gmail-list.vcf", "gmail-single.vcf", "rfc2426-example.vcf"]
    names += ["thunderbird-MoreFunctionsForAddressBook-extension.vcf", "John_Doe_EVOLUTION.vcf"]
    for filename in names:
        text = (SAMPLES / filename).read_text(encoding="utf-8")
        theirs = list(vobject.readComponents(text, allowQP=True))
        ours = records(SAMPLES / filename)
        assert len(ours) == len(theirs), filename
        for mine, card in zip(ours, theirs, strict=True):
            emails = tuple(e.value for e in card.contents.get("email", []))
            phones = tuple(t.value for t in card.contents.get("tel", []))
            assert mine.emails == emails, filename
            assert mine.phones == phones, filename
            assert mine.display_name == card.fn.value, filename
            assert mine.title == (card.title.value if "title" in card.contents else "")


# --- generated books ---------------------------------------------------------------------------


def _check(record: RawIdentity, contact: Contact) -> None:
    assert (record.first_name, record.last_name) == (contact.given, contact.family)
    assert record.display_name == contact.display
    assert record.emails == tuple(contact.emails)
    assert [phone_e164(p) for p in record.phones] == [phone_e164(p) for p in contact.phones]
    assert record.organization == contact.org.strip()
    assert record.title == contact.title.strip()
    assert record.note == contact.note.strip()
    assert record.birthday == contact.birthday
    expected_url = contact.linkedin.rstrip("/") if "/in/" in contact.linkedin else ""
    assert record.profile_url == expected_url
    assert "PHOTO" not in record.raw


def test_it_reads_every_generated_card_in_the_three_dialects(tmp_path: Path) -> None:
    contacts = random_contacts(600, seed=11)
    path = tmp_path / "contacts.vcf"
    starts = write_book(path, contacts)
    parsed = parse(path)
    assert parsed.errors == []
    assert [r.line for r in parsed.records] == starts
    for record, (_, contact) in zip(parsed.records, contacts, strict=True):
        _check(record, contact)  # type: ignore[arg-type]


_NAME = st.from_regex(r"\A[A-Za-zÀ-ÖØ-öø-ÿĀ-ž]{1,12}(?:[ -][A-Za-zÀ-ÖØ-öø-ÿĀ-ž]{1,12})?\Z")
_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u0085"
    )
    | st.sampled_from(";,\\:=\n"),
    max_size=120,
)
_EMAIL = st.from_regex(r"\A[a-z0-9._%+-]{1,20}@[a-z0-9-]{1,15}\.(?:fr|com|org)\Z")
_PHONE = st.from_regex(r"\A\+33 [67] \d\d \d\d \d\d \d\d\Z")
_CONTACT = st.builds(
    Contact,
    given=_NAME,
    family=_NAME,
    emails=st.lists(_EMAIL, max_size=3, unique=True),
    phones=st.lists(_PHONE, max_size=2, unique=True),
    org=_TEXT,
    title=_TEXT,
    note=_TEXT,
    uid=st.one_of(st.just(""), st.uuids().map(str)),
    birthday=st.one_of(st.none(), st.dates(date(1900, 1, 1), date(2020, 12, 31))),
    linkedin=st.one_of(
        st.just(""), st.from_regex(r"\Ahttps://www\.linkedin\.com/in/[a-z0-9-]{3,20}\Z")
    ),
    photo=st.one_of(st.just(b""), st.binary(min_size=1, max_size=300)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cards=st.lists(st.tuples(st.sampled_from(["2.1", "3.0", "4.0"]), _CONTACT), max_size=6))
def test_random_valid_cards_round_trip(cards: list[tuple[str, Contact]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.vcf"
        starts = write_book(path, cards)
        if not cards:
            with pytest.raises(ImportFailure):
                parse(path)
            return
        parsed = parse(path)
    assert parsed.errors == []
    assert [r.line for r in parsed.records] == starts
    for record, (_, contact) in zip(parsed.records, cards, strict=True):
        _check(record, contact)  # type: ignore[arg-type]


_FRAGMENTS = st.sampled_from(
    [
        "BEGIN:VCARD",
        "END:VCARD",
        "VERSION:2.1",
        "FN:Zoé",
        "N:a;b",
        "AGENT:",
        "",
        " folded",
        "\tfolded",
        "=C3=A9=",
        "N;ENCODING=QUOTED-PRINTABLE:=C3=",
        "PHOTO;BASE64:",
        "/9j/4AAQ",
        'TEL;TYPE="a,b:1',
        "EMAIL;CHARSET=rot13:x@y.z",
        "ORG;CHARSET=utf-16:\xe9",
        "BDAY:--1399",
        "TEL:tel:;ext=",
        "UID:",
        "item1.X-ABLabel:_$!<",
        "\x1a",
        "\x00",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    head=st.sampled_from([b"", b"BEGIN:VCARD\r\n", b"\xef\xbb\xbfBEGIN:VCARD\n", b"\xff\xfe"]),
    body=st.one_of(
        st.binary(max_size=400),
        st.lists(_FRAGMENTS, max_size=25).map(lambda ls: "\r\n".join(ls).encode("utf-8")),
        st.lists(_FRAGMENTS, max_size=25).map(lambda ls: "\r".join(ls).encode("cp1252", "replace")),
    ),
)
def test_random_bytes_give_a_parsed_file_or_an_import_failure(head: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.vcf"
        path.write_bytes(head + body)
        detected = vcard.detect(path)
        try:
            parsed = parse(path)
        except ImportFailure as failure:
            assert failure.file == "random.vcf"
            assert not detected
            return
    assert detected
    for record in parsed.records:
        assert isinstance(record, RawIdentity) and record.key
    assert len({r.key for r in parsed.records}) == len(parsed.records)
    for error in parsed.errors:
        assert error.file == "random.vcf" and error.line and error.line >= 1


# --- the demo address book and speed -----------------------------------------------------------


def test_the_demo_address_book_parses_without_errors(tmp_path: Path) -> None:
    from liens.demo.generator import generate

    files = generate(tmp_path, size=150, seed=7)
    parsed = parse(files.vcard)
    assert parsed.errors == []
    assert parsed.skipped == 0
    truth = json.loads(files.truth_json.read_text(encoding="utf-8"))
    by_line = {r.line: r for r in parsed.records}
    cards = [i for p in truth["persons"] for i in p["identities"] if i["source"] == "vcard"]
    assert cards
    for card in cards:
        record = by_line[card["line"]]
        assert record.emails == tuple(card["emails"])
        assert record.phones == tuple(card["phones"])
        if not card["key"].startswith("card:"):
            assert record.key == f"uid:{card['key']}"
    owner = truth["owner"]
    assert any(email_key(owner["emails"][0]) in map(email_key, r.emails) for r in parsed.records)


def test_a_folded_line_made_only_of_spaces_is_part_of_the_value(tmp_path: Path) -> None:
    # RFC 6350 §3.2: CRLF then one blank is a fold, whatever follows it (here more blanks).
    path = tmp_path / "spaces.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jean Martin\r\nNOTE:avant\r\n" + b" " * 75 + b"\r\n"
        b" apr\xc3\xa8s\r\nEND:VCARD\r\n"
    )
    (card,) = records(path)
    assert card.note == "avant" + " " * 74 + "après"


def test_a_card_and_a_google_row_give_the_same_profile_and_urls(tmp_path: Path) -> None:
    # one profile field, a second profile and a blog kept as URLs, whatever the export
    from liens.importers.formats import contacts_csv

    card = tmp_path / "zoe.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoé Lefèvre\r\nN:Lefèvre;Zoé;;;\r\n"
        "URL:https://fr.linkedin.com/in/zoe-lefevre/\r\n"
        "X-SOCIALPROFILE;type=linkedin:https://www.linkedin.com/in/zoe-lefevre-helios\r\n"
        "URL:https://www.linkedin.com/in/zoe-lefevre\r\n"
        "URL:https://zoe.example/blog\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    row = tmp_path / "google.csv"
    row.write_text(
        "First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,"
        "Website 1 - Label,Website 1 - Value,Website 2 - Label,Website 2 - Value,"
        "Website 3 - Label,Website 3 - Value\n"
        "Zoé,,Lefèvre,,,,Profile,https://fr.linkedin.com/in/zoe-lefevre/ ::: "
        "https://www.linkedin.com/in/zoe-lefevre,Profile,linkedin.com/in/zoe-lefevre-helios,"
        "Blog,https://zoe.example/blog\n",
        encoding="utf-8",
    )

    (from_card,) = records(card)
    ((from_row,),) = [p.records for p in contacts_csv.parse(row, None)]

    for zoe in (from_card, from_row):
        assert zoe.profile_url == "https://www.linkedin.com/in/zoe-lefevre"
        assert zoe.urls == (
            "https://www.linkedin.com/in/zoe-lefevre-helios",
            "https://zoe.example/blog",
        )


def test_it_splits_a_last_card_with_old_mac_line_ends_and_no_final_newline(
    tmp_path: Path,
) -> None:
    # cards appended by an old Mac program after LF ones, the file ending without a newline
    path = tmp_path / "merged.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana Silva\nEMAIL:ana@silva.pt\nEND:VCARD\n"
        b"BEGIN:VCARD\rVERSION:2.1\rFN:Minh Nguyen\rTEL;CELL:+33 7 81 22 33 44\rEND:VCARD"
    )

    found = by_name(path)

    assert sorted(found) == ["Ana Silva", "Minh Nguyen"]
    assert found["Minh Nguyen"].phones == ("+33 7 81 22 33 44",)
