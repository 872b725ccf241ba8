"""`index.html` over a folder of real rendered reports: links, counts, PDF links, fördjupningar, determinism."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from checkout import DEMO_DATE, render_demo
from checkout import DEMO_ORG as ORG
from checkout import DEMO_PERIOD as PERIOD
from checkout import DEMO_STEM as STEM
from malrapport.errors import MalrapportError
from malrapport.render.browser import Browser
from malrapport.render.index_page import collect_reports, write_index

INDICATOR = "vant-90-besok"
DIVE_STEM = f"{STEM}-indikator-{INDICATOR}"


@pytest.fixture(scope="module")
def rendered(demo_report: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder with one real report (the session's demo report, as an HTML-only render leaves it: every
    file but the PDF) and one real indicator report of the same unit and period, rendered once for the module."""
    out = tmp_path_factory.mktemp("rendered")
    result = render_demo("--notebook", "indikator", "--indicator", INDICATOR, out=out, formats="html")
    assert result.returncode == 0, result.stderr
    for path in demo_report.iterdir():
        if path.suffix != ".pdf":
            shutil.copy(path, out / ORG / PERIOD / path.name)
    return out


@pytest.fixture
def out(rendered: Path, tmp_path: Path) -> Path:
    """A fresh copy of the rendered folder that a test may change."""
    target = tmp_path / "outputs"
    shutil.copytree(rendered, target)
    return target


class Links(HTMLParser):
    """Every href and src of a page, and the text of its h2 headings in order."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src")]
        self._in_h2 = self._in_h2 or tag == "h2"

    def handle_endtag(self, tag: str) -> None:
        self._in_h2 = self._in_h2 and tag != "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)


def parse(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def figures(folder: Path, stem: str = STEM) -> dict:
    return json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))


def totals(payload: dict) -> dict[str, int]:
    return {r["assessed"]: r["count"] for r in payload["summary"] if r["top_goal"] == "Totalt"}


def shown_counts(page: str) -> dict[str, int]:
    return {status: int(n) for status, n in re.findall(r'data-status="(\w+)" data-count="(\d+)"', page)}


def add_period(out: Path, period: str, period_text: str, pdf: bool = False) -> Path:
    """A copy of the real report filed under another period, as a later tertial's render would be."""
    source, target = out / ORG / PERIOD, out / ORG / period
    target.mkdir(parents=True)
    stem = f"{ORG}-{period}"
    payload = figures(source)
    payload.update(period=period, period_text=period_text)
    (target / f"{stem}.json").write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    shutil.copy(source / f"{STEM}.html", target / f"{stem}.html")
    if pdf:
        (target / f"{stem}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return target


def test_every_report_is_listed_with_relative_links_to_existing_files(out: Path) -> None:
    add_period(out, "2022-T2", "per augusti 2022")
    page = write_index(out).read_text(encoding="utf-8")
    urls = [u for u in parse(page).urls if not u.startswith("#")]
    for url in urls:
        assert url and not url.startswith("/") and "://" not in url, url
        assert (out / unquote(url)).is_file(), url
    for html_file in out.glob("*/*/*.html"):
        assert html_file.relative_to(out).as_posix() in urls
    assert "Av divisionens 14 framgångsfaktorer" in page
    assert "Region Norrbotten, Division Länssjukvård 1" in page


def test_bar_and_counts_match_the_figures(out: Path) -> None:
    page = write_index(out).read_text(encoding="utf-8")
    expected = totals(figures(out / ORG / PERIOD))
    assert shown_counts(page) == expected
    widths = [int(w) for w in re.findall(r'<rect x="\d+" y="0" width="(\d+)"', page)]
    assert widths == [expected[s] for s in ("not_met", "partly", "met", "not_assessed") if expected.get(s)]
    assert f'viewBox="0 0 {sum(expected.values())} 1"' in page
    for symbol, word in (("○", "uppnås inte"), ("◐", "delvis"), ("●", "uppnås"), ("?", "ej bedömt")):
        assert re.search(rf">{re.escape(symbol)}</span> <b>\d+</b> {word}<", page), word


def test_pdf_link_only_when_the_pdf_exists(out: Path) -> None:
    without = write_index(out).read_text(encoding="utf-8")
    assert ".pdf" not in without and ">PDF<" not in without
    (out / ORG / PERIOD / f"{STEM}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with_pdf = write_index(out).read_text(encoding="utf-8")
    assert f'href="{ORG}/{PERIOD}/{STEM}.pdf"' in with_pdf
    assert f"{DIVE_STEM}.pdf" not in with_pdf


def test_indicator_report_is_listed_as_a_deep_dive_under_its_report(out: Path) -> None:
    page = write_index(out).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>",
                      (out / ORG / PERIOD / f"{DIVE_STEM}.html").read_text(encoding="utf-8")).group(1)
    assert f'Fördjupning: <a href="{ORG}/{PERIOD}/{DIVE_STEM}.html">{title}</a>' in page
    [period] = collect_reports(out)
    [organisation] = period.organisations
    assert [r.document.html for r in organisation.reports] == [f"{ORG}/{PERIOD}/{STEM}.html"]
    assert [d.html for d in organisation.deep_dives] == [f"{ORG}/{PERIOD}/{DIVE_STEM}.html"]


def test_page_is_offline_and_deterministic(out: Path, tmp_path: Path) -> None:
    first = write_index(out).read_bytes()
    assert write_index(out).read_bytes() == first
    elsewhere = tmp_path / "another" / "place"
    shutil.copytree(out, elsewhere)
    (elsewhere / "index.html").unlink()
    assert write_index(elsewhere).read_bytes() == first
    text = first.decode("utf-8")
    assert not re.search(r"https?:", text)
    assert "<script" not in text and "@import" not in text and "url(" not in text
    assert '<html lang="sv">' in text and "@page { size: A4" in text
    assert not list(out.glob(".index.html.*"))


def test_periods_newest_first_and_report_date_from_the_manifest_or_the_report(out: Path) -> None:
    later = add_period(out, "2022-T2", "per augusti 2022", pdf=True)
    (later / f"{ORG}-2022-T2.manifest.json").write_text(
        json.dumps({"parameters": {"report_date": "2022-09-15"}}), encoding="utf-8")
    page = write_index(out).read_text(encoding="utf-8")
    assert parse(page).h2 == ["Per augusti 2022", "Per april 2022"]
    # The demo report has no manifest: its date is the one it shows, from its figures (rendered with --date).
    figures = json.loads((out / ORG / PERIOD / f"{STEM}.json").read_text(encoding="utf-8"))
    assert figures["date"] == DEMO_DATE == "2022-05-20"
    assert page.count("Rapportdatum") == 2 and "Rapportdatum 15 september 2022" in page
    assert "Rapportdatum 20 maj 2022" in page
    assert f'href="{ORG}/2022-T2/{ORG}-2022-T2.pdf"' in page


def test_unreadable_figures_are_noted_not_fatal(out: Path) -> None:
    (out / ORG / PERIOD / f"{STEM}.json").write_text('{"sentence": ', encoding="utf-8")
    page = write_index(out).read_text(encoding="utf-8")
    assert f"Sammanfattningen saknas: {STEM}.json är inte giltig JSON (rad 1)." in page
    assert f'href="{ORG}/{PERIOD}/{STEM}.html"' in page


@pytest.mark.parametrize("make", [lambda p: p.mkdir(), lambda p: None], ids=["empty", "missing"])
def test_no_reports_gives_a_page_that_says_so(tmp_path: Path, make) -> None:
    folder = tmp_path / "outputs"
    make(folder)
    page = write_index(folder).read_text(encoding="utf-8")
    assert "Inga rapporter hittades" in page
    assert "<article" not in page


def test_a_file_instead_of_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "outputs"
    not_a_folder.write_text("", encoding="utf-8")
    with pytest.raises(MalrapportError, match="utmatningsmappen är en fil"):
        write_index(not_a_folder)


@pytest.mark.browser
def test_page_draws_offline_in_a_browser(out: Path) -> None:
    index = write_index(out)
    with Browser(offline=True) as browser, browser.new_page() as page:
        page.navigate(index.as_uri())
        bar_width = page.evaluate("document.querySelector('svg.bar').getBoundingClientRect().width")
        links = page.evaluate("Array.from(document.links).map(function (a) { return a.protocol; })")
        assert page.remote_requests == [] and page.errors == []
    assert bar_width > 100
    assert set(links) == {"file:"}
