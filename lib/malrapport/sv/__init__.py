"""Every word, label and number format a reader sees, in Swedish: the one place reader-facing text comes from."""
from __future__ import annotations

from .words import (AGGREGATION_LABELS, DIRECTION_LABELS, FIGURE_COLUMNS, FIGURE_FILES, MONTHS, MONTHS_SHORT,
                    SEX_LABELS, SEX_SHORT, TERTIAL_CODES, TERTIAL_REPORT_NAMES, TOTAL, TREND_LABELS, TREND_SYMBOLS,
                    UNKNOWN, WINDOW_LABELS)

__all__ = ["AGGREGATION_LABELS", "DIRECTION_LABELS", "FIGURE_COLUMNS", "FIGURE_FILES", "MONTHS", "MONTHS_SHORT",
    "SEX_LABELS", "SEX_SHORT", "TERTIAL_CODES", "TERTIAL_REPORT_NAMES", "TOTAL", "TREND_LABELS", "TREND_SYMBOLS",
    "UNKNOWN", "WINDOW_LABELS"]
