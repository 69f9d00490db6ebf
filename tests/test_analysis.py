"""Analysis of the graph: adoption ranking, region similarity, communities, and `kg stats`."""
from urllib.parse import quote

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from rdflib.namespace import SKOS

from kg.view.analysis import adoption, communities, region_similarity, stats_report, zh_label
from kg.cli import main
from kg.rdf.vocab import HP, ID


def graph_of(pursues: dict[str, list[str]]) -> Graph:
    """A graph where each region (by name) pursues the initiatives (by name) listed."""
    g = Graph()
    for r, (region, inits) in enumerate(sorted(pursues.items())):
        rnode = ID[f"region/r{r}"]
        g.add((rnode, RDF.type, HP.Region))
        g.add((rnode, RDFS.label, Literal(region, lang="zh")))
        for name in inits:
            inode = ID[f"initiative/{quote(name)}"]
            g.add((inode, RDF.type, HP.Initiative))
            g.add((inode, RDFS.label, Literal(name, lang="zh")))
            g.add((rnode, HP.pursues, inode))
    return g


# (regions -> initiatives, expected adoption ranking as (initiative, count))
ADOPTION_CASES = {
    "most adopted first": ({"安徽省": ["甲工程", "乙行动"], "上海市": ["乙行动"], "萧县": ["乙行动", "丙计划"]},
                           [("乙行动", 3), ("丙计划", 1), ("甲工程", 1)]),
    "ties broken by name": ({"安徽省": ["医疗卫生强基工程"], "上海市": ["儿科和精神卫生服务年"]},
                            [("儿科和精神卫生服务年", 1), ("医疗卫生强基工程", 1)]),
    "a region with no initiative adds nothing": ({"安徽省": [], "上海市": ["甲工程"]}, [("甲工程", 1)]),
    "an empty graph has no ranking": ({}, []),
}


@pytest.mark.parametrize("name", ADOPTION_CASES)
def test_adoption_ranking(name):
    pursues, expected = ADOPTION_CASES[name]
    assert [(a.label, a.count) for a in adoption(graph_of(pursues))] == expected


# (regions -> initiatives, expected pairs as (a, b, shared, jaccard))
SIMILARITY_CASES = {
    "identical regions have jaccard 1": ({"安徽省": ["甲", "乙"], "上海市": ["甲", "乙"]}, [("上海市", "安徽省", 2, 1.0)]),
    "most similar pair first": ({"安徽省": ["甲", "乙", "丙"], "上海市": ["甲", "乙"], "萧县": ["丙", "丁"]},
                                [("上海市", "安徽省", 2, 0.667), ("安徽省", "萧县", 1, 0.25)]),
    "regions sharing nothing make no pair": ({"安徽省": ["甲"], "上海市": ["乙"]}, []),
}


@pytest.mark.parametrize("name", SIMILARITY_CASES)
def test_region_similarity(name):
    pursues, expected = SIMILARITY_CASES[name]
    assert [(s.a, s.b, s.shared, s.jaccard) for s in region_similarity(graph_of(pursues))] == expected


def test_communities_separate_regions_that_share_nothing():
    g = graph_of({"安徽省": ["甲", "乙"], "萧县": ["甲", "乙"], "上海市": ["丙", "丁"], "北京市": ["丙", "丁"]})
    found = communities(g)
    assert sorted(c.regions for c in found) == [("上海市", "北京市"), ("安徽省", "萧县")]
    assert {c.regions: c.initiatives for c in found}[("安徽省", "萧县")] == ("乙", "甲")


def test_analysis_is_deterministic_on_the_seeds(seeds_graph):
    assert stats_report(seeds_graph) == stats_report(seeds_graph)


def test_seeds_ranking_counts_regions_that_pursue_each_initiative(seeds_graph):
    ranking = {a.label: a for a in adoption(seeds_graph)}
    rows = seeds_graph.query("""PREFIX hp: <https://w3id.org/hpkg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r hp:pursues ?i . ?i rdfs:label ?name } GROUP BY ?name""")
    assert {str(name): int(n) for name, n in rows} == {label: a.count for label, a in ranking.items()}
    assert "安徽省" in ranking["儿科和精神卫生服务年"].regions
    counts = [a.count for a in adoption(seeds_graph)]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 3


def test_kg_stats_prints_the_three_tables(seeds_build, capsys):
    assert main(["stats", "--data", str(seeds_build / "kg.ttl"), "--top", "5"]) == 0
    out = capsys.readouterr().out
    assert "Adoption of initiatives (top 5 of" in out
    assert "Similar regions by shared initiatives" in out and "jaccard" in out
    assert "Communities of regions" in out
    adoption_table = out.split("\n\n")[0].splitlines()
    assert len(adoption_table) == 2 + 1 + 5          # title, header, rule, five rows
    assert adoption_table[3].startswith("1 ")


def test_kg_stats_json_has_the_same_figures(seeds_build, seeds_graph, capsys):
    import json

    assert main(["stats", "--data", str(seeds_build / "kg.ttl"), "--top", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["initiative"] for row in data["adoption"]] == [a.label for a in adoption(seeds_graph)[:3]]
    assert all(row["count"] == len(row["regions"]) for row in data["adoption"])
    assert len(data["similarity"]) == 3 and data["communities"]


@pytest.mark.parametrize("args, message", [
    (["--data", "no/such.ttl"], "no such graph file"),
    (["--top", "0"], "--top must be 1 or more"),
])
def test_kg_stats_errors_are_one_line(seeds_build, capsys, args, message):
    if "--data" not in args:
        args = args + ["--data", str(seeds_build / "kg.ttl")]
    assert main(["stats"] + args) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


# (labels as (text, language), expected): the Chinese label wins whatever the store's order
ZH_LABEL_CASES = {
    "zh over en": ([("General", "en"), ("综合", "zh")], "综合"),
    "zh over no language": ([("综合", None), ("基层", "zh")], "基层"),
    "no language over en": ([("General", "en"), ("综合", None)], "综合"),
    "smallest of two zh": ([("乙", "zh"), ("甲", "zh")], "乙"),
    "no label gives the IRI": ([], "https://w3id.org/hpkg/id/theme/x"),
}


@pytest.mark.parametrize("name", ZH_LABEL_CASES)
def test_zh_label(name):
    labels, expected = ZH_LABEL_CASES[name]
    g = Graph()
    node = ID["theme/x"]
    for text, lang in labels:
        g.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
    assert zh_label(g, node, SKOS.prefLabel) == expected
