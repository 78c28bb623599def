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

from dataclasses import dataclass
from typing import ClassVar

from ..document import Document
from ..layout import LIST_ITEM, SENTENCE_END, paragraphs, removals, word_key
from .base import Step

__all__ = ["DuplicatesStep"]

#: A standfirst sits among the first paragraphs (after a title) ...
_STANDFIRST_WITHIN = 3


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
        paras = paragraphs(text)
        first: dict[tuple[str, ...], int] = {}
        removed: dict[int, str] = {}
        standfirst = None
        for k, para in enumerate(paras):
            key = word_key(para.text)
            if len(key) < self.min_words:
                continue
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
