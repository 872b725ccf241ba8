"""PDF engines: Chromium prints the offline page to A4; Quarto's command line and its absence. The Typst engine's
PDFs are tested in test_typst_pdf.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from malrapport.errors import MalrapportError
from malrapport.present import display
from malrapport.render.browser import Browser
from malrapport.render.html import export_html
from malrapport.render.pdf import (
    ENGINES,
    available_engines,
    get_engine,
    pdf_unavailable_message,
    print_report_pdf,
    quarto_command,
    quarto_notebook,
    render_quarto,
)

RUNNING_HEADER = "Region Jämtland Härjedalen · Uppföljning per augusti 2024 · Östersund"


def output_cell(source: str, *bundles: dict, tags: tuple[str, ...] = ()) -> nbformat.NotebookNode:
    cell = new_code_cell(source, outputs=[new_output("display_data", data=b) for b in bundles])
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def report_notebook() -> nbformat.NotebookNode:
    """An executed report as the report code leaves it: outputs made by `malrapport.display`."""
    values = pd.DataFrame({"enhet": list("ABCDE"), "andel": [0.5, 1.0, 1.5, 2.0, 2.5]})
    chart = alt.Chart(values).mark_bar().encode(x="enhet:N", y="andel:Q").properties(title="Andel per enhet")
    narrative = "Måluppfyllelsen är **god** för åtta av tio delmål. " * 12
    cells = [output_cell('organisation = "rjh"', tags=("parameters",))]
    for number in range(1, 5):
        cells.append(output_cell(f"section({number})", display.heading_bundle(f"Mål {number}. Hälsa och vård", 2),
                                 display.markdown_bundle(narrative),
                                 display.chart_bundle(chart, f"andel {number}")))
    cells.append(output_cell("hidden()", {"application/vnd.malrapport.report+json": {"title": "x"},
                                          "text/plain": "Dolt underlag"}))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


@pytest.fixture(scope="module")
def html_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "rapport.html"
    path.write_text(export_html(report_notebook(), title="Rapport", running_header=RUNNING_HEADER), encoding="utf-8")
    return path



@pytest.fixture(scope="module")
def pdf(browser: Browser, html_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return print_report_pdf(html_path, tmp_path_factory.mktemp("pdf") / "rapport.pdf", engine="chromium",
                            browser=browser)


def pdf_pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def pgm_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and 8-bit grey pixels of a binary PGM (P5) image as pdftoppm writes it."""
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    assert fields[0] == b"P5" and int(fields[3]) == 255
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:position + 1 + width * height]


def test_pdf_has_page_numbers_and_the_running_header(pdf: Path) -> None:
    pages = pdf_pages_text(pdf)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} ({len(pages)})" in page
        assert RUNNING_HEADER in page
    assert "Mål 1. Hälsa och vård" in pages[0]
    assert "Dolt underlag" not in "".join(pages)


def test_pdf_is_a4_and_its_first_page_is_not_blank(pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info
    image = subprocess.run(["pdftoppm", "-r", "30", "-gray", "-f", "1", "-l", "1", str(pdf)], check=True,
                           capture_output=True).stdout
    width, height, pixels = pgm_pixels(image)
    assert (width, height) == (248, 351)
    dark = sum(1 for value in pixels if value < 200)
    assert dark > 0.01 * width * height


def test_pdf_is_written_atomically_and_pages_print_in_parallel(browser: Browser, html_path: Path,
                                                               tmp_path: Path) -> None:
    targets = [tmp_path / f"rapport-{n}.pdf" for n in range(3)]
    errors: list[BaseException] = []

    def work(target: Path) -> None:
        try:
            browser.print_pdf(html_path, target)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [t.name for t in targets]
    assert all(t.read_bytes().startswith(b"%PDF-") for t in targets)


def test_missing_html_is_a_clear_error(browser: Browser, tmp_path: Path) -> None:
    with pytest.raises(MalrapportError, match="HTML-filen som skulle skrivas ut finns inte"):
        browser.print_pdf(tmp_path / "saknas.html", tmp_path / "saknas.pdf")


def test_quarto_command_renders_the_copy_to_typst_without_executing() -> None:
    command = quarto_command(Path("/tmp/arbete/rapport.ipynb"), "rapport.pdf")
    assert command == ["quarto", "render", "rapport.ipynb", "--to", "typst", "--output", "rapport.pdf"]
    assert "--execute" not in command


def test_missing_quarto_is_a_clear_swedish_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MALRAPPORT_CHROMIUM", raising=False)
    notebook = tmp_path / "rapport.ipynb"
    nbformat.write(report_notebook(), notebook)
    with pytest.raises(MalrapportError) as caught:
        render_quarto(notebook, tmp_path / "rapport.pdf")
    message = str(caught.value)
    assert "Quarto" in message and "https://quarto.org" in message and "--pdf-engine typst" in message
    with pytest.raises(MalrapportError, match="quarto.org"):
        print_report_pdf(tmp_path / "rapport.html", tmp_path / "rapport.pdf", engine="quarto", ipynb_path=notebook)
    assert available_engines() == ["typst"], "Typst is a Python package: no program on the PATH needed"
    assert "sudo apt-get install chromium" in pdf_unavailable_message("chromium")


def test_engines_are_registered_and_unknown_names_rejected() -> None:
    assert list(ENGINES) == ["typst", "chromium", "quarto"]
    assert get_engine("chromium").reads == "html" and get_engine("quarto").reads == "notebook"
    assert get_engine("typst").reads == "notebook" and get_engine("typst").in_process
    assert available_engines()[:2] == ["typst", "chromium"]
    with pytest.raises(MalrapportError, match="okänd PDF-motor 'latex'"):
        get_engine("latex")


FAKE_QUARTO = """#!{python}
import json, os, sys
args = sys.argv[1:]
with open(os.environ["FAKE_QUARTO_LOG"], "w", encoding="utf-8") as log:
    json.dump({{"args": args, "cwd": os.getcwd(), "notebook": json.load(open(args[1], encoding="utf-8"))}}, log)
with open(args[args.index("--output") + 1], "wb") as pdf:
    pdf.write(b"%PDF-1.7 quarto")
"""


def test_quarto_engine_renders_a_prepared_copy_in_its_own_folder(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    bin_dir, out_dir = tmp_path / "bin", tmp_path / "ut"
    bin_dir.mkdir()
    fake = bin_dir / "quarto"
    fake.write_text(FAKE_QUARTO.format(python=sys.executable), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(tmp_path / "log.json"))
    notebook = tmp_path / "rapport.ipynb"
    nbformat.write(report_notebook(), notebook)

    result = print_report_pdf(tmp_path / "ingen.html", out_dir / "rapport.pdf", engine="quarto", ipynb_path=notebook)

    assert result.read_bytes() == b"%PDF-1.7 quarto"
    assert [p.name for p in out_dir.iterdir()] == ["rapport.pdf"]
    log = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))
    assert log["args"] == quarto_command(log["args"][1], "rapport.pdf")[1:]
    assert Path(log["cwd"]).parent == out_dir
    cells = log["notebook"]["cells"]
    assert cells[0]["cell_type"] == "raw" and "lang: sv" in "".join(cells[0]["source"])
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all("remove-input" in c["metadata"]["tags"] for c in code)
    assert not any("parameters" in c["metadata"].get("tags", []) for c in code)
    assert "Dolt underlag" not in json.dumps(log["notebook"])


def test_quarto_copy_keeps_svg_and_markdown_for_typst() -> None:
    prepared = quarto_notebook(report_notebook())
    kinds = {key for cell in prepared.cells for out in cell.get("outputs", []) for key in out["data"]}
    assert {"image/svg+xml", "text/markdown"} <= kinds
