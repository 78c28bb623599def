"""The same job on a Dask cluster (a real LocalCluster of 2 worker processes on loopback).

Marked ``dask`` (deselect with ``-m "not dask"``); skipped when Dask is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from newsclean.cli.manifest import RUN_FOLDER, SUCCESS_NAME
from test_cli import HTML_PAGE, _argv, _count_outputs, _env, _make_corpus, files_under, invoke

pytest.importorskip("distributed")

from distributed import Client, LocalCluster

from newsclean.dask import VersionMismatch, check_versions

pytestmark = pytest.mark.dask


def outputs(root: Path) -> dict[str, bytes]:
    """The output files and ``_SUCCESS`` (but not the run report, which has timings)."""
    found = files_under(root)
    if (root / SUCCESS_NAME).exists():
        found[SUCCESS_NAME] = (root / SUCCESS_NAME).read_bytes()
    return found


@pytest.fixture
def tree(tmp_path: Path, seeds_dir: Path) -> Path:
    src = tmp_path / "src"
    _make_corpus(src, sorted(seeds_dir.glob("*.txt")), 300)
    (src / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    lines = [json.dumps({"id": f"r{i}", "text": f"Isis fell on day {i} ."}) for i in range(50)]
    (src / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


@pytest.fixture
def cluster():
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield cluster, client


def test_a_local_and_a_dask_run_write_the_same_files(tree: Path, tmp_path: Path):
    local, remote = tmp_path / "local", tmp_path / "dask"
    done = invoke("clean", tree, "-o", local, "--jobs", "2")
    assert done.exit_code == 0, done.stderr
    done = invoke("clean", tree, "-o", remote, "--engine", "dask", "--jobs", "2")
    assert done.exit_code == 0, done.stderr
    assert done.stderr.splitlines()[-1].startswith("newsclean: 302 files, 351 documents")
    assert outputs(remote) == outputs(local)
    assert len(outputs(local)) == 303 and (remote / SUCCESS_NAME).exists()
    report = json.loads((remote / RUN_FOLDER / "run.json").read_text(encoding="utf-8"))
    assert (report["engine"], report["workers"], report["files"]) == ("dask", 2, 302)


def test_a_killed_worker_loses_nothing(tree: Path, tmp_path: Path, cluster):
    local, remote = tmp_path / "local", tmp_path / "dask"
    done = invoke("clean", tree, "-o", local, "--jobs", "1")
    assert done.exit_code == 0, done.stderr
    _cluster, client = cluster
    address = client.scheduler.address
    pids = sorted(client.run(os.getpid).values())
    proc = subprocess.Popen(
        _argv(("clean", tree, "-o", remote, "--scheduler", address)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while _count_outputs(remote) < 40 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the run ended before a worker was killed"
        os.kill(pids[0], signal.SIGKILL)  # its nanny starts a new worker; its tasks run again
        _out, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = err.decode("utf-8", "replace")
    assert proc.returncode == 0, stderr
    assert outputs(remote) == outputs(local)  # every output, once, whole; no temporaries
    assert (remote / SUCCESS_NAME).exists()


class _FakeClient:
    def __init__(self, found: dict[str, object]) -> None:
        self.found = found

    def wait_for_workers(self, n: int, timeout: float) -> None:
        pass

    def run(self, function: object, on_error: str) -> dict[str, object]:
        return self.found


@pytest.mark.parametrize(
    ("found", "message"),
    [
        pytest.param(
            {"tcp://10.0.0.2:4001": {"newsclean": "0.0.1", "python": "3.10"}},
            "tcp://10.0.0.2:4001: newsclean 0.0.1 on Python 3.10",
            id="old-version",
        ),
        pytest.param(
            {"tcp://10.0.0.3:4001": ModuleNotFoundError("No module named 'newsclean'")},
            "tcp://10.0.0.3:4001: newsclean cannot be imported (ModuleNotFoundError)",
            id="not-installed",
        ),
    ],
)
def test_worker_versions_are_checked(found: dict[str, object], message: str):
    with pytest.raises(VersionMismatch, match="the workers must run newsclean") as caught:
        check_versions(_FakeClient(found))  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_matching_workers_pass_the_check():
    from newsclean.dask import _versions

    check_versions(_FakeClient({"tcp://127.0.0.1:1": _versions()}))  # type: ignore[arg-type]
