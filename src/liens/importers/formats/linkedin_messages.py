"""LinkedIn messages.csv (2021, 2024) and Messages.csv (2018) as interactions (no Django).

The file does not say which side is the owner. *Me* is the profile URL taking part in the
most conversations; failing URLs, the name from Profile.csv, or the 2018 Direction column.
Multi-recipient values are comma-joined and names may hold commas, so recipients are
split on their URLs, never on their names (research/formats.md §1.3).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import datetime
from operator import itemgetter

from liens.i18n import tr
from liens.importers.base import ParsedFile, PersonRef, RawInteraction, RecordError
from liens.importers.csvfile import CsvTable, cell
from liens.importers.formats.linkedin_dates import parse_datetime
from liens.importers.formats.linkedin_records import SOURCE, Me
from liens.importers.normalize import canonical_linkedin_url, clean_name, stable_key, strip_markup

ANCHORS = ("CONVERSATION ID", "From")
SUMMARY_LENGTH = 500
_SPLIT = re.compile(r"[,;]")


# Who a message is between: (sender name, sender URL (canonical), TO, recipient URLs as
# written (None: the file has no RECIPIENT PROFILE URLS column), direction (2018 files only:
# INCOMING / OUTGOING)). The same few people write thousands of messages, so each distinct
# `_Parties` is stored once and worked out once.
_Parties = tuple[str, str, str, tuple[str, ...] | None, str]
# One usable row: (line, conversation, index of its `_Parties`, date as written, date, subject,
# content). A plain tuple of atoms, so the garbage collector does not track it.
_Message = tuple[int, str, int, str, datetime, str, str]
_Sides = tuple[str, tuple[PersonRef, ...]]  # "outbound" or "inbound", everybody but me

_COLUMNS = (
    "DATE",
    "CONVERSATION ID",
    "SUBJECT",
    "CONVERSATION TITLE",
    "CONTENT",
    "IS MESSAGE DRAFT",
    "IS CONVERSATION DRAFT",
    "FOLDER",
)
_PARTIES = ("FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS", "Direction")
_YES = ("yes", "true")


def _read(table: CsvTable, parsed: ParsedFile) -> tuple[list[_Message], list[_Parties]]:
    """First pass: every usable row, and the distinct parties in the order they first
    appear (spellings apart: one URL may be written two ways); drafts and spam are counted
    as skipped."""
    has_recipients = table.has("RECIPIENT PROFILE URLS")
    pick = table.picker(*_COLUMNS)
    parties_of = table.fetcher(*_PARTIES)
    messages: list[_Message] = []
    parties: dict[tuple[str, ...], int] = {}  # cells as written, read once per distinct set
    for record in table.records():
        if isinstance(record, RecordError):
            parsed.errors.append(record)
            continue
        line, cells = record
        (
            date_raw,
            conversation,
            subject,
            title,
            content,
            draft,
            conversation_draft,
            folder,
        ) = pick(cells)
        if draft.lower() in _YES or conversation_draft.lower() in _YES or folder.upper() == "SPAM":
            parsed.skipped += 1
            continue
        when = parse_datetime(date_raw)
        if when is None:
            if date_raw:
                message = tr("date %(value)s not understood", value=repr(date_raw[:40]))
            else:
                message = tr("date 'empty' not understood")
            parsed.errors.append(RecordError(parsed.name, line, message))
            continue
        between = parties.setdefault(parties_of(cells), len(parties))
        messages.append((line, conversation, between, date_raw, when, subject or title, content))
    return messages, [_parties(written, has_recipients) for written in parties]


def _parties(written: tuple[str, ...], has_recipients: bool) -> _Parties:
    sender_name, sender_url, to, recipients, direction = map(cell, written)
    return (
        sender_name,
        canonical_linkedin_url(sender_url),
        to,
        _split_urls(recipients) if has_recipients else None,
        direction.upper(),
    )


def _split_urls(recipients: str) -> tuple[str, ...]:
    return tuple(u.strip() for u in _SPLIT.split(recipients) if u.strip())


class _People:
    """The people on the other side of each message. Refs are made once per spelling: a
    shared immutable ref is as good as a fresh one."""

    def __init__(self, me: Me, name_of: dict[str, str], url_of: dict[str, str]) -> None:
        self.me = me
        self.name_of = name_of
        self.url_of = url_of
        self._refs: dict[tuple[str, str], PersonRef] = {}

    def sides(self, parties: _Parties) -> _Sides:
        """("outbound" or "inbound", everybody but me) for the messages between `parties`."""
        sender_name, sender_url, to, urls, way = parties
        me = self.me
        sender = self._ref(sender_name, sender_url)
        if way in ("INCOMING", "OUTGOING"):
            mine = way == "OUTGOING"
        else:
            mine = me.is_me(sender_name, sender_url)
        people = [] if mine or not (sender.name or sender.profile_url) else [sender]
        if way != "INCOMING":
            people += [
                r
                for r in self._recipients(to, urls)
                if (r.name or r.profile_url) and not me.is_me(r.name, r.profile_url)
            ]
        return ("outbound" if mine else "inbound"), _dedupe(people)

    def _ref(self, name: str, url: str) -> PersonRef:
        """PersonRef(clean_name(name), url)."""
        found = self._refs.get((name, url))
        if found is None:
            found = self._refs[name, url] = PersonRef(clean_name(name), url)
        return found

    def _recipients(self, to: str, urls: tuple[str, ...] | None) -> list[PersonRef]:
        """The recipients of one message, paired name ↔ URL as well as the data allows."""
        if urls:
            if len(urls) == 1:
                return [self._ref(to, canonical_linkedin_url(urls[0]))]
            names: list[str] | None = None
            for separator in (";", ","):
                parts = [p.strip() for p in to.split(separator)]
                if len(parts) == len(urls):
                    names = parts
                    break
            refs = []
            for index, raw in enumerate(urls):
                url = canonical_linkedin_url(raw)
                name = names[index] if names else self.name_of.get(url, "")
                refs.append(self._ref(name, url))
            return refs
        if not to:
            return []
        name = clean_name(to)
        return [PersonRef(name, self.url_of.get(name.casefold(), ""))]


def _dedupe(refs: list[PersonRef]) -> tuple[PersonRef, ...]:
    seen: dict[str, PersonRef] = {}
    for ref in refs:
        seen.setdefault(ref.profile_url or "name:" + ref.name.casefold(), ref)
    return tuple(seen.values())


def _find_me(
    messages: list[_Message], parties: list[_Parties], me: Me, name_of: dict[str, str]
) -> str:
    """Complete `me` from the messages; returns my main profile URL ("" when unknown).

    URLs already known (from Invitations.csv) win: they are certain, the count is a guess.
    """
    if me.urls:
        for url in me.urls:
            me.add_name(name_of.get(url, ""))
        return ""
    with_urls = any(p[3] is not None for p in parties)
    # what each message counts for: its URLs, or its folded names when there are no URLs
    if with_urls:
        canonical = canonical_linkedin_url
        found = [(sender_url, *map(canonical, urls or ())) for _, sender_url, _, urls, _ in parties]
    else:
        found = [
            (clean_name(sender_name).casefold(), clean_name(to).casefold())
            for sender_name, _, to, _, _ in parties
        ]
    items = [tuple(filter(None, f)) for f in found]
    # (item, conversation) for each appearance of an item in a message
    seen = [(item, m[1] or f"line:{m[0]}") for m in messages for item in items[m[2]]]
    appearances = Counter(map(itemgetter(0), seen))
    conversations = Counter(map(itemgetter(0), set(seen)))  # in how many conversations
    if not with_urls:
        if not me.names and conversations:
            me.names.add(max(conversations, key=lambda n: (conversations[n], appearances[n], n)))
        senders = [p[1] if p[1] and me.is_me(p[0]) else "" for p in parties]
        mine = Counter(url for m in messages if (url := senders[m[2]]))
        me.urls.update(mine)
        return mine.most_common(1)[0][0] if mine else ""
    if not conversations:
        return ""

    def score(url: str) -> tuple[int, bool, int, str]:
        named = clean_name(name_of.get(url, "")).casefold() in me.names
        return conversations[url], named, appearances[url], url

    url = max(conversations, key=score)
    me.urls.add(url)
    me.add_name(name_of.get(url, ""))
    return url


def _build(
    messages: list[_Message], parties: list[_Parties], sides: list[_Sides]
) -> list[RawInteraction]:
    senders = [sender_url or sender_name for sender_name, sender_url, *_rest in parties]
    built = []
    for line, conversation, between, date_raw, when, subject, content in messages:
        direction, participants = sides[between]
        built.append(
            RawInteraction(
                source=SOURCE,
                key=stable_key(conversation, date_raw, senders[between], content),
                line=line,
                channel="message",
                direction=direction,
                occurred_at=when,
                participants=participants,
                subject=subject,
                thread_key=conversation,
                summary=strip_markup(content)[:SUMMARY_LENGTH],
            )
        )
    return built


def parse_messages(
    table: CsvTable, name: str, me: Me, known_names: dict[str, str] | None = None
) -> tuple[ParsedFile, str]:
    """The interactions of one messages file, and my profile URL as far as it shows.

    `known_names` (profile URL → name, from Connections.csv) names the recipients who never
    wrote in this file, when a multi-recipient TO cannot be split safely.
    """
    parsed = ParsedFile(name=name)
    messages, parties = _read(table, parsed)
    name_of: dict[str, str] = {}  # URL → the name it sends under
    urls_by_name: dict[str, set[str]] = defaultdict(set)
    for sender_name, sender_url, *_rest in parties:  # in the order of their first message
        if sender_url and sender_name:
            name_of.setdefault(sender_url, sender_name)
            urls_by_name[clean_name(sender_name).casefold()].add(sender_url)
    url_of = {n: next(iter(u)) for n, u in urls_by_name.items() if len(u) == 1}
    my_url = _find_me(messages, parties, me, name_of)
    for url, known in (known_names or {}).items():
        name_of.setdefault(url, known)
    people = _People(me, name_of, url_of)
    parsed.records.extend(_build(messages, parties, [people.sides(p) for p in parties]))
    return parsed, my_url
