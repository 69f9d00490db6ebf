"""kg build --store: the same graph in an Oxigraph store on disk, queried in place."""
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import SEEDS
from kg.cli import main

ADOPTION = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(DISTINCT ?r) AS ?regions) WHERE { ?r hp:pursues ?i . ?i rdfs:label ?name }
GROUP BY ?name ORDER BY DESC(?regions) ?name LIMIT 5"""


@pytest.fixture(scope="module")
def store_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    assert main(["build", str(SEEDS), "--out", str(folder / "out"), "--store", str(folder / "db"), "--quiet"]) == 0
    return folder


def test_the_store_build_writes_the_same_graph_as_the_memory_build(store_build, seeds_graph):
    from_store = Graph().parse(store_build / "out" / "kg.ttl", format="turtle")
    assert isomorphic(from_store, seeds_graph)


def test_querying_the_store_answers_like_querying_the_turtle(store_build, seeds_build, capsys):
    assert main(["query", ADOPTION, "--store", str(store_build / "db"), "--format", "csv"]) == 0
    from_store = capsys.readouterr().out
    assert main(["query", ADOPTION, "--data", str(seeds_build / "kg.ttl"), "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_store
    assert "紧密型县域医共体" in from_store


def test_a_second_store_build_replaces_the_first_and_writes_the_same_bytes(store_build, tmp_path):
    db = store_build / "db"
    assert main(["build", str(SEEDS), "--out", str(tmp_path), "--store", str(db), "--quiet"]) == 0
    assert (tmp_path / "kg.ttl").read_bytes() == (store_build / "out" / "kg.ttl").read_bytes()
    assert sorted(p.name for p in store_build.iterdir()) == ["db", "out"]      # no staging or old store left


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "missing", "no such store folder"),
    (lambda d: d, "not an Oxigraph store folder"),
])
def test_a_folder_that_is_no_store_is_a_one_line_error(tmp_path, capsys, make, message):
    assert main(["query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
