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

import mmap
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
    """(subject IRI, start, end) of each block of a canonical Turtle text, in order."""
    starts = [(m.start(), m.group(1)) for m in _BLOCK_START.finditer(buf)]
    ends = [start for start, _ in starts[1:]] + [len(buf)]
    return [(subject_iri(token), start, end) for (start, token), end in zip(starts, ends)]


def store_order(iris: list[str]) -> list[str]:
    """The IRIs in the order a store keeps subjects (one triple each in a small store on disk)."""
    if not iris:
        return []
    with tempfile.TemporaryDirectory(prefix="hpkg-order-") as folder:
        store = pyoxigraph.Store(folder)
        store.bulk_load(b"".join(b"<" + iri.encode("utf-8") + b"> " + _ORDER + b' "" .\n' for iri in iris),
                        pyoxigraph.RdfFormat.N_TRIPLES)
        dumped = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph())
        del store
    return [line[1:line.index(b">")].decode("utf-8") for line in dumped.splitlines() if line]


def new_blocks(store: pyoxigraph.Store, subjects: set[str]) -> list[tuple[str, bytes]]:
    """(subject, block) for each of the subjects the store still has, in the store's order."""
    with tempfile.TemporaryDirectory(prefix="hpkg-blocks-") as folder:
        small = pyoxigraph.Store(folder)
        default = pyoxigraph.DefaultGraph()
        small.extend([q for s in sorted(subjects)
                      for q in store.quads_for_pattern(pyoxigraph.NamedNode(s), None, None, default)])
        dumped = small.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=default, prefixes=PREFIXES)
        del small
    return [(iri, dumped[start:end]) for iri, start, end in blocks(dumped)]


def insertion_points(kept: list[str], fresh: list[str]) -> list[int]:
    """For each fresh subject (in store order), the index of the kept subject (in store order) it goes before."""
    if not kept or not fresh:
        return [len(kept)] * len(fresh)
    step = max(1, isqrt(len(kept) // len(fresh)))
    pivots = list(range(0, len(kept), step))
    index = {iri: i for i, iri in enumerate(kept)}
    fresh_set = set(fresh)
    bucket, seen = {}, -1
    for iri in store_order([kept[i] for i in pivots] + fresh):
        if iri in fresh_set:
            bucket[iri] = seen
        else:
            seen = index[iri]
    near = set(pivots)
    for low in set(bucket.values()):               # every kept subject between the pivots around a fresh one
        near.update(range(max(low, 0), min(len(kept), (low if low >= 0 else 0) + step + 1)))
    points, last = {}, -1
    for iri in store_order([kept[i] for i in sorted(near)] + fresh):
        if iri in fresh_set:
            points[iri] = last + 1
        else:
            last = index[iri]
    return [points[iri] for iri in fresh]


def patch_turtle(old: Path, store: pyoxigraph.Store, changed: set[str], fh: BinaryIO) -> None:
    """Write the store's canonical Turtle from the previous file ``old`` (the same store before the
    change), where only the subjects in ``changed`` have different triples."""
    with open(old, "rb") as source, mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        found = blocks(buf)
        header_end = found[0][1] if found else len(buf)
        kept = [(iri, start, end) for iri, start, end in found if iri not in changed]
        fresh = new_blocks(store, changed)
        points = insertion_points([iri for iri, _, _ in kept], [iri for iri, _ in fresh])
        fh.write(buf[:header_end])
        inserts = iter(sorted(zip(points, range(len(fresh)))))
        due = next(inserts, None)
        run_start = run_end = None
        for i, (_, start, end) in enumerate(kept + [(None, None, None)]):
            while due is not None and due[0] == i:
                if run_start is not None:
                    fh.write(buf[run_start:run_end])
                    run_start = None
                fh.write(fresh[due[1]][1])
                due = next(inserts, None)
            if start is None:
                break
            if run_start is not None and start == run_end:
                run_end = end
            else:
                if run_start is not None:
                    fh.write(buf[run_start:run_end])
                run_start, run_end = start, end
        if run_start is not None:
            fh.write(buf[run_start:run_end])
