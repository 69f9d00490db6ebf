"""Network analysis of a built graph (networkx): which initiatives are most
adopted, which regions pursue the same initiatives, and the communities they form.

All results are sorted with explicit tie-breaks, so the same graph always
gives the same tables.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix hp: <https://w3id.org/hpkg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix : <https://w3id.org/hpkg/id/> .
... :r340000 a hp:Region ; rdfs:label "安徽省"@zh ; hp:pursues :ia, :ib .
... :r310000 a hp:Region ; rdfs:label "上海市"@zh ; hp:pursues :ia .
... :ia a hp:Initiative ; rdfs:label "儿科和精神卫生服务年"@zh .
... :ib a hp:Initiative ; rdfs:label "医疗卫生强基工程"@zh .
... ''')
>>> [(a.label, a.count) for a in adoption(g)]
[('儿科和精神卫生服务年', 2), ('医疗卫生强基工程', 1)]
>>> [(s.a, s.b, s.shared, s.jaccard) for s in region_similarity(g)]
[('上海市', '安徽省', 1, 0.5)]
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from rdflib import RDFS, Graph, URIRef

from kg.rdf.network import preferred_label
from kg.rdf.vocab import HP


@dataclass(frozen=True)
class Adoption:
    initiative: str          # IRI
    label: str
    regions: tuple[str, ...]  # region labels, sorted

    @property
    def count(self) -> int:
        return len(self.regions)


@dataclass(frozen=True)
class Similarity:
    a: str
    b: str
    shared: int
    jaccard: float
    examples: tuple[str, ...]  # up to three shared initiatives


@dataclass(frozen=True)
class Community:
    regions: tuple[str, ...]
    initiatives: tuple[str, ...]  # the initiatives most of its regions share, most shared first


def zh_label(g: Graph, node: URIRef, *predicates: URIRef) -> str:
    """The node's Chinese label (rdfs:label unless other predicates are given, in order of preference,
    :func:`kg.rdf.network.preferred_label`); the IRI when there is none."""
    predicates = predicates or (RDFS.label,)
    label = preferred_label({p: list(g.objects(node, p)) for p in predicates}, *predicates)
    return str(node) if label is None else label


def pursued(g: Graph) -> dict[str, frozenset[str]]:
    """Region label -> the IRIs of the initiatives it pursues (hp:pursues)."""
    out: dict[str, set[str]] = defaultdict(set)
    for region, initiative in g.subject_objects(HP.pursues):
        out[zh_label(g, region)].add(str(initiative))
    return {name: frozenset(inits) for name, inits in sorted(out.items())}


def initiative_labels(g: Graph) -> dict[str, str]:
    return {str(i): zh_label(g, i) for i in set(g.objects(None, HP.pursues))}


def adoption(g: Graph) -> list[Adoption]:
    """Initiatives ranked by how many regions pursue them (then by name)."""
    by_initiative: dict[str, set[str]] = defaultdict(set)
    for region, inits in pursued(g).items():
        for i in inits:
            by_initiative[i].add(region)
    labels = initiative_labels(g)
    rows = [Adoption(i, labels[i], tuple(sorted(regions))) for i, regions in by_initiative.items()]
    return sorted(rows, key=lambda r: (-r.count, r.label, r.initiative))


def region_similarity(g: Graph) -> list[Similarity]:
    """Pairs of regions sharing at least one initiative, most similar (Jaccard) first."""
    regions = pursued(g)
    labels = initiative_labels(g)
    adopted = {a.initiative: a.count for a in adoption(g)}
    rows = []
    for a, b in combinations(sorted(regions), 2):
        shared = regions[a] & regions[b]
        if not shared:
            continue
        union = regions[a] | regions[b]
        examples = sorted(shared, key=lambda i: (-adopted[i], labels[i]))[:3]
        rows.append(Similarity(a, b, len(shared), round(len(shared) / len(union), 3),
                               tuple(labels[i] for i in examples)))
    return sorted(rows, key=lambda s: (-s.jaccard, -s.shared, s.a, s.b))


def similarity_graph(g: Graph) -> nx.Graph:
    """Regions joined by an edge weighted with their Jaccard similarity."""
    sim = nx.Graph()
    sim.add_nodes_from(sorted(pursued(g)))
    for s in region_similarity(g):
        sim.add_edge(s.a, s.b, weight=s.jaccard, shared=s.shared)
    return sim


def communities(g: Graph) -> list[Community]:
    """Groups of regions that pursue the same initiatives (greedy modularity, deterministic)."""
    sim = similarity_graph(g)
    if sim.number_of_edges() == 0:
        groups = [{n} for n in sim.nodes]
    else:
        groups = nx.community.greedy_modularity_communities(sim, weight="weight")
    regions = pursued(g)
    labels = initiative_labels(g)
    out = []
    for group in groups:
        members = tuple(sorted(group))
        counts: dict[str, int] = defaultdict(int)
        for r in members:
            for i in regions[r]:
                counts[i] += 1
        need = 2 if len(members) > 1 else 1
        common = sorted((i for i, c in counts.items() if c >= need), key=lambda i: (-counts[i], labels[i]))
        out.append(Community(members, tuple(labels[i] for i in common)))
    return sorted(out, key=lambda c: (-len(c.regions), c.regions))


def adoption_counts(g: Graph) -> dict[str, int]:
    """Initiative IRI -> number of regions pursuing it (the view sizes initiatives by it)."""
    return {a.initiative: a.count for a in adoption(g)}


# ---- tables for `kg stats` ----

def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def format_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain-text table whose columns line up with Chinese text (wide characters count twice)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])


def _names(items: tuple[str, ...], limit: int) -> str:
    shown = "、".join(items[:limit])
    return shown + (f" 等{len(items)}个" if len(items) > limit else "")


def stats_json(g: Graph, top: int = 15) -> str:
    """The same figures as `stats_report`, as JSON (full region lists, no truncation)."""
    data = {
        "adoption": [{"initiative": a.label, "iri": a.initiative, "regions": list(a.regions), "count": a.count}
                     for a in adoption(g)[:top]],
        "similarity": [{"a": s.a, "b": s.b, "shared": s.shared, "jaccard": s.jaccard, "examples": list(s.examples)}
                       for s in region_similarity(g)[:top]],
        "communities": [{"regions": list(c.regions), "initiatives": list(c.initiatives)} for c in communities(g)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def stats_report(g: Graph, top: int = 15) -> str:
    """The three tables `kg stats` prints."""
    ranking = adoption(g)
    adoption_rows = [[str(n), a.label, str(a.count), _names(a.regions, 4)]
                     for n, a in enumerate(ranking[:top], 1)]
    sims = region_similarity(g)
    sim_rows = [[s.a, s.b, str(s.shared), f"{s.jaccard:.3f}", "、".join(s.examples)] for s in sims[:top]]
    comms = communities(g)
    comm_rows = [[str(n), str(len(c.regions)), _names(c.regions, 6), _names(c.initiatives, 3)]
                 for n, c in enumerate(comms, 1)]
    parts = [
        f"Adoption of initiatives (top {min(top, len(ranking))} of {len(ranking)})",
        format_table(["rank", "initiative", "regions", "pursued by"], adoption_rows),
        "",
        f"Similar regions by shared initiatives (top {min(top, len(sims))} of {len(sims)} pairs)",
        format_table(["region", "region", "shared", "jaccard", "shared initiatives"], sim_rows),
        "",
        f"Communities of regions ({len(comms)})",
        format_table(["#", "size", "regions", "initiatives most of them share"], comm_rows),
    ]
    return "\n".join(parts)
