"""kg build --store: the same graph in an Oxigraph store on disk, queried in place."""
import csv
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kg.rdf.store
from conftest import SEEDS
from kg.cli import main
from kg.serve.query import bundled_queries
from kg.rdf.store import MARKER

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


def test_a_kept_answer_is_printed_only_under_the_seal_of_the_store_it_was_computed_from(store_build, tmp_path,
                                                                                         capsys):
    db = tmp_path / "db"
    shutil.copytree(store_build / "db", db)
    for kept in (db / "kg-answers").glob("*.json"):
        kept.write_text(kept.read_text(encoding="utf-8").replace("安徽省", "安微省"), encoding="utf-8")
    assert main(["query", "plans", "--store", str(db), "--format", "csv"]) == 0
    assert "安微省" in capsys.readouterr().out                       # the kept table, as the seal allows
    (db / "kg-answers" / "store.fingerprint").unlink()
    assert main(["query", "plans", "--store", str(db), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "安微省" not in out and "安徽省" in out                     # no seal: the engine answers


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


# ------------------------------------------------ the folders --store may replace, and how

def _listing(folder):
    """Every file under a folder (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _victim(root):
    (root / "victim").mkdir()
    (root / "victim" / "notes.txt").write_text("precious", encoding="utf-8")
    return ["--store", str(root / "victim")], "holds no store written by kg build"


def _input_folder(root):
    shutil.copytree(SEEDS, root / "docs")
    return [str(root / "docs"), "--store", str(root / "docs")], "holds the input"


def _folder_holding_an_input(root):
    shutil.copytree(SEEDS, root / "docs")
    return [str(next((root / "docs").glob("*.txt"))), "--store", str(root / "docs")], "holds the input"


def _inside_an_input(root):
    shutil.copytree(SEEDS, root / "docs")
    return [str(root / "docs"), "--store", str(root / "docs" / "db")], "inside the input folder"


def _same_as_out(root):
    return ["--out", str(root / "same"), "--store", str(root / "same")], "overlaps the output folder"


def _inside_out(root):
    return ["--out", str(root / "o"), "--store", str(root / "o" / "db")], "overlaps the output folder"


def _holding_out(root):
    return ["--out", str(root / "db" / "o"), "--store", str(root / "db")], "overlaps the output folder"


def _a_file(root):
    (root / "afile").write_text("precious", encoding="utf-8")
    return ["--store", str(root / "afile")], "is a file, not a folder"


@pytest.mark.parametrize("make", [_victim, _input_folder, _folder_holding_an_input, _inside_an_input, _same_as_out,
                                  _inside_out, _holding_out, _a_file])
def test_store_refuses_any_folder_but_an_empty_one_or_a_store_it_wrote(tmp_path, capsys, monkeypatch, make):
    monkeypatch.chdir(tmp_path)                         # the default input and --out are relative to here
    shutil.copytree(SEEDS, tmp_path / "seeds")
    args, message = make(tmp_path)
    before = _listing(tmp_path)
    assert main(["build", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and err.startswith("kg build: error: --store ")
    assert _listing(tmp_path) == before                 # nothing written, moved or removed, not even hidden files
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_store_takes_an_empty_folder_and_marks_every_store_it_writes(tmp_path, capsys):
    (tmp_path / "db").mkdir()
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "db"), "--quiet"]) == 0
    assert (tmp_path / "db" / MARKER).is_file()
    assert main(["query", "plans", "--store", str(tmp_path / "db"), "--format", "csv"]) == 0   # the kept answer
    assert capsys.readouterr().out.count("\n") == 28


def test_a_store_on_a_mount_point_is_refused_before_anything_is_written(tmp_path, capsys, monkeypatch):
    db = tmp_path / "db"
    db.mkdir()
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == db or real(p))
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a mount point" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"]


def _state(folder):
    return {"out": _listing(folder / "out"), "db": _listing(folder / "db")}


def test_a_store_that_cannot_be_replaced_leaves_out_as_it_was(store_build, tmp_path, capsys, monkeypatch):
    shutil.copytree(store_build, tmp_path, dirs_exist_ok=True)
    before = _state(tmp_path)

    def busy(new, target):
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(target))
    monkeypatch.setattr(kg.rdf.store, "_exchange", busy)
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "db")]) == 2
    err = capsys.readouterr().err
    assert err == f"kg build: error: {tmp_path / 'db'}: cannot replace the store (Device or resource busy)\n"
    assert _state(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "out"]      # no staging left


def test_when_out_cannot_take_its_files_the_old_store_is_put_back(store_build, tmp_path, capsys, monkeypatch):
    shutil.copytree(store_build, tmp_path, dirs_exist_ok=True)
    (tmp_path / "more").mkdir()
    for doc in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(doc, tmp_path / "more")
    before = _state(tmp_path)
    replace = os.replace

    def refused(src, dst):
        if Path(dst).parent == tmp_path / "out":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(src), None, str(dst))
        return replace(src, dst)
    monkeypatch.setattr(os, "replace", refused)
    assert main(["build", str(tmp_path / "more"), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "db")]) == 2
    err = capsys.readouterr().err
    assert err == ("full rebuild: most documents changed (0 to read, 3 to remove, 2 to keep)\n"
                   f"kg build: error: {tmp_path / 'out' / 'kg.ttl'}: cannot replace (Permission denied)\n")
    assert _state(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "more", "out"]


def test_a_second_build_into_a_locked_folder_refuses_with_one_line(store_build, tmp_path, capsys):
    from kg.rdf.store import locked

    for folder in ("out", "db"):
        with locked([(store_build / folder).resolve()]):
            assert main(["build", str(SEEDS), "--out", str(tmp_path / "o" if folder == "db" else store_build / "out"),
                         "--store", str(store_build / "db" if folder == "db" else tmp_path / "db")]) == 2
            err = capsys.readouterr().err
            assert err == (f"kg build: error: {(store_build / folder).resolve()}: another kg build (pid {os.getpid()}) "
                           f"is writing it; run this one when that one has finished\n")
    assert sorted(p.name for p in store_build.iterdir()) == ["db", "out"]      # the lock files went with the locks


def test_what_dead_builds_left_beside_the_folders_is_removed_and_a_live_one_kept(store_build, tmp_path):
    shutil.copytree(store_build, tmp_path, dirs_exist_ok=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    leftovers = [f".db.kg-build-{dead.pid}-x1y2", f".out.kg-build-{dead.pid}-a1b2", f".db.kg-old-{dead.pid}"]
    live = f".db.kg-build-{os.getpid()}-live"
    for name in leftovers + [live]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "000001.sst").write_bytes(b"x")
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "db"), "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live, "db", "out"])


def test_a_store_moved_aside_by_a_build_killed_between_two_renames_is_put_back(store_build, tmp_path):
    from kg.rdf.store import remove_leftovers

    shutil.copytree(store_build / "db", tmp_path / "db")
    before = _listing(tmp_path / "db")
    dead = subprocess.Popen(["true"])
    dead.wait()
    os.rename(tmp_path / "db", tmp_path / f".db.kg-old-{dead.pid}")
    assert remove_leftovers(tmp_path / "db") == []
    assert _listing(tmp_path / "db") == before and sorted(p.name for p in tmp_path.iterdir()) == ["db"]


HOLD_FORK_AND_DIE = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from kg.rdf.store import locked
with locked([Path(sys.argv[1])]):
    worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,))
    worker.start()
    print(worker.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)        # killed holding the lock: the lock file stays, the worker lives on
"""


def test_a_worker_forked_by_a_killed_build_does_not_keep_its_folder_locked(tmp_path):
    from kg.rdf.store import locked

    folder = (tmp_path / "out").resolve()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    build = subprocess.Popen([sys.executable, "-c", HOLD_FORK_AND_DIE, str(folder)], env=env, stdout=subprocess.PIPE,
                             text=True)
    worker = int(build.stdout.readline())         # the worker keeps the pipe open: read its line, not to the end
    build.stdout.close()
    assert build.wait(timeout=60) == -signal.SIGKILL
    try:
        assert (tmp_path / ".out.kg-lock").exists()
        with locked([folder]):
            pass
    finally:
        os.kill(worker, signal.SIGKILL)


def test_a_batch_loader_raises_a_bad_batch_at_the_next_load_and_loads_nothing_after_it():
    from kg.rdf.store import BatchLoader

    store = pyoxigraph.Store()
    with pytest.raises(SyntaxError):
        with BatchLoader(store) as loader:
            loader.load(["<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"])
            loader.load(["not N-Triples\n"])
            loader.load(["<http://example.org/d> <http://example.org/b> <http://example.org/c> .\n"])
    assert [q.subject.value for q in store] == ["http://example.org/a"]


def test_a_batch_loader_left_by_a_signal_waits_for_the_batch_it_is_loading():
    import threading

    from kg.rdf.store import BatchLoader

    store = pyoxigraph.Store()
    with pytest.raises(KeyboardInterrupt):
        with BatchLoader(store) as loader:
            loader.load([f"<http://example.org/s{i}> <http://example.org/p> \"{i}\" .\n" for i in range(20000)])
            raise KeyboardInterrupt
    assert len(store) == 20000
    assert "hpkg-load" not in {t.name for t in threading.enumerate()}


def test_a_store_builds_texts_are_read_from_its_ledger_only_when_written(tmp_path):
    from kg.build import text_outputs

    reads = []

    def text():
        reads.append(1)
        return "正文"
    outputs = text_outputs(tmp_path, {"a.txt": text})
    assert reads == []                       # no file there yet: nothing to compare, nothing held
    (write,) = outputs.values()
    out = io.BytesIO()
    write(out)
    assert out.getvalue() == "正文".encode() and reads == [1]
