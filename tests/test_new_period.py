"""`malrapport new-period`: the assessment file of a new period, ready to edit, with last period's text."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from checkout import DATA, ROOT
from malrapport.inputs.assessments import load_assessment
from malrapport.inputs.plans import load_plan


def new_period(data: Path, period: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "malrapport", "new-period", "--region", "rn-ls1", "--period", period,
                           "--data-dir", str(data), *extra], capture_output=True, text=True, cwd=ROOT)


def test_new_period_lists_every_subgoal_and_action_with_last_periods_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / "rn-ls1", data / "rn-ls1")
    (data / "rn-ls1" / "assessments" / "2022-T2.yaml").unlink()
    (data / "rn-ls1" / "assessments" / "2022-T3.yaml").unlink()
    result = new_period(data, "2022-T2")
    assert result.returncode == 0, result.stderr
    path = data / "rn-ls1" / "assessments" / "2022-T2.yaml"
    assert str(path) in result.stdout
    plan = load_plan(data / "rn-ls1" / "plan-2022.yaml")
    written = load_assessment(path, plan)
    assert [key for key, _ in written.subgoals] == [n.id for n in plan.subgoals()]
    assert [key for key, _ in written.actions] == [a.id for a in plan.actions()]
    assert all(entry.status is None for _, entry in written.subgoals), "statuses are left for the analysts"
    text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["period"] == "2022-T2" and raw["organisation"] == "rn-ls1"
    assert "# Förra perioden (2022-T1): uppnås inte" in text
    assert "Enligt vårdgarantin" in text, "the previous narrative's first line is there for reference"
    check = subprocess.run([sys.executable, "-m", "malrapport", "check", str(data)], capture_output=True, text=True,
                           cwd=ROOT)
    assert check.returncode == 0, check.stdout


def test_new_period_never_overwrites_an_existing_file_without_force(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / "rn-ls1", data / "rn-ls1")
    path = data / "rn-ls1" / "assessments" / "2022-T2.yaml"
    before = path.read_bytes()
    refused = new_period(data, "2022-T2")
    assert refused.returncode == 1 and "finns redan" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert path.read_bytes() == before
    forced = new_period(data, "2022-T2", "--force")
    assert forced.returncode == 0 and path.read_bytes() != before
