"""Time and peak memory of hostile inputs: HTML bombs, huge pages, garbage.

    python benchmarks/hostile.py [FILE ...] [--mb 50] [--keep DIR]

Each case is written to a file and read and cleaned the way ``newsclean clean``
does it (``read_path`` and the default chain, default limits unless the case
says otherwise), in a fresh process, so that its peak memory (the process's
maximum resident set, minus what importing newsclean and building the chain
took) is its own. FILE arguments are measured as well, as they are. The table
gives the outcome (characters of text, or the error's reason), seconds and MB.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_WORDS = [
    "the",
    "minister",
    "said",
    "troops",
    "would",
    "arrive",
    "next",
    "week",
    "in",
    "the",
    "northern",
    "city",
    "after",
    "talks",
    "with",
    "officials",
    "about",
    "security",
    "aid",
    "residents",
    "Mosul",
    "coalition",
    "forces",
]

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from newsclean import LimitExceeded, Limits, default_chain
from newsclean.readers import InputError, read_path

limits = Limits(**json.loads(sys.argv[2]))
chain = default_chain().with_limits(limits)
chain("Warm up .")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
outcomes = []
for item in read_path(Path(sys.argv[1]), Path(sys.argv[1]).name, limits=limits):
    if isinstance(item, InputError):
        outcomes.append(str(item).split(": ", 1)[1][:40])
        continue
    try:
        doc = chain(item[1])
        outcomes.append(f"{len(doc.text):,} chars" if doc else "dropped")
    except LimitExceeded as exc:
        outcomes.append(exc.reason)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": "; ".join(outcomes), "seconds": seconds,
                  "peak_mb": (peak - base) / 1024}))
"""


def _paragraphs(mb: float, rng: random.Random) -> str:
    parts, size = [], 0
    while size < mb * 1e6:
        p = "<p>" + " ".join(rng.choice(_WORDS) for _ in range(60)) + ".</p>\n"
        parts.append(p)
        size += len(p)
    return "".join(parts)


def cases(mb: float) -> list[tuple[str, str, Callable[[], bytes], dict[str, object]]]:
    """(name, file suffix, the bytes, limits) of every generated case."""
    rng = random.Random(8)
    page = lambda body: f"<html><head><title>T</title></head><body>{body}</body></html>"  # noqa: E731
    no_html_limit = {"max_html_size": 0}
    return [
        (
            "100,000 nested <div>",
            ".html",
            lambda: page("<div>" * 100_000 + "<p>x</p>").encode(),
            {},
        ),
        (
            "2,000 nested <div> (parsed deep)",
            ".html",
            lambda: page("<div>" * 2000 + "<p>" + "Word " * 50 + "</p>" + "</div>" * 2000).encode(),
            {},
        ),
        ("100,000 unclosed <b>", ".html", lambda: page("<b>Word " * 100_000).encode(), {}),
        (
            f"{mb:g} MB article page (default limits)",
            ".html",
            lambda: page("<article>" + _paragraphs(mb, rng) + "</article>").encode(),
            {},
        ),
        (
            f"{mb / 5:g} MB article page, no HTML limit",
            ".html",
            lambda: page("<article>" + _paragraphs(mb / 5, rng) + "</article>").encode(),
            no_html_limit,
        ),
        (
            "10 MB of <script>/<style> only",
            ".html",
            lambda: page(
                "<script>var x = 'aaaaaaaaaaaaaaaa';</script><style>p{color:red}</style>" * 120_000
            ).encode(),
            {},
        ),
        (
            "10 MB of comments only",
            ".html",
            lambda: b"<!-- " + b"nothing but a comment " * 450_000 + b"-->",
            {},
        ),
        ("10 MB binary garbage as .html", ".html", lambda: rng.randbytes(10_000_000), {}),
        (
            "11 MB mixed UTF-8 / Latin-1 page",
            ".html",
            lambda: b"".join(
                (
                    "<p>caf\u00e9 d\u00e9j\u00e0 "
                    + " ".join(rng.choice(_WORDS) for _ in range(40))
                    + "</p>"
                ).encode("latin-1" if i % 2 else "utf-8")
                for i in range(40_000)
            ),
            no_html_limit,
        ),
        ("9 MB text, one line, no spaces", ".txt", lambda: b"x" * 9_000_000, {}),
        (
            "JSON Lines: one 300 MB line",
            ".jsonl",
            lambda: b'{"text": "' + b"y" * 300_000_000 + b'"}\n{"text": "ok ."}\n',
            {},
        ),
    ]


def measure(path: Path, limits: dict[str, object]) -> dict[str, object]:
    """Clean ``path`` in a fresh process; its outcome, seconds and peak MB."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), json.dumps(limits)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        return {
            "outcome": f"CRASH {done.stderr.strip().splitlines()[-1:]}",
            "seconds": 0,
            "peak_mb": 0,
        }
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="more files to measure as they are")
    parser.add_argument("--mb", type=float, default=50, help="size of the big page (default 50)")
    parser.add_argument("--keep", type=Path, help="write the generated files here (kept)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="newsclean-hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, (name, suffix, make, limits) in enumerate(cases(args.mb)):
        path = folder / f"case{i:02d}{suffix}"
        path.write_bytes(make())
        size = path.stat().st_size
        rows.append((name, size, measure(path, limits)))
        if args.keep is None:
            path.unlink()
    rows += [(str(f), f.stat().st_size, measure(f, {})) for f in args.files]
    print("| case | size MB | outcome | seconds | peak MB |\n| --- | ---: | --- | ---: | ---: |")
    for name, size, r in rows:
        print(
            f"| {name} | {size / 1e6:.1f} | {r['outcome']} | {r['seconds']:.2f} | {r['peak_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
