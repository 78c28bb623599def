"""How long the review page and the bulk conversion take, beside the cleaning itself.

    python benchmarks/report.py [PATH ...] [--repeat N]

PATHs are files or folders of inputs (default: seeds/), read as ``newsclean
clean`` reads them. The chain runs once per document (not timed here: see
benchmarks/run.py); then the best of N passes of: placing every edit on the
original texts (``mark_edits``), rendering the page (``render_report``), and
turning the records into bulk NDJSON (``bulk_lines``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from newsclean import default_chain
from newsclean.cli.files import walk
from newsclean.export import bulk_lines
from newsclean.readers import InputError, read_path
from newsclean.review import Reviewed, mark_edits, render_report


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path("seeds")])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    chain = default_chain()
    items: list[Reviewed] = []
    records = []
    for item in walk(args.paths):
        for entry in read_path(item.path, item.name):
            if isinstance(entry, InputError):
                continue
            doc_id, doc = entry
            out = chain(doc)
            if out is not None:
                items.append(Reviewed(doc_id, doc.text, out.edits))
                records.append({"id": doc_id, "source": item.name, **out.to_record()})
    size = sum(len(i.original.encode("utf-8")) for i in items) / 1e6
    edits = sum(len(i.edits) for i in items)
    print(f"{len(items)} documents, {size:.2f} MB, {edits} edits; best of {args.repeat}")
    rows = [
        ("mark_edits", lambda: [mark_edits(i.original, i.edits) for i in items]),
        ("render_report", lambda: render_report(items)),
        ("bulk_lines", lambda: list(bulk_lines(records, "news"))),
    ]
    for name, fn in rows:
        seconds = best(fn, args.repeat)
        print(f"{name:14} {seconds * 1000:9.1f} ms  {size / seconds if seconds else 0:8.1f} MB/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
