"""What kind of rows an indicator gets: an activity (0/1), values by sex, or a total only."""
from __future__ import annotations

from ..model import ActivityTarget, Aggregation, Indicator
from ..sv import get_unit

# Words in an indicator name that mean it counts units, plans or events rather than people (no sex split).
_SEXLESS_WORDS = ("basenhet", " be ", "verksamhet", "enhet", "studier", "checklista", "tillbud", "policy",
                  "avtal", "möten", "fordon", "vårdplatser", "yrkesgrupper", "upphandling", "statsbidrag")


def splits_by_sex(indicator: Indicator) -> bool:
    """Whether an indicator is naturally reported for women and men: it counts people, not units or plans,
    and its total can be derived from the sexes."""
    unit = get_unit(indicator.unit)
    if unit is None or unit.id in ("aktivitet", "timmar", "mnkr", "kr"):
        return False
    if unit.per and not unit.is_share and Aggregation(indicator.aggregation) is Aggregation.SUM:
        return False  # a summed rate per sex would not add up to the total
    name = f" {indicator.name.lower()} "
    return not any(word in name for word in _SEXLESS_WORDS)


def is_activity(indicator: Indicator) -> bool:
    """Whether the indicator is an activity: done (1) or not (0), never a measured level."""
    return isinstance(indicator.target, ActivityTarget) or indicator.unit == "aktivitet"
