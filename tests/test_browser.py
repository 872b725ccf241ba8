"""The exported page in a real, offline headless Chromium: charts drawn by Vega, no errors, no network, no XSS."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from checkout import TEST_NOTEBOOKS
from malrapport.errors import MalrapportError
from malrapport.render.browser import Browser, Page, find_chromium
from malrapport.render.html import export_html

CHARTS_IN_PAGE = """Array.from(document.querySelectorAll('.malrapport-chart')).map(function (el) {
  return {id: el.id, embedded: el.classList.contains('vega-embed'), marks: el.querySelectorAll('svg.marks').length,
          labels: Array.from(el.querySelectorAll('text')).map(function (t) { return t.textContent; })};
})"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both test notebooks executed in one kernel and exported to HTML files."""
    folder = tmp_path_factory.mktemp("pages")
    kernel = KernelManager(kernel_name="python3")
    written = {}
    try:
        for name in ("charts_and_tables", "narrative_with_script"):
            nb = nbformat.read(TEST_NOTEBOOKS / f"{name}.ipynb", as_version=4)
            NotebookClient(nb, km=kernel, timeout=120, resources={"metadata": {"path": str(TEST_NOTEBOOKS)}}).execute()
            written[name] = folder / f"{name}.html"
            written[name].write_text(export_html(nb, title=name), encoding="utf-8")
    finally:
        if kernel.has_kernel:
            kernel.shutdown_kernel(now=True)
    written["remote_image"] = folder / "remote_image.html"
    written["remote_image"].write_text('<!DOCTYPE html><p>Bild</p><img src="https://example.org/bild.png" alt="">',
                                       encoding="utf-8")
    return written


@pytest.mark.kernel
@pytest.mark.slow
def test_every_chart_is_drawn_by_vega_with_swedish_numbers(
        open_page: Callable[..., Page], pages: dict[str, Path]) -> None:
    with open_page(pages["charts_and_tables"], timeout=30) as page:
        charts = page.evaluate(CHARTS_IN_PAGE)
        assert page.evaluate("window.__malrapportReady") is True
    assert [c["id"] for c in charts] == ["chart-andel-per-enhet", "chart-vantetid-over-tid"]
    assert all(c["embedded"] and c["marks"] == 1 for c in charts)
    assert {"0,5", "1,5", "2,5"} <= set(charts[0]["labels"])


@pytest.mark.kernel
@pytest.mark.slow
def test_page_logs_no_errors_and_requests_only_its_own_file(
        open_page: Callable[..., Page], pages: dict[str, Path]) -> None:
    with open_page(pages["charts_and_tables"], timeout=30) as page:
        assert page.errors == []
        assert page.remote_requests == []
        assert page.requests and all(url.startswith(("file://", "data:")) for url in page.requests)


@pytest.mark.kernel
@pytest.mark.slow
def test_request_monitor_sees_a_remote_request_and_the_offline_browser_blocks_it(
        open_page: Callable[..., Page], pages: dict[str, Path]) -> None:
    with open_page(pages["remote_image"], timeout=30) as page:
        assert page.remote_requests == ["https://example.org/bild.png"]
        assert page.evaluate("document.querySelector('img').naturalWidth") == 0


@pytest.mark.kernel
@pytest.mark.slow
def test_analysts_script_in_a_narrative_is_never_run(
        open_page: Callable[..., Page], pages: dict[str, Path]) -> None:
    with open_page(pages["narrative_with_script"], timeout=30) as page:
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('main img, main a[href^=\"javascript\"]').length") == 0
        text = page.evaluate("document.querySelector('.malrapport-narrative').innerText")
        assert "<script>window.__pwned = 1</script>" in text
        assert page.errors == []


@pytest.mark.kernel
@pytest.mark.slow
def test_without_javascript_the_static_svg_stays(browser: Browser, pages: dict[str, Path]) -> None:
    page = browser.new_page()
    with page:
        page.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.navigate(pages["charts_and_tables"].as_uri())
        charts = page.evaluate(CHARTS_IN_PAGE)
    assert [(c["embedded"], c["marks"]) for c in charts] == [(False, 1), (False, 1)]
    assert "Andel per enhet" in charts[0]["labels"]


def test_browser_is_found_through_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    installed = find_chromium()
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("MALRAPPORT_CHROMIUM", raising=False)
    assert find_chromium() is None
    with pytest.raises(MalrapportError, match="sudo apt-get install chromium"):
        Browser()
    monkeypatch.setenv("MALRAPPORT_CHROMIUM", str(installed))
    assert find_chromium() == installed
