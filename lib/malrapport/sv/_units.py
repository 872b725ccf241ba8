"""Units of measure an indicator can have, with their Swedish suffix for display."""
from __future__ import annotations

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


def get_unit(name: str) -> Unit | None:
    """The unit called `name` (or a common alias), or None when unknown."""
    key = " ".join(str(name).strip().lower().split())
    key = ALIASES.get(key, key)
    return UNITS.get(key)
