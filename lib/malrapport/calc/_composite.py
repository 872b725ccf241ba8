"""Status of a composite indicator (seed 004's vårdgaranti) from the results of its components.

Each component is judged as an indicator of its own (its outcomes, its target). The composite:

- is NOT_DUE when its own schedule does not follow it up in this report;
- is MET only when every component is MET;
- is NOT_MET when no component is MET (seed 004: "klarar inte målet i någon av Vårdgarantins dimensioner", with
  one part within its tolerance), PARTLY when some, not all, are met;
- takes the status of the first component without a judgement (no outcome, not due, no target …) otherwise, with
  that component's reason: a part that cannot be judged leaves the whole open, as a missing sex does for a total.

The reason counts the parts met and names those partly met and not met.
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import sv
from ..model import Indicator, Period, Status, is_due
from .status import IndicatorResult


def part_name(indicator: Indicator, component: Indicator) -> str:
    """How a reason names a component: its label when no other component shares it, else its name."""
    labels = [c.label for c in indicator.components]
    return component.label if component.label and labels.count(component.label) == 1 else component.name


def evaluate_composite(indicator: Indicator, period: Period, parts: Mapping[str, IndicatorResult]) -> IndicatorResult:
    """The result of a composite indicator from its components' results (keyed by component id)."""
    due = is_due(indicator.schedule, period)
    if not due:
        return IndicatorResult(indicator, period, False, Status.NOT_DUE, sv.not_due_reason(indicator.schedule), ())
    results = [(component, parts[component.id]) for component in indicator.components]
    unjudged = [(c, r) for c, r in results if not r.status.is_judged]
    if unjudged:
        component, result = unjudged[0]
        return IndicatorResult(indicator, period, True, result.status,
                               sv.for_part(part_name(indicator, component), result.reason), ())
    statuses = [r.status for _, r in results]
    met = statuses.count(Status.MET)
    partly = [part_name(indicator, c) for c, r in results if r.status is Status.PARTLY]
    not_met = [part_name(indicator, c) for c, r in results if r.status is Status.NOT_MET]
    if met == len(statuses):
        status = Status.MET
    elif met == 0:
        status = Status.NOT_MET
    else:
        status = Status.PARTLY
    reason = sv.composite_reason(met, len(statuses), partly, not_met)
    return IndicatorResult(indicator, period, True, status, reason, ())
