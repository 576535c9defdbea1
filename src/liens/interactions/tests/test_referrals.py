"""Introductions read from a mailbox: who put me in touch with whom (section 7 of the
diagnosis, and the "introduced" links of the person graph)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from liens.cli.app import app
from liens.importers.services import import_path
from liens.interactions.models import Link
from liens.interactions.referrals import referrals_detect
from liens.people.merges import person_merge
from liens.people.models import Person
from liens.people.services import me_update
from liens.projects.models import Referral

ME = "Camille Laurent <camille.laurent@gmail.com>"
SOPHIE = "Sophie Bernard <sophie.bernard@acme.fr>"  # a client I know
JULIEN = "Julien Moreau <julien.moreau@globex.fr>"  # her contact, new to me
LEA = "Léa Petit <lea.petit@initech.fr>"


def _mbox(path: Path, *messages: tuple[str, str, str, str, str]) -> Path:
    """(date, from, to, cc, message id) → an mbox file as a mail client exports it."""
    lines = []
    for when, sender, to, cc, message_id in messages:
        lines += [
            "From - Mon Mar 02 10:00:00 2026",
            f"From: {sender}",
            f"To: {to}",
            *([f"Cc: {cc}"] if cc else []),
            f"Date: {when}",
            f"Message-ID: <{message_id}>",
            "Subject: Mise en relation",
            "",
            "Je vous présente l'un à l'autre.",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _imported(owner, path: Path) -> set[tuple[str, str, str]]:
    me_update(owner=owner, name="Camille Laurent", emails=["camille.laurent@gmail.com"])
    import_path(owner=owner, path=path, format_name="mbox")
    return _referrals(owner)


def _referrals(owner) -> set[tuple[str, str, str]]:
    return {
        (r.introducer.display_name, r.introduced_to.display_name, str(r.occurred_on))
        for r in Referral.objects.filter(owner=owner).select_related("introducer", "introduced_to")
    }


def test_it_reads_an_introduction_by_someone_i_know_to_someone_new(alice, tmp_path):
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
            ("Wed, 11 Mar 2026 09:00:00 +0000", JULIEN, ME, "", "j1@globex.fr"),
        ),
    )
    assert found == {("Sophie Bernard", "Julien Moreau", "2026-03-10")}
    sophie, julien = (Person.objects.get(owner=alice, display_name=n) for n in found.pop()[:2])
    pair = sorted([sophie.pk, julien.pk])
    assert Link.objects.filter(
        owner=alice, kind="introduced", person_a_id=pair[0], person_b_id=pair[1]
    ).exists()


def test_it_finds_the_new_person_in_copy_too(alice, tmp_path):
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, ME, JULIEN, "s2@acme.fr"),
        ),
    )
    assert found == {("Sophie Bernard", "Julien Moreau", "2026-03-10")}


def test_it_does_not_call_a_message_to_someone_i_already_knew_an_introduction(alice, tmp_path):
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 3 Mar 2026 10:00:00 +0000", JULIEN, ME, "", "j1@globex.fr"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
        ),
    )
    assert found == set()


def test_it_does_not_take_a_stranger_copying_a_colleague_for_an_introducer(alice, tmp_path):
    """A cold message from someone new, copying a colleague, introduces nobody."""
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
        ),
    )
    assert found == set()


def test_it_does_not_read_an_announcement_to_many_as_introductions(alice, tmp_path):
    many = ", ".join(f"Contact {i} <contact{i}@example.org>" for i in range(4))
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {many}", "", "s2@acme.fr"),
        ),
    )
    assert found == set()


def test_a_second_import_keeps_one_introduction_and_those_typed_by_hand(alice, tmp_path):
    mail = _mbox(
        tmp_path / "mail.mbox",
        ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
        ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
    )
    _imported(alice, mail)
    sophie = Person.objects.get(owner=alice, display_name="Sophie Bernard")
    lea = Person.objects.create(owner=alice, display_name="Léa Petit")
    Referral.objects.create(owner=alice, introducer=sophie, introduced_to=lea, note="salon RH")
    found = _imported(alice, mail)
    assert found == {
        ("Sophie Bernard", "Julien Moreau", "2026-03-10"),
        ("Sophie Bernard", "Léa Petit", "None"),
    }
    assert referrals_detect(owner=alice) == 1


def test_a_merge_with_an_older_record_makes_the_person_no_longer_new(alice, tmp_path):
    """Julien wrote from his own address before; once both records are one person, Sophie's
    message no longer introduces him."""
    found = _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 3 Mar 2026 10:00:00 +0000", "J. Moreau <jm@gmail.com>", ME, "", "j0@gmail.com"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
        ),
    )
    assert found == {("Sophie Bernard", "Julien Moreau", "2026-03-10")}
    julien = Person.objects.get(owner=alice, display_name="Julien Moreau")
    other = Person.objects.get(owner=alice, display_name="J. Moreau")
    person_merge(owner=alice, persons=[julien, other])
    assert _referrals(alice) == set()


def test_show_says_who_made_the_introduction_both_ways(alice, tmp_path, terminal_user, language):
    _imported(
        alice,
        _mbox(
            tmp_path / "mail.mbox",
            ("Mon, 2 Mar 2026 10:00:00 +0000", SOPHIE, ME, "", "s1@acme.fr"),
            ("Tue, 10 Mar 2026 09:00:00 +0000", SOPHIE, f"{ME}, {JULIEN}", "", "s2@acme.fr"),
        ),
    )
    julien = CliRunner().invoke(app, ["--lang", "en", "show", "Julien Moreau"])
    assert "introduced to you by: Sophie Bernard (2026-03-10)" in julien.output
    sophie = CliRunner().invoke(app, ["--lang", "fr", "show", "Sophie Bernard", "--json"])
    assert json.loads(sophie.output)["introduced"] == [
        {
            "id": Person.objects.get(display_name="Julien Moreau").pk,
            "name": "Julien Moreau",
            "on": "2026-03-10",
        }
    ]
