"""Triples derived from what all the documents say together, added once they are all in the store.

A target stated by several documents has an evidence from each. Tables show one: the first, whose IRI sorts
least. Choosing it at query time compares every evidence of every target, several seconds and some hundreds
of megabytes on a large store; so a build links each target to it (``hp:firstEvidence``), and an update links
again the targets whose evidences changed. A document's own triples never hold the link: it depends on the
other documents.

>>> store = pyoxigraph.Store()
>>> store.load(b'''<t:1> a <https://w3id.org/hpkg/ontology#Target> .
... <t:1> <https://w3id.org/hpkg/ontology#evidence> <e:b> .
... <t:1> <https://w3id.org/hpkg/ontology#evidence> <e:a> .''', pyoxigraph.RdfFormat.TURTLE)
>>> link_first_evidence(store)
(0, 1)
>>> [q.object.value for q in store.quads_for_pattern(None, FIRST_EVIDENCE, None)]
['e:a']
"""
from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph

from kg.rdf.vocab import HP, ID
from kg.rules import data_path

FIRST_EVIDENCE = pyoxigraph.NamedNode(str(HP.firstEvidence))
TARGET_PREFIX = f"{ID}target/"                          # the IRIs of target nodes (kg.rdf.graph)
_CHUNK = 500                                            # targets a query names at once


def _query() -> str:
    # read as kg.rdf.io.internal_query reads it: kg.rdf.io imports kg.rdf.graph, which imports this module
    return data_path("queries", "first-evidence.rq").read_text(encoding="utf-8")


def link_first_evidence(store: pyoxigraph.Store, targets: Iterable[str] | None = None) -> tuple[int, int]:
    """Link every target (or only ``targets``, IRIs: those whose evidences changed) to its first evidence,
    replacing the links they had. Returns how many triples went and how many came."""
    default = pyoxigraph.DefaultGraph()
    if targets is None:
        links = _first_evidences(store, _query())
        store.bulk_load("".join(f"<{t}> <{FIRST_EVIDENCE.value}> <{e}> .\n" for t, e in links).encode("utf-8"),
                        pyoxigraph.RdfFormat.N_TRIPLES)
        return 0, len(links)
    targets = sorted(targets)
    old = [q for t in targets for q in store.quads_for_pattern(pyoxigraph.NamedNode(t), FIRST_EVIDENCE, None, default)]
    for quad in old:
        store.remove(quad)
    links = []
    for i in range(0, len(targets), _CHUNK):
        values = " ".join(f"<{t}>" for t in targets[i:i + _CHUNK])
        text = _query().replace("WHERE {", f"WHERE {{ VALUES ?target {{ {values} }}", 1)
        links += _first_evidences(store, text)
    for t, e in links:
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode(t), FIRST_EVIDENCE, pyoxigraph.NamedNode(e), default))
    return len(old), len(links)


def _first_evidences(store: pyoxigraph.Store, text: str) -> list[tuple[str, str]]:
    return [(row["target"].value, row["first"].value) for row in store.query(text) if row["first"] is not None]
