"""User-facing problems: one exception type and one problem record, both with fields.

Every message that reaches an analyst names the file, the row or key, what is wrong and what to do.
Messages are Swedish because analysts read them; field names stay English.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one input file.

    >>> Problem(file="t2.csv", message="'12,5 %' är inte ett tal", row=2, key="value").row
    2
    """

    file: str
    message: str
    hint: str = ""
    row: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", rad {self.row}"
        if self.key:
            where += f", {self.key}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" – {self.hint}"
        return text


class MalrapportError(Exception):
    """Root of every error the package raises for bad input; carries one or more problems.

    >>> error = MalrapportError("okänd status 'uppnås ej'", file="2022-T1.yaml", hint="skriv uppnås inte")
    >>> error.problems[0].file, error.problems[0].hint
    ('2022-T1.yaml', 'skriv uppnås inte')
    """

    def __init__(self, problems: Problem | list[Problem] | str, *, file: str | Path = "", hint: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(file=str(file), message=problems, hint=hint)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def file(self) -> str:
        return self.problems[0].file if self.problems else ""


class ProblemCollector:
    """Gathers problems so that a check reports every fault at once instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str | Path, message: str, hint: str = "", *, row: int | None = None,
            key: str | None = None) -> None:
        self.problems.append(Problem(str(file), message, hint, row, key))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise MalrapportError(self.problems)


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice most like `word` (case-insensitive), for 'menade du …?' hints; None when nothing is close."""
    options = [str(c) for c in choices]
    lowered = {c.lower(): c for c in options}
    found = difflib.get_close_matches(str(word).lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[found[0]] if found else None


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """A Swedish hint 'menade du 'x'?' or '' when no choice is close."""
    match = closest(word, choices, cutoff)
    return f"menade du '{match}'?" if match else ""
