"""Phone numbers to E.164, the exact key that matches a person across sources (no Django).

phonenumbers.parse costs ~12 µs and is_valid_number ~5 µs per number: with every card of an
address book holding a different number, that was a tenth of a 50,000-card import. Most
numbers a French-speaking user keeps are spelt `+33 6 12 34 56 78`, `0033 6 …` or
`06 12 34 56 78`: for those the parse is a matter of dropping separators, and validity is
phonenumbers' own metadata patterns, matched at once. Any other spelling, and any case the
fast path is not sure of, goes through phonenumbers as before; test_phones compares
the two. (Germany does not qualify: some of its numbers are dialled without the area code.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import phonenumbers

__all__ = ["phone_e164", "phone_number"]

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
