"""Header decoding for the mbox importer: addresses, RFC 2047 words, dates, ids, labels.

Runs inside the scan workers, so it imports only the standard library (a worker starts fast)
and returns plain tuples, never dataclasses or translated text. Every function has a fast path
for what real mail almost always looks like and falls back to `email.utils` for the rest
(research/formats.md §2.1, research/speed.md: the stdlib alone costs 5x the scan).
"""

from __future__ import annotations

import binascii
import re
from email.utils import getaddresses, parsedate_tz
from functools import lru_cache

__all__ = [
    "address",
    "addresses",
    "correspondents",
    "decode_words",
    "elements",
    "message_fields",
    "msg_id",
    "parse_date",
    "plain_list",
    "split_labels",
    "text",
]

SENT_LABELS = frozenset(
    {"sent", "sent mail", "sent messages", "envoyés", "messages envoyés", "éléments envoyés"}
)
_SPAM_LABELS = frozenset({"spam", "pourriel", "courrier indésirable", "junk"})
_DRAFT_LABELS = frozenset({"draft", "drafts", "brouillon", "brouillons"})
_CHAT_LABELS = frozenset({"chat", "chats"})
# Local parts of senders nobody can answer (notifications, bounces): research/formats.md §2.
_NO_REPLY = re.compile(
    r"(?:^|[._+-])(?:no-?reply|ne-?pas-?repondre|nepasrepondre|do-?not-?reply|donotreply"
    r"|mailer-daemon|postmaster)(?:$|[._+-])",
    re.IGNORECASE,
)


# --- text -----------------------------------------------------------------------------------


def text(raw: bytes) -> str:
    """A header value as text: UTF-8 (SMTPUTF8, Gmail) or else Windows-1252 (old 8-bit mail).
    Unfolded: the captured line breaks all precede a blank, so they are not content."""
    if raw.find(b"\n") >= 0:  # `in` costs 5x more: bytes first tries the needle as an int
        raw = raw.replace(b"\r", b"").replace(b"\n", b"")
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").strip()


_EW = re.compile(r"=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=")


@lru_cache(maxsize=16384)  # names and labels repeat across thousands of messages
def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded; adjacent words of one charset are joined as bytes
    first, because some mailers split a multi-byte character across two words."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pos, charset, raw, after_word = 0, "", b"", False
    for m in _EW.finditer(value):
        gap = value[pos : m.start()]
        if not (after_word and not gap.strip()):  # blanks between two words are dropped
            if raw:
                out.append(_charset_decode(raw, charset))
                raw = b""
            out.append(gap)
        data = _word_bytes(m.group(2), m.group(3))
        if data is None:
            if raw:
                out.append(_charset_decode(raw, charset))
                raw = b""
            out.append(m.group(0))
            after_word = False
        else:
            name = m.group(1).split("*", 1)[0].lower()  # RFC 2231 language suffix
            if raw and name != charset:
                out.append(_charset_decode(raw, charset))
                raw = b""
            charset, raw, after_word = name, raw + data, True
        pos = m.end()
    if raw:
        out.append(_charset_decode(raw, charset))
    out.append(value[pos:])
    return "".join(out)


def _word_bytes(encoding: str, data: str) -> bytes | None:
    raw = data.encode("utf-8", errors="replace")
    try:
        if encoding in "Qq":
            return binascii.a2b_qp(raw, header=True)
        return binascii.a2b_base64(raw + b"=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        return None


def _charset_decode(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:  # unknown-8bit, x-user-defined, misspelt names
        return raw.decode("utf-8", errors="replace")


# --- addresses --------------------------------------------------------------------------------

_ELEMENT = re.compile(
    r'(?:"(?:[^"\\]+|\\.)*"?|<[^>]*>?|=\?[^?\s]+\?[QqBb]\?[^?\s]*\?=|[^,"<=]+|=)+'
)


@lru_cache(maxsize=8192)
def addresses(value: str) -> tuple[tuple[str, str], ...]:
    """(display name, address) pairs of a From/To/Cc value, names decoded and unquoted.

    Commas inside quotes or encoded words do not split; groups, comments and escapes go to
    `email.utils.getaddresses`, which is slower but knows the obsolete syntax.
    """
    if not plain_list(value):
        pairs = [(decode_words(n).strip(), a.strip()) for n, a in getaddresses([value])]
        return tuple((n, a) for n, a in pairs if "@" in a)
    return tuple(filter(None, map(address, elements(value))))


def plain_list(value: str) -> bool:
    """Is `value` a plain list of `name <address>` elements? Not when it holds groups,
    comments or escapes, which only `email.utils.getaddresses` reads right."""
    return not ("(" in value or ":" in value or "\\" in value)


def elements(value: str) -> list[str]:
    """The elements of a plain address list, stripped: split at commas, except those inside
    quotes or encoded words. Stripped, because `a@x, b@y` gives ` b@y`, and the caches
    keyed by element would hold each person twice (1 GB mailbox scan: -8% of worker time)."""
    hidden = '"' in value or "=?" in value  # else nothing can hide a comma
    return list(map(str.strip, _ELEMENT.findall(value) if hidden else value.split(",")))


@lru_cache(maxsize=16384)
def address(element: str) -> tuple[str, str] | None:
    """One `name <address>` element, or None if it holds no address. Cached apart from the
    whole value: a To list is rarely seen twice, but the people in it are."""
    lt = element.rfind("<")
    if lt >= 0:
        address = element[lt + 1 :].partition(">")[0].strip()
        name = element[:lt].strip()
        if name[:1] == '"':
            name = name[1:-1] if name[-1:] == '"' and len(name) > 1 else name[1:]
        if "=?" in name:
            name = decode_words(name)
        name = name.strip()
    else:
        address, name = element.strip(), ""
    return (name, address) if "@" in address and " " not in address else None


# --- ids, labels, dates ---------------------------------------------------------------------

_ID = re.compile(r"<([^<>\s]+)>")


def msg_id(value: str) -> str:
    """`local@domain` with brackets stripped and the domain lower-cased, or ""."""
    if value[:1] == "<" and value[-1:] == ">" and value.count("<") == 1 and " " not in value:
        return normal_id(value[1:-1])  # what nearly every mailer writes
    m = _ID.search(value)
    found = m.group(1) if m else (value.split() or [""])[0].strip("<>")
    return normal_id(found)


def normal_id(found: str) -> str:
    local, at, domain = found.rpartition("@")
    return f"{local}@{domain.lower()}" if at and local else found


def first_and_last_ids(value: str) -> tuple[str, str]:
    """The first (the thread's root) and the last (the parent) id of a References header,
    found without splitting a chain that may hold dozens; ("", "") when there is none."""
    only = _ID.fullmatch(value)
    if only:  # a single id, as in most replies: one regex instead of two
        root = normal_id(only.group(1))
        return root, root
    first = _ID.search(value)
    if first is None:
        return "", ""
    end = value.rfind(">")
    start = value.rfind("<", 0, end)
    last = _ID.match(value, start) if start >= first.start() else None
    root = normal_id(first.group(1))
    return root, normal_id(last.group(1)) if last else root


_LABEL = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)')


@lru_cache(maxsize=4096)
def split_labels(value: str) -> tuple[str, ...]:
    """Gmail labels: decoded first (the whole value may be one encoded word), then split on
    commas outside quotes (research/formats.md §2.1)."""
    value = decode_words(value)
    labels = []
    for m in _LABEL.finditer(value):
        label = m.group(1) if m.group(1) is not None else (m.group(2) or "")
        label = label.replace('\\"', '"').strip()
        if label:
            labels.append(label)
    return tuple(labels)


_DATE = re.compile(
    r"(?:[A-Za-z]{3,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})\s+"
    r"(\d{1,2}):(\d\d)(?::(\d\d))?\s*([+-]\d{4})(?!\d)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def parse_date(value: str) -> int | None:
    """Seconds since the epoch (UTC) of an RFC 5322 date, obsolete forms included; None if
    unreadable. A missing zone or `-0000` means UTC."""
    m = _DATE.match(value)
    if m:
        day, mon, year, hour, minute, sec, zone = m.groups()
        valid, start = _day_start(day, mon, year, zone)
        hour, minute, sec = int(hour), int(minute), int(sec) if sec else 0
        if valid and hour < 24 and minute < 60 and sec < 61:
            return None if start is None else start + hour * 3600 + minute * 60 + min(sec, 59)
    try:
        parts = parsedate_tz(value)
    except (ValueError, IndexError, TypeError, OverflowError):
        return None
    if not parts:
        return None
    year, mon, day, hour, minute, sec = parts[:6]
    if not (1 <= mon <= 12 and 1 <= day <= _MONTH_DAYS[mon]):
        return None
    if not (hour < 24 and minute < 60 and sec < 61):
        return None
    return _epoch(year, mon, day, hour, minute, min(sec, 59), parts[9] or 0)


@lru_cache(maxsize=4096)
def _day_start(day: str, mon: str, year: str, zone: str) -> tuple[bool, int | None]:
    """`(valid, epoch of the day's 00:00 in that zone)` from `_DATE`'s fields: a mailbox
    holds a few thousand distinct days and zones, so the calendar work is done once each.
    Not valid: the fallback parser gets a try; valid but None: out of range."""
    d, m = int(day), _MONTHS.get(mon.lower())
    if not (m and 1 <= d <= _MONTH_DAYS[m]):
        return False, None
    offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * 60
    return True, _epoch(int(year), m, d, 0, 0, 0, -offset if zone[0] == "-" else offset)


def _epoch(year: int, mon: int, day: int, hour: int, minute: int, sec: int, off: int) -> int | None:
    if not 1000 <= year <= 9998 or (mon == 2 and day == 29 and not _leap(year)):
        return None
    # days from 1970-01-01 (H. Hinnant's days_from_civil): no datetime object per message
    y = year - (mon <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (mon + (-3 if mon > 2 else 9)) + 2) // 5 + day - 1
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
    return days * 86400 + hour * 3600 + minute * 60 + sec - off


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --- one message ----------------------------------------------------------------------------


def message_fields(from_line: bytes, pairs: list[tuple[bytes, bytes]]) -> tuple:
    """What the importer keeps of one message, as a compact picklable tuple.

    `(reason,)` when the message is kept out (see `mbox.EXCLUDED`), `("!date", raw)` when its
    Date cannot be read, else `("", msgid, reply_to, root, thrid, ts, sender, to, cc,
    subject, labels)` where sender is a `(name, address)` pair, to and cc the header texts
    (the caller reads their addresses, once per distinct element), and `root` is the first
    References id (or In-Reply-To).
    """
    head, reason, labels, senders = _kept(pairs)
    if reason:
        return (reason,)
    raw = head.get(b"date")
    date_text = text(raw) if raw else ""
    if date_text:
        ts = parse_date(date_text)
        if ts is None:
            return ("!date", date_text[:200])
    else:  # no Date header: the separator line often carries the delivery date
        ts = parse_date(text(from_line).partition(" ")[2].partition(" ")[2])
        if ts is None:
            return ("!nodate", "")
    msgid = msg_id(text(head[b"message-id"])) if b"message-id" in head else ""
    root, parent = (
        first_and_last_ids(text(head[b"references"])) if b"references" in head else ("", "")
    )
    reply_to = msg_id(text(head[b"in-reply-to"])) if b"in-reply-to" in head else ""
    raw = head.get(b"subject")
    subject = text(raw) if raw else ""
    if "=?" in subject:  # tested before the cached call: most subjects are seen only once
        subject = decode_words(subject)
    raw = head.get(b"x-gm-thrid")
    return (
        "",
        msgid,
        reply_to or parent,
        root or reply_to,  # the thread's first message, as far as we know
        text(raw) if raw else "",
        ts,
        senders[0],
        text(head[b"to"]) if b"to" in head else "",
        text(head[b"cc"]) if b"cc" in head else "",
        " ".join(subject.split())[:500],
        labels,
    )


def correspondents(pairs: list[tuple[bytes, bytes]]) -> tuple:
    """What recognising *me* needs of a message, decoding nothing else (no date, ids or
    subject): `(reason,)` when kept out, as in `message_fields`, else `("", sender address,
    To addresses, labels)`."""
    head, reason, labels, senders = _kept(pairs)
    if reason:
        return (reason,)
    to = addresses(text(head[b"to"])) if b"to" in head else ()
    return ("", senders[0][1], [address for _name, address in to], labels)


def _kept(pairs: list[tuple[bytes, bytes]]) -> tuple[dict[bytes, bytes], str, tuple, tuple]:
    """`(head, reason, labels, senders)`: the message's wanted headers by lower-case name (To
    and Cc repeated are joined), why it is kept out ("" if it is not), and if it is not, its
    Gmail labels and its From addresses."""
    head: dict[bytes, bytes] = {}
    for name, value in pairs:
        name = name.lower()
        if name in head:
            if name in (b"to", b"cc"):
                head[name] += b"," + value
            continue
        head[name] = value
    status = head.get(b"x-mozilla-status")
    if status and _expunged(status):
        return head, "deleted", (), ()
    raw = head.get(b"x-gmail-labels")
    labels, reason = _labels(raw) if raw else ((), "")
    if reason:
        return head, reason, (), ()
    raw = head.get(b"from")
    senders, no_reply = _senders(raw) if raw else ((), False)
    if not senders:
        return head, "no_sender", (), ()
    reason = _bulk_reason(head) or ("no_reply" if no_reply else "")
    if reason:
        return head, reason, (), ()
    return head, "", labels, senders


@lru_cache(maxsize=4096)
def _labels(raw: bytes) -> tuple[tuple[str, ...], str]:
    """`(labels, "spam" | "draft" | "")` of an X-Gmail-Labels value: a mailbox has few
    distinct label sets, so they are split and checked once each."""
    labels = split_labels(text(raw))
    folded = {label.casefold() for label in labels}
    if folded & _SPAM_LABELS:
        return labels, "spam"
    if folded & _DRAFT_LABELS:
        return labels, "draft"
    return labels, ""


@lru_cache(maxsize=8192)
def _senders(raw: bytes) -> tuple[tuple[tuple[str, str], ...], bool]:
    """`(addresses, is the first one a no-reply address)` of a From value, once per value:
    most mail comes from a few thousand senders."""
    senders = addresses(text(raw))
    return senders, bool(senders) and bool(_NO_REPLY.search(senders[0][1].rpartition("@")[0]))


def _expunged(status: bytes) -> bool:
    """Thunderbird keeps deleted mail until compaction, flagged 0x0008 in X-Mozilla-Status."""
    try:
        return bool(int(status.strip()[:4] or b"0", 16) & 0x0008)
    except ValueError:
        return False


def _bulk_reason(head: dict[bytes, bytes]) -> str:
    auto = head.get(b"auto-submitted")
    if auto is not None and auto.split(b";", 1)[0].strip().lower() not in (b"no", b""):
        return "automatic"
    if b"x-autoreply" in head:
        return "automatic"
    if b"list-id" in head or b"list-post" in head or b"mailing-list" in head:
        return "list"
    precedence = head.get(b"precedence")
    if precedence is not None:
        precedence = precedence.strip().lower()
        if precedence == b"list":
            return "list"
        if precedence in (b"bulk", b"junk"):
            return "bulk"
    if b"list-unsubscribe" in head:
        return "bulk"
    return ""


def is_sent(labels: tuple[str, ...]) -> bool:
    return any(label.casefold() in SENT_LABELS for label in labels)


def is_chat(labels: tuple[str, ...]) -> bool:
    return any(label.casefold() in _CHAT_LABELS for label in labels)
