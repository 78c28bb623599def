"""Hostile input: fuzzing the default chain, input decoding and the command.

Nothing may raise outside newsclean's documented errors (:class:`DecodeError`,
:class:`LimitExceeded`, and :class:`InputError` items from the readers), and
nothing may lose a record without saying so: every line of a JSON Lines file
gives a document or an error naming that line. Sizes are kept small so that the
whole file runs in a few seconds; ``benchmarks/hostile.py`` measures the big ones.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsclean import Chain, DecodeError, Document, LimitExceeded, Limits, default_chain
from newsclean.cli import main
from newsclean.cli.jobs import json_line, record
from newsclean.decoding import decode_bytes
from newsclean.readers import InputError, read_bytes, read_path

CHAIN = default_chain()

# -- text ---------------------------------------------------------------------------

_ODD = [
    "\x00",
    "\x07",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\u00ad",
    "\ufffd",
    "\u0301",
    "\U0001f600",
    "&amp;",
    "&#x0;",
    "Ã©",
    "â€™",
    "...",
    " .",
    '"',
    "«",
    "‘",
    "(",
    "[",
    "https://example.com/a?b=1&c=2",
    "Isis",
    "29 November 2017",
    "Москва",
    "القاهرة",
    "東京",
    "ภาษาไทย",
    "\u05e9\u05dc\u05d5\u05dd",
    "the the",
    "\n\n",
    "\t",
]
_SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
_RUN = st.builds(
    lambda piece, n: piece * n,
    st.sampled_from([" ", ".", "'", "-", '"', "\n", "(", "a"]),
    st.integers(0, 3000),
)
#: random unicode (surrogates, NULs, controls, mixed scripts, long runs) in pieces
TEXT = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(_ODD),
        _SURROGATE,
        _RUN,
        st.text(st.characters(max_codepoint=0x1F), max_size=10),
    ),
    max_size=30,
).map("".join)


@given(TEXT)
def test_default_chain_never_raises_on_any_text(text: str) -> None:
    outcome = CHAIN.run(Document(text))
    if outcome.document is not None:
        assert isinstance(outcome.document.text, str)
        json.loads(json_line(record("id", "src", outcome.document)))  # writable


@pytest.mark.parametrize(
    ("limits", "text", "reason"),
    [
        pytest.param(Limits(max_doc_size=100), "x " * 60, "limit.doc_size", id="doc-size"),
        pytest.param(Limits(time_limit=1e-9), "Isis fell .", "limit.time", id="time"),
    ],
)
def test_a_document_over_a_limit_fails_with_its_reason(
    limits: Limits, text: str, reason: str
) -> None:
    with pytest.raises(LimitExceeded) as info:
        CHAIN.with_limits(limits).run(text)
    assert info.value.reason == reason


def test_a_pattern_timeout_is_reported_as_limit_time() -> None:
    import regex

    from newsclean import TextStep
    from newsclean.limits import regex_timeout

    class Catastrophic(TextStep):
        name = "catastrophic"

        def changes(self, text: str) -> list:
            regex.search(r"(a|aa)+$", text, timeout=regex_timeout())  # exponential
            return []

    chain = (CHAIN.only("spacing") | Catastrophic()).with_limits(Limits(time_limit=0.05))
    with pytest.raises(LimitExceeded, match=r"limit\.time: .* in step 'catastrophic'"):
        chain.run("a" * 40 + "!")


def test_a_users_catastrophic_boilerplate_rule_stops_at_the_time_limit() -> None:
    from newsclean.steps import BoilerplateStep

    rule = {"id": "boilerplate.mine", "category": "promo", "pattern": "(a|aa)+$"}
    step = BoilerplateStep(extra_rules=(rule,))
    chain = Chain([step], limits=Limits(time_limit=0.05))
    with pytest.raises(LimitExceeded, match=r"limit\.time: .* in step 'boilerplate'"):
        chain.run("A first line of the article.\n\n" + "a" * 40 + "b")
    assert chain.with_limits(Limits(time_limit=None)).run("Isis fell .").document is not None


def test_map_goes_on_past_a_document_over_a_limit() -> None:
    from newsclean import ChainStats

    stats = ChainStats()
    chain = CHAIN.with_limits(Limits(max_doc_size=20))
    out = [d.text for d in chain.map(["Isis fell .", "x " * 20, "The year ."], stats=stats)]
    assert out == ["Islamic State fell.", "The year."]
    assert stats.failed == {"limit.doc_size": 1}
    assert stats.to_dict()["failed"] == [{"reason": "limit.doc_size", "count": 1}]


# -- bytes --------------------------------------------------------------------------

_CODECS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "latin-1",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "big5",
]


def _encode(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace")


_ENCODED = st.builds(_encode, TEXT, st.sampled_from(_CODECS))
_BOMS = st.sampled_from(
    [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32, b""]
)
#: random bytes, BOMs, other charsets, UTF-16 without BOM, invalid UTF-8, pieces of each
BYTES = st.lists(
    st.one_of(
        st.binary(max_size=200),
        _ENCODED,
        st.builds(lambda bom, data: bom + data, _BOMS, _ENCODED),
        st.sampled_from(
            [
                b"\xff\xfe",
                b"\xc3",
                b"\xed\xa0\x80",
                b"\xf4\x90\x80\x80",
                b"\x00",
                b"<meta charset=koi8-r>",
                b'<meta charset="rot13">',
            ]
        ),
    ),
    max_size=6,
).map(b"".join)


@given(BYTES, st.booleans())
def test_decoding_gives_text_or_a_decode_error(data: bytes, html: bool) -> None:
    try:
        text = decode_bytes(data, html=html)
    except DecodeError:
        return
    assert isinstance(text, str)


@given(BYTES, st.sampled_from(["text", "html"]))
def test_reading_and_cleaning_any_bytes_never_raises_otherwise(data: bytes, kind: str) -> None:
    try:
        doc = read_bytes(data, kind)
    except (DecodeError, LimitExceeded):
        return
    CHAIN.run(doc)


# -- JSON Lines ---------------------------------------------------------------------

_LIMIT = 2048


def _containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)


_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    _containers,
    max_leaves=6,
)
_LINE = st.one_of(
    st.builds(
        lambda t, m: json.dumps({"text": t, **m}),
        TEXT,
        st.dictionaries(st.sampled_from(["title", "meta", "lang"]), _JSON_VALUE, max_size=2),
    ),
    st.builds(lambda t: json.dumps({"text": t}, ensure_ascii=False), TEXT),
    st.builds(lambda v: json.dumps({"text": v}), _JSON_VALUE),  # text not a string
    _JSON_VALUE.map(json.dumps),  # not an object
    st.builds(
        lambda n: json.dumps({"text": "y" * n}), st.integers(_LIMIT - 20, 3 * _LIMIT)
    ),  # giant
    st.binary(max_size=100),
    st.just("   "),
).map(lambda line: line if isinstance(line, bytes) else line.encode("utf-8", "surrogatepass"))


@given(st.lists(_LINE, max_size=12), st.booleans())
def test_every_json_lines_line_gives_a_record_or_a_named_error(
    lines: list[bytes], final_newline: bool
) -> None:
    lines = [line.replace(b"\n", b" ") for line in lines]
    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        path.write_bytes(data)
        items = list(read_path(path, "feed.jsonl", limits=Limits(max_input_size=_LIMIT)))
    expected = {n for n, line in enumerate(lines, 1) if line.strip() or len(line) > _LIMIT}
    seen: list[int] = []
    for item in items:
        if isinstance(item, InputError):
            where = str(item).split(":")[1]
        else:
            doc_id, doc = item  # records without an id are named by their line
            where = doc_id.rsplit(":", 1)[1]
            with contextlib.suppress(LimitExceeded):
                CHAIN.with_limits(Limits(max_doc_size=_LIMIT)).run(doc)
        seen.append(int(where))
    assert sorted(seen) == sorted(expected)


# -- the command ----------------------------------------------------------------------

_HOSTILE_FILES: dict[str, Callable[[], bytes]] = {
    "deep.html": lambda: ("<html><body>" + "<div>" * 5000 + "<p>x</p></body></html>").encode(),
    "scripts.html": lambda: ("<html><body>" + "<script>var a = 1;</script>" * 200).encode(),
    "comments.html": lambda: b"<!-- " + b"nothing here " * 500 + b"-->",
    "garbage.html": lambda: bytes(range(256)) * 20,
    "huge.html": lambda: b"<html><body><p>" + b"Word and word. " * 5000 + b"</p></body></html>",
    "utf16.txt": lambda: "Isis fell in 2017 .".encode("utf-16-le"),
    "latin1.txt": lambda: "Le café était très bon, déjà servi à l'été .".encode("latin-1"),
    "nul.txt": lambda: b"Isis\x00fell",
    "big.txt": lambda: b"word " * 5000,
    "empty.txt": lambda: b"",
    "ok.md": lambda: b"Isis fell .",
}
_FEED = [
    b'{"text": "Isis fell ."}',
    b"[1, 2]",
    b'{"text": 5}',
    b"",
    b'{"text": "' + b"y" * 150_000 + b'"}',
    b"\xff\xfe\x00{",
    b'{"text": "\\ud800 lone surrogate \\u0000 NUL"}',
    b'{"text": "' + b"z " * 1000 + b'", "meta": [1]}',
    b"not json",
]


def test_hostile_tree_every_input_is_written_or_named(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for name, make in _HOSTILE_FILES.items():
        (src / name).write_bytes(make())
    (src / "feed.jsonl").write_bytes(b"\n".join(_FEED))
    limits = ["--max-doc-size", "1500", "--max-html-size", "50k", "--max-input-size", "100k"]
    args = ["clean", src, "-o", out, "--jsonl", tmp_path / "all.jsonl", "-j", "1", *limits]
    result = CliRunner().invoke(main, [os.fspath(a) for a in args])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    prefix = f"newsclean: error: {src}{os.sep}"
    errors = [line[len(prefix) :] for line in result.stderr.splitlines() if line.startswith(prefix)]
    named = {line.split(":")[0] for line in errors}
    for name in _HOSTILE_FILES:
        written = (out / Path(name).with_suffix(".txt").name).exists()
        assert written != (name in named), name
    for name, reason in [
        ("deep.html", "limit.html_depth"),
        ("huge.html", "limit.html_size"),
        ("big.txt", "limit.doc_size"),
        ("garbage.html", "binary data"),
    ]:
        assert any(line.startswith(f"{name}: {reason}") for line in errors)
    records = [json.loads(line) for line in (out / "feed.jsonl").read_text().splitlines()]
    kept = {int(r["id"].rsplit(":", 1)[1]) for r in records}
    failed = {int(line.split(":")[1]) for line in errors if line.startswith("feed.jsonl:")}
    assert kept | failed == {n for n, line in enumerate(_FEED, 1) if line}
    assert not kept & failed
    assert (
        "feed.jsonl:5: limit.input_size: 150,012 bytes, over the limit of 100,000 bytes (max_input_size)"
        in errors
    )
    assert any("feed.jsonl:8: limit.doc_size" in line for line in errors)
