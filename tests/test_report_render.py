"""A real report end to end: `malrapport render` in a subprocess (the session's demo report, see conftest.py), then
the HTML in an offline Chromium and the PDF through poppler, as a reader gets them."""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from checkout import DATA, ROOT, render_demo
from checkout import DEMO_ORG as ORG
from checkout import DEMO_PERIOD as PERIOD
from checkout import DEMO_STEM as STEM
from malrapport.render.browser import Page

pytestmark = [pytest.mark.kernel, pytest.mark.slow]  # every test renders, or reads the demo report
CHARTS = """Array.from(document.querySelectorAll('.malrapport-chart')).map(function (el) {
  return {embedded: el.classList.contains('vega-embed'), marks: el.querySelectorAll('svg.marks').length};
})"""


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_render_writes_html_pdf_notebook_and_figures(demo_report: Path) -> None:
    names = {p.name for p in demo_report.iterdir()}
    assert {f"{STEM}.html", f"{STEM}.pdf", f"{STEM}.ipynb", f"{STEM}.json", f"{STEM}-indikatorer.csv",
            f"{STEM}-delmal.csv", f"{STEM}-sammanfattning.csv"} <= names
    figures = json.loads((demo_report / f"{STEM}.json").read_text(encoding="utf-8"))
    waiting = [r for r in figures["indicators"] if r["indicator"] == "vant-90-besok"]
    assert {r["sex"]: r["outcome"] for r in waiting} == {"T": 51.0, "K": 45.0, "M": 60.0}
    with open(demo_report / f"{STEM}-indikatorer.csv", encoding="utf-8", newline="") as handle:
        csv_rows = [r for r in csv.DictReader(handle) if r["indikator"] == "vant-90-besok"]
    assert {r["kon"]: r["utfall"] for r in csv_rows} == {"T": "51.0", "K": "45.0", "M": "60.0"}  # seed 002 s. 9
    assert all(r["status"] == "not_met" and "100" in r["reason"] for r in waiting)


def test_figures_command_prints_what_the_report_wrote(demo_report: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "malrapport", "figures", "--region", ORG, "--period", PERIOD],
                            capture_output=True, text=True, cwd=ROOT, check=True)
    printed = json.loads(result.stdout)
    written = json.loads((demo_report / f"{STEM}.json").read_text(encoding="utf-8"))
    assert printed["sentence"] == written["sentence"]
    assert printed["indicators"] == written["indicators"]


def test_html_report_has_no_code_and_draws_every_chart_offline(demo_report: Path,
                                                               open_page: Callable[..., Page]) -> None:
    html = (demo_report / f"{STEM}.html").read_text(encoding="utf-8")
    assert "build_report(" not in html and "sections.show_" not in html
    assert 'class="jp-InputPrompt' not in html and 'class="jp-OutputPrompt' not in html
    assert not re.search(r'(src|href)="https?://', html)
    title, toc, summary = html.index('<h1 id="rapport"'), html.index('<nav class="malrapport-toc"'), \
        html.index('id="sammanfattning"')
    assert title < toc < summary, "the contents follow the title block and precede the summary"
    with open_page(demo_report / f"{STEM}.html") as page:
        charts = page.evaluate(CHARTS)
        assert page.errors == []
        assert page.remote_requests == []
    assert len(charts) >= 10
    assert all(c["embedded"] and c["marks"] == 1 for c in charts)


def test_pdf_has_page_numbers_running_header_and_the_summary_sentence(demo_report: Path) -> None:
    pdf = demo_report / f"{STEM}.pdf"
    text = pdf_text(pdf)
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    assert total >= 5
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} ({total})" in page
        assert "Division Länssjukvård 1" in page and "per april 2022" in page
    sentence = json.loads((demo_report / f"{STEM}.json").read_text(encoding="utf-8"))["sentence"]
    assert "framgångsfaktorer" in sentence and "uppnås" in sentence
    flat = " ".join(text.split())
    assert " ".join(sentence.split()) in flat


def test_a_pdf_page_rendered_to_an_image_is_not_blank(demo_report: Path, tmp_path: Path) -> None:
    subprocess.run(["pdftoppm", "-f", "2", "-l", "2", "-r", "30", "-gray", str(demo_report / f"{STEM}.pdf"),
                    str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.pgm")).read_bytes()
    header, _, pixels = _pgm(image)
    dark = sum(1 for value in pixels if value < 200)
    assert dark > 0.01 * len(pixels), header


def _pgm(data: bytes) -> tuple[bytes, int, bytes]:
    """Header, maximum value and pixel bytes of a binary PGM (P5) as pdftoppm -gray writes it."""
    fields, position = [], 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        start = position
        while not data[position:position + 1].isspace():
            position += 1
        fields.append(data[start:position])
    return b" ".join(fields), int(fields[3]), data[position + 1:]


def test_an_analysts_script_in_a_narrative_is_shown_as_text(tmp_path: Path, open_page: Callable[..., Page]) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA / ORG, data / ORG)
    assessment = data / ORG / "assessments" / f"{PERIOD}.yaml"
    text = assessment.read_text(encoding="utf-8")
    hostile = ("<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2\"> "
               "<b>inte fetstil</b>")
    text = text.replace("narrative: |\n", f"narrative: |\n      {hostile}\n", 1)
    assessment.write_text(text, encoding="utf-8")
    result = render_demo(out=tmp_path / "out", data_dir=data, formats="html")
    assert result.returncode == 0, result.stderr
    page_path = tmp_path / "out" / ORG / PERIOD / f"{STEM}.html"
    html = page_path.read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "<b>inte fetstil</b>" not in html
    with open_page(page_path) as page:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert "<script>window.__pwned = 1</script>" in page.evaluate("document.body.innerText")


def test_render_of_an_unknown_organisation_says_so_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "malrapport", "render", "--region", "rn-ls2", "--period",
                             PERIOD, "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "rn-ls2" in result.stderr and "Traceback" not in result.stderr
    assert not any(tmp_path.rglob("*.html"))


def test_without_a_pdf_engine_the_html_is_still_written_and_the_message_says_how(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": "/usr/bin:/bin"}  # Quarto is not installed in either
    result = subprocess.run(
        [sys.executable, "-m", "malrapport", "render", "--region", ORG, "--period", PERIOD, "--format", "html,pdf",
         "--pdf-engine", "quarto", "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT, env=env,
        timeout=600)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "quarto" in result.stderr.lower() and "--pdf-engine typst" in result.stderr
    folder = tmp_path / ORG / PERIOD
    assert (folder / f"{STEM}.html").stat().st_size > 100_000
    assert not (folder / f"{STEM}.pdf").exists()


def test_the_method_section_speaks_of_the_plans_own_levels(demo_report: Path) -> None:
    """Seed 002's plan assesses framgångsfaktorer and measures styrmått: the method section never says delmål."""
    text = re.sub(r"<[^>]+>", " ", (demo_report / f"{STEM}.html").read_text(encoding="utf-8"))
    start = text.index("Rapporten följer upp planens mål")
    assert "Så här görs bedömningarna" in text[start - 200:start]  # the section's heading, not the contents' line
    section = text[start:text.index("Medborgare", start)]
    assert "Framgångsfaktorerna" in section and "kommer framgångsfaktorn att" in section
    assert "Styrmåtten" in section and "ett styrmått vara rött medan framgångsfaktorn bedöms som gul" in section
    assert "delmål" not in section.lower() and "indikator" not in section.lower()
