"""Every Swedish word a reader sees that is not the analysts' own text: month and period names, labels.

Keep reader-facing wording here so that it is consistent across tables, charts, sentences and messages.
"""
from __future__ import annotations

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")
MONTHS_SHORT = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

SEX_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}
SEX_LABELS_CHILDREN = {"T": "Totalt", "K": "Flickor", "M": "Pojkar"}
"""The sexes of an indicator about children (`population: children` in the plan): flickor and pojkar."""


def sex_labels(children: bool = False) -> dict[str, str]:
    """The words for T, K and M: 'Kvinnor'/'Män', or for an indicator about children 'Flickor'/'Pojkar'."""
    return SEX_LABELS_CHILDREN if children else SEX_LABELS

TERTIAL_REPORT_NAMES = {1: "Delårsrapport 1", 2: "Delårsrapport 2", 3: "Årsredovisning"}
TERTIAL_CODES = {1: "DÅ04", 2: "DÅ08", 3: "ÅR"}

WINDOW_LABELS = {
    "ytd": "ackumulerat från årets början",
    "period": "perioden",
    "rolling12": "rullande 12 månader",
}

DIRECTION_LABELS = {"higher": "högre är bättre", "lower": "lägre är bättre", "none": "ingen riktning"}

AGGREGATION_LABELS = {
    "sum": "summa av månadsvärden",
    "mean": "medelvärde av månadsvärden",
    "ratio": "täljare genom nämnare",
    "last": "senaste månadens värde",
    "median": "median",
    "percentile": "percentil",
}

TREND_LABELS = {"better": "bättre", "worse": "sämre", "unchanged": "oförändrat", "unknown": "jämförelse saknas",
                "up": "ökar", "down": "minskar"}
MOVEMENT_SYMBOLS = {"up": "↗", "down": "↘", "unchanged": "→", "unknown": "–"}
"""The arrow of a trend shows which way the value moved; the word beside it (TREND_LABELS) says whether that is better:
sick leave 8,7 → 8,2 % is '↘ bättre', never '↗ bättre'."""

UNKNOWN = "uppgift saknas"
TOTAL = "Totalt"

FIGURE_FILES = {"indicators": "indikatorer", "subgoals": "delmal", "summary": "sammanfattning"}
"""The figures' CSV files beside a report, `<stem>-indikatorer.csv` and so on, named for the analysts who open them."""

FIGURE_COLUMNS = {
    "unit": "enhet", "period": "period", "node": "nod", "indicator": "indikator", "name": "namn", "sex": "kon",
    "unit_of_measure": "enhetstyp", "target": "malvarde", "target_level": "malniva", "outcome": "utfall",
    "previous_year": "fg_ar", "status": "status", "status_text": "status_text", "reason": "skal", "trend": "trend",
    "due": "foljs_upp", "generated": "genererad", "top_goal": "overordnat_mal", "assessed": "bedomning",
    "assessed_text": "bedomning_text", "suggested": "indikatorerna_visar", "differs": "avviker",
    "previous": "forra_rapporten", "changed": "andrad", "count": "antal", "variation": "variation",
    "assurance": "malsakerhet",
}
"""Column names of the figures' CSV files (ASCII, so that every spreadsheet program reads them)."""

STATUS_LABELS = {
    "met": "uppnås",
    "partly": "delvis",
    "not_met": "uppnås inte",
    "no_outcome": "utfall saknas",
    "not_due": "följs upp senare",
    "no_target": "målvärde saknas",
    "not_assessed": "ej bedömt",
    "no_cases": "inga patienter",
    "no_comparison": "jämförelsevärde saknas",
}
# Shapes differ as well as colours, so status is never told by colour alone.
STATUS_SYMBOLS = {
    "met": "●",
    "partly": "◐",
    "not_met": "○",
    "no_outcome": "–",
    "not_due": "…",
    "no_target": "·",
    "not_assessed": "?",
    "no_cases": "∅",
    "no_comparison": "◇",
}

ACTION_STATUSES = ("ej påbörjad", "pågår", "försenad", "genomförd", "avbruten")
"""The states of an action, as the analysts write them in an assessment file."""

DEFAULT_INDICATOR_LEVEL = ("Indikator", "Indikatorer")
"""What a plan's indicators are called when the plan does not say (styrmått, mått …)."""

UNKNOWN_COMMIT = "okänd"
"""Shown for the git commit when the package does not run from a checkout."""

# --- the words of the calculations' sentences: periods, targets, status reasons, the summary ----------------------

FULL_YEAR = "helår"
"""A full year, in period labels and target texts: 'helår 2024', '125,6 mnkr helår'."""
PREVIOUS_YEAR = "föregående år"
"""The comparison year when a target names none: 'Förbättring jmf med föregående år'."""

COMPARATOR_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
"""How a target's comparator is shown: '≥ 70 %', '≤ 13 %'."""

DIRECTION_VERBS = {"higher": "öka", "lower": "minska"}
"""The way an indicator should move, in a status reason: '(ska öka)', '(minska med 5 % från …)'."""

ASSESSMENT_PREDICATES = {
    "not_met": "inte kommer att uppnås",
    "partly": "delvis kommer att uppnås",
    "met": "kommer att uppnås",
}
"""What the summary sentence says of the sub-goals of each assessment, in the sentence's order (as in seed 000)."""

ASSESSMENT_PREDICATES_PAST = {
    "not_met": "inte har uppnåtts",
    "partly": "delvis har uppnåtts",
    "met": "har uppnåtts",
}
"""The same at the year's end, when the year is over: '5 inte har uppnåtts'."""

SUMMARY_FORMS = ("bedömningen", "samlad")
"""The opening sentence's forms a plan can choose (`document.summary_form`), after the real reports:
'bedömningen' (seed 000) 'Av nämndens 23 delmål är bedömningen per augusti att 5 inte kommer att uppnås, …';
'samlad' (seed 001) 'Av nämndens 23 delmål kommer 3 att uppnås, 14 delvis att uppnås och 6 inte att uppnås i den
samlade bedömningen per april.'"""

OVERALL_PREDICATES = {
    "met": ("att uppnås", "uppnåtts"),
    "partly": ("delvis att uppnås", "delvis uppnåtts"),
    "not_met": ("inte att uppnås", "inte uppnåtts"),
}
"""The 'samlad' form's clauses in its order (seed 001: met, partly, not met), (during the year, at the year's end),
after the verb of OVERALL_VERBS: 'kommer 3 att uppnås, 14 delvis att uppnås och 6 inte att uppnås'."""

OVERALL_VERBS = ("kommer", "har")
"""The 'samlad' form's verb during the year and at the year's end."""

NEUTER_ENDINGS = ("mål", "mått", "område", "perspektiv", "uppdrag")
"""Endings of the neuter level names (ett delmål, ett styrmått, ett fokusområde); other names are common gender."""

VOWELS = tuple("aeiouyåäö")
"""Letters after which the definite suffix is short: 'område' → 'området', 'områden' → 'områdena'."""

ARTICLES = {"n": "ett", "c": "en"}
"""The indefinite article of each gender: 'ett delmål', 'en framgångsfaktor'."""

NONE_BY_GENDER = {"n": "inget", "c": "ingen"}
"""'No' agreeing with a noun of each gender: 'inget delmål', 'ingen framgångsfaktor'."""

ASSESSED_BY_GENDER = {"n": "bedömt", "c": "bedömd"}
"""'Assessed' agreeing with a noun of each gender: 'är ännu inte bedömt' (delmål), 'bedömd' (framgångsfaktor)."""

CHANGE_VERBS = {"increase": "Öka", "decrease": "Minska", "improve": "Förbättring"}
"""A direction or change target as a plan writes it: 'Öka', 'Minska med 50 % jmf med 2020', 'Förbättring'."""

ACTIVITY_TARGET = "Genomförd aktivitet"
"""The target of an activity, shown when the plan gives no wording of its own."""

UNDEFINED_TARGET = "ej fastställt"
"""Shown for a target not yet decided (the plan says 'Under utredning', 'Formulera indikator' …)."""


# --- statistical process control (styrdiagram) ---------------------------------------------------------------------

SPC_VARIATION_LABELS = {
    "improvement": "förbättring",
    "concern": "försämring",
    "high": "särskild orsak, högre",
    "low": "särskild orsak, lägre",
    "common": "vanlig variation",
    "too_few": "för få månader",
}
"""The variation verdict of a styrdiagram for the latest month (NHS Making Data Count's variation icons)."""
SPC_VARIATION_SYMBOLS = {"improvement": "⊕", "concern": "⊖", "high": "⇑", "low": "⇓", "common": "∿",
                         "too_few": "–"}
"""Shapes, not colours: ⊕ better, ⊖ worse, ⇑/⇓ higher/lower without direction, ∿ common variation."""
SPC_ASSURANCE_LABELS = {"pass": "uppnås konsekvent", "inconsistent": "varierar", "fail": "uppnås inte utan förändring"}
"""Whether the process meets the target month after month (NHS Making Data Count's assurance icons)."""
SPC_ASSURANCE_SYMBOLS = {"pass": "✓", "inconsistent": "⇅", "fail": "✗"}
SPC_RULE_LABELS = {
    "outside": "utanför styrgränserna",
    "two_of_three": "två av tre nära en styrgräns",
    "shift": "minst sju i rad på samma sida om medelvärdet",
    "trend": "minst sju i rad stigande eller fallande",
}
"""The special-cause rules, as a reader is told which one a month meets."""
