"""The outputs as JupyterLab gets them: the report's CSS scoped to report outputs, sections merged into few outputs
in page order, charts as Vega-Lite 5 with the page HTML kept aside, and analyses that name a wrong section."""
from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from checkout import DATA
from malrapport import MalrapportError
from malrapport.inputs.analyses import read_analysis
from malrapport.present import display, lab_style

PAGE_CSS = (Path(lab_style.__file__).parents[1] / "render" / "templates" / "malrapport" / "report.css").read_text()


def test_every_lab_rule_is_scoped_to_report_outputs_and_print_rules_stay_out() -> None:
    css = lab_style.lab_css()
    selectors = [s.strip() for rule in re.findall(r"^([^{]+)\{", css, re.M) for s in rule.split(",")]
    assert selectors and all(s.startswith(".jp-OutputArea:has(style.mr-lab-style)") for s in selectors)
    assert "@media" not in css and "@page" not in css and ":root" not in css and "body." not in css
    assert not re.search(r"jp-(OutputArea-prompt|Cell|InputPrompt|Collapser)", css), "Lab's prompts stay"
    assert "rem" not in css, "lengths in the page's pixels"
    assert "border-left: 4.8px solid #999999" in css, "0.3rem of the page's 16px"
    # every screen rule of the page about the report's content has its scoped twin
    assert css.count("text-align: left") == PAGE_CSS.split("@media print")[0].count("text-align: left")


def test_a_grouped_section_leaves_one_output_per_run_of_text_and_one_per_chart(monkeypatch) -> None:
    shown: list[tuple[dict, dict | None]] = []
    monkeypatch.setattr(display, "_emit", lambda bundle, metadata=None: shown.append((bundle, metadata)))
    chart = alt.Chart(pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})).mark_bar().encode(x="x", y="y")

    @display.grouped
    def section() -> None:
        display.show_heading("Mål 1", 2)
        display.show_markdown("Första stycket.")
        display.show_chart(chart.properties(title="Staplar"), "staplar")
        display.show_markdown("Andra stycket.")
        display.show_heading("Delmål", 3)

    section()
    assert len(shown) == 3
    first, chart_output, last = (bundle for bundle, _ in shown)
    assert first["text/html"] == ('<h2 id="mal-1">Mål 1</h2>\n'
                                  '<div class="malrapport-narrative"><p>Första stycket.</p>\n</div>')
    assert first["text/markdown"] == "## Mål 1 {#mal-1}\n\nFörsta stycket."
    assert last["text/html"].endswith('<h3 id="delmal">Delmål</h3>')
    assert "text/html" not in chart_output, "Lab ranks HTML above Vega-Lite: only so does it draw the chart"
    assert chart_output[display.CHART_HTML_MIME].startswith('<div class="malrapport-chart" id="chart-staplar"')
    spec = chart_output["application/vnd.vegalite.v5+json"]
    assert spec["$schema"].endswith("/v5.json") and spec["mark"] == chart_output[display.VEGALITE_MIME]["mark"]
    assert shown[1][1] == {"application/vnd.vegalite.v5+json": {"embed_options": {"actions": False,
                                                                                   "renderer": "svg"}}}


def write_analysis(path: Path, source: str) -> Path:
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "execution_count": None, "id": "a", "outputs": [],
                                           "metadata": {"tags": ["parameters"]}, "source": source}],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_an_analysis_names_its_section_or_gets_a_swedish_message(tmp_path: Path) -> None:
    assert read_analysis(DATA / "rn-ls1" / "analyser" / "vantetider-kon.ipynb").section == "MED-1-1"
    with pytest.raises(MalrapportError) as missing:
        read_analysis(write_analysis(tmp_path / "a.ipynb", 'region = "rn-ls1"'))
    problem = missing.value.problems[0]
    assert problem.file.endswith("a.ipynb") and problem.key == "section" and "section saknas" in problem.message
    with pytest.raises(MalrapportError) as wrong:
        read_analysis(write_analysis(tmp_path / "b.ipynb", "section = MED"))
    assert wrong.value.problems[0].row == 1 and "citattecken" in wrong.value.problems[0].message


def test_an_analysts_own_chart_is_described_in_swedish_for_screen_readers_and_the_pdf() -> None:
    import altair as alt
    import pandas as pd

    from malrapport.present.lab import alt_text

    frame = pd.DataFrame({"tertial": ["T1 2021", "T1 2022"], "skillnad": [4.0, 15.25]})
    chart = alt.Chart(frame, title="Skillnad").mark_line().encode(x=alt.X("tertial:N", title="Tertial"),
                                                                  y=alt.Y("skillnad:Q", title="Män − kvinnor"))
    assert alt_text(chart.to_dict()) == "Diagram: Skillnad. Män − kvinnor per tertial: T1 2021 4,0; T1 2022 15,3."
