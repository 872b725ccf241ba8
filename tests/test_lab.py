"""End to end in a real JupyterLab server on 127.0.0.1, driven by the system Chromium: the report notebook shows the
whole report as it is rendered, with interactive charts; parameters can be changed and run again; notebooks stay
clean in git (opening and closing writes nothing, running and saving leaves the committed form unchanged after
the nbstripout filter and the batch's input hash unchanged); an analyst's own Altair chart shows offline, themed."""
from __future__ import annotations

import base64
import json
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from checkout import DATA, DEMO_STEM, ROOT
from labserver import (
    CURRENT,
    LAB_CONFIG,
    LAB_SETTINGS,
    LabServer,
    command,
    make_project,
    open_notebook,
    run_all,
    wait_for,
)
from malrapport.batch._hashing import Hasher
from malrapport.render.browser import Browser, Page

pytestmark = [pytest.mark.kernel, pytest.mark.browser, pytest.mark.slow]
REPORT = "notebooks/malrapport.ipynb"
ANALYSIS = "data/rn-ls1/analyser/vantetider-kon.ipynb"

OUTPUTS = f"{CURRENT}.content.node"
STATE = f"""(() => {{ const root = {OUTPUTS};
  const text = el => el.textContent.replace(/\\s+/g, ' ').trim();
  return {{
    headings: [...root.querySelectorAll(['h2', 'h3', 'h4', 'h5'].map(h => '.jp-OutputArea-output ' + h).join(', '))]
      .map(text),
    charts: [...root.querySelectorAll('.jp-RenderedVegaLite')].map(el => ({{
      drawn: !!el.querySelector('.vega-embed svg.marks'),
      title: el.querySelector('.role-title-text') ? text(el.querySelector('.role-title-text')) : ''}})),
    vegaOutputs: {CURRENT}.content.widgets.map(c => c.model.type === 'code' ? c.model.outputs.toJSON() : [])
      .flat().filter(o => o.data && o.data['application/vnd.vegalite.v5+json']).length,
    trimmed: root.querySelectorAll('.jp-TrimmedOutputs').length,
    problems: {CURRENT}.content.widgets.map(c => c.model.type === 'code' ? c.model.outputs.toJSON() : []).flat()
      .filter(o => o.output_type === 'error' || (o.output_type === 'stream' && o.name === 'stderr'))
      .map(o => o.ename ? o.ename + ': ' + o.evalue : o.text),
  }}; }})()"""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    assert LAB_SETTINGS.read_text() == (ROOT / "jupyter" / "overrides.json").read_text(), "run `make lab-setup`"
    assert LAB_CONFIG.read_text() == (ROOT / "jupyter" / "jupyter_lab_config.json").read_text()
    home = tmp_path_factory.mktemp("lab")
    server = LabServer(make_project(home / "project"), home)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def page(lab: LabServer) -> Iterator[Page]:
    with Browser(offline=False) as browser:
        tab = browser.new_page()
        tab.send("Emulation.setDeviceMetricsOverride", {"width": 1400, "height": 1000, "deviceScaleFactor": 1,
                                                        "mobile": False})
        yield tab
        local = f"http://127.0.0.1:{lab.port}/"
        assert [url for url in tab.remote_requests if not url.startswith(local)] == [], "Lab works offline"


def screenshot(page: Page, path: Path) -> None:
    path.write_bytes(base64.b64decode(page.send("Page.captureScreenshot", {"format": "png"})["data"]))


def git_clean(lab: LabServer) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=lab.root, capture_output=True, text=True).stdout


def page_headings(html: str) -> list[str]:
    """h2–h5 of the rendered page, in order, without the table of contents (which only the page has)."""
    main = html[html.index("<main>"):]
    main = re.sub(r'<nav class="malrapport-toc".*?</nav>', "", main, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", m).split()).replace("&amp;", "&")
            for m in re.findall(r"<h[2-5][^>]*>(.*?)</h[2-5]>", main, re.S)]


def goal_headings(organisation: str, year: int) -> list[str]:
    """'<level name>: <goal name>' of every top-level goal, read from the plan file itself."""
    plan = yaml.safe_load((DATA / organisation / f"plan-{year}.yaml").read_text(encoding="utf-8"))
    return [f"{plan['levels'][0]['name']}: {goal['name']}" for goal in plan["goals"]]


LOOK = """(() => {{ const root = {root};
  const s = (sel, prop) => {{ const el = root.querySelector(sel); return el && getComputedStyle(el)[prop]; }};
  return {{cell: s('.malrapport-table td:not(.num)', 'textAlign'), number: s('.malrapport-table td.num', 'textAlign'),
           cellPadding: s('.malrapport-table td', 'padding'), tableFont: s('.malrapport-table table', 'fontSize'),
           status: s('.malrapport-status', 'borderLeftWidth'), statusColour: s('.malrapport-status', 'borderLeftColor'),
           note: s('.mr-note', 'display'), noteColour: s('.mr-note', 'color'),
           h2: s('h2', 'borderBottomStyle'), h2Size: s('h2', 'fontSize'),
           text: s('.malrapport-narrative p', 'fontSize'),
           lineHeight: s('.malrapport-narrative p', 'lineHeight')}}; }})()"""


def look(page: Page, root: str) -> dict[str, str]:
    return page.evaluate(LOOK.format(root=root))


def test_opening_and_closing_notebooks_writes_nothing(lab: LabServer, page: Page) -> None:
    for path in (REPORT, "notebooks/indikator.ipynb", ANALYSIS):
        before = (lab.root / path).read_bytes()
        open_notebook(page, lab, path)
        page.evaluate("new Promise(r => setTimeout(r, 1500))", await_promise=True)
        assert page.evaluate(f"{CURRENT}.context.model.dirty") is False, f"{path}: Lab changed it on opening"
        command(page, "application:close-all")
        wait_for(page, f"!{CURRENT} || !{CURRENT}.context", 30, "notebook closed")
        assert (lab.root / path).read_bytes() == before, path
    assert git_clean(lab) == ""


def test_run_all_shows_the_report_as_rendered_and_saving_keeps_git_clean(
        lab: LabServer, page: Page, demo_report: Path, open_page: Callable[..., Page], tmp_path: Path) -> None:
    source = (lab.root / REPORT).read_bytes()
    open_notebook(page, lab, REPORT)
    lab_font = page.evaluate("getComputedStyle(document.querySelector('.jp-DirListing')).fontFamily")
    run_all(page)
    wait_for(page, f"{STATE}.charts.every(c => c.drawn)", 60, "every chart drawn by Vega")
    state = page.evaluate(STATE)
    screenshot(page, tmp_path / "lab.png")

    rendered = (demo_report / f"{DEMO_STEM}.html").read_text(encoding="utf-8")
    page_of_report = open_page(demo_report / f"{DEMO_STEM}.html")
    assert state["headings"] == page_headings(rendered), "every section, in the order of the rendered report"
    assert all(goal in state["headings"] for goal in goal_headings("rn-ls1", 2022))
    analysis = state["headings"].index("Fördjupning: skillnaden mellan män och kvinnor i väntan till första besök")
    subgoal = state["headings"].index("En god vård med hög tillgänglighet och kontinuitet")
    assert subgoal < analysis < subgoal + 3, "the analysis under its sub-goal (MED-1-1)"
    titles = re.findall(r'class="malrapport-chart" id="[^"]+" role="figure" aria-label="([^"]*)"', rendered)
    assert len(state["charts"]) == len(titles) == state["vegaOutputs"] and state["trimmed"] == 0
    assert all(chart["drawn"] for chart in state["charts"])
    assert state["problems"] == []

    # The report's look, as the rendered page computes it in the same browser; Lab's own look unchanged.
    assert look(page, OUTPUTS) == look(page_of_report, "document")
    assert look(page, OUTPUTS)["cell"] == "left"
    assert page.evaluate("getComputedStyle(document.querySelector('.jp-DirListing')).fontFamily") == lab_font

    command(page, "docmanager:save")
    saved = (lab.root / REPORT).read_bytes()
    assert saved != source and b'"output_type"' in saved
    # What `git add` would commit (the file through nbstripout) is what is committed: nothing to stage.
    assert subprocess.run(["git", "diff", "--exit-code", "--", REPORT], cwd=lab.root).returncode == 0
    subprocess.run(["git", "add", "--", REPORT], cwd=lab.root, check=True)
    assert git_clean(lab) == "", "the committed form is unchanged once nbstripout has stripped the outputs"
    assert Hasher().notebook(lab.root / REPORT) == Hasher().notebook(ROOT / REPORT), "the batch would skip it"


def test_parameters_changed_and_run_again(lab: LabServer, page: Page) -> None:
    open_notebook(page, lab, REPORT)
    cell = f"{CURRENT}.content.widgets[0].model.sharedModel"
    text = page.evaluate(f"{cell}.getSource()")
    page.evaluate(f"{cell}.setSource({json.dumps(text.replace('rn-ls1', 'rvb-hsn').replace('2022-T1', '2024-T2'))})")
    run_all(page)
    wait_for(page, f"{STATE}.charts.every(c => c.drawn)", 60, "every chart drawn by Vega")
    state = page.evaluate(STATE)
    assert [h for h in state["headings"] if h in goal_headings("rvb-hsn", 2024)] == goal_headings("rvb-hsn", 2024)
    assert len(state["charts"]) == state["vegaOutputs"] > 10 and state["trimmed"] == 0
    assert state["problems"] == []
    title = page.evaluate(f"{OUTPUTS}.querySelector('.mr-title').textContent")
    assert "per augusti 2024" in title and "Region Västerbotten" in title
    command(page, "docmanager:save")
    assert subprocess.run(["git", "diff", "--quiet", "--", REPORT], cwd=lab.root).returncode == 1, \
        "a changed parameter is a change to commit"


def test_an_analysts_own_chart_shows_offline_with_the_theme(lab: LabServer, page: Page) -> None:
    open_notebook(page, lab, ANALYSIS)
    run_all(page)
    wait_for(page, f"{STATE}.charts.length === 1 && {STATE}.charts[0].drawn", 60, "the analysis's chart drawn")
    state = page.evaluate(STATE)
    assert state["problems"] == [] and state["charts"][0]["title"].startswith("Skillnad mellan män och kvinnor")
    fonts = page.evaluate(f"[...{OUTPUTS}.querySelectorAll('.jp-RenderedVegaLite text')]"
                          ".map(t => t.getAttribute('font-family') || getComputedStyle(t).fontFamily)")
    assert fonts and all("DejaVu Sans" in font for font in fonts), "the project's theme"
    table = page.evaluate(f"{OUTPUTS}.querySelector('.malrapport-table').textContent")
    assert "T1 2022" in table and "män 60 %" in table.replace("\xa0", " ")
