"""Property tests: the default chain and every default step, on arbitrary and on news-like text.

For every input, each step (run one at a time, so each step's input is known):

* returns a document whose text is a ``str`` (it never raises);
* records edits whose spans lie inside its input and whose ``old`` is that input's text;
* has edits that replay on its input to give exactly its output;
* leaves annotations whose spans index the current text;
* is idempotent: running it again on its output changes nothing.

The realistic strategy draws paragraphs of the seed articles and a small embedded
list of real news sentences, shuffles them, adds web residue lines and sprinkles
typical scraping noise (stray and missing spaces, no-break spaces, curly quotes,
CRLF, entities, mojibake).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document, default_chain, replay

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"

SEED_PARAGRAPHS = [
    para.strip()
    for path in sorted(SEEDS_DIR.glob("*.txt"))
    for para in path.read_text(encoding="utf-8").split("\n\n")
    if para.strip()
]

NEWS_SENTENCES = [
    "Haider al-Abadi, the Iraqi prime minister, visited troops at Taji on Tuesday.",
    "Shi'ite militias joined the offensive against Daesh in the north of the country.",
    "The UK will invest £10m over the next three years, the Ministry of Defence said.",
    "Inflation rose to 3.5 per cent in October, the highest since 2012.",
    "The meeting began at 10.30am and ended shortly before noon.",
    "Details are published at https://example.com/a.b and on example.com.",
    "Readers can write to letters@example.co.uk with their views.",
    "The U.S. and the U.K. agreed to share intelligence, e.g. on foreign fighters.",
    "He paused ... and then said the talks had failed.",
    '"We are not going anywhere," the commander told reporters.',
    "ISIS fighters retreated from Mosul on 29 November 2017, officials said.",
    "On Nov. 29, 2017 the coalition announced a new training mission.",
    "The so-called Islamic State lost most of its territory in 2017.",
    "Isis advances in the summer forced the army to retreat.",
    "ISIL and Daesh's propaganda reached thousands of people online.",
    "The Islamic State (ISIS) claimed responsibility for the attack.",
    "They will be join an American headquarters in the capital.",
    "The goverment said the the talks would continue untill Friday.",
    "The ceasefire, which began on 1 January 2015, was broken within hours.",
    "NATO and the EU said the UN must act; Syria rejected the call.",
    "Al Qaeda and Hizbollah were also named in the report.",
    "Turnout was 67.3%, up from 61.1% at the last election.",
    "She earned $1.2bn in 2016 - or about 4,000 times the average wage.",
    "Troops arrived in Baghdad early on Monday.Officials declined to comment.",
    "The report (published on Friday) runs to 120 pages.",
    "Is this the end? Not yet, said one official!",
    "The so-called Isis group and so-called Daesh fighters were pushed back.",
    "The goverment's decision was criticised by the comittee.",
    "Copyright lawyers said the ruling was significant.",
]

RESIDUE_LINES = [
    "Leave a Reply",
    "Share this:",
    "Twitter",
    "Facebook",
    "Advertisement",
    "Like this:",
    "Like Loading...",
    "Related",
    "Cancel reply",
    "Comments",
    "Read more",
    "Connecting to %s",
    "Name (required)",
    "© 2017 Reuters",
    "Tags: Iraq, Syria",
]


def _replace_one(draw, text: str, pattern: str, replacements: list[str]) -> str:
    """Replace one (drawn) match of ``pattern`` with one (drawn) replacement."""
    matches = list(re.finditer(pattern, text))
    if not matches:
        return text
    m = matches[draw(st.integers(0, len(matches) - 1))]
    return text[: m.start()] + draw(st.sampled_from(replacements)) + text[m.end() :]


_NOISE = {
    "extra_spaces": (r" ", ["  ", "   ", "\t", " \t "]),
    "space_before_period": (r"\.(?=\s|$)", [" .", "  ."]),
    "space_before_comma": (r",", [" ,"]),
    "space_moved": (r"\. (?=[A-Z])", [" ."]),
    "missing_space": (r"(?<=[a-z])\. (?=[A-Z])", ["."]),
    "nbsp": (r" ", ["\u00a0"]),
    "curly_double": (r'"', ["\u201c", "\u201d"]),
    "curly_single": (r"'", ["\u2019", "\u2018"]),
    "crlf": (r"\n", ["\r\n"]),
    "entity": (r" and ", [" &amp; "]),
    "mojibake_pound": (r"£", ["Â£"]),
    "mojibake_quote": (r"'", ["â€™"]),
    "blank_lines": (r"\n\n", ["\n\n\n\n", "\n \n\n"]),
    "trailing_space": (r"\n", [" \n", "\t\n"]),
}


@st.composite
def articles(draw) -> str:
    """News-like text: shuffled seed paragraphs and sentences, residue, scraping noise."""
    units = draw(
        st.lists(st.sampled_from(SEED_PARAGRAPHS + NEWS_SENTENCES), min_size=1, max_size=6)
    )
    parts: list[str] = []
    for unit in units:
        parts.append(unit)
        parts.append(draw(st.sampled_from(["\n\n", "\n\n", "\n", " "])))
    for _ in range(draw(st.integers(0, 3))):
        line = draw(st.sampled_from(RESIDUE_LINES))
        parts.insert(draw(st.integers(0, len(parts))), f"\n{line}\n")
    text = "".join(parts)
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(sorted(_NOISE)))
        pattern, replacements = _NOISE[kind]
        text = _replace_one(draw, text, pattern, replacements)
    return text


#: Characters that exercise the punctuation and whitespace rules much more often than st.text().
_TRICKY = " \t\n\r\u00a0.,;:!?\"'“”’-()/@&aAbBeEsIi019£é"
arbitrary_text = st.one_of(st.text(), st.text(alphabet=_TRICKY))

CHAIN = default_chain()
STEP_NAMES = CHAIN.names


def _check_annotations(doc: Document) -> None:
    for ann in (*doc.entities, *doc.dates):
        assert 0 <= ann.start <= ann.end <= len(doc.text), ann
        assert doc.text[ann.start : ann.end] == ann.text, ann


def _run_step(step, doc: Document) -> Document:
    """Run one step and check its audit trail against its input and output."""
    out = step(doc)
    assert out is not None, f"{step.name} dropped a document"
    assert isinstance(out, Document)
    assert isinstance(out.text, str)
    assert out.edits[: len(doc.edits)] == doc.edits, "earlier edits must be kept as they were"
    new_edits = out.edits[len(doc.edits) :]
    for edit in new_edits:
        assert edit.step == step.name
        assert edit.rule in step.rules, edit.rule
        assert 0 <= edit.start <= edit.end <= len(doc.text), edit
        assert doc.text[edit.start : edit.end] == edit.old, edit
        assert edit.old != edit.new, edit
    assert replay(doc.text, new_edits) == out.text
    if not new_edits:
        assert out.text == doc.text
    _check_annotations(out)
    return out


def _run_stepwise(doc: Document) -> Document:
    for step in CHAIN.steps:
        doc = _run_step(step, doc)
    return doc


def _check_step(name: str, text: str) -> None:
    # Idempotent on its own output document: meta carries what the first run moved
    # out of the text (a title), so that the second run does not take another.
    step = CHAIN[name]
    once = _run_step(step, Document(text))
    twice = _run_step(step, once)
    assert twice.text == once.text, f"{name} is not idempotent"


def _check_chain(doc: str | Document) -> Document:
    doc = Document(doc) if isinstance(doc, str) else doc
    stepwise = _run_stepwise(doc)
    whole = CHAIN(doc)
    assert whole == stepwise
    return whole


def _check_chain_idempotent(text: str) -> None:
    once = _check_chain(text)
    twice = _check_chain(once)
    assert twice.text == once.text, "the default chain is not idempotent"


# -- the default chain -----------------------------------------------------------


@given(arbitrary_text)
@example("")
@example(" .\n\n\u00a0")
@example("\u00c2\x1e\x95")  # lines split at \x1e were fixed apart: "Â" + "•", mojibake again
def test_chain_on_arbitrary_text(text):
    _check_chain_idempotent(text)


@given(articles())
@example("\n\n".join(SEED_PARAGRAPHS))
@example("Leave  a Reply\n\n")  # matched only once spacing had collapsed the spaces
@example("A.\n\n\n\u00a9 2017 Reuters\nB.\n\n")  # "bottom" moved as blank lines collapsed
def test_chain_on_articles(text):
    _check_chain(text)


@given(articles())
def test_chain_is_idempotent_on_articles(text):
    _check_chain_idempotent(text)


@pytest.mark.xfail(
    strict=True,
    reason="known gap: `entities` lengthens 'Isis' to 'Islamic State' after `paragraphs` "
    "judged the lines too short to be hard-wrapped (widest 55 < 60 characters); a second "
    "run sees a widest line of 64 and joins them",
)
def test_chain_is_idempotent_when_a_rewrite_widens_a_wrapped_looking_paragraph():
    _check_chain_idempotent(
        "Britain prepares to send troops back to\xa0Iraq\n"
        "Isis advances in the summer forced the army to retreat.\nTwitter"
    )


# -- each step alone -------------------------------------------------------------


@pytest.mark.parametrize("name", STEP_NAMES)
@given(text=arbitrary_text)
@example(text="\u00c2\x1e\x95")
@example(text="A.\nB.\n\u00a9 2017 Reuters\nLeave a Reply\nC.")
def test_step_on_arbitrary_text(name, text):
    _check_step(name, text)


@pytest.mark.parametrize("name", STEP_NAMES)
@given(text=articles())
def test_step_on_articles(name, text):
    _check_step(name, text)


# -- spacing only moves whitespace and punctuation --------------------------------


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _check_spacing_keeps_words(text: str) -> None:
    out = CHAIN["spacing"](Document(text))
    assert _alnum(out.text) == _alnum(text)
    for edit in out.edits:
        assert not _alnum(edit.old) and not _alnum(edit.new), edit


@given(arbitrary_text)
def test_spacing_changes_only_whitespace_and_punctuation(text):
    _check_spacing_keeps_words(text)


@given(articles())
def test_spacing_changes_only_whitespace_and_punctuation_in_articles(text):
    _check_spacing_keeps_words(text)


# -- the strategy itself ------------------------------------------------------------


def test_realistic_strategy_has_material():
    assert len(SEED_PARAGRAPHS) >= 20
    assert any("Daesh" in p for p in SEED_PARAGRAPHS)
    assert any("Leave a Reply" in p for p in SEED_PARAGRAPHS)
