"""The fast paths of ``spacing`` and ``typos`` (issue 8): same results where they matter.

Both steps try their patterns only where a C-speed search finds a place they can
match (spacing: runs of spaces, marks, quotes; typos: the text's ASCII words, one byte per
character, scanned once by an Aho-Corasick automaton of misspellings and "modal be", and
once by a pattern for equal neighbours). These rows hit the
edges of those searches: characters that are whitespace to ``re`` but not to
``regex``, tabs next to brackets, typographic quotes, the Kelvin sign (which
lower-cases to "k"), possessives and apostrophes, doubled words with non-ASCII
letters, and texts with so many misspellings or doubled words that the steps
scan the whole text instead. Every expected text is what the step gave before the
fast paths were written. Hostile inputs for the new searches must stay linear.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.edits import Change
from newsclean.steps import SpacingStep, TyposStep
from newsclean.steps.typos import (
    _DOUBLED,
    _FOLDS_TO_ASCII,
    _doubled_changes,
    _lists,
    _modal_be,
    codespell_misspellings,
)
from test_linear_time import LIMIT, growth

_MISSPELLED = (
    "goverment recieve accomodation definately seperate occured untill wich tommorow existance "
    "foriegn neccessary parliment persue publically truely calender beleive"
)
_FIXED = (
    "government receive accommodation definitely separate occurred until which tomorrow existence "
    "foreign necessary parliament pursue publicly truly calendar believe"
)
_DOUBLES = " ".join(f"w{c} w{c}" for c in "abcdefghijklmnopqrst")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a\t\tb ( \tc\t) d", "a b (c) d", id="tabs-in-brackets"),
        pytest.param("end of text \x1c \xa0", "end of text \x1c", id="file-separator-at-end"),
        pytest.param("\xa0 lead and trail \t\n", "lead and trail", id="no-break-space-edges"),
        pytest.param(
            "He fled.daesh came. Wow!They left?Yes.",
            "He fled. daesh came. Wow! They left? Yes.",
            id="after-every-mark",
        ),
        pytest.param(
            "See www.example.org.Then go.It works",
            "See www.example.org.Then go. It works",
            id="domain-kept",
        ),
        pytest.param(
            "“The fight, “the source said. “We won. ”",
            "“The fight,” the source said. “We won.”",
            id="typographic-quotes",
        ),
        pytest.param('"a" "b" " c"', '"a" "b" "c"', id="opening-quote-space"),
        pytest.param('"One, "two" three', '"One, "two" three', id="odd-quotes-kept"),
        pytest.param(
            "He said , \t( in private )  that\n \n\n\nthe end .",
            "He said, (in private) that\n\nthe end.",
            id="every-whitespace-rule",
        ),
        pytest.param("x  \n\n  \n  y", "x\n\n y", id="blank-lines-with-spaces"),
        pytest.param(
            "The army said so. “It is over,” he said (on Monday).",
            "The army said so. “It is over,” he said (on Monday).",
            id="clean-news-kept",
        ),
    ],
)
def test_spacing_edges(text: str, expected: str) -> None:
    assert SpacingStep()(Document(text)).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The \u212aelvin goverment said.", "The \u212aelvin government said.", id="kelvin-sign"
        ),
        pytest.param(
            "They dosen't know; it doen's’s fine.",
            "They doesn't know; it doesn't’s fine.",
            id="apostrophe-misspellings",
        ),
        pytest.param(
            "Aéb aéb and “the the” and été été.",
            "Aéb aéb and “the” and été.",
            id="doubled-non-ascii",
        ),
        pytest.param(
            "It was the. The plan; yoga\n\nyoga.",
            "It was the. The plan; yoga\n\nyoga.",
            id="not-doubled-across-punctuation",
        ),
        pytest.param(
            "They will  be  join; Will be join; can be be join the.",
            "They will  join; Will join; can be join the.",
            id="modal-be-spaces-and-case",
        ),
        pytest.param(
            "Use `goverment` and goverment_data, but the goverment's plan.",
            "Use `goverment` and goverment_data, but the government's plan.",
            id="code-identifier-possessive",
        ),
        pytest.param(_MISSPELLED, _FIXED, id="many-misspellings-whole-scan"),
        pytest.param(
            f"{_DOUBLES} the the end",
            " ".join(f"w{c}" for c in "abcdefghijklmnopqrst") + " the end",
            id="many-doubles-whole-scan",
        ),
    ],
)
def test_typos_edges(text: str, expected: str) -> None:
    assert TyposStep()(Document(text)).text == expected


def _cycle(unit: str) -> Callable[[int], str]:
    return lambda n: (unit * (n // len(unit) + 1))[:n]


_KEYS = " ".join(sorted(w for w in codespell_misspellings() if "-" not in w)[:2000]) + " "


@pytest.mark.parametrize("step", [SpacingStep(), TyposStep()], ids=["spacing", "typos"])
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(_cycle(_KEYS), id="distinct-misspellings"),
        pytest.param(_cycle("goverment,"), id="misspelling-without-spaces"),
        pytest.param(
            lambda n: " ".join(f"x{i:x} x{i:x}" for i in range(n // 10)), id="distinct-doubles"
        ),
        pytest.param(_cycle("дом дом "), id="cyrillic-doubles"),
        pytest.param(
            lambda n: "".join(chr(0x430 + i % 32) + "  " * (i % 7 == 0) for i in range(n)),
            id="cyrillic-letters",
        ),
        pytest.param(_cycle("\u212aelvin goverment "), id="kelvin"),
        pytest.param(_cycle("will      be      "), id="be-after-spaces"),
        pytest.param(_cycle("will be join "), id="modal-be-everywhere"),
        pytest.param(_cycle("ſhall be join "), id="modal-be-long-s"),
        pytest.param(lambda n: " ".join(["ab" * 500] * (n // 1001)), id="long-equal-words"),
        pytest.param(_cycle('a, "b c" d "\n'), id="quote-lines"),
        pytest.param(_cycle("word , word . a\t(\t"), id="spaced-marks-and-tabs"),
    ],
)
def test_fast_paths_stay_linear(
    step: Callable[[Document], object], make: Callable[[int], str]
) -> None:
    assert growth(step, make) <= LIMIT


# The typos gates against the computation they stand for: a scan of every word for
# misspellings, _DOUBLED over the whole text, and _modal_be (which tries the modal_be
# pattern after every "be" that follows a modal's last letter; where "ſ" or "ﬅ" stands for
# "s" or "st", as the pattern's full case folding allows, it finds less than the pattern
# alone: "muﬅ be join" stays).
_TYPOS_WORDS = (
    "goverment Goverment GOVERMENT goverment's goverment’s dosen't dosen’t recieve "
    "the the a a été été Été été дом дом will be join Will be join can be be join "
    "muﬅ ſhould ſhall ﬁle \u212aelvin WİLL İ ß teh anti-goverment al-Goverment"
)
_TYPOS_PIECES = [
    *_TYPOS_WORDS.split(" "),
    "  ",
    " ",
    " ",
    " ",
    ", ",
    ". ",
    "\n",
    "“",
    "”",
    "(",
    "-",
    "'",
    "`",
    "_",
    "2",
    "@",
    "/",
    "é",
    "\ud800",
]
typos_text = st.lists(st.sampled_from(_TYPOS_PIECES), max_size=40).map("".join)


def _typos_full_scan(text: str) -> list[Change]:
    """TyposStep's changes found without its gates."""
    lists = _lists()
    changes = [
        *TyposStep()._misspellings(text, lists, None),
        *_doubled_changes(_DOUBLED.finditer(text), lists),
        *_modal_be(text, lists),
    ]
    kept, end = [], 0
    for change in sorted(changes, key=lambda c: c.start):
        if change.start >= end:
            kept.append(change)
            end = change.end
    return kept


@given(text=typos_text)
@example(text="a muﬅ be join; they ſhould be join")
@example(text="WİLL be join the goverment")
@example(text="will  be join; can be  join")
@example(text="éa a a")
@example(text="wa wa wb wb wc wc the the")
@example(text="“goverment’s” dosen't (recieve) anti-goverment")
@example(text=_MISSPELLED)
@example(text=f"{_DOUBLES} the the end")
def test_typos_gates_find_what_a_full_scan_finds(text: str) -> None:
    assert list(TyposStep().changes(text)) == _typos_full_scan(text)


def test_folds_to_ascii_lists_every_letter_that_case_folding_makes_ascii() -> None:
    everything = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folding = {
        char
        for char in everything
        if any(f.isascii() and f.isalpha() for f in char.casefold() + char.lower())
    }
    folding |= set(regex.findall(r"(?i)[a-z]", everything, regex.V1))
    assert folding == set(_FOLDS_TO_ASCII.pattern[1:-1])
