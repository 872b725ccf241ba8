"""Targets (målvärden) in their parsed form.

Analysts write targets in the Swedish wording of the plans ("70 %", "Öka", "Minska med 50 % jmf med 2020",
"M: 17,2 % K: 16 %", "Genomförd aktivitet"); `parse_target` turns the wording into one of these frozen
dataclasses, keeping the original text for display. A target that cannot be parsed is an error, never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Comparator = Literal[">=", ">", "<=", "<"]
Change = Literal["increase", "decrease", "improve"]


@dataclass(frozen=True)
class Target:
    """Base of all targets; `text` is the wording as the plan writes it."""

    text: str = ""


@dataclass(frozen=True)
class LevelTarget(Target):
    """Reach a level: '70 %', '90 % inom 30 dagar', 'Minska till 13 % eller lägre', '5,8 % helår'.

    `comparator` None means: judged by the indicator's direction (>= when higher is better).
    `annual` marks a full-year level compared pro rata with a year-to-date sum ('125,6 mkr helår').
    """

    value: float = 0.0
    comparator: Comparator | None = None
    unit: str | None = None
    qualifier: str = ""
    annual: bool = False
    reference_year: int | None = None


@dataclass(frozen=True)
class DirectionTarget(Target):
    """Move the right way compared with the same period last year: 'Öka', 'Minska'."""

    change: Change = "improve"


@dataclass(frozen=True)
class ChangeTarget(Target):
    """Change compared with a baseline year or with last year.

    'Minska med 50 % jmf med 2020' → reference_year=2020, amount=-50, relative=True.
    'Förbättring jmf med föregående år' → reference_year=None (same period last year), amount=None.
    'Minska differensen till riket med 1 dag jmf med 2014' → amount=-1, relative=False.
    `baseline` is the reference value when the plan states it ('jmf med 2014 = 12,4 dagar').
    """

    change: Change = "improve"
    reference_year: int | None = None
    amount: float | None = None
    relative: bool = False
    baseline: float | None = None


@dataclass(frozen=True)
class PerSexTarget(Target):
    """Separate targets for women and men: 'M: 17,2 % K: 16 %'. Total is judged by both."""

    by_sex: tuple[tuple[str, LevelTarget], ...] = field(default_factory=tuple)

    def for_sex(self, sex: str) -> LevelTarget | None:
        return dict(self.by_sex).get(sex)


@dataclass(frozen=True)
class ActivityTarget(Target):
    """An activity to carry out ('Genomförd aktivitet'): outcome 1 means done, 0 not done."""


@dataclass(frozen=True)
class NoTarget(Target):
    """No target: none set ('', 'Ingen'), or not yet defined ('Under utredning', 'Formulera indikator')."""

    undefined: bool = False
