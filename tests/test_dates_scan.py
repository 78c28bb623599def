"""The ``dates`` step's candidate scan: trying the date pattern only where the two fast
scans point must give exactly the matches of trying it everywhere (``finditer``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean.steps import DatesStep
from newsclean.steps.dates import (
    _BRANCHES,
    _D_START,
    _after_weekday,
    _branch,
    _forms,
    _matches,
    _pattern,
    _words,
)


def outermost(m: regex.Match[str]) -> str:
    """The form of a match, the slow way: the one form group that took part."""
    return next((b for b in _BRANCHES if b in m.re.groupindex and m.start(b) >= 0), "weekday")


def spans(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(the scan's matches, finditer's matches) as spans and forms (the scan's as
    :func:`_branch` reads it, finditer's the slow way)."""
    return (
        [(*m.span(), _branch(m)) for m in _matches(text)],
        [(*m.span(), outermost(m)) for m in _pattern().finditer(text)],
    )


# Pieces of dates and their lookalikes, in every case the pattern cares about, with
# separators that sit on either side of the scans' tests (hyphens, slashes, dots, no-break
# and other spaces, non-ASCII digits and letters, combining marks, case-folding oddities).
LINES = (
    "January Jan. May MAY June Sept. Sep Nov. NOV December March mar may",
    "Monday TUESDAY Friday Sunday monday Wed",
    "today Today TODAY tonight tomorrow yesterday Yesterday this This THIS last Last",
    "next NEXT earlier Earlier later LATER day days Days week weeks month months",
    "year years YEARS ago AGO Ago morning Afternoon EVENING week Week month Year",
    "of to until till through and between Between in since the The its mid Mid",
    "during During throughout Throughout end start early Late their her an a",
    "Bloody Good Mail on Times Street Road people troops votes per cent",
    "1 2 3 9 10 12 13 29 30 31 32 01 05 1st 2nd 3rd 29th 100 2000 2017 1999 1600 2099",
    "2017-11-29 29/11/2017 2017/11/29 11/29/2017 2,000 1.5 3-2 99-inch",
    "\u0663 \u0663/11/2017 1\u0663 20\u0661\u0667 \u00e9 \u00e9t\u00e9 caf\u00e9",
)
WORDS = [word for line in LINES for word in line.split()] + [
    "the\u017f",  # long s: folds to "s"
    "wee\u212a",  # Kelvin sign: folds to "k"
    "ye\u017fterday",  # read case-blind after "earlier": the next-word check must keep it
    "morning\u212a",
    "May\u0301",  # a combining mark after a name
    "\u00b2",  # superscript two: a number, not a word character
    "USA",
]
SEPARATORS = [" ", " ", " ", "  ", "\n", "\n\n", "-", "\u2013", "\u2014", "/", ".", ",", ", "]
SEPARATORS += [". ", "'", '"', "(", ")", "\u00a0", "\u2009", "\t", "", "_", "%", ":"]

texts = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=40
).map(lambda parts: "".join(word + sep for word, sep in parts))


@given(texts)
@example("x-5 to 30 November 2017 and mid-2011")  # a start inside a failed candidate
@example("\u0663/11/2017")  # a non-ASCII digit opens a numeric date
@example("earlier this week, 18 years ago")  # candidates one after the other
@example("earlier ye\u017fterday, last wee\u212a, 3 year\u017f ago, this\u00a0morning")
@example("by the end of 2017, mid-2011, Throughout 1999; its 2016 referendum, in  2017")
@example("caf\u00e9in 2017, the\u00a02003 war, of\u20092019, 12345in 2017 2017/1 2017-")
@example(
    "two days ago, 3 years  AGO, a day\u00a0aGo, DAYs ago, xday ago, \u00e9day ago, weeks ago\u2014"
)
@example("this  wEEk, this\u00a0WEEK, This is, last i\u017f, earlier ye\u017fterday. It is this")
def test_scan_finds_every_match(text: str) -> None:
    got, want = spans(text)
    assert got == want


@given(st.text(max_size=200))
def test_scan_on_any_text(text: str) -> None:
    got, want = spans(text)
    assert got == want


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("On 29 November 2017 the Prime Minister visited Taji.", id="dmy"),
        pytest.param("Between 29 and 30 November 2017, and 1-3 December 2017.", id="ranges"),
        pytest.param("He met them last Tuesday, earlier this week and two days ago.", id="rel"),
        pytest.param("MONDAY, NOV. 27, 2017\nTrump said on Sunday.", id="caps"),
        pytest.param("It cost 2,000 pounds in 2,017 shops; 3-2 win; 99-inch screen.", id="none"),
        pytest.param("(2017-11-29) \u201cToday\u201d \u2014 mid-2011 \u2013 May 2024.", id="punct"),
        pytest.param("", id="empty"),
    ],
)
def test_scan_on_news(text: str) -> None:
    got, want = spans(text)
    assert got == want


# Dates written with digits: the scan walks back from each year over numbers, month
# names and the words between them, so these pieces test where a walk goes on or stops.
DIGIT_LINES = (
    "1 3 9 05 12 29 31 29th 1st 100 2000 2017 1999 1600 2099 1599 2100 20171",
    "20 16 201 169 209 20\u0661\u0667 201\u0667 20\u06617 1\u0663 \u0663 \u0661\u0663",
    "November Nov Sept MAY May of to and until till through between Between in mid",
    "Tuesday Wednesday TUESDAY Sunday Bloody the said x \u00e9 \u00b2 _",
)
DIGIT_WORDS = [word for line in DIGIT_LINES for word in line.split()]
DIGIT_SEPARATORS = [" ", " ", ", ", "-", " - ", "/", ".", ". ", "\u2013", "\u00a0", "", "\n"]
digit_texts = st.lists(
    st.tuples(st.sampled_from(DIGIT_WORDS), st.sampled_from(DIGIT_SEPARATORS)),
    min_size=1,
    max_size=30,
).map(lambda parts: "".join(word + sep for word, sep in parts))


@given(digit_texts)
@example("29 - 30 Nov. 2017, \u0663/11/2017 and in 2018.")  # the walk's doctest
@example("x-5 to 30 November 20\u0661\u0667; 1\u0663/11/201\u0667")  # years not all ASCII
@example("2017 2018 2019 1 November 2017 29th of May 2017 - 1 June 2017")  # walk after walk
@example("on 12/3 said 29 November 2017 2017/11/29 2017-11-29 - 2017-11-30")
@example("Tuesday, 29 November 2017; Wednesday Nov. 29, 2017 and Sunday 2017; May 5")
@example("said Nov. 29, 2017, in May 2017, on May 5 2017, MAY 20\u0661\u0667, x May 29")
def test_scan_finds_every_digit_date(text: str) -> None:
    got, want = spans(text)
    assert got == want


@cache
def pattern_reading_weekday_before() -> regex.Pattern[str]:
    """The step's pattern as it was when it read the weekday before a date itself: an
    empty group ``after_wd``, set by a lookbehind at the start of the numeric forms and
    before the weekday of the forms with names."""
    after_wd = r"(?:(?<=\b\L<weekdays>,?\s+)(?P<after_wd>))?"
    forms = dict(_forms())
    for name in ("iso", "num", "ymd"):
        forms[name] = forms[name].replace(_D_START, _D_START + after_wd, 1)
    for name in ("dmy", "mdy"):
        forms[name] = forms[name].replace("(?P<wd>", after_wd + "(?P<wd>", 1)
    start = r"\b(?=\d|\L<starts>(?!\w))"
    return regex.compile(
        start + "(?:" + "\n|".join(forms.values()) + ")",
        regex.X,
        ignore_unused=True,
        **_words().lists,
    )


@given(texts)
@example("Tuesday 29/11/2017, Tuesday Wednesday, 29 November 2017; Monday, 2017-11-29")
@example("Friday  3/4/2017 and Friday 2017/4/3, TUESDAY 1 May 2017")
def test_weekday_before_is_the_old_lookbehind(text: str) -> None:
    old = pattern_reading_weekday_before()
    got = [(m.span(), _after_weekday(m)) for m in _pattern().finditer(text)]
    want = [(m.span(), m.group("after_wd") is not None) for m in old.finditer(text)]
    assert got == want


def reads(text: str, matches: Iterable[regex.Match[str]]) -> list[object]:
    """What the step reads from ``matches``, as :meth:`DatesStep.apply` does."""
    step, found = DatesStep(), []
    for m in matches:
        item = step._read(m, text, found[-1].end if found else 0)
        if item is not None:
            found.append(item)
    return found


@given(st.one_of(texts, digit_texts))
@example("2017-11-29, 2017-11-29 - 2017-11-30, 2017/11/29, 29/11/2017, 29/30 November 2017")
@example("in 2017, mid-2011, May 2017, Nov. 29, 2017, Tuesday 29 November 2017, 5 days ago")
def test_matches_of_some_forms_read_as_the_whole_pattern(text: str) -> None:
    assert reads(text, _matches(text)) == reads(text, _pattern().finditer(text))
