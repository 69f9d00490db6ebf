"""The interactive HTML view of the graph (pyvis)."""
from __future__ import annotations

import html

import networkx as nx
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph

from kg.vocab import HP

CLASS_STYLE = {
    HP.Plan: ("plan", "#8e44ad", "box"),
    HP.Initiative: ("initiative", "#2e86de", "dot"),
    HP.Target: ("target", "#e67e22", "diamond"),
    HP.Region: ("region", "#27ae60", "triangle"),
}


def to_networkx(g: Graph) -> nx.DiGraph:
    """Regions, plans, initiatives and targets with their links."""
    nxg = nx.DiGraph()
    for cls, (kind, _, _) in CLASS_STYLE.items():
        for node in sorted(g.subjects(RDF.type, cls)):
            nxg.add_node(str(node), kind=kind, label=str(g.value(node, RDFS.label) or node))
    for s, p, o in sorted(g.triples((None, None, None))):
        if p in (HP.region, HP.includes, HP.hasTarget, HP.partOf) and str(s) in nxg and str(o) in nxg:
            nxg.add_edge(str(s), str(o), label=str(p).rsplit("#", 1)[1])
    return nxg


def graph_view_html(g: Graph) -> str:
    nxg = to_networkx(g)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    colours = {kind: (colour, shape) for kind, colour, shape in CLASS_STYLE.values()}
    for node, data in nxg.nodes(data=True):
        colour, shape = colours[data["kind"]]
        net.add_node(node, label=data["label"], title=html.escape(f"{data['label']} ({data['kind']})"),
                     color=colour, shape=shape)
    for s, o, data in nxg.edges(data=True):
        net.add_edge(s, o, title=data["label"])
    return net.generate_html()
