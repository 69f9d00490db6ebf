"""kg build --store: the same graph in an Oxigraph store on disk, queried in place."""
import csv
import io
import shutil

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import SEEDS
from kg.cli import main
from kg.query import bundled_queries

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


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_every_bundled_query_prints_the_same_on_the_store_as_on_the_turtle(store_build, seeds_build, capsys, name):
    for fmt in ("table", "csv", "json"):
        assert main(["query", name, "--store", str(store_build / "db"), "--format", fmt]) == 0
        from_store = capsys.readouterr().out
        assert main(["query", name, "--data", str(seeds_build / "kg.ttl"), "--format", fmt]) == 0
        assert capsys.readouterr().out == from_store, fmt
        assert from_store.count("\n") > 2, fmt


def test_a_query_on_the_store_may_use_the_project_prefixes_undeclared(store_build, capsys):
    assert main(["query", "SELECT (COUNT(*) AS ?plans) WHERE { ?p a hp:Plan }", "--store", str(store_build / "db"),
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == "plans\n27\n"


def test_the_build_keeps_the_answer_of_every_bundled_query_and_kg_query_prints_it(store_build, capsys):
    db = store_build / "db"
    assert len(list((db / "kg-answers").glob("*.json"))) == len(bundled_queries())
    for name in ("plans", "targets", "initiatives-by-adoption"):
        assert main(["query", name, "--store", str(db), "--format", "json"]) == 0
        kept = capsys.readouterr().out
        assert main(["query", name, "--store", str(db), "--format", "json", "--fresh"]) == 0
        assert capsys.readouterr().out == kept


def test_a_query_with_another_parameter_value_is_asked_of_the_engine(store_build, capsys):
    db = str(store_build / "db")
    assert main(["query", "targets-of-region", "--store", db, "--format", "csv"]) == 0
    beijing = capsys.readouterr().out
    assert main(["query", "targets-of-region", "--param", "region=安徽省", "--store", db, "--format", "csv"]) == 0
    anhui = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "国家区域医疗中心数" in {r["indicator"] for r in anhui}
    assert "国家区域医疗中心数" not in beijing


NEW_PLAN = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT DATA {
  <https://w3id.org/hpkg/id/plan/999999-2030> a hp:Plan ; hp:region <https://w3id.org/hpkg/id/region/999999> ;
      hp:year 2030 ; dcterms:source [ dcterms:title "新文件.txt" ] .
  <https://w3id.org/hpkg/id/region/999999> rdfs:label "新区"@zh ; hp:adminCode "999999" .
}"""


def test_once_the_store_is_written_to_its_kept_answers_are_no_longer_printed(store_build, tmp_path, capsys):
    db = tmp_path / "db"
    shutil.copytree(store_build / "db", db)
    store = pyoxigraph.Store(str(db))
    store.update(NEW_PLAN)
    del store
    assert main(["query", "plans", "--store", str(db), "--format", "csv"]) == 0
    assert "新区,999999" in capsys.readouterr().out


def test_a_damaged_kept_answer_is_passed_over_for_the_engine(store_build, tmp_path, capsys):
    db = tmp_path / "db"
    shutil.copytree(store_build / "db", db)
    for kept in (db / "kg-answers").glob("*.json"):
        kept.write_text("{not json", encoding="utf-8")
    assert main(["query", "plans", "--store", str(db), "--format", "csv"]) == 0
    fresh = capsys.readouterr().out
    assert main(["query", "plans", "--store", str(store_build / "db"), "--format", "csv"]) == 0
    assert capsys.readouterr().out == fresh and fresh.count("\n") == 28


def test_fresh_without_a_store_is_a_one_line_error(seeds_build, capsys):
    assert main(["query", "plans", "--data", str(seeds_build / "kg.ttl"), "--fresh"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--fresh goes with --store" in err


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
