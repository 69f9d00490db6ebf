"""End to end: `kg build` on seeds/ gives a graph that keeps the contract."""
import filecmp

import pytest

from conftest import GOLD, SEEDS, SHARED
from kg.cli import main

PREFIXES = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

CONTRACT_PATTERNS = {
    "region": "?region a hp:Region ; rdfs:label ?name . FILTER(lang(?name) = 'zh')",
    "admin code": "?region hp:adminCode ?code . FILTER(regex(?code, '^[0-9]{6}$'))",
    "nation code": "?region hp:adminCode '000000'",
    "part of": "?region hp:partOf ?parent",
    "plan": "?plan a hp:Plan ; hp:region ?region ; hp:year ?year . FILTER(datatype(?year) = xsd:integer)",
    "plan parts": "?plan hp:includes ?initiative ; hp:hasTarget ?target",
    "pursues": "?region hp:pursues ?initiative . ?initiative a hp:Initiative ; rdfs:label ?canonical",
    "alias": "?initiative skos:altLabel ?alias",
    "target": """?region hp:setsTarget ?target . ?target a hp:Target ; hp:value ?value ; hp:unit ?unit ;
                 hp:comparator ?cmp ; hp:indicator ?what ; hp:year ?y . FILTER(datatype(?value) = xsd:decimal)""",
    "evidence": "?node hp:evidence ?ev . ?ev hp:quote ?text ; hp:inPlan ?plan ; hp:document ?doc ; "
                "hp:start ?start ; hp:end ?end",
}


@pytest.mark.parametrize("name", CONTRACT_PATTERNS)
def test_every_contract_pattern_returns_rows(seeds_graph, name):
    rows = list(seeds_graph.query(PREFIXES + "SELECT * WHERE { " + CONTRACT_PATTERNS[name] + " } LIMIT 1"))
    assert rows, f"no rows for the contract pattern {name!r}"


def test_every_plan_initiative_and_target_has_evidence(seeds_graph):
    missing = seeds_graph.query(PREFIXES + """
        SELECT ?node WHERE {
          VALUES ?cls { hp:Plan hp:Initiative hp:Target }
          ?node a ?cls . FILTER NOT EXISTS { ?node hp:evidence ?ev }
        }""")
    assert list(missing) == []


def test_every_evidence_quote_equals_the_source_at_its_offsets(seeds_graph):
    from kg.read.corpus import read_document

    texts = {p.name: read_document(p).text for p in SEEDS.glob("*.txt")}
    rows = list(seeds_graph.query(PREFIXES + """
        SELECT ?quote ?doc ?start ?end WHERE { ?ev hp:quote ?quote ; hp:document ?doc ; hp:start ?start ; hp:end ?end }"""))
    assert len(rows) > 100
    for quote, doc, start, end in rows:
        assert texts[str(doc)][int(start):int(end)] == str(quote)


def test_the_seeds_hold_the_plans_of_the_gold_set(seeds_graph):
    rows = seeds_graph.query(PREFIXES + """
        SELECT ?name ?year WHERE { ?plan a hp:Plan ; hp:region ?r ; hp:year ?year . ?r rdfs:label ?name }""")
    plans = {(str(n), int(y)) for n, y in rows}
    assert {("全国", 2025), ("泰安市", 2025), ("萧县", 2025), ("上海市", 2024), ("安徽省", 2025)} <= plans


def test_building_twice_gives_byte_identical_files(seeds_build, tmp_path):
    assert main(["build", str(SEEDS), "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "kg.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()
    assert (tmp_path / "graph.html").read_bytes() == (seeds_build / "graph.html").read_bytes()


def test_build_prints_a_summary_with_counts(tmp_path, capsys):
    assert main(["build", str(SEEDS), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "5 documents" in out and "plans" in out and "triples" in out


def test_a_missing_input_is_a_one_line_error_and_writes_nothing(tmp_path, capsys):
    assert main(["build", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such file" in err
    assert not (tmp_path / "out").exists()


def test_project_seeds_are_the_shared_seeds():
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not present")
    cmp = filecmp.dircmp(SEEDS, SHARED / "seeds")
    assert not cmp.left_only and not cmp.right_only and not cmp.diff_files


def test_gold_copy_is_identical_to_shared_gold():
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared/gold is not present")
    for path in (SHARED / "gold").rglob("*"):
        if path.is_file():
            copy = GOLD.parent / path.relative_to(SHARED / "gold")
            assert copy.read_bytes() == path.read_bytes(), f"{copy} differs from {path}"


def test_two_workers_write_the_same_bytes_as_one(seeds_build, tmp_path):
    assert main(["build", str(SEEDS), "--out", str(tmp_path), "--quiet", "--workers", "2"]) == 0
    assert (tmp_path / "kg.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()


def test_turtle_groups_each_subject_once_under_readable_prefixes(seeds_build):
    text = (seeds_build / "kg.ttl").read_text(encoding="utf-8")
    assert "@prefix plan: <https://w3id.org/hpkg/id/plan/> ." in text
    assert "plan:340000-2025 " in text
    subjects = [line.split(" ", 1)[0] for line in text.splitlines() if line and not line[0].isspace()
                and not line.startswith("@prefix")]
    assert len(subjects) == len(set(subjects))


def test_workers_must_be_a_positive_number(tmp_path, capsys):
    assert main(["build", str(SEEDS), "--out", str(tmp_path), "--workers", "0"]) == 2
    assert capsys.readouterr().err.strip() == "kg build: error: --workers must be at least 1"


def test_turtle_does_not_depend_on_the_order_the_triples_were_added(seeds_build):
    import pyoxigraph

    from kg.rdf.io import serialise_turtle
    from kg.rdf.graph import graph_over

    data = (seeds_build / "kg.ttl").read_bytes()
    store = pyoxigraph.Store()
    store.load(data, pyoxigraph.RdfFormat.TURTLE)
    lines = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()).splitlines(True)
    reversed_store = pyoxigraph.Store()
    reversed_store.load(b"".join(reversed(lines)), pyoxigraph.RdfFormat.N_TRIPLES)
    assert serialise_turtle(graph_over(reversed_store)) == data


def test_a_build_in_memory_and_a_build_with_a_store_write_the_same_turtle(seeds_build, tmp_path):
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store"),
                 "--quiet"]) == 0
    assert (tmp_path / "out" / "kg.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()
