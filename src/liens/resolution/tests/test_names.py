"""Names compared the way a French-speaking user's sources spell them: the same person under
four spellings comes out as one name, two people sharing a family name do not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liens.resolution.names import NameLevel, compare_names, parse_name

JEAN_PIERRE = parse_name(display="Jean-Pierre MARTIN")  # as LinkedIn writes it


@pytest.mark.parametrize(
    ("other", "level"),
    [
        (parse_name(display="Jean Pierre Martin"), NameLevel.EXACT),  # phone card
        (parse_name(display="MARTIN Jean-Pierre"), NameLevel.EXACT),  # French spreadsheet
        (parse_name(first="Jean-Pierre", last="Martin"), NameLevel.EXACT),  # CSV columns
        (parse_name(display="JP Martin"), NameLevel.NICKNAME),  # mailbox display name
        (parse_name(display="J.-P. Martin"), NameLevel.INITIALS),
        (parse_name(display="J. Martin"), NameLevel.INITIALS),
        (parse_name(display="Jean Martin"), NameLevel.PARTIAL),
        (parse_name(display="Paul Martin"), NameLevel.FAMILY_ONLY),
        (parse_name(display="P. Martin"), NameLevel.FAMILY_ONLY),
        (parse_name(display="Jean-Pierre Dubois"), NameLevel.DIFFERENT),
    ],
)
def test_it_grades_the_spellings_of_one_name(other, level) -> None:
    assert compare_names(JEAN_PIERRE, other) is level


def test_it_folds_accents_and_case() -> None:
    assert (
        compare_names(
            parse_name(display="Hélène Lefèvre"), parse_name(first="helene", last="LEFEVRE")
        )
        is NameLevel.EXACT
    )


def test_it_finds_the_order_swapped_without_capitals_to_tell() -> None:
    assert (
        compare_names(parse_name(display="Martin Camille"), parse_name(display="Camille Martin"))
        is NameLevel.SWAPPED
    )


def test_particles_are_optional() -> None:
    gaulle = parse_name(display="Charles de Gaulle")
    assert compare_names(gaulle, parse_name(display="Charles DE GAULLE")) is NameLevel.EXACT
    assert compare_names(gaulle, parse_name(first="Charles", last="Gaulle")) is NameLevel.EXACT


def test_english_short_forms_are_the_same_given_name() -> None:
    assert (
        compare_names(parse_name(display="Bill Turner"), parse_name(display="William Turner"))
        is NameLevel.NICKNAME
    )


def test_a_bare_first_name_only_says_the_given_names_agree() -> None:
    # phones hold "Jean" with the company; it fits Jean-Pierre, and says nothing of Paul
    for bare in (parse_name(display="Jean"), parse_name(first="Jean"), parse_name(first="JP")):
        assert compare_names(bare, JEAN_PIERRE) is NameLevel.GIVEN_ONLY
    for nothing in (parse_name(), parse_name(display="Paul")):
        assert compare_names(nothing, JEAN_PIERRE) is NameLevel.MISSING
    assert compare_names(parse_name(display="Jean"), parse_name(first="Jean")) is (
        NameLevel.MISSING
    )


def test_compound_names_swapped_across_columns_are_the_same_name() -> None:
    assert (
        compare_names(
            parse_name(first="Richard", last="Marie-Claire"),
            parse_name(display="Marie-Claire RICHARD"),
        )
        is NameLevel.SWAPPED
    )


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Isa", "Isabelle"),
        ("Fred", "Frédéric"),
        ("Steph", "Stéphane"),
        ("Jon", "Jonathan"),
        ("Jess", "Jessica"),
        ("JL", "Jean-Luc"),  # compound initials without dots
        ("PY", "Pierre-Yves"),
        ("Babeth", "Élisabeth"),  # the usual ones no rule finds stay listed
        ("Andy", "Andrew"),
    ],
)
def test_short_forms_no_list_holds_are_the_same_given_name(short, full) -> None:
    a, b = parse_name(first=short, last="Martin"), parse_name(first=full, last="Martin")
    assert compare_names(a, b) is NameLevel.NICKNAME
    assert compare_names(b, a) is NameLevel.NICKNAME
    # a phone's bare "Isa" fits Isabelle Martin as her given name
    assert compare_names(parse_name(display=short), b) is NameLevel.GIVEN_ONLY


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jean", "Jeanne"),
        ("Louis", "Louise"),
        ("Gaël", "Gaëlle"),
        ("Paul", "Pauline"),
        ("Jean", "Jeannette"),
        ("Max", "Maxine"),
        ("Éric", "Érica"),
        ("Julie", "Julien"),
        ("Jo", "Joseph"),  # two letters begin too many names
    ],
)
def test_a_gendered_ending_makes_another_name_not_a_short_form(one, other) -> None:
    a, b = parse_name(first=one, last="Martin"), parse_name(first=other, last="Martin")
    for x, y in ((a, b), (b, a)):
        assert compare_names(x, y) not in (NameLevel.NICKNAME, NameLevel.EXACT)
    # the phone's "Jean" is not Jeanne Martin
    assert compare_names(parse_name(display=one), b) is NameLevel.MISSING


def test_compound_initials_must_cover_every_part_of_the_name() -> None:
    jean_luc = parse_name(display="Jean-Luc Martin")
    for other in ("JP Martin", "J Martin", "JLM Martin", "Jl Martin"):
        level = compare_names(parse_name(display=other), jean_luc)
        assert (level is NameLevel.NICKNAME) == (other == "Jl Martin"), other


_WORDS = ("Jean", "Pierre", "MARTIN", "Martin", "J.", "JP", "de", "Marie", "Dubois")
_SHORT_FORMS = ("Isa", "Isabelle", "JL", "Jean-Luc", "Jeanne", "Luc")
_TOKENS = st.sampled_from((*_WORDS, *_SHORT_FORMS))
_NAMES = st.lists(_TOKENS, max_size=4).map(lambda words: parse_name(display=" ".join(words)))


@given(_NAMES, _NAMES)
def test_comparing_is_symmetric(a, b) -> None:
    assert compare_names(a, b) is compare_names(b, a)


@given(_NAMES)
def test_a_name_is_itself_unless_it_is_missing(a) -> None:
    assert compare_names(a, a) is (NameLevel.MISSING if a.empty else NameLevel.EXACT)
