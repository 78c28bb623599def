"""Fast paths of the ``paragraphs`` step (issue 8, session 6) against what they stand for.

The step finds the line breaks of a paragraph from its lines instead of a pattern,
tests lines for list items only where a cheap pattern allows one, and looks only at
the paragraphs its two whole-text looks pick; the plain computations they replace
are written out here as the definitions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from functools import cache

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean.edits import Change
from newsclean.layout import LIST_ITEM, paragraphs
from newsclean.steps import ParagraphsStep
from newsclean.steps.paragraphs import (
    _ASCII_MAY_BE_LOWER,
    _LINE_SPACES,
    _LONE_BREAK,
    _LOWER_START,
    _MAY_CONTINUE,
    _MAY_LIST,
    _breaks,
    _broken,
    _layout,
    _list_item,
)

#: The pattern the line breaks of a paragraph were found with.
LINE_BREAK = regex.compile(r"[^\S\n]*\n[^\S\n]*")

#: Pieces of random text: breaks, blank lines, odd spaces, list marks, hyphens, lower
#: and upper case starts, quotes, brackets.
PIECES = [
    "\n", "\n\n", "\n \n", " ", "\t", "\r", "\xa0", "\u2003", "\u2028", "\x1c", "\x0b",
    "- ", "• ", "1. ", "a) ", "| ", "12", "gov-", "counter-", "ernment", "terrorism",
    "the", "The", "officers,", "including", "places.", "al-Qaeda", "(", ")", "“", "”",
    '"', "'", "Ω", "é", "ß", ":", "?", "word word word word", "x",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=24).map("".join) | st.text(max_size=60)


@cache
def _all_characters() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1)]


def test_line_spaces_are_the_regex_modules_white_space_but_the_line_break():
    assert set(_LINE_SPACES) == {c for c in _all_characters() if LINE_BREAK.fullmatch(f"{c}\n")}
    assert len(_LINE_SPACES) == len(set(_LINE_SPACES))


def test_lower_start_starts_only_where_the_cheap_test_lets_it():
    for c in _all_characters():
        if _LOWER_START.match(f"{c}a") or _LOWER_START.match(c):
            assert c in _ASCII_MAY_BE_LOWER or c >= "\x80"


def test_may_list_finds_every_list_item_after_the_first_line():
    # any non-ASCII character may start one: the ASCII ones are told apart
    assert _MAY_LIST.search("One\n\x80") and _MAY_LIST.search("One\n\U0010ffff")
    spaces = _LINE_SPACES + "\n"  # (the regex module's \s: tested above)
    for c in map(chr, range(128)):
        for line in (c, f"{c} x", f"{c}. x", f"{c}) x", f"{c}1. x"):
            if LIST_ITEM.match(line):
                assert _MAY_LIST.search(f"One\n{line}")
    for space in spaces:
        assert _MAY_LIST.search(f"One\n{space}{space}- x")


def _lone_break(text: str) -> bool:
    return any(
        m.start() == 0 or text[m.start() - 1] != "\n" for m in regex.finditer(r"\n(?!\n)", text)
    )


@given(texts)
@example("\nOne")
@example("\n\nOne\n")
def test_lone_break_pattern(text):
    assert (_LONE_BREAK.search(text) is not None) == _lone_break(text)


@given(texts)
@example("One \n two.\r\n\u2003three")
def test_breaks_are_the_pattern_matches(text):
    for para in paragraphs(text):
        expected = []
        for m in LINE_BREAK.finditer(text, para.start, para.end):
            line_start = text.rfind("\n", para.start, m.start()) + 1 or para.start
            line_end = text.find("\n", m.end(), para.end)
            next_line = text[m.end() : para.end if line_end < 0 else line_end]
            expected.append((m.start(), m.end(), text[line_start : m.start()], next_line))
        assert list(_breaks(para, para.text.split("\n"))) == expected


@given(texts)
def test_list_item_test_is_any_line(text):
    for para in paragraphs(text):
        lines = para.text.split("\n")
        assert _list_item(lines, para.text) == any(LIST_ITEM.match(line) for line in lines)


def _changes(step: ParagraphsStep, text: str) -> Iterator[Change]:
    """The step's loop over every paragraph, as it was."""
    inside = _lone_break(text)
    starts = {m.start(1) for m in _MAY_CONTINUE.finditer(text)}
    paras = paragraphs(text)
    for k, para in enumerate(paras):
        if inside and "\n" in para.text:
            yield from step._inside(text, para, _layout())
        if k + 1 < len(paras) and paras[k + 1].start in starts:
            nxt = paras[k + 1]
            if _broken(para, nxt, _layout()):
                yield Change(para.end, nxt.start, " ", "paragraphs.rejoin")


@given(texts)
@example("It will train officers,\n\nincluding places.\n\nOne\ntwo")
def test_changes_look_at_the_paragraphs_that_need_it(text):
    step = ParagraphsStep()
    assert list(step.changes(text)) == list(_changes(step, text))
