"""The analysts' assessments of one period: a status and narrative per sub-goal, a status per action."""
from __future__ import annotations

from dataclasses import dataclass

from ._enums import Status


@dataclass(frozen=True)
class SubgoalAssessment:
    """The analysts' holistic assessment of one sub-goal for one period."""

    status: Status | None
    narrative: str = ""
    indicator_comments: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ActionAssessment:
    """The reported state of one action: one of `sv.ACTION_STATUSES`, or None when not reported."""

    status: str | None
    comment: str = ""


@dataclass(frozen=True)
class Assessment:
    """All assessments of one organisation for one period (one YAML file)."""

    organisation: str
    period: str
    subgoals: tuple[tuple[str, SubgoalAssessment], ...] = ()
    actions: tuple[tuple[str, ActionAssessment], ...] = ()
    summary: str = ""
    source_file: str = ""
    date: str = ""
    """The day the analysts signed the assessments off (ISO, '2022-08-26'): the report's date; '' when not given."""
    proposals: tuple[tuple[str, str], ...] = ()
    """Proposed adjustments (a new wording, a lower target value) by the id of the goal or indicator they concern,
    shown where that goal or indicator is (seed 004's shaded framgångsfaktorer)."""

    def subgoal(self, node_id: str) -> SubgoalAssessment | None:
        return dict(self.subgoals).get(node_id)

    def action(self, action_id: str) -> ActionAssessment | None:
        return dict(self.actions).get(action_id)

    def proposal(self, ident: str) -> str:
        """The proposed adjustment of a goal or indicator, or ''."""
        return dict(self.proposals).get(ident, "")
