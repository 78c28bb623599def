"""Throughput of the repair steps (unicode, spacing, typos) beside ftfy.fix_text, in one run.

Usage::

    python benchmarks/repair.py PATH [PATH ...] [--repeat N]

Each PATH is a UTF-8 ``.txt`` file (one document), a folder of them (searched
recursively), or a ``ground-truth.json`` of the article-extraction benchmark (its
``articleBody`` fields). Every contender runs over every document, one at a time:
one untimed warm-up pass, then ``N`` interleaved timed passes; the best is kept.

Also printed: the cost of loading the typos lists (codespell's dictionary and the
lexicon) in a fresh process, and the cheap path of ``unicode`` (the share of lines it
sends to ftfy). symspellpy, when installed, is timed as the plain spellchecker peer
(``lookup_compound`` per paragraph); it is not a dependency.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import ftfy

from newsclean import Document
from newsclean.steps import SpacingStep, TyposStep, UnicodeStep
from newsclean.steps.unicode import _MAY_NEED_FIX, _NEEDS_FTFY

MB = 1_000_000


def read_corpus(paths: Iterable[str]) -> list[str]:
    """The documents named by ``paths`` (files, folders of ``.txt``, ground-truth JSON)."""
    texts: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.rglob("*.txt"))
            gt = path / "ground-truth.json"
            texts += [f.read_text(encoding="utf-8") for f in files]
            if gt.exists():
                texts += _ground_truth(gt)
        elif path.suffix == ".json":
            texts += _ground_truth(path)
        else:
            texts.append(path.read_text(encoding="utf-8"))
    return [t for t in texts if t.strip()]


def _ground_truth(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [v.get("articleBody", "") for v in data.values()]


def best_pass(func: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` passes (after one warm-up pass)."""
    for text in texts:
        func(text)
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            func(text)
        times.append(time.perf_counter() - start)
    return min(times)


def load_cost() -> float:
    """Seconds to load the typos lists in a fresh interpreter."""
    code = (
        "import time; from newsclean.steps.typos import _lists; "
        "t = time.perf_counter(); _lists(); print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def contenders() -> dict[str, Callable[[str], object]]:
    """What to time: each repair step alone, ftfy.fix_text, and symspellpy if installed."""
    steps = {
        "unicode": UnicodeStep(),
        "unicode (quotes=keep)": UnicodeStep(quotes="keep"),
        "spacing": SpacingStep(),
        "typos": TyposStep(),
    }
    found: dict[str, Callable[[str], object]] = {
        name: (lambda text, s=s: s(Document(text))) for name, s in steps.items()
    }
    found["ftfy.fix_text"] = ftfy.fix_text
    try:
        import importlib.resources

        from symspellpy import SymSpell
    except ImportError:
        print("(symspellpy not installed: skipped)")
    else:
        sym = SymSpell()
        dictionary = importlib.resources.files("symspellpy").joinpath(
            "frequency_dictionary_en_82_765.txt"
        )
        sym.load_dictionary(str(dictionary), term_index=0, count_index=1)

        def symspell(text: str) -> object:
            return [sym.lookup_compound(p, max_edit_distance=2) for p in text.split("\n") if p]

        found["symspellpy.lookup_compound"] = symspell
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", help="text files, folders or ground-truth.json")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes (best kept)")
    args = parser.parse_args(argv)
    texts = read_corpus(args.paths)
    if not texts:
        print("no documents found", file=sys.stderr)
        return 2
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    lines = [line for t in texts for line in t.split("\n")]
    print(f"{len(texts)} documents, {nbytes / MB:.2f} MB, python {sys.version.split()[0]}")
    print(f"typos lists loaded in {load_cost():.2f} s (fresh process)")
    maybe = [line for line in lines if _MAY_NEED_FIX.search(line)]
    sent = [line for line in maybe if _NEEDS_FTFY.search(line)]
    print(
        f"unicode: {len(maybe)} of {len(lines)} lines not plain ASCII;"
        f" {len(sent)} of them need ftfy"
    )
    print(f"{'contender':<28} {'MB/s':>8}")
    for name, func in contenders().items():
        seconds = best_pass(func, texts, args.repeat)
        print(f"{name:<28} {nbytes / MB / seconds:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
