"""malrapport: goal follow-up reports (måluppfyllelse) for Swedish regions.

The public API is small; everything else lives in modules with one job each.
"""
from __future__ import annotations

from ._version import __version__
from .errors import MalrapportError, Problem
from .model import (
                    Action,
                    Aggregation,
                    Assessment,
                    Direction,
                    Indicator,
                    Level,
                    Month,
                    Node,
                    Organisation,
                    Period,
                    Plan,
                    Status,
                    parse_range,
                    parse_schedule,
)

__all__ = [
    "Action", "Aggregation", "Assessment", "Direction", "Indicator", "Level", "MalrapportError", "Month",
    "Node", "Organisation", "Period", "Plan", "Problem", "Status", "parse_range", "parse_schedule",
    "__version__",
]
