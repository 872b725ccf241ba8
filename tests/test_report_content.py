"""What the report says and how much of it (issue 11 points 2–4): each name once, definitions only where there is
something to define, comments beside the figures as seed 004's Kommentar column, totals outside their parts
explained. Expected values come from the seed reports and the demo data files, read with plain pandas.
"""
from __future__ import annotations

from unittest import mock

import pandas as pd
import pytest

from checkout import DATA
from malrapport import build_report
from malrapport.present import display, sections, tables


def published(show, *args) -> list[dict]:
    """The bundles a section function publishes, without a kernel."""
    out: list[dict] = []
    with mock.patch.object(display, "publish", out.append):
        show(*args)
    return out


def texts(bundles: list[dict]) -> str:
    return "\n".join(b.get("text/markdown") or b.get("text/plain", "") for b in bundles)


@pytest.fixture(scope="module")
def rjh():
    return build_report(DATA, "rjh-rs", "2018-T1")


@pytest.fixture(scope="module")
def rn():
    return build_report(DATA, "rn-ls1", "2022-T1")


def test_the_summary_names_each_subgoal_once(rjh) -> None:
    # seed 004: 41 framgångsfaktorer. The summary lists them by status; no second table repeats them all.
    plan = rjh.plan
    summary = texts(published(sections.show_summary, rjh))
    for node in plan.subgoals():
        assert summary.count(" ".join(node.name.split())[:60]) == 1, node.id


def test_the_appendix_defines_only_what_has_something_to_define(rjh) -> None:
    plan_text = (DATA / "rjh-rs" / "plan-2018.yaml").read_text(encoding="utf-8")
    table = tables.definitions_table(rjh.plan)
    names = [row[0].text for row in table.rows]
    # Bare activities ("Genomförd aktivitet", 1 = done) have nothing to define: none of the plan's 16 is listed.
    activities = [i for i in rjh.plan.indicators() if i.unit == "aktivitet" and not (i.definition or i.note)]
    assert len(activities) == plan_text.count("unit: aktivitet") == 16
    assert not set(names) & {i.name for i in activities}
    # The indicator with a definition in the plan is there, with it: sjukpenningtal (seed 004).
    row = next(row for row in table.rows if row[0].text == "Minskning av sjukpenningtal hos länets medborgare")
    assert row[0].note == "Sjukpenningdagar per registrerad försäkrad i länet; jämförs med riket."
    # A plain year-to-date sum with no definition, note or source says nothing beyond its own table.
    assert "Antal uppkopplade möten" not in names
    # Target and follow-up stand in the indicator's own table, not again here.
    assert "Målvärde" not in table.headers and "Följs upp" not in table.headers


def outcome_comment(org: str, indicator: str, period: str, sex: str = "T") -> str:
    frame = pd.read_csv(DATA / org / "outcomes" / "seed.csv", sep=";", dtype=str, keep_default_na=False)
    row = frame[(frame["unit"] == org) & (frame["indicator"] == indicator) & (frame["period"] == period)
                & (frame["sex"] == sex)]
    return row["comment"].iloc[0]


def test_comments_of_the_outcome_files_stand_under_their_indicators_row(rjh) -> None:
    # Seed 004's Kommentar column for the aktivt mål on sick pay: riket's figures and the explanation.
    comment = outcome_comment("rjh-rs", "sjukpenningtal", "2018-T1")
    assert comment.startswith("Utfall april 2018: Måluppfyllelse.")
    bundles = published(sections.show_goal, rjh, rjh.plan.roots[0])
    table = next(b for b in bundles if "Minskning av sjukpenningtal" in b.get("text/markdown", "")
                 and b["text/markdown"].startswith("|"))
    lines = table["text/markdown"].splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("| Minskning av sjukpenningtal"))
    assert lines[at + 1].startswith(f"| Kommentar: {comment}")
    assert 'colspan="' in table["text/html"] and "table.cell(colspan:" in table["text/vnd.typst"]


def test_a_month_and_its_year_to_date_are_told_in_order(rjh) -> None:
    # Seed 004: "April 82%" then "Ack april 61%" for the first visits within 30 days.
    assert rjh.indicator_comments()["bu-forsta-besok-30"] == "April 82 %. Ack april 61 %."


def test_a_narrative_figure_that_differs_from_the_table_is_explained_beside_it(rn) -> None:
    # Seed 002: the table gives women 20 % and men 16 %, the text 18 % and 14 %; the comment says so.
    comment = rn.indicator_comments()["besok-80-akut-andel"]
    assert "Styrmåttstabellen anger K: 20 %, texten anger att kvinnornas andel ligger på 18 procent." in comment
    assert "Styrmåttstabellen anger M: 16 %, texten anger att männens andel ligger på 14 procent." in comment


def test_a_total_outside_women_and_men_is_explained(rn) -> None:
    frame = pd.read_csv(DATA / "rn-ls1" / "outcomes" / "seed.csv", sep=";", dtype=str, keep_default_na=False)
    rows = frame[(frame["unit"] == "rn-ls1") & (frame["indicator"] == "lakemedelsberattelse")
                 & (frame["period"] == "2022-T1")]
    values = {sex: float(v.replace(",", ".")) for sex, v in zip(rows["sex"], rows["value"], strict=True)}
    assert values == {"T": 78.5, "K": 78.0, "M": 76.0}  # seed 002: the total lies above both
    comment = rn.indicator_comments()["lakemedelsberattelse"].replace("\N{NO-BREAK SPACE}", " ")
    assert comment.startswith("Totalen 78,5 % ligger utanför kvinnornas 78 % och männens 76 %")
    # A summed total that is women plus men (339 = 205 + 134 talks about våld) gets no such word.
    assert "Totalen" not in rn.indicator_comments().get("vald-fraga", "")


# --- the seeds' content: the plan's own status scale, proposals where the goal is (issue 11 points 2 and 3) ------

def test_the_method_section_gives_the_plans_own_status_scale(rjh) -> None:
    # Seed 004, section 1: "Måluppfyllelsen har bedömts efter följande skala."
    method = texts(published(sections.show_method, rjh))
    assert ("- ● *uppnås*: Framgångsfaktorn är uppfylld. Rätt åtgärder är utförda. Inga ytterligare åtgärder "
            "behöver göras under 2018.") in method
    assert ("- ◐ *delvis*: Rätt åtgärder för att framgångsfaktorn ska bli uppfylld till årets slut är planerade "
            "och/eller påbörjade.") in method
    assert "- ○ *uppnås inte*: Framgångsfaktorn är inte uppfylld." in method
    rn_method = texts(published(sections.show_method, build_report(DATA, "rn-ls1", "2022-T1")))
    assert "Planens egen skala" not in rn_method  # seed 002 has no scale of its own


def test_a_status_scale_with_an_unknown_status_names_the_plans_line(tmp_path) -> None:
    from malrapport.errors import MalrapportError
    from malrapport.inputs.plans import load_plan

    text = (DATA / "rjh-rs" / "plan-2018.yaml").read_text(encoding="utf-8")
    (tmp_path / "rjh-rs").mkdir()
    broken = tmp_path / "rjh-rs" / "plan-2018.yaml"
    broken.write_text(text.replace("    uppnås inte: Framgångsfaktorn är inte uppfylld.",
                                   "    grön: Framgångsfaktorn är inte uppfylld."), encoding="utf-8")
    row = text.splitlines().index("    uppnås inte: Framgångsfaktorn är inte uppfylld.") + 1
    with pytest.raises(MalrapportError) as caught:
        load_plan(broken)
    [problem] = caught.value.problems
    assert (problem.row, problem.key) == (row, "document.status_scale.grön")
    assert "okänd status 'grön'" in problem.message and "uppnås, delvis, uppnås inte" in problem.hint


def test_proposals_stand_where_their_goal_is(rjh) -> None:
    # Seed 004 shades the framgångsfaktorer proposed for adjustment in their sections, and proposes a lower
    # target value for the aktivt mål on sick leave ("Målvärde föreslås ska sänkas.").
    medarbetare = next(root for root in rjh.plan.roots if root.name == "Medarbetare")
    bundles = published(sections.show_goal, rjh, medarbetare)
    markdown = [b.get("text/markdown", "") for b in bundles]
    heading = next(i for i, t in enumerate(markdown) if t.startswith("#### Kommunikation internt"))
    # The status line, then the shaded proposal.
    assert markdown[heading + 2].startswith("> **✎ Förslag på justering:** Framgångsfaktorn föreslås ska konkretiseras")
    assert 'class="mr-proposal"' in bundles[heading + 2]["text/html"]
    assert bundles[heading + 2]["text/vnd.typst"].startswith("#mr-proposal(")
    table = next(t for t in markdown if t.startswith("| Mått") and "Sjukfrånvaron för medarbetare" in t)
    assert "✎ Förslag på justering: Målvärde föreslås ska sänkas." in table
    listing = texts(published(sections.show_proposals, rjh))
    assert listing.count("\n- ") == 3 and "- Aktivt mål: Sjukfrånvaron för medarbetare" in listing


def test_a_proposal_for_an_unknown_goal_names_the_file_and_key(tmp_path) -> None:
    from malrapport.errors import MalrapportError
    from malrapport.inputs.assessments import load_assessment
    from malrapport.inputs.plans import load_plan

    plan = load_plan(DATA / "rjh-rs" / "plan-2018.yaml")
    text = (DATA / "rjh-rs" / "assessments" / "2018-T1.yaml").read_text(encoding="utf-8")
    path = tmp_path / "2018-T1.yaml"
    path.write_text(text.replace("  MED-3-2: |\n    Framgångsfaktorn föreslås", "  MED-3-9: |\n    Framgångsfaktorn "
                                 "föreslås") + "date: 30 april\n", encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_assessment(path, plan)
    problems = {p.key: p for p in caught.value.problems}
    assert "'MED-3-9' finns inte i planen" in problems["proposals.MED-3-9"].message
    assert "MED-3-2" in problems["proposals.MED-3-9"].hint
    assert "'30 april' är inget datum" in problems["date"].message and "ÅÅÅÅ-MM-DD" in problems["date"].hint


# --- the report's date (issue 11 point 5) ---------------------------------------------------------------------

def test_the_report_date_comes_from_the_assessments_never_the_clock(rn, rjh) -> None:
    import yaml

    assert rn.date == "2022-08-26"  # seed 002's document header: "2022-08-26 Jonas Thörnqvist Nina Winter"
    assert rjh.date == ""  # seed 004 states no date, the plan none either: no date rather than today's
    generated = yaml.safe_load((DATA / "rvb-hsn" / "assessments" / "2024-T2.yaml").read_text(encoding="utf-8"))
    assert generated["date"] == "2024-09-20"  # the demo's sign-off: the 20th of the month after August
    assert build_report(DATA, "rvb-hsn", "2024-T2").date == "2024-09-20"
    title = texts(published(sections.show_title, rn))
    assert "2022-08-26" in title
    payload = published(sections.emit_payload, rn)[0]
    data = next(v for k, v in payload.items() if k.startswith("application/"))
    assert data["date"] == "2022-08-26" and data["figures"]["date"] == "2022-08-26"
    explicit = published(sections.emit_payload, rn, "2022-05-20")[0]
    assert next(v for k, v in explicit.items() if k.startswith("application/"))["figures"]["date"] == "2022-05-20"


def test_a_batch_without_a_date_records_none(tmp_path) -> None:
    from malrapport.batch.engine import plan_reports
    from malrapport.batch.rundef import load_run_definition

    definition = tmp_path / "run.yaml"
    definition.write_text(f"notebook: malrapport\norganisations: [rn-ls1]\nperiods: [2022-T1]\nformats: [html]\n"
                          f"data_dir: {DATA}\noutput: {tmp_path / 'ut'}\n", encoding="utf-8")
    [planned] = plan_reports(load_run_definition(definition))
    assert planned.task.job.report_date == ""  # the notebook takes the report's own date
    definition.write_text(definition.read_text(encoding="utf-8") + "report_date: '2022-09-01'\n", encoding="utf-8")
    [planned] = plan_reports(load_run_definition(definition))
    assert planned.task.job.report_date == "2022-09-01"


def test_a_value_without_its_comparison_is_not_called_a_missing_outcome(rjh) -> None:
    # Seed 004: 50 SIP meetings in March–April 2018, "Jämförelsesiffror för 2017 saknas". Not "utfall saknas".
    result = rjh.results["sip-patienter"]
    assert result.sex("T").value == float(outcome_comment("rjh-rs", "sip-patienter", "2018-T1") and 50)
    assert result.status.label == "jämförelsevärde saknas" and result.status.symbol == "◇"
    assert result.reason == "jämförelsevärde för T1 2017 saknas"
