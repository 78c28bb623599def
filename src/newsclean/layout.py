"""Paragraphs and lines of a text, with their offsets (shared by the structure steps).

A paragraph is a run of non-blank lines; blank lines (only whitespace) separate
paragraphs.

>>> [(p.start, p.end, p.text) for p in paragraphs("Title\\n\\nOne line.\\nTwo.\\n")]
[(0, 5, 'Title'), (7, 21, 'One line.\\nTwo.')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

import regex

from .edits import Change

__all__ = [
    "LINE_SPACE",
    "LIST_ITEM",
    "SENTENCE_END",
    "WHITE_SPACE",
    "Paragraph",
    "paragraphs",
    "removals",
    "word_key",
    "words",
]

#: The characters the ``regex`` module's ``\s`` matches (Unicode White_Space), as the
#: inside of a character class, for fast ``re`` patterns that must agree with it
#: (``re``'s ``\s`` also matches ``\x1c``-``\x1f``).
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

#: :data:`WHITE_SPACE` but the line break: white space within a line.
LINE_SPACE = WHITE_SPACE.replace("\n", "")
#: From a non-space character to the end of the last line before a blank line (as
#: ``regex`` would have it: ``\S[^\n]*(?:\n(?![^\S\n]*(?:\n|$))[^\n]*)*``; ``re`` scans faster).
_PARAGRAPH = re.compile(rf"[^{WHITE_SPACE}][^\n]*(?:\n(?![{LINE_SPACE}]*(?:\n|$))[^\n]*)*")
_WORD = regex.compile(r"\w[\w'’.-]*")
_PLAIN_WORD = regex.compile(r"\w+")


class Paragraph(NamedTuple):
    """``text[start:end]`` is the paragraph: from its first non-space character to the end
    of its last line (no blank lines, no leading whitespace)."""

    start: int
    end: int
    text: str

    @property
    def lines(self) -> list[str]:
        """The paragraph's lines, stripped."""
        return [line.strip() for line in self.text.splitlines()]

    @property
    def words(self) -> int:
        """How many words the paragraph has."""
        return words(self.text)


def paragraphs(text: str) -> list[Paragraph]:
    """The paragraphs of ``text``, in order."""
    new = tuple.__new__  # a named tuple made without its (slower) Python-level constructor
    return [new(Paragraph, (m.start(), m.end(), m.group())) for m in _PARAGRAPH.finditer(text)]


def words(text: str) -> int:
    """A word count good enough for thresholds ("3.5", "al-Abadi", "U.S." are one word).

    >>> words("Haider al-Abadi met U.S. troops, 3.5 km away.")
    8
    """
    return len(_WORD.findall(text))


def removals(paras: list[Paragraph], rules: Mapping[int, str], text: str) -> list[Change]:
    """Changes that remove the paragraphs ``rules`` names (index -> rule id).

    Each paragraph goes with the separator after it, or before it when no kept
    paragraph follows, so the paragraphs left stay one separator apart.

    >>> text = "One.\\n\\nTwo.\\n\\nThree."
    >>> [text[c.start:c.end] for c in removals(paragraphs(text), {1: "r", 2: "r"}, text)]
    ['\\n\\nTwo.', '\\n\\nThree.']
    >>> [text[c.start:c.end] for c in removals(paragraphs(text), {0: "r"}, text)]
    ['One.\\n\\n']
    """
    if not rules:
        return []
    changes = []
    last_kept = next((k for k in reversed(range(len(paras))) if k not in rules), -1)
    for k in sorted(rules):
        if k < last_kept:
            start, end = paras[k].start, paras[k + 1].start
        else:
            start = paras[k - 1].end if k > 0 else 0
            end = paras[k].end if k + 1 < len(paras) else len(text)
        changes.append(Change(start, end, "", rules[k]))
    return changes


def word_key(text: str) -> tuple[str, ...]:
    """The text's words, case folded: two texts with the same key differ only in case,
    punctuation and spacing.

    >>> word_key("The UK's plan.") == word_key("the UK’s  plan")
    True
    """
    return tuple(_PLAIN_WORD.findall(text.casefold()))


#: A list item, a table row: "- ", "• ", "1. ", "a) ", "| ".
#: (A bullet alone on its line is one too, whatever spaces follow it.)
LIST_ITEM = regex.compile(r"\s*(?:(?:[-•*–▪◦·]|\d{1,3}[.)]|\p{L}[.)])(?:\s|$)|\|)")

#: Ends like a sentence: . ! ? … then closing quotes or brackets.
SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*\s*$")
