"""How a meeting happened: video, in person, a call, or an event, from what the invite says.

Google puts the Meet link in `X-GOOGLE-CONFERENCE` and leaves LOCATION empty; Teams invites
carry `X-MICROSOFT-SKYPETEAMSMEETINGURL` and the placeholder location "Microsoft Teams
Meeting" (or its translation); Zoom links sit in LOCATION or DESCRIPTION; Apple adds
`X-APPLE-STRUCTURED-LOCATION` for a place (research/formats.md §5.1). The fields are read in
that order, so a Teams invite with a dial-in number is a video call, not a phone call.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

__all__ = ["channel_of", "has_phone", "is_physical"]

VIDEO_LINK = re.compile(
    r"meet\.google\.com/[a-z]"
    r"|(?:^|[/.@\s])zoom(?:gov)?\.(?:us|com)/(?:j|my|w|s|wc)/"
    r"|teams\.microsoft\.com/(?:l/meetup-join|meet)"
    r"|teams\.live\.com/meet"
    r"|(?:^|[/.\s])webex\.com/"
    r"|whereby\.com/",
    re.IGNORECASE,
)
_ANY_URL = re.compile(r"(?:https?://|www\.)\S+|\S+://\S*", re.IGNORECASE)
# LOCATION values that name a tool or a placeholder, not a place (casefolded, accents kept)
PLACEHOLDERS = frozenset(
    {
        "microsoft teams meeting",
        "microsoft teams-besprechung",
        "microsoft teams-vergadering",
        "réunion microsoft teams",
        "reunión de microsoft teams",
        "riunione di microsoft teams",
        "reunião do microsoft teams",
        "microsoft teams",
        "teams",
        "teams meeting",
        "réunion teams",
        "skype meeting",
        "réunion skype",
        "skype for business",
        "google meet",
        "meet",
        "hangouts",
        "google hangouts",
        "zoom",
        "zoom meeting",
        "réunion zoom",
        "webex",
        "whereby",
        "online",
        "en ligne",
        "virtual",
        "virtuel",
        "visio",
        "visioconférence",
        "remote",
        "à distance",
        "distanciel",
        "tbd",
        "tba",
        "tbc",
        "à définir",
        "à confirmer",
        "n/a",
    }
)
_PHONE_WORDS = frozenset(
    {"tel", "tél", "phone", "telephone", "téléphone", "mobile", "portable", "cell"}
    | {"call", "appel", "conference call", "conf call", "dial-in", "dial in", "numéro"}
)
_SCAN = 2000  # characters of a description searched for a phone number
_DIGITS = re.compile(r"(?:\d[\s().\-/]{0,3}){7}")
_ONLINE = re.compile(r"https?://\S|conf:sip:", re.IGNORECASE)  # any link; Skype for Business
_MICROSOFT_MEETING = re.compile(r"^X-MICROSOFT-.*MEETING", re.IGNORECASE)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(text.replace("\u00a0", " ").split()).strip(" .,:;-–—()[]")


def _phones(text: str, region: str) -> list[tuple[int, int]]:
    if not _DIGITS.search(text[:_SCAN]):
        return []  # the matcher is slow; no number has fewer than 7 digits
    try:
        matcher = phonenumbers.PhoneNumberMatcher(text[:_SCAN], region or None)
        return [(m.start, m.end) for m in matcher]
    except Exception:  # phonenumbers on arbitrary text: a failure only means no number
        return []


def has_phone(text: str, region: str) -> bool:
    """Whether the text holds a valid phone number (national ones read in `region`)."""
    return bool(text) and bool(_phones(text, region))


def is_physical(location: str, region: str) -> bool:
    """A place one can go to: not empty, not a link, not a tool's name, not just a number."""
    for part in location.split(";"):
        rest = _ANY_URL.sub(" ", part)
        for start, end in reversed(_phones(rest, region)):
            rest = rest[:start] + " " + rest[end:]
        words = _norm(rest)
        if not words or words in PLACEHOLDERS or words in _PHONE_WORDS:
            continue
        if not any(ch.isalpha() for ch in words):
            continue
        return True
    return False


def _conference_texts(event: object) -> list[str]:
    """X-GOOGLE-CONFERENCE, X-MICROSOFT-*MEETING*, CONFERENCE: any link there is a call."""
    get = event.get  # type: ignore[attr-defined]
    texts = [_text(get("X-GOOGLE-CONFERENCE"))]
    keys = getattr(event, "keys", lambda: [])()
    texts += [_text(get(k)) for k in keys if _MICROSOFT_MEETING.match(str(k))]
    texts.append(_text(get("CONFERENCE")))
    return texts


def channel_of(event: object, region: str) -> str:
    """`video`, `in_person`, `call` or `event` for one VEVENT (or one occurrence of it)."""
    get = event.get  # type: ignore[attr-defined]
    for text in _conference_texts(event):
        if VIDEO_LINK.search(text) or _ONLINE.search(text):
            return "video"
    location = _text(get("LOCATION")).strip()
    description = _text(get("DESCRIPTION"))
    for text in (_text(get("URL")), location, description):
        if VIDEO_LINK.search(text):
            return "video"
    if location and is_physical(location, region):
        return "in_person"
    if get("X-APPLE-STRUCTURED-LOCATION") is not None:
        return "in_person"
    if has_phone(location, region) or has_phone(description, region):
        return "call"
    return "event"
