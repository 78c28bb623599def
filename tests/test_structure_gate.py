"""The caption gate of ``structure`` (issue 8): a line the caption patterns match always
passes the cheap ``start``/``gate`` test of ``structure.toml``, whatever its case, its
folding characters (ſ, İ, K, ligatures) or its spaces. The gate may let through more than
it needs to, never less.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.resources import data_toml
from newsclean.steps import StructureStep
from newsclean.steps.structure import _patterns, _punctuated_end


def _passes(line: str) -> bool:
    pat = _patterns()
    return bool(pat.caption_start.match(line) or pat.caption_gate.search(line))


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Photo: AFP/Getty Images", id="photo"),
        pytest.param("PHOTOGRAPHS credit : Reuters", id="upper-plural"),
        pytest.param("Image credit: Reuters", id="image-credit"),
        pytest.param("Illuſtration: AP", id="long-s"),
        pytest.param("İmage: AP pool", id="dotted-capital-i"),
        pytest.param("ﬁle photo: AP", id="ligature-first"),
        pytest.param("Graphic: BBC", id="graphic"),
        pytest.param("Credits: staff", id="credits"),
        pytest.param("(Reuters)", id="agency"),
        pytest.param("(Photos by Ahmad Al-Rubaye/AFP via Getty Images)", id="bracketed"),
        pytest.param("British soldiers at Taji. Photo: Reuters/Ahmed Saad", id="credit-after"),
        pytest.param("Troops at the base (PICTUREs: Reuters)", id="upper-word-plural"),
        pytest.param("Troops at the base (İmages: Reuters/Ahmed Saad)", id="dotted-i-inside"),
    ],
)
def test_caption_lines_pass_the_gate(line):
    assert _patterns().captions.fullmatch(line)
    assert _passes(line)
    out = StructureStep()(Document(f"Title\n\nBritain said so.\n\n{line}\n\nMore text."))
    assert line in out.meta["captions"]


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("In a statement: the ministry said 12 people died.", id="statement"),
        pytest.param("China (the world's second economy) grew 5%.", id="bracket-inside"),
        pytest.param("He posted a photo: a selfie with the troops.", id="prose-photo"),
    ],
)
def test_prose_lines_stay_in_the_text(line):
    text = f"Title\n\nBritain said so.\n\n{line}\n\nMore text."
    assert line in StructureStep()(Document(text)).text


PIECES = [
    "Photo", "photos", "PICTURE", "Pictureſ", "İmage", "images", "Illuſtration", "ﬁle",
    "graphic", "credit", "Credits", "(", ")", "[", "]", ":", " :", ": ", "by", "Reuters",
    "AFP", "Getty Images", "Ahmed Saad", "/", "said", "the troops", ".", ",", "\u00a0",
    "\t", "  ", "K", "x",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=9).map("".join))
@example("Photo: AP")
@example("(Pictures: AP pool)")
def test_gate_lets_every_caption_through(line):
    if _patterns().captions.fullmatch(line):
        assert _passes(line)


@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=9).map(" ".join))
def test_gate_lets_every_spaced_caption_through(line):
    if _patterns().captions.fullmatch(line):
        assert _passes(line)


#: The pattern :func:`_punctuated_end` stands for (searched in a stripped line).
PUNCTUATED_END = regex.compile(r"[.!?…:;,][\"'”’)\]]*\s*$")
END_PIECES = [*".!?…:;,\"'”’)]([“‘", "word", "W", " ", "\t", "\n", "\xa0", "\x1c", "\u2003"]


@given(st.lists(st.sampled_from(END_PIECES), max_size=10).map("".join))
@example('He said: "No."')
@example("Troops return to Iraq")
@example(")")
@example("")
def test_punctuated_end_is_the_pattern(line):
    line = line.strip()
    assert _punctuated_end(line) == bool(PUNCTUATED_END.search(line))


DATELINE_PIECES = [
    "LONDON", "BAGHDAD", "WASHINGTON, D.C.", ", Nov 29", " ", "  ", "(Reuters)", "(AFP)",
    " - ", " — ", "--", ":", " (Reuters) - ", " (AFP) — ", " — The", "date", "Date:", " 2023-07-10 ", "Shafaq News", "/", "The",
    "troops", "Iraq", "\n", "O'NEILL", "É",
]  # fmt: skip


DATELINE_STARTS = ["LONDON", "BAGHDAD, Nov 29", "WASHINGTON, D.C.", " date", "Date:", "The"]


@given(
    st.tuples(
        st.sampled_from(DATELINE_STARTS),
        st.lists(st.sampled_from(DATELINE_PIECES), max_size=8).map("".join),
    ).map("".join)
)
@example("LONDON (Reuters) - Britain will send troops.")
@example(" date 2023-07-10 Shafaq News/ Specialized forces")
@example("BAGHDAD, Nov 29 — The Prime Minister")
def test_dateline_alternation_is_the_patterns_in_order(text):
    # the first of the data's patterns that matches, tried one by one
    patterns = [
        regex.compile(p, regex.V1) for p in data_toml("structure.toml")["dateline"]["patterns"]
    ]
    first = next((m for p in patterns if (m := p.match(text)) is not None), None)
    m = _patterns().dateline.match(text)
    assert (m is None) == (first is None)
    if m is not None:
        assert m.span() == first.span()
        assert {k: v for k, v in m.groupdict().items() if v} == {
            k: v for k, v in first.groupdict().items() if v
        }
