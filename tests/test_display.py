"""Output bundles of report notebooks: charts, tables, safe narrative Markdown and headings."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import altair as alt
import pandas as pd
import pytest
from markdown_it import MarkdownIt

from malrapport.model import Status
from malrapport.present import display

SVG_NS = "{http://www.w3.org/2000/svg}"
ATTACK = "Bra resultat <script>alert(1)</script> men <img src=x onerror=alert(1)> också."


def bar_chart(title: str = "Andel per enhet") -> alt.Chart:
    values = pd.DataFrame({"enhet": list("ABCDE"), "andel": [0.5, 1.0, 1.5, 2.0, 2.5]})
    return alt.Chart(values).mark_bar().encode(x="enhet:N", y=alt.Y("andel:Q", title="Andel")).properties(
        title=title, width=200, height=220)


@pytest.fixture(scope="module")
def bundle() -> dict:
    return display.chart_bundle(bar_chart(), "Mål 1. Trygga uppväxtvillkor")


def svg_texts(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG_NS}svg"
    return list(root.iter(f"{SVG_NS}text"))


def test_chart_bundle_has_html_svg_spec_and_title(bundle: dict) -> None:
    assert set(bundle) == {"text/html", "image/svg+xml", "application/vnd.vegalite.v6+json", "text/plain",
                           "text/vnd.typst"}
    assert bundle["text/plain"] == "Andel per enhet"
    assert bundle["application/vnd.vegalite.v6+json"]["mark"]["type"] == "bar"
    drawing = bundle["image/svg+xml"].replace("<svg ", '<svg aria-hidden="true" ', 1)
    assert drawing in bundle["text/html"], "the page shows the same drawing, hidden from screen readers"
    assert 'role="figure" aria-label="Andel per enhet"' in bundle["text/html"]


def test_chart_svg_is_valid_and_its_text_sans_serif(bundle: dict) -> None:
    texts = svg_texts(bundle["image/svg+xml"])
    assert "Andel per enhet" in [t.text for t in texts]
    assert all("sans-serif" in t.get("font-family", "") for t in texts)


def test_axis_labels_use_the_swedish_decimal_comma(bundle: dict) -> None:
    labels = [t.text for t in svg_texts(bundle["image/svg+xml"])]
    assert {"0,5", "1,5", "2,5"} <= set(labels)
    assert not any(re.fullmatch(r"\d\.\d", label or "") for label in labels)


def test_chart_ids_come_from_the_name_and_bundles_are_identical_across_runs(bundle: dict) -> None:
    again = display.chart_bundle(bar_chart(), "Mål 1. Trygga uppväxtvillkor")
    assert json.dumps(again, sort_keys=True) == json.dumps(bundle, sort_keys=True)
    assert 'id="chart-mal-1-trygga-uppvaxtvillkor"' in bundle["text/html"]
    assert "altair-viz" not in bundle["text/html"]


def test_spec_is_embedded_as_json_that_cannot_close_the_script() -> None:
    hostile = display.chart_bundle(bar_chart("</script><script>alert(1)</script>"), "fientlig")
    page = hostile["text/html"]
    assert "<script>alert(1)" not in page
    match = re.search(r'<script type="application/json" id="chart-fientlig-spec">(.*?)</script>', page, re.S)
    assert match is not None
    assert json.loads(match[1])["title"] == "</script><script>alert(1)</script>"
    assert "vegaEmbed('#'+id" in page and "renderer:'svg'" in page and "actions:false" in page


def test_theme_is_applied_to_the_chart_without_being_enabled_globally() -> None:
    # Showing an analysis enables the theme for analysts' own charts (`lab.enable`); start from Altair's default.
    alt.theme.enable("default")
    bundle = display.chart_bundle(bar_chart(), "Mål 1. Trygga uppväxtvillkor")
    config = bundle["application/vnd.vegalite.v6+json"]["config"]
    assert "sans-serif" in config["font"]
    assert config["locale"]["number"]["decimal"] == ","
    assert alt.theme.active != "malrapport"
    assert "malrapport" in alt.theme.names()


def test_static_charts_can_be_switched_off() -> None:
    display.set_static_charts(False)
    try:
        lean = display.chart_bundle(bar_chart(), "utan bild")
    finally:
        display.set_static_charts(True)
    assert "image/svg+xml" not in lean and "<svg" not in lean["text/html"]
    assert display.static_charts_enabled()


def _contrast_on_white(colour: str) -> float:
    """WCAG 2.1's contrast ratio against white, written out here: relative luminance of sRGB."""
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_status_and_chart_colours_cover_every_status_and_stand_out_3_to_1_on_white() -> None:
    from malrapport.present.palette import MUTED_GREYS, OKABE_ITO

    assert set(display.STATUS_COLORS) == set(Status)
    # Okabe–Ito's blue and vermillion as they are; its orange (#E69F00, 2.25:1) darkened for WCAG 1.4.11.
    assert (display.STATUS_COLORS[Status.MET], display.STATUS_COLORS[Status.NOT_MET]) == ("#0072B2", "#D55E00")
    assert round(_contrast_on_white("#E69F00"), 2) == 2.25
    colours = {*display.STATUS_COLORS.values(), *OKABE_ITO, *MUTED_GREYS}
    assert {c: round(_contrast_on_white(c), 2) for c in colours if _contrast_on_white(c) < 3} == {}


def test_narrative_html_shows_markup_as_text() -> None:
    rendered = display.markdown_bundle(ATTACK)["text/html"]
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered


def test_narrative_markdown_stays_text_even_for_a_renderer_that_allows_html() -> None:
    source = display.markdown_bundle(ATTACK)["text/markdown"]
    assert "<" not in source and ">" not in source
    rendered = MarkdownIt("commonmark", {"html": True}).render(source)
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_narrative_keeps_markdown_but_only_safe_links_and_no_images() -> None:
    text = "**Viktigt**\n\n> citat\n\n[bra](https://region.se) [dålig](javascript:alert(1)) ![bild](https://x.se/a.png)"
    result = display.markdown_bundle(text)
    assert "<strong>Viktigt</strong>" in result["text/html"]
    assert '<a href="https://region.se">bra</a>' in result["text/html"]
    assert "javascript:" not in re.findall(r'href="([^"]*)"', result["text/html"])
    assert "<img" not in result["text/html"]
    assert result["text/markdown"].splitlines()[2] == "> citat"
    assert "{&#61;typst}" in display.markdown_bundle("`x`{=typst}")["text/markdown"]


def test_heading_has_a_stable_ascii_id() -> None:
    heading = display.heading_bundle("Mål 1. Trygga uppväxtvillkor", 2)
    assert heading["text/html"] == '<h2 id="mal-1-trygga-uppvaxtvillkor">Mål 1. Trygga uppväxtvillkor</h2>'
    assert heading["text/markdown"] == "## Mål 1. Trygga uppväxtvillkor {#mal-1-trygga-uppvaxtvillkor}"
    assert display.heading_bundle("<b>x</b>", 3, anchor="eget")["text/html"] == \
        '<h3 id="eget">&lt;b&gt;x&lt;/b&gt;</h3>'


def test_table_bundle_escapes_the_caption() -> None:
    table = display.table_bundle("<table><tr><td>1</td></tr></table>", "| a |\n|---|\n| 1 |", "Andel <i>&</i>")
    assert table["text/html"].startswith('<div class="malrapport-table"><p class="malrapport-caption">'
                                         "Andel &lt;i&gt;&amp;&lt;/i&gt;</p><table>")
    assert table["text/markdown"].startswith("**Andel &lt;i&gt;&amp;&lt;/i&gt;**\n\n| a |")
    assert table["text/plain"] == "Andel <i>&</i>"


def test_internal_svg_ids_are_scoped_to_the_chart() -> None:
    values = pd.DataFrame({"x": list("abc"), "y": [1, 2, 3]})
    clipped = alt.Chart(values).mark_line(clip=True).encode(x="x:N", y=alt.Y("y:Q", scale=alt.Scale(domain=[0, 2])))
    svg = display.chart_bundle(clipped, "Klippt linje")["image/svg+xml"]
    ids = re.findall(r'\bid="([^"]+)"', svg)
    assert ids and all(i.startswith("chart-klippt-linje-") for i in ids)
    assert all(ref in ids for ref in re.findall(r"url\(#([^)]+)\)", svg))
