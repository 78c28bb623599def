"""``spacing`` tries its rules only where a literal search finds a place they can start
(issue 8): the changes are those of one ``finditer`` of the rules' alternation over the
whole text, the computation the fast path stands for, on random text made of the
characters the rules react to, and with rules switched off.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.edits import Change
from newsclean.steps import SpacingStep
from newsclean.steps.spacing import (
    _CLOSE_AFTER_SPACE,
    _CLOSE_BEFORE_WORD,
    _MARKS,
    _OPEN_BEFORE_SPACE,
    _QUOTE,
    _RULES,
    _ascii_names,
    _compiled,
    _inside_url,
    _may_follow,
    _quote_changes,
)

PIECES = [
    " ", "  ", "\t", "\n", "\n\n", " \n", "\n \n", "\xa0", "\x1c", "\u2003", ".", ",", ";",
    "!", "?", ":", "(", ")", "[", "]", '"', "“", "”", "'", "a", "ab", "He", "said", "IS",
    "ISIS", "daesh", "Then", "www.x.org", "x@y.com", "3.5", "U.S.", "é", "twitter", "com",
    "iraq", "IRAQ", "Iraq1", "daesh's", "_", "/", "Türkiye", "ſ",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
DISABLE = sorted(SpacingStep.rules)


def _plain_changes(step: SpacingStep, text: str) -> list[Change]:
    """The changes as one finditer over the whole text finds them (the slow way)."""
    enabled = tuple(k for k in _RULES if f"spacing.{k}" not in step.disable)
    changes = []
    if enabled:
        for match in _compiled(enabled).finditer(text):
            kind = match.lastgroup or ""
            if kind in ("after_punct", "space_moved") and _inside_url(text, match.start()):
                continue
            new = match.expand(_RULES[kind][1])
            changes.append(Change(match.start(), match.end(), new, f"spacing.{kind}"))
    quotes = [c for c in _quote_changes(text) if c.rule not in step.disable]
    changes = [c for c in changes if not any(c.start < q.end and q.start < c.end for q in quotes)]
    return sorted(changes + quotes, key=lambda c: (c.start, c.end))


@given(texts, st.sets(st.sampled_from(DISABLE), max_size=3))
@example("He said , \t( in private )  that\n \n\n\nthe end .", set())
@example("fled.daesh came.Then ( a ) b", {"spacing.repeated"})
@example(" a\t\t(b ) .", {"spacing.after_punct", "spacing.edges"})
def test_fast_changes_are_the_plain_changes(text, disable):
    step = SpacingStep(disable=frozenset(disable))
    assert list(step.changes(text)) == _plain_changes(step, text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A clean sentence, with (brackets) and “quotes”.", id="clean"),
        pytest.param("Britain will send 200 more troops to Iraq.", id="short"),
        pytest.param("", id="empty"),
    ],
)
def test_a_text_without_changes_is_the_same_document(text):
    doc = Document(text, meta={"source": "x"})
    assert SpacingStep()(doc) is doc


QUOTE_PIECES = ['"', "“", "”", " ", "  ", "\t", ",", ".", "?", "(", "—", "a", "The", "é", "1", "\n"]


@given(st.lists(st.sampled_from(QUOTE_PIECES), max_size=16).map("".join))
@example('"We are committed to the fight, "the source said. "We are doomed. "')
@example('" a" and "b "')
def test_quote_patterns_need_spaces_on_the_inner_side(line):
    # the quote repairs skip a quote without spaces or tabs where each pattern needs them
    for m in _QUOTE.finditer(line):
        q = start = m.start()
        while start and line[start - 1] in " \t":
            start -= 1
        if _CLOSE_BEFORE_WORD.match(line, start) or _CLOSE_AFTER_SPACE.match(line, start):
            assert start != q
        if _OPEN_BEFORE_SPACE.match(line, q):
            assert line[q + 1 : q + 2] in (" ", "\t")


MARK_PIECES = [
    "ab", "AB", "fled", "ISIS", ".", "!", "?", "daesh", "DAESH", "Daesh", "iraq", "Iraq",
    "iq", "twitter", "com", "to", "The", "TheX", "x", "'", "’", "s", "/", " ", "1", "_", "é",
    "Türkiye", "türkiye", "ſ", "da", "esh",
]  # fmt: skip


@given(st.lists(st.sampled_from(MARK_PIECES), max_size=12).map("".join))
@example("He fled.daesh came.twitter.com/x")
@example("mzn.to/x and ab.IRAQ, ab.iraq's")
@example("ab.da'esh")
def test_a_word_ruled_out_after_a_mark_starts_no_sentence(text):
    after = _compiled(("after_punct",))
    for candidates in _MARKS.values():
        for candidate in candidates.finditer(text):
            if not _may_follow(text, candidate.end()):
                assert after.match(text, candidate.start()) is None


def test_the_names_rule_out_words():
    assert _ascii_names() is not None  # no name has a letter that folds to ASCII
    assert not _may_follow("mzn.to/x", 4) and not _may_follow("x.com", 2)
    assert _may_follow("ab.daesh.", 3) and _may_follow("ab.Then", 3)
