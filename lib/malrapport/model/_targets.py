"""Targets (målvärden) in their parsed form.

Analysts write targets in the Swedish wording of the plans ("70 %", "Öka", "Minska med 50 % jmf med 2020",
"M: 17,2 % K: 16 %", "Genomförd aktivitet"); `parse_target` turns the wording into one of these frozen
dataclasses, keeping the original text for display. A target that cannot be parsed is an error, never a guess.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

from .. import sv
from ..errors import MalrapportError
from ._enums import WOMEN_AND_MEN, Direction
from ._text import normalise_text

Comparator = Literal[">=", ">", "<=", "<"]
Change = Literal["increase", "decrease", "improve"]


@dataclass(frozen=True)
class Target:
    """Base of all targets; `text` is the wording as the plan writes it.

    >>> isinstance(parse_target("70 %"), Target), type(parse_target("Öka")).__name__
    (True, 'DirectionTarget')
    """

    text: str = ""


@dataclass(frozen=True)
class LevelTarget(Target):
    """Reach a level: '70 %', '90 % inom 30 dagar', 'Minska till 13 % eller lägre', '5,8 % helår'.

    `comparator` None means: judged by the indicator's direction (>= when higher is better).
    `annual` marks a full-year level compared pro rata with a year-to-date sum ('125,6 mkr helår').
    """

    value: float = 0.0
    comparator: Comparator | None = None
    unit: str | None = None
    qualifier: str = ""
    annual: bool = False
    reference_year: int | None = None


@dataclass(frozen=True)
class DirectionTarget(Target):
    """Move the right way compared with the same period last year: 'Öka', 'Minska'."""

    change: Change = "improve"


@dataclass(frozen=True)
class ChangeTarget(Target):
    """Change compared with a baseline year or with last year.

    'Minska med 50 % jmf med 2020' → reference_year=2020, amount=-50, relative=True.
    'Förbättring jmf med föregående år' → reference_year=None (same period last year), amount=None.
    'Minska differensen till riket med 1 dag jmf med 2014' → amount=-1, relative=False.
    `baseline` is the reference value when the plan states it ('jmf med 2014 = 12,4 dagar').
    """

    change: Change = "improve"
    reference_year: int | None = None
    amount: float | None = None
    relative: bool = False
    baseline: float | None = None


@dataclass(frozen=True)
class PerSexTarget(Target):
    """Separate targets for women and men: 'M: 17,2 % K: 16 %'. Total is judged by both."""

    by_sex: tuple[tuple[str, LevelTarget], ...] = field(default_factory=tuple)

    def for_sex(self, sex: str) -> LevelTarget | None:
        return dict(self.by_sex).get(sex)


@dataclass(frozen=True)
class ActivityTarget(Target):
    """An activity to carry out ('Genomförd aktivitet'): outcome 1 means done, 0 not done."""


@dataclass(frozen=True)
class NoTarget(Target):
    """No target: none set ('', 'Ingen'), or not yet defined ('Under utredning', 'Formulera indikator')."""

    undefined: bool = False


# --- parsing ------------------------------------------------------------------------------------------------------

_HINT = ("skriv målvärdet som i planen, till exempel '70 %', '90 % inom 30 dagar', '5,8 % helår', "
         "'Minska till 13 % eller lägre', 'Öka', 'Minska', 'Förbättring jmf med föregående år', "
         "'Minska med 50 % jmf med 2020', 'M: 17,2 % K: 16 %', 'Genomförd aktivitet', 'Under utredning', "
         "'Minska differensen till riket med 1 dag jmf med 2014' eller lämna tomt; eller som en mappning, "
         "till exempel {kind: level, value: 70, comparator: '>='}")

_F = re.IGNORECASE
_NUM = r"[-+\u2212\u2013]?\s?\d+(?:[ \u00a0\u202f]\d{3}(?!\d))*(?:[.,]\d+)?"
_UNIT_WORDS: dict[str, str] = {
    "%": "procent", "procent": "procent", "procentenheter": "procentenheter", "procentenhet": "procentenheter",
    "p.e.": "procentenheter", "pe": "procentenheter", "mnkr": "mnkr", "mkr": "mnkr", "msek": "mnkr",
    "miljoner kronor": "mnkr", "kr": "kr", "kronor": "kr", "dagar": "dagar", "dag": "dagar", "dygn": "dagar",
    "timmar": "timmar", "timme": "timmar", "st": "antal", "stycken": "antal", "poäng": "poäng",
    "per 1000 invånare": "per 1000 invånare", "per 1 000 invånare": "per 1000 invånare",
    "per 100 000 invånare": "per 100 000 invånare",
}
_UNIT_ALTERNATIVES = "|".join(re.escape(w) for w in sorted(_UNIT_WORDS, key=len, reverse=True))


def _unit(name: str) -> str:
    """An optional unit word as a named group, never followed directly by a letter."""
    return rf"(?:\s*(?P<{name}>{_UNIT_ALTERNATIVES})(?![a-zåäöé]))?"


_JMF = r"(?:jämfört|i\s+jämförelse|jmft?\.?|jfr\.?)(?:\s+med)?"
_REF = r"(?P<ref>\d{4}|föregående års?|förra året|fg år)"
_ANNUAL = r"(?:\s*(?P<annual>för helåret|helåret|helår|per år))?"
_CMP_SYMBOLS = {"≥": ">=", ">=": ">=", "=>": ">=", "≤": "<=", "<=": "<=", "=<": "<=", "<": "<", ">": ">"}
_CMP_WORDS = {
    "minska till": "<=", "sänka till": "<=", "högst": "<=", "max": "<=", "maximalt": "<=", "minst": ">=",
    "öka till": ">=", "höja till": ">=", "lägst": ">=", "under": "<", "mindre än": "<", "färre än": "<",
    "över": ">", "mer än": ">", "fler än": ">", "minus": "<=",
}
_CMP_AFTER = {"lägre": "<=", "mindre": "<=", "färre": "<=", "högre": ">=", "mer": ">=", "fler": ">="}

_NONE_WORDS = {"", "ingen", "inget", "inget målvärde", "-", "–", "—", "saknas", "målvärde saknas",
               "ej aktuellt"}
_UNDEFINED = re.compile(r"^(?:under utredning|(?:ej|inte) (?:fastställ\w*|beslutad\w*)|formulera indikator\w*|"
                        r"förslag på (?:indikator|målvärde)\w*(?: .*)?|fastställs senare|utarbetas|tas fram)$", _F)
_ACTIVITY = re.compile(r"^(?:aktivitet(?:en|erna)?\s+)?genomförda?"
                       r"(?:\s+(?:aktivitet|åtgärd|insats|utbildning)(?:en|er|erna|ar|arna)?)?\.?$", _F)
_DIRECTION = re.compile(r"^(?:ska\s+)?(?P<verb>öka|ökning|ökad|minska|minskning|minskad|förbättr(?:ing|a|as|ad))$",
                        _F)
_SEX_PART = re.compile(rf"(?P<sex>kvinnor|män|k|m)\s*:\s*(?P<num>{_NUM}){_unit('u')}", _F)
_SEX_GAP = re.compile(r"^(?:[\s,;/]|och)*$", _F)
_LEVEL = re.compile(
    rf"^(?P<pre>{'|'.join(sorted(map(re.escape, [*_CMP_WORDS, *_CMP_SYMBOLS]), key=len, reverse=True))})?"
    rf"\s*(?P<num>{_NUM}){_unit('u')}"
    rf"(?:\s+eller\s+(?P<post>{'|'.join(_CMP_AFTER)}))?{_ANNUAL}"
    rf"(?:\s+(?P<qual>(?:inom|efter|senast|före|vid)\s+.+))?$", _F)
_LEVEL_THAN = re.compile(
    rf"^(?P<dir>lägre|högre|mindre|större)\s+(?:\w+\s+)?än\s+(?P<year>\d{{4}})\s*"
    rf"(?P<cmp>≥|≤|>=|<=|<|>|=)?\s*(?P<num>{_NUM}){_unit('u')}$", _F)
_LEVEL_OF_YEAR = re.compile(
    rf"^(?P<year>\d{{4}})\s+års\s+nivå\s*[=:]?\s*(?P<num>{_NUM}){_unit('u')}{_ANNUAL}$", _F)
_CHANGE_AMOUNT = re.compile(
    rf"^(?P<verb>öka|minska|förbättra|sänka|höja)\s+(?:.*?\s+)??"
    rf"(?<!jämfört )(?<!jämförelse )(?<!jmft )(?<!jmf )(?<!jmf\. )med\s+(?P<num>{_NUM}){_unit('u')}"
    rf"(?:\s*{_JMF}\s+{_REF})?(?:\s*[=:]\s*(?P<base>{_NUM}){_unit('bu')})?$", _F)
_CHANGE_REF = re.compile(
    rf"^(?P<head>.*?)\s*{_JMF}\s+{_REF}(?:\s*[=:]\s*(?P<base>{_NUM}){_unit('bu')})?$", _F)

_INCREASE = re.compile(r"^(?:ska\s+)?(?:öka|ökning|ökad|höja|högre)", _F)
_DECREASE = re.compile(r"^(?:ska\s+)?(?:minska|minskning|minskad|sänka|lägre)", _F)


def _number(text: str) -> float:
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).replace("\u2212", "-").replace("\u2013", "-")
    return float(cleaned.replace(",", "."))


def _change_of(word: str) -> Change:
    """'öka…' → increase, 'minska…' → decrease, anything else ('Förbättring', 'Antal …') → improve."""
    if _INCREASE.match(word.strip()):
        return "increase"
    if _DECREASE.match(word.strip()):
        return "decrease"
    return "improve"


def _reference_year(ref: str | None) -> int | None:
    return int(ref) if ref and ref.isdigit() else None


def _direction_name(direction: object) -> str:
    return str(getattr(direction, "value", direction)).lower()


def _parse_per_sex(text: str) -> PerSexTarget | None:
    parts = list(_SEX_PART.finditer(text))
    if not parts:
        return None
    gaps = [text[:parts[0].start()], text[parts[-1].end():]]
    gaps += [text[a.end():b.start()] for a, b in zip(parts, parts[1:], strict=False)]
    if not all(_SEX_GAP.match(gap) for gap in gaps):
        return None
    by_sex: dict[str, LevelTarget] = {}
    for part in parts:
        sex = part["sex"][0].upper()
        if sex in by_sex:
            return None
        unit = _UNIT_WORDS.get(part["u"].lower()) if part["u"] else None
        by_sex[sex] = LevelTarget(text=normalise_text(part[0][part.start("num") - part.start():]),
                                  value=_number(part["num"]), unit=unit)
    return PerSexTarget(text=text, by_sex=tuple(sorted(by_sex.items())))


def _parse_level(text: str, direction: str) -> LevelTarget | None:
    if m := _LEVEL.match(text):
        pre = (m["pre"] or "").lower()
        comparator = _CMP_WORDS.get(pre) or _CMP_SYMBOLS.get(pre)
        if m["post"]:
            comparator = _CMP_AFTER[m["post"].lower()]
        value = _number(m["num"])
        if pre == "minus":
            value = -abs(value)
        unit = _UNIT_WORDS.get(m["u"].lower()) if m["u"] else None
        return LevelTarget(text=text, value=value, comparator=comparator, unit=unit,  # type: ignore[arg-type]
                           qualifier=m["qual"] or "", annual=bool(m["annual"]))
    if m := _LEVEL_THAN.match(text):
        lower = m["dir"].lower() in ("lägre", "mindre")
        symbol = _CMP_SYMBOLS.get(m["cmp"] or "")
        comparator = symbol or ("<" if lower else ">")
        unit = _UNIT_WORDS.get(m["u"].lower()) if m["u"] else None
        return LevelTarget(text=text, value=_number(m["num"]), comparator=comparator,  # type: ignore[arg-type]
                           unit=unit, reference_year=int(m["year"]))
    if m := _LEVEL_OF_YEAR.match(text):
        unit = _UNIT_WORDS.get(m["u"].lower()) if m["u"] else None
        return LevelTarget(text=text, value=_number(m["num"]), comparator="<=" if direction == "lower" else None,
                           unit=unit, annual=bool(m["annual"]), reference_year=int(m["year"]))
    return None


def _parse_change(text: str) -> Target | None:
    if m := _CHANGE_AMOUNT.match(text):
        change = _change_of(m["verb"])
        unit = _UNIT_WORDS.get(m["u"].lower()) if m["u"] else None
        amount = abs(_number(m["num"]))
        return ChangeTarget(text=text, change=change, reference_year=_reference_year(m["ref"]),
                            amount=-amount if change == "decrease" else amount, relative=unit == "procent",
                            baseline=_number(m["base"]) if m["base"] else None)
    if m := _CHANGE_REF.match(text):
        head = m["head"]
        return ChangeTarget(text=text, change=_change_of(head) if head else "improve",
                            reference_year=_reference_year(m["ref"]),
                            baseline=_number(m["base"]) if m["base"] else None)
    return None


def _parse_text(raw: str, direction: str) -> Target:
    text = normalise_text(raw)
    match = text.rstrip(" .")
    lowered = match.lower()
    if lowered in _NONE_WORDS:
        return NoTarget(text=text)
    if _UNDEFINED.match(match):
        return NoTarget(text=text, undefined=True)
    if _ACTIVITY.match(match):
        return ActivityTarget(text=text)
    if m := _DIRECTION.match(match):
        return DirectionTarget(text=text, change=_change_of(m["verb"]))
    from ._gap import parse_gap_text  # the gap targets build on this module's patterns

    found = (parse_gap_text(match) or _parse_per_sex(match) or _parse_level(match, direction)
             or _parse_change(match))
    if found is None:
        raise MalrapportError(f"kan inte tolka målvärdet '{text}'", hint=_HINT)
    return replace(found, text=text)


# --- the mapping form ------------------------------------------------------------------------------------------------

_KINDS: dict[str, type[Target]] = {"level": LevelTarget, "direction": DirectionTarget, "change": ChangeTarget,
                                   "per_sex": PerSexTarget, "activity": ActivityTarget, "none": NoTarget}
_COMPARATORS = (">=", ">", "<=", "<")
_CHANGES = ("increase", "decrease", "improve")


def _mapping_error(value: Mapping[str, Any], problem: str) -> MalrapportError:
    return MalrapportError(f"kan inte tolka målvärdet {dict(value)!r}: {problem}", hint=_HINT)


def _as_number(value: Mapping[str, Any], key: str, raw: Any) -> float:
    if isinstance(raw, bool):
        raise _mapping_error(value, f"'{key}' ska vara ett tal")
    if isinstance(raw, (int, float)):
        return float(raw)
    if isinstance(raw, str) and re.fullmatch(rf"\s*{_NUM}\s*%?\s*", raw):
        return _number(raw.replace("%", "").strip())
    raise _mapping_error(value, f"'{key}' ska vara ett tal, inte {raw!r}")


def _level_fields(value: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Checked and converted fields of a LevelTarget from a mapping."""
    if "value" not in data:
        raise _mapping_error(value, "'value' saknas")
    fields: dict[str, Any] = {"value": _as_number(value, "value", data["value"])}
    if data.get("comparator") is not None:
        comparator = str(data["comparator"]).strip()
        comparator = _CMP_SYMBOLS.get(comparator, comparator)
        if comparator not in _COMPARATORS:
            raise _mapping_error(value, f"'comparator' ska vara en av {', '.join(_COMPARATORS)}")
        fields["comparator"] = comparator
    if data.get("unit") is not None:
        fields["unit"] = str(data["unit"])
    if data.get("qualifier") is not None:
        fields["qualifier"] = str(data["qualifier"])
    if data.get("annual") is not None:
        fields["annual"] = bool(data["annual"])
    if data.get("reference_year") is not None:
        fields["reference_year"] = int(_as_number(value, "reference_year", data["reference_year"]))
    return fields


def _per_sex_from_mapping(value: Mapping[str, Any], raw: Any) -> tuple[tuple[str, LevelTarget], ...]:
    items = raw.items() if isinstance(raw, Mapping) else raw
    try:
        pairs = [(str(sex).strip().upper()[:1], level) for sex, level in items]
    except (TypeError, ValueError):
        raise _mapping_error(value, "'by_sex' ska vara en mappning som {K: 16, M: 17.2}") from None
    by_sex: dict[str, LevelTarget] = {}
    for sex, level in pairs:
        if sex not in WOMEN_AND_MEN:
            raise _mapping_error(value, f"okänt kön '{sex}' i 'by_sex'; använd K och M")
        data = level if isinstance(level, Mapping) else {"value": level}
        by_sex[sex] = LevelTarget(**_level_fields(value, data))
    if not by_sex:
        raise _mapping_error(value, "'by_sex' är tom")
    return tuple(sorted(by_sex.items()))


def _parse_mapping(value: Mapping[str, Any]) -> Target:
    kind = str(value.get("kind", "")).strip().lower()
    if kind == "gap":
        from ._gap import parse_gap_mapping

        return parse_gap_mapping(value)
    if kind not in _KINDS:
        raise _mapping_error(value, f"'kind' ska vara en av {', '.join([*_KINDS, 'gap'])}")
    cls = _KINDS[kind]
    allowed = {f.name for f in fields(cls)} | {"kind"}
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise _mapping_error(value, f"okända fält {', '.join(unknown)}; tillåtna för {kind} är "
                                    f"{', '.join(sorted(allowed))}")
    text = normalise_text(str(value.get("text") or ""))
    if cls is LevelTarget:
        return LevelTarget(text=text, **_level_fields(value, value))
    if cls is PerSexTarget:
        return PerSexTarget(text=text, by_sex=_per_sex_from_mapping(value, value.get("by_sex") or {}))
    if cls in (DirectionTarget, ChangeTarget):
        change = str(value.get("change") or "improve").strip().lower()
        if change not in _CHANGES:
            raise _mapping_error(value, f"'change' ska vara en av {', '.join(_CHANGES)}")
        if cls is DirectionTarget:
            return DirectionTarget(text=text, change=change)  # type: ignore[arg-type]
        numbers = {key: _as_number(value, key, value[key]) for key in ("amount", "baseline")
                   if value.get(key) is not None}
        year = value.get("reference_year")
        return ChangeTarget(text=text, change=change,  # type: ignore[arg-type]
                            reference_year=int(_as_number(value, "reference_year", year)) if year is not None
                            else None, relative=bool(value.get("relative", False)), **numbers)
    if cls is ActivityTarget:
        return ActivityTarget(text=text)
    return NoTarget(text=text, undefined=bool(value.get("undefined", False)))


def parse_target(value: str | Mapping[str, Any] | None, direction: Direction | str = "higher") -> Target:
    """The parsed target of a plan's wording (or mapping); raises MalrapportError when it cannot be read.

    `direction` is the indicator's polarity; it only matters for wordings whose comparator depends on it
    ('2015 års nivå = 125,6 mkr helår' is a ceiling when lower is better).

    >>> parse_target("Minska med 50 % jmf med 2020").reference_year
    2020
    >>> {sex: level.value for sex, level in parse_target("M: 17,2 % K: 16 %").by_sex}
    {'K': 16.0, 'M': 17.2}
    """
    if value is None:
        return NoTarget()
    if isinstance(value, Mapping):
        return _parse_mapping(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise MalrapportError(f"kan inte tolka målvärdet {value!r}", hint=_HINT)
    if isinstance(value, float) and not math.isfinite(value):
        raise MalrapportError(f"kan inte tolka målvärdet '{value}'", hint=_HINT)
    return _parse_text(str(value), _direction_name(direction))


# --- display ---------------------------------------------------------------------------------------------------------

def format_amount(value: float, unit: str) -> str:
    """A target or outcome with its unit, Swedish style, with at least one decimal when it is not whole.

    '70 %', '5,8 %', '125,6 mnkr', '12,4 dagar'. Shares have no decimals by default in tables, but a
    target of 5,8 % must not be shown as 6 %, hence the extra decimal.
    """
    known = sv.get_unit(unit) if unit else None
    places = max(known.decimals if known else 1, 1)
    whole = round(value, places) == round(value)
    return sv.fmt_value(value, unit, decimals=0 if whole else places)


def _level_text(target: LevelTarget, unit: str) -> str:
    return sv.level_target_text(format_amount(target.value, target.unit or unit), target.comparator,
                                target.qualifier, target.annual, target.reference_year)


def _change_text(target: ChangeTarget, unit: str) -> str:
    amount = ""
    if target.amount is not None:
        amount_unit = "procent" if target.relative else unit
        amount = format_amount(abs(target.amount), amount_unit)
    baseline = format_amount(target.baseline, unit) if target.baseline is not None else ""
    return sv.change_target_text(target.change, amount, target.reference_year, baseline)


def describe_target(target: Target, unit: str) -> str:
    """Swedish display text of a target: the plan's own wording when there is one, else built from the fields.

    A NoTarget without wording gives '' (callers show a dash); an undefined one gives 'ej fastställt'.

    >>> describe_target(parse_target("Minska till 13 % eller lägre"), "procent")
    'Minska till 13 % eller lägre'
    """
    if target.text:
        return sv.same_unit_words(target.text, unit)
    if isinstance(target, LevelTarget):
        return _level_text(target, unit)
    if isinstance(target, PerSexTarget):
        return sv.per_sex_target_text((sex, _level_text(level, unit)) for sex, level in target.by_sex)
    if isinstance(target, ChangeTarget):
        return _change_text(target, unit)
    if isinstance(target, DirectionTarget):
        return sv.CHANGE_VERBS[target.change]
    if isinstance(target, ActivityTarget):
        return sv.ACTIVITY_TARGET
    from ._gap import GapTarget, describe_gap

    if isinstance(target, GapTarget):
        return describe_gap(target, unit)
    if isinstance(target, NoTarget) and target.undefined:
        return sv.UNDEFINED_TARGET
    return ""


def target_value(target: Target, sex: str) -> float | None:
    """The plain level to draw in a chart for one sex: the level, the sex's own level, or None.

    >>> target_value(parse_target("M: 17,2 % K: 16 %"), "K"), target_value(parse_target("Öka"), "T")
    (16.0, None)
    """
    if isinstance(target, LevelTarget):
        return target.value
    if isinstance(target, PerSexTarget):
        level = target.for_sex(sex)
        return level.value if level else None
    return None
