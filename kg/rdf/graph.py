"""Facts -> RDF with the contract's vocabulary (``../shared/CONTRACT.md``).

IRIs are derived from content (region code, plan region and year, a hash of
an initiative's canonical name, …), so the same inputs always give the same
IRIs and, with sorted serialisation, byte-identical Turtle.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import quote

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg import __version__
from kg.rdf.derived import link_first_evidence
from kg.extract.initiatives import surface_label, theme_labels
from kg.extract.pipeline import Evidence, PlanFacts
from kg.rdf.indicators import SCHEME as INDICATOR_SCHEME, concepts as indicator_concepts, match_indicator
from kg.rdf.vocab import HP, ID, PREFIXES

class _Plain:
    """A namespace's IRIs as plain strings, each looked up once: rdflib's DefinedNamespace checks every
    lookup and builds a new URIRef, which the graph stage, writing N-Triples lines, does not need."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value = str(getattr(self._namespace, name))
        setattr(self, name, value)
        return value


LEVEL_CLASS = {"nation": HP.Nation, "province": HP.Province, "prefecture": HP.Prefecture,
               "county": HP.County, "town": HP.Town}
COMPARATOR = {">=": HP.AtLeast, "<=": HP.AtMost, "=": HP.Exactly}
_HP, _RDF, _RDFS, _SKOS, _DCTERMS = _Plain(HP), _Plain(RDF), _Plain(RDFS), _Plain(SKOS), _Plain(DCTERMS)


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
    if (node, _RDF.type, _SKOS.Concept) not in g:
        labels = theme_labels()[theme]
        g.add((node, _RDF.type, _SKOS.Concept))
        g.add((node, _SKOS.prefLabel, _zh(labels["zh"])))
        g.add((node, _SKOS.prefLabel, _en(labels["en"])))
        g.add((node, _SKOS.inScheme, THEME_SCHEME))
        g.add((THEME_SCHEME, _RDF.type, _SKOS.ConceptScheme))
    return node


def _add_measure(g: set, target: URIRef, indicator: str, unit: str) -> None:
    """``target hp:measures concept`` when the indicator text denotes a concept of ``ontology/indicators.ttl``."""
    match = match_indicator(indicator, unit)
    if match is None:
        return
    c = indicator_concepts()[match.concept]
    if (c.iri, _RDF.type, _SKOS.Concept) not in g:
        g.add((c.iri, _RDF.type, _SKOS.Concept))
        g.add((c.iri, _SKOS.prefLabel, _zh(c.label)))
        g.add((c.iri, _SKOS.prefLabel, _en(c.en)))
        for alt in c.alt_labels:
            g.add((c.iri, _SKOS.altLabel, _zh(alt)))
        g.add((c.iri, _HP.unitKind, _text(c.unit_kind)))
        g.add((c.iri, _HP.direction, _text(c.direction)))
        g.add((c.iri, _SKOS.inScheme, INDICATOR_SCHEME))
        g.add((INDICATOR_SCHEME, _RDF.type, _SKOS.ConceptScheme))
    g.add((target, _HP.measures, c.iri))


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


_TO_ESCAPE = re.compile(f"[{''.join(map(re.escape, map(chr, _ESCAPES)))}]")     # what _ESCAPES rewrites


def _text(value: str, suffix: str = "") -> Lexical:
    value = str(value)
    if _TO_ESCAPE.search(value):      # rarely: translate() looks up every character, searching does not
        value = value.translate(_ESCAPES)
    return Lexical(f'"{value}"{suffix}')


def _zh(text: str) -> Lexical:
    return _text(text, "@zh")


def _en(text: str) -> Lexical:
    return _text(text, "@en")


_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"


def _integer(value: int) -> Lexical:
    return Lexical(f'"{int(value)}"{_INTEGER}')


def _decimal(value: float) -> Lexical:
    return Lexical(f'"{_num(value)}"{_DECIMAL}')


class Triples:
    """Triples as N-Triples lines, each once, in the order first added. Writing lines directly, with no
    rdflib term objects, is what keeps the graph stage fast on large corpora.

    >>> t = Triples()
    >>> t.add((ID["region/340000"], RDFS.label, _zh("安徽省")))
    >>> t.ntriples()
    '<https://w3id.org/hpkg/id/region/340000> <http://www.w3.org/2000/01/rdf-schema#label> "安徽省"@zh .\\n'
    """

    def __init__(self):
        self.lines: dict[str, None] = {}     # a dict rather than a set: its order does not depend on hashing

    @staticmethod
    def line(triple) -> str:
        s, p, o = triple
        return f"<{s}> <{p}> {o if isinstance(o, Lexical) else f'<{o}>'} .\n"

    def add(self, triple) -> None:
        self.lines[self.line(triple)] = None

    def __contains__(self, triple) -> bool:
        return self.line(triple) in self.lines

    def ntriples(self) -> str:
        return "".join(self.lines)


_IRI = {name: str(getattr(HP, name)) for name in ("evidence", "Evidence", "quote", "inPlan", "document",
                                                   "sourceDocument", "start", "end", "rule", "sentence",
                                                   "sentenceStart", "sentenceEnd")} | {"type": str(RDF.type)}

SENTENCE_ENDS = "。！？!?\n"       # a sentence, or a table row, ends at one of these (kept with it)
SENTENCE_MAX_CHARS = 300           # a longer "sentence" (a page with no stops) is cut around the quote
_NEXT_STOP = re.compile(f"[{re.escape(SENTENCE_ENDS)}]")


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
    s = max(lo, *[text.rfind(c, lo, start) + 1 for c in SENTENCE_ENDS])
    hi = min(len(text), end + SENTENCE_MAX_CHARS)
    stop = _NEXT_STOP.search(text, max(end - 1, start), hi)
    e = stop.end() if stop else hi
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
    ev_node = f"{ID}evidence/{_h(ev.document, 8)}-{ev.start}-{ev.end}-{_quote(rule)}"
    g.lines.update(dict.fromkeys((          # written as lines directly: there are nine of these for every fact
        f"<{node}> <{_IRI['evidence']}> <{ev_node}> .\n",
        f"<{ev_node}> <{_IRI['type']}> <{_IRI['Evidence']}> .\n",
        f"<{ev_node}> <{_IRI['quote']}> {_text(ev.quote)} .\n",
        f"<{ev_node}> <{_IRI['inPlan']}> <{plan}> .\n",
        f"<{ev_node}> <{_IRI['document']}> {_text(ev.document)} .\n",
        f"<{ev_node}> <{_IRI['sourceDocument']}> <{doc_node}> .\n",
        f"<{ev_node}> <{_IRI['start']}> {_integer(ev.start)} .\n",
        f"<{ev_node}> <{_IRI['end']}> {_integer(ev.end)} .\n",
        f"<{ev_node}> <{_IRI['rule']}> {_text(rule)} .\n",
    )))
    s, e = sentence_span(text, ev.start, ev.end)
    g.lines.update(dict.fromkeys((
        f"<{ev_node}> <{_IRI['sentence']}> {_text(text[s:e])} .\n",
        f"<{ev_node}> <{_IRI['sentenceStart']}> {_integer(s)} .\n",
        f"<{ev_node}> <{_IRI['sentenceEnd']}> {_integer(e)} .\n",
    )))


def _add_region(g: set, code: str, places: dict) -> URIRef:
    """A region node with its names, level, code and the divisions above it (``places``: code -> Region,
    as the extraction found them)."""
    node = region_iri(code, "")
    if (node, _RDF.type, _HP.Region) in g:
        return node
    region = places[code]
    g.add((node, _RDF.type, _HP.Region))
    g.add((node, _RDF.type, LEVEL_CLASS[region.level]))
    g.add((node, _RDFS.label, _zh(region.name)))
    if region.short and region.short != region.name:
        g.add((node, _SKOS.altLabel, _zh(region.short)))
    g.add((node, _HP.level, _text(region.level)))
    if region.level != "town":
        g.add((node, _HP.adminCode, _text(code)))
    if region.parent:
        g.add((node, _HP.partOf, _add_region(g, region.parent, places)))
    return node


@lru_cache(maxsize=4096)
def _quote(rule: str) -> str:
    return quote(rule)


@lru_cache(maxsize=65536)
def _initiative_lines(name: str, themes: tuple[str, ...]) -> dict[str, None]:
    """What every mention of an initiative says alike: its class, label and themes (written once); the themes
    were assigned at extraction."""
    g = Triples()
    ini = initiative_iri(name)
    g.add((ini, _RDF.type, _HP.Initiative))
    g.add((ini, _RDFS.label, _zh(name)))
    for theme in themes:
        g.add((ini, _HP.theme, _add_theme(g, theme)))
    return g.lines


def _add_document(g: Triples, doc) -> URIRef:
    doc_node = ID[f"document/{doc.sha256[:16]}"]
    g.add((doc_node, _RDF.type, _HP.Document))
    g.add((doc_node, _DCTERMS.title, _text(doc.name)))
    g.add((doc_node, _HP.sha256, _text(doc.sha256)))
    g.add((doc_node, _HP.encoding, _text(doc.encoding)))
    g.add((doc_node, _HP.toolVersion, _text(__version__)))
    g.add((doc_node, _HP.textSha256, _text(doc.text_sha256)))
    g.add((doc_node, _DCTERMS.format, _text(doc.format)))
    for key, value in doc.meta:
        if key in DOCUMENT_META:
            g.add((doc_node, DOCUMENT_META[key], _text(value)))
        elif key in DOCUMENT_DATES:
            g.add((doc_node, DOCUMENT_DATES[key], Lexical(f'"{value}"^^<{XSD.date}>')))
        elif key == "url" and value.startswith(("http://", "https://")):
            g.add((doc_node, PROV.hadPrimarySource, URIRef(quote(value, safe=":/?#[]@!$&'()*+,;=%~"))))
    return doc_node


# What a document says of itself (kg.read.metadata, kg.read.formats), as Dublin Core terms.
DOCUMENT_META = {"title": _DCTERMS.alternative, "creator": _DCTERMS.creator, "number": _DCTERMS.identifier,
                 "publisher": _DCTERMS.publisher}
DOCUMENT_DATES = {"created": _DCTERMS.created, "published": _DCTERMS.issued}


def no_plan_triples(doc, reason: str) -> Triples:
    """The triples of a document that gave no plan: the document, and why (hp:noPlanReason)."""
    triples = Triples()
    triples.add((_add_document(triples, doc), _HP.noPlanReason, _text(reason)))
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
        g.add((region, _RDF.type, _HP.Region))
        g.add((region, _RDF.type, _HP.AnonymousRegion))
        g.add((region, _RDFS.label, _zh(plan.region_name)))
        g.add((region, _HP.level, _text(plan.level)))
    node = plan_iri(facts)
    g.add((node, _RDF.type, _HP.Plan))
    g.add((node, _RDFS.label, _zh(f"{plan.region_name}{plan.year}年卫生健康工作")))
    g.add((node, _HP.region, region))
    g.add((node, _HP.year, _integer(plan.year)))
    g.add((node, _DCTERMS.source, doc_node))
    _add_evidence(g, node, facts.header, node, doc_node, plan.rule, doc.text)
    for fact in facts.inferred_from:
        if fact.code:
            g.add((node, _HP.inferredFrom, _add_region(g, fact.code, places)))
            _add_evidence(g, node, fact.evidence, node, doc_node, plan.rule, doc.text)
    for fact in facts.mentioned_regions:
        g.add((node, _HP.mentionsRegion, _add_region(g, fact.code, places)))
    for group in facts.groups:
        group_node = ID[f"group/{quote(group.name)}"]
        g.add((group_node, _RDF.type, _HP.RegionGroup))
        g.add((group_node, _RDFS.label, _zh(group.name)))
        for code in group.members:
            g.add((group_node, _HP.member, _add_region(g, code, places)))
        g.add((node, _HP.mentionsRegion, group_node))

    named = {fact.mention.name for fact in facts.initiatives}
    for fact in facts.initiatives:
        m = fact.mention
        ini = initiative_iri(m.name)
        g.lines.update(_initiative_lines(m.name, fact.themes))
        surface = surface_label(m.text)
        if surface != m.name and m.family != "bundle-part":
            g.add((ini, _SKOS.altLabel, _zh(surface)))
        for part in m.parts:
            if part in named:          # a part the extractor rejected has no node to link to
                g.add((ini, _HP.hasPart, initiative_iri(part)))
        g.add((node, _HP.includes, ini))
        g.add((region, _HP.pursues, ini))
        _add_evidence(g, ini, fact.evidence, node, doc_node, m.rule, doc.text)

    for fact in facts.targets:
        t = fact.mention
        key = f"{t.indicator}|{t.value}|{t.max_value}|{t.unit}|{t.comparator}|{t.year}"
        tn = ID[f"target/{str(node).rsplit('/', 1)[1]}-{_h(key)}"]
        g.add((tn, _RDF.type, _HP.Target))
        g.add((tn, _RDFS.label, _zh(f"{t.indicator} {t.comparator} {_num(t.value)}{t.unit}")))
        g.add((tn, _HP.value, _decimal(t.value)))
        if t.max_value is not None:
            g.add((tn, _HP.maxValue, _decimal(t.max_value)))
        g.add((tn, _HP.unit, _text(t.unit)))
        g.add((tn, _HP.comparator, COMPARATOR[t.comparator]))
        g.add((tn, _HP.indicator, _zh(t.indicator)))
        _add_measure(g, tn, t.indicator, t.unit)
        g.add((tn, _HP.year, _integer(t.year)))
        if fact.initiative:
            g.add((tn, _HP.forInitiative, initiative_iri(fact.initiative)))
        g.add((node, _HP.hasTarget, tn))
        g.add((region, _HP.setsTarget, tn))
        _add_evidence(g, tn, fact.evidence, node, doc_node, t.rule, doc.text)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def plan_triples(all_facts: list[PlanFacts]) -> Triples:
    """The triples of some plans (all of one document, say), with the comparator individuals."""
    triples = Triples()
    for cls, name in ((_HP.AtLeast, ">="), (_HP.AtMost, "<="), (_HP.Exactly, "=")):
        triples.add((cls, _RDF.type, _HP.Comparator))
        triples.add((cls, _RDFS.label, _text(name)))
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
    """The graph of all facts, each target linked to its first evidence as a build links it."""
    g = graph_from_ntriples(plan_triples(all_facts).ntriples())
    link_first_evidence(oxigraph_store(g))
    return g
