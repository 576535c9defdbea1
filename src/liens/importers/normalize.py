"""Pure normalisation helpers shared by every importer (no Django).

They turn the many spellings real exports use into comparison keys, so that the same person
seen in LinkedIn, a mailbox and a phone book can be matched exactly
(research/formats.md §1.2 and §6). Keys are for matching; callers keep the original strings.
Phone numbers have their own module, `phones`: phonenumbers is slow to import, and the mailbox
scan workers, which start on every import, never need it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

__all__ = [
    "canonical_linkedin_url",
    "clean_name",
    "email_key",
    "stable_key",
    "strip_markup",
]

# --- LinkedIn profile URLs ------------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_SPACE = re.compile(r"\s")
_PROFILE = "https://www.linkedin.com/in/"
_PLAIN_PROFILE = re.compile(r"https://www\.linkedin\.com/in/([\w-]+)/?\Z")


@lru_cache(maxsize=65536)  # exports repeat the same URLs on thousands of rows
def canonical_linkedin_url(raw: str | None) -> str:
    """`https://www.linkedin.com/in/<slug>` for any spelling of a profile URL, else "".

    Exports write the same profile with or without scheme, `www.` or a country subdomain,
    percent-encoded or raw Unicode: only the canonical form can serve as a key.
    """
    text = (raw or "").strip()
    plain = _PLAIN_PROFILE.match(text)
    if plain is not None and (plain[1].isascii() or unicodedata.is_normalized("NFC", plain[1])):
        return _PROFILE + plain[1]  # what the parsing below gives, without the parsing
    if not text or _SPACE.search(text):
        return ""
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https"):
        return ""
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return ""
    segments = [_decode(s) for s in parts.path.split("/") if s]
    if len(segments) >= 2 and segments[0].lower() == "in":
        slug = segments[1]
        if slug and "/" not in slug:
            return _PROFILE + slug
    if len(segments) >= 2 and segments[0].lower() == "pub":  # pre-2013 public profile URLs
        return "https://www.linkedin.com/pub/" + "/".join(segments[1:])
    return ""


def _decode(segment: str) -> str:
    return unicodedata.normalize("NFC", unquote(segment, errors="replace")).strip()


# --- names ------------------------------------------------------------------------------------

_PRONOUN = (
    r"(?:he|him|his|she|her|hers|they|them|theirs|il|lui|elle|elles|iel|ielle|ze|zir|xe|xem|any)"
)
_PRONOUN_GROUP = re.compile(
    rf"[\(\[]\s*{_PRONOUN}(?:\s*/\s*{_PRONOUN})*(?:\s+pronouns)?\s*[\)\]]", re.IGNORECASE
)
_PRONOUN_BARE = re.compile(
    rf"(?:^|(?<=\s)|(?<=[|·•,]))\s*{_PRONOUN}\s*/\s*{_PRONOUN}(?:\s*/\s*{_PRONOUN})*\s*$",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^(?:I{1,3}|IV|V|VI{1,3}|IX|X)$")
_CREDENTIAL_WORDS = {"esq", "esq.", "dr", "dr.", "cpa", "msc", "phd", "mba", "md"}
_TRIM = " \t|·•-–—,;:/"


def _is_emoji_like(ch: str) -> bool:
    cat = unicodedata.category(ch)
    if cat in ("So", "Cs", "Co", "Cn", "Cc"):
        return True
    if cat == "Sk" and ord(ch) >= 0x1F000:  # skin-tone modifiers
        return True
    return cat == "Cf" or 0xFE00 <= ord(ch) <= 0xFE0F  # ZWJ, bidi marks, variation selectors


def _is_credential(token: str) -> bool:
    token = token.strip()
    if not token or " " in token or len(token) > 12 or _ROMAN.match(token):
        return False
    if token.lower() in _CREDENTIAL_WORDS:
        return True
    return sum(ch.isupper() for ch in token) >= 2 and token[0].isupper()


@lru_cache(maxsize=65536)
def clean_name(raw: str | None) -> str:
    """A person's name without emoji, pronouns, credentials and stray whitespace.

    LinkedIn names carry decoration (`Konterman🔸`, `Nayak, MSc, MBA`, `(he/him)`, `Igor\\t`)
    that would stop two spellings of one person from matching.
    """
    text = unicodedata.normalize("NFC", raw or "")
    if not text.isascii() or not text.isprintable():
        text = "".join(
            " " if ch.isspace() else ch for ch in text if ch.isspace() or not _is_emoji_like(ch)
        )
    text = " ".join(text.split())
    text = _PRONOUN_GROUP.sub(" ", text)
    text = _PRONOUN_BARE.sub("", text)
    text = " ".join(text.split()).strip(_TRIM)
    if "," in text:
        head, *rest = text.split(",")
        if head.strip() and all(_is_credential(part) for part in rest):
            text = head
    return " ".join(text.split()).strip(_TRIM)


# --- e-mail addresses ---------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"/]+@[^@\s<>()\[\],;:\"/=]+\.[^@\s<>()\[\],;:\"/=]+$")
_GMAIL = {"gmail.com", "googlemail.com"}
_PLUS_ONLY = {
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "protonmail.ch",
    "proton.me",
    "pm.me",
    "fastmail.com",
    "fastmail.fm",
    "yandex.ru",
    "yandex.com",
    "ya.ru",
    "zoho.com",
    "msn.com",
}
_MICROSOFT = {"outlook", "hotmail", "live"}


def email_key(raw: str | None) -> str:
    """The comparison key of an address: lower-case, provider sub-addressing removed.

    Gmail ignores dots and `+tag`; Outlook, iCloud, Proton and Fastmail ignore `+tag`
    (research/formats.md §6.2). Returns "" for anything that is not an address.
    """
    text = unicodedata.normalize("NFC", (raw or "").strip())
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().strip("<>").strip().lower()
    if len(text) > 320 or not _EMAIL.match(text):
        return ""
    local, domain = text.rsplit("@", 1)
    domain = domain.rstrip(".")
    if domain in _GMAIL:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    elif domain in _PLUS_ONLY or domain.split(".", 1)[0] in _MICROSOFT:
        local = local.split("+", 1)[0]
    if not local:
        return ""
    return f"{local}@{domain}"


# --- markup ---------------------------------------------------------------------------------


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_markup(text: str | None) -> str:
    """Plain text from a string that may hold HTML tags and entities.

    LinkedIn message bodies sometimes hold HTML (`<p class=...>`, `&rsquo;`, `&nbsp;`); the
    result is stored and shown as text, never rendered as markup.
    """
    text = text or ""
    if "<" in text or "&" in text:
        parser = _TextOnly()
        parser.feed(text)
        parser.close()
        text = "".join(parser.parts)
    return " ".join(text.split())


# --- keys ---------------------------------------------------------------------------------------


def stable_key(*parts: str | None) -> str:
    """A short deterministic key for records without a natural id (20 hex chars, 80 bits).

    The same fields from a re-export give the same key, so re-importing adds nothing twice.
    """
    try:
        joined = "\x1f".join(parts)  # all strings: the common case
    except TypeError:
        joined = "\x1f".join("" if p is None else str(p) for p in parts)
    digest = hashlib.sha1(joined.encode("utf-8", "surrogatepass"), usedforsecurity=False)
    return digest.hexdigest()[:20]
