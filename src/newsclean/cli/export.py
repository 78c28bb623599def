"""``newsclean bulk``: JSON Lines records to the Elasticsearch/OpenSearch bulk format."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from ..export import bulk_lines, index_mapping
from .files import atomic_open

__all__ = ["bulk"]


@click.command()
@click.argument(
    "jsonl", required=False, type=click.Path(exists=True, dir_okay=False, allow_dash=True)
)
@click.option("--index", "index", help="The index name (the action's _index).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default="-",
    help="The bulk file to write ('-', the default: stdout).",
)
@click.option(
    "--create",
    is_flag=True,
    help="Use 'create' actions (fail on existing ids) instead of 'index' (replace).",
)
@click.option(
    "--mapping",
    is_flag=True,
    help="Write the index mapping (the body of PUT /INDEX) instead.",
)
def bulk(jsonl: str | None, index: str | None, output: Path, create: bool, mapping: bool) -> None:
    """Convert JSONL records (from `newsclean clean --jsonl`) to bulk API NDJSON.

    \b
    For each record: an action line ({"index": {"_index", "_id"}}) and the
    document, with meta.title and meta.date as top-level title and date.
    Load it with: curl -H 'Content-Type: application/x-ndjson'
      -XPOST localhost:9200/_bulk --data-binary @FILE
    `newsclean bulk --mapping -o mapping.json` writes the index mapping.
    """
    if mapping:
        _write(output, [json.dumps(index_mapping(), indent=2)])
        return
    if jsonl is None or not index:
        raise click.UsageError("give the JSONL file and --index NAME (or --mapping)")
    errors: list[str] = []
    name = "<stdin>" if jsonl == "-" else jsonl

    def records(fh: TextIO) -> Iterator[dict[str, Any]]:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                errors.append(f"{name}:{number}: not valid JSON ({exc})")
                continue
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                errors.append(f"{name}:{number}: not a record with a string 'id'")
                continue
            yield item

    action = "create" if create else "index"
    with click.open_file(jsonl, encoding="utf-8", errors="surrogateescape") as fh:
        _write(output, bulk_lines(records(fh), index, action=action))
    for error in errors:
        click.echo(f"newsclean: error: {error}", err=True)
    if errors:
        raise SystemExit(1)


def _write(output: Path, lines: Iterable[str]) -> None:
    """Each line and a newline, to stdout (``-``) or atomically to a file."""
    if str(output) == "-":
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    with atomic_open(output) as out:
        for line in lines:
            out.write(line + "\n")
