"""Initiatives: a table of sentences written for each rule family and each
exclusion (tests/data/initiatives.tsv), canonical names, themes, and the
initiative part of the seeds graph."""
import json
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF, RDFS, SKOS

from conftest import GOLD, ROOT
from kg.evaluate import names_match
from kg.rdf.graph import theme_iri
from kg.extract.initiatives import canonical_name, extract_initiatives, is_acceptable, theme_labels, themes_of
from kg.rules import load_rules

TABLE = Path(__file__).parent / "data" / "initiatives.tsv"
HP = Namespace("https://w3id.org/hpkg/ontology#")
PREFIXES = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def _rows():
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, expected, what = line.split("\t")
            names = set() if expected == "-" else set(expected.split("|"))
            yield pytest.param(sentence, names, id=what)


def test_the_table_covers_names_and_exclusions():
    rows = list(_rows())
    assert len(rows) >= 40
    assert sum(1 for r in rows if not r.values[1]) >= 15, "at least 15 sentences that must yield nothing"


@pytest.mark.parametrize("sentence, expected", list(_rows()))
def test_initiatives_in_a_sentence(sentence, expected):
    assert {m.name for m in extract_initiatives(sentence)} == expected


@pytest.mark.parametrize("sentence, expected", list(_rows()))
def test_every_mention_is_the_source_text_at_its_offsets(sentence, expected):
    for m in extract_initiatives(sentence):
        assert sentence[m.start:m.end] == m.text


def test_extraction_is_deterministic():
    sentences = [r.values[0] for r in _rows()]
    assert [extract_initiatives(s) for s in sentences] == [extract_initiatives(s) for s in sentences]


def test_an_umbrella_lists_its_parts_in_order():
    [bundle] = [m for m in extract_initiatives("开展“儿科服务、精神卫生服务、老年健康服务”十大惠民行动。") if m.family == "bundle"]
    assert bundle.parts == ("儿科服务", "精神卫生服务", "老年健康服务")


def test_a_list_joined_by_yiji_starts_after_it():
    [bundle] = [m for m in extract_initiatives("推进重点工作，以及儿童健康促进、老年健康服务等两大专项行动。") if m.family == "bundle"]
    assert bundle.parts == ("儿童健康促进", "老年健康服务")


@pytest.mark.parametrize("sentence, names", [
    ("规范工程招投标程序,确保资金安全和工程质量。", []),
    ("我们将在后续年度计划中予以细化落实。", []),
    ("南澳县、澄海区四个医共体实现统一管理。", []),
    ("今年全区还将上线“智慧医疗一张网”便民平台。", ["智慧医疗一张网"]),
    ("迭代升级“16819”健康行动。", ["16819健康行动"]),
    ("推进农村厕所革命,办好宝鸡健康大讲堂。", ["农村厕所革命", "宝鸡健康大讲堂"]),
    ("组织100支城市医疗队到民族地区和革命老区巡诊。", []),
    ("年内县域医共体实现全覆盖。", ["紧密型县域医共体"]),
    ("及时总结试点经验,推广基层好经验。", []),
    ("推动项目主体工程完工。", []),
    ("建立省—市州—县三级指导体系。", []),
    ("记者：今年有没有计划新建村卫生室？", []),
])
def test_words_that_only_look_like_a_programme_are_none(sentence, names):
    assert [m.name for m in extract_initiatives(sentence)] == names


def test_a_count_of_plans_to_write_is_no_bundle():
    found = extract_initiatives("编制人才队伍建设、数智健康发展等7个专项规划。")
    assert [m.name for m in found if m.family in ("bundle", "bundle-part")] == []


@pytest.mark.parametrize("surface, canonical", [
    ("“儿科、精神卫生服务年”行动", "儿科和精神卫生服务年"),
    ("儿科和精神卫生服务年行动", "儿科和精神卫生服务年"),
    ("精神卫生服务年", "儿科和精神卫生服务年"),
    ("三明经验", "三明医改经验"),
    ("“百院创新、千医创客”工程", "百院创新和千医创客工程"),
    ("“赣鄱名医”“赣卫精英”选拔培育工程", "赣鄱名医和赣卫精英选拔培育工程"),
    ("紧密型县域医共体提质升级", "紧密型县域医共体"),
    ("健康北京行动", "健康北京行动"),
    ("醫療衛生強基工程", "医疗卫生强基工程"),
])
def test_canonical_names(surface, canonical):
    assert canonical_name(surface) == canonical


@pytest.mark.parametrize("name", ["两个确立", "两个维护", "十五五", "实际行动", "16项专项行动", "《健康中国行动》",
                                  "专项行动"])
def test_exclusions_are_not_acceptable(name):
    assert not is_acceptable(name)


def test_every_rule_list_loads():
    rules = load_rules("initiatives")
    assert rules["suffixes"] and rules["triggers"] and rules["stop_names"] and rules["themes"]


# ------------------------------------------------------------------ themes

def test_every_initiative_in_the_table_has_a_theme():
    for row in _rows():
        for name in row.values[1]:
            assert themes_of(name), name


@pytest.mark.parametrize("name, theme", [("紧密型县域医共体", "reform"), ("村医队伍三项计划", "primary-care"),
                                         ("健康陕西行动", "public-health"), ("中医药传承创新专项", "tcm"),
                                         ("儿科和精神卫生服务年", "population"), ("筑峰计划", "science-talent"),
                                         ("鲁云影像", "digital"), ("医疗应急和安全保障专项", "safety"),
                                         ("六亮行动", "party"), ("生物医药产业培育专项", "industry"),
                                         ("十大便民惠民行动", "services")])
def test_theme_rules(name, theme):
    assert theme in themes_of(name)


def test_the_theme_scheme_declares_every_theme_with_zh_and_en_labels():
    scheme = Graph().parse(ROOT / "ontology" / "themes.ttl")
    declared = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert declared == {theme_iri(t) for t in theme_labels()}
    for theme, labels in theme_labels().items():
        got = {(str(lit), lit.language) for lit in scheme.objects(theme_iri(theme), SKOS.prefLabel)}
        assert got == {(labels["zh"], "zh"), (labels["en"], "en")}


# -------------------------------------------------------------- seeds graph

def _gold_regions_naming(name: str) -> set[str]:
    codes = set()
    for f in GOLD.glob("*.json"):
        for plan in json.loads(f.read_text(encoding="utf-8"))["plans"]:
            if plan["admin_code"] and any(names_match([i["name"], *i["aliases"]], [name]) and i["name"] == name
                                          for i in plan["initiatives"]):
                codes.add(plan["admin_code"])
    return codes


def test_the_service_year_is_one_node_pursued_by_every_region_that_names_it(seeds_graph):
    nodes = set(seeds_graph.subjects(RDFS.label, None))
    year = [n for n in nodes if (n, RDF.type, HP.Initiative) in seeds_graph
            and "服务年" in str(seeds_graph.value(n, RDFS.label)) and "精神卫生" in str(seeds_graph.value(n, RDFS.label))]
    assert len(year) == 1, [str(seeds_graph.value(n, RDFS.label)) for n in year]
    pursuing = {str(seeds_graph.value(r, HP.adminCode)) for r in seeds_graph.subjects(HP.pursues, year[0])}
    expected = _gold_regions_naming("儿科和精神卫生服务年")
    assert len(expected) >= 6 and expected <= pursuing


def test_regions_per_initiative_puts_national_programmes_first(seeds_graph):
    rows = list(seeds_graph.query(PREFIXES + """
        SELECT ?name (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r hp:pursues ?i . ?i rdfs:label ?name }
        GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 8"""))
    top = {str(name) for name, _ in rows}
    assert {"儿科和精神卫生服务年", "三明医改经验", "国家区域医疗中心"} <= top


def test_an_umbrella_has_its_ten_parts(seeds_graph):
    [umbrella] = [s for s in seeds_graph.subjects(RDFS.label, None)
                  if str(seeds_graph.value(s, RDFS.label)) == "十大惠民行动"]
    parts = {str(seeds_graph.value(p, RDFS.label)) for p in seeds_graph.objects(umbrella, HP.hasPart)}
    assert len(parts) == 10 and {"儿科服务", "老年健康服务", "检查检验结果互认"} <= parts


def test_other_spellings_are_alt_labels(seeds_graph):
    [node] = [s for s in seeds_graph.subjects(RDFS.label, None)
              if str(seeds_graph.value(s, RDFS.label)) == "三明医改经验"]
    assert "三明经验" in {str(a) for a in seeds_graph.objects(node, SKOS.altLabel)}


def test_every_initiative_has_a_declared_theme(seeds_graph):
    scheme = Graph().parse(ROOT / "ontology" / "themes.ttl")
    declared = set(scheme.subjects(RDF.type, SKOS.Concept))
    for node in seeds_graph.subjects(RDF.type, HP.Initiative):
        themes = set(seeds_graph.objects(node, HP.theme))
        assert themes and themes <= declared, str(seeds_graph.value(node, RDFS.label))


def test_no_excluded_name_is_pursued(seeds_graph):
    stop = set(load_rules("initiatives")["stop_names"])
    labels = {str(seeds_graph.value(i, RDFS.label)) for i in seeds_graph.objects(None, HP.pursues)}
    assert not labels & stop
    assert not [name for name in labels if "《" in name or "两个确立" in name]


def test_a_review_of_last_year_names_no_initiative_of_the_plan(tmp_path):
    from kg.read.corpus import read_document
    from kg.extract.pipeline import extract_document

    path = tmp_path / "meeting.txt"
    path.write_text("1月17日,2025年安徽省卫生健康工作会议召开。\n会议指出,2024年,全省实施了医疗卫生强基工程。\n"
                    "会议强调,2025年要深入实施健康安徽行动。\n", encoding="utf-8")
    [plan] = extract_document(read_document(path))
    assert [f.mention.name for f in plan.initiatives] == ["健康安徽行动"]


def test_a_process_that_let_go_of_the_part_of_speech_table_reads_it_again_when_it_tags():
    from kg.extract.textutil import let_go_of_tags, tag
    before = tag("落实医疗卫生强基工程，实施人口高质量发展专项")
    let_go_of_tags()
    tag.cache_clear()
    assert tag("落实医疗卫生强基工程，实施人口高质量发展专项") == before


@pytest.mark.parametrize("sentence, name", [
    ("以“美丽甘肃·清洁家园”为载体，持续开展城乡环境卫生整洁行动。", "美丽甘肃·清洁家园"),
    ("以“健康华阳行”为载体，每个村每季度至少开展1次健康教育讲座。", "健康华阳行"),
    ("以“三医协同”为抓手，推动医疗、医保、医药协同发展。", "三医协同"),
])
def test_the_quoted_campaign_that_carries_the_work_is_a_name(sentence, name):
    assert name in {m.name for m in extract_initiatives(sentence)}


def test_the_yearly_national_campaign_month_is_an_initiative():
    assert [m.name for m in extract_initiatives("组织开展第38个爱国卫生月活动。")] == ["爱国卫生月"]
