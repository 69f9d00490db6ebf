"""kg build --store on a store built before: only new or changed documents are read, and the outputs are
byte for byte those of a fresh build of the same corpus."""
import os
import shutil
from pathlib import Path

import pytest

import kg.build
from conftest import SEEDS
from kg.cli import main
from kg.rdf.ledger import build_version

# Two documents of the same plan (安徽省 2025): the plan, its initiatives and a target are written by both.
SAME_PLAN_A = """2025年安徽省卫生健康工作会议召开
会议要求，2025年全省实施医疗卫生强基工程和健康小屋提质工程。
全省二级以上公立医院预约诊疗率达到70%以上。
"""
SAME_PLAN_B = """安徽省卫生健康委员会关于印发2025年全省卫生健康工作要点的通知
各市卫生健康委：
2025年，全省实施医疗卫生强基工程，开展儿科和精神卫生服务年行动。
全省二级以上公立医院预约诊疗率达到70%以上，新增托位5123个。
安徽省卫生健康委员会
2025年2月10日
"""
NOT_A_PLAN = "全市地区生产总值增长5%。\n工业增加值增长6%。\n"


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(corpus: Path, out: Path, store: Path, *extra: str) -> int:
    return main(["build", str(corpus), "--out", str(out), "--store", str(store), *extra])


def fresh_outputs(corpus: Path, tmp: Path) -> dict[str, bytes]:
    where = tmp / "fresh"
    shutil.rmtree(where, ignore_errors=True)
    assert build(corpus, where / "out", where / "db", "--quiet") == 0
    return outputs(where / "out")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(path, folder / path.name)
    (folder / "anhui-a.txt").write_text(SAME_PLAN_A, encoding="utf-8")
    (folder / "anhui-b.txt").write_text(SAME_PLAN_B, encoding="utf-8")
    (folder / "gdp.txt").write_text(NOT_A_PLAN, encoding="utf-8")
    return folder


@pytest.fixture
def built(corpus, tmp_path, capsys):
    assert build(corpus, tmp_path / "out", tmp_path / "db") == 0
    assert "(6 read, 0 reused, 0 removed)" in capsys.readouterr().out
    return tmp_path


def summary(capsys) -> str:
    return capsys.readouterr().out.splitlines()[0]


def whole_store_dump_refused(*args, **kwargs):
    raise AssertionError("an update patches the Turtle of the build before, it does not write the store in full")


def test_adding_a_document_reads_only_it(built, corpus, capsys, monkeypatch):
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    monkeypatch.setattr(kg.build, "write_turtle", whole_store_dump_refused)
    assert build(corpus, built / "out", built / "db") == 0
    monkeypatch.undo()
    assert "7 documents, 1 without a plan (1 read, 6 reused, 0 removed)" in summary(capsys)
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_changing_a_document_reads_it_again_and_drops_what_it_said_before(built, corpus, capsys):
    path = corpus / "anhui-b.txt"
    path.write_text(SAME_PLAN_B.replace("新增托位5123个", "新增托位8321个"), encoding="utf-8")
    assert build(corpus, built / "out", built / "db") == 0
    assert "(1 read, 5 reused, 0 removed)" in summary(capsys)
    new = outputs(built / "out")
    assert new == fresh_outputs(corpus, built)
    assert "8321个".encode() in new["kg.ttl"] and "5123个".encode() not in new["kg.ttl"]


def test_removing_a_document_keeps_what_another_document_also_says(built, corpus, capsys, monkeypatch):
    assert "健康小屋提质工程".encode() in (built / "out" / "kg.ttl").read_bytes()
    (corpus / "anhui-a.txt").unlink()
    monkeypatch.setattr(kg.build, "write_turtle", whole_store_dump_refused)
    assert build(corpus, built / "out", built / "db") == 0
    monkeypatch.undo()
    assert "(0 read, 5 reused, 1 removed)" in summary(capsys)
    new = outputs(built / "out")
    assert new == fresh_outputs(corpus, built)
    assert "医疗卫生强基工程".encode() in new["kg.ttl"] and "texts/anhui-a.txt.txt" not in new
    assert "健康小屋提质工程".encode() not in new["kg.ttl"]          # only the removed document named it


def test_renaming_a_document_reads_it_under_its_new_name(built, corpus, capsys):
    (corpus / "anhui-a.txt").rename(corpus / "anhui-c.txt")
    assert build(corpus, built / "out", built / "db") == 0
    assert "(1 read, 5 reused, 1 removed)" in summary(capsys)
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_a_document_without_a_plan_is_still_listed_when_reused(built, corpus, capsys):
    assert build(corpus, built / "out", built / "db") == 0
    captured = capsys.readouterr()
    assert "(0 read, 6 reused, 0 removed)" in captured.out
    assert "no plan: gdp.txt: not a health plan" in captured.err
    assert outputs(built / "out") == fresh_outputs(corpus, built)         # the page of the last build, again


def test_a_rule_change_rebuilds_the_store_and_says_so(built, corpus, capsys, monkeypatch):
    monkeypatch.setattr(kg.build, "build_version", lambda: "rules of another day")
    assert build(corpus, built / "out", built / "db") == 0
    captured = capsys.readouterr()
    assert "full rebuild: the tool or its rules changed since the store was built" in captured.err
    assert "(6 read, 0 reused, 0 removed)" in captured.out
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_rebuild_reads_every_document(built, corpus, capsys):
    assert build(corpus, built / "out", built / "db", "--rebuild") == 0
    assert "(6 read, 0 reused, 0 removed)" in summary(capsys)


def test_rebuild_goes_with_store(tmp_path, capsys):
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--rebuild"]) == 2
    assert capsys.readouterr().err == "kg build: error: --rebuild goes with --store (a build without one is always afresh)\n"


def test_two_documents_of_one_name_rebuild_the_store(built, corpus, capsys):
    other = corpus / "more"
    other.mkdir()
    (other / "anhui-a.txt").write_text(SAME_PLAN_A.replace("70%", "75%"), encoding="utf-8")
    assert build(corpus, built / "out", built / "db") == 0
    assert "full rebuild: two documents are named anhui-a.txt" in capsys.readouterr().err
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_a_failed_update_leaves_store_and_outputs_as_they_were(built, corpus, capsys, monkeypatch):
    before = outputs(built / "out")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(kg.build, "patch_turtle", full)
    assert build(corpus, built / "out", built / "db") == 2
    assert outputs(built / "out") == before
    monkeypatch.undo()
    capsys.readouterr()
    assert build(corpus, built / "out", built / "db") == 0            # the store still knows the old corpus
    assert "(1 read, 6 reused, 0 removed)" in summary(capsys)
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_the_version_changes_with_any_rule_file(tmp_path):
    import kg

    package = tmp_path / "kg"
    shutil.copytree(Path(kg.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    assert build_version.__wrapped__(package) == build_version()
    rules = package / "data" / "rules" / "targets.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# one more comment\n", encoding="utf-8")
    assert build_version.__wrapped__(package) != build_version()


def test_a_corpus_moved_to_another_folder_is_the_same_corpus(built, corpus, capsys):
    moved = corpus.rename(corpus.parent / "moved")
    assert build(moved, built / "out", built / "db") == 0
    assert "(0 read, 6 reused, 0 removed)" in summary(capsys)
    assert outputs(built / "out") == fresh_outputs(moved, built)


def test_when_most_documents_changed_the_store_is_built_afresh(built, corpus, capsys):
    for path in sorted(corpus.glob("*.txt"))[:4]:
        path.unlink()
    assert build(corpus, built / "out", built / "db") == 0
    captured = capsys.readouterr()
    assert "full rebuild: most documents changed (0 to read, 4 to remove, 2 to keep)" in captured.err
    assert "(2 read, 0 reused, 0 removed)" in captured.out


def test_an_update_writes_the_turtle_in_full_when_the_last_one_was_changed(built, corpus, capsys):
    ttl = built / "out" / "kg.ttl"
    ttl.write_bytes(ttl.read_bytes().replace(b"hp:", b"hp:", 1) + b"# a reader's note\n")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    assert build(corpus, built / "out", built / "db") == 0
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_an_update_leaves_the_texts_of_kept_documents_untouched(built, corpus, capsys):
    kept = built / "out" / "texts" / "anhui-a.txt.txt"
    before = os.stat(kept)
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    assert build(corpus, built / "out", built / "db") == 0
    after = os.stat(kept)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_an_update_writes_again_a_kept_documents_text_edited_since(built, corpus, capsys):
    kept = built / "out" / "texts" / "anhui-a.txt.txt"
    kept.write_bytes(kept.read_bytes().replace("安徽".encode(), "广东".encode()))     # the same size
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    assert build(corpus, built / "out", built / "db") == 0
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def test_an_update_reads_only_the_files_it_has_not_hashed_before(built, corpus, capsys, monkeypatch):
    hashed = []
    real = kg.build.file_sha256
    monkeypatch.setattr(kg.build, "file_sha256", lambda path: hashed.append(path.name) or real(path))
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    (corpus / "anhui-b.txt").write_text(SAME_PLAN_B.replace("5123", "8321"), encoding="utf-8")
    assert build(corpus, built / "out", built / "db") == 0
    assert sorted(hashed) == sorted(["anhui-b.txt", sorted(SEEDS.glob("*.txt"))[3].name])
    assert "(2 read, 5 reused, 0 removed)" in summary(capsys)


def triples_in(summary_line: str) -> int:
    return int(summary_line.rsplit(" triples", 1)[0].rsplit(" ", 1)[1])


def test_an_update_counts_the_triples_a_fresh_build_counts(built, corpus, capsys):
    (corpus / "anhui-a.txt").unlink()                       # one gone, one changed, one added
    path = corpus / "anhui-b.txt"
    path.write_text(SAME_PLAN_B.replace("新增托位5123个", "新增托位8321个"), encoding="utf-8")
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    assert build(corpus, built / "out", built / "db") == 0
    updated = triples_in(summary(capsys))
    assert build(corpus, built / "fresh" / "out", built / "fresh" / "db") == 0
    assert updated == triples_in(summary(capsys))
    assert build(corpus, built / "out", built / "db") == 0          # and the next update starts from it
    assert triples_in(summary(capsys)) == updated


def test_an_update_into_another_output_folder_writes_everything(built, corpus, capsys):
    shutil.copy(sorted(SEEDS.glob("*.txt"))[3], corpus)
    assert build(corpus, built / "elsewhere", built / "db") == 0
    assert outputs(built / "elsewhere") == fresh_outputs(corpus, built)


@pytest.mark.parametrize("gone", ["anhui-a.txt", "anhui-b.txt"])
def test_a_target_two_documents_state_takes_its_first_evidence_from_the_one_that_stays(built, corpus, capsys, gone):
    from rdflib import Graph

    def first_evidence_documents() -> set[str]:
        graph = Graph().parse(built / "out" / "kg.ttl")
        rows = graph.query("""PREFIX hp: <https://w3id.org/hpkg/ontology#>
            SELECT ?document WHERE { ?t hp:indicator ?i ; hp:firstEvidence [ hp:document ?document ] .
                                     FILTER (CONTAINS(STR(?i), "预约诊疗率")) }""")
        return {str(row.document) for row in rows}

    assert first_evidence_documents() == {min(["anhui-a.txt", "anhui-b.txt"], key=_first_evidence_key(built))}
    (corpus / gone).unlink()
    assert build(corpus, built / "out", built / "db") == 0
    assert "1 removed)" in summary(capsys)
    assert first_evidence_documents() == {"anhui-b.txt" if gone == "anhui-a.txt" else "anhui-a.txt"}
    assert outputs(built / "out") == fresh_outputs(corpus, built)


def _first_evidence_key(built: Path):
    """A document's evidence IRI of the target (the least one is the first evidence)."""
    from rdflib import Graph

    graph = Graph().parse(built / "out" / "kg.ttl")
    evidences = {str(row.document): str(row.e) for row in graph.query("""PREFIX hp: <https://w3id.org/hpkg/ontology#>
        SELECT ?document ?e WHERE { ?t hp:indicator ?i ; hp:evidence ?e . ?e hp:document ?document .
                                    FILTER (CONTAINS(STR(?i), "预约诊疗率")) }""")}
    return evidences.__getitem__
