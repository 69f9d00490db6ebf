"""The hp: vocabulary, closed over the terms that ontology/hpkg.ttl declares.

A misspelt term fails at import time rather than writing a stray predicate:

>>> HP.pursues
rdflib.term.URIRef('https://w3id.org/hpkg/ontology#pursues')
"""
from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ID = Namespace("https://w3id.org/hpkg/id/")

# Prefixes written in Turtle: one per kind of instance, so that IRIs read as plan:340000-2025.
PREFIXES = {
    "hp": "https://w3id.org/hpkg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    **{kind: f"{ID}{kind}/" for kind in ("region", "group", "plan", "initiative", "target", "theme", "evidence",
                                          "document", "indicator")},
}


class HP(DefinedNamespace):
    _NS = Namespace("https://w3id.org/hpkg/ontology#")
    _fail = True

    # classes
    Region: URIRef
    Nation: URIRef
    Province: URIRef
    Prefecture: URIRef
    County: URIRef
    Town: URIRef
    AnonymousRegion: URIRef
    RegionGroup: URIRef
    Plan: URIRef
    Initiative: URIRef
    Target: URIRef
    Evidence: URIRef
    Document: URIRef
    Comparator: URIRef
    AtLeast: URIRef
    AtMost: URIRef
    Exactly: URIRef
    # regions
    adminCode: URIRef
    partOf: URIRef
    level: URIRef
    member: URIRef
    # plans
    region: URIRef
    year: URIRef
    includes: URIRef
    hasTarget: URIRef
    mentionsRegion: URIRef
    inferredFrom: URIRef
    # shortcuts
    pursues: URIRef
    setsTarget: URIRef
    # initiatives
    hasPart: URIRef
    theme: URIRef
    # targets
    value: URIRef
    maxValue: URIRef
    unit: URIRef
    comparator: URIRef
    indicator: URIRef
    forInitiative: URIRef
    measures: URIRef
    # indicator concepts (ontology/indicators.ttl)
    unitKind: URIRef
    direction: URIRef
    # evidence and provenance
    evidence: URIRef
    firstEvidence: URIRef
    quote: URIRef
    inPlan: URIRef
    document: URIRef
    sourceDocument: URIRef
    start: URIRef
    end: URIRef
    rule: URIRef
    sentence: URIRef
    sentenceStart: URIRef
    sentenceEnd: URIRef
    sha256: URIRef
    textSha256: URIRef
    toolVersion: URIRef
    encoding: URIRef
    noPlanReason: URIRef
