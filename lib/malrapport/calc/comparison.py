"""Comparisons with other units in the report itself (seed 002): the division beside a verksamhetsområde and the
region as a whole, fall injuries per verksamhetsområde – wherever the outcome files hold other units' figures for
the report's own period.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..model import SEXES, GapTarget, Indicator, Organisation, Period
from .aggregate import observe


@dataclass(frozen=True)
class UnitRow:
    """One unit's figures for the period: total, women, men (None where missing) and last year's total."""

    unit: str
    name: str
    values: tuple[float | None, float | None, float | None]
    previous: float | None
    own: bool
    generated: bool = False


def unit_comparison(outcomes: pd.DataFrame, indicator: Indicator, organisation: Organisation, unit: str,
                    period: Period) -> tuple[UnitRow, ...]:
    """The report's unit first, then every other unit with a figure for the same period (by name), when there is
    at least one other; a gap target's reference unit is left out (its chart draws it already).

    >>> from malrapport.inputs.datatree import load_organisation
    >>> data = load_organisation("data", "rn-ls1", year=2022)
    >>> rows = unit_comparison(data.outcomes, data.plan.indicator("suicidbedomning"), data.plan.organisation,
    ...                        "rn-ls1", Period.parse("2022-T1"))
    >>> [(row.name, row.values[0]) for row in rows]  # seed 002: LS1 15 %, the region 21 %, VO Barnsjukvård 19 %
    [('Division Länssjukvård 1', 15.0), ('Region Norrbotten', 21.0), ('VO Barnsjukvård', 19.0)]
    """
    rows = outcomes[outcomes["indicator"] == indicator.id]
    skip = {indicator.target.reference_unit} if isinstance(indicator.target, GapTarget) else set()
    found = []
    for other, unit_rows in rows.groupby("unit", sort=False):
        other = str(other)
        if other in skip:
            continue
        observed = [observe(unit_rows, indicator, period, sex) for sex in SEXES]
        values = tuple(obs.value if obs is not None else None for obs in observed)
        if values[0] is None and values[1] is None and values[2] is None:
            continue
        before = observe(unit_rows, indicator, period.same_period_last_year(), "T")
        generated = any(obs is not None and obs.value is not None and obs.generated for obs in observed)
        found.append(UnitRow(other, organisation.unit_name(other), values,  # type: ignore[arg-type]
                             before.value if before is not None else None, other == unit, generated))
    if len(found) < 2 or not any(row.own for row in found):
        return ()
    own = [row for row in found if row.own]
    others = sorted((row for row in found if not row.own), key=lambda row: row.name)
    return tuple(own + others)
