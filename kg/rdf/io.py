"""The one reader and the one writer of graph files.

``load_graph`` reads every format the project writes or accepts (Turtle, N-Triples, JSON-LD, TriG,
N-Quads; a dataset's graphs merged). ``write_turtle`` is the canonical Turtle writer used by every
build mode: the default graph of an Oxigraph store on disk, in the store's own order, with the
prefixes sorted, so that a build in memory and a build with ``--store`` write the same bytes.
"""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from typing import BinaryIO

import pyoxigraph
from rdflib import Dataset, Graph

from kg.errors import UserError
from kg.rdf.vocab import PREFIXES
from kg.scratch import ScratchDirectory, scratch_folder

READ_FORMATS = {".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads", ".ttl": "turtle"}


class GraphFileError(UserError):
    pass


def load_graph(path: Path) -> Graph:
    """The graph in a Turtle, N-Triples, JSON-LD, TriG or N-Quads file (a dataset's graphs merged)."""
    if not path.is_file():
        raise GraphFileError(f"{path}: no such graph file (run kg build first)")
    fmt = READ_FORMATS.get(path.suffix.lower(), "turtle")
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(path, format=fmt)
            g = Graph()
            for prefix, ns in ds.namespaces():
                g.bind(prefix, ns)
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(path, format=fmt)
    except Exception as exc:       # rdflib raises many parser types
        raise GraphFileError(f"{path}: cannot parse as {fmt} ({str(exc).splitlines()[0]})") from None


def internal_query(name: str) -> str:
    """The text of one of the code's own queries (``kg/data/queries/NAME.rq``).

    >>> "COUNT(DISTINCT ?plan)" in internal_query("count-nodes")
    True
    """
    from kg.rules import data_path

    return data_path("queries", f"{name}.rq").read_text(encoding="utf-8")


def write_turtle(store: pyoxigraph.Store, fh: BinaryIO) -> None:
    """Write the default graph of an on-disk store as canonical Turtle: prefixes sorted, then the body."""
    with BackgroundDump(store) as dump:
        dump.write(fh)


class BackgroundDump:
    """A store's Turtle, dumped to a temporary file by a thread of its own while the caller goes on
    (Oxigraph lets go of the interpreter while it dumps): ``write(fh)`` waits for it and writes the
    canonical file. Used as a context, the file is removed at the end.
    """

    def __init__(self, store: pyoxigraph.Store):
        self._folder = scratch_folder("turtle")
        self._path = os.path.join(self._folder, "dump.ttl")
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._dump, args=(store,), name="hpkg-turtle")
        self._thread.start()

    def _dump(self, store: pyoxigraph.Store) -> None:
        try:        # to a path, not a Python file: writing through one would take the interpreter back
            store.dump(self._path, pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(),
                       prefixes=PREFIXES)
        except BaseException as exc:      # raised again by write(), in the caller's thread
            self._error = exc

    def write(self, fh: BinaryIO) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
        with open(self._path, "rb") as dumped:
            prefixes, first = [], b""
            for line in dumped:
                if not line.startswith(b"@prefix"):
                    first = line
                    break
                prefixes.append(line)
            fh.writelines(sorted(prefixes))
            fh.write(first)
            shutil.copyfileobj(dumped, fh)

    def close(self) -> None:
        self._thread.join()
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> "BackgroundDump":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def turtle_from_ntriples(chunks: list[bytes]) -> bytes:
    """Canonical Turtle of N-Triples text (several chunks, in any order): loaded into a temporary store on
    disk and written by :func:`write_turtle`, as a ``--store`` build writes it."""
    import io

    with ScratchDirectory("turtle") as folder:
        store = pyoxigraph.Store(folder)
        store.bulk_load(b"".join(chunks), pyoxigraph.RdfFormat.N_TRIPLES)
        out = io.BytesIO()
        write_turtle(store, out)
        del store
        return out.getvalue()


def serialise_turtle(graph: Graph) -> bytes:
    """A graph (over an Oxigraph store) as canonical Turtle."""
    from kg.rdf.graph import oxigraph_store

    dump = oxigraph_store(graph).dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
    return turtle_from_ntriples([dump])
