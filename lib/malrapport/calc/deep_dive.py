"""One indicator in depth for one unit: the longest series per tertial and per year, women and men apart, the
values of the other units in the data (clinics, regions) with the national value as reference, and where the
indicator has monthly values their styrdiagram (`calc.spc`).

`build_deep_dive` computes; `malrapport.present.indicator_view` shows it in the indicator notebook.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import MalrapportError
from ..inputs.datatree import OrganisationData, load_organisation
from ..model import RIKET, Indicator, Organisation, Period, find_region
from ._monthly_spc import indicator_spc
from .aggregate import SERIES_COLUMNS, observe, series_records
from .spc import SpcResult

REFERENCE_UNITS = {"riket": RIKET.name, RIKET.kolada_id: RIKET.name}
"""Units of the outcome files that are the national reference, not one of the units compared."""


@dataclass(frozen=True)
class IndicatorDeepDive:
    """One indicator of one unit in depth: series per tertial and per year, and the units compared.

    >>> deep = build_deep_dive("data", "rn-ls1", "vant-90-besok")
    >>> deep.tertials.query("sex == 'K' and period == '2022-T1'")["value"].tolist()  # seed 002 p. 9
    [45.0]
    """

    data: OrganisationData
    indicator: Indicator
    unit: str
    period: Period
    tertials: pd.DataFrame = field(repr=False)
    years: pd.DataFrame = field(repr=False)
    comparison: pd.DataFrame = field(repr=False)
    comparison_period: Period | None = None
    reference: tuple[str, float] | None = None
    spc: SpcResult | None = field(default=None, repr=False)
    """The styrdiagram of the total's monthly values up to `period`; None without monthly values."""


def _periods_with_data(rows: pd.DataFrame) -> list[Period]:
    return sorted({Period.parse(p) for p in rows["period"].unique()})


def _series_frame(rows: pd.DataFrame, indicator: Indicator, periods: list[Period]) -> pd.DataFrame:
    return pd.DataFrame(series_records(rows, indicator, periods), columns=SERIES_COLUMNS)


def build_deep_dive(data_dir: str | Path, organisation: str, indicator_id: str,
                    period: str | None = None) -> IndicatorDeepDive:
    """Gather everything the indicator notebook shows; `period` None means the latest tertial with data.

    >>> deep = build_deep_dive("data", "rn-ls1", "fallskador")  # the latest tertial with data
    >>> deep.indicator.id, deep.period.key, len(deep.comparison) > 1
    ('fallskador', '2022-T3', True)
    """
    data = load_organisation(Path(data_dir), organisation)
    try:
        indicator = data.plan.indicator(indicator_id)
    except KeyError:
        known = ", ".join(i.id for i in data.plan.indicators())
        raise MalrapportError(f"indikatorn '{indicator_id}' finns inte i planen för {organisation}",
                              hint=f"välj en av: {known}") from None
    unit = data.plan.organisation.id
    rows = data.outcomes[data.outcomes["indicator"] == indicator.id]
    own = rows[rows["unit"] == unit]
    available = _periods_with_data(own) if not own.empty else []
    last = Period.parse(period) if period else _latest_tertial(available, data.plan.year)
    first_year = min((p.year for p in available), default=last.year)
    tertial_periods = [Period.tertial(y, n) for y in range(first_year, last.year + 1) for n in (1, 2, 3)
                       if Period.tertial(y, n) <= last]
    year_periods = [Period.year_of(y) for y in range(first_year, last.year + 1)
                    if Period.year_of(y).last_month <= last.last_month]
    tertials = _series_frame(own, indicator, tertial_periods)
    years = _series_frame(own, indicator, year_periods)
    comparison, comparison_period, reference = _comparison(data, rows, indicator, unit, last)
    return IndicatorDeepDive(data, indicator, unit, last, tertials, years, comparison, comparison_period, reference,
                             indicator_spc(own, indicator, last))


def _latest_tertial(available: list[Period], plan_year: int) -> Period:
    tertials = [p for p in available if p.kind == "tertial"]
    months = [p for p in available if p.kind == "month"]
    if tertials:
        return max(tertials)
    if months:
        last = max(months)
        return Period.tertial(last.year, (last.number - 1) // 4 + 1)
    return Period.tertial(plan_year, 3)


def _comparison(data: OrganisationData, rows: pd.DataFrame, indicator: Indicator, unit: str,
                period: Period) -> tuple[pd.DataFrame, Period | None, tuple[str, float] | None]:
    """Values per unit for the latest period (at or before `period`) where more than one unit has data."""
    organisation = data.plan.organisation
    candidates = [period] + [p for p in sorted(_periods_with_data(rows), reverse=True)
                             if p <= period and p.kind in ("tertial", "year") and p != period]
    for candidate in candidates:
        records, reference = [], None
        for other, unit_rows in rows.groupby("unit", sort=True):
            obs = observe(unit_rows, indicator, candidate, "T")
            if obs is None or obs.value is None:
                continue
            if other in REFERENCE_UNITS:
                reference = (REFERENCE_UNITS[other], float(obs.value))
                continue
            records.append({"unit": other, "name": _unit_name(organisation, other), "value": float(obs.value)})
        if len(records) > 1:
            return pd.DataFrame(records), candidate, reference
    return pd.DataFrame(columns=["unit", "name", "value"]), None, None


def _unit_name(organisation: Organisation, unit_id: str) -> str:
    """The unit's name in the plan, else a region's name for a region code, else the id."""
    name = organisation.unit_name(unit_id)
    if name == unit_id:
        region = find_region(unit_id)
        if region is not None:
            return region.name
    return name
