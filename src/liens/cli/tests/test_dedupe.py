"""`liens dedupe`: proposals with their probability and evidence in words, `--json` for
scripts, `--apply` merging the sure ones (each undone by `liens unmerge`)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from liens.cli.app import app
from liens.demo.generator import generate
from liens.importers.services import import_path
from liens.people.models import DecidedBy, MergeDecision, Person
from liens.people.services import me_update


@pytest.fixture
def owner(terminal_user, tmp_path):
    """alice with the demo's exports imported, nothing resolved yet."""
    alice = terminal_user
    files = generate(tmp_path / "demo", size=120, seed=5)
    me_update(owner=alice, name=files.owner_name, emails=files.owner_emails)
    for path in (files.linkedin_zip, files.vcard, files.google_csv, files.mbox, files.ics):
        import_path(owner=alice, path=path)
    return alice


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_it_lists_proposals_as_json_without_writing(owner, language) -> None:
    persons = Person.objects.filter(owner=owner).count()
    result = invoke("--lang", "en", "dedupe", "--json")
    assert result.exit_code == 0, result.output
    proposals = json.loads(result.output)
    assert proposals
    for proposal in proposals:
        assert set(proposal) >= {"persons", "probability", "evidence"}
        assert len(proposal["persons"]) >= 2 and 0.5 <= proposal["probability"] <= 1
        assert proposal["evidence"] and all(isinstance(e, str) for e in proposal["evidence"])
        # a proposal waits either for want of certainty or because names alone carry it
        assert (proposal["asked_because"] is None) == proposal["automatic"]
        if proposal["asked_because"] == "probability":
            assert proposal["probability"] < 0.999
    assert Person.objects.filter(owner=owner).count() == persons
    assert not MergeDecision.objects.filter(owner=owner).exists()


def test_apply_merges_the_automatic_ones_and_leaves_the_rest_to_review(owner, language) -> None:
    before = json.loads(invoke("dedupe", "--json").output)
    automatic = [p for p in before if p["automatic"]]
    assert automatic
    result = invoke("--lang", "fr", "dedupe", "--apply")
    assert result.exit_code == 0, result.output
    assert "fusionné" in result.output  # the summary line, in French
    # a merge can make another sure: --apply goes on until nothing more merges
    assert MergeDecision.objects.filter(owner=owner, decided_by=DecidedBy.AUTO).count() >= len(
        automatic
    )
    after = json.loads(invoke("dedupe", "--json").output)
    assert not [p for p in after if p["automatic"]]


def test_evidence_reads_in_the_chosen_language(owner, language) -> None:
    english = json.loads(invoke("--lang", "en", "dedupe", "--json").output)
    french = json.loads(invoke("--lang", "fr", "dedupe", "--json").output)
    assert english and len(english) == len(french)
    assert any("same" in e or "fits" in e for p in english for e in p["evidence"])
    assert any("même" in e or "correspond" in e for p in french for e in p["evidence"])


def test_the_table_writes_probabilities_as_the_language_does(owner, language) -> None:
    import re

    french = invoke("--lang", "fr", "dedupe").stdout
    english = invoke("--lang", "en", "dedupe").stdout
    assert re.search(r"\d+,\d %", french) and not re.search(r"\d+\.\d%", french)
    assert re.search(r"\d+\.\d%", english)
