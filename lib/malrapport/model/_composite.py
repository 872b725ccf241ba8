"""Composite targets: one target with several parts, each its own measure ('100% 0:an och 7:an 90% 90-90').

Seed 004's vårdgaranti is one aktivt mål with four dimensions: contact the same day (0:an), a medical assessment
within 7 days (7:an), a first visit and a treatment within 90 days (90-90). The indicator keeps the plan's wording
as a `CompositeTarget`; its `components` are indicators of their own (own outcome id, own target). The wording can
hand each component its level when every component has a `label` the wording uses: `split_wording` reads
'100% 0:an och 7:an 90% 90-90' as 100 % for 0:an and 7:an and 90 % for both parts labelled 90-90.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ._targets import _CMP_SYMBOLS, _CMP_WORDS, _NUM, _UNIT_WORDS, LevelTarget, Target, _number
from ._text import normalise_text


@dataclass(frozen=True)
class CompositeTarget(Target):
    """A target made of the components' own targets: met only when every component is met.

    >>> CompositeTarget(text="100% 0:an och 7:an 90% 90-90").text
    '100% 0:an och 7:an 90% 90-90'
    """


_PREFIX = "|".join(sorted(map(re.escape, [*_CMP_SYMBOLS, "minst", "högst", "lägst", "max", "maximalt"]), key=len,
                          reverse=True))
_UNITS = "|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True))
_LEVEL = re.compile(rf"(?P<pre>{_PREFIX})?\s*(?P<num>{_NUM})\s*(?P<u>{_UNITS})(?![a-zåäöé])", re.IGNORECASE)
_SEPARATOR = re.compile(r"^(?:[\s,;:/&+]|och|samt|resp\.?|respektive)*$", re.IGNORECASE)


def _label_spans(text: str, labels: Iterable[str]) -> list[tuple[int, int, str]]:
    """Where each label occurs in the text (not inside a longer word), longest labels first, without overlaps."""
    found: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for label in sorted(set(labels), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\wåäöé]){re.escape(label)}(?![\wåäöé])", re.IGNORECASE)
        for m in pattern.finditer(text):
            span = set(range(m.start(), m.end()))
            if not span & taken:
                taken |= span
                found.append((m.start(), m.end(), label))
    return found


def _level(m: re.Match[str]) -> LevelTarget:
    pre = (m["pre"] or "").lower()
    comparator = _CMP_SYMBOLS.get(pre) or _CMP_WORDS.get(pre) or {"lägst": ">="}.get(pre)
    return LevelTarget(value=_number(m["num"]), unit=_UNIT_WORDS[m["u"].lower()],
                       comparator=comparator if comparator in (">=", ">", "<=", "<") else None)  # type: ignore[arg-type]


def _group(tokens: list[tuple[str, object]], levels_first: bool) -> dict[str, LevelTarget] | None:
    """Labels grouped with the level before them (levels_first) or after them; None when the order does not fit."""
    out: dict[str, LevelTarget] = {}
    pending: list[str] = []
    current: LevelTarget | None = None
    for kind, item in tokens:
        if kind == "level":
            assert isinstance(item, LevelTarget)
            if levels_first:
                if current is not None and not pending:
                    return None
                current, pending = item, []
            else:
                if not pending:
                    return None
                out.update({label: item for label in pending})
                pending = []
        else:
            assert isinstance(item, str)
            if item in out or item in pending:
                return None
            if levels_first:
                if current is None:
                    return None
                out[item] = current
                pending.append(item)
            else:
                pending.append(item)
    if levels_first:
        return out if pending else None
    return out if not pending else None


def split_wording(text: str, labels: Iterable[str]) -> dict[str, LevelTarget] | None:
    """Each label's level in a composite wording, or None when the wording cannot be read unambiguously.

    Levels must carry a unit ('100%', '90 %') and labels are the components' own ('0:an', '7:an', '90-90');
    nothing else may stand between them but 'och', commas and the like. Both orders are tried ('100% 0:an',
    '0:an 100%'); exactly one must account for every label.

    >>> {label: level.value for label, level in split_wording("100% 0:an och 7:an 90% 90-90",
    ...                                                        ["0:an", "7:an", "90-90"]).items()}
    {'0:an': 100.0, '7:an': 100.0, '90-90': 90.0}

    The levels carry no wording of their own: a component's target reads '100 %', built from the value.
    """
    wanted = {label for label in labels if label}
    text = normalise_text(text)
    if not wanted:
        return None
    spans: list[tuple[int, int, str, object]] = [(s, e, "label", label) for s, e, label in _label_spans(text, wanted)]
    covered = {i for s, e, _, _ in spans for i in range(s, e)}
    for m in _LEVEL.finditer(text):
        if not covered & set(range(m.start(), m.end())):
            spans.append((m.start(), m.end(), "level", _level(m)))
    spans.sort(key=lambda span: span[0])
    position = 0
    for start, end, _, _ in spans:
        if not _SEPARATOR.match(text[position:start]):
            return None
        position = end
    if not _SEPARATOR.match(text[position:]):
        return None
    tokens = [(kind, item) for _, _, kind, item in spans]
    readings = [r for r in (_group(tokens, True), _group(tokens, False)) if r is not None and set(r) == wanted]
    return readings[0] if len(readings) == 1 else None

