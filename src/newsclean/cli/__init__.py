"""The ``newsclean`` command: ``clean``, ``explain``, ``steps``, ``report`` and ``bulk``.

Exit codes: 0 when every input was cleaned, 1 when some inputs failed (each
named on stderr with its reason; all others are still written), 2 for usage
errors. Nothing a user can cause prints a traceback.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import click

from .._version import __version__
from ..chain import Chain, default_chain
from ..limits import LimitExceeded, parse_size
from ..readers import InputError, read_bytes, read_path
from ..steps.base import STEPS
from .export import bulk
from .files import Input, atomic_open, atomic_write, plan_outputs, sweep_temporaries, walk
from .jobs import FileResult, Job, default_jobs, document_name, json_line, record, run_inputs
from .manifest import SUCCESS_NAME, Manifest, skip_done
from .options import config_option, include_option, load_chain
from .render import render_explain, render_steps
from .review import report
from .run_report import RunReport

__all__ = ["main"]


def _size(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check a size option (``20M``, ``512k``, ``0`` for no limit); Limits parses it."""
    if value is not None:
        try:
            parse_size(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    return value


def _limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options that override the config's [limits] (docs/limits.md)."""
    options = [
        ("--max-doc-size", "max_doc_size", "Longest text given to the chain, in characters."),
        ("--max-html-size", "max_html_size", "Largest HTML page extracted, in bytes."),
        ("--max-input-size", "max_input_size", "Largest file or JSON Lines line read, in bytes."),
    ]
    for flag, name, text in reversed(options):
        command = click.option(
            flag, name, metavar="SIZE", callback=_size, help=f"{text} 0: no limit."
        )(command)
    return click.option(
        "--time-limit",
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        help="Time the chain may spend on one document. 0: no limit.",
    )(command)


def _with_limits(chain: Chain, given: dict[str, Any]) -> Chain:
    overrides = {k: v for k, v in given.items() if v is not None}
    return chain.with_limits(dataclasses.replace(chain.limits, **overrides)) if overrides else chain


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
@config_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: all cores).",
)
@include_option
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: only on a terminal).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Skip inputs an earlier run into -o already finished with the same chain.",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Worker processes on this machine, or a Dask cluster (newsclean[dask]).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run on the Dask cluster at this address (tcp://HOST:8786); implies --engine dask.",
)
@_limit_options
def clean(
    sources: tuple[Path, ...],
    outdir: Path | None,
    jsonl: Path | None,
    config: str | None,
    jobs: int | None,
    include: tuple[str, ...],
    progress: bool | None,
    resume: bool,
    engine: str,
    scheduler: str | None,
    **limits: Any,
) -> None:
    """Clean SOURCES (files or folders; '-' reads stdin and writes stdout).

    \b
    Inputs: .html/.htm pages (main text extracted), .jsonl files (a 'text' field
    per record, cleaned record by record) and any other file as text; the
    charset of non-UTF-8 input is detected. Hidden files are skipped. A
    document over a limit fails alone (its reason is named); the run goes on.
    """
    chain = _with_limits(load_chain(config), limits)
    started = time.perf_counter()
    if Path("-") in sources:
        if len(sources) > 1 or outdir is not None:
            raise click.UsageError("'-' (stdin) cannot be combined with other sources or -o")
        _clean_stdin(chain, jsonl)
        return
    if outdir is None and jsonl is None:
        raise click.UsageError("say where the output goes: -o OUTDIR and/or --jsonl FILE")
    engine = "dask" if scheduler else engine
    if resume and (outdir is None or jsonl is not None):
        raise click.UsageError("--resume needs -o, and a --jsonl stream cannot be resumed")
    if engine == "dask" and (outdir is None or jsonl is not None):
        raise click.UsageError("a Dask run writes to -o only (workers write their own outputs)")
    missing = [str(s) for s in sources if not s.exists() and not s.is_symlink()]
    if missing:
        raise click.UsageError(f"no such file or folder: {', '.join(missing)}")
    if outdir is not None:
        outdir = outdir.absolute()
        for source in sources:
            if source.is_dir() and source.resolve() == outdir.resolve():
                raise click.UsageError(f"the output folder {outdir} is a source folder")
        sweep_temporaries(outdir)
        (outdir / SUCCESS_NAME).unlink(missing_ok=True)
    exclude = [outdir] if outdir is not None else []
    if jsonl is not None and str(jsonl) != "-":
        exclude.append(jsonl)
    inputs: Iterator[Input] = walk(list(sources), include=include, exclude=exclude)
    if outdir is not None:
        inputs = plan_outputs(inputs, outdir, list(sources))
    fingerprint = chain.fingerprint()
    report = RunReport(engine=engine, workers=1, fingerprint=fingerprint)
    manifest = None
    if outdir is not None:
        manifest = Manifest.create(outdir, fingerprint=fingerprint, resume=resume)
        if resume:
            inputs = skip_done(inputs, manifest, report.skip)
    job = Job(
        config=str(Path(config).resolve()) if config else None,
        write_files=outdir is not None,
        want_records=jsonl is not None,
        spec=json.dumps(chain.to_config(), sort_keys=True) if engine == "dask" else None,
        spool=_spool_folder(jsonl),
        limits=chain.limits,
    )
    show_progress = sys.stderr.isatty() if progress is None else progress
    try:
        with _jsonl_sink(jsonl) as records, _engine(engine, scheduler, jobs) as run:
            results = run(inputs, job, records, report)
            for result in _with_progress(results, show_progress):
                report.add(result)
                if manifest is not None and not result.errors:
                    manifest.done(result.key, result.size, result.mtime_ns)
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
    finally:
        if manifest is not None:
            manifest.close()
    seconds = time.perf_counter() - started
    if outdir is not None:
        if engine == "dask":  # a worker killed mid-write leaves a temporary; its task ran again
            sweep_temporaries(outdir)
        report.write(outdir, seconds)
        if not report.failed:
            atomic_write(outdir / SUCCESS_NAME, "")
    click.echo(report.summary(seconds), err=True)
    if report.failed:
        raise SystemExit(1)


def _clean_stdin(chain: Chain, jsonl: Path | None) -> None:
    data = sys.stdin.buffer.read()
    try:
        result = chain(read_bytes(data, "text", limits=chain.limits))
    except (ValueError, LimitExceeded) as exc:
        click.echo(f"newsclean: error: <stdin>: {exc}", err=True)
        raise SystemExit(1) from exc
    if result is None:
        return
    if jsonl is not None:
        with _jsonl_sink(jsonl) as fh:
            assert fh is not None
            fh.write(json_line(record("-", "-", result)) + "\n")
    else:
        click.echo(result.text)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the edits as JSON instead.")
@_limit_options
def explain(file: str, config: str | None, as_json: bool, **limits: Any) -> None:
    """Show, step by step, what cleaning FILE removes and changes."""
    chain = _with_limits(load_chain(config), limits)
    if file == "-":
        try:
            data = sys.stdin.buffer.read()
            entries: Iterator[Any] = iter([("-", read_bytes(data, limits=chain.limits))])
        except (ValueError, LimitExceeded) as exc:  # binary or undecodable input
            click.echo(f"newsclean: error: <stdin>: {exc}", err=True)
            raise SystemExit(1) from exc
    else:
        entries = read_path(Path(file), file, limits=chain.limits)
    failed = False
    for entry in entries:
        if isinstance(entry, InputError):
            click.echo(f"newsclean: error: {entry}", err=True)
            failed = True
            continue
        doc_id, doc = entry
        try:
            outcome = chain.run(doc)
        except LimitExceeded as exc:
            click.echo(f"newsclean: error: {document_name(file, doc_id)}: {exc}", err=True)
            failed = True
            continue
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
                json_line(
                    {
                        "id": doc_id,
                        "dropped_by": outcome.dropped_by,
                        "reason": outcome.reason,
                        "edits": [e.to_dict() for e in (final.edits if final else ())],
                        "meta": dict(final.meta) if final else {},
                    }
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


@contextmanager
def _jsonl_sink(target: Path | None) -> Iterator[TextIO | None]:
    """The --jsonl output: stdout as it comes, or a file that appears whole at the end."""
    if target is None:
        yield None
    elif str(target) == "-":
        yield sys.stdout
    else:
        with atomic_open(target) as fh:
            yield fh


def _spool_folder(jsonl: Path | None) -> str | None:
    """Where workers put a chunk's --jsonl records: beside the file, or in the temp folder."""
    if jsonl is None:
        return None
    if str(jsonl) == "-":
        return tempfile.gettempdir()
    return str(jsonl.absolute().parent)


_Run = Callable[[Iterator[Input], Job, "TextIO | None", RunReport], Iterator[FileResult]]


@contextmanager
def _engine(engine: str, scheduler: str | None, jobs: int | None) -> Iterator[_Run]:
    """A function that cleans inputs with worker processes here, or on a Dask cluster."""
    if engine == "local":

        def run_local(
            inputs: Iterator[Input], job: Job, records: TextIO | None, report: RunReport
        ) -> Iterator[FileResult]:
            workers, inputs = _workers_for(inputs, jobs or default_jobs())
            report.workers = workers
            return run_inputs(inputs, job, workers, records)

        yield run_local
        return
    try:
        from ..dask import VersionMismatch, check_versions, cluster_client, run_on_cluster
    except ImportError as exc:
        raise click.UsageError(
            f"--engine dask needs Dask: pip install 'newsclean[dask]' ({exc})"
        ) from exc
    try:
        with cluster_client(scheduler, jobs or default_jobs()) as client:
            check_versions(client)

            def run_dask(
                inputs: Iterator[Input], job: Job, records: TextIO | None, report: RunReport
            ) -> Iterator[FileResult]:
                report.workers = sum(client.nthreads().values())
                return run_on_cluster(inputs, job, client)

            yield run_dask
    except (VersionMismatch, OSError, TimeoutError) as exc:  # cannot connect, or wrong workers
        click.echo(f"newsclean: error: {exc}", err=True)
        raise SystemExit(1) from exc
    except Exception as exc:  # a task failed for good (KilledWorker, ...): no traceback
        click.echo(f"newsclean: error: the Dask run failed: {type(exc).__name__}: {exc}", err=True)
        raise SystemExit(1) from exc


def _workers_for(inputs: Iterator[Input], jobs: int) -> tuple[int, Iterator[Input]]:
    """At most one worker per 8 inputs (a small run stays in one process), without a full list."""
    head = list(itertools.islice(inputs, 8 * jobs))
    return min(jobs, max(1, len(head) // 8)), itertools.chain(head, inputs)


def _with_progress(results: Iterator[FileResult], show: bool) -> Iterator[FileResult]:
    """Count inputs on stderr as they are done (the walk is streamed: there is no total)."""
    if not show:
        yield from results
        return
    with click.progressbar(results, label="cleaning", file=sys.stderr, show_pos=True) as bar:
        yield from bar


main.add_command(report)
main.add_command(bulk)

if __name__ == "__main__":  # pragma: no cover
    main()
