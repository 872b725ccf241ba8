"""`malrapport check` on a real data tree, run as the analysts run it: the command in a subprocess.

A valid tree passes; a copy of it with each single fault fails, and the output names the file and the row or
key of the fault. The subprocesses run in parallel so the whole module takes about as long as one run.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from checkout import FIXTURES
from edits import replace_once
from malrapport.errors import MalrapportError
from malrapport.inputs.check import check_path, run_check
from malrapport.inputs.datatree import DataTree, load_organisation
from malrapport.model import Status

VALID = FIXTURES / "check" / "valid"
CP1252 = FIXTURES / "outcomes" / "cp1252_semicolon_decimal_comma.csv"
PLAN = "rn-ls1/plan-2022.yaml"
OUTCOMES = "rn-ls1/outcomes/division.csv"
T1 = "rn-ls1/assessments/2022-T1.yaml"
HEADER_AND_ROWS = 9  # header and 8 rows in division.csv, so an appended row is row 10


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def fault(root: Path) -> None:
        replace_once(root / relative, root / relative, old, new)
    return fault


def append_row(row: str) -> Callable[[Path], None]:
    def fault(root: Path) -> None:
        with (root / OUTCOMES).open("a", encoding="utf-8") as handle:
            handle.write(row + "\n")
    return fault


def reencode_utf16(root: Path) -> None:
    path = root / OUTCOMES
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))


def add_cp1252_file(root: Path) -> None:
    shutil.copy(CP1252, root / "rn-ls1" / "outcomes" / "excel-export.csv")


@dataclass(frozen=True)
class Fault:
    make: Callable[[Path], None]
    file: str
    where: str  # "rad N" and/or the key as printed
    words: tuple[str, ...] = ()


FAULTS: dict[str, Fault] = {
    "malformed_yaml": Fault(replace(PLAN, "name: Trygg norrbottning", 'name: "Trygg norrbottning'), PLAN,
                            "rad 31", ("YAML-syntaxfel", "citattecken", "rad 21")),
    "malformed_csv_quote": Fault(append_row('rn-ls1;overbel;2022-T3;T;1;;;"ej stängt;'), OUTCOMES, "rad 10",
                                 ("citattecken",)),
    "malformed_csv_columns": Fault(append_row("rn-ls1;overbel;2022-T3;T;1;;"), OUTCOMES, "rad 10",
                                   ("7 fält",)),
    "unknown_unit_in_plan": Fault(replace(PLAN, "unit: antal", "unit: stycken"), PLAN,
                                  "rad 39, goals[0].children[0].children[0].indicators[1].unit", ("stycken",)),
    "unknown_indicator_in_outcomes": Fault(replace(OUTCOMES, ";overbel;2022-T2;", ";overbell;2022-T2;"), OUTCOMES,
                                           "rad 7, indicator", ("overbell", "menade du 'overbel'?")),
    "unknown_subgoal_in_assessment": Fault(replace(T1, "  MEDA-1-1:", "  MEDA-11:"), T1, "rad 17, subgoals.MEDA-11",
                                           ("menade du 'MEDA-1-1'?",)),
    "duplicate_outcome_rows": Fault(append_row("rn-ls1;overbel;2022-T1;T;400;;;;"), OUTCOMES, "rad 10",
                                    ("dubblettrad", "rad 6")),
    "non_numeric_value": Fault(replace(OUTCOMES, "2022-T1;T;51;", "2022-T1;T;12,5 %;"), OUTCOMES, "rad 2, value",
                               ("12,5 %", "skriv bara talet")),
    "share_above_100": Fault(replace(OUTCOMES, "2022-T1;K;45;", "2022-T1;K;145;"), OUTCOMES, "rad 3, value",
                             ("145 %",)),
    "unknown_period": Fault(replace(OUTCOMES, "overbel;2022-T2;", "overbel;2024-T4;"), OUTCOMES, "rad 7, period",
                            ("2024-T4",)),
    "unknown_sex": Fault(replace(OUTCOMES, "2022-T1;M;60;", "2022-T1;X;60;"), OUTCOMES, "rad 4, sex", ("'X'",)),
    "misspelt_status": Fault(replace(T1, "status: delvis", "status: uppnås ej"), T1,
                             "rad 7, subgoals.MED-1-1.status", ("menade du 'uppnås inte'?",)),
    "unparseable_target": Fault(replace(PLAN, 'target: "100 %"', 'target: "snart bra"'), PLAN,
                                "rad 31, goals[0].children[0].children[0].indicators[0].target", ("snart bra",)),
    "wrong_encoding_utf16": Fault(reencode_utf16, OUTCOMES, "", ("UTF-16", "UTF-8")),
    "gap_to_an_unknown_unit": Fault(replace(PLAN, 'target: "100 %"', 'target: "Minska skillnaden mot riket"'), PLAN,
                                    "rad 31, goals[0].children[0].children[0].indicators[0].target",
                                    ("jämför med 'riket'", "organisation.units")),
}


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    root: Path


def start(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "malrapport", "check", str(root)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Run]:
    """One copy of the valid tree per fault (plus the valid tree and the cp1252 case), checked in parallel."""
    makers: dict[str, Callable[[Path], None] | None] = {"valid": None, "cp1252": add_cp1252_file}
    makers.update({name: fault.make for name, fault in FAULTS.items()})
    started = {}
    for name, make in makers.items():
        root = tmp_path_factory.mktemp(name) / "data"
        shutil.copytree(VALID, root)
        if make is not None:
            make(root)
        started[name] = (root, start(root))
    results = {}
    for name, (root, process) in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = Run(process.returncode, stdout, stderr, root)
    return results


@pytest.mark.slow
def test_valid_tree_passes(runs: dict[str, Run]) -> None:
    run = runs["valid"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip() == "Inga problem: 1 plan, 2 utfallsfiler och 2 bedömningar kontrollerade."
    assert "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_fails_and_names_file_and_place(runs: dict[str, Run], name: str) -> None:
    fault, run = FAULTS[name], runs[name]
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stdout.splitlines() if line.startswith(str(run.root / fault.file))]
    assert lines, run.stdout
    prefix = f"{run.root / fault.file}, {fault.where}" if fault.where else str(run.root / fault.file)
    matching = [line for line in lines if line.startswith(prefix)]
    assert matching, f"no line starts with {prefix!r}:\n{run.stdout}"
    assert any(all(word in line for word in fault.words) for line in matching), run.stdout
    assert run.stdout.splitlines()[-1].endswith(("i 1 fil", "i 2 filer"))


@pytest.mark.slow
def test_single_fault_gives_exactly_one_problem(runs: dict[str, Run]) -> None:
    """A fault is reported once, without follow-on noise (e.g. a misspelt id is not also a missing id)."""
    for name in ("malformed_yaml", "unknown_unit_in_plan", "unknown_indicator_in_outcomes", "misspelt_status",
                 "unknown_sex", "share_above_100", "unparseable_target", "wrong_encoding_utf16"):
        assert runs[name].stdout.splitlines()[-1] == "1 problem i 1 fil", (name, runs[name].stdout)


@pytest.mark.slow
def test_cp1252_semicolon_decimal_comma_file_is_accepted(runs: dict[str, Run]) -> None:
    run = runs["cp1252"]
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 utfallsfiler" in run.stdout
    data = load_organisation(run.root, "rn-ls1")
    rows = data.outcomes[data.outcomes.file.str.endswith("excel-export.csv")]
    assert list(rows.unit) == ["Östersund", "Östersund", "rn-ls1"]
    assert list(rows.value) == [12.5, 1234.75, 3.5]
    assert rows.iloc[0].comment == "Mätning på Åre vårdcentral, även Överhogdal"


def test_check_reports_every_problem_at_once(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    for name in ("unknown_unit_in_plan", "non_numeric_value", "misspelt_status", "unknown_sex"):
        FAULTS[name].make(root)
    problems = check_path(root)
    assert len(problems) == 4
    assert {Path(p.file).name for p in problems} == {"plan-2022.yaml", "division.csv", "2022-T1.yaml"}


def test_check_single_files_and_an_organisation_folder(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    FAULTS["unknown_indicator_in_outcomes"].make(root)
    FAULTS["unknown_subgoal_in_assessment"].make(root)
    assert [p.row for p in check_path(root / OUTCOMES)] == [7]  # checked against the plan of its folder
    assert [p.key for p in check_path(root / T1)] == ["subgoals.MEDA-11"]
    assert check_path(root / PLAN) == []
    result = run_check(root / "rn-ls1")
    assert len(result.problems) == 2 and (result.plans, result.outcome_files, result.assessments) == (1, 2, 2)
    loose = tmp_path / "plan.yaml"
    shutil.copy(VALID / PLAN, loose)
    assert check_path(loose) == []


def test_layout_problems_are_reported(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    (root / "rn-ls2" / "outcomes").mkdir(parents=True)
    (root / "rn-ls1" / "plan-2023.yml").write_text("year: 2023\n")
    (root / "rn-ls1" / "assessments" / "T3.yaml").write_text("period: 2022-T3\n")
    (root / "rn-ls1" / "outcomes" / "utfall.xlsx").write_bytes(b"PK")
    names = sorted(Path(p.file).name for p in check_path(root))
    assert names == ["T3.yaml", "plan-2023.yml", "rn-ls2", "utfall.xlsx"]


def test_empty_folder_and_missing_path(tmp_path: Path) -> None:
    [problem] = check_path(tmp_path)
    assert "inga organisationer" in problem.message
    with pytest.raises(MalrapportError, match="finns inte"):
        check_path(tmp_path / "saknas")


def test_load_organisation_gives_checked_data(tmp_path: Path) -> None:
    data = load_organisation(VALID, "rn-ls1")
    assert data.plan.year == 2022 and data.plan.organisation.id == "rn-ls1"
    assert list(data.assessments) == ["2022-T1", "2022-T2"]
    assert data.assessments["2022-T2"].subgoal("MEDA-1-1").status is Status.NOT_MET
    assert len(data.outcomes) == 10 and set(data.outcomes.unit) == {"rn-ls1", "0025", "0023"}
    assert {p.name for p in data.files} == {"plan-2022.yaml", "division.csv", "jamforelse.csv", "2022-T1.yaml",
                                            "2022-T2.yaml"}
    assert DataTree(VALID).organisations() == ["rn-ls1"]
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    FAULTS["duplicate_outcome_rows"].make(root)
    FAULTS["misspelt_status"].make(root)
    with pytest.raises(MalrapportError) as caught:
        load_organisation(root, "rn-ls1")
    assert len(caught.value.problems) == 2
    with pytest.raises(MalrapportError, match="ingen plan för 2023"):
        load_organisation(root, "rn-ls1", 2023)
