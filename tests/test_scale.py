"""Scale on one machine: resuming from the manifest, the run report, streamed JSON Lines.

A killed run is resumed with ``--resume`` to the bytes of an uninterrupted one;
what is done is skipped, what changed (a file, the chain) is cleaned again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

import newsclean
from newsclean import default_chain
from newsclean.cli.files import TEMP_SUFFIX, Input
from newsclean.cli.jobs import Job, clean_input, clean_inputs
from newsclean.cli.manifest import MANIFEST_NAME, RUN_FOLDER, SUCCESS_NAME
from newsclean.cli.run_report import REPORT_NAME
from test_cli import (
    PNG,
    _argv,
    _env,
    _make_corpus,
    files_under,
    invoke,
    run_cli,
)


@pytest.fixture
def seeds(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


def run_report(out: Path) -> dict[str, object]:
    return json.loads((out / RUN_FOLDER / REPORT_NAME).read_text(encoding="utf-8"))


@pytest.fixture
def corpus(tmp_path: Path, seeds: list[Path]) -> Path:
    src = tmp_path / "src"
    _make_corpus(src, seeds, 40)
    return src


# -- resume -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "redone"),
    [
        pytest.param(None, 0, id="nothing-changed"),
        pytest.param("edit-one", 1, id="one-file-edited"),
        pytest.param("add-one", 1, id="one-file-added"),
        pytest.param("config", 40, id="chain-config-changed"),
        pytest.param("no-resume", 40, id="without-resume-everything"),
    ],
)
def test_resume_skips_what_is_done(change: str | None, redone: int, corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = invoke("clean", corpus, "-o", out, "--jobs", "1")
    assert first.exit_code == 0, first.stderr
    reference = files_under(out)
    flags = ["--resume"]
    if change == "edit-one":
        target = next(corpus.rglob("article0007.txt"))
        target.write_text(target.read_text(encoding="utf-8") + "\nOne more line .\n")
    elif change == "add-one":
        (corpus / "late.txt").write_text("A late article .\n")
    elif change == "config":
        config = tmp_path / "chain.toml"
        config.write_text('extends = "default"\nwithout = ["dates"]\n')
        flags += ["--config", str(config)]
    elif change == "no-resume":
        flags = []
    again = invoke("clean", corpus, "-o", out, "--jobs", "1", *flags)
    assert again.exit_code == 0, again.stderr
    report = run_report(out)
    total = 41 if change == "add-one" else 40
    assert (report["files"], report["files_skipped"]) == (redone, total - redone)
    summary = again.stderr.splitlines()[-1]
    assert summary.startswith(f"newsclean: {redone} files"), summary
    assert (f"{total - redone} skipped" in summary) is (total > redone), summary
    if change in (None, "no-resume"):
        assert files_under(out) == reference
    assert (out / SUCCESS_NAME).exists()


def test_resume_ignores_a_torn_manifest_line(corpus: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert invoke("clean", corpus, "-o", out, "--jobs", "1").exit_code == 0
    manifest = out / RUN_FOLDER / MANIFEST_NAME
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) == 40
    manifest.write_text("".join(lines[:-1]) + lines[-1][:25], encoding="utf-8")  # a kill mid-line
    again = invoke("clean", corpus, "-o", out, "--jobs", "1", "--resume")
    assert again.exit_code == 0, again.stderr
    assert (run_report(out)["files"], run_report(out)["files_skipped"]) == (1, 39)
    entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()[40:]]
    assert len(entries) == 1 and set(entries[0]) == {
        "path",
        "size",
        "mtime_ns",
        "fingerprint",
        "version",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--resume"], "--resume needs -o", id="resume-without-output"),
        pytest.param(["--resume", "-o", "OUT", "--jsonl", "ALL"], "cannot be resumed", id="jsonl"),
        pytest.param(["--engine", "dask", "--jsonl", "ALL"], "-o only", id="dask-jsonl"),
    ],
)
def test_resume_and_engine_usage_errors(
    args: list[str], message: str, corpus: Path, tmp_path: Path
):
    args = [str(tmp_path / a) if a in ("OUT", "ALL") else a for a in args]
    result = invoke("clean", corpus, "--jsonl", tmp_path / "x.jsonl", *args)
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr


def _recorded(out: Path) -> int:
    """How many inputs the manifest of a run into ``out`` records as done."""
    try:
        return (out / RUN_FOLDER / MANIFEST_NAME).read_text(encoding="utf-8").count("\n")
    except FileNotFoundError:
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and process groups")
def test_killed_run_resumes_to_the_same_bytes(tmp_path: Path, seeds: list[Path]):
    src, a, b = tmp_path / "src", tmp_path / "A", tmp_path / "B"
    _make_corpus(src, seeds, 1200)
    done = run_cli("clean", src, "-o", a, "--jobs", "2", timeout=120)
    assert done.returncode == 0, done.stderr
    reference = files_under(a)
    assert len(reference) == 1200 and (a / SUCCESS_NAME).exists()

    proc = subprocess.Popen(
        _argv(("clean", src, "-o", b, "--jobs", "2")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        # killed once the run has recorded some inputs as done (workers send back a chunk
        # of inputs at a time, so outputs on disk run ahead of the manifest)
        while _recorded(b) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        proc.kill()
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL, "the run ended before it was killed"
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert not (b / SUCCESS_NAME).exists()
    recorded = _recorded(b)
    assert 0 < recorded < 1200

    done = run_cli("clean", src, "-o", b, "--jobs", "2", "--resume", timeout=120)
    assert done.returncode == 0, done.stderr
    assert files_under(b) == reference  # same names, same bytes, no temporary files
    assert not [n for n in os.listdir(b) if n.endswith(TEMP_SUFFIX)]
    report = run_report(b)
    assert (
        report["files_skipped"] >= recorded - 1
        and report["files"] + report["files_skipped"] == 1200
    )
    assert (b / SUCCESS_NAME).exists()


# -- the run report -------------------------------------------------------------------------


def test_run_report_counts_failures_and_edits(corpus: Path, tmp_path: Path):
    (corpus / "photo.txt").write_bytes(PNG)
    (corpus / "feed.jsonl").write_text('{"text": "Isis fell ."}\nnot json\n', encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("clean", corpus, "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    report = run_report(out)
    assert (report["files"], report["files_failed"], report["files_skipped"]) == (42, 2, 0)
    assert report["documents_in"] == 41 and report["chain_fingerprint"]
    assert report["chain_fingerprint"] == default_chain().fingerprint()
    reasons = sorted(f["reason"] for f in report["failures"])  # type: ignore[union-attr]
    assert any("not valid JSON" in r and "feed.jsonl:2" in r for r in reasons), reasons
    assert any("binary data" in r for r in reasons), reasons
    edits = report["edits"]
    assert edits["entities"]["entities.canonical"] >= 1  # type: ignore[index]
    assert edits["spacing"]["spacing.before_punct"] >= 1  # type: ignore[index]
    assert report["bytes"] > 0 and report["engine"] == "local"
    assert not (out / SUCCESS_NAME).exists()  # not every input was cleaned


# -- streaming ------------------------------------------------------------------------------


def test_a_large_jsonl_input_streams_batch_by_batch(tmp_path: Path):
    line = json.dumps({"text": "They will be join the US-led mission . " * 6, "lang": "en"})
    chain = default_chain().only("spacing")
    chain("warm up .")

    def peak_memory(records: int) -> tuple[int, int]:
        """The traced peak of cleaning a file of ``records`` lines, and the file's size."""
        src = tmp_path / f"big{records}.jsonl"
        src.write_text((line + "\n") * records, encoding="utf-8")
        target = tmp_path / "out" / src.name
        item = Input(src, src.name, Path(src.name), target)
        tracemalloc.start()
        try:
            result = clean_input(item, Job(), chain)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert result.errors == [] and result.documents == records
        assert target.read_text(encoding="utf-8").count("\n") == records
        return peak, src.stat().st_size

    small, _ = peak_memory(3000)  # about 12 batches of 256 records
    peak, size = peak_memory(12000)  # four times the records: about the same memory
    assert peak < 1.5 * small, f"peak {peak} bytes for 12,000 records, {small} for 3,000"
    assert peak < size / 4, f"peak {peak} bytes for a {size}-byte input"


# -- batches across inputs ------------------------------------------------------------------


@newsclean.step
def fail_on_bug(doc, *, word: str = "BUG"):
    """A step with a bug that shows on documents containing ``word``."""
    if word in doc.text:
        raise ZeroDivisionError("a bug")
    return doc


def _mixed_inputs(src: Path, out: Path, seeds: list[Path]) -> list[Input]:
    """Over a batch of inputs of every kind: small texts, JSON Lines with bad records,
    an empty JSON Lines file, binary data, and an input known to be bad."""
    src.mkdir(exist_ok=True)
    texts = [seed.read_text(encoding="utf-8") for seed in seeds]
    (src / "feed.jsonl").write_text(
        "\n".join(
            [json.dumps({"id": f"r{i}", "text": f"Isis fell . Record {i} ."}) for i in range(90)]
            + ["{not json", json.dumps({"id": "bug", "text": "A BUG here ."})]
            + [json.dumps({"id": "long", "text": "x " * 5000})]
        ),
        encoding="utf-8",
    )
    (src / "empty.jsonl").write_text("", encoding="utf-8")
    (src / "image.txt").write_bytes(PNG)
    for i in range(70):
        (src / f"t{i:02d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
    items = [
        Input(path, path.name, Path(path.name), out / path.name) for path in sorted(src.iterdir())
    ]
    items.insert(3, Input(src / "gone.txt", "gone.txt", Path("gone.txt"), error="cannot read"))
    return items


def test_inputs_cleaned_in_batches_get_what_one_at_a_time_gives(tmp_path, seeds):
    chain = (default_chain() | fail_on_bug()).with_limits(newsclean.Limits(max_doc_size=5000))
    items = _mixed_inputs(tmp_path / "src", tmp_path / "one", seeds)
    one = [clean_input(i, Job(), chain) for i in items]
    many = [dataclasses.replace(i, output=tmp_path / "many" / i.name) for i in items]
    batched = list(clean_inputs(many, Job(), chain))
    assert batched == one
    errors = [e for r in batched for e in r.errors]
    assert [r.documents for r in batched if r.name == "feed.jsonl"] == [90]  # + 2 failed
    assert any("record long: limit.doc_size" in e for e in errors), errors
    assert any("record bug: internal error in the chain: ZeroDivisionError" in e for e in errors)
    assert any("gone.txt: cannot read" in e for e in errors), errors
    assert files_under(tmp_path / "many") == files_under(tmp_path / "one")
    for path in (tmp_path / "one").iterdir():
        assert (tmp_path / "many" / path.name).read_bytes() == path.read_bytes()


def test_an_output_that_cannot_be_written_fails_its_input_only(tmp_path, seeds):
    items = _mixed_inputs(tmp_path / "src", tmp_path / "out", seeds)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "t05.txt").mkdir()  # the output's name is taken by a folder
    results = {r.name: r for r in clean_inputs(items, Job(), default_chain())}
    assert results["t05.txt"].errors == [
        f"t05.txt: cannot write {tmp_path / 'out' / 't05.txt'}: Is a directory"
    ]
    assert all(
        not r.errors for name, r in results.items() if name.startswith("t") and name != "t05.txt"
    )
    assert (tmp_path / "out" / "t06.txt").is_file()
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_inputs_given_up_leave_no_half_written_output(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Isis fell .", encoding="utf-8")
    lines = [json.dumps({"id": f"r{i}", "text": f"Record {i} ."}) for i in range(200)]
    (src / "b.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = [Input(src / n, n, Path(n), out / n) for n in ("a.txt", "b.jsonl")]
    results = clean_inputs(items, Job(), default_chain())
    assert next(results).name == "a.txt"  # b.jsonl is being written now
    assert [p.name for p in out.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    results.close()
    assert [p.name for p in out.iterdir()] == ["a.txt"]
