"""Every word, label and number format a reader sees, in Swedish: the one place reader-facing text comes from.

- words: status words and symbols, month, period, sex and direction labels, the figures' file and column names.
- numbers: Swedish number, date and unit formats (decimal comma, narrow no-break space, true minus), and the
  strict inverse used when reading outcome files.
- units: the units of measure a plan may name, with their suffix and number of decimals.

Other layers import from here (`from malrapport import sv; sv.STATUS_LABELS`, `from malrapport.sv import fmt_value`).
"""
from __future__ import annotations

from ._numbers import (
                     D3_FORMAT_LOCALE,
                     D3_TIME_LOCALE,
                     MINUS,
                     MISSING,
                     NARROW_NBSP,
                     NBSP,
                     fmt_change_pp,
                     fmt_count_word,
                     fmt_date,
                     fmt_number,
                     fmt_signed,
                     fmt_value,
                     parse_number,
)
from ._sentences import (
                     DERIVED_TOTAL_NOTE,
                     NO_DIRECTION_REASON,
                     RATIO_FALLBACK_NOTE,
                     ZERO_DENOMINATOR_NOTE,
                     Gender,
                     activity_reason,
                     capitalise,
                     change_reason,
                     changes_sentence,
                     count_phrase,
                     derived_total_note,
                     for_sex,
                     join_list,
                     join_notes,
                     level_reason,
                     missing_comparison_reason,
                     months_note,
                     movement_reason,
                     no_outcome_reason,
                     no_target_reason,
                     not_due_reason,
                     noun_gender,
                     noun_in_sentence,
                     per_sex_reason,
                     period_as_of,
                     period_label,
                     period_short_label,
                     reference_year_label,
                     report_name,
                     schedule_label,
                     summary_sentence,
)
from ._units import ALIASES, UNITS, Unit, get_unit
from ._words import (
                     ACTION_STATUSES,
                     AGGREGATION_LABELS,
                     ASSESSED_BY_GENDER,
                     ASSESSMENT_PREDICATES,
                     COMPARATOR_SYMBOLS,
                     DEFAULT_INDICATOR_LEVEL,
                     DIRECTION_LABELS,
                     DIRECTION_VERBS,
                     FIGURE_COLUMNS,
                     FIGURE_FILES,
                     FULL_YEAR,
                     MONTHS,
                     MONTHS_SHORT,
                     NEUTER_ENDINGS,
                     NONE_BY_GENDER,
                     PREVIOUS_YEAR,
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

__all__ = [
    "ACTION_STATUSES", "AGGREGATION_LABELS", "DEFAULT_INDICATOR_LEVEL", "DIRECTION_LABELS", "FIGURE_COLUMNS",
    "FIGURE_FILES", "MONTHS", "MONTHS_SHORT", "SEX_LABELS", "SEX_SHORT", "STATUS_LABELS", "STATUS_SYMBOLS",
    "TERTIAL_CODES", "TERTIAL_REPORT_NAMES", "TOTAL", "TREND_LABELS", "TREND_SYMBOLS", "UNKNOWN",
    "UNKNOWN_COMMIT", "WINDOW_LABELS", "D3_FORMAT_LOCALE", "D3_TIME_LOCALE", "MINUS", "MISSING", "NARROW_NBSP",
    "NBSP", "fmt_change_pp", "fmt_count_word", "fmt_date", "fmt_number", "fmt_signed", "fmt_value",
    "parse_number", "ALIASES", "UNITS", "Unit", "get_unit",
    "COMPARATOR_SYMBOLS", "DIRECTION_VERBS", "FULL_YEAR", "PREVIOUS_YEAR", "NO_DIRECTION_REASON", "activity_reason",
    "change_reason", "for_sex", "join_notes", "level_reason", "missing_comparison_reason", "movement_reason",
    "no_outcome_reason", "no_target_reason", "not_due_reason", "per_sex_reason", "period_as_of", "period_label",
    "period_short_label", "reference_year_label", "report_name", "schedule_label", "DERIVED_TOTAL_NOTE",
    "RATIO_FALLBACK_NOTE", "ZERO_DENOMINATOR_NOTE", "derived_total_note", "months_note", "ASSESSED_BY_GENDER",
    "ASSESSMENT_PREDICATES", "NEUTER_ENDINGS", "NONE_BY_GENDER", "Gender", "capitalise", "changes_sentence",
    "count_phrase", "join_list", "noun_gender", "noun_in_sentence", "summary_sentence",
]
