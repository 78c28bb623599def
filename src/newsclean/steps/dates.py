"""``dates``: find absolute dates, annotate them, and rewrite them as ISO 8601.

>>> from newsclean import Document
>>> doc = DatesStep()(Document("On 29 November 2017 the Prime Minister, and on Nov. 30, 2017 too."))
>>> doc.text
'On 2017-11-29 the Prime Minister, and on 2017-11-30 too.'
>>> [(d.value, d.granularity, d.text) for d in doc.dates]
[('2017-11-29', 'day', '2017-11-29'), ('2017-11-30', 'day', '2017-11-30')]

Impossible dates (31 February) are left alone; ``rewrite=False`` only annotates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

import regex

from ..document import DateMention, Document
from ..edits import Change, apply_changes
from ..resources import data_toml
from .base import ConfigError, Step

__all__ = ["DatesStep"]


@cache
def _months() -> dict[str, int]:
    return {
        name.casefold(): int(number)
        for number, names in data_toml("dates.toml")["months"].items()
        for name in names
    }


@cache
def _pattern() -> regex.Pattern[str]:
    day = r"(?P<d{n}>[0-3]?\d)(?:st|nd|rd|th)?"
    month = r"(?P<m{n}>\L<months>)\.?"
    year = r"(?P<y{n}>(?:1[6-9]|20)\d\d)"
    return regex.compile(
        rf"""(?<![\w-])(?:
            (?P<dmy>{day.format(n=1)}(?:\s+of)?\s+{month.format(n=1)},?\s+{year.format(n=1)})
          | (?P<mdy>{month.format(n=2)}\s+{day.format(n=2)},?\s+{year.format(n=2)})
          | (?P<iso>{year.format(n=3)}-(?P<m3>[01]\d)-(?P<d3>[0-3]\d))
        )(?![\w-])""",
        regex.V1 | regex.X | regex.I,
        months=list(_months()),
    )


@dataclass(frozen=True)
class DatesStep(Step):
    """Annotate absolute dates and rewrite those with a day as ISO 8601."""

    name: ClassVar[str] = "dates"
    summary: ClassVar[str] = "annotate dates; rewrite full dates as ISO 8601"
    rules: ClassVar[dict[str, str]] = {
        "dates.absolute": "a full date rewritten in `format` ('29 November 2017' -> '2017-11-29')",
    }

    #: Rewrite full dates in the text (false: annotate only).
    rewrite: bool = True
    #: The strftime format of rewritten dates.
    format: str = "%Y-%m-%d"

    def __post_init__(self) -> None:
        try:
            dt.date(2017, 11, 29).strftime(self.format)
        except ValueError as exc:
            raise ConfigError(f"dates: bad format {self.format!r}: {exc}") from exc

    def apply(self, doc: Document) -> Document:
        months = _months()
        found: list[tuple[Change, str]] = []
        for m in _pattern().finditer(doc.text):
            n = {"dmy": 1, "mdy": 2, "iso": 3}[m.lastgroup or ""]
            month_text = m.group(f"m{n}")
            month = int(month_text) if n == 3 else months[month_text.casefold()]
            try:
                date = dt.date(int(m.group(f"y{n}")), month, int(m.group(f"d{n}")))
            except ValueError:
                continue
            new = date.strftime(self.format) if self.rewrite else m.group()
            found.append((Change(m.start(), m.end(), new, "dates.absolute"), date.isoformat()))
        if not found:
            return doc.evolve(dates=()) if doc.dates else doc
        text, edits, spans = apply_changes(doc.text, [c for c, _ in found], self.name)
        moved = doc.with_edits(text, edits)
        mentions = tuple(
            DateMention(value, "day", start, end, text[start:end])
            for (_, value), (start, end) in zip(found, spans, strict=True)
        )
        return moved.evolve(dates=mentions)
