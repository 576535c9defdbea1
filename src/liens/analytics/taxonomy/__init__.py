"""What a job title says: the person's function family and seniority (no Django).

Read from the free-text titles of LinkedIn connections, vCards and signatures, in French
and English, for the network diagnosis (diversity of trades, alter-ego index, levels).
Codes are stable lower_snake strings; the report translates them. See `functions` and
`seniority` for the rules and the order in which they apply.
"""

from __future__ import annotations

from liens.analytics.taxonomy.functions import (
    FAMILY_DESCRIPTIONS,
    FUNCTION_FAMILIES,
    function_of,
    functions_of,
)
from liens.analytics.taxonomy.seniority import SENIORITY_LEVELS, seniorities_of, seniority_of

__all__ = [
    "FAMILY_DESCRIPTIONS",
    "FUNCTION_FAMILIES",
    "SENIORITY_LEVELS",
    "function_of",
    "functions_of",
    "seniorities_of",
    "seniority_of",
]
