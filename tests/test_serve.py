"""`kg serve` is a real read-only SPARQL 1.1 Protocol endpoint: queried over HTTP, it answers; updates are refused."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import ROOT
from kg.cli import main
from kg.query import bundled_queries

QUERY = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?plan a hp:Plan ; hp:region/rdfs:label ?name }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(seeds_build):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--data", str(seeds_build / "kg.ttl"),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline()           # printed once the server answers
        assert "SPARQL endpoint" in line, process.stderr.read()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)


def post(url, body, content_type, accept="application/sparql-results+json"):
    request = urllib.request.Request(url, data=body.encode("utf-8"),
                                     headers={"Content-Type": content_type, "Accept": accept})
    return urllib.request.urlopen(request, timeout=20)


def test_a_query_over_http_returns_the_seeds_plans(endpoint):
    with post(endpoint + "/query", QUERY, "application/sparql-query") as response:
        assert response.status == 200
        result = json.load(response)
    names = {b["name"]["value"] for b in result["results"]["bindings"]}
    assert {"全国", "安徽省"} <= names


def test_a_get_query_works_as_the_protocol_says(endpoint):
    url = endpoint + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        assert json.load(response)["boolean"] is True


@pytest.mark.parametrize("path, body, content_type", [
    ("/update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
    ("/update", "update=" + urllib.parse.quote("DELETE WHERE { ?s ?p ?o }"), "application/x-www-form-urlencoded"),
])
def test_an_update_is_refused_and_changes_nothing(endpoint, path, body, content_type):
    with pytest.raises(urllib.error.HTTPError) as refused:
        post(endpoint + path, body, content_type)
    assert refused.value.code in (400, 403, 405)
    with post(endpoint + "/query", "ASK { <urn:a> <urn:b> <urn:c> }", "application/sparql-query") as response:
        assert json.load(response)["boolean"] is False
    with post(endpoint + "/query", QUERY, "application/sparql-query") as response:
        assert json.load(response)["results"]["bindings"]


def test_serve_stops_cleanly_and_removes_its_store(seeds_build, tmp_path):
    import tempfile
    from pathlib import Path

    before = set(Path(tempfile.gettempdir()).glob("hpkg-oxigraph-*"))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--data", str(seeds_build / "kg.ttl"),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert "SPARQL endpoint" in process.stdout.readline()
    process.terminate()
    assert process.wait(timeout=20) == 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            time.sleep(0.1)                       # still listening: the server has not gone yet
        except OSError:
            break
    else:
        pytest.fail("the oxigraph server still listens after kg serve stopped")
    assert set(Path(tempfile.gettempdir()).glob("hpkg-oxigraph-*")) <= before


def test_serve_a_missing_graph_is_one_line(tmp_path, capsys):
    assert main(["serve", "--data", str(tmp_path / "none.ttl"), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such graph file" in err


@pytest.mark.parametrize("name", sorted(bundled_queries()))
def test_every_bundled_query_gives_the_endpoint_the_same_number_of_rows(endpoint, seeds_graph, name):
    text = bundled_queries()[name].text
    with post(endpoint + "/query", text, "application/sparql-query") as response:
        served = json.load(response)["results"]["bindings"]
    assert served and len(served) == len(list(seeds_graph.query(text)))


def test_serve_a_store_written_by_kg_build_in_place(tmp_path):
    from conftest import SEEDS

    store = tmp_path / "store"
    assert main(["build", str(SEEDS), "--store", str(store), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert "SPARQL endpoint" in process.stdout.readline()
        with post(f"http://127.0.0.1:{port}/query", QUERY, "application/sparql-query") as response:
            names = {b["name"]["value"] for b in json.load(response)["results"]["bindings"]}
        assert {"全国", "安徽省"} <= names
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert any(store.iterdir())                  # served in place, not deleted


def test_serve_an_empty_store_folder_is_one_line(tmp_path, capsys):
    assert main(["serve", "--store", str(tmp_path), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Oxigraph store there" in err


def test_serve_on_a_busy_port_is_one_line(seeds_build, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--data", str(seeds_build / "kg.ttl"), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"port {port}" in err
