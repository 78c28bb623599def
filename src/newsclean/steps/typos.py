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
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

import ahocorasick_rs
import regex

from ..edits import Change
from ..resources import data_toml, package_file
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
#: The gates (C-speed passes over the text): the text with ASCII letters lower-cased and
#: every other character a space (apostrophes too, and each non-ASCII character: one byte
#: per character, so places in it are places in the text), between two spaces. A word the
#: step can correct shows there as its key (lower-case ASCII, see _Lists.gate) between
#: spaces, with a possessive "'s" as a word "s" after it (K, the Kelvin sign, lower-cases
#: to "k": see changes); so does a modal followed by "be", and a "be" after a run of
#: spaces (_SPACED_BE); an ASCII word doubled is two equal neighbours (_ASCII_DOUBLES);
#: one with a non-ASCII letter is looked for around those letters (see _non_ascii_doubles).
_ASCII_WORDS = bytes(c | 0x20 if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
#: Two equal neighbours among those words, one or more spaces apart (a superset: "said.
#: Said" shows as "said  said"; _DOUBLED decides). Either word may start a doubled word in
#: the text ("The the the", "said. said said"): the second is not tried again. One try
#: per space: possessive where ``re`` has it, and "[^ ]", faster than "[a-z]". (One space
#: apart only, it is 0.5 ms faster on the corpus, but telling whether a text has a run of
#: spaces costs 1 ms; the neighbour in a lookahead, 0.8 ms slower.)
_PLUS = "+" if sys.version_info >= (3, 11) else ""
_ASCII_DOUBLES = re.compile(f" ([^ ]+{_PLUS}) +{_PLUS}\\1(?= )".encode())
#: The gate pattern of a "be" after a run of spaces, where a modal followed by "be" may
#: hide from the gate's "modal be" patterns (one space between; more after "be" are the
#: modal_be pattern's to match). A superset (", be" shows there: the caller looks for the
#: run in the text).
_SPACED_BE = "  be "
_ASCII = bytes(range(128))
#: Letters that case folding makes (or makes contain) ASCII letters: "ſ" is "s", "ﬅ" is
#: "st", "K" (Kelvin) is "k"; the modal_be pattern ignores case, its gate sees ASCII only
#: (tests/test_spacing_typos_gates.py checks the list against every character).
_FOLDS_TO_ASCII = re.compile("[ßİŉſǰẖẗẘẙẚẞ\u212aﬀﬁﬂﬃﬄﬅﬆ]")
#: More misspellings or doubled words than this in one text: scan the whole text once.
_MOST_SEARCHES = 16
#: Where a whitespace-delimited chunk ends, for the windows the scans run in.
_CHUNK_END = re.compile(r"[ \n]")
_LOWER_RUN = regex.compile(r"\p{Ll}++", regex.V1)
_NON_ASCII_LOWER = regex.compile(r"[\p{Ll}--\p{ASCII}]", regex.V1)
#: "be" between spaces, after a word that ends as a modal does (or after spaces): where
#: the modal_be pattern's "modal be " prefix can end.
_BE = re.compile(r"be (?:(?<=[dlntyDLNTY] be )|(?<=  be ))")


@cache
def english_words() -> frozenset[str]:
    """Every word form in lemminflect's English lexicon, lower case (read once).

    >>> {"join", "joined", "shoulder"} <= english_words()
    True
    """
    raw = package_file("lemminflect", "resources", "lemma_lu.csv.gz").read_bytes()
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
    text = package_file("codespell_lib", "data", "dictionary.txt").read_text("utf-8")
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
    gate: ahocorasick_rs.BytesAhoCorasick  # misspellings, "modal be", as _ASCII_WORDS shows them
    gate_words: list[str]  # each gate pattern's misspelling ("": a modal, "be"; _SPACED_BE)
    names: frozenset[str]  # gazetteer names and their words, case-folded
    modal_be: regex.Pattern[str]
    modal_be_gate: re.Pattern[str]  # where modal_be can start: a modal, spaces, "be "
    modal_length: int  # the longest modal
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
    for word in misspellings:
        if not word.isascii() or word != word.lower():
            raise ValueError(f"typos.toml: {word!r} is not a lower-case ASCII word")
    gate_words = [w for w in misspellings if "-" not in w]  # a part of a word has no "-"
    gate = [f" {w} ".replace("'", " ") for w in gate_words]
    gate += [f" {modal} be " for modal in modal_be["modals"]]
    gate_words += [""] * len(modal_be["modals"])
    gate.append(_SPACED_BE)
    gate_words.append(_SPACED_BE)
    return _Lists(
        misspellings,
        ahocorasick_rs.BytesAhoCorasick(
            [key.encode() for key in gate],
            # a DFA: the fastest scan (about 250 MB/s here), for some 35 MB of memory
            implementation=ahocorasick_rs.Implementation.DFA,
        ),
        gate_words,
        frozenset(names),
        pattern,
        re.compile(
            rf"(?<![\w'’-])(?i:{'|'.join(map(re.escape, modal_be['modals']))})[ ]+be[ ]+",
        ),
        max(map(len, modal_be["modals"])),
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
        # the gates: the text's ASCII words, lower case, one byte per character (C speed)
        ascii_text = b" " + text.encode("ascii", "replace").translate(_ASCII_WORDS) + b" "
        others = "" if text.isascii() else _non_ascii(text)
        misspellings = "typos.codespell" not in self.disable or "typos.news" not in self.disable
        modal_be = "typos.modal_be_verb" not in self.disable
        found = _gate(ascii_text, lists) if misspellings or modal_be else ([], [], [])
        if misspellings:
            hits = None if "\u212a" in text else found[0]
            if hits is not None and len(hits) > _MOST_SEARCHES:
                hits = None  # one scan of every word beats a search per misspelling
            if hits is None or hits:
                changes.extend(self._misspellings(text, lists, hits))
        if "typos.doubled_word" not in self.disable:
            changes.extend(_doubled(text, ascii_text, others, lists))
        if modal_be:
            # where the gate found a modal and "be", unless a run of spaces before a "be"
            # or a letter that case folding makes ASCII ("ſ" is "s") may hide one from it
            spaced = any(text.startswith("  ", pos) for pos in found[2])
            if spaced or _FOLDS_TO_ASCII.search(others):
                changes.extend(_modal_be(text, lists))
            elif found[1]:
                changes.extend(_modal_be_at(text, found[1], lists))
        if not changes:
            return
        end = 0
        for change in sorted(changes, key=lambda c: c.start):
            if change.start >= end:  # the first of overlapping changes wins
                yield change
                end = change.end

    def _misspellings(self, text: str, lists: _Lists, hits: list[int] | None) -> Iterator[Change]:
        """Corrections in the chunks of text around ``hits`` (places, in order; all: ``None``)."""
        table = lists.misspellings
        code = [m.span() for m in _CODE.finditer(text)] if "`" in text else []
        windows = [(0, len(text))] if hits is None else _chunks(text, hits)
        for window_start, window_end in windows:
            for m in _WORD.finditer(text, window_start, window_end):
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


def _gate(ascii_text: bytes, lists: _Lists) -> tuple[list[int], list[int], list[int]]:
    """Where in a text a known misspelling may start, and where a modal followed by "be",
    in order, from its ``_ASCII_WORDS`` form between spaces, one byte per character (a
    superset: "dosen t" stands for "dosen't" too); and where a run of spaces before a "be"
    may start (a superset: the caller looks; after one, a modal and "be" may hide from the
    gate, and so they may behind letters that case folding makes ASCII).

    >>> text = b" its goverment's plan they dosen't, it will be "
    >>> _gate(text.translate(_ASCII_WORDS), _lists())
    ([4, 26], [38], [])
    >>> [_gate(t.translate(_ASCII_WORDS), _lists())[2] for t in (b" will  be ", b" so, be ")]
    [[4], [2]]
    """
    misspelled: list[int] = []
    modal_be: list[int] = []
    spaced: list[int] = []
    words = lists.gate_words
    # overlapping: neighbours share the space between them
    for i, start, _ in lists.gate.find_matches_as_indexes(ascii_text, overlapping=True):
        word = words[i]
        if word == _SPACED_BE:
            spaced.append(start - 1)  # where its run starts in the text
        else:
            (misspelled if word else modal_be).append(start)
    return misspelled, modal_be, spaced


def _chunks(text: str, places: list[int]) -> list[tuple[int, int]]:
    """The spans of the chunks of ``text`` around ``places`` (in order), in order (see
    ``_chunk``).

    >>> _chunks("a bc d bc bce", [2, 7, 8, 10])
    [(2, 4), (7, 9), (10, 13)]
    """
    spans: list[tuple[int, int]] = []
    end = 0
    for place in places:
        if not spans or place >= end:
            spans.append(_chunk(text, place, end))
            end = spans[-1][1]
    return spans


def _chunk(text: str, pos: int, after: int) -> tuple[int, int]:
    """The span of the chunk of ``text`` (between spaces and line breaks) around ``pos``,
    which is in no chunk before ``after``: a scan of words (or of lower-case letters) over
    the span finds what one over the whole text finds there. Linear: the chunks of one
    text do not overlap, and the searches stay inside them.

    >>> _chunk("a bc\\nd", 3, 0), _chunk("a bc\\nd", 5, 4)
    ((2, 4), (5, 6))
    """
    start = max(text.rfind(" ", after, pos), text.rfind("\n", after, pos)) + 1 or after
    stop = _CHUNK_END.search(text, pos)
    return start, stop.start() if stop else len(text)


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


def _doubled(text: str, ascii_text: bytes, others: str, lists: _Lists) -> list[Change]:
    """Doubled words: ``_DOUBLED`` tried where a word is followed by spaces and itself.

    A doubled ASCII word is two equal neighbours in ``ascii_text`` (the text's
    ``_ASCII_WORDS`` form between spaces); one with a non-ASCII letter is looked for around
    those letters (``others``: the text's non-ASCII characters).

    >>> text = "said the the minister; été été"
    >>> ascii_text = f" {text} ".encode("ascii", "replace").translate(_ASCII_WORDS)
    >>> others = _non_ascii(text)
    >>> [(c.start, c.end) for c in _doubled(text, ascii_text, others, _lists())]
    [(8, 12), (26, 30)]
    """
    starts = []
    for m in _ASCII_DOUBLES.finditer(ascii_text):  # most texts have none
        # a place in ascii_text is one after it in the text (a space before a word there
        # is the word's place); a space follows the word in the text too, or it is not
        # doubled there (and _DOUBLED.match would look for a space through the whole text)
        length = m.end(1) - m.start(1)
        for start in (m.start(), m.end() - length - 1):
            if text.startswith(" ", start + length):
                starts.append(start)
    if others:
        starts.extend(_non_ascii_doubles(text, others))
        starts.sort()
    if not starts:
        return []
    return _doubled_changes(_matches_at(_DOUBLED, text, starts), lists)


def _matches_at(
    pattern: regex.Pattern[str], text: str, starts: list[int]
) -> Iterator[regex.Match[str]]:
    """The matches ``pattern.finditer(text)`` finds, given every place where one can start
    (a superset, in order)."""
    end = 0
    for pos in starts:
        if pos >= end:
            m = pattern.match(text, pos)
            if m is not None:
                end = m.end()
                yield m


def _doubled_changes(matches: Iterator[regex.Match[str]], lists: _Lists) -> list[Change]:
    return [
        Change(m.start() + len(m.group("word")), m.end(), "", "typos.doubled_word")
        for m in matches
        if m.group("word") not in lists.doubled_allowed
    ]


def _non_ascii_doubles(text: str, others: str) -> list[int]:
    """Where a word with a non-ASCII lower-case letter may start, followed by spaces and
    itself: in each chunk with such a letter, the run of lower-case letters around it,
    checked both ways (``others``: the text's non-ASCII characters)."""
    letters = frozenset(_NON_ASCII_LOWER.findall(others))
    if not letters:
        return []
    pattern = _any_of(letters)
    starts = []
    end = 0
    found = pattern.search(text)
    while found:
        pos = found.start()
        start, end = _chunk(text, pos, end)
        for run in _LOWER_RUN.finditer(text, start, end):
            if run.start() <= pos < run.end():
                word, after = run.group(), run.end()
                while text.startswith(" ", after):
                    after += 1
                if after > run.end() and text.startswith(word, after):
                    starts.append(run.start())
                before = run.start()
                while before and text[before - 1] == " ":
                    before -= 1
                if before < run.start() and text.endswith(word, 0, before):
                    starts.append(before - len(word))
        found = pattern.search(text, end)
    return starts


@functools.lru_cache(maxsize=256)
def _any_of(letters: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(letters))))


def _non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text``, in order (C speed: UTF-8 without ASCII bytes).

    >>> _non_ascii("Zoë’s café")
    'ë’é'
    """
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
    return data.decode("utf-8", "surrogatepass")


def _modal_be_at(text: str, starts: list[int], lists: _Lists) -> Iterator[Change]:
    """``_modal_be`` given every place where its pattern can match (in order)."""
    for m in _matches_at(lists.modal_be, text, starts):
        if _base_verb(m.group("verb"), m.group("next"), lists):
            yield Change(m.start("be"), m.end("be"), "", "typos.modal_be_verb")


def _modal_be(text: str, lists: _Lists) -> Iterator[Change]:
    end = 0
    # the full pattern only where the gate (a modal, spaces, "be ") matches: it ends at a "be "
    for be in _BE.finditer(text):
        before = be.start()
        while before and text[before - 1] == " ":
            before -= 1
        gate = lists.modal_be_gate.search(text, max(before - lists.modal_length, end), be.end())
        if gate is None:
            continue
        m = lists.modal_be.match(text, gate.start())
        if m is None:
            continue
        end = m.end()
        if _base_verb(m.group("verb"), m.group("next"), lists):
            yield Change(m.start("be"), m.end("be"), "", "typos.modal_be_verb")


def _base_verb(word: str, following: str | None, lists: _Lists) -> bool:
    """Whether ``word`` after "will be" can only be a slip for the base verb."""
    verb = _verb(word)
    if verb is None:  # a noun too: a verb before an object
        return following is not None and following.lower() in lists.objects
    return verb


@functools.lru_cache(maxsize=4096)
def _verb(word: str) -> bool | None:
    """Whether ``word`` after "will be" is a slip for the base verb; ``None``: the word after
    it decides (a noun too). Cached: most words there are "able", "the", "done"...

    >>> _verb("join"), _verb("able"), _verb("attack")
    (True, False, None)
    """
    lists = _lists()
    if word in lists.verbs:
        return True
    if word in lists.not_verbs:
        return False
    lemmas = _lemmas(word)
    if lemmas.get("VERB") != (word,) or set(lemmas) & {"ADJ", "ADV"}:
        return False
    if word in _participles(word):
        return False  # "will be set", "will be run": a passive
    return None if "NOUN" in lemmas else True


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
