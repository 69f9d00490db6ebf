"""Each export format parses back (rdflib, networkx, csv) with the same facts, byte-identical when repeated."""
import csv
import io

import networkx as nx
import pytest
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import SEEDS
from kg.cli import main
from kg.serve.export import export, graphml_network
from kg.rdf.vocab import HP

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@pytest.fixture(scope="module")
def exported(seeds_build):
    """kg export run once per format on the seeds graph; returns format -> path written."""
    paths = {}
    for fmt in ("ttl", "nt", "jsonld", "trig", "graphml", "csv"):
        out = seeds_build / "export" / (f"kg.{fmt}" if fmt != "csv" else "csv")
        assert main(["export", "--format", fmt, "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
        paths[fmt] = out
    return paths


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_exports_parse_back_to_the_same_graph(exported, seeds_graph, fmt):
    back = Graph().parse(exported[fmt], format=RDF_FORMATS[fmt])
    assert len(back) == len(seeds_graph) and isomorphic(back, seeds_graph)


def test_trig_has_one_named_graph_per_source_document_and_the_same_union(exported, seeds_graph):
    ds = Dataset()
    ds.parse(exported["trig"], format="trig")
    named = {g.identifier for g in ds.graphs() if g.identifier != ds.default_graph.identifier and len(g)}
    documents = set(seeds_graph.subjects(RDF.type, HP.Document))
    assert named == documents and len(named) == len(list(SEEDS.glob("*.txt")))
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    assert isomorphic(union, seeds_graph)


def test_trig_puts_a_document_s_evidence_and_plans_in_its_graph(exported, seeds_graph):
    ds = Dataset()
    ds.parse(exported["trig"], format="trig")
    for doc in seeds_graph.subjects(RDF.type, HP.Document):
        graph = ds.graph(doc)
        evidence = set(seeds_graph.subjects(HP.sourceDocument, doc))
        assert evidence and all((ev, HP.quote, None) in graph for ev in evidence)
        for ev in evidence:
            assert set(graph.subjects(HP.sourceDocument, None)) <= set(seeds_graph.subjects(HP.sourceDocument, doc))


def test_graphml_parses_back_with_every_node_and_edge(exported, seeds_graph):
    net = nx.read_graphml(exported["graphml"], force_multigraph=True)
    iris = {str(s) for s in seeds_graph.subjects()}       # classes (objects of rdf:type) are node attributes
    iris |= {str(o) for s, p, o in seeds_graph if isinstance(o, URIRef) and p != RDF.type}
    assert set(net.nodes) == iris
    links = [(s, p, o) for s, p, o in seeds_graph if isinstance(o, URIRef) and p != RDF.type]
    assert net.number_of_edges() == len(links)
    anhui = net.nodes["https://w3id.org/hpkg/id/region/340000"]
    assert anhui["label"] == "安徽省" and "hp:Province" in anhui["class"] and anhui["hp:adminCode"] == "340000"
    some_target = next(iter(seeds_graph.subjects(RDF.type, HP.Target)))
    assert isinstance(net.nodes[str(some_target)]["hp:value"], float)


def test_graphml_keeps_every_literal_fact(seeds_graph):
    net = graphml_network(seeds_graph)
    for s, p, o in seeds_graph:
        if isinstance(o, Literal):
            key = seeds_graph.namespace_manager.normalizeUri(p)
            value = net.nodes[str(s)][key]
            assert str(o) in str(value).split(" | ") or float(value) == float(o), (s, p, o)


def _table(path):
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")          # a BOM, so that spreadsheets read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_tables_hold_one_row_per_plan_initiative_and_target(exported, seeds_graph):
    folder = exported["csv"]
    for name, cls in (("plans.csv", HP.Plan), ("initiatives.csv", HP.Initiative), ("targets.csv", HP.Target)):
        rows = _table(folder / name)
        assert len(rows) == len(set(seeds_graph.subjects(RDF.type, cls))), name
    plans = {(r["region"], r["year"]) for r in _table(folder / "plans.csv")}
    assert ("安徽省", "2025") in plans and ("安徽省", "2024") in plans
    targets = _table(folder / "targets.csv")
    assert any(r["region"] == "北京市" and r["value"] == "70" and r["unit"] == "%" for r in targets)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "graphml", "csv"])
def test_export_is_deterministic(seeds_graph, fmt):
    copy = Graph()
    for prefix, ns in seeds_graph.namespaces():
        copy.bind(prefix, ns)
    for t in sorted(seeds_graph, reverse=True):       # another insertion order
        copy.add(t)
    assert export(copy, fmt) == export(seeds_graph, fmt)


def test_export_default_paths_sit_beside_the_data(seeds_build, capsys):
    assert main(["export", "--format", "nt", "--data", str(seeds_build / "kg.ttl")]) == 0
    assert (seeds_build / "kg.nt").is_file() and "kg.nt" in capsys.readouterr().out


def test_export_bad_input_is_one_line(tmp_path, capsys):
    assert main(["export", "--format", "nt", "--data", str(tmp_path / "none.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such graph file" in err


@pytest.mark.parametrize("fmt", ["nt", "jsonld", "trig"])
def test_kg_query_and_validate_read_every_export(exported, seeds_build, capsys, fmt):
    assert main(["query", "plans", "--data", str(seeds_build / "kg.ttl"), "--format", "csv"]) == 0
    expected = capsys.readouterr().out
    assert main(["query", "plans", "--data", str(exported[fmt]), "--format", "csv"]) == 0
    assert capsys.readouterr().out == expected


def test_exports_and_query_results_do_not_depend_on_the_hash_seed(seeds_build):
    import os
    import subprocess
    import sys

    script = f"""
import hashlib
from pathlib import Path
from kg.serve.export import export
from kg.serve.query import format_result, load_graph, resolve_query, run_query
g = load_graph(Path({str(seeds_build / 'kg.ttl')!r}))
h = hashlib.sha256()
for fmt in ("jsonld", "trig", "graphml", "nt"):
    h.update(export(g, fmt))
for data in export(g, "csv").values():
    h.update(data)
for name in ("initiatives-by-adoption", "targets-rolled-up-to-provinces", "initiatives"):
    h.update(format_result(run_query(g, resolve_query(name)), "csv").encode())
print(h.hexdigest())
"""
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1
