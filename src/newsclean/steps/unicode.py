"""``unicode``: repair encoding damage and normalise characters, with ftfy.

ftfy fixes mojibake, HTML entities, control characters, full-width forms,
ligatures and line breaks, and normalises to NFC; this step also turns
no-break spaces into plain spaces and drops zero-width spaces. ftfy is the most
expensive thing in a chain, so a cheap character check skips every line that
cannot need it: plain printable ASCII without ``&`` comes out of ftfy unchanged,
and a line whose only other characters are common punctuation and symbols (curly
quotes, dashes, ``£``, ``€``, no-break spaces), never two of them side by side,
can only have its quotes straightened, which this step then does itself.
Mojibake is always two or more non-ASCII characters in a row, and ftfy's
repairs of a lost no-break space start from letters such as ``Ã`` and ``Â``,
which are not on that list (``tests/test_repair.py`` checks both paths agree).

With ``quotes="keep"``, typographic quotes are kept and made consistent: in a
line that has them, each double quote faces the way its place says (an opening
``“`` after a space, a closing ``”`` before one), and an apostrophe between
letters is ``’``.

>>> from newsclean import Document
>>> UnicodeStep()(Document("The caf\u00c3\u00a9\u00a0opened &amp; closed.")).text
'The café opened & closed.'
>>> [(e.old, e.new, e.rule) for e in UnicodeStep()(Document("“Quoted”")).edits]
[('“', '"', 'unicode.quotes'), ('”', '"', 'unicode.quotes')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import ftfy
import regex

from ..edits import Change, apply_changes, diff_changes
from .base import ConfigError, TextStep

__all__ = ["UnicodeStep"]

#: Anything but printable ASCII, tab and newline, or an ``&`` that may start an entity.
_MAY_NEED_FIX = regex.compile(r"[^\t\n\x20-\x7e]|&")
#: Characters ftfy leaves alone (or only uncurls) when no other non-ASCII character
#: touches them: quotes, dashes, bullets, currency and other symbols, no-break spaces.
_PLAIN_SYMBOLS = "‘’“”–—…•€£¥¢°×½§·©®™\u00a0\u2007\u202f"
#: A line that needs ftfy: a character outside printable ASCII and those symbols, two
#: non-ASCII characters side by side (the shape of all mojibake), or an ``&``.
_NEEDS_FTFY = regex.compile(rf"[^\t\n\x20-\x7e{_PLAIN_SYMBOLS}]|[^\x00-\x7f]{{2}}|&")
_CURLY = regex.compile(r"[‘’“”]")
_STRAIGHT = {"‘": "'", "’": "'", "“": '"', "”": '"'}
#: quotes="keep": a double quote's direction from its place; an apostrophe between letters.
_OPENING = regex.compile(r'(?<=^|[\s(\[{—–])["”](?=[^\s,.;:!?)\]}—–])')
_CLOSING = regex.compile(r'(?<=[^\s(\[{—–])["“](?=$|[\s,.;:!?)\]}—–])')
_APOSTROPHE = regex.compile(r"(?<=\p{L})'(?=\p{L})")
_DOUBLE = regex.compile(r'["“”]')
#: Rounds of ftfy and space fixes on one line, at most.
_MAX_PASSES = 4
#: A line and its line break (the last line may lack one): the breaks ftfy makes "\n".
_BREAKS = "\r\n\u2028\u2029"
_LINES = regex.compile(r"[^\r\n\u2028\u2029]*(?:\r\n|[\r\n\u2028\u2029])|[^\r\n\u2028\u2029]+")
#: Spaces ftfy keeps but an index should not: no-break and narrow spaces, zero-width space, BOM.
_ZERO_WIDTH = "\u200b\u2060\ufeff"
_SPACE_CHARS = "\u00a0\u2007\u202f" + _ZERO_WIDTH
_SPACES = regex.compile(f"[{_SPACE_CHARS}]")

#: ftfy's explanation of a fix -> our rule id (the first fix on a line names the edit).
_FTFY_RULES = {
    "unescape_html": "unicode.html_entities",
    "uncurl_quotes": "unicode.quotes",
    "fix_line_breaks": "unicode.line_breaks",
    "remove_control_chars": "unicode.control_chars",
    "remove_terminal_escapes": "unicode.control_chars",
    "fix_c1_controls": "unicode.control_chars",
    "fix_latin_ligatures": "unicode.ligatures",
    "fix_character_width": "unicode.width",
    "fix_surrogates": "unicode.surrogates",
    "NFC": "unicode.normalize",
    "NFKC": "unicode.normalize",
}


@dataclass(frozen=True)
class UnicodeStep(TextStep):
    """Repair mojibake and normalise characters (ftfy, NFC, spaces, quotes)."""

    name: ClassVar[str] = "unicode"
    summary: ClassVar[str] = "repair mojibake, entities, control characters; NFC; plain spaces"
    rules: ClassVar[dict[str, str]] = {
        "unicode.mojibake": "text decoded with the wrong charset, re-decoded (ftfy)",
        "unicode.html_entities": "HTML entities such as &amp; unescaped",
        "unicode.quotes": "typographic quotes made straight ASCII quotes",
        "unicode.line_breaks": "CR, CRLF and Unicode line separators made \\n",
        "unicode.control_chars": "control characters and terminal escapes removed",
        "unicode.ligatures": "Latin ligatures such as ﬁ expanded",
        "unicode.width": "full-width characters made normal width",
        "unicode.surrogates": "surrogate pairs repaired",
        "unicode.normalize": "Unicode NFC normalisation",
        "unicode.spaces": "no-break spaces made spaces, zero-width spaces removed",
    }

    #: "straight" makes quotes ASCII (ftfy's default); "keep" leaves typographic quotes.
    quotes: str = "straight"

    def __post_init__(self) -> None:
        if self.quotes not in ("straight", "keep"):
            raise ConfigError(f"unicode: quotes must be 'straight' or 'keep', not {self.quotes!r}")

    def changes(self, text: str) -> Iterator[Change]:
        # Lines as _LINES splits them. Not str.splitlines(): it also breaks at control
        # characters (\x0b, \x1c-\x1e, \x85) that ftfy removes or rewrites, so fixing the
        # pieces apart could join them into new mojibake ("Â\x1e\x95" -> "Â•") that only a
        # second run would fix. Only the lines with a character that may need a fix are
        # visited: found by one search each, from the end of the last one.
        pos = 0
        while (found := _MAY_NEED_FIX.search(text, pos)) is not None:
            start = max(text.rfind(mark, pos, found.start()) for mark in _BREAKS) + 1 or pos
            line = _LINES.match(text, start).group()  # type: ignore[union-attr]
            yield from self.line_changes(line, start)
            pos = start + len(line)

    def line_changes(self, line: str, offset: int = 0, *, cheap: bool = True) -> Iterator[Change]:
        """The changes to one line (at ``offset`` in the text); ``cheap=False`` always uses ftfy.

        >>> [(c.start, c.new, c.rule) for c in UnicodeStep().line_changes("“a” £1\\u00a0m")]
        [(0, '"', 'unicode.quotes'), (2, '"', 'unicode.quotes'), (6, ' ', 'unicode.spaces')]
        """
        if cheap and not _NEEDS_FTFY.search(line):
            changes = self._symbol_changes(line)
        else:
            fixed, rule = self.fix_line(line)
            changes = diff_changes(line, fixed, rule)
        if self.quotes == "keep":
            changes = _then(line, changes, _consistent_quotes)
        for change in changes:
            old = line[change.start : change.end]
            spaces = bool(old) and all(ch in _SPACE_CHARS for ch in old)
            yield Change(
                offset + change.start,
                offset + change.end,
                change.new,
                "unicode.spaces" if spaces else change.rule,
            )

    def _symbol_changes(self, line: str) -> list[Change]:
        """What ftfy and the space fix would do to a line of ASCII and plain symbols."""
        changes = [
            Change(m.start(), m.end(), " ", "unicode.spaces") for m in _SPACES.finditer(line)
        ]
        if self.quotes == "straight" and _CURLY.search(line):
            changes += [
                Change(m.start(), m.end(), _STRAIGHT[m.group()], "unicode.quotes")
                for m in _CURLY.finditer(line)
            ]
            changes.sort(key=lambda c: c.start)
        return changes

    def fix_line(self, line: str) -> tuple[str, str]:
        """One line fixed with ftfy, and the rule id naming its main fix."""
        rule = None
        # Until nothing changes: a fix can uncover another (ftfy leaves "\u00a0Â£" alone but
        # repairs "Â£" once the no-break space is a space), and a second run must not.
        for _ in range(_MAX_PASSES):
            explained = ftfy.fix_and_explain(line, uncurl_quotes=self.quotes == "straight")
            if rule is None and explained.explanation:
                rule = _FTFY_RULES.get(explained.explanation[0][1], "unicode.mojibake")
            fixed = _SPACES.sub(lambda m: "" if m.group() in _ZERO_WIDTH else " ", explained.text)
            settled = fixed == explained.text  # ftfy's own output is final: no second call
            if fixed == line:
                break
            line = fixed
            if settled:
                break
        return line, rule or "unicode.spaces"


def _consistent_quotes(line: str) -> str:
    r"""Typographic quotes facing the way their place says, in a line that has them.

    >>> _consistent_quotes("“We won,“ he said, \"really.\" Iraq's army")
    '“We won,” he said, “really.” Iraq’s army'
    >>> _consistent_quotes('“ spaced " out')
    '“ spaced ” out'
    """
    if not _CURLY.search(line):
        return line
    line = _OPENING.sub("“", line)
    line = _CLOSING.sub("”", line)
    marks = [m.start() for m in _DOUBLE.finditer(line)]
    if len(marks) % 2 == 0:  # they pair up: a quote with spaces on both sides faces its role
        chars = list(line)
        for i, pos in enumerate(marks):
            if line[pos - 1 : pos].strip() == line[pos + 1 : pos + 2].strip() == "":
                chars[pos] = "”" if i % 2 else "“"
        line = "".join(chars)
    return _APOSTROPHE.sub("’", line)


def _then(line: str, changes: list[Change], fix: Callable[[str], str]) -> list[Change]:
    """``changes`` to ``line`` followed by ``fix``, as changes to ``line`` (new ones: quotes)."""
    fixed = apply_changes(line, changes, "unicode")[0]
    final = fix(fixed)
    if final == fixed:
        return changes
    rules = {(c.start, c.end): c.rule for c in changes}
    default = changes[0].rule if changes and len(fixed) != len(line) else "unicode.quotes"
    return [
        Change(c.start, c.end, c.new, rules.get((c.start, c.end), default))
        for c in diff_changes(line, final, default)
    ]
