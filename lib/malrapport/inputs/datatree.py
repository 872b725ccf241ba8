"""The data tree: one folder per organisation with its plans, outcome tables and assessments.

`DataTree` finds the files; `load_organisation` reads and checks everything one report needs and raises
one MalrapportError listing every problem, so a report is never built from faulty input.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MalrapportError, ProblemCollector
from ..model import Assessment, Plan
from .assessments import ASSESSMENTS_DIR, assessment_files, read_assessments
from .outcome_files import list_outcome_files
from .plans import PLAN_FILE, find_plan, list_organisations, plan_files, read_plan

if TYPE_CHECKING:
    import pandas as pd

OUTCOMES_DIR = "outcomes"
_PLAN_LIKE = re.compile(r"^plan.*\.ya?ml$", re.IGNORECASE)


@dataclass(frozen=True)
class OrganisationData:
    """Everything a report of one organisation and year is built from, already checked."""

    plan: Plan
    outcomes: pd.DataFrame
    assessments: dict[str, Assessment]
    files: tuple[Path, ...]
    plans: dict[int, Plan] = field(default_factory=dict)


class DataTree:
    """Finds organisations and their input files under a data directory (default `data/`)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir():
            raise MalrapportError(f"datamappen '{self.root}' finns inte", file=self.root,
                                  hint="ange mappen med en undermapp per organisation, t.ex. data/")

    def organisations(self) -> list[str]:
        """Ids of the folders that hold at least one plan-*.yaml."""
        return list_organisations(self.root)

    def org_dir(self, org_id: str) -> Path:
        return self.root / org_id

    def plan_files(self, org_id: str) -> dict[int, Path]:
        return plan_files(self.org_dir(org_id))

    def outcome_files(self, org_id: str, problems: ProblemCollector | None = None) -> list[Path]:
        folder = self.org_dir(org_id) / OUTCOMES_DIR
        return list_outcome_files(folder, problems) if folder.is_dir() else []

    def assessment_files(self, org_id: str, problems: ProblemCollector | None = None) -> list[Path]:
        return assessment_files(self.org_dir(org_id), problems)

    def files(self, org_id: str) -> list[Path]:
        """Every input file of an organisation: plans, outcomes, assessments."""
        return [*self.plan_files(org_id).values(), *self.outcome_files(org_id), *self.assessment_files(org_id)]

    def layout_problems(self, problems: ProblemCollector) -> None:
        """Folders that look like organisations without a plan, and plan files with names that are not read."""
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")):
            layout_problems(folder, problems)


def is_organisation_dir(folder: Path) -> bool:
    """A folder with a plan, or with an outcomes/ or assessments/ folder, is an organisation."""
    return folder.is_dir() and (any(folder.glob("plan-*.yaml")) or (folder / OUTCOMES_DIR).is_dir()
                                or (folder / ASSESSMENTS_DIR).is_dir())


def layout_problems(folder: Path, problems: ProblemCollector) -> None:
    """Problems of one organisation folder's layout: a missing plan, misnamed plan files."""
    for path in sorted(folder.iterdir()):
        if path.is_file() and _PLAN_LIKE.match(path.name) and not PLAN_FILE.match(path.name):
            problems.add(path, "filen läses inte: en plan ska heta plan-ÅR.yaml", "byt namn till t.ex. plan-2024.yaml")
    if is_organisation_dir(folder) and not plan_files(folder):
        problems.add(folder, "mappen har utfall eller bedömningar men ingen plan-ÅR.yaml",
                     "lägg till organisationens plan, t.ex. plan-2024.yaml")


def read_plans(org_dir: Path, problems: ProblemCollector) -> tuple[dict[int, Plan], bool]:
    """The readable plans of an organisation folder by year, and whether every plan could be read."""
    read = {year: read_plan(path, problems) for year, path in plan_files(org_dir).items()}
    plans = {year: plan for year, plan in read.items() if plan is not None}
    return plans, len(plans) == len(read)


def read_organisation_outcomes(org_dir: Path, plans: dict[int, Plan] | None, problems: ProblemCollector,
                               files: list[Path] | None = None) -> pd.DataFrame:
    """All outcome files of an organisation in one table, checked for duplicates and against the plans.

    `plans` None (a plan could not be read) skips the checks against the plans, which would only repeat
    the plan's own problem for every row.
    """
    if files is None:
        folder = org_dir / OUTCOMES_DIR
        files = list_outcome_files(folder, problems) if folder.is_dir() else []
    import pandas as pd  # here, not at the top: listing an organisation's files (a batch's plan) needs no pandas

    from .outcomes import check_against_plans, empty_outcomes, find_duplicates, read_outcomes

    frames = [read_outcomes(path, problems) for path in files]
    frame = pd.concat(frames, ignore_index=True) if frames else empty_outcomes()
    find_duplicates(frame, problems)
    if plans is not None:
        check_against_plans(frame, plans, org_dir.name, problems)
    return frame


def load_organisation(root: str | Path, org_id: str, year: int | None = None) -> OrganisationData:
    """Plan (of `year`, or the latest), all outcomes and the year's assessments of one organisation.

    Every plan of the organisation is read too, since outcomes of earlier years are checked against them.
    Raises MalrapportError listing every problem in any of these files. When a cache is in use
    (`use_cache`), unchanged files are not read again.

    >>> data = load_organisation("data", "rn-ls1", year=2022)
    >>> data.plan.organisation.name, sorted(data.assessments)
    ('Division Länssjukvård 1', ['2022-T1', '2022-T2', '2022-T3'])
    """
    if _active_cache is not None:
        return _active_cache.load(root, org_id, year)
    return read_organisation(root, org_id, year)


def read_organisation(root: str | Path, org_id: str, year: int | None = None) -> OrganisationData:
    """`load_organisation` without a cache: always reads the files."""
    tree = DataTree(root)
    plan_path = find_plan(tree.root, org_id, year)
    org_dir = tree.org_dir(org_id)
    problems = ProblemCollector()
    plans, complete = read_plans(org_dir, problems)
    plan_year = int(PLAN_FILE.match(plan_path.name)[1])  # type: ignore[index]
    outcome_paths = tree.outcome_files(org_id, problems)
    outcomes = read_organisation_outcomes(org_dir, plans if complete else None, problems, outcome_paths)
    assessments = read_assessments(org_dir, plans, problems, year=plan_year)
    problems.raise_if_any()
    files = (*tree.plan_files(org_id).values(), *outcome_paths,
             *(Path(a.source_file) for a in assessments.values()))
    return OrganisationData(plan=plans[plan_year], outcomes=outcomes, assessments=assessments, files=files,
                            plans=plans)


class OrganisationCache:
    """The last `size` organisations read, reused while none of their input files has changed.

    A batch kernel renders many reports of one organisation; with a cache it reads the files once. The key holds
    every input file's path, size, inode and modification time, so a changed file is read again. Results are
    copied on the way out, so that no report can change what the next one gets.
    """

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[Any, ...], OrganisationData] = OrderedDict()

    def load(self, root: str | Path, org_id: str, year: int | None = None) -> OrganisationData:
        """As `read_organisation`, from the cache when the files are unchanged."""
        try:
            key = (str(Path(root).resolve()), org_id, year, _signature(root, org_id))
        except Exception:  # a missing folder or file: let the real reader report it in its own words
            return read_organisation(root, org_id, year)
        if key in self._entries:
            self.hits += 1
            self._entries.move_to_end(key)
            return _copied(self._entries[key])
        self.misses += 1
        data = read_organisation(root, org_id, year)
        self._entries[key] = data
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return _copied(data)

    def stats(self) -> dict[str, int]:
        """Hits, misses and entries, for tests and timings."""
        return {"hits": self.hits, "misses": self.misses, "entries": len(self._entries)}


_active_cache: OrganisationCache | None = None


def use_cache(cache: OrganisationCache | None) -> OrganisationCache | None:
    """Make `load_organisation` use `cache` (None: read every time) in this process; returns the previous one."""
    global _active_cache
    previous, _active_cache = _active_cache, cache
    return previous


def active_cache() -> OrganisationCache | None:
    """The cache `load_organisation` uses in this process, if any."""
    return _active_cache


def _signature(root: str | Path, org_id: str) -> tuple[tuple[str, int, int, int], ...]:
    entries = []
    for path in DataTree(root).files(org_id):
        stat = path.stat()
        entries.append((str(path), stat.st_size, stat.st_ino, stat.st_mtime_ns))
    return tuple(entries)


def _copied(data: OrganisationData) -> OrganisationData:
    return replace(data, outcomes=data.outcomes.copy(), assessments=dict(data.assessments), plans=dict(data.plans))
