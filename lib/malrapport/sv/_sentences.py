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
    ASSESSMENT_PREDICATES_PAST,
    CHANGE_VERBS,
    COMPARATOR_SYMBOLS,
    DIRECTION_LABELS,
    DIRECTION_VERBS,
    FULL_YEAR,
    MONTHS,
    MONTHS_SHORT,
    MOVEMENT_SYMBOLS,
    NEUTER_ENDINGS,
    NONE_BY_GENDER,
    OVERALL_PREDICATES,
    OVERALL_VERBS,
    PREVIOUS_YEAR,
    SEX_LABELS,
    STATUS_LABELS,
    SUMMARY_FORMS,
    TERTIAL_CODES,
    TERTIAL_REPORT_NAMES,
    TREND_LABELS,
    VOWELS,
    sex_labels,
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


def definite(noun: str, gender: Gender | None = None) -> str:
    """The definite singular of a level's name: 'delmålet', 'framgångsfaktorn', 'styrmåttet', 'målsättningen'.

    >>> definite("Delmål"), definite("Framgångsfaktor"), definite("Område"), definite("Målsättning")
    ('delmålet', 'framgångsfaktorn', 'området', 'målsättningen')
    """
    word = noun_in_sentence(noun.strip())
    gender = gender or noun_gender(word)
    if gender == "n":
        return word + ("t" if word[-1:] in VOWELS else "et")
    return word + ("n" if word[-1:] in VOWELS or word.endswith(("or", "er", "el", "ar")) else "en")


def definite_plural(plural: str) -> str:
    """The definite plural: 'delmålen', 'framgångsfaktorerna', 'styrmåtten', 'områdena', 'de strategiska målen'.

    >>> definite_plural("Delmål"), definite_plural("Indikatorer"), definite_plural("Strategiska mål")
    ('delmålen', 'indikatorerna', 'de strategiska målen')
    """
    words = noun_in_sentence(plural.strip()).split(" ")
    last = words[-1]
    if last.endswith(("er", "ar", "or", "en")):
        words[-1] = last + ("a" if last.endswith("en") else "na")
    else:
        words[-1] = last + ("na" if last[-1:] in VOWELS else "en")
    return ("de " if len(words) > 1 else "") + " ".join(words)


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


def gap_target_text(verb: str, reference: str, amount: str = "", reference_year: int | None = None,
                    baseline: str = "") -> str:
    """A gap target: 'Minska skillnaden mot riket med 1 dag jmf med 2014 = 12,4 dagar'.

    `verb` is 'increase', 'decrease' or 'improve', `reference` the compared unit as a sentence names it;
    `amount` and `baseline` (this unit's value in the baseline year) come formatted, empty when not given.

    >>> gap_target_text("decrease", "riket", "1 dag", 2014)
    'Minska skillnaden mot riket med 1 dag jmf med 2014'
    """
    parts = [CHANGE_VERBS[verb] if verb != "improve" else "Förbättra", "skillnaden mot", reference]
    if amount:
        parts.append(f"med {amount}")
    parts.append(f"jmf med {reference_year_label(reference_year)}")
    text = " ".join(parts)
    return f"{text} = {baseline}" if baseline else text


# --- status reasons -----------------------------------------------------------------------------------------------

NO_DIRECTION_REASON = "kan inte bedöma förbättring när indikatorn saknar riktning"
"""Why an improvement target of an indicator without direction is not assessed."""


def trend_text(trend: str, current: float | None = None, previous: float | None = None) -> str:
    """A trend as arrow and word: the arrow shows which way the value moved, the word whether that is better.

    >>> trend_text("better", 8.2, 8.7), trend_text("worse", 9.1, 8.7), trend_text("unchanged", 8.7, 8.6)
    ('↘ bättre', '↗ sämre', '→ oförändrat')
    """
    if trend in ("unknown", "unchanged") or current is None or previous is None or current == previous:
        movement = trend if trend in ("unknown", "unchanged") else "unchanged"
    else:
        movement = "up" if current > previous else "down"
    return f"{MOVEMENT_SYMBOLS[movement]} {TREND_LABELS[trend]}"


def join_notes(notes: Iterable[str]) -> str:
    """Notes after one another, the empty ones left out: 'rätt riktning men inte ända fram; inom toleransen'."""
    return "; ".join(note for note in notes if note)


def join_sentences(texts: Iterable[str]) -> str:
    """Texts as one paragraph, the empty ones left out, each ending with a full stop.

    >>> join_sentences(["Avser totalen", "", "Satt för demonstrationen."])
    'Avser totalen. Satt för demonstrationen.'
    """
    parts = [text.strip() for text in texts if text and text.strip()]
    return " ".join(part if part[-1] in ".!?…" else f"{part}." for part in parts)


def total_outside_note(total: str, women: str, men: str) -> str:
    """Why a total lies outside women's and men's values: it is a figure of its own in the source.

    >>> total_outside_note("78,5 %", "78 %", "76 %")[:60]  # seed 002, läkemedelsberättelse
    'Totalen 78,5 % ligger utanför kvinnornas 78 % och männens 76'
    """
    return (f"Totalen {total} ligger utanför kvinnornas {women} och männens {men}: den är redovisad som en egen "
            f"siffra i underlaget, inte beräknad ur dem.")


def total_not_sum_note(total: str, women: str, men: str) -> str:
    """Why a summed total differs from women plus men: it is a figure of its own in the source."""
    return (f"Totalen {total} är inte summan av kvinnor ({women}) och män ({men}): den är redovisad som en egen "
            f"siffra i underlaget, inte beräknad ur dem.")


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


def gap_phrase(value: str, reference: str, reference_value: str, gap: str) -> str:
    """This unit against the reference and the gap: '9,5 dagar mot riket 9,9 dagar, skillnad −0,4 dagar'."""
    return f"{value} mot {reference} {reference_value}, skillnad {gap}"


def gap_reason(now: str, goal: str, direction: str, amount: str, baseline_gap: str, baseline_label: str,
               baseline_own: str, baseline_reference: str, partly: bool = False) -> str:
    """A gap against the goal of a change: the gap now (`gap_phrase`), the goal and where it comes from.

    `goal` is the signed gap to reach, `direction` the better way ('higher', 'lower'), `amount` how far the gap
    shall move, `baseline_gap` the gap in the baseline period named by `baseline_label`, `baseline_own` and
    `baseline_reference` the two values behind it; `partly` adds that the gap moved the right way but not enough.

    >>> gap_reason("9,5 dagar mot riket 9,9 dagar, skillnad −0,4 dagar", "+2 dagar", "lower", "1 dag", "+3 dagar",
    ...            "2014", "12,4 dagar", "9,4 dagar").split("; ")[1]
    'målvärdet är en skillnad på högst +2 dagar (skillnaden 2014 var +3 dagar, 12,4 dagar mot 9,4 dagar, och ska \
minska med 1 dag)'
    """
    bound = "högst" if direction == "lower" else "minst"
    reason = (f"{now}; målvärdet är en skillnad på {bound} {goal} (skillnaden {baseline_label} var {baseline_gap}, "
              f"{baseline_own} mot {baseline_reference}, och ska {DIRECTION_VERBS[direction]} med {amount})")
    return reason + ("; rätt riktning men inte ända fram" if partly else "")


def gap_movement_reason(now: str, baseline_gap: str, baseline_label: str, direction: str, trend: str) -> str:
    """A gap against the gap of an earlier period: '…, skillnad −0,4 dagar jämfört med +0,2 dagar T1 2017 …'."""
    return f"{now} jämfört med {baseline_gap} {baseline_label} (skillnaden ska {DIRECTION_VERBS[direction]}); " \
           f"{TREND_LABELS[trend]}"


def gap_not_judged_reason(now: str, sex: str) -> str:
    """A sex the plan gives no baseline for: the gap is shown, not judged."""
    return f"{now}; planen anger inget utgångsläge för {SEX_LABELS[sex].lower()}, så skillnaden bedöms inte"


def generated_reference_note(reference: str) -> str:
    """Follows a gap's reason when a value of the reference unit or of the baseline is generated demo data."""
    return f"värden för {reference} eller basåret är genererade demovärden"


def missing_reference_reason(reference: str, period: str) -> str:
    """'utfall för riket saknas för per april 2018'."""
    return f"utfall för {reference} saknas för {period}"


def composite_reason(met: int, total: int, partly: Sequence[str] = (), not_met: Sequence[str] = ()) -> str:
    """The status of a target with `total` parts, `met` of them met; `partly` and `not_met` name the others.

    >>> composite_reason(4, 4)
    'alla 4 delar uppnås'
    >>> composite_reason(0, 4, ["0:an"], ["7:an", "90 dagar: besök", "90 dagar: åtgärd"])
    'ingen av de 4 delarna uppnås; delvis: 0:an; uppnås inte: 7:an, 90 dagar: besök och 90 dagar: åtgärd'
    """
    if met == total:
        return f"alla {total} delar uppnås"
    head = f"ingen av de {total} delarna uppnås" if met == 0 else f"{met} av {total} delar uppnås"
    if met == 0 and not partly:
        return head
    notes = [f"delvis: {join_list(partly)}" if partly else "", f"uppnås inte: {join_list(not_met)}" if not_met else ""]
    return join_notes([head, *notes])


def component_note(number: int, total: int) -> str:
    """Which part of a composite target a row is: 'del 1 av 4'."""
    return f"del {number} av {total}"


def for_part(name: str, text: str) -> str:
    """A text about one part of a composite target: '0:an: utfall saknas för per april 2018'."""
    return f"{name}: {text}"


AT_ZERO_NOTE = "noll går inte att minska, så målet är nått"
"""Added to the reason of a 'Minska' target whose value is zero now and in the comparison period."""


def per_day_reason(reason: str) -> str:
    """A comparison made per calendar day says so: 'per dag: 10 jämfört med 9,7 feb 2023 (ska öka); bättre'."""
    return f"per dag: {reason}"


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
    """'utfall saknas per augusti 2024', 'utfall saknas för helår 2024' (`period` is the period's label), or
    'utfall saknas'.

    >>> no_outcome_reason("per augusti 2024"), no_outcome_reason("april 2024")
    ('utfall saknas per augusti 2024', 'utfall saknas för april 2024')
    """
    if not period:
        return "utfall saknas"
    return f"utfall saknas {period}" if period.startswith("per ") else f"utfall saknas för {period}"


# --- notes on an observation: how a value came about --------------------------------------------------------------

DERIVED_TOTAL_NOTE = "totalt beräknat från kvinnor och män"
RATIO_FALLBACK_NOTE = "medelvärde av månadsvärden eftersom täljare och nämnare saknas"
ZERO_DENOMINATOR_NOTE = "nämnaren är noll"


ZERO_DENOMINATOR_REASON = "inga patienter under perioden (nämnaren är noll); inget att bedöma"
MEDIAN_LABEL = "median"
DERIVED_TOTAL_WITHHELD_NOTE = "totalt saknas och kan inte beräknas, så bedömningen bygger på kvinnor och män"


def months_note(present: int, expected: int) -> str:
    """Months with a value out of the window's months: '3 av 4 månader'."""
    return f"{present} av {expected} månader"


def month_span(first: tuple[int, int], last: tuple[int, int]) -> str:
    """Months from (year, month) to (year, month) as a reader says them: 'jan–maj 2026', 'nov 2025–feb 2026'.

    >>> month_span((2026, 1), (2026, 5)), month_span((2025, 11), (2026, 2)), month_span((2026, 5), (2026, 5))
    ('jan–maj 2026', 'nov 2025–feb 2026', 'maj 2026')
    """
    (first_year, first_month), (last_year, last_month) = first, last
    if (first_year, first_month) == (last_year, last_month):
        return f"{MONTHS_SHORT[last_month - 1]} {last_year}"
    if first_year == last_year:
        return f"{MONTHS_SHORT[first_month - 1]}–{MONTHS_SHORT[last_month - 1]} {last_year}"
    return f"{MONTHS_SHORT[first_month - 1]} {first_year}–{MONTHS_SHORT[last_month - 1]} {last_year}"


def too_little_coverage_reason(present: int, expected: int, required: int, span: str = "") -> str:
    """Too few months reported for a judgement: '3 av 4 månader rapporterade – ingen bedömning'.

    `required` is the plan's minimum when it is less than the whole window; `span` names the months the figure
    covers ('jan–maj 2026').

    >>> too_little_coverage_reason(3, 4, 4)
    '3 av 4 månader rapporterade – ingen bedömning'
    >>> too_little_coverage_reason(5, 12, 9, "jan–maj 2026")
    '5 av 12 månader rapporterade (jan–maj 2026), minst 9 krävs – ingen bedömning'
    """
    covered = f" ({span})" if span else ""
    minimum = f", minst {required} krävs" if required < expected else ""
    return f"{present} av {expected} månader rapporterade{covered}{minimum} – ingen bedömning"


def last_month_missing_reason(missing: str, latest: str = "") -> str:
    """A latest-month figure whose month is missing.

    >>> last_month_missing_reason("aug 2026", "maj 2026")
    'värde för aug 2026 saknas (senaste är maj 2026) – ingen bedömning'
    """
    latest_text = f" (senaste är {latest})" if latest else ""
    return f"värde för {missing} saknas{latest_text} – ingen bedömning"


def other_period_comparison_reason(period: str, span: str) -> str:
    """No same-period value to compare with: 'jämförelsevärde för samma månader saknas (jan–maj 2025); 2025 avser
    en annan period'.

    >>> other_period_comparison_reason("2025", "jan–maj 2025")
    'jämförelsevärde för samma månader (jan–maj 2025) saknas; värdet för 2025 avser andra månader'
    """
    return f"jämförelsevärde för samma månader ({span}) saknas; värdet för {period} avser andra månader"


def percentile_label(percentile: float) -> str:
    """'90:e percentil', '75:e percentil', '50:e percentil'.

    >>> percentile_label(90), percentile_label(2.5)
    ('90:e percentil', '2,5:e percentil')
    """
    number = f"{percentile:g}".replace(".", ",")
    return f"{number}:e percentil"


def mean_of_monthly_note(statistic: str) -> str:
    """A window's figure that is the mean of monthly medians: 'medelvärde av månadsmedianer'.

    >>> mean_of_monthly_note("median"), mean_of_monthly_note("90:e percentil")
    ('medelvärde av månadsmedianer', 'medelvärde av månadernas 90:e percentiler')
    """
    if statistic == MEDIAN_LABEL:
        return "medelvärde av månadsmedianer"
    return f"medelvärde av månadernas {statistic}er"


def latest_month_note(statistic: str, month: str) -> str:
    """A window's figure that is its latest month's median: 'median för aug 2026 (senaste månaden)'."""
    return f"{statistic} för {month} (senaste månaden)"


def quantile_how(statistic: str, combine_months: str) -> str:
    """How a median or percentile indicator's window figure is made, for axis titles and the definitions table.

    >>> quantile_how("median", "last"), quantile_how("median", "mean")
    ('median, senaste månaden', 'medelvärde av månadsmedianer')
    """
    return mean_of_monthly_note(statistic) if combine_months == "mean" else f"{statistic}, senaste månaden"


def min_coverage_text(months: int | None, share: float | None) -> str:
    """The plan's minimum coverage in the definitions table: 'minst 3 månader rapporterade', 'minst 75 % av månaderna'.

    >>> min_coverage_text(3, None), min_coverage_text(None, 0.75), min_coverage_text(None, None)
    ('minst 3 månader rapporterade', 'minst 75 % av månaderna rapporterade', 'alla månader rapporterade')
    """
    if months is not None:
        return f"minst {months} {'månad' if months == 1 else 'månader'} rapporterade"
    if share is not None:
        return f"minst {share * 100:g} % av månaderna rapporterade".replace(".", ",")
    return "alla månader rapporterade"


def common_months_note(months: int) -> str:
    """A total from women and men over the months both have: 'totalt för de 3 månader både kvinnor och män har'."""
    return f"totalt beräknat för de {months} månader både kvinnor och män har"


def derived_total_note(women: str = "", men: str = "") -> str:
    """A total computed from women and men, with the notes of either.

    >>> derived_total_note(women="3 av 4 månader")
    'totalt beräknat från kvinnor och män; kvinnor: 3 av 4 månader'
    """
    return join_notes([DERIVED_TOTAL_NOTE, for_sex("K", women) if women else "", for_sex("M", men) if men else ""])


# --- the summary: the report's opening sentence and the changes since the previous report -------------------------


def summary_sentence(counts: Mapping[str, int], not_assessed: int, singular: str, plural: str, owner: str,
                     as_of: str, gender: Gender | None = None, form: str = "bedömningen", past: bool = False) -> str:
    """The opening sentence(s) of a report, in the wording the plan chooses from the real reports.

    `counts` holds the number of sub-goals per assessment ('not_met', 'partly', 'met'), `not_assessed` those
    without one; `singular` and `plural` are the level's name as the plan writes it ('Delmål', 'Delmål'),
    `owner` the organisation in the genitive ('nämndens'), `as_of` the period ('per augusti'). `gender`
    overrides the gender derived from the level's name. `form` is one of SUMMARY_FORMS; `past` is set at the
    year's end, when what was to be reached either has been or has not ('har uppnåtts'). No sentence starts with
    a digit.

    >>> summary_sentence({"partly": 5, "met": 3}, 0, "Delmål", "Delmål", "nämndens", "per augusti")
    'Av nämndens 8 delmål är bedömningen per augusti att 5 delvis kommer att uppnås och 3 kommer att uppnås.'
    >>> text = summary_sentence({"not_met": 6, "partly": 14, "met": 3}, 0, "Delmål", "Delmål", "nämndens",
    ...                         "per april", form="samlad")  # seed 001
    >>> text == ("Av nämndens 23 delmål kommer 3 att uppnås, 14 delvis att uppnås och 6 inte att uppnås "
    ...          "i den samlade bedömningen per april.")
    True
    """
    if form not in SUMMARY_FORMS:
        raise ValueError(f"unknown summary form {form!r}; one of {SUMMARY_FORMS}")
    gender = gender or noun_gender(singular)
    singular, plural = noun_in_sentence(singular), noun_in_sentence(plural)
    predicates = ASSESSMENT_PREDICATES_PAST if past else ASSESSMENT_PREDICATES
    judged = {status: int(counts.get(status, 0)) for status in ASSESSMENT_PREDICATES}
    assessed_total = sum(judged.values())
    total = assessed_total + not_assessed
    if total == 0:
        return f"Det finns inga {plural} att bedöma {as_of}."
    if total == 1:
        if assessed_total == 1:
            status = next(s for s in judged if judged[s])
            return f"Bedömningen {as_of} är att {owner} enda {singular} {predicates[status]}."
        return capitalise(f"{owner} enda {singular} är {'inte' if past else 'ännu inte'} "
                          f"{ASSESSED_BY_GENDER[gender]} {as_of}.")
    if assessed_total == 0:
        return (f"{capitalise(NONE_BY_GENDER[gender])} av {owner} {total} {plural} är "
                f"{'' if past else 'ännu '}{ASSESSED_BY_GENDER[gender]} {as_of}.")
    groups = [(status, n) for status, n in judged.items() if n]
    everyone = len(groups) == 1 and not_assessed == 0
    quantity = ("båda" if total == 2 else f"alla {total}") if everyone else ""
    if form == "samlad":
        order = [(status, judged[status]) for status in OVERALL_PREDICATES if judged[status]]
        clauses = [f"{quantity or n} {OVERALL_PREDICATES[status][past]}" for status, n in order]
        sentence = (f"Av {owner} {total} {plural} {OVERALL_VERBS[past]} {join_list(clauses)} i den samlade "
                    f"bedömningen {as_of}.")
    else:
        clause = f"{quantity} {predicates[groups[0][0]]}" if everyone else \
            join_list([f"{n} {predicates[status]}" for status, n in groups])
        sentence = f"Av {owner} {total} {plural} är bedömningen {as_of} att {clause}."
    if not_assessed:
        missing = fmt_count_word(not_assessed, singular, plural)
        sentence += f" Bedömning saknas {'' if past else 'ännu '}för {missing}."
    return sentence


def kind_sentence(met: int, partly: int, not_met: int, unjudged: int, plural: str, owner: str, as_of: str,
                  gender: Gender, past: bool = False) -> str:
    """How many indicators of one kind reach their target, as seed 004 says it of its aktiva mål.

    `plural` is the kind's plural as the plan writes it ('Aktiva mål'), `owner` the organisation in the genitive,
    `as_of` the period ('per april'); `unjudged` counts those without a judgement (no outcome, not due).

    The report of the full year speaks in the past (`past`): the year is over.

    >>> kind_sentence(2, 2, 4, 0, "Aktiva mål", "regionstyrelsens", "per april", "n")
    'Av regionstyrelsens 8 aktiva mål når 2 målvärdet per april och 6 gör det inte (4 uppnås inte och 2 delvis).'
    >>> kind_sentence(2, 3, 3, 0, "Aktiva mål", "regionstyrelsens", "för helåret", "n", past=True)[33:]
    'nådde 2 målvärdet för helåret och 6 gjorde det inte (3 uppnåddes inte och 3 delvis).'
    """
    total = met + partly + not_met + unjudged
    reached = str(met) if met else NONE_BY_GENDER[gender]
    reach, do, not_reached = ("nådde", "gjorde", "uppnåddes inte") if past else ("når", "gör", "uppnås inte")
    text = f"Av {owner} {total} {noun_in_sentence(plural)} {reach} {reached} målvärdet {as_of}"
    if partly + not_met:
        detail = [f"{not_met} {not_reached}" if not_met else "", f"{partly} delvis" if partly else ""]
        text += f" och {partly + not_met} {do} det inte ({join_list([d for d in detail if d])})"
    if unjudged:
        text += f"; {unjudged} kunde inte bedömas" if past else f"; {unjudged} kan ännu inte bedömas"
    return text + "."


def changes_sentence(since: str, singular: str, plural: str, changes: Sequence[tuple[str, str, str]],
                     gender: Gender | None = None) -> str:
    """'Sedan rapporten per april har 2 delmål fått en ny bedömning: X (från delvis till uppnås) och Y (…).'

    `since` is the previous report's period ('per april'), `singular` and `plural` the level's name as the plan
    writes it, `changes` the (name, previous status, new status) of each changed sub-goal, statuses as values. A
    name's closing full stop is dropped inside the sentence ('… Jämtland Härjedalen (från …)').
    """
    gender = gender or noun_gender(singular)
    singular, plural = noun_in_sentence(singular), noun_in_sentence(plural)
    count = count_phrase(len(changes), singular, plural, gender)
    if not changes:
        return f"Sedan rapporten {since} har {count} fått en ny bedömning."
    items = [f"{name.strip().rstrip('.')} (från {STATUS_LABELS[before]} till {STATUS_LABELS[after]})"
             for name, before, after in changes]
    return f"Sedan rapporten {since} har {count} fått en ny bedömning: {join_list(items)}."


def spc_sentence(variation: str, months: int, first: str, last: str, assurance: str = "", target: str = "") -> str:
    """What a styrdiagram says, in words: 'Styrdiagrammet bygger på 28 månader (jan 2022–apr 2024). Senaste
    månaden visar vanlig variation. Målvärdet 90 % varierar: det nås vissa månader men inte andra.'

    `variation` and `assurance` are the verdicts' Swedish words; `target` the target as written.
    """
    text = f"Styrdiagrammet bygger på {months} månader ({first}–{last}). Senaste månaden visar {variation}."
    if assurance == "uppnås konsekvent":
        text += f" Målvärdet {target} uppnås konsekvent: hela bandet mellan styrgränserna når målet."
    elif assurance == "varierar":
        text += f" Målvärdet {target} varierar: det ligger mellan styrgränserna och nås vissa månader men inte andra."
    elif assurance:
        text += (f" Målvärdet {target} uppnås inte utan förändring: det ligger utanför styrgränserna på fel sida, så "
                 "det nås inte med nuvarande arbetssätt.")
    return text


# --- alternative texts of charts (what a screen reader says instead of the drawing) -------------------------------

def chart_alt_text(name: str, first: str, last: str, latest: Sequence[tuple[str, str]], target: str = "",
                   children: bool = False) -> str:
    """What an indicator's chart shows: indicator, period range, the latest values per sex and the target.

    `latest` holds (sex code, formatted value) of the last period; `target` the target as the plan words it;
    `children`: the sexes are girls and boys.

    >>> chart_alt_text("Fallskador", "2020 T1", "2022 T1", [("T", "51 %"), ("K", "45 %")], "minst 90 %")
    'Diagram: Fallskador, 2020 T1–2022 T1. Senast (2022 T1): totalt 51 %, kvinnor 45 %. Mål: minst 90 %.'
    """
    span = first if first == last else f"{first}–{last}"
    labels = sex_labels(children)
    values = ", ".join(f"{labels.get(sex, sex).lower()} {value}" for sex, value in latest)
    parts = [f"Diagram: {name}, {span}."]
    parts.append(f"Senast ({last}): {values}." if values else "Inga värden.")
    parts.append(f"Mål: {target}." if target else "Inget målvärde.")
    return " ".join(parts)


def own_chart_alt_text(title: str, x_title: str, y_title: str, points: Sequence[tuple[str, str]]) -> str:
    """What an analyst's own chart shows, from its title, axes and data (at most the first 24 points).

    >>> own_chart_alt_text("Skillnad", "Tertial", "Män − kvinnor", [("T1 2021", "4,0"), ("T1 2022", "15,0")])
    'Diagram: Skillnad. Män − kvinnor per tertial: T1 2021 4,0; T1 2022 15,0.'
    """
    text = f"Diagram: {title}."
    if points:
        listed = "; ".join(f"{x} {y}" for x, y in points[:24])
        more = f" (och {len(points) - 24} till)" if len(points) > 24 else ""
        axis = f"{y_title} per {noun_in_sentence(x_title)}" if x_title and y_title else (y_title or x_title)
        text += f" {axis}: {listed}{more}." if axis else f" {listed}{more}."
    return text


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
