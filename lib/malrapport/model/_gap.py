"""Targets on the gap to another unit: 'Minska differensen till riket med 1 dag jmf med 2014 = 12,4 dagar'.

A `GapTarget` is judged on the gap (this unit − the reference unit, same period and sex), never on the unit's own
level: the reference unit's outcomes are part of the judgement. The wording names the reference as a reader would
('riket', 'Region Norrbotten', 'regionen som helhet'); the plan reader turns that name into the id of a unit of
the outcome files (`resolve_reference`), so a misspelt reference is a problem in the plan, not a silent miss.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import sv
from ._enums import SEXES
from ._targets import (
    _JMF,
    _NUM,
    _REF,
    _UNIT_WORDS,
    Change,
    Target,
    _as_number,
    _change_of,
    _mapping_error,
    _number,
    _reference_year,
    _unit,
    format_amount,
)
from ._text import normalise_text

RIKET_ID = "riket"
"""The id the outcome files give the whole country (Kolada's 'Riket')."""

_RIKET_NAMES = ("riket", "rikets", "riksgenomsnittet", "rikets genomsnitt", "genomsnittet för riket", "riksnivån",
                "rikets nivå", "landet", "hela landet", "sverige")

_GAP_WORDS = r"(?:differensen|skillnaden|gapet|avståndet)"
_TO = r"(?:till|mot|gentemot|jämfört\s+med|jmf\.?\s+med|i\s+förhållande\s+till|i\s+jämförelse\s+med)"
_GAP = re.compile(
    rf"^(?P<verb>minska|öka|förbättra|sänka|krympa)\s+{_GAP_WORDS}\s+{_TO}\s+(?P<name>.+?)"
    rf"(?:\s+med\s+(?P<num>{_NUM}){_unit('u')})?"
    rf"(?:\s*{_JMF}\s+{_REF})?(?:\s*[=:]\s*(?P<base>{_NUM}){_unit('bu')})?$", re.IGNORECASE)


@dataclass(frozen=True)
class GapTarget(Target):
    """Move the gap to a reference unit the better way, by an amount, from a baseline year or last year.

    The gap is this unit's value − the reference unit's value for the same period and sex. The better way is the
    indicator's direction (for days of sick pay, lower: a smaller excess over riket, or a larger lead).

    - `verb`: the wording's verb ('decrease' for 'Minska differensen'), for display only: which way is better
      is the indicator's direction, since 'minska differensen' to a unit ahead means catching up.
    - `reference_unit`: the id of the compared unit in the outcome files ('riket'); `reference_name` the name
      as the plan writes it, for the reasons ('riket').
    - `amount`: how far the gap shall move the better way, in the indicator's unit; None = any move the better way.
      `amount_unit` is the unit the wording wrote it in ('dagar'), checked against the indicator's by the plan
      reader (a gap in days cannot shrink by a percentage).
    - `reference_year`: the baseline year ('jmf med 2014'); None = the same period last year.
    - `baselines`: this unit's value in the baseline year as the plan states it, per sex ('T', 'K', 'M');
      `reference_baselines`: the reference unit's, when the plan states it. What the plan does not state comes
      from the outcome files. When the plan states baselines, only the sexes it states them for are judged.

    >>> target = parse_target("Minska differensen till riket med 1 dag jmf med 2014 = 12,4 dagar")
    >>> target.reference_unit, target.amount, target.reference_year, target.baseline("T")
    ('riket', 1.0, 2014, 12.4)
    """

    reference_unit: str = RIKET_ID
    reference_name: str = ""
    verb: Change = "decrease"
    amount: float | None = None
    amount_unit: str | None = None
    reference_year: int | None = None
    baselines: tuple[tuple[str, float], ...] = ()
    reference_baselines: tuple[tuple[str, float], ...] = ()

    def baseline(self, sex: str) -> float | None:
        """This unit's stated value in the baseline year for one sex, or None."""
        return dict(self.baselines).get(sex)

    def reference_baseline(self, sex: str) -> float | None:
        """The reference unit's stated value in the baseline year for one sex, or None."""
        return dict(self.reference_baselines).get(sex)

    @property
    def judged_sexes(self) -> frozenset[str] | None:
        """The sexes the plan gives a baseline for; None when it gives none (then every sex is judged)."""
        stated = {sex for sex, _ in self.baselines} | {sex for sex, _ in self.reference_baselines}
        return frozenset(stated) if stated else None

    @property
    def display_reference(self) -> str:
        """The reference as a reason names it: the plan's own word, else the unit id."""
        return self.reference_name or self.reference_unit


def reference_key(name: str) -> str:
    """A reference name reduced for lookup: 'Rikets genomsnitt' → 'riket', 'Region Norrbotten' → 'region norrbotten'.

    >>> reference_key("riksgenomsnittet"), reference_key(" Region  Norrbotten ")
    ('riket', 'region norrbotten')
    """
    key = " ".join(name.lower().split())
    return RIKET_ID if key in _RIKET_NAMES else key


def parse_gap_text(text: str) -> GapTarget | None:
    """The gap target of a wording such as 'Minska skillnaden mot riket med 1 dag jmf med 2014', or None."""
    m = _GAP.match(text)
    if m is None:
        return None
    name = m["name"].strip()
    return GapTarget(text=text, reference_unit=reference_key(name), reference_name=name, verb=_change_of(m["verb"]),
                     amount=abs(_number(m["num"])) if m["num"] else None,
                     amount_unit=_UNIT_WORDS.get(m["u"].lower()) if m["u"] else None,
                     reference_year=_reference_year(m["ref"]),
                     baselines=(("T", _number(m["base"])),) if m["base"] else ())


def _by_sex(value: Mapping[str, Any], key: str) -> tuple[tuple[str, float], ...]:
    """A number (the total) or a mapping {T: …, K: …, M: …} of numbers, as sorted (sex, value) pairs."""
    raw = value.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        return (("T", _as_number(value, key, raw)),)
    pairs: dict[str, float] = {}
    for sex, number in raw.items():
        code = str(sex).strip().upper()[:1]
        if code not in SEXES:
            raise _mapping_error(value, f"okänt kön '{sex}' i '{key}'; använd T, K och M")
        pairs[code] = _as_number(value, f"{key}.{code}", number)
    return tuple(sorted(pairs.items(), key=lambda item: SEXES.index(item[0])))


GAP_KEYS = ("kind", "text", "reference_unit", "reference_name", "verb", "amount", "reference_year", "baseline",
            "reference_baseline")


def parse_gap_mapping(value: Mapping[str, Any]) -> GapTarget:
    """The gap target of a mapping: {kind: gap, reference_unit: riket, amount: 1, reference_year: 2014, …}."""
    unknown = sorted(str(k) for k in value if k not in GAP_KEYS)
    if unknown:
        raise _mapping_error(value, f"okända fält {', '.join(unknown)}; tillåtna för gap är {', '.join(GAP_KEYS)}")
    unit = str(value.get("reference_unit") or "").strip()
    if not unit:
        raise _mapping_error(value, "'reference_unit' saknas: ange id för enheten som skillnaden mäts mot, "
                                    "t.ex. reference_unit: riket")
    verb = str(value.get("verb") or "decrease").strip().lower()
    if verb not in ("increase", "decrease", "improve"):
        raise _mapping_error(value, "'verb' ska vara en av increase, decrease, improve")
    amount = value.get("amount")
    year = value.get("reference_year")
    return GapTarget(
        text=normalise_text(str(value.get("text") or "")), reference_unit=unit,
        reference_name=str(value.get("reference_name") or "").strip(),
        verb=verb,  # type: ignore[arg-type]
        amount=abs(_as_number(value, "amount", amount)) if amount is not None else None,
        reference_year=int(_as_number(value, "reference_year", year)) if year is not None else None,
        baselines=_by_sex(value, "baseline"), reference_baselines=_by_sex(value, "reference_baseline"))


def describe_gap(target: GapTarget, unit: str) -> str:
    """Swedish text of a gap target built from its fields: 'Minska skillnaden mot riket med 1 dag jmf med 2014'."""
    amount = format_amount(target.amount, unit) if target.amount is not None else ""
    baseline = target.baseline("T")
    return sv.gap_target_text(target.verb, target.display_reference, amount, target.reference_year,
                              format_amount(baseline, unit) if baseline is not None else "")


def reference_names(units: Iterable[tuple[str, str]], own: str = "") -> dict[str, str]:
    """Lookup keys of the units a plan names (id and display name, riket's synonyms) → unit id."""
    names: dict[str, str] = {}
    for ident, name in units:
        if ident == own:
            continue
        names[reference_key(ident)] = ident
        names[reference_key(name)] = ident
    return names

