"""Static chart SVGs drawn by Vega in the embedded V8 engine: text measured as vl-convert measures it, the same
bytes as vl-convert draws, deterministic, and vl-convert again when DejaVu Sans is missing.

(tests/test_vega_cache.py compares every chart of three demo reports with vl-convert's own drawing.)"""
from __future__ import annotations

import re
from typing import Any

import altair as alt
import pytest
import vl_convert as vlc

from malrapport.present import _text_widths, _vega_v8, display
from malrapport.sv import D3_FORMAT_LOCALE, D3_TIME_LOCALE

pytestmark = pytest.mark.skipif(not _vega_v8.available(), reason="DejaVu Sans is not installed")

FONT = display.FONT_FAMILY


def text_spec(text: str, weight: str, size: float = 1000) -> dict[str, Any]:
    """A Vega spec whose drawing is exactly as wide as the text: the view pads itself to the text's bounds."""
    return {"$schema": "https://vega.github.io/schema/vega/v6.json", "width": 0, "height": 0, "padding": 0,
            "autosize": {"type": "pad"},
            "marks": [{"type": "text", "encode": {"enter": {
                "text": {"value": text}, "x": {"value": 0}, "y": {"value": 0}, "font": {"value": FONT},
                "fontSize": {"value": size}, "fontWeight": {"value": weight}, "align": {"value": "left"}}}}]}


def drawn_width(svg: str) -> float:
    match = re.search(r'<svg[^>]* width="([\d.]+)"', svg)
    assert match is not None
    return float(match[1])


def vl_convert_svg(vega_spec: dict[str, Any]) -> str:
    display.chart_svg({"mark": "point"})  # registers the fonts as the reports' vl-convert path does
    return vlc.vega_to_svg(vega_spec, format_locale=D3_FORMAT_LOCALE, time_format_locale=D3_TIME_LOCALE)


def test_a_kerned_pair_is_measured_as_the_font_says() -> None:
    # DejaVu Sans: 'A' and 'V' advance 1401/2048 em each, and the pair is kerned by -131/2048 em. At 1000 px the
    # pair is 1000 × 2671/2048 = 1304,2 px wide, where the advances alone would give 1368,2 px.
    width = drawn_width(_vega_v8.vega_to_svg(text_spec("AV", "normal")))
    assert width == pytest.approx(1000 * (1401 + 1401 - 131) / 2048, abs=1)


@pytest.mark.parametrize("weight", ["normal", "bold"])
@pytest.mark.parametrize("text", [
    "Mål 17,2 %", "Andel (%) genomförda hälsoundersökningar (VHU)", "ÅÄÖ åäö é ü", "To Wa Yo AV LT", "1\u202f234,5",
    "\u22123,5", "Officiell effekt: ffi ffl fl", "T1 2023 – T3 2024", "Mål för helåret ↗ ≥ 95 %", "«citat» ‘’ “”…",
])
def test_text_is_as_wide_as_vl_convert_measures_it(text: str, weight: str) -> None:
    spec = text_spec(text, weight)
    assert drawn_width(_vega_v8.vega_to_svg(spec)) == drawn_width(vl_convert_svg(spec))


def test_a_themed_chart_is_drawn_byte_for_byte_as_by_vl_convert() -> None:
    data = alt.Data(values=[{"p": f"T{t} {y}", "v": 10.5 * t - y % 7, "s": s}
                            for y in (2022, 2023, 2024) for t in (1, 2, 3) for s in ("Kvinnor", "Män")])
    chart = (alt.Chart(data).mark_line(point=True)
             .encode(x=alt.X("p:O", title=None), y=alt.Y("v:Q", title="Andel (%)"), color=alt.Color("s:N", title=None))
             .properties(title="Andel väntande längre än 90 dagar, fördelat på kön"))
    vega = display._compile_vegalite(display.chart_spec(chart))
    assert _vega_v8.vega_to_svg(vega) == vl_convert_svg(vega)


def clipped_spec(values: list[int]) -> dict[str, Any]:
    return {"$schema": "https://vega.github.io/schema/vega/v6.json", "width": 100, "height": 50,
            "data": [{"name": "t", "values": [{"v": v} for v in values]}],
            "marks": [{"type": "group", "clip": True, "encode": {"enter": {"width": {"value": 100},
                                                                          "height": {"value": 50}}},
                       "marks": [{"type": "rect", "from": {"data": "t"}, "encode": {"enter": {
                           "x": {"field": "v"}, "width": {"value": 5}, "y": {"value": 0}, "height": {"value": 60}}}}]}]}


def test_a_chart_is_drawn_the_same_whatever_was_drawn_before() -> None:
    first = _vega_v8.vega_to_svg(clipped_spec([1, 20, 40]))
    for values in ([5], [7, 9], [30, 60, 90]):
        _vega_v8.vega_to_svg(clipped_spec(values))
    again = _vega_v8.vega_to_svg(clipped_spec([1, 20, 40]))
    assert "clip-path" in first
    assert again == first


def test_without_dejavu_sans_vl_convert_draws_the_charts(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(_text_widths, "FONT_DIR", tmp_path / "inga-typsnitt")
    _text_widths.width_table.cache_clear()
    try:
        assert not _vega_v8.available()
        spec = display.chart_spec(alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q"))
        called: list[dict[str, Any]] = []
        monkeypatch.setattr(_vega_v8, "vega_to_svg", called.append)
        svg = display.chart_svg(spec)
        assert svg.startswith("<svg") and called == []
    finally:
        _text_widths.width_table.cache_clear()  # built again from the real fonts once the folder is restored


def test_the_width_table_is_built_once_and_read_from_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _text_widths.width_table.cache_clear()
    try:
        built = _text_widths.width_table()
        files = list((tmp_path / "malrapport").glob("text-widths-*.json"))
        assert len(files) == 1
        _text_widths.width_table.cache_clear()
        assert _text_widths.width_table() == built
        # 'V' after 'A' is kerned in both weights; 'å' is in the table with its own advance.
        assert built is not None
        assert built["normal"]["pairs"]["AV"] == pytest.approx(-131 / 2048)
        assert built["bold"]["pairs"]["AV"] < 0
        assert built["normal"]["advances"]["å"] == pytest.approx(1255 / 2048)
    finally:
        _text_widths.width_table.cache_clear()


def test_a_spec_vega_cannot_draw_is_an_error_not_an_empty_drawing() -> None:
    with pytest.raises(RuntimeError, match="Vega kunde inte rita diagrammet"):
        _vega_v8.vega_to_svg({"marks": [{"type": "text", "from": {"data": "finns-inte"}}]})
    assert _vega_v8.vega_to_svg(text_spec("Mål", "normal", 12)).startswith("<svg")


def test_a_process_that_drew_a_chart_ends_when_its_work_is_done() -> None:
    """The V8 engine's thread must not keep a script (or a kernel) alive at its end."""
    import subprocess
    import sys

    script = ("from malrapport.present import display\n"
              "print(display.chart_svg({'mark': 'point', 'data': {'values': [{'a': 1}]},"
              " 'encoding': {'x': {'field': 'a', 'type': 'quantitative'}}})[:4])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "<svg", done.stderr[-500:]
