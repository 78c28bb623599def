"""``unicode``: repair encoding damage and normalise characters, with ftfy.

ftfy fixes mojibake, HTML entities, control characters, full-width forms,
ligatures and line breaks, and normalises to NFC; this step also turns
no-break spaces into plain spaces and drops zero-width spaces. ftfy is the most
expensive thing in a chain, so a line goes to it only when ftfy could do more than
straighten its quotes and make its spaces plain, which this step does itself:
plain printable ASCII without ``&`` comes out of ftfy unchanged, and so does a
line whose only other characters are common punctuation and symbols (curly
quotes, dashes, ``£``, ``€``, no-break spaces), never two of them side by side
(mojibake is always two or more non-ASCII characters in a row, and ftfy's repairs
of a lost no-break space start from letters such as ``Ã`` and ``Â``, not on that
list). Any other line is checked against ftfy's own tables and mojibake test
(``UnicodeStep._only_replaced``; ``tests/test_unicode_gate.py`` checks that
both paths agree).

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

import importlib
import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate, islice, pairwise, repeat
from operator import add, eq, itemgetter
from typing import Any, ClassVar

import ftfy
import regex
from ftfy.badness import BADNESS_RE, is_bad
from ftfy.chardata import CONTROL_CHARS, HTML_ENTITY_RE, LIGATURES, WIDTH_MAP

from ..document import Document
from ..edits import Change, Edit, apply_changes, diff_changes
from .base import ConfigError, TextStep

__all__ = ["UnicodeStep"]

#: Anything but printable ASCII, tab and newline, or an ``&`` that may start an entity
#: (one class: ``re`` skips ahead by it at C speed).
_MAY_NEED_FIX = re.compile(r"[^\t\n\x20-\x25\x27-\x7e]")
#: Characters ftfy leaves alone (or only uncurls) when no other non-ASCII character
#: touches them: quotes, dashes, bullets, currency and other symbols, no-break spaces.
_PLAIN_SYMBOLS = "‘’“”–—…•€£¥¢°×½§·©®™\u00a0\u2007\u202f"
#: A line that needs a closer look: a character outside printable ASCII and those
#: symbols, two non-ASCII characters side by side (the shape of all mojibake), or an ``&``.
#: (Written as one class and lookarounds, so that ``re`` skips ahead by the class.)
_LOOK_CLOSER = (
    r"[^\t\n\x20-\x25\x27-\x7e](?:(?<=[^\t\n\x20-\x7e{plain}])|(?<=[&{also}])|(?=[^\x00-\x7f]))"
)
_NEEDS_FTFY = re.compile(_LOOK_CLOSER.format(plain=_PLAIN_SYMBOLS, also=""))
#: The same with quotes="keep", where a line with a curly quote gets its quotes made consistent.
_NEEDS_LINE_KEEP = re.compile(_LOOK_CLOSER.format(plain=_PLAIN_SYMBOLS, also="‘’“”"))
_CURLY = regex.compile(r"[‘’“”]")
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
_NO_BREAK = "\u00a0\u2007\u202f"
_SPACE_CHARS = _NO_BREAK + _ZERO_WIDTH
_SPACES = regex.compile(f"[{_SPACE_CHARS}]")


def _char_class(codes: Iterable[int]) -> str:
    """A character class (without brackets) of code points, as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


#: ftfy's uncurl_quotes (its SINGLE_QUOTE_RE and DOUBLE_QUOTE_RE), as a table.
_UNCURL = {0x02BC: "'", **{c: "'" for c in range(0x2018, 0x201C)}}
_UNCURL.update({c: '"' for c in range(0x201C, 0x2020)})
#: What the step does to a line ftfy would otherwise leave alone, by option ``quotes``.
_TABLES = {"straight": {**_UNCURL, **dict.fromkeys(map(ord, _NO_BREAK), " ")}}
_TABLES["keep"] = dict.fromkeys(map(ord, _NO_BREAK), " ")


def _rule(old: str, rule: str = "unicode.quotes") -> str:
    """``rule``, or ``unicode.spaces`` for a change that only replaced spaces."""
    return "unicode.spaces" if not old.strip(_SPACE_CHARS) and old else rule


#: A replaced character's replacement and rule, by option ``quotes``.
_SINGLE = {
    quotes: {chr(c): (new, _rule(chr(c))) for c, new in table.items()}
    for quotes, table in _TABLES.items()
}


_EDIT_SPAN = itemgetter(2, 3)  # an edit's (start, end)

#: The same as two tables, new text and rule, by option ``quotes`` (for :func:`_singles`).
_SINGLE_NEW = {q: {c: new for c, (new, _) in table.items()} for q, table in _SINGLE.items()}
_SINGLE_RULE = {q: {c: rule for c, (_, rule) in table.items()} for q, table in _SINGLE.items()}


def _singles(text: str, positions: list[int], quotes: str) -> list[Change]:
    """``Change(p, p + 1, *_SINGLE[quotes][text[p]])`` for each of ``positions`` (of
    characters ``_SINGLE`` replaces), made by maps of C functions: no Python code runs per
    change (a text has thousands of curly quotes).

    >>> _singles("“a” b", [0, 2], "straight")
    [Change(start=0, end=1, new='"', rule='unicode.quotes'), Change(start=2, end=3, new='"', rule='unicode.quotes')]
    """
    chars = list(map(text.__getitem__, positions))
    fields = zip(
        positions,
        map(add, positions, repeat(1)),
        map(_SINGLE_NEW[quotes].__getitem__, chars),
        map(_SINGLE_RULE[quotes].__getitem__, chars),
        strict=True,
    )
    return list(map(tuple.__new__, repeat(Change), fields))


def _find_all(text: str, chars: Iterable[str]) -> list[int]:
    """Where in ``text`` any of ``chars`` is, in order (str.find runs at memory speed).

    >>> _find_all("“a” b’s", "’“”")
    [0, 2, 5]
    """
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


#: Runs of the characters each table replaces: a run is one change (as ftfy's diff gives it).
#: (``[c][c]*``, not ``[c]+``: ``re`` skips ahead by a leading class, not by a repeat.)
_REPLACED = {
    quotes: re.compile(f"[{_char_class(table)}][{_char_class(table)}]*")
    for quotes, table in _TABLES.items()
}


#: A character some ftfy fixer other than the encoding fix, uncurl_quotes and
#: unescape_html acts on, or that the space fix removes: ASCII controls and ESC, C1 controls
#: (and NEXT LINE), ftfy's ligature, width and control-character tables, line and
#: paragraph separators, surrogates, zero-width spaces. A line with one goes to ftfy.
#: (One class, not an alternation: ``re`` skips ahead by it at C speed.)
_FTFY_ONLY = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + _ZERO_WIDTH
    + _char_class({*LIGATURES, *WIDTH_MAP, *CONTROL_CHARS})
    + "]"
)


def _mojibake_pattern() -> re.Pattern[str]:
    """A pattern that finds something in every text ftfy's ``is_bad`` calls bad.

    It is read from ftfy's own pattern (``BADNESS_RE``): for each of its branches, two
    non-ASCII characters it needs side by side (the pair whose second character is least
    often a letter), or, in a branch without such a pair, one it needs. A text without any
    is not bad, and ``is_bad`` (slow: 37 branches tried at every character) need not run.
    The search stops only at the second characters of the pairs (curly quotes, accented
    letters, not Cyrillic or CJK text) and looks back from there. If ftfy's pattern cannot
    be read this way, any non-ASCII character is taken as a sign.

    >>> bool(_MAY_BE_BAD.search("«Приёмная» Министра")), bool(_MAY_BE_BAD.search("cafÃ©"))
    (False, True)
    """
    pairs: set[tuple[frozenset[int], frozenset[int]]] = set()
    singles: set[int] = set()
    try:
        parser: Any = importlib.import_module(
            "re._parser" if sys.version_info >= (3, 11) else "sre_parse"
        )
        ((op, (_, branches)),) = parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
        if op is not parser.BRANCH:
            raise ValueError(op)
        for branch in branches:
            needed = [_non_ascii(parser, item) for item in branch.data]
            candidates = [(a, b) for a, b in pairwise(needed) if a and b]
            if candidates:
                a, b = min(
                    candidates, key=lambda ab: (sum(map(str.isalpha, map(chr, ab[1]))), len(ab[1]))
                )
                pairs.add((frozenset(a), frozenset(b)))
            else:
                singles |= min(filter(None, needed), key=len)  # ValueError if none
    except Exception:  # an ftfy whose pattern reads otherwise: no short cut
        return re.compile(r"[^\x00-\x7f]")
    ends = set().union(*(b for _, b in pairs))
    behind = "|".join(sorted(f"[{_char_class(a)}][{_char_class(b)}]" for a, b in pairs))
    look = [f"(?<=[{_char_class(singles)}])"] if singles else []
    look += [f"(?<={behind})"] if pairs else []
    return re.compile(f"[{_char_class(singles | ends)}](?:{'|'.join(look)})")


def _non_ascii(parser: Any, item: tuple[Any, Any]) -> set[int] | None:
    """The characters one item of a parsed pattern matches, if it is one character and
    they are all non-ASCII (a literal or a plain class); else ``None``."""
    op, arg = item
    if op is parser.LITERAL:
        codes = {arg}
    elif op is parser.IN and all(kind in (parser.LITERAL, parser.RANGE) for kind, _ in arg):
        codes = set()
        for kind, value in arg:
            codes |= {value} if kind is parser.LITERAL else set(range(value[0], value[1] + 1))
    else:
        return None
    return codes if min(codes) >= 0x80 else None


#: Where ftfy's mojibake test may find mojibake (see _mojibake_pattern).
_MAY_BE_BAD = _mojibake_pattern()


def _suspects(text: str) -> list[int]:
    """Where in ``text`` ftfy may do more than replace quotes and spaces (unless it is
    not NFC): a character of ``_FTFY_ONLY``, an HTML entity, what ``_MAY_BE_BAD`` finds.

    >>> _suspects("a\u200b b &amp; c cafÃ©")
    [1, 5, 16, 17]
    """
    found = [m.start() for m in _FTFY_ONLY.finditer(text)]
    if "&" in text:
        found += [m.start() for m in HTML_ENTITY_RE.finditer(text)]
    return found + [m.start() for m in _MAY_BE_BAD.finditer(text)]


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

    def changes(self, text: str) -> list[Change]:
        plan = self._plan(text)
        if plan is None:
            return []
        found_at, spans, looked = plan
        out: list[Change] = []
        i = 0
        for (start, end), changes in zip(spans, looked, strict=True):
            j = bisect_left(found_at, start, i)
            out += _singles(text, found_at[i:j], self.quotes)
            out += changes or ()
            i = bisect_left(found_at, end, j)
        out += _singles(text, found_at[i:] if i else found_at, self.quotes)
        return out

    def apply(self, doc: Document) -> Document:
        """What ``doc.with_changes(self.name, self.changes(doc.text))`` gives, made faster:
        the characters replaced one at a time (a text has thousands of curly quotes) are
        replaced by one ``str.replace`` per character and their edits made by maps of C
        functions, not one :class:`Change` each through ``apply_changes``; so are those of
        the lines that needed a look but only have them replaced (unless two stand side
        by side there: a run of them is one change, so the changes are applied).

        That gives the same text when the lines that needed a look keep none of those
        characters (a line fixed by ftfy has its quotes straightened too), which is
        checked by counting them; when it does not hold, the changes are applied.
        ``tests/test_unicode_gate.py`` checks both ways against each other.
        """
        text = doc.text
        plan = self._plan(text, bulk=True)
        if plan is None:
            return doc
        found_at, spans, looked = plan
        # the places outside the lines that changes are made for: between the lines that
        # needed a look, and in those that only have these characters replaced
        singles: list[int] = []
        line_changes: list[Change] = []
        i = 0
        for (start, end), changes in zip(spans, looked, strict=True):
            if changes is None:  # (its places go with the next ones)
                continue
            j = bisect_left(found_at, start, i)
            singles += found_at[i:j]
            line_changes += changes
            i = bisect_left(found_at, end, j)
        singles += found_at[i:] if i else found_at
        if any(map(eq, map(add, singles, repeat(1)), islice(singles, 1, None))):
            # two side by side (in a line that needed a look): a run is one change
            return doc.with_changes(self.name, self.changes(text))
        new_text, edits, _ = apply_changes(text, line_changes, self.name)
        chars = list(map(text.__getitem__, singles))
        counts = Counter(chars)
        if any(new_text.count(char) != n for char, n in counts.items()):
            return doc.with_changes(self.name, self.changes(text))
        new_of = _SINGLE_NEW[self.quotes]
        for char in counts:
            new_text = new_text.replace(char, new_of[char])
        fields = zip(
            repeat(self.name),
            map(_SINGLE_RULE[self.quotes].__getitem__, chars),
            singles,
            map(add, singles, repeat(1)),
            chars,
            map(new_of.__getitem__, chars),
            strict=False,  # (repeat is endless)
        )
        single_edits = list(map(tuple.__new__, repeat(Edit), fields))
        if edits:  # in text order, as apply_changes gives them
            single_edits = sorted([*edits, *single_edits], key=_EDIT_SPAN)
        return doc.with_edits(new_text, single_edits)

    def _plan(
        self, text: str, bulk: bool = False
    ) -> tuple[list[int], list[tuple[int, int]], list[list[Change] | None]] | None:
        """Where in ``text`` the characters this step replaces one at a time are (in
        order), the spans of the lines that need a closer look, and the changes to each
        of those lines (with ``bulk``, ``None`` for a line whose only changes replace
        those characters: see :meth:`_lines_changes`); ``None`` for ASCII text with
        nothing to fix."""
        # ASCII text can only need a fix at an "&", a control character or a CR: one search.
        if text.isascii() and _MAY_NEED_FIX.search(text) is None:
            return None
        # Lines as _LINES splits them. Not str.splitlines(): it also breaks at control
        # characters (\x0b, \x1c-\x1e, \x85) that ftfy removes or rewrites, so fixing the
        # pieces apart could join them into new mojibake ("Â\x1e\x95" -> "Â•") that only a
        # second run would fix. A line of ASCII and plain symbols, never two of them side by
        # side, only gets its quotes and spaces replaced, one character at a time: they are
        # found with str.find over the whole text. Any other line is looked at alone
        # (line_changes), found by one search from the end of the last one.
        single = _SINGLE[self.quotes]
        found_at = _find_all(text, single)
        needs_line = _NEEDS_LINE_KEEP if self.quotes == "keep" else _NEEDS_FTFY
        breaks = [mark for mark in _BREAKS if mark in text]
        spans = []  # the lines that need a look
        pos = 0
        while (found := needs_line.search(text, pos)) is not None:
            at = found.start()
            if breaks == ["\n"]:  # the usual text: its lines end at "\n" alone
                start = text.rfind("\n", pos, at) + 1 or pos
                pos = text.find("\n", at) + 1 or len(text)
            else:
                start = max((text.rfind(m, pos, at) for m in breaks), default=-1) + 1 or pos
                pos = _LINES.match(text, start).end()  # type: ignore[union-attr]
            spans.append((start, pos))
        if self.quotes == "straight" and breaks == ["\n"]:
            looked = self._lines_changes(text, spans, bulk)
        else:
            looked = [self.line_changes(text[start:end], start) for start, end in spans]
        return found_at, spans, looked

    def _lines_changes(
        self, text: str, spans: list[tuple[int, int]], bulk: bool = False
    ) -> list[list[Change] | None]:
        """The changes to each line of ``text`` at ``spans`` (quotes="straight", lines ending
        at "\\n"), as :meth:`line_changes` gives them, with the tests of
        :meth:`_only_replaced` that need no ftfy run once on all the lines together: a line
        where none finds anything (``_suspects``) only gets its quotes and spaces replaced
        (with ``bulk``, its changes are left to the caller: ``None``).
        A line break composes with nothing and ends every match, so the lines together are
        NFC when each is, and a match in one line is a match in them all
        (``tests/test_unicode_gate.py`` checks that both ways agree).

        >>> text = "“Да”\\nnothing\\nнет\\u00a0да &amp;\\n"
        >>> [[c.new for c in changes] for changes in UnicodeStep()._lines_changes(
        ...     text, [(0, 5), (13, len(text))])]
        [['"', '"'], [' да &']]
        """
        lines = "".join(text[start:end] for start, end in spans)
        if not unicodedata.is_normalized("NFC", lines):
            return [self.line_changes(text[start:end], start) for start, end in spans]
        starts = list(accumulate((end - start for start, end in spans), initial=0))
        suspect = {bisect_right(starts, at) - 1 for at in _suspects(lines)}
        return [
            self.line_changes(text[start:end], start)
            if k in suspect
            else None
            if bulk
            else self._replaced(text, start, end)
            for k, (start, end) in enumerate(spans)
        ]

    def line_changes(self, line: str, offset: int = 0, *, cheap: bool = True) -> list[Change]:
        """The changes to one line (at ``offset`` in the text); ``cheap=False`` always uses ftfy.

        >>> [(c.start, c.new, c.rule) for c in UnicodeStep().line_changes("“a” £1\\u00a0m")]
        [(0, '"', 'unicode.quotes'), (2, '"', 'unicode.quotes'), (6, ' ', 'unicode.spaces')]
        """
        if cheap and self._only_replaced(line):
            if self.quotes != "keep":
                return self._replaced(line, 0, len(line), offset)
            changes = self._replaced(line, 0, len(line))
        else:
            fixed, rule = self.fix_line(line)
            changes = diff_changes(line, fixed, rule)
        if self.quotes == "keep":
            changes = _then(line, changes, _consistent_quotes)
        return [
            Change(offset + c.start, offset + c.end, c.new, _rule(line[c.start : c.end], c.rule))
            for c in changes
        ]

    def _replaced(self, text: str, start: int, end: int, offset: int = 0) -> list[Change]:
        """The quotes and spaces this step replaces in ``text[start:end]``, a run in one change."""
        single = _SINGLE[self.quotes]
        changes = []
        for m in _REPLACED[self.quotes].finditer(text, start, end):
            old = m.group()
            new, rule = single.get(old) or (old.translate(_TABLES[self.quotes]), _rule(old))
            changes.append(Change(offset + m.start(), offset + m.end(), new, rule))
        return changes

    def _only_replaced(self, line: str) -> bool:
        """Whether ftfy and the space fix would only replace the quotes and spaces in ``line``
        that :meth:`_replaced` does (then ftfy is not needed).

        That is so when no fixer but the encoding fix and uncurl_quotes has anything to act
        on, ftfy's mojibake test (``is_bad``, without which its encoding fix returns the text
        unchanged) passes the line before and after the quotes and spaces are replaced, and
        all three are NFC. Replacing them cannot make a line bad where ``_MAY_BE_BAD`` finds
        nothing (its characters are all non-ASCII), nor make an NFC line not NFC (they and
        their replacements take part in no composition: ``tests/test_unicode_gate.py``).

        >>> step = UnicodeStep()
        >>> step._only_replaced("“Zoë” met Đoàn\\u00a0Văn Hậu"), step._only_replaced("café &amp;")
        (True, False)
        >>> step._only_replaced("The cafÃ© opened"), step._only_replaced("e\\u0301")
        (False, False)
        """
        if not _NEEDS_FTFY.search(line):
            return True  # plain symbols, none side by side (tests/test_repair.py)
        if _FTFY_ONLY.search(line) or ("&" in line and HTML_ENTITY_RE.search(line)):
            return False
        if not unicodedata.is_normalized("NFC", line):
            return False
        if _MAY_BE_BAD.search(line) is None:
            return True
        uncurled = line.translate(_UNCURL) if self.quotes != "keep" else line
        fixed = line.translate(_TABLES[self.quotes])
        return all(
            unicodedata.is_normalized("NFC", form) and not is_bad(form)
            for form in {line, uncurled, fixed}
        )

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
