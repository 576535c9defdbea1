"""Contacts, calendars (and later mailboxes) imported through the service, on demo files.

The demo generator writes real-format files and says, in truth.json, which identities in
which files belong to the same person; exact keys (email, E.164 phone, profile URL) must
bring those together and nothing else.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from liens.importers.services import import_path
from liens.interactions.models import Interaction, Link
from liens.people.models import Identity, Person
from liens.people.services import me_update


def counts(owner) -> tuple[int, int, int]:
    return (
        Person.objects.filter(owner=owner).count(),
        Identity.objects.filter(owner=owner).count(),
        Interaction.objects.filter(owner=owner).count(),
    )


@pytest.mark.parametrize("which", ["vcard", "google_csv", "mbox", "ics"])
def test_it_imports_each_demo_file_once_and_nothing_more_the_second_time(demo_owner, demo, which):
    path = getattr(demo, which)
    first = import_path(owner=demo_owner, path=path)
    assert first.errors == [] and first.identities_added > 0
    before = counts(demo_owner)

    again = import_path(owner=demo_owner, path=path)

    assert counts(demo_owner) == before
    assert (again.identities_added, again.identities_updated, again.interactions_added) == (0, 0, 0)


def test_it_brings_a_persons_identities_together_by_exact_keys_and_no_one_else(demo_owner, demo):
    # LinkedIn last: a contact row holding both an address of a card and a profile URL
    # would otherwise point at two persons; joining those is identity resolution's job.
    for path in (demo.vcard, demo.google_csv, demo.linkedin_zip):
        import_path(owner=demo_owner, path=path)
    truth = demo.truth()

    def stored(identity: dict) -> Identity:
        return Identity.objects.get(
            owner=demo_owner, source=identity["source"], source_line=identity["line"]
        )

    # A phone card and a Google contact sharing an address or a mobile (in any format).
    together = 0
    for person in truth["persons"]:
        card = [i for i in person["identities"] if i["source"] == "vcard"]
        row = [i for i in person["identities"] if i["source"] == "google_csv"]
        if card and row and (set(card[0]["emails"]) & set(row[0]["emails"])):
            assert stored(card[0]).person_id == stored(row[0]).person_id, person["name"]
            together += 1
    assert together > 0
    # And no person gathers identities of two different true persons.
    true_persons_of: dict[int, set[str]] = {}
    for p in truth["persons"]:
        for i in p["identities"]:
            if i["source"] == "linkedin":
                for identity in Identity.objects.filter(
                    owner=demo_owner, source="linkedin", key=i["key"]
                ):
                    true_persons_of.setdefault(identity.person_id, set()).add(p["id"])
    assert true_persons_of
    assert all(len(ids) == 1 for ids in true_persons_of.values())


def test_it_turns_calendar_meetings_into_interactions_and_links_between_attendees(demo_owner, demo):
    summary = import_path(owner=demo_owner, path=demo.ics)

    channels = Counter(
        Interaction.objects.filter(owner=demo_owner, source="ics").values_list("channel", flat=True)
    )
    assert channels["video"] > 0 and channels["in_person"] > 0
    assert summary.excluded.get("declined", 0) + summary.excluded.get("alone", 0) > 0
    me = Person.objects.get(owner=demo_owner, is_me=True)
    assert not Interaction.objects.filter(owner=demo_owner, participants__person=me).exists()
    group_meetings = [
        i
        for i in Interaction.objects.filter(
            owner=demo_owner, source="ics", channel__in=("in_person", "video")
        )
        if i.participants.count() >= 2
    ]
    if group_meetings:
        assert Link.objects.filter(owner=demo_owner, kind="met").exists()


def test_it_links_each_email_reply_to_the_message_it_answers(demo_owner, demo):
    summary = import_path(owner=demo_owner, path=demo.mbox)

    emails = Interaction.objects.filter(owner=demo_owner, source="mbox")
    replies = emails.exclude(reply_to_key="")
    linked = replies.exclude(reply_to=None)
    assert linked.count() > 0
    for reply in linked.select_related("reply_to")[:50]:
        assert reply.reply_to.key == reply.reply_to_key
        assert reply.reply_to.occurred_at <= reply.occurred_at
    # Newsletters, lists and automatic replies are counted, not turned into relationships.
    truth = demo.truth()
    assert sum(summary.excluded.values()) > 0
    senders = {s.lower() for s in truth["non_person_senders"]}
    assert not Identity.objects.filter(
        owner=demo_owner, source="mbox", key__in=[f"email:{s}" for s in senders]
    ).exists()
    # My own messages are outbound, and I am never a participant.
    directions = set(emails.values_list("direction", flat=True))
    assert directions == {"inbound", "outbound"}
    me = Person.objects.get(owner=demo_owner, is_me=True)
    assert not emails.filter(participants__person=me).exists()


def _message(n: int) -> list[str]:
    """The lines of message number `n`, from Person n to me."""
    return [
        "From - Mon Jan 01 10:00:00 2024",
        f"From: Person {n} <person{n}@example.org>",
        "To: camille.laurent@gmail.com",
        f"Date: Mon, 1 Jan 2024 10:{n % 60:02d}:00 +0000",
        f"Message-ID: <m{n}@example.org>",
        f"Subject: message {n}",
        "",
        "body",
        "",
    ]


def _mailbox(path: Path, numbers: list[int]) -> None:
    path.write_text("\n".join(line for n in numbers for line in _message(n)))


def _mailbox_with_a_bad_date_at_the_end(path: Path, messages: int) -> int:
    """`messages` good messages, then one whose Date cannot be read; returns its line."""
    lines = [line for n in range(messages) for line in _message(n)]
    bad_line = len(lines) + 1
    lines += [
        "From - Mon Jan 01 10:00:00 2024",
        "From: Late <late@example.org>",
        "To: camille.laurent@gmail.com",
        "Date: the day after tomorrow",
        "Message-ID: <late@example.org>",
        "",
        "body",
        "",
    ]
    path.write_text("\n".join(lines))
    return bad_line


@pytest.fixture
def small_parts(monkeypatch):
    from liens.importers.formats import mbox

    monkeypatch.setattr(mbox, "PART_RECORDS", 7)


def test_a_bad_message_late_in_a_streamed_mailbox_leaves_the_database_as_it_was(
    alice, tmp_path, small_parts
):
    from liens.importers.models import ImportRun
    from liens.importers.services import InvalidRecords

    me_update(owner=alice, emails=("camille.laurent@gmail.com",))
    path = tmp_path / "Inbox.mbox"
    bad_line = _mailbox_with_a_bad_date_at_the_end(path, 40)
    before = counts(alice)

    with pytest.raises(InvalidRecords) as failure:
        import_path(owner=alice, path=path)

    assert f"Inbox.mbox:{bad_line}" in str(failure.value)
    assert counts(alice) == before
    assert not ImportRun.objects.filter(owner=alice).exists()


def test_skip_invalid_imports_a_streamed_mailbox_part_by_part_and_lists_the_bad_message(
    alice, tmp_path, small_parts
):
    me_update(owner=alice, emails=("camille.laurent@gmail.com",))
    path = tmp_path / "Inbox.mbox"
    bad_line = _mailbox_with_a_bad_date_at_the_end(path, 40)
    seen: list[tuple] = []

    summary = import_path(
        owner=alice, path=path, skip_invalid=True, progress=lambda *a: seen.append(a)
    )

    assert summary.interactions_added == 40
    assert summary.files == ["Inbox.mbox"]
    assert [(e["file"], e["line"]) for e in summary.errors] == [("Inbox.mbox", bad_line)]
    streamed = [a for a in seen if a[-1] == "bytes"]
    assert len(streamed) >= 40 // 7  # one report per part, in bytes of the file
    assert streamed[-1][1:3] == (path.stat().st_size, path.stat().st_size)
    assert Person.objects.filter(owner=alice, is_me=False).count() == 40


def test_a_message_found_in_two_parts_or_two_mailboxes_is_stored_once(alice, tmp_path, small_parts):
    # Takeout puts a message in every label's mailbox; Thunderbird keeps copies in folders
    me_update(owner=alice, emails=("camille.laurent@gmail.com",))
    inbox, archive = tmp_path / "Inbox.mbox", tmp_path / "All mail.mbox"
    _mailbox(inbox, [*range(20), 3, 11])  # repeats after the first parts of 7
    _mailbox(archive, [*range(10, 30), 25, 12])

    first = import_path(owner=alice, path=inbox)
    second = import_path(owner=alice, path=archive)
    again = import_path(owner=alice, path=archive)

    assert (first.interactions_added, second.interactions_added) == (20, 10)
    assert again.interactions_added == 0
    keys = list(Interaction.objects.filter(owner=alice).values_list("key", flat=True))
    assert sorted(keys) == sorted(f"m{n}@example.org" for n in range(30))


def test_a_person_written_to_at_two_addresses_takes_part_once(alice, tmp_path):
    me_update(owner=alice, emails=("camille.laurent@gmail.com",))
    book = tmp_path / "contacts.vcf"
    book.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ana Silva\nEMAIL:ana@silva.pt\n"
        "EMAIL:ana.silva@helios.fr\nEND:VCARD\n"
    )
    mailbox = tmp_path / "Sent.mbox"
    mailbox.write_text(
        "From - Mon Jan 01 10:00:00 2024\n"
        "From: Camille Laurent <camille.laurent@gmail.com>\n"
        "To: Ana <ana.silva@helios.fr>, Bob Durand <bob@durand.fr>\n"
        "Cc: ana@silva.pt\n"
        "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
        "Message-ID: <one@example.org>\n\nbody\n"
    )
    import_path(owner=alice, path=book)
    import_path(owner=alice, path=mailbox)

    (email,) = Interaction.objects.filter(owner=alice, source="mbox")
    taking_part = sorted(email.participants.values_list("person__display_name", "role"))
    assert taking_part == [("Ana Silva", "to"), ("Bob Durand", "to")]
