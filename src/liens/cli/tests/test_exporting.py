"""`liens export` run in-process with Typer's CliRunner, on the test database."""

from __future__ import annotations

import io
import json

import pytest
from typer.testing import CliRunner

from liens.cli.app import app
from liens.errors import UserError
from liens.exporters.formats import vcard as vcard_writer
from liens.importers.formats import contacts_csv
from liens.importers.formats import vcard as vcard_reader
from liens.importers.services import import_path

BOOK = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lefèvre;Zoé;;;\r\nFN:Zoé Lefèvre\r\n"
    "EMAIL;type=INTERNET;type=pref:zoe.lefevre@helios.fr\r\nTEL;type=CELL:06 12 34 56 78\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Nguyen;Minh;;;\r\nFN:Minh Nguyen\r\n"
    "TEL;type=CELL:+33 7 81 22 33 44\r\nEND:VCARD\r\n"
)


@pytest.fixture
def owner(terminal_user, tmp_path):
    """alice, with two contacts, as the user the terminal works for."""
    alice = terminal_user
    book = tmp_path / "phone.vcf"
    book.write_text(BOOK, encoding="utf-8", newline="")
    import_path(owner=alice, path=book)
    return alice


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_it_writes_a_vcard_on_standard_output_by_default(owner):
    done = invoke("export")

    assert done.exit_code == 0, done.output
    data = done.stdout_bytes
    assert data.startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert b"\r\nFN:Zo\xc3\xa9 Lef\xc3\xa8vre\r\n" in data  # UTF-8 whatever the locale
    parsed = vcard_reader.parse_stream(io.BytesIO(data), "stdout.vcf")
    assert [(r.display_name, r.phones) for r in parsed.records] == [
        ("Minh Nguyen", ("+33781223344",)),
        ("Zoé Lefèvre", ("+33612345678",)),
    ]


def test_it_writes_a_google_csv_file_and_sums_it_up_in_json(owner, tmp_path):
    target = tmp_path / "contacts.csv"

    done = invoke("--json", "export", "--format", "google-csv", "--out", str(target))

    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {
        "format": "google-csv",
        "path": str(target.resolve()),
        "persons": 2,
    }
    assert contacts_csv.detect(target)
    (parsed,) = contacts_csv.parse(target)
    assert sorted(r.display_name for r in parsed.records) == ["Minh Nguyen", "Zoé Lefèvre"]


def test_it_tells_where_it_wrote_in_a_sentence(owner, tmp_path):
    target = tmp_path / "contacts.vcf"

    done = invoke("export", "-o", str(target))

    assert done.exit_code == 0, done.output
    assert "exported: 2," in done.stdout and str(target) in done.stdout
    assert target.read_bytes().count(b"BEGIN:VCARD") == 2


def test_it_refuses_to_replace_a_file_unless_forced(owner, tmp_path):
    target = tmp_path / "contacts.vcf"
    target.write_text("my old address book", encoding="utf-8")

    refused = invoke("export", "--out", str(target))

    assert refused.exit_code == 1
    assert isinstance(refused.exception, UserError)
    assert str(target) in str(refused.exception) and "--force" in str(refused.exception)
    assert target.read_text(encoding="utf-8") == "my old address book"

    forced = invoke("export", "--out", str(target), "--force")

    assert forced.exit_code == 0, forced.output
    assert target.read_bytes().startswith(b"BEGIN:VCARD")


def test_it_leaves_no_partial_file_when_writing_fails(owner, tmp_path, monkeypatch):
    def disk_full(records, out):
        out.write("BEGIN:VCARD\r\nVERSION:3.0\r\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(vcard_writer, "write", disk_full)
    target = tmp_path / "out" / "contacts.vcf"
    target.parent.mkdir()

    done = invoke("export", "--out", str(target))

    assert done.exit_code == 1
    assert isinstance(done.exception, UserError)
    assert "No space left on device" in str(done.exception)
    assert list(target.parent.iterdir()) == []  # neither the file nor its temporary copy


def test_it_refuses_a_missing_folder_with_a_clear_message(owner, tmp_path):
    target = tmp_path / "nowhere" / "contacts.vcf"

    done = invoke("export", "--out", str(target))

    assert done.exit_code == 1
    assert "does not exist" in str(done.exception) and str(target.parent) in str(done.exception)


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--format", "outlook"),  # not a format we write
        ("--json", "export"),  # JSON and the contacts would share standard output
    ],
)
def test_it_answers_usage_errors_with_exit_code_2(owner, args):
    done = invoke(*args)

    assert done.exit_code == 2
    assert not done.stdout.startswith("BEGIN:VCARD")


def test_it_leaves_me_out_unless_asked(owner, tmp_path):
    from liens.people.services import me_update

    me_update(owner=owner, name="Camille Martin", emails=("camille@martin.fr",))

    without = invoke("export").stdout
    with_me = invoke("export", "--include-me").stdout

    assert "FN:Camille Martin" not in without
    assert "FN:Camille Martin" in with_me


def test_its_help_lists_the_formats(owner):
    done = invoke("export", "--help")

    assert done.exit_code == 0
    assert "google-csv" in done.stdout and "--force" in done.stdout
