"""Executed notebook → one self-contained offline HTML page."""
from __future__ import annotations

import copy
import re
from html.parser import HTMLParser

import nbformat
import pytest
from nbclient import NotebookClient

from checkout import TEST_NOTEBOOKS
from malrapport.present import display
from malrapport.present.display import CHART_HTML_MIME
from malrapport.present.payload import HIDDEN_MIME_PREFIX
from malrapport.render.html import css_string, export_html, vega_bundle

HEADER = 'Region Jämtland Härjedalen · Uppföljning per augusti 2024 "</style><script>alert(1)</script>'


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    nb = nbformat.read(TEST_NOTEBOOKS / "charts_and_tables.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(TEST_NOTEBOOKS)}}).execute()
    return nb


@pytest.fixture(scope="module")
def page(executed: nbformat.NotebookNode) -> str:
    return export_html(executed, title="Måluppföljning Testby", running_header=HEADER)


def body_of(page: str) -> str:
    return page[page.index("<main>"):]


class Tags(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(page)
    return parser.tags


@pytest.mark.kernel
def test_page_has_no_code_and_no_prompts(page: str) -> None:
    body = body_of(page)
    for code in ("import altair", "display.show_chart", "organisation =", "pd.DataFrame"):
        assert code not in page
    assert "In&nbsp;[" not in body and "Out[" not in body and "jp-InputPrompt" not in body
    assert "Ett synligt resultat" in body


@pytest.mark.kernel
def test_removed_cells_and_hidden_outputs_do_not_show(page: str) -> None:
    assert "Inställningscellen syns inte" not in page
    assert "Dolt underlag" not in page


@pytest.mark.kernel
def test_chart_and_table_html_reach_the_page_exactly_as_the_notebook_has_it(executed: nbformat.NotebookNode,
                                                                            page: str) -> None:
    """The exporter sees placeholders for the outputs' HTML; what it puts back must be the outputs, unchanged,
    but for each table, which now sits in its own labelled, focusable container that scrolls sideways. A chart keeps
    its page HTML under its own type (JupyterLab draws it from the spec), and the page shows it."""
    outputs = [output.get("data", {}) for cell in executed.cells if cell.cell_type == "code"
               and not {"remove-cell", "remove-output"} & set(cell.metadata.get("tags", []))
               for output in cell.get("outputs", [])]
    charts = [data[CHART_HTML_MIME] for data in outputs if CHART_HTML_MIME in data]
    shown = [data["text/html"] for data in outputs if "text/html" in data
             and not any(key.startswith(HIDDEN_MIME_PREFIX) for key in data)] + charts
    assert all('class="malrapport-chart"' in block and "text/html" not in data
               for block, data in zip(charts, [d for d in outputs if CHART_HTML_MIME in d], strict=True))
    assert charts and any("<table" in block for block in shown)
    scroller = '<div class="mr-scroll" role="region" tabindex="0" aria-label="[^"<]+">'
    for block in shown:
        parts = re.split(r"(<table\b.*?</table>)", block, flags=re.S)
        pattern = "".join(f"{scroller}{re.escape(part)}</div>" if part.startswith("<table") else re.escape(part)
                          for part in parts)
        assert re.search(pattern, page), block[:200]
    assert "viewBox=" in charts[0] and "malrapport-output-" not in page


@pytest.mark.kernel
def test_page_references_no_network_resource(page: str) -> None:
    for tag, attrs in tags_of(page):
        if tag in ("script", "img", "iframe", "link", "source", "video", "audio"):
            assert not (attrs.get("src") or "").startswith(("http:", "https:", "//")), (tag, attrs)
            assert tag != "link" or not (attrs.get("href") or "").startswith(("http:", "https:", "//")), attrs
    assert "@import" not in page
    assert "cdn" not in page.lower()
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)


@pytest.mark.kernel
def test_vega_bundle_is_inlined_exactly_once_before_the_charts(page: str) -> None:
    tail = vega_bundle()[-120:]
    assert page.count(tail) == 1
    assert page.index(tail) < page.index('class="malrapport-chart"')
    assert page.count('class="malrapport-chart"') == 2


@pytest.mark.kernel
def test_a_page_without_charts_has_no_vega_bundle(executed: nbformat.NotebookNode) -> None:
    without_charts = copy.deepcopy(executed)
    without_charts.cells = [c for c in without_charts.cells if "show_chart" not in c.source]
    page = export_html(without_charts, title="Utan diagram")
    assert vega_bundle()[-120:] not in page
    assert len(page) < len(vega_bundle())
    assert "Mål 1. Trygga uppväxtvillkor" in page


@pytest.mark.kernel
def test_table_of_contents_links_to_every_section_heading_in_order(page: str) -> None:
    """The h1 is the document's title; the contents list the h2 and h3 sections below it."""
    body = body_of(page)
    nav = re.search(r'<nav class="malrapport-toc".*?</nav>', body, re.S)
    assert nav is not None and body.index(nav[0]) < body.index("<h2")
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', nav[0])
    assert [text for _, text in links] == ["Mål 1. Trygga uppväxtvillkor", "Mål 2. Jämlik vård",
                                           "Delmål 2.1 Tillgänglighet"]
    ids = [attrs.get("id") for tag, attrs in tags_of(body) if tag in ("h2", "h3")]
    assert [target for target, _ in links] == ids
    assert "mal-1-trygga-uppvaxtvillkor" in ids


@pytest.mark.kernel
def test_export_is_deterministic(executed: nbformat.NotebookNode, page: str) -> None:
    again = export_html(copy.deepcopy(executed), title="Måluppföljning Testby", running_header=HEADER)
    assert again.encode("utf-8") == page.encode("utf-8")


@pytest.mark.kernel
def test_page_is_swedish_and_titled(page: str) -> None:
    assert '<html lang="sv">' in page
    assert "<title>Måluppföljning Testby</title>" in page


@pytest.mark.kernel
def test_print_styles_give_a4_pages_without_navigation_or_split_charts(page: str) -> None:
    assert "size: A4" in page
    assert re.search(r"@media print \{.*nav\.malrapport-toc \{ display: none; \}", page, re.S)
    assert "break-inside: avoid" in page and "break-after: avoid" in page
    assert "thead { display: table-header-group; }" in page
    assert '@bottom-right { content: "Sida " counter(page) " (" counter(pages) ")"' in page


@pytest.mark.kernel
def test_running_header_is_a_css_string_that_cannot_break_out(page: str) -> None:
    assert f"@top-left {{ content: {css_string(HEADER)};" in page
    assert "</style><script>alert(1)" not in page
    assert css_string('a"b\\c<') == '"a\\22 b\\5c c\\3c "'
    metas = [attrs for tag, attrs in tags_of(page)
             if tag == "meta" and attrs.get("name") == "malrapport:running-header"]
    assert [m.get("content") for m in metas] == [HEADER]


def test_repeated_headings_get_unique_ids_in_the_table_of_contents() -> None:
    outputs = [nbformat.v4.new_output("display_data", data=display.heading_bundle(text, level))
               for text, level in (("Mål 1", 2), ("Indikatorer", 3), ("Mål 2", 2), ("Indikatorer", 3))]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("rubriker()", outputs=outputs)])
    page = export_html(nb, title="Rubriker")
    ids = [attrs.get("id") for tag, attrs in tags_of(body_of(page)) if tag in ("h2", "h3")]
    assert ids == ["mal-1", "indikatorer", "mal-2", "indikatorer-2"]
    assert re.findall(r'<li class="toc-h\d"><a href="#([^"]+)">', page) == ids
