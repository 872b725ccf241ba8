"""The report page's stylesheet carried in the outputs, so that a report in JupyterLab looks as it is rendered.

JupyterLab shows `text/html` outputs in its own page, where a `<style>` element applies to everything. The
report's rules (`render/templates/malrapport/report.css`, the page's stylesheet) are therefore rewritten for
Lab: every selector is scoped to the output areas of cells that carry this style (`SCOPE`), rules for the
page's own chrome (body, prompts, table of contents, print) are left out, the page's custom properties
(`:root`) hold only inside the scope, and lengths in rem become the page's pixels. Lab itself is not restyled.
Each cell that shows report parts gets one such output first (see `display.publish`); it is marked hidden
(`HIDDEN_MIME_PREFIX`), so the HTML page, whose head has the stylesheet already, the PDF and the figures leave
it out.
"""
from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..inputs.project import PACKAGE_DIR
from .payload import HIDDEN_MIME_PREFIX

REPORT_CSS = PACKAGE_DIR / "render" / "templates" / "malrapport" / "report.css"
STYLE_CLASS = "mr-lab-style"
STYLE_MIME = f"{HIDDEN_MIME_PREFIX}lab-style+json"
SCOPE = f".jp-OutputArea:has(style.{STYLE_CLASS})"
"""The output area of a cell that shows report parts; specific enough to outrank Lab's own output rules."""

# Lab's output elements whose look the report sets (font, spacing); its other classes (prompts, the cell's
# layout) stay as Lab draws them.
_KEPT_LAB_CLASSES = frozenset({"jp-OutputArea-output", "jp-RenderedHTMLCommon"})
_LAB_CLASS = re.compile(r"\.(jp-[\w-]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_REM = re.compile(r"(?<![\w.-])(\d*\.?\d+)rem\b")
PAGE_ROOT_PX = 16
"""The page's root font size (`html { font-size: 16px }`): rem lengths become pixels in Lab, whose root is smaller."""

# What the page's body and main element give the report and Lab's output area lacks: the report's text width,
# and the style output itself takes no room.
_LAB_GLUE = f"""{SCOPE} .jp-OutputArea-child:has(style.{STYLE_CLASS}) {{ display: none; }}
{SCOPE} .jp-OutputArea-output.jp-RenderedHTMLCommon {{ max-width: 960px; color: var(--mr-text); }}
"""


def _rules(css: str) -> list[tuple[str, str]]:
    """The top-level rules of a stylesheet as (prelude, body); at-rules keep their whole block as body."""
    rules, depth, start, prelude = [], 0, 0, ""
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:at].strip(), at + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                rules.append((prelude, css[start:at].strip()))
                start = at + 1
    return rules


def scope_selector(selector: str) -> str | None:
    """One selector of the page rewritten for Lab's outputs, or None when it styles the page's own chrome."""
    selector = " ".join(selector.split()).replace(".malrapport.jp-Notebook", ".malrapport")
    if selector == ":root":
        return SCOPE
    if not selector.startswith(".malrapport "):
        return None  # body, html, the table of contents, Vega's tooltip: parts of the page, not of the outputs
    if set(_LAB_CLASS.findall(selector)) - _KEPT_LAB_CLASSES:
        return None
    return SCOPE + selector[len(".malrapport"):]


def scoped_css(css: str) -> str:
    """The report's screen rules scoped to report outputs in Lab (no at-rules: print and page setup stay out)."""
    out = []
    for prelude, body in _rules(_COMMENT.sub("", css)):
        if prelude.startswith("@"):
            continue
        selectors = [s for s in (scope_selector(part) for part in prelude.split(",")) if s]
        if selectors:
            body = _REM.sub(lambda m: f"{float(m[1]) * PAGE_ROOT_PX:g}px", " ".join(body.split()))
            out.append(f"{', '.join(selectors)} {{ {body} }}")
    return "\n".join(out) + "\n" + _LAB_GLUE


@cache
def lab_css() -> str:
    """The report's stylesheet for Lab (read once per process)."""
    return scoped_css(REPORT_CSS.read_text(encoding="utf-8"))


def style_bundle() -> dict[str, Any]:
    """The output that carries the report's look into Lab; hidden from the rendered report."""
    return {"text/html": f'<style class="{STYLE_CLASS}">\n{lab_css()}</style>', STYLE_MIME: {}, "text/plain": ""}


def current_cell() -> str | None:
    """The id of the request the kernel is executing (one per cell run), or None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    header = getattr(shell, "parent_header", None) or {}
    return header.get("header", {}).get("msg_id") or None
