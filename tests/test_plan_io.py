"""Reading plans: the model built from YAML, and a precise problem for every fault in the file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checkout import FIXTURES
from edits import replace_once
from malrapport.errors import MalrapportError, Problem, ProblemCollector
from malrapport.inputs.plans import find_plan, list_organisations, load_plan, read_plan
from malrapport.model import Aggregation, Direction, DirectionTarget, LevelTarget, NoTarget, PerSexTarget

VALID_TREE = FIXTURES / "check" / "valid"
VALID_PLAN = VALID_TREE / "rn-ls1" / "plan-2022.yaml"
IND = "goals[0].children[0].children[0].indicators"


def variant(tmp_path: Path, old: str, new: str, name: str = "variant.yaml") -> Path:
    """A copy of the valid plan with one piece of text replaced (the text must occur)."""
    return replace_once(VALID_PLAN, tmp_path / name, old, new)


def problems_of(path: Path) -> list[Problem]:
    problems = ProblemCollector()
    read_plan(path, problems)
    return problems.problems


def only(path: Path) -> Problem:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def test_valid_plan_becomes_the_model() -> None:
    plan = load_plan(VALID_PLAN)
    assert plan.organisation.id == "rn-ls1" and plan.organisation.kolada_region == "0025"
    assert plan.organisation.possessive == "divisionens"
    assert plan.year == 2022
    assert [level.name for level in plan.levels] == ["Perspektiv", "Strategiskt mål", "Framgångsfaktor"]
    assert plan.assessed_depth == 2 and plan.indicator_level.plural == "Styrmått"
    assert [n.id for n in plan.subgoals()] == ["MED-1-1", "MED-1-2", "MEDA-1-1"]
    assert [(n.id, n.depth) for n in plan.roots[0].walk()][:2] == [("MED", 0), ("MED-1", 1)]
    assert plan.node("MED-1-2").placeholder.startswith("Förslag på indikator")
    share = plan.indicator("vant-90-besok")
    assert share.unit == "procent" and share.direction is Direction.HIGHER
    assert share.aggregation is Aggregation.RATIO and share.window == "ytd"
    assert share.schedule == frozenset({1, 2, 3}) and share.tolerance == 10.0
    assert isinstance(share.target, LevelTarget) and share.target.value == 100
    assert share.kolada_kpi == "U20462"
    assert isinstance(plan.indicator("overbel").target, DirectionTarget)
    assert plan.indicator("overbel").direction is Direction.LOWER
    assert isinstance(plan.indicator("sjukfranvaro").target, PerSexTarget)
    assert plan.indicator("sjukfranvaro").schedule == frozenset({3})
    assert [(a.id, a.number) for a in plan.actions()] == [("A1", 1), ("A2", 2)]
    assert plan.document.version == "1.0"
    assert plan.source_file == str(VALID_PLAN)


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    problem = only(variant(tmp_path, "name: Trygg norrbottning", 'name: "Trygg norrbottning'))
    assert problem.row is not None and problem.row >= 22
    assert "YAML-syntaxfel" in problem.message and "kolumn" in problem.message
    assert "citattecken" in problem.hint


def test_misspelt_key_suggests_the_closest_key(tmp_path: Path) -> None:
    found = problems_of(variant(tmp_path, "            indicators:\n              - id: vant",
                                "            indicatos:\n              - id: vant"))
    problem = next(p for p in found if "indicatos" in p.message)
    assert problem.key == "goals[0].children[0].children[0].indicatos"
    assert problem.hint == "menade du 'indicators'?"
    assert problem.row == 26


def test_missing_required_keys_are_named(tmp_path: Path) -> None:
    problem = only(variant(tmp_path,
                           "                unit: procent\n"
                           "                direction: higher\n                target: \"100 %\"",
                           "                direction: higher\n                target: \"100 %\""))
    assert problem.key == f"{IND}[0].unit" and "vant-90-besok" in problem.message


def test_unknown_unit_suggests_close_match_and_lists_units(tmp_path: Path) -> None:
    problem = only(variant(tmp_path, "unit: procent", "unit: procnet"))
    assert problem.key == f"{IND}[0].unit"
    assert "menade du 'procent'?" in problem.hint and "per 1000 invånare" in problem.hint
    assert "vant-90-besok" in problem.message and problem.row == 29


def test_unit_aliases_are_accepted(tmp_path: Path) -> None:
    plan = load_plan(variant(tmp_path, "unit: procent", "unit: '%'"))
    assert plan.indicator("vant-90-besok").unit == "procent"


@pytest.mark.parametrize("old, new, key", [
    ("direction: higher", "direction: högre", f"{IND}[0].direction"),
    ("aggregation: ratio", "aggregation: ratoi", f"{IND}[0].aggregation"),
    ("window: ytd", "window: ytdd", f"{IND}[0].window"),
    ("schedule: \"DÅ04,08,ÅR\"", "schedule: \"DÅ05\"", f"{IND}[0].schedule"),
    ("tolerance: 10", "tolerance: -1", f"{IND}[0].tolerance"),
])
def test_unknown_choices_are_problems_at_their_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    problem = only(variant(tmp_path, old, new))
    assert problem.key == key
    assert problem.hint


def test_close_choice_is_suggested(tmp_path: Path) -> None:
    assert only(variant(tmp_path, "aggregation: ratio", "aggregation: ratoi")).hint == "menade du 'ratio'?"


def test_unparseable_target_passes_on_the_parsers_message(tmp_path: Path) -> None:
    problem = only(variant(tmp_path, 'target: "100 %"', 'target: "snart bra"'))
    assert problem.key == f"{IND}[0].target"
    assert "snart bra" in problem.message and "vant-90-besok" in problem.message
    assert "70 %" in problem.hint


def test_plan_read_despite_problems_keeps_every_id(tmp_path: Path) -> None:
    problems = ProblemCollector()
    plan = read_plan(variant(tmp_path, 'target: "100 %"', 'target: "snart bra"'), problems)
    assert problems and plan is not None
    assert isinstance(plan.indicator("vant-90-besok").target, NoTarget)


def test_duplicate_and_malformed_ids(tmp_path: Path) -> None:
    path = variant(tmp_path, "- id: overbel", "- id: vant-90-besok")
    text = path.read_text(encoding="utf-8").replace("id: MED-1-2", "id: MED 1 2")
    path.write_text(text, encoding="utf-8")
    found = problems_of(path)
    assert len(found) == 2
    duplicate, bad = sorted(found, key=lambda p: p.row or 0)
    assert "två gånger" in duplicate.message and duplicate.key == f"{IND}[1].id"
    assert "otillåtna tecken" in bad.message and bad.key == "goals[0].children[0].children[1].id"


def test_duplicate_yaml_key_is_a_problem(tmp_path: Path) -> None:
    problem = only(variant(tmp_path, "year: 2022", "year: 2022\nyear: 2023"))
    assert problem.key == "year" and "flera gånger" in problem.message


def test_tree_deeper_than_levels(tmp_path: Path) -> None:
    path = variant(tmp_path, "            name: Friska medarbetare\n",
                   "            name: Friska medarbetare\n            children:\n"
                   "              - {id: MEDA-1-1-1, name: För djupt}\n")
    problem = only(path)
    assert problem.key == "levels" and "4 nivåer" in problem.message


@pytest.mark.parametrize("old, new, count", [
    ("plural: Framgångsfaktorer, assessed: true}", "plural: Framgångsfaktorer}", 0),
    ("{name: Perspektiv, plural: Perspektiv}", "{name: Perspektiv, plural: Perspektiv, assessed: true}", 2),
])
def test_exactly_one_assessed_level(tmp_path: Path, old: str, new: str, count: int) -> None:
    problem = only(variant(tmp_path, old, new))
    assert problem.key == "levels" and f"(nu {count})" in problem.message


def test_organisation_id_must_equal_folder_and_year_the_file_name(tmp_path: Path) -> None:
    folder = tmp_path / "rn-ls2"
    folder.mkdir()
    shutil.copy(VALID_PLAN, folder / "plan-2023.yaml")
    found = problems_of(folder / "plan-2023.yaml")
    assert {p.key for p in found} == {"organisation.id", "year"}
    assert any("rn-ls2" in p.message for p in found)


def test_load_plan_raises_with_every_problem(tmp_path: Path) -> None:
    path = variant(tmp_path, "unit: procent", "unit: procnet")
    path.write_text(path.read_text(encoding="utf-8").replace("window: ytd", "window: nu"), encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_plan(path)
    assert len(caught.value.problems) == 2


def test_not_a_mapping_and_empty_file(tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "empty.yaml").write_text("")
    assert "mappning" in only(tmp_path / "list.yaml").message
    assert "tom" in only(tmp_path / "empty.yaml").message


def test_find_plan_and_list_organisations(tmp_path: Path) -> None:
    shutil.copytree(VALID_TREE, tmp_path / "data")
    org = tmp_path / "data" / "rn-ls1"
    (org / "plan-2023.yaml").write_text(VALID_PLAN.read_text(encoding="utf-8").replace("year: 2022", "year: 2023"),
                                        encoding="utf-8")
    (tmp_path / "data" / "anteckningar").mkdir()
    assert list_organisations(tmp_path / "data") == ["rn-ls1"]
    assert find_plan(tmp_path / "data", "rn-ls1") == org / "plan-2023.yaml"
    assert find_plan(tmp_path / "data", "rn-ls1", 2022) == org / "plan-2022.yaml"
    with pytest.raises(MalrapportError, match="ingen plan för 2021") as missing_year:
        find_plan(tmp_path / "data", "rn-ls1", 2021)
    assert "2022, 2023" in missing_year.value.problems[0].hint
    with pytest.raises(MalrapportError) as misspelt:
        find_plan(tmp_path / "data", "rn-ls2")
    assert misspelt.value.problems[0].hint == "menade du 'rn-ls1'?"


def test_an_empty_plan_file_says_so_and_what_to_write(tmp_path: Path) -> None:
    path = tmp_path / "plan-2022.yaml"
    path.write_text("# bara en kommentar\n", encoding="utf-8")
    problems = problems_of(path)
    assert [(p.message, "README.md" in p.hint) for p in problems] == [("filen är tom", True)]
