"""The model's enumerations: which way is better, how months combine, statuses, and the sex codes."""
from __future__ import annotations

from enum import StrEnum

from .. import sv


class Direction(StrEnum):
    """Polarity of an indicator: which way is better."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = "none"


class Aggregation(StrEnum):
    """How monthly values combine into a reporting window."""

    SUM = "sum"
    MEAN = "mean"
    RATIO = "ratio"
    LAST = "last"
    MEDIAN = "median"          # the monthly values are medians
    PERCENTILE = "percentile"  # the monthly values are percentiles (the indicator's `percentile`, e.g. 90)

    @property
    def is_quantile(self) -> bool:
        """Medians and percentiles: months cannot be pooled; only records give the window's own figure."""
        return self in (Aggregation.MEDIAN, Aggregation.PERCENTILE)


class Status(StrEnum):
    """Status of an indicator or a sub-goal. The first three are also the analysts' assessments.

    >>> Status.NOT_MET.label, Status.NOT_MET.symbol, Status.NOT_DUE.is_judged
    ('uppnås inte', '○', False)
    """

    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NO_OUTCOME = "no_outcome"
    NOT_DUE = "not_due"
    NO_TARGET = "no_target"
    NOT_ASSESSED = "not_assessed"
    NO_CASES = "no_cases"  # a share whose denominator is 0: no patients in the period, nothing to judge
    NO_COMPARISON = "no_comparison"  # an outcome, but not the value to compare it with (last year, base year)

    @property
    def label(self) -> str:
        """The Swedish word a reader sees: 'uppnås', 'delvis', 'uppnås inte', 'utfall saknas' …"""
        return sv.STATUS_LABELS[self.value]

    @property
    def symbol(self) -> str:
        """A symbol whose shape differs per status, so that status is never told by colour alone."""
        return sv.STATUS_SYMBOLS[self.value]

    @property
    def is_judged(self) -> bool:
        """Met, partly or not met: a judgement against the target, as opposed to a reason why there is none."""
        return self in (Status.MET, Status.PARTLY, Status.NOT_MET)


ASSESSMENT_STATUSES = (Status.MET, Status.PARTLY, Status.NOT_MET)

SEXES = ("T", "K", "M")
"""Sex codes of the outcome files, in the order tables and charts show them: totalt, kvinnor, män."""
WOMEN_AND_MEN = SEXES[1:]
"""The two sexes a total can be derived from, and that per-sex targets name."""
