"""``typos``: correct unambiguous slips, and never a name.

Three rules, each from a word list in ``newsclean/data/typos.toml``:
known misspellings (case carried over), doubled words, and a modal followed by
"be" and a base verb. Capitalised words inside a sentence (names) are never
touched.

>>> from newsclean import Document
>>> TyposStep()(Document("They will be join the goverment, said the the minister.")).text
'They will join the government, said the minister.'
>>> TyposStep()(Document("It had had an effect; it will be complete.")).text
'It had had an effect; it will be complete.'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

import regex

from ..edits import Change
from ..resources import data_toml
from .base import TextStep

__all__ = ["TyposStep"]


@dataclass(frozen=True)
class _Lists:
    misspellings: dict[str, str]
    pattern: regex.Pattern[str]
    doubled_allowed: frozenset[str]


@cache
def _lists() -> _Lists:
    data = data_toml("typos.toml")
    misspellings = dict(data["misspellings"])
    pattern = regex.compile(
        r"(?P<misspelling>(?<![\w'’-])(?i:\L<misspelled>)(?![\w-]|['’]\w\w))"  # "goverment's"
        r"|(?P<doubled_word>(?<![\w'’-])(?P<word>\p{Ll}+)(?:[ ]+(?P=word))+(?![\w'’-]))"
        r"|(?P<modal_be_verb>(?<![\w'’-])(?i:\L<modals>)[ ]+(?P<be>be[ ]+)(?:\L<verbs>)(?![\w'’-]))",
        regex.V1,
        misspelled=list(misspellings),
        modals=data["modal_be"]["modals"],
        verbs=data["modal_be"]["verbs"],
    )
    return _Lists(misspellings, pattern, frozenset(data["doubled"]["allowed"]))


@dataclass(frozen=True)
class TyposStep(TextStep):
    """Correct known misspellings, doubled words and "will be join"-style slips."""

    name: ClassVar[str] = "typos"
    summary: ClassVar[str] = "correct known misspellings, doubled words, 'will be join'"
    rules: ClassVar[dict[str, str]] = {
        "typos.misspelling": "a known misspelling corrected (data/typos.toml), case kept",
        "typos.doubled_word": "a doubled word written once ('the the' -> 'the')",
        "typos.modal_be_verb": "'be' dropped between a modal and a base verb ('will be join')",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.check_disable(self.disable)

    def changes(self, text: str) -> Iterator[Change]:
        lists = _lists()
        for m in lists.pattern.finditer(text):
            kind = m.lastgroup
            rule = f"typos.{kind}"
            if rule in self.disable:
                continue
            if kind == "misspelling":
                word = m.group()
                if word[0].isupper() and not _sentence_start(text, m.start()):
                    continue  # a capitalised word inside a sentence may be a name
                fixed = lists.misspellings[word.lower()]
                yield Change(m.start(), m.end(), _same_case(word, fixed), rule)
            elif kind == "doubled_word":
                if m.group("word") in lists.doubled_allowed:
                    continue
                yield Change(m.start() + len(m.group("word")), m.end(), "", rule)
            elif kind == "modal_be_verb":
                yield Change(m.start("be"), m.end("be"), "", rule)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n"


def _same_case(original: str, fixed: str) -> str:
    if original.isupper() and len(original) > 1:
        return fixed.upper()
    if original[0].isupper():
        return fixed[0].upper() + fixed[1:]
    return fixed
