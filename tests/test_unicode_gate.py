"""The ``unicode`` step's short cuts give what ftfy gives.

The step sends a line to ftfy only when ftfy could do more than straighten its
quotes and make its no-break spaces plain. These tests check the parts of that
gate against the installed ftfy (its tables, its mojibake pattern) and check the
whole step against the plain per-line ftfy path on generated text.
"""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from ftfy import fixes
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES, is_bad
from ftfy.chardata import CONTROL_CHARS, LIGATURES, WIDTH_MAP
from hypothesis import example, given
from hypothesis import strategies as st

from newsclean import Document
from newsclean.edits import Change, Edit, replay
from newsclean.steps import UnicodeStep
from newsclean.steps.unicode import (
    _FTFY_ONLY,
    _LINES,
    _MAY_BE_BAD,
    _MAY_NEED_FIX,
    _PLAIN_SYMBOLS,
    _SINGLE,
    _TABLES,
    _UNCURL,
    _ZERO_WIDTH,
    _char_class,
    _singles,
)

STEPS = [UnicodeStep(), UnicodeStep(quotes="keep")]

#: Every character ftfy's mojibake pattern names, by category or literally.
_BAD_CHARS = sorted(
    {c for c in BADNESS_RE.pattern if ord(c) > 0x7F}
    | {c for chars in MOJIBAKE_CATEGORIES.values() for c in chars if ord(c) > 0x7F}
    | {chr(c) for c in range(0x80, 0x250)}
    | {chr(c) for c in range(0x391, 0x3CF)}
    | {chr(c) for c in range(0x400, 0x460)}
)
#: News text: ASCII, plain symbols, every quote ftfy uncurls, accented letters, names.
_NEWS = (
    string.ascii_letters
    + " .,'\"-"
    + _PLAIN_SYMBOLS
    + "".join(map(chr, _UNCURL))
    + "éèçãõöüßñåøæÉÅŁłŠšŽžĐđăâêôơưạậễ«»„"
)
#: Characters and pieces that take a line to ftfy: mojibake, entities, controls, marks.
_DAMAGE = [
    "Ã©",
    "Ã ",
    "â€™",
    "Â£",
    "Â\u00a0",
    "&amp;",
    "&eacute;",
    "& ",
    "\u0301",
    "e\u0301",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\x1b[1m",
    "\x85",
    "\x92",
    "\r",
    "\u2028",
    "ﬁ",
    "Ａ",
    "\u3000",
    "\ud83d",
    "œ ",
    "×²",
    "ГўВЂВ",
    "вЂ",
    "日本",
    "Москва",
]
news_line = st.lists(
    st.sampled_from(list(_NEWS)) | st.sampled_from(_DAMAGE) | st.sampled_from(_BAD_CHARS),
    max_size=30,
).map("".join)


@given(st.text(alphabet=[*_BAD_CHARS, *"aAzZ .,?!"], max_size=12))
@example("Ã ")
@example("a Â ”")
@example("ГўВЂВx ")
@example("Ø\u00a0Ø’")
def test_mojibake_prefilter_finds_everything_ftfy_calls_bad(text):
    if is_bad(text):
        assert _MAY_BE_BAD.search(text), text


def test_mojibake_prefilter_leaves_news_text_alone():
    for text in ["«Приёмная» Министра", "São Paulo – “Ação”", "Bürgermeister Köln’s", "日本の首相"]:
        assert not is_bad(text)
        assert _MAY_BE_BAD.search(text) is None, text


def test_quote_table_is_ftfys():
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        assert _UNCURL.get(code, char) == fixes.uncurl_quotes(char), hex(code)


def test_every_character_another_ftfy_fixer_touches_sends_the_line_to_ftfy():
    fixers = [
        fixes.fix_c1_controls,
        fixes.fix_latin_ligatures,
        fixes.fix_character_width,
        fixes.fix_line_breaks,
        fixes.fix_surrogates,
        fixes.remove_control_chars,
    ]
    for code in range(0x10000):
        char = chr(code)
        text = f"a{char}\x1b[1mb" if char == "\x1b" else f"a{char}b"
        if any(fix(text) != text for fix in fixers):
            assert _FTFY_ONLY.search(char) or char == "\x1b", hex(code)
    assert _FTFY_ONLY.search("\x1b")


def test_replaced_characters_take_part_in_no_composition():
    """Replacing them (or putting their replacements in) keeps an NFC line NFC."""
    chars = {chr(c) for table in _TABLES.values() for c in table}
    chars |= {new for table in _TABLES.values() for new in table.values()}
    assert all(unicodedata.combining(c) == 0 for c in chars)
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = {chr(int(part, 16)) for part in decomposition.split()}
            assert not parts & chars, hex(code)


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.quotes)
@given(line=news_line)
@example(line="“Zoë” met Đoàn\u00a0Văn Hậu")
@example(line="São Paulo’s “Ação”\u00a0now")
@example(line="he said…” and ’” then")
@example(line="A & B, S&P 500, AT&T’s")
@example(line="cafe\u0301 “x”")
@example(line="Ø’Ø’ and Â\u00a0”")
def test_gate_agrees_with_ftfy(step, line):
    line = line.replace("\n", " ")
    assert step.line_changes(line) == step.line_changes(line, cheap=False), line


def _per_line(step: UnicodeStep, text: str) -> list:
    """The step's changes as ftfy gives them: every line that may need a fix, alone."""
    changes: list = []
    for m in _LINES.finditer(text):
        if _MAY_NEED_FIX.search(m.group()):
            changes += step.line_changes(m.group(), m.start(), cheap=False)
    return changes


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.quotes)
@given(lines=st.lists(news_line, max_size=6), breaks=st.sampled_from(["\n", "\r\n", "\u2028"]))
@example(lines=["“a” b", "plain", "caf\u00c3\u00a9 – ’"], breaks="\n")
def test_whole_text_pass_agrees_with_ftfy_line_by_line(step, lines, breaks):
    text = breaks.join(lines)
    assert step.changes(text) == _per_line(step, text)


def test_ftfy_only_class_is_the_two_part_pattern():
    """``_FTFY_ONLY`` is one class (fast); it finds what the plain two-part pattern finds."""
    two_part = re.compile(
        r"[^\t\n\x20-\x7e\xa0-\U0010ffff]|[\u2028\u2029\ud800-\udfff"
        + _ZERO_WIDTH
        + _char_class({*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS})
        + "]"
    )
    everything = "".join(map(chr, range(0x110000)))
    assert _FTFY_ONLY.findall(everything) == two_part.findall(everything)
    assert _MAY_NEED_FIX.findall(everything) == re.findall(r"[^\t\n\x20-\x7e]|&", everything)


_FILLER = "Plain ASCII filler: a line that needs no look."


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.quotes)
@given(lines=st.lists(news_line | st.just(_FILLER), max_size=12))
@example(lines=["“a” b", "Zoë’s", "plain", "café &amp; “x”", "", "São\u00a0Paulo"])
@example(lines=["“a”", "caf\u00c3\u00a9 – ’", "e\u0301 “b”", "\u200b", "x\u00a0y", "Đoàn"])
@example(lines=["Zoë", _FILLER, "Đoàn “x”", "plain", "Ã©", _FILLER, "é\u00a0é"])
def test_lines_looked_at_together_agree_with_ftfy_line_by_line(step, lines):
    """The lines that need a look are checked together when quotes are made straight
    (``UnicodeStep._lines_changes``): the result is ftfy's, line by line."""
    text = "\n".join(lines)
    assert step.changes(text) == _per_line(step, text)


@pytest.mark.parametrize("quotes", ["straight", "keep"])
def test_singles_are_the_changes_of_the_single_table(quotes):
    """``_singles`` (maps of C functions) makes the Change per character it stands for."""
    table = _SINGLE[quotes]
    text = "x".join(table) + " “Zoë” said\u00a0so’"
    positions = [i for i, c in enumerate(text) if c in table]
    expected = [Change(p, p + 1, *table[text[p]]) for p in positions]
    got = _singles(text, positions, quotes)
    assert got == expected and all(type(c) is Change for c in got)
    assert _singles(text, [], quotes) == []


def _by_changes(step: UnicodeStep, doc: Document) -> Document:
    """What ``TextStep.apply`` gives: the step's changes applied one by one."""
    return doc.with_changes(step.name, step.changes(doc.text))


@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.quotes)
@given(
    lines=st.lists(news_line | st.just(_FILLER), max_size=12),
    breaks=st.sampled_from(["\n", "\r\n"]),
)
@example(lines=["“a” b", "Zoë’s", "plain", "café &amp; “x”", "", "São\u00a0Paulo"], breaks="\n")
@example(lines=["“a”", "caf\u00c3\u00a9 – ’", "e\u0301 “b”", "x\u00a0y"], breaks="\r\n")
@example(lines=["“Quoted” text", "The cafÃ© “opened”\u00a0today"], breaks="\n")
@example(lines=["plain ASCII", "no quotes"], breaks="\n")
@example(lines=["Zoë met “Đoàn”", "“a” b"], breaks="\n")  # a line looked at, quotes only
@example(lines=["Zoë said: ‘no’”", "“a”"], breaks="\n")  # two side by side: one change
def test_apply_is_the_steps_changes_applied(step, lines, breaks):
    """``UnicodeStep.apply`` replaces its one-character changes with ``str.replace`` and
    makes their edits in bulk: the text, the edits and their order are those of its
    changes applied by ``apply_changes``."""
    doc = Document(breaks.join(lines), {"source": "x"})
    got = step.apply(doc)
    expected = _by_changes(step, doc)
    assert (got.text, got.edits, got.meta) == (expected.text, expected.edits, expected.meta)
    assert all(type(e) is Edit for e in got.edits)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("“Kept” in a line ftfy fixed: cafÃ© “x”\n“Outside” it", id="quotes"),
        pytest.param(
            "A no-break\u00a0space ftfy kept: cafÃ©\u00a0x\nand\u00a0one outside", id="spaces"
        ),
    ],
)
def test_apply_falls_back_when_a_fixed_line_keeps_a_replaced_character(monkeypatch, text):
    """If a line that needed a look came back with a character the step replaces one at a
    time (a fix that left it), ``str.replace`` would change it without an edit: ``apply``
    then applies the changes one by one instead."""
    step = UnicodeStep()
    monkeypatch.setattr(UnicodeStep, "fix_line", lambda self, line: (line, "unicode.mojibake"))
    doc = Document(text)
    got = step.apply(doc)
    expected = _by_changes(step, doc)
    assert got.text == expected.text and got.edits == expected.edits
    assert any(c in got.text for c in "“\u00a0")  # the kept character is still there
    assert replay(text, got.edits) == got.text
