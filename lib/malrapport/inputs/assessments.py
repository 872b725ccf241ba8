"""Reading and writing the analysts' assessments (`assessments/PERIOD.yaml`).

Reading accepts the statuses as analysts write them ("uppnås", "Delvis", "kommer inte att uppnås") and checks
every id against the plan. Writing produces the file the analysts fill in: every sub-goal and action of the plan
in plan order, narratives as literal blocks, and last period's assessment as comments for reference.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..errors import MalrapportError, ProblemCollector, closest, did_you_mean
from ..model import ActionAssessment, Assessment, Period, Plan, Status, SubgoalAssessment
from ..sv import ACTION_STATUSES
from .files import YAML_LIMIT, atomic_write_text, not_readable
from .plans import plan_files, read_plan
from .yaml_lines import YamlMap, check_keys, line_of, read_yaml

TOP_KEYS = ("organisation", "period", "date", "summary", "subgoals", "proposals", "actions")
SUBGOAL_KEYS = ("status", "narrative", "indicators")
ACTION_KEYS = ("status", "comment")
ASSESSMENTS_DIR = "assessments"

STATUS_WORDS: dict[str, Status] = {
    "uppnås": Status.MET,
    "kommer att uppnås": Status.MET,
    "delvis": Status.PARTLY,
    "delvis kommer att uppnås": Status.PARTLY,
    "uppnås inte": Status.NOT_MET,
    "kommer inte att uppnås": Status.NOT_MET,
}
STATUS_WORDS_SHORT = {Status.MET: "uppnås", Status.PARTLY: "delvis", Status.NOT_MET: "uppnås inte"}
_NEGATIONS = {"ej", "inte", "icke", "ingen", "nej"}
STATUS_HINT = "skriv uppnås, delvis eller uppnås inte (eller lämna tomt om målet inte är bedömt)"
ACTION_HINT = f"skriv {', '.join(ACTION_STATUSES[:-1])} eller {ACTION_STATUSES[-1]} (eller lämna tomt)"


# --- statuses ---------------------------------------------------------------------------------------------

def _normal(text: str) -> str:
    return " ".join(str(text).lower().split())


def parse_status(value: Any) -> Status | None:
    """The analysts' status of a sub-goal, or None when empty; MalrapportError with a suggestion otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _normal(value)
    if isinstance(value, str) and text in STATUS_WORDS:
        return STATUS_WORDS[text]
    suggestion = suggest_status(text)
    hint = f"menade du '{suggestion}'? {STATUS_HINT}" if suggestion else STATUS_HINT
    raise MalrapportError(f"okänd status '{value}'", hint=hint)


def suggest_status(text: str) -> str | None:
    """The valid status closest to a misspelt one; a negation ('ej', 'inte') always points to 'uppnås inte'."""
    words = set(re.findall(r"\w+", _normal(text)))
    if words & _NEGATIONS:
        return STATUS_WORDS_SHORT[Status.NOT_MET]
    if any(w.startswith("delv") for w in words):
        return STATUS_WORDS_SHORT[Status.PARTLY]
    match = closest(text, STATUS_WORDS)
    return STATUS_WORDS_SHORT[STATUS_WORDS[match]] if match else None



def parse_action_status(value: Any) -> str | None:
    """An action status of sv.ACTION_STATUSES (any case), or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _normal(value)
    if isinstance(value, str) and text in ACTION_STATUSES:
        return text
    suggestion = did_you_mean(text, ACTION_STATUSES)
    raise MalrapportError(f"okänd status för åtgärd '{value}'", hint=f"{suggestion} {ACTION_HINT}".strip())


# --- reading ------------------------------------------------------------------------------------------------

class _AssessmentReader:
    """Reads one assessment file's YAML, adding a problem for everything wrong."""

    def __init__(self, path: Path, problems: ProblemCollector, plan: Plan | None) -> None:
        self.path = path
        self.problems = problems
        self.plan = plan

    def add(self, message: str, hint: str = "", row: int | None = None, key: str | None = None) -> None:
        self.problems.add(self.path, message, hint, row=row, key=key)

    def text(self, data: YamlMap, key: str, where: str) -> str:
        value = data.get(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.add(f"'{key}' ska vara en text", "skriv texten efter 'narrative: |' på indragna rader",
                     row=line_of(data, key), key=where)
            return ""
        return value if isinstance(value, str) else str(value)

    def section(self, root: YamlMap, key: str) -> YamlMap:
        value = root.get(key)
        if value is None:
            return YamlMap()
        if not isinstance(value, YamlMap):
            self.add(f"'{key}' ska vara en mappning från id till bedömning", "skriv varje id på en egen rad följt "
                     "av kolon, med status och text indragna under", row=line_of(root, key), key=key)
            return YamlMap()
        return value

    def read(self, data: Any) -> Assessment | None:
        if not isinstance(data, YamlMap):
            self.add("filen ska vara en mappning med organisation, period och subgoals",
                     "se exemplet i README.md (avsnittet File formats)", row=1)
            return None
        check_keys(self.path, data, TOP_KEYS, ("organisation", "period"), "", self.problems)
        organisation = str(data.get("organisation") or "").strip()
        period = self.period(data)
        self.check_place(data, organisation, period)
        subgoals = tuple(self.subgoals(self.section(data, "subgoals")))
        actions = tuple(self.actions(self.section(data, "actions")))
        proposals = tuple(self.proposals(data))
        date = self.date(data)
        if period is None or not organisation:
            return None
        return Assessment(organisation=organisation, period=period.key, subgoals=subgoals, actions=actions,
                          summary=self.text(data, "summary", "summary"), source_file=str(self.path), date=date,
                          proposals=proposals)

    def date(self, data: YamlMap) -> str:
        """The sign-off date as ISO text; YAML may have read an unquoted date as a date already."""
        raw = data.get("date")
        if raw is None or raw == "":
            return ""
        text = raw.isoformat() if isinstance(raw, dt.date) else str(raw).strip()
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            self.add(f"'{raw}' är inget datum", "skriv dagen då bedömningarna fastställdes som ÅÅÅÅ-MM-DD, "
                     "t.ex. date: 2022-05-20, eller ta bort raden", row=line_of(data, "date"), key="date")
            return ""

    def proposals(self, data: YamlMap) -> list[tuple[str, str]]:
        """Proposed adjustments by the id of a goal (any level) or an indicator of the plan."""
        section = self.section(data, "proposals")
        known = ([n.id for n in self.plan.nodes()] + [i.id for i in self.plan.indicators()]
                 if self.plan is not None else None)
        out = []
        for raw_id in section:
            ident = str(raw_id)
            where = f"proposals.{ident}"
            if known is not None and ident not in known:
                hint = did_you_mean(ident, known) or "använd id:t för ett mål eller en indikator i planen"
                self.add(f"'{ident}' finns inte i planen, så förslaget har ingen plats", hint,
                         row=line_of(section, raw_id), key=where)
            text = self.text(section, raw_id, where)
            if text.strip():
                out.append((ident, text))
        return out

    def period(self, data: YamlMap) -> Period | None:
        raw = data.get("period")
        if raw is None or raw == "":
            return None
        try:
            return Period.parse(str(raw).strip())
        except MalrapportError as exc:
            self.add(f"okänd period '{raw}'", exc.problems[0].hint, row=line_of(data, "period"), key="period")
            return None

    def check_place(self, data: YamlMap, organisation: str, period: Period | None) -> None:
        """Organisation and period must agree with the file name, the folder and the plan."""
        in_tree = self.path.parent.name == ASSESSMENTS_DIR
        if period is not None and (in_tree or _is_period(self.path.stem)) and self.path.stem != period.key:
            self.add(f"perioden {period.key} stämmer inte med filnamnet {self.path.name}",
                     f"byt namn på filen till {period.key}.yaml eller rätta 'period'", row=line_of(data, "period"),
                     key="period")
        folder = self.path.parent.parent.name
        if organisation and in_tree and organisation != folder:
            self.add(f"organisationen '{organisation}' stämmer inte med mappen '{folder}'",
                     f"skriv organisation: {folder} eller flytta filen", row=line_of(data, "organisation"),
                     key="organisation")
        if self.plan is None:
            return
        if organisation and organisation != self.plan.organisation.id and not (in_tree and organisation != folder):
            self.add(f"organisationen '{organisation}' stämmer inte med planens '{self.plan.organisation.id}'",
                     f"skriv organisation: {self.plan.organisation.id}", row=line_of(data, "organisation"),
                     key="organisation")
        if period is not None and period.year != self.plan.year:
            self.add(f"perioden {period.key} hör inte till planen för {self.plan.year}",
                     "bedöm perioden mot planen för samma år", row=line_of(data, "period"), key="period")

    def status(self, entry: Any, where: str, parse: Callable[[Any], Any]) -> Any:
        """The entry's status read by `parse`; a status it rejects is a problem at `where.status`, read as None."""
        try:
            return parse(entry.get("status"))
        except MalrapportError as exc:
            self.add(exc.problems[0].message, exc.problems[0].hint, row=line_of(entry, "status"),
                     key=f"{where}.status")
            return None

    def entry(self, section: YamlMap, ident: Any, where: str, allowed: tuple[str, ...]) -> YamlMap:
        value = section[ident]
        if value is None:
            return YamlMap()
        if not isinstance(value, YamlMap):
            self.add(f"'{ident}' ska följas av indragna nycklar ({', '.join(allowed)})",
                     f"skriv t.ex.\n  {ident}:\n    status: delvis", row=line_of(section, ident), key=where)
            return YamlMap()
        check_keys(self.path, value, allowed, (), where, self.problems)
        return value

    def subgoals(self, section: YamlMap) -> list[tuple[str, SubgoalAssessment]]:
        out = []
        for raw_id in section:
            ident = str(raw_id)
            where = f"subgoals.{ident}"
            self.check_subgoal_id(ident, line_of(section, raw_id), where)
            entry = self.entry(section, raw_id, where, SUBGOAL_KEYS)
            status = self.status(entry, where, parse_status)
            out.append((ident, SubgoalAssessment(status=status, narrative=self.text(entry, "narrative",
                                                                                    f"{where}.narrative"),
                                                 indicator_comments=self.indicator_comments(entry, where))))
        return out

    def check_subgoal_id(self, ident: str, row: int | None, where: str) -> None:
        if self.plan is None:
            return
        subgoals = [n.id for n in self.plan.subgoals()]
        if ident in subgoals:
            return
        level = self.plan.subgoal_level.name.lower()
        others = {n.id: n for n in self.plan.nodes()}
        if ident in others:
            other_level = self.plan.levels[min(others[ident].depth, len(self.plan.levels) - 1)].name.lower()
            self.add(f"'{ident}' är ett mål på nivån {other_level}, inte på nivån {level}",
                     f"bara nivån {level} bedöms; flytta texten till ett av dess "
                     f"{self.plan.subgoal_level.plural.lower()}",
                     row=row, key=where)
            return
        hint = did_you_mean(ident, subgoals) or f"använd ett id från planen för {self.plan.year}"
        plural = self.plan.subgoal_level.plural.lower()
        self.add(f"id:t '{ident}' finns inte bland planens {plural}", hint, row=row, key=where)

    def indicator_comments(self, entry: YamlMap, where: str) -> tuple[tuple[str, str], ...]:
        value = entry.get("indicators")
        if value is None:
            return ()
        if not isinstance(value, YamlMap):
            self.add("'indicators' ska vara en mappning från indikatorns id till en kommentar",
                     "skriv t.ex. 'indicators: {vant-90-besok: Successiv ökning.}'", row=line_of(entry, "indicators"),
                     key=f"{where}.indicators")
            return ()
        known = [i.id for i in self.plan.indicators()] if self.plan is not None else None
        out = []
        for raw_id, comment in value.items():
            ident = str(raw_id)
            if known is not None and ident not in known:
                hint = did_you_mean(ident, known) or "använd ett indikator-id från planen"
                self.add(f"indikatorn '{ident}' finns inte i planen", hint, row=line_of(value, raw_id),
                         key=f"{where}.indicators.{ident}")
            if comment not in (None, ""):
                out.append((ident, comment if isinstance(comment, str) else str(comment)))
        return tuple(out)

    def actions(self, section: YamlMap) -> list[tuple[str, ActionAssessment]]:
        known = [a.id for a in self.plan.actions()] if self.plan is not None else None
        out = []
        for raw_id in section:
            ident = str(raw_id)
            where = f"actions.{ident}"
            if known is not None and ident not in known:
                hint = did_you_mean(ident, known) or "använd ett åtgärds-id från planen"
                self.add(f"åtgärden '{ident}' finns inte i planen", hint, row=line_of(section, raw_id), key=where)
            entry = self.entry(section, raw_id, where, ACTION_KEYS)
            status = self.status(entry, where, parse_action_status)
            out.append((ident, ActionAssessment(status=status, comment=self.text(entry, "comment",
                                                                                  f"{where}.comment"))))
        return out


def _is_period(text: str) -> bool:
    try:
        Period.parse(text)
    except MalrapportError:
        return False
    return True


def read_assessment(path: str | Path, problems: ProblemCollector, plan: Plan | None = None) -> Assessment | None:
    """Read one assessment file, adding every problem; ids are checked against `plan` when given.

    Returns a best-effort Assessment whenever organisation and period could be read, else None.
    """
    path = Path(path)
    data = read_yaml(path, problems,
                     empty_hint="skriv organisation, period och subgoals enligt README.md (avsnittet File formats)")
    if data is None:
        return None
    return _AssessmentReader(path, problems, plan).read(data)


def load_assessment(path: str | Path, plan: Plan | None = None) -> Assessment:
    """Read one assessment file or raise MalrapportError listing every problem in it.

    >>> assessment = load_assessment("data/rn-ls1/assessments/2022-T1.yaml")
    >>> assessment.period, assessment.subgoal("MED-1-1").status.label
    ('2022-T1', 'uppnås inte')
    """
    problems = ProblemCollector()
    assessment = read_assessment(path, problems, plan)
    problems.raise_if_any()
    assert assessment is not None
    return assessment


def assessment_files(org_dir: str | Path, problems: ProblemCollector | None = None) -> list[Path]:
    """The YAML files of an organisation's assessments folder, sorted by period; stray files are problems.

    Only regular files are listed; a folder, FIFO or device named like an assessment is a problem.
    """
    folder = Path(org_dir) / ASSESSMENTS_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        named = path.suffix == ".yaml" and _is_period(path.stem)
        if path.name.startswith(".") or (path.is_dir() and not named) or path.suffix.lower() in (".md", ".txt"):
            continue
        if named:
            refused = not_readable(path, YAML_LIMIT)
            if refused is None:
                found.append(path)
            elif problems is not None:
                problems.add(path, *refused)
        elif problems is not None:
            problems.add(path, "filen läses inte: en bedömning ska heta PERIOD.yaml, t.ex. 2024-T1.yaml",
                         "byt namn på filen eller flytta den från mappen assessments/")
    return sorted(found, key=lambda p: Period.parse(p.stem))


def read_assessments(org_dir: str | Path, plans: Mapping[int, Plan], problems: ProblemCollector,
                     year: int | None = None) -> dict[str, Assessment]:
    """Assessments of an organisation folder by period key (only `year`'s when given), each checked against
    the plan of its year."""
    out: dict[str, Assessment] = {}
    for path in assessment_files(org_dir, problems):
        if year is not None and Period.parse(path.stem).year != year:
            continue
        year_of_file = Period.parse(path.stem).year
        plan = plans.get(year_of_file)
        if plan is None and year_of_file not in plan_files(org_dir):
            problems.add(path, f"det finns ingen plan för {year_of_file} att bedöma mot",
                         f"lägg till plan-{year_of_file}.yaml i {Path(org_dir).name}/ eller ta bort bedömningen")
        assessment = read_assessment(path, problems, plan)
        if assessment is not None:
            out[assessment.period] = assessment
    return out


def load_assessments(org_dir: str | Path) -> dict[str, Assessment]:
    """All assessments of an organisation folder by period key; MalrapportError lists every problem
    (including problems of the plans they are checked against)."""
    problems = ProblemCollector()
    plans = {year: plan for year, path in plan_files(org_dir).items()
             if (plan := read_plan(path, problems)) is not None}
    out = read_assessments(org_dir, plans, problems)
    problems.raise_if_any()
    return out


# --- writing ------------------------------------------------------------------------------------------------

# Characters a literal block cannot hold as they are: YAML's other line breaks and non-printables.
_NOT_IN_BLOCK = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                           "\U00010000-\U0010ffff]")


def _scalar(value: str) -> str:
    """A one-line YAML scalar that reads back as exactly this string (quoted, escaped when needed)."""
    if value == "":
        return '""'
    if _NOT_IN_BLOCK.search(value):
        dumped = yaml.safe_dump(value, allow_unicode=False, width=10**9, default_style='"')
    else:
        dumped = yaml.safe_dump(value, allow_unicode=True, width=10**9)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _block(key: str, text: str, indent: int) -> list[str]:
    """`key: |` with the text as a literal block (the form analysts edit), or a quoted scalar when a block
    could not hold the text exactly."""
    pad = " " * indent
    if text == "":
        return [f"{pad}{key}: |"]
    if not text.strip() or _NOT_IN_BLOCK.search(text) or "\n" not in text and text != text.strip():
        return [f"{pad}{key}: {_scalar(text)}"]
    if text.endswith("\n\n"):
        chomp, body = "+", text[:-1]
    elif text.endswith("\n"):
        chomp, body = "", text[:-1]
    else:
        chomp, body = "-", text
    indicator = "2" if body.lstrip("\n").startswith((" ", "\t")) or body.startswith("\n") else ""
    lines = [f"{pad}{key}: |{indicator}{chomp}"]
    lines += [f"{pad}  {line}" if line else "" for line in body.split("\n")]
    return lines


def _comment(text: str) -> str:
    return " ".join(text.split())


def _previous_lines(period: str, status: str | None, text: str) -> list[str]:
    """Last period's status and whole text as YAML comments, for the analyst to start from."""
    lines = [f"# Förra perioden ({period}): {status or 'ej bedömt'}"]
    lines += [f"#   {line.rstrip()}" if line.strip() else "#" for line in text.strip("\n").splitlines()]
    return lines


def _check_ids(assessment: Assessment, plan: Plan) -> None:
    subgoal_ids = {n.id for n in plan.subgoals()}
    action_ids = {a.id for a in plan.actions()}
    stray = [f"subgoals.{i}" for i, _ in assessment.subgoals if i not in subgoal_ids]
    stray += [f"actions.{i}" for i, _ in assessment.actions if i not in action_ids]
    if stray:
        raise MalrapportError(f"bedömningen har id som inte finns i planen för {plan.year}: {', '.join(stray)}",
                              file=assessment.source_file,
                              hint="rätta id:na i bedömningen innan den skrivs om, så att ingen text går förlorad")


def assessment_text(assessment: Assessment, plan: Plan, previous: Assessment | None = None) -> str:
    """The YAML text of an assessment file; see write_assessment."""
    _check_ids(assessment, plan)
    period = Period.parse(assessment.period)
    level = plan.subgoal_level
    lines = [
        f"# Bedömningar för {_comment(plan.organisation.full_name)}, {period.label}.",
        f"# Status för {level.plural.lower()}: uppnås, delvis eller uppnås inte (tomt = ej bedömt).",
        f"# Status för åtgärder: {', '.join(ACTION_STATUSES)} (tomt = ej rapporterat).",
        "# Text skrivs på indragna rader under 'narrative: |' och 'comment: |' (Markdown).",
        f"organisation: {_scalar(assessment.organisation)}",
        f"period: {_scalar(period.key)}",
    ]
    if assessment.date:
        lines.append(f"date: {_scalar(assessment.date)}")
    lines += _block("summary", assessment.summary, 0)
    lines.append("subgoals:")
    for node in plan.subgoals():
        entry = assessment.subgoal(node.id) or SubgoalAssessment(status=None)
        lines.append(f"  # {node.id} {_comment(node.name)}")
        if previous is not None:
            before = previous.subgoal(node.id)
            lines += ["  " + line for line in _previous_lines(
                previous.period, before.status.label if before and before.status else None,
                before.narrative if before else "")]
        lines.append(f"  {_scalar(node.id)}:")
        lines.append(f"    status: {entry.status.label}" if entry.status else "    status:")
        lines += _block("narrative", entry.narrative, 4)
        if entry.indicator_comments:
            lines.append("    indicators:")
            for ident, comment in entry.indicator_comments:
                lines += _block(_scalar(ident), comment, 6)
    if assessment.proposals:
        lines.append("proposals:")
        for ident, text in assessment.proposals:
            lines += _block(_scalar(ident), text, 2)
    actions = plan.actions()
    if actions:
        lines.append("actions:")
    for action in actions:
        entry_action = assessment.action(action.id) or ActionAssessment(status=None)
        number = f"{action.number}. " if action.number is not None else ""
        lines.append(f"  # {action.id} {number}{_comment(action.name)}")
        if previous is not None:
            before_action = previous.action(action.id)
            lines += ["  " + line for line in _previous_lines(
                previous.period, before_action.status if before_action else None,
                before_action.comment if before_action else "")]
        lines.append(f"  {_scalar(action.id)}:")
        lines.append(f"    status: {_scalar(entry_action.status)}" if entry_action.status else "    status:")
        lines += _block("comment", entry_action.comment, 4)
    return "\n".join(lines) + "\n"


def write_assessment(path: str | Path, assessment: Assessment, plan: Plan,
                     previous: Assessment | None = None) -> Path:
    """Write the assessment file analysts fill in: every sub-goal and action of the plan in plan order.

    Existing statuses and texts of `assessment` are kept; entries it lacks get an empty status. With
    `previous`, last period's status and first line of text stand as a comment above each entry.
    Raises MalrapportError when `assessment` has ids that are not in the plan (their text would be lost).
    """
    return atomic_write_text(path, assessment_text(assessment, plan, previous))
