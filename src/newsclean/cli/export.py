"""``newsclean bulk``: JSON Lines records to the Elasticsearch/OpenSearch bulk format."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from ..export import bulk_lines, index_mapping
from .files import atomic_open

__all__ = ["bulk"]


@click.command()
@click.argument("jsonl", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--index", "index", required=True, help="The index name (the action's _index).")
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
    help="Print the index mapping (the body of PUT /INDEX) instead, and exit.",
)
def bulk(jsonl: str, index: str, output: Path, create: bool, mapping: bool) -> None:
    """Convert the JSON Lines records of `newsclean clean --jsonl` into bulk API NDJSON.

    \b
    For each record: an action line ({"index": {"_index", "_id"}}) and the
    document, with meta.title and meta.date as top-level title and date.
    Load it with: curl -H 'Content-Type: application/x-ndjson'
      -XPOST localhost:9200/_bulk --data-binary @FILE
    """
    if mapping:
        click.echo(json.dumps(index_mapping(), indent=2))
        return
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
        lines = bulk_lines(records(fh), index, action=action)
        if str(output) == "-":
            for line in lines:
                sys.stdout.write(line + "\n")
        else:
            with atomic_open(output) as out:
                for line in lines:
                    out.write(line + "\n")
    for error in errors:
        click.echo(f"newsclean: error: {error}", err=True)
    if errors:
        raise SystemExit(1)
