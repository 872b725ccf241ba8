"""Reading outcome tables: encodings, separators, Swedish numbers, row-level problems, duplicates, plan checks."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checkout import FIXTURES
from malrapport.errors import MalrapportError, ProblemCollector
from malrapport.inputs.outcomes import COLUMNS, check_against_plans, load_outcomes, parse_number, read_outcomes
from malrapport.inputs.plans import load_plan

OUTCOMES = FIXTURES / "outcomes"
VALID_ORG = FIXTURES / "check" / "valid" / "rn-ls1"


def read(path: Path) -> tuple[pd.DataFrame, ProblemCollector]:
    problems = ProblemCollector()
    return read_outcomes(path, problems), problems


def test_valid_file_gives_canonical_columns_types_and_values() -> None:
    frame, problems = read(VALID_ORG / "outcomes" / "division.csv")
    assert not problems
    assert list(frame.columns) == list(COLUMNS)
    for column in ("value", "numerator", "denominator"):
        assert frame[column].dtype == "float64"
    for column in ("unit", "indicator", "period", "sex", "comment", "source", "file"):
        assert pd.api.types.is_string_dtype(frame[column])
    assert len(frame) == 8
    first = frame.iloc[0]
    assert (first.unit, first.indicator, first.period, first.sex, first.value, first.row) == (
        "rn-ls1", "vant-90-besok", "2022-T1", "T", 51.0, 2)
    ratio = frame.iloc[3]
    assert math.isnan(ratio.value) and (ratio.numerator, ratio.denominator) == (540.0, 1000.0)
    grouped = frame.iloc[5]
    assert grouped.value == 1380.0 and grouped.comment == "Ökning; fler patienter"
    assert frame.iloc[6].value == 7.8
    assert frame.iloc[0].file.endswith("division.csv")


def test_cp1252_with_semicolons_and_decimal_comma_is_read_correctly() -> None:
    frame, problems = read(OUTCOMES / "cp1252_semicolon_decimal_comma.csv")
    assert not problems, problems.problems
    assert list(frame.unit) == ["Östersund", "Östersund", "rn-ls1"]
    assert list(frame.value) == [12.5, 1234.75, 3.5]
    assert frame.iloc[0].comment == "Mätning på Åre vårdcentral, även Överhogdal"


def test_utf8_with_bom_and_commas_with_quoted_decimal_comma() -> None:
    frame, problems = read(OUTCOMES / "utf8_bom_comma.csv")
    assert not problems
    assert frame.iloc[0].unit == "rn-ls1"
    assert frame.iloc[0].value == 1.5
    assert frame.iloc[0].comment == "Kommentar, med komma"


@pytest.mark.parametrize("name", ["utf16.csv", "latin1_undecodable.csv"])
def test_file_in_another_encoding_is_a_problem_telling_to_save_as_utf8(name: str) -> None:
    frame, problems = read(OUTCOMES / name)
    assert frame.empty
    [problem] = problems.problems
    assert problem.file.endswith(name)
    assert "UTF-8" in problem.hint


def test_non_numeric_values_name_file_row_column_and_value() -> None:
    frame, problems = read(OUTCOMES / "non_numeric_values.csv")
    assert list(frame.value) == [7.0]
    first, second = problems.problems
    assert (first.row, first.key) == (2, "value") and "'12,5 %'" in first.message
    assert "skriv bara talet" in first.hint
    assert (second.row, second.key) == (3, "value") and "'abc'" in second.message
    assert str(first).startswith(str(OUTCOMES / "non_numeric_values.csv") + ", rad 2, value:")


def test_sex_is_normalised_and_unknown_sex_is_a_problem() -> None:
    frame, problems = read(OUTCOMES / "sexes_any_case.csv")
    assert list(frame.sex) == ["K", "M", "T", "K"]
    [problem] = problems.problems
    assert (problem.row, problem.key) == (6, "sex") and "'X'" in problem.message


def test_periods_are_canonical_and_unknown_periods_are_problems() -> None:
    frame, problems = read(OUTCOMES / "periods.csv")
    assert list(frame.period) == ["2022-T2", "2022-04"]
    unknown, date = problems.problems
    assert unknown.row == 3 and "2024-T4" in unknown.message
    assert date.row == 4 and "Excel" in date.hint


def test_value_may_be_left_out_only_when_numerator_and_denominator_are_given() -> None:
    frame, problems = read(OUTCOMES / "value_or_ratio.csv")
    assert list(frame.row) == [2]
    assert [p.row for p in problems.problems] == [3, 4, 5]
    assert "nämnaren är 0" in problems.problems[2].message


def test_misspelt_header_suggests_the_column_name() -> None:
    frame, problems = read(OUTCOMES / "misspelt_header.csv")
    assert frame.empty
    hints = " ".join(p.hint for p in problems.problems)
    assert "'value'" in hints and "valeu" in hints
    assert all(p.row == 1 for p in problems.problems)


def test_duplicate_column_makes_the_file_unreadable_rather_than_guessing(tmp_path: Path) -> None:
    path = tmp_path / "dubbel.csv"
    path.write_text("unit;indicator;period;sex;value;enhet\nrn-ls1;overbel;2022;T;1;procent\n")
    frame, problems = read(path)
    assert frame.empty
    [problem] = problems.problems
    assert (problem.row, problem.key) == (1, "unit") and "två gånger" in problem.message


def test_unbalanced_quote_is_reported_at_the_row_where_it_opens() -> None:
    frame, problems = read(OUTCOMES / "unbalanced_quote.csv")
    assert list(frame.row) == [2]
    [problem] = problems.problems
    assert problem.row == 3 and "citattecken" in problem.message


def test_wrong_column_count_is_a_problem_and_other_rows_are_kept() -> None:
    frame, problems = read(OUTCOMES / "wrong_column_count.csv")
    assert list(frame.row) == [2, 4]
    [problem] = problems.problems
    assert problem.row == 3 and "7 fält" in problem.message


@pytest.mark.parametrize("name", sorted(p.name for p in OUTCOMES.glob("*.csv")))
def test_no_row_is_ever_dropped_silently(name: str) -> None:
    """Every data row either reaches the table or has a problem naming it (or the file is unreadable)."""
    frame, problems = read(OUTCOMES / name)
    file_level = [p for p in problems.problems if p.row in (None, 1)]
    if file_level:
        assert frame.empty
        return
    raw_rows = (OUTCOMES / name).read_bytes().count(b"\n") - 1
    reported = {p.row for p in problems.problems}
    quote_cut = [p.row for p in problems.problems if "citattecken" in p.message]
    expected = set(range(2, (quote_cut[0] if quote_cut else raw_rows + 1) + 1)) - (set(quote_cut))
    assert set(frame.row) | reported >= expected


def test_duplicates_within_and_across_files_name_both_rows(tmp_path: Path) -> None:
    header = "unit;indicator;period;sex;value\n"
    (tmp_path / "a.csv").write_text(header + "rn-ls1;overbel;2022-T1;T;1\nrn-ls1;overbel;2022-T1;T;2\n")
    (tmp_path / "b.csv").write_text(header + "rn-ls1;overbel;2022-t1;t;3\n")
    with pytest.raises(MalrapportError) as caught:
        load_outcomes(tmp_path)
    within, across = caught.value.problems
    assert within.file.endswith("a.csv") and within.row == 3 and "rad 2" in within.message
    assert across.file.endswith("b.csv") and across.row == 2 and "a.csv" in across.message


def test_load_outcomes_reads_every_file_of_a_folder_and_parquet(tmp_path: Path) -> None:
    pd.DataFrame({"unit": ["rn-ls1"], "indicator": ["overbel"], "period": [2022], "sex": ["M"],
                  "value": [4.25]}).to_parquet(tmp_path / "b.parquet")
    (tmp_path / "a.csv").write_text("unit,indicator,period,sex,value\nrn-ls1,overbel,2022,T,1\n")
    (tmp_path / "README.md").write_text("Källor")
    frame = load_outcomes(tmp_path)
    assert list(frame.sex) == ["T", "M"]
    assert list(frame.period) == ["2022", "2022"]
    assert frame.value.tolist() == [1.0, 4.25]
    assert frame.row.tolist() == [2, 1]


def test_excel_workbook_in_outcomes_folder_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "utfall.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(MalrapportError) as caught:
        load_outcomes(tmp_path)
    assert caught.value.problems[0].file.endswith("utfall.xlsx")
    assert "CSV" in caught.value.problems[0].hint


def test_damaged_parquet_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "trasig.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(MalrapportError, match="Parquet"):
        load_outcomes(tmp_path / "trasig.parquet")


@pytest.mark.parametrize("text, expected", [
    ("12,5", 12.5), ("1 234", 1234.0), ("1\u00a0234,5", 1234.5), ("1\u2009234\u2009567", 1234567.0),
    ("-3", -3.0), ("\u22123,5", -3.5), ("0.25", 0.25), ("", None), (7, 7.0)])
def test_parse_number_accepts_swedish_forms(text: object, expected: float | None) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["12,5 %", "abc", "1.234,5", "12 5", "nan", "inf", "1 23"])
def test_parse_number_rejects_anything_but_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda x: round(x, 3)))
def test_numbers_written_with_decimal_comma_read_back_exactly(number: float) -> None:
    assert parse_number(repr(number).replace(".", ",")) == number


def test_plan_checks_shares_unknown_indicators_and_misspelt_organisation(tmp_path: Path) -> None:
    plan = load_plan(VALID_ORG / "plan-2022.yaml")
    path = tmp_path / "x.csv"
    path.write_text("unit;indicator;period;sex;value;numerator;denominator\n"
                    "rn-ls1;vant-90-besok;2022-T1;T;100,5;;\n"
                    "rn-ls1;vant-90-besok;2022-T1;K;-1;;\n"
                    "rn-ls1;vant-90-besok;2022-T1;M;;60;50\n"
                    "rn-ls1;overbell;2022-T1;T;1;;\n"
                    "rn-lsl;overbel;2022-T1;T;1;;\n"
                    "Luleå;overbel;2022-T1;T;150;;\n"
                    "rn-ls1;sjukfranvaro;2019;T;4;;\n")
    problems = ProblemCollector()
    frame = read_outcomes(path, problems)
    check_against_plans(frame, {2022: plan}, "rn-ls1", problems)
    found = {(p.row, p.key) for p in problems.problems}
    assert found == {(2, "value"), (3, "value"), (4, "numerator"), (5, "indicator"), (6, "unit")}
    unknown = next(p for p in problems.problems if p.key == "indicator")
    assert "'overbel'" in unknown.hint
    assert "100,5 %" in next(p for p in problems.problems if p.row == 2).message


@pytest.mark.parametrize("source, columns, separator, decimal, encoding", [
    ("fk_sjukfall_f43_andel_region_ar_kon.csv", {"kolada_region_id": "unit", "indicator": "indicator",
                                                  "year": "period", "sex": "sex", "value": "value",
                                                  "region": "comment"}, ";", ",", "cp1252"),
    ("kolada_hos_regioner_2016_2025.csv", {"region_id": "unit", "kpi": "indicator", "year": "period",
                                           "gender": "sex", "value": "value", "kpi_title": "comment"},
     ",", ".", "utf-8"),
])
def test_real_figures_saved_as_analysts_save_them_are_read_exactly(
        realdata: Path, tmp_path: Path, source: str, columns: dict[str, str], separator: str, decimal: str,
        encoding: str) -> None:
    """Real Försäkringskassan and Kolada figures, written as Excel would (Swedish or English style), read back
    row for row with the same values."""
    real = pd.read_csv(realdata / source, dtype=str)[list(columns)].rename(columns=columns)
    expected = real["value"].astype(float).tolist()
    real["value"] = real["value"].str.replace(".", decimal, regex=False)
    path = tmp_path / "utfall.csv"
    real.to_csv(path, sep=separator, index=False, encoding=encoding)
    frame = load_outcomes(path)
    assert len(frame) == len(real)
    assert frame["value"].tolist() == expected
    assert frame["unit"].tolist() == real["unit"].tolist()
    assert set(frame["sex"]) <= {"T", "K", "M"}
    assert frame["comment"].tolist() == real["comment"].tolist()
