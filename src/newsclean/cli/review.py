"""``newsclean report``: clean sources and write the review page (see ``newsclean.review``).

The page needs each document's original text and every edit with its span,
which neither the cleaned files nor the ``--jsonl`` records keep (they count
edits), so the command cleans the sources itself, like ``newsclean explain``
does for one file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click

from ..document import Document
from ..readers import InputError, read_path
from ..review import render_report, review
from .files import atomic_write, walk
from .options import config_option, include_option, load_chain

__all__ = ["report"]


@click.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@config_option
@include_option
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=500,
    show_default=True,
    help="Documents shown on the page (the chart counts all of them).",
)
@click.option("--title", default="newsclean review", show_default=True, help="The page title.")
def report(
    sources: tuple[Path, ...],
    output: Path,
    config: str | None,
    include: tuple[str, ...],
    limit: int,
    title: str,
) -> None:
    """Write one self-contained HTML page showing what cleaning SOURCES changes.

    \b
    Per document: the original text, removed spans struck through and
    replacements highlighted, with a filter by step and rule; at the top, a
    chart of the edits per rule across all documents. It opens from disk.
    """

    chain = load_chain(config)
    failed = 0

    def documents() -> Iterator[tuple[str, Document]]:
        nonlocal failed
        for item in walk(list(sources), include=include, exclude=[output]):
            for entry in read_path(item.path, item.name, limits=chain.limits):
                if isinstance(entry, InputError):
                    click.echo(f"newsclean: error: {entry}", err=True)
                    failed += 1
                else:
                    yield entry

    page = render_report(review(chain, documents()), title=title, limit=limit, steps=chain.names)
    try:
        atomic_write(output, page)
    except OSError as exc:
        click.echo(f"newsclean: error: cannot write {output}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"newsclean: wrote {output}", err=True)
    if failed:
        raise SystemExit(1)
