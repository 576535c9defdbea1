"""`liens merge`, `liens unmerge` and `liens keep-apart` (`liens split`), run in-process."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from liens.cli.app import app
from liens.errors import UserError
from liens.importers.services import import_path
from liens.people.models import Identity, KeepApart, MergeDecision, Person
from liens.people.services import me_update, person_create

ME = "camille.laurent@gmail.com"


@pytest.fixture
def owner(terminal_user, tmp_path):
    """alice, whose phone knows Zoé by her mobile and whose mailbox by her address."""
    alice = terminal_user
    me_update(owner=alice, name="Camille Laurent", emails=(ME,))
    book = tmp_path / "phone.vcf"
    book.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lefèvre;Zoé;;;\r\nFN:Zoé Lefèvre\r\n"
        "TEL;type=CELL:06 12 34 56 78\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    inbox = tmp_path / "Inbox.mbox"
    inbox.write_text(
        "From - Mon Jan 01 10:00:00 2024\n"
        "From: Zoe L. <zoe@helios.fr>\n"
        f"To: {ME}\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
        "Message-ID: <one@example.org>\n\nbody\n",
        encoding="utf-8",
    )
    import_path(owner=alice, path=book)
    import_path(owner=alice, path=inbox)
    return alice


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def zoe(owner) -> tuple[Person, Person]:
    """Zoé as her phone card and as her mail address: two persons until merged."""
    card = Identity.objects.get(owner=owner, source="vcard").person
    mail = Identity.objects.get(owner=owner, source="mbox", key="email:zoe@helios.fr").person
    return card, mail


def written(owner) -> tuple[int, int, int]:
    return (
        Person.objects.filter(owner=owner).count(),
        MergeDecision.objects.filter(owner=owner).count(),
        KeepApart.objects.filter(owner=owner).count(),
    )


def test_it_merges_two_persons_and_says_into_whom(owner):
    card, mail = zoe(owner)

    done = invoke("merge", str(card.pk), f"#{mail.pk}")

    assert done.exit_code == 0, done.output
    (survivor,) = {i.person for i in Identity.objects.filter(owner=owner).exclude(key="me")}
    assert f"Merged 2 persons into #{survivor.pk} {survivor.display_name}" in done.stdout
    people = json.loads(invoke("people", "--json").stdout)
    assert [p["id"] for p in people] == [survivor.pk]


def test_it_splits_a_merged_person_back_and_lists_the_persons(owner):
    card, mail = zoe(owner)
    merged = json.loads(invoke("merge", str(card.pk), str(mail.pk), "--json").stdout)
    survivor = merged["survivor"]["id"]
    assert sorted(merged["merged"]) == sorted([card.pk, mail.pk])

    done = invoke("unmerge", str(survivor))

    assert done.exit_code == 0, done.output
    assert f"Split #{survivor} " in done.stdout and "into 2 persons:" in done.stdout
    assert f"#{card.pk} Zoé Lefèvre" in done.stdout and f"#{mail.pk} Zoe L." in done.stdout
    assert zoe(owner) == (card, mail)


def test_it_keeps_two_persons_apart_once_under_either_name(owner):
    card, mail = zoe(owner)

    done = invoke("keep-apart", str(card.pk), str(mail.pk))
    again = invoke("--json", "split", str(mail.pk), str(card.pk))

    assert done.exit_code == 0, done.output
    assert f"#{card.pk} Zoé Lefèvre and #{mail.pk} Zoe L. will not be proposed" in done.stdout
    assert again.exit_code == 0, again.output
    assert {p["id"] for p in json.loads(again.stdout)["persons"]} == {card.pk, mail.pk}
    assert KeepApart.objects.filter(owner=owner).count() == 1


def test_it_speaks_french_when_asked(owner, language):
    card, mail = zoe(owner)

    done = invoke("--lang", "fr", "merge", str(card.pk), str(mail.pk))

    assert done.exit_code == 0, done.output
    assert "2 personnes fusionnées en #" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("merge", "{card}", "Zoé"),  # a name, not an id
        ("merge", "{card}", "999999"),  # nobody
        ("merge", "{card}", "{outsider}"),  # charlie's
        ("merge", "{card}", "{card}"),  # one person twice
        ("unmerge", "{card}"),  # one cluster: nothing to split
        ("unmerge", "{outsider}"),
        ("keep-apart", "{card}", "{card}"),
        ("split", "{card}", "{outsider}"),
    ],
)
def test_it_refuses_bad_input_with_one_clear_line_and_writes_nothing(owner, charlie, args):
    card, _mail = zoe(owner)
    outsider = person_create(owner=charlie, name="Zoé Lefèvre")
    before = (written(owner), written(charlie))

    done = invoke(*(a.format(card=card.pk, outsider=outsider.pk) for a in args))

    assert done.exit_code == 1
    assert isinstance(done.exception, UserError)
    assert str(done.exception) and "\n" not in str(done.exception)
    assert (written(owner), written(charlie)) == before
