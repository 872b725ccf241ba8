"""Reading, checking and writing the analysts' assessments."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkout import FIXTURES
from edits import replace_once
from malrapport.errors import MalrapportError, Problem, ProblemCollector
from malrapport.inputs.assessments import (
    assessment_text,
    load_assessment,
    load_assessments,
    parse_status,
    read_assessment,
    write_assessment,
)
from malrapport.inputs.plans import load_plan
from malrapport.model import ActionAssessment, Assessment, Status, SubgoalAssessment

ORG = FIXTURES / "check" / "valid" / "rn-ls1"
PLAN = load_plan(ORG / "plan-2022.yaml")
T1 = ORG / "assessments" / "2022-T1.yaml"


def variant(tmp_path: Path, old: str, new: str, name: str = "2022-T1.yaml") -> Path:
    return replace_once(T1, tmp_path / name, old, new)


def problems_of(path: Path) -> list[Problem]:
    problems = ProblemCollector()
    read_assessment(path, problems, PLAN)
    return problems.problems


def only(path: Path) -> Problem:
    found = problems_of(path)
    assert len(found) == 1, found
    return found[0]


def test_valid_assessment_is_read_with_statuses_narratives_and_comments() -> None:
    assessment = load_assessment(T1, PLAN)
    assert (assessment.organisation, assessment.period) == ("rn-ls1", "2022-T1")
    first = assessment.subgoal("MED-1-1")
    assert first is not None and first.status is Status.PARTLY
    assert first.narrative == ("Genomsnittet för årets första tertial ligger på 51 procent.\n\n"
                               "Andelen ökar successivt.\n")
    assert first.indicator_comments == (("vant-90-besok", "Successiv ökning sedan februari."),)
    assert assessment.subgoal("MED-1-2").status is Status.NOT_MET  # "Kommer inte att uppnås"
    assert assessment.subgoal("MEDA-1-1").status is None
    assert assessment.action("A1") == ActionAssessment(status="pågår",
                                                       comment="Omständigheterna efter pandemin gör det utmanande.")
    assert assessment.summary.startswith("Första tertialet")


@pytest.mark.parametrize("text, status", [
    ("uppnås", Status.MET), ("Uppnås", Status.MET), ("kommer att uppnås", Status.MET),
    ("delvis", Status.PARTLY), ("DELVIS", Status.PARTLY), ("delvis kommer att uppnås", Status.PARTLY),
    ("uppnås inte", Status.NOT_MET), ("kommer  inte att uppnås", Status.NOT_MET), ("", None), (None, None)])
def test_accepted_statuses(text: str | None, status: Status | None) -> None:
    assert parse_status(text) is status


@pytest.mark.parametrize("text, suggestion", [
    ("uppnås ej", "uppnås inte"), ("ej uppnått", "uppnås inte"), ("delvs", "delvis"), ("uppnåss", "uppnås")])
def test_misspelt_status_suggests_the_closest_valid_status(tmp_path: Path, text: str, suggestion: str) -> None:
    problem = only(variant(tmp_path, "status: delvis", f"status: {text}"))
    assert problem.key == "subgoals.MED-1-1.status"
    assert problem.hint.startswith(f"menade du '{suggestion}'?")
    assert problem.row == 7


def test_unknown_subgoal_action_and_indicator_ids_suggest_close_ids(tmp_path: Path) -> None:
    path = variant(tmp_path, "  MEDA-1-1:", "  MEDA-11:")
    text = path.read_text(encoding="utf-8").replace("  A1:", "  A11:").replace("vant-90-besok:", "vant-90-besk:")
    path.write_text(text, encoding="utf-8")
    found = {p.key: p for p in problems_of(path)}
    assert set(found) == {"subgoals.MEDA-11", "actions.A11", "subgoals.MED-1-1.indicators.vant-90-besk"}
    assert found["subgoals.MEDA-11"].hint == "menade du 'MEDA-1-1'?"
    assert "framgångsfaktorer" in found["subgoals.MEDA-11"].message
    assert found["actions.A11"].hint == "menade du 'A1'?"
    assert found["subgoals.MED-1-1.indicators.vant-90-besk"].hint == "menade du 'vant-90-besok'?"


def test_goal_of_another_level_is_not_a_subgoal(tmp_path: Path) -> None:
    problem = only(variant(tmp_path, "  MEDA-1-1:", "  MEDA-1:"))
    assert "strategiskt mål" in problem.message and problem.key == "subgoals.MEDA-1"


def test_misspelt_action_status_and_unknown_key(tmp_path: Path) -> None:
    path = variant(tmp_path, "status: pågår", "status: pagar")
    path.write_text(path.read_text(encoding="utf-8").replace("    narrative: Indikator", "    narativ: Indikator"),
                    encoding="utf-8")
    found = {p.key: p for p in problems_of(path)}
    assert found["actions.A1.status"].hint.startswith("menade du 'pågår'?")
    assert found["subgoals.MED-1-2.narativ"].hint == "menade du 'narrative'?"


def test_period_and_organisation_must_match_file_folder_and_plan(tmp_path: Path) -> None:
    folder = tmp_path / "rn-ls2" / "assessments"
    folder.mkdir(parents=True)
    path = variant(folder, "period: 2022-T1", "period: 2023-T1")
    messages = sorted((p.key, p.message) for p in problems_of(path))
    assert messages == [
        ("organisation", "organisationen 'rn-ls1' stämmer inte med mappen 'rn-ls2'"),
        ("period", "perioden 2023-T1 hör inte till planen för 2022"),
        ("period", "perioden 2023-T1 stämmer inte med filnamnet 2022-T1.yaml"),
    ]


def test_missing_period_and_yaml_error(tmp_path: Path) -> None:
    missing = variant(tmp_path, "period: 2022-T1\n", "")
    assert only(missing).key == "period"
    broken = variant(tmp_path, "  MED-1-2:\n", "  MED-1-2\n", name="2022-T2.yaml")
    problem = only(broken)
    assert "YAML-syntaxfel" in problem.message and problem.row is not None


def test_load_assessment_raises_with_all_problems(tmp_path: Path) -> None:
    path = variant(tmp_path, "status: delvis", "status: uppnås ej")
    path.write_text(path.read_text(encoding="utf-8").replace("  A1:", "  A9:"), encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_assessment(path, PLAN)
    assert len(caught.value.problems) == 2


def test_load_assessments_of_an_organisation_by_period(tmp_path: Path) -> None:
    assessments = load_assessments(ORG)
    assert list(assessments) == ["2022-T1", "2022-T2"]
    assert assessments["2022-T2"].action("A2").status == "försenad"
    org = tmp_path / "rn-ls1"
    shutil.copytree(ORG, org)
    (org / "assessments" / "2021-T3.yaml").write_text("organisation: rn-ls1\nperiod: 2021-T3\n")
    with pytest.raises(MalrapportError, match="ingen plan för 2021"):
        load_assessments(org)


def test_written_template_lists_every_subgoal_and_action_with_previous_period(tmp_path: Path) -> None:
    previous = load_assessment(T1, PLAN)
    path = write_assessment(tmp_path / "2022-T2.yaml", Assessment("rn-ls1", "2022-T2"), PLAN, previous)
    text = path.read_text(encoding="utf-8")
    ids = [line.strip().rstrip(":") for line in text.splitlines() if line.startswith("  ") and
           line.rstrip().endswith(":") and not line.startswith("   ")]
    assert ids == ["MED-1-1", "MED-1-2", "MEDA-1-1", "A1", "A2"]
    lines = text.splitlines()
    first = lines.index("  MED-1-1:")
    marker = lines.index("  # Förra perioden (2022-T1): delvis")
    assert [line for line in lines[marker + 1:first] if line != "  #"] == [
        "  #   Genomsnittet för årets första tertial ligger på 51 procent.",
        "  #   Andelen ökar successivt."], "the whole previous text, line by line"
    assert "  # Förra perioden (2022-T1): uppnås inte" in lines and "  #   Indikator saknas ännu." in lines
    assert "  # Förra perioden (2022-T1): ej bedömt" in lines
    assert "  # Förra perioden (2022-T1): pågår" in lines
    assert "  #   Omständigheterna efter pandemin gör det utmanande." in lines
    assert "    narrative: |" in lines and text.count("    status:\n") == 5
    reread = load_assessment(path, PLAN)
    assert [i for i, _ in reread.subgoals] == ["MED-1-1", "MED-1-2", "MEDA-1-1"]
    assert all(entry == SubgoalAssessment(status=None) for _, entry in reread.subgoals)
    assert all(entry == ActionAssessment(status=None) for _, entry in reread.actions)


def test_written_assessment_reads_back_to_the_same_content(tmp_path: Path) -> None:
    original = load_assessment(T1, PLAN)
    path = write_assessment(tmp_path / "2022-T1.yaml", original, PLAN)
    assert "    narrative: |\n      Genomsnittet" in path.read_text(encoding="utf-8")
    reread = load_assessment(path, PLAN)
    for node in PLAN.subgoals():
        assert (reread.subgoal(node.id) == (original.subgoal(node.id) or SubgoalAssessment(status=None)))
    assert reread.action("A1") == original.action("A1")
    assert reread.summary == original.summary
    assert assessment_text(reread, PLAN) == assessment_text(original, PLAN)


def test_writing_refuses_ids_that_are_not_in_the_plan(tmp_path: Path) -> None:
    stray = Assessment("rn-ls1", "2022-T1", subgoals=(("MED-9", SubgoalAssessment(Status.MET, "Text")),))
    with pytest.raises(MalrapportError, match="subgoals.MED-9"):
        write_assessment(tmp_path / "2022-T1.yaml", stray, PLAN)
    assert not (tmp_path / "2022-T1.yaml").exists()


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
                | st.sampled_from(["\n", "\t", " ", "#", ":", "-", "|", "'", '"']), max_size=40)


@settings(max_examples=80, deadline=None)
@given(narrative=_TEXT, comment=_TEXT, summary=_TEXT,
       status=st.sampled_from([None, Status.MET, Status.PARTLY, Status.NOT_MET]))
def test_any_text_survives_writing_and_reading(tmp_path_factory: pytest.TempPathFactory, narrative: str,
                                               comment: str, summary: str, status: Status | None) -> None:
    assessment = Assessment("rn-ls1", "2022-T1", summary=summary,
                            subgoals=(("MED-1-1", SubgoalAssessment(status, narrative,
                                                                    (("overbel", comment),) if comment else ())),),
                            actions=(("A2", ActionAssessment("avbruten", comment)),))
    path = write_assessment(tmp_path_factory.mktemp("w") / "2022-T1.yaml", assessment, PLAN)
    reread = load_assessment(path, PLAN)
    assert reread.subgoal("MED-1-1") == assessment.subgoal("MED-1-1")
    assert reread.action("A2") == assessment.action("A2")
    assert reread.summary == summary


def test_an_empty_assessment_file_says_so_and_what_to_write(tmp_path: Path) -> None:
    path = tmp_path / "2022-T1.yaml"
    path.write_text("", encoding="utf-8")
    problems = problems_of(path)
    assert [p.message for p in problems] == ["filen är tom"]
    assert "subgoals" in problems[0].hint
