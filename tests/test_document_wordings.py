"""Targets, schedules and amounts as the real reports write them (issue 9, point 9).

Expected values are read from the seed texts: seed 004 gives activity targets as "Genomförda aktiviteter." (with the
line break of the PDF), seed 002 has the schedule "Under utred-" / "ning" broken over two lines, and a reason or
target with the amount one says "1 dag", never "1 dagar".
"""
from __future__ import annotations

from pathlib import Path

import pytest

import malrapport as mr
from malrapport.model import ActivityTarget, parse_schedule, schedule_label

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed_text(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"../shared/seeds/{prefix}_*.txt is missing: the seed reports sit beside the checkout")
    return matches[0].read_text(encoding="utf-8")


def test_seed_004s_plural_activity_target_as_the_pdf_breaks_it() -> None:
    text = seed_text("004")
    assert "Genomförda \naktiviteter." in text  # the target cell, as the PDF gives it
    assert isinstance(mr.parse_target("Genomförda \naktiviteter."), ActivityTarget)


@pytest.mark.parametrize("wording", ["Genomförd aktivitet", "Genomförda aktiviteter.", "Genomförda åtgärder",
                                     "Genomförda utbildningar", "Aktiviteten genomförd", "genomförda insatser"])
def test_activity_targets_in_the_forms_plans_use(wording: str) -> None:
    assert isinstance(mr.parse_target(wording), ActivityTarget)


def test_seed_002s_hyphenated_schedule_is_under_investigation() -> None:
    text = seed_text("002")
    assert "Under \n\nutred-\n\nning" in text  # the schedule cell of a styrmått, over three PDF lines
    assert parse_schedule("Under utred-\nning") == frozenset()
    assert schedule_label(parse_schedule("Under utred-\nning")) == schedule_label(parse_schedule("Under utredning"))


def test_an_amount_of_one_day_or_hour_is_singular() -> None:
    nbsp = "\u00a0"
    assert mr.fmt_value(1, "dagar") == f"1{nbsp}dag"
    assert mr.fmt_value(2, "dagar") == f"2{nbsp}dagar"
    assert mr.fmt_value(1.5, "dagar") == f"1,5{nbsp}dagar"
    assert mr.fmt_value(1, "timmar") == f"1{nbsp}timme"
    assert mr.fmt_signed(-1, "dagar") == f"\u22121{nbsp}dag"


def test_seed_004s_change_target_of_one_day_reads_as_written() -> None:
    """Seed 004: "Minska differensen till riket med 1 dag jmf med 2014= 12,4 dagar", one word per PDF line."""
    assert "med 1 dag \n\njmf med \n\n2014= \n\n12,4 \n\ndagar." in seed_text("004")
    described = mr.describe_target(mr.parse_target("Minska med 1 dag jmf med 2014"), "dagar")
    assert described.replace("\u00a0", " ") == "Minska med 1 dag jmf med 2014"


def test_a_change_target_given_as_a_mapping_is_described_with_the_right_number() -> None:
    one = mr.parse_target({"kind": "change", "change": "decrease", "amount": 1, "reference_year": 2014})
    two = mr.parse_target({"kind": "change", "change": "decrease", "amount": 2, "reference_year": 2014})
    assert mr.describe_target(one, "dagar").replace("\u00a0", " ") == "Minska med 1 dag jmf med 2014"
    assert mr.describe_target(two, "dagar").replace("\u00a0", " ") == "Minska med 2 dagar jmf med 2014"


def test_the_sick_leave_reason_of_the_jamtland_report_says_one_day() -> None:
    """Seed 004's sjukpenningtal target "Minska differensen till riket med 1 dag jmf med 2014= 12,4 dagar": the gap
    to riket shall shrink by one day (singular) from the gap of 2014, whose county figure is 12,4 dagar."""
    report = mr.build_report("data", "rjh-rs", "2018-T1")
    reason = report.results["sjukpenningtal"].reason.replace("\u00a0", " ")
    assert "(skillnaden 2014 var " in reason and ", 12,4 dagar mot " in reason
    assert "och ska minska med 1 dag)" in reason
