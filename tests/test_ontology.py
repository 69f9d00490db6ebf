"""The ontology documents every term the builder writes; the SHACL shapes hold on the seeds graph
and catch a graph broken on purpose; `kg validate` reports both."""
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from conftest import ROOT, SEEDS
from kg.cli import main
from kg.rdf.validate import _short, validate_graph
from kg.rdf.vocab import HP, ID

ONTOLOGY = ROOT / "ontology" / "hpkg.ttl"
HP_NS = str(HP._NS)
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ONTOLOGY, format="turtle")


def declared_hp_terms(ontology):
    return {s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(HP_NS)}


def test_vocab_is_closed_over_the_ontology(ontology):
    in_code = {HP[name] for name in HP.__annotations__}
    assert in_code == declared_hp_terms(ontology)


def test_a_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        HP.persues


def test_every_predicate_and_class_the_builder_writes_is_declared(seeds_graph, ontology):
    declared = set(ontology.subjects(RDF.type, None))
    used = set(seeds_graph.predicates()) - {RDF.type}
    used |= {o for o in seeds_graph.objects(None, RDF.type)}
    assert sorted(used - declared) == []
    assert {HP.Plan, HP.Target, HP.evidence, HP.pursues} <= used     # the check sees real terms


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_hp_term_has_a_label_and_a_definition_in(ontology, lang):
    missing = []
    for term in sorted(declared_hp_terms(ontology)):
        for prop in (RDFS.label, SKOS.definition):
            if not any(getattr(v, "language", None) == lang for v in ontology.objects(term, prop)):
                missing.append(f"{term} {prop}")
    assert missing == []


def test_every_hp_property_has_a_domain_and_a_range(ontology):
    props = [p for p in declared_hp_terms(ontology)
             if (p, RDF.type, OWL.ObjectProperty) in ontology or (p, RDF.type, OWL.DatatypeProperty) in ontology]
    assert len(props) > 30
    assert [p for p in props if ontology.value(p, RDFS.domain) is None or ontology.value(p, RDFS.range) is None] == []


@pytest.mark.parametrize("subject, predicate, obj", [
    (HP.partOf, RDF.type, OWL.TransitiveProperty),
    (HP.Plan, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Plan")),
    (HP.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
    (HP.evidence, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")),
    (HP.sourceDocument, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom")),
    (HP.region, RDFS.subPropertyOf, DCTERMS.spatial),
    (HP.theme, RDFS.range, SKOS.Concept),
    (HP.value, RDFS.range, XSD_DECIMAL),
    (HP.year, RDFS.range, XSD_INTEGER),
])
def test_the_ontology_states(ontology, subject, predicate, obj):
    assert (subject, predicate, obj) in ontology


# ---------------------------------------------------------------- provenance

def test_every_document_node_records_file_name_hash_and_tool_version(seeds_graph):
    from kg import __version__
    from kg.read.corpus import read_document

    docs = {str(seeds_graph.value(d, DCTERMS.title)): d for d in seeds_graph.subjects(RDF.type, HP.Document)}
    assert set(docs) == {p.name for p in SEEDS.glob("*.txt")}
    for path in SEEDS.glob("*.txt"):
        node = docs[path.name]
        assert str(seeds_graph.value(node, HP.sha256)) == read_document(path).sha256
        assert str(seeds_graph.value(node, HP.toolVersion)) == __version__


def test_each_evidence_node_names_one_rule(seeds_graph):
    evidence = set(seeds_graph.subjects(RDF.type, HP.Evidence))
    assert evidence and all(len(list(seeds_graph.objects(ev, HP.rule))) == 1 for ev in evidence)


# ---------------------------------------------------------------- SHACL

def test_the_seeds_graph_conforms_to_the_shapes(seeds_graph):
    report = validate_graph(seeds_graph)
    assert [str(v) for v in report.violations] == []
    assert report.conforms and report.checked > 500


def test_the_shapes_are_valid_shacl():
    from pyshacl import validate

    from kg.rdf.validate import load_shapes

    conforms, _, text = validate(Graph(), shacl_graph=load_shapes(), advanced=True, meta_shacl=True)
    assert conforms, text


def _first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def _nth(g, cls, n):
    return sorted(g.subjects(RDF.type, cls))[n]


def _set(g, node, prop, value):
    """Replace the node's values of prop (None: remove them); return the node."""
    g.remove((node, prop, None))
    if value is not None:
        g.add((node, prop, value))
    return node


def _planless_region(g):
    return sorted(r for r in g.subjects(RDF.type, HP.Region) if (None, HP.region, r) not in g)[0]


def _add(g, node, prop, value):
    g.add((node, prop, value))
    return node


# (what breaks, how, the node to blame, a piece of the message). Each row breaks a different node,
# so that one validation run of the broken graph checks them all.
BREAKAGES = [
    ("plan without year", lambda g: _set(g, _nth(g, HP.Plan, 0), HP.year, None), "exactly one year"),
    ("plan with two regions", lambda g: _add(g, _nth(g, HP.Plan, 1), HP.region, _planless_region(g)),
     "exactly one region"),
    ("plan year as text", lambda g: _set(g, _nth(g, HP.Plan, 2), HP.year, Literal("2025")),
     "xsd:integer"),
    ("target value as text", lambda g: _set(g, _nth(g, HP.Target, 0), HP.value, Literal("70%")),
     "xsd:decimal"),
    ("target without unit", lambda g: _set(g, _nth(g, HP.Target, 1), HP.unit, None), "exactly one unit"),
    ("target with a made-up comparator",
     lambda g: _set(g, _nth(g, HP.Target, 2), HP.comparator, HP.Target), "comparator"),
    ("target without evidence", lambda g: _set(g, _nth(g, HP.Target, 3), HP.evidence, None),
     "a target has evidence"),
    ("initiative without evidence", lambda g: _set(g, _first(g, HP.Initiative), HP.evidence, None),
     "an initiative has evidence"),
    ("range upside down", lambda g: _set(g, _nth(g, HP.Target, 4), HP.maxValue, Literal("-1", datatype=XSD_DECIMAL)),
     "upper bound"),
    ("quote shorter than its offsets",
     lambda g: _set(g, _first(g, HP.Evidence), HP.quote, Literal("x")), "quote's length"),
    ("pursues without a plan",
     lambda g: _add(g, _planless_region(g), HP.pursues, _nth(g, HP.Initiative, 1)), "no plan of it"),
    ("theme outside the scheme",
     lambda g: _set(g, sorted(set(g.objects(None, HP.theme)))[0], SKOS.inScheme, None), "theme scheme"),
    ("admin code not six digits",
     lambda g: _set(g, ID["region/340000"], HP.adminCode, Literal("34")), "six-digit"),
]


@pytest.fixture(scope="module")
def broken(seeds_graph):
    g = Graph()
    for t in seeds_graph:
        g.add(t)
    blamed = {name: break_(g) for name, break_, _ in BREAKAGES}
    return blamed, validate_graph(g)


@pytest.mark.parametrize("name, message", [(name, message) for name, _, message in BREAKAGES])
def test_a_broken_graph_shows_the_violation(broken, seeds_graph, name, message):
    blamed, report = broken
    assert not report.conforms
    focus = _short(blamed[name])
    hits = [str(v) for v in report.violations if v.focus == focus and message in v.message]
    assert hits, f"no violation on {focus} with {message!r}; got {[str(v) for v in report.violations]}"


# ---------------------------------------------------------------- the command

def test_kg_validate_reports_that_the_seeds_graph_conforms(seeds_build, capsys):
    assert main(["validate", str(seeds_build / "kg.ttl"), "--sources", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "conforms" in out and "does not conform" not in out
    assert "evidence quotes equal the source at their offsets" in out


def test_kg_validate_lists_violations_and_fails(seeds_graph, tmp_path, capsys):
    g = Graph()
    for t in seeds_graph:
        g.add(t)
    plan = _first(g, HP.Plan)
    g.remove((plan, HP.year, None))
    g.serialize(tmp_path / "broken.ttl", format="turtle")
    assert main(["validate", str(tmp_path / "broken.ttl")]) == 1
    out = capsys.readouterr().out
    assert "does not conform: 1 violation\n" in out
    assert "a plan has exactly one year" in out and str(plan).rsplit("/", 1)[1] in out


def test_kg_validate_sources_catches_a_quote_that_moved(seeds_graph, tmp_path, capsys):
    g = Graph()
    for t in seeds_graph:
        g.add(t)
    ev = _first(g, HP.Evidence)
    start, end = int(g.value(ev, HP.start)), int(g.value(ev, HP.end))
    _set(g, ev, HP.start, Literal(start + 1))
    _set(g, ev, HP.end, Literal(end + 1))
    g.serialize(tmp_path / "moved.ttl", format="turtle")
    assert main(["validate", str(tmp_path / "moved.ttl"), "--sources", str(SEEDS)]) == 1
    out = capsys.readouterr().out
    assert f"{ev}: quote" in out


@pytest.mark.parametrize("content, message", [
    (None, "no such graph file"),
    ("this is not turtle", "cannot parse"),
])
def test_kg_validate_bad_input_is_one_line(tmp_path, capsys, content, message):
    path = tmp_path / "g.ttl"
    if content is not None:
        path.write_text(content)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
