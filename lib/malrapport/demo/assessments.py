"""Generated assessments: sub-goal statuses, narratives and action statuses for one period.

A sub-goal's status follows its indicators' statuses (with an occasional holistic deviation, as analysts make);
the short Swedish narratives begin with DEMO_MARK so no reader takes them for an analyst's text; actions
progress through the year.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .. import sv
from ..calc.status import IndicatorResult, evaluate_all
from ..model import Indicator, Level, Node, Period, Plan, Status, format_amount
from ._indicator_kinds import is_activity
from ._seeds import seeded_rng

# Begins every generated narrative and comment, so that no reader takes it for an analyst's text.
DEMO_MARK = "*Genererad demotext.*"
DEMO_MARK_PLAIN = "(Genererad demotext.)"
"""The mark in an action's comment, which tables show as plain text, not Markdown."""

_PHRASES = {
    Status.MET: ("kommer att uppnås", "har uppnåtts"),
    Status.PARTLY: ("delvis kommer att uppnås", "delvis har uppnåtts"),
    Status.NOT_MET: ("inte kommer att uppnås", "inte har uppnåtts"),
}
_CLOSING = {
    Status.MET: ("Arbetet löper enligt plan.",
                 "Verksamheterna rapporterar att de planerade aktiviteterna är genomförda eller pågår som planerat."),
    Status.PARTLY: ("Flera verksamheter har påbörjat aktiviteter, men effekten syns ännu inte fullt ut.",
                    "Arbetet pågår men behöver få större genomslag i fler verksamheter."),
    Status.NOT_MET: ("Utvecklingen går åt fel håll och åtgärder behöver prioriteras.",
                     "Bemanningsläget har gjort att planerade aktiviteter har fått skjutas upp."),
}
_CLOSING_FINAL = {
    Status.MET: ("Arbetet har löpt enligt plan.",
                 "Verksamheterna rapporterar att de planerade aktiviteterna har genomförts."),
    Status.PARTLY: ("Flera verksamheter har genomfört aktiviteter, men effekten har ännu inte fått fullt genomslag.",
                    "Arbetet har pågått men behöver få större genomslag i fler verksamheter."),
    Status.NOT_MET: ("Utvecklingen har gått åt fel håll och åtgärder behöver prioriteras nästa år.",
                     "Bemanningsläget har gjort att planerade aktiviteter har fått skjutas upp."),
}
"""The closing lines of the annual report, which looks back on the year."""
_ACTION_COMMENTS = {
    "ej påbörjad": "Arbetet planeras att starta senare under året.",
    "pågår": "Arbetet pågår enligt plan.",
    "försenad": "Arbetet är försenat på grund av bemanningsläget.",
    "genomförd": "Åtgärden är genomförd.",
}
_SCORE = {Status.MET: 2, Status.PARTLY: 1, Status.NOT_MET: 0}


def generate_assessment(plan: Plan, period: Period | str, results_or_outcomes: Any, seed: object = 0,
                        intro: str = "", unit: str | None = None) -> dict[str, Any]:
    """A generated assessment of one period as the mapping an assessment YAML file holds.

    results_or_outcomes: the outcome table (evaluated with `calc.status.evaluate_all` for `unit`, default the
    organisation), or a mapping from indicator id to an IndicatorResult, a Status or its Swedish label.
    Sub-goal statuses follow the due indicators; every narrative, comment and the summary begin with
    DEMO_MARK (after `intro`, a real text placed first in the summary).
    """
    period = Period.parse(period)
    unit = unit or plan.organisation.id
    results = _results(plan, period, results_or_outcomes, unit)
    subgoals: dict[str, dict[str, Any]] = {}
    for node in plan.subgoals():
        rng = seeded_rng(seed, unit, period.key, node.id)
        judged = [_as_analysts_see(i, s, period) for i in node.indicators
                  if (s := _status_of(results.get(i.id))) in _SCORE]
        status = _subgoal_status(judged, rng)
        subgoals[node.id] = {"status": status.label,
                             "narrative": _narrative(plan, node, period, status, results, rng)}
    actions = {}
    for action in plan.actions():
        state = _action_status((seed, unit), action.id, period)
        actions[action.id] = {"status": state, "comment": f"{_ACTION_COMMENTS[state]} {DEMO_MARK_PLAIN}"}
    summary = (f"{DEMO_MARK} Bedömningarna och texterna {period.label} är genererade för demonstrationen och "
               f"bygger på genererade utfall.")
    data: dict[str, Any] = {"organisation": plan.organisation.id, "period": period.key,
                            "date": sign_off_date(period),
                            "summary": f"{intro.strip()}\n\n{summary}" if intro.strip() else summary,
                            "subgoals": subgoals}
    if actions:
        data["actions"] = actions
    return data


SIGN_OFF_DAY = 20
"""Generated assessments are signed off on the 20th of the month after their period: the tertial report's usual
pace (seed 002's per april was published in August; most regions' reach the nämnd in May, September, February)."""


def sign_off_date(period: Period) -> str:
    """The demo sign-off date of a period's assessments: the 20th of the month after it ends.

    >>> sign_off_date(Period.parse("2024-T1")), sign_off_date(Period.parse("2024-T3"))
    ('2024-05-20', '2025-01-20')
    """
    following = period.last_month + 1
    return f"{following.year:04d}-{following.month:02d}-{SIGN_OFF_DAY:02d}"


def _definite(level: Level) -> str:
    """'delmålet', 'framgångsfaktorn': the level name in definite form, for the narrative."""
    name = level.name.lower()
    if name.endswith("mål"):
        return f"{name}et"
    if name.endswith(("or", "ar", "er")):
        return f"{name}n"
    return f"{name}et" if not name.endswith("e") else f"{name}t"


def _results(plan: Plan, period: Period, results_or_outcomes: Any,
             unit: str) -> dict[str, IndicatorResult | Status]:
    """The indicators' results: evaluated from an outcome table, or the mapping given."""
    if isinstance(results_or_outcomes, pd.DataFrame):
        return dict(evaluate_all(plan, results_or_outcomes, unit, period))
    return dict(results_or_outcomes or {})


def _status_of(result: IndicatorResult | Status | str | None) -> Status | None:
    """The status a result stands for (None when not due or unknown); accepts a Status or its Swedish label."""
    if isinstance(result, IndicatorResult):
        return result.status if result.due else None
    if isinstance(result, Status):
        return result
    if isinstance(result, str):
        by_label = {status.label: status for status in Status}
        if result in by_label:
            return by_label[result]
        try:
            return Status(result)
        except ValueError:
            return None
    return None


def _as_analysts_see(indicator: Indicator, status: Status, period: Period) -> Status:
    """An activity not yet done before the year's end is under way (partly), not failed."""
    final = period.kind == "year" or period.number == 3
    if is_activity(indicator) and status is Status.NOT_MET and not final:
        return Status.PARTLY
    return status


def _subgoal_status(judged: list[Status], rng: random.Random) -> Status:
    """From the indicators' statuses, with the holistic deviation analysts make now and then."""
    if not judged:
        draw = rng.random()
        return Status.PARTLY if draw < 0.6 else Status.MET if draw < 0.85 else Status.NOT_MET
    mean = sum(_SCORE[s] for s in judged) / len(judged)
    status = Status.MET if mean >= 1.5 else Status.PARTLY if mean >= 0.75 else Status.NOT_MET
    leniency = {Status.MET: 0.15, Status.NOT_MET: 0.35}.get(status, 0.0)
    return Status.PARTLY if rng.random() < leniency else status


def _value_text(result: IndicatorResult) -> str:
    """The total value in words, else the values of women and men ('' when none)."""
    unit = result.indicator.unit
    total = result.sex("T")
    if total is not None and total.value is not None:
        return format_amount(total.value, unit)
    words = sv.sex_labels(result.indicator.children)
    parts = [f"{words[sex].lower()} {format_amount(r.value, unit)}" for sex, r in
             (("K", result.sex("K")), ("M", result.sex("M"))) if r is not None and r.value is not None]
    return ", ".join(parts)


def _indicator_sentence(indicator: Indicator, result: IndicatorResult) -> str:
    """'Name: 57,8 % (målvärde: Öka).' or, for an activity, 'Name – genomförd.'"""
    name = indicator.name.rstrip(". ")
    if is_activity(indicator):
        total = result.sex("T")
        done = total is not None and total.value is not None and total.value >= 1
        return f"{name} – {'genomförd' if done else 'inte genomförd'}."
    return f"{name}: {_value_text(result)} (målvärde: {indicator.target.text})."


def _narrative(plan: Plan, node: Node, period: Period, status: Status,
               results: Mapping[str, IndicatorResult | Status], rng: random.Random) -> str:
    """A short narrative: the assessment, how many indicators meet their target, the worst one and a closing line."""
    final = period.kind == "year" or period.number == 3
    sentences = [DEMO_MARK, f"Bedömningen {period.as_of} är att {_definite(plan.subgoal_level)} "
                            f"{_PHRASES[status][final]}."]
    level = plan.indicator_level
    due = [(i, results.get(i.id)) for i in node.indicators]
    judged = [(i, r) for i, r in due if _status_of(r) in _SCORE]
    if node.placeholder:
        sentences.append(f"{level.name} saknas ännu; bedömningen bygger på verksamheternas redovisning.")
    elif not node.indicators:
        sentences.append(f"{level.plural} saknas; bedömningen bygger på verksamheternas redovisning.")
    elif not judged and any(_status_of(r) is Status.NO_OUTCOME for _, r in due):
        sentences.append(f"Utfall saknas för {level.plural.lower()} som skulle följas upp {period.as_of}." if final
                         else f"Utfall saknas ännu för {level.plural.lower()} som ska följas upp {period.as_of}.")
    elif not judged:
        sentences.append(f"{level.plural} för {_definite(plan.subgoal_level)} följs upp i årsrapporten.")
    else:
        met = sum(1 for _, r in judged if _status_of(r) is Status.MET)
        what = level.name.lower() if len(judged) == 1 else level.plural.lower()
        # The annual report looks back: the year is over ('nåddes', 'följdes upp').
        reached, followed = ("nåddes", "följdes") if final else ("nås", "följs")
        sentences.append(f"Målvärdet {reached} för {met} av {len(judged)} {what} som {followed} upp {period.as_of}.")
        worst = min(judged, key=lambda pair: _SCORE[_status_of(pair[1])])  # type: ignore[index]
        if isinstance(worst[1], IndicatorResult) and _value_text(worst[1]):
            sentences.append(_indicator_sentence(worst[0], worst[1]))
    sentences.append(rng.choice((_CLOSING_FINAL if final else _CLOSING)[status]))
    return " ".join(sentences)


def _action_status(seed: object, action_id: str, period: Period) -> str:
    """Progress of an action through the year: ej påbörjad → pågår → genomförd (or försenad at year end)."""
    rng = seeded_rng(seed, "åtgärd", action_id)
    start = rng.choice((0, 0, 1, 2))
    finish = rng.choice((2, 3, 3, 3, 4))
    tertial = 3 if period.kind == "year" else period.number
    if tertial >= finish:
        return "genomförd"
    if tertial < start:
        return "ej påbörjad"
    return "försenad" if finish == 4 and tertial == 3 else "pågår"
