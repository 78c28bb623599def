"""``typos``: correct unambiguous slips, and never a name.

Four rules. Known misspellings come from two lists: codespell's dictionary
(``typos.codespell``, read from the installed codespell package) and
newsclean's own short list for news (``typos.news``, in
``newsclean/data/typos.toml``); only entries with a single correction are used,
and the case of the word is carried over. Then doubled words, and a modal
followed by "be" and a base verb (base verbs known from lemminflect's English
lexicon).

Never corrected: a capitalised word inside a sentence (a name), an acronym, a
hyphenated name, any name or alias of the entity gazetteer, and words inside
URLs, e-mail addresses, file names and code.

>>> from newsclean import Document
>>> TyposStep()(Document("They will be join the goverment, said the the minister.")).text
'They will join the government, said the minister.'
>>> TyposStep()(Document("It had had an effect; it will be complete.")).text
'It had had an effect; it will be complete.'
>>> [(e.old, e.new, e.rule) for e in TyposStep()(Document("Recieve the accomodation.")).edits]
[('Recieve', 'Receive', 'typos.news'), ('accomodation', 'accommodation', 'typos.codespell')]
"""

from __future__ import annotations

import functools
import gzip
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import ClassVar

import regex

from ..edits import Change
from ..resources import data_toml
from .base import TextStep
from .entities import known_names

__all__ = ["TyposStep", "codespell_misspellings", "english_words"]

#: A single-correction line of codespell's dictionary: ``wrod->word`` (lower-case words,
#: no trailing comma: ambiguous entries and entries with a reason end in a comma).
_CODESPELL_LINE = regex.compile(r"^([a-z]+(?:['-][a-z]+)*)->([a-z]+(?:['\- ][a-z]+)*)$", regex.M)

#: A word: letters, with inner apostrophes and hyphens ("goverment's", "goverment-backed").
#: Not next to characters that make it part of a URL, an e-mail address, a file name,
#: an identifier or a number ("example.com/recieve", "recieve_data", "teh2").
_WORD = regex.compile(
    r"(?<![\p{L}\p{N}\p{M}_'’@/\\.`=#~-])"
    r"\p{L}+(?:['’-]\p{L}+)*+"
    r"(?![\p{L}\p{N}\p{M}_@/\\`=#~]|[.'’-][\p{L}\p{N}])",
    regex.V1,
)
#: What may come before the first word of a sentence on its line: a list bullet or
#: number, opening quotes and brackets.
_LINE_START = regex.compile(r"[ \t]*+(?:(?:[-*•·–—]|\d{1,3}[.)])[ \t]++)?[\"'“‘(\[ \t]*+\Z")
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’)\]]*+[ \t]++[\"'“‘(\[]*+\Z")
_DOUBLED = regex.compile(r"(?<![\w'’-])(?P<word>\p{Ll}+)(?:[ ]+(?P=word))+(?![\w'’-])", regex.V1)
_CODE = regex.compile(r"`[^`\n]*+`")
_POSSESSIVE = ("'s", "’s")
#: The gate before the word-by-word scan: runs of letters with inner apostrophes, the
#: shape of every word the scan can correct (a C-speed ``findall`` over the lower-cased
#: text, then one set intersection with the misspellings; most texts have none).
_LETTER_RUN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@cache
def english_words() -> frozenset[str]:
    """Every word form in lemminflect's English lexicon, lower case (read once).

    >>> {"join", "joined", "shoulder"} <= english_words()
    True
    """
    raw = resources.files("lemminflect").joinpath("resources", "lemma_lu.csv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return frozenset(line.partition(",")[0].lower() for line in lines)


@cache
def codespell_misspellings() -> dict[str, str]:
    """codespell's single-correction entries, minus English words and newsclean's exclusions.

    Read once per process from ``codespell_lib/data/dictionary.txt``.

    >>> codespell_misspellings()["accomodation"]
    'accommodation'
    >>> "despatch" in codespell_misspellings()  # a British spelling: excluded
    False
    """
    text = resources.files("codespell_lib").joinpath("data", "dictionary.txt").read_text("utf-8")
    words = english_words()
    data = data_toml("typos.toml")["codespell"]
    exclude, shortest = set(data["exclude"]), data["min_length"]
    return {
        wrong: right
        for wrong, right in _CODESPELL_LINE.findall(text)
        if len(wrong) >= shortest and wrong not in words and wrong not in exclude
    }


@dataclass(frozen=True)
class _Lists:
    misspellings: dict[str, tuple[str, str]]  # word -> (correction, rule)
    keys: frozenset[str]  # the misspellings' words, for the gate
    names: frozenset[str]  # gazetteer names and their words, case-folded
    modal_be: regex.Pattern[str]
    modal_be_gate: re.Pattern[str]  # where modal_be can start: a modal, spaces, "be "
    verbs: frozenset[str]
    objects: frozenset[str]
    not_verbs: frozenset[str]
    doubled_allowed: frozenset[str]


@cache
def _lists() -> _Lists:
    data = data_toml("typos.toml")
    misspellings = {w: (c, "typos.codespell") for w, c in codespell_misspellings().items()}
    misspellings.update((w, (c, "typos.news")) for w, c in data["news"].items())
    names = {part.casefold() for n in known_names() for part in (n, *regex.split(r"[\s-]+", n))}
    modal_be = data["modal_be"]
    pattern = regex.compile(
        r"(?<![\w'’-])(?i:\L<modals>)[ ]+(?P<be>be[ ]+)(?P<verb>\p{Ll}+)(?![\w'’-])"
        r"(?=(?:[ ]+(?P<next>\p{L}+))?)",  # the next word, looked at, not consumed
        regex.V1,
        modals=modal_be["modals"],
    )
    return _Lists(
        misspellings,
        frozenset(misspellings),
        frozenset(names),
        pattern,
        re.compile(
            rf"(?<![\w'’-])(?i:{'|'.join(map(re.escape, modal_be['modals']))})[ ]+be[ ]+",
        ),
        frozenset(modal_be["verbs"]),
        frozenset(modal_be["objects"]),
        frozenset(modal_be["not_verbs"]),
        frozenset(data["doubled"]["allowed"]),
    )


@dataclass(frozen=True)
class TyposStep(TextStep):
    """Correct known misspellings, doubled words and "will be join"-style slips."""

    name: ClassVar[str] = "typos"
    summary: ClassVar[str] = "correct known misspellings, doubled words, 'will be join'"
    languages: ClassVar[frozenset[str]] = frozenset({"en"})
    rules: ClassVar[dict[str, str]] = {
        "typos.codespell": "a misspelling from codespell's dictionary corrected, case kept",
        "typos.news": "a misspelling from newsclean's news list (data/typos.toml) corrected",
        "typos.doubled_word": "a doubled word written once ('the the' -> 'the')",
        "typos.modal_be_verb": "'be' dropped between a modal and a base verb ('will be join')",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.check_disable(self.disable)

    def changes(self, text: str) -> Iterator[Change]:
        lists = _lists()
        changes: list[Change] = []
        # the gates: the text's words as lower-case letter runs, found once (C speed)
        runs = _LETTER_RUN.findall(text.lower())
        if (
            "typos.codespell" not in self.disable or "typos.news" not in self.disable
        ) and _may_have_misspellings(runs, lists.keys):
            changes.extend(self._misspellings(text, lists))
        if "typos.doubled_word" not in self.disable and any(map(operator.eq, runs, runs[1:])):
            for m in _DOUBLED.finditer(text):
                if m.group("word") not in lists.doubled_allowed:
                    changes.append(
                        Change(m.start() + len(m.group("word")), m.end(), "", "typos.doubled_word")
                    )
        if "typos.modal_be_verb" not in self.disable:
            changes.extend(_modal_be(text, lists))
        end = 0
        for change in sorted(changes, key=lambda c: c.start):
            if change.start >= end:  # the first of overlapping changes wins
                yield change
                end = change.end

    def _misspellings(self, text: str, lists: _Lists) -> Iterator[Change]:
        table = lists.misspellings
        code = [m.span() for m in _CODE.finditer(text)] if "`" in text else []
        for m in _WORD.finditer(text):
            token = m.group()
            parts = token.split("-") if "-" in token else [token]
            if len(parts) > 1 and any(p[0].isupper() for p in parts[1:]):
                continue  # a hyphenated name: al-Abadi, Jean-Pierre
            start = m.start()
            for part in parts:
                word = _without_possessive(part)
                entry = table.get(word.lower())
                if (
                    entry is not None
                    and entry[1] not in self.disable
                    and _may_correct(text, start, word, lists)
                    and not any(a <= start < b for a, b in code)
                ):
                    yield Change(start, start + len(word), _same_case(word, entry[0]), entry[1])
                start += len(part) + 1


def _without_possessive(word: str) -> str:
    """``word`` without a possessive ending ("goverment's" -> "goverment")."""
    for suffix in _POSSESSIVE:
        if word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


def _may_have_misspellings(words: list[str], keys: frozenset[str]) -> bool:
    """Whether any of ``words`` (a text's letter runs, lower case) can be a known
    misspelling: no false negatives.

    >>> keys = _lists().keys
    >>> _may_have_misspellings(["the", "goverment's"], keys), _may_have_misspellings(["the"], keys)
    (True, False)
    """
    runs = set(words)
    return not keys.isdisjoint(runs) or not keys.isdisjoint(
        _without_possessive(run) for run in runs if run.endswith(_POSSESSIVE)
    )


def _may_correct(text: str, start: int, word: str, lists: _Lists) -> bool:
    """Guards: names, acronyms and capitalised words inside a sentence stay."""
    if word.casefold() in lists.names:
        return False
    if word.isupper() and len(word) > 1:
        return len(word) > 5  # a short all-caps word is an acronym; a long one a headline
    if not word.islower():
        return word[1:].islower() and _sentence_start(text, start)
    return True


def _sentence_start(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[max(line_start, pos - 40) : pos]
    if _LINE_START.match(before) and (pos - line_start <= 40):
        return True
    return bool(_SENTENCE_END.search(before))


def _modal_be(text: str, lists: _Lists) -> Iterator[Change]:
    end = 0
    # the full pattern only where the cheap one finds a modal and "be" (a prefix of it)
    for candidate in lists.modal_be_gate.finditer(text):
        if candidate.start() < end:
            continue
        m = lists.modal_be.match(text, candidate.start())
        if m is None:
            continue
        end = m.end()
        if _base_verb(m.group("verb"), m.group("next"), lists):
            yield Change(m.start("be"), m.end("be"), "", "typos.modal_be_verb")


def _base_verb(word: str, following: str | None, lists: _Lists) -> bool:
    """Whether ``word`` after "will be" can only be a slip for the base verb."""
    if word in lists.verbs:
        return True
    if word in lists.not_verbs:
        return False
    lemmas = _lemmas(word)
    if lemmas.get("VERB") != (word,) or set(lemmas) & {"ADJ", "ADV"}:
        return False
    if word in _participles(word):
        return False  # "will be set", "will be run": a passive
    if "NOUN" in lemmas:
        return following is not None and following.lower() in lists.objects
    return True


@functools.lru_cache(maxsize=4096)
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect  # imported on first use: it costs a fifth of a second

    return dict(lemminflect.getAllLemmas(word))


def _participles(word: str) -> tuple[str, ...]:
    import lemminflect

    return tuple(lemminflect.getAllInflections(word, upos="VERB").get("VBN", ()))


def _same_case(original: str, fixed: str) -> str:
    if original.isupper() and len(original) > 1:
        return fixed.upper()
    if original[0].isupper():
        return fixed[0].upper() + fixed[1:]
    return fixed
