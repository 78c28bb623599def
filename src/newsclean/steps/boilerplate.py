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
from typing import ClassVar

import regex

from ..edits import Change
from ..layout import word_key
from ..resources import data_toml
from .base import ConfigError, TextStep

__all__ = ["BoilerplateRule", "BoilerplateStep", "load_rules"]

#: A space before punctuation that ends a word ("Share this :").
_SPACE_BEFORE_MARK = regex.compile(r" (?=[.,;:!?)\]][\"'”’)\]]*(?: |$))|(?<=[(\[]) ")
#: What every match of _SPACE_BEFORE_MARK has: a cheap test first.
_MAY_HAVE_SPACE_AT_MARK = re.compile(r" [.,;:!?)\]]|[(\[] ")
_TOP_LINES = 5


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
        )
    except (KeyError, regex.error, ValueError, TypeError) as exc:
        raise ConfigError(f"boilerplate rule {entry.get('id', '?')!r}: {exc}") from exc


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
            found = list(_scan(self.active_rules, [keys[k] for k in alive]))
            if not found:
                break
            for first, last, rule_id in found:
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


class _RuleSet:
    """Rules, and one pattern that tells cheaply whether any of them can match a line."""

    def __init__(self, rules: tuple[BoilerplateRule, ...]) -> None:
        self.rules = rules
        self.max_words = max((r.max_words for r in rules), default=0)
        self.any = regex.compile(
            "|".join(f"(?:{r.pattern.pattern})" for r in rules) or "(?!)", regex.I | regex.V1
        )


def _scan(rules: _RuleSet, lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """The runs of ``lines`` (as :func:`_key` gives them) to remove: (first, last, rule id).

    "top" counts non-blank lines. "bottom" is the last third of the words, not
    counting lines that repeat an earlier line: other steps join lines (unwrapping)
    and remove repeats (duplicates), and neither may move a line into or out of it,
    or a second run of the chain would remove what the first kept.
    """
    index = []
    words_through = []  # words up to the end of each line
    total = words = 0
    seen: set[tuple[str, ...]] = set()
    for key in lines:
        index.append(total)
        total += bool(key)
        same = word_key(key)  # a repeat in other spacing is a repeat ("army.They")
        if same and same not in seen:
            seen.add(same)
            words += len(same)
        words_through.append(words)
    # a line is at the bottom when at most a third of the words come after it
    bottom = [(words - words_through[k]) * 3 <= words for k in range(len(lines))]
    # "top" counts the non-blank lines this scan keeps, so that removing top lines in
    # one scan brings the next ones into the top at once (not one rescan per line)
    dropped = 0
    i = 0
    while i < len(lines):
        rule = _match(rules, lines[i], index[i] - dropped, bottom[i])
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
                    other = _match(rules, line, index[j] - dropped, bottom[j])
                    if other is None and not any(_member(b, line) for b in blocks):
                        break
                    if other is not None and other.block and other not in blocks:
                        blocks.append(other)
                    last = j
                    dropped += 1
                j += 1
        yield i, last, rule.id
        i = last + 1


def _key(line: str) -> str:
    """The line as rules see it: stripped, space runs as one space, no space before , . : )
    etc. or after ( [.

    (What the spacing step will make of it, so that a line matches before and after.)
    """
    key = " ".join(line.split())
    return _SPACE_BEFORE_MARK.sub("", key) if _MAY_HAVE_SPACE_AT_MARK.search(key) else key


def _match(rules: _RuleSet, stripped: str, index: int, bottom: bool) -> BoilerplateRule | None:
    """The first rule that matches the line ``stripped`` (its key), the ``index``-th non-blank
    line."""
    if not stripped:
        return None
    words = stripped.count(" ") + 1
    if (
        words > rules.max_words
        or not rules.any.fullmatch(stripped)
        or _prose_guard().fullmatch(stripped)
    ):
        return None
    for rule in rules.rules:
        if words > rule.max_words:
            continue
        if rule.position == "top" and index >= _TOP_LINES:
            continue
        if rule.position == "bottom" and not bottom:
            continue
        if rule.pattern.fullmatch(stripped):
            return rule
    return None


def _member(rule: BoilerplateRule, line: str) -> bool:
    """Whether ``line`` belongs to the block ``rule`` started (a platform name, a button)."""
    return rule.members is not None and rule.members.fullmatch(line) is not None
