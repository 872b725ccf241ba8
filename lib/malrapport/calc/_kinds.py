"""Counts of the indicators of one kind that reach their target, for the summary ('aktiva mål' in seed 004).

Seed 004 opens with "för de åtta aktiva målen är det sex mål som inte uppnår det uppsatta målvärdet": the aktiva
mål are indicators, not assessed sub-goals, so the sub-goal sentence does not count them. A plan names the kinds to
count under `kinds` (name and plural); a composite counts once, by its own status, and its parts not at all.
"""
from __future__ import annotations

from collections.abc import Mapping

from .. import sv
from ..model import Indicator, Period, Plan, Status
from .status import IndicatorResult


def kind_sentences(plan: Plan, results: Mapping[str, IndicatorResult], period: Period) -> tuple[str, ...]:
    """One sentence per kind the plan names: how many of its indicators reach the target this period."""
    sentences = []
    for kind in plan.kinds:
        statuses = [results[i.id].status for i in plan.indicators()
                    if i.kind == kind.name and not i.part_of and i.id in results]
        if not statuses:
            continue
        judged = {status: statuses.count(status) for status in (Status.MET, Status.PARTLY, Status.NOT_MET)}
        unjudged = len(statuses) - sum(judged.values())
        sentences.append(sv.kind_sentence(judged[Status.MET], judged[Status.PARTLY], judged[Status.NOT_MET], unjudged,
                                          kind.plural, plan.organisation.possessive, period.as_of,
                                          sv.noun_gender(kind.name), past=period.last_month.month == 12))
    return tuple(sentences)


def kind_misses(plan: Plan, results: Mapping[str, IndicatorResult]) -> list[tuple[str, list[IndicatorResult]]]:
    """Per kind the plan names (by its plural), the indicators of that kind that miss their target this period: not
    met first, then partly, each in plan order. Seed 004 names them ("Vårdgarantin … Nettokostnadsökningen …")."""
    misses = []
    for kind in plan.kinds:
        of_kind: list[Indicator] = [i for i in plan.indicators() if i.kind == kind.name and not i.part_of]
        found = [results[i.id] for status in (Status.NOT_MET, Status.PARTLY) for i in of_kind
                 if i.id in results and results[i.id].status is status]
        if found:
            misses.append((kind.plural, found))
    return misses
