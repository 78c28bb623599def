"""Fast paths of the line steps (issue 8, session 5) against what they stand for.

Each test compares a shortcut with the plain computation it replaces: case folding
only the starts of lines (boilerplate), deciding without folding whether a text can
hold a ``contains`` word, and the cheap test before a line's key is rewritten.
"""

from __future__ import annotations

import sys
from functools import cache
from itertools import compress, count

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean.steps import BoilerplateStep
from newsclean.steps.boilerplate import (
    _FOLDS_TO_ASCII,
    _HEAD,
    _SPACE_BEFORE_MARK,
    _gate,
    _key,
    _may_hold,
)

RULES = BoilerplateStep().active_rules

#: Pieces of random text: rule prefixes in any case, characters whose case folding is
#: longer or ASCII, odd spaces and line breaks.
PIECES = sorted(
    {p for r in RULES.rules for p in r.starts or ()}
    | {p.upper() for r in RULES.rules for p in r.starts or ()}
    | {"Leave a Reply", "NEWSLETTER", "newsletter", "newſletter", "NEWSLEẞ", "x@y.com", "@"}
    | {"ﬁled", "ſubscribe", "\u212aeep", "İ", "ŉ", "ẞ", "ß", "ﬆ", "Σ", "ς", "12", "٣", "©"}
    | {"said", " ", "  ", "\u00a0", "\t", "\n", "\r\n", "\r", "\x0b", "\x1c", "\u2028", "(", ":"}
)
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.text(max_size=40)


@cache
def _all_characters() -> list[str]:
    return [chr(c) for c in range(sys.maxunicode + 1)]


def test_folds_to_ascii_lists_every_such_character():
    found = {c for c in _all_characters()[128:] if any(f.isascii() for f in c.casefold())}
    assert found == set(_FOLDS_TO_ASCII)


def test_case_folding_keeps_white_space_and_line_breaks_where_they_are():
    breaks = {c for c in _all_characters() if len(f"a{c}b".splitlines()) == 2}
    for c in _all_characters():
        folded = c.casefold()
        if c.isspace():
            assert folded == c
        else:
            assert not folded[:1].isspace()
            assert not breaks & set(folded)


@given(st.text(max_size=20), st.text(max_size=20))
@example("ß", "ς")
@example("Σ", "a")
def test_case_folding_goes_character_by_character(a, b):
    assert (a + b).casefold() == a.casefold() + b.casefold()


def candidates_slowly(text: str) -> dict[int, set[int]]:
    """``_RuleSet.candidates`` as it was: the whole text case folded and split."""
    folded_text = text.casefold()
    folded = folded_text.splitlines()
    found: dict[int, set[int]] = {}
    for i, line in enumerate(folded):
        line = line.lstrip()
        head = line[:_HEAD]
        rules = {k for n in range(1, len(head) + 1) for k in RULES.short.get(head[:n], ())}
        if head[:1].isdecimal():
            rules.update(RULES.short.get("0", ()))
        rules |= {k for p, k in RULES.long.get(head, []) if line.startswith(p)}
        if rules:
            found[i] = rules
    for word, k in RULES.contains:
        for i in compress(count(), (word in line for line in folded)):
            found[i] = found.get(i, set()) | {k}
    return found


@given(texts)
@example("NEWSLEẞ\nletter")
@example("  ﬁLED under: x\r\n\u212aEEP an eye")
@example("ŉewsletter")
def test_boilerplate_candidates_fold_only_line_starts(text):
    assert RULES.candidates(text) == candidates_slowly(text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        pytest.param("Sign up to our NEWSLETTER", "newsletter", id="upper"),
        pytest.param("Sign up to our newſletter “now”", "newsletter", id="long-s"),
        pytest.param("Our ŉewsletter “now”", "newsletter", id="n-apostrophe"),
        pytest.param("News and letters, “quoted”", "newsletter", id="not-there"),
        pytest.param("Write to x@y.com “now”", "@", id="at"),
        pytest.param("Write to us “now”", "@", id="no-at"),
        pytest.param("Das Straße", "ss", id="sharp-s"),
    ],
)
def test_may_hold_agrees_with_folding_the_text(text, word):
    assert _may_hold(text, word, *_gate(word)) == (word in text.casefold())


@given(texts, st.sampled_from(["newsletter", "@", "ss", "st", "fi", "k"]))
def test_may_hold_never_misses_a_word(text, word):
    if word in text.casefold():
        assert _may_hold(text, word, *_gate(word))


@given(texts)
@example("Share this :")
@example("( c) 2019 [ Reuters ]")
@example("(. a [, b")
def test_boilerplate_key_cheap_test_changes_nothing(text):
    for line in text.splitlines():
        assert _key(line) == _SPACE_BEFORE_MARK.sub("", " ".join(line.split()))
