"""What operators see: a progress line per report (a bar on a terminal) and the summary table at the end."""
from __future__ import annotations

import io

from malrapport.batch._progress import Finished, Progress, summary_table


def test_log_output_has_one_line_per_finished_report() -> None:
    stream = io.StringIO()
    progress = Progress(4, stream, tty=False)
    progress.skipped(["rn-ls1 2022-T1"])
    progress.started("rn-ls1 2022-T2")
    progress.finished(Finished("rn-ls1 2022-T2", "rendered", seconds=4.25))
    progress.finished(Finished("rjh-rs 2018-T2", "failed", error="ValueError: fel", notebook="ut/x.failed.ipynb"))
    progress.close()
    assert stream.getvalue().splitlines() == [
        "[1/4] 1 oförändrade rapporter hoppas över",
        "[2/4] klar       rn-ls1 2022-T2  4,2 s",
        "[3/4] FEL        rjh-rs 2018-T2 – ValueError: fel (körd anteckningsbok: ut/x.failed.ipynb)",
    ]


def test_terminal_output_redraws_one_bar_and_keeps_failures() -> None:
    stream = io.StringIO()
    progress = Progress(2, stream, tty=True)
    progress.started("rn-ls1 2022-T1")
    assert "kör: rn-ls1 2022-T1" in stream.getvalue() and "0/2" in stream.getvalue()
    progress.finished(Finished("rn-ls1 2022-T1", "failed", error="ValueError: fel"))
    progress.finished(Finished("rn-ls1 2022-T2", "rendered", seconds=1.0))
    progress.close()
    text = stream.getvalue()
    assert "\r\x1b[K" in text and "█" * 24 in text and "2/2  klara 1  oförändrade 0  fel 1" in text
    assert "[1/2] FEL        rn-ls1 2022-T1 – ValueError: fel\n" in text
    assert "[2/2] klar" not in text


def test_summary_table_counts_times_and_lists_failures() -> None:
    items = [Finished("a 2024-T1", "rendered", 5.0, timings={"execute": 4.0, "html": 0.5, "pdf": 1.0}),
             Finished("a 2024-T2", "rendered", 3.0, timings={"execute": 2.0, "html": 0.7, "pdf": 1.2}),
             Finished("a 2024-T3", "skipped"),
             Finished("b 2024-T1", "failed", error="KeyError: 'x'", notebook="ut/b.failed.ipynb")]
    table = summary_table(items, 12.34)
    assert table.splitlines()[:6] == [
        "Sammanfattning",
        "  Skrivna rapporter            2",
        "  Oförändrade (hoppades över)  1",
        "  Misslyckade                  1",
        "  Total tid                    12,3 s",
        "  Tid per rapport (median)     körning 3,0 s · HTML 0,6 s · PDF 1,1 s",
    ]
    assert "  b 2024-T1: KeyError: 'x'" in table and "ut/b.failed.ipynb" in table
    assert summary_table(items[:1], 1.0, interrupted=True).startswith("Avbrutet – inga nya rapporter startades.")


def test_start_note_explains_the_wait_before_the_first_report() -> None:
    stream = io.StringIO()
    Progress(3, stream, tty=False).starting("startar 2 arbetare med förvärmda kärnor för 3 rapporter")
    assert stream.getvalue() == "[0/3] startar 2 arbetare med förvärmda kärnor för 3 rapporter\n"
    terminal = io.StringIO()
    Progress(3, terminal, tty=True).starting("startar 1 arbetare")
    assert terminal.getvalue().endswith("0/3  klara 0  oförändrade 0  fel 0  startar 1 arbetare")
