"""Text widths of DejaVu Sans as a table: advances per character and the adjustments between neighbours.

Vega needs a text's width to lay out a chart (axis labels, titles, target labels). vl-convert measures each text
by shaping it with rustybuzz, a port of HarfBuzz; here the same font is shaped once by HarfBuzz itself, and the
result kept as a table that the chart engine (`_vega_v8`) sums in JavaScript: the advance of every character the
font has, the adjustment of every neighbouring pair of the characters a report writes (kerning, and the 'ff', 'fi'
and 'fl' ligatures), and of the two three-letter ligatures. A text's width is then its advances plus its pairs'
and triples' adjustments: what shaping gives for the text as a whole (tests/test_vega_svg.py compares with
vl-convert's measurement).

Building the table shapes some 40 000 pairs per weight (about a second), so it is kept on disk per font file
(`~/.cache/malrapport/`), where every kernel of a batch finds it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from ..inputs.files import atomic_write_text, cache_dir

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FILES = {"normal": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}
FORMAT = 1
# The characters whose pairs are shaped: ASCII, Latin-1 and the typography of the reports' Swedish texts
# (dashes, quotes, minus sign, spaces used as thousands separators, arrows, comparison and degree signs).
_PAIR_CHARACTERS = "".join(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)]
    + list("\u2009\u202f\u2010\u2011\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u2030\u2032"
           "\u2033\u2190\u2191\u2192\u2193\u2197\u2198\u2212\u2264\u2265\u20ac")
)
_TRIPLES = ("ffi", "ffl")


def font_paths() -> dict[str, Path] | None:
    """The DejaVu Sans files by weight, or None when the fonts are not installed."""
    paths = {weight: FONT_DIR / name for weight, name in FONT_FILES.items()}
    return paths if all(path.is_file() for path in paths.values()) else None


def _shaper(path: Path) -> Any:
    import uharfbuzz as hb  # type: ignore[import-untyped]  # no type information published

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    font = hb.Font(face)
    scale = 1.0 / face.upem

    def width(text: str) -> float:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(font, buffer, {})
        return sum(position.x_advance for position in buffer.glyph_positions) * scale

    return face, width


def _weight_table(path: Path) -> dict[str, Any]:
    """Advances (in em) of every character of the font, and the adjustments of pairs and triples."""
    face, width = _shaper(path)
    advances = {chr(code): width(chr(code)) for code in sorted(face.unicodes) if code >= 0x20}
    characters = [c for c in _PAIR_CHARACTERS if c in advances]
    pairs: dict[str, float] = {}
    for first in characters:
        for second in characters:
            adjustment = width(first + second) - advances[first] - advances[second]
            if abs(adjustment) > 1e-9:
                pairs[first + second] = adjustment
    triples = {}
    for triple in _TRIPLES:
        paired = sum(advances[c] for c in triple) + pairs.get(triple[:2], 0.0) + pairs.get(triple[1:], 0.0)
        if abs(adjustment := width(triple) - paired) > 1e-9:
            triples[triple] = adjustment
    return {"advances": advances, "pairs": pairs, "triples": triples,
            "fallback": advances.get("0", 0.6)}


def _fingerprint(paths: Iterable[Path]) -> str:
    parts = [f"{FORMAT}"] + [f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in paths]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


@cache
def width_table() -> dict[str, Any] | None:
    """{"normal": table, "bold": table} for DejaVu Sans, from the disk cache or built; None without the fonts."""
    paths = font_paths()
    if paths is None:
        return None
    cached = cache_dir() / f"text-widths-{_fingerprint(paths.values())}.json"
    try:
        return dict(json.loads(cached.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    table = {weight: _weight_table(path) for weight, path in paths.items()}
    try:
        atomic_write_text(cached, json.dumps(table, ensure_ascii=False, separators=(",", ":")))
    except OSError:
        pass
    return table
