"""Faults of the output side: a clear message naming the path, no half reports, a lock against a second batch."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checkout import DATA, ROOT, TEST_NOTEBOOKS
from malrapport.batch._lock import OutputLock

RUN = (f"notebook: {TEST_NOTEBOOKS / 'fails_in_cell.ipynb'}\norganisations: [rn-ls1]\nperiods: [2022-T1]\n"
       f"data_dir: {DATA}\n")


def batch(tmp_path: Path, output: Path, formats: str = "[html]", env: dict[str, str] | None = None,
          pdf_engine: str = "typst") -> subprocess.CompletedProcess[str]:
    run = tmp_path / "run.yaml"
    run.write_text(RUN + f"formats: {formats}\noutput: {output}\npdf_engine: {pdf_engine}\n", encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "malrapport", "batch", str(run)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})})


def test_an_output_path_that_is_a_file_is_named(tmp_path: Path) -> None:
    output = tmp_path / "ut"
    output.write_text("en fil", encoding="utf-8")
    done = batch(tmp_path, output)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{output}: utmappen är en fil, inte en mapp – ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders, so the fault cannot be made here")
def test_a_read_only_output_folder_is_named(tmp_path: Path) -> None:
    output = tmp_path / "ut"
    output.mkdir()
    output.chmod(0o555)
    try:
        done = batch(tmp_path, output)
    finally:
        output.chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{output}: utmappen kan inte skrivas (Permission denied)")


def test_a_second_batch_on_the_same_output_folder_stops_and_says_why(tmp_path: Path) -> None:
    output = tmp_path / "ut"
    output.mkdir()
    first = OutputLock(output)
    first.acquire()
    try:
        done = batch(tmp_path, output)
    finally:
        first.release()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"{output}: en annan körning (pid {os.getpid()}) skriver redan till utmappen – "
                                  "vänta tills den är klar")
    assert not (output / "rn-ls1").exists()


@pytest.mark.kernel
@pytest.mark.slow
def test_without_a_pdf_engine_the_html_is_written_and_the_batch_says_so(tmp_path: Path) -> None:
    output = tmp_path / "ut"
    done = batch(tmp_path, output, "[html, pdf]", env={"MALRAPPORT_CHROMIUM": str(tmp_path / "ingen-chromium")},
                 pdf_engine="chromium")
    assert done.returncode == 1, done.stderr
    assert "HTML skrivs ändå" in done.stderr and "Traceback" not in done.stderr
    folder = output / "rn-ls1" / "2022-T1"
    assert (folder / "rn-ls1-2022-T1-fails_in_cell.html").is_file()
    assert not (folder / "rn-ls1-2022-T1-fails_in_cell.pdf").exists()


def test_a_report_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """The PDF fails last (no Quarto here): the notebook and HTML made before it must not be left behind."""
    import shutil

    import nbformat

    from malrapport.errors import MalrapportError
    from malrapport.render.job import ReportJob, write_outputs

    if shutil.which("quarto"):
        pytest.skip("Quarto is installed here, so its PDF does not fail")
    job = ReportJob("rn-ls1", "2022-T1")
    with pytest.raises(MalrapportError):
        write_outputs(nbformat.v4.new_notebook(), job, tmp_path, ("html", "pdf"), pdf_engine="quarto")
    folder = tmp_path / "rn-ls1" / "2022-T1"
    assert list(folder.iterdir()) == []


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 kB tmpfs: mounted where the tests run as root with the right to mount, else the test is skipped."""
    mount = tmp_path / "liten"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True,
                          text=True)
    if made.returncode != 0:
        pytest.skip(f"a small tmpfs cannot be mounted here ({made.stderr.strip() or 'mount failed'})")
    yield mount
    subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_names_the_file_and_leaves_nothing_half(full_disk: Path) -> None:
    import nbformat

    from malrapport.errors import MalrapportError
    from malrapport.render.job import ReportJob, write_outputs

    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("x" * 200_000))
    with pytest.raises(MalrapportError) as caught:
        write_outputs(nb, ReportJob("rn-ls1", "2022-T1"), full_disk, ("html",))
    assert "kunde inte skrivas (No space left on device); inga av dess filer skrevs" in str(caught.value)
    assert list((full_disk / "rn-ls1" / "2022-T1").iterdir()) == []
