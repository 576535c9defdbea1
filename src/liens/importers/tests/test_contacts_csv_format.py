"""The contacts CSV parser on hand-written Google, Outlook and mapped files in their real shapes.

Fixtures under fixtures/contacts_csv/ follow research/formats.md §4 byte for byte: Google's
BOM and ` ::: ` cells, Outlook desktop's quoted cp1252 files with English, French and German
headers, Outlook.com's own order, a `;` Excel re-save, a CRM sheet read with `--map`, and
broken files. Expected values are read from the fixtures, not from the code.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liens.importers.base import ImportContext, ImportFailure, ParsedFile, RawIdentity
from liens.importers.formats import contacts_csv

FIXTURES = Path(__file__).parent / "fixtures" / "contacts_csv"
CRM_MAP = (
    ("first_name", "Prénom"),
    ("last_name", "Nom"),
    ("email", "Courriel"),
    ("email", "Courriel pro"),
    ("phone", "Portable"),
    ("organization", "Entreprise"),
    ("title", "Poste"),
    ("birthday", "Né le"),
    ("linkedin", "Profil LinkedIn"),
    ("locality", "Ville"),
    ("postcode", "Code postal"),
    ("note", "Commentaire"),
)


def parse(path: Path, context: ImportContext | None = None) -> ParsedFile:
    (parsed,) = list(contacts_csv.parse(path, context or ImportContext()))
    return parsed


def identities(parsed: ParsedFile | Path) -> list[RawIdentity]:
    records = (parse(parsed) if isinstance(parsed, Path) else parsed).records
    assert all(isinstance(r, RawIdentity) for r in records)
    return records  # type: ignore[return-value]


def people(path: Path, context: ImportContext | None = None) -> dict[str, RawIdentity]:
    records = identities(parse(path, context))
    return {r.display_name or r.organization or r.emails[0]: r for r in records}


def text_of(path: Path, encoding: str = "utf-8-sig") -> str:
    return path.read_bytes().decode(encoding)


def line_of(path: Path, needle: str, encoding: str = "utf-8-sig") -> int:
    """The physical line (1-based) where `needle` first appears in the fixture."""
    before = text_of(path, encoding).split(needle, 1)[0]
    return before.count("\n") + 1


def rows_of(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text_of(path, encoding)), delimiter=delimiter))


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


OUTLOOK_HEADER = text_of(FIXTURES / "outlook_en.csv", "cp1252").split("\r\n", 1)[0]
GOOGLE_HEADER = text_of(FIXTURES / "google_new.csv").split("\n", 1)[0]


def outlook_file(tmp_path: Path, birthdays: list[str]) -> Path:
    """An English Outlook file with one contact per birthday, the rest of its cells empty."""
    width = OUTLOOK_HEADER.count('","') + 1
    header = next(csv.reader([OUTLOOK_HEADER]))
    lines = [OUTLOOK_HEADER]
    for n, birthday in enumerate(birthdays):
        cells = dict.fromkeys(header, "")
        cells.update({"First Name": f"P{n}", "Last Name": "Test", "Birthday": birthday})
        cells["Mobile Phone"] = f"+33 6 00 00 00 {n:02d}"
        lines.append(",".join(f'"{cells[h]}"' for h in header))
    assert all(line.count('","') + 1 == width for line in lines)
    return write(tmp_path, "birthdays.csv", "\r\n".join(lines) + "\r\n", "cp1252")


# --- detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "google_new.csv",
        "google_legacy.csv",
        "outlook_en.csv",
        "outlook_fr.csv",
        "outlook_de.csv",
        "outlook_com.csv",
        "google_outlook_export.csv",
        "excel_semicolon.csv",
    ],
)
def test_it_detects_google_and_outlook_exports(name: str) -> None:
    assert contacts_csv.detect(FIXTURES / name)


def test_it_does_not_detect_other_csvs_folders_or_binaries(tmp_path: Path) -> None:
    linkedin = Path(__file__).parent / "fixtures" / "linkedin" / "export_2024" / "Connections.csv"
    assert not contacts_csv.detect(FIXTURES / "generic_crm.csv")
    assert not contacts_csv.detect(FIXTURES / "broken" / "not_contacts.csv")
    assert not contacts_csv.detect(linkedin)
    assert not contacts_csv.detect(FIXTURES)
    assert not contacts_csv.detect(tmp_path / "missing.csv")
    assert not contacts_csv.detect(write(tmp_path, "x.csv", "\x00\x01PK\x03\x04", "latin-1"))


# --- Google, current format -----------------------------------------------------------------


def test_it_reads_a_google_export_with_bom_multiline_notes_and_joined_values() -> None:
    path = FIXTURES / "google_new.csv"
    row = rows_of(path)[0]
    amelie = people(path)["Amélie Jeanne Poulain"]
    assert amelie.source == "google_csv"
    assert (amelie.first_name, amelie.last_name) == (row["First Name"], row["Last Name"])
    home = [e.strip() for e in row["E-mail 1 - Value"].split(":::")]
    assert amelie.emails == (row["E-mail 2 - Value"], *home)  # the `* Work` primary first
    mobiles = tuple(p.strip() for p in row["Phone 1 - Value"].split(":::"))
    assert amelie.phones == mobiles  # the "Work Fax" is not the person's phone
    assert amelie.note == row["Notes"] and "\n" in amelie.note
    assert amelie.birthday == date.fromisoformat(row["Birthday"])
    assert amelie.nickname == row["Nickname"]
    assert (amelie.organization, amelie.title) == (
        row["Organization Name"],
        row["Organization Title"],
    )
    assert amelie.profile_url == row["Website 1 - Value"].rstrip("/")
    (address,) = amelie.addresses
    assert (address.street, address.locality, address.postcode, address.country) == (
        row["Address 1 - Street"],
        row["Address 1 - City"],
        row["Address 1 - Postal Code"],
        row["Address 1 - Country"],
    )
    assert address.label == "work"
    assert amelie.raw["Labels"] == row["Labels"]


def test_it_gives_each_record_the_line_where_it_starts() -> None:
    path = FIXTURES / "google_new.csv"
    records = [r for r in identities(path) if r.display_name != "Paul Durand"]
    for record in records:
        assert isinstance(record, RawIdentity)
        assert record.line == line_of(path, record.first_name or record.emails[0])
    assert records[0].line == 2 and records[1].line > 4  # the first row spans 4 lines
    durands = [r.line for r in identities(path) if r.display_name == "Paul Durand"]
    first = line_of(path, "Paul,")
    assert durands == [first, first + 1]


def test_it_keeps_other_contacts_rows_and_skips_rows_that_name_nobody() -> None:
    path = FIXTURES / "google_new.csv"
    parsed = parse(path)
    other = next(r for r in identities(parsed) if r.raw.get("Labels") == "* Other Contacts")
    assert other.emails == ("jules.ferry@example.com",)
    assert parsed.skipped == 1  # the row holding only `* myContacts`; the blank row is ignored
    filled = [r for r in rows_of(path) if any(r.values())]
    assert len(parsed.records) == len(filled) - 1
    assert not parsed.errors


def test_it_reads_a_birthday_without_year_as_1604() -> None:
    lea = people(FIXTURES / "google_new.csv")["Léa Nguyen"]
    assert lea.birthday == date(1604, 2, 29)


def test_it_keeps_formula_like_cells_as_plain_text() -> None:
    path = FIXTURES / "google_new.csv"
    row = next(r for r in rows_of(path) if r["Last Name"] == "Lambert")
    record = next(r for r in identities(path) if r.last_name == "Lambert")
    assert record.first_name == row["First Name"] and record.first_name.startswith("=")
    assert record.organization == row["Organization Name"].strip()
    assert record.title == row["Organization Title"]
    assert record.note == row["Notes"] and record.note.startswith("@")


# --- keys -------------------------------------------------------------------------------------


def test_it_suffixes_identical_rows_deterministically() -> None:
    path = FIXTURES / "google_new.csv"
    keys = [r.key for r in identities(path) if r.display_name == "Paul Durand"]
    assert keys == [keys[0], keys[0] + "#2"]
    assert [r.key for r in identities(path)] == [r.key for r in identities(path)]


def test_it_keeps_keys_stable_across_a_reordered_newer_export(tmp_path: Path) -> None:
    path = FIXTURES / "google_new.csv"
    old = {r.display_name: r.key for r in identities(path) if r.display_name != "Paul Durand"}
    rows = rows_of(path)
    header = list(rows[0])
    rows.reverse()
    rows.append(dict.fromkeys(header, "") | {"First Name": "New", "Last Name": "Person"})
    for row in rows:  # an edit of the notes or the organisation keeps the key
        if row["Last Name"] == "Poulain":
            row["Notes"], row["Organization Name"] = "Autre note", "Autre société"
    out = io.StringIO()
    writer = csv.DictWriter(out, header, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    newer = write(tmp_path, "newer.csv", out.getvalue(), "cp1252")
    new = {r.display_name: r.key for r in identities(newer)}
    assert all(new[name] == key for name, key in old.items())
    assert new["New Person"] not in old.values()


def test_it_changes_a_key_when_an_email_changes(tmp_path: Path) -> None:
    text = text_of(FIXTURES / "google_new.csv")
    edited = write(tmp_path, "e.csv", text.replace("jules.ferry@", "jules.ferry2@"))
    before = {r.key for r in identities(FIXTURES / "google_new.csv")}
    after = {r.key for r in identities(edited)}
    assert len(before - after) == 1 and len(after - before) == 1


# --- Google, legacy format ----------------------------------------------------------------------


def test_it_reads_the_legacy_google_variant() -> None:
    path = FIXTURES / "google_legacy.csv"
    rows = rows_of(path)
    found = people(path)
    ravi = found[rows[0]["Name"]]
    assert ravi.source == "google_csv"
    assert ravi.emails == (rows[0]["E-mail 1 - Value"],)
    assert ravi.phones == tuple(p.strip() for p in rows[0]["Phone 1 - Value"].split(":::"))
    assert (ravi.organization, ravi.title) == (
        rows[0]["Organization 1 - Name"],
        rows[0]["Organization 1 - Title"],
    )
    assert ravi.profile_url == "https://www.linkedin.com/in/ravikumar"
    assert ravi.birthday == date.fromisoformat(rows[0]["Birthday"])
    (address,) = found[rows[2]["Name"]].addresses
    assert (address.street, address.label) == (rows[2]["Address 1 - Formatted"], "home")
    assert found["Anita"].line == line_of(path, "Anita")


# --- Outlook ----------------------------------------------------------------------------------


def test_it_reads_an_outlook_desktop_file_in_cp1252() -> None:
    path = FIXTURES / "outlook_en.csv"
    row = rows_of(path, "cp1252")[0]
    helene = people(path)[f"{row['First Name']} {row['Last Name']}"]
    assert helene.source == "outlook_csv"
    assert helene.first_name == "Hélène"
    assert helene.phones == (row["Mobile Phone"], row["Business Phone"])  # no fax, switchboard
    assert helene.birthday == date(1981, 4, 1)  # 4/1/1981: en-US M/d/yyyy
    assert helene.note == row["Notes"].replace("\r\n", "\n")
    assert helene.profile_url == "https://www.linkedin.com/in/helene-dupre"
    assert (helene.organization, helene.title) == (row["Company"], row["Job Title"])
    assert helene.addresses[0].label == "work"
    assert helene.addresses[0].locality == row["Business City"]


def test_it_drops_exchange_x500_addresses_and_empty_outlook_dates() -> None:
    path = FIXTURES / "outlook_en.csv"
    row = rows_of(path, "cp1252")[1]
    assert "@" not in row["E-mail Address"] and row["E-mail Type"] == "EX"
    bjorn = people(path)["Björn Sørensen"]
    assert bjorn.emails == (row["E-mail 2 Address"],)
    assert bjorn.birthday is None and row["Birthday"] == "0/0/00"
    assert bjorn.addresses[0].street == row["Home Street"].replace("\r\n", "\n")
    assert bjorn.line == line_of(path, "Björn", "cp1252")


def test_it_keeps_a_company_card_without_a_person_name() -> None:
    card = people(FIXTURES / "outlook_en.csv")["Boulangerie Renée"]
    assert (card.display_name, card.phones) == ("", ("04 78 00 00 00",))


def test_it_reads_french_outlook_headers_with_their_two_titre_columns() -> None:
    path = FIXTURES / "outlook_fr.csv"
    header, cells = list(csv.reader(text_of(path, "cp1252").splitlines()[:2]))
    elodie = people(path)["Élodie Lefèvre"]
    assert elodie.title == cells[[i for i, h in enumerate(header) if h == "Titre"][-1]]
    row = rows_of(path, "cp1252")[0]
    assert elodie.organization == row["Société"]
    assert elodie.phones == (row["Tél. mobile"], row["Téléphone (bureau)"])
    assert elodie.emails == (row["Adresse de messagerie"],)
    assert elodie.birthday == date(1981, 4, 1)  # 01/04/1981, day first in French
    assert elodie.profile_url == "https://www.linkedin.com/in/elodie-lefèvre"
    assert elodie.addresses[0].street == row["Rue (bureau)"]


def test_it_reads_german_outlook_headers_and_dotted_dates() -> None:
    path = FIXTURES / "outlook_de.csv"
    row = rows_of(path, "cp1252")[0]
    found = people(path)
    juergen = found["Jürgen Müller"]
    assert juergen.birthday == date(1981, 4, 1)  # 1.4.1981
    assert found["Ute Weiß"].birthday == date(1975, 12, 24)
    assert juergen.phones == (row["Mobiltelefon"], row["Telefon geschäftlich"])
    assert (juergen.organization, juergen.title) == (row["Firma"], row["Position"])
    assert juergen.addresses[0].locality == row["Ort geschäftlich"]
    assert juergen.note == row["Notizen"]


def test_it_reads_outlook_com_and_googles_outlook_export() -> None:
    path = FIXTURES / "outlook_com.csv"
    row = rows_of(path)[0]
    found = people(path)
    assert found["Zoë Okafor"].emails == (row["E-mail Address"], row["E-mail 2 Address"])
    sam = found["Sam Lee"]
    assert (sam.addresses[0].region, sam.addresses[0].label) == ("WA", "home")
    assert sam.urls == (rows_of(path)[1]["Personal Web Page"],)
    nadia = people(FIXTURES / "google_outlook_export.csv")["Nadia Benali"]
    assert nadia.source == "outlook_csv"
    assert (
        nadia.addresses[0].street
        == rows_of(FIXTURES / "google_outlook_export.csv")[0]["Home Address"]
    )


def test_it_reads_a_semicolon_excel_resave_in_cp1252() -> None:
    path = FIXTURES / "excel_semicolon.csv"
    row = rows_of(path, "cp1252", ";")[0]
    found = people(path)
    gaelle = found["Gaëlle Mercier"]
    assert gaelle.note == row["Notes"] and ";" in gaelle.note
    assert gaelle.birthday == date(1981, 4, 1)  # 01/04/1981 with 25/12/1979 in the same file
    assert found["Noël Fabre"].birthday == date(1979, 12, 25)


# --- dates ------------------------------------------------------------------------------------


def test_it_reads_ambiguous_dates_as_the_rest_of_the_file_does(tmp_path: Path) -> None:
    month_first = identities(outlook_file(tmp_path, ["4/1/1981", "12/25/1980"]))
    assert month_first[0].birthday == date(1981, 4, 1)
    day_first = identities(outlook_file(tmp_path, ["4/1/1981", "25/12/1980"]))
    assert day_first[0].birthday == date(1981, 1, 4)
    padded = identities(outlook_file(tmp_path, ["01/04/1981", "2/2/1990"]))
    assert padded[0].birthday == date(1981, 4, 1)


def test_it_follows_the_owners_country_for_slash_dates_in_google_files(tmp_path: Path) -> None:
    text = text_of(FIXTURES / "excel_semicolon.csv", "cp1252").replace("25/12/1979", "")
    path = write(tmp_path, "g.csv", text, "cp1252")
    us = people(path, ImportContext(default_region="US"))["Gaëlle Mercier"]
    fr = people(path, ImportContext(default_region="FR"))["Gaëlle Mercier"]
    assert (us.birthday, fr.birthday) == (date(1981, 1, 4), date(1981, 4, 1))


# --- mapped CSV ---------------------------------------------------------------------------------


def test_it_reads_any_csv_with_a_column_map() -> None:
    path = FIXTURES / "generic_crm.csv"
    rows = rows_of(path, delimiter=";")
    found = people(path, ImportContext(column_map=CRM_MAP))
    jean = found[f"{rows[0]['Prénom']} {rows[0]['Nom']}"]
    assert jean.source == "csv"
    assert jean.emails == (rows[0]["Courriel"], rows[0]["Courriel pro"])
    assert jean.phones == (rows[0]["Portable"],)
    assert jean.profile_url == "https://www.linkedin.com/in/jean-dupont"
    assert jean.birthday == date(1975, 2, 3)  # 03/02/1975 for a French owner
    assert (jean.addresses[0].locality, jean.addresses[0].postcode) == ("Lyon", "69003")
    sophie = found[f"{rows[1]['Prénom']} {rows[1]['Nom']}"]
    assert sophie.profile_url == "https://www.linkedin.com/in/" + rows[1]["Profil LinkedIn"]
    assert sophie.note == rows[1]["Commentaire"]


def test_it_refuses_an_unknown_field_or_column_in_the_map() -> None:
    path = FIXTURES / "generic_crm.csv"
    with pytest.raises(ImportFailure, match="'mobile'") as failure:
        parse(path, ImportContext(column_map=(("mobile", "Portable"),)))
    assert "phone" in failure.value.message
    with pytest.raises(ImportFailure, match="'Fax'") as failure:
        parse(path, ImportContext(column_map=(("phone", "Fax"),)))
    assert "'Portable'" in failure.value.message


def test_it_asks_for_a_map_when_the_header_is_unknown() -> None:
    with pytest.raises(ImportFailure) as failure:
        parse(FIXTURES / "broken" / "not_contacts.csv")
    assert failure.value.file == "not_contacts.csv" and failure.value.line == 1
    assert "--map" in failure.value.message and "'Libellé'" in failure.value.message


# --- broken and odd files -------------------------------------------------------------------


def test_it_reports_a_row_with_extra_fields_with_its_line() -> None:
    path = FIXTURES / "broken" / "extra_fields.csv"
    parsed = parse(path)
    (error,) = parsed.errors
    assert (error.file, error.line) == ("extra_fields.csv", line_of(path, "Too,"))
    assert {r.display_name for r in identities(parsed)} == {"Ana Silva", "Bruno Costa"}


def test_it_loses_one_row_to_an_unterminated_quote() -> None:
    path = FIXTURES / "broken" / "unterminated_quote.csv"
    parsed = parse(path)
    assert [e.line for e in parsed.errors] == [line_of(path, "Carla")]
    assert {r.display_name for r in identities(parsed)} == {"Ana Silva", "Dora Petit"}


def test_it_reads_cp1252_rows_inside_a_utf8_file() -> None:
    names = {r.display_name for r in identities(FIXTURES / "broken" / "cp1252_row_in_utf8.csv")}
    assert names == {"Hélène Roux", "Zoé Marchal"}


def test_it_reads_utf16_tab_separated_files_and_excel_sep_lines(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(text_of(FIXTURES / "google_new.csv"))))
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(rows)
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + out.getvalue().encode("utf-16-le"))
    assert contacts_csv.detect(utf16)
    expected = {r.display_name for r in identities(FIXTURES / "google_new.csv")}
    assert {r.display_name for r in identities(utf16)} == expected
    text = "sep=;\r\n" + text_of(FIXTURES / "excel_semicolon.csv", "cp1252")
    hinted = parse(write(tmp_path, "hint.csv", text, "cp1252"))
    assert [r.line for r in hinted.records] == [3, 4]


def test_it_refuses_empty_binary_and_unreadable_files(tmp_path: Path) -> None:
    for data in (b"", b"\r\n\r\n", b"\x00\x01\x02PK\x03\x04" * 50):
        path = tmp_path / "bad.csv"
        path.write_bytes(data)
        with pytest.raises(ImportFailure) as failure:
            parse(path)
        assert failure.value.file == "bad.csv"
    with pytest.raises(ImportFailure):
        parse(tmp_path)


# --- the demo generator -------------------------------------------------------------------------


def test_it_parses_the_demo_google_csv_without_errors(tmp_path: Path) -> None:
    import json

    from liens.demo.generator import generate

    files = generate(tmp_path, size=150)
    parsed = parse(files.google_csv)
    assert not parsed.errors
    truth = json.loads(files.truth_json.read_text(encoding="utf-8"))
    expected = [i for p in truth["persons"] for i in p["identities"] if i["source"] == "google_csv"]
    by_line = {r.line: r for r in identities(parsed)}
    assert len(by_line) == len(expected) == len(parsed.records)
    for identity in expected:
        record = by_line[identity["line"]]
        assert isinstance(record, RawIdentity)
        assert {e.casefold() for e in record.emails} == {e.casefold() for e in identity["emails"]}
        assert set(record.phones) == set(identity["phones"])
        assert record.display_name == identity["name"]


# --- fuzzing ----------------------------------------------------------------------------------


def parse_bytes(data: bytes, context: ImportContext | None = None) -> ParsedFile | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        path.write_bytes(data)
        try:
            return parse(path, context)
        except ImportFailure:
            return None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_it_never_crashes_on_random_bytes(data: bytes) -> None:
    parse_bytes(data)
    parse_bytes(b"\xef\xbb\xbf" + GOOGLE_HEADER.encode() + b"\n" + data)
    parse_bytes(OUTLOOK_HEADER.encode("cp1252") + b"\r\n" + data)
    parse_bytes(b"a;b\n" + data, ImportContext(column_map=(("name", "a"), ("email", "b"))))


CSV_BITS = st.sampled_from(
    [*',;"\n\r\t =+-@aZé€ß/:.', " ::: ", "0/0/00", "4/1/1981", "x@y.fr", "--02-29", "+33 6"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(CSV_BITS, max_size=300).map("".join))
def test_it_never_crashes_on_random_csv_text(text: str) -> None:
    parse_bytes(GOOGLE_HEADER.encode() + b"\n" + text.encode())
    parse_bytes(OUTLOOK_HEADER.encode("cp1252") + b"\r\n" + text.encode("cp1252"))


WORD = st.text("abcdeéèçñßøzAZÉÖ'", min_size=1, max_size=8).filter(
    lambda w: w[0].isalpha() and w[-1].isalpha()
)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
LOCAL = st.text("abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=10)
EMAILS = st.lists(st.tuples(LOCAL, st.sampled_from(["example.org", "exemple.fr"])), max_size=3)
PHONES = st.lists(st.integers(10_000_000, 99_999_999), max_size=2, unique=True)
NOTE = st.text('ab é,;"\n=@+-:', max_size=30).map(str.strip)
CONTACT = st.tuples(NAME, NAME, EMAILS, PHONES, NOTE)


@settings(max_examples=100, deadline=None)
@given(st.lists(CONTACT, min_size=1, max_size=8))
def test_it_reads_back_random_valid_google_rows(contacts: list) -> None:
    header = next(csv.reader([GOOGLE_HEADER]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    expected = []
    for first, last, emails, phones, note in contacts:
        addresses = list(dict.fromkeys(f"{local}@{domain}" for local, domain in emails))
        numbers = [f"+33 6 {n}" for n in phones]
        cells = dict.fromkeys(header, "")
        cells.update({"First Name": first, "Last Name": last, "Notes": note})
        cells["E-mail 1 - Value"] = " ::: ".join(addresses)
        cells["Phone 1 - Value"] = " ::: ".join(numbers)
        expected.append((out.getvalue().count("\n") + 1, f"{first} {last}", addresses, numbers))
        writer.writerow([cells[h] for h in header])
    parsed = parse_bytes(codecs.BOM_UTF8 + out.getvalue().encode())
    assert parsed is not None and not parsed.errors
    got = [(r.line, r.display_name, list(r.emails), list(r.phones)) for r in identities(parsed)]
    assert got == expected
    assert len({r.key for r in identities(parsed)}) == len(parsed.records)
    assert [r.note for r in identities(parsed)] == [c[4] for c in contacts]
