"""Resolution on stored identities: after each import of the demo's real-format exports, the
sure merges are made and recorded, me is never touched, and every merge comes undone."""

from __future__ import annotations

import pytest

from liens.demo.generator import generate
from liens.importers.services import import_path
from liens.people.merges import person_unmerge
from liens.people.models import DecidedBy, Identity, MergeDecision, Person
from liens.people.resolving import resolution_after_import, resolution_run
from liens.people.services import me_update
from liens.resolution import AUTOMATIC

JP_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Martin;Jean Pierre;;;\r\nFN:Jean Pierre Martin\r\n"
    "ORG:Acme SAS\r\nTEL;type=CELL:06 12 34 56 78\r\nEND:VCARD\r\n"
)
JP_MAIL = (
    "From - Mon Jan 01 10:00:00 2024\n"
    "From: JP Martin <jp.martin@acme.fr>\n"
    "To: {me}\n"
    "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
    "Message-ID: <jp-one@example.org>\n\nbody\n"
)


@pytest.fixture
def network(alice, tmp_path):
    """alice's demo exports, imported one by one, each followed by resolution."""
    files = generate(tmp_path / "demo", size=150, seed=3)
    me_update(owner=alice, name=files.owner_name, emails=files.owner_emails)
    for path in (files.linkedin_zip, files.vcard, files.google_csv, files.mbox, files.ics):
        summary = import_path(owner=alice, path=path)
        resolution_after_import(owner=alice, import_run=summary.import_run)
    return alice, files


def test_imports_merge_the_sure_duplicates_and_record_each_merge(network) -> None:
    owner, _files = network
    decisions = MergeDecision.objects.filter(owner=owner, decided_by=DecidedBy.AUTO)
    assert decisions.exists()
    for decision in decisions:
        assert decision.probability >= AUTOMATIC
        assert decision.evidence and all(pair["evidence"] for pair in decision.evidence)
        identities = {i for group in decision.groups for i in group}
        survivor = set(decision.survivor.identities.values_list("pk", flat=True))
        assert identities <= survivor


def test_me_keeps_only_my_own_identities(network) -> None:
    owner, files = network
    me = Person.objects.get(owner=owner, is_me=True)
    assert not MergeDecision.objects.filter(owner=owner, survivor=me).exists()
    mine = {address.lower() for address in files.owner_emails}
    for identity in me.identities.all():  # my profile, or a card holding my own address
        assert identity.key == "me" or mine & {e.lower() for e in identity.emails}


def test_an_automatic_merge_comes_undone(network) -> None:
    owner, _files = network
    decision = MergeDecision.objects.filter(owner=owner, decided_by=DecidedBy.AUTO).first()
    persons = person_unmerge(owner=owner, person=decision.survivor)
    assert len(persons) >= len(decision.groups)
    decision.refresh_from_db()
    assert decision.undone_at is not None


def test_the_four_spellings_of_a_colleague_become_one_person(network, tmp_path) -> None:
    owner, files = network
    card, inbox = tmp_path / "jp.vcf", tmp_path / "jp.mbox"
    card.write_text(JP_CARD, encoding="utf-8")
    inbox.write_text(JP_MAIL.format(me=files.owner_emails[0]), encoding="utf-8")
    for path in (card, inbox):
        summary = import_path(owner=owner, path=path)
        resolution_after_import(owner=owner, import_run=summary.import_run)
    jp = {
        Identity.objects.get(owner=owner, source="vcard", display_name="Jean Pierre Martin"),
        Identity.objects.get(owner=owner, source="mbox", key="email:jp.martin@acme.fr"),
    }
    persons = {i.person_id for i in jp}
    proposals = resolution_run(owner=owner)
    proposed = [p for p in proposals if persons <= set(p.persons)]
    # one person, or one question away from it: never silently left apart
    assert len(persons) == 1 or proposed
