"""kg export --format nt --split N: sorted N-Triples parts for bulk loaders, with a manifest."""
import hashlib
import json

import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.rdf.bulk import split_sizes
from kg.cli import main


@pytest.fixture(scope="module")
def export(seeds_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("nt")
    assert main(["export", "--format", "nt", "--split", "4", "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
    return out


def test_the_parts_hold_the_graph_sorted_and_split_evenly(export, seeds_graph):
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    names = [f["file"] for f in manifest["files"]]
    assert names == ["part-00000.nt", "part-00001.nt", "part-00002.nt", "part-00003.nt"]
    assert sorted(p.name for p in export.iterdir()) == ["manifest.json"] + names
    lines = [line for name in names for line in (export / name).read_bytes().splitlines(keepends=True)]
    assert lines == sorted(set(lines))                       # globally sorted, each triple once
    assert manifest["triples"] == len(lines) == len(seeds_graph)
    counts = [f["triples"] for f in manifest["files"]]
    assert max(counts) - min(counts) <= 1
    union = Graph()
    for name in names:
        union.parse(export / name, format="nt")
    assert isomorphic(union, seeds_graph)


def test_the_manifest_describes_each_file_and_the_namespaces(export):
    manifest = json.loads((export / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        data = (export / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data) and entry["triples"] == data.count(b"\n")
    assert manifest["namespaces"]["hp"] == "https://w3id.org/hpkg/ontology#"
    assert manifest["namespaces"]["plan"] == "https://w3id.org/hpkg/id/plan/"


def test_a_store_folder_and_a_second_export_give_the_same_bytes(export, seeds_build, tmp_path):
    db = tmp_path / "db"
    store = pyoxigraph.Store(str(db))
    store.bulk_load(path=str(seeds_build / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    del store
    assert main(["export", "--format", "nt", "--split", "4", "--store", str(db), "--out", str(tmp_path / "nt")]) == 0
    for f in export.iterdir():
        assert (tmp_path / "nt" / f.name).read_bytes() == f.read_bytes(), f.name


def test_fewer_parts_replace_the_old_ones(seeds_build, tmp_path):
    out = tmp_path / "nt"
    assert main(["export", "--format", "nt", "--split", "5", "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
    (out / "README.txt").write_text("kept")
    assert main(["export", "--format", "nt", "--split", "2", "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "manifest.json", "part-00000.nt", "part-00001.nt"]
    assert [p.name for p in tmp_path.iterdir()] == ["nt"]        # no staging folder left


@pytest.mark.parametrize("total, parts, sizes", [
    (10, 3, [3, 3, 4]),
    (8, 4, [2, 2, 2, 2]),
    (0, 2, [0, 0]),
    (2, 4, [0, 1, 0, 1]),
    (7, 1, [7]),
])
def test_split_sizes_are_even_and_add_up(total, parts, sizes):
    assert split_sizes(total, parts) == sizes


@pytest.mark.parametrize("args, message", [
    (["--split", "0", "--data", "{ttl}"], "--split must be at least 1"),
    (["--split", "2", "--data", "{tmp}/missing.ttl"], "no such graph file"),
    (["--split", "2", "--data", "{tmp}/bad.ttl"], "bad.ttl: cannot parse as Turtle"),
    (["--split", "2", "--store", "{tmp}/missing"], "no such store folder"),
    (["--split", "2", "--store", "{tmp}"], "not an Oxigraph store folder"),
])
def test_bad_input_is_a_one_line_error(seeds_build, tmp_path, capsys, args, message):
    (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
    argv = [a.format(ttl=seeds_build / "kg.ttl", tmp=tmp_path) for a in args]
    assert main(["export", "--format", "nt", *argv, "--out", str(tmp_path / "nt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg export: error: ") and err.count("\n") == 1 and message in err
    assert not (tmp_path / "nt").exists()


@pytest.mark.parametrize("suffix, fmt", [
    ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    ("nq", pyoxigraph.RdfFormat.N_QUADS),           # a dataset: its named graphs are merged
    ("trig", pyoxigraph.RdfFormat.TRIG),
])
def test_other_graph_files_give_the_same_parts(export, seeds_build, tmp_path, suffix, fmt):
    store = pyoxigraph.Store()
    store.bulk_load(path=str(seeds_build / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    graph = pyoxigraph.NamedNode("urn:g") if fmt.supports_datasets else pyoxigraph.DefaultGraph()
    data = tmp_path / f"kg.{suffix}"
    data.write_bytes(pyoxigraph.serialize((pyoxigraph.Quad(q.subject, q.predicate, q.object, graph) for q in store)
                                          if fmt.supports_datasets else store, format=fmt))
    assert main(["export", "--format", "nt", "--split", "4", "--data", str(data), "--out", str(tmp_path / "nt")]) == 0
    for f in export.iterdir():
        assert (tmp_path / "nt" / f.name).read_bytes() == f.read_bytes(), f.name
