"""The indexing recipes of docs/recipes.md, end to end on the seeds.

``newsclean clean seeds --jsonl`` feeds SQLite FTS5 (raw and cleaned side by
side) and ``newsclean bulk`` (checked line by line against the bulk format);
the Python pipeline recipes are the ```python blocks of the page, run where
their library is installed. Its ```console blocks run in tests/test_docs_console.py.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean.cli import main
from newsclean.export import MAX_ID_BYTES, bulk_document, bulk_id, bulk_lines, index_mapping

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "recipes.md"
FENCE = re.compile(r"^```(?P<lang>\w+)[^\n]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


def blocks(lang: str) -> list[str]:
    return [m["body"] for m in FENCE.finditer(PAGE.read_text("utf-8")) if m["lang"] == lang]


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("recipes") / "cleaned.jsonl"
    result = CliRunner().invoke(main, ["clean", str(seeds_dir), "--jsonl", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def records(records_file: Path) -> list[dict]:
    return [json.loads(line) for line in records_file.open(encoding="utf-8")]


@pytest.fixture(scope="module")
def fts(records: list[dict], seeds_dir: Path) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE raw USING fts5(id UNINDEXED, text)")
    db.execute("CREATE VIRTUAL TABLE cleaned USING fts5(id UNINDEXED, title, text, date UNINDEXED)")
    for path in sorted(seeds_dir.glob("*.txt")):
        db.execute("INSERT INTO raw VALUES (?, ?)", (path.name, path.read_text(encoding="utf-8")))
    for r in records:
        row = (Path(r["id"]).name, r["meta"].get("title"), r["text"], r["meta"].get("date"))
        db.execute("INSERT INTO cleaned VALUES (?, ?, ?, ?)", row)
    return db


def search(db: sqlite3.Connection, table: str, query: str) -> set[str]:
    sql = f"SELECT id FROM {table} WHERE {table} MATCH ?"
    return {doc_id[:3] for (doc_id,) in db.execute(sql, (query,))}


@pytest.mark.parametrize(
    ("query", "raw", "cleaned"),
    [
        pytest.param(
            '"Islamic State"', {"000", "001"}, {"000", "001", "002"}, id="aliases-unified"
        ),
        pytest.param('"Leave a Reply"', {"001"}, set(), id="comment-form-gone"),
        pytest.param('"Fill in your details"', {"001"}, set(), id="comment-login-gone"),
        pytest.param('"Connecting to"', {"001"}, set(), id="comment-footer-gone"),
        # must not change: the article's own words are still found in both
        pytest.param('"Golden Division"', {"000"}, {"000"}, id="quote-kept"),
        pytest.param('"Haider al-Abadi"', {"001"}, {"001"}, id="name-kept"),
        pytest.param('"Prime Minister"', {"001", "002"}, {"001", "002"}, id="title-kept"),
        pytest.param("Mosul", {"002"}, {"002"}, id="place-kept"),
    ],
)
def test_fts5_raw_and_cleaned(fts: sqlite3.Connection, query: str, raw: set, cleaned: set) -> None:
    assert search(fts, "raw", query) == raw
    assert search(fts, "cleaned", query) == cleaned


def test_fts5_islamic_state_not_in_every_raw_seed(fts: sqlite3.Connection) -> None:
    everything = {i[:3] for (i,) in fts.execute("SELECT id FROM raw")}
    assert search(fts, "cleaned", '"Islamic State"') == everything
    assert search(fts, "raw", '"Islamic State"') < everything


def test_fts5_no_cleaned_row_matches_comment_boilerplate(fts: sqlite3.Connection) -> None:
    for (text,) in fts.execute("SELECT text FROM cleaned"):
        assert "Leave a Reply" not in text and "Connecting to %s" not in text


def test_fts5_date_range_finds_seed_002(fts: sqlite3.Connection) -> None:
    """Seed 002's date is its own first sentence ("On 29 November 2017 ..."): meta.date."""
    rows = fts.execute(
        "SELECT id FROM cleaned WHERE date BETWEEN '2017-11-01' AND '2017-12-31'"
    ).fetchall()
    assert [i[:3] for (i,) in rows] == ["002"]
    dated = dict(fts.execute("SELECT id, date FROM cleaned").fetchall())
    assert {k[:3]: v for k, v in dated.items()} == {
        "000": "2023-07-10",
        "001": None,
        "002": "2017-11-29",
    }


def test_bulk_file_line_by_line(records_file: Path, records: list[dict], tmp_path: Path) -> None:
    out = tmp_path / "bulk.ndjson"
    result = CliRunner().invoke(
        main, ["bulk", str(records_file), "--index", "news", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.endswith(b"\n") and not data.endswith(b"\n\n"), "bulk body must end with one \\n"
    lines = data.decode("utf-8").split("\n")[:-1]
    assert len(lines) == 2 * len(records)
    ids = []
    for number, (action_line, source_line) in enumerate(zip(lines[::2], lines[1::2], strict=True)):
        action = json.loads(action_line)
        source = json.loads(source_line)
        assert "\n" not in action_line and "\r" not in action_line
        assert list(action) == ["index"], number
        meta = action["index"]
        assert meta["_index"] == "news" and isinstance(meta["_id"], str) and meta["_id"]
        assert len(meta["_id"].encode("utf-8")) <= MAX_ID_BYTES
        assert not any(key.startswith("_") for key in source), "no metadata fields in the source"
        record = records[number]
        assert meta["_id"] == record["id"] == source["id"]
        assert source["text"] == record["text"]
        assert source["title"] == record["meta"].get("title")
        assert source["date"] == record["meta"].get("date")
        assert source["entities"] == record["entities"] and source["dates"] == record["dates"]
        ids.append(meta["_id"])
    assert len(set(ids)) == len(ids)


def test_bulk_create_and_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "x", "meta": {"title": "T"}}\nnot json\n\n{"text": "no id"}\n'
        '{"id": "b", "text": "y", "meta": "odd"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["bulk", str(src), "--index", "i", "--create"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("create", {}).get("_id") for line in lines[::2]] == ["a", "b"]
    assert lines[1]["title"] == "T" and lines[3]["title"] is None
    assert "in.jsonl:2: not valid JSON" in result.stderr
    assert "in.jsonl:4: not a record with a string 'id'" in result.stderr


def test_bulk_usage_error() -> None:
    result = CliRunner().invoke(main, ["bulk"])
    assert result.exit_code == 2 and "--index" in result.output


@pytest.mark.parametrize(
    ("record_id", "expected"),
    [
        pytest.param("seeds/002.txt", "seeds/002.txt", id="short-kept"),
        pytest.param("é" * 256, "é" * 256, id="exactly-512-bytes-kept"),
        pytest.param("é" * 257, None, id="over-512-bytes-hashed"),
    ],
)
def test_bulk_id(record_id: str, expected: str | None) -> None:
    got = bulk_id(record_id)
    if expected is None:
        assert re.fullmatch(r"[0-9a-f]{40}", got)
    else:
        assert got == expected


def test_bulk_lines_need_ids() -> None:
    with pytest.raises(ValueError, match="string 'id'"):
        list(bulk_lines([{"text": "x"}], "i"))
    with pytest.raises(ValueError, match="action"):
        list(bulk_lines([{"id": "x"}], "i", action="delete"))


def test_mapping_covers_the_bulk_document(records: list[dict]) -> None:
    props = index_mapping()["mappings"]["properties"]
    assert set(bulk_document(records[0])) == set(props)
    assert props["text"]["type"] == props["title"]["type"] == "text"
    assert props["date"]["type"] == "date"
    assert props["entities"]["properties"]["id"]["type"] == "keyword"
    assert props["dates"]["properties"]["value"]["type"] == "date"


def test_mapping_shown_in_the_docs_is_the_shipped_one() -> None:
    shown = [json.loads(b) for b in blocks("json") if '"mappings"' in b]
    assert shown == [index_mapping()]
    cli = CliRunner().invoke(main, ["bulk", "--mapping"])
    assert json.loads(cli.stdout) == index_mapping()


PIPELINES = {
    m["name"]: m["body"]
    for body in blocks("python")
    if (m := re.match(r"# recipe: (?P<name>\w+)\n(?P<body>.*)", body, re.S))
}


def run_recipe(name: str) -> dict:
    module = {"pandas": "pandas", "datasets": "datasets", "dask": "dask.bag"}[name]
    top = module.split(".")[0]
    if importlib.util.find_spec(top) is None:
        pytest.skip(f"{top} is not installed: the {name} recipe runs where it is")
    pytest.importorskip(module, reason=f"{module} does not import: the {name} recipe is skipped")
    namespace: dict = {"__name__": f"recipe_{name}"}
    exec(compile(PIPELINES[name], f"docs/recipes.md:{name}", "exec"), namespace)
    return namespace


EXPECTED_CLEAN = ["Islamic State fell.", "Islamic State left Mosul on 2017-11-29."]


def test_every_pipeline_recipe_is_tested() -> None:
    assert set(PIPELINES) == {"pandas", "datasets", "dask"}


def test_pandas_recipe() -> None:
    ns = run_recipe("pandas")
    df = ns["df"]
    assert df["clean"].tolist() == EXPECTED_CLEAN
    assert df["entities"].tolist() == [["Q2429253"], ["Q2429253"]]
    assert df["dates"].tolist() == [[], ["2017-11-29"]]


def test_datasets_recipe() -> None:
    ns = run_recipe("datasets")
    assert ns["ds"]["clean"] == EXPECTED_CLEAN
    assert ns["ds"]["entities"] == [["Q2429253"], ["Q2429253"]]


def test_dask_recipe() -> None:
    if importlib.util.find_spec("dask") is not None:
        import dask

        with dask.config.set(scheduler="synchronous"):  # no worker processes in the suite
            ns = run_recipe("dask")
    else:
        ns = run_recipe("dask")
    assert [r["text"] for r in ns["records"]] == EXPECTED_CLEAN
