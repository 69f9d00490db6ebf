"""The canonical Turtle of an updated store, patched from the previous file instead of written afresh.

Oxigraph writes a store's default graph as one block per subject (the subject, then its predicates and
objects on lines that begin with a tab), blocks in the order of the store's keys, and the graph has no
blank nodes, so a block depends on its subject's triples alone. After an update only the subjects whose
triples changed need new blocks: they are written by Oxigraph from a small store holding just their
triples, and put among the old blocks in the store's order, which a small store of one triple per
subject reveals (first among every k-th old subject, then among the old subjects next to each new one).
The result is byte for byte what :func:`kg.rdf.io.write_turtle` writes for the whole store.
"""
from __future__ import annotations

from array import array
import re
import tempfile
from math import isqrt
from pathlib import Path
from typing import BinaryIO

import pyoxigraph

from kg.rdf.vocab import PREFIXES

_BLOCK_START = re.compile(rb"(?m)^([^\t@\s]\S*) ")
_ESCAPE = re.compile(r"\\(.)")
_ORDER = b"<urn:hpkg:order>"


def subject_iri(token: bytes) -> str:
    """The IRI a block's subject token names.

    >>> subject_iri(b"<https://w3id.org/hpkg/id/x>"), subject_iri(b"evidence:5d-7-9-targets\\\\/units\\\\/%25")
    ('https://w3id.org/hpkg/id/x', 'https://w3id.org/hpkg/id/evidence/5d-7-9-targets/units/%25')
    """
    text = token.decode("utf-8")
    if text.startswith("<"):
        return text[1:-1]
    prefix, _, local = text.partition(":")
    return PREFIXES[prefix] + _ESCAPE.sub(r"\1", local)


def blocks(buf) -> list[tuple[str, int, int]]:
    """(subject IRI, start, end) of each block of a (small) canonical Turtle text, in order."""
    starts = [(m.start(), m.group(1)) for m in _BLOCK_START.finditer(buf)]
    ends = [start for start, _ in starts[1:]] + [len(buf)]
    return [(subject_iri(token), start, end) for (start, token), end in zip(starts, ends)]


def _probe(iris, fmt: pyoxigraph.RdfFormat) -> bytes:
    """A small store on disk with one triple for each IRI as subject, written in ``fmt`` with our prefixes:
    the order and the names the store gives those subjects."""
    with tempfile.TemporaryDirectory(prefix="hpkg-probe-") as folder:
        store = pyoxigraph.Store(folder)
        store.bulk_load(b"".join(b"<" + iri.encode("utf-8") + b"> " + _ORDER + b' "" .\n' for iri in iris),
                        pyoxigraph.RdfFormat.N_TRIPLES)
        dumped = store.dump(format=fmt, from_graph=pyoxigraph.DefaultGraph(), prefixes=PREFIXES)
        del store
    return dumped


def store_order(iris: list[str]) -> list[str]:
    """The IRIs in the order a store keeps subjects."""
    if not iris:
        return []
    dumped = _probe(iris, pyoxigraph.RdfFormat.N_TRIPLES)
    return [line[1:line.index(b">")].decode("utf-8") for line in dumped.splitlines() if line]


def new_blocks(store: pyoxigraph.Store, subjects: set[str]) -> list[tuple[str, bytes]]:
    """(subject, block) for each of the subjects the store still has, in the store's order.

    The triples go from the store to a small one as N-Triples, without Python objects on the way: a
    changed initiative or region may have tens of thousands."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { "
                          + " ".join(f"<{s}>" for s in sorted(subjects)) + " } ?s ?p ?o }")
    with tempfile.TemporaryDirectory(prefix="hpkg-blocks-") as folder:
        small = pyoxigraph.Store(folder)
        small.bulk_load(triples.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), pyoxigraph.RdfFormat.N_TRIPLES)
        dumped = small.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(),
                            prefixes=PREFIXES)
        del small
    return [(iri, dumped[start:end]) for iri, start, end in blocks(dumped)]


class OldTurtle:
    """The blocks of the last build's Turtle file, read in pieces (memory stays flat): their starts, and
    which of them belong to changed subjects; a subject's IRI is read only where the order needs it."""

    PIECE = 1 << 22

    def __init__(self, source: BinaryIO, changed: set[str]):
        self.source = source
        self.starts = array("q")
        self.kept = array("q")          # indices of the blocks whose subjects did not change
        self.dropped: list[int] = []    # and of those whose subjects did
        tokens = _tokens(changed)
        offset, rest = 0, b""
        while piece := source.read(self.PIECE):
            piece = rest + piece
            cut = piece.rfind(b"\n") + 1       # whole lines only: a block start is a line start
            piece, rest = piece[:cut], piece[cut:]
            for m in _BLOCK_START.finditer(piece):
                (self.dropped if m.group(1) in tokens else self.kept).append(len(self.starts))
                self.starts.append(offset + m.start())
            offset += len(piece)
        self.starts.append(offset + len(rest))

    def read(self, start: int, end: int):
        """The bytes [start, end) of the file, in pieces."""
        self.source.seek(start)
        while start < end:
            piece = self.source.read(min(self.PIECE, end - start))
            if not piece:
                return
            start += len(piece)
            yield piece

    def header(self):
        return self.read(0, self.starts[0])

    def iri(self, block: int) -> str:
        self.source.seek(self.starts[block])
        line = self.source.readline()
        return subject_iri(line[:line.index(b" ")])

    def kept_bytes(self, first: int, stop: int):
        """The bytes of the kept blocks at positions [first, stop): side by side in the file."""
        return self.read(self.starts[self.kept[first]], self.starts[self.kept[stop - 1] + 1])

    def breaks(self) -> set[int]:
        """Positions among the kept blocks where a dropped block stood before them."""
        return {block - i for i, block in enumerate(self.dropped)}


def _tokens(iris: set[str]) -> set[bytes]:
    """How the Turtle writer names each of these IRIs as a subject (a prefixed name, or the IRI)."""
    if not iris:
        return set()
    return {m.group(1) for m in _BLOCK_START.finditer(_probe(iris, pyoxigraph.RdfFormat.TURTLE))}


def insertion_points(old: OldTurtle, fresh: list[str]) -> list[int]:
    """For each fresh subject (in store order), the position among the kept blocks it goes before."""
    kept = old.kept
    if not kept or not fresh:
        return [len(kept)] * len(fresh)
    step = max(1, isqrt(len(kept) // len(fresh)))
    fresh_set = set(fresh)

    def placed(positions: list[int]) -> dict[str, int]:
        """fresh IRI -> the last of these kept positions before it in the store's order (-1: none)."""
        at = {old.iri(kept[p]): p for p in positions}
        out, last = {}, -1
        for iri in store_order(list(at) + fresh):
            if iri in fresh_set:
                out[iri] = last
            else:
                last = at[iri]
        return out

    pivots = list(range(0, len(kept), step))
    near = set(pivots)
    for low in set(placed(pivots).values()):      # every kept block between the pivots around a fresh one
        near.update(range(max(low, 0), min(len(kept), max(low, 0) + step + 1)))
    exact = placed(sorted(near))
    return [exact[iri] + 1 for iri in fresh]


def patch_turtle(old: Path, store: pyoxigraph.Store, changed: set[str], fh: BinaryIO) -> None:
    """Write the store's canonical Turtle from the previous file ``old`` (the same store before the
    change), where only the subjects in ``changed`` have different triples."""
    with open(old, "rb") as source:
        before = OldTurtle(source, changed)
        fresh = new_blocks(store, changed)
        points = insertion_points(before, [iri for iri, _ in fresh])
        fh.writelines(list(before.header()))
        inserts: dict[int, list[bytes]] = {}
        for point, (_, block) in zip(points, fresh):
            inserts.setdefault(point, []).append(block)
        count = len(before.kept)
        events = sorted({0, count} | set(inserts) | before.breaks())
        for here, following in zip(events, events[1:] + [count]):
            for block in inserts.get(here, ()):
                fh.write(block)
            if here < following:
                for piece in before.kept_bytes(here, following):
                    fh.write(piece)
