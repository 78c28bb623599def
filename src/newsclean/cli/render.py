"""What ``newsclean explain`` and ``newsclean steps`` print.

Colours are ANSI styles from click; ``click.echo`` strips them when the output
is not a terminal, so piped output is plain text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import click

from ..chain import Chain, Outcome
from ..document import Document
from ..edits import Edit, replay
from ..steps.base import Step

__all__ = ["render_explain", "render_steps"]

_SHOW = 70  # characters of a removed or inserted text shown
_NOTES = {"language": "skipped", "language_rules": "language-specific rules off"}


def _clip(text: str) -> str:
    shown = text.replace("\n", "⏎")
    return shown if len(shown) <= _SHOW else shown[: _SHOW - 1] + "…"


def _edit_line(edit: Edit, source: str) -> str:
    line = source.count("\n", 0, edit.start) + 1
    column = edit.start - (source.rfind("\n", 0, edit.start) + 1) + 1
    where = click.style(f"{line}:{column}".rjust(8), dim=True)
    rule = click.style(edit.rule, fg="cyan")
    old = click.style(repr(_clip(edit.old)), fg="red", strikethrough=True) if edit.old else ""
    new = click.style(repr(_clip(edit.new)), fg="green") if edit.new else ""
    if old and new:
        change = f"{old} → {new}"
    elif old:
        change = f"removed {old}"
    else:
        change = f"inserted {new}"
    return f"  {where} {rule}  {change}"


def render_explain(doc_id: str, original: Document, outcome: Outcome, chain: Chain) -> str:
    """Each step's edits, located by line:column in that step's input."""
    out = [click.style(f"== {doc_id}", bold=True)]
    final = outcome.document
    edits = final.edits if final is not None else ()
    text = original.text
    language = final.meta.get("language") if final is not None else None
    notes = dict(outcome.skipped)
    for step in chain:
        mine = [e for e in edits if e.step == step.name]
        count = f"{len(mine)} edit{'s' if len(mine) != 1 else ''}"
        if step.name in notes:
            count += click.style(f" ({_NOTES[notes[step.name]]}: language {language})", fg="yellow")
        out.append(click.style(f"{step.name}: ", bold=True) + count)
        out.extend(_edit_line(e, text) for e in mine)
        if mine:
            text = replay(text, mine)
        if outcome.dropped_by == step.name:
            out.append(click.style(f"  dropped: {outcome.reason}", fg="red", bold=True))
            break
    if final is not None:
        for key, value in final.meta.items():
            out.append(f"meta.{key} = {value!r}")
        if final.entities:
            names = sorted({e.name for e in final.entities})
            out.append(f"entities: {len(final.entities)} mentions of {', '.join(names)}")
        if final.dates:
            out.append(f"dates: {', '.join(sorted({d.value or '?' for d in final.dates}))}")
    return "\n".join(out)


def _plain_options(options: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if options is None:
        return None
    return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in options.items()}


def render_steps(classes: Sequence[type[Step]], *, as_json: bool = False) -> str:
    """Steps with their options (and defaults) and their rule ids."""
    described = []
    for cls in classes:
        options = cls().options()
        described.append(
            {
                "name": cls.name,
                "summary": cls.summary,
                "options": options,
                "rules": dict(cls.rules),
                "languages": sorted(cls.languages) if cls.languages is not None else None,
                "other_languages": _plain_options(cls.other_languages),
            }
        )
    if as_json:
        return json.dumps(described, indent=2, ensure_ascii=False)
    out = []
    for item in described:
        out.append(click.style(str(item["name"]), bold=True) + f"  {item['summary']}")
        for name, value in item["options"].items():  # type: ignore[union-attr]
            out.append(f"    option {name} = {json.dumps(value, ensure_ascii=False)}")
        if item["languages"] is not None:
            other = item["other_languages"]
            elsewhere = "skipped" if other is None else f"with {json.dumps(other)}"
            out.append(
                f"    languages {', '.join(item['languages'])} (other languages: {elsewhere})"
            )  # type: ignore[arg-type]
        for rule, why in item["rules"].items():  # type: ignore[union-attr]
            out.append(f"    rule   {click.style(rule, fg='cyan')}  {why}")
    return "\n".join(out)
