"""``spacing``: whitespace and the spaces around punctuation, in one regex pass.

>>> from newsclean import Document
>>> SpacingStep()(Document("a massive problem.If we  stop ,  earlier in the year .  \\n\\n\\n\\nNext")).text
'a massive problem. If we stop, earlier in the year.\\n\\nNext'

URLs, domains, decimals, abbreviations and ellipses are left alone:

>>> SpacingStep()(Document("See example.com/News.Html, 3.5 per cent, the U.S. and e.g. this ...")).text
'See example.com/News.Html, 3.5 per cent, the U.S. and e.g. this ...'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import ClassVar

import regex

from ..edits import Change
from ..patterns import URL_LIKE
from .base import TextStep

__all__ = ["SpacingStep"]

#: Rule -> (pattern, replacement template), in priority order: compiled into one alternation,
#: one pass over the text, where the first rule that matches at a position wins.
_RULES: dict[str, tuple[str, str]] = {
    "edges": (r"\A\s++|\s++\Z", ""),
    "blank_lines": (r"\n[ \t]*+\n(?:[ \t]*+\n)++", "\n\n"),
    "trailing": (r"[ \t]++(?=\n)", ""),
    "before_punct": (r"[ \t]++(?=[.,;:!?][\"'”’)\]]*+(?:\s|\Z))", ""),
    "space_moved": (r"(?<=\p{Ll}\p{Ll})[ \t]++(?P<mark>[.,;:!?])(?=\p{Lu}\p{Ll})", r"\g<mark> "),
    "repeated": (r"[ \t]{2,}+|\t", " "),
    "after_punct": (r"(?<=\p{Ll}\p{Ll}[.!?])(?=\p{Lu}\p{Ll})", " "),
}


@cache
def _compiled(enabled: tuple[str, ...]) -> regex.Pattern[str]:
    return regex.compile("|".join(f"(?P<{k}>{_RULES[k][0]})" for k in enabled), regex.V1)


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
        "spacing.repeated": "runs of spaces and tabs made one space",
        "spacing.after_punct": "missing space after a sentence added ('problem.If' -> 'problem. If')",
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.check_disable(self.disable)

    def changes(self, text: str) -> Iterator[Change]:
        enabled = tuple(k for k in _RULES if f"spacing.{k}" not in self.disable)
        if not enabled:
            return
        for match in _compiled(enabled).finditer(text):
            kind = match.lastgroup or ""
            if kind == "after_punct" and _inside_url(text, match.start()):
                continue
            yield Change(
                match.start(), match.end(), match.expand(_RULES[kind][1]), f"spacing.{kind}"
            )


def _inside_url(text: str, pos: int) -> bool:
    left = _TOKEN_LEFT.search(text, max(0, pos - 200), pos)
    right = _TOKEN_RIGHT.match(text, pos, pos + 200)
    token = (left.group() if left else "") + (right.group() if right else "")
    return "/" in token or "@" in token or bool(URL_LIKE.search(token))
