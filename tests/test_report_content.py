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
    assert "Tabellen anger 20 %; bedömningstexten anger 18 procent för kvinnorna." in comment
    assert "Tabellen anger 16 %; bedömningstexten anger 14 procent för männen." in comment


def test_no_comment_a_reader_sees_speaks_of_how_the_demo_data_was_made() -> None:
    """Notes on the data's making (seed, the source's table names, derivations) stay out of what readers see."""
    import csv

    words = ("seed", "styrmåttstabell", "jämförelsetabell", "härlett")
    for path in DATA.glob("*/outcomes/*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                assert not any(w in row["comment"].lower() for w in words), (path.name, row["comment"])


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


def test_a_plan_followed_up_in_totals_gets_no_columns_of_dashes(rjh, rn) -> None:
    # Seed 004 gives the first visit within 30 days in total only ("April 82 %. Ack april 61 %."), and its
    # activities are done or not: a table of those has no columns for women and men.
    # Seed 002 gives rn's waiting times by sex (p. 9: 51 %, women 45 %, men 60 %): those columns stay.
    totals_only = [rjh.plan.indicator("bu-forsta-besok-30"), rjh.plan.indicator("platsvarumarke")]
    table = tables.indicator_table(totals_only, dict(rjh.results), "Mått")
    assert "Kvinnor" not in table.headers and "Män" not in table.headers
    assert table.headers[:3] == ("Mått", "Målvärde", "Utfall") and all(len(r) == len(table.headers) for r in table.rows)
    waiting = tables.indicator_table([rn.plan.indicator("vant-90-besok")], dict(rn.results), "Styrmått")
    assert waiting.headers[3:5] == ("Kvinnor", "Män")
    assert [cell.text for cell in waiting.rows[0][2:5]] == ["51\xa0%", "45\xa0%", "60\xa0%"]


def test_children_are_girls_and_boys_not_women_and_men() -> None:
    # rvb's first delmål is about children and young people ("Andel barn och unga som triageras till första
    # linjen"); its plan says population: children. Its table, chart legend and chart text say flickor/pojkar.
    rvb = build_report(DATA, "rvb-hsn", "2024-T2")
    triage = rvb.plan.indicator("bu-triage-forsta-linjen")
    assert triage.children and not rvb.plan.indicator("vhu-genomforda").children
    table = tables.indicator_table([triage], dict(rvb.results), "Indikator")
    assert table.headers[3:5] == ("Flickor", "Pojkar")
    bundles = published(sections.show_goal, rvb, rvb.plan.roots[0])
    charts = [b for b in bundles if display.VEGALITE_MIME in b]
    chart = next(b for b in charts if b[display.VEGALITE_MIME]["title"] == triage.name)
    spec = chart[display.VEGALITE_MIME]
    assert {"Flickor", "Pojkar"} <= set(spec["layer"][0]["encoding"]["color"]["scale"]["domain"])
    assert "flickor" in chart["text/html"] and "pojkar" in chart["text/html"] and "kvinnor" not in chart["text/html"]
    # An adults' indicator in the same report keeps women and men.
    adults = tables.indicator_table([rvb.plan.indicator("vhu-genomforda")], dict(rvb.results), "Indikator")
    assert adults.headers[3:5] == ("Kvinnor", "Män")


def test_an_unknown_population_names_the_file_and_key(tmp_path) -> None:
    from malrapport.errors import MalrapportError
    from malrapport.inputs.plans import load_plan

    plan = tmp_path / "plan-2024.yaml"
    plan.write_text((DATA / "rvb-hsn" / "plan-2024.yaml").read_text(encoding="utf-8")
                    .replace("population: children", "population: bebisar", 1), encoding="utf-8")
    with pytest.raises(MalrapportError) as caught:
        load_plan(plan)
    message = str(caught.value)
    assert "plan-2024.yaml" in message and "population" in message and "bebisar" in message


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


# --- honest charts (issue 11 point 4) -------------------------------------------------------------------------

def chart_spec(report, indicator_id: str) -> dict:
    bundles = published(sections._show_indicators, report, [report.plan.indicator(indicator_id)])
    return next(b["application/vnd.vegalite.v6+json"] for b in bundles if "application/vnd.vegalite.v6+json" in b)


def y_encoding(spec: dict) -> dict:
    return next(layer["encoding"]["y"] for layer in spec["layer"] if layer["encoding"]["y"].get("title"))


def test_share_axes_start_at_zero(rn) -> None:
    # 51 % against 100 % (seed 002 p. 9): a cut axis would make a few points look like a collapse.
    assert y_encoding(chart_spec(rn, "vant-90-besok"))["scale"]["zero"] is True


def test_counts_have_whole_number_ticks(rn) -> None:
    y = y_encoding(chart_spec(rn, "fallskador"))
    assert y["axis"]["tickMinStep"] == 1 and y["axis"]["format"] == ",d"
    assert "tickMinStep" not in y_encoding(chart_spec(rn, "vant-90-besok")).get("axis", {})


def test_a_change_target_draws_the_level_it_works_out_to(rn) -> None:
    # "Minska med 50 % jmft med 2020": half of the falls of T1 2020 (a generated demo value), drawn as a line.
    frame = pd.concat([pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)
                       for path in (DATA / "rn-ls1" / "outcomes").glob("*.csv")])
    base = frame[(frame["unit"] == "rn-ls1") & (frame["indicator"] == "fallskador") & (frame["period"] == "2020-T1")
                 & (frame["sex"] == "T")]["value"].iloc[0]
    goal = float(base) * 0.5
    assert goal == 47.5
    spec = chart_spec(rn, "fallskador")
    rules = [v for layer in spec["layer"] if isinstance(layer.get("data"), dict)
             for v in layer["data"].get("values", []) if "text" in v]
    assert rules and rules[0]["value"] == goal and rules[0]["text"] == "Mål 47,5"


def test_a_gap_target_draws_the_reference_and_the_goal_that_follows_it(rjh) -> None:
    # Seed 004: sick-pay days in the county against riket; the goal is a gap, so the chart draws riket's line and the
    # goal as riket plus the gap allowed, never a level of the county alone.
    spec = chart_spec(rjh, "sjukpenningtal")
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    gap = rjh.results["sjukpenningtal"].sex("T").gap_goal
    assert domain[-2] == "Riket" and domain[-1].startswith("Mål: Riket +")
    values = spec["data"]["values"] if "values" in spec.get("data", {}) else next(iter(spec["datasets"].values()))
    frame = pd.read_csv(DATA / "rjh-rs" / "outcomes" / "seed.csv", sep=";", dtype=str, keep_default_na=False)
    riket = float(frame[(frame["unit"] == "riket") & (frame["indicator"] == "sjukpenningtal")
                        & (frame["period"] == "2018-T1") & (frame["sex"] == "T")]["value"].iloc[0].replace(",", "."))
    assert riket == 9.9  # seed 004: "Riket: 9,9 sjukpenningdagar"
    kon = [k for k in values[0] if k not in ("label", "value", "generated") and values[0][k] in ("Totalt", "Riket")]
    key = kon[0]
    at = {(v[key], v["label"]): v["value"] for v in values}
    assert at[("Riket", "T1 2018")] == riket
    assert at[(domain[-1], "T1 2018")] == pytest.approx(riket + gap)


def test_the_overview_bars_carry_symbol_and_count(rn) -> None:
    import re
    from collections import Counter

    import yaml

    from malrapport.present import charts
    from malrapport.present.display import chart_spec, chart_svg

    assessed = yaml.safe_load((DATA / "rn-ls1" / "assessments" / "2022-T1.yaml").read_text(encoding="utf-8"))
    top = {node.id: root.name for root in rn.plan.roots for node in root.walk()}
    per_goal = Counter((top[ident], entry.get("status") or "ej bedömt")
                       for ident, entry in assessed["subgoals"].items())
    assert sum(per_goal.values()) == 14  # seed 002: 14 framgångsfaktorer
    spec = charts.overview_chart(rn.summary, rn.plan).to_dict()
    assert spec["layer"][1]["mark"]["type"] == "text"
    # Every segment is labelled with its symbol and count, so that the bars read without colour (grey print).
    svg = chart_svg(chart_spec(charts.overview_chart(rn.summary, rn.plan)))
    labels = Counter(re.findall(r">([●◐○?] \d+)</text>", svg))
    symbols = {"uppnås": "●", "delvis": "◐", "uppnås inte": "○", "ej bedömt": "?"}
    assert labels == Counter(f"{symbols[status]} {n}" for (_, status), n in per_goal.items())
    # Each label is inked to stand out from its bar: white on the blue of 'uppnås', black on the others.
    inks = {symbol: ink for ink, symbol in re.findall(r'fill="(#[0-9A-Fa-f]{6})">([●◐○?]) \d+</text>', svg)}
    assert inks == {"●": "#FFFFFF", "◐": "#000000", "○": "#000000", "?": "#000000"}


# --- comparisons with other units and the region (issue 11 point 3, seed 002) --------------------------------

def test_the_report_compares_the_division_with_barn_and_the_whole_region(rn) -> None:
    frame = pd.read_csv(DATA / "rn-ls1" / "outcomes" / "seed.csv", sep=";", dtype=str, keep_default_na=False)
    rows = frame[(frame["indicator"] == "suicidbedomning") & (frame["period"] == "2022-T1")]
    expected = {unit: {sex: float(v) for sex, v in zip(group["sex"], group["value"], strict=True)}
                for unit, group in rows.groupby("unit")}
    assert expected["rn"] == {"T": 21.0, "K": 20.0, "M": 23.0}  # seed 002: the whole region
    node = rn.plan.node_of_indicator("suicidbedomning")
    bundles = published(sections.show_subgoal, rn, node)
    table = next(b["text/markdown"] for b in bundles
                 if "Jämförelse mellan enheter per april" in b.get("text/markdown", ""))
    nbsp = "\N{NO-BREAK SPACE}"
    for unit, name in (("rn-ls1", "Division Länssjukvård 1"), ("rn-ls1-barn", "VO Barnsjukvård"),
                       ("rn", "Region Norrbotten")):
        values = expected[unit]
        line = next(line for line in table.splitlines() if line.startswith(f"| {name}"))
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert cells[1:4] == [f"{values[s]:.0f}{nbsp}%" for s in ("T", "K", "M")], name
    body = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    assert body[1].startswith("| Division Länssjukvård 1 (denna rapport)")  # after the header: the report's unit


def test_fall_injuries_are_shown_per_verksamhetsomrade(rn) -> None:
    frame = pd.read_csv(DATA / "rn-ls1" / "outcomes" / "seed.csv", sep=";", dtype=str, keep_default_na=False)
    rows = frame[(frame["indicator"] == "fallskador") & (frame["period"] == "2022-T1") & (frame["sex"] == "T")
                 & frame["unit"].str.startswith("rn-ls1-vo-")]
    assert len(rows) == 3  # seed 002: VO Akut omhändertagande, Internmedicin, Neurocentrum
    compared = rn.unit_comparison("fallskador")
    assert {row.unit: row.values[0] for row in compared if not row.own} == {
        unit: float(value) for unit, value in zip(rows["unit"], rows["value"], strict=True)}
    assert rn.unit_comparison("vant-90-besok") == ()  # no other unit has it: no table


# --- the Swedish of the generated texts (issue 11 point 6) ------------------------------------------------------

def test_the_annual_report_speaks_of_the_aktiva_mal_in_the_past() -> None:
    report = build_report(DATA, "rjh-rs", "2018-T3")
    [sentence] = report.kind_sentences
    assert sentence.startswith("Av regionstyrelsens 8 aktiva mål nådde ") and " gjorde det inte (" in sentence
    assert " når " not in sentence and "uppnås inte" not in sentence
    april = build_report(DATA, "rjh-rs", "2018-T1").kind_sentences[0]
    assert april == ("Av regionstyrelsens 8 aktiva mål når 2 målvärdet per april och 6 gör det inte (5 uppnås inte "
                     "och 1 delvis).")  # seed 004: two of the eight reach their target value, six do not


def test_generated_narratives_of_the_year_end_look_back() -> None:
    import yaml

    for org, period in (("rvb-hsn", "2024-T3"), ("rn-ls1", "2022-T3"), ("rjh-rs", "2018-T3")):
        data = yaml.safe_load((DATA / org / "assessments" / f"{period}.yaml").read_text(encoding="utf-8"))
        texts_ = [" ".join(entry["narrative"].split()) for entry in data["subgoals"].values()]
        assert any("Målvärdet nåddes för" in text for text in texts_), org
        for text in texts_:
            assert "Målvärdet nås för" not in text and "som följs upp för helåret" not in text, text
            assert "Arbetet löper enligt plan" not in text and "ska följas upp för helåret" not in text, text


def test_a_change_since_the_last_report_names_the_report_and_drops_a_names_full_stop() -> None:
    report = build_report(DATA, "rjh-rs", "2018-T2")
    from malrapport.calc.summary import changes_sentence

    sentence = changes_sentence(report.summary, report.previous_period)
    assert sentence.startswith("Sedan rapporten per april har ")
    assert ". (från" not in sentence


def test_the_plans_own_name_for_its_indicators_beside_a_differing_status(rjh) -> None:
    # Seed 004 calls its indicators "mått": never "Indikatorerna visar" in its report.
    text = texts(published(sections.show_goals, rjh))
    assert "Måtten visar:" in text and "Indikatorerna visar" not in text and "indikatorerna visar" not in text


def test_a_missing_outcome_is_said_without_a_doubled_preposition(rjh) -> None:
    reasons = [s.reason for result in rjh.results.values() for s in (result, *result.by_sex)]
    assert "utfall saknas per april 2018" in reasons
    assert not [reason for reason in reasons if "för per " in reason]


def test_one_row_never_says_mkr_beside_mnkr(rjh) -> None:
    # Seed 004 writes the target "2015 års nivå = 125,6 mkr helår"; the values are in mnkr.
    plan_text = (DATA / "rjh-rs" / "plan-2018.yaml").read_text(encoding="utf-8")
    assert 'target: "2015 års nivå = 125,6 mkr helår"' in plan_text and "unit: mnkr" in plan_text
    table = tables.indicator_table([rjh.plan.indicator("bemanningsforetag")], dict(rjh.results), "Mått")
    row = " ".join(f"{cell.text} {cell.note}" for cell in table.rows[0]).replace("\N{NO-BREAK SPACE}", " ")
    assert "mkr" not in row.replace("mnkr", "") and "125,6 mnkr" in row


def test_the_tertial_codes_of_tables_and_charts_are_explained(rjh) -> None:
    method = texts(published(sections.show_method, rjh))
    assert "T1 2018 är januari–april 2018" in method  # the report's own year, not a fixed example
    assert "jmf med 2016" in method and "helår 2017" in method


def test_a_composite_target_is_one_chart_with_a_line_per_part(rjh) -> None:
    # Seed 004's vårdgaranti: four dimensions, targets 100 % (0:an, 7:an) and 90 % (90-90) from its wording.
    indicator = rjh.plan.indicator("vardgaranti")
    bundles = published(sections._show_indicators, rjh, [indicator])
    specs = [b["application/vnd.vegalite.v6+json"] for b in bundles if "application/vnd.vegalite.v6+json" in b]
    assert len(specs) == 1
    domain = specs[0]["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert domain == [part.name for part in indicator.components] and len(domain) == 4
    rules = sorted(v["value"] for layer in specs[0]["layer"] if layer["mark"]["type"] == "rule"
                   for v in layer["data"]["values"])
    assert rules == [90, 100]


@pytest.mark.parametrize(("organisation", "period", "title"), [
    ("rn-ls1", "2022-T1", "Delårsrapport per april 2022 – bilaga mål och måluppfyllelse"),  # seed 002's own title
    ("rn-ls1", "2022-T2", "Delårsrapport per augusti 2022 – bilaga mål och måluppfyllelse"),
    ("rn-ls1", "2022-T3", "Årsredovisning 2022 – bilaga mål och måluppfyllelse"),
    ("rjh-rs", "2018-T1", "Uppföljning av regionstyrelsens verksamhetsplan per april 2018"),  # seed 004's
    ("rjh-rs", "2018-T2", "Uppföljning av regionstyrelsens verksamhetsplan per augusti 2018"),
])
def test_the_title_names_the_report_s_own_period(organisation: str, period: str, title: str) -> None:
    shown = published(sections.show_title, build_report(DATA, organisation, period))
    assert f">{title}</h1>" in shown[0]["text/html"]


def test_the_summary_names_the_aktiva_mal_that_miss_their_target(rjh) -> None:
    """Seed 004 counts six of eight aktiva mål that miss and names them: first visits 61 % of 90 %, readmissions
    18,5 % against < 15 %, staffing agencies 47,7 mnkr against 125,6 × 4/12 = 41,9 mnkr, net costs 5,6 % against
    ≤ −2,5 %, vårdgarantin in none of its parts (not met); sick leave 6,2 % against 5,8 % within 10 % (delvis)."""
    shown = texts(published(sections.show_summary, rjh)).replace("\u00a0", " ").replace("\u202f", " ")
    part = shown[shown.index("Aktiva mål som inte når målvärdet per april"):]
    for line in ("○ uppnås inte: **Andel barn och unga som får ett första besök", "61 % mot målvärdet 90 %",
                 "○ uppnås inte: **Minska återinskrivningar**", "○ uppnås inte: **Beroendet av bemanningsföretag",
                 "47,7 mnkr mot målvärdet ≤ 41,9 mnkr", "○ uppnås inte: **Nettokostnadsförändringen ska minska**",
                 "○ uppnås inte: **Vårdgarantin ska vara uppfylld**", "◐ delvis: **Sjukfrånvaron för medarbetare"):
        assert line in part, line
    assert part.count("- ○ uppnås inte:") == 5 and part.count("- ◐ delvis:") == 1
    assert "Aktiva mål som" not in texts(published(sections.show_summary, build_report(DATA, "rn-ls1", "2022-T1")))
