"""The method section "Så här görs bedömningarna" in each demo plan's own level names (issue 9, Done means)."""
from __future__ import annotations

import pytest

from checkout import DATA
from malrapport.inputs.plans import load_plan
from malrapport.sv import method_text

# The three real plan styles: seed 003 (delmål, indikatorer), seed 002 (framgångsfaktorer, styrmått) and seed 004
# (framgångsfaktorer, mått), with the phrases Swedish grammar asks of each.
STYLES = [
    ("rvb-hsn/plan-2024.yaml", ["**Delmålen** får", "kommer delmålet att", "väger samman indikatorerna",
                                "**Indikatorerna** bedöms", "kan en indikator vara röd medan delmålet bedöms som gult",
                                "delmål som ännu saknar indikator"], ["framgångsfaktor"]),
    ("rn-ls1/plan-2022.yaml", ["**Framgångsfaktorerna** får", "kommer framgångsfaktorn att", "**Styrmåtten** bedöms",
                               "kan ett styrmått vara rött medan framgångsfaktorn bedöms som gul",
                               "framgångsfaktorer som ännu saknar styrmått"], ["delmål", "indikator"]),
    ("rjh-rs/plan-2018.yaml", ["**Framgångsfaktorerna** får", "väger samman måtten", "**Måtten** bedöms",
                               "kan ett mått vara rött medan framgångsfaktorn bedöms som gul"],
     ["delmål", "indikator"]),
]


@pytest.mark.parametrize("plan_file, present, absent", STYLES)
def test_the_method_section_uses_the_plans_level_names(plan_file: str, present: list[str], absent: list[str]) -> None:
    plan = load_plan(DATA / plan_file)
    level, measure = plan.subgoal_level, plan.indicator_level
    text = method_text((level.name, level.plural), (measure.name, measure.plural))
    for phrase in present:
        assert phrase in text, phrase
    for word in absent:
        assert word not in text.lower(), word


def test_the_per_day_rule_is_stated_only_where_the_plan_compares_per_day() -> None:
    names = (("Delmål", "Delmål"), ("Indikator", "Indikatorer"))
    assert "per kalenderdag" not in method_text(*names)
    assert "per kalenderdag, så att en skottdag" in method_text(*names, per_day=True)


def test_the_follow_up_codes_are_explained() -> None:
    # "DÅ04,08,ÅR" is Norrbotten's code (seed 002); a reader elsewhere needs it spelt out.
    text = method_text(("Framgångsfaktor", "Framgångsfaktorer"), ("Mått", "Mått"))
    assert ("Kolumnen *Följs upp* anger i vilka rapporter måttet följs upp: DÅ04 är delårsrapporten per april, "
            "DÅ08 delårsrapporten per augusti och ÅR årsredovisningen.") in text


def test_the_rules_of_gap_and_composite_targets_appear_where_the_plan_has_them() -> None:
    plan = load_plan(DATA / "rjh-rs" / "plan-2018.yaml")  # seed 004: riket's gap and the vårdgaranti of four parts
    level, measure = plan.subgoal_level, plan.indicator_level
    names = ((level.name, level.plural), (measure.name, measure.plural))
    plain = method_text(*names)
    assert "skillnaden mellan enheten och jämförelseenheten" not in plain and "sammansatt mål" not in plain
    both = method_text(*names, gaps=True, composites=True)
    assert "bedöms på skillnaden mellan enheten och jämförelseenheten" in both
    assert "Målet *uppnås* först när alla delar uppnås" in both
