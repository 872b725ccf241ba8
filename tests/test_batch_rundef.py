"""Run definitions (params/*.yaml): what a batch renders, and clear Swedish messages for every mistake."""
from __future__ import annotations

from pathlib import Path

import pytest

from checkout import DATA, ROOT
from malrapport import cli
from malrapport.batch.rundef import load_run_definition
from malrapport.errors import MalrapportError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> str:
    with pytest.raises(MalrapportError) as caught:
        load_run_definition(path)
    return str(caught.value)


def test_demo_definition_renders_every_organisation_for_its_plan_year() -> None:
    definition = load_run_definition(ROOT / "params" / "demo.yaml")
    jobs = definition.jobs()
    assert {(j.organisation, j.period) for j in jobs} == {
        (org, f"{year}-T{n}") for org, year in (("rjh-rs", 2018), ("rn-ls1", 2022), ("rvb-hsn", 2024))
        for n in (1, 2, 3)}
    assert definition.formats == ("html", "pdf")
    assert definition.output == (Path.cwd() / "outputs").resolve()
    assert all(j.notebook == "malrapport" and j.data_dir == str(DATA) for j in jobs)


def test_periods_as_range_and_list_and_organisations_as_list(tmp_path: Path) -> None:
    path = write(tmp_path, f"notebook: malrapport\norganisations: [rvb-hsn]\nperiods: 2024-T1..2024-T3\n"
                           f"formats: html\ndata_dir: {DATA}\noutput: {tmp_path / 'ut'}\nreport_date: 2024-09-15\n")
    definition = load_run_definition(path)
    assert [j.period for j in definition.jobs()] == ["2024-T1", "2024-T2", "2024-T3"]
    assert definition.report_date == "2024-09-15" and definition.formats == ("html",)
    listed = write(tmp_path, f"organisations: rn-ls1, rjh-rs\nperiods: [2022-T2, 2022-T1]\nformats: [html]\n"
                             f"data_dir: {DATA}\n")
    with pytest.raises(MalrapportError, match="rjh-rs.*ingen plan för 2022"):
        load_run_definition(listed)


def test_indicator_notebook_gives_one_report_per_indicator(tmp_path: Path) -> None:
    path = write(tmp_path, f"notebooks: [malrapport, indikator]\norganisations: [rn-ls1]\nperiods: [2022-T1]\n"
                           f"indicators: [fallskador, vant-90-besok]\nformats: [html]\ndata_dir: {DATA}\n")
    stems = [j.stem for j in load_run_definition(path).jobs()]
    assert stems == ["rn-ls1-2022-T1", "rn-ls1-2022-T1-indikator-fallskador", "rn-ls1-2022-T1-indikator-vant-90-besok"]


def test_unknown_key_names_file_line_key_and_the_key_meant(tmp_path: Path) -> None:
    path = write(tmp_path, f"organisations: all\nperiods: plan\nformats: [html]\ndata_dir: {DATA}\noutptu: ut\n")
    message = problems(path)
    assert str(path) in message and "rad 5" in message and "okänd nyckel 'outptu'" in message
    assert "menade du 'output'?" in message


def test_bad_yaml_gives_line_and_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "organisations: all\nperiods: [2024-T1\nformats: html\n")
    assert cli.main(["batch", str(path)]) == 1
    err = capsys.readouterr().err
    assert str(path) in err and "YAML-syntaxfel" in err and "rad" in err
    assert "Traceback" not in err


def test_every_wrong_value_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, f"organisations: [rn-ls2]\nperiods: [2022-T4]\nformats: [html, docx]\n"
                           f"data_dir: {DATA}\npdf_engine: chromum\nreport_date: igår\nrecycle_after: 0\n")
    message = problems(path)
    assert "organisationen 'rn-ls2' finns inte" in message and "menade du 'rn-ls1'?" in message
    assert "okänd period '2022-T4'" in message
    assert "okänt format 'docx'" in message
    assert "okänd PDF-motor 'chromum'" in message and "menade du 'chromium'?" in message
    assert "'igår' är inget datum" in message
    assert "recycle_after" in message
    assert message.count(str(path)) == 6


def test_missing_required_keys_and_missing_data_dir(tmp_path: Path) -> None:
    message = problems(write(tmp_path, f"data_dir: {tmp_path / 'finns-inte'}\n"))
    assert "nyckeln 'organisations' saknas" in message and "nyckeln 'periods' saknas" in message
    assert "nyckeln 'formats' saknas" in message and "datamappen" in message


def test_missing_file_and_unknown_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["batch", str(tmp_path / "saknas.yaml")]) == 1
    assert "körningsfilen finns inte" in capsys.readouterr().err
    message = problems(write(tmp_path, f"notebook: malrapprt\norganisations: all\nperiods: plan\nformats: [html]\n"
                                       f"data_dir: {DATA}\n"))
    assert "anteckningsboken 'malrapprt' finns inte" in message and "menade du 'malrapport'?" in message


def test_cli_rejects_bad_jobs_and_executor(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, f"organisations: [rn-ls1]\nperiods: [2022-T1]\nformats: [html]\ndata_dir: {DATA}\n"
                           f"output: {tmp_path / 'ut'}\n")
    assert cli.main(["batch", str(path), "--jobs", "två"]) == 1
    assert "--jobs ska vara ett heltal" in capsys.readouterr().err
    assert cli.main(["batch", str(path), "--executor", "dusk"]) == 1
    err = capsys.readouterr().err
    assert "okänd exekverare 'dusk'" in err and "menade du 'dask'?" in err
    assert cli.main(["batch", str(path), "--executor", "dask"]) == 1
    assert "--scheduler" in capsys.readouterr().err
    assert not (tmp_path / "ut").exists()
