"""Faulty copies of valid fixture files for the tests of validation messages."""
from __future__ import annotations

from pathlib import Path


def replace_once(source: Path, target: Path, old: str, new: str) -> Path:
    """Write `source` to `target` with the first `old` replaced by `new`; `old` must occur, so a fixture that
    changes cannot turn a test into one that checks nothing."""
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target
