"""The session-7 fast paths of ``spacing`` and ``dates`` (issue 8) against the
computations they stand for.

``spacing`` finds a space before a space, a line break or a mark with one Aho-Corasick
automaton over the text's UTF-8 bytes (offsets counted back in characters) instead of
``re``, an opening bracket before a space with ``str.find``, and tests the letter after
a mark before the two before it. ``dates`` skips a long run of blanks of its ASCII view
with one reverse search instead of a Python loop when it walks back from a year. Each
is checked here against the code it replaced, kept below as the reference.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.steps import DatesStep, SpacingStep
from newsclean.steps.dates import _ANY_DIGIT, _ASCII_WORDS, _walk_back, _word_scan
from newsclean.steps.spacing import (
    _LETTERISH,
    _MARKS,
    _SPACE_BEFORE_RE,
    _spaces_before,
    _whitespace_starts,
)
from test_linear_time import LIMIT, growth

# --- spacing ---------------------------------------------------------------------------

_OLD_SPACE_BEFORE = re.compile(r" [ \n.,;:!?)\]]")
_OLD_TAB = re.compile(r"\t")
_OLD_BLANK_LINES = re.compile(r"\n(?=[ \t]*+\n[ \t]*+\n)")
_OLD_OPEN_SPACE = {"(": re.compile(r"\((?= )"), "[": re.compile(r"\[(?= )")}
_NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"


def old_whitespace_starts(text: str) -> list[int]:
    """``_whitespace_starts`` as it was before session 7 (``re`` for every search)."""
    starts = [m.start() for m in _OLD_BLANK_LINES.finditer(text)]
    if text[:1].isspace() and text[:1] not in _NOT_REGEX_SPACE:
        starts.append(0)
    stripped = len(text.rstrip())
    if stripped < len(text):
        trailing = max(text.rfind(c, stripped) for c in _NOT_REGEX_SPACE) + 1 or stripped
        if trailing < len(text):
            starts.append(trailing)
    for bracket, pattern in _OLD_OPEN_SPACE.items():
        if bracket in text:
            starts.extend(m.start() for m in pattern.finditer(text))
    spaces = [m.start() for m in _OLD_SPACE_BEFORE.finditer(text)]
    if "\t" in text:
        spaces = sorted(spaces + [m.start() for m in _OLD_TAB.finditer(text)])
    previous = -1
    for space in spaces:
        pos = space
        while pos - 1 > previous and text[pos - 1] in " \t":
            pos -= 1
        starts.append(pos)
        if pos and text[pos - 1] in "([":
            starts.append(pos - 1)
        previous = space
    return sorted(set(starts))


SPACING_PIECES = [
    " ", "  ", "\t", "\n", "\n\n", " \n", "\xa0", "\x1c", "\u2003", ".", ",", ";", ":", "!",
    "?", ")", "]", "(", "[", '"', "“", "é", "ж", "日本", "😀", "\ud800", "\udfff", "a", "The",
    "U.S.", "www.x.org", "3.5", "ab.Cd", "ab!cd", "xy?Zé",
]  # fmt: skip
spacing_texts = st.lists(st.sampled_from(SPACING_PIECES), max_size=40).map("".join)


@given(spacing_texts)
@example("é  “ x .\ud800 ] 😀 , ( a) [ b]")
@example("\ud83d\ude00 . \ud800  \n")
def test_spaces_before_are_the_re_matches(text: str) -> None:
    assert _spaces_before(text) == [m.start() for m in _SPACE_BEFORE_RE.finditer(text)]
    assert _spaces_before(text) == [m.start() for m in _OLD_SPACE_BEFORE.finditer(text)]


@given(spacing_texts)
@example(" a ( b  .\t[ c ]\n \n\n")
@example("(  ) [ ] ( \u2003 x")
def test_whitespace_starts_are_the_old_ones(text: str) -> None:
    assert _whitespace_starts(text) == old_whitespace_starts(text)


_OLD_MARKS = {
    mark: re.compile(rf"{re.escape(mark)}(?<={_LETTERISH}{{2}}{re.escape(mark)})(?={_LETTERISH})")
    for mark in ".!?"
}


@given(spacing_texts)
@example("He fled.daesh came.Then ab!Cd x.y é.ж")
def test_marks_test_the_next_letter_first_with_the_same_matches(text: str) -> None:
    for mark, pattern in _MARKS.items():
        new = [m.span() for m in pattern.finditer(text)]
        assert new == [m.span() for m in _OLD_MARKS[mark].finditer(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Кремль заявил , что  всё .", "Кремль заявил, что всё.", id="cyrillic"),
        pytest.param("“We won ” he said ; ( 2017 )", "“We won” he said; (2017)", id="typographic"),
        pytest.param("Emoji 😀 here , and there .", "Emoji 😀 here, and there.", id="astral"),
        pytest.param("a \ud800 , b", "a \ud800, b", id="lone-surrogate"),
        pytest.param("x\t( y )  z", "x (y) z", id="tab-brackets"),
    ],
)
def test_spacing_rows_with_characters_outside_ascii(text: str, expected: str) -> None:
    assert SpacingStep()(Document(text)).text == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Прокуратура Москвы (ГП) сообщила об этом в 2017 году.", id="russian-news"),
        pytest.param(
            "The U.S. envoy told Reuters: “We will not leave.” (He left on 3 May.)", id="quote"
        ),
        pytest.param("See www.bbc.co.uk/news, 3.5 per cent, and e.g. this ...", id="url"),
        pytest.param("Café owner José Núñez said prices rose 2.5%.", id="accents"),
    ],
)
def test_spacing_leaves_clean_news_alone(text: str) -> None:
    doc = Document(text)
    assert SpacingStep()(doc) is doc


@pytest.mark.parametrize(
    "piece", ["é , ", "( x", "😀  ", "ж ."], ids=["accent-comma", "bracket", "astral", "cyr-dot"]
)
def test_spacing_fast_paths_stay_linear(piece: str) -> None:
    step = SpacingStep()
    assert growth(step, lambda n: piece * (n // len(piece))) <= LIMIT


# --- dates -----------------------------------------------------------------------------


def view(text: str) -> bytes:
    return b" " + text.encode("ascii", "replace").translate(_ASCII_WORDS) + b" "


def old_walk_back(
    text: str, ascii_words: bytes, years: list[int], between: frozenset[bytes]
) -> tuple[list[int], set[int], set[int]]:
    """``_walk_back`` as it was before session 7 (a Python loop over every blank)."""
    starts: list[int] = []
    passed: set[int] = set()
    stops: set[int] = set()
    done = 0
    plain = text.isascii()
    for year in years:
        starts.append(year - 1)
        pos = year
        while True:
            last = pos - 2
            while last > 0 and ascii_words[last] == 32:
                last -= 1
            if not plain and not text[last : pos - 1].isascii():
                starts.extend(m.start() for m in _ANY_DIGIT.finditer(text, last, pos - 1))
            first = ascii_words.rfind(b" ", 0, last) + 1
            if last <= 0 or first <= done:
                break
            word = ascii_words[first : last + 1]
            if 48 <= word[0] <= 57:
                if text[first - 2 : first - 1] not in ("/", "."):
                    starts.append(first - 1)
            elif word in between:
                passed.add(first)
            else:
                stops.add(first)
                break
            pos = first
        done = year
    return starts, passed, stops


DATE_PIECES = [
    " ", "  ", ", ", " - ", "/", ".", "\n", "\xa0", "—", "«", "»", "году", "мая", "\u0663",
    "\u0663/11/", "29", "30", "1", "of", "to", "and", "in", "November", "Nov.", "May", "Tuesday",
    "2017", "1999", "2020", "20", "19", "\u0661\u0667", "é", "日本",
]  # fmt: skip


@given(st.lists(st.sampled_from(DATE_PIECES), max_size=30).map("".join))
@example("В 2017 году — «29 мая 2018» и \u0663/11/2017 , 29 - 30 Nov. 2017")
@example("2017" + "ж" * 50 + "2018  \xa0  2019")
def test_walk_back_is_the_loop_over_blanks(text: str) -> None:
    ascii_words = view(text)
    scan = _word_scan()
    years = [
        start
        for index, start, end in scan.matcher.find_matches_as_indexes(ascii_words)
        if ascii_words[start - 1] == 32
        and ascii_words[end : end + 1] == b" "
        and ascii_words[start:end].isdigit()
    ]
    got = _walk_back(text, ascii_words, years, scan.between)
    assert got == old_walk_back(text, ascii_words, years, scan.between)


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        pytest.param(
            "Выборы прошли в 2017 году, а 29 November 2017 — нет.",
            [("2017-11-29", "day")],  # "в" is no English cue: the bare year is none
            id="cyrillic-between",
        ),
        pytest.param("«Итоги»  \xa0 —  in 2018.", [("2018", "year")], id="long-blank-run"),
        pytest.param("Дата: \u0663/11/2017.", [("2017-11-03", "day")], id="arabic-digit-day"),
    ],
)
def test_dates_rows_after_long_blank_runs(text: str, dates: list[tuple[str, str]]) -> None:
    doc = DatesStep(rewrite=False)(Document(text))
    assert [(d.value, d.granularity) for d in doc.dates] == dates


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Москва — столица России, 2000 человек.", id="russian-count"),
        pytest.param("He scored 2017 points — «рекорд» — in the final.", id="points"),
        pytest.param("Звонок по номеру 8 800 2000 600.", id="phone"),
    ],
)
def test_dates_finds_nothing_in_numbers_that_are_no_dates(text: str) -> None:
    assert DatesStep()(Document(text)).dates == ()


def test_dates_walks_back_over_blank_runs_in_linear_time() -> None:
    piece = "слово — «так» 2017 "
    assert growth(DatesStep(), lambda n: piece * (n // len(piece))) <= LIMIT
