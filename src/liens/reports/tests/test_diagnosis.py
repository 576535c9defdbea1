"""`liens diagnose` on the demo's exports, imported as a user would: every section, figures
checked against the stored history counted another way, the report in a real browser."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db.models import Q
from typer.testing import CliRunner

from liens.cli.app import app
from liens.errors import UserError
from liens.importers.services import import_path
from liens.interactions.models import Participant
from liens.people.models import Person
from liens.reports.tests.browser import CHROMIUM, browse

SECTIONS = (
    "real_vs_virtual",
    "ties",
    "layers",
    "diversity",
    "structure",
    "regularity",
    "outreach",
    "recommendations",
    "findings",
)


@pytest.fixture
def owner(demo_owner, demo):
    for path in (demo.linkedin_zip, demo.vcard, demo.google_csv, demo.mbox, demo.ics):
        import_path(owner=demo_owner, path=path)
    return demo_owner


@pytest.fixture
def diagnosed(owner, terminal_user, language):
    result = CliRunner().invoke(app, ["--lang", "en", "diagnose", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def two_way_persons(owner) -> set[int]:
    """Persons who wrote to me and to whom I wrote, or whom I met, called or saw on video."""
    mine = Participant.objects.filter(owner=owner)
    wrote = set(
        mine.filter(interaction__direction="inbound")
        .exclude(role__in=("to", "cc"))
        .values_list("person_id", flat=True)
    )
    written = set(
        mine.filter(interaction__direction="outbound").values_list("person_id", flat=True)
    )
    met = set(
        mine.filter(
            Q(interaction__channel__in=("in_person", "call", "video"))
            | (
                Q(interaction__direction="mutual")
                & ~Q(interaction__channel__in=("event", "social"))
            )
        ).values_list("person_id", flat=True)
    )
    return (wrote & written) | met


def test_it_gives_every_section_as_json(diagnosed):
    assert set(diagnosed) >= set(SECTIONS)
    assert 3 <= len(diagnosed["findings"]) <= 5
    for finding in diagnosed["findings"]:
        assert finding["text"] and finding["action"]
        assert finding["severity"] in ("warning", "good", "info")


def test_it_counts_as_real_exactly_the_persons_with_a_two_way_exchange(owner, diagnosed):
    real = diagnosed["real_vs_virtual"]
    persons = Person.objects.filter(owner=owner, is_me=False).count()
    assert real["persons"] == persons == sum(diagnosed["ties"].values())
    assert real["two_way"] == len(two_way_persons(owner))
    assert real["virtual"] == diagnosed["ties"]["virtual"] == persons - real["two_way"]
    assert real["voice_or_in_person"] <= real["two_way"]
    assert real["two_way_share"] == pytest.approx(real["two_way"] / persons, abs=1e-4)


def test_it_fills_dunbar_layers_from_the_inside_out(diagnosed):
    layers = diagnosed["layers"]
    assert [layer["size"] for layer in layers] == [5, 15, 50, 150, 500, 1500]
    counts = [layer["count"] for layer in layers]
    assert counts == sorted(counts)
    assert all(layer["count"] <= layer["size"] for layer in layers)
    living = sum(diagnosed["ties"][c] for c in ("strong", "moderate", "weak"))
    assert counts[-1] <= living


def test_it_describes_clusters_with_the_owner_s_persons(owner, diagnosed):
    structure = diagnosed["structure"]
    mine = set(Person.objects.filter(owner=owner).values_list("pk", flat=True))
    assert structure["clusters"]
    for cluster in structure["clusters"]:
        assert set(cluster) >= {"id", "members", "size", "reach"}
        assert len(cluster["members"]) == cluster["size"] >= 3
        assert set(cluster["members"]) <= mine
        assert 0 <= cluster["reach"] <= 1
    assert 0 < structure["constraint"] <= 1
    assert structure["effective_size"] > 0


def test_it_finds_the_alter_egos_among_my_former_employers(diagnosed, demo):
    alter = diagnosed["diversity"]["alter_ego"]
    employers = {o["name"] for o in alter["by_organization"]}
    # the demo owner is an HR consultant who worked at the employers in her positions
    assert diagnosed["diversity"]["my_function"] == "hr"
    assert alter["past_employers"] > 0 and employers
    assert alter["alter_ego"] <= alter["base"]


def test_it_writes_findings_in_french(owner, terminal_user, language):
    result = CliRunner().invoke(app, ["--lang", "fr", "diagnose", "--json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    assert any(" de vos " in f["text"] or "Vous " in f["text"] for f in findings), findings


def test_it_refuses_a_report_in_a_folder_that_does_not_exist(owner, terminal_user, tmp_path):
    target = tmp_path / "missing" / "bilan.html"
    result = CliRunner().invoke(app, ["--lang", "en", "diagnose", "--html", str(target)])
    assert result.exit_code == 1
    assert isinstance(result.exception, UserError)
    assert "no such folder" in str(result.exception)
    assert not target.parent.exists()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_it_writes_the_demo_s_report_that_draws_offline_and_prints(
    owner, terminal_user, language, tmp_path
):
    report = tmp_path / "bilan.html"
    result = CliRunner().invoke(app, ["--lang", "fr", "diagnose", "--html", str(report)])
    assert result.exit_code == 0, result.output
    seen = browse(report)
    assert seen.requests == [report.as_uri()]
    assert len(seen.charts) >= 6
    assert all(box and box["width"] > 0 and box["height"] > 0 for box in seen.charts)
    assert "Bilan réseau" in seen.text
    assert seen.pdf.startswith(b"%PDF")
    # every figure and name readable: none cut at a chart's edge, none over another name
    assert {uid: d.cut() for uid, d in seen.drawn.items() if d.cut()} == {}
    assert seen.drawn["chart-network"].overlapping() == []


def test_it_reads_places_from_addresses_and_connections_from_linkedin(alice):
    from liens.people.models import Identity
    from liens.people.services import person_create
    from liens.reports.diagnosis import diagnosis

    for i, (city, source) in enumerate(
        [("Lyon", "vcard"), (" Lyon ", "vcard"), ("Paris", "linkedin")]
    ):
        person = person_create(owner=alice, name=f"P{i}")
        Identity.objects.create(
            owner=alice,
            person=person,
            source=source,
            key=str(i),
            addresses=[{"street": "1 rue X", "locality": city}],
            connected_on="2020-01-02" if source == "linkedin" else None,
        )
    person_create(owner=alice, name="Nowhere")
    result = diagnosis(alice, lang="en")
    places = result["diversity"]["places"]
    assert places["known"] == 3 and places["unknown"] == 1
    assert places["top"][0] == {"name": "Lyon", "count": 2, "share": 0.6667}
    assert result["real_vs_virtual"]["connections"] == 1


def _persons_by_address(owner) -> dict[str, set[int]]:
    """Each e-mail address and LinkedIn URL, lowercased, with the persons holding it."""
    from liens.people.models import Identity

    persons_of: dict[str, set[int]] = {}
    for person, emails, profile in Identity.objects.filter(owner=owner).values_list(
        "person_id", "emails", "profile_url"
    ):
        for key in [*emails, profile]:
            if key:
                persons_of.setdefault(key.lower(), set()).add(person)
    return persons_of


def test_it_finds_who_introduced_me_as_the_demo_generator_wrote_it(
    owner, demo, terminal_user, language
):
    """The generator writes each introduction as an e-mail from a close tie to me and the
    new person; read from the mailbox's shape alone, most are found, and little else."""
    from liens.projects.models import Referral

    truth = demo.truth()
    persons_of = _persons_by_address(owner)
    by_id = {p["id"]: p for p in truth["persons"]}

    def ours(meant: dict) -> set[int]:
        keys = [*meant["emails"], meant["linkedin_url"] or ""]
        return set().union(*(persons_of.get(k.lower(), set()) for k in keys if k))

    meant = [
        {(a, b) for a in ours(by_id[p["introduced_by"]]) for b in ours(p)}
        for p in truth["persons"]
        if p["introduced_by"]
    ]
    found = set(Referral.objects.filter(owner=owner).values_list("introducer", "introduced_to"))
    assert len(meant) >= 5
    assert sum(bool(pairs & found) for pairs in meant) >= 0.85 * len(meant)
    assert len(found & set().union(*meant)) >= 0.85 * len(found)
    result = CliRunner().invoke(app, ["--lang", "en", "diagnose", "--json"])
    recommendations = json.loads(result.output)["recommendations"]
    assert recommendations["referrals"] == len(found)
    assert sum(i["count"] for i in recommendations["introducers"]) <= len(found)


def test_it_names_who_opens_the_groups_i_barely_reach(owner, terminal_user, language):
    """The demo's unanswered introductions lead into firms where I know many but reach
    few: the introducer, whom I can ask, is the bridge into that group. Once the sure
    merges are made, as `liens import` makes them: the person introduced by e-mail is then
    the colleague the address book and LinkedIn know."""
    from liens.people.resolving import resolution_run

    resolution_run(owner=owner, apply=True)
    result = CliRunner().invoke(app, ["--lang", "fr", "diagnose", "--json"])
    structure = json.loads(result.output)["structure"]
    reach = {c["id"]: c["reach"] for c in structure["clusters"]}
    assert structure["bridges"]
    for bridge in structure["bridges"]:
        assert bridge["tie_class"] in ("strong", "moderate", "weak", "dormant")
        assert all(reach[c] < 0.25 for c in bridge["clusters"]), bridge
    shown = {n["id"] for n in structure["picture"]["nodes"]}
    assert {b["person"] for b in structure["bridges"]} & shown
    text = CliRunner().invoke(app, ["--lang", "fr", "diagnose"]).output
    assert "Ponts vers des groupes" in text and structure["bridges"][0]["name"] in text


def test_it_classes_ties_as_the_demo_generator_meant_them(owner, demo):
    """The generator knows whom it made strong, moderate, weak, dormant or virtual; the tie
    model, reading only the exported files, must mostly agree. A person the resolution left
    in two records is judged by the record holding the history (the stronger tie)."""
    from collections import Counter
    from datetime import UTC, datetime, time

    from liens.ties.models import Tie
    from liens.ties.services import ties_recompute

    truth = demo.truth()
    now = datetime.combine(date.fromisoformat(truth["today"]), time(18), tzinfo=UTC)
    ties_recompute(owner=owner, now=now)
    persons_of = _persons_by_address(owner)
    tie_of = {t.person_id: t for t in Tie.objects.filter(owner=owner)}
    pairs = Counter()
    for meant in truth["persons"]:
        keys = [*meant["emails"], meant["linkedin_url"] or ""]
        ours = set().union(*(persons_of.get(k.lower(), set()) for k in keys if k))
        if ours:
            best = max((tie_of[p] for p in ours), key=lambda t: t.score)
            pairs[meant["tie"], best.tie_class] += 1
    total = sum(pairs.values())
    assert total >= 130
    agree = sum(n for (meant, found), n in pairs.items() if meant == found)
    assert agree / total >= 0.85, pairs
    never = sum(n for (meant, _), n in pairs.items() if meant == "virtual")
    assert pairs["virtual", "virtual"] >= 0.97 * never  # never two-way is hardly anything else
