"""`malrapport check` on a region's outcome file of a million rows (issue 12, point 8).

    .venv/bin/python benchmarks/check.py [--rows N] [--encoding utf-8|cp1252] [--format csv|parquet]
                                         [--bad-rows K] [--repeat R] [--keep DIR]

Generates one organisation folder with the demo plan data/rvb-hsn/plan-2024.yaml and one outcome file written as
Excel writes it (semicolons, decimal comma): every basenhet × the plan's first 24 indicators × the 60 months of
2020–2024 × T, K and M. The default of 239 basenheter gives 1 032 480 rows, about 48 MB, as the file of the issue.
Shares have numerator and denominator, counts and other units a value; one row in a hundred has a comment, some
of them with a semicolon and therefore in quotes, so the check's quote path is measured too. The data is generated
from a fixed seed, never copied from real data.

Then it runs `malrapport check` on the folder in a subprocess, `--repeat` times, and prints for each run the wall
time, the CPU time and the peak memory (maximum resident set size) of that process, read with os.wait4, and
whether the output is what it must be: "Inga problem" for a clean file, or with `--bad-rows K` exactly K problems
naming the rows that were made bad.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE_PLAN = ROOT / "data" / "rvb-hsn" / "plan-2024.yaml"
ORGANISATION = "rvb-hsn"
INDICATORS = 24
YEARS = range(2020, 2025)
SEXES = ("T", "K", "M")
ROWS_PER_UNIT = INDICATORS * len(YEARS) * 12 * len(SEXES)
TARGET_SECONDS = 5.0
TARGET_MEGABYTES = 400.0
COMMENTS = ("Ny rutin för återbesök", "Färre läkare under sommaren; hyrläkare från augusti",
            "Ombyggnad av väntrum", "Mätt på nytt sätt; jämför inte med föregående månad")


def outcome_table(units: int, seed: int = 12) -> pd.DataFrame:
    """The outcome rows of `units` basenheter, in the plan's order, as text cells the way Excel writes them."""
    import numpy as np
    import pandas as pd

    from malrapport.inputs.plans import load_plan
    from malrapport.sv import get_unit

    plan = load_plan(SOURCE_PLAN)
    indicators = plan.indicators()[:INDICATORS]
    rng = np.random.default_rng(seed)
    n = units * ROWS_PER_UNIT
    per_unit = n // units
    unit = np.repeat([f"be-{number:04d}" for number in range(1, units + 1)], per_unit)
    months = [f"{year}-{month:02d}" for year in YEARS for month in range(1, 13)]
    indicator = np.tile(np.repeat([i.id for i in indicators], len(months) * len(SEXES)), units)
    period = np.tile(np.repeat(months, len(SEXES)), units * len(indicators))
    sex = np.tile(SEXES, n // len(SEXES))
    is_share = np.tile(np.repeat([bool(get_unit(i.unit) and get_unit(i.unit).is_share)  # type: ignore[union-attr]
                                  for i in indicators], len(months) * len(SEXES)), units)
    denominator = rng.integers(20, 400, size=n)
    numerator = np.minimum(denominator, np.round(denominator * rng.uniform(0.4, 1.0, size=n))).astype(int)
    value = np.round(rng.gamma(2.0, 20.0, size=n), 1)
    text_value = np.char.replace(value.astype(str), ".", ",")
    comment = np.full(n, "", dtype=object)
    commented = rng.random(n) < 0.01
    comment[commented] = rng.choice(COMMENTS, size=int(commented.sum()))
    return pd.DataFrame({
        "unit": unit, "indicator": indicator, "period": period, "sex": sex,
        "value": np.where(is_share, "", text_value),
        "numerator": np.where(is_share, numerator.astype(str), ""),
        "denominator": np.where(is_share, denominator.astype(str), ""),
        "comment": comment, "source": "Cosmic"})


def make_bad(table: pd.DataFrame, count: int) -> list[int]:
    """Make `count` rows evenly spread over the file carry a value that is not a number; their spreadsheet rows."""
    positions = [int(len(table) * (k + 1) / (count + 1)) for k in range(count)]
    for position in positions:
        table.iloc[position, table.columns.get_loc("value")] = "12,5 %"
        table.iloc[position, table.columns.get_loc("numerator")] = ""
        table.iloc[position, table.columns.get_loc("denominator")] = ""
    return [position + 2 for position in positions]  # the header is row 1


def write_tree(folder: Path, units: int, encoding: str, file_format: str, bad: int) -> tuple[Path, list[int]]:
    """The organisation folder with its plan and outcome file; returns the file and the rows made bad."""
    org = folder / ORGANISATION
    (org / "outcomes").mkdir(parents=True)
    shutil.copy(SOURCE_PLAN, org / SOURCE_PLAN.name)
    table = outcome_table(units)
    bad_rows = make_bad(table, bad)
    if file_format == "parquet":
        path = org / "outcomes" / "basenheter.parquet"
        table.to_parquet(path, index=False)
        bad_rows = [row - 1 for row in bad_rows]  # Parquet has no header line: its records count from 1
    else:
        path = org / "outcomes" / "basenheter.csv"
        table.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\r\n")
    return path, bad_rows


def generate(folder: Path, units: int, encoding: str, file_format: str, bad: int) -> tuple[Path, list[int]]:
    """`write_tree` in a process of its own: the benchmark's process stays small, since a child's peak memory
    as the kernel counts it includes what the parent held when it started the child."""
    done = subprocess.run([sys.executable, __file__, "--generate", str(folder), str(units), encoding, file_format,
                           str(bad)], check=True, capture_output=True, text=True)
    path, rows = json.loads(done.stdout)
    return Path(path), rows


def run_check(folder: Path) -> tuple[float, float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds, CPU seconds and peak megabytes of one `malrapport check` process, and its output."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "malrapport", "check", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    stdout = process.stdout.read()  # type: ignore[union-attr]
    stderr = process.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, done


def verdict(done: subprocess.CompletedProcess[str], path: Path, bad_rows: list[int]) -> str:
    """'ok' when the output is exactly what the generated file must give, otherwise what is wrong."""
    if "Traceback" in done.stderr:
        return "traceback: " + done.stderr.strip().splitlines()[-1]
    if not bad_rows:
        return "ok" if done.returncode == 0 and done.stdout.startswith("Inga problem") else done.stdout[-300:]
    lines = [line for line in done.stdout.splitlines() if line.startswith(str(path))]
    expected = [f"{path}, rad {row}, value: '12,5 %'" for row in bad_rows]
    found = all(any(line.startswith(e) for line in lines) for e in expected)
    return "ok" if done.returncode == 1 and found and len(lines) == len(bad_rows) else done.stdout[-300:]


def main() -> None:
    if sys.argv[1:2] == ["--generate"]:
        folder, units, encoding, file_format, bad = sys.argv[2:]
        path, rows = write_tree(Path(folder), int(units), encoding, file_format, int(bad))
        print(json.dumps([str(path), rows]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=239 * ROWS_PER_UNIT,
                        help=f"outcome rows, rounded up to whole basenheter of {ROWS_PER_UNIT} rows")
    parser.add_argument("--encoding", choices=("utf-8", "cp1252"), default="utf-8")
    parser.add_argument("--format", dest="file_format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--bad-rows", type=int, default=0, help="rows with a value that is not a number")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this (new) folder and keep it")
    args = parser.parse_args()
    units = max(1, -(-args.rows // ROWS_PER_UNIT))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="malrapport-check-"))
    try:
        start = time.perf_counter()
        path, bad_rows = generate(folder, units, args.encoding, args.file_format, args.bad_rows)
        rows = units * ROWS_PER_UNIT
        kind = f"{args.file_format} {args.encoding}" if args.file_format == "csv" else args.file_format
        print(f"{rows:,} utfallsrader".replace(",", " ") + f" ({units} basenheter), "
              f"{path.stat().st_size / 1e6:.1f} MB {kind}, genererade på {time.perf_counter() - start:.1f} s")
        print(f"{'körning':>8} {'väggtid s':>10} {'CPU s':>7} {'topp MB':>8}  utfall")
        results = []
        for number in range(1, args.repeat + 1):
            wall, cpu, megabytes, done = run_check(folder)
            results.append((wall, megabytes))
            print(f"{number:>8} {wall:>10.2f} {cpu:>7.2f} {megabytes:>8.0f}  {verdict(done, path, bad_rows)}")
        best_wall = min(w for w, _ in results)
        peak = max(m for _, m in results)
        print(f"bästa väggtid {best_wall:.2f} s (mål högst {TARGET_SECONDS:.0f} s), "
              f"största minne {peak:.0f} MB (mål högst {TARGET_MEGABYTES:.0f} MB); "
              f"belastning {os.getloadavg()[0]:.1f} på {os.cpu_count()} kärnor")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
