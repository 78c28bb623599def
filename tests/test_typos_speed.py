"""The fast paths ``typos`` gained in session 7 (issue 8), against what they stand for.

- Doubled words: ``_doubled`` tries ``_DOUBLED`` only at both words of two equal
  neighbours of the text's ASCII view (one or more spaces apart there: a comma or a
  full stop shows as a space) that have a space after them in the text. It must give
  what one ``_DOUBLED`` scan of the whole text gives: "The the the" and "said. said
  said", where the doubled word is the second of the pair the view shows, too.
- "be" after a run of spaces: the step no longer looks for runs of spaces in the whole
  text; the gate gives the places where a run may come before a "be" (its
  ``_SPACED_BE`` pattern), and the step scans the whole text for "will be" + verb only
  when one is there (a modal one space before "be" is the gate's to find, however many
  spaces follow). Every run before a "be" must be among those places.
- The test of a word after "will be" is cached per word: it must give what the uncached
  computation gives, for every word of the lexicon and whatever word comes next.
"""

from __future__ import annotations

from collections.abc import Callable

import lemminflect
import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.steps import TyposStep
from newsclean.steps.typos import (
    _ASCII_WORDS,
    _DOUBLED,
    _base_verb,
    _doubled,
    _doubled_changes,
    _gate,
    _lists,
    _non_ascii,
    english_words,
)
from test_linear_time import LIMIT, growth
from test_spacing_typos_gates import _typos_full_scan


def _view(text: str) -> bytes:
    """The text as the step's gates see it (see ``TyposStep.changes``)."""
    return b" " + text.encode("ascii", "replace").translate(_ASCII_WORDS) + b" "


def _doubled_gated(text: str) -> list[tuple[int, int, str]]:
    others = "" if text.isascii() else _non_ascii(text)
    return [(c.start, c.end, c.rule) for c in _doubled(text, _view(text), others, _lists())]


def _doubled_full(text: str) -> list[tuple[int, int, str]]:
    changes = _doubled_changes(_DOUBLED.finditer(text), _lists())
    return [(c.start, c.end, c.rule) for c in changes]


_NEWS = [
    "The talks in Doha, Qatar, resumed on 3 March 2024 at 10:30, officials said.",
    "Turnout was 61.2 per cent, up from 58.9 per cent in 2019.",
    "It had had an effect, and that that mattered was clear to Abu Bakr al-Baghdadi.",
    "“No, no,” said Volodymyr Zelensky. “We will be there,” he added in Kyiv.",
    "Bora Bora and Walla Walla; see https://example.com/a/a and a_a.",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("said the the minister", "said the minister", id="single-space"),
        pytest.param("said the  the minister", "said the minister", id="run-of-spaces"),
        pytest.param("The the the plan", "The the plan", id="second-of-the-pair"),
        pytest.param("It said. said said it", "It said. said it", id="after-a-full-stop"),
        pytest.param("in in, on on; at at", "in, on; at", id="several-pairs"),
        pytest.param("a a a a end", "a end", id="one-word-four-times"),
        pytest.param("été été and the the", "été and the", id="non-ascii-and-ascii"),
        pytest.param("the the.", "the.", id="before-a-full-stop"),
        pytest.param("x,x,x", "x,x,x", id="commas-not-spaces"),
        pytest.param("x,x,x x", "x,x,x", id="after-commas"),
        pytest.param("the\tthe and the\nthe", "the\tthe and the\nthe", id="tab-and-line-break"),
        pytest.param("the-the the'the the’the", "the-the the'the the’the", id="joined-words"),
        pytest.param("said. Said THE THE", "said. Said THE THE", id="capitals"),
        pytest.param("theé the thé the", "theé the thé the", id="non-ascii-letter-after"),
        pytest.param("10 10 and 2a 2a", "10 10 and 2a 2a", id="numbers"),
        *(pytest.param(s, s, id=f"news-{i}") for i, s in enumerate(_NEWS)),
    ],
)
def test_doubled_rows(text: str, expected: str) -> None:
    assert _doubled_gated(text) == _doubled_full(text)
    assert TyposStep(disable=frozenset({"typos.modal_be_verb"}))(Document(text)).text == expected


_DOUBLED_PIECES = [
    *["the", "The", "THE", "a", "été", "Été", "x", "ab", "aB", "said"],
    " ",
    "  ",
    ", ",
    ". ",
    ",",
    "\t",
    "\n",
    "-",
    "'",
    "’",
    "é",
    "2",
    "(",
    "\ud800",
]


@given(st.lists(st.sampled_from(_DOUBLED_PIECES), max_size=30).map("".join))
@example("The the the")
@example("said. said said")
@example("a. a. a a")
@example("x  x x")
def test_doubled_places_find_what_a_full_scan_finds(text: str) -> None:
    assert _doubled_gated(text) == _doubled_full(text)


def _runs_before_be(text: str) -> set[int]:
    """Where two spaces start, right before a "be" and a space."""
    return {m.start() for m in regex.finditer(r"(?=  be )", text)}


_BE_PIECES = [
    *["will", "Will", "WILL", "be", "BE", "Be", "join", "the", "must", "ſhall"],
    " ",
    "  ",
    "   ",
    ",",
    ".",
]


@given(st.lists(st.sampled_from(_BE_PIECES), max_size=30).map("".join))
@example("They will  be join")
@example("They will be  join")
@example("be  join")
@example("will   be join")
@example("it will be, said")
def test_spaced_be_places_hold_every_run_before_be(text: str) -> None:
    places = set(_gate(_view(text), _lists())[2])
    assert _runs_before_be(text) <= places
    assert list(TyposStep().changes(text)) == _typos_full_scan(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("They will  be join us.", "They will  join us.", id="run-before-be"),
        pytest.param("They will be   join us.", "They will join us.", id="run-after-be"),
        pytest.param("It will be, join us.", "It will be, join us.", id="comma-after-be"),
        pytest.param("It may be.  Join us.", "It may be.  Join us.", id="full-stop-after-be"),
        pytest.param(
            "Officials said the plan will  be  ready by 2025.",
            "Officials said the plan will  be  ready by 2025.",
            id="news-adjective",
        ),
    ],
)
def test_spaced_be_rows(text: str, expected: str) -> None:
    assert TyposStep()(Document(text)).text == expected
    assert list(TyposStep().changes(text)) == _typos_full_scan(text)


def _base_verb_uncached(word: str, following: str | None) -> bool:
    """What ``_base_verb`` computed before its per-word cache (session 6)."""
    lists = _lists()
    if word in lists.verbs:
        return True
    if word in lists.not_verbs:
        return False
    lemmas = dict(lemminflect.getAllLemmas(word))
    if lemmas.get("VERB") != (word,) or set(lemmas) & {"ADJ", "ADV"}:
        return False
    if word in lemminflect.getAllInflections(word, upos="VERB").get("VBN", ()):
        return False
    if "NOUN" in lemmas:
        return following is not None and following.lower() in lists.objects
    return True


_FOLLOWING = [None, "the", "The", "troops", "at", "love", *sorted(_lists().objects)[:5]]


@pytest.mark.parametrize(
    ("word", "following", "expected"),
    [
        pytest.param("join", "the", True, id="verb"),
        pytest.param("able", "to", False, id="adjective"),
        pytest.param("set", "up", False, id="participle-is-base"),
        pytest.param("complete", None, False, id="predicative"),
        pytest.param("attack", "the", True, id="noun-before-object"),
        pytest.param("attack", "at", False, id="noun-not-before-object"),
        pytest.param("attack", None, False, id="noun-at-end"),
        pytest.param("the", "plan", False, id="article"),
    ],
)
def test_base_verb_rows(word: str, following: str | None, expected: bool) -> None:
    for _ in range(2):  # computed, then cached
        assert _base_verb(word, following, _lists()) is expected
    assert _base_verb_uncached(word, following) is expected


@given(
    st.sampled_from(sorted(english_words())),
    st.sampled_from(_FOLLOWING),
)
def test_base_verb_cache_gives_the_uncached_answer(word: str, following: str | None) -> None:
    for _ in range(2):
        assert _base_verb(word, following, _lists()) == _base_verb_uncached(word, following)


def _cycle(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_cycle("ab,"), id="neighbours-across-commas"),
        pytest.param(_cycle("said. "), id="neighbours-across-full-stops"),
        pytest.param(_cycle("The the "), id="second-of-each-pair"),
        pytest.param(_cycle("be  "), id="runs-next-to-be"),
    ],
)
def test_new_places_stay_linear(make: Callable[[int], str]) -> None:
    assert growth(TyposStep(), make) <= LIMIT
