"""Figures that cannot be right are problems at every entry, never judged and never dropped (issue 9, point 8).

Each test writes the faulty figure into the entry it tests (an outcome CSV, a Parquet file, a Kolada file, a
Socialstyrelsen export) and expects a problem naming the file and the row. The Kolada case is the real file's
share of 146,1 % (N79221, region 0014, 2025), found here with plain pandas.
"""
from __future__ import annotations

import math
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import malrapport as mr

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
HEADER = "unit;indicator;period;sex;value;numerator;denominator;comment;source\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the Norrbotten demo data, to which a test adds one faulty outcome file."""
    shutil.copytree(ROOT / "data" / "rn-ls1", tmp_path / "rn-ls1")
    return tmp_path


def check(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "malrapport", "check", str(data)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("row", "column", "message"), [
    ("rn-ls1;fallskador;2021-T1;K;-3;;;;prov", "value", "värdet -3 för fallskador är negativt"),
    ("rn-ls1;fallskador;2021-T1;K;1e999;;;;prov", "value", "'1e999' i kolumnen value är inte ett tal"),
    ("rn-ls1;vant-90-besok;2021-T1;K;135;;;;prov", "value", "värdet 135 % för vant-90-besok ligger utanför 0–100 %"),
    ("rn-ls1;vant-90-besok;2021-T1;K;;-5;40;;prov", "numerator", "täljaren -5 för vant-90-besok är negativt"),
])
def test_an_impossible_figure_in_an_outcome_csv_is_a_problem_naming_file_and_row(
        data: Path, row: str, column: str, message: str) -> None:
    (data / "rn-ls1" / "outcomes" / "prov.csv").write_text(HEADER + row + "\n", encoding="utf-8")
    done = check(data)
    assert done.returncode == 1, done.stdout
    assert f"prov.csv, rad 2, {column}: {message}" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_an_impossible_figure_in_a_parquet_file_is_a_problem_too(data: Path) -> None:
    frame = pd.DataFrame({"unit": ["rn-ls1", "rn-ls1"], "indicator": ["fallskador", "fallskador"],
                          "period": ["2021-T1", "2021-T2"], "sex": ["K", "K"], "value": [-2.0, math.inf]})
    frame.to_parquet(data / "rn-ls1" / "outcomes" / "prov.parquet")
    done = check(data)
    assert done.returncode == 1
    # Parquet has no header line: its records are counted from 1
    assert "prov.parquet, rad 1, value: värdet -2 för fallskador är negativt" in done.stdout
    assert "prov.parquet, rad 2, value:" in done.stdout  # inf: not a number a report can show


def test_the_real_kolada_file_s_share_above_100_is_not_imported_and_is_reported() -> None:
    file = REALDATA / "kolada_hos_regioner_2016_2025.csv"
    if not file.is_file():
        pytest.skip("../shared/realdata is missing")
    raw = pd.read_csv(file, dtype=str)
    over = raw[(raw["kpi"] == "N79221") & (pd.to_numeric(raw["value"]) > 100)]
    assert len(over) == 1 and over.iloc[0]["value"] == "146.1"   # the real file's one impossible share
    line = int(over.index[0]) + 2                                  # the header is line 1
    region, year = over.iloc[0]["region_id"], int(over.iloc[0]["year"])
    imported = mr.kolada_import(mr.read_kolada(file), mr.load_plan("data/rjh-rs/plan-2018.yaml"))
    outcomes = imported.outcomes
    assert outcomes[(outcomes["unit"] == region) & (outcomes["period"] == str(year))
                    & (outcomes["indicator"] == "vardgaranti-90-besok")].empty
    assert len(outcomes) == len(raw[raw["kpi"].isin(["N79221", "N79223"])]) - 1
    [problem] = imported.problems
    assert (problem.row, problem.key) == (line, "value") and "146,1 %" in problem.message
    assert any("1 värde kan inte stämma" in line for line in imported.messages())


def test_a_negative_median_wait_in_a_socialstyrelsen_export_is_a_problem(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text("Väntetider, Medianvärdet för väntetid, Alla kön\n;2025;2025\nRegion;Juli;Augusti\n"
                      "Stockholm;30;-4\nUppsala;27;10,5\n", encoding="utf-8")
    with pytest.raises(mr.MalrapportError) as caught:
        mr.read_sos_waiting_export(export)
    [problem] = caught.value.problems
    assert problem.row == 4 and "-4" in problem.message and "negativt" in problem.message


def test_a_share_summed_over_months_is_a_plan_problem(tmp_path: Path) -> None:
    """Two shares are never summed: 45 % in January and 90 % in February do not make 135 % for the period."""
    shutil.copytree(ROOT / "data" / "rn-ls1", tmp_path / "rn-ls1")
    plan = tmp_path / "rn-ls1" / "plan-2022.yaml"
    text = plan.read_text(encoding="utf-8")
    start = text.index("id: vant-90-besok")                     # a share (unit: procent), aggregated by mean
    line = text.index("aggregation: mean", start)
    plan.write_text(text[:line] + "aggregation: sum" + text[line + len("aggregation: mean"):], encoding="utf-8")
    done = check(tmp_path)
    assert done.returncode == 1
    assert "plan-2022.yaml, rad" in done.stdout and "aggregation: andelar kan inte summeras" in done.stdout
