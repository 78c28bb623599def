"""Throughput and peak memory of newsclean, its steps and its peers, on one corpus.

Usage::

    python benchmarks/run.py [CORPUS_DIR] [--repeat N] [--json OUT]

CORPUS_DIR defaults to ``../shared/corpus/article-extraction-benchmark`` next to the
repository: its ``ground-truth.json`` article bodies are the plain-text corpus and its
``html/*.html.gz`` pages the HTML corpus. A folder of ``*.txt`` files works too (plain
text only; the HTML part is skipped). See benchmarks/README.md for what each row means.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib.metadata
import inspect
import json
import os
import platform
import re
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import ftfy
import trafilatura
from steps_in_chain import step_times

import newsclean

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "article-extraction-benchmark"
MB = 1_000_000  # throughput is in MB/s of 10^6 bytes
MIB = 1024 * 1024  # memory is in MiB

TEXT, HTML = "text", "html"


@dataclass
class Contender:
    """One thing to time: a callable applied to every item of one corpus."""

    name: str
    group: str  # TEXT or HTML
    func: Callable[[Any], object]
    items: Sequence[Any]
    nbytes: int
    times: list[float] = field(default_factory=list)
    peak: int | None = None
    empty_outputs: int = 0
    #: ``func`` takes the whole corpus (a list) and returns its outputs, instead of one item
    whole: bool = False

    @property
    def best(self) -> float:
        return max(min(self.times), 1e-9)

    def run_once(self) -> float:
        """One pass over the corpus; the seconds it took."""
        func, items = self.func, self.items
        gc.collect()
        start = time.perf_counter()
        if self.whole:
            func(items)
        else:
            for item in items:
                func(item)
        return time.perf_counter() - start

    def outputs(self) -> list[object]:
        """One untimed pass: the outputs (one per item, or what a whole-corpus call gives)."""
        if self.whole:
            return list(self.func(self.items))  # type: ignore[call-overload]
        return [self.func(item) for item in self.items]


@dataclass
class Corpus:
    texts: list[str]
    pages: list[bytes]
    source: str
    notes: list[str] = field(default_factory=list)


# -- corpus ----------------------------------------------------------------------------
def load_corpus(path: Path) -> Corpus:
    truth = path / "ground-truth.json"
    if truth.is_file():
        data = json.loads(truth.read_text(encoding="utf-8"))
        texts = [data[key]["articleBody"] for key in sorted(data)]
        pages = [gzip.decompress(p.read_bytes()) for p in sorted(path.glob("html/*.html.gz"))]
        corpus = Corpus(texts, pages, f"{path} (ground-truth.json articleBody + html/*.html.gz)")
        if not pages:
            corpus.notes.append(f"no html/*.html.gz pages under {path}: HTML part skipped")
        return corpus
    files = sorted(path.glob("*.txt"))
    if not files:
        fail(f"{path} holds neither ground-truth.json nor *.txt files")
    texts = []
    for f in files:
        try:
            texts.append(f.read_bytes().decode("utf-8"))
        except UnicodeDecodeError as exc:
            fail(f"{f}: not UTF-8 ({exc})")
    corpus = Corpus(texts, [], f"{path} ({len(files)} *.txt files)")
    corpus.notes.append("plain-text folder given: HTML part skipped")
    return corpus


def fail(message: str) -> NoReturn:
    print(f"benchmarks/run.py: {message}", file=sys.stderr)
    raise SystemExit(2)


# -- contenders ------------------------------------------------------------------------
def text_contenders(texts: list[str], notes: list[str]) -> list[Contender]:
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    Document = newsclean.Document
    chain = newsclean.default_chain()
    out = [
        Contender(
            "newsclean default chain (chain.map)",
            TEXT,
            lambda ts: list(chain.map(ts)),
            texts,
            nbytes,
            whole=True,
        ),
        Contender(
            "  one document at a time (chain(doc))",
            TEXT,
            lambda t: chain(Document(t)),
            texts,
            nbytes,
        ),
    ]
    for name in chain.names:
        alone = chain.only(name)
        out.append(
            Contender(
                f"  step {name} alone", TEXT, lambda t, c=alone: c(Document(t)), texts, nbytes
            )
        )
    out.append(Contender("ftfy.fix_text", TEXT, ftfy.fix_text, texts, nbytes))
    for peer in (clean_text_peer, textacy_peer):
        found = peer(notes)
        if found is not None:
            label, func = found
            out.append(Contender(label, TEXT, func, texts, nbytes))
    return out


def clean_text_peer(notes: list[str]) -> tuple[str, Callable[[str], object]] | None:
    """clean-text's ``cleantext.clean``, keeping case and non-ASCII like newsclean does."""
    try:
        import cleantext  # type: ignore[import-not-found]
    except ImportError:
        notes.append("clean-text not installed: skipped (pip install clean-text to compare)")
        return None
    clean = getattr(cleantext, "clean", None)
    if clean is None or "fix_unicode" not in inspect.signature(clean).parameters:
        notes.append("module 'cleantext' is not the clean-text package: skipped")
        return None
    return "clean-text clean()", lambda t: clean(t, lower=False, to_ascii=False)


def textacy_peer(notes: list[str]) -> tuple[str, Callable[[str], object]] | None:
    """A textacy preprocessing pipeline of its text normalisers."""
    try:
        from textacy import preprocessing  # type: ignore[import-not-found]
    except ImportError:
        notes.append("textacy not installed: skipped (pip install textacy to compare)")
        return None
    try:
        norm = preprocessing.normalize
        pipeline = preprocessing.make_pipeline(
            norm.unicode, norm.quotation_marks, norm.bullet_points, norm.whitespace
        )
    except AttributeError as exc:
        notes.append(f"textacy preprocessing API not as expected ({exc}): skipped")
        return None
    return "textacy preprocessing pipeline", pipeline


def html_contenders(pages: list[bytes]) -> list[Contender]:
    nbytes = sum(map(len, pages))
    Document = newsclean.Document
    chain = newsclean.default_chain()
    return [
        Contender(
            "Document.from_html + default chain",
            HTML,
            lambda hs: list(chain.map(Document.from_html(h) for h in hs)),
            pages,
            nbytes,
            whole=True,
        ),
        Contender("  Document.from_html alone", HTML, Document.from_html, pages, nbytes),
        Contender("trafilatura.extract", HTML, trafilatura.extract, pages, nbytes),
    ]


# -- measuring -------------------------------------------------------------------------
def warm_up(contenders: list[Contender]) -> None:
    """One untimed pass each (loads data files, fills caches); counts empty outputs."""
    for c in contenders:
        results = c.outputs()
        empty = sum(
            result is None or (isinstance(result, newsclean.Document) and not result.text)
            for result in results
        )
        c.empty_outputs = empty + len(c.items) - len(results)  # chain.map leaves drops out


def time_all(contenders: list[Contender], repeat: int) -> None:
    """``repeat`` rounds; each round times one pass of every contender, interleaved."""
    for r in range(repeat):
        progress(f"timing round {r + 1}/{repeat}")
        for c in contenders:
            c.times.append(c.run_once())


def measure_memory(contenders: list[Contender]) -> None:
    """tracemalloc peak above the starting level, over one pass, in a separate pass."""
    progress("memory pass (tracemalloc)")
    tracemalloc.start()
    try:
        for c in contenders:
            gc.collect()
            tracemalloc.reset_peak()
            base = tracemalloc.get_traced_memory()[0]
            c.run_once()
            c.peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def chain_breakdown(texts: list[str], repeat: int) -> list[tuple[str, float]]:
    """Where the chain's time goes: each step's CPU time as ``Chain.map`` runs it (in
    its batches, prepared, after the steps before it), best of ``repeat``."""
    progress("steps in the chain")
    return list(step_times(texts, repeat).items())


def print_breakdown(rows: list[tuple[str, float]], nbytes: int, chain_best: float) -> None:
    total = sum(t for _, t in rows)
    print("\nWhere the chain's time goes (each step's CPU time as chain.map runs it)")
    head = f"{'step':<14} {'ms':>8} {'MB/s':>8} {'share':>7}"
    print(head)
    print("-" * len(head))
    for name, t in rows:
        print(f"{name:<14} {t * 1000:>8.1f} {nbytes / MB / t:>8.1f} {t / total:>7.1%}")
    print(f"{'sum of steps':<14} {total * 1000:>8.1f} {nbytes / MB / total:>8.1f}")
    print(f"{'chain':<14} {chain_best * 1000:>8.1f} {nbytes / MB / chain_best:>8.1f}")


# -- reporting -------------------------------------------------------------------------
def version_of(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    versions = {
        dist: version_of(dist)
        for dist in ("newsclean", "ftfy", "trafilatura", "regex", "lxml", "clean-text", "textacy")
    }
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "newsclean_source": source_revision(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "versions": {k: v for k, v in versions.items() if v is not None},
    }


def source_revision() -> str:
    """Where newsclean was imported from: this checkout's git revision, or its path."""
    where = Path(newsclean.__file__).resolve()
    if not where.is_relative_to(REPO / "src"):
        return f"installed at {where.parent}"
    git = ["git", "-C", str(REPO)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"{where.parent} (not a git checkout)"
    return f"git {head}" + (" + uncommitted changes in src/" if dirty else " (clean src/)")


def max_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / MIB if sys.platform == "darwin" else rss / 1024  # bytes on macOS, KiB elsewhere


def ratio_phrase(numerator: float, denominator: float) -> str:
    """``numerator`` seconds against ``denominator`` seconds as "N.NN× slower/faster"."""
    if numerator >= denominator:
        return f"{numerator / denominator:.2f}× slower"
    return f"{denominator / numerator:.2f}× faster"


def print_table(title: str, rows: list[Contender], reference: Contender) -> None:
    head = (
        f"{'contender':<36} {'docs':>5} {'MB':>7} {'best s':>8} {'MB/s':>7} "
        f"{'docs/s':>8} {'peak MiB':>9} {'time/ref':>8}"
    )
    print(f"\n{title}")
    print(head)
    print("-" * len(head))
    for c in rows:
        peak = f"{c.peak / MIB:9.2f}" if c.peak is not None else f"{'-':>9}"
        print(
            f"{c.name:<36} {len(c.items):>5} {c.nbytes / MB:>7.2f} {c.best:>8.3f} "
            f"{c.nbytes / MB / c.best:>7.2f} {len(c.items) / c.best:>8.1f} {peak} "
            f"{c.best / reference.best:>8.2f}"
        )


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def result_record(c: Contender) -> dict[str, Any]:
    return {
        "key": slug(c.name),
        "name": c.name.strip(),
        "group": c.group,
        "docs": len(c.items),
        "bytes": c.nbytes,
        "times_s": [round(t, 6) for t in c.times],
        "best_s": round(c.best, 6),
        "mb_per_s": round(c.nbytes / MB / c.best, 4),
        "docs_per_s": round(len(c.items) / c.best, 2),
        "peak_tracemalloc_bytes": c.peak,
        "empty_outputs": c.empty_outputs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Throughput (MB/s) and peak memory of newsclean, its steps and its peers."
    )
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=DEFAULT_CORPUS,
        help="article-extraction-benchmark folder or a folder of *.txt files "
        f"(default: {DEFAULT_CORPUS})",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; best is kept (3)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write all figures as JSON")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not args.corpus.is_dir():
        fail(
            f"corpus folder not found: {args.corpus}\n"
            "Give the article-extraction-benchmark folder (ground-truth.json + html/*.html.gz)"
            " or a folder of *.txt files as the first argument."
        )

    corpus = load_corpus(args.corpus)
    notes = list(corpus.notes)
    text_rows = text_contenders(corpus.texts, notes)
    html_rows = html_contenders(corpus.pages) if corpus.pages else []
    everything = text_rows + html_rows

    info = machine()
    print("newsclean benchmark")
    print(f"platform : {info['platform']}")
    print(f"cpu      : {info['cpu']} ({info['cpu_count']} CPUs, {info['cpus_usable']} usable)")
    if info["load_average"]:
        print("load     : " + " ".join(f"{x:.2f}" for x in info["load_average"]) + " (1/5/15 min)")
    print(f"python   : {info['python']}")
    print(f"source   : newsclean from {info['newsclean_source']}")
    print("versions : " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    print(f"corpus   : {corpus.source}")
    print(
        f"           {len(corpus.texts)} texts, {text_rows[0].nbytes / MB:.2f} MB UTF-8"
        + (
            f"; {len(corpus.pages)} HTML pages, {html_rows[0].nbytes / MB:.2f} MB"
            if html_rows
            else ""
        )
    )
    print(
        f"method   : best of {args.repeat} timed pass(es) after 1 warm-up pass; memory in a separate pass"
    )

    progress("warm-up pass")
    warm_up(everything)
    time_all(everything, args.repeat)
    measure_memory(everything)
    breakdown = chain_breakdown(corpus.texts, args.repeat)

    chain, ftfy_row = text_rows[0], next(c for c in text_rows if c.name == "ftfy.fix_text")
    print_table("Plain text (time/ref: relative to the default chain)", text_rows, chain)
    print_breakdown(breakdown, chain.nbytes, chain.best)
    steps = [c for c in text_rows if c.name.startswith("  step ")]
    step_sum = sum(c.best for c in steps)
    ratios = {"default_chain_time_over_ftfy_fix_text_time": chain.best / ftfy_row.best}
    print(
        f"\nsum of the steps alone: {step_sum:.3f} s vs the chain {chain.best:.3f} s"
        " (steps alone run on the raw text)"
    )
    print(f"default chain vs ftfy.fix_text: {ratio_phrase(chain.best, ftfy_row.best)}")
    one_by_one = text_rows[1]
    print(f"  one document at a time: {ratio_phrase(one_by_one.best, ftfy_row.best)}")
    ratios["one_document_at_a_time_over_ftfy_fix_text_time"] = one_by_one.best / ftfy_row.best
    for peer in text_rows[text_rows.index(ftfy_row) + 1 :]:
        print(f"default chain vs {peer.name}: {ratio_phrase(chain.best, peer.best)}")
        ratios[f"default_chain_time_over_{slug(peer.name)}_time"] = chain.best / peer.best

    if html_rows:
        html_path, _, extract = html_rows
        print_table(
            "HTML pages, MB of HTML (time/ref: relative to trafilatura.extract)", html_rows, extract
        )
        ratios["from_html_default_chain_time_over_trafilatura_extract_time"] = (
            html_path.best / extract.best
        )
        print(
            "\nDocument.from_html + default chain vs trafilatura.extract: "
            f"{ratio_phrase(html_path.best, extract.best)}"
        )

    dropped = [f"{c.name.strip()}: {c.empty_outputs}" for c in everything if c.empty_outputs]
    if dropped:
        notes.append("documents dropped or empty after cleaning: " + "; ".join(dropped))
    notes.append(
        "peak MiB: tracemalloc peak above the starting level over one pass; Python"
        " allocations only (libxml2 memory inside lxml/trafilatura is not traced)"
    )
    rss = max_rss_mib()
    if rss is not None:
        notes.append(f"process max RSS over the whole run: {rss:.1f} MiB")
    print("\nnotes:")
    for note in notes:
        print(f"  - {note}")

    if args.json:
        report = {
            "machine": info,
            "corpus": {
                "source": corpus.source,
                "texts": len(corpus.texts),
                "text_bytes": text_rows[0].nbytes,
                "pages": len(corpus.pages),
                "html_bytes": html_rows[0].nbytes if html_rows else 0,
            },
            "repeat": args.repeat,
            "units": {"mb": "10^6 bytes", "peak": "bytes (tracemalloc)"},
            "results": [result_record(c) for c in everything],
            "ratios": {k: round(v, 4) for k, v in ratios.items()},
            "step_sum_best_s": round(step_sum, 6),
            "steps_in_chain_best_s": {name: round(t, 6) for name, t in breakdown},
            "max_rss_mib": rss,
            "notes": notes,
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nJSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
