"""The checkout the tests run in: its folders, and the demo report that several test modules read."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
TEST_NOTEBOOKS = ROOT / "tests" / "notebooks"

# The demo report rendered once per session (fixture `demo_report` in conftest.py).
DEMO_ORG, DEMO_PERIOD, DEMO_DATE = "rn-ls1", "2022-T1", "2022-05-20"
DEMO_STEM = f"{DEMO_ORG}-{DEMO_PERIOD}"


def render_demo(*extra: str, out: Path, data_dir: Path = DATA, formats: str = "html,pdf") \
        -> subprocess.CompletedProcess[str]:
    """`malrapport render` of the demo organisation and period in a subprocess, as an analyst runs it."""
    return subprocess.run(
        [sys.executable, "-m", "malrapport", "render", "--region", DEMO_ORG, "--period", DEMO_PERIOD,
         "--format", formats, "--out", str(out), "--data-dir", str(data_dir), "--date", DEMO_DATE, *extra],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
