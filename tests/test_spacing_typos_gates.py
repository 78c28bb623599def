"""The fast paths of ``spacing`` and ``typos`` (issue 8): same results where they matter.

Both steps try their patterns only where a C-speed search finds a place they can
match (spacing: runs of spaces, marks, quotes; typos: the text's ASCII words, one
set lookup, neighbours compared in C, a "be" between spaces). These rows hit the
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

from newsclean import Document
from newsclean.steps import SpacingStep, TyposStep
from newsclean.steps.typos import codespell_misspellings
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
        pytest.param(_cycle('a, "b c" d "\n'), id="quote-lines"),
        pytest.param(_cycle("word , word . a\t(\t"), id="spaced-marks-and-tabs"),
    ],
)
def test_fast_paths_stay_linear(
    step: Callable[[Document], object], make: Callable[[int], str]
) -> None:
    assert growth(step, make) <= LIMIT
