"""Static SVG of a Vega spec, drawn by Vega itself in an embedded V8 engine (mini-racer).

vl-convert draws a chart in about 50 ms, most of it measuring text: it shapes every label again from the font
file. Here the same Vega release (vl-convert's own bundle, so the interactive page and the static drawing come
from one Vega) runs in a V8 context kept per process, and measures text from the width table of `_text_widths`
(DejaVu Sans shaped by HarfBuzz once): about 11–15 ms a chart, with the same layout and bytes as vl-convert's
(tests/test_vega_svg.py, tests/test_vega_cache.py).

The engine is used when DejaVu Sans is installed (the reports' font); without it `available()` is False and
`display.chart_svg` keeps to vl-convert, which falls back to the fonts it carries.
"""
from __future__ import annotations

import atexit
import json
import threading
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import vl_convert as vlc

from ..inputs.files import cache_dir, cached_text
from ._text_widths import width_table

if TYPE_CHECKING:
    from py_mini_racer import JSPromise

VEGA_MODULE = "https://cdn.jsdelivr.net/npm/vega@{version}/+esm"
TIMEOUT_S = 60.0

# What a browser has and Vega looks for at load time; the engine has no timers or DOM.
_PRELUDE = """
var window = globalThis, self = globalThis;
globalThis.setInterval = function () { return 0; };
globalThis.clearInterval = function () {};
globalThis.setTimeout = function (f) { Promise.resolve().then(f); return 0; };
globalThis.clearTimeout = function () {};
globalThis.structuredClone = function (x) { return JSON.parse(JSON.stringify(x)); };
"""

# Vega's text measurement replaced as vl-convert replaces it (the full width, cut at the item's limit), with widths
# summed from the table: advances, then neighbouring pairs and three-letter ligatures.
_TEXT_WIDTH = """
var __widths = %s;
vega.textMetrics.width = function (item, text) {
  var weight = item.fontWeight == null ? "normal" : String(item.fontWeight);
  var table = (weight === "bold" || weight === "bolder" || +weight >= 600) ? __widths.bold : __widths.normal;
  var s = String(text), em = 0, a = table.advances, p = table.pairs, t = table.triples, i, k;
  for (i = 0; i < s.length; i++) {
    k = a[s[i]];
    em += k === undefined ? table.fallback : k;
    if (i > 0) { k = p[s[i - 1] + s[i]]; if (k !== undefined) em += k; }
    if (i > 1) { k = t[s.substr(i - 2, 3)]; if (k !== undefined) em += k; }
  }
  var full = em * vega.fontSize(item);
  return item.limit > 0 ? Math.min(full, item.limit) : full;
};
var __svg = null, __svgError = null;
function malrapportSvg(spec) {
  vega.resetSVGDefIds();
  var view = new vega.View(vega.parse(spec), {renderer: "none"});
  return view.toSVG().then(function (svg) { view.finalize(); return svg; });
}
function malrapportStartSvg(spec) {
  __svg = null; __svgError = null;
  try {
    malrapportSvg(spec).then(function (svg) { __svg = svg; }, function (error) { __svgError = String(error); });
  } catch (error) {
    __svgError = String(error);
  }
  return 0;
}
"""


@cache
def vega_namespace_bundle() -> str:
    """Vega's namespace as `globalThis.vega`, built from vl-convert's bundle (about 1 s; kept on disk)."""
    module = VEGA_MODULE.format(version=vlc.get_vega_version())
    cached = cache_dir() / f"vega-namespace-{vlc.__version__}.js"  # type: ignore[attr-defined]  # not in the stub
    return cached_text(cached, lambda: vlc.javascript_bundle(
        f'import * as vegaAll from "{module}";\nglobalThis.vega = vegaAll;'))


def available() -> bool:
    """Whether charts can be drawn here: the width table needs DejaVu Sans."""
    return width_table() is not None


class _Engine:
    """One V8 context with Vega loaded; calls are serialised (a context runs one script at a time)."""

    def __init__(self) -> None:
        from py_mini_racer import MiniRacer

        self._lock = threading.Lock()
        self._context = MiniRacer()
        self._context.eval(_PRELUDE)
        self._context.eval(vega_namespace_bundle())
        table = json.dumps(width_table(), ensure_ascii=False)
        self._context.eval(_TEXT_WIDTH % table)

    def svg(self, vega_spec: dict[str, Any]) -> str:
        """Vega's SVG of the spec. Vega's work is all promise callbacks, which V8 runs before an evaluation returns;
        the result is read by a second one (waiting on the promise through mini-racer costs twice the drawing)."""
        spec = json.dumps(vega_spec, ensure_ascii=False)
        with self._lock:
            self._context.eval(f"malrapportStartSvg({spec})")
            result: Any = self._context.eval("__svg")
            error: Any = self._context.eval("__svgError")
            if result is None and error is None:  # Vega still waits for something (these charts load nothing)
                result = cast("JSPromise", self._context.eval(f"malrapportSvg({spec})")).get(timeout=TIMEOUT_S)
        if not isinstance(result, str):
            raise RuntimeError(f"Vega kunde inte rita diagrammet: {error}")
        return result

    def close(self) -> None:
        """Stop the V8 context and its thread: left running, the thread keeps a finished script from ending."""
        with self._lock:
            self._context.close()


@cache
def _engine() -> _Engine:
    engine = _Engine()
    atexit.register(engine.close)
    return engine


def vega_to_svg(vega_spec: dict[str, Any]) -> str:
    """The SVG Vega draws for a Vega spec (the spec carries its own locale, as Vega-Lite writes it)."""
    return _engine().svg(vega_spec)
