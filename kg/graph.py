"""Facts -> RDF with the contract's vocabulary (``../shared/CONTRACT.md``).

IRIs are derived from content (region code, plan region and year, a hash of
an initiative's canonical name, …), so the same inputs always give the same
IRIs and, with sorted serialisation, byte-identical Turtle.
"""
from __future__ import annotations

import hashlib
from urllib.parse import quote

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import __version__
from kg.initiatives import surface_label, theme_labels, themes_of
from kg.pipeline import Evidence, PlanFacts
from kg.regions import load_gazetteer
from kg.vocab import HP, ID, PREFIXES

LEVEL_CLASS = {"nation": HP.Nation, "province": HP.Province, "prefecture": HP.Prefecture,
               "county": HP.County, "town": HP.Town}
COMPARATOR = {">=": HP.AtLeast, "<=": HP.AtMost, "=": HP.Exactly}


def _h(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def region_iri(code: str | None, name: str) -> URIRef:
    return ID[f"region/{code}"] if code else ID[f"region/anon-{_h(name, 8)}"]


def plan_iri(facts: PlanFacts) -> URIRef:
    plan = facts.plan
    if plan.region_code:
        return ID[f"plan/{plan.region_code}-{plan.year}"]
    return ID[f"plan/anon-{facts.document.sha256[:8]}-{_h(plan.region_name, 6)}-{plan.year}"]


def initiative_iri(name: str) -> URIRef:
    return ID[f"initiative/{_h(name)}"]


def theme_iri(theme: str) -> URIRef:
    """The IRI of a theme id of ``kg/data/rules/initiatives.yaml``, as declared in ``ontology/themes.ttl``.

    >>> str(theme_iri("primary-care"))
    'https://w3id.org/hpkg/id/theme/primary-care'
    """
    return ID[f"theme/{quote(theme)}"]


THEME_SCHEME = ID["theme"]


def _add_theme(g: set, theme: str) -> URIRef:
    node = theme_iri(theme)
    if (node, RDF.type, SKOS.Concept) not in g:
        labels = theme_labels()[theme]
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.prefLabel, _zh(labels["zh"])))
        g.add((node, SKOS.prefLabel, Literal(labels["en"], lang="en")))
        g.add((node, SKOS.inScheme, THEME_SCHEME))
        g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    return node


def new_graph() -> Graph:
    """An rdflib graph kept in an Oxigraph store: rdflib's API, Oxigraph's speed for SPARQL and Turtle."""
    g = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g


def oxigraph_store(g: Graph) -> pyoxigraph.Store:
    """The Oxigraph store under an rdflib graph; a graph in rdflib's own memory store is copied into one."""
    inner = getattr(g.store, "_inner", None)
    if isinstance(inner, pyoxigraph.Store):
        return inner
    copy = new_graph()
    copy.addN((s, p, o, copy) for s, p, o in g)
    return copy.store._inner


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


_EVIDENCE_TERMS = (HP.evidence, HP.Evidence, HP.quote, HP.inPlan, HP.document, HP.sourceDocument, HP.start, HP.end,
                   HP.rule)


def _add_evidence(g: set, node: URIRef, ev: Evidence, plan: URIRef, doc_node: URIRef, rule: str) -> None:
    evidence, cls, quote_, in_plan, document, source, start, end, rule_ = _EVIDENCE_TERMS   # looked up once
    # one node per span and rule, so that each fact says which rule read it
    ev_node = ID[f"evidence/{_h(ev.document, 8)}-{ev.start}-{ev.end}-{quote(rule)}"]
    g.add((node, evidence, ev_node))
    g.add((ev_node, RDF.type, cls))
    g.add((ev_node, quote_, Literal(ev.quote)))
    g.add((ev_node, in_plan, plan))
    g.add((ev_node, document, Literal(ev.document)))
    g.add((ev_node, source, doc_node))
    g.add((ev_node, start, Literal(ev.start, datatype=XSD.integer)))
    g.add((ev_node, end, Literal(ev.end, datatype=XSD.integer)))
    g.add((ev_node, rule_, Literal(rule)))


def _add_region(g: set, code: str) -> URIRef:
    gazetteer = load_gazetteer()
    node = region_iri(code, "")
    if (node, RDF.type, HP.Region) in g:
        return node
    region = gazetteer.get(code)
    g.add((node, RDF.type, HP.Region))
    g.add((node, RDF.type, LEVEL_CLASS[region.level]))
    g.add((node, RDFS.label, _zh(region.name)))
    if region.short and region.short != region.name:
        g.add((node, SKOS.altLabel, _zh(region.short)))
    g.add((node, HP.level, Literal(region.level)))
    if region.level != "town":
        g.add((node, HP.adminCode, Literal(code)))
    if region.parent:
        g.add((node, HP.partOf, _add_region(g, region.parent)))
    return node


def add_plan_facts(g: set, facts: PlanFacts) -> None:
    """Add the triples of one plan to a set of triples."""
    plan = facts.plan
    doc = facts.document
    doc_node = ID[f"document/{doc.sha256[:16]}"]
    g.add((doc_node, RDF.type, HP.Document))
    g.add((doc_node, DCTERMS.title, Literal(doc.name)))
    g.add((doc_node, HP.sha256, Literal(doc.sha256)))
    g.add((doc_node, HP.encoding, Literal(doc.encoding)))
    g.add((doc_node, HP.toolVersion, Literal(__version__)))

    if plan.region_code:
        region = _add_region(g, plan.region_code)
    else:
        region = region_iri(None, plan.region_name + doc.sha256)
        g.add((region, RDF.type, HP.Region))
        g.add((region, RDF.type, HP.AnonymousRegion))
        g.add((region, RDFS.label, _zh(plan.region_name)))
        g.add((region, HP.level, Literal(plan.level)))
    node = plan_iri(facts)
    g.add((node, RDF.type, HP.Plan))
    g.add((node, RDFS.label, _zh(f"{plan.region_name}{plan.year}年卫生健康工作")))
    g.add((node, HP.region, region))
    g.add((node, HP.year, Literal(plan.year, datatype=XSD.integer)))
    g.add((node, DCTERMS.source, doc_node))
    _add_evidence(g, node, facts.header, node, doc_node, plan.rule)
    for fact in facts.inferred_from:
        if fact.code:
            g.add((node, HP.inferredFrom, _add_region(g, fact.code)))
            _add_evidence(g, node, fact.evidence, node, doc_node, "region-inferred")
    for fact in facts.mentioned_regions:
        g.add((node, HP.mentionsRegion, _add_region(g, fact.code)))
    for group in facts.groups:
        group_node = ID[f"group/{quote(group.name)}"]
        g.add((group_node, RDF.type, HP.RegionGroup))
        g.add((group_node, RDFS.label, _zh(group.name)))
        for code in group.members:
            g.add((group_node, HP.member, _add_region(g, code)))
        g.add((node, HP.mentionsRegion, group_node))

    named = {fact.mention.name for fact in facts.initiatives}
    for fact in facts.initiatives:
        m = fact.mention
        ini = initiative_iri(m.name)
        g.add((ini, RDF.type, HP.Initiative))
        g.add((ini, RDFS.label, _zh(m.name)))
        surface = surface_label(m.text)
        if surface != m.name and m.rule != "bundle-part":
            g.add((ini, SKOS.altLabel, _zh(surface)))
        for theme in themes_of(m.name, m.parts):
            g.add((ini, HP.theme, _add_theme(g, theme)))
        for part in m.parts:
            if part in named:          # a part the extractor rejected has no node to link to
                g.add((ini, HP.hasPart, initiative_iri(part)))
        g.add((node, HP.includes, ini))
        g.add((region, HP.pursues, ini))
        _add_evidence(g, ini, fact.evidence, node, doc_node, m.rule)

    for fact in facts.targets:
        t = fact.mention
        key = f"{t.indicator}|{t.value}|{t.max_value}|{t.unit}|{t.comparator}|{t.year}"
        tn = ID[f"target/{str(node).rsplit('/', 1)[1]}-{_h(key)}"]
        g.add((tn, RDF.type, HP.Target))
        g.add((tn, RDFS.label, _zh(f"{t.indicator} {t.comparator} {_num(t.value)}{t.unit}")))
        g.add((tn, HP.value, Literal(_num(t.value), datatype=XSD.decimal)))
        if t.max_value is not None:
            g.add((tn, HP.maxValue, Literal(_num(t.max_value), datatype=XSD.decimal)))
        g.add((tn, HP.unit, Literal(t.unit)))
        g.add((tn, HP.comparator, COMPARATOR[t.comparator]))
        g.add((tn, HP.indicator, _zh(t.indicator)))
        g.add((tn, HP.year, Literal(t.year, datatype=XSD.integer)))
        if fact.initiative:
            g.add((tn, HP.forInitiative, initiative_iri(fact.initiative)))
        g.add((node, HP.hasTarget, tn))
        g.add((region, HP.setsTarget, tn))
        _add_evidence(g, tn, fact.evidence, node, doc_node, t.rule)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def build_graph(all_facts: list[PlanFacts]) -> Graph:
    """The graph of all facts. Triples are collected in a set, then loaded into the store in one batch:
    far faster than adding them one by one through rdflib."""
    triples: set = set()
    for cls, name in ((HP.AtLeast, ">="), (HP.AtMost, "<="), (HP.Exactly, "=")):
        triples.add((cls, RDF.type, HP.Comparator))
        triples.add((cls, RDFS.label, Literal(name)))
    for facts in all_facts:
        add_plan_facts(triples, facts)
    g = new_graph()
    oxigraph_store(g).extend(_to_oxigraph(triples))
    return g


def _to_oxigraph(triples):
    iris: dict[URIRef, pyoxigraph.NamedNode] = {}

    def iri(term: URIRef) -> pyoxigraph.NamedNode:
        node = iris.get(term)
        if node is None:
            node = iris[term] = pyoxigraph.NamedNode(term)
        return node

    for s, p, o in triples:
        if isinstance(o, Literal):
            if o.language:
                obj = pyoxigraph.Literal(str(o), language=o.language)
            elif o.datatype:
                obj = pyoxigraph.Literal(str(o), datatype=iri(o.datatype))
            else:
                obj = pyoxigraph.Literal(str(o))
        else:
            obj = iri(o)
        yield pyoxigraph.Quad(iri(s), iri(p), obj, pyoxigraph.DefaultGraph())
