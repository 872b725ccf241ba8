"""Status of an indicator for one period, per sex and in total, with the reason in Swedish.

Order of the checks for each sex: not due (NOT_DUE, values still computed) → no target (NO_TARGET) → no value
(NO_OUTCOME) → the target's own rule:

- LevelTarget: met when the value is on the right side of the level (by the comparator, else by direction:
  higher → value ≥ level, lower → value ≤ level). On the wrong side but within the tolerance → PARTLY. The
  tolerance is `indicator.tolerance` (in the unit) when set, else 10 % of |level|. A full-year level
  (`annual`) of a summed indicator read year to date is compared pro rata: level × months / 12. Without
  comparator and direction the value must lie within the tolerance of the level.
- DirectionTarget: against the same period last year (same window): the right way → MET, unchanged (see
  `trend`) → PARTLY, the wrong way → NOT_MET.
- ChangeTarget with an amount: goal = reference × (1 + amount / 100) when relative, else reference + amount; the
  reference is the stated baseline, else the same period of the reference year (falling back to that year's
  value), else the same period last year. Reached → MET, moved the right way but not reached → PARTLY, else
  NOT_MET. Without an amount: like DirectionTarget, against the reference year (or last year).
- PerSexTarget: K against its K level, M against its M level; the total is MET when both are met, NOT_MET when
  neither is, NO_OUTCOME when one lacks a value, otherwise PARTLY.
- ActivityTarget: value ≥ 1 → MET (genomförd); not yet done is PARTLY during the year (an activity is due by
  the year's end) and NOT_MET in the report for the full year.
- 'Förbättring' of an indicator without direction cannot be judged: NOT_ASSESSED, and the reason says why.

Before the target's rule, two states of the data itself (see `coverage`): a ratio whose denominators sum to 0 is
NO_CASES ("inga patienter under perioden"), not missing; a figure covering less of its window than the
indicator's `min_coverage` (default: all of it) is NOT_ASSESSED ("3 av 4 månader rapporterade – ingen
bedömning"). Every comparison (last year, the reference year, last year as a whole) is of like with like: the
same months, or none (`coverage.comparable`).

The direction that decides "better" is the target's own when it says one (Öka, Minska, "≤ 13 %"), else the
indicator's. The overall status is that of T; without T (and none derivable from K and M, e.g. a ratio
reported without numerators) the PerSexTarget combination rule is applied to K and M.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from .. import sv
from ..model import (
    WOMEN_AND_MEN,
    ActivityTarget,
    Aggregation,
    ChangeTarget,
    Direction,
    DirectionTarget,
    GapTarget,
    Indicator,
    LevelTarget,
    NoTarget,
    Period,
    PerSexTarget,
    Plan,
    Status,
    Target,
    format_amount,
    is_due,
)
from ._per_day import per_day
from ._reference import judge_gap, reference_rows
from ._trend import EPSILON, MOVEMENT_STATUS, trend
from .aggregate import Observation, series, unit_rows_by_indicator
from .coverage import comparable, shortfall

DEFAULT_TOLERANCE_SHARE = 0.10  # of |target| when the indicator sets no tolerance


@dataclass(frozen=True)
class SexResult:
    """Status of one sex (T, K or M) with the value, the target it was judged against and the trend."""

    sex: str
    status: Status
    reason: str
    value: float | None
    target_value: float | None
    previous: float | None
    trend: str  # "better" | "worse" | "unchanged" | "unknown" (or "up" | "down" without direction)
    generated: bool = False
    note: str = ""
    previous_generated: bool = False  # last year's value (the trend's) is generated demo data
    basis_generated: bool = False     # the comparison value the status rests on is generated demo data
    previous_label: str = ""          # 'helår 2021' when `previous` is last year as a whole, not the same period
    gap_goal: float | None = None     # a gap target's goal: the largest (or smallest) gap to the reference allowed


@dataclass(frozen=True)
class IndicatorResult:
    """Status of one indicator for one period: overall and per sex (T first, then K, M).

    >>> result = build_report("data", "rn-ls1", "2022-T1").results["vant-90-besok"]
    >>> [(s.sex, s.value, s.status.label) for s in result.by_sex]  # seed 002 p. 9
    [('T', 51.0, 'uppnås inte'), ('K', 45.0, 'uppnås inte'), ('M', 60.0, 'uppnås inte')]
    """

    indicator: Indicator
    period: Period
    due: bool
    status: Status
    reason: str
    by_sex: tuple[SexResult, ...]

    def sex(self, s: str) -> SexResult | None:
        """The result of one sex, or None when that sex has neither data nor a target."""
        return next((r for r in self.by_sex if r.sex == s), None)


@dataclass(frozen=True)
class _Judgement:
    status: Status
    reason: str
    target_value: float | None = None
    gap_goal: float | None = None


@dataclass(frozen=True)
class _Values:
    """What one sex has for the judgement: the current, last year's and the reference-year observations."""

    current: Observation | None
    previous: Observation | None
    previous_period: Period
    reference: Observation | None
    reference_period: Period | None
    last_year: Observation | None = None
    last_year_period: Period | None = None
    mismatch: str = ""  # why a comparison value was refused: it covers other months than the current figure

    @property
    def value(self) -> float | None:
        return self.current.value if self.current else None


def _fmt(value: float, indicator: Indicator) -> str:
    return format_amount(value, indicator.unit)


def _direction_of(target: Target, indicator: Indicator) -> Direction:
    """The polarity that decides 'better': the target's own when it states one, else the indicator's."""
    change = getattr(target, "change", None)
    if change == "increase":
        return Direction.HIGHER
    if change == "decrease":
        return Direction.LOWER
    if isinstance(target, LevelTarget) and target.comparator:
        return Direction.LOWER if target.comparator.startswith("<") else Direction.HIGHER
    if isinstance(target, PerSexTarget):
        levels = [level for _, level in target.by_sex if level.comparator]
        if levels:
            return _direction_of(levels[0], indicator)
    return Direction(indicator.direction)


def _meets(value: float, goal: float, comparator: str) -> bool:
    slack = EPSILON * max(1.0, abs(goal))
    return {">=": value >= goal - slack, ">": value > goal + slack,
            "<=": value <= goal + slack, "<": value < goal - slack}[comparator]


def _judge_level(target: LevelTarget, indicator: Indicator, period: Period, value: float,
                 covered: int = 0) -> _Judgement:
    """A level: by comparator or direction, partly within the tolerance, pro rata for annual sums.

    `covered` is the number of months behind a sum that covers only part of its window (allowed by
    `min_coverage`): the pro rata goal is then for those months, not for months that were never counted.
    """
    goal, annual_goal = target.value, ""
    months = covered or len(period.window("ytd"))
    if (target.annual and Aggregation(indicator.aggregation) is Aggregation.SUM and indicator.window == "ytd"
            and months < 12):
        goal, annual_goal = target.value * months / 12, _fmt(target.value, indicator)
    direction = Direction(indicator.direction)
    comparator = target.comparator or {Direction.HIGHER: ">=", Direction.LOWER: "<="}.get(direction)
    tolerance = indicator.tolerance if indicator.tolerance is not None else DEFAULT_TOLERANCE_SHARE * abs(goal)
    within = abs(value - goal) <= tolerance + EPSILON * max(1.0, abs(goal))
    if comparator is None:
        status = Status.MET if within else Status.NOT_MET
    elif _meets(value, goal, comparator):
        status = Status.MET
    else:
        status = Status.PARTLY if within else Status.NOT_MET
    noted = within and (comparator is None or status is Status.PARTLY)
    reason = sv.level_reason(_fmt(value, indicator), _fmt(goal, indicator), target.comparator, direction.value,
                             annual_goal, months, within_tolerance=noted)
    return _Judgement(status, reason, goal)


def _judge_movement(value: float, reference: Observation | None, reference_period: Period,
                    direction: Direction, indicator: Indicator, period: Period) -> _Judgement:
    """Better, unchanged or worse than a comparison value: MET, PARTLY, NOT_MET.

    A part of the year compared with a whole year says so: "jämfört med 8,7 % helår 2021".
    """
    whole_year = reference_period.kind == "year" and period.kind != "year"
    label = reference_period.label if whole_year else reference_period.short_label
    if reference is None or reference.value is None:
        # There is an outcome: what is missing is the value to compare it with, and the status says so.
        return _Judgement(Status.NO_COMPARISON, sv.missing_comparison_reason(label))
    if direction is Direction.NONE:
        return _Judgement(Status.NOT_ASSESSED, sv.NO_DIRECTION_REASON)
    moved = trend(value, reference.value, direction, indicator.unit)
    reason = sv.movement_reason(_fmt(value, indicator), _fmt(reference.value, indicator), label, direction.value,
                                moved)
    if direction is Direction.LOWER and value == 0 and reference.value == 0:
        # Nothing left to decrease: no falls, no waits beyond the limit, the year before as now. That is the goal.
        return _Judgement(Status.MET, f"{reason}; {sv.AT_ZERO_NOTE}")
    return _Judgement(MOVEMENT_STATUS[moved], reason)


def _judge_change(target: ChangeTarget, indicator: Indicator, period: Period, values: _Values) -> _Judgement:
    """A change by an amount from a reference value, or a movement from the reference year."""
    value = values.value
    assert value is not None
    direction = _direction_of(target, indicator)
    if target.amount is not None and direction is Direction.NONE:
        direction = Direction.LOWER if target.amount < 0 else Direction.HIGHER
    compared, compared_period = values.reference, values.reference_period
    if compared_period is None:
        compared, compared_period = _comparison(values)
    if target.amount is None:
        return _judge_movement(value, compared, compared_period, direction, indicator, period)
    if target.baseline is not None:
        reference, label = target.baseline, sv.reference_year_label(target.reference_year)
    elif compared is not None and compared.value is not None:
        reference, label = compared.value, compared_period.short_label
    else:
        return _Judgement(Status.NO_COMPARISON, sv.missing_comparison_reason(compared_period.short_label))
    amount = abs(target.amount) if direction is Direction.HIGHER else -abs(target.amount)
    goal = reference * (1 + amount / 100) if target.relative else reference + amount
    sign = 1 if direction is Direction.HIGHER else -1
    if sign * (value - goal) >= -EPSILON * max(1.0, abs(goal)):
        status = Status.MET
    else:
        status = Status.PARTLY if sign * (value - reference) > 0 else Status.NOT_MET
    change_text = format_amount(abs(amount), "procent" if target.relative else indicator.unit)
    reason = sv.change_reason(_fmt(value, indicator), _fmt(goal, indicator), direction.value, change_text,
                              _fmt(reference, indicator), label, partly=status is Status.PARTLY)
    return _Judgement(status, reason, goal)


def _comparison(values: _Values) -> tuple[Observation | None, Period]:
    """Last year's value to compare with: the same period, else last year as a whole where `_values` found it.

    Seed 002 compares T1 2022 with 2021 as a whole when only the year is known: a share, mean or level can be set
    against it, and the reason then says "helår 2021". Four months of a sum are never set against twelve.
    """
    same, whole = values.previous, values.last_year
    if (same is None or same.value is None) and whole is not None and whole.value is not None \
            and values.last_year_period is not None:
        return whole, values.last_year_period
    return same, values.previous_period


def _judge(target: Target, indicator: Indicator, period: Period, values: _Values) -> _Judgement:
    """The target's own rule for one sex whose value is present."""
    value = values.value
    assert value is not None
    if isinstance(target, LevelTarget):
        current = values.current
        return _judge_level(target, indicator, period, value, current.months if current and current.covered else 0)
    if isinstance(target, ChangeTarget):
        return _judge_change(target, indicator, period, values)
    if isinstance(target, DirectionTarget):
        compared, compared_period = _comparison(values)
        return _judge_movement(value, compared, compared_period, _direction_of(target, indicator), indicator, period)
    if isinstance(target, ActivityTarget):
        if value >= 1:
            status = Status.MET
        else:
            status = Status.PARTLY if period.last_month.month < 12 else Status.NOT_MET
        return _Judgement(status, sv.activity_reason(status.value, period.as_of))
    return _Judgement(Status.NO_TARGET, sv.no_target_reason())


def combine(results: list[SexResult]) -> tuple[Status, str]:
    """The per-sex rule: MET when all are met, NOT_MET when none is, NO_OUTCOME when one lacks a value, else PARTLY."""
    if not results:
        return Status.NO_OUTCOME, sv.no_outcome_reason()
    reason = sv.per_sex_reason((r.sex, r.status.value) for r in results)
    statuses = {r.status for r in results}
    unjudged = [r for r in results if not r.status.is_judged]
    if unjudged:
        first = unjudged[0]
        return first.status, sv.for_sex(first.sex, first.reason)
    if statuses == {Status.MET}:
        return Status.MET, reason
    if statuses == {Status.NOT_MET}:
        return Status.NOT_MET, reason
    return Status.PARTLY, reason


def _reference_period(target: Target, period: Period) -> Period | None:
    if not isinstance(target, ChangeTarget) or target.reference_year is None:
        return None
    try:
        return period.shift_years(target.reference_year - period.year)
    except ValueError:
        return None


def _values(rows: pd.DataFrame, indicator: Indicator, period: Period, sex: str) -> _Values:
    previous_period = period.same_period_last_year()
    reference_period = _reference_period(indicator.target, period)
    wanted = [period, previous_period]
    if reference_period is not None:
        wanted += [reference_period, Period.year_of(reference_period.year)]
    # Last year as a whole is the fallback of a movement and of the trend (see `_comparison`), never for sums.
    last_year = Period.year_of(previous_period.year) \
        if indicator.aggregation is not Aggregation.SUM and period.kind != "year" else None
    if last_year is not None:
        wanted.append(last_year)
    found = [obs for _, obs in series(rows, indicator, wanted, sex)]
    current = found[0]
    previous, mismatch = comparable(rows, indicator, period, current, previous_period, found[1], sex)
    reference = None
    if reference_period is not None:
        reference, refused = comparable(rows, indicator, period, current, reference_period, found[2], sex)
        if reference is None or reference.value is None:  # the reference year as a whole, when it is like
            whole, refused_whole = comparable(rows, indicator, period, current,
                                              Period.year_of(reference_period.year), found[3], sex)
            reference, refused = (whole, "") if whole is not None else (reference, refused or refused_whole)
        mismatch = refused or mismatch  # the reference year is what a change target is judged against
    whole_year = None
    if last_year is not None:
        whole_year, refused = comparable(rows, indicator, period, current, last_year, found[-1], sex)
        mismatch = mismatch or refused
    return _Values(current, previous, previous_period, reference, reference_period, whole_year, last_year,
                   mismatch)


def _sexes(rows: pd.DataFrame, indicator: Indicator) -> list[str]:
    """T when it has or can have data (or nothing has data); K and M when they have data or their own target."""
    present = set()
    if not rows.empty and "sex" in rows.columns:
        present = set(rows["sex"].astype(str).str.strip().str.upper())
    target = indicator.target
    own = {sex for sex, _ in target.by_sex} if isinstance(target, PerSexTarget) else set()
    derivable = Aggregation(indicator.aggregation) in (Aggregation.SUM, Aggregation.RATIO)
    out = []
    if "T" in present or (derivable and set(WOMEN_AND_MEN) <= present) or not present & set(WOMEN_AND_MEN):
        out.append("T")
    out += [sex for sex in WOMEN_AND_MEN if sex in present or sex in own]
    return out


def _basis(target: Target, values: _Values) -> Observation | None:
    """The comparison value a target's judgement rests on: last year (or the reference year) for movements and
    changes without a stated baseline; None for levels, activities and stated baselines."""
    if isinstance(target, ChangeTarget):
        if target.amount is not None and target.baseline is not None:
            return None
        return values.reference if values.reference_period is not None else _comparison(values)[0]
    if isinstance(target, DirectionTarget):
        return _comparison(values)[0]
    return None


def _daily(values: _Values, indicator: Indicator, period: Period) -> _Values:
    """The values as daily rates of their windows, for an indicator compared per day (see `_per_day`)."""
    return _Values(
        current=per_day(values.current, period, indicator),
        previous=per_day(values.previous, values.previous_period, indicator), previous_period=values.previous_period,
        reference=per_day(values.reference, values.reference_period, indicator),
        reference_period=values.reference_period,
        last_year=per_day(values.last_year, values.last_year_period, indicator),
        last_year_period=values.last_year_period, mismatch=values.mismatch)


def _evaluate_sex(indicator: Indicator, period: Period, sex: str, values: _Values, due: bool,
                  judge_other: Callable[[Observation], _Judgement] | None = None) -> SexResult:
    target = indicator.target
    value = values.value
    # The trend compares with what the judgement would: the same period, else last year as a whole (non-sums).
    earlier, earlier_period = _comparison(values)
    previous = earlier.value if earlier else None
    compared = _daily(values, indicator, period) if indicator.per_day else values
    compared_earlier = _comparison(compared)[0]
    moved = trend(compared.value, compared_earlier.value if compared_earlier else None,
                  _direction_of(target, indicator), indicator.unit)
    level_target: Target = target
    if isinstance(target, PerSexTarget):
        level_target = target.for_sex(sex) or NoTarget()
    if not due:
        judged = _Judgement(Status.NOT_DUE, sv.not_due_reason(indicator.schedule))
    elif isinstance(target, NoTarget):
        judged = _Judgement(Status.NO_TARGET, sv.no_target_reason(undefined=target.undefined))
    elif isinstance(level_target, NoTarget):
        judged = _Judgement(Status.NO_TARGET, sv.no_target_reason(sex=sex))
    elif values.current is not None and values.current.zero_denominator:
        judged = _Judgement(Status.NO_CASES, sv.ZERO_DENOMINATOR_REASON)
    elif value is None:
        judged = _Judgement(Status.NO_OUTCOME, sv.no_outcome_reason(period.label))
    elif too_little := shortfall(indicator, period, values.current):
        judged = _Judgement(Status.NOT_ASSESSED, too_little)
    elif judge_other is not None and values.current is not None:
        judged = judge_other(values.current)
    elif indicator.per_day and _basis(level_target, values) is not None:
        daily = _judge(level_target, indicator, period, compared)
        judged = _Judgement(daily.status, sv.per_day_reason(daily.reason))  # a daily goal is no line in a chart
    else:
        judged = _judge(level_target, indicator, period, values)
        if judged.status in (Status.NO_OUTCOME, Status.NO_COMPARISON) and values.mismatch:
            judged = _Judgement(Status.NO_COMPARISON, values.mismatch)
        if Aggregation(indicator.aggregation).is_quantile and values.current is not None:
            judged = _Judgement(judged.status, sv.join_notes([judged.reason, values.current.note]),
                                judged.target_value)
    target_value = judged.target_value
    if target_value is None and isinstance(level_target, LevelTarget):
        target_value = level_target.value
    current = values.current
    basis = _basis(level_target, values) if judged.status.is_judged else None
    return SexResult(sex, judged.status, judged.reason, value, target_value, previous, moved,
                     generated=bool(current and current.generated), note=current.note if current else "",
                     previous_generated=bool(earlier and earlier.generated),
                     basis_generated=bool(basis and basis.generated),
                     previous_label=earlier_period.label if earlier_period.kind == "year" and period.kind != "year"
                     else "", gap_goal=judged.gap_goal)


def _gap_judge(indicator: Indicator, period: Period, sex: str, rows: pd.DataFrame,
               reference: pd.DataFrame | None) -> Callable[[Observation], _Judgement] | None:
    """The judgement of a gap target for one sex (calc._reference), or None for every other target."""
    target = indicator.target
    if not isinstance(target, GapTarget):
        return None

    def judge(own: Observation) -> _Judgement:
        found = judge_gap(target, indicator, period, sex, own, rows, reference)
        return _Judgement(found.status, found.reason, gap_goal=found.goal)  # a gap, not a level beside the value
    return judge


def evaluate(indicator: Indicator, rows: pd.DataFrame, period: Period,
             reference: pd.DataFrame | None = None) -> IndicatorResult:
    """Status of one indicator for one period from the outcome rows of one unit (all periods and sexes).

    `reference` holds the rows of the unit a gap target compares with ('riket'), see `calc._reference`.

    >>> plan = load_plan("data/rn-ls1/plan-2022.yaml")
    >>> outcomes = load_outcomes("data/rn-ls1/outcomes")
    >>> rows = outcomes[(outcomes["unit"] == "rn-ls1") & (outcomes["indicator"] == "vant-90-besok")]
    >>> result = evaluate(plan.indicator("vant-90-besok"), rows, Period.parse("2022-T1"))
    >>> result.status.label, result.sex("T").value  # 51 % against the target 100 % (seed 002 p. 9)
    ('uppnås inte', 51.0)
    """
    due = is_due(indicator.schedule, period)
    results = [_evaluate_sex(indicator, period, sex, _values(rows, indicator, period, sex), due,
                             _gap_judge(indicator, period, sex, rows, reference))
               for sex in _sexes(rows, indicator)]
    target = indicator.target
    total = next((r for r in results if r.sex == "T"), None)
    if total is not None and isinstance(target, PerSexTarget) and due:
        status, reason = combine([r for r in results if r.sex in dict(target.by_sex)])
        total = replace(total, status=status, reason=reason, target_value=None)
        results[0] = total
    by_sexes = total is None
    if total is not None and total.value is None and total.status is Status.NO_OUTCOME \
            and not isinstance(target, PerSexTarget):
        # No total to judge (a ratio reported without numerators), but both sexes have theirs.
        by_sexes = sum(r.sex in WOMEN_AND_MEN and r.value is not None for r in results) == len(WOMEN_AND_MEN)
    if not by_sexes and total is not None:
        status, reason = total.status, total.reason
    else:
        status, reason = combine([r for r in results if r.sex in WOMEN_AND_MEN])
        if total is not None:
            reason = sv.join_notes([reason, sv.DERIVED_TOTAL_WITHHELD_NOTE])
    return IndicatorResult(indicator, period, due, status, reason, tuple(results))


def evaluate_all(plan: Plan, outcomes: pd.DataFrame, unit: str, period: Period) -> dict[str, IndicatorResult]:
    """Results of every indicator of the plan for one unit and period, keyed by indicator id in plan order.

    A composite indicator's result comes from its components' (calc._composite); they follow it in the order.

    >>> plan = load_plan("data/rn-ls1/plan-2022.yaml")
    >>> outcomes = load_outcomes("data/rn-ls1/outcomes")
    >>> results = evaluate_all(plan, outcomes, "rn-ls1", Period.parse("2022-T1"))
    >>> len(results) == len(plan.indicators()), results["vant-90-besok"].status.label
    (True, 'uppnås inte')
    """
    groups = unit_rows_by_indicator(outcomes, unit)
    empty = outcomes.iloc[0:0]
    results = {ind.id: evaluate(ind, groups.get(ind.id, empty), period, reference_rows(outcomes, ind))
               for ind in plan.indicators() if not ind.is_composite}
    from ._composite import evaluate_composite  # builds on this module's results

    return {ind.id: evaluate_composite(ind, period, results) if ind.is_composite else results[ind.id]
            for ind in plan.indicators()}
