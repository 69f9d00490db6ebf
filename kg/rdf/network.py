"""The one conversion of an RDF graph into networkx: every output that works on a network (the
GraphML export, the HTML page, its focused views) starts from it.

Nodes are IRIs, with two attributes: ``types`` (their ``rdf:type`` IRIs, sorted) and ``values``
(predicate IRI -> its literals, and the IRIs outside the network, sorted). Edges are IRI-to-IRI triples other than
``rdf:type``, one per predicate (``key`` and attribute ``predicate`` are the predicate IRI).

``keep`` narrows the network to nodes of some classes (an IRI typed with one of them, or the
object of one of ``objects_of``) and the edges between them, so a view never carries the
graph's evidence nodes.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix hp: <https://w3id.org/hpkg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix : <https://w3id.org/hpkg/id/> .
... :r340000 a hp:Region, hp:Province ; rdfs:label "安徽省"@zh ; hp:adminCode "340000" .
... :p1 a hp:Plan ; hp:region :r340000 ; hp:evidence :e1 .
... :e1 a hp:Evidence ; hp:quote "全省" .
... ''')
>>> net = to_networkx(g)
>>> sorted(net.nodes), [p.rsplit("#")[-1] for _, _, p in sorted(net.edges(keys=True))]
(['https://w3id.org/hpkg/id/e1', 'https://w3id.org/hpkg/id/p1', 'https://w3id.org/hpkg/id/r340000'], ['evidence', 'region'])
>>> from kg.rdf.vocab import HP
>>> sorted(to_networkx(g, keep={HP.Plan, HP.Region}).nodes)
['https://w3id.org/hpkg/id/p1', 'https://w3id.org/hpkg/id/r340000']
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef


def to_networkx(g: Graph, keep: set[URIRef] | None = None, objects_of: tuple[URIRef, ...] = ()) -> nx.MultiDiGraph:
    """The network of ``g`` (every IRI, or only those ``keep`` and ``objects_of`` select)."""
    selected = None if keep is None else _selected(g, keep, objects_of)
    types: dict[URIRef, list] = defaultdict(list)
    values: dict[URIRef, dict] = defaultdict(lambda: defaultdict(list))
    edges = []
    for s, p, o in _triples(g, selected):
        if not isinstance(s, URIRef):
            continue
        if p == RDF.type:
            types[s].append(o)
        elif isinstance(o, Literal):
            values[s][p].append(o)
        elif isinstance(o, URIRef) and (selected is None or o in selected):
            edges.append((s, o, p))
        elif isinstance(o, URIRef):
            values[s][p].append(o)
    net = nx.MultiDiGraph()
    nodes = sorted(selected if selected is not None else
                   set(types) | set(values) | {s for s, _, _ in edges} | {o for _, o, _ in edges})
    for node in nodes:
        net.add_node(str(node), types=sorted(types.get(node, ())),
                     values={p: sorted(v, key=_literal_order) for p, v in sorted(values.get(node, {}).items())})
    for s, o, p in sorted(edges):
        net.add_edge(str(s), str(o), key=str(p), predicate=str(p))
    return net


def _selected(g: Graph, keep: set[URIRef], objects_of: tuple[URIRef, ...]) -> set[URIRef]:
    nodes = {s for cls in keep for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}
    nodes |= {o for p in objects_of for o in g.objects(None, p) if isinstance(o, URIRef)}
    return nodes


def _triples(g: Graph, selected: set[URIRef] | None):
    if selected is None:
        return sorted(g)
    return sorted(t for node in selected for t in g.triples((node, None, None)))


def _literal_order(term) -> tuple:
    return (str(term), getattr(term, "language", None) or "", str(getattr(term, "datatype", None) or ""))


def preferred_label(values: dict, *predicates: URIRef) -> str | None:
    """The label a Chinese reader wants among ``values`` (predicate -> literals): the first predicate
    that has one, an @zh literal first, then one without a language, then any; the smallest of equals,
    so the choice never depends on the store's order. None when there is none.

    >>> from rdflib import RDFS
    >>> preferred_label({RDFS.label: [Literal("Anhui", lang="en"), Literal("安徽省", lang="zh")]}, RDFS.label)
    '安徽省'
    """
    best = []
    for rank, pred in enumerate(predicates):
        for lit in values.get(pred, ()):
            lang = (getattr(lit, "language", None) or "").lower()
            best.append((rank, 0 if lang.startswith("zh") else 1 if not lang else 2, str(lit)))
    return min(best)[2] if best else None
