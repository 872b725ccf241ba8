"""Reruns skip every report whose inputs are unchanged, redo exactly those that changed, and --force redoes all."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checkout import DATA, TEST_NOTEBOOKS
from malrapport.batch.engine import BatchResult, run_batch
from malrapport.batch.rundef import load_run_definition

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
NOTEBOOK = TEST_NOTEBOOKS / "reads_organisation.ipynb"
ORGANISATIONS = ("rjh-rs", "rn-ls1")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two organisations' data and a run definition over all of them; rendered once (6 reports)."""
    root = tmp_path_factory.mktemp("project")
    for organisation in ORGANISATIONS:
        shutil.copytree(DATA / organisation, root / "data" / organisation)
    (root / "run.yaml").write_text(
        f"notebook: {NOTEBOOK}\norganisations: all\nperiods: plan\nformats: [html]\n"
        f"data_dir: {root / 'data'}\noutput: {root / 'ut'}\n", encoding="utf-8")
    first = batch(root)
    assert first.exit_code == 0 and first.count("rendered") == 6
    return root


def batch(project: Path, force: bool = False) -> BatchResult:
    return run_batch(load_run_definition(project / "run.yaml"), jobs=1, force=force, err=io.StringIO(),
                     out=io.StringIO())


def rendered(result: BatchResult) -> set[str]:
    return {r.label.split(" (")[0] for r in result.reports if r.status == "rendered"}


def manifests(project: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((project / "ut").rglob("*.manifest.json"))}


def test_a_rerun_with_nothing_to_do_starts_no_kernel_and_imports_nothing_heavy(project: Path) -> None:
    """The whole rerun, index page included, answers from the manifests without notebook or chart code."""
    script = (
        "import sys, io; from malrapport.batch.engine import run_batch; "
        "from malrapport.batch.rundef import load_run_definition; "
        f"r = run_batch(load_run_definition({str(project / 'run.yaml')!r}), err=io.StringIO(), out=io.StringIO()); "
        "heavy = sorted(m for m in ('jupyter_client', 'nbformat', 'nbconvert', 'papermill', 'altair', 'vl_convert', "
        "'pandas', 'pyarrow') if m in sys.modules); print(r.count('skipped'), heavy)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6 []"


def test_manifest_records_inputs_outputs_versions_and_timings(project: Path) -> None:
    written = manifests(project)
    assert len(written) == 6
    manifest = written["rn-ls1-2022-T2-reads_organisation.manifest.json"]
    assert manifest["report_date"] == "" and manifest["parameters"]["period"] == "2022-T2"
    assert "data:rn-ls1/assessments/2022-T2.yaml" in manifest["inputs"]["files"]
    assert {"notebook:reads_organisation.ipynb", "parameters", "package", "version"} <= set(manifest["inputs"]["files"])
    assert len(manifest["inputs"]["combined"]) == 64
    assert set(manifest["outputs"]) >= {"html", "ipynb"} and manifest["timings"]["execute"] > 0
    assert set(manifest["versions"]) >= {"python", "malrapport", "pandas", "altair", "vl-convert-python",
                                         "nbconvert", "papermill"}


def test_rerun_skips_unchanged_and_redoes_exactly_what_changed(project: Path) -> None:
    written = manifests(project)
    again = batch(project)
    assert again.count("skipped") == 6 and again.count("rendered") == 0
    assert manifests(project) == written

    assessment = project / "data" / "rjh-rs" / "assessments" / "2018-T2.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8") + "\n# ändrad kommentar\n", encoding="utf-8")
    (project / "ut" / "rn-ls1" / "2022-T3" / "rn-ls1-2022-T3-reads_organisation.html").unlink()
    changed = batch(project)
    assert rendered(changed) == {"rjh-rs 2018-T1", "rjh-rs 2018-T2", "rjh-rs 2018-T3", "rn-ls1 2022-T3"}
    assert changed.count("skipped") == 2
    after = manifests(project)
    unchanged = "rn-ls1-2022-T1-reads_organisation.manifest.json"
    assert after[unchanged] == written[unchanged]
    # No date in the run definition: none is recorded, and none comes from the clock (issue 11 point 5); the
    # report takes its own from the data.
    assert all(m["report_date"] == "" for m in after.values())
