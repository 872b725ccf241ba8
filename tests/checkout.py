"""The checkout the tests run in: its folders."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures"
TEST_NOTEBOOKS = ROOT / "tests" / "notebooks"
