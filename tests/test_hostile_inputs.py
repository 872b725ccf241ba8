"""Inputs `check` must refuse with a clear message – never call clean, hang, read for ever or print a traceback.

Each test builds one faulty file in a copy of the demo organisation rn-ls1 and runs `malrapport check` on it as an
analyst would (a subprocess with a hard timeout, so a hang fails the test instead of the suite).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checkout import DATA, ROOT
from malrapport.errors import ProblemCollector
from malrapport.inputs.files import read_input_bytes

HEADER = "unit;indicator;period;sex;value;numerator;denominator;comment;source\n"


@pytest.fixture
def org(tmp_path: Path) -> Path:
    """A copy of rn-ls1 in its own data tree."""
    shutil.copytree(DATA / "rn-ls1", tmp_path / "data" / "rn-ls1")
    return tmp_path / "data" / "rn-ls1"


def check(path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "malrapport", "check", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def test_a_negative_count_is_not_clean(org: Path) -> None:
    table = org / "outcomes" / "t2.csv"
    table.write_text(HEADER + "rn-ls1;fallskador;2022-T2;T;-5;;;;\n", encoding="utf-8")
    done = check(org.parent)
    assert done.returncode == 1
    assert (f"{table}, rad 2, value: värdet -5 för fallskador är negativt, men antal kan inte vara mindre än noll"
            in done.stdout)


@pytest.mark.parametrize("written", ["1e999", "1e3", "9" * 400])
def test_an_exponent_or_an_endless_number_is_not_a_figure(org: Path, written: str) -> None:
    table = org / "outcomes" / "t2.csv"
    table.write_text(HEADER + f"rn-ls1;fallskador;2022-T2;T;{written};;;;\n", encoding="utf-8")
    done = check(org.parent)
    assert done.returncode == 1
    assert f"{table}, rad 2, value: '" in done.stdout and "i kolumnen value är inte ett tal" in done.stdout


def test_a_share_above_100_percent_is_not_clean(org: Path) -> None:
    table = org / "outcomes" / "t2.csv"
    table.write_text(HEADER + "rn-ls1;vant-90-besok;2022-T2;T;146,1;;;;\n", encoding="utf-8")
    done = check(org.parent)
    assert f"{table}, rad 2, value: värdet 146,1 % för vant-90-besok ligger utanför 0–100 %" in done.stdout


def test_a_cp1252_line_in_a_utf8_file_is_named_not_guessed(org: Path) -> None:
    table = org / "outcomes" / "t2.csv"
    utf8 = (HEADER + "rn-ls1;fallskador;2022-T2;T;5;;;Fallskador på avdelning Ö;\n").encode("utf-8")
    pasted = "rn-ls1;fallskador;2022-T2;K;3;;;Två fall på natten;\n".encode("cp1252")
    table.write_bytes(utf8 + pasted)
    done = check(org.parent)
    assert done.returncode == 1
    assert (f"{table}, rad 3: filen är sparad som UTF-8 men rad 3 har en annan teckenkodning (troligen "
            "Windows-1252" in done.stdout)
    assert "Ã" not in done.stdout


def test_a_whole_cp1252_file_is_still_read(org: Path) -> None:
    table = org / "outcomes" / "t2.csv"
    table.write_bytes((HEADER + "rn-ls1;fallskador;2022-T2;K;3;;;Två fall på natten;\n").encode("cp1252"))
    assert check(org.parent).returncode == 0


@pytest.mark.parametrize("name", ["outcomes/t2.csv", "outcomes/t2.parquet", "assessments/2022-T3.yaml"])
def test_a_folder_named_like_a_data_file_is_a_problem(org: Path, name: str) -> None:
    if (org / name).exists():
        (org / name).unlink()
    (org / name).mkdir()
    done = check(org.parent)
    assert done.returncode == 1
    assert f"{org / name}: namnet är en datafils men det är en mapp, som inte läses" in done.stdout


def test_a_fifo_is_refused_without_waiting(org: Path) -> None:
    fifo = org / "outcomes" / "t2.csv"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = check(org.parent, timeout=30)
    assert time.monotonic() - started < 20
    assert f"{fifo}: filen är en namngiven rörledning (FIFO), inte en vanlig fil, och läses inte" in done.stdout
    direct = check(fifo, timeout=30)
    assert direct.returncode == 1 and "namngiven rörledning" in direct.stdout


def test_a_link_to_dev_zero_is_refused_without_reading(org: Path) -> None:
    link = org / "outcomes" / "t2.csv"
    link.symlink_to("/dev/zero")
    plan_link = org / "plan-2023.yaml"
    plan_link.symlink_to("/dev/zero")
    done = check(org.parent, timeout=30)
    assert done.returncode == 1
    assert f"{link}: filen är en specialfil (t.ex. en enhet), inte en vanlig fil, och läses inte" in done.stdout
    assert f"{plan_link}: filen är en specialfil" in done.stdout


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "stor.csv"
    big.write_bytes(b"x" * (3 << 20))
    problems = ProblemCollector()
    assert read_input_bytes(big, 2 << 20, problems) is None
    assert str(problems.problems[0]) == (f"{big}: filen är 3 MB, större än gränsen 2 MB – dela upp filen i flera "
                                         "mindre (t.ex. en per år), eller kontrollera att det är rätt fil")


def test_control_characters_in_a_value_are_shown_not_obeyed(org: Path) -> None:
    table = org / "outcomes" / "t2.csv"
    table.write_text(HEADER + "rn-ls1;fallskador;2022-T2;T;\x1b[1A\x1b[2K\x1b[32mInga problem\x1b[0m;;;;\n",
                     encoding="utf-8")
    done = check(org.parent)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout
    assert "'\\x1b[1A\\x1b[2K\\x1b[32mInga problem\\x1b[0m' i kolumnen value är inte ett tal" in done.stdout


def billion_laughs() -> str:
    """A plan of 400 bytes whose aliases stand for 9⁹ (387 million) strings."""
    lines = ["organisation: {id: rn-ls1, name: x}", "year: 2023", f"a: &a [{', '.join(['lol'] * 9)}]"]
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    lines.append("levels: *i")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_with_a_short_message(org: Path) -> None:
    plan = org / "plan-2023.yaml"
    plan.write_text(billion_laughs(), encoding="utf-8")
    started = time.monotonic()
    done = check(plan, timeout=30)
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    assert f"{plan}, rad 7: filens alias (*namn) växer till fler än 200 000 värden" in done.stdout
    assert len(done.stdout) < 400


def test_a_huge_line_in_a_run_definition_gives_a_short_message_naming_file_and_key(tmp_path: Path) -> None:
    run = tmp_path / "run.yaml"
    run.write_text(f"organisations: [{'x' * 3_800_000}]\nperiods: plan\nformats: [html]\ndata_dir: {DATA}\n",
                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "malrapport", "batch", str(run)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{run}, rad 1, organisations: organisationen 'xxxx")
    assert "… (3800000 tecken)' finns inte" in done.stderr and len(done.stderr) < 400


def test_an_escape_sequence_in_a_run_definition_is_named_not_printed(tmp_path: Path) -> None:
    run = tmp_path / "run.yaml"
    run.write_text('organisations: all\nperiods: plan\nformats: [html]\nnotebooks: ["x\x1b[2K\rInga problem"]\n',
                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "malrapport", "batch", str(run)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "\x1b" not in done.stderr and "\r" not in done.stderr
    assert f"{run}, rad 4: filen innehåller ett styrtecken (U+001B) som YAML inte tillåter" in done.stderr
