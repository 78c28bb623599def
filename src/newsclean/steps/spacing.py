"""``spacing``: whitespace and the spaces around punctuation and quotes.

One regex pass fixes whitespace and the spaces around punctuation; a second
pass over each paragraph's double quotes repairs quotes written on the wrong
side of a space.

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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

import regex

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


#: Per rule, a cheap test that the text has what the rule needs (no false negatives):
#: one fast search each, so that the one pass below runs with the rules that can match,
#: or not at all. A rule that can match nowhere never wins a position: leaving it out of
#: the alternation changes no result.
_SPACE = regex.compile(r"\s", regex.V1)
_SPACE_BEFORE_MARK = re.compile(r"[ \t][.,;:!?]")
_GATES: dict[str, Callable[[str], object]] = {
    "edges": lambda t: _SPACE.match(t) or _SPACE.match(t, len(t) - 1),
    "blank_lines": re.compile(r"\n[ \t]*\n[ \t]*\n").search,
    "trailing": re.compile(r"[ \t]\n").search,
    "before_punct": _SPACE_BEFORE_MARK.search,
    "space_moved": _SPACE_BEFORE_MARK.search,
    "inside_brackets": lambda t: (
        "( " in t
        or "(\t" in t
        or "[ " in t
        or "[\t" in t
        or " )" in t
        or "\t)" in t
        or " ]" in t
        or "\t]" in t
    ),
    "repeated": lambda t: "  " in t or "\t" in t,
    "after_punct": re.compile(r"[.!?][^\W\d_]").search,
}


@cache
def _compiled(enabled: tuple[str, ...]) -> regex.Pattern[str]:
    names = [n for n in known_names() if regex.fullmatch(r"\p{L}+(?:'\p{L}+)?", n)]
    return regex.compile(
        "|".join(f"(?P<{k}>{_RULES[k][0]})" for k in enabled),
        regex.V1,
        ignore_unused=True,
        names=names,
        long_names=[n for n in names if len(n) >= 4],
    )


#: Double quotes, straight and typographic; a paragraph is a line.
_QUOTE = regex.compile(r"[\"“”]")
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

    def changes(self, text: str) -> Iterator[Change]:
        quotes = [c for c in _quote_changes(text) if c.rule not in self.disable]
        changes = [c for c in self._regex_changes(text) if not any(_overlap(c, q) for q in quotes)]
        if quotes:  # a quote repair wins over the spaces it covers
            changes = sorted(changes + quotes, key=lambda c: (c.start, c.end))
        yield from changes

    def _regex_changes(self, text: str) -> Iterator[Change]:
        enabled = tuple(k for k in _RULES if f"spacing.{k}" not in self.disable and _GATES[k](text))
        if not enabled:
            return
        for match in _compiled(enabled).finditer(text):
            kind = match.lastgroup or ""
            if kind in ("after_punct", "space_moved") and _inside_url(text, match.start()):
                continue
            yield Change(
                match.start(), match.end(), match.expand(_RULES[kind][1]), f"spacing.{kind}"
            )


def _overlap(a: Change, b: Change) -> bool:
    return a.start < b.end and b.start < a.end


def _quote_changes(text: str) -> Iterator[Change]:
    """Repairs of double quotes, paragraph by paragraph (line by line), in text order.

    Only in a paragraph with an even number of double quotes: they pair up in
    order, so each one's role (opening or closing) is known.
    """
    if '"' not in text and "“" not in text and "”" not in text:
        return
    offset = 0
    for line in text.split("\n"):
        marks = [m.start() for m in _QUOTE.finditer(line)]
        if marks and len(marks) % 2 == 0:
            closing = set(marks[1::2])
            opening_glyph, closing_glyph = _GLYPHS["“" in line or "”" in line]
            found: list[Change] = []
            for pattern, rule in (
                (_CLOSE_BEFORE_WORD, "spacing.quote_pairing"),
                (_CLOSE_AFTER_SPACE, "spacing.inside_quotes"),
                (_OPEN_BEFORE_SPACE, "spacing.inside_quotes"),
            ):
                for m in pattern.finditer(line):
                    q = m.start("q")
                    if (q in closing) == (pattern is _OPEN_BEFORE_SPACE):
                        continue
                    if any(c.start <= offset + q < c.end for c in found):
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
            yield from sorted(found, key=lambda c: c.start)
        offset += len(line) + 1


def _inside_url(text: str, pos: int) -> bool:
    left = _TOKEN_LEFT.search(text, max(0, pos - 200), pos)
    right = _TOKEN_RIGHT.match(text, pos, pos + 200)
    token = (left.group() if left else "") + (right.group() if right else "")
    return "/" in token or "@" in token or bool(URL_LIKE.search(token))
