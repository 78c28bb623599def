"""``paragraphs``: mend paragraphs that extraction or hard wrapping broke.

Three rules, with their thresholds in ``newsclean/data/structure.toml``:

- ``paragraphs.rejoin``: a paragraph that stops mid-sentence (on a comma, or a
  word without final punctuation) and a next one that starts in lower case are
  one paragraph;
- ``paragraphs.hyphenation``: a word hyphenated across a line break is one
  word again ("gov-/ernment" → "government"; "counter-/terrorism" keeps its hyphen);
- ``paragraphs.unwrap``: the lines of a hard-wrapped paragraph become one line.

List items, table rows and headings never join their neighbours.

>>> from newsclean import Document
>>> text = "It will train officers,\\n\\nincluding places at the colleges.\\n\\n- First item\\n- second item"
>>> print(ParagraphsStep()(Document(text)).text)
It will train officers, including places at the colleges.
<BLANKLINE>
- First item
- second item
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, pairwise, repeat
from operator import contains, itemgetter
from typing import ClassVar

import regex

from ..edits import Change
from ..layout import LINE_SPACE, LIST_ITEM, SENTENCE_END, Paragraph, paragraphs, words
from ..resources import data_toml
from .base import TextStep
from .entities import known_names

__all__ = ["ParagraphsStep"]

#: Stops mid-sentence: a comma or semicolon, or a letter or digit (no final punctuation).
_OPEN_END = regex.compile(r"(?:[,;]|[\p{L}\p{N}])\s*$")
#: A continuation starts with a lower-case letter; not with a quote, which other steps
#: pair within a line and would pair differently once the lines are joined.
_LOWER_START = regex.compile(r"(?:\([ \t]*)?\p{Ll}")
_HYPHENATED = regex.compile(r"(?<![\p{L}-])(\p{L}+)-$")
_WORD_CHAR = regex.compile(r"\w")
_DOUBLE_QUOTE = regex.compile(r"[\"“”]")
_CURLY = regex.compile(r"[‘’“”]")
_STRAIGHT = regex.compile(r"[\"']")
_FIRST_WORD = regex.compile(r"(?:\([ \t]*)?([\w'’-]+)")
#: A particle glued to a capitalised name: "al-Qaeda", "bin-Laden", "d'Estaing".
_PARTICLE_NAME = regex.compile(r"\p{Ll}{1,4}[-'’]\p{Lu}")
#: Where a paragraph may carry on the one before: after a blank line, an opening bracket
#: or a letter that may be lower case (ASCII lower case or any non-ASCII character: a
#: cheap net for ``_LOWER_START``, which tells). Group 1 starts at the paragraph. (Only
#: the last blank line before it, and no backtracking: linear on any run of blank lines.)
_MAY_CONTINUE = re.compile(
    rf"\n[{LINE_SPACE}]*+\n[{LINE_SPACE}]*+((?:\([ \t]*+)?[a-z\x80-\U0010ffff])"
)
#: A line break with none before or after it (``re`` skips to line breaks fast: the
#: look-behind comes after the line break).
_LONE_BREAK = re.compile(r"\n(?<!\n\n)(?!\n)")
#: The characters of ``LINE_SPACE`` (the ``regex`` module's ``[^\S\n]``), for ``str.strip``.
_LINE_SPACES = LINE_SPACE.replace("\u2000-\u200a", "".join(map(chr, range(0x2000, 0x200B))))
#: Where a line after the first may be a list item (:data:`~newsclean.layout.LIST_ITEM`,
#: which tells): after white space (``re``'s ``\s`` holds the ``regex`` module's), a dash,
#: star, bar or digit, an ASCII letter before ``.`` or ``)``, or any non-ASCII character.
_MAY_LIST = re.compile(r"\n\s*(?:[-*|0-9\x80-\U0010ffff]|[A-Za-z][.)])")
#: The ASCII characters a match of ``_LOWER_START`` may start with (and any other).
_ASCII_MAY_BE_LOWER = "(abcdefghijklmnopqrstuvwxyz"
_START = itemgetter(0)
_TEXT = itemgetter(2)
#: Fewer words than this and a paragraph may be a heading: never rejoined to the next.
_HEADING_WORDS = 4


@dataclass(frozen=True)
class _Layout:
    keep_hyphen: frozenset[str]
    min_lines: int
    min_width: int
    max_width: int
    min_share: float


@cache
def _layout() -> _Layout:
    data = data_toml("structure.toml")["paragraphs"]
    return _Layout(
        keep_hyphen=frozenset(data["keep_hyphen"]),
        min_lines=int(data["wrap_min_lines"]),
        min_width=int(data["wrap_min_width"]),
        max_width=int(data["wrap_max_width"]),
        min_share=float(data["wrap_min_share"]),
    )


@dataclass(frozen=True)
class ParagraphsStep(TextStep):
    """Rejoin broken paragraphs, hyphenated words and hard-wrapped lines."""

    name: ClassVar[str] = "paragraphs"
    summary: ClassVar[str] = "rejoin broken paragraphs, hyphenated words, hard-wrapped lines"
    rules: ClassVar[dict[str, str]] = {
        "paragraphs.rejoin": "a paragraph broken mid-sentence joined to its continuation",
        "paragraphs.hyphenation": "a word hyphenated across a line break made whole",
        "paragraphs.unwrap": "a hard line break inside a paragraph made a space",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.check_disable(self.disable)

    def changes(self, text: str) -> Iterator[Change]:
        # Two cheap looks at the whole text find the paragraphs that may need work:
        # those of more than one line, and those before a paragraph that may carry on.
        inside = _lone_break(text)
        rejoin = "paragraphs.rejoin" not in self.disable
        starts = {m.start(1) for m in _MAY_CONTINUE.finditer(text)} if rejoin else set()
        if not inside and not starts:
            return
        layout = _layout()
        paras = paragraphs(text)
        # the paragraphs of more than one line, and those before a paragraph in ``starts``
        # (found at C speed), in order
        todo: set[int] = set()
        if inside:
            todo.update(compress(count(), map(contains, map(_TEXT, paras), repeat("\n"))))
        if starts:
            todo.update(compress(count(-1), map(starts.__contains__, map(_START, paras))))
            todo.discard(-1)
        for k in sorted(todo):
            para = paras[k]
            if inside and "\n" in para.text:
                yield from self._inside(text, para, layout)
            if k + 1 < len(paras) and paras[k + 1].start in starts:
                nxt = paras[k + 1]
                if _broken(para, nxt, layout):
                    yield Change(para.end, nxt.start, " ", "paragraphs.rejoin")

    def _inside(self, text: str, para: Paragraph, layout: _Layout) -> Iterator[Change]:
        lines = para.text.split("\n")
        if len(lines) < 2 or _list_item(lines, para.text):
            return
        wrapped = _hard_wrapped([line.strip() for line in lines], layout)
        for start, end, last_line, next_line in _breaks(para, lines):
            first = next_line[:1]
            lower = (first in _ASCII_MAY_BE_LOWER or first >= "\x80") and (
                _LOWER_START.match(text, end) is not None
            )
            hyphen = (
                _HYPHENATED.search(last_line[-60:]) if lower and last_line.endswith("-") else None
            )
            if hyphen is not None:
                if "paragraphs.hyphenation" in self.disable:
                    continue
                # "gov-\nernment" -> "government"; "counter-\nterrorism" keeps its hyphen
                keep = hyphen[1].casefold() in layout.keep_hyphen
                yield Change(start - (0 if keep else 1), end, "", "paragraphs.hyphenation")
                continue
            if "paragraphs.unwrap" in self.disable:
                continue
            if not wrapped and not (
                lower
                and _continues(text, end)
                and _WORD_CHAR.search(last_line)  # a line of only marks is no broken sentence
                and not SENTENCE_END.search(last_line)
                and not last_line.rstrip().endswith(":")
            ):
                continue
            if _quotes_stay(last_line, next_line):
                yield Change(start, end, " ", "paragraphs.unwrap")


def _breaks(para: Paragraph, lines: list[str]) -> Iterator[tuple[int, int, str, str]]:
    """The line breaks of ``para`` (whose ``lines`` split at ``\\n``): where the white space
    around each starts and ends (what ``[^\\S\\n]*\\n[^\\S\\n]*`` finds: no line inside a
    paragraph is blank), the line before it up to there, the line after it from there.

    >>> list(_breaks(Paragraph(3, 13, "One \\n two."), ["One ", " two."]))
    [(6, 9, 'One', 'two.')]
    """
    line_start = para.start
    for line, after in pairwise(lines):
        last_line = line.rstrip(_LINE_SPACES)
        start = line_start + len(last_line)
        line_start += len(line) + 1
        next_line = after.lstrip(_LINE_SPACES)
        yield start, line_start + len(after) - len(next_line), last_line, next_line


def _list_item(lines: list[str], text: str) -> bool:
    """Whether one of the ``lines`` (of ``text``) is a list item or a table row.

    >>> _list_item(["Troops will", "- stay", "home."], "Troops will\\n- stay\\nhome.")
    True
    """
    return LIST_ITEM.match(lines[0]) is not None or (
        _MAY_LIST.search(text) is not None and any(map(LIST_ITEM.match, lines[1:]))
    )


def _lone_break(text: str) -> bool:
    """Whether ``text`` has a line break with no line break next to it, as every line break
    inside a paragraph has (its lines are not blank).

    >>> _lone_break("One.\\n\\nTwo.\\n\\n\\n"), _lone_break("One\\ntwo.\\n\\nThree.")
    (False, True)
    """
    return _LONE_BREAK.search(text) is not None


def _hard_wrapped(lines: list[str], layout: _Layout) -> bool:
    """Lines filled to about the same width: text wrapped by a tool, not by its author."""
    widest = max(map(len, lines))
    return (
        len(lines) >= layout.min_lines
        and layout.min_width <= widest <= layout.max_width
        and all(len(line) >= layout.min_share * widest for line in lines[:-1])
    )


def _broken(para: Paragraph, nxt: Paragraph, layout: _Layout) -> bool:
    """``para`` stops mid-sentence and ``nxt`` carries on in lower case.

    A name that starts in lower case ("al-Qaeda", "de Mistura") is no continuation.
    """
    if not _continues(nxt.text, 0):  # the cheapest and most telling test first
        return False
    last = para.text.rstrip().rsplit("\n", 1)[-1]
    return (
        _OPEN_END.match(last, len(last) - 1) is not None  # (no white space at its end)
        and not LIST_ITEM.match(nxt.text)
        and not LIST_ITEM.match(last)
        and _quotes_stay(last, nxt.text.split("\n", 1)[0])
        and words(para.text) >= _HEADING_WORDS
    )


def _quotes_stay(line: str, other: str) -> bool:
    """Joining the two lines leaves every quote as the ``unicode`` step treats it.

    With ``quotes="keep"`` that step makes quotes consistent line by line: it pairs
    the double quotes of a line, and straightens nothing in a line without curly
    quotes. So two lines that both have double quotes, or curly quotes beside
    straight ones, are not joined: the joined line would be treated differently.
    """
    doubles = _DOUBLE_QUOTE.search(line) and _DOUBLE_QUOTE.search(other)
    mixed = (_CURLY.search(line) and _STRAIGHT.search(other)) or (
        _CURLY.search(other) and _STRAIGHT.search(line)
    )
    return not (doubles or mixed)


def _continues(text: str, pos: int) -> bool:
    """The text at ``pos`` carries a sentence on: a lower-case word that is not a name."""
    if not _LOWER_START.match(text, pos):
        return False
    word = _FIRST_WORD.match(text, pos)
    return not (word and (_PARTICLE_NAME.match(word[1]) or word[1] in known_names()))
