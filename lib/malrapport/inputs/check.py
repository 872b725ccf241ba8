"""`malrapport check`: validate a whole data tree, one organisation folder or a single file, reporting every
problem at once (file by file, then the checks across files)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MalrapportError, Problem, ProblemCollector
from .assessments import ASSESSMENTS_DIR, read_assessment, read_assessments
from .datatree import (
    OUTCOMES_DIR,
    DataTree,
    is_organisation_dir,
    layout_problems,
    read_organisation_outcomes,
    read_plans,
)
from .outcome_files import OUTCOME_SUFFIXES, list_outcome_files
from .outcomes import check_against_plans, find_duplicates, read_outcomes
from .plans import PLAN_FILE, plan_files, read_plan
from .yaml_lines import YamlMap, read_yaml


@dataclass(frozen=True)
class CheckResult:
    """The problems found and how many files of each kind were checked."""

    problems: tuple[Problem, ...]
    plans: int = 0
    outcome_files: int = 0
    assessments: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def files_with_problems(self) -> int:
        return len({p.file for p in self.problems})


class _Counter:
    def __init__(self) -> None:
        self.plans = 0
        self.outcome_files = 0
        self.assessments = 0


def run_check(path: str | Path) -> CheckResult:
    """Check a data tree, an organisation folder or one file; MalrapportError when the path does not exist.

    >>> result = run_check("data")
    >>> result.ok, result.plans
    (True, 3)
    """
    path = Path(path)
    if not path.exists():
        raise MalrapportError(f"'{path}' finns inte", file=path,
                              hint="ange datamappen (t.ex. data/), en organisationsmapp eller en fil")
    problems = ProblemCollector()
    counter = _Counter()
    if path.is_dir() and is_organisation_dir(path):
        _check_organisation(path, problems, counter)
    elif path.is_dir() and path.name in (OUTCOMES_DIR, ASSESSMENTS_DIR):
        for child in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
            _check_file(child, problems, counter)
    elif path.is_dir():
        _check_tree(path, problems, counter)
    else:
        _check_file(path, problems, counter)
    return CheckResult(_in_reading_order(problems.problems), counter.plans, counter.outcome_files,
                       counter.assessments)


def _in_reading_order(problems: list[Problem]) -> tuple[Problem, ...]:
    """Problems grouped by file (in the order files were checked), by row within a file."""
    first_seen: dict[str, int] = {}
    for index, problem in enumerate(problems):
        first_seen.setdefault(problem.file, index)
    return tuple(sorted(problems, key=lambda p: (first_seen[p.file], p.row or 0)))


def check_path(path: str | Path) -> list[Problem]:
    """Every problem in a data tree, an organisation folder or a single file (empty when all is well)."""
    return list(run_check(path).problems)


def _check_tree(root: Path, problems: ProblemCollector, counter: _Counter) -> None:
    tree = DataTree(root)
    tree.layout_problems(problems)
    organisations = tree.organisations()
    if not organisations:
        problems.add(root, "inga organisationer hittades (ingen undermapp har en plan-ÅR.yaml)",
                     "lägg varje organisation i en egen mapp med plan-ÅR.yaml, outcomes/ och assessments/")
    for org_id in organisations:
        _check_organisation(tree.org_dir(org_id), problems, counter, layout_checked=True)


def _check_organisation(org_dir: Path, problems: ProblemCollector, counter: _Counter,
                        layout_checked: bool = False) -> None:
    if not layout_checked:
        layout_problems(org_dir, problems)
    plans, complete = read_plans(org_dir, problems)
    counter.plans += len(plan_files(org_dir))
    folder = org_dir / OUTCOMES_DIR
    files = list_outcome_files(folder, problems) if folder.is_dir() else []
    counter.outcome_files += len(files)
    read_organisation_outcomes(org_dir, plans if complete else None, problems, files)
    counter.assessments += len(read_assessments(org_dir, plans, problems))


def _org_of(path: Path, folder_name: str) -> Path | None:
    """The organisation folder of a file in its outcomes/ or assessments/ folder, if it is one."""
    if path.parent.name == folder_name and plan_files(path.parent.parent):
        return path.parent.parent
    return None


def _check_file(path: Path, problems: ProblemCollector, counter: _Counter) -> None:
    suffix = path.suffix.lower()
    if suffix in OUTCOME_SUFFIXES:
        _check_outcome_file(path, problems, counter)
    elif suffix in (".yaml", ".yml"):
        kind = _yaml_kind(path)
        if kind == "plan":
            counter.plans += 1
            read_plan(path, problems)
        elif kind == "assessment":
            _check_assessment_file(path, problems, counter)
        else:
            problems.add(path, "filen är varken en plan eller en bedömning",
                         "en plan har nycklarna organisation, year, levels och goals; en bedömning organisation, "
                         "period och subgoals")
    else:
        problems.add(path, f"filtypen '{path.suffix}' kontrolleras inte",
                     "ange en plan (.yaml), en bedömning (.yaml) eller en utfallsfil (.csv, .parquet)")


def _yaml_kind(path: Path) -> str:
    """'plan', 'assessment' or '' from the file name, its folder, or else its keys."""
    if PLAN_FILE.match(path.name) or path.name.lower().startswith("plan"):
        return "plan"
    if path.parent.name == ASSESSMENTS_DIR:
        return "assessment"
    scratch = ProblemCollector()
    data = read_yaml(path, scratch)
    if scratch or not isinstance(data, YamlMap):
        return "plan"  # read_plan reports the syntax error with line and column
    if "goals" in data or "levels" in data:
        return "plan"
    if "subgoals" in data or "period" in data:
        return "assessment"
    return ""


def _check_outcome_file(path: Path, problems: ProblemCollector, counter: _Counter) -> None:
    counter.outcome_files += 1
    frame = read_outcomes(path, problems)
    find_duplicates(frame, problems)
    org_dir = _org_of(path, OUTCOMES_DIR)
    if org_dir is not None:
        plans, complete = read_plans(org_dir, ProblemCollector())
        if complete:
            check_against_plans(frame, plans, org_dir.name, problems)


def _check_assessment_file(path: Path, problems: ProblemCollector, counter: _Counter) -> None:
    counter.assessments += 1
    plan = None
    org_dir = _org_of(path, ASSESSMENTS_DIR)
    if org_dir is not None:
        plans, _ = read_plans(org_dir, ProblemCollector())
        year = path.stem[:4]
        plan = plans.get(int(year)) if year.isdigit() else None
        if plan is None and year.isdigit() and int(year) not in plan_files(org_dir):
            problems.add(path, f"det finns ingen plan för {year} att bedöma mot",
                         f"lägg till plan-{year}.yaml i {org_dir.name}/")
    read_assessment(path, problems, plan)
