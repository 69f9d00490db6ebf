"""kg build --engine dask: extraction on a Dask cluster writes the same bytes as a local build."""
import socket
import sys

import pytest

from conftest import SEEDS
from kg.cli import main

pytest.importorskip("dask.distributed", reason="needs the [distributed] extra (scripts/test.sh installs it)")


def test_a_two_worker_dask_build_writes_the_same_bytes_as_a_local_build(seeds_build, tmp_path, capsys):
    assert main(["build", str(SEEDS), "--engine", "dask", "--workers", "2", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("5 documents: ")
    for name in ("kg.ttl", "graph.html"):
        assert (tmp_path / name).read_bytes() == (seeds_build / name).read_bytes(), name


def test_a_dask_store_build_holds_the_same_graph(seeds_graph, tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from kg.rdf.store import open_store

    assert main(["build", str(SEEDS), "--engine", "dask", "--workers", "2", "--store", str(tmp_path / "db"),
                 "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert isomorphic(Graph().parse(tmp_path / "out" / "kg.ttl", format="turtle"), seeds_graph)
    assert len(open_store(tmp_path / "db")) == len(seeds_graph)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args, message", [
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:{port}"], "cannot reach the Dask scheduler at tcp://127.0.0.1:"),
    (["--engine", "dask", "--scheduler", "nonsense://host"], "cannot reach the Dask scheduler at nonsense://host"),
    (["--scheduler", "tcp://127.0.0.1:{port}"], "--scheduler needs --engine dask"),
    (["--engine", "spark"], "invalid choice: 'spark'"),
])
def test_a_scheduler_that_cannot_be_used_is_a_one_line_error(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.setattr("kg.distributed.CONNECT_TIMEOUT", 1)
    port = _closed_port()
    argv = ["build", str(SEEDS), "--out", str(tmp_path / "out")] + [a.format(port=port) for a in args]
    try:
        code = main(argv)
    except SystemExit as exc:          # argparse's own errors
        code = exc.code
    assert code == 2
    last = capsys.readouterr().err.splitlines()[-1]      # argparse prints its usage first
    assert last.startswith("kg build: error: ") and message in last
    assert not (tmp_path / "out").exists()


def test_without_dask_installed_the_dask_engine_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    for name in [m for m in sys.modules if m == "dask" or m.startswith(("dask.", "distributed"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)      # makes `import dask...` fail as if not installed
    assert main(["build", str(SEEDS), "--engine", "dask", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == "kg build: error: --engine dask needs Dask: pip install 'hpkg[distributed]'\n"
