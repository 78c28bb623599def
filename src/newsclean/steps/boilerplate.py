"""``boilerplate``: remove web residue lines from extracted text.

Rules are data (``newsclean/data/boilerplate.toml``): each matches a whole
line, so prose that merely mentions a comment, a cookie or an advert stays.
A *block* rule starts a run that goes on through the lines belonging to it
(platform names, "Cancel", "Website": its ``members`` pattern) and stops at the
first other line. A line of reported speech ("..., he said.") is never removed.

>>> from newsclean import Document
>>> text = "He said he would leave a reply by Friday.\\n\\nLeave a Reply\\n\\nTwitter picture\\n\\nConnecting to %s"
>>> BoilerplateStep()(Document(text)).text
'He said he would leave a reply by Friday.\\n\\n'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import compress, count, repeat
from operator import contains, getitem
from typing import ClassVar

import regex

from ..edits import Change
from ..layout import word_key
from ..limits import regex_timeout
from ..resources import data_toml
from .base import ConfigError, TextStep

__all__ = ["BoilerplateRule", "BoilerplateStep", "load_rules"]

#: A space before punctuation that ends a word ("Share this :").
_SPACE_BEFORE_MARK = regex.compile(r" (?=[.,;:!?)\]][\"'”’)\]]*(?: |$))|(?<=[(\[]) ")
#: A cheap test first, letting through a little more ("(.", "[,"; never "  " in a key).
_MAY_HAVE_SPACE_AT_MARK = re.compile(r"[ (\[][ .,;:!?)\]]")
_TOP_LINES = 5
#: The non-ASCII characters whose case folding holds an ASCII character ("ß" -> "ss",
#: "ſ" -> "s", the Kelvin sign -> "k"; tests/test_layout_speed.py checks every code point).
_FOLDS_TO_ASCII = "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
#: How many characters of a line the gate looks up at once.
_HEAD = 4
_MAX_CACHED = 1 << 16


@dataclass(frozen=True)
class BoilerplateRule:
    """One line rule from the pattern file."""

    id: str
    category: str
    pattern: regex.Pattern[str]
    max_words: int = 12
    position: str = "any"
    block: bool = False
    #: Lines that continue a block (fullmatch), besides lines that match a rule.
    members: regex.Pattern[str] | None = None
    #: What a line the pattern matches starts with (stripped, case folded; "0": a digit);
    #: ``None``: anything.
    starts: tuple[str, ...] | None = None
    #: Words that make a line a candidate wherever they are in it (case folded).
    contains: tuple[str, ...] = ()


@cache
def load_rules() -> tuple[BoilerplateRule, ...]:
    """The shipped rules, compiled once per process."""
    return tuple(_rule(entry) for entry in data_toml("boilerplate.toml")["rule"])


@cache
def _compiled(pattern: str) -> regex.Pattern[str]:
    return regex.compile(pattern, regex.I | regex.V1)


def _prose_guard() -> regex.Pattern[str]:
    return _compiled(data_toml("boilerplate.toml")["guard"]["prose"])


def _rule(entry: dict[str, object]) -> BoilerplateRule:
    members = entry.get("members")
    try:
        if members is not None:
            known = data_toml("boilerplate.toml")["members"]
            if members not in known:
                raise ValueError(f"no members pattern {members!r} (known: {', '.join(known)})")
            members = _compiled(known[members])
        return BoilerplateRule(
            id=str(entry["id"]),
            category=str(entry["category"]),
            pattern=_compiled(str(entry["pattern"])),
            max_words=int(entry.get("max_words", 12)),  # type: ignore[call-overload]
            position=_position(entry.get("position", "any")),
            block=bool(entry.get("block", False)),
            members=members,
            starts=_starts(entry.get("starts")),
            contains=_contains(entry.get("contains", ())),
        )
    except (KeyError, regex.error, ValueError, TypeError) as exc:
        raise ConfigError(f"boilerplate rule {entry.get('id', '?')!r}: {exc}") from exc


#: Characters a line's key may differ around from the raw line (spaces go before or after them).
_MARKS = frozenset(".,;:!?()[]")


def _starts(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or not value:
        raise ValueError("starts must be a non-empty list of prefixes")
    for prefix in value:
        if (
            not isinstance(prefix, str)
            or not prefix
            or prefix != prefix.casefold()
            or any(c.isspace() for c in prefix)
            or (len(prefix) > 1 and _MARKS.intersection(prefix))
        ):
            raise ValueError(f"bad prefix {prefix!r} in starts (lower case, no spaces or marks)")
    return tuple(value)


def _contains(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(w, str) and w and w == w.casefold() and not any(c.isspace() for c in w)
        for w in value
    ):
        raise ValueError("contains must be a list of lower-case words without spaces")
    return tuple(value)


def _position(value: object) -> str:
    if value not in ("any", "top", "bottom"):
        raise ValueError(f"position must be 'any', 'top' or 'bottom', not {value!r}")
    return str(value)


@dataclass(frozen=True)
class BoilerplateStep(TextStep):
    """Remove boilerplate lines: comment forms, share bars, ads, navigation, prompts."""

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = "remove comment forms, share bars, ads, prompts, navigation"
    rules: ClassVar[dict[str, str]] = {
        r.id: f"{r.category}: whole line matching /{r.pattern.pattern[:60]}/" for r in load_rules()
    }

    #: The shipped rules are English phrases, except those marked ``language = "any"``.
    languages: ClassVar[frozenset[str]] = frozenset({"en"})
    other_languages: ClassVar[dict[str, frozenset[str]]] = {
        "disable": frozenset(
            e["id"] for e in data_toml("boilerplate.toml")["rule"] if e.get("language") != "any"
        )
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)
    #: Extra rules, as tables of the pattern file's form (id, category, pattern, ...).
    extra_rules: tuple[dict[str, object], ...] = ()

    def __post_init__(self) -> None:
        self.check_disable(self.disable, also_known=(str(r.get("id")) for r in self.extra_rules))
        for entry in self.extra_rules:  # a bad rule fails here, not on the first text
            _rule(entry)

    @cached_property
    def active_rules(self) -> _RuleSet:
        """The rules in force: shipped plus extra, less disabled (compiled once per step)."""
        return _RuleSet(
            tuple(
                r
                for r in (*load_rules(), *map(_rule, self.extra_rules))
                if r.id not in self.disable
            )
        )

    def changes(self, text: str) -> Iterator[Change]:
        found = self.active_rules.matching(text)
        if not found:  # most texts: no line any rule matches, wherever it stands
            return
        lines = text.splitlines(keepends=True)
        keys = [_key(line) for line in lines]
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        # Removing lines moves the others towards the end of the text, so a "bottom"
        # rule could match in the result where it did not match here: scan what is
        # left until nothing more goes, so that a second run changes nothing.
        removed: dict[int, int] = {}  # line index -> the removal it belongs to
        rule_ids: list[str] = []
        while True:
            alive = [k for k in range(len(lines)) if k not in removed]
            found_now = list(_scan(found, [keys[k] for k in alive]))
            if not found_now:
                break
            for first, last, rule_id in found_now:
                for k in alive[first : last + 1]:
                    removed[k] = len(rule_ids)
                rule_ids.append(rule_id)
        k = 0
        while k < len(lines):
            if k not in removed:
                k += 1
                continue
            j = k + 1
            while j < len(lines) and removed.get(j) == removed[k]:
                j += 1
            yield Change(starts[k], starts[j], "", rule_ids[removed[k]])
            k = j


#: Line keys (as :func:`_key` gives them) -> the rules that match them, in order, as far
#: as the line alone tells (its words and text; not where it stands).
_Found = dict[str, tuple[BoilerplateRule, ...]]


class _RuleSet:
    """Rules, indexed by what the lines they match start with: a cheap gate per line.

    >>> rules = BoilerplateStep().active_rules
    >>> [(k, [r.id for r in v]) for k, v in rules.matching("Trump spoke.\\nLeave a Reply\\n").items()]
    [('Leave a Reply', ['boilerplate.comment_form'])]
    """

    def __init__(self, rules: tuple[BoilerplateRule, ...]) -> None:
        self.rules = rules
        #: rules without ``starts``: tried on every line
        self.anywhere = tuple(k for k, r in enumerate(rules) if r.starts is None)
        #: prefixes of up to 4 characters ("0": a digit) -> rule indexes
        self.short: dict[str, list[int]] = {}
        #: the first 4 characters of longer prefixes -> (prefix, rule index)
        self.long: dict[str, list[tuple[str, int]]] = {}
        #: (word, rule index) for ``contains``
        self.contains = tuple((w, k) for k, r in enumerate(rules) for w in r.contains)
        #: line heads -> the rules they name (as :meth:`_hit` gives them), for the heads that
        #: name some; every head looked up so far (cached: heads repeat)
        self._hits: dict[str, tuple[set[int], list[tuple[str, int]]]] = {}
        self._seen: set[str] = set()
        #: (word, rule index, an ASCII case-insensitive pattern for the word, the
        #: characters that fold to one of its letters) for the ASCII ``contains`` words:
        #: a text holds such a word case folded only if the pattern finds it or one
        #: of the characters is in the text (see :meth:`_may_hold`)
        self._contains_gates = tuple((w, k, *_gate(w)) for w, k in self.contains)
        for k, rule in enumerate(rules):
            for prefix in rule.starts or ():
                if len(prefix) <= _HEAD:
                    self.short.setdefault(prefix, []).append(k)
                else:
                    self.long.setdefault(prefix[:_HEAD], []).append((prefix, k))

    def _hit(self, raw: str) -> tuple[set[int], list[tuple[str, int]]] | None:
        """The rules a line (stripped) starting with ``raw`` may match: those its first
        characters, case folded, name, and the longer prefixes to check on the line."""
        # case folding goes character by character, never shortens one, and leaves white
        # space alone, so the first characters of the folded line fold from these
        head = raw.casefold()[:_HEAD]
        rules = {k for n in range(1, len(head) + 1) for k in self.short.get(head[:n], ())}
        if head[:1].isdecimal():
            rules.update(self.short.get("0", ()))
        longer = self.long.get(head, [])
        return (rules, longer) if rules or longer else None

    def _hit_heads(self, heads: set[str]) -> dict[str, tuple[set[int], list[tuple[str, int]]]]:
        """Those of ``heads`` that name some rule, with what :meth:`_hit` gives for them.

        Set operations on the heads seen so far (cached: heads repeat); a full cache is
        replaced, never emptied, so that another thread's lookups stay whole.
        """
        hits, seen = self._hits, self._seen
        new = heads - seen
        if new:
            if len(seen) + len(new) > _MAX_CACHED:
                hits, seen = self._hits, self._seen = {}, set()
            for head in new:
                hit = self._hit(head)
                if hit is not None:
                    hits[head] = hit
            seen.update(new)  # (after ``hits``: a head seen has its hit there)
        return {head: hits[head] for head in heads & hits.keys()}

    def candidates(self, text: str, lines: list[str] | None = None) -> dict[int, set[int]]:
        """Line index (of ``lines``, ``text.splitlines()``) -> indexes of the rules that
        may match it (the line case folded starts with one of their ``starts``, holds one
        of their ``contains`` words, or they have no ``starts``).

        Only the starts of lines and the texts that may hold a ``contains`` word are
        case folded (tests/test_layout_speed.py checks it against folding everything).

        >>> BoilerplateStep().active_rules.candidates("Trump spoke.\\n  LEAVE a reply")
        {1: {0}}
        """
        if lines is None:
            lines = text.splitlines()
        heads = list(map(getitem, map(str.lstrip, lines), repeat(slice(0, _HEAD))))
        hits = self._hit_heads(set(heads))
        found: dict[int, set[int]] = {}
        for i in compress(count(), map(hits.__contains__, heads)):
            rules, longer = hits[heads[i]]
            if longer:
                line = lines[i].lstrip()
                rules = rules | {k for p, k in longer if line[: len(p)].casefold().startswith(p)}
            if rules:
                found[i] = rules
        folded: list[str] | None = None
        for word, k, pattern, folding in self._contains_gates:
            if not _may_hold(text, word, pattern, folding):
                continue
            if folding == "" and word.lower() == word.upper():  # "@": in a line, in it folded
                where = lines
            else:  # (case folding keeps every line break where it is: tests/test_layout_speed.py)
                where = folded = list(map(str.casefold, lines)) if folded is None else folded
            for i in compress(count(), map(contains, where, repeat(word))):
                found[i] = found.get(i, set()) | {k}  # (a new set: the one there may be a hit's)
        if self.anywhere:
            for i, line in enumerate(lines):
                if line.strip():
                    found.setdefault(i, set()).update(self.anywhere)
        return found

    def matching(self, text: str) -> _Found:
        """The keys of the lines of ``text`` that rules match (where they stand aside)."""
        lines = text.splitlines()
        candidates = self.candidates(text, lines)
        if not candidates:
            return {}
        found: _Found = {}
        for i, ks in candidates.items():
            key = _key(lines[i])
            if not key or key in found:
                continue
            words = key.count(" ") + 1
            # a rule's pattern may come from a user's config (extra_rules), which no test
            # proves linear: it stops at the document's time budget (reported as limit.time)
            rules = tuple(
                self.rules[k]
                for k in sorted(ks)
                if words <= self.rules[k].max_words
                and self.rules[k].pattern.fullmatch(key, timeout=regex_timeout())
            )
            if rules and not _prose_guard().fullmatch(key):
                found[key] = rules
        return found


def _folding_to(word: str) -> str | None:
    """The characters whose case folding shares a character with the ASCII ``word``
    (``None``: the word is not ASCII)."""
    if not word.isascii():
        return None
    return "".join(c for c in _FOLDS_TO_ASCII if set(c.casefold()) & set(word))


def _may_hold(text: str, word: str, pattern: regex.Pattern[str], folding: str | None) -> bool:
    """False when ``text`` case folded cannot hold ``word`` (case folded), without
    folding it: an ASCII run of the folded text folds from ASCII characters (their lower
    case) and from the few characters of _FOLDS_TO_ASCII.

    >>> _may_hold("Sign up to our NEWSLETTER", "newsletter", *_gate("newsletter"))
    True
    >>> _may_hold("News and letters", "newsletter", *_gate("newsletter"))
    False
    >>> _may_hold("Our newſletter", "newsletter", *_gate("newsletter"))
    True
    """
    if folding is None or text.isascii():
        return word in text.casefold()  # (fast for ASCII text)
    if not folding and word.lower() == word.upper():  # no letters: "@"
        return word in text
    return pattern.search(text) is not None or any(map(text.__contains__, folding))


def _gate(word: str) -> tuple[regex.Pattern[str], str | None]:
    return regex.compile(regex.escape(word), regex.I | regex.A), _folding_to(word)


def _scan(found: _Found, lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """The runs of ``lines`` (as :func:`_key` gives them) to remove: (first, last, rule id).

    "top" counts non-blank lines. "bottom" is the last third of the words, not
    counting lines that repeat an earlier line: other steps join lines (unwrapping)
    and remove repeats (duplicates), and neither may move a line into or out of it,
    or a second run of the chain would remove what the first kept.
    """
    index = []
    total = 0
    for key in lines:
        index.append(total)
        total += bool(key)
    bottom = _bottom(lines) if _any_bottom(found) else [False] * len(lines)
    # "top" counts the non-blank lines this scan keeps, so that removing top lines in
    # one scan brings the next ones into the top at once (not one rescan per line)
    dropped = 0
    i = 0
    while i < len(lines):
        rule = _match(found, lines[i], index[i] - dropped, bottom[i])
        if rule is None:
            i += 1
            continue
        last = i
        dropped += 1
        if rule.block:
            # the run's blocks: a block header inside the run ("Leave a Reply", then
            # "Related") brings its own members (the related headlines) into the run
            blocks = [rule]
            j = i + 1
            while j < len(lines):
                line = lines[j]
                if line:
                    other = _match(found, line, index[j] - dropped, bottom[j])
                    if other is None and not any(_member(b, line) for b in blocks):
                        break
                    if other is not None and other.block and other not in blocks:
                        blocks.append(other)
                    last = j
                    dropped += 1
                j += 1
        yield i, last, rule.id
        i = last + 1


def _any_bottom(found: _Found) -> bool:
    return any(rule.position == "bottom" for rules in found.values() for rule in rules)


def _bottom(lines: list[str]) -> list[bool]:
    """Whether each line is at the bottom: at most a third of the words come after it."""
    words_through = []  # words up to the end of each line
    words = 0
    seen: set[tuple[str, ...]] = set()
    for key in lines:
        same = word_key(key)  # a repeat in other spacing is a repeat ("army.They")
        if same and same not in seen:
            seen.add(same)
            words += len(same)
        words_through.append(words)
    return [(words - through) * 3 <= words for through in words_through]


def _key(line: str) -> str:
    """The line as rules see it: stripped, space runs as one space, no space before , . : )
    etc. or after ( [.

    (What the spacing step will make of it, so that a line matches before and after.)
    """
    key = " ".join(line.split())
    return key if _MAY_HAVE_SPACE_AT_MARK.search(key) is None else _SPACE_BEFORE_MARK.sub("", key)


def _match(found: _Found, key: str, index: int, bottom: bool) -> BoilerplateRule | None:
    """The first rule that matches the line ``key``, the ``index``-th non-blank line."""
    for rule in found.get(key, ()):
        if rule.position == "top" and index >= _TOP_LINES:
            continue
        if rule.position == "bottom" and not bottom:
            continue
        return rule
    return None


def _member(rule: BoilerplateRule, line: str) -> bool:
    """Whether ``line`` belongs to the block ``rule`` started (a platform name, a button)."""
    return (
        rule.members is not None
        and rule.members.fullmatch(line, timeout=regex_timeout()) is not None
    )
