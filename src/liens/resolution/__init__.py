"""Identity resolution: which identities are one person, how sure, and why (no Django)."""

from liens.resolution.records import Address, Candidate, Evidence, Resolution, ScoredPair
from liens.resolution.resolve import AUTOMATIC, REVIEW, resolve

__all__ = [
    "AUTOMATIC",
    "REVIEW",
    "Address",
    "Candidate",
    "Evidence",
    "Resolution",
    "ScoredPair",
    "resolve",
]
