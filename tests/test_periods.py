"""Periods: keys, Swedish labels, ordering, windows, comparison periods, ranges and follow-up schedules."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from malrapport.errors import MalrapportError
from malrapport.model import Month, Period, is_due, parse_range, parse_schedule, schedule_label

T1, T2, T3 = (Period.tertial(2024, n) for n in (1, 2, 3))
YEAR = Period.year_of(2024)
APRIL = Period.month_of(2024, 4)


@pytest.mark.parametrize(("key", "period"), [
    ("2024", YEAR), ("2024-T2", T2), ("2024-04", APRIL), (" 2024-T1 ", T1), (2024, YEAR),
])
def test_keys_parse_to_periods(key: str | int, period: Period) -> None:
    assert Period.parse(key) == period


@pytest.mark.parametrize("key", ["2024-T4", "2024-13", "24", "2024-4", "T2 2024", "", "1899", "1800-T1",
                                 "0000-01", "3000-12"])
def test_a_wrong_key_is_an_error_with_a_hint(key: str) -> None:
    with pytest.raises(MalrapportError) as caught:
        Period.parse(key)
    assert f"okänd period '{key.strip()}'" in str(caught.value)
    assert "2024-T1" in caught.value.problems[0].hint


@pytest.mark.parametrize(("period", "label", "as_of", "short", "report"), [
    (T1, "per april 2024", "per april", "T1 2024", "Delårsrapport 1"),
    (T2, "per augusti 2024", "per augusti", "T2 2024", "Delårsrapport 2"),
    (T3, "helår 2024", "för helåret", "T3 2024", "Årsredovisning"),
    (YEAR, "helår 2024", "för helåret", "2024", "Årsredovisning"),
    (APRIL, "april 2024", "per april", "apr 2024", "Månadsrapport april"),
])
def test_swedish_labels(period: Period, label: str, as_of: str, short: str, report: str) -> None:
    assert (period.label, period.as_of, period.short_label, period.report_name) == (label, as_of, short, report)


def test_order_is_chronological_by_end_and_month_before_tertial_before_year() -> None:
    shuffled = [YEAR, T2, Period.month_of(2024, 12), APRIL, T3, T1, Period.tertial(2023, 3)]
    assert sorted(shuffled) == [Period.tertial(2023, 3), APRIL, T1, T2, Period.month_of(2024, 12), T3, YEAR]


@pytest.mark.parametrize(("period", "kind", "first", "last"), [
    (T2, "ytd", (2024, 1), (2024, 8)),
    (T2, "period", (2024, 5), (2024, 8)),
    (T2, "rolling12", (2023, 9), (2024, 8)),
    (YEAR, "ytd", (2024, 1), (2024, 12)),
    (APRIL, "period", (2024, 4), (2024, 4)),
    (APRIL, "rolling12", (2023, 5), (2024, 4)),
])
def test_windows(period: Period, kind: str, first: tuple[int, int], last: tuple[int, int]) -> None:
    months = period.window(kind)
    assert (months[0], months[-1]) == (Month(*first), Month(*last))
    assert all(b.index - a.index == 1 for a, b in zip(months, months[1:], strict=False))


def test_an_unknown_window_is_an_error() -> None:
    with pytest.raises(MalrapportError, match="okänt rapportfönster"):
        T2.window("kvartal")


def test_same_period_last_year_keeps_the_kind() -> None:
    assert T2.same_period_last_year() == Period.tertial(2023, 2)
    assert APRIL.same_period_last_year() == Period.month_of(2023, 4)
    assert YEAR.same_period_last_year() == Period.year_of(2023)


def test_neighbours_within_and_across_years() -> None:
    assert (T3.next(), Period.tertial(2025, 1).previous()) == (Period.tertial(2025, 1), T3)
    assert (T1.previous_in_year(), T2.previous_in_year(), YEAR.previous_in_year()) == (None, T1, None)
    assert T2.tertials_to_date() == [T1, T2]
    assert YEAR.contains(T2) and T2.contains(Period.month_of(2024, 5)) and not T2.contains(APRIL)


def test_parse_range_expands_ranges_and_lists_in_order() -> None:
    assert parse_range("2024-T1..2024-T3") == [T1, T2, T3]
    assert parse_range("2023-T3..2024-T1, 2024") == [Period.tertial(2023, 3), T1, YEAR]
    assert [p.key for p in parse_range("2024-11..2025-02")] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert parse_range("2024-T2") == [T2]


def test_a_range_may_end_at_the_last_possible_period() -> None:
    assert parse_range("2999-T2..2999-T3") == [Period.tertial(2999, 2), Period.tertial(2999, 3)]


@pytest.mark.parametrize(("text", "message"), [
    ("2024-T1..2024", "blandar"), ("2024-T3..2024-T1", "slutar före sin början"), ("2024-T1..", "okänd period"),
])
def test_a_wrong_range_is_an_error(text: str, message: str) -> None:
    with pytest.raises(MalrapportError, match=message):
        parse_range(text)


@pytest.mark.parametrize(("text", "tertials"), [
    ("DÅ04,08,ÅR", {1, 2, 3}), ("DÅ04,08,\nÅR", {1, 2, 3}), ("då04, 08, år", {1, 2, 3}), ("DÅ 08, ÅR", {2, 3}),
    ("ÅR", {3}), ("Årsredovisning", {3}), ("under utredning", set()), ("Under  utredning", set()),
    ("alla", {1, 2, 3}), ([1, 3], {1, 3}), (["DÅ04", "ÅR"], {1, 3}), (None, {1, 2, 3}), ("T2", {2}),
])
def test_parse_schedule(text: str | list | None, tertials: set[int]) -> None:
    assert parse_schedule(text) == frozenset(tertials)


@pytest.mark.parametrize("text", ["DÅ05", "månadsvis", [4]])
def test_an_unknown_schedule_is_an_error_with_a_hint(text: str | list) -> None:
    with pytest.raises(MalrapportError) as caught:
        parse_schedule(text)
    assert "okänd uppföljningsperiod" in str(caught.value)
    assert "DÅ04,08,ÅR" in caught.value.problems[0].hint


def test_schedule_labels() -> None:
    assert schedule_label(frozenset({1, 2, 3})) == "DÅ04, DÅ08, ÅR"
    assert schedule_label(frozenset({3})) == "årsrapporten"
    assert schedule_label(frozenset()) == "under utredning"


def test_is_due_follows_the_schedule() -> None:
    annual = parse_schedule("ÅR")
    assert (is_due(annual, T1), is_due(annual, T2), is_due(annual, T3), is_due(annual, YEAR)) == \
        (False, False, True, True)
    assert is_due(parse_schedule("DÅ08,ÅR"), T2) and not is_due(parse_schedule("DÅ08,ÅR"), T1)
    assert not is_due(frozenset(), YEAR) and not is_due(frozenset(), APRIL)
    assert is_due(annual, APRIL)


# --- properties ----------------------------------------------------------------------------------------------------

years = st.integers(min_value=1902, max_value=2990)
periods = st.one_of(
    years.map(Period.year_of),
    st.builds(Period.tertial, years, st.integers(1, 3)),
    st.builds(Period.month_of, years, st.integers(1, 12)),
)


@given(periods)
def test_a_key_round_trips(period: Period) -> None:
    assert Period.parse(period.key) == period


@given(periods)
def test_next_and_previous_are_inverse(period: Period) -> None:
    assert period.next().previous() == period
    assert period.previous().next() == period
    assert period < period.next()


@given(periods, periods)
def test_order_is_consistent_with_the_last_month(a: Period, b: Period) -> None:
    if a.last_month < b.last_month:
        assert a < b
    if a < b:
        assert a.last_month <= b.last_month
    assert (a < b) + (b < a) + (a == b) == 1


@given(periods)
def test_window_lengths(period: Period) -> None:
    assert len(period.window("ytd")) == period.last_month.month
    assert len(period.window("rolling12")) == 12
    assert period.window("rolling12")[-1] == period.last_month
    assert set(period.window("period")) <= set(period.window("ytd"))
    assert period.window("period") == period.months()


@given(periods)
def test_same_period_last_year_twice_is_two_years_back(period: Period) -> None:
    assert period.same_period_last_year().same_period_last_year() == period.shift_years(-2)


@given(periods.filter(lambda p: p.year <= 2950), st.integers(min_value=0, max_value=40))
@settings(deadline=None)
def test_a_range_has_one_period_per_step(start: Period, steps: int) -> None:
    end = start
    for _ in range(steps):
        end = end.next()
    expanded = parse_range(f"{start.key}..{end.key}")
    assert len(expanded) == steps + 1
    assert expanded[0] == start and expanded[-1] == end
    assert expanded == sorted(expanded)


@given(st.text(max_size=12))
def test_parse_rejects_text_only_with_a_malrapport_error(text: str) -> None:
    try:
        period = Period.parse(text)
    except MalrapportError:
        return
    assert isinstance(period, Period)
