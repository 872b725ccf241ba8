"""The data model: plans, indicators, targets, periods and regions, as frozen dataclasses.

Other layers import from here (`from malrapport.model import Plan, Status`), not from the modules inside.
"""
from __future__ import annotations

from ._assessment import ActionAssessment, Assessment, SubgoalAssessment
from ._composite import CompositeTarget, split_wording
from ._coverage import MONTHS_HINT, MinCoverage, months_text, parse_months
from ._enums import ASSESSMENT_STATUSES, SEXES, WOMEN_AND_MEN, Aggregation, Direction, Status
from ._gap import RIKET_ID, GapTarget, reference_key, reference_names
from ._periods import (
    WINDOWS,
    Month,
    Period,
    is_due,
    iter_tertials,
    month_periods,
    parse_range,
    parse_schedule,
    schedule_label,
)
from ._plan import Action, Document, Indicator, Level, Node, Organisation, Plan
from ._regions import RIKET, Region, all_regions, find_region, region
from ._targets import (
    ActivityTarget,
    ChangeTarget,
    DirectionTarget,
    LevelTarget,
    NoTarget,
    PerSexTarget,
    Target,
    describe_target,
    format_amount,
    parse_target,
    target_value,
)

__all__ = [
    "ASSESSMENT_STATUSES", "MONTHS_HINT", "SEXES", "WOMEN_AND_MEN", "WINDOWS", "RIKET", "RIKET_ID",
    "Action", "ActionAssessment", "ActivityTarget", "Aggregation", "Assessment", "ChangeTarget", "CompositeTarget",
    "Direction", "DirectionTarget", "Document", "GapTarget", "Indicator", "Level", "LevelTarget", "MinCoverage",
    "Month", "Node", "NoTarget", "Organisation", "Period", "PerSexTarget", "Plan", "Region", "Status",
    "SubgoalAssessment", "Target", "all_regions", "describe_target", "find_region", "format_amount", "is_due",
    "iter_tertials", "month_periods", "months_text", "parse_months", "parse_range", "parse_schedule",
    "parse_target", "reference_key", "reference_names", "region", "schedule_label", "split_wording",
    "target_value",
]
