"""The LinkedIn export parser on hand-written files in the real formats of 2018, 2021 and 2024.

Fixtures under fixtures/linkedin/ follow research/formats.md §1 byte for byte (preamble, BOM,
CRLF, `;`, `NA`, quoting); ZIPs are built from them here rather than committed.
"""

from __future__ import annotations

import io
import random
import shutil
import tempfile
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liens import i18n
from liens.importers.base import (
    ImportFailure,
    ParsedFile,
    PersonRef,
    RawEndorsement,
    RawIdentity,
    RawInteraction,
    RawInvitation,
    RawProfile,
    RawRecommendation,
)
from liens.importers.csvfile import iter_lines
from liens.importers.formats import linkedin
from liens.importers.formats.linkedin_dates import parse_date, parse_datetime

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
ME = "https://www.linkedin.com/in/camille-martin-1a2b3c"
ANA = "https://www.linkedin.com/in/ana-silva-4b1"
GORAN = "https://www.linkedin.com/in/goran-stipetić-5b837a2a0"
VIKRAM = "https://www.linkedin.com/in/vikram-rao"


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, prefix + path.name)
    return target


def parse(path: Path) -> dict[str, ParsedFile]:
    """Parsed files by their name after the last ':' or '/' (the CSV's own name)."""
    return {p.name.rsplit(":", 1)[-1].rsplit("/", 1)[-1]: p for p in linkedin.parse(path)}


def keys(files: dict[str, ParsedFile]) -> dict[str, set[str]]:
    return {
        name: {r.key for r in f.records if not isinstance(r, RawProfile)}
        for name, f in files.items()
    }


@pytest.fixture(scope="module")
def export_2024() -> dict[str, ParsedFile]:
    return parse(FIXTURES / "export_2024")


# --- detection and naming -------------------------------------------------------------------


def test_it_detects_a_zip_a_folder_and_a_single_csv(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "export_2024", tmp_path / "Basic_LinkedInDataExport.zip")
    assert linkedin.detect(archive)
    assert linkedin.detect(FIXTURES / "export_2024")
    assert linkedin.detect(FIXTURES / "export_2018" / "Messages.csv")
    assert linkedin.detect(FIXTURES / "excel_resave" / "Connections.csv")


def test_it_detects_a_zip_whose_files_sit_in_a_subfolder(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "export_2021", tmp_path / "e.zip", prefix="Complete_Export/")
    assert linkedin.detect(archive)
    names = [p.name for p in linkedin.parse(archive)]
    assert "e.zip:Complete_Export/Connections.csv" in names


def test_it_does_not_detect_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "fake.zip").write_bytes(b"not a zip at all")
    (tmp_path / "Connections.csv").write_text("Name,Email\nAna,ana@example.org\n")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("photos/cat.jpg", b"\xff\xd8")
        archive.writestr("coach_messages.csv", "CONVERSATION ID,FROM\n")
    for name in ("notes.txt", "fake.zip", "Connections.csv", "other.zip"):
        assert not linkedin.detect(tmp_path / name), name
    assert not linkedin.detect(tmp_path / "missing.zip")


def test_it_names_each_file_after_the_zip_and_member(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "export_2024", tmp_path / "Basic_LinkedInDataExport.zip")
    names = {p.name for p in linkedin.parse(archive)}
    assert "Basic_LinkedInDataExport.zip:Connections.csv" in names
    assert "Basic_LinkedInDataExport.zip:messages.csv" in names
    assert "Basic_LinkedInDataExport.zip:Profile.csv" in names


def test_it_ignores_coach_chats_and_unknown_files(export_2024: dict[str, ParsedFile]) -> None:
    assert set(export_2024) == {
        "Profile.csv",
        "Connections.csv",
        "Invitations.csv",
        "messages.csv",
        "Recommendations_Received.csv",
        "Recommendations_Given.csv",
        "Endorsement_Received_Info.csv",
        "Endorsement_Given_Info.csv",
    }
    summaries = [r.summary for r in export_2024["messages.csv"].records]  # type: ignore[union-attr]
    assert "How can I help?" not in summaries


# --- Connections.csv ----------------------------------------------------------------------


def test_it_reads_2024_connections_after_the_notes_preamble(
    export_2024: dict[str, ParsedFile],
) -> None:
    parsed = export_2024["Connections.csv"]
    assert len(parsed.records) == 9
    assert parsed.skipped == 1  # ",,,,,,02 Jun 2022": a deactivated member
    assert parsed.errors == []
    ana = parsed.records[0]
    assert isinstance(ana, RawIdentity)
    assert (ana.key, ana.line, ana.profile_url) == (ANA, 5, ANA)
    assert ana.emails == ("Ana.Silva@gmail.com",)
    assert (ana.organization, ana.title) == ("CivicMinds, Inc", "Data Lead")
    assert ana.connected_on == date(2024, 12, 16)
    assert ana.raw["Company"] == "CivicMinds, Inc"


def test_it_cleans_decorated_names_and_keeps_the_raw_row(
    export_2024: dict[str, ParsedFile],
) -> None:
    by_url = {r.profile_url: r for r in export_2024["Connections.csv"].records}  # type: ignore[union-attr]
    ravi = by_url["https://www.linkedin.com/in/ravi-nayak"]
    assert (ravi.display_name, ravi.raw["Last Name"]) == ("Ravi Nayak", "Nayak, MSc, MBA, PHR")
    assert by_url["https://www.linkedin.com/in/wimkonterman"].last_name == "Konterman"
    igor = by_url["https://www.linkedin.com/in/igor-petrov"]
    assert (igor.first_name, igor.last_name, igor.raw["First Name"]) == ("Igor", "Petrov", "Igor\t")
    assert by_url[VIKRAM].first_name == "Vikram"  # from fr.linkedin.com with a trailing slash
    assert by_url["https://www.linkedin.com/in/jtbrown"].first_name == 'James "Tyler"'


def test_a_formula_in_a_name_is_only_text(export_2024: dict[str, ParsedFile]) -> None:
    by_url = {r.profile_url: r for r in export_2024["Connections.csv"].records}  # type: ignore[union-attr]
    hacker = by_url["https://www.linkedin.com/in/formula-test"]
    assert hacker.first_name == '=HYPERLINK("http://evil.example","click")'


def test_percent_encoded_and_raw_unicode_urls_give_one_key(
    export_2024: dict[str, ParsedFile],
) -> None:
    connection = next(
        r
        for r in export_2024["Connections.csv"].records
        if r.first_name == "Goran"  # type: ignore[union-attr]
    )
    given = export_2024["Endorsement_Given_Info.csv"].records[0]
    assert isinstance(given, RawEndorsement)
    assert connection.key == GORAN == given.person.profile_url


def test_it_keys_connections_without_url_by_email_then_name() -> None:
    parsed = parse(FIXTURES / "export_2021")["Connections.csv"]
    ana, marc = parsed.records
    assert isinstance(ana, RawIdentity) and isinstance(marc, RawIdentity)
    assert ana.key == "email:anasilva@gmail.com"  # googlemail, dots and +tag folded
    assert marc.key.startswith("name:")
    assert marc.connected_on == date(2021, 2, 3)
    assert parsed.skipped == 1


def test_it_reads_2018_connections_without_preamble_and_with_us_dates() -> None:
    parsed = parse(FIXTURES / "export_2018")["Connections.csv"]
    ana, tom = parsed.records
    assert (ana.line, ana.connected_on) == (2, date(2018, 1, 8))  # type: ignore[union-attr]
    assert tom.connected_on == date(2018, 10, 16)  # type: ignore[union-attr]


def test_an_excel_resave_gives_the_same_keys(export_2024: dict[str, ParsedFile]) -> None:
    resaved = parse(FIXTURES / "excel_resave")["Connections.csv"]  # BOM, CRLF, ';', NA, 16-Dec-24
    assert resaved.skipped == 1 and resaved.errors == []
    by_key = {r.key: r for r in export_2024["Connections.csv"].records}
    *known, henri = resaved.records
    assert [r.key for r in known] == [ANA, GORAN, "https://www.linkedin.com/in/elodie-dubois"]
    for record in known:
        assert isinstance(record, RawIdentity)
        original = by_key[record.key]
        assert record.connected_on == original.connected_on  # type: ignore[union-attr]
        assert record.display_name == original.display_name  # type: ignore[union-attr]
    assert known[0].organization == "CivicMinds, Inc"  # type: ignore[union-attr]
    assert isinstance(henri, RawIdentity)
    assert henri.key.startswith("name:") and henri.profile_url == "" and henri.emails == ()
    assert (henri.raw["URL"], henri.connected_on, henri.line) == ("NA", date(2024, 6, 18), 6)


def test_keys_are_equal_across_two_exports_of_the_same_data(tmp_path: Path) -> None:
    first = zip_folder(FIXTURES / "export_2024", tmp_path / "first.zip")
    later_dir = tmp_path / "later"
    shutil.copytree(FIXTURES / "export_2024", later_dir)
    with (later_dir / "Connections.csv").open("a", encoding="utf-8") as handle:
        handle.write("Nora,Ben,https://www.linkedin.com/in/nora-ben,,Hooli,Dev,21 Dec 2024\n")
    second = zip_folder(later_dir, tmp_path / "second.zip", prefix="Complete_LinkedInDataExport/")
    before, after = keys(parse(first)), keys(parse(second))
    assert after["Connections.csv"] - before["Connections.csv"] == {
        "https://www.linkedin.com/in/nora-ben"
    }
    for name in before:
        assert before[name] <= after[name], name
        if name != "Connections.csv":
            assert before[name] == after[name], name


# --- messages ------------------------------------------------------------------------------


def by_line(parsed: ParsedFile) -> dict[int, RawInteraction]:
    return {r.line: r for r in parsed.records if isinstance(r, RawInteraction)}  # type: ignore[misc]


def test_it_reads_2024_messages(export_2024: dict[str, ParsedFile]) -> None:
    parsed = export_2024["messages.csv"]
    assert len(parsed.records) == 8
    assert parsed.skipped == 2  # one draft, one spam
    assert parsed.errors == []
    first = by_line(parsed)[2]
    assert first.channel == "message" and first.direction == "inbound"
    assert first.occurred_at == datetime(2024, 12, 16, 18, 24, 37, tzinfo=UTC)
    assert first.participants == (PersonRef("Ana Silva", ANA),)
    assert first.thread_key == "2-YzFjMWMx=="
    assert "Draft I never sent" not in [r.summary for r in parsed.records]  # type: ignore[union-attr]


def test_it_sets_direction_from_the_owner_and_leaves_the_owner_out(
    export_2024: dict[str, ParsedFile],
) -> None:
    messages = by_line(export_2024["messages.csv"])
    assert messages[3].direction == "outbound"
    assert messages[3].participants == (PersonRef("Ana Silva", ANA),)
    for message in messages.values():
        assert ME not in [p.profile_url for p in message.participants]


def test_it_strips_html_and_entities_from_content(export_2024: dict[str, ParsedFile]) -> None:
    messages = by_line(export_2024["messages.csv"])
    assert messages[3].summary == "Sure & thanks! Tuesday?"
    assert messages[8].summary == "I’m in Paris next week. Coffee?"  # spans lines 8-9
    assert messages[7].summary == "Try Premium free"


def test_it_counts_physical_lines_past_quoted_newlines(export_2024: dict[str, ParsedFile]) -> None:
    assert sorted(by_line(export_2024["messages.csv"])) == [2, 3, 5, 6, 7, 8, 11, 12]


def test_it_splits_recipients_on_urls_never_on_names(export_2024: dict[str, ParsedFile]) -> None:
    messages = by_line(export_2024["messages.csv"])
    group = messages[5]  # TO has 5 commas for 3 URLs
    assert [p.profile_url for p in group.participants] == [
        GORAN,
        "https://www.linkedin.com/in/ravi-nayak",
        "https://www.linkedin.com/in/jtbrown",
    ]
    # names come from Connections.csv when the TO value cannot be split safely
    assert [p.name for p in group.participants] == [
        "Goran Stipetić",
        "Ravi Nayak",
        'James "Tyler" Brown',
    ]
    assert messages[6].direction == "outbound"  # the reply to all, raw Unicode URL
    assert {p.profile_url for p in messages[6].participants} == {
        p.profile_url for p in group.participants
    }
    wim = PersonRef("Wim Konterman", "https://www.linkedin.com/in/wimkonterman")
    # ';'-joined TO and URLs (the separator one parser documents), then ','-joined
    assert messages[11].participants == (wim, PersonRef("Vikram Rao", VIKRAM))
    assert messages[12].participants == (wim, PersonRef("Vikram Rao", VIKRAM))


def test_subject_falls_back_to_the_conversation_title(export_2024: dict[str, ParsedFile]) -> None:
    messages = by_line(export_2024["messages.csv"])
    assert messages[7].subject == "Opportunity at Hooli"
    assert messages[7].participants == (PersonRef("LinkedIn Offers", ""),)
    assert messages[8].subject == "Paris"
    assert messages[5].subject == "Kick-off on Monday"
    assert messages[5].summary == "Agenda attached, see you Monday"


def test_it_finds_the_owner_from_urls_alone(tmp_path: Path) -> None:
    single = tmp_path / "messages.csv"
    shutil.copy(FIXTURES / "export_2024" / "messages.csv", single)
    parsed = parse(single)["messages.csv"]
    directions = {r.line: r.direction for r in parsed.records}  # type: ignore[union-attr]
    assert directions == {
        2: "inbound", 3: "outbound", 5: "inbound", 6: "outbound",
        7: "inbound", 8: "inbound", 11: "inbound", 12: "outbound",
    }  # fmt: skip


def test_2021_messages_use_the_profile_name() -> None:
    files = parse(FIXTURES / "export_2021")
    parsed = files["messages.csv"]
    assert [r.direction for r in parsed.records] == ["inbound", "outbound", "inbound"]  # type: ignore[union-attr]
    marc = PersonRef("Marc Lefèvre", "https://www.linkedin.com/in/marc-lefevre")
    assert [r.participants for r in parsed.records] == [
        (marc,),
        (marc,),
        (PersonRef("Ana Silva", ANA),),
    ]  # type: ignore[union-attr]
    profile = files["Profile.csv"].records[0]
    assert isinstance(profile, RawProfile) and profile.profile_url == ME


def test_2021_messages_without_profile_guess_the_owner_by_name(tmp_path: Path) -> None:
    single = tmp_path / "messages.csv"
    shutil.copy(FIXTURES / "export_2021" / "messages.csv", single)
    parsed = parse(single)["messages.csv"]
    assert [r.direction for r in parsed.records] == ["inbound", "outbound", "inbound"]  # type: ignore[union-attr]


def test_2018_messages_use_the_direction_column() -> None:
    parsed = parse(FIXTURES / "export_2018")["Messages.csv"]
    incoming, outgoing = parsed.records
    assert isinstance(incoming, RawInteraction) and isinstance(outgoing, RawInteraction)
    assert (incoming.direction, outgoing.direction) == ("inbound", "outbound")
    assert incoming.participants == outgoing.participants == (PersonRef("Tom Weber"),)
    assert incoming.occurred_at == datetime(2018, 10, 16, 8, 36, tzinfo=UTC)
    assert outgoing.occurred_at == datetime(2018, 10, 16, 21, 2, tzinfo=UTC)
    assert incoming.summary == "Thanks for connecting ’Camille’"


# --- invitations, recommendations, endorsements, profile ----------------------------------------


def test_it_reads_invitations_both_ways(export_2024: dict[str, ParsedFile]) -> None:
    outgoing, incoming = export_2024["Invitations.csv"].records
    assert isinstance(outgoing, RawInvitation) and isinstance(incoming, RawInvitation)
    assert outgoing.direction == "outbound"
    assert outgoing.person == PersonRef(
        "Élodie Dubois", "https://www.linkedin.com/in/elodie-dubois"
    )
    assert outgoing.sent_at == datetime(2024, 12, 15, 7, 47, tzinfo=UTC)
    assert outgoing.message == "Hello Élodie!"
    assert incoming.direction == "inbound"
    assert incoming.person == PersonRef("Paul Durand", "https://www.linkedin.com/in/paul-durand")
    assert incoming.sent_at == datetime(2024, 11, 2, 22, 5, tzinfo=UTC)


def test_it_reads_2018_invitations_without_url_columns() -> None:
    (invitation,) = parse(FIXTURES / "export_2018")["Invitations.csv"].records
    assert isinstance(invitation, RawInvitation)
    assert (invitation.direction, invitation.person) == ("outbound", PersonRef("Tom Weber"))


def test_it_reads_recommendations(export_2024: dict[str, ParsedFile]) -> None:
    ana, goran = export_2024["Recommendations_Received.csv"].records
    assert isinstance(ana, RawRecommendation) and isinstance(goran, RawRecommendation)
    assert (ana.direction, ana.person.name, ana.organization) == (
        "inbound",
        "Ana Silva",
        "CivicMinds, Inc",
    )
    assert ana.text.startswith('Camille led our transformation with "rigour"')
    assert "\n" in ana.text
    assert ana.created_at == datetime(2023, 12, 24, 5, 28, tzinfo=UTC)
    assert (ana.status, goran.line) == ("VISIBLE", 4)  # the quoted newline is line 3
    (given,) = export_2024["Recommendations_Given.csv"].records
    assert (given.direction, given.person.name) == ("outbound", "Vikram Rao")  # type: ignore[union-attr]


def test_it_reads_endorsements_with_urls_without_scheme(export_2024: dict[str, ParsedFile]) -> None:
    cassandra, ana = export_2024["Endorsement_Received_Info.csv"].records
    assert isinstance(cassandra, RawEndorsement) and isinstance(ana, RawEndorsement)
    assert (
        cassandra.person.profile_url == "https://www.linkedin.com/in/cassandra-åkerblad-972b9b155"
    )
    assert (cassandra.direction, cassandra.skill) == ("inbound", "Change Management")
    assert cassandra.endorsed_at == datetime(2024, 12, 7, 14, 51, 7, tzinfo=UTC)
    assert ana.person.profile_url == ANA


def test_it_folds_the_profile_files_into_one_profile(export_2024: dict[str, ParsedFile]) -> None:
    (profile,) = export_2024["Profile.csv"].records
    assert isinstance(profile, RawProfile)
    assert (profile.first_name, profile.last_name) == ("Camille", "Martin")
    assert profile.headline == "Consultante en transformation | Freelance"
    assert profile.location == "Paris, Île-de-France, France"
    assert profile.profile_url == ME  # from Invitations.csv
    assert profile.emails == ("camille.martin@gmail.com", "camille.old@example.org")
    assert profile.phones == ("+33612345678",)
    current, past = profile.positions
    assert (current.organization, current.started_on, current.finished_on) == (
        "Freelance", date(2018, 6, 1), None,
    )  # fmt: skip
    assert (past.started_on, past.finished_on) == (date(2012, 9, 1), date(2018, 5, 1))
    (school,) = profile.education
    assert (school.school, school.degree, school.started_on) == (
        "Sciences Po",
        "Master",
        date(2008, 1, 1),
    )


def test_it_reads_the_2018_phone_numbers_file() -> None:
    (profile,) = parse(FIXTURES / "export_2018")["Profile.csv"].records
    assert profile.phones == ("+33612345678",)  # type: ignore[union-attr]


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("16 Dec 2024", date(2024, 12, 16)),
        ("18-Jun-24", date(2024, 6, 18)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("12/24/23, 05:28 AM", date(2023, 12, 24)),
        ("2024-12-16", date(2024, 12, 16)),
        ("2024/12/07 14:51:07 UTC", date(2024, 12, 7)),
        ("Jun 2018", date(2018, 6, 1)),
        ("2008", date(2008, 1, 1)),
        ("Feb 17, 1998", date(1998, 2, 17)),
        ("Sat Dec 14 08:57:55 UTC 2024", date(2024, 12, 14)),
        ("18-juin-24", date(2024, 6, 18)),
        ("", None),
        ("NA", None),
        ("yesterday", None),
        ("31 Feb 2024", None),
        ("13/45/24, 1:00 PM", None),
        ("99999-01-01", None),
    ],
)
def test_it_reads_every_linkedin_date_format(value: str, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-16 18:24:37 UTC", datetime(2024, 12, 16, 18, 24, 37, tzinfo=UTC)),
        ("12/15/24, 7:47 AM", datetime(2024, 12, 15, 7, 47, tzinfo=UTC)),
        ("12/15/24, 12:05 AM", datetime(2024, 12, 15, 0, 5, tzinfo=UTC)),
        ("12/15/24, 12:05 PM", datetime(2024, 12, 15, 12, 5, tzinfo=UTC)),
        ("2024-12-16T20:24:37+02:00", datetime(2024, 12, 16, 18, 24, 37, tzinfo=UTC)),
        ("16 Dec 2024", datetime(2024, 12, 16, tzinfo=UTC)),
        ("12/15/24, 13:05 PM", None),
    ],
)
def test_datetimes_are_timezone_aware_utc(value: str, expected: datetime | None) -> None:
    parsed = parse_datetime(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None and parsed.tzinfo == UTC


# --- bad input ---------------------------------------------------------------------------------


def test_a_non_utf8_file_is_refused_with_its_line() -> None:
    with pytest.raises(ImportFailure) as caught:
        list(linkedin.parse(FIXTURES / "broken" / "cp1252" / "Connections.csv"))
    assert caught.value.file == "Connections.csv"
    assert caught.value.line == 2
    assert "not UTF-8" in caught.value.message


def test_it_reports_failures_in_french() -> None:
    path = FIXTURES / "broken" / "cp1252" / "Connections.csv"
    with pytest.raises(ImportFailure) as english:
        list(linkedin.parse(path))
    i18n.activate("fr")
    try:
        with pytest.raises(ImportFailure) as french:
            list(linkedin.parse(path))
    finally:
        i18n.activate("en")
    assert english.value.message.startswith("not UTF-8 (byte 0x")
    assert french.value.message != english.value.message
    assert "%(" not in french.value.message  # placeholders filled in
    assert (french.value.file, french.value.line) == ("Connections.csv", 2)
    assert "Connections.csv" in str(french.value)


def test_a_message_with_an_unreadable_date_is_an_error_and_the_rest_goes_on() -> None:
    parsed = parse(FIXTURES / "broken" / "bad_date")["messages.csv"]
    assert [r.line for r in parsed.records] == [2, 4]
    (error,) = parsed.errors
    assert (error.file, error.line) == ("messages.csv", 3)
    assert "'yesterday'" in error.message


def test_a_broken_row_costs_that_row_only() -> None:
    parsed = parse(FIXTURES / "broken" / "bad_rows")["Connections.csv"]
    assert [(e.line, e.file) for e in parsed.errors] == [
        (6, "Connections.csv"),
        (7, "Connections.csv"),
    ]
    assert "9 fields" in parsed.errors[0].message  # more fields than the header
    assert "unexpected end of data" in parsed.errors[1].message  # quote runs to EOF
    assert [r.key for r in parsed.records] == [ANA, "https://www.linkedin.com/in/carla-mendes"]
    assert [r.line for r in parsed.records] == [5, 8]


def test_a_file_without_header_is_refused() -> None:
    with pytest.raises(ImportFailure, match="no header row found"):
        list(linkedin.parse(FIXTURES / "broken" / "no_header" / "Connections.csv"))


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="no such file") as caught:
        list(linkedin.parse(tmp_path / "nothing.zip"))
    assert "nothing.zip" in caught.value.file


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04garbage", b""])
def test_a_corrupt_zip_is_not_a_linkedin_export(tmp_path: Path, content: bytes) -> None:
    archive = tmp_path / "export.zip"
    archive.write_bytes(content)
    with pytest.raises(ImportFailure, match="not a LinkedIn data export") as caught:
        list(linkedin.parse(archive))
    assert caught.value.file == "export.zip"


def test_a_zip_without_linkedin_files_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "holiday.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("photo.jpg", b"\xff\xd8\xff")
        handle.writestr("learning_coach_messages.csv", "CONVERSATION ID\n")
    with pytest.raises(ImportFailure, match="not a LinkedIn data export"):
        list(linkedin.parse(archive))


def test_a_corrupt_zip_member_is_refused_with_its_name(tmp_path: Path) -> None:
    stored = tmp_path / "stored.zip"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as handle:
        handle.write(FIXTURES / "export_2021" / "Connections.csv", "Connections.csv")
    raw = bytearray(stored.read_bytes())
    at = raw.index(b"Marc")
    raw[at : at + 4] = b"Xarc"  # the CRC no longer matches
    stored.write_bytes(bytes(raw))
    with pytest.raises(ImportFailure) as caught:
        list(linkedin.parse(stored))
    assert caught.value.file == "stored.zip:Connections.csv"
    assert "CRC" in caught.value.message


def write_zeros_member(archive: Path, name: str, mebibytes: int) -> None:
    """A ZIP member of zeros written in a stream: 600 MiB deflate to under 3 MiB (level 1)."""
    block = bytes(1024 * 1024)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as handle:
        handle.writestr("Profile.csv", "First Name,Last Name\nCamille,Martin\n")
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED  # a bare ZipInfo would be stored
        info._compresslevel = 1  # type: ignore[attr-defined]
        with handle.open(info, "w", force_zip64=True) as member:
            for _ in range(mebibytes):
                member.write(block)


def test_a_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    write_zeros_member(archive, "Connections.csv", 600)
    assert archive.stat().st_size < 4 * 1024 * 1024
    with pytest.raises(ImportFailure, match="ZIP bomb") as caught:
        list(linkedin.parse(archive))
    assert caught.value.file == "bomb.zip:Connections.csv"


def test_a_member_with_a_suspicious_ratio_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "ratio.zip"
    write_zeros_member(archive, "notes/unknown.bin", 8)  # under 512 MiB but 1000:1
    with pytest.raises(ImportFailure, match="compression ratio"):
        list(linkedin.parse(archive))


@pytest.mark.parametrize("member", ["../Connections.csv", "/etc/Connections.csv", "a/../../x.csv"])
def test_unsafe_member_names_are_refused(tmp_path: Path, member: str) -> None:
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("Connections.csv", "First Name,Last Name\nAna,Silva\n")
        handle.writestr(zipfile.ZipInfo(member), "First Name\nx\n")
    with pytest.raises(ImportFailure, match="unsafe"):
        list(linkedin.parse(archive))
    assert not (tmp_path.parent / "Connections.csv").exists()


def test_reading_stops_at_the_byte_cap_whatever_the_headers_say() -> None:
    stream = io.BytesIO(b"First Name\n" + b"x" * (3 * 1024 * 1024))
    with pytest.raises(ImportFailure, match="refused"):
        list(iter_lines(stream, "big.csv", limit=1024 * 1024))


def test_lone_carriage_returns_count_as_line_ends() -> None:
    lines = list(iter_lines(io.BytesIO(b"a,b\rc,d\r\ne,f\n"), "mac.csv"))
    assert [n for n, _ in lines] == [1, 2, 3]


# --- fuzzing: bytes in, a ParsedFile or an ImportFailure out ------------------------------------

CONNECTIONS_HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
MESSAGES_HEADER = (
    b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    b"DATE,SUBJECT,CONTENT,FOLDER\n"
)


def parse_bytes(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            files = list(linkedin.parse(path))
        except ImportFailure:
            return
        assert all(isinstance(f, ParsedFile) for f in files)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_as_connections_never_crash(data: bytes) -> None:
    parse_bytes("Connections.csv", data)
    parse_bytes("Connections.csv", CONNECTIONS_HEADER + data)


CSV_CHARS = st.sampled_from([*',;"\n\r\t =aZé🔸/:.@', "https://www.linkedin.com/in/", "UTC"])


@settings(max_examples=200, deadline=None)
@given(st.lists(CSV_CHARS, max_size=300).map("".join))
def test_random_csv_text_never_crashes(text: str) -> None:
    parse_bytes("Connections.csv", CONNECTIONS_HEADER + text.encode())
    parse_bytes("messages.csv", MESSAGES_HEADER + text.encode())


def test_corrupted_zips_give_an_import_failure_or_files(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "export_2024", tmp_path / "good.zip")
    base = archive.read_bytes()
    rng = random.Random(20241216)
    outcomes = set()
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.2:
            data = data[: rng.randrange(len(data))]
        archive.write_bytes(bytes(data))
        try:
            files = list(linkedin.parse(archive))
        except ImportFailure as failure:
            assert failure.file.startswith("good.zip")
            outcomes.add("failure")
        else:
            assert all(isinstance(f, ParsedFile) for f in files)
            outcomes.add("parsed")
    assert outcomes == {"failure", "parsed"}
