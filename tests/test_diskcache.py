"""The disk cache of derived tables: built once, read after, never an error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsclean.diskcache import cache_folder, cached_arrays

KEY = {"dependency": "1.0", "data": "123-456"}


class Builder:
    """Builds a table and counts how often it is asked to."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, Any]:
        self.calls += 1
        return {"table": np.arange(1000, dtype=np.int32) * 3, "names": np.asarray(["en", "de"])}


def entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)


def test_an_entry_is_built_once_then_read(tmp_path: Path) -> None:
    build = Builder()
    first = cached_arrays("demo", KEY, build, folder=tmp_path)
    second = cached_arrays("demo", KEY, build, folder=tmp_path)
    assert build.calls == 1
    assert same(first, build()) and same(second, first)
    assert second["table"] is not first["table"]  # read from the file
    assert [name for name in entries(tmp_path)] == [entries(tmp_path)[0]]  # no scratch left
    assert entries(tmp_path)[0].startswith("demo-")


def test_another_key_is_another_entry(tmp_path: Path) -> None:
    build = Builder()
    cached_arrays("demo", KEY, build, folder=tmp_path)
    cached_arrays("demo", {**KEY, "dependency": "1.1"}, build, folder=tmp_path)
    assert build.calls == 2 and len(entries(tmp_path)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda entry: (entry / "table.npy").write_bytes(b"\x93NUMPY"), id="truncated"),
        pytest.param(lambda entry: (entry / "table.npy").unlink(), id="missing-array"),
        pytest.param(lambda entry: (entry / "arrays.json").write_text("[1"), id="bad-index"),
    ],
)
def test_a_damaged_entry_is_built_anew_and_replaced(tmp_path: Path, damage: Any) -> None:
    build = Builder()
    cached_arrays("demo", KEY, build, folder=tmp_path)
    damage(tmp_path / entries(tmp_path)[0])
    assert same(cached_arrays("demo", KEY, build, folder=tmp_path), build())
    assert build.calls == 3  # the two above and the rebuild
    assert same(cached_arrays("demo", KEY, build, folder=tmp_path), build())
    assert build.calls == 4  # the entry was replaced: read, not built
    assert len(entries(tmp_path)) == 1


def test_a_folder_that_cannot_be_written_builds_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    build = Builder()
    assert same(cached_arrays("demo", KEY, build, folder=blocked / "cache"), build())
    assert same(cached_arrays("demo", KEY, build, folder=blocked / "cache"), build())
    assert build.calls == 4
    assert entries(tmp_path) == ["file"]


def test_an_entry_another_process_wrote_meanwhile_is_kept(tmp_path: Path, monkeypatch: Any) -> None:
    """Two processes build the same entry: the one that renames second gives up quietly."""
    other = Builder()
    real_rename = os.rename

    def other_process_first(scratch: Path, entry: Path) -> None:
        monkeypatch.setattr(os, "rename", real_rename)
        cached_arrays("demo", KEY, other, folder=tmp_path)  # writes the entry
        real_rename(scratch, entry)  # fails: the folder is there and not empty

    monkeypatch.setattr(os, "rename", other_process_first)
    build = Builder()
    assert same(cached_arrays("demo", KEY, build, folder=tmp_path), build())
    assert other.calls == 1
    assert len(entries(tmp_path)) == 1  # the other's entry; this one's scratch is removed
    assert same(cached_arrays("demo", KEY, Builder(), folder=tmp_path), build())


def test_arrays_that_cannot_be_stored_are_still_given(tmp_path: Path) -> None:
    objects = {"table": np.array([{"a": 1}], dtype=object)}  # np.save refuses pickles
    assert cached_arrays("demo", KEY, lambda: objects, folder=tmp_path) is objects
    assert entries(tmp_path) == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        pytest.param({"NEWSCLEAN_CACHE_DIR": "/srv/nc"}, "/srv/nc", id="chosen"),
        pytest.param({"NEWSCLEAN_CACHE_DIR": ""}, None, id="off"),
        pytest.param({"NEWSCLEAN_CACHE_DIR": " "}, None, id="off-blank"),
        pytest.param({"XDG_CACHE_HOME": "/var/cache/me"}, "/var/cache/me/newsclean", id="xdg"),
        pytest.param({"HOME": "/home/me"}, "/home/me/.cache/newsclean", id="home"),
    ],
)
def test_the_cache_folder(environ: dict[str, str], expected: str | None, monkeypatch: Any) -> None:
    for name in ("NEWSCLEAN_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    folder = cache_folder()
    assert (None if folder is None else str(folder)) == expected


def test_no_cache_builds_every_time(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("NEWSCLEAN_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    build = Builder()
    cached_arrays("demo", KEY, build)
    cached_arrays("demo", KEY, build)
    assert build.calls == 2 and os.listdir(tmp_path) == []


def test_the_language_tables_read_back_from_the_cache_are_the_ones_built(tmp_path: Path) -> None:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    from newsclean.steps.language import _tables

    built = _tables(MODEL_DIR / MODEL_FILE)
    assert built  # the fast identifier's tables
    cached_arrays("language", KEY, lambda: built, folder=tmp_path)
    read = cached_arrays("language", KEY, dict, folder=tmp_path)
    assert same(read, built)
    assert {k: v.dtype for k, v in read.items()} == {k: v.dtype for k, v in built.items()}
