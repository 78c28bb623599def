"""``unicode``: repair encoding damage and normalise characters, with ftfy.

ftfy fixes mojibake, HTML entities, control characters, full-width forms,
ligatures and line breaks, and normalises to NFC; this step also turns
no-break spaces into plain spaces and drops zero-width spaces. ftfy is the most
expensive thing in a chain, so a cheap character check skips every line that
cannot need it (plain printable ASCII without ``&``): such lines come out of
ftfy unchanged anyway.

>>> from newsclean import Document
>>> UnicodeStep()(Document("The caf\u00c3\u00a9\u00a0opened &amp; closed.")).text
'The café opened & closed.'
>>> [(e.old, e.new, e.rule) for e in UnicodeStep()(Document("“Quoted”")).edits]
[('“', '"', 'unicode.quotes'), ('”', '"', 'unicode.quotes')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import ftfy
import regex

from ..edits import Change, diff_changes
from .base import ConfigError, TextStep

__all__ = ["UnicodeStep"]

#: Anything but printable ASCII, tab and newline, or an ``&`` that may start an entity.
_MAY_NEED_FIX = regex.compile(r"[^\t\n\x20-\x7e]|&")
#: Rounds of ftfy and space fixes on one line, at most.
_MAX_PASSES = 4
#: A line and its line break (the last line may lack one): the breaks ftfy makes "\n".
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
        if not _MAY_NEED_FIX.search(text):
            return
        offset = 0
        # Not str.splitlines(): it also breaks at control characters (\x0b, \x1c-\x1e, \x85)
        # that ftfy removes or rewrites, so fixing the pieces apart could join them into
        # new mojibake ("Â\x1e\x95" -> "Â•") that only a second run would fix.
        for line in _LINES.findall(text):
            if _MAY_NEED_FIX.search(line):
                fixed, rule = self.fix_line(line)
                for change in diff_changes(line, fixed, rule):
                    old = line[change.start : change.end]
                    spaces = bool(old) and all(ch in _SPACE_CHARS for ch in old)
                    yield Change(
                        offset + change.start,
                        offset + change.end,
                        change.new,
                        "unicode.spaces" if spaces else rule,
                    )
            offset += len(line)

    def fix_line(self, line: str) -> tuple[str, str]:
        """One line fixed, and the rule id naming its main fix."""
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
