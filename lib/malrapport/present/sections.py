"""The parts of a goal follow-up report, shown in a notebook: title block, summary, goal sections, appendix.

Notebooks call these functions and keep only the narrative cells; each function reads a `Report` and
publishes HTML and Markdown (and charts with their SVG) through `display`, each part in as few outputs as it
can (`display.grouped`), so that JupyterLab shows a whole section:

>>> import malrapport as mr
>>> report = mr.build_report(mr.resolve_data_dir(), "rn-ls1", "2022-T1")
>>> mr.sections.show_summary(report)  # doctest: +SKIP
"""
from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import replace

from .. import sv
from ..calc.report import Report, history_periods
from ..calc.summary import changes_sentence
from ..inputs.provenance import Provenance
from ..model import Aggregation, GapTarget, Indicator, Node, Plan, Status
from . import analyses, chart_text, charts, display, summary_lists, tables
from . import typst_markup as typ
from .payload import ReportPayload, payload_bundle


def _show_table(table: tables.Table) -> None:
    tables.show_table(table)


@display.grouped
def show_title(report: Report, report_date: str = "") -> None:
    """The title block as in the seeds' document headers: organisation, report, period, date, version."""
    plan, doc = report.plan, report.plan.document
    period = report.period
    title = (sv.document_title(doc.title, period.label, period.year, period.report_name == sv.report_name("year", 0))
             if doc.title else sv.REPORT_TITLE.format(report_name=period.report_name))
    date = report_date or report.date
    field = sv.TITLE_FIELDS
    facts = [(field["organisation"], plan.organisation.full_name), (field["period"], report.period.label),
             (field["date"], date), (field["document_id"], doc.id), (field["version"], doc.version),
             (field["responsible"], doc.responsible), (field["prepared_by"], doc.prepared_by)]
    if report.generated_share > 0:  # flagged here; the full note follows the summary's lists
        facts.append((sv.DEMO_REPORT_FACT, sv.DEMO_REPORT_FACT_VALUE.format(share=_generated_percent(report))))
    facts = [(k, v) for k, v in facts if v]
    period_line = sv.TITLE_PERIOD_LINE.format(period=report.period.label)
    # The facts as one compact list (organisation and period are the lines above it; the period line only when
    # the title does not name the period), so that the summary's answer fits on the first screen below them.
    shown_above = {field["organisation"], field["period"]}
    items = "".join(f"<div><dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd></div>" for k, v in facts
                    if k not in shown_above)
    block = (f'<header class="mr-title"><p class="mr-org">{html.escape(plan.organisation.full_name)}</p>'
             f'<h1 id="rapport">{html.escape(title)}</h1>'
             '<div class="mr-facts">'
             + (f'<p class="mr-period">{html.escape(period_line)}</p>' if report.period.label not in title else "")
             + (f'<dl class="mr-meta">{items}</dl>' if items else "") + "</div></header>")
    markdown = "\n".join([f"**{plan.organisation.full_name}**", "", f"# {title}", "",
                          period_line, ""]
                         + [f"- {k}: {v}" for k, v in facts])
    typst = typ.call("mr-title", organisation=typ.string(plan.organisation.full_name), title=typ.string(title),
                     period=typ.string(period_line),
                     facts=typ.array(typ.array([typ.string(k), typ.string(v)]) for k, v in facts))
    display.show_html(block, markdown, typst=typst)


def _generated_percent(report: Report) -> int:
    return round(100 * report.generated_share)


def _show_demo_note(report: Report) -> None:
    """What in a demo report is generated and how it is marked (nothing in a report of real figures only)."""
    if report.generated_share > 0:
        note = f"**{sv.DEMO_REPORT_LABEL}** {sv.DEMO_REPORT_NOTE.format(share=_generated_percent(report))}"
        display.show_html(f'<div class="mr-demo-note">{display.render_markdown(note)}</div>', f"> {note}")


@display.grouped
def show_summary(report: Report) -> None:
    """Summary, the answer first: the sentence, the sub-goals per status with a reason and a link each, the
    overview chart, what changed, the table; then the analysts' own opening text, which may bring headings of its
    own ('Förslag på justeringar') and so comes last."""
    summary, plan = report.summary, report.plan
    display.show_heading(sv.SUMMARY_HEADING, 2)
    display.show_markdown(summary.sentence)
    for sentence in report.kind_sentences:
        display.show_markdown(sentence)
    lists = summary_lists.status_lists(report)
    display.show_html(lists.html, lists.markdown, typst=lists.typst)
    if (kinds := summary_lists.kind_lists(report)) is not None:
        display.show_html(kinds.html, kinds.markdown, typst=kinds.typst)
    _show_demo_note(report)
    display.show_chart(charts.overview_chart(summary, plan), "oversikt", chart_text.overview_alt(summary, plan))
    previous = report.previous_period
    if previous is not None:
        display.show_heading(sv.CHANGES_SINCE_HEADING.format(period=previous.as_of), 3)
        display.show_markdown(changes_sentence(summary, previous))
    assessment = report.assessment
    if assessment is not None and assessment.summary:
        display.show_heading(sv.SUMMARY_INTRODUCTION_HEADING, 3)
        display.show_markdown(assessment.summary)


@display.grouped
def show_method(report: Report) -> None:
    """"Så här görs bedömningarna": how statuses are judged, in the plan's own names for its levels."""
    plan = report.plan
    level, measure = plan.subgoal_level, plan.indicator_level
    display.show_heading(sv.METHOD_HEADING, 2)
    indicators = plan.indicators()
    display.show_markdown(sv.method_text(
        (level.name, level.plural), (measure.name, measure.plural), per_day=any(i.per_day for i in indicators),
        medians=any(Aggregation(i.aggregation).is_quantile for i in indicators),
        gaps=any(isinstance(i.target, GapTarget) for i in indicators),
        composites=any(i.is_composite for i in indicators), spc=bool(report.spc), year=report.period.year,
        scale=plan.document.status_scale))


def proposal_text(report: Report, ident: str) -> str:
    """The analysts' proposed adjustment of a goal or indicator this period, or ''."""
    return report.assessment.proposal(ident) if report.assessment is not None else ""


def _show_proposal(report: Report, ident: str) -> None:
    """A proposed adjustment, shaded, where its goal stands (seed 004)."""
    text = proposal_text(report, ident)
    if not text:
        return
    label = f"{sv.PROPOSAL_SYMBOL} {sv.PROPOSAL_LABEL}"
    block = (f'<div class="mr-proposal" role="note"><p class="mr-proposal-label">{html.escape(label)}</p>'
             f"{display.render_markdown(text)}</div>")
    markdown = f"> **{label}:** " + display.escape_markdown(text).replace("\n", "\n> ")
    typst = typ.call("mr-proposal", typ.content(typ.markdown(text)), label=typ.string(f"{label}:"))
    display.show_html(block, markdown, text=f"{label}: {text}", typst=typst)


def show_proposals(report: Report) -> None:
    """'Förslag på justeringar': the goals and indicators with a proposal, each a link to where it stands."""
    assessment = report.assessment
    if assessment is None or not assessment.proposals:
        return
    plan = report.plan
    items = []
    for ident, _ in assessment.proposals:
        node = next((n for n in plan.nodes() if n.id == ident), None)
        if node is None:
            indicator = plan.indicator(ident)
            node = plan.node_of_indicator(ident)
            name, level = indicator.name, indicator.kind
        else:
            name, level = node.name, plan.levels[min(node.depth, len(plan.levels) - 1)].name
        items.append((level, name, _anchor(plan, node)))
    intro = sv.PROPOSALS_INTRO.format(symbol=sv.PROPOSAL_SYMBOL, label=sv.PROPOSAL_LABEL.lower())
    links = "".join(f'<li>{html.escape(level)}: <a href="#{anchor}">{html.escape(name)}</a></li>'
                    for level, name, anchor in items)
    markdown = intro + "\n\n" + "\n".join(f"- {level}: {display.escape_markdown(name)}" for level, name, _ in items)
    display.show_heading(sv.PROPOSALS_HEADING, 2)
    display.show_html(f'<div class="malrapport-narrative"><p>{html.escape(intro)}</p><ul>{links}</ul></div>',
                      markdown, typst=typ.narrative(markdown))


def _anchor(plan: Plan, node: Node) -> str:
    """The id of a goal's heading on the page (see `show_goal` and `show_subgoal`)."""
    if node.depth == 0:
        return display.slugify(f"{plan.levels[0].name}: {node.name}")
    if node.depth < plan.assessed_depth:
        return display.slugify(f"{plan.levels[node.depth].name}: {node.name}")
    return display.slugify(node.name)


@display.grouped
def show_goal(report: Report, root: Node) -> None:
    """One top-level goal: its sub-goals with status, narrative, indicators, charts and actions, and the analysts'
    own analyses of the goal and its nodes (`present.analyses`), each after its node's part."""
    plan = report.plan
    display.show_heading(f"{plan.levels[0].name}: {root.name}" if root.depth == 0 else root.name, 2)
    _show_proposal(report, root.id)
    if root.description:
        display.show_markdown(root.description)
    if root.indicators:
        _show_indicators(report, list(root.indicators))
    for node in root.walk():
        if node is root:
            continue
        if node.depth < plan.assessed_depth:
            display.show_heading(f"{plan.levels[node.depth].name}: {node.name}", 3)
            _show_proposal(report, node.id)
            if node.description:
                display.show_markdown(node.description)
            if node.indicators:
                _show_indicators(report, list(node.indicators))
            if node.actions:
                _show_actions(report, node)
        elif node.depth == plan.assessed_depth:
            show_subgoal(report, node)
        analyses.show_analyses(report, node)
    analyses.show_analyses(report, root)


def show_subgoal(report: Report, node: Node) -> None:
    plan = report.plan
    row = next((r for r in report.summary.rows if r.node_id == node.id), None)
    display.show_heading(node.name, 4 if plan.assessed_depth > 1 else 3,
                         anchor=summary_lists.subgoal_anchor(node.id))
    assessed = row.assessed if row else None
    status = assessed or Status.NOT_ASSESSED
    line = f"**{sv.ASSESSMENT_AS_OF.format(as_of=report.period.as_of)}:** {status.symbol} {status.label}"
    if row is not None and row.differs and row.suggested is not None:
        suggested = f"{row.suggested.symbol} {row.suggested.label}"
        measures = sv.capitalise(sv.definite_plural(plan.indicator_level.plural))
        line += f" · *{sv.INDICATORS_SHOW.format(indicators=measures, status=suggested)}*"
    previous = report.previous_period
    if row is not None and row.changed and row.previous is not None and previous is not None:
        before = f"{row.previous.symbol} {row.previous.label}"
        line += f" · *{sv.CHANGED_FROM.format(status=before, as_of=previous.as_of)}*"
    display.show_status(line, status)
    _show_proposal(report, node.id)
    sub = report.assessment.subgoal(node.id) if report.assessment else None
    if sub is not None and sub.narrative:
        display.show_markdown(sub.narrative)
    else:
        display.show_markdown(f"*{sv.NO_COMMENT.format(as_of=report.period.as_of)}*")
    indicators = [i for n in node.walk() for i in n.indicators]
    if node.placeholder or not indicators:
        text = node.placeholder or sv.NO_INDICATORS_YET.format(
            subgoal_level=sv.capitalise(sv.definite(plan.subgoal_level.name)),
            indicator_level=sv.noun_in_sentence(plan.indicator_level.name))
        display.show_markdown(f"*{plan.indicator_level.name}: {text}*")
    if indicators:
        _show_indicators(report, indicators, sub.indicator_comments if sub else ())
    for child in node.walk():
        if child.actions:
            _show_actions(report, child)


def _show_indicators(report: Report, indicators: list[Indicator],
                     comments: tuple[tuple[str, str], ...] = ()) -> None:
    """The indicator table, the analysts' comments per indicator, and a chart per indicator worth one."""
    plan = report.plan
    proposals = {i.id: f"{sv.PROPOSAL_SYMBOL} {sv.PROPOSAL_LABEL}: {proposal_text(report, i.id)}"
                 for i in indicators if proposal_text(report, i.id)}
    notes = report.indicator_comments(dict(comments), proposals)
    table = tables.indicator_table(indicators, dict(report.results), plan.indicator_level.name, report.spc, notes)
    # A demo report says once, under its title, how generated values are marked; not again under every table.
    _show_table(replace(table, footnote="") if report.generated_share > 0 else table)
    indicators = [part for indicator in indicators for part in indicator.with_parts()]
    for indicator in indicators:
        compared = report.unit_comparison(indicator.id)
        if compared:
            _show_table(tables.comparison_table(compared, indicator, report.period.as_of))
    periods = [p.short_label for p in history_periods(report.period)]
    for indicator in indicators:
        if indicator.part_of:
            continue  # drawn in its composite's chart
        if indicator.is_composite:
            _show_composite_chart(report, indicator, periods)
            continue
        history = report.indicator_history(indicator.id)
        if not charts.worth_a_chart(indicator, history):
            continue
        goal, reference = _chart_goal(report, indicator)
        display.show_spec(charts.indicator_chart_spec(indicator, history, periods, goal, reference),
                          f"ind-{indicator.id}", chart_text.indicator_alt(indicator, history))


def _show_composite_chart(report: Report, indicator: Indicator, periods: list[str]) -> None:
    """One chart of a composite target's parts, when any part is worth a chart (see `charts.composite_chart_spec`)."""
    parts = [(part, report.indicator_history(part.id)) for part in indicator.components]
    shown = [(part, history) for part, history in parts if charts.worth_a_chart(part, history)]
    if not shown:
        return
    alt_text = "; ".join(chart_text.indicator_alt(part, history) for part, history in shown)
    display.show_spec(charts.composite_chart_spec(indicator, shown, periods), f"ind-{indicator.id}", alt_text)


def _chart_goal(report: Report, indicator: Indicator) -> tuple[float | None, charts.Reference | None]:
    """What a chart draws as the target besides the plan's levels: the level a change target works out to this
    period, or for a gap target the reference unit and the gap allowed."""
    result = report.results.get(indicator.id)
    total = result.sex("T") if result is not None else None
    goal = total.target_value if total is not None else None
    reference_history = report.reference_history(indicator.id)
    if reference_history is None or not isinstance(indicator.target, GapTarget):
        return goal, None
    unit = indicator.target.reference_unit
    name = report.plan.organisation.unit_name(unit)
    return None, charts.Reference(name, reference_history, total.gap_goal if total is not None else None)


def _show_actions(report: Report, node: Node) -> None:
    current = report.assessment
    actions = {}
    for action in node.actions:
        entry = current.action(action.id) if current else None
        actions[action.id] = (entry.status, entry.comment) if entry else (None, "")
    display.show_heading(sv.ACTIONS_HEADING, 5, anchor=f"atgarder-{display.slugify(node.id)}")
    _show_table(tables.actions_table(node, actions))


def show_goals(report: Report) -> None:
    """The proposals, if any, then every top-level goal in plan order."""
    show_proposals(report)
    for root in report.plan.roots:
        show_goal(report, root)


@display.grouped
def show_appendix(report: Report, parameters: Mapping[str, object]) -> None:
    """Definitions and sources of all indicators, and the provenance block."""
    display.show_heading(sv.APPENDIX_DEFINITIONS_HEADING, 2)
    _show_table(tables.definitions_table(report.plan))
    display.show_heading(sv.APPENDIX_PROVENANCE_HEADING, 2)
    info = Provenance(dict(parameters), report.inputs)
    field = sv.PROVENANCE_FIELDS
    pairs = [(field["parameters"], json.dumps(info.parameters, ensure_ascii=False, sort_keys=True)),
             *([(field["data_dir"], report.data_dir)] if report.data_dir else []),
             (field["version"], f"malrapport {info.version}"), (field["git_commit"], info.git_commit)]
    table = tables.key_value_table(pairs, sv.TABLE_HEADERS_KEY_VALUE)
    files = tuple((tables.Cell(item.path), tables.Cell(item.sha256, css=tables.HASH_CSS)) for item in info.inputs)
    _show_table(table)
    _show_table(tables.Table(headers=sv.INPUT_FILES_HEADERS, rows=files))


def emit_payload(report: Report, report_date: str = "") -> None:
    """A hidden output for the renderer: the page title, the PDF's running header and date, the report's figures.

    `report_date` is the date of the title block (when empty the report's own, `Report.date`).
    """
    from .figures import figures

    organisation = report.plan.organisation
    date = report_date or report.date
    numbers = figures(report)
    numbers["date"] = date  # the date the report shows, also in the figures the index page reads
    payload = ReportPayload(
        title=sv.PAGE_TITLE.format(organisation=organisation.name, period=report.period.label),
        running_header=sv.RUNNING_HEADER.format(organisation=organisation.full_name, period=report.period.label),
        date=date, figures=numbers,
    )
    display.publish(payload_bundle(payload, sv.REPORT_PAYLOAD_TEXT))
