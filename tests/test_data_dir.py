"""`--data-dir` is read from the folder the command runs in, and the report's provenance names the real folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkout import DATA, DEMO_ORG, DEMO_PERIOD

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
CHANGED = "Analytikerns egen sammanfattning i den egna mappen."


def test_a_relative_data_dir_is_the_callers_not_the_projects(tmp_path: Path) -> None:
    own = tmp_path / "analytiker"
    shutil.copytree(DATA / DEMO_ORG, own / "data" / DEMO_ORG)
    assessment = own / "data" / DEMO_ORG / "assessments" / f"{DEMO_PERIOD}.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert "summary: |" in text
    assessment.write_text(text.replace("summary: |", f"summary: |\n  {CHANGED}", 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "malrapport", "render", "--region", DEMO_ORG, "--period", DEMO_PERIOD,
                           "--format", "html", "--data-dir", "data", "--out", "ut", "--date", "2022-05-20"],
                          cwd=own, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    html = (own / "ut" / DEMO_ORG / DEMO_PERIOD / f"{DEMO_ORG}-{DEMO_PERIOD}.html").read_text(encoding="utf-8")
    assert CHANGED in html
    assert f'Datamapp</th><td>{own / "data"}</td>' in html
    assert str(DATA) not in html


def test_a_data_dir_that_does_not_exist_is_named(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "malrapport", "render", "--region", DEMO_ORG, "--period", DEMO_PERIOD,
                           "--format", "html", "--data-dir", "saknas", "--out", "ut"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "datakatalogen 'saknas' finns inte" in done.stderr
