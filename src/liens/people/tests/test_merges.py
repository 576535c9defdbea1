"""Merging persons and undoing it, on a network imported from real-format files.

Ana Silva reaches liens twice: as a LinkedIn connection (with her Gmail address, messages,
a recommendation and an endorsement) and as a work address in the mailbox and the phone's
address book. Nothing exact ties the two, so she is two persons until the user merges them.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from liens.importers.services import import_path
from liens.interactions.models import Interaction, Invitation, Link, Participant
from liens.interactions.services import LINK_KINDS
from liens.people.merges import MergeError, person_merge, person_unmerge, persons_keep_apart
from liens.people.models import (
    Closeness,
    Education,
    Identity,
    KeepApart,
    MergeDecision,
    Organization,
    Person,
    Position,
)
from liens.people.selectors import keep_apart_pairs
from liens.people.services import me_get_or_create, me_update, person_create
from liens.projects.models import Ask, FollowUp, Opportunity, Referral
from liens.reputation.models import Endorsement, Recommendation
from liens.ties.models import Tie

EXPORT_2024 = Path(__file__).parents[2] / "importers/tests/fixtures/linkedin/export_2024"
ME = "camille.martin@gmail.com"  # the owner of the LinkedIn fixture
ANA_LINKEDIN = "https://www.linkedin.com/in/ana-silva-4b1"
ANA_WORK = "ana@civicminds.org"
THROUGH_IDENTITY = (Participant, Invitation, Recommendation, Endorsement)


def mailbox(path: Path, messages: list[tuple[str, str, str, str]]) -> Path:
    """An mbox of (from, to, cc, message id) messages, a minute apart."""
    lines: list[str] = []
    for n, (sender, to, cc, key) in enumerate(messages):
        lines += [
            "From - Mon Jan 01 10:00:00 2024",
            f"From: {sender}",
            f"To: {to}",
            *([f"Cc: {cc}"] if cc else []),
            f"Date: Mon, 1 Jan 2024 10:{n:02d}:00 +0000",
            f"Message-ID: <{key}@example.org>",
            f"Subject: message {key}",
            "",
            "body",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def import_network(owner, tmp_path: Path) -> None:
    me_update(owner=owner, name="Camille Martin", emails=(ME,))
    import_path(
        owner=owner,
        path=mailbox(
            tmp_path / "Inbox.mbox",
            [
                (f"Ana Silva <{ANA_WORK}>", ME, "", "one"),
                (ME, "Ana <ana.silva@gmail.com>", ANA_WORK, "both"),
                ("Élodie Dubois <elodie@dubois.fr>", ME, ANA_WORK, "three"),
                (ME, "Élodie <elodie@dubois.fr>", "", "four"),
            ],
        ),
    )
    book = tmp_path / "phone.vcf"
    book.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Silva\r\nN:Silva;Ana;;;\r\n"
        f"EMAIL:{ANA_WORK}\r\nTEL;type=CELL:+33 6 11 22 33 44\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_path(owner=owner, path=book)
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(EXPORT_2024.iterdir()):
            text = file.read_text(encoding="utf-8")
            if file.name == "Invitations.csv":  # and Ana invited me
                text += (
                    'Ana Silva,Camille Martin,"12/20/24, 9:00 AM",Hi!,INCOMING,'
                    f"{ANA_LINKEDIN},https://www.linkedin.com/in/camille-martin-1a2b3c\n"
                )
            zipped.writestr(file.name, text)
    import_path(owner=owner, path=archive)


@pytest.fixture
def network(alice, tmp_path):
    import_network(alice, tmp_path)
    return alice


def holder(owner, source: str, key: str) -> Person:
    """The person holding an identity, found by what the source calls it."""
    return Identity.objects.get(owner=owner, source=source, key=key).person


def ana_linkedin(owner) -> Person:
    return holder(owner, "linkedin", ANA_LINKEDIN)


def ana_work(owner) -> Person:
    return holder(owner, "mbox", f"email:{ANA_WORK}")


def elodie_mail(owner) -> Person:
    return holder(owner, "mbox", "email:elodie@dubois.fr")


def elodie_linkedin(owner) -> Person:
    return holder(owner, "linkedin", "https://www.linkedin.com/in/elodie-dubois")


def persons(owner) -> set[tuple[int, frozenset[int]]]:
    """Every person as (id, its identity ids)."""
    found: dict[int, set[int]] = {p.pk: set() for p in Person.objects.filter(owner=owner)}
    for pk, person in Identity.objects.filter(owner=owner).values_list("pk", "person_id"):
        found[person].add(pk)
    return {(pk, frozenset(ids)) for pk, ids in found.items()}


def placed(owner) -> set[tuple[str, int, frozenset[int]]]:
    """Every row named through an identity, with the identities of the person it names."""
    of = {pk: ids for pk, ids in persons(owner)}
    return {
        (model.__name__, pk, of[person])
        for model in THROUGH_IDENTITY
        for pk, person in model.objects.filter(owner=owner).values_list("pk", "person_id")
    }


def test_it_moves_every_kind_of_row_onto_the_survivor(network):
    ana, work = ana_linkedin(network), ana_work(network)
    other = person_create(owner=network, name="Paul Durand")
    org = Organization.objects.create(owner=network, name="CivicMinds", name_key="civicminds")
    Person.objects.filter(pk=work.pk).update(notes="met at a meetup", closeness=Closeness.FRIEND)
    Person.objects.filter(pk=ana.pk).update(notes="")
    Position.objects.create(owner=network, person=work, organization=org, title="Data Lead")
    Education.objects.create(owner=network, person=work, school=org)
    ask = Ask.objects.create(owner=network, person=work, kind="advice", target_person=work)
    follow_up = FollowUp.objects.create(
        owner=network, person=work, action="thank her", due_on=dt.date(2025, 1, 1)
    )
    referral = Referral.objects.create(owner=network, introducer=work, introduced_to=other)
    won = Opportunity.objects.create(owner=network, title="mission")
    won.persons.add(work, ana)
    low, high = sorted((work.pk, other.pk))
    # links typed by hand (the derived kinds are rebuilt from the history after a merge)
    Link.objects.create(owner=network, person_a_id=low, person_b_id=high, kind="knows")
    low, high = sorted((ana.pk, other.pk))
    Link.objects.create(
        owner=network, person_a_id=low, person_b_id=high, kind="knows", reasons=["x"]
    )
    low, high = sorted((ana.pk, work.pk))
    Link.objects.create(owner=network, person_a_id=low, person_b_id=high, kind="family")
    rows = {
        model: set(model.objects.filter(owner=network, person__in=(ana, work)).values_list("pk"))
        for model in (*THROUGH_IDENTITY, Position, Education, Identity)
    }
    assert all(rows.values())
    joined = {frozenset(p.identities.values_list("pk", flat=True)) for p in (ana, work)}
    assert Recommendation.objects.filter(person=ana).exists()
    assert Endorsement.objects.filter(person=ana).exists()

    survivor = person_merge(owner=network, persons=[ana, work])

    assert survivor.pk in (ana.pk, work.pk)
    gone = work if survivor.pk == ana.pk else ana
    assert not Person.objects.filter(pk=gone.pk).exists()
    for model, before in rows.items():
        after = set(model.objects.filter(owner=network, person=survivor).values_list("pk"))
        if model is Participant:  # the message to both of her addresses names her once
            assert len(before - after) == 1 and after < before
        else:
            assert after == before, model.__name__
    both = Interaction.objects.get(owner=network, key="both@example.org")
    assert list(both.participants.values_list("person", flat=True)) == [survivor.pk]
    ask.refresh_from_db()
    follow_up.refresh_from_db()
    referral.refresh_from_db()
    assert (ask.person_id, ask.target_person_id, follow_up.person_id) == (survivor.pk,) * 3
    assert referral.introducer_id == survivor.pk
    assert list(won.persons.all()) == [survivor]
    links = Link.objects.filter(owner=network).exclude(kind__in=LINK_KINDS)
    assert [(lk.kind, lk.weight, lk.reasons) for lk in links] == [("knows", 2.0, ["x"])]
    survivor.refresh_from_db()
    assert (survivor.notes, survivor.closeness) == ("met at a meetup", Closeness.FRIEND)
    assert Tie.objects.filter(owner=network, person=survivor).exists()
    assert not Tie.objects.filter(owner=network, person=gone.pk).exists()
    decision = MergeDecision.objects.get(owner=network)
    assert decision.decided_by == "user" and decision.probability is None
    assert decision.undone_at is None
    assert {frozenset(group) for group in decision.groups} == joined


def test_unmerge_gives_back_the_persons_as_they_were_and_each_row_to_its_identity(network):
    before_persons, before_rows = persons(network), placed(network)
    ana, work = ana_linkedin(network), ana_work(network)
    Person.objects.filter(pk=work.pk).update(notes="met at a meetup")
    work.refresh_from_db()

    survivor = person_merge(owner=network, persons=[work, ana])
    back = person_unmerge(owner=network, person=survivor)

    assert persons(network) == before_persons
    assert placed(network) == before_rows
    assert back[0].pk == survivor.pk
    assert {p.pk for p in back} == {ana.pk, work.pk}
    restored = Person.objects.get(pk=work.pk)
    assert (restored.display_name, restored.notes) == (work.display_name, "met at a meetup")
    assert Person.objects.get(pk=ana.pk).notes == ""
    assert MergeDecision.objects.get(owner=network).undone_at is not None
    assert {t.person_id for t in Tie.objects.filter(owner=network)} >= {ana.pk, work.pk}


def test_the_participant_a_merge_had_to_delete_comes_back(network):
    ana, work = ana_linkedin(network), ana_work(network)
    both = Interaction.objects.get(owner=network, key="both@example.org")
    assert set(both.participants.values_list("person", flat=True)) == {ana.pk, work.pk}

    survivor = person_merge(owner=network, persons=[ana, work])
    assert both.participants.count() == 1
    person_unmerge(owner=network, person=survivor)

    assert set(both.participants.values_list("person", flat=True)) == {ana.pk, work.pk}


def test_a_row_imported_after_the_merge_goes_to_its_identitys_person(network, tmp_path):
    ana, work = ana_linkedin(network), ana_work(network)
    survivor = person_merge(owner=network, persons=[ana, work])
    import_path(
        owner=network,
        path=mailbox(
            tmp_path / "Later.mbox",
            [
                (f"Ana <{ANA_WORK}>", ME, "", "later-work"),
                ("Ana <ana.silva@gmail.com>", ME, "", "later-gmail"),
            ],
        ),
    )
    later = Interaction.objects.filter(owner=network, key__startswith="later-")
    assert set(Participant.objects.filter(interaction__in=later).values_list("person", flat=True))
    assert {p.person_id for p in Participant.objects.filter(interaction__in=later)} == {survivor.pk}

    person_unmerge(owner=network, person=survivor)

    who = dict(later.values_list("key", "participants__person"))
    assert who == {"later-work@example.org": work.pk, "later-gmail@example.org": ana.pk}


def test_merges_undo_in_one_unmerge_however_many_were_made(network):
    before_persons, before_rows = persons(network), placed(network)
    ana, work, elodie = ana_linkedin(network), ana_work(network), elodie_mail(network)
    first = person_merge(owner=network, persons=[ana, work])
    second = person_merge(owner=network, persons=[elodie, first])

    back = person_unmerge(owner=network, person=second)

    assert {p.pk for p in back} == {ana.pk, work.pk, elodie.pk}
    assert persons(network) == before_persons
    assert placed(network) == before_rows
    assert not MergeDecision.objects.filter(owner=network, undone_at=None).exists()


def test_an_invitation_follows_its_identity(network):
    before_rows = placed(network)
    mail, linkedin = elodie_mail(network), elodie_linkedin(network)
    assert Invitation.objects.filter(person=linkedin).exists()

    survivor = person_merge(owner=network, persons=[mail, linkedin])
    assert Invitation.objects.filter(person=survivor).exists()
    person_unmerge(owner=network, person=survivor)

    assert placed(network) == before_rows


def test_me_survives_a_merge_and_never_takes_part(network, tmp_path):
    import_path(
        owner=network,
        path=mailbox(
            tmp_path / "Old.mbox",
            [("Paul <paul@durand.fr>", ME, "Camille <camille@martin-conseil.fr>", "cc")],
        ),
    )
    # an address of mine liens was never told about: a person of its own
    old = holder(network, "mbox", "email:camille@martin-conseil.fr")
    me = me_get_or_create(owner=network)
    assert not old.is_me
    assert Participant.objects.filter(person=old).exists()
    before_persons, before_rows = persons(network), placed(network)

    survivor = person_merge(owner=network, persons=[old, me])

    assert survivor.pk == me.pk and survivor.is_me
    assert not Participant.objects.filter(person=me).exists()
    back = person_unmerge(owner=network, person=me)
    assert back[0].pk == me.pk and back[0].is_me
    assert persons(network) == before_persons
    assert placed(network) == before_rows


def test_an_automatic_merge_leaves_me_and_the_pairs_kept_apart_alone(network):
    ana, work = ana_linkedin(network), ana_work(network)
    persons_keep_apart(owner=network, a=ana, b=work)

    with pytest.raises(MergeError):
        person_merge(owner=network, persons=[ana, work], decided_by="auto", probability=0.99)
    with pytest.raises(MergeError):
        person_merge(
            owner=network,
            persons=[ana, me_get_or_create(owner=network)],
            decided_by="auto",
            probability=0.99,
        )

    assert not MergeDecision.objects.filter(owner=network).exists()
    survivor = person_merge(owner=network, persons=[ana, work])  # the user may still
    assert survivor.pk in (ana.pk, work.pk)


def test_another_owners_person_cannot_be_merged_and_nothing_is_written(network, charlie):
    intruder = person_create(owner=charlie, name="Ana Silva")
    ana = ana_linkedin(network)
    before = (persons(network), placed(network), persons(charlie))

    with pytest.raises(MergeError, match="no such person"):
        person_merge(owner=network, persons=[ana, intruder])
    with pytest.raises(MergeError, match="no such person"):
        person_merge(owner=charlie, persons=[intruder, ana])
    with pytest.raises(MergeError, match="no such person"):
        person_unmerge(owner=charlie, person=ana)

    assert (persons(network), placed(network), persons(charlie)) == before
    assert not MergeDecision.objects.exists()


def test_it_refuses_fewer_than_two_persons_and_a_person_made_of_one_cluster(network):
    ana = ana_linkedin(network)

    with pytest.raises(MergeError):
        person_merge(owner=network, persons=[ana, ana])
    with pytest.raises(MergeError, match="nothing to unmerge"):
        person_unmerge(owner=network, person=ana)  # her connection and Gmail share a key


def test_keep_apart_pairs_are_stored_once_in_order(network, bob):
    ana, work = ana_linkedin(network), ana_work(network)

    first = persons_keep_apart(owner=network, a=work, b=ana)
    again = persons_keep_apart(owner=network, a=ana, b=work)

    assert first.pk == again.pk
    assert KeepApart.objects.filter(owner=network).count() == 1
    ((a, b),) = keep_apart_pairs(network)
    assert a < b
    assert Identity.objects.get(pk=a).person_id in (ana.pk, work.pk)
    assert {Identity.objects.get(pk=a).person_id, Identity.objects.get(pk=b).person_id} == {
        ana.pk,
        work.pk,
    }
    assert keep_apart_pairs(bob) == set()
    with pytest.raises(MergeError):
        persons_keep_apart(owner=network, a=ana, b=ana)
    with pytest.raises(MergeError, match="no such person"):
        persons_keep_apart(owner=bob, a=ana, b=work)


def test_two_persons_an_import_left_sharing_an_address_come_back_as_they_were(alice, tmp_path):
    # A card with only Ana's work address is a person; a card with her profile and the same
    # address joins her LinkedIn connection (the first key matched wins). The shared
    # address alone would make one cluster of all three: the merge's record keeps two.
    me_update(owner=alice, name="Camille Martin", emails=(ME,))
    archive = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for file in sorted(EXPORT_2024.iterdir()):
            zipped.write(file, file.name)
    import_path(owner=alice, path=archive)
    book = tmp_path / "phone.vcf"
    book.write_text(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:work\r\nFN:Ana Silva\r\nEMAIL:{ANA_WORK}\r\n"
        "END:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:profile\r\nFN:Ana S.\r\nURL:{ANA_LINKEDIN}\r\n"
        f"EMAIL:{ANA_WORK}\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    import_path(owner=alice, path=book)
    card = Identity.objects.get(owner=alice, source="vcard", display_name="Ana Silva").person
    linkedin = ana_linkedin(alice)
    profile_card = Identity.objects.get(owner=alice, source="vcard", display_name="Ana S.")
    assert card != linkedin and profile_card.person == linkedin
    before_persons, before_rows = persons(alice), placed(alice)

    survivor = person_merge(owner=alice, persons=[card, linkedin])
    person_unmerge(owner=alice, person=survivor)

    assert persons(alice) == before_persons
    assert placed(alice) == before_rows
