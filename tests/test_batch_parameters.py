"""Parameters for any notebook: `parameters:` in a run definition and `render -p`, passed as papermill passes them.

A notebook gets the report parameters its `parameters` cell declares, whatever its file is called; a parameter
it does not declare is passed with a warning; bad `parameters:` stop the run with a message; the executed
notebook records where it was written (papermill's `output_path`); kernels work in the project checkout.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import nbformat
import pytest

from checkout import DATA, ROOT
from malrapport import cli
from malrapport.batch.engine import plan_reports
from malrapport.batch.rundef import load_run_definition
from malrapport.render.job import declared_parameters

Test = TypeVar("Test", bound=Callable[..., None])

ORG, PERIODS = "rn-ls1", ("2022-T1", "2022-T2")
GENERAL = "analyser/kommun.ipynb"
SHOWS = ("import os\n"
         "print(f'kommun={kommun}; years={years}; sum={sum(years)}')\n"
         "print('report parameters:', sorted(n for n in ('region', 'period', 'data_dir', 'report_date', 'indicator') "
         "if n in globals()))\n"
         "print(f'cwd={os.getcwd()}')")


def runs_kernels(test: Test) -> Test:
    """Marks a test that starts kernels (a batch, render or verify in a subprocess)."""
    return pytest.mark.slow(pytest.mark.kernel(test))


def general_notebook(path: Path) -> Path:
    """A notebook that is not a report: its own parameters, and a cell that prints them and its folder."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('kommun = ""\nyears = []')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Kommunen"), parameters, nbformat.v4.new_code_cell(SHOWS)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def run(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`malrapport …` in a subprocess in `cwd`, as an operator runs it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "malrapport", *argv], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=900)


def definition_text(notebooks: str, periods: tuple[str, ...], extra: str) -> str:
    return (f"notebooks: {notebooks}\norganisations: [{ORG}]\nperiods: [{', '.join(periods)}]\nformats: [html]\n"
            f"output: ut\ndata_dir: {DATA}\n{extra}")


PARAMETERS = f"parameters:\n  {GENERAL}: {{kommun: Umeå, years: [2022, 2023], lan: Västerbotten}}\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The general notebook over two periods with `parameters:` (one of them undeclared), rendered by the batch."""
    root = tmp_path_factory.mktemp("params")
    general_notebook(root / GENERAL)
    (root / "run.yaml").write_text(definition_text(f"[{GENERAL}]", PERIODS, PARAMETERS), encoding="utf-8")
    done = run("batch", "run.yaml", "--jobs", "1", cwd=root)
    (root / "batch.stderr").write_text(done.stderr, encoding="utf-8")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


def executed(root: Path, period: str) -> dict:
    return json.loads((root / "ut" / ORG / period / f"{ORG}-{period}-kommun.ipynb").read_text(encoding="utf-8"))


def printed(nb: dict) -> str:
    texts = (output.get("text", "") for cell in nb["cells"] for output in cell.get("outputs", []))
    return "".join("".join(text) if isinstance(text, list) else text for text in texts)


@runs_kernels
def test_the_notebook_gets_its_parameters_and_no_report_parameters_it_does_not_declare(project: Path) -> None:
    for period in PERIODS:
        nb = executed(project, period)
        text = printed(nb)
        assert "kommun=Umeå; years=[2022, 2023]; sum=4045" in text  # 2022 + 2023: numbers, as YAML reads them
        assert "report parameters: []" in text
        assert nb["metadata"]["papermill"]["parameters"] == {"kommun": "Umeå", "years": [2022, 2023],
                                                             "lan": "Västerbotten"}
        html = (project / "ut" / ORG / period / f"{ORG}-{period}-kommun.html").read_text(encoding="utf-8")
        assert "kommun=Umeå; years=[2022, 2023]; sum=4045" in html


@runs_kernels
def test_the_kernel_works_in_the_project_checkout(project: Path) -> None:
    """Not the folder the batch was started in (the temporary project), nor the notebook's own folder."""
    assert f"cwd={ROOT}\n" in printed(executed(project, PERIODS[0]))


@runs_kernels
def test_an_undeclared_parameter_is_passed_with_one_warning_per_notebook(project: Path) -> None:
    err = (project / "batch.stderr").read_text(encoding="utf-8")
    warnings = [line for line in err.splitlines() if "ingen parameter 'lan'" in line]
    assert len(warnings) == 1, err  # two reports of the notebook, one warning
    assert str(project / GENERAL) in warnings[0] and "skickas ändå" in warnings[0]
    assert "Passed unknown parameter" not in err and "'kommun'" not in err and "'years'" not in err


@runs_kernels
def test_the_executed_notebook_records_where_it_was_written(project: Path) -> None:
    path = project / "ut" / ORG / PERIODS[0] / f"{ORG}-{PERIODS[0]}-kommun.ipynb"
    assert executed(project, PERIODS[0])["metadata"]["papermill"]["output_path"] == str(path)


@runs_kernels
def test_the_manifest_records_the_parameters_and_verify_reruns_with_them(project: Path) -> None:
    folder = project / "ut" / ORG / PERIODS[0]
    manifest = json.loads((folder / f"{ORG}-{PERIODS[0]}-kommun.manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"] == {"kommun": "Umeå", "years": [2022, 2023], "lan": "Västerbotten"}
    done = run("verify", str(folder / f"{ORG}-{PERIODS[0]}-kommun.html"), cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 av 1 rapport identiska" in done.stdout


@runs_kernels
def test_a_changed_parameter_value_renders_the_reports_again(project: Path) -> None:
    changed = project / "changed.yaml"
    changed.write_text(definition_text(f"[{GENERAL}]", PERIODS, PARAMETERS.replace("2023]", "2024]")),
                       encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(project)  # the run definition's relative paths are read from the folder the command runs in
    try:
        same = plan_reports(load_run_definition(project / "run.yaml"))
        other = plan_reports(load_run_definition(changed))
    finally:
        os.chdir(cwd)
    assert [p.up_to_date for p in same] == [True, True]
    assert [p.up_to_date for p in other] == [False, False]


@runs_kernels
def test_render_passes_p_parameters_as_papermill_does(project: Path) -> None:
    done = run("render", "--region", ORG, "--period", PERIODS[0], "--data-dir", str(DATA), "--format", "html",
               "--out", "ut-render", "--notebook", GENERAL, "-p", "kommun", "Luleå", "-p", "years", "[2020, 1]",
               "-p", "lan", "Norrbotten", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ingen parameter 'lan'" in done.stderr and "Passed unknown parameter" not in done.stderr
    written = Path("ut-render") / ORG / PERIODS[0] / f"{ORG}-{PERIODS[0]}-kommun.ipynb"
    assert f"IPYNB {written}" in done.stdout
    nb = json.loads((project / written).read_text(encoding="utf-8"))
    assert "kommun=Luleå; years=[2020, 1]; sum=2021" in printed(nb)
    assert "report parameters: []" in printed(nb) and f"cwd={ROOT}\n" in printed(nb)
    assert nb["metadata"]["papermill"]["output_path"] == str(written)


@runs_kernels
def test_a_copy_of_the_report_notebook_gets_the_report_date(tmp_path: Path) -> None:
    """Report parameters follow the notebook's declared names, not its file name."""
    shutil.copy(ROOT / "notebooks" / "malrapport.ipynb", tmp_path / "min-rapport.ipynb")
    (tmp_path / "run.yaml").write_text(definition_text("[min-rapport.ipynb]", PERIODS[:1],
                                                       'report_date: "2024-09-15"\n'), encoding="utf-8")
    done = run("batch", "run.yaml", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    html = (tmp_path / "ut" / ORG / PERIODS[0] / f"{ORG}-{PERIODS[0]}-min-rapport.html").read_text(encoding="utf-8")
    assert "<dt>Datum</dt><dd>2024-09-15</dd>" in html  # the data's own date is 2022-05-20
    assert "ingen parameter" not in done.stderr


def problems_of(tmp_path: Path, parameters: str, capsys: pytest.CaptureFixture[str]) -> str:
    general_notebook(tmp_path / GENERAL)
    path = tmp_path / "bad.yaml"
    path.write_text(definition_text(f"[malrapport, {tmp_path / GENERAL}]", PERIODS[:1], parameters),
                    encoding="utf-8")
    assert cli.main(["batch", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and str(path) in captured.err
    assert not (tmp_path / "ut").exists() and not (Path.cwd() / "ut").exists()
    return captured.err


def test_a_parameters_key_that_names_no_notebook_of_the_run(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    err = problems_of(tmp_path, f"parameters:\n  {tmp_path}/analyser/komun.ipynb: {{kommun: Umeå}}\n", capsys)
    assert "komun.ipynb" in err and "inte finns bland körningens anteckningsböcker" in err
    assert "rad 8" in err and f"menade du '{tmp_path / GENERAL}'?" in err


def test_parameters_that_are_not_mappings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = problems_of(tmp_path, "parameters: [kommun]\n", capsys)
    assert "'parameters' ska vara en mappning från anteckningsbok till dess parametrar" in err and "rad 7" in err
    err = problems_of(tmp_path, "parameters:\n  malrapport: Umeå\n", capsys)
    assert "parametrarna för 'malrapport' ska vara en mappning" in err and "rad 8" in err


def test_parameters_malrapport_sets_itself_or_that_are_no_python_names(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    err = problems_of(tmp_path, f"parameters:\n  {tmp_path / GENERAL}:\n    region: rn-ls1\n"
                                "    report_date: 2024-09-15\n    1kommun: x\n    kommun: ok\n", capsys)
    assert "rad 9" in err and "parametern 'region' sätts av malrapport själv" in err
    assert "rad 10" in err and "parametern 'report_date' sätts av malrapport själv" in err
    assert "report_date: i körningsfilen" in err
    assert "rad 11" in err and "'1kommun' är inget giltigt variabelnamn" in err
    assert err.count(f"{tmp_path / 'bad.yaml'}, rad") == 3  # `kommun: ok` is no problem


def test_render_refuses_a_p_parameter_malrapport_sets_itself(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["render", "--region", ORG, "--period", PERIODS[0], "-p", "period", "2022-T2"]) == 1
    err = capsys.readouterr().err
    assert "-p period: parametern 'period' sätts av malrapport själv" in err and "Traceback" not in err


def test_declared_parameters_are_those_papermill_infers() -> None:
    """Read without papermill (a rerun with nothing to do imports none of it), the same names as papermill's."""
    import papermill

    notebooks = [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "tests" / "notebooks").glob("*.ipynb"),
                 *DATA.glob("*/analyser/*.ipynb")]
    assert len(notebooks) >= 14
    for path in notebooks:
        assert declared_parameters(path) == tuple(papermill.inspect_notebook(path)), path
    assert declared_parameters(ROOT / "notebooks" / "malrapport.ipynb") == ("region", "period", "data_dir",
                                                                            "report_date")
