"""The ``newsclean`` command: ``clean``, ``explain``, ``steps``, ``report`` and ``bulk``.

Exit codes: 0 when every input was cleaned, 1 when some inputs failed (each
named on stderr with its reason; all others are still written), 2 for usage
errors. Nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .._version import __version__
from ..chain import Chain, ChainStats, default_chain
from ..readers import InputError, read_bytes, read_path
from ..steps.base import STEPS, ConfigError
from .export import bulk
from .files import Input, atomic_open, plan_outputs, sweep_temporaries, walk
from .jobs import FileResult, Job, default_jobs, json_line, record, run_inputs
from .render import render_explain, render_steps
from .review import report

__all__ = ["main"]


class _Failed(Exception):
    """Raised to end a command with exit code 1 after the message was printed."""


def _load_chain(config: str | None) -> Chain:
    try:
        return Chain.from_config(config) if config else default_chain()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    except (KeyError, TypeError, ValueError) as exc:  # a config Chain.from_config does not vet
        reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        raise click.UsageError(f"{config}: bad config: {reason}") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsclean")
def main() -> None:
    """Clean scraped news articles into normalised text plus metadata.

    Every change is recorded in an audit trail: see `newsclean explain FILE`.
    """


@main.command()
@click.argument(
    "sources", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True)
)
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to mirror the sources into, one cleaned .txt per input.",
)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write one JSON object per document to this file ('-': stdout).",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    help="A TOML chain config (see docs/concepts.md).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Only clean files whose name matches (repeatable), e.g. '*.html'.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: only on a terminal).",
)
def clean(
    sources: tuple[Path, ...],
    outdir: Path | None,
    jsonl: Path | None,
    config: str | None,
    jobs: int | None,
    include: tuple[str, ...],
    progress: bool | None,
) -> None:
    """Clean SOURCES (files or folders; '-' reads stdin and writes stdout).

    \b
    Inputs: .html/.htm pages (main text extracted), .jsonl files (a 'text' field
    per record, cleaned record by record) and any other file as text; the
    charset of non-UTF-8 input is detected. Hidden files are skipped.
    """
    chain = _load_chain(config)
    started = time.perf_counter()
    if Path("-") in sources:
        if len(sources) > 1 or outdir is not None:
            raise click.UsageError("'-' (stdin) cannot be combined with other sources or -o")
        _clean_stdin(chain, jsonl)
        return
    if outdir is None and jsonl is None:
        raise click.UsageError("say where the output goes: -o OUTDIR and/or --jsonl FILE")
    missing = [str(s) for s in sources if not s.exists() and not s.is_symlink()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    if outdir is not None:
        outdir = outdir.absolute()
        for source in sources:
            if source.is_dir() and source.resolve() == outdir.resolve():
                raise click.UsageError(f"the output folder {outdir} is a source folder")
        sweep_temporaries(outdir)
    exclude = [outdir] if outdir is not None else []
    if jsonl is not None and str(jsonl) != "-":
        exclude.append(jsonl)
    inputs: list[Input] = list(walk(list(sources), include=include, exclude=exclude))
    if outdir is not None:
        inputs = list(plan_outputs(inputs, outdir, list(sources)))
    job = Job(
        config=str(Path(config).resolve()) if config else None,
        write_files=outdir is not None,
        want_records=jsonl is not None,
    )
    workers = min(jobs or default_jobs(), max(1, len(inputs) // 8))
    show_progress = sys.stderr.isatty() if progress is None else progress
    totals = _Totals()
    try:
        with _jsonl_sink(jsonl) as write_line:
            results = run_inputs(inputs, job, workers)
            for result in _with_progress(results, len(inputs), show_progress):
                totals.add(result)
                for line in result.records:
                    write_line(line)
                for error in result.errors:
                    click.echo(f"newsclean: error: {error}", err=True)
    except BrokenProcessPool as exc:
        click.echo(
            f"newsclean: error: a worker process died ({exc}); nothing was lost"
            " that a rerun will not redo",
            err=True,
        )
        raise SystemExit(1) from exc
    except OSError as exc:
        click.echo(f"newsclean: error: cannot write {jsonl}: {exc.strerror or exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(totals.summary(time.perf_counter() - started), err=True)
    if totals.failed:
        raise SystemExit(1)


def _clean_stdin(chain: Chain, jsonl: Path | None) -> None:
    data = sys.stdin.buffer.read()
    try:
        doc = read_bytes(data, "text")
    except ValueError as exc:
        click.echo(f"newsclean: error: <stdin>: {exc}", err=True)
        raise SystemExit(1) from exc
    result = chain(doc)
    if result is None:
        return
    if jsonl is not None:
        with _jsonl_sink(jsonl) as write_line:
            write_line(json_line(record("-", "-", result)))
    else:
        click.echo(result.text)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--config", type=click.Path(exists=True, dir_okay=False), help="A TOML chain config.")
@click.option("--json", "as_json", is_flag=True, help="Print the edits as JSON instead.")
def explain(file: str, config: str | None, as_json: bool) -> None:
    """Show, step by step, what cleaning FILE removes and changes."""
    chain = _load_chain(config)
    if file == "-":
        try:
            entries: Iterator[Any] = iter([("-", read_bytes(sys.stdin.buffer.read()))])
        except ValueError as exc:  # binary or undecodable input
            click.echo(f"newsclean: error: <stdin>: {exc}", err=True)
            raise SystemExit(1) from exc
    else:
        entries = read_path(Path(file), file)
    failed = False
    for entry in entries:
        if isinstance(entry, InputError):
            click.echo(f"newsclean: error: {entry}", err=True)
            failed = True
            continue
        doc_id, doc = entry
        try:
            outcome = chain.run(doc)
        except Exception as exc:  # a bug in a (custom) step: report it, no traceback
            click.echo(
                f"newsclean: error: {doc_id}: internal error in the chain: "
                f"{type(exc).__name__}: {exc}",
                err=True,
            )
            failed = True
            continue
        if as_json:
            final = outcome.document
            click.echo(
                json.dumps(
                    {
                        "id": doc_id,
                        "dropped_by": outcome.dropped_by,
                        "reason": outcome.reason,
                        "edits": [e.to_dict() for e in (final.edits if final else ())],
                        "meta": dict(final.meta) if final else {},
                    },
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(render_explain(doc_id, doc, outcome, chain))
    if failed:
        raise SystemExit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def steps(as_json: bool) -> None:
    """List the built-in steps with their options and rule ids."""
    chain = default_chain()
    builtin = [type(s) for s in chain] + [
        cls
        for name, cls in sorted(STEPS.items())
        if ":" not in name and cls.name not in chain.names
    ]
    click.echo(render_steps(builtin, as_json=as_json))


class _Totals:
    def __init__(self) -> None:
        self.files = 0
        self.failed = 0
        self.size = 0
        self.stats = ChainStats()

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.failed += bool(result.errors)
        self.size += result.size
        self.stats.merge(result.stats)

    def summary(self, seconds: float) -> str:
        mb = self.size / 1e6
        dropped = self.stats.documents_in - self.stats.documents_out
        return (
            f"newsclean: {self.files} files, {self.stats.documents_in} documents"
            f" ({dropped} dropped), {mb:.2f} MB in {seconds:.2f} s"
            f" ({mb / seconds if seconds else 0:.2f} MB/s), {self.failed} failed"
        )


@contextmanager
def _jsonl_sink(target: Path | None) -> Iterator[Callable[[str], None]]:
    """The --jsonl output: stdout as it comes, or a file that appears whole at the end."""
    if target is None:
        yield lambda line: None
    elif str(target) == "-":
        stdout = sys.stdout
        yield lambda line: stdout.write(line + "\n")
    else:
        with atomic_open(target) as fh:
            yield lambda line: fh.write(line + "\n")


def _with_progress(results: Iterator[FileResult], total: int, show: bool) -> Iterator[FileResult]:
    if not show or total == 0:
        yield from results
        return
    with click.progressbar(length=total, label="cleaning", file=sys.stderr) as bar:
        for result in results:
            bar.update(1)
            yield result


main.add_command(report)
main.add_command(bulk)

if __name__ == "__main__":  # pragma: no cover
    main()
