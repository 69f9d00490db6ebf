"""`kg serve` is a real read-only SPARQL 1.1 Protocol endpoint: queried over HTTP, it answers; updates are refused;
it fetches nothing for its clients, answers only its own Host, and stops every query at its time limit."""
import http.client
import json
import os
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
from kg.serve.query import bundled_queries
from local_servers import Listener

QUERY = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?plan a hp:Plan ; hp:region/rdfs:label ?name }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serving(seeds_build, *extra):
    """`kg serve` on a free port, as a process: (process, base URL) once it answers."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--data", str(seeds_build / "kg.ttl"),
                                "--port", str(port), *extra], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()               # printed once the server answers
    assert "SPARQL endpoint" in line, process.stderr.read()
    return process, f"http://127.0.0.1:{port}"


def stop(process):
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(seeds_build):
    process, base = serving(seeds_build)
    yield process, base
    stop(process)


@pytest.fixture(scope="module")
def endpoint(server):
    return server[1]


@pytest.fixture
def listener():
    heard = Listener()
    yield heard
    heard.close()


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


# ---------------------------------------------------------------- nothing fetched for a client (SSRF)

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def refusal(request) -> tuple[int, str]:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=20)
    return refused.value.code, refused.value.read().decode()


@pytest.mark.parametrize("query, clause", [
    ("SELECT * WHERE { SERVICE <{url}/x> { ?s ?p ?o } }", "SERVICE <{url}/x>"),
    ("SELECT * WHERE { SERVICE SILENT <{url}/x> { ?s ?p ?o } }", "SERVICE SILENT <{url}/x>"),
    ("select * where { ?s ?p ?o . service <{url}/x> { ?s ?p ?o } }", "SERVICE <{url}/x>"),
    ("SELECT * WHERE { \\u0053ERVICE <{url}/x> { ?s ?p ?o } }", "SERVICE <{url}/x>"),
    ("SELECT * WHERE { VALUES ?where { <{url}/x> } SERVICE ?where { ?s ?p ?o } }", "SERVICE ?where"),
    ("SELECT * FROM <{url}/g> WHERE { ?s ?p ?o }", "FROM <{url}/g>"),
    ("SELECT * FROM NAMED <{url}/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM NAMED <{url}/g>"),
    ("LOAD <{url}/g>", "LOAD <{url}/g>"),
])
@pytest.mark.parametrize("how", ["form", "body", "get"])
def test_a_query_that_names_another_address_is_refused_and_nothing_is_fetched(endpoint, listener, query, clause, how):
    query, clause = query.replace("{url}", listener.url), clause.replace("{url}", listener.url)
    if how == "get":
        request = urllib.request.Request(endpoint + "/query?" + urllib.parse.urlencode({"query": query}))
    else:
        body = urllib.parse.urlencode({"query": query}) if how == "form" else query
        kind = "application/x-www-form-urlencoded" if how == "form" else "application/sparql-query"
        request = urllib.request.Request(endpoint + "/query", data=body.encode(), headers={"Content-Type": kind})
    code, message = refusal(request)
    assert code == 403 and message.startswith(f"{clause}: this endpoint reads only its own graph")
    time.sleep(0.2)
    assert listener.connections == []


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
def test_the_protocol_dataset_parameters_are_refused(endpoint, listener, parameter):
    url = endpoint + "/query?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }", parameter: listener.url + "/g"})
    code, message = refusal(urllib.request.Request(url))
    assert code == 403 and parameter in message
    assert listener.connections == []


def test_a_load_sent_as_an_update_is_refused(endpoint, listener):
    request = urllib.request.Request(endpoint + "/update", data=f"LOAD <{listener.url}/g>".encode(),
                                     headers={"Content-Type": "application/sparql-update"})
    assert refusal(request)[0] == 403
    assert listener.connections == []


def test_words_like_from_and_service_inside_names_strings_and_comments_pass(endpoint):
    query = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
    SELECT ?from ?service WHERE {   # FROM here, SERVICE there: a comment
      ?from a hp:Plan . BIND("SERVICE <http://127.0.0.1:9/>" AS ?service) } LIMIT 1"""
    with post(endpoint + "/query", query, "application/sparql-query") as response:
        assert len(json.load(response)["results"]["bindings"]) == 1


# ---------------------------------------------------------------- only its own Host (DNS rebinding), bounded bodies

def raw_request(base: str, head: str, body: bytes = b"") -> tuple[int, str]:
    """Send a request as written (Host header and all); the status and body of the answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(head.encode() + b"\r\n" + body)
        response = http.client.HTTPResponse(s)
        response.begin()
        return response.status, response.read().decode()


@pytest.mark.parametrize("host, status", [
    ("evil.example:{port}", 403),
    ("evil.example", 403),
    ("127.0.0.1:1", 403),
    (None, 400),
    ("127.0.0.1:{port}", 200),
    ("localhost:{port}", 200),
])
def test_only_the_servers_own_host_is_answered(endpoint, host, status):
    port = endpoint.rsplit(":", 1)[1]
    head = "GET /query?query=ASK%7B%7D HTTP/1.1\r\n" + (f"Host: {host.format(port=port)}\r\n" if host else "")
    code, body = raw_request(endpoint, head)
    assert code == status, body
    if status == 403:
        assert "is not this server" in body


def test_a_body_over_the_limit_is_refused(endpoint):
    port = endpoint.rsplit(":", 1)[1]
    query = "ASK {} #" + "x" * 19_000_000                       # the 19 MB query of issue 21
    head = (f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {len(query)}\r\nExpect: 100-continue\r\n")
    code, body = raw_request(endpoint, head)                    # refused before the body is sent
    assert code == 413 and "at most 1000000" in body
    with pytest.raises(urllib.error.HTTPError) as refused:     # and when it is sent without asking first
        post(endpoint + "/query", "ASK {} #" + "x" * 1_100_000, "application/sparql-query")
    assert refused.value.code == 413


# ---------------------------------------------------------------- every query has a time limit

def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="module")
def quick_server(seeds_build):
    process, base = serving(seeds_build, "--timeout", "1")
    yield process, base
    stop(process)


def test_a_query_past_the_time_limit_is_stopped_and_answered_503(quick_server):
    process, base = quick_server
    started = time.monotonic()
    with pytest.raises(urllib.error.HTTPError) as stopped:
        post(base + "/query", CROSS_PRODUCT, "application/sparql-query")
    assert stopped.value.code == 503 and stopped.value.read().decode() == "the query did not finish within 1 s\n"
    assert time.monotonic() - started < 5
    assert wait_for(lambda: children(process.pid) == [], 2)      # and nothing keeps running
    with post(base + "/query", QUERY, "application/sparql-query") as response:    # the server still answers
        assert json.load(response)["results"]["bindings"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_query_whose_client_leaves_is_stopped(server):
    process, base = server                                       # a 60 s limit: the client leaves long before
    port = base.rsplit(":", 1)[1]
    client = socket.create_connection(("127.0.0.1", int(port)), timeout=20)
    body = CROSS_PRODUCT.encode()
    client.sendall(f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    assert wait_for(lambda: len(children(process.pid)) == 1, 5)  # the query runs
    client.close()
    assert wait_for(lambda: children(process.pid) == [], 3)      # and stops when its client has gone


def test_serve_with_no_time_limit_is_refused(seeds_build, capsys):
    assert main(["serve", "--data", str(seeds_build / "kg.ttl"), "--port", str(free_port()), "--timeout", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--timeout must be more than 0" in err
