"""The review report: one self-contained HTML page showing what cleaning changed.

See :func:`review` and :func:`render_report`, and ``newsclean report``.
"""

from __future__ import annotations

from .marks import Piece, cleaned_text, mark_edits, original_text
from .page import Reviewed, render_report, review

__all__ = [
    "Piece",
    "Reviewed",
    "cleaned_text",
    "mark_edits",
    "original_text",
    "render_report",
    "review",
]
