"""The demo data in data/: real figures from the seed reports, generated gaps, and the generator behind them."""
from __future__ import annotations

import ast
import math
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from checkout import DATA, ROOT
from malrapport.demo import (
    DEMO_MARK,
    ORGANISATIONS,
    Profile,
    assessment_yaml,
    generate_assessment,
    generate_outcomes,
    outcomes_csv,
    stable_seed,
)
from malrapport.inputs.assessments import load_assessment
from malrapport.inputs.check import check_path
from malrapport.inputs.outcomes import load_outcomes
from malrapport.inputs.plans import load_plan
from malrapport.model import Period, Status

DEMO_PACKAGE = ROOT / "lib" / "malrapport" / "demo"
KEY = ["unit", "indicator", "period", "sex"]


def _generated_files() -> list[Path]:
    """Paths (relative to data/) of every file the generator writes."""
    files = []
    for org in ORGANISATIONS:
        files.append(Path(org.folder) / "outcomes" / "generated.csv")
        files += [Path(org.folder) / "assessments" / f"{period}.yaml" for period in org.assessed]
    return files


def _value(frame: pd.DataFrame, unit: str, indicator: str, period: str, sex: str) -> float:
    rows = frame[(frame.unit == unit) & (frame.indicator == indicator) & (frame.period == period) & (frame.sex == sex)]
    assert len(rows) == 1, f"{unit} {indicator} {period} {sex}: {len(rows)} rader"
    return float(rows.iloc[0]["value"])


# --- the whole tree -----------------------------------------------------------------------------------------

def test_all_demo_data_validates_without_problems() -> None:
    problems = check_path(DATA)
    assert problems == [], "\n".join(str(p) for p in problems)


def test_generator_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    """`python -m malrapport.demo`, as a user runs it, writes exactly the committed generated files again."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    files = _generated_files()
    for relative in files:
        (copy / relative).unlink()
    run = subprocess.run([sys.executable, "-m", "malrapport.demo", "--data", str(copy)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert [Path(line).relative_to(copy) for line in run.stdout.splitlines()] == files
    for relative in files:
        assert (copy / relative).read_bytes() == (DATA / relative).read_bytes(), f"{relative} skiljer sig"
    for seed_file in ("rn-ls1/outcomes/seed.csv", "rjh-rs/assessments/2018-T1.yaml"):
        assert (copy / seed_file).read_bytes() == (DATA / seed_file).read_bytes()


@pytest.mark.parametrize("org", ["rn-ls1", "rjh-rs"])
def test_no_generated_row_duplicates_a_seed_row(org: str) -> None:
    seed = load_outcomes(DATA / org / "outcomes" / "seed.csv")
    generated = load_outcomes(DATA / org / "outcomes" / "generated.csv")
    seed_keys = set(map(tuple, seed[KEY].values.tolist()))
    for unit, indicator, period, sex in sorted(seed_keys):
        if Period.parse(period).kind == "year":   # a full-year value stands for tertial 3 as well
            seed_keys.add((unit, indicator, f"{period}-T3", sex))
    generated_keys = set(map(tuple, generated[KEY].values.tolist()))
    assert not seed_keys & generated_keys
    assert set(generated["source"]) == {"genererad"}
    assert "genererad" not in set(seed["source"])


def test_generated_assessment_texts_say_they_are_generated() -> None:
    for org in ORGANISATIONS:
        for period in org.assessed:
            assessment = load_assessment(DATA / org.folder / "assessments" / f"{period}.yaml")
            texts = [entry.narrative for _, entry in assessment.subgoals]
            assert texts and all(text.startswith(DEMO_MARK) for text in texts)
            # an action's comment is shown as plain text in its table: the mark without Markdown, at the end
            comments = [entry.comment for _, entry in assessment.actions]
            assert all(c.rstrip().endswith("(Genererad demotext.)") and "*" not in c for c in comments)
            assert DEMO_MARK in assessment.summary


# --- real figures ----------------------------------------------------------------------------------------------

def test_norrbotten_seed_figures() -> None:
    outcomes = load_outcomes(DATA / "rn-ls1" / "outcomes")
    assert [_value(outcomes, "rn-ls1", "vant-90-besok", "2022-T1", s) for s in "TKM"] == [51, 45, 60]
    assert [_value(outcomes, "rn-ls1", "vald-fraga", "2020-T1", s) for s in "TKM"] == [400, 270, 200]
    assert _value(outcomes, "rn-ls1-vo-internmedicin", "fallskador", "2022-T1", "T") == 85
    assert _value(outcomes, "rn", "suicidbedomning", "2022-T1", "M") == 23
    assert _value(outcomes, "rn-ls1", "sjukfranvaro", "2022-T1", "T") == pytest.approx(8.17)
    assert _value(outcomes, "rn-ls1", "budgetavvikelse", "2022-T1", "T") == 19


def test_norrbotten_plan_and_first_tertial() -> None:
    plan = load_plan(DATA / "rn-ls1" / "plan-2022.yaml")
    assert [root.name for root in plan.roots] == ["Samhälle", "Medborgare", "Verksamhet", "Medarbetare", "Ekonomi"]
    assert plan.roots[0].children == () and plan.roots[0].description
    assert sorted(a.number for a in plan.actions()) == list(range(1, 32))
    assert plan.indicator("aterinskrivningar-65").target.text == "M: 17,2 % K: 16 %"
    assert plan.indicator("fallskador").target.text == "Minska med 50 % jmft med 2020"
    assert plan.node_of_indicator("inhyrda-andel").id == "MDA-1-1"
    assert "A29" in [a.id for a in plan.node("EKO-1-2").actions]
    assessment = load_assessment(DATA / "rn-ls1" / "assessments" / "2022-T1.yaml", plan)
    assert sorted(a for a, _ in assessment.actions) == sorted(["A17", "A25", "A26", "A27", "A28", "A29", "A30",
                                                               "A31"])
    # Seed 002's status symbols were lost; where its comment says the work goes on ("pågår") the status is pågår.
    seed = (ROOT.parent / "shared" / "seeds" / "002_58134c5e2ccaaaa6.txt")
    ongoing = {ident for ident, entry in assessment.actions if "pågår" in entry.comment.lower()}
    assert ongoing == {"A26", "A27", "A29", "A30", "A31"}
    assert {ident for ident, entry in assessment.actions if entry.status == "pågår"} == ongoing
    assert all(entry.status is None for ident, entry in assessment.actions if ident not in ongoing)
    assert assessment.date == "2022-08-26" and (not seed.exists() or "2022-08-26 Jonas Thörnqvist" in
                                                seed.read_text(encoding="utf-8"))
    assert "51 procent" in assessment.subgoal("MED-1-1").narrative


def test_jamtland_seed_figures_and_statuses() -> None:
    outcomes = load_outcomes(DATA / "rjh-rs" / "outcomes")
    assert _value(outcomes, "rjh-rs", "sjukfranvaro", "2018-T1", "T") == pytest.approx(6.2)
    assert _value(outcomes, "riket", "sjukpenningtal", "2018-T1", "K") == pytest.approx(13.1)
    assert _value(outcomes, "rjh-rs", "bu-forsta-besok-30", "2018-04", "T") == 82
    assert _value(outcomes, "rjh-rs", "vald-fraga", "2016-T1", "T") == 147
    plan = load_plan(DATA / "rjh-rs" / "plan-2018.yaml")
    assert len(plan.subgoals()) == 41
    active = [i for i in plan.indicators() if i.kind == "Aktivt mål"]
    assert len(active) == 8  # seed 004: "åtta aktiva mål"; vårdgarantin is one, with four parts
    assessment = load_assessment(DATA / "rjh-rs" / "assessments" / "2018-T1.yaml", plan)
    statuses = Counter(entry.status for _, entry in assessment.subgoals)
    assert statuses == {Status.MET: 7, Status.PARTLY: 29, Status.NOT_MET: 4, None: 1}
    assert assessment.subgoal("MED-2-2").status is None
    # Seed 004's "Förslag på justeringar": at the two framgångsfaktorer and the aktivt mål they concern.
    assert [ident for ident, _ in assessment.proposals] == ["MED-2-2", "MED-3-2", "sjukfranvaro"]
    assert assessment.proposal("sjukfranvaro").startswith("Målvärde föreslås ska sänkas.")
    assert "föreslås ska läggas till" in assessment.summary
    assert assessment.date == ""  # seed 004 gives no date: none, never the clock


def test_vasterbotten_plan_has_every_goal_and_both_placeholders() -> None:
    plan = load_plan(DATA / "rvb-hsn" / "plan-2024.yaml")
    assert len(plan.roots) == 7
    assert len(plan.subgoals()) == 15
    assert len(plan.indicators()) == 31
    placeholders = {n.id: n.placeholder for n in plan.subgoals() if n.placeholder}
    assert placeholders == {"M3-1": "Formulera indikator: utbildningen avser alla medarbetare i vården",
                            "M4-3": "Förslag på indikator kommer vid senare tillfälle."}
    assert all(i.note.startswith("Målvärdet är satt för demonstrationen") for i in plan.indicators())


def test_generated_tertials_continue_from_the_real_first_tertial() -> None:
    outcomes = load_outcomes(DATA / "rn-ls1" / "outcomes")
    real_t1 = _value(outcomes, "rn-ls1", "vald-fraga", "2022-T1", "K")
    assert _value(outcomes, "rn-ls1", "vald-fraga", "2022-T2", "K") > real_t1
    women, men = (_value(outcomes, "rn-ls1", "besok-80-akut", "2022-T2", s) for s in "KM")
    assert _value(outcomes, "rn-ls1", "besok-80-akut", "2022-T2", "T") == women + men


# --- the generator ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vasterbotten() -> object:
    return load_plan(DATA / "rvb-hsn" / "plan-2024.yaml")


def test_generation_is_deterministic_and_depends_on_the_seed(vasterbotten) -> None:
    periods = ["2024-T1"]
    first = generate_outcomes(vasterbotten, periods=periods, seed="a", monthly=True)
    again = generate_outcomes(vasterbotten, periods=periods, seed="a", monthly=True)
    other = generate_outcomes(vasterbotten, periods=periods, seed="b", monthly=True)
    assert outcomes_csv(first) == outcomes_csv(again)
    assert outcomes_csv(first) != outcomes_csv(other)
    assert stable_seed("rvb-hsn", "x") == stable_seed("rvb-hsn", "x") != stable_seed("rvb-hsn", "y")


def test_monthly_ratios_have_numerator_and_denominator(vasterbotten) -> None:
    frame = generate_outcomes(vasterbotten, units=["region-x"], periods=["2024"], seed=1,
                              profiles={"bhv-hembesok": Profile(80, 200)})
    visits = frame[frame.indicator == "bhv-hembesok"]
    assert sorted(set(visits.sex)) == ["K", "M"]
    assert len(visits) == 24 and set(visits.unit) == {"region-x"}
    assert visits.value.isna().all()
    assert (visits.numerator <= visits.denominator).all() and (visits.denominator > 0).all()
    share = visits.numerator.sum() / visits.denominator.sum() * 100
    assert 60 < share < 95
    units = frame[frame.indicator == "vok-basenheter"]  # counts basenheter: no split by sex, once a year
    assert list(units.sex) == ["T"] and list(units.period) == ["2024-12"]


def test_tertial_generation_skips_real_rows_and_passes_through_them() -> None:
    plan = load_plan(DATA / "rn-ls1" / "plan-2022.yaml")
    real = pd.DataFrame({"unit": ["rn-ls1"] * 3, "indicator": ["vant-90-besok"] * 3,
                         "period": ["2022-T1"] * 3, "sex": ["T", "K", "M"], "value": [51.0, 45.0, 60.0],
                         "numerator": [math.nan] * 3, "denominator": [math.nan] * 3})
    frame = generate_outcomes(plan, periods=["2022"], seed=7, monthly=False, anchors=real)
    waiting = frame[frame.indicator == "vant-90-besok"]
    assert "2022-T1" not in set(waiting.period)
    second = waiting[waiting.period == "2022-T2"].set_index("sex").value
    assert abs(second["K"] - 45) < 6 and abs(second["M"] - 60) < 6
    assert "paverkbar-slutenvard" not in set(frame.indicator)  # schedule 'Under utredning'


def test_generated_assessment_follows_the_indicator_statuses(vasterbotten) -> None:
    statuses = {i.id: Status.NOT_MET for i in vasterbotten.indicators()}
    statuses.update({"bu-triage-forsta-linjen": Status.MET, "bu-remiss-bup": Status.MET,
                     "bu-samordnade-insatser": Status.MET, "bu-digital-foraldragrupp": Status.MET})
    data = generate_assessment(vasterbotten, "2024-T2", statuses, seed="test")
    assert data["organisation"] == "rvb-hsn" and data["period"] == "2024-T2"
    assert list(data["subgoals"]) == [n.id for n in vasterbotten.subgoals()]
    assert data["subgoals"]["M1-1"]["status"] in ("uppnås", "delvis")
    assert data["subgoals"]["M2-4"]["status"] in ("uppnås inte", "delvis")
    assert all(entry["narrative"].startswith(DEMO_MARK) for entry in data["subgoals"].values())
    assert "per augusti" in data["subgoals"]["M1-1"]["narrative"]
    text = assessment_yaml(data, ["rubrik"])
    assert text.startswith("# rubrik\n") and "M3-1:" in text


# --- the package ------------------------------------------------------------------------------------------------

def test_demo_imports_only_the_layers_below_presentation() -> None:
    """The demo is a tool on top of the calculations: it may use errors, sv, model, inputs and calc, never
    present, render, batch or cli (they would pull reports and printing into data generation)."""
    allowed = {"errors", "sv", "model", "inputs", "calc", "demo"}
    found = set()
    for module in DEMO_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2:
                layers = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
                found |= {(module.name, layer) for layer in layers}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("malrapport."):
                found.add((module.name, node.module.split(".")[1]))
            elif isinstance(node, ast.Import):
                found |= {(module.name, a.name.split(".")[1]) for a in node.names if a.name.startswith("malrapport.")}
    assert found and {(name, layer) for name, layer in found if layer not in allowed} == set()


@pytest.mark.parametrize("org", ["rjh-rs", "rn-ls1", "rvb-hsn"])
def test_a_generated_count_of_women_and_men_adds_up_to_its_total(org: str) -> None:
    """A number of patients (per day, too) is the women's plus the men's: a total of 28 beside 29 women and 28
    men would contradict itself on the page (issue 11)."""
    plan = load_plan(DATA / org / f"plan-{max(int(p.stem[5:]) for p in (DATA / org).glob('plan-*.yaml'))}.yaml")
    counts = {i.id for i in plan.indicators() if i.unit == "antal"}
    rows = pd.read_csv(DATA / org / "outcomes" / "generated.csv", sep=";", dtype=str, keep_default_na=False)
    rows["value"] = pd.to_numeric(rows["value"].str.replace(",", ".").str.replace("\u202f", ""), errors="coerce")
    rows = rows[rows["indicator"].isin(counts) & rows["value"].notna()]
    wide = rows.pivot_table(index=["indicator", "period"], columns="sex", values="value")
    if org == "rjh-rs":  # seed 004 gives its counts in total only, so nothing is split
        assert not {"K", "M"} & set(wide.columns)
        return
    wide = wide.dropna()
    assert not wide.empty
    assert ((wide["K"] + wide["M"] - wide["T"]).abs() <= 1).all(), wide[(wide["K"] + wide["M"] - wide["T"]).abs() > 1]
