"""Record-level indicators with DuckDB: exact small cases, and a million generated rows against pandas."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from malrapport.errors import MalrapportError
from malrapport.inputs.records import (
    OUTCOME_COLUMNS,
    count_events,
    generate_waiting_list,
    rate_per_population,
    share_waited_within,
    share_with_flag,
)

UNITS = ["bup-norr", "bup-syd", "psyk-ost", "psyk-vast", "hab"]
MONTHS = ["2024-01..2024-12"]


def small_records() -> pd.DataFrame:
    """Two units, two months; hand-checked expectations below."""
    return pd.DataFrame({
        "unit": ["a", "a", "a", "a", "a", "b", "b", "a", "a"],
        "date": pd.to_datetime(["2024-03-31", "2024-03-31", "2024-03-15", "2024-03-31", "2024-03-31",
                                "2024-03-31", "2024-03-31", "2024-04-30", "2024-04-30"]),
        "sex": ["K", "K", "M", "M", "X", "K", "M", "K", "M"],
        "days_waited": [10, 95, 90, 200, 30, 5, None, 91, 60],
        "suicide_assessment": [True, False, True, True, None, False, True, True, False],
    })


def by_key(frame: pd.DataFrame) -> dict[tuple[str, str, str], tuple[float, float, float]]:
    return {(u, p, s): (v, n, d) for u, p, s, v, n, d in
            frame[["unit", "period", "sex", "value", "numerator", "denominator"]].itertuples(index=False)}


def test_share_waited_within_exact_values_and_total_from_records() -> None:
    out = share_waited_within(small_records(), 90, "bup-90")
    assert tuple(out.columns) == OUTCOME_COLUMNS
    rows = by_key(out)
    assert rows[("a", "2024-03", "K")] == (50.0, 1, 2)
    assert rows[("a", "2024-03", "M")] == (50.0, 1, 2)      # 90 days counts as within 90
    assert rows[("a", "2024-03", "T")] == (60.0, 3, 5)      # sex X counts in T only
    assert rows[("b", "2024-03", "K")] == (100.0, 1, 1)
    assert rows[("b", "2024-03", "T")] == (100.0, 1, 1)     # no waiting time: left out
    assert rows[("a", "2024-04", "T")] == (50.0, 1, 2)
    assert ("a", "2024-03", "X") not in rows
    assert list(out["sex"][:3]) == ["T", "K", "M"]
    assert set(out["indicator"]) == {"bup-90"} and set(out["source"]) == {"postnivådata"}


def test_count_events_from_a_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "besok.csv"
    small_records().assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    rows = by_key(count_events(path, "besok"))
    assert rows[("a", "2024-03", "T")][0] == 5
    assert rows[("a", "2024-03", "K")][0] == 2
    assert rows[("a", "2024-04", "M")][0] == 1
    assert rows[("b", "2024-03", "T")][0] == 2
    assert np.isnan(rows[("b", "2024-03", "T")][1])
    assert count_events(path, "besok")["source"].iloc[0] == "postnivådata: besok.csv"


def test_share_with_flag_exact_values() -> None:
    rows = by_key(share_with_flag(small_records(), "suicide_assessment", "suicid-bed", source="journal"))
    assert rows[("a", "2024-03", "T")] == (75.0, 3, 4)      # empty flag left out
    assert rows[("a", "2024-03", "K")] == (50.0, 1, 2)
    assert rows[("b", "2024-03", "M")] == (100.0, 1, 1)
    assert rows[("a", "2024-04", "T")] == (50.0, 1, 2)


def test_share_with_flag_accepts_zero_one_flags() -> None:
    records = small_records().assign(suicide_assessment=[1, 0, 1, 1, 0, 0, 1, 1, 0])
    rows = by_key(share_with_flag(records, "suicide_assessment", "s"))
    assert rows[("a", "2024-03", "T")] == (60.0, 3, 5)


def test_rate_per_population_uses_t_row_or_sum_of_k_and_m() -> None:
    population = pd.DataFrame({"unit": ["a", "a", "b", "b", "b"], "year": [2024] * 5,
                               "sex": ["K", "M", "T", "K", "M"], "population": [1000, 800, 5000, 2400, 2500]})
    rows = by_key(rate_per_population(small_records(), population, "besok-1000", per=1000))
    assert rows[("a", "2024-03", "T")] == pytest.approx((5 / 1800 * 1000, 5, 1800))
    assert rows[("a", "2024-03", "K")] == pytest.approx((2.0, 2, 1000))
    assert rows[("b", "2024-03", "T")] == pytest.approx((2 / 5000 * 1000, 2, 5000))   # T given: used as is


def test_rate_per_population_names_missing_population() -> None:
    population = pd.DataFrame({"unit": ["a", "a"], "year": [2024, 2024], "sex": ["K", "M"],
                               "population": [1000, 800]})
    with pytest.raises(MalrapportError, match="befolkning saknas för 3 kombinationer.*b 2024 K"):
        rate_per_population(small_records(), population, "r")


def test_missing_column_and_bad_dates_are_reported_in_swedish(tmp_path: Path) -> None:
    with pytest.raises(MalrapportError, match="kolumnen 'vantedagar' saknas") as err:
        share_waited_within(small_records(), 90, "x", wait_col="vantedagar")
    assert "days_waited" in err.value.problems[0].hint
    bad = small_records().assign(date=["igår"] * 9)
    with pytest.raises(MalrapportError, match="kunde inte tolkas"):
        count_events(bad, "x")
    with pytest.raises(MalrapportError, match="finns inte"):
        count_events(tmp_path / "saknas.parquet", "x")


def test_generator_is_deterministic_and_realistic() -> None:
    first = generate_waiting_list(20_000, UNITS, ["2024"], seed=3)
    again = generate_waiting_list(20_000, UNITS, ["2024"], seed=3)
    other = generate_waiting_list(20_000, UNITS, ["2024"], seed=4)
    pd.testing.assert_frame_equal(first, again)
    assert not first.equals(other)
    assert set(first["sex"]) == {"K", "M"} and set(first["unit"]) == set(UNITS)
    assert first["date"].min() >= pd.Timestamp("2024-01-01") and first["date"].max() <= pd.Timestamp("2024-12-31")
    assert first["date"].dt.month.nunique() == 12
    assert (first["days_waited"] >= 0).all()
    assert first["days_waited"].mean() > first["days_waited"].median()   # right-skewed
    assert 0.5 < (first["sex"] == "K").mean() < 0.58


@pytest.fixture(scope="module")
def million(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "vantelista.parquet"
    result = generate_waiting_list(1_000_000, UNITS, MONTHS, seed=2024, path=path)
    assert result == path
    return path


def pandas_share(frame: pd.DataFrame, days: int) -> pd.DataFrame:
    """An independent computation of the same indicator with pandas."""
    frame = frame.assign(period=frame["date"].dt.strftime("%Y-%m"), within=frame["days_waited"] <= days)
    per_sex = frame.groupby(["unit", "period", "sex"])["within"].agg(["sum", "count"]).reset_index()
    total = frame.groupby(["unit", "period"])["within"].agg(["sum", "count"]).reset_index().assign(sex="T")
    both = pd.concat([per_sex, total], ignore_index=True)
    return both.assign(value=100 * both["sum"] / both["count"])


def test_million_rows_match_pandas(million: Path) -> None:
    out = share_waited_within(million, 90, "bup-90")
    frame = pd.read_parquet(million)
    assert len(frame) == 1_000_000
    expected = pandas_share(frame, 90)
    merged = out.merge(expected, on=["unit", "period", "sex"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all()
    assert len(out) == len(UNITS) * 12 * 3
    assert (merged["numerator"] == merged["sum"]).all()
    assert (merged["denominator"] == merged["count"]).all()
    np.testing.assert_allclose(merged["value_x"], merged["value_y"], rtol=1e-12)
    totals = out[out["sex"] == "T"]["denominator"].sum()
    assert totals == 1_000_000
    t_rows = out[out["sex"] == "T"].set_index(["unit", "period"])
    km = out[out["sex"] != "T"].groupby(["unit", "period"])[["numerator", "denominator"]].sum()
    pd.testing.assert_frame_equal(t_rows[["numerator", "denominator"]].sort_index(), km.sort_index())
    counts = count_events(million, "vantande")
    assert counts[counts["sex"] == "T"]["value"].sum() == 1_000_000
