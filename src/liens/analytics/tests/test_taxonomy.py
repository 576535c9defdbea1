from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liens.analytics.taxonomy import (
    FAMILY_DESCRIPTIONS,
    FUNCTION_FAMILIES,
    SENIORITY_LEVELS,
    function_of,
    functions_of,
    seniorities_of,
    seniority_of,
)
from liens.analytics.taxonomy import functions as functions_module
from liens.analytics.taxonomy._text import segments
from liens.analytics.taxonomy._words import Words

# (title, function family, seniority): real titles as they appear in LinkedIn exports.
TITLES = [
    # hr
    ("Chargée de recrutement IT", "hr", "junior"),
    ("DRH Groupe", "hr", "director"),
    ("Directrice des Ressources Humaines", "hr", "director"),
    ("Talent Acquisition Manager", "hr", "manager"),
    ("HR Business Partner", "hr", None),
    ("HRBP", "hr", None),
    ("Responsable RH et paie", "hr", "manager"),
    ("RRH", "hr", "manager"),
    ("IT Recruiter", "hr", None),
    ("Consultante en recrutement", "hr", None),
    ("Assistante DRH", "hr", "junior"),
    ("Gestionnaire de paie", "hr", None),
    # sales
    ("Sales Manager EMEA", "sales", "manager"),
    ("Directrice commerciale", "sales", "director"),
    ("Business Developer", "sales", None),
    ("Ingénieur d'affaires", "sales", None),
    ("Ingénieure commerciale grands comptes", "sales", None),
    ("Key Account Manager", "sales", None),
    ("KAM Grande Distribution", "sales", None),
    ("Senior Account Executive", "sales", "senior"),
    ("VP Sales", "sales", "director"),
    ("Head of Sales @ Acme", "sales", "director"),
    ("SDR", "sales", "junior"),
    ("Commerciale sédentaire", "sales", None),
    ("Chargé d'affaires", "sales", "junior"),
    ("Customer Success Manager", "sales", None),
    # marketing and communication
    ("Stagiaire marketing digital", "marketing", "student"),
    ("Responsable Marketing Digital", "marketing", "manager"),
    ("Product Marketing Manager", "marketing", "manager"),
    ("CMO", "marketing", "executive"),
    ("Growth Marketer", "marketing", None),
    ("Chef de projet digital", "marketing", "manager"),
    ("Chargée de communication (H/F)", "communication", "junior"),
    ("Directeur de la communication", "communication", "director"),
    ("Community Manager", "communication", None),
    ("Attachée de presse", "communication", None),
    ("Journaliste", "communication", None),
    ("Rédactrice web freelance", "communication", None),
    # product, design
    ("Product Owner", "product", None),
    ("Chef de produit", "product", "manager"),
    ("Head of Product", "product", "director"),
    ("UX/UI Designer", "design", None),
    ("Graphiste", "design", None),
    ("Directrice artistique", "design", "director"),
    ("Product Designer senior", "design", "senior"),
    # engineering, data, it
    ("Développeur Python senior", "engineering", "senior"),
    ("Développeuse Full-Stack", "engineering", None),
    ("Senior Software Engineer", "engineering", "senior"),
    ("Lead Developer", "engineering", "senior"),
    ("Ingénieur DevOps", "engineering", None),
    ("Data Engineer", "engineering", None),
    ("Architecte logiciel", "engineering", None),
    ("Solution Architect", "engineering", None),
    ("CTO", "engineering", "executive"),
    ("Co-founder & CTO", "engineering", "executive"),
    ("Ingénieur R&D", "engineering", None),
    ("Tech Lead Java", "engineering", "senior"),
    ("Team Lead Backend", "engineering", "manager"),
    ("Data Scientist", "data", None),
    ("Data Analyst junior", "data", "junior"),
    ("Consultant BI", "data", None),
    ("Head of Data", "data", "director"),
    ("DSI", "it", "director"),
    ("Chef de projet DSI", "it", "manager"),
    ("RSSI", "it", "manager"),
    ("Administrateur systèmes et réseaux", "it", None),
    ("Technicien support informatique", "it", None),
    # finance, legal
    ("DAF", "finance", "director"),
    ("CFO", "finance", "executive"),
    ("Expert-comptable", "finance", None),
    ("Experte-comptable associée", "finance", "executive"),
    ("Contrôleuse de gestion", "finance", None),
    ("Auditeur senior", "finance", "senior"),
    ("Analyste financier", "finance", None),
    ("Avocate associée", "legal", "executive"),
    ("Juriste droit social", "legal", None),
    ("Legal Counsel", "legal", None),
    ("Notaire", "legal", None),
    # operations
    ("Supply Chain Manager", "operations", "manager"),
    ("Acheteuse", "operations", None),
    ("Responsable logistique", "operations", "manager"),
    ("Directeur des opérations", "operations", "director"),
    ("Assistante de direction", "operations", "junior"),
    ("Office Manager", "operations", None),
    # consulting, management, founder, independent
    ("Consultante SAP FI/CO", "consulting", None),
    ("Consultante SAP | Freelance", "consulting", None),
    ("Senior Consultant", "consulting", "senior"),
    ("Manager, Deloitte Consulting", "consulting", "manager"),
    ("CEO", "management", "executive"),
    ("Directeur Général", "management", "executive"),
    ("PDG", "management", "executive"),
    ("DG", "management", "executive"),
    ("Gérante", "management", "executive"),
    ("Président", "management", "executive"),
    ("Managing Director", "management", "executive"),
    ("COO", "management", "executive"),
    ("CEO & Co-founder", "founder", "executive"),
    ("Fondatrice", "founder", "executive"),
    ("Entrepreneur", "founder", "executive"),
    ("Freelance", "independent", None),
    ("Auto-entrepreneur", "independent", None),
    ("Freelance | Développeur React", "engineering", None),
    # education, health, public, students
    ("Enseignante", "education_research", None),
    ("Formatrice", "education_research", None),
    ("Coach professionnelle certifiée", "education_research", None),
    ("Chercheuse CNRS", "education_research", None),
    ("Maître de conférences", "education_research", None),
    ("Doctorant en informatique", "education_research", "student"),
    ("Médecin généraliste", "health", None),
    ("Infirmière libérale", "health", None),
    ("Pharmacien", "health", None),
    ("Fonctionnaire", "public", None),
    ("Attaché territorial", "public", None),
    ("Étudiante", "student", "student"),
    ("Student at HEC Paris", "student", "student"),
    ("Stagiaire", "student", "student"),
    ("Alternant RH", "hr", "student"),
    ("Software Engineering Intern", "engineering", "student"),
    ("Délégué à la protection des données", "legal", None),
    ("Scrum Master", "product", None),
    ("Responsable SAV", "sales", "manager"),
    ("Agent immobilier", "sales", None),
    ("Chef de projet MOA", "it", "manager"),
    ("Risk Manager", "finance", "manager"),
    ("Board Member", "management", "executive"),
    ("Officier de l'armée de Terre", "public", None),
    ("Interne en médecine", "health", "student"),
    ("Traductrice", "communication", None),
    # no function
    ("Chief of Staff to the CEO", None, None),
    ("Retraitée de l'Éducation nationale", None, None),
    ("Chef de projet", None, "manager"),
    ("Project Manager", None, "manager"),
    ("Directeur", None, "director"),
    ("Retraité", None, None),
    ("--", None, None),
    ("", None, None),
    ("Open to work", None, None),
    ("En recherche d'emploi", None, None),
]


@pytest.mark.parametrize(("title", "family", "level"), TITLES)
def test_it_reads_the_function_family_of_a_real_title(title, family, level):
    assert function_of(title) == family


@pytest.mark.parametrize(("title", "family", "level"), TITLES)
def test_it_reads_the_seniority_of_a_real_title(title, family, level):
    assert seniority_of(title) == level


def test_it_knows_every_family_and_level_it_returns():
    assert len(TITLES) >= 60
    for _, family, level in TITLES:
        assert family is None or family in FUNCTION_FAMILIES
        assert level is None or level in SENIORITY_LEVELS
    assert set(FAMILY_DESCRIPTIONS) == set(FUNCTION_FAMILIES)


def test_it_returns_none_for_no_title():
    assert function_of(None) is None
    assert seniority_of(None) is None


def test_it_ignores_case_accents_and_typographic_apostrophes():
    assert function_of("INGÉNIEUR D’AFFAIRES") == "sales"
    assert function_of("ingenieur d affaires") == "sales"
    assert seniority_of("DIRECTRICE COMMERCIALE") == "director"


def test_it_reads_inclusive_writing_and_gender_marks():
    assert function_of("Développeur·euse back-end (F/H)") == "engineering"
    assert seniority_of("Chargé.e de mission") == "junior"


def test_it_drops_the_employer_and_former_roles():
    assert function_of("Consultant at Data Corp") == "consulting"
    assert function_of("Chargée de mission chez Marketing & Co") is None
    assert function_of("Consultante RH, ex-DRH") == "hr"
    assert seniority_of("Consultante, ancienne DRH") is None


def test_it_counts_french_acronyms_as_a_level_only_as_the_first_word():
    assert seniority_of("DRH") == "director"
    assert seniority_of("Responsable paie DRH") == "manager"


def test_it_lets_an_explicit_junior_cap_a_manager_title():
    assert seniority_of("Chef de projet junior") == "junior"
    assert seniority_of("Senior Manager") == "manager"


def test_it_does_not_take_a_vice_president_for_a_president():
    assert seniority_of("Vice-Président Ventes") == "director"
    assert function_of("Vice-Président Ventes") == "sales"


def test_it_reads_many_titles_at_once():
    titles = ["DRH", None, "CTO", "Retraité"]
    assert functions_of(titles) == ["hr", None, "engineering", None]
    assert seniorities_of(titles) == ["director", None, "executive", None]


@given(st.text(max_size=80))
def test_it_never_fails_on_any_text(title):
    assert function_of(title) in (*FUNCTION_FAMILIES, None)
    assert seniority_of(title) in (*SENIORITY_LEVELS, None)


def plain_alternation(entries):
    """The reference `Words` must agree with: one named group per entry, no dispatch."""
    alternatives = "|".join(f"(?P<g{i}>{pattern})" for i, (_, pattern) in enumerate(entries))
    regex = re.compile(rf"\b(?:{alternatives})\b")

    def find(text):
        match = regex.search(text)
        return None if match is None else entries[int(match.lastgroup[1:])][0]

    return find


TIERS = [
    tuple((family, functions_module._any(lines)) for family, lines in tier.items())
    for tier in (
        functions_module._ROLES,
        functions_module._DEPARTMENTS,
        functions_module._STATUS,
        functions_module._QUALIFIERS,
        functions_module._LAST,
    )
]
REFERENCES = [(Words(entries), plain_alternation(entries)) for entries in TIERS]
VOCABULARY = sorted(
    {word for title, _, _ in TITLES for part in segments(title) for word in part.split()}
    | {"auto", "micro", "vice", "d", "de", "territorial", "general", "&", "x"}
)


@given(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6))
def test_it_matches_words_exactly_like_one_plain_alternation(words):
    text = " ".join(words)
    for fast, reference in REFERENCES:
        assert fast.find(text) == reference(text)
