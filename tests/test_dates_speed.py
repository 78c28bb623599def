"""The ``dates`` step's quick tense reading: starting the cue scan near the mention must
give what scanning the whole sentence window gives (the computation kept here), and the
``re`` twin of the cue pattern used on ASCII text must find what the ``regex`` one finds;
the first lines found line by line must be those a search finds."""

from __future__ import annotations

import datetime as dt
import re

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean.steps import DatesStep
from newsclean.steps.dates import (
    _LINE,
    _first_lines,
    _tense,
    _tense_cues,
    _tense_cues_ascii,
    _words,
)


def tense_reference(text: str, start: int, end: int) -> int:
    """The tense around ``text[start:end]`` as the step computed it before: every cue of
    the sentence window, the last before the mention else the first after it."""
    lo, hi = max(0, start - 120), min(len(text), end + 80)
    cut = max(text.rfind(mark, lo, start) for mark in (". ", "? ", "! ", "\n"))
    lo = max(lo, cut + 1)
    stops = [i for i in (text.find(mark, end, hi) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    hi = min(stops, default=hi)
    cues, not_past = _tense_cues(), _words().not_past
    found = [
        (c.start(), 1 if c.group("future") else -1)
        for c in cues.finditer(text, lo, hi)
        if not (c.group("past") and c.group().casefold() in not_past)
        and (c.end() <= start or c.start() >= end)
    ]
    before = [d for pos, d in found if pos < start]
    after = [d for pos, d in found if pos >= end]
    return before[-1] if before else after[0] if after else 0


# Cues (multi-word ones whose words are cues too: "is expected to" holds "expected"),
# not-past words, weekdays, other words, and characters that do or do not end a cue.
WORDS = [
    "will",
    "WILL",
    "would",
    "'ll",
    "he'll",
    "is due to",
    "was due to",
    "is expected to",
    "are going to",
    "plans to",
    "upcoming",
    "next",
    "was",
    "Was",
    "said",
    "\u017faid",
    "met",
    "ago",
    "last",
    "walked",
    "Walked",
    "needed",
    "need",
    "speed",
    "hundred",
    "exceed",
    "expected",
    "due",
    "to",
    "is",
    "Monday",
    "this Tuesday",
    "Friday",
    "the",
    "talks",
    "caf\u00e9d",
    "\u00e9ed",
    "2017",
    "x",
    "\u212aing",
]
SEPARATORS = [" ", " ", " ", "  ", ", ", ". ", "\n", "? ", "'", '"', "-", "\u00a0", "", "1"]

parts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60)


def check_window(parts: list[tuple[str, str]], data: st.DataObject | None) -> None:
    """``_tense`` equals the reference on the joined parts, around "Monday" (no ``data``)
    or a span drawn at random."""
    text = "".join(word + sep for word, sep in parts)
    if data is None:
        start, end = text.index("Monday"), text.index("Monday") + 6
    else:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 20)))
    assert _tense(text, start, end) == tense_reference(text, start, end)


@given(parts, st.data())
@example([("They", " "), ("met", " "), ("on", " "), ("Monday", ".")], None)
def test_tense_is_the_window_scan(parts: list[tuple[str, str]], data: st.DataObject | None) -> None:
    check_window(parts, data)


@given(st.text(max_size=300), st.data())
def test_tense_on_any_text(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert _tense(text, start, end) == tense_reference(text, start, end)


ASCII_WORDS = [word for word in WORDS if word.isascii()]
ASCII_SEPARATORS = [sep for sep in SEPARATORS if sep.isascii()]
ascii_parts = st.lists(
    st.tuples(st.sampled_from(ASCII_WORDS), st.sampled_from(ASCII_SEPARATORS)), max_size=60
)


@given(ascii_parts, st.data())
@example([("he'll", " "), ("meet", " "), ("on", " "), ("Monday", ".")], None)
def test_tense_on_ascii_text(parts: list[tuple[str, str]], data: st.DataObject | None) -> None:
    check_window(parts, data)


def cues(
    pattern: regex.Pattern[str] | re.Pattern[str], text: str, lo: int, hi: int
) -> list[tuple[int, int, bool]]:
    """The cues ``pattern`` finds in ``text[lo:hi]``: spans, and whether each is future."""
    return [(*c.span(), c.group("future") is not None) for c in pattern.finditer(text, lo, hi)]


@given(ascii_parts, st.data())
@example([("x", "'"), ("ll", " "), ("walked", ".")], None)
def test_ascii_cues_are_the_cues(parts: list[tuple[str, str]], data: st.DataObject | None) -> None:
    text = "".join(word + sep for word, sep in parts)
    lo = 0 if data is None else data.draw(st.integers(0, len(text)))
    hi = len(text) if data is None else data.draw(st.integers(lo, len(text)))
    assert cues(_tense_cues_ascii(), text, lo, hi) == cues(_tense_cues(), text, lo, hi)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200), st.data())
def test_ascii_cues_on_any_ascii(text: str, data: st.DataObject) -> None:
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    assert cues(_tense_cues_ascii(), text, lo, hi) == cues(_tense_cues(), text, lo, hi)


def first_lines_reference(text: str) -> list[int]:
    """The first two lines with a visible character, as the step found them before."""
    lines: list[int] = []
    while len(lines) < 2 and (m := _LINE.search(text, lines[-1] + 1 if lines else 0, 4000)):
        lines.append(m.start())
    return lines


@given(st.text(alphabet=st.sampled_from(" \n\r\t\u00a0\u2028\x1cab"), max_size=60))
@example(" " * 3998 + "\nx")
@example("a" * 3999 + "\n b")
@example("\n" * 4001 + "x")
def test_first_lines_are_the_search(text: str) -> None:
    assert _first_lines(text) == first_lines_reference(text)


@given(st.dates(dt.date(1600, 1, 1), dt.date(2099, 12, 31)))
def test_iso_format_is_strftime(day: dt.date) -> None:
    """The step writes ISO dates with ``isoformat``, quicker than ``strftime``: the same
    for every year a date can have."""
    assert DatesStep()._format(day) == day.strftime("%Y-%m-%d")
    assert DatesStep(format="%d %B %Y")._format(day) == day.strftime("%d %B %Y")
