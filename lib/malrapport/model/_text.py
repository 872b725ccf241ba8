"""Text as analysts paste it from the PDFs of earlier reports, made tidy before it is read."""
from __future__ import annotations

import re


def normalise_text(text: str) -> str:
    """Wording as copied from a PDF made tidy: soft hyphens and line-break hyphenation removed, spaces collapsed.

    >>> normalise_text("Under utred-\\nning")
    'Under utredning'
    """
    text = text.replace("\u00ad", "")
    text = re.sub(r"(?<=[a-zåäöé])-[ \t]*\r?\n\s*(?=[a-zåäöé])", "", text)
    return " ".join(text.split())
