"""Facts -> RDF with the contract's vocabulary (``../shared/CONTRACT.md``).

IRIs are derived from content (region code, plan region and year, a hash of
an initiative's canonical name, …), so the same inputs always give the same
IRIs and, with sorted serialisation, byte-identical Turtle.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import __version__
from kg.extract.initiatives import surface_label, theme_labels
from kg.extract.pipeline import Evidence, PlanFacts
from kg.rdf.indicators import SCHEME as INDICATOR_SCHEME, concepts as indicator_concepts, match_indicator
from kg.rdf.vocab import HP, ID, PREFIXES

LEVEL_CLASS = {"nation": HP.Nation, "province": HP.Province, "prefecture": HP.Prefecture,
               "county": HP.County, "town": HP.Town}
COMPARATOR = {">=": HP.AtLeast, "<=": HP.AtMost, "=": HP.Exactly}


@lru_cache(maxsize=65536)
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
        g.add((node, SKOS.prefLabel, _en(labels["en"])))
        g.add((node, SKOS.inScheme, THEME_SCHEME))
        g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    return node


def _add_measure(g: set, target: URIRef, indicator: str, unit: str) -> None:
    """``target hp:measures concept`` when the indicator text denotes a concept of ``ontology/indicators.ttl``."""
    match = match_indicator(indicator, unit)
    if match is None:
        return
    c = indicator_concepts()[match.concept]
    if (c.iri, RDF.type, SKOS.Concept) not in g:
        g.add((c.iri, RDF.type, SKOS.Concept))
        g.add((c.iri, SKOS.prefLabel, _zh(c.label)))
        g.add((c.iri, SKOS.prefLabel, _en(c.en)))
        for alt in c.alt_labels:
            g.add((c.iri, SKOS.altLabel, _zh(alt)))
        g.add((c.iri, HP.unitKind, _text(c.unit_kind)))
        g.add((c.iri, HP.direction, _text(c.direction)))
        g.add((c.iri, SKOS.inScheme, INDICATOR_SCHEME))
        g.add((INDICATOR_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((target, HP.measures, c.iri))


def graph_over(store: pyoxigraph.Store) -> Graph:
    """An rdflib graph over the default graph of an Oxigraph store: rdflib's API, Oxigraph's speed
    for SPARQL and Turtle."""
    from oxrdflib import OxigraphStore

    g = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        g.bind(prefix, namespace)
    return g


def new_graph() -> Graph:
    """An empty graph in a new in-memory Oxigraph store."""
    return graph_over(pyoxigraph.Store())


def oxigraph_store(g: Graph) -> pyoxigraph.Store:
    """The Oxigraph store under an rdflib graph; a graph in rdflib's own memory store is copied into one."""
    inner = getattr(g.store, "_inner", None)
    if isinstance(inner, pyoxigraph.Store):
        return inner
    copy = new_graph()
    copy.parse(data=g.serialize(format="nt"), format="ox-nt")
    return copy.store._inner


class Lexical(str):
    """An RDF literal already written as N-Triples ("…"@zh, "2025"^^xsd:integer)."""


# Canonical N-Triples escapes, as Oxigraph writes them: the lines sort the same way as its own.
_ESCAPES = str.maketrans({chr(c): f"\\u{c:04X}" for c in [*range(0x20), 0x7F]}
                         | {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"})


def _text(value: str, suffix: str = "") -> Lexical:
    return Lexical(f'"{str(value).translate(_ESCAPES)}"{suffix}')


def _zh(text: str) -> Lexical:
    return _text(text, "@zh")


def _en(text: str) -> Lexical:
    return _text(text, "@en")


def _integer(value: int) -> Lexical:
    return Lexical(f'"{int(value)}"^^<{XSD.integer}>')


def _decimal(value: float) -> Lexical:
    return Lexical(f'"{_num(value)}"^^<{XSD.decimal}>')


class Triples:
    """Triples as N-Triples lines, each once. Writing lines directly, with no rdflib term objects,
    is what keeps the graph stage fast on large corpora.

    >>> t = Triples()
    >>> t.add((ID["region/340000"], RDFS.label, _zh("安徽省")))
    >>> t.ntriples()
    '<https://w3id.org/hpkg/id/region/340000> <http://www.w3.org/2000/01/rdf-schema#label> "安徽省"@zh .\\n'
    """

    def __init__(self):
        self.lines: set[str] = set()

    @staticmethod
    def line(triple) -> str:
        s, p, o = triple
        return f"<{s}> <{p}> {o if isinstance(o, Lexical) else f'<{o}>'} .\n"

    def add(self, triple) -> None:
        self.lines.add(self.line(triple))

    def __contains__(self, triple) -> bool:
        return self.line(triple) in self.lines

    def ntriples(self) -> str:
        return "".join(sorted(self.lines))


_IRI = {name: str(getattr(HP, name)) for name in ("evidence", "Evidence", "quote", "inPlan", "document",
                                                   "sourceDocument", "start", "end", "rule", "sentence",
                                                   "sentenceStart", "sentenceEnd")} | {"type": str(RDF.type)}

SENTENCE_ENDS = "。！？!?\n"       # a sentence, or a table row, ends at one of these (kept with it)
SENTENCE_MAX_CHARS = 300           # a longer "sentence" (a page with no stops) is cut around the quote


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence (or table row) around ``text[start:end]``: from after the previous
    stop to the next stop included, without the blanks at its edges; at most ``SENTENCE_MAX_CHARS``
    around the quote when the text has no stop nearby.

    >>> text = "一、总体要求。二级以上综合医院精神(心理)卫生门诊达70%以上。"
    >>> s, e = sentence_span(text, 26, 31)
    >>> text[26:31], text[s:e]
    ('70%以上', '二级以上综合医院精神(心理)卫生门诊达70%以上。')
    """
    lo = max(0, start - SENTENCE_MAX_CHARS)
    s = max(text.rfind(c, lo, start) for c in SENTENCE_ENDS) + 1
    s = max(s, lo)
    hi = min(len(text), end + SENTENCE_MAX_CHARS)
    stops = [i for i in (text.find(c, max(end - 1, start), hi) for c in SENTENCE_ENDS) if i >= 0]
    e = min(stops) + 1 if stops else hi
    while s < start and text[s].isspace():
        s += 1
    while e > end and text[e - 1].isspace():
        e -= 1
    if e - s > SENTENCE_MAX_CHARS:            # keep the quote, and as much around it as the limit allows
        room = max(0, SENTENCE_MAX_CHARS - (end - start)) // 2
        s, e = max(s, start - room), min(e, end + room)
    return s, e


def _add_evidence(g: Triples, node: URIRef, ev: Evidence, plan: URIRef, doc_node: URIRef, rule: str,
                  text: str) -> None:
    # one node per span and rule, so that each fact says which rule read it
    ev_node = f"{ID}evidence/{_h(ev.document, 8)}-{ev.start}-{ev.end}-{quote(rule)}"
    g.lines.update((          # written as lines directly: there are nine of these for every fact
        f"<{node}> <{_IRI['evidence']}> <{ev_node}> .\n",
        f"<{ev_node}> <{_IRI['type']}> <{_IRI['Evidence']}> .\n",
        f"<{ev_node}> <{_IRI['quote']}> {_text(ev.quote)} .\n",
        f"<{ev_node}> <{_IRI['inPlan']}> <{plan}> .\n",
        f"<{ev_node}> <{_IRI['document']}> {_text(ev.document)} .\n",
        f"<{ev_node}> <{_IRI['sourceDocument']}> <{doc_node}> .\n",
        f"<{ev_node}> <{_IRI['start']}> {_integer(ev.start)} .\n",
        f"<{ev_node}> <{_IRI['end']}> {_integer(ev.end)} .\n",
        f"<{ev_node}> <{_IRI['rule']}> {_text(rule)} .\n",
    ))
    s, e = sentence_span(text, ev.start, ev.end)
    g.lines.update((
        f"<{ev_node}> <{_IRI['sentence']}> {_text(text[s:e])} .\n",
        f"<{ev_node}> <{_IRI['sentenceStart']}> {_integer(s)} .\n",
        f"<{ev_node}> <{_IRI['sentenceEnd']}> {_integer(e)} .\n",
    ))


def _add_region(g: set, code: str, places: dict) -> URIRef:
    """A region node with its names, level, code and the divisions above it (``places``: code -> Region,
    as the extraction found them)."""
    node = region_iri(code, "")
    if (node, RDF.type, HP.Region) in g:
        return node
    region = places[code]
    g.add((node, RDF.type, HP.Region))
    g.add((node, RDF.type, LEVEL_CLASS[region.level]))
    g.add((node, RDFS.label, _zh(region.name)))
    if region.short and region.short != region.name:
        g.add((node, SKOS.altLabel, _zh(region.short)))
    g.add((node, HP.level, _text(region.level)))
    if region.level != "town":
        g.add((node, HP.adminCode, _text(code)))
    if region.parent:
        g.add((node, HP.partOf, _add_region(g, region.parent, places)))
    return node


@lru_cache(maxsize=65536)
def _initiative_lines(name: str, themes: tuple[str, ...]) -> frozenset[str]:
    """What every mention of an initiative says alike: its class, label and themes (written once); the themes
    were assigned at extraction."""
    g = Triples()
    ini = initiative_iri(name)
    g.add((ini, RDF.type, HP.Initiative))
    g.add((ini, RDFS.label, _zh(name)))
    for theme in themes:
        g.add((ini, HP.theme, _add_theme(g, theme)))
    return frozenset(g.lines)


def _add_document(g: Triples, doc) -> URIRef:
    doc_node = ID[f"document/{doc.sha256[:16]}"]
    g.add((doc_node, RDF.type, HP.Document))
    g.add((doc_node, DCTERMS.title, _text(doc.name)))
    g.add((doc_node, HP.sha256, _text(doc.sha256)))
    g.add((doc_node, HP.encoding, _text(doc.encoding)))
    g.add((doc_node, HP.toolVersion, _text(__version__)))
    g.add((doc_node, HP.textSha256, _text(doc.text_sha256)))
    g.add((doc_node, DCTERMS.format, _text(doc.format)))
    for key, value in doc.meta:
        if key in DOCUMENT_META:
            g.add((doc_node, DOCUMENT_META[key], _text(value)))
        elif key in DOCUMENT_DATES:
            g.add((doc_node, DOCUMENT_DATES[key], Lexical(f'"{value}"^^<{XSD.date}>')))
        elif key == "url" and value.startswith(("http://", "https://")):
            g.add((doc_node, PROV.hadPrimarySource, URIRef(quote(value, safe=":/?#[]@!$&'()*+,;=%~"))))
    return doc_node


# What a document says of itself (kg.read.metadata, kg.read.formats), as Dublin Core terms.
DOCUMENT_META = {"title": DCTERMS.alternative, "creator": DCTERMS.creator, "number": DCTERMS.identifier,
                 "publisher": DCTERMS.publisher}
DOCUMENT_DATES = {"created": DCTERMS.created, "published": DCTERMS.issued}


def no_plan_triples(doc, reason: str) -> Triples:
    """The triples of a document that gave no plan: the document, and why (hp:noPlanReason)."""
    triples = Triples()
    triples.add((_add_document(triples, doc), HP.noPlanReason, _text(reason)))
    return triples


def add_plan_facts(g: Triples, facts: PlanFacts) -> None:
    """Add the triples of one plan to a set of triples."""
    places = {region.code: region for region in facts.places}
    plan = facts.plan
    doc = facts.document
    doc_node = _add_document(g, doc)

    if plan.region_code:
        region = _add_region(g, plan.region_code, places)
    else:
        region = region_iri(None, plan.region_name + doc.sha256)
        g.add((region, RDF.type, HP.Region))
        g.add((region, RDF.type, HP.AnonymousRegion))
        g.add((region, RDFS.label, _zh(plan.region_name)))
        g.add((region, HP.level, _text(plan.level)))
    node = plan_iri(facts)
    g.add((node, RDF.type, HP.Plan))
    g.add((node, RDFS.label, _zh(f"{plan.region_name}{plan.year}年卫生健康工作")))
    g.add((node, HP.region, region))
    g.add((node, HP.year, _integer(plan.year)))
    g.add((node, DCTERMS.source, doc_node))
    _add_evidence(g, node, facts.header, node, doc_node, plan.rule, doc.text)
    for fact in facts.inferred_from:
        if fact.code:
            g.add((node, HP.inferredFrom, _add_region(g, fact.code, places)))
            _add_evidence(g, node, fact.evidence, node, doc_node, plan.rule, doc.text)
    for fact in facts.mentioned_regions:
        g.add((node, HP.mentionsRegion, _add_region(g, fact.code, places)))
    for group in facts.groups:
        group_node = ID[f"group/{quote(group.name)}"]
        g.add((group_node, RDF.type, HP.RegionGroup))
        g.add((group_node, RDFS.label, _zh(group.name)))
        for code in group.members:
            g.add((group_node, HP.member, _add_region(g, code, places)))
        g.add((node, HP.mentionsRegion, group_node))

    named = {fact.mention.name for fact in facts.initiatives}
    for fact in facts.initiatives:
        m = fact.mention
        ini = initiative_iri(m.name)
        g.lines.update(_initiative_lines(m.name, fact.themes))
        surface = surface_label(m.text)
        if surface != m.name and m.family != "bundle-part":
            g.add((ini, SKOS.altLabel, _zh(surface)))
        for part in m.parts:
            if part in named:          # a part the extractor rejected has no node to link to
                g.add((ini, HP.hasPart, initiative_iri(part)))
        g.add((node, HP.includes, ini))
        g.add((region, HP.pursues, ini))
        _add_evidence(g, ini, fact.evidence, node, doc_node, m.rule, doc.text)

    for fact in facts.targets:
        t = fact.mention
        key = f"{t.indicator}|{t.value}|{t.max_value}|{t.unit}|{t.comparator}|{t.year}"
        tn = ID[f"target/{str(node).rsplit('/', 1)[1]}-{_h(key)}"]
        g.add((tn, RDF.type, HP.Target))
        g.add((tn, RDFS.label, _zh(f"{t.indicator} {t.comparator} {_num(t.value)}{t.unit}")))
        g.add((tn, HP.value, _decimal(t.value)))
        if t.max_value is not None:
            g.add((tn, HP.maxValue, _decimal(t.max_value)))
        g.add((tn, HP.unit, _text(t.unit)))
        g.add((tn, HP.comparator, COMPARATOR[t.comparator]))
        g.add((tn, HP.indicator, _zh(t.indicator)))
        _add_measure(g, tn, t.indicator, t.unit)
        g.add((tn, HP.year, _integer(t.year)))
        if fact.initiative:
            g.add((tn, HP.forInitiative, initiative_iri(fact.initiative)))
        g.add((node, HP.hasTarget, tn))
        g.add((region, HP.setsTarget, tn))
        _add_evidence(g, tn, fact.evidence, node, doc_node, t.rule, doc.text)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def plan_triples(all_facts: list[PlanFacts]) -> Triples:
    """The triples of some plans (all of one document, say), with the comparator individuals."""
    triples = Triples()
    for cls, name in ((HP.AtLeast, ">="), (HP.AtMost, "<="), (HP.Exactly, "=")):
        triples.add((cls, RDF.type, HP.Comparator))
        triples.add((cls, RDFS.label, _text(name)))
    for facts in all_facts:
        add_plan_facts(triples, facts)
    return triples


def graph_from_ntriples(chunks) -> Graph:
    """An rdflib graph over an Oxigraph store loaded with N-Triples text (one chunk or several)."""
    g = new_graph()
    store = oxigraph_store(g)
    for chunk in ([chunks] if isinstance(chunks, (str, bytes)) else chunks):
        store.load(chunk.encode("utf-8") if isinstance(chunk, str) else chunk, pyoxigraph.RdfFormat.N_TRIPLES)
    return g


def build_graph(all_facts: list[PlanFacts]) -> Graph:
    """The graph of all facts."""
    return graph_from_ntriples(plan_triples(all_facts).ntriples())
