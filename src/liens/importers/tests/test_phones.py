"""phone_e164 answers common spellings without phonenumbers' full parse: the answers must be
exactly those of plain phonenumbers (parse, is_valid_number, E.164) for every spelling."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liens.importers import phones
from liens.importers.phones import phone_e164

REGIONS = ("FR", "BE", "CH", "DE", "GB", "US", "CA", None)


def reference(text: str, region: str | None) -> str:
    """What phonenumbers alone says: the E.164 form of a valid number, else ""."""
    text = text.strip()
    if text.lower().startswith("tel:"):
        text = text[4:].split(";", 1)[0]
    if not text or len(text) > 64:
        return ""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def spellings(country: str, national: str, groups: list[int]) -> list[str]:
    """How address books write one number: international, with 00, national, grouped."""
    parts, start = [], 0
    for size in groups:
        parts.append(national[start : start + size])
        start += size
    parts.append(national[start:])
    parts = [p for p in parts if p]
    out = []
    for sep in (" ", ".", "-", ""):
        grouped = sep.join(parts)
        out += [f"+{country}{sep or ''}{grouped}", f"+{country} {grouped}"]
        out += [f"00{country} {grouped}", f"0{grouped}", f"0{sep}{grouped}"]
    out += [f"+{country} (0){' '.join(parts)}", f"+{country} 0{' '.join(parts)}"]
    out += [f"tel:+{country}-{'-'.join(parts)}", f"{country}{''.join(parts)}"]
    return out


REAL_LOOKING = [
    # France: mobiles, Paris, regions, 08 services, 09 VoIP, unassigned ranges
    *spellings("33", "612345678", [1, 2, 2, 2]),
    *spellings("33", "756781234", [1, 2, 2, 2]),
    *spellings("33", "142685300", [1, 2, 2, 2]),
    *spellings("33", "493123456", [1, 2, 2, 2]),
    *spellings("33", "800123456", [3, 3]),
    *spellings("33", "970123456", [1, 2, 2, 2]),
    *spellings("33", "012345678", [1, 2, 2, 2]),  # 0 after the country code
    *spellings("33", "61234567", [1, 2, 2, 2]),  # one digit short
    *spellings("33", "6123456789", [1, 2, 2, 2]),  # one digit long
    # Belgium: 9-digit mobiles, 8-digit fixed lines
    *spellings("32", "470123456", [3, 2, 2]),
    *spellings("32", "22345678", [1, 3, 2]),
    *spellings("32", "92345678", [2, 2, 2]),
    # Switzerland
    *spellings("41", "791234567", [2, 3, 2]),
    *spellings("41", "446681800", [2, 3, 2]),
    *spellings("41", "800123456", [3, 3]),
    # Germany: variable lengths
    *spellings("49", "301234567", [2]),
    *spellings("49", "15123456789", [3]),
    *spellings("49", "891234", [2]),
    # United Kingdom, with its (0)
    *spellings("44", "2079460958", [2, 4]),
    *spellings("44", "7700900123", [4]),
    # North America
    "+1 514 555 0123",
    "+1 (514) 555-0123",
    "(514) 555-0123",
    "514-555-0123",
    "1-514-555-0123",
    "001 514 555 0123",
    "+1 212 555 0199",
    "+1 415 867 5309",
    "011 33 6 12 34 56 78",
    # elsewhere
    "+91 70238 58424",
    "+39 06 6982 1234",
    "+352 621 123 456",
    "+377 6 12 34 56 78",
    "+7 912 345 67 89",
    "+800 1234 5678",
    # junk and oddities
    "0000000000",
    "00 00 00 00 00",
    "n/a",
    "N/A",
    "+33 (0)6 12 34 56 78",
    "+33 6 12 34 56 78 ext. 12",
    "+33-1-42-68-53-00 ext. 204",
    "06 12 34 56 78 / 01 42 68 53 00",
    "+41319280960 ::: +41792648866",
    "+",
    "+33",
    "0",
    "00",
    "0033",
    "6",
    "06",
    "++33 6 12 34 56 78",
    "+ 33 6 12 34 56 78",
    "06  12  34  56  78",
    "06--12--34--56--78",
    "06 12 34 56 78.",
    "06\u00a012\u00a034\u00a056\u00a078",
    "\uff10\uff16\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",  # full-width digits
    "\u0660\u0666\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",  # Arabic-Indic digits
    "06 CALL ME",
    "1-800-FLOWERS",
    "tel:0612345678;phone-context=+33",
    "tel:+33612345678;ext=2",
    "x" * 70,
    "0" + "6" * 63,
]


@pytest.mark.parametrize("region", REGIONS)
def test_it_gives_exactly_what_phonenumbers_gives(region: str | None) -> None:
    wrong = [
        (text, phone_e164(text, region), reference(text, region))
        for text in REAL_LOOKING
        if phone_e164(text, region) != reference(text, region)
    ]
    assert wrong == []


@pytest.mark.parametrize(("country", "length"), [("33", 9), ("32", 8), ("32", 9), ("41", 9)])
def test_it_agrees_with_phonenumbers_on_every_leading_range(country: str, length: int) -> None:
    rng = random.Random(f"{country}-{length}")
    for lead in range(100, 1000):  # the first three digits choose the number's type
        national = f"{lead}{rng.randrange(10 ** (length - 3)):0{length - 3}d}"
        for text in (f"+{country} {national}", f"00{country}{national}", f"0{national}"):
            for region in ("FR", "BE", "CH", "US"):
                assert phone_e164(text, region) == reference(text, region), (text, region)


_PREFIXES = ["+33", "0033", "0", "+32", "0032", "+41", "+49", "+44", "+1", "+", "00", "", "+330"]


@settings(max_examples=1000, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    groups=st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1, max_size=6),
    separator=st.sampled_from([" ", ".", "-", "", "  ", "/", "(", ")", "\u00a0"]),
    region=st.sampled_from(REGIONS),
)
def test_it_agrees_with_phonenumbers_on_any_digits(
    prefix: str, groups: list[str], separator: str, region: str | None
) -> None:
    text = prefix + separator.join(groups)
    assert phone_e164(text, region) == reference(text, region)


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("+33 6 12 34 56 78", "FR", "+33612345678"),
        ("+33612345678", "US", "+33612345678"),
        ("0033 6 12 34 56 78", "FR", "+33612345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("01-42-68-53-00", "FR", "+33142685300"),
        ("0470 12 34 56", "BE", "+32470123456"),
        ("+41 79 123 45 67", "FR", "+41791234567"),
        ("+33 6 39 12 34 56", "FR", ""),  # 06 39…: a range no operator holds
    ],
)
def test_it_answers_common_spellings_without_the_full_parse(
    text: str, region: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("phonenumbers.parse called")

    monkeypatch.setattr(phones.phonenumbers, "parse", refuse)
    phones._parsed_e164.cache_clear()
    assert phone_e164(text, region) == expected
