"""The fixed texts of the report and the index page: headings, field names, table headers, chart titles, notes.

Grouped by where a reader meets them. A text with values in it is a template with named fields for
`str.format` (`CHANGES_SINCE_HEADING.format(period="per april")`); where the wording depends on a number, a
small function takes plain numbers. Markup (Markdown emphasis, list markers, HTML) stays with the code that lays
the text out; texts marked Markdown keep their escapes.
"""
from __future__ import annotations

# --- page: browser title, running header of the PDF, table of contents, page numbers ------------------------

PAGE_TITLE = "{organisation} – uppföljning {period}"
"""The report page's <title>, e.g. 'Region Norr – uppföljning per april 2022'."""
RUNNING_HEADER = "{organisation} · Uppföljning {period}"
"""Printed at the top of every PDF page of a report."""
CONTENTS_HEADING = "Innehåll"
PAGE_NUMBER_LABEL = "Sida"
"""Before the page number in the PDF's footer: 'Sida 3 (12)'."""
REPORT_PAYLOAD_TEXT = "Rapportens sifferunderlag (dolt)."
"""What a plain-text front end shows for the hidden output that carries a report's figures."""
DEEP_DIVE_PAYLOAD_TEXT = "Rapportens metadata (dold)."
"""The same for an indicator deep dive, whose hidden output carries only the title and running header."""
TABLE_PLAIN_TEXT = "Tabell"
"""A table's plain-text stand-in when it has no caption."""

# --- title block --------------------------------------------------------------------------------------------

def document_title(title: str, period_label: str, year: int, whole_year: bool) -> str:
    """The plan's document title for one report, so that one plan names every report of its year: '{period}'
    becomes 'per april 2018' or 'helår 2018', '{report}' 'Delårsrapport per april 2018' or 'Årsredovisning 2018'.

    >>> document_title("{report} – bilaga mål och måluppfyllelse", "per augusti 2022", 2022, False)
    'Delårsrapport per augusti 2022 – bilaga mål och måluppfyllelse'
    """
    report = f"Årsredovisning {year}" if whole_year else f"Delårsrapport {period_label}"
    return title.replace("{period}", period_label).replace("{report}", report)


REPORT_TITLE = "{report_name} – uppföljning av mål"
"""The title when the plan's document names none; `report_name` is 'Delårsrapport 1', 'Årsredovisning' …"""
TITLE_PERIOD_LINE = "Uppföljning {period}"
TITLE_FIELDS = {
    "organisation": "Organisation", "period": "Period", "date": "Datum", "document_id": "Dokument-id",
    "version": "Version", "responsible": "Ansvarig", "prepared_by": "Upprättad av",
}
"""The title block's field names, in the order shown."""
DEMO_REPORT_FACT = "Demonstrationsrapport"
DEMO_REPORT_FACT_VALUE = "{share} % genererade värden"
"""Among the title block's facts of a demo report; DEMO_REPORT_NOTE under the summary's lists says more."""
DEMO_REPORT_LABEL = "Demonstrationsrapport."
DEMO_REPORT_NOTE = ("{share} % av periodens indikatorvärden är genererade demovärden (markerade med \\* i "
                    "tabellerna och med ofyllda punkter i diagrammen); övriga värden och texter kommer ur de "
                    "publicerade rapporterna.")
"""Markdown (the asterisk is escaped): follows DEMO_REPORT_LABEL when part of the figures are generated."""

# --- summary ------------------------------------------------------------------------------------------------

SUMMARY_HEADING = "Sammanfattning"
SUMMARY_INDICATORS_SHOW = "{indicators} visar {status}"
"""After a sub-goal in the status lists when its indicators suggest another status than the analysts':
'måtten visar delvis', in the plan's own name for its indicators (definite plural)."""
CHANGES_SINCE_HEADING = "Förändringar sedan rapporten {period}"
SUMMARY_INTRODUCTION_HEADING = "Inledning"
"""Over the analysts' own opening text (the plan's vision, the report's introduction), after the status lists."""
SUMMARY_REASON_MORE = "{reason} (och {count} till)"
"""A sub-goal's reason in the status lists when more of its measures than the one named miss their target:
'Sjukfrånvaro: 8,2 % jämfört med 7,5 % (ska minska); sämre (och 2 indikatorer till)'."""
SUMMARY_REASON_MISSING = "Varken utfall eller kommentar {as_of}."
"""A sub-goal's reason in the status lists when no measure misses its target and the analysts wrote nothing."""
KIND_MISSES_HEADING = "{kinds} som inte når målvärdet {as_of}"
KIND_MISSES_HEADING_PAST = "{kinds} som inte nådde målvärdet {as_of}"
"""Over the list of the indicators of a kind the plan counts (seed 004's aktiva mål) that miss their target."""
SUMMARY_LISTS_LABEL = "{level} per bedömning"
"""The name of the status lists for screen readers: 'Framgångsfaktorer per bedömning'."""

# --- goal sections ------------------------------------------------------------------------------------------

ASSESSMENT_AS_OF = "Bedömning {as_of}"
"""Opens a sub-goal's status line: 'Bedömning per april 2022: ● uppnås'."""
INDICATORS_SHOW = "{indicators} visar: {status}"
"""Beside the analysts' status when the indicators suggest another: 'Styrmåtten visar: ● uppnås'."""
CHANGED_FROM = "ändrad från {status} {as_of}"
"""Beside a sub-goal's status when the previous report of the year had another: 'ändrad från ◐ delvis per april'."""
NO_COMMENT = "Ingen kommentar {as_of}."
NO_INDICATORS_YET = "{subgoal_level} saknar ännu {indicator_level}."
"""For a sub-goal without indicators, e.g. 'Delmålet saknar ännu indikator.', 'Framgångsfaktorn saknar ännu mått.'"""
CHARTS_GENERATED_NOTE = "Ofyllda punkter i diagrammen är genererade demovärden."
ACTIONS_HEADING = "Åtgärder"
GAP_GOAL_LABEL = "Mål: {reference} {gap}"
"""The goal of a gap target in a chart, following the reference unit: 'Mål: Riket +1,6 dagar'."""
PROPOSAL_SYMBOL = "✎"
PROPOSAL_LABEL = "Förslag på justering"
"""Marks a proposed adjustment where its goal or indicator stands (seed 004 shades them)."""
PROPOSALS_HEADING = "Förslag på justeringar"
PROPOSALS_INTRO = "Förslagen står vid det mål de gäller, markerade med {symbol} {label}:"
"""Opens the list of proposals (links to where each stands)."""

# --- tables: headers, notes and footnotes ------------------------------------------------------------------

TABLE_HEADERS_KEY_VALUE = ("Uppgift", "Värde")
INDICATOR_TABLE_HEADERS = ("Målvärde", "Utfall", "Kvinnor", "Män", "Status", "Utveckling", "Följs upp")
"""The indicator table's headers after the first, which is what the plan calls its indicators."""
PREVIOUS_YEAR_NOTE = "fg år {value}"
"""Below the trend: the value a year earlier."""
PREVIOUS_WHOLE_YEAR_NOTE = "{period} {value}"
"""Below the trend when last year is known only as a whole: 'helår 2021 82,5 %'."""
GENERATED_VALUE_FOOTNOTE = "* Genererat demovärde, inte ett rapporterat utfall."
GENERATED_BASIS_NOTE = "jämförelsevärdet är ett genererat demovärde*"
"""Follows a status reason whose comparison value (last year, the reference year) is generated demo data."""
GENERATED_BASIS_SHORT = "genererat jämförelsevärde*"
"""The same in the summary's one-line reasons, where space is short."""
COMPOSITE_TREND = "se delarna"
"""The trend column of a composite target's row: each part below has its own."""
ACTIONS_TABLE_HEADERS = ("Nr", "Åtgärd", "Status", "Kommentar")
ACTION_STATUS_NOT_GIVEN = "ej angiven"
DEFINITIONS_TABLE_HEADERS = ("Enhet", "Riktning", "Beräkning", "Källa")
"""The appendix's definitions table, after the first header, which is what the plan calls its indicators (target
and follow-up stand in the indicator's own table)."""
ROW_NOTE_LABEL = "Kommentar"
COMPARISON_CAPTION = "Jämförelse mellan enheter {as_of}: {name}"
COMPARISON_HEADERS = ("Enhet", "Utfall", "Kvinnor", "Män", "Samma period fg år")
OWN_UNIT_NOTE = "denna rapport"
"""Before a comment under an indicator's row, as seed 004's Kommentar column."""

# --- charts: titles, axis and legend titles, tooltips -------------------------------------------------------

# Data fields whose names a reader sees (as tooltip or legend titles): the chart specs use these names as is.
CHART_FIELD_SEX = "Kön"
CHART_FIELD_VALUE = "Värde"
CHART_FIELD_SOURCE = "Källa"
CHART_FIELD_YEAR = "år"
CHART_FIELD_UNIT = "Enhet"
CHART_FIELD_COUNT = "antal"
CHART_FIELD_HIGHLIGHT = "markerad"

CHART_SOURCE_REPORTED = "rapporterat utfall"
CHART_SOURCE_GENERATED = "genererad demodata"
CHART_FALLBACK_TITLE = "Diagram: {name}"
"""What screen readers are told of a chart without a title."""
OVERVIEW_TITLE = "{subgoals} per {top_level} och bedömning"
"""The summary's chart, e.g. 'Delmål per mål och bedömning'."""
OVERVIEW_X_TITLE = "Antal {subgoals}"
CHART_ASSESSMENT_TITLE = "Bedömning"
CHART_COUNT_TITLE = "Antal"
CHART_PERIOD_TITLE = "Period"
CHART_YEAR_TITLE = "År"
CHART_TERTIAL_TITLE = "Tertial"
CHART_TARGET_TITLE = "Målvärde"
TARGET_LABEL = "Mål"
"""Beside the target line: 'Mål 70 %'."""
TARGET_LABEL_ANNUAL = "Mål för helåret"
"""Beside the line of a full-year level that year-to-date sums are compared with pro rata."""
TARGET_LABEL_SEX = "Mål {sex}"
"""Beside a target line for one sex: 'Mål kvinnor 70 %'."""
NATIONAL_REFERENCE = "Riket"
CHART_REFERENCE_TITLE = "Referens"
UNITS_HIGHLIGHTED = "Rapportens enhet"
UNITS_OTHERS = "Övriga"
UNIT_AXIS_TITLES = {"procent": "Procent", "antal": "Antal", "mnkr": "Miljoner kronor"}
"""Value-axis titles by unit id; other units are shown capitalised."""

# --- appendix -----------------------------------------------------------------------------------------------

APPENDIX_DEFINITIONS_HEADING = "Bilaga: definitioner och källor"
APPENDIX_PROVENANCE_HEADING = "Bilaga: underlag för rapporten"
PROVENANCE_FIELDS = {"parameters": "Parametrar", "data_dir": "Datamapp", "version": "Programversion",
                     "git_commit": "Git-commit"}
INPUT_FILES_HEADERS = ("Indatafil", "SHA-256")

# --- indicator deep dive ------------------------------------------------------------------------------------

DEEP_DIVE_FIELDS = {
    "organisation": "Organisation", "as_of": "Till och med", "target": "Målvärde", "unit": "Enhet",
    "direction": "Riktning",
}
"""The facts table under the indicator's name, in the order shown."""
DEEP_DIVE_SERIES_HEADING = "Utveckling över tid"
DEEP_DIVE_NO_OUTCOMES = "Inga utfall finns för {organisation}."
DEEP_DIVE_TERTIALS_BY_YEAR_TITLE = "Per tertial, ackumulerat från årets början: ett år per linje"
DEEP_DIVE_TERTIALS_TITLE = "Per tertial (ackumulerat från årets början)"
DEEP_DIVE_YEARS_TITLE = "Per år"
DEEP_DIVE_LATEST = "Utfall {period}: {values}."
"""The latest outcomes in words; `values` lists them per sex, e.g. 'totalt 12, kvinnor 7, män 5'."""
DEEP_DIVE_NO_COMPARISON = "Underlaget har bara en enhet för den här indikatorn; ingen jämförelse görs."
DEEP_DIVE_COMPARISON_TITLE = "Jämförelse {period}"
DEEP_DIVE_COMPARISON_UNIT_HEADER = "Enhet"
DEEP_DIVE_COMPARISON_VALUE_HEADER = "Utfall {period}"
DEEP_DIVE_DEFINITION_HEADING = "Definition och källa"
DEEP_DIVE_NO_DEFINITION = "Ingen definition angiven i planen."
DEEP_DIVE_CALCULATION = "Beräkning: {window}, {aggregation}"
DEEP_DIVE_SOURCE = "Källa: {source}"
DEEP_DIVE_SOURCE_NOT_GIVEN = "ej angiven"
DEEP_DIVE_NOTE = "Not: {note}"

# --- styrdiagram (statistical process control) -----------------------------------------------------------------

SPC_HEADING = "Variation månad för månad (styrdiagram)"
SPC_INTRO = ("Styrdiagrammet visar om månadsvärdena varierar mer än vanligt. Linjerna är medelvärdet och styrgränserna "
             "(medelvärdet ± 2,66 × den genomsnittliga skillnaden mellan två månader i rad). Ett värde utanför "
             "gränserna, minst sju månader i rad på samma sida om medelvärdet, minst sju i rad stigande eller "
             "fallande, eller två av tre månader nära en gräns är en *särskild orsak*: något har förändrats. "
             "Allt annat är vanlig variation, som inte ska tolkas som en förändring.")
SPC_NO_MONTHS = "Indikatorn har inga månadsvärden för {organisation}, så inget styrdiagram kan visas."
SPC_TOO_FEW = "Bara {count} månader har värden; ett styrdiagram kräver minst {minimum}."
SPC_CHART_TITLE = "Månadsvärden (totalt) med medelvärde och styrgränser"
SPC_VERDICT_LINE = "Senaste månaden: {verdict}"
"""The chart title's second line: 'Senaste månaden: ∿ vanlig variation · mål: ⇅ varierar'."""
SPC_MEAN_LABEL = "Medelvärde"
SPC_UPPER_LABEL = "Övre styrgräns"
SPC_LOWER_LABEL = "Nedre styrgräns"
SPC_COMMON_POINT = "vanlig variation"
SPC_SPECIAL_POINT = "särskild orsak: {verdict}"
"""The legend of a month flagged by a rule: 'särskild orsak: förbättring'."""
SPC_FIELD_MONTH = "Månad"
SPC_FIELD_SIGNAL = "Signal"
SPC_SIGNALS_HEADERS = ("Månader", "Särskild orsak", "Regel")
"""The table of special causes in the deep dive: a span of months, better or worse, and the rules met."""
SPC_TABLE_HEADER = "Variation"
"""The indicator table's column with the styrdiagram's verdicts, shown where the table has monthly data."""
SPC_TARGET_NOTE = "mål: {symbol} {label}"
"""Below the variation verdict in the indicator table: the assurance verdict for the target."""
SPC_MONTHS_NOTE = "{count} mån"
"""Below a verdict of too few months: how many there are."""

# --- index page ---------------------------------------------------------------------------------------------

INDEX_TITLE = "Rapporter om måluppfyllelse"
INDEX_EMPTY = "Inga rapporter hittades i den här mappen. Rapporterna skapas med {render} eller {batch}."
"""Shown when a folder has no reports; `render` and `batch` are the two commands."""
INDEX_LEGEND_INTRO = "Stapeln visar bedömningen:"
INDEX_PERIODS_LABEL = "Perioder"
"""What screen readers are told of the list of periods."""
INDEX_DEFAULT_LEVEL = "Delmål"
"""What a report's sub-goals are called when its figures do not say."""
INDEX_COUNTS_LABEL = "{level} efter bedömning"
INDEX_REPORT_DATE = "Rapportdatum {date}"
INDEX_LINK_HTML = "Webbsida"
INDEX_LINK_PDF = "PDF"
INDEX_DEEP_DIVE = "Fördjupning"
INDEX_NO_SUMMARY = "Sammanfattningen saknas: {reason}."
INDEX_NO_FIGURES = "{file} innehåller inga siffror för en rapport"
INDEX_INVALID_JSON = "{file} är inte giltig JSON (rad {line})"
INDEX_UNREADABLE = "{file} kunde inte läsas ({error})"
"""Reasons for INDEX_NO_SUMMARY: the figures file holds no report's figures, is not JSON, cannot be read."""


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"


def index_lead(reports: int, deep_dives: int, organisations: int, periods: int) -> str:
    """The index page's first line: '9 rapporter och 1 fördjupning för 3 organisationer och 3 perioder. …'."""
    text = _count(reports, "rapport", "rapporter")
    if deep_dives:
        text += f" och {_count(deep_dives, 'fördjupning', 'fördjupningar')}"
    text += (f" för {_count(organisations, 'organisation', 'organisationer')} och "
             f"{_count(periods, 'period', 'perioder')}")
    return f"{text}. Nyaste perioden först."

CHART_OWN_TITLE = "eget diagram"
"""The alternative text's name of an analyst's chart without a title."""
