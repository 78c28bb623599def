"""``boilerplate``: remove web residue lines from extracted text.

Rules are data (``newsclean/data/boilerplate.toml``): each matches a whole
line, so prose that merely mentions a comment, a cookie or an advert stays.
A *block* rule starts a run that goes on through the short lines belonging to
it (platform names, "Cancel", "Website") and stops at the first line of prose.

>>> from newsclean import Document
>>> text = "He said he would leave a reply by Friday.\\n\\nLeave a Reply\\n\\nTwitter picture\\n\\nConnecting to %s"
>>> BoilerplateStep()(Document(text)).text
'He said he would leave a reply by Friday.\\n\\n'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import ClassVar

import regex

from ..edits import Change
from ..resources import data_toml
from .base import ConfigError, TextStep

__all__ = ["BoilerplateRule", "BoilerplateStep", "load_rules"]

#: A line that reads as prose: ends like a sentence and has enough words.
_PROSE_END = regex.compile(r"[.!?…][\"'”’)\]]*$")
_SHORT_LINE_WORDS = 6
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


@cache
def load_rules() -> tuple[BoilerplateRule, ...]:
    """The shipped rules, compiled once per process."""
    return tuple(_rule(entry) for entry in data_toml("boilerplate.toml")["rule"])


def _rule(entry: dict[str, object]) -> BoilerplateRule:
    try:
        return BoilerplateRule(
            id=str(entry["id"]),
            category=str(entry["category"]),
            pattern=regex.compile(str(entry["pattern"]), regex.I | regex.V1),
            max_words=int(entry.get("max_words", 12)),  # type: ignore[call-overload]
            position=str(entry.get("position", "any")),
            block=bool(entry.get("block", False)),
        )
    except (KeyError, regex.error, ValueError, TypeError) as exc:
        raise ConfigError(f"boilerplate rule {entry.get('id', '?')!r}: {exc}") from exc


@dataclass(frozen=True)
class BoilerplateStep(TextStep):
    """Remove boilerplate lines: comment forms, share bars, ads, navigation, prompts."""

    name: ClassVar[str] = "boilerplate"
    summary: ClassVar[str] = "remove comment forms, share bars, ads, prompts, navigation"
    rules: ClassVar[dict[str, str]] = {
        r.id: f"{r.category}: whole line matching /{r.pattern.pattern[:60]}/" for r in load_rules()
    }

    #: Rule ids to switch off.
    disable: frozenset[str] = field(default_factory=frozenset)
    #: Extra rules, as tables of the pattern file's form (id, category, pattern, ...).
    extra_rules: tuple[dict[str, object], ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.disable) - set(self.rules) - {str(r.get("id")) for r in self.extra_rules}
        if unknown:
            raise ConfigError(f"boilerplate: no rule {', '.join(sorted(unknown))} to disable")

    @cached_property
    def active_rules(self) -> tuple[BoilerplateRule, ...]:
        """The rules in force: shipped plus extra, less disabled (compiled once per step)."""
        return tuple(
            r for r in (*load_rules(), *map(_rule, self.extra_rules)) if r.id not in self.disable
        )

    def changes(self, text: str) -> Iterator[Change]:
        lines = text.splitlines(keepends=True)
        rules = self.active_rules
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        i = 0
        while i < len(lines):
            rule = _match(rules, lines[i], i, len(lines))
            if rule is None:
                i += 1
                continue
            last = i
            if rule.block:
                j = i + 1
                while j < len(lines):
                    line = lines[j]
                    if line.strip() and not (
                        _match(rules, line, j, len(lines)) or _belongs_to_block(line)
                    ):
                        break
                    if line.strip():
                        last = j
                    j += 1
            yield Change(starts[i], starts[last + 1], "", rule.id)
            i = last + 1


def _match(
    rules: tuple[BoilerplateRule, ...], line: str, index: int, total: int
) -> BoilerplateRule | None:
    stripped = line.strip()
    if not stripped:
        return None
    words = len(stripped.split())
    for rule in rules:
        if words > rule.max_words:
            continue
        if rule.position == "top" and index >= _TOP_LINES:
            continue
        if rule.position == "bottom" and index < total * 2 // 3:
            continue
        if rule.pattern.fullmatch(stripped):
            return rule
    return None


def _belongs_to_block(line: str) -> bool:
    """A short line without sentence punctuation: a label, a platform name, a button."""
    stripped = line.strip()
    return len(stripped.split()) <= _SHORT_LINE_WORDS and not _PROSE_END.search(stripped)
