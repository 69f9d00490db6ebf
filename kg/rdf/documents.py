"""A document's graph: which triples each source document supports, one meaning for every use.

``kg push --per-document`` uploads one named graph per document and ``kg export --format trig``
writes them: each triple goes to exactly one graph, its document's when one document supports it
(read off the evidence: ``hp:sourceDocument``, ``hp:inPlan``), else the shared graph, so that the graphs
together are the build, without duplicates.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph

_HP = "https://w3id.org/hpkg/ontology#"
_RDF_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_DOCUMENT = pyoxigraph.NamedNode(_HP + "Document")
_EVIDENCE, _SOURCE_DOCUMENT, _IN_PLAN, _REGION = (pyoxigraph.NamedNode(_HP + n) for n in
                                                   ("evidence", "sourceDocument", "inPlan", "region"))
_PLAN_LINKS = {pyoxigraph.NamedNode(_HP + n) for n in ("includes", "hasTarget")}
_REGION_LINKS = {pyoxigraph.NamedNode(_HP + n) for n in ("pursues", "setsTarget")}


class _Provenance:
    """Which documents support which nodes, read off the evidence in the graph."""

    def __init__(self, triples: list[pyoxigraph.Triple]):
        self.source: dict = {}                      # evidence -> document
        self.plan_of: dict = {}                     # evidence -> plan
        self.evidence: dict = defaultdict(list)     # node -> its evidence
        self.regions: dict = defaultdict(set)       # plan -> its regions
        self.documents: set = set()
        for t in triples:
            if t.predicate == _SOURCE_DOCUMENT:
                self.source[t.subject] = t.object
            elif t.predicate == _IN_PLAN:
                self.plan_of[t.subject] = t.object
            elif t.predicate == _EVIDENCE:
                self.evidence[t.subject].append(t.object)
            elif t.predicate == _REGION:
                self.regions[t.subject].add(t.object)
            elif t.predicate == _RDF_TYPE and t.object == _DOCUMENT:
                self.documents.add(t.subject)

    def of_node(self, node) -> set:
        if node in self.documents:
            return {node}
        if node in self.source:
            return {self.source[node]}
        return {self.source[e] for e in self.evidence.get(node, ()) if e in self.source}

    def of_triple(self, t: pyoxigraph.Triple) -> set:
        if t.predicate == _EVIDENCE and t.object in self.source:
            return {self.source[t.object]}
        evidence = [e for e in self.evidence.get(t.object, ()) if e in self.source and e in self.plan_of]
        if t.predicate in _PLAN_LINKS:          # plan -> initiative or target: where that plan names it
            found = {self.source[e] for e in evidence if self.plan_of[e] == t.subject}
            if found:
                return found
        if t.predicate in _REGION_LINKS:        # region -> initiative or target: where a plan of the region names it
            return {self.source[e] for e in evidence if t.subject in self.regions.get(self.plan_of[e], ())}
        return self.of_node(t.subject)


def document_graphs(triples: Iterable[pyoxigraph.Triple], shared: str) -> dict[str, list]:
    """Split a build's triples into one graph per source document (keyed by the document IRI) and a shared graph.

    Each triple goes to exactly one graph, so the graphs together are the build, without
    duplicates, whether a store's union of its graphs keeps duplicates (Oxigraph) or not.
    """
    triples = list(triples)
    prov = _Provenance(triples)
    graphs: dict[str, list] = defaultdict(list)
    for t in triples:
        docs = prov.of_triple(t)
        graphs[next(iter(docs)).value if len(docs) == 1 else shared].append(t)
    return {iri: sorted(graphs[iri], key=str) for iri in sorted(graphs)}
