"""Parsing the Swedish target wording of the plans, describing targets and their chart levels."""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malrapport.errors import MalrapportError
from malrapport.model import (
    ActivityTarget,
    ChangeTarget,
    Direction,
    DirectionTarget,
    GapTarget,
    LevelTarget,
    NoTarget,
    PerSexTarget,
    Target,
    describe_target,
    parse_target,
    target_value,
)

NBSP = "\u00a0"


def without_text(target: Any) -> Any:
    """The target with every `text` cleared, so that tests compare the parsed meaning."""
    if isinstance(target, tuple):
        return tuple(without_text(t) for t in target)
    if not is_dataclass(target):
        return target
    changes = {f.name: without_text(getattr(target, f.name)) for f in fields(target)}
    changes["text"] = ""
    return replace(target, **changes)


def per_sex(women: float, men: float) -> PerSexTarget:
    return PerSexTarget(by_sex=(("K", LevelTarget(value=women, unit="procent")),
                                ("M", LevelTarget(value=men, unit="procent"))))


WORDINGS: list[tuple[str, str, Target]] = [
    ("100 %", "higher", LevelTarget(value=100, unit="procent")),
    ("70 %", "higher", LevelTarget(value=70, unit="procent")),
    ("7 %", "higher", LevelTarget(value=7, unit="procent")),
    ("40 %", "higher", LevelTarget(value=40, unit="procent")),
    ("70%", "higher", LevelTarget(value=70, unit="procent")),
    ("  70   % ", "higher", LevelTarget(value=70, unit="procent")),
    ("90 % inom 30 dagar", "higher", LevelTarget(value=90, unit="procent", qualifier="inom 30 dagar")),
    ("5,8 % helår", "lower", LevelTarget(value=5.8, unit="procent", annual=True)),
    ("5,8% HELÅR", "lower", LevelTarget(value=5.8, unit="procent", annual=True)),
    ("Minska till 13 % eller lägre", "lower", LevelTarget(value=13, comparator="<=", unit="procent")),
    ("Minska till 13 %\neller lägre", "lower", LevelTarget(value=13, comparator="<=", unit="procent")),
    ("Lägre andel än 2014 <15 %", "lower",
     LevelTarget(value=15, comparator="<", unit="procent", reference_year=2014)),
    ("Minus 2,5 %", "lower", LevelTarget(value=-2.5, comparator="<=", unit="procent")),
    ("Minus \n2,5%", "lower", LevelTarget(value=-2.5, comparator="<=", unit="procent")),
    ("2015 års nivå = 125,6 mkr helår", "lower",
     LevelTarget(value=125.6, comparator="<=", unit="mnkr", annual=True, reference_year=2015)),
    ("2015 års \nnivå = \n125,6 mkr \nhelår ", "lower",
     LevelTarget(value=125.6, comparator="<=", unit="mnkr", annual=True, reference_year=2015)),
    ("Öka", "higher", DirectionTarget(change="increase")),
    ("Minska", "lower", DirectionTarget(change="decrease")),
    ("minska.", "lower", DirectionTarget(change="decrease")),
    ("Förbättring", "higher", DirectionTarget(change="improve")),
    ("Förbättring jmf med föregående år", "higher", ChangeTarget(change="improve")),
    ("Förbättring jmft med föregående år", "higher", ChangeTarget(change="improve")),
    ("Förbätt-\nring jmft \nmed fö-\nregående \når", "higher", ChangeTarget(change="improve")),
    ("Förbättring jämfört med föregående år", "higher", ChangeTarget(change="improve")),
    ("Minska med 50 % jmf med 2020", "lower",
     ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True)),
    ("Minska med 50 % jmft med 2020", "lower",
     ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True)),
    ("MINSKA MED 50% JMF MED 2020", "lower",
     ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True)),
    ("Minska \nmed 50 \n% jmft \nmed \n2020", "lower",
     ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True)),
    ("Minska differensen till riket med 1 dag jmf med 2014= 12,4 dagar", "lower",
     GapTarget(reference_unit="riket", reference_name="riket", verb="decrease", amount=1, amount_unit="dagar",
               reference_year=2014, baselines=(("T", 12.4),))),
    ("Minska \ndifferensen \ntill riket \nmed 1 dag \njmf med \n2014= \n12,4 \ndagar.", "lower",
     GapTarget(reference_unit="riket", reference_name="riket", verb="decrease", amount=1, amount_unit="dagar",
               reference_year=2014, baselines=(("T", 12.4),))),
    ("Antal enheter jämfört med 2017", "higher", ChangeTarget(change="improve", reference_year=2017)),
    ("Antal enheter som aktiverat först tidsbokning via webb och sedan e-besök jämfört med 2017.", "higher",
     ChangeTarget(change="improve", reference_year=2017)),
    ("Öka jämfört med 2017", "higher", ChangeTarget(change="increase", reference_year=2017)),
    ("Öka i jämförelse med 2017", "higher", ChangeTarget(change="increase", reference_year=2017)),
    ("Minska jmf. med 2017", "lower", ChangeTarget(change="decrease", reference_year=2017)),
    ("M: 17,2 % K: 16 %", "lower", per_sex(16, 17.2)),
    ("K: 16 % M: 17,2 %", "lower", per_sex(16, 17.2)),
    ("M: 17,2 % K:16 %", "lower", per_sex(16, 17.2)),
    ("M: 17,2 \n% \nK:16 %", "lower", per_sex(16, 17.2)),
    ("Genomförd aktivitet", "higher", ActivityTarget()),
    ("genomförd aktivitet ", "higher", ActivityTarget()),
    ("", "higher", NoTarget()),
    ("Ingen", "higher", NoTarget()),
    ("-", "higher", NoTarget()),
    ("Under utredning", "higher", NoTarget(undefined=True)),
    ("Ej fastställt", "higher", NoTarget(undefined=True)),
    ("Formulera indikator", "higher", NoTarget(undefined=True)),
]


@pytest.mark.parametrize(("wording", "direction", "expected"), WORDINGS, ids=[w[0] for w in WORDINGS])
def test_every_seed_wording_parses_to_its_meaning(wording: str, direction: str, expected: Target) -> None:
    assert without_text(parse_target(wording, direction)) == expected


def test_none_is_no_target() -> None:
    assert parse_target(None) == NoTarget()


def test_the_original_wording_is_kept_whitespace_normalised() -> None:
    assert parse_target("Minska \nmed 50 \n% jmft \nmed \n2020").text == "Minska med 50 % jmft med 2020"
    hyphenated = parse_target("Förbätt-\nring jmft \nmed fö-\nregående \når")
    assert hyphenated.text == "Förbättring jmft med föregående år"
    assert parse_target("  90 %  inom 30\tdagar ").text == "90 % inom 30 dagar"


def test_the_level_of_a_year_is_a_ceiling_only_when_lower_is_better() -> None:
    assert parse_target("2015 års nivå = 125,6 mkr helår", Direction.LOWER).comparator == "<="
    assert parse_target("2015 års nivå = 125,6 mkr helår", Direction.HIGHER).comparator is None


def test_decimal_point_and_thousands_are_read_as_numbers() -> None:
    assert parse_target("5.8 %").value == 5.8
    assert parse_target("Öka till 2 500 st") == LevelTarget(text="Öka till 2 500 st", value=2500, comparator=">=",
                                                            unit="antal")


@pytest.mark.parametrize("wording", ["foo", "Minska till", "70 % typ", "K: 16 % X: 3 %", "Öka mycket",
                                     "K: 16 % K: 17 %", "jmf med"])
def test_unreadable_wording_is_an_error_that_names_it_and_says_what_to_write(wording: str) -> None:
    with pytest.raises(MalrapportError) as caught:
        parse_target(wording)
    problem = caught.value.problems[0]
    assert f"kan inte tolka målvärdet '{wording}'" in problem.message
    assert "70 %" in problem.hint and "Öka" in problem.hint


# --- the mapping form ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("mapping", "expected"), [
    ({"kind": "level", "value": 70, "comparator": ">="}, LevelTarget(value=70, comparator=">=")),
    ({"kind": "level", "value": "5,8", "annual": True, "unit": "procent"},
     LevelTarget(value=5.8, annual=True, unit="procent")),
    ({"kind": "direction", "change": "decrease"}, DirectionTarget(change="decrease")),
    ({"kind": "change", "change": "decrease", "reference_year": 2020, "amount": -50, "relative": True},
     ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True)),
    ({"kind": "per_sex", "by_sex": {"K": 16, "M": {"value": 17.2}}},
     PerSexTarget(by_sex=(("K", LevelTarget(value=16)), ("M", LevelTarget(value=17.2))))),
    ({"kind": "activity"}, ActivityTarget()),
    ({"kind": "none", "undefined": True}, NoTarget(undefined=True)),
])
def test_the_mapping_form_gives_the_dataclass(mapping: dict, expected: Target) -> None:
    assert parse_target(mapping) == expected


def test_a_mapping_keeps_its_text() -> None:
    assert parse_target({"kind": "level", "value": 70, "text": "70 %"}).text == "70 %"


@pytest.mark.parametrize(("mapping", "fragment"), [
    ({"kind": "goal", "value": 70}, "'kind' ska vara en av"),
    ({"value": 70}, "'kind' ska vara en av"),
    ({"kind": "level"}, "'value' saknas"),
    ({"kind": "level", "value": "mycket"}, "'value' ska vara ett tal"),
    ({"kind": "level", "value": 70, "comparator": "≈"}, "'comparator' ska vara en av"),
    ({"kind": "level", "value": 70, "colour": "röd"}, "okända fält colour"),
    ({"kind": "direction", "change": "up"}, "'change' ska vara en av"),
    ({"kind": "per_sex", "by_sex": {"X": 3}}, "okänt kön 'X'"),
])
def test_a_wrong_mapping_is_an_error_that_says_what_is_wrong(mapping: dict, fragment: str) -> None:
    with pytest.raises(MalrapportError) as caught:
        parse_target(mapping)
    assert fragment in str(caught.value)


# --- describing ----------------------------------------------------------------------------------------------------

def test_the_description_is_the_plans_own_wording_when_there_is_one() -> None:
    assert describe_target(parse_target("Minska \nmed 50 \n% jmft \nmed \n2020"), "antal") == \
        "Minska med 50 % jmft med 2020"


@pytest.mark.parametrize(("target", "unit", "text"), [
    (LevelTarget(value=70, comparator=">="), "procent", f"≥ 70{NBSP}%"),
    (LevelTarget(value=5.8), "procent", f"5,8{NBSP}%"),
    (LevelTarget(value=90, qualifier="inom 30 dagar"), "procent", f"90{NBSP}% inom 30 dagar"),
    (LevelTarget(value=125.6, comparator="<=", unit="mnkr", annual=True, reference_year=2015), "mnkr",
     f"≤ 125,6{NBSP}mnkr helår (2015 års nivå)"),
    (ChangeTarget(change="decrease", reference_year=2020, amount=-50, relative=True), "antal",
     f"Minska med 50{NBSP}% jmf med 2020"),
    (ChangeTarget(change="decrease", reference_year=2014, amount=-1, baseline=12.4), "dagar",
     f"Minska med 1{NBSP}dag jmf med 2014 = 12,4{NBSP}dagar"),
    (ChangeTarget(change="improve"), "procent", "Förbättring jmf med föregående år"),
    (DirectionTarget(change="increase"), "antal", "Öka"),
    (per_sex(16, 17.2), "procent", f"K: 16{NBSP}%, M: 17,2{NBSP}%"),
    (ActivityTarget(), "aktivitet", "Genomförd aktivitet"),
    (NoTarget(undefined=True), "procent", "ej fastställt"),
    (NoTarget(), "procent", ""),
])
def test_a_target_without_wording_is_described_in_swedish(target: Target, unit: str, text: str) -> None:
    assert describe_target(target, unit) == text


def test_target_value_gives_the_plain_level_per_sex() -> None:
    assert target_value(parse_target("70 %"), "K") == 70
    both = parse_target("M: 17,2 % K: 16 %")
    assert (target_value(both, "K"), target_value(both, "M"), target_value(both, "T")) == (16, 17.2, None)
    for other in ("Öka", "Minska med 50 % jmf med 2020", "Genomförd aktivitet", ""):
        assert target_value(parse_target(other), "T") is None


# --- properties ----------------------------------------------------------------------------------------------------

levels = st.integers(min_value=-100_000, max_value=1_000_000).map(lambda tenths: tenths / 10)
comparators = st.sampled_from([None, ">=", ">", "<=", "<"])


@given(value=levels, comparator=comparators, unit=st.sampled_from(["procent", "mnkr", "dagar"]))
@settings(max_examples=150, deadline=None)
def test_a_described_level_parses_back_to_the_same_value(value: float, comparator: str | None, unit: str) -> None:
    text = describe_target(LevelTarget(value=value, comparator=comparator), unit)  # type: ignore[arg-type]
    parsed = parse_target(text)
    assert isinstance(parsed, LevelTarget)
    assert parsed.value == pytest.approx(value)
    assert parsed.comparator == comparator


@given(women=levels, men=levels, women_first=st.booleans(), gap=st.sampled_from([" ", "  ", "\n", ", ", " och "]),
       space=st.sampled_from(["", " "]))
@settings(max_examples=150, deadline=None)
def test_per_sex_levels_round_trip_in_either_order(women: float, men: float, women_first: bool, gap: str,
                                                   space: str) -> None:
    def part(sex: str, value: float) -> str:
        return f"{sex}:{space}{describe_target(LevelTarget(value=value), 'procent')}"
    parts = [part("K", women), part("M", men)]
    text = gap.join(parts if women_first else parts[::-1])
    parsed = parse_target(text)
    assert isinstance(parsed, PerSexTarget)
    assert parsed.for_sex("K").value == pytest.approx(women)  # type: ignore[union-attr]
    assert parsed.for_sex("M").value == pytest.approx(men)  # type: ignore[union-attr]


wording_like = st.lists(st.sampled_from(list("0123456789,.% :<>=-\n KMkmÖöäåjfmtedrlnsgiaoukvh") + [
    "Minska ", "Öka ", "med ", "jmf ", "till ", "års nivå", "helår", "eller lägre", "K:", "M:", "Minus "]),
    max_size=25).map("".join)


@given(text=st.one_of(st.text(max_size=60), wording_like))
@settings(max_examples=300, deadline=None)
def test_parse_never_fails_with_anything_but_a_malrapport_error(text: str) -> None:
    try:
        parsed = parse_target(text)
    except MalrapportError as error:
        assert "kan inte tolka målvärdet" in str(error)
    else:
        assert isinstance(parsed, Target)
        assert parsed.text == " ".join(parsed.text.split())
