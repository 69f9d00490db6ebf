"""A persistent graph for large corpora: an Oxigraph store on disk (``kg build --store DIR``).

Documents are extracted one at a time and their triples loaded in batches, so
memory stays flat however large the corpus; ``kg query --store DIR`` reads the
store directly with Oxigraph's SPARQL engine (and ``kg.answers`` keeps the
bundled queries' answers beside it).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from kg.pipeline import Stopwatch

BATCH_CHARS = 50_000_000        # N-Triples characters loaded at a time

COUNTS = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
SELECT (COUNT(DISTINCT ?plan) AS ?plans) (COUNT(DISTINCT ?ini) AS ?initiatives) (COUNT(DISTINCT ?t) AS ?targets)
WHERE { { ?plan a hp:Plan } UNION { ?ini a hp:Initiative } UNION { ?t a hp:Target } }"""


class StoreError(Exception):
    pass


@dataclass
class StoreBuild:
    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    triples: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (f"{self.documents} documents{skipped}: {self.counts.get('plans', 0)} plans, "
                f"{self.counts.get('initiatives', 0)} initiatives, {self.counts.get('targets', 0)} targets, "
                f"{self.triples} triples in {self.wall:.2f} s")


def fill_store(store: pyoxigraph.Store, documents, clock: Stopwatch) -> StoreBuild:
    """Load each document's triples into the store, in batches; ``documents`` yields (path, N-Triples)."""
    result = StoreBuild()
    batch: list[str] = []
    size = 0
    for _path, ntriples in documents:
        result.documents += 1
        batch.append(ntriples)
        size += len(ntriples)
        if size >= BATCH_CHARS:
            clock.restart()
            _load(store, batch)
            clock.lap("load")
            batch, size = [], 0
    clock.restart()
    _load(store, batch)
    store.flush()
    store.optimize()            # one compaction: about a quarter off every later lookup on a large store
    clock.lap("load")
    result.triples = len(store)
    result.counts = count_nodes(store)
    return result


def _load(store: pyoxigraph.Store, chunks: list[str]) -> None:
    if chunks:
        store.bulk_load("".join(chunks).encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)


def count_nodes(store: pyoxigraph.Store) -> dict[str, int]:
    """Plans, initiatives and targets in a store: each node once."""
    row = next(iter(store.query(COUNTS)))
    return {name: int(row[name].value) for name in ("plans", "initiatives", "targets")}


def staging_folder(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.kg-build-", dir=target.parent))


def replace_folder(new: Path, target: Path) -> None:
    """Move a freshly built folder into place; the old one is removed only once the new one is there."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.kg-old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def open_store(path: Path) -> pyoxigraph.Store:
    """A store folder written by ``kg build --store``, opened read-only."""
    if not path.is_dir():
        raise StoreError(f"{path}: no such store folder (run kg build --store {path} first)")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError:
        raise StoreError(f"{path}: not an Oxigraph store folder") from None

