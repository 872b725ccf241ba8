"""Colours of the reports, safe for colour-blind readers (Okabe–Ito); a light module any page can import."""
from __future__ import annotations

from ..model import Status

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#000000", "#F0E442")

STATUS_COLORS: dict[Status, str] = {
    Status.MET: "#0072B2",
    Status.PARTLY: "#E69F00",
    Status.NOT_MET: "#D55E00",
    Status.NO_OUTCOME: "#999999",
    Status.NOT_DUE: "#BBBBBB",
    Status.NO_TARGET: "#777777",
    Status.NOT_ASSESSED: "#CCCCCC",
    Status.NO_CASES: "#AAAAAA",
    Status.NO_COMPARISON: "#999999",
}
"""Status colours; status is always shown with its symbol and word too, never by colour alone."""
