"""Executed notebook → one self-contained, offline HTML page.

The page uses the project's nbconvert template (`templates/malrapport`, extending JupyterLab's): no code, no
prompts, no CDN. The Vega JavaScript bundle is inlined once when the page has a chart, a table of contents is
built from the headings, and print styles give A4 pages with a running header and page numbers ("Sida 3 (12)").
The same notebook always gives the same bytes.
"""
from __future__ import annotations

import copy
import html
import re
import secrets
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import vl_convert as vlc
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

from .. import sv
from ..inputs.files import cache_dir, cached_text
from ..present.display import CHART_HTML_MIME, slugify
from ..present.payload import HIDDEN_MIME_PREFIX

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "malrapport"
REPORT_CSS = TEMPLATE_DIR / TEMPLATE_NAME / "report.css"
CHARTS_JS = TEMPLATE_DIR / TEMPLATE_NAME / "charts.js"

TOC_MARKER = "<!-- malrapport:toc -->"
VEGA_MARKER = "<!-- malrapport:vega-bundle -->"
CHART_MARKER = 'class="malrapport-chart"'
"""Outputs carrying a mime type with this prefix are data for the batch (figures, metadata), never shown."""

REMOVE_CELL_TAGS = frozenset({"remove-cell"})
REMOVE_OUTPUT_TAGS = frozenset({"parameters", "injected-parameters", "remove-output"})
REMOVE_INPUT_TAGS = frozenset({"remove-input"})

TITLE_BLOCK_END = "</header>"

_HEADING = re.compile(r"<h([1-3])(\s[^>]*)?>(.*?)</h\1\s*>", re.S | re.I)
_ID_ATTR = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ANCHOR_LINK = re.compile(r'<a\s[^>]*class="anchor-link"[^>]*>.*?</a>', re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_OUTPUT_TABINDEX = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*?) tabindex="0"')
_TABLE = re.compile(r"<table\b.*?</table\s*>", re.S | re.I)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption\s*>", re.S | re.I)
_BLOCK_CAPTION = re.compile(r'<p class="malrapport-caption">(.*?)</p>', re.S)

_export_lock = threading.Lock()


@dataclass(frozen=True)
class Heading:
    """A heading of the page as the table of contents lists it."""

    level: int
    id: str
    text: str


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script (about 0.9 MB).

    Building it takes ~2 s, so it is kept in memory per process and on disk per vl-convert version
    (`~/.cache/malrapport/`), where every worker of a batch finds it. A cache that cannot be written is skipped.
    """
    cached = cache_dir() / f"vega-bundle-{vlc.__version__}.js"  # type: ignore[attr-defined]  # not in the stub
    return cached_text(cached, vlc.javascript_bundle)  # type: ignore[arg-type]  # the stub: snippet is optional


@cache
def report_css() -> str:
    """The project's page and print styles."""
    return REPORT_CSS.read_text(encoding="utf-8")


@cache
def charts_js() -> str:
    """The script that keeps the charts' Swedish role, name and description after vega-embed has drawn them."""
    return CHARTS_JS.read_text(encoding="utf-8")


@cache
def _exporter() -> HTMLExporter:
    """One exporter per process: the template is loaded once (first export ~0.5 s, then ~0.03 s)."""
    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATE_DIR)], template_name=TEMPLATE_NAME)
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(
        remove_cell_tags=set(REMOVE_CELL_TAGS), remove_all_outputs_tags=set(REMOVE_OUTPUT_TAGS),
        remove_input_tags=set(REMOVE_INPUT_TAGS), enabled=True), enabled=True)
    return exporter


def css_string(text: str) -> str:
    """A CSS string literal for `content:` that no text can break out of (quotes, backslashes, '<')."""
    out = []
    for char in str(text):
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def page_css(running_header: str = "") -> str:
    """Paged-media margin boxes: the running header top left, 'Sida 3 (12)' bottom right."""
    box = 'font-family: "DejaVu Sans", sans-serif; font-size: 8.5pt; color: #555555;'
    header = f"  @top-left {{ content: {css_string(running_header)}; {box} }}\n" if running_header else ""
    label = css_string(f"{sv.PAGE_NUMBER_LABEL} ")
    footer = f'  @bottom-right {{ content: {label} counter(page) " (" counter(pages) ")"; {box} }}\n'
    return f"@page {{\n{header}{footer}}}"


def _slim_copy(nb: nbformat.NotebookNode, token: str) -> tuple[nbformat.NotebookNode, list[str]]:
    """A copy of `nb` for the exporter and the HTML of its outputs, which the copy holds only as placeholders.

    The page shows an output's HTML whenever it has one (a chart's under `CHART_HTML_MIME`), so the other
    representations (SVG, Vega-Lite spec, Markdown) are left out of the copy; outputs meant for the batch (see
    HIDDEN_MIME_PREFIX) too. The exporter then reads a few kilobytes instead of megabytes of charts, and the HTML
    is put back after export unchanged.
    Placeholders carry `token`, new for every export, so that no text in the notebook can pass for one.
    """
    blocks: list[str] = []
    cells = []
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            cells.append(copy.deepcopy(cell))
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(key.startswith(HIDDEN_MIME_PREFIX) for key in data):
                continue
            shown = data.get(CHART_HTML_MIME, data.get("text/html"))  # a chart's page HTML, else the output's
            if shown is not None:
                blocks.append(shown)
                output = {**output, "data": {"text/html": f"<!--{token}:{len(blocks) - 1}-->"}, "metadata": {}}
            outputs.append(copy.deepcopy(output))
        cells.append({**{k: copy.deepcopy(v) for k, v in cell.items() if k != "outputs"}, "outputs": outputs})
    slim = nbformat.from_dict({"nbformat": nb.nbformat, "nbformat_minor": nb.nbformat_minor,
                               "metadata": copy.deepcopy(nb.metadata), "cells": cells})
    return slim, blocks


def _plain_text(markup: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", markup)).split())


def scrollable_tables(fragment: str) -> str:
    """Put every table of an output in its own labelled, focusable container that scrolls sideways.

    A table wider than the screen (a phone, 400 % zoom) then scrolls on its own, by keyboard too, while the page
    keeps to the screen's width (WCAG 1.4.10). The label is the table's caption, else the output's caption, else
    "Tabell". Output fragments hold no nested tables, so the shortest match is the whole table.
    """
    block_caption = _BLOCK_CAPTION.search(fragment)

    def wrap(match: re.Match[str]) -> str:
        caption = _CAPTION.search(match[0])
        label = _plain_text(caption[1]) if caption else ""
        label = label or (_plain_text(block_caption[1]) if block_caption else "") or sv.TABLE_PLAIN_TEXT
        return (f'<div class="mr-scroll" role="region" tabindex="0" aria-label="{html.escape(label)}">'
                f"{match[0]}</div>")

    return _TABLE.sub(wrap, fragment)


def unfocusable_outputs(page: str) -> str:
    """Remove the tabindex nbconvert gives every output area: a reader would tab through hundreds of unnamed
    blocks. What must be reachable by keyboard (links, scrolling tables) is focusable by itself."""
    return _OUTPUT_TABINDEX.sub(r"\1", page)


def _heading_text(inner: str) -> str:
    text = _TAG.sub("", _ANCHOR_LINK.sub("", inner))
    return " ".join(html.unescape(text).split())


def _unique(candidate: str, used: set[str]) -> str:
    unique, n = candidate, 2
    while unique in used:
        unique, n = f"{candidate}-{n}", n + 1
    return unique


def index_headings(page: str) -> tuple[str, list[Heading]]:
    """Give every h1–h3 a unique id (keeping existing ones) and list them in page order."""
    used: set[str] = set()
    for match in _ID_ATTR.finditer(page):
        used.add(html.unescape(match[1] if match[1] is not None else match[2]))
    seen: set[str] = set()
    headings: list[Heading] = []

    def visit(match: re.Match[str]) -> str:
        level, attrs, inner = int(match[1]), match[2] or "", match[3]
        text = _heading_text(inner)
        if not text:
            return match[0]
        id_match = _ID_ATTR.search(attrs)
        if id_match:
            current = html.unescape(id_match[1] if id_match[1] is not None else id_match[2])
            if current not in seen:
                seen.add(current)
                headings.append(Heading(level, current, text))
                return match[0]
            attrs = attrs[:id_match.start()] + attrs[id_match.end():]
        new_id = _unique(slugify(text), used | seen)
        seen.add(new_id)
        used.add(new_id)
        headings.append(Heading(level, new_id, text))
        return f'<h{level} id="{html.escape(new_id)}"{attrs}>{inner}</h{level}>'

    head_end = page.find("<main>")
    start = head_end if head_end >= 0 else 0
    return page[:start] + _HEADING.sub(visit, page[start:]), headings


def toc_html(headings: list[Heading]) -> str:
    """The table of contents (h2–h3) as a nav element; empty when there are fewer than two such headings."""
    headings = [h for h in headings if h.level > 1]  # the h1 is the document's title, already at the top
    if len(headings) < 2:
        return ""
    items = "".join(f'<li class="toc-h{h.level}"><a href="#{html.escape(h.id)}">{html.escape(h.text)}</a></li>'
                    for h in headings)
    title = html.escape(sv.CONTENTS_HEADING)
    return (f'<nav class="malrapport-toc" aria-label="{title}"><details>'
            f'<summary class="malrapport-toc-title">{title}</summary><ol>{items}</ol></details></nav>')


def place_toc(page: str, toc: str) -> str:
    """Put the table of contents right after the report's title block when there is one, else at the top."""
    without_marker = page.replace(TOC_MARKER, "", 1)
    title_end = without_marker.find(TITLE_BLOCK_END)
    if not toc or title_end < 0:
        return page.replace(TOC_MARKER, toc, 1)
    cut = title_end + len(TITLE_BLOCK_END)
    return without_marker[:cut] + toc + without_marker[cut:]


def inline_script(js: str) -> str:
    """A <script> element holding `js`, with no sequence that would end or confuse the HTML element."""
    safe = re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")
    return f"<script>{safe}</script>"


def export_html(nb: nbformat.NotebookNode, *, title: str, lang: str = "sv", running_header: str = "") -> str:
    """One self-contained offline HTML page of an executed notebook; identical bytes for identical input.

    `running_header` (organisation and period) is printed at the top of every PDF page.
    """
    token = f"malrapport-output-{secrets.token_hex(8)}"
    nb, blocks = _slim_copy(nb, token)
    nb.metadata["title"] = title
    resources = {
        "metadata": {"name": title},
        "malrapport": {"css": report_css(), "page_css": page_css(running_header),
                       "running_header": running_header},
    }
    with _export_lock:
        exporter = _exporter()
        exporter.language_code = lang
        page, _ = exporter.from_notebook_node(nb, resources=resources)
    page = unfocusable_outputs(page)
    page = re.sub(f"<!--{token}:(\\d+)-->", lambda match: scrollable_tables(blocks[int(match[1])]), page)
    page, headings = index_headings(page)
    page = place_toc(page, toc_html(headings))
    bundle = inline_script(vega_bundle()) + inline_script(charts_js()) if CHART_MARKER in page else ""
    return page.replace(VEGA_MARKER, bundle, 1)
