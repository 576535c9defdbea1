"""LinkedIn messages.csv (2021, 2024) and Messages.csv (2018) as interactions (no Django).

The file does not say which side is the owner. *Me* is the profile URL taking part in the
most conversations; failing URLs, the name from Profile.csv, or the 2018 Direction column.
Multi-recipient values are comma-joined and names may hold commas, so recipients are
split on their URLs, never on their names (research/formats.md §1.3).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from liens.i18n import tr
from liens.importers.base import ParsedFile, PersonRef, RawInteraction, RecordError
from liens.importers.csvfile import CsvTable, Row
from liens.importers.formats.linkedin_dates import parse_datetime
from liens.importers.formats.linkedin_records import SOURCE, Me
from liens.importers.normalize import canonical_linkedin_url, clean_name, stable_key, strip_markup

ANCHORS = ("CONVERSATION ID", "From")
SUMMARY_LENGTH = 500
_SPLIT = re.compile(r"[,;]")


@dataclass
class _Message:
    line: int
    conversation: str
    sender_name: str
    sender_url: str
    to: str
    recipient_urls: list[str] | None  # None: the file has no RECIPIENT PROFILE URLS column
    date_raw: str
    when: datetime
    subject: str
    content: str
    direction: str = ""  # 2018 files only: INCOMING / OUTGOING


def _read(table: CsvTable, parsed: ParsedFile) -> list[_Message]:
    """First pass: every usable row; drafts and spam are counted as skipped."""
    has_recipients = table.has("RECIPIENT PROFILE URLS")
    messages: list[_Message] = []
    for row in table.rows():
        if isinstance(row, RecordError):
            parsed.errors.append(row)
            continue
        if _is_left_out(row):
            parsed.skipped += 1
            continue
        date_raw = row.get("DATE")
        when = parse_datetime(date_raw)
        if when is None:
            if date_raw:
                message = tr("date %(value)s not understood", value=repr(date_raw[:40]))
            else:
                message = tr("date 'empty' not understood")
            parsed.errors.append(RecordError(parsed.name, row.line, message))
            continue
        urls = None
        if has_recipients:
            urls = [u.strip() for u in _SPLIT.split(row.get("RECIPIENT PROFILE URLS")) if u.strip()]
        messages.append(
            _Message(
                line=row.line,
                conversation=row.get("CONVERSATION ID"),
                sender_name=row.get("FROM"),
                sender_url=canonical_linkedin_url(row.get("SENDER PROFILE URL")),
                to=row.get("TO"),
                recipient_urls=urls,
                date_raw=date_raw,
                when=when,
                subject=row.get("SUBJECT") or row.get("CONVERSATION TITLE"),
                content=row.get("CONTENT"),
                direction=row.get("Direction").upper(),
            )
        )
    return messages


def _is_left_out(row: Row) -> bool:
    drafts = (row.get("IS MESSAGE DRAFT"), row.get("IS CONVERSATION DRAFT"))
    return any(d.lower() in ("yes", "true") for d in drafts) or row.get("FOLDER").upper() == "SPAM"


def _recipients(msg: _Message, name_of: dict[str, str], url_of: dict[str, str]) -> list[PersonRef]:
    """The recipients of one message, paired name ↔ URL as well as the data allows."""
    to = msg.to
    if msg.recipient_urls:
        urls = msg.recipient_urls
        if len(urls) == 1:
            return [PersonRef(clean_name(to), canonical_linkedin_url(urls[0]))]
        names: list[str] | None = None
        for separator in (";", ","):
            parts = [p.strip() for p in to.split(separator)]
            if len(parts) == len(urls):
                names = parts
                break
        refs = []
        for index, raw in enumerate(urls):
            url = canonical_linkedin_url(raw)
            name = names[index] if names else name_of.get(url, "")
            refs.append(PersonRef(clean_name(name), url))
        return refs
    if not to:
        return []
    name = clean_name(to)
    return [PersonRef(name, url_of.get(name.casefold(), ""))]


def _find_me(messages: list[_Message], me: Me, name_of: dict[str, str]) -> str:
    """Complete `me` from the messages; returns my main profile URL ("" when unknown).

    URLs already known (from Invitations.csv) win: they are certain, the count is a guess.
    """
    if me.urls:
        for url in me.urls:
            me.add_name(name_of.get(url, ""))
        return ""
    conversations: dict[str, set[str]] = defaultdict(set)
    appearances: Counter[str] = Counter()
    with_urls = any(m.recipient_urls is not None for m in messages)
    for msg in messages:
        thread = msg.conversation or f"line:{msg.line}"
        if with_urls:
            found = [msg.sender_url, *map(canonical_linkedin_url, msg.recipient_urls or [])]
        else:
            found = [clean_name(n).casefold() for n in (msg.sender_name, msg.to)]
        for item in filter(None, found):
            conversations[item].add(thread)
            appearances[item] += 1
    if not with_urls:
        if not me.names and conversations:
            me.names.add(
                max(conversations, key=lambda n: (len(conversations[n]), appearances[n], n))
            )
        mine = Counter(m.sender_url for m in messages if m.sender_url and me.is_me(m.sender_name))
        me.urls.update(mine)
        return mine.most_common(1)[0][0] if mine else ""
    if not conversations:
        return ""

    def score(url: str) -> tuple[int, bool, int, str]:
        named = clean_name(name_of.get(url, "")).casefold() in me.names
        return len(conversations[url]), named, appearances[url], url

    url = max(conversations, key=score)
    me.urls.add(url)
    me.add_name(name_of.get(url, ""))
    return url


def _dedupe(refs: list[PersonRef]) -> tuple[PersonRef, ...]:
    seen: dict[str, PersonRef] = {}
    for ref in refs:
        seen.setdefault(ref.profile_url or "name:" + ref.name.casefold(), ref)
    return tuple(seen.values())


def _build(
    msg: _Message, me: Me, name_of: dict[str, str], url_of: dict[str, str]
) -> RawInteraction:
    sender = PersonRef(clean_name(msg.sender_name), msg.sender_url)
    if msg.direction in ("INCOMING", "OUTGOING"):
        mine = msg.direction == "OUTGOING"
    else:
        mine = me.is_me(msg.sender_name, msg.sender_url)
    people = [] if mine or not (sender.name or sender.profile_url) else [sender]
    if msg.direction != "INCOMING":
        recipients = _recipients(msg, name_of, url_of)
        people += [
            r
            for r in recipients
            if (r.name or r.profile_url) and not me.is_me(r.name, r.profile_url)
        ]
    return RawInteraction(
        source=SOURCE,
        key=stable_key(
            msg.conversation, msg.date_raw, msg.sender_url or msg.sender_name, msg.content
        ),
        line=msg.line,
        channel="message",
        direction="outbound" if mine else "inbound",
        occurred_at=msg.when,
        participants=_dedupe(people),
        subject=msg.subject,
        thread_key=msg.conversation,
        summary=strip_markup(msg.content)[:SUMMARY_LENGTH],
    )


def parse_messages(
    table: CsvTable, name: str, me: Me, known_names: dict[str, str] | None = None
) -> tuple[ParsedFile, str]:
    """The interactions of one messages file, and my profile URL as far as it shows.

    `known_names` (profile URL → name, from Connections.csv) names the recipients who never
    wrote in this file, when a multi-recipient TO cannot be split safely.
    """
    parsed = ParsedFile(name=name)
    messages = _read(table, parsed)
    name_of: dict[str, str] = {}  # URL → the name it sends under
    urls_by_name: dict[str, set[str]] = defaultdict(set)
    for msg in messages:
        if msg.sender_url and msg.sender_name:
            name_of.setdefault(msg.sender_url, msg.sender_name)
            urls_by_name[clean_name(msg.sender_name).casefold()].add(msg.sender_url)
    url_of = {n: next(iter(u)) for n, u in urls_by_name.items() if len(u) == 1}
    my_url = _find_me(messages, me, name_of)
    for url, known in (known_names or {}).items():
        name_of.setdefault(url, known)
    parsed.records.extend(_build(m, me, name_of, url_of) for m in messages)
    return parsed, my_url
