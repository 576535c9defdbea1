"""The network review as one HTML file: its sections and charts, its numbers written the
way each language writes them, user data escaped, and, in a real browser, a page that
draws every chart, asks nothing of the network and prints."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from liens.reports.html import report_html
from liens.reports.tests.browser import CHROMIUM, browse

FUNCTIONS = ["consulting", "hr", "sales", "finance", "engineering", "data", "management"]
EVIL = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def reports_app(settings):
    """Templates are found through the app (see liens/reports/apps.py)."""
    if "liens.reports" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "liens.reports"]


def diagnosis(*, nodes: int = 60, clusters: int = 6, edges: int = 200) -> dict:
    """A diagnosis as the lead's code writes it, with one malicious name among the bridges."""
    rng = random.Random(3)
    names = [f"Personne {i}" for i in range(nodes)]
    names[17] = "Jean-Pierre Martin"
    names[23] = EVIL
    picture_nodes = [
        {
            "id": i,
            "name": names[i],
            "cluster": i % clusters if i % 9 else None,
            "score": rng.random(),
            "tie_class": rng.choice(["strong", "moderate", "weak"]),
        }
        for i in range(nodes)
    ]
    picture_edges = []
    for _ in range(edges):
        a = rng.randrange(nodes)
        b = rng.choice(
            [n for n in range(nodes) if n % clusters == a % clusters]
            if rng.random() < 0.8
            else range(nodes)
        )
        picture_edges.append([a, b, float(rng.randint(1, 3))])
    start = date(2025, 11, 24)
    weeks = [
        {
            "start": (start + timedelta(weeks=i)).isoformat(),
            "outbound": rng.choice([0, 0, 2, 3, 5, 9]),
            "two_way": rng.choice([0, 1, 4, 6, 8]),
            "persons": rng.randint(0, 6),
        }
        for i in range(52)
    ]
    weeks[14]["outbound"] = 40

    def dimension(top: list[tuple[str, int]], known: int, unknown: int) -> dict:
        rows = [{"name": n, "count": c, "share": c / known} for n, c in top]
        rest = known - sum(c for _, c in top)
        rows.append({"name": "", "other": True, "count": rest, "share": rest / known})
        return {
            "known": known,
            "unknown": unknown,
            "categories": 120,
            "blau": 0.95,
            "iqv": 0.96,
            "entropy": 4.1,
            "evenness": 0.86,
            "top": rows,
        }

    return {
        "as_of": "2026-11-21",
        "lang": "fr",
        "me": {"name": "Camille Laurent"},
        "persons": 430,
        "real_vs_virtual": {
            "persons": 430,
            "two_way": 180,
            "two_way_share": 0.4186,
            "voice_or_in_person": 95,
            "voice_or_in_person_share": 0.2209,
            "recognise_me": 150,
            "recognise_me_share": 0.3488,
            "virtual": 250,
            "virtual_share": 0.5814,
            "connections": 380,
            "connections_two_way": 120,
            "connections_two_way_share": 0.3158,
        },
        "ties": {"strong": 12, "moderate": 40, "weak": 110, "dormant": 18, "virtual": 250},
        "layers": [
            {"size": s, "count": c, "state": st, "at_rate": 21 if st == "overfull" else None}
            for s, c, st in [
                (5, 5, "full"),
                (15, 15, "overfull"),
                (50, 50, "full"),
                (150, 120, "partial"),
                (500, 162, "partial"),
                (1500, 162, "partial"),
            ]
        ],
        "diversity": {
            "organizations": dimension(
                [("Helios Conseil", 31), ("Acme", 22), (EVIL, 12)], 300, 130
            ),
            "functions": dimension([("consulting", 60), ("hr", 40), ("sales", 30)], 280, 150),
            "seniority": dimension([("senior", 90), ("manager", 70), ("director", 40)], 250, 180),
            "places": {"known": 0, "unknown": 430, "categories": 0, "top": []},
            "alter_ego": {
                "base": 180,
                "past_employers": 60,
                "schools": 15,
                "same_function": 40,
                "alter_ego": 95,
                "index": 0.5278,
                "by_organization": [{"name": "Helios Conseil", "count": 31}],
            },
            "ei_function": -0.2,
        },
        "structure": {
            "persons": 200,
            "links": 900,
            "density": 0.045,
            "unclustered": 20,
            "clusters": [
                {
                    "id": k,
                    "size": 40 - k,
                    "members": [],
                    "reach": 0.6,
                    "strength": 0.31,
                    "strong": 8,
                    "label": "Helios Conseil" if k == 0 else f"Groupe {k}",
                    "function": FUNCTIONS[k % len(FUNCTIONS)],
                }
                for k in range(clusters)
            ],
            "constraint": 0.08,
            "effective_size": 120.5,
            "efficiency": 0.85,
            "bridges": [
                {
                    "person": 17,
                    "name": "Jean-Pierre Martin",
                    "clusters": [3],
                    "reaches": 12,
                    "score": 0.42,
                },
                {"person": 23, "name": EVIL, "clusters": [1, 2], "reaches": 7, "score": 0.3},
            ],
            "picture": {"nodes": picture_nodes, "edges": picture_edges},
        },
        "regularity": {
            "weeks": weeks,
            "active_weeks": 30,
            "active_share": 0.5769,
            "longest_streak": 6,
            "current_streak": 2,
            "burstiness": 0.41,
            "outbound_total": 1300,
            "two_way_total": 420,
            "busiest_week": {"start": "2026-03-02", "outbound": 40},
            "quiet_gaps": 9,
        },
        "outreach": {
            "first_messages": 120,
            "replied": 17,
            "reply_rate": 0.1417,
            "reference_rate": 0.15,
            "median_reply_hours": 20.5,
            "replied_within_day_share": 0.6,
            "unanswered": 100,
            "followed_up": 48,
            "followed_up_share": 0.48,
            "replied_after_follow_up": 4,
            "converted": 6,
            "conversion_rate": 0.3529,
            "pending": 3,
            "by_channel": {
                "email": {"first_messages": 80, "replied": 12, "reply_rate": 0.15},
                "message": {"first_messages": 40, "replied": 5, "reply_rate": 0.125},
            },
        },
        "recommendations": {
            "received": 4,
            "given": 6,
            "endorsements_received": 35,
            "endorsers": 20,
            "skills": [{"name": "Gestion de projet", "count": 9}, {"name": EVIL, "count": 4}],
            "referrals": 7,
            "introducers": [{"person": 17, "name": "Jean-Pierre Martin", "count": 2}],
            "recommenders": [
                {"person": 23, "name": "Sophie Bernard", "title": "DRH", "organization": "Acme"}
            ],
        },
        "findings": [
            {
                "code": "alter_ego",
                "text": "62 % de vos liens viennent de vos deux derniers employeurs.",
                "action": "Choisissez cinq personnes hors de ce cercle pour un café ce mois-ci.",
                "severity": "warning",
            },
            {"code": "replies", "text": EVIL, "action": "", "severity": "info"},
            {
                "code": "layers",
                "text": "Vos cercles proches sont pleins.",
                "action": "",
                "severity": "good",
            },
        ],
    }


def text_of(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))  # keeps no-break spaces


def test_it_renders_every_section_in_french():
    html = report_html(diagnosis(), lang="fr")
    assert '<html lang="fr">' in html
    for heading in (
        "Bilan réseau",
        "Ce qu’il faut retenir",
        "Réel ou virtuel\u202f?",
        "Diversité",
        "Régularité",
        "Méthodes et sources",
        "Granovetter",
        "Burt",
        "Goh",
    ):
        assert heading in html, heading
    assert html.count('<svg class="chart"') >= 9
    assert "Camille Laurent" in html and "21 novembre 2026" in html


def test_it_renders_every_section_in_english():
    html = report_html(diagnosis(), lang="en")
    assert '<html lang="en">' in html
    for heading in (
        "Network review",
        "Key findings",
        "Real or virtual?",
        "Groups and bridges",
        "Reaching out and following up",
        "Methods and sources",
    ):
        assert heading in html, heading
    assert "Nov. 21, 2026" in html


def test_it_writes_numbers_the_french_way():
    text = text_of(report_html(diagnosis(), lang="fr"))
    assert "42\u202f%" in text  # two-way share 0.4186
    assert "1\xa0300" in text  # grouped thousands
    assert "0,95" in text and "20,5" in text  # decimal comma
    assert "−0,20" in text  # a true minus sign


def test_it_writes_numbers_the_english_way():
    text = text_of(report_html(diagnosis(), lang="en"))
    assert "42%" in text and "1,300" in text and "0.95" in text and "−0.20" in text
    assert "\u202f%" not in text


def test_it_builds_lead_sentences_from_the_figures():
    text = text_of(report_html(diagnosis(), lang="en"))
    assert "42% of your 430 contacts have exchanged with you both ways; 58% never have." in text
    assert "17 of your 120 first messages got a reply: 14%, against about 15% usually." in text


def test_it_escapes_names_everywhere():
    html = report_html(diagnosis(), lang="fr")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_asks_nothing_of_the_network():
    html = report_html(diagnosis(), lang="fr")
    assert not re.search(r"https?://|//[a-z]|@import|<link|<img|<script", html, re.I)


def test_it_leaves_out_what_the_diagnosis_lacks():
    html = report_html({"as_of": "2026-11-21", "me": {"name": "Camille"}, "persons": 0}, lang="fr")
    assert "Bilan réseau" in html and '<svg class="chart"' not in html


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_it_draws_its_charts_offline_and_prints_in_a_browser(tmp_path):
    page_file = tmp_path / "bilan.html"
    page_file.write_text(report_html(diagnosis(), lang="fr"), encoding="utf-8")
    seen = browse(page_file)
    assert seen.requests == [page_file.as_uri()]
    assert len(seen.charts) >= 6
    assert all(box and box["width"] > 0 and box["height"] > 0 for box in seen.charts)
    assert seen.pdf.startswith(b"%PDF") and len(seen.pdf) > 10_000
    assert {uid: d.cut() for uid, d in seen.drawn.items() if d.cut()} == {}
    assert seen.drawn["chart-network"].overlapping() == []


def test_it_says_when_more_people_keep_a_layer_s_pace_than_it_holds():
    html = report_html(diagnosis(), lang="fr")
    assert "15 sur 15 · 21 à son rythme" in html
    assert "5 sur 5 ·" not in html


@pytest.mark.parametrize(
    ("lang", "referrals", "hours", "expected"),
    [
        ("fr", 0, 20.5, ["Aucune mise en relation ne vous a encore", "20,5 h"]),
        ("fr", 1, 60.0, ["1 mise en relation vous a fait connaître", "2,5 jours"]),
        ("en", 0, 47.0, ["No introduction has brought you to someone new yet.", "47.0 h"]),
        ("en", 7, 24 * 9, ["7 introductions brought you to someone new.", "9.0 days"]),
    ],
)
def test_it_words_counts_and_delays_as_one_says_them(lang, referrals, hours, expected):
    data = diagnosis()
    data["recommendations"]["referrals"] = referrals
    data["outreach"]["median_reply_hours"] = hours
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", report_html(data, lang=lang)))
    assert all(e in text for e in expected), [e for e in expected if e not in text]
