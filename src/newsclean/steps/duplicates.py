"""``duplicates``: keep each paragraph once.

Scraped pages repeat text: the standfirst comes back as the body's first
paragraph, a paragraph or a pull quote appears twice. Paragraphs that are the
same word for word (case, punctuation and spacing aside) are kept once. When
the first copy sits at the top and the body repeats it later, it was a
standfirst: it moves to ``meta["standfirst"]`` and the body keeps its copy;
otherwise the later copy goes.

Articles also repeat on purpose: the same question to each interviewee, the same
list item under each day of a plan. So a repeat that is not right after its
first copy goes only when it is a sentence of prose: at least ``prose_words``
words, ending like a sentence, not a question and not a list item.

>>> from newsclean import Document
>>> text = "Troops to return\\n\\nA team will train the army\\n\\nBritain said so.\\n\\nA team will train the army."
>>> doc = DuplicatesStep()(Document(text))
>>> doc.text
'Troops to return\\n\\nBritain said so.\\n\\nA team will train the army.'
>>> doc.meta["standfirst"]
'A team will train the army'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import add
from typing import ClassVar

from ..document import Document
from ..layout import (
    LINE_SPACE,
    LIST_ITEM,
    SENTENCE_END,
    WHITE_SPACE,
    paragraphs,
    removals,
    word_key,
)
from .base import Step

__all__ = ["DuplicatesStep"]

#: A standfirst sits among the first paragraphs (after a title) ...
_STANDFIRST_WITHIN = 3

#: What separates paragraphs (:func:`~newsclean.layout.paragraphs`): a line break, then
#: blank lines and their line breaks.
_GAP = re.compile(rf"\n(?:[{LINE_SPACE}]*+\n)+")
_BLANK = re.compile(rf"[{WHITE_SPACE}]*")
#: Letters that only themselves and their capitals case fold to: how many a paragraph has
#: depends on its words only, so paragraphs with the same words have as many.
_LETTERS = ("e", "E"), ("o", "O")
#: More such letters (Latin, Cyrillic, Greek, and common kana, Han and Hangul, which have no
#: case), counted in the lower-cased text (they lower-case as they case fold) to tell apart
#: the few paragraphs that :data:`_LETTERS` do not.
#: How many of them at most.
_ROUNDS = 3
_MORE_LETTERS = "rdcumpgbvаеинрлкмпуяыьοντλのにはをたがていし的是一了不在人이다는에의가고하"


@dataclass(frozen=True)
class DuplicatesStep(Step):
    """Keep repeated paragraphs once; a repeated standfirst moves to ``meta``."""

    name: ClassVar[str] = "duplicates"
    summary: ClassVar[str] = "keep repeated paragraphs once; a repeated standfirst goes to meta"
    rules: ClassVar[dict[str, str]] = {
        "duplicates.standfirst": "a standfirst that the body repeats, moved to meta['standfirst']",
        "duplicates.repeat": "a later copy of a paragraph",
    }

    #: Paragraphs with fewer words are never taken for repeats ("Yes.", "Meal 1").
    min_words: int = 6
    #: A repeat further away than the next paragraph goes only if it is prose this long.
    prose_words: int = 15

    def __post_init__(self) -> None:
        if self.min_words < 1:
            raise ValueError("min_words must be at least 1")

    def apply(self, doc: Document) -> Document:
        text = doc.text
        pieces = _GAP.split(text)  # the paragraphs, and white space at the ends
        keys = self._keys(pieces)
        if not _repeats(keys):  # most texts: every paragraph once
            return doc
        paras = paragraphs(text)
        blank = [_BLANK.fullmatch(pieces[0]) is not None, _BLANK.fullmatch(pieces[-1]) is not None]
        if len(paras) == len(pieces) - sum(blank):
            keys = {k - blank[0]: key for k, key in keys.items()}  # same words, same order
        else:  # (never, but the paragraphs are what counts)
            keys = self._keys([p.text for p in paras])
        first: dict[tuple[str, ...], int] = {}
        removed: dict[int, str] = {}
        standfirst = None
        # paragraphs whose words no other has are neither repeats nor repeated: left out
        for k, key in keys.items():
            para = paras[k]
            if key not in first:
                first[key] = k
                continue
            j = first[key]
            # place and neighbours among the paragraphs kept so far: what a second run,
            # on the text without the removed ones, will see
            apart = any(i not in removed for i in range(j + 1, k))
            place = j - sum(1 for i in removed if i < j)
            if (
                place < _STANDFIRST_WITHIN
                and apart
                and j not in removed
                and standfirst is None
                and "standfirst" not in doc.meta  # taken: a second would leave the text unrecorded
                and _statement(paras[j].text)
            ):
                removed[j] = "duplicates.standfirst"
                standfirst = paras[j].text.strip()
                first[key] = k
            elif not apart or _prose(para.text, self.prose_words):
                removed[k] = "duplicates.repeat"
        if not removed:
            return doc
        out = doc.with_changes(self.name, removals(paras, removed, text))
        if standfirst is not None:
            out = out.with_meta(standfirst=standfirst)
        return out

    def _keys(self, texts: list[str]) -> dict[int, tuple[str, ...]]:
        """The word keys (:func:`~newsclean.layout.word_key`) of at least ``min_words`` words
        of the ``texts`` that may have the same words as another, by index, in order.

        Texts are told apart first by how many of a few letters they have (counted at C
        speed); only those that share the counts get their words compared.

        >>> DuplicatesStep()._keys(["One two three four five six.", "Seven", "One, two three four five SIX"])
        {0: ('one', 'two', 'three', 'four', 'five', 'six'), 2: ('one', 'two', 'three', 'four', 'five', 'six')}
        >>> DuplicatesStep()._keys(["One two three four five six.", "Seven eight nine ten eleven."])
        {}
        """
        if len(texts) < 2:
            return {}
        signs = _signs(texts)
        shared = {sign for sign, n in Counter(signs).items() if n > 1}
        if not shared:
            return {}
        shortest = 2 * self.min_words - 1  # each word a character, a space between
        groups: dict[tuple[int, ...], list[int]] = {}
        for i in compress(count(), map(shared.__contains__, signs)):
            if len(texts[i]) >= shortest:
                groups.setdefault(signs[i], []).append(i)
        keys = {}
        known: dict[str, tuple[str, ...]] = {}  # the same text again: the same words
        for i in _still_alike(texts, [g for g in groups.values() if len(g) > 1]):
            key = known.get(texts[i])
            if key is None:
                key = known[texts[i]] = word_key(texts[i])
            if len(key) >= self.min_words:
                keys[i] = key
        return keys


def _repeats(keys: dict[int, tuple[str, ...]]) -> bool:
    """Whether two of ``keys`` are the same."""
    return len(set(keys.values())) < len(keys)


def _still_alike(texts: list[str], groups: list[list[int]]) -> list[int]:
    """The indexes in ``groups`` (of texts with the same letter counts) that may have the
    same words as another text of their group: the same text (lower-cased), or the same
    counts of each of :data:`_MORE_LETTERS`."""
    alike: set[int] = set()
    by_text: dict[str, list[int]] = {}  # lower-cased text -> its indexes
    distinct = []
    for group in groups:
        texts_here: dict[str, list[int]] = {}
        for i in group:
            texts_here.setdefault(texts[i].lower(), []).append(i)
        for text, same in texts_here.items():
            if len(same) > 1:
                alike.update(same)
            by_text[text] = same
        if len(texts_here) > 1:
            distinct.append(list(texts_here))
    # split each group by the count of a letter its first text has, for a few letters:
    # what is still together then most likely has the same words
    stack = [(group, 0, 0) for group in distinct]
    distinct = []
    while stack:
        group, n, rounds = stack.pop()
        while n < len(_MORE_LETTERS) and _MORE_LETTERS[n] not in group[0]:
            n += 1
        if n == len(_MORE_LETTERS) or rounds == _ROUNDS:
            distinct.append(group)
            continue
        buckets: dict[int, list[str]] = {}
        for text in group:
            buckets.setdefault(text.count(_MORE_LETTERS[n]), []).append(text)
        stack.extend((b, n + 1, rounds + 1) for b in buckets.values() if len(b) > 1)
    for group in distinct:
        for text in group:
            alike.update(by_text[text])
    return sorted(alike)


def _signs(texts: list[str]) -> list[tuple[int, ...]]:
    """How many of each of :data:`_LETTERS` each text has (either case)."""
    counts = [
        map(add, map(str.count, texts, repeat(lower)), map(str.count, texts, repeat(upper)))
        for lower, upper in _LETTERS
    ]
    return list(zip(*counts, strict=True))


def _prose(text: str, min_words: int) -> bool:
    """A statement of at least ``min_words`` words: not a question, not a list item."""
    return (
        len(word_key(text)) >= min_words
        and SENTENCE_END.search(text) is not None
        and _statement(text)
    )


def _statement(text: str) -> bool:
    """Not a question ("Q: Why now?") and not a list item: what a standfirst can be."""
    return not text.rstrip().rstrip("\"'”’)]").endswith("?") and not LIST_ITEM.match(text)
