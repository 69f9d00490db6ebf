"""The canonical Turtle of an updated store, patched from the previous file instead of written afresh.

Oxigraph writes a store's default graph as one block per subject (the subject, then its predicates and
objects on lines that begin with a tab), blocks in the order of the store's keys, and the graph has no
blank nodes, so a block depends on its subject's triples alone. After an update only the subjects whose
triples changed need new blocks: they are written by Oxigraph from a small store holding just their
triples, and put in the old file where their old blocks stood, or among the old blocks in the store's
order, which a small store of one triple per subject reveals. The old file is read only where that
order is looked for (the blocks around a few thousand evenly spaced places, then every block of the
stretches where a changed subject goes), and copied as it is in between.
The result is byte for byte what :func:`kg.rdf.io.write_turtle` writes for the whole store.
"""
from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import BinaryIO

import pyoxigraph

from kg.rdf.vocab import PREFIXES
from kg.scratch import ScratchDirectory

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
    with ScratchDirectory("probe") as folder:
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
    with ScratchDirectory("blocks") as folder:
        small = pyoxigraph.Store(folder)
        small.bulk_load(triples.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), pyoxigraph.RdfFormat.N_TRIPLES)
        dumped = small.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph(),
                            prefixes=PREFIXES)
        del small
    return [(iri, dumped[start:end]) for iri, start, end in blocks(dumped)]


class OldTurtle:
    """The last build's Turtle file, read only where it is asked about."""

    PIECE = 1 << 16

    def __init__(self, source: BinaryIO):
        self.source = source
        self.size = source.seek(0, 2)
        self.first = self._first_block()

    def _first_block(self) -> int:
        """Where the blocks begin: after the prefix lines."""
        self.source.seek(0)
        offset = 0
        for line in self.source:
            if not line.startswith(b"@prefix"):
                break
            offset += len(line)
        return min(offset, self.size)

    def block_from(self, offset: int) -> int:
        """The start of the first block that starts at ``offset`` or after it (the file's end: none)."""
        if offset <= self.first:
            return self.first
        at = offset - 1
        while True:
            self.source.seek(at)
            piece = self.source.read(self.PIECE)
            found = _LINE_START.search(piece)
            if found:
                return at + found.start() + 1
            if len(piece) < self.PIECE:
                return self.size
            at += len(piece) - 1          # the next piece begins with this one's last byte: maybe a newline

    def blocks_between(self, start: int, end: int) -> list[tuple[int, str]]:
        """(start, subject IRI) of every block that starts in [start, end); ``start`` is a block's start."""
        self.source.seek(start)
        text = self.source.read(end - start)
        found = [0] + [m.start() + 1 for m in _LINE_START.finditer(text)] if start < end else []
        return [(start + at, self._iri(text, at)) for at in found]

    def iri_at(self, start: int) -> str:
        self.source.seek(start)
        return subject_iri(self.source.read(_TOKEN_MAX).split(b" ", 1)[0])

    def _iri(self, text: bytes, at: int) -> str:
        space = text.find(b" ", at)
        return subject_iri(text[at:space]) if space >= 0 else self.iri_at(at)

    def copy(self, start: int, end: int, fh: BinaryIO) -> None:
        """The bytes [start, end) of the file, written to ``fh`` in pieces."""
        self.source.seek(start)
        while start < end:
            piece = self.source.read(min(1 << 22, end - start))
            if not piece:
                return
            start += len(piece)
            fh.write(piece)


_LINE_START = re.compile(rb"\n(?=[^\t@\s])")      # a newline before a block's subject
_TOKEN_MAX = 4096                                   # longer than any subject's name in the file
SAMPLES = 4096                                      # evenly spaced places in the old file where its order is read


def places(old: OldTurtle, subjects: set[str]) -> dict[str, tuple[int, int]]:
    """For each subject, in the store's order: where its new block goes in the old file and where the rest of the
    old file resumes after it: its old block's start and end, or twice the start of the first old block
    after it when it had none."""
    if not subjects:
        return {}
    samples: list[tuple[int, str]] = []
    for i in range(SAMPLES):
        start = old.block_from(old.first + (old.size - old.first) * i // SAMPLES)
        if start < old.size and (not samples or start > samples[-1][0]):
            samples.append((start, old.iri_at(start)))
    wanted = set(subjects)
    rank = {iri: i for i, iri in enumerate(store_order(list({iri for _, iri in samples} | wanted)))}
    ordered = sorted(wanted, key=rank.__getitem__)
    stretches: dict[tuple[int, int], list[str]] = {}       # (start, end) of old bytes -> the subjects in it
    starts = [rank[iri] for _, iri in samples]
    for iri in ordered:
        i = bisect.bisect_right(starts, rank[iri])          # the samples up to it and the first after it
        low = samples[i - 1][0] if i else old.first
        high = samples[i][0] if i < len(samples) else old.size
        stretches.setdefault((low, high), []).append(iri)
    around = {stretch: old.blocks_between(*stretch) for stretch in stretches}
    rank = {iri: i for i, iri in enumerate(store_order(list({iri for blocks in around.values() for _, iri in blocks}
                                                            | wanted)))}
    out = {}
    for (low, high), inside in stretches.items():
        blocks = around[low, high]
        for iri in inside:
            later = [start for start, other in blocks if rank[other] >= rank[iri]]
            at = later[0] if later else high
            same = [i for i, (start, other) in enumerate(blocks) if other == iri]
            end = (blocks[same[0] + 1][0] if same[0] + 1 < len(blocks) else high) if same else at
            out[iri] = (at, end)
    return {iri: out[iri] for iri in ordered}


def patch_turtle(old: Path, store: pyoxigraph.Store, changed: set[str], fh: BinaryIO) -> None:
    """Write the store's canonical Turtle from the previous file ``old`` (the same store before the
    change), where only the subjects in ``changed`` have different triples."""
    fresh = dict(new_blocks(store, changed))
    with open(old, "rb") as source:
        before = OldTurtle(source)
        cursor = 0
        for iri, (at, resume) in places(before, changed).items():     # in store order: never going back
            before.copy(cursor, at, fh)
            if iri in fresh:
                fh.write(fresh[iri])
            cursor = max(cursor, resume, at)
        before.copy(cursor, before.size, fh)
