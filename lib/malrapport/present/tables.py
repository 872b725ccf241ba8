"""Tables of a report, each built from the same cells three times: HTML for the page, Typst for the PDF and
Markdown for Quarto.

A table is a list of rows of `Cell`s; `to_html`, `to_typst` and `to_markdown` lay them out. Every cell's text
is escaped: nothing in an analyst's text or an indicator name can become markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .. import sv
from ..calc.comparison import UnitRow
from ..calc.spc import SpcResult
from ..calc.status import IndicatorResult
from ..model import Aggregation, Indicator, Node, Plan, Status, describe_target, schedule_label
from ..sv import fmt_value
from . import display
from . import typst_markup as typ


@dataclass(frozen=True)
class Cell:
    """One table cell: its text, an optional second line in small type, a CSS class and alignment."""

    text: str
    note: str = ""
    css: str = ""
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """Headers and rows of cells; `row_notes` (by row index) is a comment shown under its row across all columns,
    as seed 004's Kommentar: the figure and what the analysts say about it side by side."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    numeric_columns: frozenset[int] = frozenset()
    footnote: str = ""
    row_notes: tuple[tuple[int, str], ...] = ()

    def note_of(self, index: int) -> str:
        """The comment under row `index`, or ''."""
        return next((text for at, text in self.row_notes if at == index), "")


def to_html(table: Table) -> str:
    """The table as an HTML fragment with escaped text; numbers right-aligned."""
    parts = ['<table class="mr-table">']
    if table.caption:
        parts.append(f"<caption>{html.escape(table.caption)}</caption>")
    head = "".join(
        f'<th scope="col"{_align(i, table)}>{html.escape(h)}</th>' for i, h in enumerate(table.headers))
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for index, row in enumerate(table.rows):
        cells = []
        for i, cell in enumerate(row):
            css = f' class="{cell.css}"' if cell.css else ""
            note = f'<span class="mr-note">{html.escape(cell.note)}</span>' if cell.note else ""
            tag = "th scope=\"row\"" if i == 0 else "td"
            close = "th" if i == 0 else "td"
            cells.append(f"<{tag}{css}{_align(i, table)}>{html.escape(cell.text)}{note}</{close}>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
        note = table.note_of(index)
        if note:
            parts.append(f'<tr class="mr-row-note"><td colspan="{len(table.headers)}">'
                         f'<span class="mr-row-note-label">{html.escape(sv.ROW_NOTE_LABEL)}:</span> '
                         f'{html.escape(note)}</td></tr>')
    parts.append("</tbody></table>")
    if table.footnote:
        parts.append(f'<p class="mr-footnote">{html.escape(table.footnote)}</p>')
    return "".join(parts)


def to_markdown(table: Table) -> str:
    """The table as a pipe table; notes follow the text in parentheses."""
    def esc(text: str) -> str:
        text = html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
        return text

    def cell_text(cell: Cell) -> str:
        return esc(cell.text + (f" ({cell.note})" if cell.note else ""))

    lines = []
    if table.caption:
        lines.append(f"**{esc(table.caption)}**\n")
    lines.append("| " + " | ".join(esc(h) for h in table.headers) + " |")
    lines.append("|" + "|".join("---:" if i in table.numeric_columns else "---"
                                for i in range(len(table.headers))) + "|")
    for index, row in enumerate(table.rows):
        lines.append("| " + " | ".join(cell_text(c) for c in row) + " |")
        note = table.note_of(index)
        if note:
            lines.append("| " + " | ".join([esc(f"{sv.ROW_NOTE_LABEL}: {note}")] + [""] * (len(row) - 1)) + " |")
    if table.footnote:
        lines.append(f"\n{esc(table.footnote)}")
    return "\n".join(lines)


def _typst_cell(cell: Cell) -> str:
    if HASH_CSS in cell.css.split():
        return typ.content(f"#mr-hash({typ.string(cell.text)})")
    body = typ.text(cell.text)
    tone = next((token.removeprefix("status-") for token in cell.css.split() if token.startswith("status-")), "")
    if tone:
        body = f"#mr-tone({typ.string(tone)})[{body}]"
    if cell.note:
        body += f"#mr-note[{typ.text(cell.note)}]"
    return typ.content(body)


HASH_CSS = "mr-hash"
"""A file's SHA-256: one unbroken line in the PDF, so that it copies out whole (the template's `mr-hash`)."""

_WORD_BREAKS = re.compile(r"[ \t\n]+")
"""Where a line may break: not at the no-break space inside '51 %' or '1 200'."""
LONG_WORD = typ.LONG_WORD - 1
"""Longer words may break anywhere in the PDF (`typst_markup.text`), so no column needs to be wider for them."""


def typst_columns(table: Table) -> tuple[list[int], list[str]]:
    """Per column a share of the width (its longest text, 4 to 40 characters) and its longest word, which the
    template measures so that no column is narrower than a word it must hold."""
    weights, words = [], []
    for index, header in enumerate(table.headers):
        texts = [header] + [f"{row[index].text} {row[index].note}" for row in table.rows if index < len(row)]
        weights.append(max(4, min(40, max(len(text.strip()) for text in texts))))
        longest = max((word for text in texts for word in _WORD_BREAKS.split(text)), key=len, default="")
        words.append(longest[:LONG_WORD])
    return weights, words


PAGE_OF_TEXT = 1500
"""A row with a cell longer than this may be taller than a page, so it may split; every other row stays whole."""


def _typst_row(row: Sequence[Cell]) -> list[str]:
    cells = [_typst_cell(cell) for cell in row]
    if any(len(cell.text) + len(cell.note) > PAGE_OF_TEXT for cell in row):
        return [f"table.cell(breakable: true){cell}" for cell in cells]
    return cells


def _typst_note_row(note: str, columns: int) -> list[str]:
    """A comment under its row, across every column (a cell of its own, so it may break with the page)."""
    body = f"#emph[{typ.text(sv.ROW_NOTE_LABEL)}:] {typ.text(note)}"
    return [f"table.cell(colspan: {columns}, breakable: {'true' if len(note) > PAGE_OF_TEXT else 'false'})"
            f"{typ.content(body)}"]


def to_typst(table: Table) -> str:
    """The table as a call of the template's `mr-table`: header repeated on every page, rows never split.

    >>> print(to_typst(key_value_table([("Källa", "Kolada")], ("Uppgift", "Värde"))).strip())
    #mr-table(columns: (7, 6, ), words: ("Uppgift", "Kolada", ), numeric: (), header: ([Uppgift], [Värde], ),
    rows: (([Källa], [Kolada], ), ))
    """
    numeric = typ.array(str(i) for i in sorted(table.numeric_columns))
    weights, words = typst_columns(table)
    named = {"columns": typ.array(map(str, weights)), "words": typ.array(map(typ.string, words)), "numeric": numeric,
             "header": typ.array(typ.content(typ.text(h)) for h in table.headers),
             "rows": typ.array(typ.array(_typst_row(row)) for row in table.rows)}
    if table.row_notes:
        rows = []
        for index, row in enumerate(table.rows):
            rows.append(typ.array(_typst_row(row)))
            note = table.note_of(index)
            if note:
                rows.append(typ.array(_typst_note_row(note, len(table.headers))))
        named["rows"] = typ.array(rows)
    if table.caption:
        named["caption"] = typ.content(typ.text(table.caption))
    if table.footnote:
        named["footnote"] = typ.content(typ.text(table.footnote))
    return typ.call("mr-table", **named)


def _align(index: int, table: Table) -> str:
    return ' class="num"' if index in table.numeric_columns else ""


def status_cell(status: Status, note: str = "") -> Cell:
    """Symbol and word together, plus a CSS class for colour: never colour alone."""
    return Cell(f"{status.symbol} {status.label}", note=note, css=f"status status-{status.value}")


def reason_text(result: IndicatorResult, note: str = sv.GENERATED_BASIS_NOTE) -> str:
    """A result's reason as readers see it: marked with `note` when its comparison value is generated demo data."""
    if any(s.basis_generated for s in result.by_sex):
        return f"{result.reason} ({note})"
    return result.reason


def _value_text(result: IndicatorResult, sex: str, indicator: Indicator) -> Cell:
    sex_result = result.sex(sex)
    if sex_result is None:
        return Cell("–", numeric=True)
    if sex_result.value is None:
        # No patients is a state of its own, not a gap: the cell says so.
        no_cases = sex_result.status is Status.NO_CASES
        return Cell("–", note=Status.NO_CASES.label if no_cases else "", numeric=True)
    mark = "*" if sex_result.generated else ""
    return Cell(fmt_value(sex_result.value, indicator.unit) + mark, note=sex_result.note, numeric=True)


def _trend_cell(result: IndicatorResult) -> Cell:
    if result.indicator.is_composite:
        return Cell(sv.COMPOSITE_TREND)
    total = result.sex("T") or (result.by_sex[0] if result.by_sex else None)
    if total is None:
        return Cell(sv.trend_text("unknown"))
    mark = "*" if total.previous_generated else ""
    shown = "" if total.previous is None else fmt_value(total.previous, result.indicator.unit) + mark
    previous = ("" if not shown else sv.PREVIOUS_WHOLE_YEAR_NOTE.format(period=total.previous_label, value=shown)
                if total.previous_label else sv.PREVIOUS_YEAR_NOTE.format(value=shown))
    return Cell(sv.trend_text(total.trend, total.value, total.previous), note=previous,
                css=f"trend trend-{total.trend}")


def _with_parts(indicators: Sequence[Indicator]) -> list[tuple[Indicator, str, str]]:
    """The indicators in order, each composite followed by its components, with the note and CSS class of the name.

    A component's note says which part it is ('del 1 av 4'), so that a table read without indentation (Markdown,
    PDF, a screen reader) still shows it belongs to the row above.
    """
    out = []
    for indicator in indicators:
        out.append((indicator, indicator.kind, ""))
        total = len(indicator.components)
        out += [(part, sv.component_note(number, total), "mr-part")
                for number, part in enumerate(indicator.components, start=1)]
    return out


def spc_cell(chart: SpcResult | None) -> Cell:
    """The styrdiagram's verdicts: variation as symbol and word, the target's assurance below ('mål: ⇅ varierar')."""
    if chart is None:
        return Cell("–")
    variation = chart.variation
    text = f"{sv.SPC_VARIATION_SYMBOLS[variation]} {sv.SPC_VARIATION_LABELS[variation]}"
    if variation == "too_few":
        return Cell(text, note=sv.SPC_MONTHS_NOTE.format(count=len(chart.points)), css="spc spc-too_few")
    note = "" if chart.assurance is None else sv.SPC_TARGET_NOTE.format(
        symbol=sv.SPC_ASSURANCE_SYMBOLS[chart.assurance], label=sv.SPC_ASSURANCE_LABELS[chart.assurance])
    return Cell(text, note=note, css=f"spc spc-{variation}")


def indicator_table(indicators: Sequence[Indicator], results: dict[str, IndicatorResult],
                    indicator_term: str, spc: Mapping[str, SpcResult] | None = None,
                    comments: Mapping[str, str] | None = None) -> Table:
    """Indicator, target, outcome in total and for women and men, status with reason, trend, follow-up; and where
    an indicator of the table has monthly values, the verdicts of its styrdiagram (`spc`, by indicator id) in a
    column after the trend. `comments` (by indicator id: the outcome files' and the analysts' comments) stand
    under their indicator's row, as seed 004's Kommentar column. Where no row has a figure for women or men, the
    two columns are left out.

    A composite indicator's row shows its status from its parts; a row per part follows with its own value and
    status.

    >>> report = build_report("data", "rn-ls1", "2022-T1")
    >>> table = indicator_table([report.plan.indicator("vant-90-besok")], report.results, "Styrmått")
    >>> [cell.text for cell in table.rows[0][2:5]]  # T, K, M: seed 002 p. 9
    ['51\xa0%', '45\xa0%', '60\xa0%']
    """
    charts = spc or {}
    notes = comments or {}
    with_spc = any(indicator.id in charts for indicator in indicators)
    rows = []
    row_notes = []
    any_generated = False
    for indicator, note, css in _with_parts(indicators):
        result = results.get(indicator.id)
        if result is None:
            continue
        any_generated = any_generated or any(
            (s.generated and s.value is not None) or s.previous_generated or s.basis_generated for s in result.by_sex)
        reason = reason_text(result)
        cells = [
            Cell(indicator.name, note=note, css=css),
            Cell(describe_target(indicator.target, indicator.unit) or "–"),
            _value_text(result, "T", indicator),
            _value_text(result, "K", indicator),
            _value_text(result, "M", indicator),
            status_cell(result.status, reason),
            _trend_cell(result),
        ]
        if with_spc:
            cells.append(spc_cell(charts.get(indicator.id)))
        rows.append((*cells, Cell(schedule_label(indicator.schedule))))
        if notes.get(indicator.id):
            row_notes.append((len(rows) - 1, notes[indicator.id]))
    footnote = sv.GENERATED_VALUE_FOOTNOTE if any_generated else ""
    headers = [indicator_term, *sv.INDICATOR_TABLE_HEADERS]
    shown = [indicator for indicator, _, _ in _with_parts(indicators) if indicator.id in results]
    headers = list(_sex_headers(headers, bool(shown) and all(indicator.children for indicator in shown)))
    if with_spc:
        headers.insert(headers.index(sv.INDICATOR_TABLE_HEADERS[-1]), sv.SPC_TABLE_HEADER)
    numeric = {2, 3, 4}
    if not any(cell.text != "–" or cell.note for row in rows for cell in row[3:5]):
        # No figure for women or men in any row (a plan followed up in totals only, as seed 004): two columns of
        # dashes would only narrow the names.
        rows = [(*row[:3], *row[5:]) for row in rows]
        headers = [*headers[:3], *headers[5:]]
        numeric = {2}
    return Table(headers=tuple(headers), rows=tuple(rows), numeric_columns=frozenset(numeric),
                 footnote=footnote, row_notes=tuple(row_notes))


def _sex_headers(headers: Sequence[str], children: bool) -> tuple[str, ...]:
    """Column headers with 'Kvinnor' and 'Män' as 'Flickor' and 'Pojkar' where every row is about children."""
    words = {sv.SEX_LABELS[s]: sv.sex_labels(children)[s] for s in ("K", "M")}
    return tuple(words.get(header, header) for header in headers)


def comparison_table(rows: Sequence[UnitRow], indicator: Indicator, as_of: str) -> Table:
    """The report's unit beside the other units of the same period (seed 002's LS1, VO Barnsjukvård and the whole
    region): total, women, men and last year's total; generated demo values marked *."""
    def value(number: float | None, generated: bool) -> Cell:
        if number is None:
            return Cell("–", numeric=True)
        return Cell(fmt_value(number, indicator.unit) + ("*" if generated else ""), numeric=True)

    body = tuple((Cell(row.name, note=sv.OWN_UNIT_NOTE if row.own else ""),
                  *(value(number, row.generated) for number in row.values),
                  value(row.previous, False)) for row in rows)
    footnote = sv.GENERATED_VALUE_FOOTNOTE if any(row.generated for row in rows) else ""
    return Table(headers=_sex_headers(sv.COMPARISON_HEADERS, indicator.children), rows=body,
                 numeric_columns=frozenset({1, 2, 3, 4}),
                 caption=sv.COMPARISON_CAPTION.format(as_of=as_of, name=indicator.name), footnote=footnote)


def actions_table(node: Node, assessment_actions: dict[str, tuple[str | None, str]]) -> Table:
    """The actions of a node: number, action, status and comment."""
    rows = []
    for action in node.actions:
        status, comment = assessment_actions.get(action.id, (None, ""))
        rows.append((Cell(str(action.number) if action.number is not None else action.id),
                     Cell(action.name), Cell(status or sv.ACTION_STATUS_NOT_GIVEN, css="action-status"),
                     Cell(comment or "–")))
    return Table(headers=sv.ACTIONS_TABLE_HEADERS, rows=tuple(rows))


PLAIN_AGGREGATIONS = frozenset({Aggregation.SUM, Aggregation.MEAN, Aggregation.RATIO})


def has_definition(indicator: Indicator) -> bool:
    """Whether the appendix has something to say about an indicator beyond its row in the report: a definition, a
    note or a source, or a calculation other than the plain one (the year to date summed, averaged or as numerator
    over denominator). A bare activity ('Genomförd aktivitet', 1 = done) has nothing to define.

    >>> has_definition(Indicator(id="a", name="Genomförd aktivitet", unit="aktivitet"))
    False
    >>> has_definition(Indicator(id="b", name="Väntetid", unit="dagar", aggregation="median"))
    True
    """
    if indicator.definition or indicator.note or indicator.source:
        return True
    if indicator.unit == "aktivitet":
        return False
    return (indicator.window != "ytd" or indicator.aggregation not in PLAIN_AGGREGATIONS or indicator.per_day
            or not indicator.min_coverage.is_default)


def definitions_table(plan: Plan) -> Table:
    """Appendix: the indicators with something to define (`has_definition`): definition and note, unit, direction,
    how the window is computed, and source. Target and follow-up are in the indicator's own table already.
    """
    rows = []
    for indicator in plan.indicators():
        if not has_definition(indicator):
            continue
        aggregation = sv.AGGREGATION_LABELS.get(indicator.aggregation.value, indicator.aggregation.value)
        if indicator.aggregation.is_quantile:
            aggregation = sv.quantile_how(indicator.quantile_label, indicator.combine_months)
        how = f"{sv.WINDOW_LABELS.get(indicator.window, indicator.window)}; {aggregation}"
        if not indicator.min_coverage.is_default:
            how += f"; {sv.min_coverage_text(indicator.min_coverage.months, indicator.min_coverage.share)}"
        rows.append((
            Cell(indicator.name, note=sv.join_sentences([indicator.definition, indicator.note])),
            Cell(indicator.unit),
            Cell(sv.DIRECTION_LABELS[indicator.direction.value]),
            Cell(how),
            Cell(indicator.source or "–"),
        ))
    return Table(headers=(plan.indicator_level.name, *sv.DEFINITIONS_TABLE_HEADERS), rows=tuple(rows))


def key_value_table(pairs: Iterable[tuple[str, str]], headers: tuple[str, str] = ("", "")) -> Table:
    """A two-column table of facts: a label and its value per row.

    >>> print(to_markdown(key_value_table([("Källa", "Kolada")], ("Uppgift", "Värde"))))
    | Uppgift | Värde |
    |---|---|
    | Källa | Kolada |
    """
    return Table(headers=headers, rows=tuple((Cell(k), Cell(v)) for k, v in pairs))


def show_table(table: Table) -> None:
    """Show a table in the notebook: HTML for the report, Typst for the PDF, Markdown for Quarto, with its caption.

    >>> show_table(key_value_table([("Källa", "Kolada")], ("Uppgift", "Värde")))  # doctest: +SKIP
    """
    display.show_table(to_html(table), to_markdown(table), table.caption, typst=to_typst(table))
