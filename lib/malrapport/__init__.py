"""malrapport: goal follow-up reports (måluppfyllelse) for Swedish regions.

The public API is small; everything else lives in modules with one job each.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .errors import MalrapportError, Problem
from .model.plan import (Action, Aggregation, Assessment, Direction, Indicator, Level, Node, Organisation, Plan,
                    Status)
from .model.periods import Month, Period, parse_range, parse_schedule

__all__ = [
    "Action", "Aggregation", "Assessment", "Direction", "Indicator", "Level", "MalrapportError", "Month",
    "Node", "Organisation", "Period", "Plan", "Problem", "Status", "parse_range", "parse_schedule",
    "__version__",
]
