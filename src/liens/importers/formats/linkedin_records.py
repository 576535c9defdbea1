"""Rows of the smaller LinkedIn CSVs turned into Raw* records (no Django).

Columns are looked up by header name and every one is optional, because the column sets
change between export years (research/formats.md §1.1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from liens.i18n import tr
from liens.importers.base import (
    ParsedFile,
    PersonRef,
    RawEducation,
    RawEndorsement,
    RawIdentity,
    RawInvitation,
    RawPosition,
    RawProfile,
    RawRecommendation,
    Record,
    RecordError,
)
from liens.importers.csvfile import CsvTable, Row
from liens.importers.formats.linkedin_dates import parse_date, parse_datetime
from liens.importers.normalize import canonical_linkedin_url, clean_name, email_key, stable_key
from liens.importers.phones import phone_e164

SOURCE = "linkedin"

Built = Record | RecordError | None  # None: left out on purpose (counted as skipped)


@dataclass
class Me:
    """How the owner shows up in the export: profile URLs and folded names."""

    urls: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)

    def add_name(self, name: str) -> None:
        folded = clean_name(name).casefold()
        if folded:
            self.names.add(folded)

    def is_me(self, name: str, url: str = "") -> bool:
        if url and self.urls:
            return url in self.urls
        return bool(name) and clean_name(name).casefold() in self.names


def collect(table: CsvTable, name: str, build: Callable[[Row], Built]) -> ParsedFile:
    """Build one record per row; broken rows become RecordErrors and the rest goes on."""
    parsed = ParsedFile(name=name)
    for row in table.rows():
        if isinstance(row, RecordError):
            parsed.errors.append(row)
            continue
        built = build(row)
        if built is None:
            parsed.skipped += 1
        elif isinstance(built, RecordError):
            parsed.errors.append(built)
        else:
            parsed.records.append(built)
    return parsed


def full_name(first: str, last: str) -> str:
    return " ".join(p for p in (clean_name(first), clean_name(last)) if p)


# --- Connections.csv ------------------------------------------------------------------------


_CONNECTION_COLUMNS = (
    "First Name",
    "Last Name",
    "URL",
    "Profile URL",
    "Email Address",
    "E-mail Address",
    "Company",
    "Position",
    "Connected On",
)


def collect_connections(table: CsvTable, name: str) -> ParsedFile:
    """One RawIdentity per connection; rows blank but for the date (deactivated members)
    are skipped. As `collect` with a builder per row, but the columns are found once."""
    parsed = ParsedFile(name=name)
    pick = table.picker(*_CONNECTION_COLUMNS)
    header = table.header
    for record in table.records():
        if isinstance(record, RecordError):
            parsed.errors.append(record)
            continue
        line, cells = record
        first, last, url, profile_url, email, e_mail, company, position, connected_raw = pick(cells)
        first = clean_name(first)
        last = clean_name(last)
        url = canonical_linkedin_url(url or profile_url)
        email = email or e_mail
        if not any((first, last, url, email, company, position)):
            parsed.skipped += 1
            continue
        connected = parse_date(connected_raw)
        display = f"{first} {last}" if first and last else first or last
        ekey = email_key(email) if email else ""
        if url:
            key = url
        elif ekey:
            key = f"email:{ekey}"
        else:
            when = connected.isoformat() if connected else connected_raw
            key = f"name:{stable_key(display.casefold(), when)}"
        parsed.records.append(
            RawIdentity(
                source=SOURCE,
                key=key,
                line=line,
                first_name=first,
                last_name=last,
                display_name=display,
                emails=(email,) if ekey else (),
                profile_url=url,
                organization=company,
                title=position,
                connected_on=connected,
                raw=dict(zip(header, cells, strict=True)),
            )
        )
    return parsed


# --- Invitations.csv --------------------------------------------------------------------------


def invitation_builder(file: str, me: Me, me_urls: dict[str, int]) -> Callable[[Row], Built]:
    """Invitations; `me_urls` counts the URLs that are certainly mine (inviter of my own)."""

    def build(row: Row) -> Built:
        sender, recipient = row.get("From"), row.get("To")
        inviter = canonical_linkedin_url(row.get("inviterProfileUrl"))
        invitee = canonical_linkedin_url(row.get("inviteeProfileUrl"))
        if not any((sender, recipient, inviter, invitee)):
            return None
        direction = row.get("Direction").upper()
        if direction not in ("OUTGOING", "INCOMING"):
            if me.is_me(sender, inviter):
                direction = "OUTGOING"
            elif me.is_me(recipient, invitee):
                direction = "INCOMING"
            else:
                return RecordError(file, row.line, tr("invitation without a known direction"))
        if direction == "OUTGOING":
            person, mine = PersonRef(clean_name(recipient), invitee), inviter
        else:
            person, mine = PersonRef(clean_name(sender), inviter), invitee
        if mine:
            me_urls[mine] = me_urls.get(mine, 0) + 1
        sent_raw = row.get("Sent At")
        way = "outbound" if direction == "OUTGOING" else "inbound"
        return RawInvitation(
            source=SOURCE,
            key=stable_key(
                "invitation", way, person.profile_url or person.name.casefold(), sent_raw
            ),
            line=row.line,
            direction=way,
            sent_at=parse_datetime(sent_raw),
            person=person,
            message=row.get("Message"),
        )

    return build


# --- Recommendations_*.csv and Endorsement_*_Info.csv ---------------------------------------------


def recommendation_builder(direction: str) -> Callable[[Row], Built]:
    def build(row: Row) -> Built:
        name = full_name(row.get("First Name"), row.get("Last Name"))
        text = row.get("Text")
        if not name and not text:
            return None
        created_raw = row.get("Creation Date")
        return RawRecommendation(
            source=SOURCE,
            key=stable_key("recommendation", direction, name.casefold(), created_raw),
            line=row.line,
            direction=direction,
            person=PersonRef(name=name),
            organization=row.get("Company"),
            title=row.get("Job Title"),
            text=text,
            created_at=parse_datetime(created_raw),
            status=row.get("Status"),
        )

    return build


def endorsement_builder(file: str, direction: str) -> Callable[[Row], Built]:
    who = "Endorser" if direction == "inbound" else "Endorsee"

    def build(row: Row) -> Built:
        name = full_name(row.get(f"{who} First Name"), row.get(f"{who} Last Name"))
        url = canonical_linkedin_url(row.get(f"{who} Public Url", f"{who} Public URL"))
        skill = row.get("Skill Name")
        if not any((name, url, skill)):
            return None
        if not skill:
            return RecordError(file, row.line, tr("endorsement without a skill name"))
        return RawEndorsement(
            source=SOURCE,
            key=stable_key("endorsement", direction, url or name.casefold(), skill.casefold()),
            line=row.line,
            direction=direction,
            person=PersonRef(name=name, profile_url=url),
            skill=skill,
            endorsed_at=parse_datetime(row.get("Endorsement Date")),
            status=row.get("Endorsement Status"),
        )

    return build


# --- Profile.csv and the files about me ------------------------------------------------------


@dataclass
class ProfileParts:
    """What the profile files say about me, gathered before the one RawProfile is built."""

    first_name: str = ""
    last_name: str = ""
    headline: str = ""
    industry: str = ""
    location: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    positions: list[RawPosition] = field(default_factory=list)
    education: list[RawEducation] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    skipped: int = 0

    def rows(self, table: CsvTable) -> list[Row]:
        found: list[Row] = []
        for row in table.rows():
            if isinstance(row, RecordError):
                self.errors.append(row)
            else:
                found.append(row)
        return found

    def read_profile(self, table: CsvTable) -> None:
        for row in self.rows(table)[:1]:
            self.first_name = clean_name(row.get("First Name"))
            self.last_name = clean_name(row.get("Last Name"))
            self.headline = row.get("Headline")
            self.industry = row.get("Industry")
            self.location = row.get("Geo Location", "Location", "Country")

    def read_positions(self, table: CsvTable) -> None:
        for row in self.rows(table):
            company, title = row.get("Company Name", "Company"), row.get("Title")
            if not company and not title:
                self.skipped += 1
                continue
            self.positions.append(
                RawPosition(
                    organization=company,
                    title=title,
                    location=row.get("Location"),
                    started_on=parse_date(row.get("Started On")),
                    finished_on=parse_date(row.get("Finished On")),
                    description=row.get("Description"),
                )
            )

    def read_education(self, table: CsvTable) -> None:
        for row in self.rows(table):
            school = row.get("School Name")
            if not school:
                self.skipped += 1
                continue
            self.education.append(
                RawEducation(
                    school=school,
                    degree=row.get("Degree Name"),
                    started_on=parse_date(row.get("Start Date")),
                    finished_on=parse_date(row.get("End Date")),
                )
            )

    def read_emails(self, table: CsvTable) -> None:
        rows = self.rows(table)
        rows.sort(key=lambda r: r.get("Primary").lower() != "yes")  # primary first
        for row in rows:
            address = row.get("Email Address")
            if email_key(address) and address not in self.emails:
                self.emails.append(address)

    def read_phones(self, table: CsvTable) -> None:
        for row in self.rows(table):
            number = row.get("Number")
            value = phone_e164(number) or number
            if value and value not in self.phones:
                self.phones.append(value)

    def build(self, profile_url: str) -> RawProfile:
        return RawProfile(
            source=SOURCE,
            first_name=self.first_name,
            last_name=self.last_name,
            headline=self.headline,
            industry=self.industry,
            location=self.location,
            emails=tuple(self.emails),
            phones=tuple(self.phones),
            profile_url=profile_url,
            positions=tuple(self.positions),
            education=tuple(self.education),
        )
