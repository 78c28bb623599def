"""The shortcuts of ``entities`` (issue 8), each checked against what it stands for.

- A spelling in the gazetteer's ``_plain`` set is a canonical name no context rewrites:
  ``_rewritten`` leaves it as it is, whatever the article, prefix, hyphen or full stop
  around it, so the step does not call it.
- ``Guard.allows`` looks for its words with one ``str.endswith``/``startswith`` of all of
  them first; it answers as the word-by-word test does.
- A document whose mentions are all left as they are keeps its text, and its entities'
  spans are the mentions' spans (no ``apply_changes``).
"""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.edits import Change
from newsclean.steps import EntitiesStep
from newsclean.steps.entities import (
    _PUNCT,
    Gazetteer,
    GazetteerEntry,
    Guard,
    _in_url,
    _is_capitals,
    _lower,
    _rewritten,
    _word_at_end,
    _word_at_start,
)

CONTEXTS = [
    "{}",
    "the {} is",
    "The {} government said",
    "In {}.",
    "in {}.\n\nNext",
    "so-called {} fighters",
    "anti-{} groups",
    "{}-based firm",
    "the {}'s plan",
    "(the {})",
    "He said. {} is",
    "the U.S. and {}. The",
]


@pytest.mark.parametrize(
    "step",
    [
        pytest.param(EntitiesStep(), id="shipped"),
        pytest.param(EntitiesStep(canonical={"GB": "Britain", "US": "America"}), id="preferred"),
        pytest.param(EntitiesStep(canonical={"IN": "Bharat"}), id="preferred-articled"),
        pytest.param(
            EntitiesStep(extra_entities=({"id": "GB", "merge": True, "prefixes": ["Great"]},)),
            id="prefixed",
        ),
    ],
)
def test_plain_spellings_are_never_rewritten(step):
    gazetteer = step.gazetteer
    assert gazetteer._plain  # most country names are plain
    for index, spelling in enumerate(gazetteer._spellings):
        if spelling not in gazetteer._plain:
            continue
        name, entry, _ = gazetteer._values[index]
        for context in CONTEXTS:
            text = context.format(spelling)
            start = context.index("{}")
            end = start + len(spelling)
            change = Change(start, end, spelling, "entities.canonical")
            assert _rewritten(text, start, end, entry, name) == (change, 0, 0), (spelling, text)


def test_names_that_a_context_rewrites_are_not_plain():
    plain = EntitiesStep(canonical={"GB": "Britain"}).gazetteer._plain
    assert "Britain" not in plain  # "the Britain is" -> "Britain is"
    assert "Bharat" not in EntitiesStep(canonical={"IN": "Bharat"}).gazetteer._plain
    assert {"India", "China"} <= plain
    assert not {"Britain", "America", "U.S.", "Daesh"} & EntitiesStep().gazetteer._plain


def _allows_word_by_word(
    guard: Guard, text: str, start: int, end: int, names: frozenset[str]
) -> bool:
    """``Guard.allows`` as it read before the shortcut."""
    before = text[max(0, start - 40) : start].rstrip(" \t")
    after = text[end : end + 40]
    spaced = after.lstrip(" \t")
    if (guard.after or guard.before) and not (
        any(_word_at_end(before, w) for w in guard.after)
        or any(_word_at_start(spaced, w) for w in guard.before)
    ):
        return False
    if any(_word_at_end(before, w) for w in guard.not_after):
        return False
    if any(_word_at_start(spaced, w) for w in guard.not_before):
        return False
    if guard.not_before_name and after[:1] == " ":
        name = spaced[4:] if spaced[:4] in ("the ", "The ") else spaced
        if name[:1].isupper():
            return False
    if guard.not_in_capitals:
        prev = before.rsplit(None, 1)[-1] if before and before[-1:].isalpha() else ""
        nxt = (spaced.split(None, 1) or [""])[0] if after[:1].isspace() else ""
        for word in (prev, nxt):
            bare = {_lower(word.strip(_PUNCT)), _lower(word.strip(_PUNCT[1:]))}
            if _is_capitals(word) and not any(w in names for w in bare):
                return False
    return True


WORDS = [
    "the", "The", "of", "fighters", "militants", "-held", "river", "River", "temple of",
    "Latin", "South", "First", "Smith", "IT", "IS", "U.K.", "UK", "ⅰ", "ǅ", "x", "",
]  # fmt: skip
GUARDS = [
    Guard(after=("the", "The", "of"), before=("fighters", "-held"), not_in_capitals=True),
    Guard(not_after=("river", "temple of", "Latin"), not_before=("River", "First")),
    Guard(not_before_name=True, not_in_capitals=True),
    Guard(),
]
SEPARATORS = st.sampled_from(["", " ", "  ", "\t", " \t", "\n", ". ", ", "])


@given(
    st.sampled_from(GUARDS),
    st.lists(st.tuples(st.sampled_from(WORDS), SEPARATORS), max_size=4),
    st.lists(st.tuples(SEPARATORS, st.sampled_from(WORDS)), max_size=4),
)
@example(GUARDS[0], [("the", " ")], [(" ", "fighters")])
@example(GUARDS[1], [("temple of", " ")], [])
@example(GUARDS[0], [("IT", " ")], [(" ", "UK")])
def test_guard_shortcut_answers_as_the_word_loops(guard, left, right):
    before = "".join(w + s for w, s in left)
    text = before + "IS" + "".join(s + w for s, w in right)
    start, end = len(before), len(before) + 2
    names = frozenset({"uk", "u.k", "is"})
    assert guard.allows(text, start, end, names) == _allows_word_by_word(
        guard, text, start, end, names
    )


MENTIONS = ["India", "China", "Iraq", "Hong Kong", "said", "the", ",", ".", "(", ")", "-", "é"]


@given(st.lists(st.sampled_from(MENTIONS), max_size=12).map(" ".join))
@example("India and China (India), Iraq.")
def test_untouched_mentions_keep_their_spans(text):
    doc = EntitiesStep()(Document(text))
    assert doc.text == text and not doc.edits
    gazetteer = EntitiesStep().gazetteer
    spans = [(s, e) for s, e, _, _ in gazetteer.mentions(text) if not _in_url(text, s, e)]
    assert [(m.start, m.end) for m in doc.entities] == spans
    assert all(m.text == text[m.start : m.end] for m in doc.entities)


GAZETTEER = EntitiesStep().gazetteer
#: A gazetteer with a "?" in a name ("?" stands for wide characters in the Latin-1 scan).
ODD = Gazetteer(
    [
        GazetteerEntry("q", "Who?", "body", exact=("Who?", "Wh—o")),
        GazetteerEntry("c", "Côte", "place", exact=("Côte",)),
    ]
)
TEXT_PIECES = [
    "Iraq", "Britain", "U.S.", "Daesh", "Da’esh", "Côte d'Ivoire", "Côte d’Ivoire", "Türkiye",
    "Who?", "Who", "Wh—o", "é", "—", "“", "’", "😀", "中", "?", " ", ".", "\n", "x", "\ud800",
]  # fmt: skip


@pytest.mark.parametrize("gazetteer", [GAZETTEER, ODD], ids=["shipped", "question-mark"])
@given(text=st.lists(st.sampled_from(TEXT_PIECES), max_size=20).map("".join))
@example(text="Café — Iraq, 😀 Britain")
@example(text="\ud800 Iraq Da’esh")
@example(text="中 Who? Wh—o")
@example(text="Who中 is it")  # not "Who?" in Latin-1
def test_byte_matches_are_the_str_automatons(gazetteer, text):
    # the automaton over the text itself (as str: the library counts the offsets in
    # characters), on the text with any lone surrogate made U+FFFD (also 3 bytes in UTF-8)
    import ahocorasick_rs

    automaton = ahocorasick_rs.AhoCorasick(
        gazetteer.spellings(), matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
    )
    plain = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    assert gazetteer.matches(text) == automaton.find_matches_as_indexes(plain)


def test_latin_spellings_come_first():
    spellings = GAZETTEER.spellings()
    wide = [k for k, s in enumerate(spellings) if max(s) > "\xff"]
    assert wide and wide == list(range(len(spellings) - len(wide), len(spellings)))
    assert GAZETTEER._wide == ["’"]
