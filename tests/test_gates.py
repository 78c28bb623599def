"""The cheap gates of the line and paragraph steps (issue 8): never wrong, only fast.

Each step first finds, at C speed, the few lines or paragraphs that may need work,
and runs its patterns there only. A gate may let through more than it needs to,
never less: each test here compares a gate with the slow, obvious computation it
stands for, on table rows (the steps' own residue, captions, repeats) and on random
text built from the words and marks the rules react to.
"""

from __future__ import annotations

import re

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import ConfigError
from newsclean.layout import paragraphs, word_key
from newsclean.resources import data_toml
from newsclean.steps import BoilerplateStep, DuplicatesStep, ParagraphsStep, StructureStep
from newsclean.steps.boilerplate import _key, _prose_guard, load_rules
from newsclean.steps.paragraphs import _LOWER_START, _MAY_CONTINUE, _lone_break
from newsclean.steps.structure import _holding, _patterns

RULES = BoilerplateStep().active_rules

#: Pieces random lines are made of: the words rules start with, in any case, marks,
#: odd spaces, and prose.
PIECES = sorted(
    {p for r in load_rules() for p in r.starts or ()}
    | {"LEAVE", "Leave", "a", "reply", "Share", "this", ":", " :", "(", "( c)", "(c)", "©"}
    | {"newsletter", "NEWSLETTER", "@", "x@y.com", "twitter.com/x", "12", "comments", "Tags"}
    | {"said", "the minister", ".", ",", "\u00a0", "\t", "  ", "ﬁled", "ſubscribe", "K"}
)
lines = st.lists(st.sampled_from(PIECES), min_size=1, max_size=8).map(" ".join)
texts = st.lists(lines, min_size=1, max_size=6).map("\n".join)


def matching_slowly(text: str) -> dict[str, list[str]]:
    """What ``_RuleSet.matching`` stands for: every line against every rule."""
    found = {}
    for line in text.splitlines():
        key = _key(line)
        words = key.count(" ") + 1
        ids = [r.id for r in RULES.rules if words <= r.max_words and r.pattern.fullmatch(key)]
        if key and ids and not _prose_guard().fullmatch(key):
            found[key] = ids
    return found


def matching_fast(text: str) -> dict[str, list[str]]:
    return {k: [r.id for r in v] for k, v in RULES.matching(text).items()}


RESIDUE = [
    "Leave a Reply",
    "LEAVE A REPLY\nCancel reply",
    "12 Comments",
    "Share this :\nTwitter\nFacebook",
    "Follow NBC Latino on Facebook, Twitter and Instagram.",
    "Sign up for our daily newsletter",
    "Get the best of the week in our newsletter, every Friday",
    "Don't Miss",
    "[Related: Troops to return to Iraq]",
    "( c) 2019 Hawaii News Now. All rights reserved.",
    "© Reuters",
    "Tags: Iraq, Britain",
    "Email the author at someone@example.com",
    "someone@example.com",
    "@reuters",
    "We use cookies to improve your experience.",
    "Advertisement",
    "\u00a0Skip to content",
    "Loading…",
    "Download our app for the latest news",
]


@pytest.mark.parametrize("text", RESIDUE)
def test_boilerplate_gate_finds_the_residue(text):
    assert matching_fast(text) == matching_slowly(text) != {}


@given(texts)
@example("Filed under: Iraq")
@example("ﬁled under: Iraq")
@example("The minister subscribe to our newsletter")
def test_boilerplate_gate_misses_nothing(text):
    assert matching_fast(text) == matching_slowly(text)


@pytest.mark.parametrize(
    "starts",
    [
        pytest.param(["Leave"], id="upper-case"),
        pytest.param(["leave a"], id="space"),
        pytest.param(["more:"], id="mark"),
        pytest.param([], id="empty"),
        pytest.param("leave", id="not-a-list"),
    ],
)
def test_boilerplate_refuses_prefixes_the_gate_cannot_use(starts):
    rule = {"id": "boilerplate.x", "category": "promo", "pattern": "leave.*", "starts": starts}
    with pytest.raises(ConfigError):
        BoilerplateStep(extra_rules=(rule,))


@pytest.mark.parametrize("contains", [["news letter"], ["Newsletter"], [""], "newsletter"])
def test_boilerplate_refuses_contains_words_the_gate_cannot_use(contains):
    rule = {"id": "boilerplate.x", "category": "promo", "pattern": ".*x", "starts": ["x"]}
    with pytest.raises(ConfigError):
        BoilerplateStep(extra_rules=({**rule, "contains": contains},))


def test_boilerplate_extra_rule_without_starts_is_tried_on_every_line():
    rule = {"id": "boilerplate.x", "category": "promo", "pattern": r".*podcast"}
    step = BoilerplateStep(extra_rules=(rule,))
    assert step(__import__("newsclean").Document("Britain said so.\nHear our podcast\n")).text == (
        "Britain said so.\n"
    )


# -- duplicates ------------------------------------------------------------------------

sentences = st.sampled_from(
    [
        "Britain will send 500 troops to Iraq next month.",
        "A team of officers will train and advise the Iraqi army.",
        "The soldiers will train Iraqi commandos at the Taji base.",
        "Наши герои знают толк не только в еде, но и в жизни.",
        "先日、不正に改造したiPhoneを販売したとして男性が逮捕された。",
        "Meal Prep Menu for Eating Plan B",
        "Yes.",
    ]
)


def variant(draw, text: str) -> str:
    """The same words, other case, marks and spacing."""
    how = draw(st.sampled_from(["same", "upper", "lower", "marks", "spaces"]))
    return {
        "same": text,
        "upper": text.upper(),
        "lower": text.lower(),
        "marks": text.replace(" ", ", ").rstrip(".") + "!",
        "spaces": "  " + text.replace(" ", "\u00a0 "),
    }[how]


@st.composite
def paragraph_lists(draw):
    base = draw(st.lists(sentences, min_size=1, max_size=6))
    return [variant(draw, p) for p in base]


@given(paragraph_lists(), st.integers(1, 8))
def test_duplicates_gate_keeps_every_repeat(texts, min_words):
    keys = DuplicatesStep(min_words=min_words)._keys(texts)
    slow = [word_key(t) for t in texts]
    for i, key in enumerate(slow):
        if len(key) >= min_words and slow.count(key) > 1:
            assert keys.get(i) == key


# -- layout and paragraphs ---------------------------------------------------------------

OLD_PARAGRAPH = regex.compile(r"\S[^\n]*(?:\n(?![^\S\n]*(?:\n|$))[^\n]*)*")
layouts = st.text(
    st.sampled_from(["a", "B", " ", "\n", "\t", "\r", "\x1c", "\x85", "\u2028", "\xa0", "(", "é"]),
    max_size=60,
)


@given(layouts)
@example("A\n\x1c\nB")
@example("A\n \u2028\nB\n  ")
def test_paragraphs_are_what_the_regex_pattern_found(text):
    assert [(p.start, p.end, p.text) for p in paragraphs(text)] == [
        (m.start(), m.end(), m.group()) for m in OLD_PARAGRAPH.finditer(text)
    ]


@given(layouts)
@example("One\ntwo.\n\nThree.")
def test_paragraph_gates_miss_nothing(text):
    paras = paragraphs(text)
    if any("\n" in p.text for p in paras):
        assert _lone_break(text)
    starts = {m.start(1) for m in _MAY_CONTINUE.finditer(text)}
    for p in paras[1:]:
        if _LOWER_START.match(p.text):
            assert p.start in starts


def test_paragraphs_step_still_mends():
    text = "It will train officers,\n\nincluding places.\n\ngov-\nernment plans for the\narmy"
    out = ParagraphsStep()(__import__("newsclean").Document(text))
    assert out.text == "It will train officers, including places.\n\ngovernment plans for the army"


# -- structure ---------------------------------------------------------------------------

CAPTION_LINES = [
    "Photo: AFP/Getty Images",
    "(Reuters)",
    "British soldiers at the Taji base. Photo: Reuters/Ahmed Saad",
    "(Photo by Ahmad Al-Rubaye/AFP via Getty Images)",
    "IMAGE CREDIT: Reuters",
]


@pytest.mark.parametrize("line", CAPTION_LINES)
def test_caption_lines_have_what_the_gate_looks_for(line):
    pat = _patterns()
    assert pat.captions.fullmatch(line)
    assert any(c in line for c in data_toml("structure.toml")["caption"]["needs"])
    text = f"Title\n\nBritain said so.\n\n{line}\n\nMore text."
    out = StructureStep()(__import__("newsclean").Document(text))
    assert line in out.meta["captions"]


@given(layouts.map(lambda t: t.replace("a", ":")), st.integers(0, 3))
def test_holding_is_a_look_at_each_paragraph(text, first):
    paras = paragraphs(text)
    chars = (":", "(")
    want = [k for k in range(first, len(paras)) if any(c in paras[k].text for c in chars)]
    assert _holding(text, paras, chars, first) == want


def test_gate_patterns_are_plain_re():
    # the gates use ``re`` (faster scans) with classes that agree with ``regex``
    assert isinstance(_MAY_CONTINUE, re.Pattern)
