"""Deterministic random numbers for the demo generator.

Every draw starts from a stable hash of ids (never from dict order, time or global random state), so the same
call gives the same bytes on every machine and Python version.
"""
from __future__ import annotations

import hashlib
import random


def stable_seed(*parts: object) -> int:
    """A 64-bit seed from the text of `parts`, identical across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big")


def seeded_rng(*parts: object) -> random.Random:
    """A random generator of its own for `parts`, so one series' draws never shift another's."""
    return random.Random(stable_seed(*parts))
