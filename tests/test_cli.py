"""The command-line entry point: exit codes, output lines, Swedish counts, errors without tracebacks."""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkout import FIXTURES
from malrapport import __version__, cli
from malrapport.errors import MalrapportError

VALID = FIXTURES / "check" / "valid"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"malrapport {__version__}"


def test_check_valid_tree_prints_swedish_count(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(VALID)]) == 0
    assert capsys.readouterr().out == "Inga problem: 1 plan, 2 utfallsfiler och 2 bedömningar kontrollerade.\n"


def test_check_defaults_to_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(VALID, tmp_path / "data")
    (tmp_path / "data" / "rn-ls1" / "assessments" / "2022-T2.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 0
    assert "1 plan, 2 utfallsfiler och 1 bedömning kontrollerade." in capsys.readouterr().out


def test_problems_are_printed_one_per_line_then_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(VALID, tmp_path / "data")
    outcomes = tmp_path / "data" / "rn-ls1" / "outcomes" / "division.csv"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace("2022-T1;M;60;", "2022-T1;X;abc;"),
                        encoding="utf-8")
    assert cli.main(["check", str(tmp_path / "data")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{outcomes}, rad 4, sex: okänt kön 'X' – skriv T (totalt), K (kvinnor) eller M (män)",
        f"{outcomes}, rad 4, value: 'abc' i kolumnen value är inte ett tal – skriv bara talet, t.ex. 12,5 eller "
        "12.5 (utan %, enhet eller text)",
        "2 problem i 1 fil",
    ]


def test_missing_path_is_a_clear_message_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(tmp_path / "finns-inte")]) == 1
    captured = capsys.readouterr()
    assert "finns-inte" in captured.err and "finns inte" in captured.err
    assert captured.out == ""


def test_any_malrapport_error_in_a_subcommand_exits_1_without_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def add_broken(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        def run(args: argparse.Namespace) -> int:
            raise MalrapportError("planen saknas", file="data/x/plan-2024.yaml", hint="lägg till planen")
        subparsers.add_parser("trasig").set_defaults(run=run)

    monkeypatch.setattr(cli, "SUBCOMMANDS", [*cli.SUBCOMMANDS, add_broken])
    assert cli.main(["trasig"]) == 1
    assert capsys.readouterr().err == "data/x/plan-2024.yaml: planen saknas – lägg till planen\n"


def test_no_subcommand_and_unknown_subcommand_exit_nonzero(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 1
    assert "check" in capsys.readouterr().err
    assert cli.main(["rita"]) == 2


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "malrapport", "check", str(tmp_path / "saknas")],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert done.returncode == 1
    assert "finns inte" in done.stderr and "Traceback" not in done.stderr
