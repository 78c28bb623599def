"""``dates``: find every date, rewrite full dates as ISO 8601, resolve relative dates.

>>> from newsclean import Document
>>> doc = DatesStep()(Document("On 29 November 2017 the Prime Minister visited Taji earlier today."))
>>> doc.text
'On 2017-11-29 the Prime Minister visited Taji earlier today.'
>>> doc.meta["date"], doc.meta["date_source"]
('2017-11-29', 'text')
>>> [(d.value, d.granularity, d.kind, d.text) for d in doc.dates]
[('2017-11-29', 'day', 'absolute', '2017-11-29'), ('2017-11-29', 'day', 'relative', 'earlier today')]

Month and year mentions are annotated, never rewritten; relative dates are resolved
against ``meta["date"]`` (the publication date) and left as they are in the text.
Impossible dates (31 February) and lookalikes (scores, the modal "may") are left alone.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Any, ClassVar, NamedTuple

import ahocorasick_rs
import regex

from ..document import DateMention, Document
from ..edits import Change, apply_changes
from ..resources import data_toml
from .base import ConfigError, Step

__all__ = ["DatesStep"]


class _Words(NamedTuple):
    """The word lists of ``data/dates.toml``, with the forms the pattern needs."""

    months: dict[str, int]  # every name form, ALL-CAPS included, to its number
    weekdays: dict[str, int]  # Monday = 0
    numbers: dict[str, int]
    lists: dict[str, list[str]]  # named lists of the pattern
    not_past: frozenset[str]


def _with_caps(words: list[str]) -> list[str]:
    return sorted({form for w in words for form in (w, w.upper())})


@cache
def _words() -> _Words:
    data = data_toml("dates.toml")
    words = data["words"]
    months: dict[str, int] = {}
    full: list[str] = []
    abbr: list[str] = []
    for number, names in data["months"].items():
        full.append(names[0])
        abbr.extend(names[1:])
        months.update({form: int(number) for name in names for form in (name, name.upper())})
    weekdays = {form: i for i, day in enumerate(words["weekdays"]) for form in (day, day.upper())}
    numbers = {form: n for word, n in data["numbers"].items() for form in (word, word.capitalize())}
    tense = data["tense"]
    relative = [form for w in data["words"]["relative"] for form in (w, w.capitalize(), w.upper())]
    lists = {
        "month_full": _with_caps(full),
        "month_abbr": _with_caps(abbr),
        "weekdays": list(weekdays),
        "year_cues": sorted({f for c in words["year_cues"] for f in (c, c.capitalize())}),
        "year_determiners": words["year_determiners"],
        "year_nouns": words["year_nouns"],
        "count_nouns": words["count_nouns"],
        "street_types": words["street_types"],
        "wd_not_after": words["weekday_not_after"],
        "wd_not_before": words["weekday_not_before"],
        "numbers": list(numbers),
        "starts": sorted({*months, *weekdays, *relative}),
        "future": tense["future"],
        "past": tense["past"],
    }
    return _Words(months, weekdays, numbers, lists, frozenset(tense["not_past"]))


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[6-9]|20)\d\d"  # 1600-2099
_BARE_YEAR = r"(?:1[89]|20)\d\d"  # 1800-2099, and only after a cue
_MON = r"(?:\L<month_full>|\L<month_abbr>\.?)"
_D_START = r"(?<![\w/.-])"  # before a form that starts with a digit (or a weekday)
_D_END = r"(?![\w/%]|[-–.:,]\d)"  # after a form that ends with a digit
_CONN = r"(?P<conn>\s*[-–—/]\s*|\s+(?:to|until|till|through)\s+)"
_AND = r"(?P<conn>\s+and\s+)"


def _range_start(first: str) -> str:
    """A range's first date and connector: "29-", "29 November to ", "between 29 and "."""
    return rf"(?:(?<=\b[Bb]etween\s){first}{_AND}|{first}{_CONN})"


@cache
def _forms() -> dict[str, str]:
    """Every date form as a pattern branch, one named group per form, in the order tried."""
    dmy1 = rf"(?P<d1>{_DAY})(?:(?:\s+of)?\s+(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR}))?)?"
    mdy1 = rf"(?P<m1>{_MON})\s+(?P<d1>{_DAY})(?:,?\s+(?P<y1>{_YEAR}))?"
    iso1 = rf"(?P<y1>{_YEAR})-(?P<mn1>0[1-9]|1[0-2])-(?P<d1>[0-3]\d)"
    weekday = r"(?:(?P<wd>\L<weekdays>),?\s+)?"
    not_street = r"(?!\s+(?:\p{Lu}[\w.'-]*\s+){1,3}\L<street_types>(?!\w))"
    return {
        "dmy": rf"""(?P<dmy>{_D_START}{weekday}(?:{_range_start(dmy1)})?
            (?P<d>{_DAY})(?:\s+of)?\s+(?P<m>{_MON}),?\s+(?P<y>{_YEAR}){_D_END})""",
        "mdy": rf"""(?P<mdy>{_D_START}{weekday}(?:{_range_start(mdy1)}(?:(?P<m>{_MON})\s+)?|(?P<m>{_MON})\s+)
            (?P<d>{_DAY}),?\s+(?P<y>{_YEAR}){_D_END})""",
        "iso": rf"""(?P<iso>{_D_START}(?:{_range_start(iso1)})?
            (?P<y>{_YEAR})-(?P<mn>0[1-9]|1[0-2])-(?P<d>[0-3]\d){_D_END})""",
        "num": rf"(?P<num>{_D_START}(?P<n1>[0-3]?\d)/(?P<n2>[0-3]?\d)/(?P<y>{_YEAR}){_D_END})",
        "ymd": rf"(?P<ymd>{_D_START}(?P<y>{_YEAR})/(?P<mn>1[0-2]|0?[1-9])/(?P<d>[0-3]?\d){_D_END})",
        "monthyear": rf"(?P<monthyear>(?<!\w|\d\s)(?P<m>{_MON})\s+(?P<y>{_YEAR}){_D_END})",
        "year": rf"""(?P<year>(?:(?<=\b\L<year_cues>\s)|(?<=\b[Mm]id-))(?P<y>{_BARE_YEAR}){_D_END}
            (?!\s+\L<count_nouns>(?!\w)){not_street}
          | (?<=\b\L<year_determiners>\s)(?P<y>{_BARE_YEAR}){_D_END}
            (?=\s+(?:[\w-]+\s+){{0,2}}\L<year_nouns>(?!\w)))""",
        "relday": r"""(?P<relday>(?<!\w|USA\s)(?:(?i:earlier|later)\s+)?
            (?P<rd>(?i:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)))
            (?!\w|\s+(?:programme|show)))""",
        "relunit": r"""(?P<relunit>(?<!\w|\b[Tt]he\s)(?P<udir>(?i:last|this|next))\s+
            (?P<unit>(?i:week|month|year))(?![\w-]))""",
        "ago": r"(?P<ago>(?<!\w)(?P<aunit>(?i:day|week|month|year))s?\s+(?i:ago)(?!\w))",
        "weekday": r"""(?P<weekday>(?<!\w|\b\L<wd_not_after>\s)(?:(?P<wdir>(?i:last|next|this))\s+)?
            (?P<wd>\L<weekdays>)(?!\w|\s+\L<wd_not_before>(?!\w)))""",
    }


#: The forms that can start with a digit, and those that can start with a word.
_DIGIT_FORMS = ("dmy", "iso", "num", "ymd", "year")
_WORD_FORMS = ("dmy", "mdy", "monthyear", "relday", "relunit", "ago", "weekday")


@cache
def _pattern(forms: tuple[str, ...] | None = None, scanned: bool = False) -> regex.Pattern[str]:
    """The date forms (all of them, or those named) as one pattern (see :func:`_branch`).

    The forms are tried in the order of :func:`_forms`, so at a place where only the
    named forms can start, the pattern of those matches as the whole one would.
    ``scanned``: the pattern for the places the scans find (see :func:`_candidates`),
    without the test that a date may start there: every form tests its own edges (no
    word character before it, and a blank, "-" or "/" after a name), and the scans
    find only whole start words and digits.
    """
    names = tuple(name for name in _forms() if forms is None or name in forms)
    start = "" if scanned else r"\b(?=\d|\L<starts>(?!\w))"
    pattern = regex.compile(
        start + "(?:" + "\n|".join(_forms()[name] for name in names) + ")",
        regex.X,
        ignore_unused=True,
        **_words().lists,
    )
    _FORMS_OF[pattern] = names
    return pattern


#: The forms of each pattern of :func:`_pattern`, in order (its named form groups).
_FORMS_OF: dict[regex.Pattern[str], tuple[str, ...]] = {}


# Where a match of _pattern() can start, found by one automaton at C speed and Python at
# its hits, so that the pattern itself runs only there: tried at every word, it cost 70
# ms on 0.9 MB of news. The scan gives a superset of the real starts (it may find more,
# never fewer), and _pattern() decides. (Session 6: a regex pass that tested every
# number for a day, a month's initial or a year took 4 ms, and the weekday lookbehinds
# in the pattern, read at every candidate, 0.5 ms; the walks back from the years and
# reading the weekday only for dates to rewrite replaced them.)

#: The word that must follow each relative start word (after whitespace) for a branch
#: of _pattern() to match from it, in lower case (the branches read it case-blind). A
#: relative word left out here is always a candidate.
_NEXT_WORDS = {
    "earlier": ("today", "tonight", "yesterday", "tomorrow", "this"),  # earlier this morning
    "later": ("today", "tonight", "yesterday", "tomorrow", "this"),
    "this": ("morning", "afternoon", "evening", "week", "month", "year"),  # + weekdays
    "last": ("week", "month", "year"),  # + weekdays
    "next": ("week", "month", "year"),
    **dict.fromkeys(("day", "days", "week", "weeks", "month", "months", "year", "years"), ("ago",)),
}
_WEEKDAY_AFTER = ("this", "last", "next")  # these also take a weekday ("last Tuesday")

#: The forms that can start at each kind of start word (the pattern of only those is
#: smaller, so quicker to try); a relative word left out here gets every word form.
_MONTH_FORMS = ("mdy", "monthyear")
_WEEKDAY_FORMS = ("dmy", "mdy", "weekday")
_RELATIVE_FORMS = {
    **dict.fromkeys(("today", "tonight", "tomorrow", "yesterday", "earlier", "later"), ("relday",)),
    "this": ("relday", "relunit", "weekday"),
    **dict.fromkeys(("last", "next"), ("relunit", "weekday")),
    **dict.fromkeys(("day", "days", "week", "weeks", "month", "months", "year", "years"), ("ago",)),
}


#: The words that may stand between the first digit of a date written with digits and its
#: year, besides numbers and month names: "29th of November 2017", "1 to 3 December 2017".
_BETWEEN_WORDS = ("of", "to", "until", "till", "through", "and")
#: The years a date can have (``_YEAR``): the digit words the scan starts from.
_YEARS = range(1600, 2100)
#: The first two or three digits of a year, for a year whose other digits are not ASCII
#: ("20\u0661\u0667"): the scan starts from these only when such a character follows.
_YEAR_PREFIXES = (*range(16, 21), *range(160, 210))


#: The step's view of the text for the word scan: ASCII letters, digits and "_" as they
#: are, every other character a space (one byte per character, so offsets agree).
_ASCII_WORDS = bytes(
    c if chr(c).isascii() and (chr(c).isalnum() or c == 95) else 32 for c in range(256)
)


class _WordScan(NamedTuple):
    """The word scan: one Aho-Corasick automaton over :data:`_ASCII_WORDS` bytes
    (leftmost-longest, kept when whole words) of the start words but the units of "N
    days ago", then the years (:data:`_YEARS`), then :data:`_YEAR_PREFIXES`, then "ago"
    in every case; for each start word, its kind (:data:`_MONTH`, :data:`_WEEKDAY` or
    another), the words one of which must follow it (in lower case; None: any), the
    bytes one of which must come right after its blank for one of those (a blank among
    them), and the pattern of the forms that can start with it."""

    matcher: ahocorasick_rs.BytesAhoCorasick
    between: frozenset[bytes]  # the words other than numbers inside a date before its year
    units: dict[bytes, regex.Pattern[str]]  # the start words of "N days ago"
    kinds: list[int]
    next_words: list[frozenset[bytes] | None]
    initials: list[bytes]
    patterns: list[regex.Pattern[str]]


_MONTH, _WEEKDAY = 1, 2
#: "ago" in every case: the word after the unit of "N days ago" (no other character
#: matches one of its letters case-blind), from which the scan looks back to the unit.
_AGO = [bytes(case) for case in itertools.product(*((c, c - 32) for c in b"ago"))]
_BLANKS = re.compile(b" *")


@cache
def _word_scan() -> _WordScan:
    w = _words()
    weekdays = tuple(day.lower() for day in w.weekdays)
    words, kinds, next_words, initials, patterns = [], [], [], [], []
    units = {}
    for word in w.lists["starts"]:
        follow = _NEXT_WORDS.get(word.casefold())
        forms = (
            _MONTH_FORMS
            if word in w.months
            else _WEEKDAY_FORMS
            if word in w.weekdays
            else _RELATIVE_FORMS.get(word.casefold(), _WORD_FORMS)
        )
        if follow == ("ago",):  # found from its "ago"
            units[word.encode("ascii")] = _pattern(forms, scanned=True)
            continue
        if follow is not None and word.casefold() in _WEEKDAY_AFTER:
            follow += weekdays
        kinds.append(_MONTH if word in w.months else _WEEKDAY if word in w.weekdays else 0)
        next_words.append(None if follow is None else frozenset(f.encode() for f in follow))
        firsts = {f[0] for f in follow or ()}
        initials.append(" ".join(sorted(firsts | {f.upper() for f in firsts})).encode())
        words.append(word.encode("ascii"))
        patterns.append(_pattern(forms, scanned=True))
    digits = [str(n).encode("ascii") for n in (*_YEARS, *_YEAR_PREFIXES)]
    between = frozenset(word.encode("ascii") for word in (*w.months, *_BETWEEN_WORDS))
    matcher = ahocorasick_rs.BytesAhoCorasick(
        words + digits + _AGO,
        matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        implementation=ahocorasick_rs.Implementation.DFA,
    )
    return _WordScan(matcher, between, units, kinds, next_words, initials, patterns)


@cache
def _some_forms() -> dict[str, regex.Pattern[str]]:
    """The patterns of some forms the scan picks by what stands at a candidate."""
    return {
        "month": _pattern(_MONTH_FORMS, scanned=True),
        "monthyear": _pattern(("monthyear",), scanned=True),
        "weekday_date": _pattern(_WEEKDAY_FORMS, scanned=True),
        "weekday": _pattern(("weekday",), scanned=True),
        "digit": _pattern(_DIGIT_FORMS, scanned=True),
        "day": _pattern(("dmy",), scanned=True),
        "day_or_numbers": _pattern(("dmy", "num"), scanned=True),
        "iso": _pattern(("iso", "year"), scanned=True),
        "ymd": _pattern(("ymd",), scanned=True),
        "year": _pattern(("year",), scanned=True),
    }


def _candidates(text: str) -> list[tuple[int, regex.Pattern[str]]]:
    """The offsets where a match of :func:`_pattern` may start, in order, each with
    the pattern of the forms that can start there (a smaller pattern is quicker to try)."""
    ascii_words = b" ".join((b"", text.encode("ascii", "replace").translate(_ASCII_WORDS), b""))
    scan = _word_scan()
    found = []
    kinds, next_words, initials, patterns = (
        scan.kinds,
        scan.next_words,
        scan.initials,
        scan.patterns,
    )
    words = len(kinds)
    prefixes = words + len(_YEARS)
    agos = prefixes + len(_YEAR_PREFIXES)
    years: list[int] = []  # where the years stand, in the ASCII view
    months: list[tuple[int, int]] = []
    weekdays: list[int] = []
    # Start words hold no blank, so a match that is not a whole word ends inside its word
    # and hides no whole word after it; at a whole word, the longest match is the word.
    for index, start, end in scan.matcher.find_matches_as_indexes(ascii_words):
        if ascii_words[start - 1] != 32 or ascii_words[end] != 32:  # not a whole word
            continue
        if index >= words:
            if index >= agos:  # "ago": the unit of "N days ago" is the word before
                last = start - 2
                while ascii_words[last] == 32 and last:
                    last -= 1
                first = ascii_words.rfind(b" ", 0, last) + 1
                if (unit := scan.units.get(ascii_words[first : last + 1])) is not None:
                    found.append((first - 1, unit))
            elif index < prefixes or not text[end - 1 : end].isascii():
                years.append(start)  # a year (or the ASCII digits of one)
            continue
        kind = kinds[index]
        if kind == _MONTH:
            months.append((start, end))
            continue
        if kind == _WEEKDAY:
            weekdays.append(start)
            continue
        if (follow := next_words[index]) is not None:  # the next word must be one of these
            at = end + 1
            initial = ascii_words[at : at + 1]
            if initial not in initials[index]:  # (b"" at the end: in every bytes)
                continue
            if initial == b" ":
                at = _BLANKS.match(ascii_words, at).end()  # type: ignore[union-attr]
            stop = ascii_words.find(b" ", at)
            # A word cut by a character outside ASCII may still be one of them: the
            # branches read it case-blind, and "\u017f" is an "s" ("yeſterday"), the
            # Kelvin sign a "k".
            if ascii_words[at:stop].lower() not in follow and text[stop - 1 : stop].isascii():
                continue
        found.append((start - 1, patterns[index]))
    forms = _some_forms()
    if not years:  # no date with a year: no month opens one, weekdays stand alone
        found += [(start - 1, forms["weekday"]) for start in weekdays]
        found.sort(key=itemgetter(0))
        return found
    starts, passed, stops = _walk_back(text, ascii_words, years, scan.between)
    # A date that opens with a month holds a year after it, so a walk passed the month;
    # a day or a year follows it ("Nov. 29", "May 2017": a year alone, one form).
    for start, end in months:
        if start in passed:
            at = _BLANKS.match(ascii_words, end).end()  # type: ignore[union-attr]
            if at < len(ascii_words) and 48 <= ascii_words[at] <= 57:
                year = ascii_words[at : at + 5]
                alone = year[:4].isdigit() and year[4] == 32
                found.append((start - 1, forms["monthyear" if alone else "month"]))
    # A weekday opens a date with a day only where a walk stopped; else it is one alone.
    for start in weekdays:
        found.append((start - 1, forms["weekday_date" if start in stops else "weekday"]))
    year_words, back = _year_words()
    for start in starts:
        if (pattern := _digit_pattern(start, text, ascii_words, year_words, back)) is not None:
            found.append((start, pattern))
    found.sort(key=itemgetter(0))
    return found


def _digit_pattern(
    start: int, text: str, ascii_words: bytes, year_words: frozenset[bytes], back: int
) -> regex.Pattern[str] | None:
    """The pattern of the forms that can start at a digit (None: none can): a year
    starts ISO dates, year/month/day dates and bare years (these only after a cue),
    a day or a month number the other forms, another digit (not ASCII) any of them."""
    forms = _some_forms()
    head = text[start : start + 4]
    if not head.isascii():
        return forms["digit"]
    if not head.isdigit():  # no year: a day, or a day or month number before "/"
        return forms["day_or_numbers" if "/" in text[start + 1 : start + 3] else "day"]
    after = text[start + 4 : start + 5]
    if after == "-":
        return forms["iso"]
    if after == "/":
        return forms["ymd"]
    # A bare year: a date only after a cue, whose last word is then the word before it.
    before = ascii_words[max(0, start - back) : start]  # the text up to start - 1
    if before[before.rfind(b" ") + 1 :] not in year_words:
        return None
    return forms["year"]


def _walk_back(
    text: str, ascii_words: bytes, years: list[int], between: frozenset[bytes]
) -> tuple[list[int], set[int], set[int]]:
    """Where a date written with digits may start (not in order), and the words the
    walks passed and stopped at (offsets in the ASCII view). Every date with digits,
    or opening with a month or a weekday and a day, holds a year; between the date's
    start and its year stand only numbers, month names, the :data:`_BETWEEN_WORDS` and
    blanks. So from each year (its offset in the ASCII view, in order) a walk goes back
    over those, and keeps the numbers it passes (not after "/" or ".") and the digits
    outside ASCII in the blanks ("\u0663/11/2017"). A walk stops at the year before,
    where the walk from that one took over.

    >>> text = "On 29 - 30 Nov. 2017, \u0663/11/2017 and in 2018."
    >>> view = b" " + text.encode("ascii", "replace").translate(_ASCII_WORDS) + b" "
    >>> starts, passed, stops = _walk_back(text, view, [17, 28, 40], _word_scan().between)
    >>> sorted(starts), sorted(passed), sorted(stops)
    ([3, 8, 16, 22, 27, 39], [12], [1, 37])
    """
    starts: list[int] = []
    passed: set[int] = set()
    stops: set[int] = set()
    done = 0  # the year the last walk started from
    plain = text.isascii()
    for year in years:
        starts.append(year - 1)  # offsets in the view are one more than in the text
        pos = year  # a word start: a blank before it
        while True:
            last = pos - 2  # the last character of the word before: skip the blanks
            if last > 0 and ascii_words[last] == 32:  # more than one (C speed: a long run)
                nonblank = _LAST_NONBLANK.search(ascii_words, 1, last)
                last = 0 if nonblank is None else nonblank.start()
            if not plain and not text[last : pos - 1].isascii():  # the blanks, in the text
                starts.extend(m.start() for m in _ANY_DIGIT.finditer(text, last, pos - 1))
            first = ascii_words.rfind(b" ", 0, last) + 1
            if last <= 0 or first <= done:
                break
            word = ascii_words[first : last + 1]
            if 48 <= word[0] <= 57:  # a number
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


_ANY_DIGIT = regex.compile(r"\d")
#: The last byte of the ASCII view that is no blank, searched for from the end.
_LAST_NONBLANK = regex.compile(rb"[^ ]", regex.REVERSE)


@cache
def _year_words() -> tuple[frozenset[bytes], int]:
    """The last words of what must stand before a bare year: its cues ("in", "the end
    of"), its determiners ("the 2003 invasion"), "mid" ("mid-2011"); and how many
    characters of the ASCII view to look back for one (with the blank before it).

    >>> words, back = _year_words()
    >>> b"in" in words, b"of" in words, b"mid" in words, back
    (True, True, True, 11)
    """
    lists = _words().lists
    cues = [*lists["year_cues"], *lists["year_determiners"], "mid", "Mid"]
    words = frozenset(cue.split()[-1].encode("ascii") for cue in cues)
    return words, max(map(len, words)) + 1


def _matches(text: str) -> Iterator[regex.Match[str]]:
    """The matches of :func:`_pattern` in ``text``, as its ``finditer`` gives them."""
    end = 0
    for start, pattern in _candidates(text):
        if start >= end:
            m = pattern.match(text, start)
            if m is not None:
                end = m.end()
                yield m


@cache
def _number_before() -> regex.Pattern[str]:
    """The count of "two days ago", just before the unit."""
    return regex.compile(
        r"(?<![\w.,])(?:\d{1,3}|\L<numbers>)\s+\Z", numbers=_words().lists["numbers"]
    )


@cache
def _tense_cues() -> regex.Pattern[str]:
    return regex.compile(
        r"(?<!\w)(?:(?P<future>\L<future>)|(?P<past>\L<past>|(?-i:\p{Ll}{2,}ed)))(?!\w)",
        regex.I,
        future=_words().lists["future"],
        past=_words().lists["past"],
    )


@cache
def _tense_cues_ascii() -> re.Pattern[str]:
    """:func:`_tense_cues` for ASCII text, in ``re`` (twice as quick on a sentence): the
    same cues, longest first, ASCII case-insensitive; ``[a-z]`` is ``\\p{Ll}`` there."""
    words = _words().lists

    def listed(name: str) -> str:
        return "|".join(re.escape(w) for w in sorted(words[name], key=len, reverse=True))

    return re.compile(
        rf"(?<!\w)(?:(?P<future>{listed('future')})|(?P<past>{listed('past')}|(?-i:[a-z]{{2,}}ed)))(?!\w)",
        re.I | re.A,
    )


_LOWER = regex.compile(r"\p{Ll}")
_ISO_PREFIX = regex.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[T ][\d:.+\-Z ]*)?\Z")
_OPENING = regex.compile(r"\s*[-–—:]")
_LINE = regex.compile(r"(?m)^[^\S\n]*+(?=\S)")
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_DIRECTIONS = {"last": -1, "this": 0, "next": 1}

#: A relative date before resolution: ("day"|"week"|"month"|"year", amount) or
#: ("weekday", weekday, direction, strict); a weekday's direction is None until
#: :func:`_with_tenses` reads it (only when there is a date to resolve against).
Relative = tuple[Any, ...]


class _Found(NamedTuple):
    """One mention in the step's input, before rewriting."""

    start: int
    end: int
    granularity: str
    value: str | None = None  # absolute dates
    new: str | None = None  # the rewrite of a date with a day
    rule: str = "dates.absolute"
    relative: Relative | None = None
    day: dt.date | None = None  # a single date with a day: a publication date candidate
    caps: bool = False  # an ALL-CAPS month or weekday name: a date only on an all-caps line


@dataclass(frozen=True)
class DatesStep(Step):
    """Find dates; rewrite full dates as ISO 8601; resolve relative dates; set the publication date."""

    name: ClassVar[str] = "dates"
    summary: ClassVar[str] = (
        "annotate dates; rewrite full dates as ISO 8601; resolve relative dates"
    )
    rules: ClassVar[dict[str, str]] = {
        "dates.absolute": "a full date rewritten in `format` ('29 November 2017' -> '2017-11-29')",
        "dates.range": "both ends of a day range rewritten in `format` ('29-30 November 2017' -> '2017-11-29/2017-11-30')",
    }

    #: Rewrite full dates in the text (false: annotate only).
    rewrite: bool = True
    #: The strftime format of rewritten dates.
    format: str = "%Y-%m-%d"
    #: How to read all-numeric dates such as 03/04/2017: "dmy" (3 April) or "mdy" (4 March).
    numeric_order: str = "dmy"
    #: Read English words (month and weekday names, relative dates); false: numeric dates only.
    names: bool = True

    languages: ClassVar[frozenset[str]] = frozenset({"en"})
    other_languages: ClassVar[dict[str, Any]] = {"names": False}

    def __post_init__(self) -> None:
        try:
            dt.date(2017, 11, 29).strftime(self.format)
        except ValueError as exc:
            raise ConfigError(f"dates: bad format {self.format!r}: {exc}") from exc
        if self.numeric_order not in ("dmy", "mdy"):
            raise ConfigError(
                f"dates: numeric_order must be 'dmy' or 'mdy', not {self.numeric_order!r}"
            )

    def apply(self, doc: Document) -> Document:
        text = doc.text
        found: list[_Found] = []
        caps = False
        for m in _matches(text):
            item = self._read(m, text, found[-1].end if found else 0)
            if item is not None:
                found.append(item)
                caps = caps or item.caps
        if caps:
            found = _on_caps_lines(text, found)
        meta, anchor = _publication(doc.meta, text, found)
        if anchor is not None:
            found = _with_tenses(text, found)
        if not found:
            doc = doc.evolve(dates=()) if doc.dates else doc
            return doc.with_meta(**meta) if meta else doc
        if self.rewrite and any([f.new for f in found]):
            changes = [
                Change(f.start, f.end, f.new or text[f.start : f.end], f.rule) for f in found
            ]
            new_text, edits, spans = apply_changes(text, changes, self.name)
            mentions = tuple(
                [
                    _mention(f, text[f.start : f.end], new_text[start:end], start, end, anchor)
                    for f, (start, end) in zip(found, spans, strict=True)
                ]
            )
        else:  # annotations only: the text stays, and so do the spans
            new_text, edits = text, ()
            mentions = tuple(
                [
                    _mention(f, (same := text[f.start : f.end]), same, f.start, f.end, anchor)
                    for f in found
                ]
            )
        # one copy of the document, its meta merged as with_meta merges it
        fields = {"dates": mentions, **({"meta": {**doc.meta, **meta}} if meta else {})}
        if edits:
            return doc.with_edits(new_text, edits).evolve(**fields)
        return doc.evolve(**fields)

    def _read(self, m: regex.Match[str], text: str, last_end: int) -> _Found | None:
        """The mention of one match, or None when it is not a date after all."""
        branch = _branch(m)
        if not self.names and branch not in _NUMERIC:
            return None
        start, end = m.span()
        # the forms most found first
        if branch == "weekday":
            wdir, name = m.group("wdir", "wd")
            day = _words().weekdays[name]
            wdir = wdir.casefold() if wdir else ""
            if wdir in ("last", "next"):
                relative = ("weekday", day, _DIRECTIONS[wdir], True)
            else:
                relative = ("weekday", day, None, False)  # the tense, when needed
            return _Found(start, end, "day", relative=relative, caps=name.isupper())
        if branch == "year":
            return _Found(start, end, "year", m.group("y"))
        if branch == "relunit":
            direction, unit = m.group("udir", "unit")
            unit = unit.casefold()
            return _Found(start, end, unit, relative=(unit, _DIRECTIONS[direction.casefold()]))
        if branch == "relday":
            word = m.group("rd").casefold()
            return _Found(start, end, "day", relative=("day", _RELATIVE_DAYS.get(word, 0)))
        if branch in ("dmy", "mdy"):  # the forms with names: caps decide
            found = _keeps_apart(m, self._absolute(m, branch), branch)
            caps = any(name and name.isupper() for name in m.group("m", "m1", "wd"))
            return found._replace(caps=caps) if found and caps else found
        if branch in _NUMERIC:
            return _keeps_apart(m, self._absolute(m, branch), branch)
        if branch == "monthyear":
            name, year = m.group("m", "y")
            month = _words().months[name.rstrip(".")]
            return _Found(start, end, "month", f"{year}-{month:02d}", caps=name.isupper())
        # "ago"
        count = _number_before().search(text, max(last_end, start - 16), start)
        if count is None:
            return None  # "years ago", "a few days ago": vague
        word = count.group().strip()
        n = int(word) if word.isdigit() else _words().numbers[word]
        unit = m.group("aunit").casefold()
        return _Found(count.start(), end, unit, relative=(unit, -n))

    def _format(self, day: dt.date) -> str:
        """``day`` in ``format``: ISO 8601 as ``isoformat`` writes it (the same for the
        years a date can have, 1600-2099, and five times as quick)."""
        return day.isoformat() if self.format == "%Y-%m-%d" else day.strftime(self.format)

    def _absolute(self, m: regex.Match[str], branch: str) -> _Found | None:
        end = _date(m, branch, "", self.numeric_order)
        if end is None:
            return None
        conn = _group(m, "conn")
        if conn is None:
            return _Found(m.start(), m.end(), "day", end.isoformat(), self._format(end), day=end)
        start = _date(m, branch, "1", self.numeric_order, end)
        if start is None or start >= end:
            return None
        sep = "/" if conn.strip() in ("-", "–", "—", "/") else conn
        return _Found(
            m.start(),
            m.end(),
            "day",
            f"{start.isoformat()}/{end.isoformat()}",
            f"{self._format(start)}{sep}{self._format(end)}",
            "dates.range",
        )


def _keeps_apart(m: regex.Match[str], found: _Found | None, branch: str) -> _Found | None:
    """``found``, annotated only (not rewritten) when its rewrite would join the weekday
    before it: "Tuesday 29/11/2017" as "Tuesday 29 November 2017" reads as one date
    with its weekday, and a second run would rewrite it again."""
    if found is None or found.new is None or not _after_weekday(m, branch):
        return found
    joined = _pattern().match("Monday " + found.new)
    return found._replace(new=None) if joined and joined.end() > len("Monday") else found


def _group(m: regex.Match[str], name: str) -> str | None:
    """A group of a match of :func:`_pattern`, None when its pattern has no such group
    (the patterns of some forms only)."""
    return m.group(name) if name in m.re.groupindex else None


def _after_weekday(m: regex.Match[str], branch: str | None = None) -> bool:
    """Whether a weekday stands right before the match of a numeric form, or of a form
    with names that opens with its own weekday: "Tuesday 29/11/2017", "Tuesday
    Wednesday, 29 November 2017" (read only for the few dates :func:`_keeps_apart`
    would rewrite, not by the pattern at every candidate).

    >>> _after_weekday(_pattern().search("Tuesday 29/11/2017", 1))
    True
    >>> _after_weekday(_pattern().match("Tuesday, 29 November 2017"))
    False
    """
    branch = branch or _branch(m)
    if branch not in _NUMERIC and (branch not in ("dmy", "mdy") or m.group("wd") is None):
        return False
    return _weekday_before().match(m.string, m.start()) is not None


@cache
def _weekday_before() -> regex.Pattern[str]:
    """A weekday (and maybe a comma) and blanks right before the position matched at."""
    return regex.compile(r"(?<=\b\L<weekdays>,?\s+)", weekdays=_words().lists["weekdays"])


_NUMERIC = ("iso", "num", "ymd")  # the forms without words
_BRANCHES = ("dmy", "mdy", "iso", "num", "ymd", "monthyear", "year", "relday", "relunit", "ago")


def _branch(m: regex.Match[str]) -> str:
    """The form a match of :func:`_pattern` has (its outermost named group).

    >>> _branch(_pattern().match("29/11/2017"))
    'num'
    """
    forms = _FORMS_OF[m.re]
    if len(forms) == 1:
        return forms[0]
    last = m.lastgroup  # mostly the form; else a group inside it (only one form takes part)
    if last in forms:
        return last  # type: ignore[return-value]
    return next(name for name, part in zip(forms, m.group(*forms), strict=True) if part is not None)


def _date(
    m: regex.Match[str], branch: str, n: str, order: str, end: dt.date | None = None
) -> dt.date | None:
    """The date of one end of a match (``n`` is "1" for a range's start; it borrows the
    month and year it leaves out from the range's ``end``)."""
    months = _words().months
    if branch == "num":
        first, second = int(m.group("n1")), int(m.group("n2"))
        day, month = (first, second) if order == "dmy" else (second, first)
        year = int(m.group("y"))
    else:
        numbers = branch in ("iso", "ymd")
        name = None if numbers else m.group("m" + n) or m.group("m1")  # "November 29-30, 2017"
        number = m.group("mn" + n) if numbers else None
        month = (
            months[name.rstrip(".")] if name else int(number) if number else end.month if end else 0
        )
        day = int(m.group("d" + n).rstrip("stndrh"))
        year_text = m.group("y" + n)
        year = int(year_text) if year_text else end.year if end else 0
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _on_caps_lines(text: str, found: list[_Found]) -> list[_Found]:
    """``found`` without the ALL-CAPS names on lines with lower-case letters.

    Letters inside mentions do not count ("29th of MAY 2017", "Nov. 29, 2017"): the
    step rewrites some of them, and the decision must not change when it runs again.
    """
    kept = []
    for f in found:
        if f.caps:
            end = text.find("\n", f.end)
            pos, line_end = text.rfind("\n", 0, f.start) + 1, len(text) if end < 0 else end
            lower = False
            for g in found:
                if g.end > pos and g.start < line_end:
                    lower = lower or _LOWER.search(text, pos, max(pos, g.start)) is not None
                    pos = max(pos, g.end)
            if lower or _LOWER.search(text, pos, line_end):
                continue
        kept.append(f)
    return kept


def _with_tenses(text: str, found: list[_Found]) -> list[_Found]:
    """``found`` with the direction of each weekday without one read from its tense."""
    return [
        f._replace(relative=(*f.relative[:2], _tense(text, f.start, f.end), False))
        if f.relative is not None and f.relative[0] == "weekday" and f.relative[2] is None
        else f
        for f in found
    ]


def _tense(text: str, start: int, end: int) -> int:
    """+1 if the sentence around ``text[start:end]`` speaks of the future, -1 of the past, else 0."""
    lo, hi = max(0, start - 120), min(len(text), end + 80)
    cut = max(text.rfind(mark, lo, start) for mark in (". ", "? ", "! ", "\n"))
    lo = max(lo, cut + 1)
    stops = [i for i in (text.find(mark, end, hi) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    hi = min(stops, default=hi)
    # The cues are the matches of finditer(text, lo, hi); the one wanted is mostly just
    # before the mention, so the scan starts at the last character before it that no
    # cue can hold (the matches from there are those of the whole scan), and goes on
    # to the matches from ``lo`` only when that finds no cue before the mention.
    # On ASCII text (the character before the window included, for the cue's "(?<!\\w)")
    # the ``re`` twin of the cue pattern gives the same matches.
    if text[lo - 1 if lo else 0 : hi].isascii():
        cues: regex.Pattern[str] | re.Pattern[str] = _tense_cues_ascii()
        stop = _NOT_IN_CUES_ASCII.match(text, lo, start)
    else:
        cues = _tense_cues()
        stop = _NOT_IN_CUES.search(text, lo, start)
    sync = lo if stop is None else stop.end()
    before, after = _cues_around(cues, text, sync, hi, start, end)
    if before is None and sync > lo:
        before, _ = _cues_around(cues, text, lo, hi, sync, sync)
    return before if before is not None else after if after is not None else 0


#: A character no tense cue holds (cues are words, maybe with spaces and apostrophes).
_NOT_IN_CUES = regex.compile(r"[^\p{L}' ]", regex.REVERSE)
#: The same on ASCII text: the match ends after the last such character.
_NOT_IN_CUES_ASCII = re.compile(r"(?s:.*)[^A-Za-z' ]")


def _cues_around(
    cues: regex.Pattern[str] | re.Pattern[str], text: str, lo: int, hi: int, start: int, end: int
) -> tuple[int | None, int | None]:
    """The last tense cue of ``cues.finditer(text, lo, hi)`` that ends by ``start`` and the
    first that starts at ``end`` or later (+1 future, -1 past; None for none).

    >>> _cues_around(_tense_cues(), "They met on Monday and will go.", 0, 31, 12, 18)
    (-1, None)
    >>> _cues_around(_tense_cues_ascii(), "On Monday they will go.", 0, 23, 3, 9)
    (None, 1)
    """
    before = None
    not_past = _words().not_past
    for c in cues.finditer(text, lo, hi):
        cue_start, cue_end = c.span()
        if cue_start >= start and before is not None:
            break
        if cue_end > start and cue_start < end:
            continue  # overlaps the mention
        future, past = c.group("future", "past")
        if past and past.casefold() in not_past:
            continue
        if cue_start >= end:
            return before, 1 if future else -1
        before = 1 if future else -1
    return before, None


def _resolve(relative: Relative, anchor: dt.date) -> str | None:
    """The ISO value of a relative date against ``anchor``; None if out of range."""
    kind, amount = relative[0], relative[1]
    try:
        if kind == "day":
            return (anchor + dt.timedelta(days=amount)).isoformat()
        if kind == "week":
            year, week, _ = (anchor + dt.timedelta(weeks=amount)).isocalendar()
            return f"{year:04d}-W{week:02d}"
        if kind == "month":
            months = anchor.year * 12 + anchor.month - 1 + amount
            return f"{months // 12:04d}-{months % 12 + 1:02d}" if 0 < months // 12 < 10000 else None
        if kind == "year":
            return f"{anchor.year + amount:04d}" if 0 < anchor.year + amount < 10000 else None
        direction, strict = relative[2], relative[3]
        if direction == 0:
            return None  # no tense to tell the last Tuesday from the next
        delta = (direction * (amount - anchor.weekday())) % 7 or (7 if strict else 0)
        return (anchor + dt.timedelta(days=direction * delta)).isoformat()
    except OverflowError:
        return None


def _mention(
    f: _Found, original: str, text: str, start: int, end: int, anchor: dt.date | None
) -> DateMention:
    """The mention of ``f``, whose text was ``original`` and is ``text`` at
    ``start:end`` of the step's output."""
    if f.relative is None:
        # (every field by position: a third quicker than with a keyword)
        return DateMention(f.value, f.granularity, start, end, text, "absolute", None, original)
    value = _resolve(f.relative, anchor) if anchor else None
    return DateMention(
        value,
        f.granularity,
        start,
        end,
        text,
        "relative",
        anchor.isoformat() if anchor and value else None,
        original,
    )


def _publication(
    meta: Any, text: str, found: list[_Found]
) -> tuple[dict[str, Any], dt.date | None]:
    """Metadata updates (``date``, ``date_source``) and the anchor for relative dates.

    A date in ``meta`` wins (``date_source`` "meta" unless a step set it); else a
    date opening one of the first two lines ("On 29 November 2017 ...", "29 November
    2017 - ...") is the publication date, ``date_source`` "text".
    """
    value = meta.get("date")
    if value is not None and value != "":
        iso, anchor = _normalise(value)
        if "date_source" in meta:
            return {}, anchor
        return {"date_source": "meta", **({"date": iso} if iso and iso != value else {})}, anchor
    if all(f.day is None for f in found):
        return {}, None
    lines = _first_lines(text)
    last = lines[-1] + 3 if lines else 0
    for f in found:
        if f.start > last:
            break  # ``found`` is in text order
        if f.day is None:
            continue
        for start in lines:
            prefix = text[start : f.start]
            if prefix in ("On ", "on ") or (not prefix and _OPENING.match(text, f.end)):
                return {"date": f.day.isoformat(), "date_source": "text"}, f.day
    return {}, None


def _first_lines(text: str) -> list[int]:
    """Where the first two lines with a visible character start (in the first 4,000
    characters): the starts ``_LINE.search`` finds from 0 and then from after the first,
    found line by line (a search tries every character of a long line).

    >>> _first_lines("\\n  \\nTitle\\n\\n  Body\\n")
    [4, 11]
    """
    lines: list[int] = []
    pos = 0  # a line start
    while len(lines) < 2:
        if _LINE.match(text, pos, 4000):
            lines.append(pos)
        pos = text.find("\n", pos, 4000) + 1
        if not pos:
            break
    return lines


def _normalise(value: Any) -> tuple[str | None, dt.date | None]:
    """A publication date as ISO 8601 and as a date; (None, None) if it does not parse."""
    if isinstance(value, dt.datetime):
        return value.isoformat(), value.date()
    if isinstance(value, dt.date):
        return value.isoformat(), value
    if not isinstance(value, str):
        return None, None
    text = value.strip()
    iso = _ISO_PREFIX.match(text)
    if iso:
        try:
            return text, dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None, None
    m = _pattern().fullmatch(text)
    if m and _branch(m) in ("dmy", "mdy", "num") and m.group("conn") is None:
        day = _date(m, _branch(m), "", "dmy")
        if day:
            return day.isoformat(), day
    try:  # RFC 2822, as in feeds and e-mail: "Wed, 29 Nov 2017 10:00:00 GMT"
        stamp = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None, None
    return stamp.isoformat(), stamp.date()
