"""The summary's answer: the sub-goals per status, each with its one-line reason and a link to its section.

A nämnd reads the summary to learn what will not be reached and why. The reason is the figure that shows it: the
first of the sub-goal's measures that misses its target ('Sjukfrånvaro: 8,2 % jämfört med 7,5 % …'), else one
that is only partly there, else the first sentence of the analysts' comment, else that neither exists yet.

>>> import malrapport as mr
>>> report = mr.build_report(mr.resolve_data_dir(), "rn-ls1", "2022-T1")
>>> row = next(r for r in report.summary.rows if r.node_id == "MDA-1-3")
>>> subgoal_reason(report, row).replace("\N{NO-BREAK SPACE}", " ")  # seed 002: sick leave rose to 8,2 %
'Sjukfrånvaro: 8,2 % jämfört med 7,5 % T1 2021 (ska minska); sämre'
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import sv
from ..calc.report import Report
from ..calc.summary import SubgoalRow
from ..model import Status
from ..sv import fmt_count_word
from . import display, tables
from . import typst_markup as typ

LIST_STATUSES = (Status.NOT_MET, Status.PARTLY, Status.MET, Status.NOT_ASSESSED)
"""The order of the lists: what will not be reached first."""
REASONED = frozenset({Status.NOT_MET, Status.PARTLY})
"""The lists whose sub-goals get a reason; the others list names only."""
MAX_REASON = 240
"""A reason longer than this (an analyst's long first sentence) is cut at a word and ends with '…'."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"”»])")


def subgoal_anchor(node_id: str) -> str:
    """The id of a sub-goal's section heading, which the summary's lists link to: 'avsnitt-med-1-1'."""
    return f"avsnitt-{display.slugify(node_id)}"


def _plain_paragraphs(text: str) -> list[str]:
    """The paragraphs of Markdown as plain text, leaving out emphasised runs that open one (a bold subheading,
    '*Genererad demotext.*') so that what remains is the analysts' own sentence."""
    tokens = MarkdownIt("commonmark", {"html": False}).parse(text)
    paragraphs = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        words, depth, opening = [], 0, True
        for child in token.children:
            if child.type in ("strong_open", "em_open"):
                depth += 1
            elif child.type in ("strong_close", "em_close"):
                depth -= 1
            elif depth and opening:
                continue
            else:
                words.append(_child_text(child))
                opening = opening and not _child_text(child).strip()
        plain = " ".join("".join(words).split())
        if plain:
            paragraphs.append(plain)
    return paragraphs


def _child_text(child: Token) -> str:
    if child.type in ("softbreak", "hardbreak"):
        return " "
    return child.content if child.type in ("text", "code_inline") else ""


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph with text of its own, at most MAX_REASON characters.

    >>> first_sentence("**Fallskador**\\n\\nAndelen ökar. Orsaken utreds.")
    'Andelen ökar.'
    """
    paragraphs = _plain_paragraphs(text)
    if not paragraphs:
        return ""
    sentence = _SENTENCE_END.split(paragraphs[0], maxsplit=1)[0]
    if len(sentence) > MAX_REASON:
        sentence = sentence[:MAX_REASON].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def subgoal_reason(report: Report, row: SubgoalRow) -> str:
    """Why a sub-goal has its status, in one line: see the module's text."""
    plan = report.plan
    node = plan.node(row.node_id)
    results = [report.results[i.id] for n in node.walk() for i in n.indicators if i.id in report.results]
    for status in (Status.NOT_MET, Status.PARTLY):
        missing = [r for r in results if r.status is status]
        if missing:
            reason = tables.reason_text(missing[0], sv.GENERATED_BASIS_SHORT)
            first = f"{missing[0].indicator.name.rstrip('.')}: {reason}"
            if len(missing) == 1:
                return first
            level = plan.indicator_level
            more = fmt_count_word(len(missing) - 1, level.name.lower(), level.plural.lower())
            return sv.SUMMARY_REASON_MORE.format(reason=first, count=more)
    sub = report.assessment.subgoal(row.node_id) if report.assessment else None
    sentence = first_sentence(sub.narrative) if sub is not None and sub.narrative else ""
    return sentence or sv.SUMMARY_REASON_MISSING.format(as_of=report.period.as_of)


@dataclass(frozen=True)
class StatusLists:
    """The lists as HTML for the page (links to the sections), as Markdown for Quarto and as Typst for the PDF,
    where each list's heading keeps to its first item (never alone at the foot of a page)."""

    html: str
    markdown: str
    typst: str


class _Lists:
    """Headed lists built in the three forms at once: HTML, Markdown, and Typst with each heading kept to its list."""

    def __init__(self) -> None:
        self.html: list[str] = []
        self.markdown: list[str] = []
        self.typst: list[str] = []

    def add(self, heading: str, items_html: list[str], items_markdown: list[str], css: str = "") -> None:
        """One list under a bold heading; `items_html` are `<li>` elements, `items_markdown` `- ` lines."""
        heading_class = f"mr-list-heading {css}".strip()
        self.html.append(f'<p class="{heading_class}"><strong>{html.escape(heading)}</strong></p>'
                         f'<ul class="mr-status-list">{"".join(items_html)}</ul>')
        bold_heading = f"**{display.escape_markdown(heading)}**"
        self.markdown.append(f"{bold_heading}\n\n" + "\n".join(items_markdown))
        items_typst = typ.content(typ.markdown("\n".join(items_markdown)))
        self.typst.append(f"#block(sticky: true, {typ.content(typ.markdown(bold_heading))})\n"
                          f"#mr-status-items({items_typst})")

    def done(self, label: str = "") -> StatusLists:
        named = f' aria-label="{html.escape(label)}"' if label else ""
        return StatusLists(html=f'<section class="mr-status-lists"{named}>{"".join(self.html)}</section>',
                           markdown="\n\n".join(self.markdown), typst="\n".join(self.typst))


def status_lists(report: Report) -> StatusLists:
    """One list per status (not reached, partly, reached, not assessed) of the sub-goals that have it."""
    summary, level = report.summary, report.plan.subgoal_level
    measures = sv.definite_plural(report.plan.indicator_level.plural)
    lists = _Lists()
    for status in LIST_STATUSES:
        rows = [r for r in summary.rows if (r.assessed or Status.NOT_ASSESSED) == status]
        if not rows:
            continue
        heading = f"{status.symbol} {fmt_count_word(len(rows), level.name.lower(), level.plural.lower())}: " \
                  f"{status.label}"
        items_html, items_markdown = [], []
        for row in rows:
            note = (f" ({sv.SUMMARY_INDICATORS_SHOW.format(indicators=measures, status=row.suggested.label)})"
                    if row.differs and row.suggested is not None else "")
            reason = subgoal_reason(report, row) if status in REASONED else ""
            link = f'<a href="#{subgoal_anchor(row.node_id)}">{html.escape(row.name)}</a>'
            items_html.append(f"<li>{link}{html.escape(note)}"
                              + (f'<span class="mr-reason"> – {html.escape(reason)}</span>' if reason else "")
                              + "</li>")
            items_markdown.append(f"- **{display.escape_markdown(row.name)}**{display.escape_markdown(note)}"
                                  + (f" – {display.escape_markdown(reason)}" if reason else ""))
        lists.add(heading, items_html, items_markdown, css=f"status-{status.value}")
    return lists.done(sv.SUMMARY_LISTS_LABEL.format(level=sv.capitalise(level.plural.lower())))


def kind_lists(report: Report) -> StatusLists | None:
    """The indicators of each kind the plan counts (seed 004's aktiva mål) that miss their target, each with its
    status and one-line reason, under the kind sentence's count: the reader learns which, not only how many."""
    lists = _Lists()
    past = report.period.last_month.month == 12
    for plural, results in report.kind_misses:
        heading = (sv.KIND_MISSES_HEADING_PAST if past else sv.KIND_MISSES_HEADING).format(
            kinds=plural, as_of=report.period.as_of)
        items = [(f"{r.status.symbol} {r.status.label}", r.indicator.name.rstrip("."),
                  tables.reason_text(r, sv.GENERATED_BASIS_SHORT)) for r in results]
        lists.add(heading,
                  [f"<li>{html.escape(status)}: {html.escape(name)}"
                   f'<span class="mr-reason"> – {html.escape(reason)}</span></li>' for status, name, reason in items],
                  [f"- {display.escape_markdown(status)}: **{display.escape_markdown(name)}** – "
                   f"{display.escape_markdown(reason)}" for status, name, reason in items])
    return lists.done() if lists.html else None
