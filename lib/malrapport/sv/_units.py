"""Units of measure an indicator can have, with their Swedish suffix for display."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    """A unit: its id in plan files, the suffix after a number, and whether values are shares (0–100)."""

    id: str
    suffix: str
    is_share: bool = False
    decimals: int = 0
    per: float | None = None  # scale of a rate: numerator / denominator × per
    non_negative: bool = False  # counts, durations and rates cannot fall below zero
    singular: str = ""  # the suffix for exactly one, when the suffix is a plural noun: "1 dag", "2 dagar"


UNITS: dict[str, Unit] = {u.id: u for u in (
    Unit("procent", "%", is_share=True, decimals=1, per=100, non_negative=True),
    Unit("antal", "", decimals=0, non_negative=True),
    Unit("dagar", "dagar", decimals=1, singular="dag", non_negative=True),
    Unit("timmar", "timmar", decimals=0, singular="timme", non_negative=True),
    Unit("mnkr", "mnkr", decimals=1),
    Unit("kr", "kr", decimals=0),
    Unit("per 1000 invånare", "per 1 000 inv.", decimals=1, per=1000, non_negative=True),
    Unit("per 100 000 invånare", "per 100 000 inv.", decimals=1, per=100_000, non_negative=True),
    Unit("index", "", decimals=1),
    Unit("poäng", "poäng", decimals=1),
    Unit("aktivitet", "", decimals=0, non_negative=True),
)}

ALIASES = {"%": "procent", "andel": "procent", "st": "antal", "mkr": "mnkr", "miljoner kronor": "mnkr",
           "dygn": "dagar", "per 1 000 invånare": "per 1000 invånare", "per tusen invånare": "per 1000 invånare"}


SUFFIX_SYNONYMS = {"mnkr": ("mkr",)}
"""Other abbreviations of a unit's suffix that plans write ('125,6 mkr'); shown as the unit's own, so that one row
never says 'mkr' beside 'mnkr'."""


def same_unit_words(text: str, unit: str) -> str:
    """`text` with the unit's other abbreviations written as its suffix.

    >>> same_unit_words("2015 års nivå = 125,6 mkr helår", "mnkr")
    '2015 års nivå = 125,6 mnkr helår'
    """
    found = get_unit(unit)
    if found is None:
        return text
    for synonym in SUFFIX_SYNONYMS.get(found.id, ()):
        text = re.sub(rf"(?<![\w]){re.escape(synonym)}(?![\w])", found.suffix, text)
    return text


def get_unit(name: str) -> Unit | None:
    """The unit called `name` (or a common alias), or None when unknown."""
    key = " ".join(str(name).strip().lower().split())
    key = ALIASES.get(key, key)
    return UNITS.get(key)
