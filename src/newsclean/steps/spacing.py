"""``spacing``: whitespace and the spaces around punctuation and quotes.

One alternation of regular expressions fixes whitespace and the spaces around
punctuation; a second set of patterns, over each paragraph's double quotes, repairs
quotes written on the wrong side of a space. Both are tried only where a search for
a literal character (C speed) finds a place they can match: most news text has few.

>>> from newsclean import Document
>>> SpacingStep()(Document("a massive problem.If we  stop ,  earlier in the year .  \\n\\n\\n\\nNext")).text
'a massive problem. If we stop, earlier in the year.\\n\\nNext'
>>> SpacingStep()(Document('"We are committed to the fight, "the source said. "We are doomed. "')).text
'"We are committed to the fight," the source said. "We are doomed."'

URLs, domains, decimals, abbreviations and ellipses are left alone:

>>> SpacingStep()(Document("See example.com/News.Html, 3.5 per cent, the U.S. and e.g. this ...")).text
'See example.com/News.Html, 3.5 per cent, the U.S. and e.g. this ...'
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

import ahocorasick_rs
import regex

from ..document import Document
from ..edits import Change
from ..patterns import URL_LIKE
from .base import TextStep
from .entities import known_names

__all__ = ["SpacingStep"]

#: The end of a sentence glued to the next: two letters of the same case before the mark
#: ("problem.If", "ISIS.The"; not "St.Louis", "U.S.The"), and after it a capitalised word,
#: or a name of the gazetteer in any case ("insurgents.ISIS", "fled.daesh"), which the
#: entities step may rewrite to a capitalised name ("Islamic State") after this step ran.
_BEFORE_MARK = r"(?:\p{Ll}\p{Ll}|\p{Lu}\p{Lu})"
_NEXT_SENTENCE = r"(?:\p{Lu}\p{Ll}|(?:\L<names>|(?i:\L<long_names>))(?![\p{L}\p{N}]))"

#: Rule -> (pattern, replacement template), in priority order: compiled into one alternation,
#: one pass over the text, where the first rule that matches at a position wins.
_RULES: dict[str, tuple[str, str]] = {
    "edges": (r"\A\s++|\s++\Z", ""),
    "blank_lines": (r"\n[ \t]*+\n(?:[ \t]*+\n)++", "\n\n"),
    "trailing": (r"[ \t]++(?=\n)", ""),
    "before_punct": (r"[ \t]++(?=[.,;:!?][\"'”’)\]]*+(?:\s|\Z))", ""),
    "space_moved": (
        rf"(?<={_BEFORE_MARK})[ \t]++(?P<mark>[.,;:!?])(?={_NEXT_SENTENCE})",
        r"\g<mark> ",
    ),
    "inside_brackets": (r"[(\[]\K[ \t]++(?=[^\s)\]])|[ \t]++(?=[)\]])(?<=[^\s(\[][ \t]++)", ""),
    "repeated": (r"[ \t]{2,}+|\t", " "),
    # \K: the match is the empty string after the mark (an insertion), found from the mark
    "after_punct": (rf"(?<={_BEFORE_MARK})[.!?]\K(?={_NEXT_SENTENCE})", " "),
}


#: Where the whitespace rules (every rule but ``after_punct``) can start a match, found
#: with searches for a literal first character (C speed; most news texts have none):
#: a space before a space, a line end, punctuation or a closing bracket (the rule's
#: match starts where that run of spaces and tabs starts), a tab, the first line break
#: of three, an opening bracket before a space, and whitespace at either end.
#: (The pairs of a space and what may follow it: one Aho-Corasick automaton over the
#: text's UTF-8 bytes, twice as quick as ``re``, which stops at every space. The pairs
#: have one length and begin with the space, so its matches are those of ``finditer``
#: of :data:`_SPACE_BEFORE_RE`; see :func:`_spaces_before`.)
_AFTER_SPACE = " \n.,;:!?)]"
_SPACE_BEFORE = ahocorasick_rs.BytesAhoCorasick(
    [f" {c}".encode("ascii") for c in _AFTER_SPACE],
    implementation=ahocorasick_rs.Implementation.DFA,
)
_SPACE_BEFORE_RE = re.compile(f" [{re.escape(_AFTER_SPACE)}]")
_TAB = re.compile(r"\t")
_BLANK_LINES = re.compile(r"\n(?=[ \t]*+\n[ \t]*+\n)")
_SPACE = regex.compile(r"\s", regex.V1)
#: Characters that ``str.rstrip`` strips but that are not whitespace to ``regex``.
_NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"
#: Where ``after_punct`` can match: a mark between two letters and a letter (anything
#: but ASCII non-letters counts as a letter here), one literal search per mark.
_LETTERISH = r"[^\x00-@\[-`{-\x7f]"
_MARKS = {
    mark: re.compile(rf"{re.escape(mark)}(?={_LETTERISH})(?<={_LETTERISH}{{2}}{re.escape(mark)})")
    for mark in ".!?"
}


@cache
def _names() -> tuple[str, ...]:
    """The gazetteer's names ``_NEXT_SENTENCE`` knows: letters, maybe one apostrophe."""
    return tuple(n for n in known_names() if regex.fullmatch(r"\p{L}+(?:'\p{L}+)?", n))


@cache
def _compiled(enabled: tuple[str, ...]) -> regex.Pattern[str]:
    names = _names()
    return regex.compile(
        "|".join(f"(?P<{k}>{_RULES[k][0]})" for k in enabled),
        regex.V1,
        ignore_unused=True,
        names=names,
        long_names=[n for n in names if len(n) >= 4],
    )


@cache
def _ascii_names() -> tuple[frozenset[str], frozenset[str]] | None:
    """The ASCII names (as written), and the long ones lower-cased; ``None`` when a name has
    a character that ASCII text matches in another case (then no word is ruled out)."""
    names = _names()
    folds = string.ascii_letters + " ss st ff fi fl"  # (ß, ﬆ, ﬀ, ﬁ, ﬂ: one letter, two)
    for c in {c for n in names for c in n if not c.isascii()}:
        if c.casefold().isascii() or regex.search(f"(?iV1){regex.escape(c)}", folds):
            return None
    ascii_names = [n for n in names if n.isascii()]
    return frozenset(ascii_names), frozenset(n.lower() for n in ascii_names if len(n) >= 4)


_ASCII_WORD = re.compile(r"[A-Za-z]+")


def _may_follow(text: str, pos: int) -> bool:
    """Whether ``_NEXT_SENTENCE`` may match at ``pos``: ``False`` only for an ASCII word,
    ended by a character that is no letter, digit or apostrophe, that is no name and
    does not start with a capital and a small letter ("mzn.to/", "twitter.com").
    """
    word = _ASCII_WORD.match(text, pos)
    known = _ascii_names()
    if word is None or known is None:
        return True
    w, after = word[0], text[word.end() : word.end() + 1]
    if after and (not after.isascii() or after.isdigit() or after == "'"):
        return True  # (a name may go on)
    if w[:1].isupper() and w[1:2].islower():
        return True
    return w in known[0] or w.lower() in known[1]


#: Double quotes, straight and typographic; a paragraph is a line.
_QUOTE = re.compile(r"[\"“”]")
#: The glyph a repaired quote gets: straight in a line of straight quotes (the default,
#: after the unicode step), else typographic and facing its role.
_GLYPHS = {False: ('"', '"'), True: ("“", "”")}
#: A closing quote on the wrong side of a space: after sentence punctuation, before the
#: lower-case attribution ('fight, "the source said' -> 'fight," the source said').
_CLOSE_BEFORE_WORD = regex.compile(r"(?<=[,.!?;:])[ \t]++(?P<q>[\"“”])(?=\p{Ll})")
#: Spaces before a closing quote that ends a word, a sentence or the paragraph.
_CLOSE_AFTER_SPACE = regex.compile(r"(?<=[^\s\"“”])[ \t]++(?P<q>[\"“”])(?=[ \t]*+$|[,.;:!?)\]]|\s)")
#: Spaces after an opening quote, before its first word.
_OPEN_BEFORE_SPACE = regex.compile(r"(?<=^|[\s(\[—–-])(?P<q>[\"“”])[ \t]++(?=[\p{L}\p{N}])")

#: Where one of the three can match (a superset, with ASCII-only classes: any other
#: character may be a letter or a space): a quote after a space or tab, before a
#: lower-case letter, a space, a line end or punctuation; or a quote at a paragraph
#: start or after a space, bracket or dash, before spaces and a letter or digit. Keyed
#: by "only straight quotes": a literal first character is what makes the search fast.
_QUOTE_GATE = {
    straight: re.compile(
        rf"{q}(?:(?:(?<=[,.!?;:][ \t]{q})|(?<=[ \t][ \t]{q}))(?=[a-z]|[^\x00-\x7f])"
        rf"|(?<=[ \t]{q})(?=\s|[,.;:!?)\]]|\Z)"
        rf"|(?<![^\s(\[—–-]{q})(?=[ \t]++(?:[A-Za-z0-9]|[^\x00-\x7f])))"
    )
    for straight, q in ((True, '"'), (False, '["“”]'))
}

#: The whitespace-delimited token around a position.
_TOKEN_LEFT = regex.compile(r"\S*+\Z")
_TOKEN_RIGHT = regex.compile(r"\S*+")


@dataclass(frozen=True)
class SpacingStep(TextStep):
    """Fix whitespace: missing and stray spaces around punctuation, runs, blank lines."""

    name: ClassVar[str] = "spacing"
    summary: ClassVar[str] = "missing/stray spaces at punctuation, space runs, blank lines"
    rules: ClassVar[dict[str, str]] = {
        "spacing.edges": "whitespace at the start and end of the text removed",
        "spacing.blank_lines": "runs of blank lines made one blank line (a paragraph break)",
        "spacing.trailing": "spaces at line ends removed",
        "spacing.before_punct": "space before , . ; : ! ? removed ('year .' -> 'year.')",
        "spacing.space_moved": "space before punctuation moved after it ('advanced .They')",
        "spacing.inside_brackets": "spaces inside brackets removed ('( a )' -> '(a)')",
        "spacing.quote_pairing": "a closing quote written on the wrong side of a space moved back",
        "spacing.inside_quotes": "spaces just inside a pair of double quotes removed",
        "spacing.repeated": "runs of spaces and tabs made one space",
        "spacing.after_punct": "missing space after a sentence added ('problem.If' -> 'problem. If')",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.check_disable(self.disable)
        # the rules in force, worked out once per step (not on every document)
        enabled = tuple(k for k in _RULES if f"spacing.{k}" not in self.disable)
        whitespace = enabled[:-1] if enabled and enabled[-1] == "after_punct" else enabled
        object.__setattr__(self, "_whitespace", whitespace)
        object.__setattr__(self, "_after_punct", "after_punct" in enabled)

    def apply(self, doc: Document) -> Document:
        changes = self._changes(doc.text)
        return doc.with_changes(self.name, changes) if changes else doc

    def changes(self, text: str) -> Iterator[Change]:
        yield from self._changes(text)

    def _changes(self, text: str) -> list[Change]:
        changes = self._regex_changes(text)
        if '"' in text or "“" in text or "”" in text:
            quotes = [c for c in _quote_changes(text) if c.rule not in self.disable]
            if quotes:  # a quote repair wins over the spaces it covers
                changes = [c for c in changes if not any(_overlap(c, q) for q in quotes)]
                changes = sorted(changes + quotes, key=lambda c: (c.start, c.end))
        return changes

    def _regex_changes(self, text: str) -> list[Change]:
        found = []
        whitespace: tuple[str, ...] = self.__dict__["_whitespace"]
        starts = _whitespace_starts(text) if whitespace else []
        if starts:
            # the alternation where a rule can start and where a match ends, in text
            # order: the matches one finditer over the whole text would find
            pattern, end = _compiled(whitespace), 0
            for pos in starts:
                while pos >= end:
                    match = pattern.match(text, pos)
                    if match is None:
                        break
                    found.append(match)
                    pos = end = match.end()
        if self.__dict__["_after_punct"]:
            after = None
            for mark, candidates in _MARKS.items():
                if mark in text:
                    for candidate in candidates.finditer(text):
                        if not _may_follow(text, candidate.end()):
                            continue
                        after = after or _compiled(("after_punct",))
                        match = after.match(text, candidate.start())
                        if match is not None:
                            found.append(match)
            if after is not None:
                found.sort(key=lambda m: m.start())  # a mark is never inside a whitespace match
        changes = []
        for match in found:
            kind = match.lastgroup or ""
            if kind in ("after_punct", "space_moved") and _inside_url(text, match.start()):
                continue
            changes.append(
                Change(match.start(), match.end(), match.expand(_RULES[kind][1]), f"spacing.{kind}")
            )
        return changes


def _overlap(a: Change, b: Change) -> bool:
    return a.start < b.end and b.start < a.end


def _whitespace_starts(text: str) -> list[int]:
    """Every place where a rule but ``after_punct`` can start a match, in order (a superset).

    A run of spaces and tabs counts from its start: a rule that matches inside a
    run matches at its start too (or the run is inside an earlier match).

    >>> _whitespace_starts("A plain line.\\n\\nAnd (another) one."), _whitespace_starts(" a ( b  .")
    ([], [0, 3, 6])
    """
    starts = [m.start() for m in _BLANK_LINES.finditer(text)]
    if _SPACE.match(text):
        starts.append(0)
    stripped = len(text.rstrip())
    if stripped < len(text):  # where the run of whitespace at the end starts
        trailing = max(text.rfind(c, stripped) for c in _NOT_REGEX_SPACE) + 1 or stripped
        if trailing < len(text):
            starts.append(trailing)
    for bracket in "([":  # an opening bracket before a space (str.find: C speed, memchr)
        pos = text.find(bracket)
        while pos >= 0:
            if text[pos + 1 : pos + 2] == " ":
                starts.append(pos)
            pos = text.find(bracket, pos + 1)
    spaces = _spaces_before(text)
    if "\t" in text:
        spaces = sorted(spaces + [m.start() for m in _TAB.finditer(text)])
    previous = -1
    for space in spaces:  # back to the start of its run (not past the previous one: linear)
        pos = space
        while pos - 1 > previous and text[pos - 1] in " \t":
            pos -= 1
        starts.append(pos)
        if pos and text[pos - 1] in "([":
            starts.append(pos - 1)
        previous = space
    return sorted(set(starts))


def _spaces_before(text: str) -> list[int]:
    """Where ``_SPACE_BEFORE_RE.finditer`` finds a space and what may follow it, found in
    the text's UTF-8 bytes (lone surrogates too) and counted back in characters.

    >>> _spaces_before("a  b , c"), _spaces_before("é  “ x .\\ud800 ]")
    ([1, 4], [1, 6, 9])
    """
    data = text.encode("utf-8", "surrogatepass")
    starts = [start for _, start, _ in _SPACE_BEFORE.find_matches_as_indexes(data)]
    if len(data) == len(text) or not starts:
        return starts  # one byte per character
    chars, done, char = [], 0, 0
    for start in starts:  # from the last one: linear
        char += len(data[done:start].decode("utf-8", "surrogatepass"))
        done = start
        chars.append(char)
    return chars


def _quote_changes(text: str) -> Iterator[Change]:
    """Repairs of double quotes, paragraph by paragraph (line by line), in text order.

    Only in a paragraph with an even number of double quotes: they pair up in
    order, so each one's role (opening or closing) is known. Only the paragraphs
    where ``_QUOTE_GATE`` finds a quote one of the three patterns can match are read.
    """
    if '"' not in text and "“" not in text and "”" not in text:
        return
    gate = _QUOTE_GATE[not ("“" in text or "”" in text)]
    end = -1
    for hit in gate.finditer(text):
        if hit.start() < end:
            continue  # a paragraph already read
        start = text.rfind("\n", 0, hit.start()) + 1
        end = text.find("\n", hit.start())
        if end < 0:
            end = len(text)
        yield from _line_quote_changes(text[start:end], start)


def _line_quote_changes(line: str, offset: int) -> list[Change]:
    """The quote repairs of one paragraph (``line``, at ``offset`` in the text).

    Each pattern is tried where it can match: at a quote (an opening one), or at the
    start of the spaces before it (a closing one); that is where ``finditer`` finds it.
    Each needs spaces or tabs on the quote's inner side: a quote without is not tried.
    """
    marks = [m.start() for m in _QUOTE.finditer(line)]
    if not marks or len(marks) % 2:
        return []
    closers = []  # (quote, where the spaces before it start)
    for q in marks[1::2]:
        start = q
        while start and line[start - 1] in " \t":
            start -= 1
        if start != q:
            closers.append((q, start))
    openers = [(q, q) for q in marks[::2] if line[q + 1 : q + 2] in (" ", "\t")]
    if not closers and not openers:
        return []
    opening_glyph, closing_glyph = _GLYPHS["“" in line or "”" in line]
    found: list[Change] = []
    for pattern, rule, quotes in (
        (_CLOSE_BEFORE_WORD, "spacing.quote_pairing", closers),
        (_CLOSE_AFTER_SPACE, "spacing.inside_quotes", closers),
        (_OPEN_BEFORE_SPACE, "spacing.inside_quotes", openers),
    ):
        for q, start in quotes:
            m = pattern.match(line, start)
            if m is None or any(c.start <= offset + q < c.end for c in found):
                continue
            if pattern is _OPEN_BEFORE_SPACE:
                new = opening_glyph
            else:
                new = closing_glyph
                if pattern is _CLOSE_BEFORE_WORD:
                    new += " "
                elif not line[m.end() :].strip():
                    rule = "spacing.quote_pairing"  # a dangling quote at the end
            found.append(Change(offset + m.start(), offset + m.end(), new, rule))
    return sorted(found, key=lambda c: c.start)


def _inside_url(text: str, pos: int) -> bool:
    left = _TOKEN_LEFT.search(text, max(0, pos - 200), pos)
    right = _TOKEN_RIGHT.match(text, pos, pos + 200)
    token = (left.group() if left else "") + (right.group() if right else "")
    return "/" in token or "@" in token or bool(URL_LIKE.search(token))
