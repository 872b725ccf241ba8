"""The report's opening: sub-goal statuses, counts per status and the summary sentence.

Every sub-goal (the plan's assessed level: delmål, framgångsfaktor) gets the analysts' holistic assessment
and a status suggested from its indicators. The two may differ; that is information for the reader, not
an error. The sentence reproduces the seeds' wording: "Av nämndens 23 delmål är bedömningen per augusti
att 5 inte kommer att uppnås, 13 delvis kommer att uppnås och 5 kommer att uppnås."
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from .. import sv
from ..model import ASSESSMENT_STATUSES, Assessment, Level, Node, Organisation, Period, Plan, Status

Gender = Literal["n", "c"]


def suggest_status(statuses: Iterable[Status]) -> Status | None:
    """A sub-goal status suggested by its indicators' statuses.

    Rule: only judged statuses count (MET, PARTLY, NOT_MET); indicators without outcome, not yet due or
    without target are left out. All judged MET → MET, all NOT_MET → NOT_MET, any mix (or any PARTLY)
    → PARTLY; no judged indicator → None (nothing to suggest).
    """
    judged = {s for s in statuses if s is not None and Status(s).is_judged}
    if not judged:
        return None
    if judged == {Status.MET}:
        return Status.MET
    if judged == {Status.NOT_MET}:
        return Status.NOT_MET
    return Status.PARTLY


def level_gender(level: Level) -> Gender:
    """Grammatical gender of a level's noun: 'n' (ett delmål, ett styrmått) or 'c' (en framgångsfaktor).

    Level has no field for it, so sv derives it from the word's ending (compounds of mål, mått, område,
    perspektiv and uppdrag are neuter, everything else common gender).
    """
    return sv.noun_gender(level.name)


@dataclass(frozen=True)
class SubgoalRow:
    """One sub-goal in the summary: the analysts' assessment next to the indicators' suggestion."""

    node_id: str
    name: str
    top_goal_id: str
    top_goal_name: str
    assessed: Status | None
    suggested: Status | None
    differs: bool
    previous: Status | None
    changed: bool


@dataclass(frozen=True)
class TopGoalCounts:
    """Counts of assessed statuses under one top goal (regionmål, perspektiv)."""

    node_id: str
    name: str
    counts: dict[Status | None, int]


@dataclass(frozen=True)
class Summary:
    """All sub-goals with counts per assessed status (key None: not assessed) and the opening sentence."""

    rows: tuple[SubgoalRow, ...]
    counts: dict[Status | None, int]
    by_top_goal: tuple[TopGoalCounts, ...]
    not_assessed: tuple[SubgoalRow, ...]
    changes: tuple[SubgoalRow, ...]
    sentence: str
    level: Level

    def group(self, status: Status | None) -> tuple[SubgoalRow, ...]:
        """The sub-goals assessed with `status` (None: not assessed), in plan order, for the lists under the
        sentence."""
        return tuple(r for r in self.rows if r.assessed == status)


def _judged(status: Status | None) -> Status | None:
    return status if status is not None and Status(status).is_judged else None


def _assessed_status(assessment: Assessment | None, node_id: str) -> Status | None:
    if assessment is None:
        return None
    found = assessment.subgoal(node_id)
    return _judged(found.status) if found is not None else None


def _empty_counts() -> dict[Status | None, int]:
    return {**{s: 0 for s in ASSESSMENT_STATUSES}, None: 0}


def _count(rows: Iterable[SubgoalRow]) -> dict[Status | None, int]:
    counts = _empty_counts()
    for row in rows:
        counts[row.assessed] += 1
    return counts


def _row(plan: Plan, node: Node, assessment: Assessment | None, indicator_statuses: Mapping[str, Status],
         previous: Assessment | None) -> SubgoalRow:
    top = plan.top_goal_of(node.id)
    assessed = _assessed_status(assessment, node.id)
    indicator_ids = [i.id for n in node.walk() for i in n.indicators]
    suggested = suggest_status(indicator_statuses[i] for i in indicator_ids if i in indicator_statuses)
    before = _assessed_status(previous, node.id)
    return SubgoalRow(
        node_id=node.id, name=node.name, top_goal_id=top.id, top_goal_name=top.name,
        assessed=assessed, suggested=suggested,
        differs=assessed is not None and suggested is not None and assessed != suggested,
        previous=before, changed=assessed is not None and before is not None and assessed != before,
    )


def summarise(plan: Plan, assessment: Assessment | None, indicator_statuses: Mapping[str, Status],
              period: Period, previous: Assessment | None = None) -> Summary:
    """Summarise the sub-goals of `plan` for `period`.

    `indicator_statuses` maps indicator id → its overall status this period; the suggestion of a sub-goal
    uses the indicators of the sub-goal and of nodes below it. A sub-goal without assessment (or with an
    empty status) counts as not assessed. `previous` is the previous report of the year (T1 for T2);
    a change is a judged status that differs from a judged previous one.
    """
    rows = tuple(_row(plan, node, assessment, indicator_statuses, previous) for node in plan.subgoals())
    counts = _count(rows)
    tops: dict[str, list[SubgoalRow]] = {}
    for row in rows:
        tops.setdefault(row.top_goal_id, []).append(row)
    by_top = tuple(TopGoalCounts(rs[0].top_goal_id, rs[0].top_goal_name, _count(rs)) for rs in tops.values())
    sentence = summary_sentence(counts, plan.subgoal_level, plan.organisation, period,
                                form=plan.document.summary_form)
    return Summary(rows=rows, counts=counts, by_top_goal=by_top,
                   not_assessed=tuple(r for r in rows if r.assessed is None),
                   changes=tuple(r for r in rows if r.changed), sentence=sentence, level=plan.subgoal_level)


def summary_sentence(counts: Mapping[Status | None, int], level: Level, organisation: Organisation,
                     period: Period, not_assessed: int = 0, gender: Gender | None = None,
                     form: str = "bedömningen") -> str:
    """The opening sentence(s) of a report, in the seeds' wording.

    `counts` maps assessed statuses to numbers of sub-goals; not-assessed sub-goals are counted under
    None (or Status.NOT_ASSESSED) or given as `not_assessed` (the larger is used, never both added).
    `gender` overrides the grammatical gender derived from the level name ('n': ett delmål, 'c': en
    framgångsfaktor). `form` is the plan's choice (`document.summary_form`); the report of the full year
    speaks in the past ('har uppnåtts'): the year is over.
    """
    judged = {s.value: int(counts.get(s, 0)) for s in ASSESSMENT_STATUSES}
    missing = max(int(not_assessed), int(counts.get(None, 0)) + int(counts.get(Status.NOT_ASSESSED, 0)))
    return sv.summary_sentence(judged, missing, level.name, level.plural, organisation.possessive, period.as_of,
                               gender or level_gender(level), form=form, past=period.last_month.month == 12)


def changes_sentence(summary: Summary, previous_period: Period) -> str:
    """'Sedan per april har 3 delmål fått en ny bedömning: X (från delvis till uppnås), Y (…) och Z (…).'"""
    changes = [(r.name, r.previous.value, r.assessed.value)  # type: ignore[union-attr]
               for r in summary.changes]
    return sv.changes_sentence(previous_period.as_of, summary.level.name, summary.level.plural, changes,
                               level_gender(summary.level))
