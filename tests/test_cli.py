"""`liens` run as a user runs it: a subprocess, real files, a real SQLite database."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPORT_2024 = ROOT / "src/liens/importers/tests/fixtures/linkedin/export_2024"
SCRIPT = Path(sys.executable).with_name("liens")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


def run(home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LIENS_DATABASE_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(LIENS_DATA_DIR=str(home), LIENS_USER="tester", LANG="en_US.UTF-8", COLUMNS="200")
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "liens"]
    done = subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def as_json(done: subprocess.CompletedProcess[str]):
    return json.loads(done.stdout)


@pytest.fixture
def export_zip(tmp_path: Path) -> Path:
    target = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(EXPORT_2024.iterdir()):
            archive.write(file, f"Basic_LinkedInDataExport_11-21-2026/{file.name}")
    return target


def test_it_inits_imports_lists_shows_and_logs(home, export_zip):
    init = as_json(
        run(home, "init", "--name", "Camille Martin", "--email", "cm@example.fr", "--json")
    )
    assert init["me"]["name"] == "Camille Martin" and init["me"]["emails"] == ["cm@example.fr"]
    assert Path(init["database"]).parent == home
    with sqlite3.connect(init["database"]) as connection:  # readers never wait on an import
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    summary = as_json(run(home, "--json", "import", str(export_zip)))
    assert set(summary) >= {
        "source",
        "files",
        "identities_added",
        "identities_updated",
        "interactions_added",
        "skipped",
        "errors",
    }
    assert summary["source"] == "linkedin" and summary["identities_added"] > 0

    people = as_json(run(home, "people", "--json"))
    assert len(people) >= summary["identities_added"] - 1
    for person in people:
        assert set(person) >= {
            "id",
            "name",
            "emails",
            "phones",
            "organization",
            "title",
            "identities",
            "tie",
        }
        assert all(set(i) == {"source", "key"} for i in person["identities"])
        assert person["tie"] is None or set(person["tie"]) >= {"score", "class", "layer"}
    ana = next(p for p in people if p["name"] == "Ana Silva")
    assert ana["tie"]["class"] in {"strong", "moderate", "weak", "dormant"}

    shown = as_json(run(home, "show", "Ana Silva", "--json"))
    assert shown["id"] == ana["id"] and shown["identities"][0]["key"].endswith("ana-silva-4b1")
    stamps = [i["occurred_at"] for i in shown["interactions"]]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) == 2

    run(home, "log", "in_person", "Ana Silva", "--at", "yesterday", "--note", "coffee [b]x[/b]")
    after = as_json(run(home, "show", str(ana["id"]), "--json"))
    assert after["interactions"][0]["channel"] == "in_person"
    assert after["interactions"][0]["summary"] == "coffee [b]x[/b]"
    table = run(home, "show", str(ana["id"])).stdout
    assert "coffee [b]x[/b]" in table  # data is shown as text, never as markup

    again = as_json(run(home, "import", str(export_zip), "--json"))
    assert (again["identities_added"], again["interactions_added"]) == (0, 0)


def test_it_speaks_french_when_asked(home, export_zip):
    run(home, "import", str(export_zip))
    out = run(home, "--lang", "fr", "people", "--limit", "3").stdout
    assert "personnes" in out and "organisation" in out
    assert "Importer un export" in run(home, "--lang", "fr", "--help").stdout
    missing = run(home, "--lang", "fr", "import", str(home / "absent.zip"), ok=False)
    assert "absent.zip" in missing.stderr and "introuvable" in missing.stderr
    english = run(home, "import", str(home / "absent.zip"), ok=False)
    assert "no such file" in english.stderr


@pytest.mark.parametrize(
    "make_bad",
    [
        lambda tmp: tmp / "missing.zip",
        lambda tmp: _write(tmp / "holiday.zip", b"PK\x03\x04 this is not a zip"),
        lambda tmp: _not_linkedin_zip(tmp / "photos.zip"),
    ],
)
def test_it_refuses_bad_input_with_one_line_and_exit_code_1(home, tmp_path, make_bad):
    bad = make_bad(tmp_path)
    run(home, "init")
    before = as_json(run(home, "people", "--json"))

    done = run(home, "import", str(bad), ok=False)

    assert done.returncode == 1
    assert bad.name in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert as_json(run(home, "people", "--json")) == before


def test_it_refuses_a_file_that_is_not_utf8_and_keeps_the_database_unchanged(home, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(EXPORT_2024, export)
    (export / "Invitations.csv").write_bytes("From,To\nH\xe9l\xe8ne,Moi\n".encode("cp1252"))

    done = run(home, "import", str(export), ok=False)

    assert done.returncode == 1 and "Invitations.csv" in done.stderr
    assert as_json(run(home, "people", "--json")) == []


def test_it_answers_usage_errors_with_exit_code_2(home):
    assert run(home, "log", "carrier-pigeon", "Ana", ok=False).returncode == 2
    assert run(home, "--lang", "de", "people", ok=False).returncode == 2
    assert run(home, "show", "nobody", ok=False).returncode == 1


def test_the_demo_builds_real_files_and_never_touches_my_database(home):
    data = as_json(run(home, "demo", "--size", "120", "--json"))

    assert data["persons"] >= 100
    assert data["ties"]["virtual"] > data["persons"] / 2  # most connections never spoke to me
    assert data["ties"]["strong"] + data["ties"]["moderate"] > 0
    assert data["last_interactions"]
    for path in map(Path, data["files"]):
        assert path.exists() and path.stat().st_size > 0
    assert Path(data["database"]).name == "demo.sqlite3"
    report = Path(data["report"])
    assert report.suffix == ".html" and "<svg" in report.read_text(encoding="utf-8")
    assert not (home / "liens.sqlite3").exists()
    # The demo starts afresh each time: the same seed gives the same picture.
    again = as_json(run(home, "demo", "--size", "120", "--json"))
    assert again["persons"] == data["persons"] and again["ties"] == data["ties"]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _not_linkedin_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("IMG_0001.txt", "holiday")
    return path


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for the CLI, when the suite runs against PostgreSQL."""
    base = os.environ.get("LIENS_TEST_POSTGRES_URL", "")
    if not base:
        pytest.skip("LIENS_TEST_POSTGRES_URL is not set")
    import uuid

    import psycopg

    name = f"liens_cli_{uuid.uuid4().hex[:8]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield base.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_it_runs_on_postgresql_with_the_same_migrations(home, export_zip, postgres_url):
    run(home, "--db", postgres_url, "init", "--name", "Camille Martin")
    first = as_json(run(home, "--db", postgres_url, "import", str(export_zip), "--json"))
    again = as_json(run(home, "--db", postgres_url, "import", str(export_zip), "--json"))
    people = as_json(run(home, "--db", postgres_url, "people", "--json"))

    assert first["identities_added"] > 0 and again["identities_added"] == 0
    assert {p["name"] for p in people} >= {"Ana Silva", "Ravi Nayak"}
    assert not (home / "liens.sqlite3").exists()
