"""A Jupyter kernel set up for analysts' own cells: an Altair chart shows offline, themed, as the report's do.

`import malrapport` in a kernel calls `enable()`. Altair's default renderer would load Vega from the internet;
the project's renderer gives each chart the report's output instead (`display.spec_bundle` in its notebook form):
JupyterLab draws it interactively from the Vega-Lite spec with its own, bundled Vega, and the rendered report
shows the same chart as every report chart. The project's theme (fonts, Swedish number formats, palette) is made
Altair's active theme.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from ..sv import CHART_OWN_TITLE, fmt_number, own_chart_alt_text
from . import display

RENDERER = "malrapport"
THEME = "malrapport"


def chart_name(spec: dict[str, Any]) -> str:
    """A name for an analyst's chart made from its spec: the same chart keeps its id from run to run."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return f"egen-{digest[:12]}"


def _title(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("text", "")
    return " ".join(value) if isinstance(value, list) else str(value or "")


def alt_text(spec: dict[str, Any]) -> str:
    """A Swedish text of what an analyst's chart shows, for screen readers and the PDF: title, axes and the points
    of its x and y fields (a chart whose data or fields cannot be read gets its title alone)."""
    encoding = spec.get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    rows: Any = (spec.get("data") or {}).get("values")
    if rows is None and spec.get("datasets"):
        rows = next(iter(spec["datasets"].values()))
    points = []
    if isinstance(rows, list) and x.get("field") and y.get("field"):
        for row in rows:
            value = row.get(y["field"]) if isinstance(row, dict) else None
            shown = fmt_number(value, 1) if isinstance(value, (int, float)) else str(value)
            points.append((str(row.get(x["field"])), shown))
    return own_chart_alt_text(_title(spec.get("title")) or CHART_OWN_TITLE, _title(x.get("title", x.get("field"))),
                              _title(y.get("title", y.get("field"))), points)


def render_chart(spec: dict[str, Any], **_options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: the chart as a report output (HTML for the page, SVG, spec for JupyterLab, and a Swedish
    text of its points for screen readers and the PDF)."""
    return display.notebook_form(display.spec_bundle(spec, chart_name(spec), alt_text(spec)))


def enable() -> None:
    """Make the project's renderer and theme Altair's active ones (once per kernel; again after a reset)."""
    import altair as alt

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, render_chart)
    alt.renderers.enable(RENDERER)
    alt.theme.enable(THEME)
