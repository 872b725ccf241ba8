"""Output bundles for report notebooks: charts, tables, safe narrative Markdown and headings.

Every bundle carries several representations so that one executed notebook serves every consumer: the
offline HTML export (`text/html`), the Typst PDF (`text/vnd.typst`, see `typst_markup`), Quarto
(`text/markdown`, `image/svg+xml`), JupyterLab and plain text. Output is deterministic: element ids come from
names and texts, never from random numbers, so that two runs of a report give identical bytes.
"""
from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, ParamSpec, TypeVar, cast

import altair as alt
import vl_convert as vlc
from markdown_it import MarkdownIt

from .. import sv
from ..model import Status
from ..sv import D3_FORMAT_LOCALE, D3_TIME_LOCALE
from . import _vega_v8, lab_style
from . import typst_markup as typ
from ._text_widths import FONT_DIR
from ._vega_cache import CompiledShapes
from .palette import OKABE_ITO, STATUS_COLORS

P = ParamSpec("P")
R = TypeVar("R")

VEGALITE_MIME = "application/vnd.vegalite.v6+json"
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; yellow last (weak on white).

_static_charts = True


def set_static_charts(enabled: bool) -> None:
    """Switch the static SVG of charts on (default) or off, e.g. for a batch that needs only interactive HTML."""
    global _static_charts
    _static_charts = bool(enabled)


def static_charts_enabled() -> bool:
    """Whether `chart_bundle` renders a static SVG."""
    return _static_charts


# --- ids ----------------------------------------------------------------------------------------------------

def slugify(text: str) -> str:
    """ASCII id from a text: 'Mål 1. Trygga uppväxtvillkor' → 'mal-1-trygga-uppvaxtvillkor'."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "avsnitt"


def chart_id(name: str) -> str:
    """The element id of a chart's container; names must be unique within one report."""
    return f"chart-{slugify(name)}"


# --- theme ---------------------------------------------------------------------------------------------------

@alt.theme.register("malrapport", enable=False)
def malrapport_theme() -> alt.theme.ThemeConfig:
    """Sans-serif text, Swedish number and date formats, a quiet grid and the Okabe–Ito palette."""
    axis_text = "#333333"
    # labelLimit 0: labels are never cut short. Charts whose labels may be long (goal and unit names) set their
    # own limit; for the short period, number and sex labels a limit only costs a text measurement per label,
    # which in vl-convert is most of the time a chart takes (about a fifth less with it off).
    return {
        "config": {
            "font": FONT_FAMILY,
            "background": "white",
            # sv keeps the locales as plain dicts (vl-convert takes them too); they have the shape Vega-Lite wants.
            "locale": cast(alt.theme.LocaleKwds, {"number": D3_FORMAT_LOCALE, "time": D3_TIME_LOCALE}),
            "view": {"stroke": None},
            "range": {"category": list(OKABE_ITO)},
            "axis": {"gridColor": "#E6E6E6", "gridWidth": 0.8, "domainColor": "#888888", "tickColor": "#888888",
                     "labelColor": axis_text, "titleColor": axis_text, "labelFontSize": 12, "titleFontSize": 12,
                     "titleFontWeight": "normal", "labelLimit": 0},
            "legend": {"labelColor": axis_text, "titleColor": axis_text, "labelFontSize": 12,
                       "titleFontSize": 12, "titleFontWeight": "normal", "labelLimit": 0},
            "title": {"fontSize": 14, "fontWeight": "bold", "anchor": "start", "color": "#222222"},
            "bar": {"color": OKABE_ITO[0]},
            "area": {"color": OKABE_ITO[0]},
            "tick": {"color": OKABE_ITO[0]},
            "circle": {"color": OKABE_ITO[0]},
            "square": {"color": OKABE_ITO[0]},
            "line": {"color": OKABE_ITO[0], "strokeWidth": 2},
            "point": {"color": OKABE_ITO[0], "filled": True, "size": 50},
        }
    }


@cache
def _register_fonts() -> None:
    """Give vl-convert the DejaVu fonts once per process so SVG text is measured and drawn sans-serif."""
    if FONT_DIR.is_dir():
        vlc.register_font_directory(str(FONT_DIR))


@cache
def _vl_version() -> str | None:
    """The Vega-Lite version Altair writes, as vl-convert names it ('6.4'), when vl-convert has it."""
    major_minor = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return major_minor if major_minor in vlc.get_vegalite_versions() else None


def chart_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec with the project theme applied, without changing the global theme.

    Schema validation is skipped: it costs more than drawing the chart, and the chart builders are validated
    against the schema in their tests instead (tests/test_charts.py).
    """
    with alt.theme.enable("malrapport"):
        return chart.to_dict(validate=False)


def _compile_vegalite(spec: dict[str, Any]) -> dict[str, Any]:
    return vlc.vegalite_to_vega(spec, vl_version=_vl_version())


_compiled_shapes = CompiledShapes(_compile_vegalite)


def chart_svg(spec: dict[str, Any]) -> str:
    """Static SVG of a Vega-Lite spec, drawn with the Swedish locale and DejaVu Sans.

    Each chart shape is compiled to Vega once per process (`_vega_cache`), and Vega draws it in an embedded V8 with
    text widths from a table (`_vega_v8`, about a quarter of vl-convert's time); without DejaVu Sans installed,
    vl-convert draws it.
    """
    vega = _compiled_shapes.vega_of(spec)
    if _vega_v8.available():
        return _vega_v8.vega_to_svg(vega)
    _register_fonts()
    return vlc.vega_to_svg(vega, format_locale=D3_FORMAT_LOCALE, time_format_locale=D3_TIME_LOCALE)


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def scope_svg_ids(svg: str, prefix: str) -> str:
    """Prefix the SVG's internal ids (clip paths, gradients) so that several charts on one page never share one."""
    for old in dict.fromkeys(_SVG_ID.findall(svg)):
        new = f"{prefix}-{old}"
        svg = (svg.replace(f'id="{old}"', f'id="{new}"').replace(f"url(#{old})", f"url(#{new})")
               .replace(f'href="#{old}"', f'href="#{new}"'))
    return svg


def _chart_title(spec: dict[str, Any]) -> str:
    title = spec.get("title", "")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return str(title)


def _script_json(data: Any) -> str:
    """JSON safe inside an HTML <script> element: no '<', '>' or '&' that could end or open markup."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_EMBED_SCRIPT = (
    "(function(){var id=%s;if(!window.vegaEmbed)return;var el=document.getElementById(id);"
    "var spec=JSON.parse(document.getElementById(id+'-spec').textContent);var fallback=el.innerHTML;"
    "var done=window.vegaEmbed('#'+id,spec,{actions:false,renderer:'svg',tooltip:true})"
    ".catch(function(e){el.innerHTML=fallback;console.error('Diagrammet '+id+' kunde inte ritas: '+e);});"
    "(window.__malrapportCharts=window.__malrapportCharts||[]).push(done);})();"
)


def chart_bundle(chart: alt.TopLevelMixin, name: str, alt_text: str = "") -> dict[str, Any]:
    """Mimebundle of a chart: HTML (static SVG upgraded by vegaEmbed when present), SVG, Vega-Lite spec, title,
    and for the PDF a figure of the SVG with `alt_text` (what the chart shows in words; the title when empty).

    `name` gives the container's id (`chart-<slug>`) and must be unique within a report.
    """
    return spec_bundle(chart_spec(chart), name, alt_text)


def spec_bundle(spec: dict[str, Any], name: str, alt_text: str = "") -> dict[str, Any]:
    """Mimebundle of a chart given as its Vega-Lite spec with the theme applied (see `chart_bundle`)."""
    element_id = chart_id(name)
    title = _chart_title(spec) or sv.CHART_FALLBACK_TITLE.format(name=name)
    svg = scope_svg_ids(chart_svg(spec), element_id) if _static_charts else ""
    # The figure carries the title for screen readers and a tagged PDF; its drawing is hidden from them, so that a
    # PDF gets one figure with a text instead of hundreds of tagged lines and labels (and prints faster).
    # The figure is described by its figures in words (`alt_text`), kept outside the container that vega-embed
    # redraws; the page's charts.js keeps the role, name and description once Vega has drawn the chart.
    drawing = svg.replace("<svg ", '<svg aria-hidden="true" ', 1)
    alt_text = alt_text or title
    container = (f'<div class="malrapport-chart" id="{element_id}" role="figure" '
                 f'aria-label="{html.escape(title)}" aria-describedby="{element_id}-text">{drawing}</div>'
                 f'<p class="mr-sr-only" id="{element_id}-text">{html.escape(alt_text)}</p>')
    markup = (f'{container}\n<script type="application/json" id="{element_id}-spec">{_script_json(spec)}</script>\n'
              f"<script>{_EMBED_SCRIPT % json.dumps(element_id)}</script>")
    typst = typ.figure(svg, alt_text, typ.svg_width_pt(svg)) if svg else typ.chart_text(alt_text)
    bundle: dict[str, Any] = {"text/html": markup, VEGALITE_MIME: spec, "text/plain": title, typ.TYPST_MIME: typst}
    if svg:
        bundle["image/svg+xml"] = svg
    return bundle


# --- tables, narrative, headings ------------------------------------------------------------------------------

def table_bundle(html_table: str, markdown: str, caption: str = "", typst: str = "") -> dict[str, str]:
    """Mimebundle of a table made by the report code: HTML for the page, Typst for the PDF (`tables.to_typst`),
    Markdown for Quarto, plain text. Without `typst` the PDF shows the Markdown's text."""
    caption_html = f'<p class="malrapport-caption">{html.escape(caption)}</p>' if caption else ""
    caption_md = f"**{escape_markdown(caption)}**\n\n" if caption else ""
    return {
        "text/html": f'<div class="malrapport-table">{caption_html}{html_table}</div>',
        "text/markdown": caption_md + markdown,
        "text/plain": caption or sv.TABLE_PLAIN_TEXT,
        typ.TYPST_MIME: typst or typ.narrative(caption_md + markdown),
    }


def html_bundle(html_block: str, markdown: str, text: str = "", typst: str = "") -> dict[str, str]:
    """Mimebundle of trusted HTML made by the report code (never analysts' text) with its Markdown twin and its
    Typst form (the Markdown converted, with every text escaped, when none is given)."""
    return {"text/html": html_block, "text/markdown": markdown, "text/plain": text or markdown,
            typ.TYPST_MIME: typst or typ.narrative(markdown)}


def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "mailto:"))


class _SafeLinkMarkdown(MarkdownIt):
    """markdown-it-py's hook for link checks is this method, overridden rather than assigned."""

    def validateLink(self, url: str) -> bool:
        return _safe_link(url)


@cache
def _markdown() -> MarkdownIt:
    """CommonMark without raw HTML and without images; links only to http(s) and mailto."""
    return _SafeLinkMarkdown("commonmark", {"html": False}).disable("image")


_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+")


def _escape_line(line: str) -> str:
    markers = _QUOTE_MARKERS.match(line)
    keep = markers.group(0) if markers else ""
    rest = line[len(keep):].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return keep + rest.replace("{=", "{&#61;")


def escape_markdown(text: str) -> str:
    """Markdown source in which no HTML and no Pandoc raw block can appear.

    '<', '>' and '&' become entities; only block-quote markers ('>' opening a line) stay, as they cannot
    start markup. '{=' becomes '{&#61;' so that no Pandoc raw attribute (`{=html}`, `{=typst}`) survives.
    """
    return "\n".join(_escape_line(line) for line in str(text).split("\n"))


def render_markdown(text: str) -> str:
    """Analysts' Markdown as HTML in which any HTML they typed shows as text."""
    return _markdown().render(str(text))


def markdown_bundle(text: str) -> dict[str, str]:
    """Mimebundle of analysts' narrative Markdown, safe in every consumer (HTML, nbconvert, Quarto)."""
    return {
        "text/html": f'<div class="malrapport-narrative">{render_markdown(text)}</div>',
        "text/markdown": escape_markdown(text),
        "text/plain": str(text),
        typ.TYPST_MIME: typ.narrative(str(text)),
    }


def status_bundle(text: str, status: Status) -> dict[str, str]:
    """A status line (Markdown with the status symbol and word) marked with the status colour."""
    color = STATUS_COLORS.get(status, "#999999")
    return {
        "text/html": (f'<div class="malrapport-status malrapport-status-{status.value}" '
                      f'style="border-left-color:{color}">{render_markdown(text)}</div>'),
        "text/markdown": escape_markdown(text),
        "text/plain": str(text),
        typ.TYPST_MIME: typ.status_line(str(text), status.value),
    }


def heading_bundle(text: str, level: int = 2, anchor: str | None = None) -> dict[str, str]:
    """Mimebundle of a section heading with a stable id (slug of the text) that the table of contents links to."""
    if not 1 <= level <= 6:
        raise ValueError(f"heading level must be 1–6, got {level}")
    anchor = anchor or slugify(text)
    return {
        "text/html": f'<h{level} id="{html.escape(anchor)}">{html.escape(text)}</h{level}>',
        "text/markdown": f"{'#' * level} {escape_markdown(text)} {{#{anchor}}}",
        "text/plain": str(text),
        typ.TYPST_MIME: typ.heading(str(text), level),
    }


# --- publishing ------------------------------------------------------------------------------------------------

def publish(bundle: dict[str, Any]) -> None:
    """Show a mimebundle as an output of the current cell (merged with its neighbours inside `grouped`).

    The first output of a cell is preceded by the report's style for JupyterLab (`lab_style`); charts go out in
    the form JupyterLab draws interactively (`notebook_form`).
    """
    if _group is not None and _mergeable(bundle):
        if _group and set(_group[-1]) != set(bundle):
            _flush()
        _group.append(bundle)
        return
    _flush()
    _emit(*notebook_form(bundle))


def _emit(bundle: dict[str, Any], metadata: dict[str, Any] | None = None) -> None:
    from IPython.display import display

    global _styled_cell
    cell = lab_style.current_cell()
    shown = not any(key.startswith(lab_style.HIDDEN_MIME_PREFIX) for key in bundle)
    if shown and cell is not None and cell != _styled_cell:
        _styled_cell = cell
        display(lab_style.style_bundle(), raw=True)
    display(bundle, raw=True, metadata=metadata or None)


# --- JupyterLab: fewer, larger outputs; charts that Lab draws --------------------------------------------------

_group: list[dict[str, Any]] | None = None
_styled_cell: str | None = None
_JOINERS = {"text/html": "\n", "text/markdown": "\n\n", "text/plain": "\n\n"}
"""How the parts of one merged output are joined, per MIME type; other text forms (e.g. Typst) are concatenated
as their consumers concatenate separate outputs."""

CHART_HTML_MIME = "text/vnd.malrapport-chart+html"
"""A chart's HTML for the rendered page (static SVG upgraded by vegaEmbed), under a type JupyterLab does not
render, so that Lab draws the chart from its Vega-Lite spec instead; the HTML exporter shows it unchanged."""
LAB_VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The newest Vega-Lite type JupyterLab 4 renders; the project's specs draw identically with Vega-Lite 5."""
LAB_EMBED_OPTIONS = {"actions": False, "renderer": "svg"}
"""As the rendered page embeds charts (tooltips are on by default in both)."""


def _mergeable(bundle: dict[str, Any]) -> bool:
    """Text-only outputs (headings, narrative, tables) merge; charts and hidden data stay outputs of their own."""
    return all(isinstance(value, str) for value in bundle.values()) and CHART_HTML_MIME not in bundle \
        and not any(key.startswith("application/") for key in bundle)


def _flush() -> None:
    global _group
    if not _group:
        return
    parts, _group = _group, []
    merged = parts[0] if len(parts) == 1 else \
        {key: _JOINERS.get(key, "").join(part[key] for part in parts) for key in parts[0]}
    _emit(merged)


def grouped(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: the outputs of one call leave as few outputs as possible (consecutive text parts in one).

    JupyterLab folds a cell's outputs after the fiftieth; a report section merged so shows whole. Charts stay
    separate outputs between the merged parts, so the page order is unchanged. Nested calls join the outer group.
    """
    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        global _group
        if _group is not None:
            return function(*args, **kwargs)
        _group = []
        try:
            return function(*args, **kwargs)
        finally:
            try:
                _flush()
            finally:
                _group = None
    return wrapper


@contextlib.contextmanager
def ungrouped() -> Iterator[None]:
    """Inside a `grouped` call: what is shown here leaves as separate outputs, after everything shown before.

    For code that displays through IPython directly (an analyst's chart or table), whose outputs would otherwise
    overtake the merged text still waiting.
    """
    global _group
    held = _group
    _flush()
    _group = None
    try:
        yield
    finally:
        _group = [] if held is not None else None


def lab_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec under Vega-Lite 5's schema, so that JupyterLab's renderer takes it without a version warning."""
    return {**spec, "$schema": "https://vega.github.io/schema/vega-lite/v5.json"}


def notebook_form(bundle: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A bundle as it goes into the notebook, with its output metadata.

    A chart's HTML moves to `CHART_HTML_MIME` and its spec is added as Vega-Lite 5: JupyterLab ranks `text/html`
    above Vega-Lite and knows no Vega-Lite 6, so only so does it draw the chart (interactive, offline, with
    the report's embed options). Every other bundle is unchanged.
    """
    if VEGALITE_MIME not in bundle or "text/html" not in bundle:
        return bundle, {}
    form = {(CHART_HTML_MIME if key == "text/html" else key): value for key, value in bundle.items()}
    form[LAB_VEGALITE_MIME] = lab_spec(bundle[VEGALITE_MIME])
    return form, {LAB_VEGALITE_MIME: {"embed_options": dict(LAB_EMBED_OPTIONS)}}


def show_chart(chart: alt.TopLevelMixin, name: str, alt_text: str = "") -> None:
    """Show a chart; see `chart_bundle`.

    >>> show_chart(alt.Chart(frame).mark_line().encode(x="period", y="value"), "min-serie")  # doctest: +SKIP
    """
    publish(chart_bundle(chart, name, alt_text))


def show_spec(spec: dict[str, Any], name: str, alt_text: str = "") -> None:
    """Show a chart given as its themed Vega-Lite spec; see `spec_bundle`."""
    publish(spec_bundle(spec, name, alt_text))


def show_table(html_table: str, markdown: str, caption: str = "", typst: str = "") -> None:
    """Show a table; see `table_bundle`."""
    publish(table_bundle(html_table, markdown, caption, typst))


def show_html(html_block: str, markdown: str, text: str = "", typst: str = "") -> None:
    """Show trusted HTML made by the report code; see `html_bundle`."""
    publish(html_bundle(html_block, markdown, text, typst))


def show_markdown(text: str) -> None:
    """Show analysts' narrative Markdown safely; see `markdown_bundle`.

    >>> show_markdown("Andelen som väntat **högst 90 dagar** ökar.")  # doctest: +SKIP
    """
    publish(markdown_bundle(text))


def show_status(text: str, status: Status) -> None:
    """Show a status line; see `status_bundle`."""
    publish(status_bundle(text, status))


def show_heading(text: str, level: int = 2, anchor: str | None = None) -> None:
    """Show a section heading; see `heading_bundle`.

    >>> show_heading("Väntetider", 2)  # with an anchor, listed in the table of contents  # doctest: +SKIP
    """
    publish(heading_bundle(text, level, anchor))
