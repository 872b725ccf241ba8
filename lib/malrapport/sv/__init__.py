"""Every word, label and number format a reader sees, in Swedish: the one place reader-facing text comes from."""
from __future__ import annotations

from .words import (
                    ACTION_STATUSES,
                    AGGREGATION_LABELS,
                    DEFAULT_INDICATOR_LEVEL,
                    DIRECTION_LABELS,
                    FIGURE_COLUMNS,
                    FIGURE_FILES,
                    MONTHS,
                    MONTHS_SHORT,
                    SEX_LABELS,
                    SEX_SHORT,
                    STATUS_LABELS,
                    STATUS_SYMBOLS,
                    TERTIAL_CODES,
                    TERTIAL_REPORT_NAMES,
                    TOTAL,
                    TREND_LABELS,
                    TREND_SYMBOLS,
                    UNKNOWN,
                    UNKNOWN_COMMIT,
                    WINDOW_LABELS,
)

__all__ = ["ACTION_STATUSES", "AGGREGATION_LABELS", "DEFAULT_INDICATOR_LEVEL", "DIRECTION_LABELS", "FIGURE_COLUMNS",
    "FIGURE_FILES", "MONTHS", "MONTHS_SHORT", "SEX_LABELS", "SEX_SHORT", "STATUS_LABELS", "STATUS_SYMBOLS",
    "TERTIAL_CODES", "TERTIAL_REPORT_NAMES", "TOTAL", "TREND_LABELS", "TREND_SYMBOLS", "UNKNOWN", "UNKNOWN_COMMIT",
    "WINDOW_LABELS"]
