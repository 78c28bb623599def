"""A griffe extension for the API reference: doctest examples become ```pycon blocks.

Docstrings hold bare ``>>>`` examples (they run under ``--doctest-modules``);
Markdown would read them as nested quotes. This wraps every run of example
lines (from a ``>>>`` line to the next blank line) in a fence, in the
docstrings mkdocstrings renders. Used by mkdocs.yml; the code is untouched.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_examples(text: str) -> str:
    """``text`` with each bare run of ``>>>`` example lines fenced as ``pycon``.

    >>> fence_examples("Intro.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").split("\\n")
    ['Intro.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    inside = fenced = False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
        elif not fenced and not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not stripped:
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


class PyconExamples(griffe.Extension):
    """Fence the doctest examples of every docstring griffe loads."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_examples(obj.docstring.value)

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        # the top-level package gets no on_object call
        self.on_object(obj=pkg)
