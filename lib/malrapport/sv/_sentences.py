"""Swedish sentences and labels built from values, with their grammar: periods, schedules, target texts, status
reasons, notes, the summary's sentences.

Small pure functions of plain values: numbers come formatted (str) where the caller formats them, counts as
int, nouns as the plan writes them, period kinds as 'year' | 'tertial' | 'month', statuses as their values
('met', 'partly' …), sexes as codes ('T', 'K', 'M'), directions as 'higher' | 'lower' | 'none'. The words
come from `_words`; the calculations decide which sentence applies and with which numbers.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from ._numbers import fmt_count_word
from ._words import (
    ASSESSED_BY_GENDER,
    ASSESSMENT_PREDICATES,
    CHANGE_VERBS,
    COMPARATOR_SYMBOLS,
    DIRECTION_LABELS,
    DIRECTION_VERBS,
    FULL_YEAR,
    MONTHS,
    MONTHS_SHORT,
    NEUTER_ENDINGS,
    NONE_BY_GENDER,
    PREVIOUS_YEAR,
    SEX_LABELS,
    STATUS_LABELS,
    TERTIAL_CODES,
    TERTIAL_REPORT_NAMES,
    TREND_LABELS,
)

Gender = Literal["n", "c"]
"""Grammatical gender of a noun: 'n' neuter (ett delmål), 'c' common (en framgångsfaktor)."""

# --- grammar ------------------------------------------------------------------------------------------------------


def noun_gender(noun: str) -> Gender:
    """The gender of a level name, from its ending: 'n' for compounds of NEUTER_ENDINGS, else 'c'.

    >>> noun_gender("Delmål"), noun_gender("Framgångsfaktor")
    ('n', 'c')
    """
    return "n" if noun.strip().lower().endswith(NEUTER_ENDINGS) else "c"


def noun_in_sentence(word: str) -> str:
    """A name inside a sentence: 'Delmål' → 'delmål', but an abbreviation such as 'KPI' stays as it is."""
    if len(word) > 1 and word[1].isupper():
        return word
    return word[:1].lower() + word[1:]


def capitalise(text: str) -> str:
    """The first letter in upper case, the rest as it is: 'nämndens enda delmål …' → 'Nämndens enda delmål …'."""
    return text[:1].upper() + text[1:]


def join_list(parts: Sequence[str]) -> str:
    """'a', 'a och b', 'a, b och c' ('' for no parts)."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " och " + parts[-1]


def count_phrase(n: int, singular: str, plural: str, gender: Gender) -> str:
    """A number of things with the noun agreeing: 'inget delmål', 'ingen framgångsfaktor', '1 delmål', '3 delmål'."""
    if n == 0:
        return f"{NONE_BY_GENDER[gender]} {singular}"
    return fmt_count_word(n, singular, plural)


# --- periods and follow-up schedules ----------------------------------------------------------------------------


def _full_year(kind: str, number: int) -> bool:
    """A year, or the third tertial, whose report covers the whole year."""
    return kind == "year" or (kind == "tertial" and number == 3)


def period_label(kind: str, year: int, number: int, last_month: int) -> str:
    """'per april 2024' (tertial), 'helår 2024' (tertial 3, year), 'april 2024' (month).

    `number` is the tertial's or the month's number (0 for a year), `last_month` the period's last month (1–12).

    >>> period_label("tertial", 2024, 2, 8), period_label("tertial", 2024, 3, 12), period_label("month", 2024, 4, 4)
    ('per augusti 2024', 'helår 2024', 'april 2024')
    """
    if _full_year(kind, number):
        return f"{FULL_YEAR} {year}"
    if kind == "tertial":
        return f"per {MONTHS[last_month - 1]} {year}"
    return f"{MONTHS[number - 1]} {year}"


def period_as_of(kind: str, number: int, last_month: int) -> str:
    """The period without the year, as in 'bedömningen per augusti': 'per april', 'för helåret'."""
    if _full_year(kind, number):
        return "för helåret"
    return f"per {MONTHS[last_month - 1]}"


def period_short_label(kind: str, year: int, number: int) -> str:
    """Compact axis label: 'T1 2024' (tertial), 'apr 2024' (month), '2024' (year)."""
    if kind == "year":
        return str(year)
    if kind == "tertial":
        return f"T{number} {year}"
    return f"{MONTHS_SHORT[number - 1]} {year}"


def report_name(kind: str, number: int) -> str:
    """'Delårsrapport 2' for tertial 2, 'Årsredovisning' for tertial 3 and a year, 'Månadsrapport april'."""
    if kind == "tertial":
        return TERTIAL_REPORT_NAMES[number]
    if kind == "year":
        return TERTIAL_REPORT_NAMES[3]
    return f"Månadsrapport {MONTHS[number - 1]}"


def schedule_label(tertials: Iterable[int]) -> str:
    """The tertials an indicator is followed up in: 'DÅ04, DÅ08, ÅR', 'årsrapporten', 'under utredning' (none).

    >>> schedule_label({2, 3}), schedule_label({3}), schedule_label(())
    ('DÅ08, ÅR', 'årsrapporten', 'under utredning')
    """
    chosen = set(tertials)
    if not chosen:
        return "under utredning"
    if chosen == {3}:
        return "årsrapporten"
    return ", ".join(TERTIAL_CODES[t] for t in sorted(chosen))


def reference_year_label(year: int | None) -> str:
    """The year a change is compared with: '2020', or 'föregående år' when the target names none."""
    return str(year) if year else PREVIOUS_YEAR


# --- targets, when the plan gives no wording of its own -----------------------------------------------------------


def level_target_text(amount: str, comparator: str | None = None, qualifier: str = "", annual: bool = False,
                      reference_year: int | None = None) -> str:
    """A level: '70 %', '≤ 125,6 mnkr helår (2015 års nivå)', '90 % inom 30 dagar'.

    `amount` is the formatted level, `comparator` ('>=', '<' …) is shown as a symbol before it, `qualifier` is
    the plan's own addition, `annual` marks a full-year level and `reference_year` the year whose level it is.
    """
    parts = [amount]
    if comparator:
        parts.insert(0, COMPARATOR_SYMBOLS[comparator])
    if qualifier:
        parts.append(qualifier)
    if annual:
        parts.append(FULL_YEAR)
    if reference_year:
        parts.append(f"({reference_year} års nivå)")
    return " ".join(parts)


def per_sex_target_text(levels: Iterable[tuple[str, str]]) -> str:
    """Levels per sex, from (sex code, level text) pairs: 'K: 16 %, M: 17,2 %'."""
    return ", ".join(f"{sex}: {text}" for sex, text in levels)


def change_target_text(change: str, amount: str = "", reference_year: int | None = None, baseline: str = "") -> str:
    """A change: 'Minska med 50 % jmf med 2020', 'Förbättring jmf med föregående år', '… = 12,4 dagar'.

    `change` is 'increase', 'decrease' or 'improve'; `amount` and `baseline` (the reference value) come
    formatted, empty when the target has none.
    """
    parts = [CHANGE_VERBS[change]]
    if amount:
        parts.append(f"med {amount}")
    parts.append(f"jmf med {reference_year_label(reference_year)}")
    text = " ".join(parts)
    return f"{text} = {baseline}" if baseline else text


# --- status reasons -----------------------------------------------------------------------------------------------

NO_DIRECTION_REASON = "kan inte bedöma förbättring när indikatorn saknar riktning"
"""Why an improvement target of an indicator without direction is not assessed."""


def join_notes(notes: Iterable[str]) -> str:
    """Notes after one another, the empty ones left out: 'rätt riktning men inte ända fram; inom toleransen'."""
    return "; ".join(note for note in notes if note)


def for_sex(sex: str, text: str) -> str:
    """A text about one sex (code 'T', 'K' or 'M'): 'kvinnor: uppnås', 'män: utfall saknas för …'."""
    return f"{SEX_LABELS[sex].lower()}: {text}"


def per_sex_reason(statuses: Iterable[tuple[str, str]]) -> str:
    """The statuses of the sexes, from (sex code, status value) pairs: 'kvinnor: uppnås, män: delvis'."""
    return ", ".join(for_sex(sex, STATUS_LABELS[status]) for sex, status in statuses)


def level_reason(value: str, goal: str, comparator: str | None = None, direction: str = "higher",
                 annual_goal: str = "", months: int = 12, within_tolerance: bool = False) -> str:
    """A value against a level: '51 % mot målvärdet 100 %', '6,2 % mot målvärdet 5,8 % (lägre är bättre)'.

    `comparator` is the target's own ('>=', '<' …) and is shown before the goal; without one, the indicator's
    `direction` is noted when it is 'lower' ('lägre är bättre') or 'none' ('ska ligga på målvärdet').
    `annual_goal` is the full-year level when `goal` is its pro rata share for `months` months;
    `within_tolerance` adds that the value is within the tolerance.

    >>> level_reason("80 mnkr", "83,7 mnkr", "<=", annual_goal="125,6 mnkr", months=8)
    '80 mnkr mot målvärdet ≤ 83,7 mnkr (125,6 mnkr för helåret, pro rata för 8 av 12 månader)'
    """
    notes = []
    if comparator:
        goal = f"{COMPARATOR_SYMBOLS[comparator]} {goal}"
    elif direction == "none":
        notes.append("ska ligga på målvärdet")
    elif direction == "lower":
        notes.append(DIRECTION_LABELS["lower"])
    if annual_goal:
        notes.append(f"{annual_goal} för helåret, pro rata för {months} av 12 månader")
    reason = f"{value} mot målvärdet {goal}"
    if notes:
        reason += f" ({join_notes(notes)})"
    return reason + ("; inom toleransen" if within_tolerance else "")


def movement_reason(value: str, reference: str, period: str, direction: str, trend: str) -> str:
    """A value against an earlier one, the way it should move and the trend: '58 % jämfört med 55 % T2 2023 …'.

    `direction` is 'higher' or 'lower', `trend` a key of TREND_LABELS ('better' → '(ska öka); bättre').
    """
    return f"{value} jämfört med {reference} {period} (ska {DIRECTION_VERBS[direction]}); {TREND_LABELS[trend]}"


def change_reason(value: str, goal: str, direction: str, change: str, reference: str, reference_label: str,
                  partly: bool = False) -> str:
    """A value against the goal of a change: '14 mot målvärdet 10 (minska med 50 % från 20 T2 2020)'.

    `direction` is 'higher' or 'lower', `change` the amount of the change, `reference` the value changed from
    and `reference_label` its period or year; `partly` adds that the value moved the right way but not enough.
    """
    reason = (f"{value} mot målvärdet {goal} ({DIRECTION_VERBS[direction]} med {change} "
              f"från {reference} {reference_label})")
    return reason + ("; rätt riktning men inte ända fram" if partly else "")


AT_ZERO_NOTE = "noll går inte att minska, så målet är nått"
"""Added to the reason of a 'Minska' target whose value is zero now and in the comparison period."""


def missing_comparison_reason(period: str) -> str:
    """'jämförelsevärde för T2 2023 saknas'."""
    return f"jämförelsevärde för {period} saknas"


def activity_reason(status: str, as_of: str = "") -> str:
    """An activity: 'genomförd' ('met'), not yet done `as_of` ('partly'), not done by the year's end ('not_met')."""
    if status == "met":
        return "genomförd"
    if status == "partly":
        return f"ännu inte genomförd {as_of}; ska vara genomförd vid årets slut"
    return "inte genomförd vid årets slut"


def not_due_reason(tertials: Iterable[int]) -> str:
    """'följs upp i årsrapporten', 'följs upp DÅ08, ÅR' or 'följs inte upp (under utredning)'."""
    chosen = set(tertials)
    if not chosen:
        return f"följs inte upp ({schedule_label(chosen)})"
    if chosen == {3}:
        return f"följs upp i {schedule_label(chosen)}"
    return f"följs upp {schedule_label(chosen)}"


def no_target_reason(undefined: bool = False, sex: str = "") -> str:
    """'målvärde saknas', 'målvärde saknas för kvinnor' (one `sex` lacks its own), 'målvärde är inte fastställt'."""
    if undefined:
        return "målvärde är inte fastställt"
    return f"målvärde saknas för {SEX_LABELS[sex].lower()}" if sex else "målvärde saknas"


def no_outcome_reason(period: str = "") -> str:
    """'utfall saknas för per augusti 2024' (`period` is the period's label), or 'utfall saknas'."""
    return f"utfall saknas för {period}" if period else "utfall saknas"


# --- notes on an observation: how a value came about --------------------------------------------------------------

DERIVED_TOTAL_NOTE = "totalt beräknat från kvinnor och män"
RATIO_FALLBACK_NOTE = "medelvärde av månadsvärden eftersom täljare och nämnare saknas"
ZERO_DENOMINATOR_NOTE = "nämnaren är noll"


def months_note(present: int, expected: int) -> str:
    """Months with a value out of the window's months: '3 av 4 månader'."""
    return f"{present} av {expected} månader"


def derived_total_note(women: str = "", men: str = "") -> str:
    """A total computed from women and men, with the notes of either.

    >>> derived_total_note(women="3 av 4 månader")
    'totalt beräknat från kvinnor och män; kvinnor: 3 av 4 månader'
    """
    return join_notes([DERIVED_TOTAL_NOTE, for_sex("K", women) if women else "", for_sex("M", men) if men else ""])


# --- the summary: the report's opening sentence and the changes since the previous report -------------------------


def summary_sentence(counts: Mapping[str, int], not_assessed: int, singular: str, plural: str, owner: str,
                     as_of: str, gender: Gender | None = None) -> str:
    """The opening sentence(s) of a report, in the seeds' wording.

    `counts` holds the number of sub-goals per assessment ('not_met', 'partly', 'met'), `not_assessed` those
    without one; `singular` and `plural` are the level's name as the plan writes it ('Delmål', 'Delmål'),
    `owner` the organisation in the genitive ('nämndens'), `as_of` the period ('per augusti'). `gender`
    overrides the gender derived from the level's name.

    >>> summary_sentence({"partly": 5, "met": 3}, 0, "Delmål", "Delmål", "nämndens", "per augusti")
    'Av nämndens 8 delmål är bedömningen per augusti att 5 delvis kommer att uppnås och 3 kommer att uppnås.'
    """
    gender = gender or noun_gender(singular)
    singular, plural = noun_in_sentence(singular), noun_in_sentence(plural)
    judged = {status: int(counts.get(status, 0)) for status in ASSESSMENT_PREDICATES}
    assessed_total = sum(judged.values())
    total = assessed_total + not_assessed
    if total == 0:
        return f"Det finns inga {plural} att bedöma {as_of}."
    if total == 1:
        if assessed_total == 1:
            status = next(s for s in judged if judged[s])
            return f"Bedömningen {as_of} är att {owner} enda {singular} {ASSESSMENT_PREDICATES[status]}."
        return capitalise(f"{owner} enda {singular} är ännu inte {ASSESSED_BY_GENDER[gender]} {as_of}.")
    if assessed_total == 0:
        return (f"{capitalise(NONE_BY_GENDER[gender])} av {owner} {total} {plural} är ännu "
                f"{ASSESSED_BY_GENDER[gender]} {as_of}.")
    groups = [(status, n) for status, n in judged.items() if n]
    if len(groups) == 1 and not_assessed == 0:
        quantity = "båda" if total == 2 else f"alla {total}"
        clause = f"{quantity} {ASSESSMENT_PREDICATES[groups[0][0]]}"
    else:
        clause = join_list([f"{n} {ASSESSMENT_PREDICATES[status]}" for status, n in groups])
    sentence = f"Av {owner} {total} {plural} är bedömningen {as_of} att {clause}."
    if not_assessed:
        sentence += f" {fmt_count_word(not_assessed, singular, plural)} saknar ännu bedömning."
    return sentence


def changes_sentence(since: str, singular: str, plural: str, changes: Sequence[tuple[str, str, str]],
                     gender: Gender | None = None) -> str:
    """'Sedan per april har 2 delmål fått en ny bedömning: X (från delvis till uppnås) och Y (…).'

    `since` is the previous report's period ('per april'), `singular` and `plural` the level's name as the plan
    writes it, `changes` the (name, previous status, new status) of each changed sub-goal, statuses as values.
    """
    gender = gender or noun_gender(singular)
    singular, plural = noun_in_sentence(singular), noun_in_sentence(plural)
    count = count_phrase(len(changes), singular, plural, gender)
    if not changes:
        return f"Sedan {since} har {count} fått en ny bedömning."
    items = [f"{name} (från {STATUS_LABELS[before]} till {STATUS_LABELS[after]})" for name, before, after in changes]
    return f"Sedan {since} har {count} fått en ny bedömning: {join_list(items)}."


# --- alternative texts of charts (what a screen reader says instead of the drawing) -------------------------------

def chart_alt_text(name: str, first: str, last: str, latest: Sequence[tuple[str, str]], target: str = "") -> str:
    """What an indicator's chart shows: indicator, period range, the latest values per sex and the target.

    `latest` holds (sex code, formatted value) of the last period; `target` the target as the plan words it.

    >>> chart_alt_text("Fallskador", "2020 T1", "2022 T1", [("T", "51 %"), ("K", "45 %")], "minst 90 %")
    'Diagram: Fallskador, 2020 T1–2022 T1. Senast (2022 T1): totalt 51 %, kvinnor 45 %. Mål: minst 90 %.'
    """
    span = first if first == last else f"{first}–{last}"
    values = ", ".join(f"{SEX_LABELS.get(sex, sex).lower()} {value}" for sex, value in latest)
    parts = [f"Diagram: {name}, {span}."]
    parts.append(f"Senast ({last}): {values}." if values else "Inga värden.")
    parts.append(f"Mål: {target}." if target else "Inget målvärde.")
    return " ".join(parts)


def overview_alt_text(subgoals: str, counts: Sequence[tuple[str, Sequence[tuple[str, int]]]]) -> str:
    """What the summary's chart shows: per top-level goal, how many sub-goals have each status.

    >>> overview_alt_text("delmål", [("Mål 1", [("met", 2), ("partly", 1)])])
    'Diagram: delmål per mål och bedömning. Mål 1: 2 uppnås, 1 delvis.'
    """
    goals = "; ".join(f"{goal}: " + ", ".join(f"{n} {STATUS_LABELS.get(status, status)}" for status, n in by_status)
                      for goal, by_status in counts)
    return f"Diagram: {subgoals} per mål och bedömning. {goals}."


def units_alt_text(name: str, period: str, values: Sequence[tuple[str, str]], reference: str = "") -> str:
    """What the comparison across units shows: every unit's value in the chart's order, and the reference.

    >>> units_alt_text("Fallskador", "2021", [("Region A", "3,1"), ("Region B", "2,0")], "Riket 2,5")
    'Diagram: Fallskador per enhet, 2021: Region A 3,1; Region B 2,0. Referens: Riket 2,5.'
    """
    listed = "; ".join(f"{unit} {value}" for unit, value in values)
    text = f"Diagram: {name} per enhet, {period}: {listed}."
    return f"{text} Referens: {reference}." if reference else text
