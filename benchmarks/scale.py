"""``newsclean clean`` over many small files: throughput by worker count, and peak memory.

Usage::

    python benchmarks/scale.py [TEXT_FILE ...] [--files N] [--jobs 1 2 ...]
                               [--memory 10000 100000] [--json OUT]

The corpus is generated into a temporary folder: ``--files`` small articles
(default 10,000) made of two paragraphs of the given text files (default: the
repository's ``seeds/*.txt``) with a little noise. Each ``--jobs`` count cleans
it with the default chain (``python -m newsclean clean SRC -o OUT -j N``); the
table gives files/s and the speed-up over the first count.

Peak memory: for each ``--memory`` size (default 10,000 and 100,000 tiny files)
a run with a light chain (unicode and spacing only: the scheduling, the walk and
the manifest are what grow with the tree, not the chain) is sampled every 50 ms
for the resident memory (RSS) of the parent and all its worker processes
together; the peak is reported. Linux only (it reads ``/proc``). ``--memory``
with no sizes skips it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import newsclean

REPO = Path(__file__).resolve().parent.parent
LIGHT_CHAIN = '[[steps]]\nstep = "unicode"\n\n[[steps]]\nstep = "spacing"\n'
NOISES = (" .", " the the ", "will be ", " On 29 November 2017 Isis fell back .", "")


def make_corpus(root: Path, texts: list[Path], count: int, *, tiny: bool = False) -> int:
    """Write ``count`` articles under ``root`` (100 per folder); returns the bytes written."""
    paragraphs = [
        p.strip()
        for path in texts
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 60
    ]
    rng = random.Random(7)
    total = 0
    for i in range(count):
        folder = root / f"s{i // 10_000:03d}" / f"d{i // 100 % 100:02d}"
        if i % 100 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        if tiny:
            text = f"Article {i} .They will be join the mission .\n"
        else:
            chosen = rng.sample(paragraphs, 2)
            text = "\n\n".join(p[:400] + rng.choice(NOISES) for p in chosen) + "\n"
        data = text.encode("utf-8")
        (folder / f"a{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def tree_rss(root_pid: int) -> int:
    """Resident memory (bytes) of ``root_pid`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        p = pid
        while p > 1 and p != root_pid:
            p = parents.get(p, 0)
        if p == root_pid:
            total += rss[pid]
    return total


def run_clean(src: Path, out: Path, jobs: int, *extra: str, sample: bool = False) -> dict:
    """One ``newsclean clean`` run: seconds, and the peak RSS when ``sample``."""
    argv = [sys.executable, "-m", "newsclean", "clean", str(src), "-o", str(out)]
    argv += ["--jobs", str(jobs), "--no-progress", *extra]
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    _out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sample:
        watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"newsclean failed ({proc.returncode}): {err.decode()[-2000:]}")
    return {"seconds": seconds, "peak_rss_mb": round(peak / 2**20, 1) if sample else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", nargs="*", type=Path, help="text files to build articles from")
    parser.add_argument("--files", type=int, default=10_000, help="articles for throughput")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker counts")
    parser.add_argument(
        "--memory", type=int, nargs="*", default=[10_000, 100_000], help="tree sizes for memory"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    texts = args.texts or sorted((REPO / "seeds").glob("*.txt"))
    missing = [str(t) for t in texts if not t.is_file()]
    if missing or not texts:
        raise SystemExit(f"no such text file: {', '.join(missing) or '(none given)'}")
    figures: dict = {
        "newsclean": newsclean.__version__,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "throughput": [],
        "memory": [],
    }
    print(f"# newsclean {newsclean.__version__}, {figures['machine']}")
    with tempfile.TemporaryDirectory(prefix="newsclean-scale-") as tmp:
        work = Path(tmp)
        size = make_corpus(work / "src", texts, args.files)
        print(f"\n{args.files} files, {size / 1e6:.1f} MB, default chain")
        print(f"{'jobs':>5} {'seconds':>9} {'files/s':>9} {'MB/s':>7} {'speed-up':>9}")
        base = None
        for jobs in args.jobs:
            result = run_clean(work / "src", work / f"out{jobs}", jobs)
            rate = args.files / result["seconds"]
            base = base or rate
            row = {"jobs": jobs, "seconds": round(result["seconds"], 2), "files_per_s": rate}
            row["speedup"] = round(rate / base, 2)
            figures["throughput"].append(row)
            print(
                f"{jobs:>5} {result['seconds']:>9.2f} {rate:>9.0f}"
                f" {size / 1e6 / result['seconds']:>7.2f} {rate / base:>8.2f}x"
            )
        if args.memory and sys.platform.startswith("linux"):
            config = work / "light.toml"
            config.write_text(LIGHT_CHAIN)
            jobs = max(args.jobs)
            print(f"\npeak RSS, parent + workers, -j {jobs}, light chain (unicode, spacing)")
            print(f"{'files':>8} {'seconds':>9} {'peak MB':>9}")
            for count in args.memory:
                src = work / f"tiny{count}"
                make_corpus(src, texts, count, tiny=True)
                result = run_clean(
                    src, work / f"tout{count}", jobs, "--config", str(config), sample=True
                )
                figures["memory"].append({"files": count, **result})
                print(f"{count:>8} {result['seconds']:>9.2f} {result['peak_rss_mb']:>9.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
