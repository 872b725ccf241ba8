"""The Typst form of what a report shows: escaped text, narratives from Markdown, headings, figures and status lines.

Every output of the report notebooks carries this form beside its HTML, under the MIME type `TYPST_MIME`; the
renderer (`render.typst_pdf`) puts the forms in order under the project's template, which defines the `mr-…`
functions called here (layout lives in the template, content here). Text that comes from data or analysts never
reaches Typst as markup or code: it is either escaped character by character (`text`) or a string literal
(`string`), so `#read("/etc/passwd")`, `#import`, brackets, `$`, `@` or `*` in it are shown as typed.

>>> print(text('#read("/etc/passwd") *fet*'))
\\#read\\(\\"\\/etc\\/passwd\\"\\) \\*fet\\*
>>> print(string('Säg "hej"'))
"Säg \\"hej\\""
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

TYPST_MIME = "text/vnd.typst"
"""The MIME type of an output's Typst form; the HTML export leaves it out of the page."""

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_SPECIAL = frozenset("\\#$*_`<>@=-+/[]{}~\"':.;,!?%&|^()")
LONG_WORD = 28
"""Words this long or longer may break anywhere in the PDF (see `text`)."""
_LONG = re.compile(rf"\S{{{LONG_WORD},}}")


def _escaped(cleaned: str) -> str:
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in cleaned)


def text(value: object) -> str:
    """Plain text as Typst markup that shows exactly these characters and evaluates nothing.

    Every ASCII punctuation mark is escaped with a backslash (Typst's escape for any character), so no
    function call, label, reference, math, emphasis, comment, URL or list marker can start; line breaks
    become spaces and control characters are dropped. A word of `LONG_WORD` characters or more goes to the
    template's `mr-long` as a string, which lets it break inside so that no table loses a column to it.
    """
    cleaned = _CONTROL.sub("", str(value)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if len(cleaned) < LONG_WORD or not _LONG.search(cleaned):
        return _escaped(cleaned)
    parts, last = [], 0
    for word in _LONG.finditer(cleaned):
        parts += [_escaped(cleaned[last:word.start()]), f"#mr-long({string(word.group())})"]
        last = word.end()
    return "".join(parts) + _escaped(cleaned[last:])


def string(value: object) -> str:
    """A Typst string literal holding `value` (only backslash, quote and line breaks need escaping)."""
    cleaned = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def content(markup: str) -> str:
    """A content block `[…]` around markup made by this module (its brackets are balanced by construction)."""
    return f"[{markup}]"


def array(items: Iterable[str]) -> str:
    """A Typst array of already-made expressions; a trailing comma keeps a one-element array an array."""
    return "(" + "".join(f"{item}, " for item in items) + ")"


def call(name: str, *args: str, **named: str) -> str:
    """`#name(args…, key: value…)` for a template function; arguments are Typst expressions made here."""
    parts = list(args) + [f"{key.replace('_', '-')}: {value}" for key, value in named.items()]
    return f"#{name}({', '.join(parts)})\n"


# --- Markdown ---------------------------------------------------------------------------------------------------

def _safe_link(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://", "mailto:"))


class _SafeLinkMarkdown(MarkdownIt):
    """The same Markdown dialect as the HTML (`display.render_markdown`): no raw HTML, no images, safe links."""

    def validateLink(self, url: str) -> bool:
        return _safe_link(url)


@cache
def _parser() -> MarkdownIt:
    return _SafeLinkMarkdown("commonmark", {"html": False}).disable("image")


def _inline(nodes: Sequence[SyntaxTreeNode]) -> str:
    out = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(text(node.content))
        elif kind in ("html_inline", "html_block"):
            out.append(text(node.content))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("#linebreak()")
        elif kind == "code_inline":
            out.append(f"#raw({string(node.content)})")
        elif kind == "em":
            out.append(f"#emph[{_inline(node.children)}]")
        elif kind == "strong":
            out.append(f"#strong[{_inline(node.children)}]")
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
            out.append(f"#link({string(href)})[{_inline(node.children)}]" if _safe_link(href)
                       else _inline(node.children))
        else:
            out.append(_inline(node.children) if node.children else text(node.content))
    return "".join(out)


def _blocks(nodes: Sequence[SyntaxTreeNode], tight: bool = False) -> str:
    out = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            body = _inline(node.children[0].children if node.children else [])
            out.append(body if tight else f"#par[{body}]\n")
        elif kind == "heading":
            level = int(node.tag[1:])
            out.append(heading_markup(_inline(node.children[0].children), level))
        elif kind in ("bullet_list", "ordered_list"):
            is_tight = not any(c.type == "paragraph" and not c.hidden
                               for item in node.children for c in item.children)
            items = array(content(_blocks(item.children, tight=is_tight)) for item in node.children)
            if kind == "ordered_list":
                start = int(node.attrs.get("start", 1) or 1)
                out.append(f"#enum(start: {start}, tight: {str(is_tight).lower()}, ..{items})\n")
            else:
                out.append(f"#list(tight: {str(is_tight).lower()}, ..{items})\n")
        elif kind == "blockquote":
            out.append(f"#quote(block: true)[{_blocks(node.children)}]\n")
        elif kind in ("fence", "code_block"):
            out.append(f"#raw({string(node.content.rstrip(chr(10)))}, block: true)\n")
        elif kind == "hr":
            out.append("#line(length: 100%, stroke: 0.5pt + luma(160))\n")
        elif kind == "html_block":
            out.append(f"#par[{text(node.content)}]\n")
        elif kind == "inline":
            out.append(_inline(node.children))
        else:
            out.append(_blocks(node.children))
    return "".join(out)


def markdown(source: str) -> str:
    """Markdown (as the HTML shows it) as Typst markup: emphasis, lists, quotes, links, code; all text escaped.

    >>> print(markdown("Andelen **ökar**."))
    #par[Andelen #strong[ökar]\\.]
    <BLANKLINE>
    """
    tree = SyntaxTreeNode(_parser().parse(str(source)))
    return _blocks(tree.children)


# --- the parts of a report --------------------------------------------------------------------------------------

HEADING_CALL = "#mr-heading(level: "
"""How every heading starts, level first, so the renderer can find and lower levels that would skip one."""


def heading_markup(body: str, level: int) -> str:
    """A heading of markup made here; the template keeps it off the foot of a page."""
    return f"{HEADING_CALL}{int(level)}, {content(body)})\n"


def heading(value: str, level: int) -> str:
    """A section heading of plain text."""
    return heading_markup(text(value), level)


def narrative(source: str) -> str:
    """Analysts' or the report's Markdown as a narrative block."""
    return call("mr-narrative", content(markdown(source)))


def status_line(source: str, status: str) -> str:
    """A status line (Markdown with symbol and word) marked with the status's colour bar."""
    return call("mr-status-line", content(markdown(source)), status=string(status))


def figure(svg: str, alt: str, width_pt: float | None = None) -> str:
    """A chart as a figure of its static SVG with its alternative text (what the chart shows, in words)."""
    named = {"alt": string(alt)}
    if width_pt:
        named["width"] = f"{width_pt:.1f}pt"
    return call("mr-figure", f"bytes({string(svg)})", **named)


def chart_text(alt: str) -> str:
    """A chart whose drawing was switched off: its alternative text stands in the document instead."""
    return call("mr-narrative", content(f"#emph[{text(alt)}]"))


def svg_width_pt(svg: str) -> float | None:
    """The SVG's width in points (CSS pixels × 0.75), so a chart prints at the size it has on the page."""
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)(?:px)?"', svg)
    return float(match.group(1)) * 0.75 if match else None
