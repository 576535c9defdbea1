from __future__ import annotations

from django.utils import translation

from liens.ties.explain import ago_text, tie_sentence

REASONS = {
    "close": False,
    "days": 91,
    "how": "in_person",
    "sent": 9,
    "received": 11,
    "exchanges_12m": 14,
    "started_by_them": 6,
    "years": 4,
    "in_common": 3,
}


def test_it_explains_a_tie_in_one_english_line():
    with translation.override("en"):
        assert tie_sentence("moderate", 0.46, REASONS) == (
            "moderate (0.46): last met in person 3 months ago; 14 exchanges this year, "
            "6 started by them; known for 4 years; 3 people in common"
        )


def test_it_explains_a_tie_in_french():
    with translation.override("fr"):
        assert tie_sentence("moderate", 0.46, REASONS) == (
            "moyen (0,46) : dernière rencontre en personne il y a 3 mois ; 14 échanges cette "
            "année, 6 à son initiative ; connu depuis 4 ans ; 3 relations en commun"
        )


def test_it_says_how_long_ago_at_the_grain_a_person_uses():
    with translation.override("en"):
        said = [ago_text(d) for d in (0, 1, 5, 20, 100, 800)]
    assert said == [
        "today",
        "yesterday",
        "5 days ago",
        "3 weeks ago",
        "3 months ago",
        "2 years ago",
    ]
