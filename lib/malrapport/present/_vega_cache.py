"""Vega-Lite compiled to Vega once per chart shape, the chart's own data and titles put into the copy.

Drawing a chart's SVG with vl-convert is two steps: compiling the Vega-Lite spec to Vega (about 8 ms) and running
Vega (the rest, 30–40 ms). A report draws some thirty charts of a few shapes, and the compiled Vega of two charts
of one shape differs only where their inline data and titles are copied through. So the compiler is given a
stand-in spec: every inline data list and every chart, axis and legend title replaced by a marker (equal values by
the same marker, so that Vega-Lite merges equal data sources as before), and the result is kept per stand-in
spec; each chart's values are then put in place of the markers. A stand-in spec whose compiled form carries a
marker anywhere but as a whole value (e.g. inside an expression) is compiled per chart instead, so the result
is always what compiling the chart itself gives (tests/test_vega_cache.py checks this on every demo chart).
"""
from __future__ import annotations

import json
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

DATA_MARKER = "\ue001data:"
TEXT_MARKER = "\ue001text:"
LINES_MARKER = "\ue001lines:"
MARKER_END = "\ue002"
CACHE_SIZE = 256
_NOT_PLAIN = re.compile(r"""["'\\\x00-\x1f\x7f\u2028\u2029\ue001\ue002]""")
_TEXT_MARKERS = re.compile(f"{TEXT_MARKER}\\d+{MARKER_END}")
ENCODING_TITLES = ("x", "y", "x2", "y2", "color", "fill", "stroke", "shape", "size", "opacity", "strokeDash")

Compile = Callable[[dict[str, Any]], dict[str, Any]]


class _StandIns:
    """Markers for the values taken out of one spec; equal values share a marker. A marker ends in MARKER_END, so
    that no marker is the beginning of another."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self._by_content: dict[str, str] = {}

    def marker(self, prefix: str, value: Any) -> str:
        content = json.dumps(value, ensure_ascii=False, sort_keys=False)
        found = self._by_content.get(prefix + content)
        if found is None:
            found = f"{prefix}{len(self.values)}{MARKER_END}"
            self._by_content[prefix + content] = found
            self.values[found] = value
        return found


def plain(text: str) -> bool:
    """Text that reads the same inside a quoted string of a Vega expression, where Vega-Lite copies titles too
    (the ARIA description of marks): no quote, backslash or control character."""
    return not _NOT_PLAIN.search(text)


def _title(value: Any, stand_ins: _StandIns) -> Any:
    if isinstance(value, str):
        return stand_ins.marker(TEXT_MARKER, value) if plain(value) else value
    if isinstance(value, list) and value and all(isinstance(item, str) and plain(item) for item in value):
        return stand_ins.marker(LINES_MARKER, value)  # a title of several lines: one value, as a string is
    if isinstance(value, dict) and "text" in value:
        return {**value, "text": _title(value["text"], stand_ins)}
    return value


def _encoding(encoding: dict[str, Any], stand_ins: _StandIns) -> dict[str, Any]:
    result = {}
    for channel, definition in encoding.items():
        if channel in ENCODING_TITLES and isinstance(definition, dict):
            definition = dict(definition)
            if "title" in definition:
                definition["title"] = _title(definition["title"], stand_ins)
            for guide in ("axis", "legend"):
                if isinstance(definition.get(guide), dict) and "title" in definition[guide]:
                    definition[guide] = {**definition[guide], "title": _title(definition[guide]["title"], stand_ins)}
        result[channel] = definition
    return result


def _stand_in(node: Any, stand_ins: _StandIns) -> Any:
    """A copy of a (sub)spec with inline data and titles replaced by markers."""
    if isinstance(node, list):
        return [_stand_in(item, stand_ins) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "data" and isinstance(value, dict) and isinstance(value.get("values"), list) and value["values"]:
            result[key] = {**value, "values": [stand_ins.marker(DATA_MARKER, value["values"])]}
        elif key == "datasets" and isinstance(value, dict):
            result[key] = {name: [stand_ins.marker(DATA_MARKER, rows)] if isinstance(rows, list) and rows else rows
                           for name, rows in value.items()}
        elif key == "title":
            result[key] = _title(value, stand_ins)
        elif key == "encoding" and isinstance(value, dict):
            result[key] = _stand_in(_encoding(value, stand_ins), stand_ins)
        elif key == "config":
            result[key] = value  # the theme: the same for every chart, kept in the key as it is
        else:
            result[key] = _stand_in(value, stand_ins)
    return result


def _fill(node: Any, values: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        return {key: _fill(item, values) for key, item in node.items()}
    if isinstance(node, list):
        if len(node) == 1 and isinstance(node[0], str) and node[0].startswith(DATA_MARKER):
            return values[node[0]]
        return [_fill(item, values) for item in node]
    if isinstance(node, str) and node.startswith(LINES_MARKER):
        return values[node]
    if isinstance(node, str) and TEXT_MARKER in node:
        return values[node] if node in values else _TEXT_MARKERS.sub(lambda found: values[found[0]], node)
    return node


def _lists_whole(compiled_text: str, markers: list[str]) -> bool:
    """Every marker of a list occurs in the compiled JSON only as a whole value: a data marker as a list of itself
    (the place of the inline data), a title's lines as a string of its own. Only a plain one-line title may stand
    inside another string (an expression), where its text is put in as it is. No marker may have been cut or
    changed."""
    def whole(marker: str) -> str:
        quoted = json.dumps(marker, ensure_ascii=False)
        return f"[{quoted}]" if marker.startswith(DATA_MARKER) else quoted

    intact = compiled_text.count(MARKER_END) == sum(compiled_text.count(marker) for marker in markers)
    return intact and all(compiled_text.count(marker) == compiled_text.count(whole(marker))
                          for marker in markers if not marker.startswith(TEXT_MARKER))


class CompiledShapes:
    """Compiled Vega per stand-in spec (least recently used dropped past `size`), for `vega_of`."""

    def __init__(self, compile_spec: Compile, size: int = CACHE_SIZE) -> None:
        self._compile = compile_spec
        self._size = size
        self._shapes: OrderedDict[str, dict[str, Any] | None] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def vega_of(self, spec: dict[str, Any]) -> dict[str, Any]:
        """The Vega spec that compiling `spec` gives."""
        stand_ins = _StandIns()
        shape = _stand_in(spec, stand_ins)
        key = json.dumps(shape, ensure_ascii=False)
        if key in self._shapes:
            self._shapes.move_to_end(key)
            template = self._shapes[key]
            self.hits += 1
        else:
            self.misses += 1
            template = self._compile(shape)
            if not _lists_whole(json.dumps(template, ensure_ascii=False), list(stand_ins.values)):
                template = None
            self._shapes[key] = template
            if len(self._shapes) > self._size:
                self._shapes.popitem(last=False)
        if template is None:  # a shape whose markers the compiler did not copy through as whole values
            return self._compile(spec)
        return _fill(template, stand_ins.values)
