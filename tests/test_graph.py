"""Facts to RDF: one node per plan, initiative and target, evidence into the original text."""
from rdflib import Graph

from kg.build import extract
from kg.read.corpus import document_from_bytes
from kg.rdf.graph import build_graph
from kg.extract.pipeline import extract_document

PREFIXES = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

SIMPLIFIED = ("1月17日,安徽省卫生健康工作会议召开。会议强调,2025年全省要实施儿科和精神卫生服务年行动,"
              "实现二级以上综合医院精神(心理)卫生门诊达70%以上。\n")
TRADITIONAL = ("１月１７日，安徽省衛生健康工作會議召開。會議強調，２０２５年全省要實施兒科和精神衛生服務年行動，"
               "實現二級以上綜合醫院精神（心理）衛生門診達７０％以上。\n")


def graph_of(name: str, text: str) -> Graph:
    return build_graph(extract_document(document_from_bytes(name, text.encode("utf-8"))))


def facts(g: Graph):
    rows = g.query(PREFIXES + """
        SELECT ?region ?year ?initiative ?value ?unit WHERE {
          ?plan a hp:Plan ; hp:region/rdfs:label ?region ; hp:year ?year ;
                hp:includes/rdfs:label ?initiative ; hp:hasTarget ?t .
          ?t hp:value ?value ; hp:unit ?unit .
        }""")
    return sorted(tuple(str(x) for x in row) for row in rows)


def test_a_traditional_full_width_document_yields_the_facts_of_its_simplified_twin():
    simplified, traditional = facts(graph_of("s.txt", SIMPLIFIED)), facts(graph_of("t.txt", TRADITIONAL))
    assert simplified == traditional
    assert ("安徽省", "2025", "儿科和精神卫生服务年", "70", "%") in simplified


def test_evidence_of_a_traditional_document_quotes_the_original_characters():
    g = graph_of("t.txt", TRADITIONAL)
    quotes = {str(q) for q in g.objects(None, g.namespace_manager.expand_curie("hp:quote"))}
    assert any("兒科" in q for q in quotes)
    for quote, start, end in g.query(PREFIXES + "SELECT ?q ?s ?e WHERE { ?ev hp:quote ?q ; hp:start ?s ; hp:end ?e }"):
        assert TRADITIONAL[int(start):int(end)] == str(quote)


def test_the_same_initiative_in_two_plans_is_one_node_pursued_twice():
    text = SIMPLIFIED + "1月18日,2025年福建省卫生健康工作会议召开。会议要求,开展儿科、精神卫生服务年行动。\n"
    g = graph_of("d.txt", text)
    rows = list(g.query(PREFIXES + """
        SELECT ?i (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r hp:pursues ?i . ?i rdfs:label "儿科和精神卫生服务年"@zh } GROUP BY ?i"""))
    assert len(rows) == 1 and int(rows[0][1]) == 2


def test_regions_roll_up_to_the_nation_with_codes(tmp_path):
    (tmp_path / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    g = extract([tmp_path]).graph
    rows = list(g.query(PREFIXES + """
        SELECT ?code ?parent WHERE { ?r rdfs:label "安徽省"@zh ; hp:adminCode ?code ; hp:partOf/hp:adminCode ?parent }"""))
    assert [(str(c), str(p)) for c, p in rows] == [("340000", "000000")]
