"""The direction a generated series must take so that it tells the story the real report tells.

Where the real (seed) assessment says a sub-goal is reached or not reached, an indicator below it that is judged by
its movement (Öka, Minska, Förbättring jmf med föregående år) must not move the other way in generated figures:
a generated "bättre" beside an analyst's "uppnås inte" is a contradiction the demo must never print.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..model import Assessment, ChangeTarget, Direction, DirectionTarget, Indicator, Plan, Status

STORY_DRIFT = 0.08
"""The least yearly relative drift of a series that tells a story: clear of the noise of the generated values."""


def _better_up(indicator: Indicator) -> bool | None:
    """True when a rise is better for this indicator's target, False when a fall is, None when neither."""
    change = getattr(indicator.target, "change", "improve")
    if change in ("increase", "decrease"):
        return change == "increase"
    if indicator.direction is Direction.NONE:
        return None
    return indicator.direction is Direction.HIGHER


def _judged_by_movement(indicator: Indicator) -> bool:
    target = indicator.target
    return isinstance(target, DirectionTarget) or (isinstance(target, ChangeTarget) and target.amount is None)


def stories(plan: Plan, assessments: Iterable[Assessment]) -> dict[str, float]:
    """Indicator id → the signed yearly drift its generated values must follow (+ rises, − falls).

    Only indicators judged by movement under a sub-goal with a real assessment: 'uppnås' (the indicator improves),
    'uppnås inte' (it worsens) or 'delvis' (it holds level: no drift, so neither a clear gain nor a clear loss is
    invented beside the analysts' yellow).
    """
    wanted: dict[str, float] = {}
    for assessment in assessments:
        for node in plan.subgoals():
            judged = assessment.subgoal(node.id)
            if judged is None or judged.status not in (Status.MET, Status.NOT_MET, Status.PARTLY):
                continue
            for below in node.walk():
                for indicator in below.indicators:
                    up = _better_up(indicator)
                    if up is None or not _judged_by_movement(indicator):
                        continue
                    if judged.status is Status.PARTLY:
                        wanted[indicator.id] = 0.0
                    else:
                        improves = judged.status is Status.MET
                        wanted[indicator.id] = STORY_DRIFT if up == improves else -STORY_DRIFT
    return wanted
