"""A document always gets a reading: its plans, or a one-line reason why it gave none, seen on stderr and
in the graph; `--strict` makes such a miss an error."""
from rdflib import Graph, Literal, Namespace

from kg.cli import main
from kg.read.corpus import document_from_bytes
from kg.extract.pipeline import EMPTY_ASIDE, read_document

HP = Namespace("https://w3id.org/hpkg/ontology#")

PLAN = "株洲市卫生健康委员会关于印发《2025年全市卫生健康工作要点》的通知\n\n一、全市县域内就诊率达到90%以上。实施医疗卫生强基工程。\n"
NO_HEALTH = "全市地区生产总值增长5.5%。\n规模以上工业增加值增长6%。\n社会消费品零售总额增长5%。\n"
NO_REGION = "卫生健康工作要点\n\n今年要推进医疗卫生强基工程。县域内就诊率达到90%以上。二级医院要加强儿科建设。\n2025年2月1日\n"

NO_PLAN_REASONS = [
    (NO_HEALTH, "not a health plan: it names almost no health work"),
    (NO_REGION, "no region: none named, no issuing body, no anaphora"),
]


def test_a_document_that_gives_no_plan_says_why():
    for text, reason in NO_PLAN_REASONS:
        reading = read_document(document_from_bytes("x.txt", text.encode()))
        assert (reading.plans, reading.no_plan) == ([], reason)


def test_a_document_with_a_plan_has_no_reason():
    reading = read_document(document_from_bytes("x.txt", PLAN.encode()))
    assert [p.plan.region_name for p in reading.plans] == ["株洲市"] and reading.no_plan is None


def write_corpus(folder):
    folder.mkdir()
    (folder / "a_zhuzhou.txt").write_text(PLAN, encoding="utf-8")
    (folder / "b_no_region.txt").write_text(NO_REGION, encoding="utf-8")
    return folder


def test_a_folder_build_lists_the_document_without_a_plan_and_exits_0(tmp_path, capsys):
    docs = write_corpus(tmp_path / "docs")
    assert main(["build", str(docs), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "no plan: b_no_region.txt: no region: none named, no issuing body, no anaphora" in captured.err
    assert "2 documents, 1 without a plan: 1 plans" in captured.out
    graph = Graph().parse(tmp_path / "out" / "kg.ttl")
    reasons = {str(title): str(reason) for title, reason in graph.query(
        "SELECT ?t ?r WHERE { ?d <http://purl.org/dc/terms/title> ?t ; ?p ?r }", initBindings={"p": HP.noPlanReason})}
    assert reasons == {"b_no_region.txt": "no region: none named, no issuing body, no anaphora"}
    assert main(["validate", str(tmp_path / "out" / "kg.ttl")]) == 0


def test_strict_makes_a_document_without_a_plan_an_error_and_writes_nothing(tmp_path, capsys):
    docs = write_corpus(tmp_path / "docs")
    assert main(["build", str(docs), "--out", str(tmp_path / "out"), "--strict"]) != 0
    err = capsys.readouterr().err
    assert "no plan in b_no_region.txt" in err and "--strict" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "kg.ttl").exists()


def test_strict_with_a_store_refuses_too(tmp_path, capsys):
    docs = write_corpus(tmp_path / "docs")
    assert main(["build", str(docs), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store"),
                 "--strict"]) != 0
    assert "no plan in b_no_region.txt" in capsys.readouterr().err
    assert not (tmp_path / "out" / "kg.ttl").exists()


def test_kg_explain_shows_the_region_decision_and_the_dropped_candidates_with_their_rules(capsys):
    from conftest import SEEDS

    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert main(["explain", str(seed)]) == 0
    out = capsys.readouterr().out
    assert "region candidates:" in out and "taken" in out and "year: " in out
    assert "dropped:" in out and any(rule in out for rule in ("plans/drops/review", "targets/drops/past_year", "targets/not_units_after"))
    assert "(rule initiatives/lexicon/" in out or "(rule initiatives/synonyms/" in out
    from kg.rules import resolve_rule
    import re
    for rid in re.findall(r"\(rule ([^)\s]+)\)", out):     # every fact's rule id names an entry of a rule file
        resolve_rule(rid)


def test_kg_explain_of_a_missing_file_is_one_line(capsys, tmp_path):
    assert main(["explain", str(tmp_path / "nope.txt")]) != 0
    assert capsys.readouterr().err.count("\n") == 1


def test_a_member_s_sentence_that_commits_to_nothing_measured_or_named_is_no_plan_and_says_so():
    text = ("延边州卫生健康局关于印发《2026年全州卫生健康工作要点》的通知\n全州推进县域医共体建设，新建县域医疗卫生次中心5个。\n"
            "延吉市要发挥中心城市优势，带动周边县（市）提升专科服务能力。\n全州县域内就诊率达到90%以上。\n")
    reading = read_document(document_from_bytes("a.txt", text.encode("utf-8")))
    assert {p.plan.region_name for p in reading.plans} == {"延边朝鲜族自治州"}
    assert any(m.reason == EMPTY_ASIDE and text[m.start:m.end].startswith("延吉市要") for m in reading.misses)
