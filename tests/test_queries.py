"""Every bundled query runs on the seeds graph, returns rows and gives a known answer;
`kg query` lists them, binds parameters and prints tables, CSV and JSON."""
import csv
import io
import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Literal

from conftest import ROOT, SEEDS
from kg.cli import main
from kg.serve.query import QueryError, bind_params, bundled_queries, resolve_query, result_rows, run_query

REQUIRED = {
    "initiatives-by-adoption", "regions-pursuing-initiative", "targets-of-region", "targets-above-threshold",
    "plan-in-full", "shared-initiatives", "compare-plan-years", "targets-rolled-up-to-provinces",
    "initiatives-per-theme", "regions-without-target-in-theme", "targets-per-initiative",
}


def rows_of(graph, name, **params):
    names, rows = result_rows(run_query(graph, resolve_query(name, {k: str(v) for k, v in params.items()})))
    return [dict(zip(names, row)) for row in rows]


def by(rows, key):
    return {row[key]: row for row in rows}


# ---------------------------------------------------------------- known answers, one per query

def check_initiatives_by_adoption(rows):
    counts = [int(r["regions"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    row = by(rows, "initiative")["儿科和精神卫生服务年"]
    assert int(row["regions"]) >= 3 and "全国" in row["pursued_by"] and "安徽省" in row["pursued_by"]


def check_regions_pursuing_initiative(rows):
    regions = by(rows, "region")
    assert {"全国", "安徽省"} <= set(regions)
    assert regions["安徽省"]["code"] == "340000" and "精神卫生服务年" in regions["安徽省"]["quote"]


def check_targets_of_region(rows):     # 北京市: 二级以上综合医院精神(心理)卫生门诊达70%以上
    assert any(r["value"] == "70" and r["unit"] == "%" and r["comparator"] == ">=" for r in rows)
    assert all(r["indicator"] and r["quote"] for r in rows)


def check_targets_above_threshold(rows):
    assert all(r["unit"] == "%" for r in rows)
    assert all(float(r["value"]) >= 70 or (r["max_value"] and float(r["max_value"]) >= 70) for r in rows)
    assert any(r["region"] == "北京市" and r["value"] == "70" for r in rows)


def check_plan_in_full(rows):          # 安徽省 2025
    from kg.read.corpus import read_document

    assert rows[0]["kind"] == "plan" and "安徽省" in rows[0]["quote"]
    assert "儿科和精神卫生服务年" in {r["item"] for r in rows if r["kind"] == "initiative"}
    for r in rows:
        text = read_document(SEEDS / r["document"]).text
        assert text[int(r["start"]):int(r["end"])] == r["quote"]


def check_shared_initiatives(rows):    # 全国 and 安徽省
    assert "儿科和精神卫生服务年" in {r["initiative"] for r in rows}


def check_compare_plan_years(rows):    # 安徽省, 2024 against 2025
    assert {r["status"] for r in rows} <= {"both", "only 2024", "only 2025"}
    assert "only 2024" in {r["status"] for r in rows}
    assert by([r for r in rows if r["kind"] == "initiative"], "item")["儿科和精神卫生服务年"]["status"] != "only 2024"


def check_targets_rolled_up_to_provinces(rows):
    provinces = by(rows, "province")
    assert "萧县" in provinces["安徽省"]["below"] and int(provinces["安徽省"]["from_below"]) >= 1
    assert all(int(r["targets"]) >= int(r["from_below"]) for r in rows)
    assert "全国" not in provinces


def check_initiatives_per_theme(rows):
    themes = by(rows, "theme")
    assert {"医改", "基层", "公共卫生"} <= set(themes)
    assert all(int(r["initiatives"]) > 0 for r in rows)


def check_regions_without_target_in_theme(rows, graph):    # 中医药
    with_target = {str(r[0]) for r in graph.query("""
        PREFIX hp: <https://w3id.org/hpkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?name WHERE { ?r hp:setsTarget/hp:forInitiative/hp:theme/skos:prefLabel "中医药"@zh ;
                                         rdfs:label ?name }""")}
    regions = by(rows, "region")
    assert not set(regions) & with_target
    assert int(regions["福建省"]["initiatives_in_theme"]) >= 1    # 中医药文化弘扬工程, and no target at all


def check_targets_per_initiative(rows):
    row = by(rows, "initiative")["儿科和精神卫生服务年"]
    assert "北京市" in row["set_by"] and int(row["targets"]) >= 1


def check_plans(rows):
    plans = {(r["region"], r["year"]): r for r in rows}
    assert {("全国", "2025"), ("安徽省", "2024"), ("安徽省", "2025"), ("萧县", "2025")} <= set(plans)
    assert plans[("安徽省", "2025")]["code"] == "340000" and plans[("萧县", "2025")]["level"] == "county"


def check_initiatives(rows, graph):
    from kg.rdf.vocab import HP
    from rdflib import RDF

    assert len(rows) == len(set(graph.subjects(RDF.type, HP.Initiative)))
    row = by(rows, "name")["儿科和精神卫生服务年"]
    assert "安徽省" in row["pursued_by"] and row["themes"]


def check_targets(rows, graph):
    from kg.rdf.vocab import HP
    from rdflib import RDF

    assert len(rows) == len(set(graph.subjects(RDF.type, HP.Target)))
    assert all(r["quote"] and r["indicator"] and r["value"] for r in rows)


def check_indicator_across_regions(rows):      # 安徽省 2024: 9个国家区域医疗中心; 湖北省 2025: 3个
    regions = by(rows, "region")
    assert {r["concept"] for r in rows} == {"国家区域医疗中心数"}
    assert (regions["安徽省"]["value"], regions["安徽省"]["unit"], regions["安徽省"]["quote"]) == ("9", "个", "9个")
    assert regions["湖北省"]["value"] == "3" and "国家区域医疗中心" in regions["湖北省"]["text"]


def check_documents(rows):
    assert len(rows) == 5 and all(r["format"] == "text/plain" for r in rows)
    assert any("安徽省2025年卫生健康工作" in r["plans"] for r in rows)


KNOWN = {name[len("check_"):].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("check_")}


def test_at_least_the_required_queries_are_bundled():
    assert REQUIRED <= set(bundled_queries())


def test_every_bundled_query_has_a_known_answer_test():
    assert set(bundled_queries()) == set(KNOWN)


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_bundled_query_returns_rows_with_the_known_answer(seeds_graph, name):
    rows = rows_of(seeds_graph, name)
    assert rows, f"{name} returned no rows"
    check = KNOWN[name]
    check(rows, seeds_graph) if check.__code__.co_argcount == 2 else check(rows)


@pytest.mark.parametrize("name, params, check", [
    ("targets-above-threshold", {"threshold": 100}, lambda rows: all(float(r["value"]) >= 100 for r in rows)),
    ("targets-above-threshold", {"unit": "家", "threshold": 50},
     lambda rows: rows and all(r["unit"] == "家" for r in rows)),
    ("targets-of-region", {"region": "萧县"}, lambda rows: len(rows) >= 1),
    ("targets-of-region", {"region": "没有这个县"}, lambda rows: rows == []),
    ("indicator-across-regions", {"indicator": "居民健康素养水平"},         # 甘肃省: 群众健康素养水平达到35%以上
     lambda rows: [(r["region"], r["text"], r["comparator"], r["value"], r["unit"]) for r in rows]
     == [("甘肃省", "群众健康素养水平", ">=", "35", "%")]),
    ("indicator-across-regions", {"indicator": "健康素养水平"}, lambda rows: len(rows) == 1),   # another spelling
    ("indicator-across-regions", {"indicator": "没有这个指标"}, lambda rows: rows == []),
    ("plan-in-full", {"region": "全国", "year": 2025}, lambda rows: rows[0]["kind"] == "plan" and len(rows) > 10),
    ("plan-in-full", {"region": "全国", "year": 1999}, lambda rows: rows == []),
    ("shared-initiatives", {"region_a": "安徽省", "region_b": "萧县"},
     lambda rows: "儿科和精神卫生服务年" not in {r["initiative"] for r in rows}),
])
def test_parameters_change_the_answer(seeds_graph, name, params, check):
    assert check(rows_of(seeds_graph, name, **params))


def test_an_alias_finds_the_same_regions_as_the_canonical_name(seeds_graph):
    from rdflib.namespace import RDFS, SKOS

    node = next(seeds_graph.subjects(RDFS.label, Literal("儿科和精神卫生服务年", lang="zh")))
    aliases = sorted(str(a) for a in seeds_graph.objects(node, SKOS.altLabel))
    assert aliases
    expected = rows_of(seeds_graph, "regions-pursuing-initiative")
    assert rows_of(seeds_graph, "regions-pursuing-initiative", initiative=aliases[0]) == expected


# One plan given by two documents that both state its target: the seeds have no such target.
TWO_DOCUMENTS = """
@prefix hp: <https://w3id.org/hpkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/hpkg/id/> .
id:plan\\/340000-2025 a hp:Plan ; hp:region id:region\\/340000 ; hp:year 2025 ; hp:hasTarget id:target\\/t ;
    dcterms:source id:document\\/one, id:document\\/two .
id:document\\/one dcterms:title "一.txt" .
id:document\\/two dcterms:title "二.txt" .
id:region\\/340000 rdfs:label "安徽省"@zh ; hp:adminCode "340000" ; hp:level "province" .
hp:AtLeast rdfs:label ">=" .
id:target\\/t a hp:Target ; hp:indicator "县域内就诊率"@zh ; hp:value 90.0 ; hp:unit "%" ; hp:year 2025 ;
    hp:comparator hp:AtLeast ; hp:evidence id:evidence\\/b-1-5, id:evidence\\/a-9-14 .
id:evidence\\/b-1-5 hp:quote "达到90%" ; hp:document "一.txt" ; hp:start 1 ; hp:end 5 ; hp:sentence "县域内就诊率达到90%。" .
id:evidence\\/a-9-14 hp:quote "90%以上" ; hp:document "二.txt" ; hp:start 9 ; hp:end 14 .
"""


# Two targets of one plan. The first has three evidences: the least IRI, evidence/x-10, is written neither first nor
# last, and is not the least by number (x-2). The second target's document sorts first.
THREE_EVIDENCES = """
@prefix hp: <https://w3id.org/hpkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <https://w3id.org/hpkg/id/> .
id:plan\\/340000-2025 a hp:Plan ; hp:region id:region\\/340000 ; hp:year 2025 ;
    hp:hasTarget id:target\\/t1, id:target\\/t2 ; dcterms:source id:document\\/one .
id:document\\/one dcterms:title "一.txt" .
id:region\\/340000 rdfs:label "安徽省"@zh ; hp:adminCode "340000" .
hp:AtLeast rdfs:label ">=" .
id:target\\/t1 a hp:Target ; hp:indicator "县域内就诊率"@zh ; hp:value 90 ; hp:unit "%" ; hp:year 2025 ;
    hp:comparator hp:AtLeast ; hp:evidence id:evidence\\/x-9, id:evidence\\/x-10, id:evidence\\/x-2 .
id:evidence\\/x-9 hp:quote "九" ; hp:document "一.txt" ; hp:start 9 ; hp:end 10 .
id:evidence\\/x-10 hp:quote "十" ; hp:document "二.txt" ; hp:start 1 ; hp:end 2 ; hp:sentence "句十" .
id:evidence\\/x-2 hp:quote "二" ; hp:document "一.txt" ; hp:start 3 ; hp:end 4 .
id:target\\/t2 a hp:Target ; hp:indicator "基层诊疗量占比"@zh ; hp:value 65.5 ; hp:unit "%" ; hp:year 2025 ;
    hp:comparator hp:AtLeast ; hp:evidence id:evidence\\/y .
id:evidence\\/y hp:quote "65.5%" ; hp:document "一.txt" ; hp:start 20 ; hp:end 25 .
"""


@pytest.fixture(params=["rdflib", "oxigraph"])
def answer_on(request):
    """(Turtle, name) -> rows of a bundled query on that graph, its targets linked to their first evidence as a
    build links them, by rdflib's engine or by Oxigraph's (as on a store)."""
    from rdflib import Graph

    from kg.rdf.derived import link_first_evidence
    from kg.serve.query import query_store

    def rows(data: str, name: str) -> list[list[str]]:
        store = ox.Store()
        store.load(data.encode("utf-8"), ox.RdfFormat.TURTLE)
        link_first_evidence(store)
        if request.param == "rdflib":
            ntriples = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
            return result_rows(run_query(graph, resolve_query(name)))[1]
        return result_rows(query_store(store, resolve_query(name)))[1]
    return rows


def test_targets_quotes_the_first_evidence_of_a_target_two_documents_state(answer_on):
    # the first evidence is the one with the least IRI (evidence/a-…), whichever document comes first
    assert answer_on(TWO_DOCUMENTS, "targets") == [[
        "https://w3id.org/hpkg/id/target/t", "安徽省", "340000", "2025", "县域内就诊率", ">=", "90", "", "%", "2025",
        "", "90%以上", "", "二.txt", "9", "14"]]


def test_targets_quotes_the_least_iri_of_three_evidences_and_sorts_by_document_then_start(answer_on):
    assert [row[:1] + row[11:] for row in answer_on(THREE_EVIDENCES, "targets")] == [
        ["https://w3id.org/hpkg/id/target/t2", "65.5%", "", "一.txt", "20", "25"],
        ["https://w3id.org/hpkg/id/target/t1", "十", "句十", "二.txt", "1", "2"]]


def test_plans_has_a_row_for_each_document_that_gave_the_plan(answer_on):
    assert answer_on(TWO_DOCUMENTS, "plans") == [["安徽省", "340000", "province", "2025", "一.txt", "0", "1"],
                                                 ["安徽省", "340000", "province", "2025", "二.txt", "0", "1"]]


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{datatype}"))


@pytest.mark.parametrize("term, cell", [
    (ox.NamedNode("https://w3id.org/hpkg/id/plan/340000-2025"), "https://w3id.org/hpkg/id/plan/340000-2025"),
    (ox.Literal("安徽省", language="zh"), "安徽省"),
    (ox.Literal('达到"90%"\t以上\\'), '达到"90%"\t以上\\'),           # escaped in the TSV
    (ox.Literal(""), ""),
    (_typed("2025", "integer"), 2025),
    (_typed("-7", "integer"), -7),
    (_typed("90.0", "decimal"), Decimal("90")),
    (_typed("0.50", "decimal"), Decimal("0.5")),
    (_typed("abc", "integer"), "abc"),                                      # not a number: its text
    (_typed("1.5e3", "double"), "1500"),
    (_typed("1", "boolean"), "true"),
    (_typed("2024-01-01", "date"), "2024-01-01"),
    (ox.BlankNode("b1"), "b1"),
    (ox.Triple(ox.NamedNode("http://s"), ox.NamedNode("http://p"), _typed("1", "integer")),
     '<http://s> <http://p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'),
])
def test_a_table_from_oxigraph_has_the_cells_of_its_terms(term, cell):
    # the table is read from Oxigraph's TSV: its cells are those of the terms pyoxigraph hands out one by one
    from kg.serve.query import rows_from_oxigraph, table_from_oxigraph

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://s"), ox.NamedNode("http://p"), term))
    query = "SELECT ?o ?unbound WHERE { ?s ?p ?o }"
    table = table_from_oxigraph(store.query(query))
    assert (table.names, table.rows) == (["o", "unbound"], [[cell, None]])
    assert type(table.rows[0][0]) is type(cell)
    assert table.rows == list(rows_from_oxigraph(store.query(query))[1])


def test_a_table_from_oxigraph_without_rows_or_without_columns():
    from kg.serve.query import table_from_oxigraph

    table = table_from_oxigraph(ox.Store().query("SELECT ?x WHERE { VALUES ?x { 1 2 } } LIMIT 0"))
    assert (table.names, table.rows) == (["x"], [])
    table = table_from_oxigraph(ox.Store().query("SELECT * WHERE {}"))
    assert (table.names, table.rows) == ([], [[]])


def test_every_bundled_query_is_plain_sparql_with_a_description():
    from rdflib.plugins.sparql.parser import parseQuery

    for q in bundled_queries().values():
        assert q.text.startswith("# ") and len(q.description) > 20, q.name
        parseQuery(q.text)
        for name in q.params:
            assert f"# param {name}:" in q.text and q.params[name], (q.name, name)


@pytest.mark.parametrize("text, values, expected", [
    ('VALUES ?region { "北京市" }', {"region": "安徽省"}, 'VALUES ?region { "安徽省" }'),
    ('VALUES ?region { "北京市" }', {"region": 'a"b'}, 'VALUES ?region { "a\\"b" }'),   # escaped, not injected
    ("VALUES ?threshold { 70 }", {"threshold": "85"}, "VALUES ?threshold { 85 }"),
    ("VALUES ?threshold { 70 }", {"threshold": "0.5"},
     'VALUES ?threshold { "0.5"^^<http://www.w3.org/2001/XMLSchema#decimal> }'),
])
def test_bind_params(text, values, expected):
    assert bind_params(text, values) == expected


@pytest.mark.parametrize("values, message", [
    ({"threshold": "七十"}, "expected a number"),
    ({"threshold": "NaN"}, "expected a number"),
    ({"threshold": "1e5"}, "expected a number"),
    ({"regoin": "安徽省"}, "no such parameter"),
    ({".*": "x"}, "must be a SPARQL variable name"),          # a name is text, never a pattern
    ({"region|threshold": "x"}, "must be a SPARQL variable name"),
])
def test_bind_params_rejects(values, message):
    with pytest.raises(QueryError, match=message):
        bind_params('# param region: x\nVALUES ?region { "北京市" } VALUES ?threshold { 70 }', values)


# ---------------------------------------------------------------- the command

def test_kg_query_list_shows_every_query_on_one_line(capsys):
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(bundled_queries())
    listed = {line.split()[0]: line for line in lines}
    assert set(listed) == set(bundled_queries())
    assert "[region=北京市]" in listed["targets-of-region"]


def test_kg_query_by_name_with_a_param_prints_an_aligned_table(seeds_build, capsys):
    assert main(["query", "shared-initiatives", "--data", str(seeds_build / "kg.ttl"),
                 "--param", "region_a=全国", "--param", "region_b=安徽省"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].strip() == "initiative" and set(lines[1]) == {"-"}
    assert "儿科和精神卫生服务年" in lines and lines[-1].endswith("rows)")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_kg_query_csv_and_json(seeds_build, capsys, fmt):
    assert main(["query", "targets-of-region", "--data", str(seeds_build / "kg.ttl"), "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out))) if fmt == "csv" else json.loads(out)
    assert rows and all("indicator" in r and "value" in r for r in rows)
    if fmt == "json":
        assert any(r["value"] == 70 for r in rows)       # numbers stay numbers


def test_kg_query_a_rq_file(seeds_build, tmp_path, capsys):
    path = tmp_path / "q.rq"
    path.write_text("PREFIX hp: <https://w3id.org/hpkg/ontology#>\nASK { ?p a hp:Plan }\n")
    assert main(["query", str(path), "--data", str(seeds_build / "kg.ttl")]) == 0
    assert "true" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE {\n  ?x ?y }"], "(line:2, col:"),               # the parser's position
    (["no-such-query"], "not a bundled query name"),
    (["targets-of-region", "--param", "regoin=安徽省"], "no such parameter (parameters: region)"),
    (["targets-above-threshold", "--param", "threshold=high"], "expected a number"),
    (["targets-of-region", "--param", "region"], "expected NAME=VALUE"),
    (["targets-of-region", "--param", "(=1"], "--param (=1: the name must be a SPARQL variable name"),
    (["targets-of-region", "--param", "region|x=安徽省"], "--param region|x=安徽省: the name must be a SPARQL variable"),
    (["targets-of-region", "--param", ".*=x"], "--param .*=x: the name must be a SPARQL variable name"),
    (["targets-above-threshold", "--param", "threshold=1e5"], "expected a number"),
    ([], "give a query"),
])
def test_kg_query_errors_are_one_line(seeds_build, capsys, args, message):
    assert main(["query", *args, "--data", str(seeds_build / "kg.ttl")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err


def test_queries_ship_inside_the_package():
    from kg.rules import data_path

    shipped = data_path("ontology", "queries")
    assert shipped.is_dir() and {p.name for p in shipped.iterdir()} == \
        {p.name for p in (ROOT / "ontology" / "queries").iterdir()}


def test_a_query_file_that_is_not_utf8_is_one_line(seeds_build, tmp_path, capsys):
    path = tmp_path / "gbk.rq"
    path.write_bytes("SELECT ?x WHERE { ?x ?y \"安徽省\" }".encode("gbk"))
    assert main(["query", str(path), "--data", str(seeds_build / "kg.ttl")]) == 2
    err = capsys.readouterr().err
    assert err == f"kg query: error: {path}: not UTF-8 text (byte 25 is 0xb0); save the query as UTF-8\n"


def test_a_parameter_value_cannot_add_sparql(seeds_graph):
    hostile = '安徽省" } ?s ?p ?o . FILTER(true) VALUES ?x { "'
    text = resolve_query("targets-of-region", {"region": hostile})
    assert text.replace(Literal(hostile, lang="zh").n3(), '"北京市"@zh') == bundled_queries()["targets-of-region"].text
    assert rows_of(seeds_graph, "targets-of-region", region=hostile) == []


# ---------------------------------------------------------------- local queries stay local

@pytest.fixture(scope="module")
def built_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    assert main(["build", str(SEEDS), "--store", str(folder / "db"), "--out", str(folder / "out"), "--quiet"]) == 0
    return folder / "db"


@pytest.fixture
def listener():
    from local_servers import Listener

    heard = Listener()
    yield heard
    heard.close()


def _where(source, seeds_build, built_store):
    return ["--data", str(seeds_build / "kg.ttl")] if source == "data" else ["--store", str(built_store)]


@pytest.mark.parametrize("source", ["data", "store"])
@pytest.mark.parametrize("query, clause", [
    ("SELECT * WHERE { SERVICE <{url}/x> { ?s ?p ?o } }", "SERVICE <{url}/x>"),
    ("SELECT * WHERE { SERVICE SILENT <{url}/x> { ?s ?p ?o } }", "SERVICE SILENT <{url}/x>"),
    ("SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }", "FROM <{url}/g>"),
])
def test_a_local_query_does_not_reach_the_network(seeds_build, built_store, listener, capsys, source, query, clause):
    query, clause = query.replace("{url}", listener.url), clause.replace("{url}", listener.url)
    assert main(["query", query, *_where(source, seeds_build, built_store), "--timeout", "5"]) == 2
    assert capsys.readouterr().err == (f"kg query: error: {clause}: a local query reads only the graph in hand "
                                       "(SERVICE, FROM, FROM NAMED and LOAD are refused; --allow-federation "
                                       "allows them)\n")
    assert listener.connections == []


@pytest.mark.parametrize("source", ["data", "store"])
def test_allow_federation_lets_the_user_call_a_service(seeds_build, built_store, listener, capsys, source):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}/x> {{ ?s ?p ?o }} }}"
    assert main(["query", query, *_where(source, seeds_build, built_store), "--allow-federation",
                 "--timeout", "2"]) == 2                       # the listener never answers: stopped at the limit
    assert "did not finish within 2 s" in capsys.readouterr().err
    assert len(listener.connections) == 1


def test_allow_federation_is_for_local_queries(capsys):
    assert main(["query", "ASK {}", "--endpoint", "http://127.0.0.1:9/query", "--allow-federation"]) == 2
    assert "--allow-federation is for local queries" in capsys.readouterr().err
