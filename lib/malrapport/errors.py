"""User-facing problems: one exception type and one problem record, both with fields.

Every message that reaches an analyst names the file, the row or key, what is wrong and what to do.
Messages are Swedish because analysts read them; field names stay English.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MESSAGE_LIMIT = 400
"""Characters of a message or hint shown; a quoted value of megabytes must not become a line of megabytes."""
QUOTE_LIMIT = 60
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""Control characters (escape sequences, carriage returns, bidi overrides) written out, e.g. '\x1b'.

    A terminal would obey them: an escape sequence in a value could erase the error line and print a fake
    'Inga problem'. Every message to an operator passes through here.

    >>> print(visible("ok\x1b[2K\rInga problem"))
    ok\x1b[2K\rInga problem
    """
    names = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: names.get(m[0]) or (f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                                                       else f"\\u{ord(m[0]):04x}"), text)


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A value to quote in a message: at most `limit` characters, with the full length said when cut.

    >>> shorten("a" * 5000, 10)
    'aaaaaaaaa… (5000 tecken)'
    """
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text)} tecken)"


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
        text = f"{where}: {shorten(self.message, MESSAGE_LIMIT)}"
        if self.hint:
            text += f" – {shorten(self.hint, MESSAGE_LIMIT)}"
        return visible(text)


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
