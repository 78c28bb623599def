"""Tables derived from dependencies' data, kept on disk so that a process starts fast.

Some steps build large numpy tables from a dependency's data when first used (the
``language`` step: 0.8 s to decompress py3langid's model and derive its look-up
tables). :func:`cached_arrays` keeps them in a cache folder: the next process reads
the files (``numpy.load``, 0.1 s for the language tables). They are read rather than
memory-mapped: a mapped file gets no huge pages, and the language walk's random
look-ups were then about 5% slower in a chain.

The folder is ``$NEWSCLEAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsclean``, else
``~/.cache/newsclean``; ``NEWSCLEAN_CACHE_DIR=""`` turns the cache off. An entry is
named by what it was built from (the dependency's version, its data file's size and
time, newsclean's version), written to a temporary folder and renamed into place in
one step, so a reader never sees half an entry. A cache that cannot be read or
written (a read-only home, a full disk, a damaged file) is never an error: the
tables are then built in memory, as without a cache.

>>> import numpy as np, tempfile
>>> folder = tempfile.mkdtemp()
>>> build = lambda: {"squares": np.arange(4) ** 2}
>>> cached_arrays("demo", {"version": "1"}, build, folder=folder)["squares"].tolist()
[0, 1, 4, 9]
>>> loaded = cached_arrays("demo", {"version": "1"}, lambda: {}, folder=folder)
>>> loaded["squares"].tolist()
[0, 1, 4, 9]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "cached_arrays"]

#: The variable naming the cache folder (empty: no cache).
ENV = "NEWSCLEAN_CACHE_DIR"


def cache_folder() -> Path | None:
    """The folder of the disk cache, or ``None`` when it is turned off.

    >>> saved = os.environ.get("NEWSCLEAN_CACHE_DIR")
    >>> os.environ["NEWSCLEAN_CACHE_DIR"] = ""; cache_folder() is None
    True
    >>> os.environ["NEWSCLEAN_CACHE_DIR"] = "/srv/cache"; str(cache_folder())
    '/srv/cache'
    >>> _ = os.environ.pop("NEWSCLEAN_CACHE_DIR") if saved is None else os.environ.update(
    ...     NEWSCLEAN_CACHE_DIR=saved)
    """
    chosen = os.environ.get(ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsclean"


def cached_arrays(
    name: str,
    key: Mapping[str, str],
    build: Callable[[], dict[str, Any]],
    *,
    folder: str | Path | None = None,
) -> dict[str, Any]:
    """The numpy arrays ``build()`` makes, read from the cache entry of ``name`` and
    ``key`` when there is one, else built and stored there.

    ``key`` holds everything the arrays depend on. ``folder`` overrides
    :func:`cache_folder`.
    """
    import numpy as np

    where = Path(folder) if folder is not None else cache_folder()
    if where is None:
        return build()
    digest = hashlib.sha256(json.dumps(dict(key), sort_keys=True).encode()).hexdigest()[:16]
    entry = where / f"{name}-{digest}"
    try:
        names = json.loads((entry / "arrays.json").read_text(encoding="utf-8"))
        return {n: np.load(entry / f"{n}.npy", allow_pickle=False) for n in names}
    except (OSError, ValueError):  # no entry yet, or a damaged one: build it anew
        pass
    arrays = build()
    _store(entry, arrays)
    return arrays


def _store(entry: Path, arrays: Mapping[str, Any]) -> None:
    """Write ``arrays`` as the cache ``entry``, all or nothing; give up quietly on errors."""
    import numpy as np

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{entry.name}.", dir=entry.parent))
    except OSError:
        return
    try:
        for n, array in arrays.items():
            np.save(scratch / f"{n}.npy", np.asarray(array), allow_pickle=False)
        (scratch / "arrays.json").write_text(json.dumps(list(arrays)), encoding="utf-8")
        if entry.exists():  # damaged (it did not load): move it aside first
            shutil.rmtree(entry, ignore_errors=True)
        os.rename(scratch, entry)  # another process may have won: then its entry stays
    except (OSError, ValueError):
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
