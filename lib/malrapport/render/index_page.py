"""`index.html`: the offline entry page for readers of a folder of rendered reports.

Reads what `malrapport render` and `malrapport batch` wrote (`OUT/<organisation>/<period>/<stem>.html`, `.pdf`,
the figures `<stem>.json` and, from a batch, `<stem>.manifest.json`) and lists every report by period (newest
first) and organisation, with its summary sentence, its sub-goals by status as a small bar with the counts in
words, and relative links to HTML and PDF. HTML pages without figures of their own (indicator reports) are listed
as "Fördjupning". The page has no script and no external URL, and the same folder always gives the same bytes.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote

from .. import sv
from ..errors import MalrapportError
from ..inputs.files import atomic_write_text
from ..model import Period, Status
from ..present.palette import STATUS_COLORS
from ..present.payload import status_totals
from ..sv import fmt_date, fmt_number

INDEX_NAME = "index.html"
BAR_STATUSES = (Status.NOT_MET, Status.PARTLY, Status.MET, Status.NOT_ASSESSED)
"""The order of the bar's segments and of the counts: from worst to best, then the not yet assessed."""

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
INDEX_CSS = TEMPLATE_DIR / "index" / "index.css"
REPORT_CSS = TEMPLATE_DIR / "malrapport" / "report.css"

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title\s*>", re.S | re.I)
_CSS_VARIABLE = re.compile(r"--mr-[a-z0-9-]+\s*:\s*[^;{}]+;")
_TITLE_BYTES = 1 << 18
@dataclass(frozen=True)
class PageLinks:
    """One rendered page with its files, as links relative to the output folder ('' when the file is missing)."""

    title: str
    html: str
    pdf: str
    html_bytes: int = 0
    pdf_bytes: int = 0


@dataclass(frozen=True)
class ReportEntry:
    """A report with figures: the summary sentence and its sub-goals counted by the analysts' status."""

    document: PageLinks
    level: str
    sentence: str
    counts: tuple[tuple[Status, int], ...]
    report_date: str = ""
    note: str = ""

    @property
    def total(self) -> int:
        """All sub-goals of the report, assessed or not."""
        return sum(n for _, n in self.counts)

    def count(self, status: Status) -> int:
        """Sub-goals with this status (0 for statuses the bar does not show)."""
        return dict(self.counts).get(status, 0)


@dataclass(frozen=True)
class OrganisationGroup:
    """The reports and the deeper-dive pages of one organisation in one period."""

    organisation: str
    name: str
    reports: tuple[ReportEntry, ...]
    deep_dives: tuple[PageLinks, ...]


@dataclass(frozen=True)
class PeriodGroup:
    """All organisations with reports for one period."""

    period: str
    label: str
    organisations: tuple[OrganisationGroup, ...]


# --- reading the output folder ----------------------------------------------------------------------------------

def _link(path: Path, root: Path) -> str:
    return quote(path.relative_to(root).as_posix())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _html_title(path: Path) -> str:
    """The page's <title>, read from the head only (reports are megabytes); '' when there is none."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_TITLE_BYTES)
    except OSError:
        return ""
    found = _TITLE.search(head)
    if not found:
        return ""
    return " ".join(html.unescape(found.group(1).decode("utf-8", "replace")).split())


def _document(root: Path, folder: Path, stem: str, title: str = "") -> PageLinks:
    html_path, pdf_path = folder / f"{stem}.html", folder / f"{stem}.pdf"
    has_html, has_pdf = html_path.is_file(), pdf_path.is_file()
    return PageLinks(
        title=title or (_html_title(html_path) if has_html else "") or stem,
        html=_link(html_path, root) if has_html else "",
        pdf=_link(pdf_path, root) if has_pdf else "",
        html_bytes=_size(html_path) if has_html else 0,
        pdf_bytes=_size(pdf_path) if has_pdf else 0,
    )


def _read_json(path: Path) -> tuple[object, str]:
    """The parsed file and '' or None and a Swedish reason why it could not be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except json.JSONDecodeError as error:
        return None, sv.INDEX_INVALID_JSON.format(file=path.name, line=error.lineno)
    except (OSError, UnicodeDecodeError) as error:
        return None, sv.INDEX_UNREADABLE.format(file=path.name, error=error.__class__.__name__)


def _status_of(value: object) -> Status:
    if not isinstance(value, str):  # every status is a string
        return Status.NOT_ASSESSED
    try:
        status = Status(value)
    except ValueError:
        return Status.NOT_ASSESSED
    return status if status in BAR_STATUSES else Status.NOT_ASSESSED


def status_counts(figures: dict) -> tuple[tuple[Status, int], ...]:
    """Sub-goals per status in bar order, from the total rows of the summary table, else from the sub-goals."""
    counts = dict.fromkeys(BAR_STATUSES, 0)
    totals = status_totals(figures)
    if totals:
        for status, number in totals.items():
            counts[_status_of(status)] += number
    else:
        for row in figures.get("subgoals") or []:
            if isinstance(row, dict):
                counts[_status_of(row.get("assessed"))] += 1
    return tuple(counts.items())


def _manifest_date(manifest: object) -> str:
    if not isinstance(manifest, dict):
        return ""
    parameters = manifest.get("parameters")
    value = manifest.get("report_date") or (parameters.get("report_date") if isinstance(parameters, dict) else "")
    return str(value).strip() if value else ""


def _report(root: Path, folder: Path, stem: str) -> tuple[ReportEntry, dict]:
    payload, problem = _read_json(folder / f"{stem}.json")
    if problem:
        note = sv.INDEX_NO_SUMMARY.format(reason=problem)
        payload = {}
    elif not isinstance(payload, dict):
        note = sv.INDEX_NO_SUMMARY.format(reason=sv.INDEX_NO_FIGURES.format(file=f"{stem}.json"))
        payload = {}
    else:
        note = ""
    manifest_path = folder / f"{stem}.manifest.json"
    manifest = _read_json(manifest_path)[0] if manifest_path.is_file() else None
    entry = ReportEntry(
        document=_document(root, folder, stem),
        level=str(payload.get("level") or sv.INDEX_DEFAULT_LEVEL),
        sentence=str(payload.get("sentence") or ""),
        counts=status_counts(payload),
        report_date=_manifest_date(manifest) or str(payload.get("date") or "").strip(),
        note=note,
    )
    return entry, payload


def _period_order(key: str) -> tuple[int, tuple, str]:
    """Newest first; folder names that are not periods come last, by name."""
    try:
        period = Period.parse(key)
    except (MalrapportError, ValueError):
        return (1, (), key)
    return (0, tuple(-n for n in period.sort_key()), key)


def _period_label(key: str) -> str:
    try:
        return Period.parse(key).label
    except (MalrapportError, ValueError):
        return key


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _organisation(root: Path, folder: Path) -> tuple[OrganisationGroup, str] | None:
    """The reports of one `<organisation>/<period>` folder and the period text they give, or None if empty."""
    html_stems = {p.name[:-5] for p in folder.glob("*.html") if not p.name.startswith(".")}
    pdf_stems = {p.name[:-4] for p in folder.glob("*.pdf") if not p.name.startswith(".")}
    report_stems = sorted(s for s in html_stems | pdf_stems if (folder / f"{s}.json").is_file())
    reports, name, period_text = [], "", ""
    for stem in report_stems:
        entry, payload = _report(root, folder, stem)
        reports.append(entry)
        name = name or str(payload.get("organisation_name") or "")
        period_text = period_text or str(payload.get("period_text") or "")
    dives = tuple(_document(root, folder, s) for s in sorted(html_stems - set(report_stems)))
    if not reports and not dives:
        return None
    organisation = folder.parent.name
    return OrganisationGroup(organisation, name or organisation, tuple(reports), dives), period_text


def collect_reports(out_dir: str | Path) -> tuple[PeriodGroup, ...]:
    """Every report under `out_dir/<organisation>/<period>/`, grouped by period (newest first) and organisation."""
    root = Path(out_dir)
    periods: dict[str, list[OrganisationGroup]] = {}
    labels: dict[str, str] = {}
    for organisation_dir in _subfolders(root):
        for period_dir in _subfolders(organisation_dir):
            found = _organisation(root, period_dir)
            if found is None:
                continue
            group, period_text = found
            periods.setdefault(period_dir.name, []).append(group)
            if period_text and period_dir.name not in labels:
                labels[period_dir.name] = period_text
    return tuple(
        PeriodGroup(key, labels.get(key) or _period_label(key),
                    tuple(sorted(periods[key], key=lambda g: (sv.sort_key(g.name), g.organisation))))
        for key in sorted(periods, key=_period_order)
    )


# --- the page ---------------------------------------------------------------------------------------------------

def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _megabytes(size: int) -> str:
    if size < 100_000:
        return f"{fmt_number(max(size, 1) / 1000)} kB"
    return f"{fmt_number(size / 1_000_000, 1)} MB"


def _date_text(value: str) -> str:
    try:
        return fmt_date(value)
    except (ValueError, IndexError):
        return value


def _status_word(status: Status) -> str:
    return f"{status.symbol} {status.label}"


def _bar(entry: ReportEntry) -> str:
    """Sub-goals by status as an inline SVG bar; the counts in words follow it, so colour is never alone."""
    total = entry.total
    if total == 0:
        return ""
    rects, x = [], 0
    for status, count in entry.counts:
        if count:
            rects.append(f'<rect x="{x}" y="0" width="{count}" height="1" fill="{STATUS_COLORS[status]}">'
                         f"<title>{_e(_status_word(status))}: {count}</title></rect>")
            x += count
    return (f'<svg class="bar" viewBox="0 0 {total} 1" preserveAspectRatio="none" width="100%" height="14" '
            f'aria-hidden="true">{"".join(rects)}</svg>')


def _counts(entry: ReportEntry) -> str:
    items = [
        f'<li class="status-{status.value}" data-status="{status.value}" data-count="{count}">'
        f'<span class="symbol" aria-hidden="true">{_e(status.symbol)}</span> '
        f"<b>{count}</b> {_e(status.label)}</li>"
        for status, count in entry.counts if count or status is not Status.NOT_ASSESSED
    ]
    level = _e(entry.level)
    label = _e(sv.INDEX_COUNTS_LABEL.format(level=entry.level))
    return (f'<p class="level">{level} ({entry.total})</p>'
            f'<ul class="counts" aria-label="{label}">{"".join(items)}</ul>')


def _links(document: PageLinks) -> str:
    links = []
    if document.html:
        links.append(f'<a class="html" href="{_e(document.html)}">{_e(sv.INDEX_LINK_HTML)}</a> '
                     f'<span class="size">({_megabytes(document.html_bytes)})</span>')
    if document.pdf:
        links.append(f'<a class="pdf" href="{_e(document.pdf)}">{_e(sv.INDEX_LINK_PDF)}</a> '
                     f'<span class="size">({_megabytes(document.pdf_bytes)})</span>')
    return f'<p class="links">{" · ".join(links)}</p>' if links else ""


def _report_html(entry: ReportEntry) -> str:
    document = entry.document
    title = (f'<a href="{_e(document.html)}">{_e(document.title)}</a>' if document.html else _e(document.title))
    parts = [f'<article class="report"><h4>{title}</h4>']
    if entry.report_date:
        date = sv.INDEX_REPORT_DATE.format(date=_date_text(entry.report_date))
        parts.append(f'<p class="date">{_e(date)}</p>')
    if entry.sentence:
        parts.append(f'<p class="sentence">{_e(entry.sentence)}</p>')
    if entry.note:
        parts.append(f'<p class="note">{_e(entry.note)}</p>')
    if entry.total:
        parts.append(f'<div class="summary">{_bar(entry)}{_counts(entry)}</div>')
    parts.append(_links(document))
    parts.append("</article>")
    return "".join(parts)


def _deep_dive_html(document: PageLinks) -> str:
    title = f'<a href="{_e(document.html)}">{_e(document.title)}</a>' if document.html else _e(document.title)
    pdf = f' · <a class="pdf" href="{_e(document.pdf)}">{_e(sv.INDEX_LINK_PDF)}</a>' if document.pdf else ""
    return f'<li class="deep-dive">{_e(sv.INDEX_DEEP_DIVE)}: {title}{pdf}</li>'


def _organisation_html(group: OrganisationGroup) -> str:
    parts = [f'<section class="organisation"><h3>{_e(group.name)}</h3>']
    parts.extend(_report_html(entry) for entry in group.reports)
    if group.deep_dives:
        parts.append(f'<ul class="deep-dives">{"".join(_deep_dive_html(d) for d in group.deep_dives)}</ul>')
    parts.append("</section>")
    return "\n".join(parts)


def _period_id(key: str) -> str:
    return "period-" + re.sub(r"[^A-Za-z0-9-]+", "-", key).strip("-")


def _period_html(group: PeriodGroup) -> str:
    body = "\n".join(_organisation_html(g) for g in group.organisations)
    return (f'<section class="period" id="{_e(_period_id(group.period))}">'
            f"<h2>{_e(_capitalised(group.label))}</h2>\n{body}\n</section>")


def _legend() -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{STATUS_COLORS[s]}"></span>'
        f'<span class="symbol" aria-hidden="true">{_e(s.symbol)}</span> {_e(s.label)}</li>'
        for s in BAR_STATUSES)
    return f'<div class="legend"><p>{_e(sv.INDEX_LEGEND_INTRO)}</p><ul>{items}</ul></div>'


def _contents(groups: tuple[PeriodGroup, ...]) -> str:
    if len(groups) < 2:
        return ""
    items = "".join(f'<li><a href="#{_e(_period_id(g.period))}">{_e(_capitalised(g.label))}</a></li>'
                    for g in groups)
    return f'<nav class="contents" aria-label="{_e(sv.INDEX_PERIODS_LABEL)}"><ul>{items}</ul></nav>'


def _lead(groups: tuple[PeriodGroup, ...]) -> str:
    reports = sum(len(o.reports) for g in groups for o in g.organisations)
    dives = sum(len(o.deep_dives) for g in groups for o in g.organisations)
    organisations = len({o.organisation for g in groups for o in g.organisations})
    return f'<p class="lead">{_e(sv.index_lead(reports, dives, organisations, len(groups)))}</p>'


@cache
def page_css() -> str:
    """The page's style: the report's colour variables followed by the index's own rules."""
    variables = "\n".join(f"  {v}" for v in _CSS_VARIABLE.findall(REPORT_CSS.read_text(encoding="utf-8")))
    return f":root {{\n{variables}\n}}\n" + INDEX_CSS.read_text(encoding="utf-8")


def render_index(groups: tuple[PeriodGroup, ...]) -> str:
    """The whole page as HTML text: Swedish, self-contained, without script or external URL."""
    if groups:
        body = "\n".join([_lead(groups), _legend(), _contents(groups), *(_period_html(g) for g in groups)])
    else:
        # The fixed text is escaped first; the commands are markup put into its fields.
        text = _e(sv.INDEX_EMPTY).format(render="<code>malrapport render</code>", batch="<code>malrapport batch</code>")
        body = f'<p class="empty">{text}</p>'
    return (
        '<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(sv.INDEX_TITLE)}</title>\n<style>\n{page_css()}</style>\n</head>\n"
        f'<body class="malrapport-index">\n<main>\n<h1>{_e(sv.INDEX_TITLE)}</h1>\n{body}\n</main>\n</body>\n</html>\n'
    )


def write_index(out_dir: str | Path) -> Path:
    """Write `out_dir/index.html` atomically for every report found there, and return its path."""
    root = Path(out_dir)
    target = root / INDEX_NAME
    if root.exists() and not root.is_dir():
        raise MalrapportError("utmatningsmappen är en fil, inte en mapp", file=root,
                              hint="ange mappen som rapporterna skrevs till")
    try:
        return atomic_write_text(target, render_index(collect_reports(root)))
    except OSError as error:
        raise MalrapportError(f"startsidan kunde inte skrivas ({error.strerror or error})", file=target,
                              hint="kontrollera att mappen finns och är skrivbar") from None
