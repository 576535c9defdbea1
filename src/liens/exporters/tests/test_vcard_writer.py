"""The vCard 3.0 writer: RFC 2426 text rules, folding, and the round trip through our reader.

Expected lines are written from the RFC (§2.6 folding, §5 escapes) and from Apple's habits in
research/formats.md §3.2, not from the writer; vobject, an independent reader, checks that
other programs see the same card.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
import vobject
from hypothesis import HealthCheck, given, settings

from liens.exporters.formats import vcard
from liens.exporters.tests import strategies
from liens.exporters.tests.strategies import JEAN
from liens.importers.base import ParsedFile, RawAddress, RawIdentity
from liens.importers.formats import vcard as reader


def written(*records: RawIdentity) -> str:
    out = io.StringIO(newline="")
    vcard.write(records, out)
    return out.getvalue()


def lines_of(*records: RawIdentity) -> list[str]:
    """The content lines, unfolded as RFC 2426 §2.6 says (CRLF + one space removed)."""
    return written(*records).replace("\r\n ", "").split("\r\n")[:-1]


def read_back(text: str) -> ParsedFile:
    return reader.parse_stream(io.BytesIO(text.encode("utf-8")), "export.vcf")


def test_it_writes_a_minimal_card_with_crlf_and_the_required_properties():
    text = written(JEAN)

    assert text == (
        "BEGIN:VCARD\r\n"
        "VERSION:3.0\r\n"
        "PRODID:-//liens//liens export//EN\r\n"
        "N:Martin;Jean;;;\r\n"
        "FN:Jean Martin\r\n"
        "EMAIL;TYPE=INTERNET;TYPE=pref:jean.martin@acme.fr\r\n"
        "UID:4d1e7c5a-0b6f-4f5e-9a51-1c2d3e4f5a6b\r\n"
        "END:VCARD\r\n"
    )


def test_it_escapes_backslashes_commas_semicolons_and_line_ends_in_text_values():
    record = replace(
        JEAN,
        last_name="Martin; Jr",
        display_name="Martin, Jean",
        organization="Dupont, Durand & Associés; SARL",
        title="R&D \\ Lab",
        nickname="JM, Jeannot",
        note="Met at Lyon;\nwants an intro, soon\\now",
    )

    lines = lines_of(record)

    assert "N:Martin\\; Jr;Jean;;;" in lines
    assert "FN:Martin\\, Jean" in lines
    assert "ORG:Dupont\\, Durand & Associés\\; SARL" in lines
    assert "TITLE:R&D \\\\ Lab" in lines
    assert "NICKNAME:JM\\, Jeannot" in lines
    assert "NOTE:Met at Lyon\\;\\nwants an intro\\, soon\\\\now" in lines


@pytest.mark.parametrize("shift", range(4))  # every offset against 1- to 4-octet characters
def test_it_folds_long_lines_at_75_octets_without_cutting_a_character(shift):
    note = "x" * shift + "Rencontré au salon RH — très intéressé 🙂 " * 6
    text = written(replace(JEAN, note=note))

    physical = text.encode("utf-8").split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8")  # each piece is whole characters: no UnicodeDecodeError
    (start,) = [n for n, line in enumerate(physical) if line.startswith(b"NOTE:")]
    assert physical[start + 1].startswith(b" ") and physical[start + 2].startswith(b" ")
    assert f"NOTE:{note.strip()}" in lines_of(replace(JEAN, note=note))


def test_it_leaves_short_lines_alone_and_folds_a_line_of_76_octets_once():
    assert vcard.fold("X" * 75) == "X" * 75
    assert vcard.fold("X" * 76) == "X" * 75 + "\r\n X"
    # "é" is two octets: the cut moves back rather than split it.
    assert vcard.fold("N:" + "é" * 40) == "N:" + "é" * 36 + "\r\n " + "é" * 4


def test_it_writes_nothing_for_empty_fields_and_skips_a_record_that_names_nobody():
    nobody = RawIdentity(source="liens", key="x", line=None)
    reachable = RawIdentity(source="liens", key="", line=None, phones=("+33612345678",))

    out = io.StringIO(newline="")
    assert vcard.write([nobody, reachable], out) == 1

    lines = out.getvalue().split("\r\n")[:-1]
    assert lines == [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "PRODID:-//liens//liens export//EN",
        "N:;;;;",
        "FN:+33612345678",
        "TEL;TYPE=CELL;TYPE=pref:+33612345678",
        "END:VCARD",
    ]


def test_it_marks_the_first_email_and_phone_preferred_and_mobiles_as_cell():
    record = replace(
        JEAN,
        emails=("jean@acme.fr", "jm@gmail.com"),
        phones=("+33142685300", "+33612345678"),  # a Paris landline, then a mobile
    )

    lines = lines_of(record)

    assert "EMAIL;TYPE=INTERNET;TYPE=pref:jean@acme.fr" in lines
    assert "EMAIL;TYPE=INTERNET:jm@gmail.com" in lines
    assert "TEL;TYPE=VOICE;TYPE=pref:+33142685300" in lines
    assert "TEL;TYPE=CELL:+33612345678" in lines


def test_it_writes_birthdays_with_and_without_a_year():
    assert "BDAY:1980-03-22" in lines_of(replace(JEAN, birthday=date(1980, 3, 22)))
    no_year = lines_of(replace(JEAN, birthday=date(1604, 2, 29)))
    assert "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29" in no_year


def test_it_labels_addresses_with_a_type_or_an_apple_group():
    record = replace(
        JEAN,
        addresses=(
            RawAddress(
                street="12 rue de la Paix\nBât. B",
                locality="Paris",
                postcode="75002",
                country="France",
                label="work",
            ),
            RawAddress(locality="Annecy", label="Chalet"),
            RawAddress(country="Belgique"),
        ),
    )

    lines = lines_of(record)

    assert "ADR;TYPE=WORK:;;12 rue de la Paix\\nBât. B;Paris;;75002;France" in lines
    assert "item1.ADR:;;;Annecy;;;" in lines
    assert "item1.X-ABLabel:Chalet" in lines
    assert "ADR:;;;;;;Belgique" in lines


def test_it_writes_the_linkedin_profile_with_its_label_and_other_urls_once():
    record = replace(
        JEAN,
        profile_url="https://www.linkedin.com/in/jean-martin",
        urls=("https://jeanmartin.fr", "https://jeanmartin.fr"),
    )

    lines = lines_of(record)

    assert lines.count("item1.URL:https://www.linkedin.com/in/jean-martin") == 1
    assert "item1.X-ABLabel:LinkedIn" in lines
    assert lines.count("URL:https://jeanmartin.fr") == 1


def test_it_drops_control_characters_and_writes_every_line_end_as_an_escape():
    record = replace(JEAN, note="a\r\nb\rc\x00d\x1be\tf", title="CEO\x07")

    lines = lines_of(record)

    assert "NOTE:a\\nb\\ncd" + "e\tf" in lines
    assert "TITLE:CEO" in lines
    assert all("\r" not in line and "\n" not in line for line in lines)


def test_another_reader_sees_the_same_card():
    record = replace(
        JEAN,
        display_name="Zoé Lefèvre-Dupont, PhD",
        first_name="Zoé",
        last_name="Lefèvre-Dupont",
        organization="Société Générale; Paris",
        note="Ligne 1\nLigne 2, avec; tout \\ " + "ü" * 60,
        addresses=(RawAddress(street="3 quai Saint-Vincent", locality="Lyon", label="home"),),
    )

    (card,) = vobject.readComponents(written(record))

    assert card.fn.value == "Zoé Lefèvre-Dupont, PhD"
    assert (card.n.value.family, card.n.value.given) == ("Lefèvre-Dupont", "Zoé")
    assert card.org.value == ["Société Générale; Paris"]
    assert card.note.value == record.note
    assert card.email.value == "jean.martin@acme.fr"
    assert card.adr.value.street == "3 quai Saint-Vincent" and card.adr.value.city == "Lyon"
    assert card.adr.params["TYPE"] == ["HOME"]
    assert card.uid.value == JEAN.key


def test_its_cards_read_back_into_the_same_fields_for_a_whole_book():
    book = [
        JEAN,
        replace(
            JEAN,
            key="2",
            display_name="Ana Silva",
            first_name="Ana",
            last_name="Silva",
            emails=("ana@silva.pt",),
        ),
    ]

    parsed = read_back(written(*book))

    assert parsed.errors == [] and parsed.skipped == 0
    assert [(r.key, r.display_name, r.emails) for r in parsed.records] == [
        (f"uid:{JEAN.key}", "Jean Martin", ("jean.martin@acme.fr",)),
        ("uid:2", "Ana Silva", ("ana@silva.pt",)),
    ]


def expected_after_reading(record: RawIdentity) -> RawIdentity:
    """What the vCard reader documents it gives back (importers/formats/vcard_card.py):
    N is the truth for first and last names, and FN's first word and the rest when N is empty;
    a UID becomes the key `uid:<UID>`."""
    first, last = record.first_name, record.last_name
    if not (first or last):
        first, _, last = record.display_name.partition(" ")
    return replace(
        record, source="vcard", key=f"uid:{record.key}", first_name=first, last_name=last
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.records)
def test_any_valid_record_reads_back_identically(record: RawIdentity):
    parsed = read_back(written(record))

    assert parsed.errors == [] and len(parsed.records) == 1
    got = parsed.records[0]
    assert isinstance(got, RawIdentity)
    assert replace(got, line=None, raw={}) == expected_after_reading(record)


def test_a_note_with_a_long_run_of_spaces_reads_back_identically():
    note = "avant" + " " * 160 + "après"

    (got,) = read_back(written(replace(JEAN, note=note))).records

    assert isinstance(got, RawIdentity) and got.note == note
