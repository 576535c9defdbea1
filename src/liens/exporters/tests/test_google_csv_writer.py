"""The Google Contacts CSV writer: Google's own header and conventions, and the round trip.

The header and the conventions (BOM, `* ` for the primary value, ` ::: `, `* myContacts`,
no display-name column) are those research/formats.md §4.1 records from real exports; the
standard `csv` module is the independent reader of the quoting.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from liens.exporters.formats import google_csv
from liens.exporters.tests import strategies
from liens.exporters.tests.strategies import JEAN
from liens.importers.base import ParsedFile, RawAddress, RawIdentity
from liens.importers.formats import contacts_csv

# research/formats.md §4.1, verbatim: the columns every current Google export starts with.
GOOGLE_LINE = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
    "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
    "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
    "E-mail 1 - Label,E-mail 1 - Value"
)
GOOGLE_PREFIX = GOOGLE_LINE.split(",")


def written(*records: RawIdentity) -> str:
    out = io.StringIO(newline="")
    google_csv.write(records, out)
    return out.getvalue()


def table(*records: RawIdentity) -> list[dict[str, str]]:
    text = written(*records)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def read_back(text: str) -> ParsedFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        path.write_text(text, encoding="utf-8", newline="")
        assert contacts_csv.detect(path)
        (parsed,) = contacts_csv.parse(path)
    return parsed


def test_it_writes_googles_header_after_a_bom_and_sizes_groups_by_the_data():
    two = replace(JEAN, emails=("a@acme.fr", "b@acme.fr"), phones=("+33612345678",))

    header = next(csv.reader(io.StringIO(written(JEAN, two)[1:])))

    assert header[: len(GOOGLE_PREFIX)] == GOOGLE_PREFIX
    assert "E-mail 2 - Value" in header and "E-mail 3 - Value" not in header
    assert header.index("Phone 1 - Label") > header.index("E-mail 2 - Value")
    assert header[-2:] == ["Website 1 - Label", "Website 1 - Value"]
    for part in ("Label", "Street", "City", "Region", "Postal Code", "Country"):
        assert f"Address 1 - {part}" in header


def test_it_writes_one_row_per_contact_with_the_primary_values_starred():
    record = replace(
        JEAN,
        emails=("jean@acme.fr", "jm@gmail.com"),
        phones=("+33612345678", "+33142685300"),
        organization="Acme, SA",
        title="DRH",
        birthday=date(1980, 3, 22),
        note='Rencontré au salon\n"RH" de Lyon',
        profile_url="https://www.linkedin.com/in/jean-martin",
        urls=("https://jeanmartin.fr",),
        addresses=(
            RawAddress(
                street="12 rue de la Paix",
                locality="Paris",
                postcode="75002",
                country="France",
                label="work",
            ),
        ),
    )

    (row,) = table(record)

    assert (row["First Name"], row["Last Name"]) == ("Jean", "Martin")
    assert (row["Organization Name"], row["Organization Title"]) == ("Acme, SA", "DRH")
    assert row["Birthday"] == "1980-03-22"
    assert row["Notes"] == 'Rencontré au salon\n"RH" de Lyon'
    assert row["Labels"] == "* myContacts"
    assert (row["E-mail 1 - Label"], row["E-mail 1 - Value"]) == ("* Other", "jean@acme.fr")
    assert (row["E-mail 2 - Label"], row["E-mail 2 - Value"]) == ("Other", "jm@gmail.com")
    assert (row["Phone 1 - Label"], row["Phone 1 - Value"]) == ("* Mobile", "+33612345678")
    assert (row["Phone 2 - Label"], row["Phone 2 - Value"]) == ("Other", "+33142685300")
    assert row["Address 1 - Label"] == "Work" and row["Address 1 - City"] == "Paris"
    assert row["Address 1 - Street"] == "12 rue de la Paix"
    assert row["Website 1 - Label"] == "Profile"
    assert row["Website 1 - Value"] == "https://www.linkedin.com/in/jean-martin"
    assert row["Website 2 - Value"] == "https://jeanmartin.fr"


def test_it_puts_a_name_typed_in_one_field_in_first_name():
    (row,) = table(replace(JEAN, first_name="", last_name="", display_name="Maman"))

    assert (row["First Name"], row["Last Name"]) == ("Maman", "")


def test_it_writes_a_birthday_without_a_year_as_google_does():
    (row,) = table(replace(JEAN, birthday=date(1604, 2, 29)))

    assert row["Birthday"] == "--02-29"


def test_it_writes_a_header_only_for_no_contacts_and_skips_a_record_that_names_nobody():
    nobody = RawIdentity(source="liens", key="x", line=None, note="orphan note")
    out = io.StringIO(newline="")

    assert google_csv.write([nobody], out) == 0
    lines = out.getvalue().split("\r\n")
    assert lines[1:] == [""]  # the header, its CRLF, nothing after
    assert lines[0].lstrip("\ufeff").split(",")[: len(GOOGLE_PREFIX)] == GOOGLE_PREFIX


def test_it_quotes_commas_quotes_and_line_ends_and_drops_control_characters():
    record = replace(JEAN, organization='Dupont, "Durand"', note="a\r\nb\x00c", title="=1+1")

    text = written(record)
    (row,) = table(record)

    assert '"Dupont, ""Durand"""' in text
    assert row["Organization Name"] == 'Dupont, "Durand"'
    assert row["Notes"] == "a\nbc"
    assert row["Organization Title"] == "=1+1"  # written as it is: text, never evaluated


def test_its_rows_read_back_into_the_same_fields():
    parsed = read_back(
        written(
            JEAN,
            replace(
                JEAN,
                first_name="Ana",
                last_name="Silva",
                display_name="Ana Silva",
                emails=("ana@silva.pt",),
            ),
        )
    )

    assert parsed.errors == []
    assert [(r.source, r.display_name, r.emails) for r in parsed.records] == [
        ("google_csv", "Jean Martin", ("jean.martin@acme.fr",)),
        ("google_csv", "Ana Silva", ("ana@silva.pt",)),
    ]


_READER_LABELS = {"home", "work", "other", "mobile", "main"}


def expected_after_reading(record: RawIdentity) -> RawIdentity:
    """What the contacts CSV reader documents it gives back (research/formats.md §4.1 and
    importers/formats/contacts_csv_rows.py): the display name is built from First and Last;
    the LinkedIn profile keeps its own field, as in a vCard; known address labels are folded."""
    first, last = record.first_name, record.last_name
    if not (first or last):
        first = record.display_name
    addresses = tuple(
        replace(a, label=a.label.casefold() if a.label.casefold() in _READER_LABELS else a.label)
        for a in record.addresses
    )
    return replace(
        record,
        source="google_csv",
        first_name=first,
        last_name=last,
        display_name=" ".join(p for p in (first, last) if p),
        addresses=addresses,
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.records)
def test_any_valid_record_reads_back_identically(record: RawIdentity):
    parsed = read_back(written(record))

    assert parsed.errors == [] and len(parsed.records) == 1
    got = parsed.records[0]
    assert isinstance(got, RawIdentity)
    assert replace(got, key="", line=None, raw={}) == replace(
        expected_after_reading(record), key=""
    )


@settings(max_examples=30, deadline=None)
@given(strategies.records)
def test_the_same_contact_gets_the_same_key_from_a_newer_export(record: RawIdentity):
    """Google CSV has no UID: the reader keys a row by its content, so exporting again
    (another order, other contacts around it) must give the same key: re-import adds nothing."""
    other = replace(JEAN, emails=("other@example.org",))
    (alone,) = read_back(written(record)).records
    later = read_back(written(other, record)).records

    assert later[1].key == alone.key


def test_a_person_called_na_reads_back_with_her_name():
    record = replace(JEAN, first_name="Na", last_name="Kim", display_name="Na Kim")

    (got,) = read_back(written(record)).records

    assert isinstance(got, RawIdentity) and got.first_name == "Na"
