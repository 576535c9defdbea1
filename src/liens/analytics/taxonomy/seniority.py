"""Seniority read from job titles, in French and English.

Levels, lowest to highest: `student`, `junior`, `senior`, `manager`, `director`,
`executive`. The diagnosis uses them to show whether my network sits at my level or
reaches the people who decide (and the projects to aim an ask at the right level).

Rules, applied to the first segment of the title that says anything (see
`_text.segments`; "Freelance | Développeur senior" reads the second):

1. A study mark makes `student`, whatever else: stagiaire, intern, alternant(e),
   apprenti(e), étudiant(e), doctorant(e), PhD student, interne en médecine.
2. An assistant is `junior` ("Assistante DRH", "Assistante de direction"), except
   the deputy sense: "Assistant Director", "Assistant Vice President", "Assistant Manager".
3. Otherwise the highest mark found:
   - `executive`: C-level (CEO, CFO, "Chief … Officer", C-level), PDG, DG, directeur
     général, président(e) (not vice-), gérant(e), founder / fondateur, entrepreneur,
     dirigeant(e), chef d'entreprise, managing director, board member, partner /
     associé(e) (not "business partner", not "professeur associé").
   - `director`: directeur / directrice, director, head of (a department), VP, DRH, DAF,
     DSI, secrétaire général(e).
   - `manager`: manager, responsable, chef de … / chef d'…, team lead, head of team,
     superviseur, RRH, RSSI, CDP (chef de projet). Individual-contributor "managers" are
     not: account, key account, community, office, customer success, traffic, content.
   - `senior`: senior, Sr, confirmé(e), expérimenté(e), lead, principal, staff engineer,
     expert(e) (not expert-comptable, a profession), référent(e).
   - `junior`: junior, Jr, débutant(e), jeune diplômé(e), graduate, entry level, SDR/BDR,
     chargé(e) de / d'… with no other mark.
   French acronyms (DRH, DAF, DSI, DG, PDG, RRH, CDP...) count only as the first word of
   the segment: elsewhere they name a department ("Chef de projet DSI" is a manager).
4. An explicit "junior" caps manager-level marks: "Chef de projet junior" is junior
   (a junior partner or director stays what the title says).
5. Nothing: None.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from liens.analytics.taxonomy._text import segments
from liens.analytics.taxonomy._words import Words

__all__ = ["SENIORITY_LEVELS", "seniorities_of", "seniority_of"]

SENIORITY_LEVELS: tuple[str, ...] = (
    "student",
    "junior",
    "senior",
    "manager",
    "director",
    "executive",
)
_RANK = {level: rank for rank, level in enumerate(SENIORITY_LEVELS)}


def _words(pattern: str) -> Words:
    return Words((("", pattern),))


_STUDENT = _words(
    r"etudiante?s?|students?|stagiaires?|interns?|internship|trainees?|alternante?s?|alternance"
    r"|apprentie?s?|apprentices?|apprentissage|eleves?|lyceen(?:ne)?s?|(?:en|de|un|mon) stage"
    r"|stage (?:de|en|d)|doctorante?s?|(?:phd|doctoral) (?:student|candidate)s?|working students?"
    r"|undergraduates?|graduate students?|internes? en medecine|internes? des hopitaux"
)
_ASSISTANT = _words(
    r"assistante?s?(?! (?:manager|managers|director|directors|vice|general manager|directeur"
    r"|directrice))"
)
_EXPLICIT_JUNIOR = _words(r"junior|juniors|jr|debutante?s?|entry level|jeune diplomee?s?")
_DIRECTEUR = r"directe?(?:ur|rice)s?"
_MARKS: tuple[tuple[str, Words], ...] = (
    (
        "executive",
        _words(
            r"ceo|cfo|cto|coo|cmo|cio|cdo|cpo|chro|ciso|cro|cso|cco|c level|chief (?:\w+ ){1,3}"
            r"officer|chief executive|" + _DIRECTEUR + r" generale?s?|(?<!vice )presidente?s?"
            r"|(?:co ?)?gerante?s?|(?:co ?)?fondat(?:eur|rice)s?|(?:co ?)?founders?"
            r"|managing (?:director|partner)s?|(?<!business )(?<!channel )(?<!people )"
            r"(?<!talent )partners?(?! manager)|(?<!professeur )(?<!professeure )"
            r"(?<!conferences )associee?s?|dirigeante?s?|chef(?:fe)?s? d entreprises?"
            r"|(?<!auto )(?<!micro )entrepreneu(?:r|re|se)s?|board members?|members? of the board"
        ),
    ),
    (
        "director",
        _words(
            _DIRECTEUR + r"|directors?|dir|head(?! of (?:the )?teams?)|heads|vp|svp|evp|avp"
            r"|vice presidente?s?|secretaires? generale?s?"
        ),
    ),
    (
        "manager",
        _words(
            r"(?<!account )(?<!community )(?<!office )(?<!success )(?<!traffic )(?<!content )"
            r"managers?|manageu(?:r|se)s?|responsables?|chef(?:fe)?s? (?:de|d|du|des)"
            r"|team lead(?:er)?s?|head of (?:the )?teams?|superviseu(?:r|se)s?|supervisors?"
            r"|encadrante?s?"
        ),
    ),
    (
        "senior",
        _words(
            r"senior|seniors|sr|confirmee?s?|experimentee?s?|experienced|lead|leads|principale?s?"
            r"|staff (?:engineer|software|developer|data)|experte?s?(?! comptables?)|referente?s?"
        ),
    ),
    (
        "junior",
        _words(
            r"junior|juniors|jr|debutante?s?|entry level|jeune diplomee?s?|graduate|sdr|bdr"
            r"|charge(?:e)?s? (?:de|d|du|des)"
        ),
    ),
)
# French acronyms are departments as often as people: only the first word counts.
_FIRST_WORD = {
    "pdg": "executive",
    "dg": "executive",
    "dga": "executive",
    "dgs": "executive",
    "drh": "director",
    "daf": "director",
    "dsi": "director",
    "rrh": "manager",
    "raf": "manager",
    "rssi": "manager",
    "cdp": "manager",
}


@lru_cache(maxsize=65536)
def _level(part: str) -> str | None:
    if _STUDENT.find(part) is not None:
        return "student"
    if _ASSISTANT.find(part) is not None:
        return "junior"
    level = next((name for name, words in _MARKS if words.find(part) is not None), None)
    acronym = _FIRST_WORD.get(part.split(" ", 1)[0])
    if acronym and (level is None or _RANK[acronym] > _RANK[level]):
        level = acronym
    if level in ("senior", "manager") and _EXPLICIT_JUNIOR.find(part) is not None:
        level = "junior"
    return level


@lru_cache(maxsize=65536)
def seniority_of(title: str | None) -> str | None:
    """The seniority level a job title states, or None when it says none."""
    if not title:
        return None
    for part in segments(title):
        level = _level(part)
        if level is not None:
            return level
    return None


def seniorities_of(titles: Iterable[str | None]) -> list[str | None]:
    """`seniority_of` over many titles; repeats cost a cache lookup."""
    return [seniority_of(title) for title in titles]
