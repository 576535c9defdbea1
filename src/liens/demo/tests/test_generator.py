"""The demo generator writes real-format files that real parsers read, deterministically."""

from __future__ import annotations

import csv
import email.header
import email.utils
import io
import mailbox
import re
import time
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path

import icalendar
import pytest
import vobject

from liens.demo.generator import DEFAULT_TODAY, DemoFiles, generate

SIZE = 400


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    return generate(tmp_path_factory.mktemp("demo"), size=SIZE, seed=7)


@pytest.fixture(scope="module")
def truth(demo: DemoFiles) -> dict:
    return demo.truth()


def _zip_text(demo: DemoFiles, name: str) -> str:
    with zipfile.ZipFile(demo.linkedin_zip) as zf:
        return zf.read(name).decode("utf-8")


def _rows(text: str, skip: int = 0) -> list[list[str]]:
    return list(csv.reader(io.StringIO("\n".join(text.split("\n")[skip:]))))


# -- determinism and layout -------------------------------------------------------------


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", size=150, seed=3)
    b = generate(tmp_path / "b", size=150, seed=3)
    for field in ("linkedin_zip", "vcard", "google_csv", "mbox", "ics", "truth_json"):
        assert getattr(a, field).read_bytes() == getattr(b, field).read_bytes(), field


def test_other_seed_other_network(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", size=150, seed=3)
    b = generate(tmp_path / "b", size=150, seed=4)
    assert a.mbox.read_bytes() != b.mbox.read_bytes()


def test_writes_only_into_out_dir(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = generate(out, size=60, today=date(2025, 3, 10))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert files.linkedin_zip.name == "Complete_LinkedInDataExport_03-10-2025.zip"
    assert {p.parent for p in out.iterdir()} == {out}
    assert files.owner_name == "Camille Laurent" and len(files.owner_emails) == 2


# -- LinkedIn ---------------------------------------------------------------------------


def test_linkedin_headers_and_encoding(demo: DemoFiles) -> None:
    expected = {
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "messages.csv": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
        "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT,"
        "IS CONVERSATION DRAFT",
        "Invitations.csv": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
        "Endorsement_Received_Info.csv": "Endorsement Date,Skill Name,Endorser First Name,"
        "Endorser Last Name,Endorser Public Url,"
        "Endorsement Status",
        "Recommendations_Received.csv": "First Name,Last Name,Company,Job Title,Text,"
        "Creation Date,Status",
        "Recommendations_Given.csv": "First Name,Last Name,Company,Job Title,Text,"
        "Creation Date,Status",
        "Positions.csv": "Company Name,Title,Description,Location,Started On,Finished On",
        "Education.csv": "School Name,Start Date,End Date,Notes,Degree Name,Activities",
        "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On",
        "PhoneNumbers.csv": "Extension,Number,Type",
    }
    with zipfile.ZipFile(demo.linkedin_zip) as zf:
        names = set(zf.namelist())
        assert "Profile.csv" in names
        for name, header in expected.items():
            raw = zf.read(name)
            assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, name
            lines = raw.decode("utf-8").split("\n")
            line = lines[3] if name == "Connections.csv" else lines[0]
            assert line == header, name
        assert len({i.date_time for i in zf.infolist()}) == 1


def test_connections_shape(demo: DemoFiles, truth: dict) -> None:
    text = _zip_text(demo, "Connections.csv")
    lines = text.split("\n")
    assert lines[0] == "Notes:" and lines[1].startswith('"When exporting') and lines[2] == ""
    rows = _rows(text, skip=3)
    header, body = rows[0], [r for r in rows[1:] if r]
    assert all(re.fullmatch(r"\d\d [A-Z][a-z]{2} \d{4}", r[6]) for r in body)
    blanks = [r for r in body if not any(r[:6])]
    people = [r for r in body if any(r[:6])]
    assert blanks, "deactivated members appear as rows with only a date"
    assert sum(1 for r in people if r[3]) / len(people) < 0.06, "emails are rare in exports"
    assert any("%C3%" in r[2] for r in people), "accented slugs are percent-encoded"
    assert any(r[1].isupper() and len(r[1]) > 2 for r in people)
    assert any(re.search(r"\((he|she|il|elle)/", r[1]) or "," in r[1] for r in people)
    n_li = sum(
        1 for p in truth["persons"] for i in p["identities"] if i["file"] == "Connections.csv"
    )
    assert n_li == len(people) and header[2] == "URL"


def test_messages_shape(demo: DemoFiles) -> None:
    rows = _rows(_zip_text(demo, "messages.csv"))[1:]
    assert rows and all(len(r) == 12 for r in rows)
    assert all(r[0].startswith("2-") and r[0].endswith("=") for r in rows)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r[6]) for r in rows)
    assert {r[9] for r in rows} <= {"INBOX", "ARCHIVE", ""}
    assert any(r[10] == "Yes" for r in rows), "a few drafts"
    assert any(r[5].count("https://") > 1 for r in rows), "multi-recipient rows"
    assert any("<p" in r[8] and "&amp;" in r[8] for r in rows)
    assert any(r[3] == "" for r in rows), "sponsored senders have no profile URL"
    owner_url = "https://www.linkedin.com/in/camille-laurent-rh"
    assert any(r[3] == owner_url for r in rows) and any(r[5] == owner_url for r in rows)


def test_endorsements_and_invitations(demo: DemoFiles) -> None:
    rows = _rows(_zip_text(demo, "Endorsement_Received_Info.csv"))[1:]
    assert rows and all(r[4].startswith("www.linkedin.com/in/") for r in rows)
    assert all(re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d UTC", r[0]) for r in rows)
    inv = _rows(_zip_text(demo, "Invitations.csv"))[1:]
    assert inv and all(re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d [AP]M", r[2]) for r in inv)
    assert {r[4] for r in inv} <= {"INCOMING", "OUTGOING"}


# -- vCard ------------------------------------------------------------------------------


def test_vcard_parses_with_vobject(demo: DemoFiles, truth: dict) -> None:
    raw = demo.vcard.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n"), "CRLF everywhere"
    text = raw.decode("utf-8")
    # allowQP: vobject joins the Android QUOTED-PRINTABLE soft line breaks (formats §3.1)
    cards = list(vobject.readComponents(text, allowQP=True))
    assert len(cards) == text.count("BEGIN:VCARD")
    versions = Counter(c.version.value for c in cards)
    assert versions["3.0"] > versions["2.1"] > 0
    assert sum(1 for c in cards if "uid" in c.contents) / len(cards) > 0.6
    fns = [c.fn.value for c in cards]
    assert any(re.match(r"^[A-ZÉÈ'\- ]{3,} [A-Z]", fn) for fn in fns), "NOM Prénom"
    assert not any("=C3" in fn for fn in fns), "QP names are decoded"
    assert "item1.X-ABLabel" in text and "ENCODING=QUOTED-PRINTABLE" in text
    for line in text.split("\r\n"):
        if "QUOTED-PRINTABLE" not in line and not line.startswith("="):
            assert len(line.encode("utf-8")) <= 75, line
    n_cards = sum(1 for p in truth["persons"] for i in p["identities"] if i["source"] == "vcard")
    assert n_cards == len(cards) - 1  # the owner's own card is not a person


# -- Google CSV -------------------------------------------------------------------------


def test_google_csv_shape(demo: DemoFiles) -> None:
    raw = demo.google_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert ",".join(header).startswith(
        "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
        "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
        "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
        "E-mail 1 - Label,E-mail 1 - Value"
    )
    assert "Phone 1 - Value" in header and header[-1] == "Custom Field 1 - Value"
    body = rows[1:]
    labels = header.index("Labels")
    assert any(r[labels].startswith("* myContacts") for r in body)
    assert any(r[labels] == "* Other Contacts" for r in body)
    assert any(" ::: " in c for r in body for c in r)


# -- mbox -------------------------------------------------------------------------------


def test_mbox_parses_and_has_takeout_headers(demo: DemoFiles, truth: dict) -> None:
    raw = demo.mbox.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    seps = re.findall(
        rb"(?m)^From (\d+)@xxx [A-Z][a-z]{2} [A-Z][a-z]{2} \d\d "
        rb"\d\d:\d\d:\d\d \+0000 \d{4}\r$",
        raw,
    )
    box = mailbox.mbox(str(demo.mbox))
    messages = list(box)
    assert len(messages) == len(seps) == truth["counts"]["mbox_messages"]
    assert all(m["X-GM-THRID"] and m["X-Gmail-Labels"] for m in messages)
    assert b"\r\n>From " in raw, "body lines starting with From are quoted"
    assert b"X-Gmail-Labels: =?UTF-8?" in raw and b"Ouvert" in raw
    owner = set(demo.owner_emails)
    sent = [m for m in messages if "Sent" in m["X-Gmail-Labels"]]
    assert sent and all(email.utils.parseaddr(m["From"])[1] in owner for m in sent)
    assert any(m["In-Reply-To"] and m["References"] for m in messages)
    assert any(m["List-Id"] for m in messages) and any(m["Precedence"] == "bulk" for m in messages)
    assert any(m["DKIM-Signature"] and len(m.get_all("Received")) >= 2 for m in messages)
    assert any(m["Auto-Submitted"] == "auto-replied" for m in messages)
    assert any(m.get_content_type() == "multipart/mixed" for m in messages), "attachments"
    encoded = [m["From"] for m in messages if m["From"] and "=?" in m["From"]]
    decoded = [str(email.header.make_header(email.header.decode_header(f))) for f in encoded]
    assert any(c in d for d in decoded for c in "éèçïë")


def test_mbox_addresses_match_truth(demo: DemoFiles, truth: dict) -> None:
    text = demo.mbox.read_bytes().decode("utf-8")
    keys = [i["key"] for p in truth["persons"] for i in p["identities"] if i["source"] == "mbox"]
    assert keys and all(k in text for k in keys)
    for sender in truth["non_person_senders"][:3]:
        assert sender in text


# -- ICS --------------------------------------------------------------------------------


def test_ics_parses_with_icalendar(demo: DemoFiles, truth: dict) -> None:
    raw = demo.ics.read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    assert str(cal["PRODID"]).startswith("-//Google Inc//Google Calendar")
    events = list(cal.walk("VEVENT"))
    assert len(events) == truth["counts"]["ics_events"]
    attendees = []
    for ev in events:
        got = ev.get("ATTENDEE") or []
        attendees += got if isinstance(got, list) else [got]
    assert attendees
    params = [a.params for a in attendees]
    assert any(p.get("PARTSTAT") == "DECLINED" for p in params)
    assert any("@" in str(p.get("CN", "")) for p in params), "CN = e-mail address"
    assert any(str(a).endswith("@resource.calendar.google.com") for a in attendees)
    assert any("X-GOOGLE-CONFERENCE" in ev for ev in events)
    assert any("RRULE" in ev for ev in events)
    alarms = [a for ev in events for a in ev.walk("VALARM")]
    assert any("ATTENDEE" in a for a in alarms)
    locations = [str(ev.get("LOCATION", "")) for ev in events]
    assert any("Paris" in loc for loc in locations) and any(
        loc.startswith(("0", "+")) for loc in locations
    )


# -- ground truth -----------------------------------------------------------------------


def test_tie_kind_proportions(truth: dict) -> None:
    kinds = Counter(p["kind"] for p in truth["persons"])
    share = {k: v / SIZE for k, v in kinds.items()}
    assert 0.55 <= share["linkedin_only"] <= 0.65
    assert 0.17 <= share["ex_colleague"] + share["classmate"] <= 0.23
    assert 0.05 <= share["client"] + share["partner"] <= 0.09
    assert 0.08 <= share["event"] <= 0.12
    assert 0.02 <= share["family"] + share["friend"] <= 0.045
    ties = Counter(p["tie"] for p in truth["persons"])
    assert set(ties) == {"strong", "moderate", "weak", "dormant", "virtual"}
    assert ties["strong"] <= 15 and ties["virtual"] > SIZE / 2


def test_duplicates_across_sources(truth: dict) -> None:
    spread = [len({i["source"] for i in p["identities"]}) for p in truth["persons"]]
    assert all(n >= 1 for n in spread), "everybody is findable somewhere"
    assert sum(1 for n in spread if n >= 3) >= SIZE * 0.08
    same_name = [p for p in truth["persons"] if p["name"] == "Marie Dubois"]
    assert len(same_name) >= 2 and any(p["homonym_of"] for p in same_name)
    assert any(p["introduced_by"] for p in truth["persons"])


def test_cold_outreach_reply_rate(tmp_path: Path) -> None:
    truth = generate(tmp_path, size=2000).truth()
    cold = [
        p["stats"]["outreach"]
        for p in truth["persons"]
        if p["stats"].get("outreach", {}).get("purpose") == "cold"
        and not p["stats"]["outreach"].get("draft")
    ]
    rate = sum(o["replied"] for o in cold) / len(cold)
    assert 0.07 <= rate <= 0.25, rate
    bursts = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in truth["bursts"]]
    inside = sum(any(a <= date.fromisoformat(o["day"]) <= b for a, b in bursts) for o in cold)
    assert inside == len(cold), "outreach only happens in bursts"


def test_size_scaling_is_fast(tmp_path: Path) -> None:
    started = time.perf_counter()
    files = generate(tmp_path, size=2000, today=DEFAULT_TODAY)
    assert time.perf_counter() - started < 20
    assert files.counts["persons"] == 2000


def test_every_mobile_number_exists_and_belongs_to_one_person(truth: dict) -> None:
    import phonenumbers

    mobiles = [p["mobile"] for p in truth["persons"] if p["mobile"]]
    assert mobiles
    assert len(set(mobiles)) == len(mobiles)
    invalid = [m for m in mobiles if not phonenumbers.is_valid_number(phonenumbers.parse(m))]
    assert invalid == []
