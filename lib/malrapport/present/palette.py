"""Colours of the reports; a light module any page can import.

Every colour that draws a mark (a bar, a line, a point, a status band) has a contrast of at least 3:1 against the
white page (WCAG 2.1, 1.4.11 non-text contrast). The hues are Okabe–Ito's, safe for colour-blind readers; the
orange is darkened for that contrast, and the sky blue and the yellow, which cannot reach it, are left out.
Status is always shown with its symbol and word too, never by colour alone.

>>> min(contrast_ratio(colour) for colour in (*OKABE_ITO, *STATUS_COLORS.values(), *MUTED_GREYS)) >= 3
True
"""
from __future__ import annotations

from ..model import Status

BLUE, ORANGE, GREEN, VERMILLION, PURPLE, DARK = "#0072B2", "#AD7400", "#009E73", "#D55E00", "#CC79A7", "#333333"
OKABE_ITO = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, DARK)
"""The colours of a chart's categories, in this order."""

STATUS_COLORS: dict[Status, str] = {
    Status.MET: BLUE,
    Status.PARTLY: ORANGE,
    Status.NOT_MET: VERMILLION,
    Status.NO_OUTCOME: "#767676",
    Status.NOT_DUE: "#8C8C8C",
    Status.NO_TARGET: "#5F5F5F",
    Status.NOT_ASSESSED: "#949494",
    Status.NO_CASES: "#858585",
    Status.NO_COMPARISON: "#767676",
}
"""Status colours: blue, orange and vermillion for the judged statuses, greys for the rest."""

MUTED_GREYS = ("#949494", "#6E6E6E", "#444444")
"""Greys from light to dark for marks in the background (other units, earlier years), each still 3:1."""


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG's contrast ratio of two '#RRGGBB' colours, from 1 (none) to 21 (black on white).

    >>> round(contrast_ratio("#E69F00"), 2)  # Okabe–Ito's own orange: too light for a mark on white
    2.25
    """
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
