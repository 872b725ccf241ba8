"""Sub-goal summary: suggested statuses, counts, changes and the seeds' opening sentence in all its forms."""
from __future__ import annotations

import pytest

from malrapport.calc.summary import changes_sentence, level_gender, suggest_status, summarise, summary_sentence
from malrapport.model import Assessment, Indicator, Level, Node, Organisation, Period, Plan, Status, SubgoalAssessment

MET, PARTLY, NOT_MET = Status.MET, Status.PARTLY, Status.NOT_MET
DELMAL = Level("Delmål", "Delmål", assessed=True)
FAKTOR = Level("Framgångsfaktor", "Framgångsfaktorer", assessed=True)
NAMND = Organisation("rvb-hsn", "Hälso- och sjukvårdsnämnden", genitive="nämndens")
DIVISION = Organisation("rn-ls1", "Division Länssjukvård 1", genitive="divisionens")
T1, T2, YEAR = Period.tertial(2023, 1), Period.tertial(2023, 2), Period.year_of(2023)


@pytest.mark.parametrize("statuses, expected", [
    ([MET, MET], MET),
    ([NOT_MET], NOT_MET),
    ([MET, NOT_MET], PARTLY),
    ([PARTLY], PARTLY),
    ([MET, Status.NO_OUTCOME, Status.NOT_DUE], MET),
    ([NOT_MET, Status.NO_TARGET], NOT_MET),
    ([Status.NO_OUTCOME, Status.NOT_DUE, Status.NO_TARGET], None),
    ([], None),
])
def test_suggest_status(statuses: list[Status], expected: Status | None) -> None:
    assert suggest_status(statuses) == expected


def counts(not_met: int = 0, partly: int = 0, met: int = 0, missing: int = 0) -> dict[Status | None, int]:
    return {NOT_MET: not_met, PARTLY: partly, MET: met, None: missing}


@pytest.mark.parametrize("c, level, org, period, expected", [
    (counts(5, 13, 5), DELMAL, NAMND, T2,
     "Av nämndens 23 delmål är bedömningen per augusti att 5 inte kommer att uppnås, "
     "13 delvis kommer att uppnås och 5 kommer att uppnås."),
    (counts(0, 5, 3), DELMAL, NAMND, T2,
     "Av nämndens 8 delmål är bedömningen per augusti att 5 delvis kommer att uppnås och 3 kommer att uppnås."),
    (counts(2, 0, 1), FAKTOR, DIVISION, T1,
     "Av divisionens 3 framgångsfaktorer är bedömningen per april att 2 inte kommer att uppnås "
     "och 1 kommer att uppnås."),
    (counts(met=8), DELMAL, NAMND, T2,
     "Av nämndens 8 delmål är bedömningen per augusti att alla 8 kommer att uppnås."),
    (counts(not_met=2), DELMAL, NAMND, YEAR,
     "Av nämndens 2 delmål är bedömningen för helåret att båda inte har uppnåtts."),
    (counts(partly=1), DELMAL, NAMND, T2,
     "Bedömningen per augusti är att nämndens enda delmål delvis kommer att uppnås."),
    (counts(met=1), FAKTOR, DIVISION, Period.tertial(2023, 3),
     "Bedömningen för helåret är att divisionens enda framgångsfaktor har uppnåtts."),
    (counts(5, 13, 3, missing=2), DELMAL, NAMND, T2,
     "Av nämndens 23 delmål är bedömningen per augusti att 5 inte kommer att uppnås, "
     "13 delvis kommer att uppnås och 3 kommer att uppnås. Bedömning saknas ännu för 2 delmål."),
    (counts(met=11, missing=1), FAKTOR, DIVISION, T1,
     "Av divisionens 12 framgångsfaktorer är bedömningen per april att 11 kommer att uppnås. "
     "Bedömning saknas ännu för 1 framgångsfaktor."),
    (counts(missing=23), DELMAL, NAMND, T2, "Inget av nämndens 23 delmål är ännu bedömt per augusti."),
    (counts(missing=12), FAKTOR, DIVISION, T1, "Ingen av divisionens 12 framgångsfaktorer är ännu bedömd per april."),
    (counts(missing=1), DELMAL, NAMND, T1, "Nämndens enda delmål är ännu inte bedömt per april."),
    (counts(missing=1), FAKTOR, DIVISION, T1, "Divisionens enda framgångsfaktor är ännu inte bedömd per april."),
    (counts(), DELMAL, NAMND, T1, "Det finns inga delmål att bedöma per april."),
])
def test_summary_sentence(c: dict, level: Level, org: Organisation, period: Period, expected: str) -> None:
    assert summary_sentence(c, level, org, period) == expected


@pytest.mark.parametrize("c, period, expected", [
    # Seed 001, word for word: the count first, "i den samlade bedömningen" last, met before partly before not met.
    (counts(6, 14, 3), T1,
     "Av nämndens 23 delmål kommer 3 att uppnås, 14 delvis att uppnås och 6 inte att uppnås i den samlade "
     "bedömningen per april."),
    (counts(6, 14, 3), YEAR,
     "Av nämndens 23 delmål har 3 uppnåtts, 14 delvis uppnåtts och 6 inte uppnåtts i den samlade bedömningen "
     "för helåret."),
    (counts(met=4), T2, "Av nämndens 4 delmål kommer alla 4 att uppnås i den samlade bedömningen per augusti."),
    (counts(not_met=1, missing=2), Period.tertial(2023, 3),
     "Av nämndens 3 delmål har 1 inte uppnåtts i den samlade bedömningen för helåret. Bedömning saknas för 2 delmål."),
])
def test_the_overall_form_of_seed_001(c: dict, period: Period, expected: str) -> None:
    assert summary_sentence(c, DELMAL, NAMND, period, form="samlad") == expected


@pytest.mark.parametrize("form", ["bedömningen", "samlad"])
@pytest.mark.parametrize("period", [T1, YEAR])
def test_no_sentence_of_the_opening_starts_with_a_digit(form: str, period: Period) -> None:
    for c in (counts(1, 2, 3), counts(met=3, missing=1), counts(missing=1, partly=1), counts(not_met=12)):
        text = summary_sentence(c, DELMAL, NAMND, period, form=form)
        starts = [part.strip()[0] for part in text.split(". ") if part.strip()]
        assert not any(ch.isdigit() for ch in starts), text


def test_the_plan_chooses_the_form_and_a_misspelt_form_is_a_problem_naming_file_and_line(tmp_path) -> None:
    from checkout import DATA
    from malrapport.errors import MalrapportError
    from malrapport.inputs.plans import load_plan

    source = (DATA / "rvb-hsn" / "plan-2024.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "rvb-hsn"
    folder.mkdir()
    chosen = source.replace("document:\n", "document:\n  summary_form: samlad\n", 1)
    (folder / "plan-2024.yaml").write_text(chosen, encoding="utf-8")
    assert load_plan(folder / "plan-2024.yaml").document.summary_form == "samlad"
    (folder / "plan-2024.yaml").write_text(chosen.replace("summary_form: samlad", "summary_form: samlade"),
                                           encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_plan(folder / "plan-2024.yaml")
    message = str(caught.value)
    line = chosen.splitlines().index("  summary_form: samlad") + 1
    assert "plan-2024.yaml" in message and f"rad {line}" in message and "summary_form" in message, message
    assert "bedömningen eller samlad" in message, message


def test_not_assessed_can_be_given_separately_and_is_not_added_twice() -> None:
    c = {NOT_MET: 1, PARTLY: 1, MET: 0}
    expected = ("Av nämndens 4 delmål är bedömningen per april att 1 inte kommer att uppnås och "
                "1 delvis kommer att uppnås. Bedömning saknas ännu för 2 delmål.")
    assert summary_sentence(c, DELMAL, NAMND, T1, not_assessed=2) == expected
    assert summary_sentence({**c, None: 2}, DELMAL, NAMND, T1, not_assessed=2) == expected


@pytest.mark.parametrize("name, gender", [
    ("Delmål", "n"), ("Strategiskt mål", "n"), ("Regionmål", "n"), ("Styrmått", "n"),
    ("Framgångsfaktor", "c"), ("Indikator", "c"), ("Målsättning", "c"),
])
def test_level_gender(name: str, gender: str) -> None:
    assert level_gender(Level(name, name)) == gender


def test_gender_hint_overrides_the_derived_gender() -> None:
    level = Level("Fokus", "Fokus", assessed=True)
    assert summary_sentence(counts(missing=3), level, NAMND, T1, gender="n") == \
        "Inget av nämndens 3 fokus är ännu bedömt per april."
    assert summary_sentence(counts(missing=3), level, NAMND, T1) == \
        "Ingen av nämndens 3 fokus är ännu bedömd per april."


# --- summarise on a small plan -------------------------------------------------------------------------

def ind(indicator_id: str) -> Indicator:
    return Indicator(indicator_id, f"Indikator {indicator_id}", "procent")


def make_plan() -> Plan:
    """Two regionmål, five delmål; D5 has no indicator yet, D2's indicator hangs one level below it."""
    d1 = Node("D1", "Ekonomi i balans", 1, indicators=(ind("i1"), ind("i2")))
    d2 = Node("D2", "God tillgänglighet", 1,
              children=(Node("D2a", "Besök", 2, indicators=(ind("i3"),)),))
    d3 = Node("D3", "Minska tjänsteresor", 1, indicators=(ind("i4"),))
    d4 = Node("D4", "Källsortering", 1, indicators=(ind("i5"),))
    d5 = Node("D5", "Barnets delaktighet", 1, placeholder="Formulera indikator")
    return Plan(organisation=NAMND, year=2023,
                levels=(Level("Regionplanmål", "Regionplanmål"), DELMAL, Level("Område", "Områden")),
                roots=(Node("R1", "Hållbar ekonomi", 0, children=(d1, d2)),
                       Node("R2", "Hållbar miljö", 0, children=(d3, d4, d5))))


def assessment(period: str, **statuses: Status | None) -> Assessment:
    return Assessment("rvb-hsn", period, subgoals=tuple((k, SubgoalAssessment(v)) for k, v in statuses.items()))


def test_summarise_rows_counts_differences_and_sentence() -> None:
    plan = make_plan()
    current = assessment("2023-T2", D1=PARTLY, D2=MET, D3=NOT_MET, D4=None)
    previous = assessment("2023-T1", D1=PARTLY, D2=PARTLY, D3=MET, D4=MET)
    indicator_statuses = {"i1": MET, "i2": NOT_MET, "i3": NOT_MET, "i4": Status.NO_OUTCOME, "i5": MET}
    s = summarise(plan, current, indicator_statuses, T2, previous)

    assert [r.node_id for r in s.rows] == ["D1", "D2", "D3", "D4", "D5"]
    rows = {r.node_id: r for r in s.rows}
    assert (rows["D1"].suggested, rows["D1"].differs) == (PARTLY, False)
    assert (rows["D2"].suggested, rows["D2"].differs) == (NOT_MET, True)   # indicator one level below
    assert (rows["D3"].suggested, rows["D3"].differs) == (None, False)     # no judged indicator
    assert (rows["D4"].assessed, rows["D4"].suggested, rows["D4"].differs) == (None, MET, False)
    assert (rows["D2"].top_goal_id, rows["D3"].top_goal_name) == ("R1", "Hållbar miljö")

    assert s.counts == {MET: 1, PARTLY: 1, NOT_MET: 1, None: 2}
    assert [r.node_id for r in s.not_assessed] == ["D4", "D5"]
    assert [r.node_id for r in s.changes] == ["D2", "D3"]
    assert not rows["D4"].changed            # no current assessment: listed as not assessed, not as a change
    assert {t.node_id: t.counts for t in s.by_top_goal} == {
        "R1": {MET: 1, PARTLY: 1, NOT_MET: 0, None: 0},
        "R2": {MET: 0, PARTLY: 0, NOT_MET: 1, None: 2},
    }
    assert [r.node_id for r in s.group(MET)] == ["D2"]
    assert s.sentence == ("Av nämndens 5 delmål är bedömningen per augusti att 1 inte kommer att uppnås, "
                          "1 delvis kommer att uppnås och 1 kommer att uppnås. Bedömning saknas ännu för 2 delmål.")
    assert changes_sentence(s, T1) == (
        "Sedan rapporten per april har 2 delmål fått en ny bedömning: God tillgänglighet (från delvis till uppnås) "
        "och Minska tjänsteresor (från uppnås till uppnås inte).")


def test_summarise_without_any_assessment() -> None:
    s = summarise(make_plan(), None, {"i1": MET}, T1)
    assert s.counts[None] == 5 and len(s.not_assessed) == 5
    assert s.changes == ()
    assert s.rows[0].suggested == MET         # i2 has no status: only i1 counts
    assert s.sentence == "Inget av nämndens 5 delmål är ännu bedömt per april."
    assert changes_sentence(s, T1) == "Sedan rapporten per april har inget delmål fått en ny bedömning."


def test_changes_sentence_single_change_common_gender() -> None:
    plan = make_plan()
    faktor_plan = Plan(organisation=DIVISION, year=2022, levels=(Level("Perspektiv", "Perspektiv"), FAKTOR),
                       roots=plan.roots)
    s = summarise(faktor_plan, assessment("2022-T2", D1=MET), {}, T2, assessment("2022-T1", D1=PARTLY))
    assert changes_sentence(s, T1) == ("Sedan rapporten per april har 1 framgångsfaktor fått en ny bedömning: "
                                       "Ekonomi i balans (från delvis till uppnås).")
    s_none = summarise(faktor_plan, assessment("2022-T2", D1=MET), {}, T2, assessment("2022-T1", D1=MET))
    assert changes_sentence(s_none, T1) == "Sedan rapporten per april har ingen framgångsfaktor fått en ny bedömning."
