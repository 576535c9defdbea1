"""Pure normalisation helpers shared by every importer (no Django).

They turn the many spellings real exports use into comparison keys, so that the same person
seen in LinkedIn, a mailbox and a phone book can be matched exactly
(research/formats.md §1.2 and §6). Keys are for matching; callers keep the original strings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import phonenumbers

__all__ = [
    "canonical_linkedin_url",
    "clean_name",
    "email_key",
    "phone_e164",
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


# --- phone numbers ------------------------------------------------------------------------------

# phonenumbers.parse costs ~12 µs and is_valid_number ~5 µs per number: with every card of an
# address book holding a different number, that was a tenth of a 50,000-card import. Most
# numbers a French-speaking user keeps are spelt `+33 6 12 34 56 78`, `0033 6 …` or
# `06 12 34 56 78`: for those the parse is a matter of dropping separators, and validity is
# phonenumbers' own metadata patterns, matched at once. Any other spelling, and any case the
# fast path is not sure of, goes through phonenumbers as before; test_normalize_phones compares
# the two. (Germany does not qualify: some of its numbers are dialled without the area code.)
_FAST_REGIONS = ("FR", "BE", "CH")
_FAST_SHAPE = re.compile(r"(\+|00|0)[ .-]?([1-9](?:[ .-]?[0-9])*+)")
_SEPARATORS = str.maketrans("", "", " .-")
_TYPES = (  # the number types phonenumbers' is_valid_number accepts (_number_type_helper)
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What parsing a number of one country amounts to, read from phonenumbers' metadata."""

    region: str
    country_code: str
    general: re.Pattern[str]  # the country's national significant numbers
    valid: dict[int, re.Pattern[str] | None]  # by length: any valid type (None: none)


def _plan(region: str) -> _Plan | None:
    """The fast plan for `region`, or None where its numbers need phonenumbers' full parse.

    The fast path relies on a plain `0` national prefix, `00` for abroad, a country code no
    other region shares and that no shorter code is a prefix of, and regex patterns that can
    be joined; a metadata update that breaks one of these only turns the fast path off.
    """
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if meta is None:
        return None
    code = str(meta.country_code)
    shorter = (int(code[:size]) for size in range(1, len(code)))
    if (
        meta.national_prefix != "0"
        or meta.national_prefix_for_parsing != "0"
        or meta.national_prefix_transform_rule
        or meta.international_prefix != "00"
        or tuple(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(meta.country_code, ())) != (region,)
        or any(c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for c in shorter)
        or meta.general_desc.possible_length_local_only
    ):
        return None
    general = meta.general_desc.national_number_pattern or ""
    valid: dict[int, re.Pattern[str] | None] = {}
    for length in meta.general_desc.possible_length:
        patterns = [
            desc.national_number_pattern
            for desc in (getattr(meta, name) for name in _TYPES)
            if desc is not None
            and desc.national_number_pattern
            and (not desc.possible_length or length in desc.possible_length)
        ]
        if any(re.search(r"\\[1-9]|\(\?P", p) for p in [general, *patterns]):
            return None  # back-references would not survive joining
        valid[length] = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
    return _Plan(region, code, re.compile(general), valid)


@cache
def _plans() -> tuple[dict[str, _Plan], dict[str, _Plan], list[int]]:
    """Plans by region and by country code, and the code lengths, read once when first needed
    (the metadata takes 20 ms to load: a command that parses no number need not wait)."""
    by_region = {p.region: p for p in map(_plan, _FAST_REGIONS) if p is not None}
    by_code = {p.country_code: p for p in by_region.values()}
    return by_region, by_code, sorted({len(code) for code in by_code})


def _fast_e164(text: str, region: str | None) -> str | None:
    """phone_e164's answer for the common spellings; None when phonenumbers must decide."""
    shape = _FAST_SHAPE.fullmatch(text)
    if shape is None:
        return None
    prefix, rest = shape.groups()
    digits = rest.translate(_SEPARATORS)
    by_region, by_code, code_sizes = _plans()
    if prefix == "0":  # national: the default region's numbers, its `0` dropped
        plan = by_region.get(region or "")
        national = digits
        if plan is None or not plan.general.fullmatch(national):
            return None  # phonenumbers may keep the 0, or refuse the number
    else:  # `+` anywhere; `00` where it is the default region's way to call abroad
        if prefix == "00" and (region or "") not in by_region:
            return None
        for size in code_sizes:
            if plan := by_code.get(digits[:size]):
                break
        else:
            return None
        national = digits[len(plan.country_code) :]
        if national[:1] == "0":
            return None  # `+33 (0)6…`: phonenumbers may drop that 0
    if len(national) not in plan.valid:
        return None
    valid = plan.valid[len(national)]
    if plan.general.fullmatch(national) and valid is not None and valid.fullmatch(national):
        return f"+{plan.country_code}{national}"
    return ""


@lru_cache(maxsize=1 << 16)  # the same numbers come back in every source and re-import
def _parsed_e164(text: str, default_region: str | None) -> str:
    number = _valid_number(text, default_region)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _valid_number(text: str, default_region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _phone_text(raw: str | None) -> str:
    """The number part of a phone value (a `tel:` URI too), "" when too long to be one."""
    text = (raw or "").strip()
    if text.lower().startswith("tel:"):
        text = text[4:].split(";", 1)[0]
    return "" if len(text) > 64 else text


def phone_number(
    raw: str | None, default_region: str | None = "FR"
) -> phonenumbers.PhoneNumber | None:
    """The number `phone_e164` keys, parsed (extension and type included), or None."""
    text = _phone_text(raw)
    return _valid_number(text, default_region) if text else None


def phone_e164(raw: str | None, default_region: str | None = "FR") -> str:
    """`+33612345678` for a valid number, "" otherwise.

    National numbers need a region (the owner's country by default); numbers with `+` do
    not. Invalid numbers get no key, so they can never merge two persons by mistake.
    """
    text = _phone_text(raw)
    if not text:
        return ""
    fast = _fast_e164(text, default_region)
    return _parsed_e164(text, default_region) if fast is None else fast


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
