"""Job titles cut into clean segments, shared by the function and the seniority readers.

A LinkedIn title is free text: "Chargé(e) de recrutement IT (H/F) @ Acme | ex-Google".
What both readers need is the roles the person states now, folded (no accents, lower
case) and without the noise: gender marks, inclusive-writing suffixes, the employer after
"@"/"chez"/"at" (and the person served after "to"/"auprès"), former roles ("ex-",
"ancien", "retraité": a retired person has no current function), job-seeking phrases.
The title is cut at separators ("|", " - ", ",", "/" between spaces, parentheses...) into
segments, in the order the person wrote them: the first one is usually the main current
role.

The folding is written out here rather than imported from `liens.core.text`: the
import-linter contract keeps `liens.analytics` off `liens.core`, and titles need more than
names do anyway (apostrophes, "œ", punctuation inside words).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_title", "segments"]

_TRANSLATE = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʼ": "'",
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "·": ".",  # inclusive writing: "chargé·e", read like "chargé.e"
        "•": "|",
        "–": "|",
        "—": "|",
    }
)

# "Chargé(e)", "Directeur(rice)", "Développeur·euse", "consultant.e": the masculine stem is
# enough for the patterns, which all accept the feminine forms too.
_INCLUSIVE = re.compile(
    r"\((?:e|es|ne|nes|euse|euses|rice|rices|trice|trices|ere|eres|fe|se)\)"
    r"|(?<=[a-z])[.-](?:e|es|euse|euses|rice|rices|trice|trices|ne|nes|ere|eres)\b"
)
# "(H/F)", "F/H", "M/F/D", "(m/w/d)": job-ad gender marks.
_GENDER = re.compile(r"\(?\b[hfmwxd] ?/ ?[hfmwxd](?: ?/ ?[hfmwxd])?\b\)?")
_SEEKING = re.compile(
    r"#? ?open ?to ?work"
    r"|(?:en |a la )?recherche (?:active )?d'(?:un |une |de |des )?(?:nouvel(?:le)?s? |nouveaux? )?"
    r"(?:emploi|opportunites?|postes?|challenges?|cdi|missions?|defis?)"
    r"|looking for (?:a |new |my next )?(?:job|opportunit\w*|position|role|challenge)s?"
    r"|seeking (?:new )?(?:opportunit\w*|job|position)s?"
    r"|job ?seeker|demandeu(?:r|se) d'emploi|disponible immediatement|available"
)
_SEEKING_HINT = re.compile(r"open|recherche|looking|seeking|seeker|demandeu|disponible|available")
_SEPARATORS = re.compile(r"\s+-+\s+|[|,;:()\[\]{}<>!?\"+]|\s/\s|\s\\\s")
# The employer follows "@", "chez", "at", "pour", "for", the person served "to", "auprès de":
# dropped to the end of the segment ("Chief of Staff to the CEO" is not a CEO).
_EMPLOYER = re.compile(r"(?:@|\s(?:chez|at|pour|for|to|aupres)\s).*$")
# A former role is not the person's current function: "ex-DRH", "ancien directeur",
# "Retraitée de l'Éducation nationale".
_FORMER = re.compile(
    r"(?:^|\s)(?:ex|ancien|ancienne|anciens|former|formerly|anciennement|previously|precedemment"
    r"|retraite|retraitee|retired)(?:\s|-|$).*$"
)
_EMPLOYER_HINT = re.compile(r" (?:chez|at|pour|for|to|aupres) ")
_FORMER_HINT = re.compile(
    r"\b(?:ex|ancien\w*|former\w*|previously|precedemment|retrai\w*|retired)\b"
)
_NOT_WORD = re.compile(r"[^a-z0-9&]+")


def fold_title(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and ligatures made plain."""
    if text.isascii():  # most titles: nothing to translate or decompose (str.translate is slow)
        return text.lower()
    text = text.translate(_TRANSLATE)
    # Accents come apart from their letters and go, with any other non-ASCII sign (emojis):
    # a title's words are Latin letters.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return text.lower()


@lru_cache(maxsize=65536)
def segments(title: str) -> tuple[str, ...]:
    """The title's current roles, cleaned to `[a-z0-9&]` words separated by one space.

    Apostrophes become spaces ("chef d'équipe" → "chef d equipe"), so do hyphens
    ("co-founder" → "co founder", "expert-comptable" → "expert comptable").
    """
    text = fold_title(title)
    # Each substitution is skipped when its trigger is absent: most titles are plain words.
    if "(" in text or "." in text or "-" in text:
        text = _INCLUSIVE.sub("", text)
    if "/" in text:
        text = _GENDER.sub(" ", text)
    if _SEEKING_HINT.search(text):
        text = _SEEKING.sub(" ", text)
    parts = []
    for raw in _SEPARATORS.split(text):
        part = f" {raw} "
        if "@" in part or _EMPLOYER_HINT.search(part):
            part = _EMPLOYER.sub("", part)
        if _FORMER_HINT.search(part):
            part = _FORMER.sub("", part)
        part = _NOT_WORD.sub(" ", part).strip()
        if part:
            parts.append(part)
    return tuple(parts)
