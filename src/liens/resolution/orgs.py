"""Organizations and e-mail domains: "Acme SAS", "ACME", "Acme Groupe" and acme.fr are one
employer; gmail.com is nobody's (no Django)."""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from liens.core.text import fold

__all__ = ["FREE_MAIL", "OrgLevel", "compare_orgs", "domain_label", "org_key"]

# Legal forms and group words that never tell two employers apart.
LEGAL_FORMS = frozenset(
    {
        "sa", "sas", "sasu", "sarl", "eurl", "sci", "sca", "snc", "scop", "scic", "gie", "selarl",
        "gmbh", "ag", "kg", "ug", "ohg", "inc", "incorporated", "llc", "llp", "lp", "ltd",
        "limited", "plc", "corp", "corporation", "co", "company", "cie", "bv", "nv", "spa",
        "srl", "sl", "ab", "as", "asa", "oy", "pty", "groupe", "group", "holding", "et",
    }
)  # fmt: skip
# Providers whose addresses anyone can open: their domain says nothing of an employer.
FREE_MAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.fr", "yahoo.co.uk", "ymail.com",
        "hotmail.com", "hotmail.fr", "hotmail.co.uk", "outlook.com", "outlook.fr", "live.com",
        "live.fr", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "aol.fr",
        "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr",
        "numericable.fr", "club-internet.fr", "protonmail.com", "proton.me", "pm.me",
        "gmx.com", "gmx.fr", "gmx.de", "gmx.net", "web.de", "yandex.com", "yandex.ru",
        "mail.ru", "zoho.com", "tutanota.com", "hey.com", "fastmail.com", "skynet.be",
        "bluewin.ch", "sunrise.ch", "videotron.ca", "sympatico.ca", "btinternet.com",
        "sky.com", "virginmedia.com", "ntlworld.com", "talktalk.net", "mailo.com",
    }
)  # fmt: skip
# Second-level labels under which a registrable domain sits one label lower.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gouv", "ac", "gov", "asso", "nom"})
_WORDS = re.compile(r"[^\w]+")


class OrgLevel(Enum):
    SAME = "same"  # the same name once legal forms are set aside
    DOMAIN = "domain"  # an address at the organization's domain, or both at one work domain
    SIMILAR = "similar"  # most words in common ("Acme France" and "Acme")
    DIFFERENT = "different"
    MISSING = "missing"


@lru_cache(maxsize=1 << 16)  # a few hundred employers for thousands of records
def org_key(name: str) -> str:
    """Folded words of a name without legal forms or punctuation: "ACME S.A.S." → "acme"."""
    words = [w for w in _WORDS.split(fold(name).replace(".", "")) if w]
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


@lru_cache(maxsize=1 << 16)
def domain_label(domain: str) -> str:
    """The registrable label of a work domain ("mail.acme.co.uk" → "acme"); "" for free mail."""
    domain = domain.lower().strip(".")
    if not domain or domain in FREE_MAIL:
        return ""
    labels = domain.split(".")[:-1]  # the top-level label says nothing of the employer
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return labels[-1] if labels else ""


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def fits_domain(org: str, label: str) -> bool:
    """Does a work domain's label belong to this organization key? "acmeconseil" and
    "acme-conseil" fit "acme conseil", "acme-group" fits "acme"; "heliospartners" does not fit
    "helios" (another firm may own it), and two letters never fit anything."""
    if not org or len(label) < 3:
        return False
    compact, label = _compact(org), _compact(label)
    if compact == label:
        return True
    longer, shorter = (label, compact) if len(label) > len(compact) else (compact, label)
    return (
        len(shorter) >= 4 and longer.startswith(shorter) and longer[len(shorter) :] in LEGAL_FORMS
    )


def compare_orgs(
    org_a: str, labels_a: frozenset[str], org_b: str, labels_b: frozenset[str]
) -> OrgLevel:
    """Two sides, each an organization key and the labels of its work domains."""
    if not (org_a or labels_a) or not (org_b or labels_b):
        return OrgLevel.MISSING
    if org_a and org_a == org_b:
        return OrgLevel.SAME
    if (
        labels_a & labels_b
        or any(fits_domain(org_b, label) for label in labels_a)
        or any(fits_domain(org_a, label) for label in labels_b)
    ):
        return OrgLevel.DOMAIN
    if org_a and org_b:
        words_a, words_b = set(org_a.split()), set(org_b.split())
        if len(words_a & words_b) * 2 >= min(len(words_a), len(words_b)) + 1:
            return OrgLevel.SIMILAR
    return OrgLevel.DIFFERENT
