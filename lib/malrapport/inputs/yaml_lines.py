"""YAML with line numbers: every key remembers its line, so a problem can name "rad 23, goals[2].id".

Plans, assessments and run definitions are read with `read_yaml`, which collects problems (syntax, duplicate
keys, an empty file) instead of raising, and `check_keys`, which reports missing and unknown keys with the
closest known key as a hint.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ProblemCollector, closest
from .files import YAML_LIMIT, read_input_bytes


class YamlMap(dict):
    """A mapping read from YAML that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]
    duplicates: list[tuple[Any, int]]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are YamlMap and which notes duplicate keys instead of overwriting silently."""


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same on libyaml's parser (about ten times faster) where PyYAML has it."""


def _construct_map(loader: yaml.SafeLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "en nyckel får inte vara en lista eller mappning",
                                                    key_node.start_mark) from None
        if key in result:
            result.duplicates.append((key, key_node.start_mark.line + 1))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_FastLineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


EXPANDED_LIMIT = 200_000
"""Most values a YAML file may stand for once its aliases (*name) are expanded; a real plan has a few thousand."""


class AliasBomb(Exception):
    """A file whose aliases expand to more values than any real plan has (a 'billion laughs' file)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values `node` stands for with every alias expanded; shared nodes are counted once per use.

    Memoised per node, so a file of nested aliases costs time in proportion to its length, not its expansion.
    """
    known = sizes.get(id(node))
    if known is not None:
        return known
    sizes[id(node)] = EXPANDED_LIMIT + 1  # a node that contains itself expands without end
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children: list[yaml.Node] = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _expanded_size(child, sizes)
        if total > EXPANDED_LIMIT:
            raise AliasBomb(child.start_mark.line + 1)
    sizes[id(node)] = total
    return total


def _load_with(text: str, loader_class: type) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _expanded_size(node, {})
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _load(text: str) -> Any:
    """Parse with libyaml; a file it rejects is parsed again in Python, whose messages the report translates.

    The node tree is measured before anything is built from it: aliases that expand beyond `EXPANDED_LIMIT`
    values raise AliasBomb.
    """
    try:
        return _load_with(text, _FastLineLoader)
    except yaml.YAMLError:
        return _load_with(text, _LineLoader)


def read_yaml(path: str | Path, problems: ProblemCollector, empty_hint: str = "") -> Any:
    """Parse a YAML file; a syntax error becomes a problem with line and column. None when unreadable or empty.

    With `empty_hint`, an empty file is a problem too ("filen är tom"), with that hint on what to write.
    """
    path = Path(path)
    data = read_input_bytes(path, YAML_LIMIT, problems)
    if data is None:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(path, "filen är inte sparad som UTF-8",
                     "spara filen som UTF-8 (i Anteckningar/VS Code: 'Spara som' med kodning UTF-8)",
                     row=data.count(b"\n", 0, exc.start) + 1)
        return None
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = f", kolumn {mark.column + 1}" if mark else ""
        start = ""
        if exc.context_mark is not None and line is not None and exc.context_mark.line + 1 < line:
            start = f"; felet kan börja redan på rad {exc.context_mark.line + 1}"
        problems.add(path, f"YAML-syntaxfel{column}: {_yaml_problem_text(exc)}{start}",
                     "kontrollera indraget (mellanslag, inte tabbar), kolon efter varje nyckel och att citattecken "
                     "är parvisa; sätt text med kolon eller # inom citattecken", row=line)
        return None
    except yaml.reader.ReaderError as exc:
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        problems.add(path, f"filen innehåller ett styrtecken (U+{character:04X}) som YAML inte tillåter",
                     "ta bort tecknet; det syns ofta inte i en texteditor", row=text.count("\n", 0, exc.position) + 1)
        return None
    except yaml.YAMLError as exc:
        problems.add(path, f"YAML-fel: {exc}", "kontrollera filens syntax")
        return None
    except AliasBomb as bomb:
        problems.add(path, f"filens alias (*namn) växer till fler än {EXPANDED_LIMIT:,} värden".replace(",", " "),
                     "skriv ut värdena i stället för att upprepa dem med & och *; ingen plan eller bedömning behöver "
                     "så många", row=bomb.line)
        return None
    except RecursionError:
        problems.add(path, "filen är nästlad för djupt för att läsas", "minska antalet nivåer av listor och mappningar")
        return None
    if data is None and empty_hint:
        problems.add(path, "filen är tom", empty_hint)
    _report_duplicate_keys(path, data, problems, "")
    return data


_YAML_PROBLEMS = (
    ("mapping values are not allowed", "ett kolon står där det inte får stå (text med ': ' ska stå inom citattecken)"),
    ("found character '\\t'", "tabbtecken i indraget"),
    ("end of stream", "filen tar slut innan ett citattecken eller en parentes stängs"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför, eller ett citattecken stängs inte"),
    ("expected ',' or ']'", "en lista inom [ ] stängs inte"),
    ("expected ',' or '}'", "en mappning inom { } stängs inte"),
    ("could not find expected ':'", "kolon saknas efter en nyckel"),
)


def _yaml_problem_text(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem in Swedish where it is a common one, with the original in parentheses."""
    original = exc.problem or exc.context or "okänt fel"
    for needle, swedish in _YAML_PROBLEMS:
        if needle in original:
            return f"{swedish} ({original})"
    return original


def _report_duplicate_keys(path: Path, data: Any, problems: ProblemCollector, where: str) -> None:
    if isinstance(data, YamlMap):
        for key, line in data.duplicates:
            problems.add(path, f"nyckeln '{key}' förekommer flera gånger; bara den sista skulle användas",
                         "ta bort eller byt namn på den ena", row=line, key=join_key(where, str(key)))
        for key, value in data.items():
            _report_duplicate_keys(path, value, problems, join_key(where, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            _report_duplicate_keys(path, item, problems, f"{where}[{index}]")


def join_key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def line_of(data: Any, key: Any = None) -> int | None:
    """The line of `key` in a mapping read by read_yaml (or of the mapping itself)."""
    if isinstance(data, YamlMap):
        return data.line_of(key) if key is not None else data.line
    return None


def check_keys(path: Path, data: YamlMap, allowed: tuple[str, ...], required: tuple[str, ...], where: str,
               problems: ProblemCollector, what: str = "") -> None:
    """Report missing required keys and unknown keys (with the closest known key as a hint).

    A missing key that an unknown key is a misspelling of is reported once, as the misspelling.
    """
    meant: set[str] = set()
    for key in data:
        if key not in allowed:
            near = closest(str(key), allowed)
            meant.add(near or "")
            hint = f"menade du '{near}'?" if near else f"tillåtna nycklar är {', '.join(allowed)}"
            problems.add(path, f"okänd nyckel '{key}'{what}", hint, row=line_of(data, key),
                         key=join_key(where, str(key)))
    for key in required:
        if key in meant and key not in data:
            continue
        if key not in data or data[key] is None or data[key] == "":
            problems.add(path, f"nyckeln '{key}' saknas{what}", f"lägg till '{key}: …'",
                         row=line_of(data), key=join_key(where, key))
