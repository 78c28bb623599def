"""Linear time on hostile input: every default step, and the whole chain.

Each step gets pathological texts (long runs of spaces, dots, quotes, apostrophes,
hyphens, newlines, a long line without spaces, deeply nested brackets, repeated
boilerplate lines, "the the", dates and number-like strings) at two sizes, ten
times apart. The test asserts that the larger input costs at most about
:data:`LIMIT` times the smaller one: a catastrophically backtracking pattern or a
quadratic loop makes that ratio about 100 or more.

The ratio is measured inside the test, not a wall-clock bound: CPU time of this
process (other processes on a busy machine do not count), the best of a few runs
of each size, and a new measurement before a failure is reported.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from newsclean import Document, default_chain
from newsclean.steps import BoilerplateStep

#: The larger input is ten times the smaller one; linear time gives a ratio near 10.
SCALE = 10
#: The highest ratio accepted ("10x input, at most about 15x time").
LIMIT = 15.0
#: The smaller input, in characters (the larger is ``SMALL * SCALE``).
SMALL = 2_000
#: Below this many seconds a run is too short to time: the ratio uses this instead.
FLOOR = 0.0005

CHAIN = default_chain()
TARGETS: dict[str, Callable[[Document], object]] = {
    **{name: CHAIN.only(name) for name in CHAIN.names},
    "chain": CHAIN,
}


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda n: unit * max(1, n // len(unit))


def _nested(n: int) -> str:
    depth = n // 6
    return "([{" * depth + "}])" * depth


#: Hostile inputs by name: a function from a size in characters to the text.
INPUTS: dict[str, Callable[[int], str]] = {
    "spaces": _repeat(" "),
    "dots": _repeat("."),
    "quotes": _repeat('"'),
    "curly_quotes": _repeat("“"),
    "apostrophes": _repeat("'"),
    "hyphens": _repeat("-"),
    "newlines": _repeat("\n"),
    "space_newline": _repeat(" \n"),
    "space_return": _repeat(" \r"),
    "commas": _repeat(", "),
    "quote_space": _repeat('" '),
    "ampersands": _repeat("&"),
    "long_line": _repeat("abcdefghij"),
    "long_word_dots": _repeat("a."),
    "nested_brackets": _nested,
    "open_brackets": _repeat("(["),
    "boilerplate_lines": _repeat("Leave a Reply\n"),
    "share_block": _repeat("Share this:\nTwitter\nFacebook\n"),
    "boilerplate_paragraphs": _repeat("Advertisement\n\nThe army said so.\n\n"),
    "the_the": _repeat("the "),
    "modal_be": _repeat("will be "),
    "dates": _repeat("29 November 2017 "),
    "numeric_dates": _repeat("1/2/2017 "),
    "weekdays": _repeat("May Monday "),
    "joined_sentences": _repeat("ISIS.The "),
    "broken_paragraphs": _repeat("word word word word,\n\nlower "),
    "wrapped_lines": _repeat("a" * 69 + "\n"),
    "urls": _repeat("http://example.com/a.b "),
}


def _cost(target: Callable[[Document], object], text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        doc = Document(text)
        start = time.process_time()
        target(doc)
        best = min(best, time.process_time() - start)
    return max(best, FLOOR)


def growth(target: Callable[[Document], object], make: Callable[[int], str]) -> float:
    """How many times longer ``target`` takes on a ``SCALE`` times larger input (best of
    three measurements, each the best of a few runs)."""
    small, big = make(SMALL), make(SMALL * SCALE)
    target(Document(small))  # load data, compile patterns
    ratio = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            ratio = min(ratio, _cost(target, big, 2) / _cost(target, small, 4))
            if ratio <= LIMIT:
                break
    finally:
        gc.enable()
    return ratio


@pytest.mark.parametrize("target", list(TARGETS))
@pytest.mark.parametrize("hostile", list(INPUTS))
def test_time_grows_linearly(hostile: str, target: str) -> None:
    ratio = growth(TARGETS[target], INPUTS[hostile])
    assert ratio <= LIMIT, f"{target} on {hostile}: {SCALE}x input took {ratio:.1f}x time"


#: A "top" rule (first five lines): removing top lines brings the next ones into the top.
_TOP_RULE = {"id": "menu.top", "category": "navigation", "pattern": "menu item", "position": "top"}
#: Bottom-rule lines between prose lines: removing the last ones moves the bottom third up.
_TAGS = "".join(
    f"Tags: {' '.join(f'w{i}x{k}' for k in range(15))}\n{'Word ' * 30}\n" for i in range(3)
)


@pytest.mark.parametrize(
    ("step", "make"),
    [
        pytest.param(BoilerplateStep(extra_rules=(_TOP_RULE,)), _repeat("Menu item\n"), id="top"),
        pytest.param(
            BoilerplateStep(), lambda n: "The army said so.\n" + _repeat(_TAGS)(n), id="bottom"
        ),
    ],
)
def test_boilerplate_removes_in_linear_time(
    step: BoilerplateStep, make: Callable[[int], str]
) -> None:
    """The step rescans what is left until nothing more goes (so that it is idempotent):
    the rescans must not cost one pass per removed line."""
    ratio = growth(step, make)
    assert ratio <= LIMIT, f"{SCALE}x input took {ratio:.1f}x time"
    assert step(step(Document(make(SMALL)))) == step(Document(make(SMALL)))  # still idempotent


def _quadratic(doc: Document) -> int:
    return sum(doc.text[:i].count("x") for i in range(0, len(doc.text), 2))


@pytest.mark.parametrize(
    ("target", "linear"),
    [
        pytest.param(lambda doc: doc.text.split("y"), True, id="linear"),
        pytest.param(_quadratic, False, id="quadratic"),
    ],
)
def test_the_measure_tells_linear_from_quadratic(
    target: Callable[[Document], object], linear: bool
) -> None:
    assert (growth(target, _repeat("x y ")) <= LIMIT) is linear
