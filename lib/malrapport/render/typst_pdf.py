"""Executed notebook → PDF/UA-1 through Typst, in process: no browser, a few hundredths of a second per report.

Every output of the report notebooks carries a Typst form (`present.typst_markup.TYPST_MIME`) beside its
HTML; the notebook's Markdown cells are converted the same way. They are put in page order after the project's
template (`templates/typst/malrapport.typ`), with the title, running header and date of the report's hidden
payload, and compiled by the `typst` package with the DejaVu fonts of the system (Debian's fonts-dejavu-core)
and Typst's own fonts only, so that the result depends on no other installed font. The report's date is the
PDF's creation date: the same notebook always gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import sv
from ..errors import MalrapportError
from ..inputs.files import atomic_write_bytes
from ..present import typst_markup as typ
from ..present.payload import HIDDEN_MIME_PREFIX, find_payload

if TYPE_CHECKING:
    import nbformat

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "typst"
TEMPLATE = TEMPLATE_DIR / "malrapport.typ"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TITLE_CALL = "#mr-title("

REMOVE_CELL_TAGS = frozenset({"remove-cell"})
REMOVE_OUTPUT_TAGS = frozenset({"parameters", "injected-parameters", "remove-output"})


def find_typst() -> str | None:
    """The version of the `typst` package, or None when it is not installed."""
    try:
        import typst
    except ImportError:
        return None
    return str(getattr(typst, "__version__", "typst"))


def typst_missing_message() -> str:
    """What to do when the typst package is missing (Swedish, for analysts)."""
    return ("PDF med motorn typst kräver Python-paketet typst: installera om malrapport (pip install -e .) "
            "eller använd --pdf-engine chromium.")


@cache
def template() -> str:
    """The project's Typst template (package data)."""
    return TEMPLATE.read_text(encoding="utf-8")


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_typst(output: Mapping[str, Any]) -> str:
    """The Typst form of one notebook output: its own, else its Markdown or plain text shown as text."""
    data = output.get("data", {})
    if any(key.startswith(HIDDEN_MIME_PREFIX) for key in data):
        return ""
    if typ.TYPST_MIME in data:
        return _text(data[typ.TYPST_MIME])
    if "text/markdown" in data:
        return typ.narrative(_text(data["text/markdown"]))
    if output.get("output_type") == "stream":
        return typ.call("mr-narrative", f"raw({typ.string(_text(output.get('text', '')))}, block: true)")
    if "text/plain" in data:
        return typ.call("mr-narrative", f"raw({typ.string(_text(data['text/plain']))}, block: true)")
    return ""


def cell_parts(cells: Iterable[Mapping[str, Any]]) -> list[str]:
    """The Typst form of every shown cell, in order: Markdown cells converted, code cells by their outputs."""
    parts = []
    for cell in cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVE_CELL_TAGS:
            continue
        if cell.get("cell_type") == "markdown":
            parts.append(typ.narrative(_text(cell.get("source", ""))))
        elif cell.get("cell_type") == "code" and not tags & REMOVE_OUTPUT_TAGS:
            parts.extend(part for part in map(output_typst, cell.get("outputs", [])) if part)
    return parts


OUTLINE_CALL = "#mr-outline(level: "
_LEVELS = re.compile(f"({re.escape(typ.HEADING_CALL)}|{re.escape(OUTLINE_CALL)})(\\d+)|({re.escape(TITLE_CALL)})")


def even_levels(body: str) -> str:
    """Make the first heading H1 and lower every heading more than one level below the one before it (H2 → H4
    becomes H2 → H3): PDF/UA-1 and screen readers need levels without gaps. The title block's heading is H1.
    User text cannot look like a heading call (its `#` and brackets are escaped)."""
    last = 0

    def lower(match: re.Match[str]) -> str:
        nonlocal last
        if match[3]:
            last = 1
            return match[0]
        last = max(1, min(int(match[2]), last + 1))
        return f"{match[1]}{last}"

    return _LEVELS.sub(lower, body)


def place_outline(parts: list[str]) -> list[str]:
    """The table of contents after the title block (or the first H1) when there is one, else first, as on the
    HTML page."""
    listed = sum(part.count(f"{typ.HEADING_CALL}{level},") for part in parts for level in (2, 3))
    if listed < 2:
        return parts  # as on the HTML page: no table of contents for fewer than two sections
    outline = f"{OUTLINE_CALL}2, {typ.string(sv.CONTENTS_HEADING)})\n"
    at = next((i + 1 for i, part in enumerate(parts) if part.startswith(TITLE_CALL)), None)
    if at is None:
        at = next((i + 1 for i, part in enumerate(parts) if part.startswith(f"{typ.HEADING_CALL}1,")), 0)
    return [*parts[:at], outline, *parts[at:]]


def report_date(value: str) -> dt.date | None:
    """The payload's ISO date, or None when it has none or cannot be read."""
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)


def document_title(nb: nbformat.NotebookNode | Mapping[str, Any], payload: Mapping[str, Any],
                   fallback: str = "") -> str:
    """The PDF's title, which PDF/UA requires: the report's own, else the notebook's metadata title, else its first
    Markdown heading, else `fallback` (the file's name), so that a general notebook gets an accessible PDF too."""
    if payload.get("title"):
        return str(payload["title"])
    if title := str(nb.get("metadata", {}).get("title", "")).strip():
        return title
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        if cell.get("cell_type") == "markdown" and (found := _MARKDOWN_HEADING.search(text)):
            return found.group(1).strip()
    return fallback


def typst_source(nb: nbformat.NotebookNode | Mapping[str, Any], fallback_title: str = "") -> str:
    """The whole Typst document of an executed notebook: template, document settings, then the outputs."""
    cells = list(nb.get("cells", []))
    payload = find_payload(output for cell in cells for output in cell.get("outputs", []))
    date = report_date(payload.get("date", ""))
    settings = {
        "title": typ.string(document_title(nb, payload, fallback_title)),
        "header": typ.string(payload.get("running_header", "")),
        "date": f"datetime(year: {date.year}, month: {date.month}, day: {date.day})" if date else "none",
        "page_label": typ.string(sv.PAGE_NUMBER_LABEL),
    }
    named = ", ".join(f"{key.replace('_', '-')}: {value}" for key, value in settings.items())
    body = even_levels("".join(place_outline(cell_parts(cells))))
    return f"{template()}\n#show: mr-document.with({named})\n\n{body}"


def _timestamp(source_date: dt.date | None) -> int:
    day = source_date or dt.date(2000, 1, 1)
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def compile_typst(source: str, date: dt.date | None = None) -> bytes:
    """PDF/UA-1 bytes of a Typst document; fonts from FONT_DIR and Typst's own, never others on the system."""
    import typst

    fonts = [str(FONT_DIR)] if FONT_DIR.is_dir() else []
    compile_document: Any = typst.compile  # the stub ties input, root and fonts to one type; bytes and str are fine
    try:
        return compile_document(source.encode("utf-8"), root=str(TEMPLATE_DIR), font_paths=fonts,
                             ignore_system_fonts=True, pdf_standards=["ua-1"], timestamp=_timestamp(date))
    except typst.TypstError as error:
        message = " ".join(str(error).split())[:400]
        raise MalrapportError(f"Typst kunde inte göra PDF: {message}",
                              hint="rapportera felet med den körda anteckningsboken, eller prova "
                                   "--pdf-engine chromium") from None


def render_typst(nb: nbformat.NotebookNode | Mapping[str, Any], pdf_path: str | Path) -> Path:
    """Write the PDF of an executed notebook (atomically) and return its path."""
    payload = find_payload(output for cell in nb.get("cells", []) for output in cell.get("outputs", []))
    pdf = compile_typst(typst_source(nb, Path(pdf_path).stem), report_date(payload.get("date", "")))
    return atomic_write_bytes(pdf_path, pdf)
