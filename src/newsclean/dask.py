"""newsclean on a Dask cluster (the ``newsclean[dask]`` extra).

``newsclean clean SRC -o OUT --scheduler tcp://HOST:8786`` runs on an existing
cluster; ``--engine dask`` without an address starts a local one. The chain
travels as its config (:meth:`Chain.to_config`) and each worker process builds
it once; workers read their inputs and write their outputs themselves (so the
sources and the output folder must be at the same path on every worker), and
only small results (counts, errors) come back to the client. Outputs are named
by input and written atomically, so a task that is run again after its worker
died rewrites the same files.

:func:`clean_bag` cleans a Dask bag of texts or records that you already hold.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import sys
import threading
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .chain import Chain, batches
from .cli.jobs import CHUNK, FileResult, Job, clean_inputs
from .document import Document
from .readers import document_from_record

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client

    from .cli.files import Input

__all__ = ["VersionMismatch", "check_versions", "clean_bag", "cluster_client", "run_on_cluster"]


class VersionMismatch(RuntimeError):
    """The workers run another newsclean (or Python) than the client, or none at all."""


# -- on the workers ------------------------------------------------------------------
_CHAINS: dict[str, Chain] = {}
_LOCK = threading.Lock()


def _chain(spec: str) -> Chain:
    """The chain of ``spec``, built once per worker process."""
    with _LOCK:
        chain = _CHAINS.get(spec)
        if chain is None:
            chain = _CHAINS[spec] = Chain.from_config(json.loads(spec))
        return chain


def _versions() -> dict[str, str]:
    return {"newsclean": __version__, "python": "{}.{}".format(*sys.version_info[:2])}


def _clean_chunk(job: Job, items: list[Input], version: str) -> list[FileResult]:
    if version != __version__:  # a worker that joined after the check
        raise VersionMismatch(f"this worker runs newsclean {__version__}, the client {version}")
    if job.spec is None:
        raise ValueError("a Dask job carries its chain as config (Job.spec)")
    chain = _chain(job.spec)
    return list(clean_inputs(items, job, chain))


# -- on the client -------------------------------------------------------------------
@contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a new local cluster.

    The local cluster has ``workers`` single-threaded worker processes, listens on
    127.0.0.1 only, and has its dashboard on a free port (none without bokeh).
    """
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    dashboard = "127.0.0.1:0" if importlib.util.find_spec("bokeh") else None
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=dashboard,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def check_versions(client: Client) -> None:
    """Raise :class:`VersionMismatch` unless every worker runs the client's newsclean and Python."""
    client.wait_for_workers(1, timeout=60)
    found = client.run(_versions, on_error="return")
    mine = _versions()
    wrong = []
    for worker, theirs in sorted(found.items()):
        if isinstance(theirs, BaseException):
            wrong.append(f"{worker}: newsclean cannot be imported ({type(theirs).__name__})")
        elif theirs != mine:
            wrong.append(f"{worker}: newsclean {theirs['newsclean']} on Python {theirs['python']}")
    if wrong:
        raise VersionMismatch(
            f"the workers must run newsclean {mine['newsclean']} on Python {mine['python']},"
            " like the client: " + "; ".join(wrong)
        )


def run_on_cluster(inputs: Iterable[Input], job: Job, client: Client) -> Iterator[FileResult]:
    """Clean ``inputs`` on the cluster, a chunk of files per task; results as they finish.

    A few tasks per worker thread are in flight at a time, so the client never
    holds the whole tree. ``job.spec`` must hold the chain's config.
    """
    from distributed import as_completed

    threads = sum(client.nthreads().values()) or 1
    items = iter(inputs)
    chunks = iter(lambda: list(islice(items, CHUNK)), [])
    run = uuid.uuid4().hex[:8]
    count = 0

    def submit(chunk: list[Input]) -> Any:
        nonlocal count
        count += 1
        key = f"newsclean-clean-{run}-{count}"
        return client.submit(_clean_chunk, job, chunk, __version__, key=key, retries=1)

    pending = as_completed([submit(chunk) for chunk in islice(chunks, threads * 4)])
    for future in pending:
        results = future.result()
        future.release()
        more = next(chunks, None)
        if more is not None:
            pending.add(submit(more))
        yield from results


def clean_bag(bag: dask.bag.Bag, chain: Chain) -> dask.bag.Bag:
    """Clean a Dask bag of texts (to cleaned texts) or records (to JSON Lines records).

    A text becomes its cleaned text; a record (a dict with a string ``text``, read
    like a line of a JSON Lines file) becomes the record newsclean writes
    (see docs/jsonl.md). Documents a step drops are left out. The chain is sent
    as config and built once per worker process. A record without a string
    ``text`` raises ``ValueError``. (Examples: ``_EXAMPLES`` below.)
    """
    spec = json.dumps(chain.to_config(), sort_keys=True)
    return bag.map_partitions(_clean_partition, spec)


def _clean_partition(items: Iterable[Any], spec: str) -> list[Any]:
    """A partition's cleaned texts and records, cleaned in batches (``Chain.run_many``)."""
    chain = _chain(spec)
    out: list[Any] = []
    for batch in batches(items):
        ids: list[str | None] = []  # a record's id; None for a text
        docs: list[Document | str] = []
        for item in batch:
            if isinstance(item, Mapping):
                doc_id, doc = document_from_record(dict(item))
                ids.append(doc_id)
                docs.append(doc)
            else:
                ids.append(None)
                docs.append(str(item))
        for doc_id, result in zip(ids, chain.run_many(docs), strict=True):
            if isinstance(result, Exception):
                raise result
            if result.document is not None:
                cleaned = result.document
                out.append(
                    cleaned.text if doc_id is None else {"id": doc_id, **cleaned.to_record()}
                )
    return out


_EXAMPLES = """
>>> import dask.bag as db
>>> from newsclean import default_chain
>>> texts = db.from_sequence(["Isis fell .", "They will be join us ."], npartitions=2)
>>> clean_bag(texts, default_chain()).compute(scheduler="sync")
['Islamic State fell.', 'They will join us.']
>>> records = db.from_sequence([{"id": "a1", "text": "year .", "lang": "en"}])
>>> [(r["id"], r["text"], r["meta"]) for r in clean_bag(records, default_chain())]
[('a1', 'year.', {'lang': 'en', 'language': 'en'})]
"""
if importlib.util.find_spec("dask") is not None:  # run as a doctest only where Dask is installed
    __test__ = {"clean_bag": _EXAMPLES}
