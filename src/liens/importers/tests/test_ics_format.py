"""The iCalendar parser on hand-written files in the real formats of Google, Outlook/Exchange,
Apple, Thunderbird and Lotus Notes (research/formats.md §5), and on real sample files.

Fixtures under fixtures/ics/ keep the exporters' quirks byte for byte (CRLF, folds in the
middle of a parameter, Windows TZIDs, RRULE with spaces); fixtures/ics/real/ are real files
from the icalendar and recurring-ical-events test suites (see the README there).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liens.importers.base import (
    ImportContext,
    ImportFailure,
    ParsedFile,
    RawInteraction,
    RawProfile,
)
from liens.importers.formats import ics
from liens.importers.formats.ics_timezones import zone_name
from liens.importers.formats.ics_windows_zones import WINDOWS_ZONES

FIXTURES = Path(__file__).parent / "fixtures" / "ics"
ME = "camille.martin@gmail.com"
NOW = datetime(2025, 6, 1, tzinfo=UTC)


def parse(path: Path, now: datetime = NOW, me: tuple[str, ...] = (ME,)) -> ParsedFile:
    files = list(ics.parse(path, ImportContext(my_emails=frozenset(me), now=now)))
    assert len(files) == 1
    return files[0]


def meetings(parsed: ParsedFile) -> list[RawInteraction]:
    return [r for r in parsed.records if isinstance(r, RawInteraction)]


def by_subject(parsed: ParsedFile) -> dict[str, list[RawInteraction]]:
    found: dict[str, list[RawInteraction]] = {}
    for record in meetings(parsed):
        found.setdefault(record.subject, []).append(record)
    return found


def emails(record: RawInteraction) -> set[str]:
    return {p.email for p in record.participants}


def vevent_line(path: Path, uid: str) -> int:
    """The physical line of the BEGIN:VEVENT whose block holds `UID:<uid>`."""
    begin = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line == "BEGIN:VEVENT":
            begin = number
        if line == f"UID:{uid}":
            return begin
    raise AssertionError(uid)


def begins(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if line == "BEGIN:VEVENT"]


def calendar(*events: str, head: str = "") -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + head + "".join(events) + "END:VCALENDAR\r\n"


def vevent(uid: str, start: str, *lines: str) -> str:
    body = "".join(line + "\r\n" for line in lines)
    return f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n{body}END:VEVENT\r\n"


WITH_GUEST = (f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME}", "ATTENDEE;CN=Guest:mailto:g@example.org")


# --- detection and refusal -------------------------------------------------------------------


def test_it_detects_calendars_by_their_first_line(tmp_path: Path) -> None:
    for path in sorted(FIXTURES.rglob("*.ics")):
        assert ics.detect(path) == (path.name != "not_calendar.ics"), path.name
    assert ics.detect(FIXTURES / "bom_leading_blank.ics")
    assert not ics.detect(FIXTURES)
    assert not ics.detect(tmp_path / "missing.ics")
    csv = tmp_path / "contacts.csv"
    csv.write_text("Name,E-mail\nA,a@example.org\n", encoding="utf-8")
    assert not ics.detect(csv)


def test_it_refuses_a_file_that_is_not_a_calendar(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure) as failure:
        parse(FIXTURES / "not_calendar.ics")
    assert failure.value.line == 1
    empty = tmp_path / "empty.ics"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailure):
        parse(empty)


def test_it_accepts_a_bom_and_blank_lines_before_the_calendar() -> None:
    plain = parse(FIXTURES / "phone_call.ics")
    with_bom = parse(FIXTURES / "bom_leading_blank.ics")
    assert [r.key for r in meetings(with_bom)] == [r.key for r in meetings(plain)]
    assert [r.line for r in meetings(with_bom)] == [r.line + 2 for r in meetings(plain)]


def test_it_reads_utf16_and_windows_1252_files(tmp_path: Path) -> None:
    plain = parse(FIXTURES / "outlook_teams.ics")
    text = (FIXTURES / "outlook_teams.ics").read_bytes().decode("utf-8")
    for encoding in ("utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.ics"
        path.write_bytes(text.encode(encoding))
        assert ics.detect(path)
        again = parse(path)
        assert [(r.key, r.subject, r.participants) for r in meetings(again)] == [
            (r.key, r.subject, r.participants) for r in meetings(plain)
        ]


# --- Google: participants, channels, exclusions --------------------------------------------


def test_it_keeps_only_people_who_attended_from_the_vevent_itself() -> None:
    point = by_subject(parse(FIXTURES / "google_export.ics"))["Point projet Atlas"][0]
    assert emails(point) == {
        "alice.durand@atlas-conseil.fr",
        "bob.lefevre@gmail.com",  # NEEDS-ACTION, folded in the middle of RSVP=TRUE
        "denis.moreau@atlas-conseil.fr",  # optional participant
    }  # not me, not Carol (declined), not the room, the group calendar or the VALARM address
    names = {p.email: p.name for p in point.participants}
    assert names["alice.durand@atlas-conseil.fr"] == "Alice Durand"
    assert names["bob.lefevre@gmail.com"] == ""  # Google put the address in CN
    assert {p.role for p in point.participants} == {"attendee"}  # I organised it


def test_it_names_the_organizer_once_with_its_role() -> None:
    lunch = by_subject(parse(FIXTURES / "google_export.ics"))["Déjeuner Alice / Camille"][0]
    assert [(p.name, p.role) for p in lunch.participants] == [("Alice Durand", "organizer")]
    assert lunch.direction == "mutual"
    assert lunch.summary == "On en profite pour parler de la suite & du budget."


def test_it_counts_cancelled_declined_alone_and_future_events() -> None:
    parsed = parse(FIXTURES / "google_export.ics")
    assert parsed.excluded == {"cancelled": 1, "declined": 1, "alone": 1, "future": 1}
    assert set(by_subject(parsed)) == {
        "Point projet Atlas",
        "Déjeuner Alice / Camille",
        "Séminaire équipe Atlas",
    }
    assert not parsed.errors


def test_it_sees_the_channel_of_each_meeting() -> None:
    google = by_subject(parse(FIXTURES / "google_export.ics"))
    assert google["Point projet Atlas"][0].channel == "video"  # X-GOOGLE-CONFERENCE only
    assert google["Déjeuner Alice / Camille"][0].channel == "in_person"
    outlook = by_subject(parse(FIXTURES / "outlook_teams.ics"))
    assert outlook["Cadrage mission Contoso"][0].channel == "video"  # dial-in number too
    assert outlook["Atelier Contoso"][0].channel == "in_person"  # "Teams Meeting; Salle ..."
    assert meetings(parse(FIXTURES / "thunderbird.ics"))[0].channel == "video"  # Zoom link
    phone = by_subject(parse(FIXTURES / "phone_call.ics"))
    assert phone["Tél. Nina"][0].channel == "call"  # number in LOCATION
    assert phone["Rappel Nina (devis)"][0].channel == "call"  # number in DESCRIPTION
    assert phone["Point Nina"][0].channel == "event"
    apple = by_subject(parse(FIXTURES / "apple.ics"))
    assert apple["Café avec Jean"][0].channel == "in_person"
    assert apple["Apéro Léa"][0].channel == "in_person"  # X-APPLE-STRUCTURED-LOCATION only


def test_it_keys_each_occurrence_by_uid_and_utc_start() -> None:
    lunch = by_subject(parse(FIXTURES / "google_export.ics"))["Déjeuner Alice / Camille"][0]
    uid = "2c8h4j6k8m0p2r4t6v8x0z2b4d@google.com"
    assert lunch.key == f"{uid}@2024-04-05T10:30:00Z"
    assert lunch.thread_key == uid
    assert lunch.line == vevent_line(FIXTURES / "google_export.ics", uid)


# --- time zones ------------------------------------------------------------------------------


def test_it_reads_a_romance_standard_time_meeting_in_july_as_0800_utc() -> None:
    teams = by_subject(parse(FIXTURES / "outlook_teams.ics"))["Cadrage mission Contoso"][0]
    assert teams.occurred_at == datetime(2024, 7, 10, 8, 0, tzinfo=UTC)
    workshop = by_subject(parse(FIXTURES / "outlook_teams.ics"))["Atelier Contoso"][0]
    assert workshop.occurred_at == datetime(2024, 12, 5, 8, 30, tzinfo=UTC)  # winter: +01:00
    assert {p.email for p in teams.participants} == {
        "sophie.bernard@contoso.fr",
        "thomas.roux@contoso.fr",
    }  # the meeting room (CUTYPE=RESOURCE) is not a person


def test_it_falls_back_on_vtimezone_offsets_for_unknown_tzids() -> None:
    standup = meetings(parse(FIXTURES / "exchange_rrule_spaces.ics"))
    assert {r.occurred_at.time() for r in standup} == {datetime(2015, 7, 3, 8).time()}
    lotus = by_subject(parse(FIXTURES / "lotus_notes.ics"))
    review = lotus["Revue contrat Acme"][0]  # 14:00 "Western/Central Europe" in June
    assert review.occurred_at == datetime(2024, 6, 13, 12, 0, tzinfo=UTC)


def test_it_reads_thunderbird_london_time() -> None:
    catch_up = meetings(parse(FIXTURES / "thunderbird.ics"))[0]
    assert catch_up.occurred_at == datetime(2024, 6, 11, 14, 0, tzinfo=UTC)
    assert [(p.name, p.role) for p in catch_up.participants] == [("Oliver Smith", "organizer")]


def test_it_puts_all_day_events_at_midnight_in_the_calendar_zone() -> None:
    parsed = parse(FIXTURES / "all_day.ics")  # two VCALENDARs in one file
    offsite, fair = by_subject(parsed)["Offsite Navy"][0], by_subject(parsed)["Salon (2 jours)"][0]
    new_york = datetime(2024, 1, 15, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert offsite.occurred_at == new_york.astimezone(UTC)
    assert offsite.key.endswith("@2024-01-15")
    assert fair.occurred_at == datetime(2024, 2, 20, tzinfo=UTC)  # no X-WR-TIMEZONE: UTC
    seminar = by_subject(parse(FIXTURES / "google_export.ics"))["Séminaire équipe Atlas"][0]
    assert seminar.occurred_at == datetime(2024, 9, 19, 22, 0, tzinfo=UTC)  # Paris, summer


def test_it_gives_every_windows_zone_a_current_iana_name() -> None:
    cldr = pytest.importorskip("icalendar.timezone.windows_to_olson").WINDOWS_TO_OLSON
    iana = zoneinfo.available_timezones()
    assert len(WINDOWS_ZONES) >= 60
    for windows, name in WINDOWS_ZONES.items():
        assert name in iana, windows
        if windows in cldr:  # icalendar's own copy of CLDR: the same offsets
            other = zoneinfo.ZoneInfo(cldr[windows])
            for month in (1, 7):
                moment = datetime(2024, month, 15, 12, tzinfo=UTC)
                ours = moment.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
                assert ours == moment.astimezone(other).utcoffset(), windows
    assert zone_name("Romance Standard Time") == "Europe/Paris"
    assert zone_name("/mozilla.org/20070129_1/Europe/Berlin") == "Europe/Berlin"
    assert zone_name("Western/Central Europe") == ""


def test_it_never_mixes_up_two_files_with_the_same_custom_tzid(tmp_path: Path) -> None:
    def custom(offset: str) -> str:
        zone = (
            "BEGIN:VTIMEZONE\r\nTZID:Customized Time Zone\r\nBEGIN:STANDARD\r\n"
            f"DTSTART:16010101T000000\r\nTZOFFSETFROM:{offset}\r\nTZOFFSETTO:{offset}\r\n"
            "END:STANDARD\r\nEND:VTIMEZONE\r\n"
        )
        event = (
            "BEGIN:VEVENT\r\nUID:custom\r\n"
            'DTSTART;TZID="Customized Time Zone":20240301T100000\r\n'
            + "".join(line + "\r\n" for line in WITH_GUEST)
            + "END:VEVENT\r\n"
        )
        return calendar(event, head=zone)

    for offset, hour in (("+0300", 7), ("-0500", 15)):
        path = tmp_path / f"custom{offset}.ics"
        path.write_text(custom(offset), encoding="utf-8")
        assert meetings(parse(path))[0].occurred_at.hour == hour


# --- recurrences -----------------------------------------------------------------------------


def test_it_expands_a_weekly_rule_with_exdate_and_a_moved_instance() -> None:
    path = FIXTURES / "weekly_override.ics"
    parsed = parse(path, now=datetime(2024, 3, 1, tzinfo=UTC))
    days = [r.occurred_at.date() for r in meetings(parsed)]
    fridays = [date(2024, 1, 5) + timedelta(weeks=n) for n in range(8)]  # to Feb 23
    assert days == [d for d in fridays if d != date(2024, 1, 19)]  # EXDATE
    moved = next(r for r in meetings(parsed) if r.occurred_at.date() == date(2024, 1, 26))
    assert moved.occurred_at == datetime(2024, 1, 26, 13, 0, tzinfo=UTC)  # 14:00 Paris
    assert moved.channel == "video" and moved.subject == "Point hebdo studio (en visio)"
    assert moved.key.endswith("@2024-01-26T08:00:00Z")  # the slot it replaces
    assert moved.line == begins(path)[1]  # the override's own VEVENT
    others = [r for r in meetings(parsed) if r is not moved]
    assert {r.occurred_at.hour for r in others} == {8} and {r.channel for r in others} == {
        "in_person"
    }


def test_it_keeps_the_local_hour_across_daylight_saving_time() -> None:
    parsed = parse(FIXTURES / "weekly_override.ics", now=datetime(2024, 7, 1, tzinfo=UTC))
    june = [r for r in meetings(parsed) if r.occurred_at.date() == date(2024, 6, 28)]
    assert june[0].occurred_at.hour == 7  # 09:00 Paris in summer


def test_it_reads_exchange_rules_with_spaces() -> None:
    standup = meetings(parse(FIXTURES / "exchange_rrule_spaces.ics"))
    weekdays = [
        date(2015, 7, 3) + timedelta(days=n)
        for n in range(20)
        if (date(2015, 7, 3) + timedelta(days=n)).weekday() < 5
    ]
    assert [r.occurred_at.date() for r in standup] == weekdays  # UNTIL 22 July, inclusive
    assert {p.name for p in standup[0].participants} == {"Jansen, Pieter", "de Vries, Anouk"}


def test_it_reads_lotus_notes_rdate_periods_and_chairs() -> None:
    lotus = by_subject(parse(FIXTURES / "lotus_notes.ics"))
    committee = lotus["Comité Acme (3 séances)"]
    assert [r.occurred_at for r in committee] == [
        datetime(2024, 6, d, 7, 0, tzinfo=UTC) for d in (4, 11, 18)
    ]
    chair = lotus["Revue contrat Acme"][0].participants
    assert [(p.name, p.email, p.role) for p in chair] == [
        ("Dupont, Marie", "marie.dupont@acme.example", "organizer")
    ]


def test_it_adds_only_new_occurrences_in_a_newer_export() -> None:
    path = FIXTURES / "weekly_override.ics"
    march = {r.key for r in meetings(parse(path, now=datetime(2024, 3, 1, tzinfo=UTC)))}
    april = {r.key for r in meetings(parse(path, now=datetime(2024, 4, 1, tzinfo=UTC)))}
    assert march < april and len(april - march) == 5  # the Fridays of March 2024


def test_it_keeps_the_latest_500_occurrences_and_nothing_before_1990(tmp_path: Path) -> None:
    path = tmp_path / "daily.ics"
    path.write_text(
        calendar(
            vevent("daily", "19891225T090000Z", "RRULE:FREQ=DAILY", *WITH_GUEST),
            vevent("short", "19891230T090000Z", "RRULE:FREQ=DAILY;COUNT=5", *WITH_GUEST),
        ),
        encoding="utf-8",
    )
    parsed = parse(path)
    daily = [r for r in meetings(parsed) if r.thread_key == "daily"]
    assert len(daily) == 500
    assert daily[-1].occurred_at == NOW - timedelta(hours=15)  # 09:00 on 31 May 2025
    short = [r.occurred_at.date() for r in meetings(parsed) if r.thread_key == "short"]
    assert short == [date(1990, 1, d) for d in (1, 2, 3)]
    total = (NOW.date() - date(1990, 1, 1)).days  # 1990-01-01 .. 2025-05-31
    assert parsed.skipped == total - 500


def test_it_refuses_to_expand_a_rule_that_repeats_every_second(tmp_path: Path) -> None:
    path = tmp_path / "seconds.ics"
    text = calendar(vevent("fast", "20000101T000000Z", "RRULE:FREQ=SECONDLY", *WITH_GUEST))
    path.write_text(text, encoding="utf-8")
    parsed = parse(path)
    assert not meetings(parsed)
    assert [e.line for e in parsed.errors] == [3]


def test_it_reports_a_rule_that_never_matches_a_date(tmp_path: Path) -> None:
    path = tmp_path / "never.ics"
    never = "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"  # dateutil would walk to year 9999
    leap = "RRULE:FREQ=YEARLY"  # from 29 February: leap years only (RFC 5545 3.3.10)
    path.write_text(
        calendar(
            vevent("never", "20200101T090000Z", never, *WITH_GUEST),
            vevent("leap", "20200229T090000Z", leap, *WITH_GUEST),
        ),
        encoding="utf-8",
    )
    parsed = parse(path)
    assert [e.line for e in parsed.errors] == [3]
    assert [r.occurred_at.year for r in meetings(parsed)] == [2020, 2024]


# --- keys, me, errors ------------------------------------------------------------------------


def test_it_keeps_keys_stable_across_parses_and_a_reordered_file(tmp_path: Path) -> None:
    source = FIXTURES / "google_export.ics"
    first = {r.key: r for r in meetings(parse(source))}
    assert first == {r.key: r for r in meetings(parse(source))}
    text = source.read_bytes().decode("utf-8")
    blocks = re.findall(r"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", text, flags=re.DOTALL)
    head, tail = text.split(blocks[0], 1)[0], "END:VCALENDAR\r\n"
    reordered = tmp_path / "reordered.ics"
    reordered.write_bytes((head + "".join(reversed(blocks)) + tail).encode("utf-8"))
    again = {r.key: r for r in meetings(parse(reordered))}
    assert set(again) == set(first)
    for key, record in again.items():
        assert (record.occurred_at, record.participants, record.channel) == (
            first[key].occurred_at,
            first[key].participants,
            first[key].channel,
        )


def test_it_infers_me_when_my_addresses_are_not_given() -> None:
    told = parse(FIXTURES / "google_export.ics")
    guessed = parse(FIXTURES / "google_export.ics", me=())
    profiles = [r for r in guessed.records if isinstance(r, RawProfile)]
    assert [p.emails for p in profiles] == [(ME,)]
    assert meetings(guessed) == meetings(told)
    assert guessed.excluded == told.excluded


def test_it_infers_a_second_address_of_mine(tmp_path: Path) -> None:
    work = "camille@martin-conseil.fr"
    events = [
        vevent(
            f"e{n}",
            f"202403{n + 1:02d}T090000Z",
            f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{ME if n % 3 else work}",
            f"ATTENDEE;CN=Guest {n}:mailto:guest{n % 4}@example.org",
        )
        for n in range(12)
    ]
    path = tmp_path / "two.ics"
    path.write_text(calendar(*events), encoding="utf-8")
    parsed = parse(path, me=())
    profile = next(r for r in parsed.records if isinstance(r, RawProfile))
    assert set(profile.emails) == {ME, work}
    assert len(meetings(parsed)) == 12
    assert all(emails(r) <= {f"guest{n}@example.org" for n in range(4)} for r in meetings(parsed))


def test_it_reports_broken_events_at_their_line_and_reads_the_rest() -> None:
    path = FIXTURES / "broken_events.ics"
    parsed = parse(path)
    expected = [
        vevent_line(path, uid)
        for uid in ("bad-date@example.org", "no-start@example.org", "unclosed@example.org")
    ] + [vevent_line(path, "bad-rule@example.org")]
    assert [e.line for e in parsed.errors] == expected
    assert all(e.file == "broken_events.ics" and e.message for e in parsed.errors)
    assert [r.subject for r in meetings(parsed)] == ["Bon événement 1", "Bon événement 2"]


# --- real files ------------------------------------------------------------------------------


def test_it_reads_the_real_sample_calendars_without_errors() -> None:
    for path in sorted((FIXTURES / "real").glob("*.ics")):
        parsed = parse(path, me=())
        assert not parsed.errors, path.name
    bis = meetings(parse(FIXTURES / "real" / "property_params.ics", me=("rembrand@xs4all.nl",)))
    assert emails(bis[0]) == {"rembrand@daxlab.com", "rembspam@xs4all.nl"}  # MAILTO: capitals
    assert bis[0].occurred_at == datetime(2012, 8, 14, tzinfo=UTC)


def test_it_ignores_attendees_that_are_alarms_or_calendars() -> None:
    alarm = parse(FIXTURES / "real" / "alarm_google_future.ics", me=())
    assert not meetings(alarm) and alarm.excluded == {"alone": 1}  # ATTENDEE only in VALARM
    machbar = parse(FIXTURES / "real" / "daylight_saving_time.ics", me=())
    assert not meetings(machbar)  # its only attendee is a @group.calendar.google.com calendar
    assert machbar.excluded["alone"] > 0


def test_it_reads_the_demo_calendar_without_errors(tmp_path: Path) -> None:
    from liens.demo.generator import generate, load_truth

    demo = generate(tmp_path, size=150)
    truth = load_truth(demo.truth_json)
    today = date.fromisoformat(truth["today"])
    now = datetime(today.year, today.month, today.day, tzinfo=UTC)
    parsed = next(iter(ics.parse(demo.ics, ImportContext(now=now))))
    assert parsed.errors == []
    owner = set(truth["owner"]["emails"])
    profiles = [r for r in parsed.records if isinstance(r, RawProfile)]
    assert set(profiles[0].emails) == owner
    assert meetings(parsed) and all(not (emails(r) & owner) for r in meetings(parsed))


# --- property tests --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for all hypothesis examples (tmp_path is not reset between examples)."""
    return tmp_path_factory.mktemp("ics-examples")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_it_never_fails_otherwise_on_random_bytes(scratch: Path, data: bytes) -> None:
    for prefix in (b"", b"BEGIN:VCALENDAR\r\n"):
        path = scratch / "random.ics"
        path.write_bytes(prefix + data)
        try:
            result = list(ics.parse(path, ImportContext(now=NOW)))
        except ImportFailure:
            continue
        assert all(isinstance(f, ParsedFile) for f in result)


_NOISE = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VALARM",
    "END:VCALENDAR",
    "BEGIN:VTIMEZONE",
    "TZID:Customized Time Zone",
    "DTSTART:20240230T250000",
    'DTSTART;TZID="Romance Standard Time":20240710T100000',
    "DTSTART;VALUE=DATE:00010101",
    "RRULE:FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=0,30",
    "RRULE:FREQ=YEARLY;COUNT=-1",
    "EXDATE:",
    "RECURRENCE-ID;RANGE=THISANDFUTURE:20240315T090000Z",
    'ATTENDEE;CN="unclosed:mailto:x@example.org',
    "ATTENDEE:mailto:",
    " folded continuation",
    ";;;:::",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_it_survives_a_mangled_real_export(scratch: Path, data: st.DataObject) -> None:
    source = (FIXTURES / "google_export.ics").read_bytes().decode("utf-8").split("\r\n")
    lines = list(source)
    for _ in range(data.draw(st.integers(min_value=1, max_value=12))):
        where = data.draw(st.integers(min_value=0, max_value=len(lines)))
        action = data.draw(st.sampled_from(["drop", "noise", "duplicate", "cut"]))
        if action == "drop" and where < len(lines):
            del lines[where]
        elif action == "noise":
            lines.insert(where, data.draw(st.sampled_from(_NOISE)))
        elif action == "duplicate" and where < len(lines):
            lines.insert(where, lines[where])
        elif action == "cut":
            lines = lines[: max(where, 1)]
    path = scratch / "mangled.ics"
    path.write_bytes("\r\n".join(lines).encode("utf-8"))
    try:
        parsed = parse(path)
    except ImportFailure:
        return
    for record in meetings(parsed):
        assert record.occurred_at.tzinfo is not None and record.participants


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            _TEXT,
            st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31)),
            st.sampled_from(["ACCEPTED", "DECLINED", "NEEDS-ACTION"]),
            st.sampled_from(["CONFIRMED", "CANCELLED"]),
            st.integers(min_value=0, max_value=3),
        ),
        max_size=12,
    )
)
def test_it_reads_random_valid_events(
    scratch: Path, rows: list[tuple[str, datetime, str, str, int]]
) -> None:
    events = []
    for n, (summary, start, mine, status, guests) in enumerate(rows):
        escaped = summary.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        escaped = escaped.replace("\n", "\\n").replace("\r", "\\n")
        lines = [f"SUMMARY:{escaped}", f"STATUS:{status}"]
        lines.append(f"ATTENDEE;PARTSTAT={mine}:mailto:{ME}")
        lines += [f'ATTENDEE;CN="G {k}":mailto:g{k}@example.org' for k in range(guests)]
        events.append(vevent(f"u{n}", start.strftime("%Y%m%dT%H%M%SZ"), *lines))
    path = scratch / "valid.ics"
    path.write_text(calendar(*events), encoding="utf-8")
    parsed = parse(path)
    assert not parsed.errors
    expected = [
        (f"u{n}", " ".join(summary.split()))
        for n, (summary, start, mine, status, guests) in enumerate(rows)
        if start.replace(tzinfo=UTC) < NOW
        and status == "CONFIRMED"
        and mine != "DECLINED"
        and guests
    ]
    assert [(r.thread_key, r.subject) for r in meetings(parsed)] == expected
    assert sum(parsed.excluded.values()) + len(expected) == len(rows)
