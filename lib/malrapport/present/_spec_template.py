"""Chart specs from templates: a chart's structure is built once with Altair, its values are filled in per call.

Building an Altair chart and turning it into a spec takes 20–30 ms (deep copies, encoding inference), while a
report draws some thirty charts of the same few shapes. A template is the spec of a chart built with `slot`
markers where the values go; `fill` copies it with the values in place, in well under a millisecond, and gives
the same spec as building the chart with those values (tests/test_charts.py checks that it does).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SLOT_PREFIX = "\ue000slot:"


def slot(name: str) -> str:
    """The marker of the value called `name`; it may stand wherever the chart takes a value."""
    return SLOT_PREFIX + name


def slots(names: list[str] | tuple[str, ...]) -> dict[str, str]:
    """Markers for every name, to build a template chart with."""
    return {name: slot(name) for name in names}


def fill(template: Any, values: Mapping[str, Any]) -> Any:
    """A copy of `template` with every marker replaced by its value; a missing value raises KeyError."""
    if isinstance(template, dict):
        return {key: fill(item, values) for key, item in template.items()}
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, str) and template.startswith(SLOT_PREFIX):
        return values[template[len(SLOT_PREFIX):]]
    return template
