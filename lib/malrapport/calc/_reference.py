"""Judging a target on the gap to another unit (`GapTarget`): this unit − the reference unit, same period and sex.

Rules, for one sex whose own value is present (status.py has checked due, target and value before):

1. The reference unit's value for the same period and sex is needed; without it: NO_OUTCOME, and the reason says
   whose value is missing. The gap now is own − reference.
2. The baseline gap: with a baseline year, this unit's value minus the reference unit's in that year. A value the
   plan states ('jmf med 2014 = 12,4 dagar') is the year's, so the reference's is taken for the year as a whole
   too; values from the outcome files are the same period of that year (T1 2014 for T1 2018), else the year as a
   whole, for both units alike (never one unit's T1 against the other's year). The plan may state the
   reference's value as well. Without a year, the gap of the same period last year. When the plan states
   baselines, only the sexes it states them for are judged: the others show their gap as NOT_ASSESSED (a total's
   baseline says nothing about women or men). A missing baseline value: NO_OUTCOME.
3. Which way is better is the indicator's direction: for sick-pay days (lower is better) the gap shall fall,
   whether this unit lies above the reference (closing in) or below (drawing ahead).
4. With an amount: goal = baseline gap moved the better way by the amount. Reached → MET; moved the better way
   but not reached → PARTLY; else NOT_MET. Without an amount: better than the baseline gap → MET, unchanged (within
   the indicator's tolerance, else exactly) → PARTLY, worse → NOT_MET.
5. An indicator without direction cannot say which way the gap should go: NOT_ASSESSED.

The reason names the reference and both values, the gap, the goal and the baseline it comes from.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import sv
from ..model import Direction, GapTarget, Indicator, Period, Status, format_amount
from ._trend import EPSILON, MOVEMENT_STATUS, trend
from .aggregate import Observation, series


@dataclass(frozen=True)
class GapJudgement:
    """The status of one sex on a gap target, its reason, the goal gap and whether a generated figure was used."""

    status: Status
    reason: str
    goal: float | None = None
    generated: bool = False


def reference_rows(outcomes: pd.DataFrame, indicator: Indicator) -> pd.DataFrame | None:
    """The reference unit's rows of the indicator, when its target is a gap target (else None)."""
    target = indicator.target
    if not isinstance(target, GapTarget) or outcomes.empty or "unit" not in outcomes.columns:
        return None
    chosen = (outcomes["unit"].astype(str) == target.reference_unit) & \
             (outcomes["indicator"].astype(str) == indicator.id)
    return outcomes.loc[chosen]


def _value(observation: Observation | None) -> float | None:
    return observation.value if observation is not None else None


@dataclass(frozen=True)
class _Baseline:
    own: float | None
    reference: float | None
    label: str
    generated: bool


def _baseline(target: GapTarget, indicator: Indicator, period: Period, sex: str, own_rows: pd.DataFrame,
              ref_rows: pd.DataFrame) -> _Baseline:
    """This unit's and the reference's values in the baseline period: stated in the plan, else from the outcomes."""
    if target.reference_year is None:
        previous = period.same_period_last_year()
        own = series(own_rows, indicator, [previous], sex)[0][1]
        ref = series(ref_rows, indicator, [previous], sex)[0][1]
        return _Baseline(_value(own), _value(ref), previous.short_label,
                         bool(own and own.generated) or bool(ref and ref.generated))
    year = Period.year_of(target.reference_year)
    own_value = target.baseline(sex)
    if own_value is not None:
        # The plan's figure is the baseline year's ('jmf med 2014 = 12,4 dagar'): the reference's must be too.
        found = series(ref_rows, indicator, [year], sex)[0][1]
        ref_value = target.reference_baseline(sex)
        if ref_value is None:
            ref_value = _value(found)
        return _Baseline(own_value, ref_value, year.short_label,
                         target.reference_baseline(sex) is None and bool(found and found.generated))
    try:
        same = period.shift_years(target.reference_year - period.year)
    except ValueError:
        same = year
    stated = target.reference_baseline(sex)
    for candidate in dict.fromkeys([same, year]):  # both units from the same period: T1 2014, else 2014
        own = series(own_rows, indicator, [candidate], sex)[0][1]
        ref = None if stated is not None else series(ref_rows, indicator, [candidate], sex)[0][1]
        ref_value = stated if stated is not None else _value(ref)
        if _value(own) is not None and ref_value is not None:
            return _Baseline(_value(own), ref_value, candidate.short_label,
                             bool(own and own.generated) or bool(ref and ref.generated))
    return _Baseline(None, None, year.short_label, False)


def judge_gap(target: GapTarget, indicator: Indicator, period: Period, sex: str, own: Observation,
              own_rows: pd.DataFrame, ref_rows: pd.DataFrame | None) -> GapJudgement:
    """The judgement of one sex on a gap target (see the module docstring); `own` is this unit's observation.

    When a figure of the reference unit or of the baseline is generated demo data, the reason says so.
    """
    found = _judge_gap(target, indicator, period, sex, own, own_rows, ref_rows)
    if not found.generated:
        return found
    note = sv.generated_reference_note(target.display_reference)
    return GapJudgement(found.status, sv.join_notes([found.reason, note]), found.goal, True)


def _judge_gap(target: GapTarget, indicator: Indicator, period: Period, sex: str, own: Observation,
               own_rows: pd.DataFrame, ref_rows: pd.DataFrame | None) -> GapJudgement:
    assert own.value is not None
    unit = indicator.unit
    reference = target.display_reference
    rows = ref_rows if ref_rows is not None else own_rows.iloc[0:0]
    ref_now = series(rows, indicator, [period], sex)[0][1]
    if ref_now is None or ref_now.value is None:
        return GapJudgement(Status.NO_OUTCOME, sv.missing_reference_reason(reference, period.label))
    gap = own.value - ref_now.value
    now = sv.gap_phrase(format_amount(own.value, unit), reference, format_amount(ref_now.value, unit),
                        sv.fmt_signed(gap, unit))
    judged = target.judged_sexes
    if judged is not None and sex not in judged:
        return GapJudgement(Status.NOT_ASSESSED, sv.gap_not_judged_reason(now, sex), generated=ref_now.generated)
    direction = Direction(indicator.direction)
    if direction is Direction.NONE:
        return GapJudgement(Status.NOT_ASSESSED, sv.join_notes([now, sv.NO_DIRECTION_REASON]))
    base = _baseline(target, indicator, period, sex, own_rows, rows)
    generated = ref_now.generated or base.generated
    if base.own is None or base.reference is None:
        whose = reference if base.own is not None else ""
        missing = sv.missing_comparison_reason(f"{whose} {base.label}".strip())
        return GapJudgement(Status.NO_OUTCOME, sv.join_notes([now, missing]), generated=generated)
    base_gap = base.own - base.reference
    sign = 1 if direction is Direction.HIGHER else -1
    if target.amount is None:
        tolerance = indicator.tolerance if indicator.tolerance is not None else 0.0
        moved = trend(gap, base_gap, direction, unit, threshold=tolerance)
        reason = sv.gap_movement_reason(now, sv.fmt_signed(base_gap, unit), base.label, direction.value, moved)
        return GapJudgement(MOVEMENT_STATUS[moved], reason, generated=generated)
    goal = base_gap + sign * target.amount
    if sign * (gap - goal) >= -EPSILON * max(1.0, abs(goal)):
        status = Status.MET
    else:
        status = Status.PARTLY if sign * (gap - base_gap) > EPSILON else Status.NOT_MET
    reason = sv.gap_reason(now, sv.fmt_signed(goal, unit), direction.value, format_amount(target.amount, unit),
                           sv.fmt_signed(base_gap, unit), base.label, format_amount(base.own, unit),
                           format_amount(base.reference, unit), partly=status is Status.PARTLY)
    return GapJudgement(status, reason, goal, generated)
