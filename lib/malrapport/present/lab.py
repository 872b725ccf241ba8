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

from . import display

RENDERER = "malrapport"
THEME = "malrapport"


def chart_name(spec: dict[str, Any]) -> str:
    """A name for an analyst's chart made from its spec: the same chart keeps its id from run to run."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return f"egen-{digest[:12]}"


def render_chart(spec: dict[str, Any], **_options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: the chart as a report output (HTML for the page, SVG, spec for JupyterLab)."""
    return display.notebook_form(display.spec_bundle(spec, chart_name(spec)))


def enable() -> None:
    """Make the project's renderer and theme Altair's active ones (once per kernel; again after a reset)."""
    import altair as alt

    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, render_chart)
    alt.renderers.enable(RENDERER)
    alt.theme.enable(THEME)
