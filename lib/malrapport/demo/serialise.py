"""The text of the generated files: outcome rows as CSV, assessments as YAML, both stable byte for byte."""
from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import yaml

from ._anchors import finite
from .outcomes import CSV_COLUMNS


def outcomes_csv(frame: pd.DataFrame) -> str:
    """The outcome rows as semicolon-separated UTF-8 text with decimal points, in the order given."""
    lines = [";".join(CSV_COLUMNS)]
    for row in frame[list(CSV_COLUMNS)].itertuples(index=False, name=None):
        unit, indicator, period, sex, value, numerator, denominator, comment, source = row
        cells = [str(unit), str(indicator), str(period), str(sex), _number_text(value), _number_text(numerator),
                 _number_text(denominator), _text_cell(comment), _text_cell(source)]
        lines.append(";".join(cells))
    return "\n".join(lines) + "\n"


def assessment_yaml(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """YAML text of a generated assessment, with `header` lines as comments first."""
    def wrap(entry: Mapping[str, Any], key: str) -> dict[str, Any]:
        """A copy of `entry` with its text under `key` wrapped."""
        out = dict(entry)
        if out.get(key):
            out[key] = _wrapped(str(out[key]))
        return out

    document = {key: value for key, value in data.items() if key not in ("summary", "subgoals", "actions")}
    if data.get("summary"):
        document["summary"] = _wrapped(str(data["summary"]))
    document["subgoals"] = {k: wrap(v, "narrative") for k, v in data.get("subgoals", {}).items()}
    if data.get("actions"):
        document["actions"] = {k: wrap(v, "comment") for k, v in data["actions"].items()}
    body = yaml.dump(document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=110)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + body


def _number_text(value: Any) -> str:
    """A number as written: whole numbers without decimals, others in full precision, empty for none."""
    number = finite(value)
    if number is None:
        return ""
    if number == int(number):
        return str(int(number))
    return repr(number)


def _text_cell(value: Any) -> str:
    """A text cell, quoted only when it holds a separator, a quote or a line break."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if any(c in text for c in ';"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as literal blocks, the form analysts edit."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block, other text as PyYAML would write it."""
    if "\n" in text:
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_BlockDumper.add_representer(str, _represent_text)


def _wrapped(text: str, width: int = 100) -> str:
    """Paragraphs wrapped for reading in an editor (Markdown joins the lines again), ending with a newline."""
    paragraphs = [p for p in text.split("\n\n")]
    return "\n\n".join(textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
                       if "\n" not in p else p for p in paragraphs).rstrip("\n") + "\n"
