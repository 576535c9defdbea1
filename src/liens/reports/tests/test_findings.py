"""The findings: what the figures say, in plain words, with what to do next."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from liens.reports.findings import findings_of


def figures(**changes: Any) -> dict[str, Any]:
    """A network in good shape; each test spoils one part of it."""
    d: dict[str, Any] = {
        "real_vs_virtual": {"persons": 400, "virtual_share": 0.3, "recognise_me_share": 0.6},
        "ties": {"strong": 8, "moderate": 40, "weak": 120, "dormant": 2, "virtual": 230},
        "diversity": {
            "alter_ego": {
                "base": 170,
                "index": 0.2,
                "past_employers": 20,
                "schools": 5,
                "same_function": 15,
                "by_organization": [{"name": "Acme", "count": 20}],
            },
            "inner_circle": {"persons": 15, "known": 12, "same_function": 3},
        },
        "regularity": {
            "weeks": [{}] * 52,
            "active_weeks": 48,
            "active_share": 0.92,
            "burstiness": 0.1,
        },
        "outreach": {
            "first_messages": 40,
            "reply_rate": 0.3,
            "reference_rate": 0.15,
            "followed_up_share": 0.7,
        },
        "structure": {"bridges": []},
        "recommendations": {"received": 6},
    }
    for path, value in changes.items():
        section, key = path.split("__")
        d[section][key] = value
    return d


def codes(d: dict[str, Any]) -> list[str]:
    with translation.override("en"):
        return [f["code"] for f in findings_of(d)]


def test_it_gives_the_good_news_when_nothing_is_wrong():
    found = codes(figures())
    assert len(found) == 3
    assert "virtual_network" not in found and "alter_ego" not in found


def test_it_says_how_much_of_my_network_comes_from_my_former_employers():
    d = figures()
    d["diversity"]["alter_ego"].update(
        index=0.62,
        past_employers=90,
        by_organization=[{"name": "Acme", "count": 60}, {"name": "Globex", "count": 30}],
    )
    with translation.override("en"):
        finding = next(f for f in findings_of(d) if f["code"] == "alter_ego")
    assert finding["text"].startswith("62% of your ties come from Acme and Globex")
    assert finding["severity"] == "warning" and finding["action"]


def test_it_notices_a_closest_circle_made_of_my_own_trade():
    d = figures()
    d["diversity"]["inner_circle"] = {"persons": 15, "known": 10, "same_function": 9}
    assert "inner_trade" in codes(d)


def test_it_keeps_five_findings_at_most_problems_first():
    d = figures(
        real_vs_virtual__virtual_share=0.9,
        ties__strong=1,
        ties__dormant=40,
        recommendations__received=0,
        outreach__reply_rate=0.05,
        regularity__active_share=0.3,
    )
    d["diversity"]["alter_ego"]["index"] = 0.7
    with translation.override("en"):
        found = findings_of(d)
    assert len(found) == 5
    assert {f["severity"] for f in found} == {"warning"}
    assert found[0]["code"] == "virtual_network"  # 90 % who never answered weighs most


def test_it_writes_its_findings_in_french():
    with translation.override("fr"):
        found = findings_of(figures(real_vs_virtual__virtual_share=0.9))
    virtual = next(f for f in found if f["code"] == "virtual_network")
    assert virtual["text"].startswith("90\u202f% de vos 400 contacts")
    assert virtual["action"].startswith("Choisissez dix relations")
