"""The mbox parser on hand-written mailboxes in the shapes of Takeout, Thunderbird, Apple Mail,
GYB and Entourage (research/formats.md §2), and on the demo generator's Takeout mailbox.

Fixtures under fixtures/mbox/ were typed from the documented formats, then given their real
line ends: takeout.mbox is CRLF, thunderbird-Inbox has the first 3 lines of each message in LF
and the rest in CRLF (import-export-tools-ng #607), entourage-cr.mbox is CR only.
"""

from __future__ import annotations

import email.utils
import mailbox
import random
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liens.importers.base import (
    ImportContext,
    ImportFailure,
    InteractionBatch,
    ParsedFile,
    RawInteraction,
    RawProfile,
    RecordError,
)
from liens.importers.formats import mbox, mbox_scan
from liens.importers.formats.mbox_headers import addresses, decode_words, split_labels, text
from liens.importers.normalize import email_key

FIXTURES = Path(__file__).parent / "fixtures" / "mbox"
GMAIL = "camille.laurent@gmail.com"
PRO = "camille@laurent-conseil.fr"
ME = ImportContext(my_emails=frozenset({email_key(GMAIL), email_key(PRO)}))


class Parsed:
    """Every part of one parse, merged."""

    def __init__(self, parts: list[ParsedFile]) -> None:
        self.parts = parts
        self.records = [
            r
            for p in parts
            for b in p.records
            if isinstance(b, InteractionBatch)
            for r in b.records()
        ]
        self.profiles = [r for p in parts for r in p.records if isinstance(r, RawProfile)]
        self.errors: list[RecordError] = [e for p in parts for e in p.errors]
        self.excluded: dict[str, int] = {}
        for p in parts:
            for k, v in p.excluded.items():
                self.excluded[k] = self.excluded.get(k, 0) + v
        self.by_key = {r.key: r for r in self.records}

    def subject(self, subject: str) -> RawInteraction:
        (found,) = [r for r in self.records if r.subject == subject]
        return found


def parse(path: Path, context: ImportContext | None = ME, **knobs: int) -> Parsed:
    return Parsed(list(mbox.parse_mbox(path, context, **knobs)))


def line_of(path: Path, needle: bytes, nth: int = 1) -> int:
    """1-based number of the line holding the nth occurrence of `needle` (any line end)."""
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    pos = -1
    for _ in range(nth):
        pos = data.index(needle, pos + 1)
    return data.count(b"\n", 0, pos) + 1


def at(text_date: str) -> datetime:
    return email.utils.parsedate_to_datetime(text_date).astimezone(UTC)


# --- detection and refusal ----------------------------------------------------------------------


def test_it_detects_mbox_files_and_apple_export_folders(tmp_path: Path) -> None:
    for name in ("takeout.mbox", "thunderbird-Inbox", "Export.mbox", "gyb.mbox"):
        assert mbox.detect(FIXTURES / name), name
    assert mbox.detect(FIXTURES / "entourage-cr.mbox")
    (tmp_path / "empty.mbox").write_bytes(b"")
    for path in (
        FIXTURES / "not-mbox.txt",
        FIXTURES / "prose.txt",  # "From the desk of…" followed by prose, not a header
        FIXTURES / "message.eml",  # starts with the "From:" header, not a separator
        FIXTURES,  # a folder without a file named mbox
        tmp_path / "empty.mbox",
        tmp_path / "missing.mbox",
    ):
        assert not mbox.detect(path), path


def test_it_refuses_a_file_that_is_not_an_mbox() -> None:
    for name in ("not-mbox.txt", "prose.txt", "message.eml"):
        with pytest.raises(ImportFailure) as caught:
            parse(FIXTURES / name)
        assert caught.value.line == 1
        assert caught.value.file == name
    with pytest.raises(ImportFailure):
        parse(FIXTURES)


def test_it_reads_an_empty_file_as_an_empty_mailbox(tmp_path: Path) -> None:
    (tmp_path / "Trash").write_bytes(b"")
    parsed = parse(tmp_path / "Trash")
    assert parsed.records == [] and parsed.errors == [] and len(parsed.parts) == 1


# --- Takeout ------------------------------------------------------------------------------------


def test_it_reads_takeout_headers_into_interactions() -> None:
    path = FIXTURES / "takeout.mbox"
    parsed = parse(path)
    first = parsed.records[0]
    assert first.source == "mbox" and first.channel == "email" and first.summary == ""
    assert first.key == "CAK7x2Lq+RtY0nB_9cQeW@mail.gmail.com"  # local part kept, domain lowered
    assert first.subject == "Café la semaine prochaine ?"
    assert first.occurred_at == at("Tue, 5 Mar 2024 10:12:44 +0100")
    assert first.occurred_at.tzinfo is not None and first.occurred_at.utcoffset() == timedelta(0)
    assert first.line == line_of(path, b"From 1781234567890123401@xxx Tue Mar 05 09:12")
    assert first.direction == "outbound"
    assert [(p.name, p.email, p.role) for p in first.participants] == [
        ("Gaëlle Dupré", "gaelle.dupre@example.fr", "to")
    ]
    reply = parsed.by_key["5F1E2D3C.4B5A6978@example.fr"]
    assert reply.direction == "inbound"
    assert reply.line == line_of(path, b"From 1781234567890123401@xxx Tue Mar 05 14:03")
    assert [(p.name, p.role) for p in reply.participants] == [("Gaëlle Dupré", "sender")]


def test_it_decodes_rfc2047_names_in_q_and_b_utf8_and_latin1() -> None:
    takeout = parse(FIXTURES / "takeout.mbox")
    names = {p.email.lower(): p.name for r in takeout.records for p in r.participants}
    assert names["gaelle.dupre@example.fr"] == "Gaëlle Dupré"  # Q UTF-8 and B ISO-8859-1
    assert names["zoe.ostlund@example.se"] == "Zoë Östlund"  # B UTF-8
    assert names["frederic.noel@example.com"] == "Frédéric Noël"  # Q ISO-8859-1
    assert names["chloe.bernard@example.com"] == "Chloé Bernard"  # raw UTF-8 header
    assert takeout.subject("Réunion budget 2024 — suite")
    thunderbird = parse(FIXTURES / "thunderbird-Inbox")
    cc = [p for r in thunderbird.records for p in r.participants if p.role == "cc"]
    assert [(p.name, p.email) for p in cc] == [("Léa Morel", "lea.morel@example.org")]


def test_it_joins_encoded_words_split_inside_a_character() -> None:
    assert decode_words("=?UTF-8?Q?=C3?= =?UTF-8?Q?=A9t=C3=A9?=") == "été"
    assert decode_words("=?utf-8?q?a?= b =?utf-8?b?Yw==?=") == "a b c"
    assert decode_words("=?UTF-8?Q?Caf=C3=A9?=\t=?ISO-8859-1?Q?_cr=E8me?=") == "Café crème"
    assert decode_words("=?x-unknown?Q?abc?=") == "abc"
    assert decode_words("no words here =?") == "no words here =?"


def test_it_splits_gmail_labels_after_decoding_them() -> None:
    assert split_labels("=?UTF-8?Q?Sent,R=C3=A9seau?=") == ("Sent", "Réseau")
    assert split_labels("=?UTF-8?Q?=C3=85pnet,Kategori:_Reklame?=") == (
        "Åpnet",
        "Kategori: Reklame",
    )
    assert split_labels('"Clients, 2024",Inbox, Important') == (
        "Clients, 2024",
        "Inbox",
        "Important",
    )
    assert split_labels(text(b"Inbox,\r\n Category Updates,\r\n\tOpened\r")) == (
        "Inbox",
        "Category Updates",
        "Opened",
    )
    assert split_labels("Boîte de réception,Ouvert") == ("Boîte de réception", "Ouvert")


def test_it_reads_addresses_with_quotes_comments_and_groups() -> None:
    assert addresses('"Martin, Paul" <paul@example.com>, anne@example.com') == (
        ("Martin, Paul", "paul@example.com"),
        ("", "anne@example.com"),
    )
    assert addresses("john@example.com (John Doe)") == (("John Doe", "john@example.com"),)
    assert addresses("undisclosed-recipients:;") == ()
    assert addresses('"Le \\"Boss\\"" <boss@example.com>') == (('Le "Boss"', "boss@example.com"),)
    assert addresses("=?UTF-8?Q?Dupr=C3=A9,_Ga=C3=ABlle?= <g@example.fr>") == (
        ("Dupré, Gaëlle", "g@example.fr"),
    )
    assert addresses("not an address, <>") == ()


def test_it_unfolds_a_to_with_30_recipients_and_leaves_me_out() -> None:
    parsed = parse(FIXTURES / "takeout.mbox")
    budget = parsed.subject("Réunion budget 2024 — suite")
    roles = [p.role for p in budget.participants]
    assert roles.count("to") == 30 and roles.count("cc") == 1
    emails = [p.email for p in budget.participants]
    assert len(set(emails)) == len(emails)  # Anne is in To and Cc: listed once, as "to"
    assert budget.participants[0].name == "Martin, Paul"
    assert not {email_key(e) for e in emails} & ME.my_emails
    assert budget.direction == "outbound"  # sent from my second address


def test_it_links_replies_and_threads() -> None:
    parsed = parse(FIXTURES / "takeout.mbox")
    first = parsed.by_key["CAK7x2Lq+RtY0nB_9cQeW@mail.gmail.com"]
    reply = parsed.by_key["5F1E2D3C.4B5A6978@example.fr"]
    third = parsed.by_key["CAK7x2Lq+Third0001@mail.gmail.com"]
    assert reply.reply_to_key == first.key
    assert third.reply_to_key == reply.key  # no In-Reply-To: the last References id
    assert {first.thread_key, reply.thread_key, third.thread_key} == {"1781234567890123401"}
    thunderbird = parse(FIXTURES / "thunderbird-Inbox")
    answer = thunderbird.by_key["sent-1@laurent-conseil.fr"]
    assert answer.reply_to_key == "20220705164410.GA1234@example.org"
    assert answer.thread_key == thunderbird.by_key[answer.reply_to_key].thread_key


def test_it_keeps_chat_items_without_sender_out() -> None:
    parsed = parse(FIXTURES / "takeout.mbox")
    assert parsed.excluded["no_sender"] == 1
    assert not [r for r in parsed.records if r.subject == "Chat"]
    assert parsed.excluded["spam"] == 1


def test_it_reads_chat_items_with_a_sender_as_messages() -> None:
    parsed = parse(FIXTURES / "chat.mbox")
    assert parsed.excluded == {"no_sender": 1}
    (chat,) = parsed.records
    assert chat.channel == "message" and chat.direction == "inbound"
    assert [(p.name, p.role) for p in chat.participants] == [("Paul Martin", "sender")]


def test_it_keys_a_message_without_message_id_from_its_headers(tmp_path: Path) -> None:
    path = FIXTURES / "takeout.mbox"
    record = parse(path).subject("Sans identifiant")
    assert record.key.startswith("h:")
    assert record.thread_key == "1781300000000000004"
    moved = tmp_path / "newer.mbox"  # a newer export: other messages around it
    moved.write_bytes((FIXTURES / "gyb.mbox").read_bytes() + b"\n" + path.read_bytes())
    again = parse(moved).subject("Sans identifiant")
    assert again.key == record.key and again.line != record.line


def test_it_keeps_the_first_of_duplicate_message_ids() -> None:
    path = FIXTURES / "takeout.mbox"
    parsed = parse(path)
    assert parsed.excluded["duplicate"] == 1
    kept = parsed.by_key["5F1E2D3C.4B5A6978@example.fr"]
    separator = b"From 1781234567890123401@xxx Tue Mar 05 14:03:10"
    assert kept.line == line_of(path, separator, nth=1)
    assert line_of(path, b"<5F1E2D3C.4B5A6978@EXAMPLE.FR>") > line_of(path, separator, nth=2)


def test_it_reports_an_unreadable_date_on_the_message_line() -> None:
    path = FIXTURES / "takeout.mbox"
    parsed = parse(path)
    (error,) = parsed.errors
    assert error.file == "takeout.mbox"
    assert error.line == line_of(path, b"From 1781300000000000006@xxx")
    assert "the day after tomorrow" in error.message
    assert len(parsed.records) == 5


def test_it_reads_obsolete_dates_and_the_separator_date() -> None:
    path = FIXTURES / "dates.mbox"
    parsed = parse(path, ImportContext(my_emails=frozenset({"me@example.com"})))
    when = {r.key: r.occurred_at for r in parsed.records}
    assert when["d1@example.com"] == datetime(2021, 11, 5, 19, 47, 56, tzinfo=UTC)
    est = timezone(timedelta(hours=-5))
    assert when["d2@example.com"] == datetime(2021, 11, 5, 19, 47, tzinfo=est)
    assert when["d3@example.com"] == datetime(2021, 11, 5, 19, 47, 56, tzinfo=UTC)
    assert when["d4@example.com"] == datetime(2021, 11, 5, 19, 47, 56, tzinfo=UTC)
    assert when["d5@example.com"] == datetime(2021, 11, 5, 19, 47, 56, tzinfo=UTC)
    assert [e.line for e in parsed.errors] == [
        line_of(path, b"From - Mon Nov 01", nth=5),
        line_of(path, b"From \n"),
    ]
    assert "31 Feb 2021" in parsed.errors[0].message


# --- bulk mail ----------------------------------------------------------------------------------


def test_it_keeps_bulk_lists_no_reply_and_auto_replies_out_but_counts_them() -> None:
    parsed = parse(FIXTURES / "bulk.mbox")
    assert parsed.excluded == {"bulk": 2, "list": 1, "no_reply": 3, "automatic": 1, "draft": 1}
    (kept,) = parsed.records
    assert kept.key == "person-1@example.com"  # "Auto-Submitted: no" is a person writing
    assert kept.direction == "inbound"
    assert set(mbox.EXCLUDED) >= set(parsed.excluded)


# --- direction and me ---------------------------------------------------------------------------


def test_it_recognises_me_from_sent_labels_when_not_told() -> None:
    told = parse(FIXTURES / "takeout.mbox")
    guessed = parse(FIXTURES / "takeout.mbox", None)
    (profile,) = guessed.profiles
    assert profile.source == "mbox"
    assert profile.emails == (GMAIL, PRO)  # Sent (encoded label) twice, then "Envoyés"
    assert guessed.parts[0].records[0] == profile
    assert told.profiles == []
    assert guessed.records == told.records


def test_it_recognises_me_from_the_most_seen_address_without_labels() -> None:
    parsed = parse(FIXTURES / "Export.mbox", None)
    assert [p.emails for p in parsed.profiles] == [(PRO,)]
    assert [r.direction for r in parsed.records] == ["inbound", "outbound"]
    assert parsed.parts[0].name == "Export.mbox"


def test_it_compares_my_addresses_by_their_normalised_key() -> None:
    context = ImportContext(my_emails=frozenset({email_key("Camille.Laurent+news@googlemail.com")}))
    parsed = parse(FIXTURES / "gyb.mbox", context)
    assert [r.direction for r in parsed.records] == ["inbound", "outbound"]
    assert all(
        email_key(p.email) != email_key(GMAIL) for r in parsed.records for p in r.participants
    )


def test_it_turns_control_characters_in_names_into_spaces(tmp_path: Path) -> None:
    path = tmp_path / "control.mbox"
    path.write_bytes(
        b"From - Mon Jan 01 10:00:00 2024\nFrom: =?UTF-8?Q?Ann=1FMarie=1EDoe?= <ann@example.com>\n"
        b"To: camille.laurent@gmail.com\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody\n"
    )
    (record,) = parse(path).records
    assert [(p.name, p.email) for p in record.participants] == [
        ("Ann Marie Doe", "ann@example.com")
    ]


def test_it_counts_mail_from_me_to_nobody_else(tmp_path: Path) -> None:
    path = tmp_path / "notes.mbox"
    path.write_bytes(
        b"From - Mon Jan 01 10:00:00 2024\nFrom: camille.laurent@gmail.com\n"
        b"To: Camille <camille.laurent@gmail.com>\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n"
        b"Message-ID: <note@x.example>\n\nnote to self\n"
    )
    parsed = parse(path)
    assert parsed.records == [] and parsed.excluded == {"to_self": 1}


# --- other mail programs ------------------------------------------------------------------------


def test_it_reads_thunderbird_mixed_line_ends_and_skips_deleted_mail() -> None:
    path = FIXTURES / "thunderbird-Inbox"
    parsed = parse(path)
    assert parsed.excluded == {"deleted": 1}
    assert [r.line for r in parsed.records] == [
        line_of(path, b"From - Tue Jul 05"),
        line_of(path, b"From - Thu Jul 07"),
        line_of(path, b"From - Fri Jul 08"),
    ]
    unescaped = parsed.by_key["unescaped-1@example.net"]  # its body "From " lines stay inside
    assert unescaped.subject == "Unescaped From lines"
    assert parsed.by_key["20220705164410.GA1234@example.org"].occurred_at == at(
        "Tue, 5 Jul 2022 18:44:10 +0200"
    )


def test_it_reads_gyb_bare_separators_and_old_mac_cr_line_ends() -> None:
    gyb = parse(FIXTURES / "gyb.mbox")
    cr = parse(FIXTURES / "entourage-cr.mbox")
    assert [r.key for r in gyb.records] == ["gyb-1@example.com", "gyb-2@mail.gmail.com"]
    assert cr.records == gyb.records  # same lines too: a lone CR ends a line there
    assert gyb.records[1].reply_to_key == "gyb-1@example.com"


def test_it_reads_what_pythons_mailbox_module_writes(tmp_path: Path) -> None:
    path = tmp_path / "python.mbox"
    box = mailbox.mbox(path)
    for n in range(3):
        msg = EmailMessage()
        msg["From"] = Address("Zoë Östlund", addr_spec=f"zoe{n}@example.se")
        msg["To"] = GMAIL
        msg["Subject"] = f"Réunion n°{n}"
        msg["Date"] = email.utils.format_datetime(datetime(2024, 5, n + 1, 9, 30, tzinfo=UTC))
        msg["Message-ID"] = f"<py{n}@example.se>"
        msg.set_content("From the start:\nline two\n")
        box.add(msg)
    box.close()
    parsed = parse(path)
    assert [r.key for r in parsed.records] == ["py0@example.se", "py1@example.se", "py2@example.se"]
    assert [r.subject for r in parsed.records] == ["Réunion n°0", "Réunion n°1", "Réunion n°2"]
    assert parsed.records[2].occurred_at == datetime(2024, 5, 3, 9, 30, tzinfo=UTC)
    assert parsed.records[0].participants[0].name == "Zoë Östlund"


def test_it_reimports_the_same_mailbox_with_the_same_keys() -> None:
    for name in ("takeout.mbox", "thunderbird-Inbox", "Export.mbox"):
        first, second = parse(FIXTURES / name), parse(FIXTURES / name)
        assert [r.key for r in first.records] == [r.key for r in second.records]
        assert first.records == second.records


# --- the demo mailbox, parts and parallel ranges -------------------------------------------------


def test_it_reads_the_demo_mailbox_without_errors(demo) -> None:
    context = ImportContext(my_emails=frozenset(email_key(e) for e in demo.owner_emails))
    parsed = parse(demo.mbox, context)
    counts = demo.counts["mbox"]
    assert parsed.errors == []
    assert parsed.excluded.get("no_sender", 0) == counts["chat"]
    bulk = sum(parsed.excluded.get(k, 0) for k in ("bulk", "list", "no_reply"))
    assert bulk == counts["bulk"]
    assert len(parsed.records) + parsed.excluded.get("automatic", 0) == counts["people"]
    truth = demo.truth()
    senders = {email_key(a) for a in truth["non_person_senders"]}
    seen = {email_key(p.email) for r in parsed.records for p in r.participants}
    expected = {
        email_key(i["key"])
        for person in truth["persons"]
        for i in person["identities"]
        if i["source"] == "mbox"
    }
    assert seen == expected and not seen & senders
    assert {r.direction for r in parsed.records} == {"inbound", "outbound"}
    guessed = parse(demo.mbox, None)
    assert {email_key(e) for p in guessed.profiles for e in p.emails} == context.my_emails
    assert guessed.records == parsed.records


def test_it_splits_a_big_mailbox_into_parts_of_the_same_name(demo) -> None:
    whole = parse(demo.mbox, None)
    parts = parse(demo.mbox, None, part_records=100)
    sizes = [sum(len(b) for b in p.records if isinstance(b, InteractionBatch)) for p in parts.parts]
    assert len(sizes) == len(whole.records) // 100 + 1
    assert set(sizes[:-1]) == {100} and sizes[-1] <= 100  # full parts, then the rest
    assert {p.name for p in parts.parts} == {"mail.mbox"}
    assert parts.records == whole.records and parts.excluded == whole.excluded
    assert isinstance(parts.parts[0].records[0], RawProfile)


def test_it_gives_the_same_records_from_parallel_ranges(demo) -> None:
    one = parse(demo.mbox, None, workers=1)
    ranges = parse(demo.mbox, None, workers=1, range_bytes=64 * 1024)
    pool = parse(demo.mbox, None, workers=2, range_bytes=100_000)
    for other in (ranges, pool):
        assert other.records == one.records
        assert other.profiles == one.profiles
        assert other.excluded == one.excluded and other.errors == one.errors
    path, size = str(demo.mbox), demo.mbox.stat().st_size

    def raw(workers: int) -> list:
        with mbox_scan.Ranges(path, size, workers, range_bytes=100_000) as ranges:
            return [(n, items) for n, items in ranges.map("raw")]

    assert raw(2) == raw(1)


def _reference(data: bytes) -> list[tuple[int, bytes]]:
    """(line, Message-ID value) per message, by walking lines one by one (slow and simple)."""
    found, in_headers, offset = [], False, 0
    for number, line in enumerate(data.split(b"\n"), 1):
        start, offset = offset, offset + len(line) + 1
        if line.startswith(b"From ") and mbox_scan.SEP.match(data, start):
            found.append([number, b""])
            in_headers = True
        elif in_headers and line.rstrip(b"\r") == b"":
            in_headers = False
        elif in_headers and line.lower().startswith(b"message-id:") and not found[-1][1]:
            found[-1][1] = line.split(b":", 1)[1].strip()
    return [(n, v) for n, v in found]


def test_it_scans_across_chunk_boundaries_and_skips_huge_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mbox_scan, "CHUNK", 8192)
    monkeypatch.setattr(mbox_scan, "_BIG", 30_000)
    rng = random.Random(5)
    out = []
    for n in range(120):
        size = rng.choice((0, 10, 300, 5000, 9000, 40_000, 100_000)) if n != 60 else 250_000
        body = b"".join(
            rng.choice((b"x" * 70, b">From here\r\n", b"From the text\r\n", b"-" * 40)) + b"\r\n"
            for _ in range(size // 72)
        )
        end = b"\r\n" if rng.random() < 0.5 else b"\n"
        head = [b"From - Mon Jan 01 10:00:00 2024", b"X-Pad: " + b"p" * rng.randrange(0, 3000)]
        head += [b"Message-ID: <m%d@example.com>" % n, b"From: a@example.com"]
        out.append(end.join(head) + end + end + body + end)
    path = tmp_path / "chunks.mbox"
    path.write_bytes(b"".join(out))
    scan = mbox_scan.HeaderScan(str(path), 0, path.stat().st_size)
    got = [
        (line + 1, dict((k.lower(), v) for k, v in pairs)[b"message-id"].strip())
        for line, _first, pairs in scan
    ]
    assert got == _reference(path.read_bytes())
    assert scan.newlines == path.read_bytes().count(b"\n")


@pytest.mark.parametrize("chunk", [1 << 20, 100])
def test_it_ends_headers_at_the_first_blank_line_or_at_the_next_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(mbox_scan, "CHUNK", chunk)
    monkeypatch.setattr(mbox_scan, "_MARGIN", 64)  # enough here to decide on each separator
    firsts = [b"From - Mon Jan 01 10:00:0%d 2024" % n for n in range(4)]
    data = b"".join(
        [
            firsts[0] + b"\nSubject: no blank line\n",  # the next message follows at once
            firsts[1] + b"\nSubject: two\nFrom the text, no separator\nTo: a@b.c,\n c@d.e\n\n",
            b"From: in the body\n\n",
            firsts[2] + b"\r\nDate: x\r\n\r\nFrom the body\r\nSubject: not a header\r\n",
            firsts[3] + b"\nCc: last",  # no line end at the end of the file
        ]
    )
    path = tmp_path / "edges.mbox"
    path.write_bytes(data)
    scan = mbox_scan.HeaderScan(str(path), 0, len(data))
    assert list(scan) == [
        (0, firsts[0], [(b"Subject", b" no blank line")]),
        (2, firsts[1], [(b"Subject", b" two"), (b"To", b" a@b.c,\n c@d.e")]),
        (10, firsts[2] + b"\r", [(b"Date", b" x\r")]),
        (15, firsts[3], [(b"Cc", b" last")]),
    ]
    assert scan.newlines == data.count(b"\n")


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    head=st.sampled_from([b"", b"From - Mon Jan 01 10:00:00 2024\n", b"From \r\nX-A: b\r\n"]),
    data=st.binary(max_size=3000),
)
def test_it_never_fails_on_random_bytes(tmp_path_factory, head: bytes, data: bytes) -> None:
    path = tmp_path_factory.mktemp("random") / "random.mbox"
    path.write_bytes(head + data)
    try:
        parts = list(mbox.parse(path, ME))
    except ImportFailure:
        return
    assert all(isinstance(p, ParsedFile) for p in parts)


NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"]), max_size=30
)
LOCAL = st.from_regex(r"[a-z][a-z0-9]{0,10}(\.[a-z0-9]{1,8})?", fullmatch=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    messages=st.lists(
        st.tuples(
            NAMES,
            LOCAL,
            NAMES,
            st.datetimes(
                min_value=datetime(1980, 1, 1),
                max_value=datetime(2090, 1, 1),
                timezones=st.sampled_from([UTC, timezone(timedelta(hours=-7, minutes=-30))]),
            ),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    ),
    crlf=st.booleans(),
    style=st.sampled_from(["takeout", "thunderbird", "gyb"]),
)
def test_it_reads_back_random_valid_messages(tmp_path_factory, messages, crlf, style) -> None:
    end = "\r\n" if crlf else "\n"
    chunks = []
    for n, (name, local, subject, when, outbound) in enumerate(messages):
        sender = f"{local}@example.org"
        separator = {"takeout": f"From {n}@xxx Mon Jan 01 10:00:00 +0000 2024", "gyb": "From "}
        head = [separator.get(style, "From - Mon Jan 01 10:00:00 2024")]
        encoded = Header(name, "utf-8").encode() if name.strip() else ""
        me, them = f"Camille <{GMAIL}>", f"{encoded} <{sender}>" if encoded else sender
        head += [
            f"From: {me if outbound else them}",
            f"To: {them if outbound else me}",
            f"Subject: {Header(subject, 'utf-8').encode() if subject else ''}",
            f"Date: {email.utils.format_datetime(when)}",
            f"Message-ID: <msg{n}@Example.ORG>",
        ]
        chunks.append(end.join(head) + end + end + "From here on" + end + end)
    path = tmp_path_factory.mktemp("valid") / "valid.mbox"
    path.write_bytes("".join(chunks).replace(end + "From here", end + ">From here").encode())
    parsed = parse(path)
    assert parsed.errors == [] and parsed.excluded == {}
    assert [r.key for r in parsed.records] == [f"msg{n}@example.org" for n in range(len(messages))]
    for record, (name, local, subject, when, outbound) in zip(
        parsed.records, messages, strict=True
    ):
        assert record.direction == ("outbound" if outbound else "inbound")
        assert record.occurred_at == when.replace(microsecond=0)
        assert record.subject == " ".join(subject.split())[:500]
        (person,) = record.participants
        assert person.email == f"{local}@example.org"
        assert person.role == ("to" if outbound else "sender")


_ID_PART = st.text(alphabet="abcXYZ019.-_+$=", min_size=1, max_size=12)


@given(
    ids=st.lists(st.tuples(_ID_PART, _ID_PART), max_size=12),
    gaps=st.lists(st.sampled_from([" ", "\t", ",", " ,", "  "]), min_size=12, max_size=12),
)
def test_a_reply_points_at_the_last_reference_and_its_thread_at_the_first(ids, gaps) -> None:
    from liens.importers.formats.mbox_headers import first_and_last_ids

    value = "".join(f"<{local}@{domain.upper()}>{gap}" for (local, domain), gap in zip(ids, gaps))
    found = first_and_last_ids(value)
    if not ids:
        assert found == ("", "")
    else:
        (first_local, first_domain), (last_local, last_domain) = ids[0], ids[-1]
        assert found == (
            f"{first_local}@{first_domain.lower()}",
            f"{last_local}@{last_domain.lower()}",
        )


def test_a_broken_last_reference_leaves_the_last_readable_one() -> None:
    from liens.importers.formats.mbox_headers import first_and_last_ids

    assert first_and_last_ids("<a@x.org> <b@Y.org> <half") == ("a@x.org", "b@y.org")
    assert first_and_last_ids("<a@X.org>") == ("a@x.org", "a@x.org")
    assert first_and_last_ids("<a@x.org>>") == ("a@x.org", "a@x.org")
    assert first_and_last_ids("no ids at all") == ("", "")
