"""The real report notebook through the batch: the same bytes as `malrapport render`, reproducible, verifiable,
and the same on a Dask cluster."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from checkout import DATA, DEMO_DATE, TEST_NOTEBOOKS
from checkout import DEMO_ORG as ORG
from checkout import DEMO_PERIOD as PERIOD
from checkout import DEMO_STEM as STEM
from malrapport import cli
from malrapport.batch.engine import BatchResult, run_batch
from malrapport.batch.rundef import load_run_definition

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
TODAY = dt.date.fromisoformat(DEMO_DATE)


def write_definition(project: Path, output: str) -> Path:
    path = project / f"{output}.yaml"
    path.write_text(f"notebook: malrapport\norganisations: [{ORG}]\nperiods: [{PERIOD}]\nformats: [html, pdf]\n"
                    f"data_dir: {DATA}\noutput: {project / output}\nreport_date: '{DEMO_DATE}'\n", encoding="utf-8")
    return path


def batch(definition: Path, **options: object) -> BatchResult:
    result = run_batch(load_run_definition(definition), jobs=1, err=io.StringIO(), out=io.StringIO(),
                       **options)  # type: ignore[arg-type]
    assert result.exit_code == 0, [r.error for r in result.reports]
    return result


def report_dir(project: Path, output: str) -> Path:
    return project / output / ORG / PERIOD


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("real")
    assert batch(write_definition(root, "ut")).count("rendered") == 1
    return root


def cli_output(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = cli.main(list(argv))
    return code, out.getvalue()


def test_batch_report_is_byte_identical_to_malrapport_render(project: Path, demo_report: Path) -> None:
    """`demo_report` is `malrapport render` (papermill, a fresh kernel) of the same report, data and date."""
    manifest = json.loads((report_dir(project, "ut") / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["report_date"] == TODAY.isoformat()
    assert manifest["report"]["subgoals_by_status"] and manifest["report"]["title"].startswith("Division")
    ours = (report_dir(project, "ut") / f"{STEM}.html").read_bytes()
    assert (demo_report / f"{STEM}.html").read_bytes() == ours
    assert "2022-05-20" in ours.decode("utf-8")
    assert manifest["pdf_engine"] == "typst" and "pdf" in manifest["timings"]
    # The CPU seconds of every step are recorded: the kernel draws ~18 charts (at least 10 ms of CPU each), the
    # worker writes the files and compiles the PDF; no step can use more CPU than 2 cores in its wall time.
    cpu, wall = manifest["cpu"], manifest["timings"]
    assert set(cpu) == {"kernel", "worker", "html", "pdf"}
    assert cpu["kernel"] > 18 * 0.01 and cpu["worker"] > 0 and cpu["html"] > 0 and cpu["pdf"] > 0
    assert cpu["kernel"] + cpu["worker"] <= 2 * wall["execute"] + 0.05
    assert cpu["html"] <= 2 * wall["html"] + 0.05 and cpu["pdf"] <= 2 * wall["pdf"] + 0.05
    for name in (f"{STEM}.json", f"{STEM}-indikatorer.csv", f"{STEM}.pdf"):
        assert (demo_report / name).read_bytes() == (report_dir(project, "ut") / name).read_bytes()


def test_forced_rerun_gives_identical_html_and_pdf_with_the_recorded_date(project: Path) -> None:
    before = {kind: (report_dir(project, "ut") / f"{STEM}.{kind}").read_bytes() for kind in ("html", "pdf")}
    again = run_batch(load_run_definition(project / "ut.yaml"), jobs=1, force=True, err=io.StringIO(),
                      out=io.StringIO())
    assert again.count("rendered") == 1
    for kind, data in before.items():
        assert (report_dir(project, "ut") / f"{STEM}.{kind}").read_bytes() == data, kind
    assert b"D:20220520" in before["pdf"], "the PDF's creation date is the report's date, not the clock"


def test_verify_re_executes_the_pdf_too_and_names_a_changed_one(project: Path) -> None:
    manifest = report_dir(project, "ut") / f"{STEM}.manifest.json"
    pdf = report_dir(project, "ut") / f"{STEM}.pdf"
    original = pdf.read_bytes()
    try:
        pdf.write_bytes(original.replace(b"/Lang(sv)", b"/Lang(en)", 1))
        assert pdf.read_bytes() != original
        code, text = cli_output("verify", str(manifest))
        assert code == 1
        assert f"{STEM}.pdf skiljer sig från PDF-filen som omkörningen gav" in text
        assert f"{STEM}.pdf har ändrats efter att manifestet skrevs" in text
        assert f"{STEM}.html" not in text.split("SKILJER SIG", 1)[1], "only the PDF differs"
    finally:
        pdf.write_bytes(original)


def test_verify_says_identical_and_names_a_tampered_difference(project: Path) -> None:
    manifest = report_dir(project, "ut") / f"{STEM}.manifest.json"
    code, text = cli_output("verify", str(manifest))
    assert code == 0, text
    assert f"identisk     {manifest}" in text and "1 av 1 rapport identiska" in text
    html = report_dir(project, "ut") / f"{STEM}.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Division Länssjukvård 1", "Division Länssjukvård 9", 1),
                    encoding="utf-8")
    code, text = cli_output("verify", str(html))
    assert code == 1
    assert "SKILJER SIG" in text and f"{STEM}.html skiljer sig, rad " in text and "Länssjukvård 9" in text
    assert f"{STEM}.html har ändrats efter att manifestet skrevs" in text


def test_dask_executor_on_a_local_cluster_gives_the_same_html(project: Path) -> None:
    from distributed import LocalCluster

    failing = project / "dask-fel.yaml"
    failing.write_text(f"notebook: {TEST_NOTEBOOKS / 'fails_in_cell.ipynb'}\norganisations: [rjh-rs]\n"
                       f"periods: [2018-T2, 2018-T3]\nformats: [html]\ndata_dir: {DATA}\n"
                       f"output: {project / 'dask-fel'}\n", encoding="utf-8")
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        definition = write_definition(project, "dask")
        first = batch(definition, executor="dask", scheduler=cluster.scheduler_address)
        assert first.count("rendered") == 1
        again = batch(definition, executor="dask", scheduler=cluster.scheduler_address)
        assert again.count("skipped") == 1 and again.count("rendered") == 0
        mixed = run_batch(load_run_definition(failing), executor="dask", scheduler=cluster.scheduler_address,
                          err=io.StringIO(), out=io.StringIO())
    assert mixed.exit_code == 1 and mixed.count("rendered") == 1
    [failure] = [r for r in mixed.reports if r.status == "failed"]
    assert failure.label.startswith("rjh-rs 2018-T2")
    assert failure.error == "ValueError: avsiktligt fel för rjh-rs 2018-T2"
    assert Path(failure.notebook).is_file()
    manifest = json.loads((report_dir(project, "dask") / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["executor"] == "dask" and manifest["worker"].startswith("tcp://")
    reference = json.loads((report_dir(project, "ut") / f"{STEM}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["combined"] == reference["inputs"]["combined"]
    assert manifest["outputs"]["html"]["sha256"] == reference["outputs"]["html"]["sha256"]
    assert (report_dir(project, "dask") / f"{STEM}.html").is_file()
