"""Bulk output: the graph as N-Triples split into N files, for the bulk loaders of large stores.

QLever (``qlever index``), Virtuoso (``ld_dir`` + ``rdf_loader_run``), GraphDB
(``importrdf``) and Oxigraph (``oxigraph load``) all load many N-Triples files
in parallel. The files hold the triples as Oxigraph writes them (one per line,
UTF-8, only the escapes N-Triples needs), sorted in byte order and split
evenly, so the same graph always gives the same files; ``manifest.json``
lists each file with its triple count and SHA-256, the total, and the IRI
namespaces (for a loader's prefix settings).

The triples are streamed from the store and sorted in runs on disk, so the
export never holds the whole graph in Python objects.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph

from kg.rdf.store import StoreError, open_store
from kg.rdf.vocab import PREFIXES

RUN_TRIPLES = 500_000          # triples sorted in memory at a time
MANIFEST = "manifest.json"


def part_name(index: int) -> str:
    """The name of a part file, in an order that sorts like the parts.

    >>> part_name(7)
    'part-00007.nt'
    """
    return f"part-{index:05d}.nt"


def split_sizes(total: int, parts: int) -> list[int]:
    """How many lines each of ``parts`` files gets: even, the larger ones first.

    >>> split_sizes(10, 3)
    [3, 3, 4]
    >>> split_sizes(2, 4)
    [0, 1, 0, 1]
    """
    return [total * (i + 1) // parts - total * i // parts for i in range(parts)]


def ntriples_lines(triples: Iterable[pyoxigraph.Triple]) -> list[bytes]:
    """Each triple as one N-Triples line (with its newline), as Oxigraph writes it.

    >>> t = pyoxigraph.Triple(pyoxigraph.NamedNode("https://w3id.org/hpkg/id/initiative/1"),
    ...                       pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ...                       pyoxigraph.Literal("医疗卫生强基工程", language="zh"))
    >>> ntriples_lines([t])[0].decode()
    '<https://w3id.org/hpkg/id/initiative/1> <http://www.w3.org/2000/01/rdf-schema#label> "医疗卫生强基工程"@zh .\\n'
    """
    data = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return data.splitlines(keepends=True)


def default_graph_triples(store: pyoxigraph.Store) -> Iterator[pyoxigraph.Triple]:
    for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph()):
        yield pyoxigraph.Triple(q.subject, q.predicate, q.object)


def batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sorted_runs(store: pyoxigraph.Store, folder: Path) -> tuple[list[Path], int]:
    """The store's triples as sorted N-Triples run files in ``folder``; with the number of triples."""
    runs, total = [], 0
    for batch in batches(default_graph_triples(store), RUN_TRIPLES):
        lines = sorted(ntriples_lines(batch))
        run = folder / f"run-{len(runs):05d}"
        run.write_bytes(b"".join(lines))
        runs.append(run)
        total += len(lines)
    return runs, total


def write_split_ntriples(store: pyoxigraph.Store, out_dir: Path, parts: int) -> dict:
    """Write the store's default graph as ``parts`` sorted N-Triples files and ``manifest.json``; return the manifest.

    The files are written beside ``out_dir`` first and moved in only when all are done; part
    files left by an earlier export with more parts are removed.
    """
    if parts < 1:
        raise ValueError("the number of parts must be at least 1")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.kg-export-", dir=out_dir.parent))
    try:
        runs_dir = staging / "runs"
        runs_dir.mkdir()
        runs, total = _sorted_runs(store, runs_dir)
        handles = [open(run, "rb") for run in runs]
        try:
            lines = heapq.merge(*handles)
            files = [_write_part(staging / part_name(i), lines, n) for i, n in enumerate(split_sizes(total, parts))]
        finally:
            for fh in handles:
                fh.close()
        manifest = {"format": "application/n-triples", "triples": total, "files": files,
                    "namespaces": dict(sorted(PREFIXES.items()))}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        names = {f["file"] for f in files}
        for name in sorted(names) + [MANIFEST]:
            os.replace(staging / name, out_dir / name)
        for stale in out_dir.glob("part-*.nt"):
            if stale.name not in names:
                stale.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _write_part(path: Path, lines: Iterator[bytes], count: int) -> dict:
    digest = hashlib.sha256()
    size = 0
    with open(path, "wb") as fh:
        for _ in range(count):
            line = next(lines)
            fh.write(line)
            digest.update(line)
            size += len(line)
    return {"file": path.name, "triples": count, "bytes": size, "sha256": digest.hexdigest()}


def load_store(data: Path | None = None, store_dir: Path | None = None) -> pyoxigraph.Store:
    """The graph to export or push: a store folder written by ``kg build --store`` (read-only),
    or a graph file (``out/kg.ttl``, ``.nt``, ``.jsonld`` …) loaded into an in-memory store."""
    if store_dir is not None:
        return open_store(store_dir)
    if data is None or not data.is_file():
        raise StoreError(f"{data}: no such graph file (run kg build first)")
    fmt = pyoxigraph.RdfFormat.from_extension(data.suffix.lstrip(".")) or pyoxigraph.RdfFormat.TURTLE
    store = pyoxigraph.Store()
    try:
        if fmt.supports_datasets:           # TriG, N-Quads, JSON-LD: every graph of the file, merged
            store.bulk_extend(pyoxigraph.Quad(q.subject, q.predicate, q.object)
                              for q in pyoxigraph.parse(path=str(data), format=fmt))
        else:
            store.bulk_load(path=str(data), format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{data}: cannot parse as {fmt.name} ({' '.join(str(exc).split())})") from None
    return store
