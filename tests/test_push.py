"""kg push and kg query --endpoint against a real Oxigraph server on the loopback interface."""
import base64
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from kg.cli import main
from kg.serve.push import DEFAULT_GRAPH, document_graphs
from local_servers import Listener

HP = "PREFIX hp: <https://w3id.org/hpkg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

# Queries whose answers must not depend on where the graph lives (each with a total order).
QUERIES = {
    "adoption": HP + """SELECT ?name (COUNT(DISTINCT ?r) AS ?regions) WHERE { ?r hp:pursues ?i . ?i rdfs:label ?name }
        GROUP BY ?name ORDER BY DESC(?regions) ?name LIMIT 10""",
    "targets": HP + """SELECT ?region ?indicator ?value ?unit ?year WHERE {
        ?r hp:setsTarget ?t ; rdfs:label ?region .
        ?t hp:indicator ?indicator ; hp:value ?value ; hp:unit ?unit ; hp:year ?year . FILTER(?value >= 50) }
        ORDER BY ?region ?indicator ?value ?unit ?year""",
    "triples": "SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }",
    "sum": HP + "SELECT (SUM(?v) AS ?sum) (MAX(?v) AS ?max) (COUNT(DISTINCT ?t) AS ?targets) WHERE { ?t hp:value ?v }",
    "evidence": HP + """SELECT ?doc (COUNT(?ev) AS ?quotes) WHERE { ?ev hp:document ?doc } GROUP BY ?doc ORDER BY ?doc""",
    "ask": HP + "ASK { ?plan a hp:Plan ; hp:year 2025 }",
    "ask-no": HP + "ASK { ?plan a hp:Plan ; hp:year 1900 }",
    "construct": HP + "CONSTRUCT { ?p hp:year ?y } WHERE { ?p a hp:Plan ; hp:year ?y }",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _oxigraph() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        pytest.skip("needs the oxigraph server (the [distributed] extra; scripts/test.sh installs it)")
    return found


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory):
    """A fresh Oxigraph server on 127.0.0.1; its base URL. Stopped at the end of the module."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([_oxigraph(), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                requests.get(base + "/query", params={"query": "ASK {}"}, timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {server.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _clear(base: str) -> None:
    requests.post(base + "/update", data={"update": "DROP ALL"}, timeout=10).raise_for_status()


def _answer(capsys, argv) -> str:
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def _graphs(base: str) -> dict[str, int]:
    r = requests.post(base + "/query", data={"query": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"},
                      headers={"Accept": "application/sparql-results+json"}, timeout=10)
    return {b["g"]["value"]: int(b["n"]["value"]) for b in r.json()["results"]["bindings"]}


@pytest.fixture(scope="module")
def local_answers(seeds_build):
    """What `kg query --data out/kg.ttl` prints for each query and format."""
    from kg.serve.query import format_result, load_graph, run_query

    graph = load_graph(seeds_build / "kg.ttl")
    return {(name, fmt): format_result(run_query(graph, query), fmt) + "\n"
            for name, query in QUERIES.items() for fmt in ("csv", "table")}


@pytest.mark.parametrize("mode", [[], ["--per-document"]])
def test_a_pushed_graph_answers_over_http_as_the_turtle_file_does(oxigraph, seeds_build, seeds_graph, local_answers,
                                                                 capsys, mode):
    _clear(oxigraph)
    ttl = str(seeds_build / "kg.ttl")
    out = _answer(capsys, ["push", "--endpoint", f"{oxigraph}/store", "--data", ttl, *mode])
    assert out.startswith(f"pushed {len(seeds_graph)} triples into ")
    assert _answer(capsys, ["query", QUERIES["adoption"], "--data", ttl, "--format", "csv"]) == \
        local_answers["adoption", "csv"]
    for name, query in QUERIES.items():
        for fmt in ("csv", "table"):
            local = local_answers[name, fmt]
            remote = _answer(capsys, ["query", query, "--endpoint", f"{oxigraph}/query", "--format", fmt])
            if name == "construct":            # a graph has no order
                local, remote = sorted(local.splitlines()), sorted(remote.splitlines())
            assert remote == local, (name, fmt)


def test_per_document_gives_one_named_graph_per_document_and_together_the_build(oxigraph, seeds_build, seeds_graph,
                                                                                  capsys):
    _clear(oxigraph)
    out = _answer(capsys, ["push", "--endpoint", f"{oxigraph}/store", "--data", str(seeds_build / "kg.ttl"),
                           "--per-document"])
    documents = {str(d) for d in seeds_graph.subjects(predicate=None, object=None)
                 if str(d).startswith("https://w3id.org/hpkg/id/document/")}
    graphs = _graphs(oxigraph)
    assert set(graphs) == documents | {DEFAULT_GRAPH} and len(documents) == 5
    assert sum(graphs.values()) == len(seeds_graph)
    n = len(seeds_graph)
    assert out == (f"pushed {n} triples into 6 named graphs in 6 requests to {oxigraph}/store; "
                   f"checked: the store holds {n}\n")
    # each document's graph holds all of its evidence, and only its own
    query = HP + """SELECT (COUNT(*) AS ?wrong) WHERE { GRAPH ?g { ?ev hp:sourceDocument ?d } FILTER(?g != ?d) }"""
    assert _answer(capsys, ["query", query, "--endpoint", f"{oxigraph}/query", "--format", "csv"]) == "wrong\n0\n"


def test_the_document_graphs_partition_the_build(seeds_build):
    import pyoxigraph

    from kg.rdf.bulk import default_graph_triples, load_store

    triples = list(default_graph_triples(load_store(seeds_build / "kg.ttl")))
    graphs = document_graphs(triples, "urn:shared")
    assert sum(map(len, graphs.values())) == len(triples)
    assert {t for g in graphs.values() for t in g} == set(triples)
    label = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    shared = graphs.pop("urn:shared")
    assert any(t.predicate == label for t in shared)                      # regions named by several documents
    assert all(iri.startswith("https://w3id.org/hpkg/id/document/") for iri in graphs)


def test_replace_and_add(oxigraph, seeds_build, seeds_graph, tmp_path, capsys):
    _clear(oxigraph)
    small = tmp_path / "small.nt"
    small.write_text('<https://w3id.org/hpkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .\n'
                     '<https://w3id.org/hpkg/id/y> <http://www.w3.org/2000/01/rdf-schema#label> "乙"@zh .\n',
                     encoding="utf-8")
    store = ["push", "--endpoint", f"{oxigraph}/store", "--graph", "urn:g"]
    _answer(capsys, store + ["--data", str(seeds_build / "kg.ttl")])
    assert _graphs(oxigraph) == {"urn:g": len(seeds_graph)}
    _answer(capsys, store + ["--data", str(small), "--add"])
    assert _graphs(oxigraph) == {"urn:g": len(seeds_graph) + 2}
    _answer(capsys, store + ["--data", str(small), "--replace"])
    assert _graphs(oxigraph) == {"urn:g": 2}


def test_large_graphs_go_in_chunks(oxigraph, seeds_build, seeds_graph, monkeypatch, capsys):
    _clear(oxigraph)
    monkeypatch.setattr("kg.serve.push.CHUNK_TRIPLES", 1000)
    out = _answer(capsys, ["push", "--endpoint", f"{oxigraph}/store", "--data", str(seeds_build / "kg.ttl")])
    assert f"in {-(-len(seeds_graph) // 1000)} requests" in out
    assert _graphs(oxigraph) == {DEFAULT_GRAPH: len(seeds_graph)}


# ---------------------------------------------------------------- a scripted server: retries and credentials

NT_TYPE = "application/n-triples"


class _Scripted(BaseHTTPRequestHandler):
    statuses: list = []
    seen: list = []
    reply = None            # (content type, body) to answer queries with
    get_reply = None        # (content type, body) to answer a GET of a graph with; None: GET is not implemented

    def do_GET(self):
        if type(self).get_reply is None:
            self.send_error(501)
            return
        type(self).seen.append((self.command, self.path, dict(self.headers), b""))
        kind, body = type(self).get_reply
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _answer(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).seen.append((self.command, self.path, dict(self.headers), body))
        status = type(self).statuses.pop(0) if type(self).statuses else 204
        message = b"try later\n" if status >= 500 else b"graph name refused\nsecond line\n" if status >= 400 else b""
        if type(self).reply and status < 400:
            status, (kind, message) = 200, type(self).reply
            self.send_response(status)
            self.send_header("Content-Type", kind)
        else:
            self.send_response(status)
        self.send_header("Content-Length", str(len(message)))
        self.end_headers()
        self.wfile.write(message)

    do_PUT = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted(monkeypatch):
    monkeypatch.setattr("kg.serve.remote.BACKOFF", 0.01)
    _Scripted.statuses, _Scripted.seen, _Scripted.reply, _Scripted.get_reply = [], [], None, None
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", _Scripted
    server.shutdown()
    server.server_close()
    thread.join(5)


def _push_small(tmp_path, endpoint, *extra) -> int:
    small = tmp_path / "small.nt"
    small.write_text('<https://w3id.org/hpkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> "甲"@zh .\n',
                     encoding="utf-8")
    return main(["push", "--endpoint", endpoint, "--data", str(small), *extra])


@pytest.mark.parametrize("statuses, code, methods, message", [
    ([503, 502], 0, ["PUT", "PUT", "PUT"], None),
    ([500] * 5, 2, ["PUT"] * 5, "PUT http://127.0.0.1:{port}/store: 500 Internal Server Error: try later, 5 attempts"),
    ([400], 2, ["PUT"], "PUT http://127.0.0.1:{port}/store: 400 Bad Request: graph name refused"),
    ([403], 2, ["POST"], "POST http://127.0.0.1:{port}/store: 403 Forbidden: graph name refused"),
])
def test_server_errors_are_retried_and_client_errors_are_not(scripted, tmp_path, capsys, statuses, code, methods,
                                                             message):
    endpoint, handler = scripted
    handler.statuses = list(statuses)
    mode = ["--add"] if methods[0] == "POST" else []
    assert _push_small(tmp_path, endpoint, *mode) == code
    assert [seen[0] for seen in handler.seen] == methods
    assert all(seen[1] == "/store?graph=https%3A%2F%2Fw3id.org%2Fhpkg%2Fid%2Fgraph%2Fkg" for seen in handler.seen)
    assert all(seen[2]["Content-Type"] == "application/n-triples" for seen in handler.seen)
    err = capsys.readouterr().err
    if message:
        port = endpoint.split(":")[2].split("/")[0]
        assert err == f"kg push: error: {message.format(port=port)}\n"
    else:
        assert err == ""


def test_an_unreachable_store_is_a_one_line_error_after_bounded_retries(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("kg.serve.remote.BACKOFF", 0.01)
    port = _free_port()
    started = time.monotonic()
    assert _push_small(tmp_path, f"http://127.0.0.1:{port}/store") == 2
    assert time.monotonic() - started < 5
    assert capsys.readouterr().err == (f"kg push: error: PUT http://127.0.0.1:{port}/store: "
                                       "cannot reach the store (Connection refused), 5 attempts\n")


@pytest.mark.parametrize("env, header", [
    ({"KG_ENDPOINT_TOKEN": "s3cret"}, "Bearer s3cret"),
    ({"KG_ENDPOINT_USER": "analyst", "KG_ENDPOINT_PASSWORD": "pa55"}, "Basic " + base64.b64encode(b"analyst:pa55").decode()),
    ({}, None),
])
def test_credentials_come_from_the_environment(scripted, tmp_path, monkeypatch, env, header):
    endpoint, handler = scripted
    for name in ("KG_ENDPOINT_TOKEN", "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", str(tmp_path))       # a ~/.netrc is not read either
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login other password leaked\n")
    assert _push_small(tmp_path, endpoint) == 0
    assert handler.seen[0][2].get("Authorization") == header


@pytest.mark.parametrize("argv, env, message", [
    (["--endpoint", "http://me:pw@127.0.0.1:9/store"], {}, "http://127.0.0.1:9/store: put credentials in KG_ENDPOINT_USER"),
    (["--endpoint", "ftp://127.0.0.1/store"], {}, "ftp://127.0.0.1/store: not an http(s) URL"),
    (["--endpoint", "http://127.0.0.1:9/store"], {"KG_ENDPOINT_USER": "analyst"},
     "KG_ENDPOINT_USER is set but KG_ENDPOINT_PASSWORD is not"),
    (["--endpoint", "http://127.0.0.1:9/store"], {"KG_ENDPOINT_TOKEN": "t", "KG_ENDPOINT_PASSWORD": "p"},
     "set KG_ENDPOINT_TOKEN, or KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD, not both"),
])
def test_bad_endpoints_and_credentials_are_one_line_errors(tmp_path, capsys, monkeypatch, argv, env, message):
    for name in ("KG_ENDPOINT_TOKEN", "KG_ENDPOINT_USER", "KG_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _push_small(tmp_path, *argv[1:]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg push: error: ") and err.count("\n") == 1 and message in err
    assert "pw" not in err


def test_there_is_no_command_line_option_for_credentials(capsys):
    with pytest.raises(SystemExit):
        main(["push", "--help"])
    text = capsys.readouterr().out
    assert "KG_ENDPOINT_TOKEN" in text and "--password" not in text and "--token" not in text and "--user" not in text


@pytest.mark.parametrize("path, query, message", [
    ("/query", "SELECT * WHERE { ?s ?p }", "POST http://127.0.0.1:{port}/query: 400 Bad Request"),
    ("/store", "SELECT * WHERE { ?s ?p ?o }", "POST http://127.0.0.1:{port}/store: 415 Unsupported Media Type"),
])
def test_remote_query_errors_are_one_line(oxigraph, capsys, path, query, message):
    assert main(["query", query, "--endpoint", oxigraph + path]) == 2
    err = capsys.readouterr().err
    port = oxigraph.rsplit(":", 1)[1]
    assert err.startswith(f"kg query: error: {message.format(port=port)}") and err.count("\n") == 1


TWO_DOCUMENTS = """@prefix hp: <https://w3id.org/hpkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix document: <https://w3id.org/hpkg/id/document/> .
@prefix region: <https://w3id.org/hpkg/id/region/> .
@prefix plan: <https://w3id.org/hpkg/id/plan/> .
@prefix initiative: <https://w3id.org/hpkg/id/initiative/> .
@prefix evidence: <https://w3id.org/hpkg/id/evidence/> .
document:a a hp:Document .
document:b a hp:Document .
region:340000 a hp:Region ; rdfs:label "安徽省"@zh ; hp:pursues initiative:one, initiative:both .
region:320000 a hp:Region ; rdfs:label "江苏省"@zh ; hp:pursues initiative:both .
plan:340000-2025 a hp:Plan ; hp:region region:340000 ; hp:evidence evidence:a1 ;
    hp:includes initiative:one, initiative:both .
plan:320000-2025 a hp:Plan ; hp:region region:320000 ; hp:evidence evidence:b1 ;
    hp:includes initiative:both .
initiative:one a hp:Initiative ; rdfs:label "医疗卫生强基工程"@zh ; hp:evidence evidence:a2 .
initiative:both a hp:Initiative ; rdfs:label "儿科和精神卫生服务年"@zh ; hp:evidence evidence:a3, evidence:b2 .
evidence:a1 hp:sourceDocument document:a ; hp:inPlan plan:340000-2025 .
evidence:a2 hp:sourceDocument document:a ; hp:inPlan plan:340000-2025 .
evidence:a3 hp:sourceDocument document:a ; hp:inPlan plan:340000-2025 .
evidence:b1 hp:sourceDocument document:b ; hp:inPlan plan:320000-2025 .
evidence:b2 hp:sourceDocument document:b ; hp:inPlan plan:320000-2025 .
"""
A, B, SHARED = "https://w3id.org/hpkg/id/document/a", "https://w3id.org/hpkg/id/document/b", "urn:shared"


@pytest.mark.parametrize("subject, predicate, obj, graph", [
    ("initiative/one", "rdfs:label", None, A),                       # named by document a only
    ("initiative/both", "rdfs:label", None, SHARED),                 # named by both
    ("initiative/both", "hp:evidence", "evidence/b2", B),            # but each document's evidence link is its own
    ("plan/340000-2025", "hp:includes", "initiative/both", A),       # Anhui's plan names it in document a
    ("region/320000", "hp:pursues", "initiative/both", B),           # Jiangsu pursues it because of document b
    ("region/340000", "hp:pursues", "initiative/one", A),
    ("region/340000", "rdfs:label", None, SHARED),                   # gazetteer context belongs to no document
    ("evidence/b1", "hp:inPlan", None, B),
    ("document/a", "rdf:type", None, A),
])
def test_each_triple_goes_to_the_one_document_that_alone_supports_it(subject, predicate, obj, graph):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(TWO_DOCUMENTS.encode(), format=pyoxigraph.RdfFormat.TURTLE)
    graphs = document_graphs((pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store), SHARED)
    namespaces = {"hp": "https://w3id.org/hpkg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                  "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    prefix, name = predicate.split(":")
    where = [iri for iri, triples in graphs.items() for t in triples
             if t.subject.value.endswith("/" + subject) and t.predicate.value == namespaces[prefix] + name
             and (obj is None or t.object.value.endswith("/" + obj))]
    assert where == [graph]


XML_RESULT = """<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="name"/></head>
<results><result><binding name="name"><literal xml:lang="zh">医疗卫生强基工程</literal></binding></result></results></sparql>"""
JSON_RESULT = """{"head": {"vars": ["name"]}, "results": {"bindings": [
    {"name": {"type": "literal", "value": "医疗卫生强基工程", "xml:lang": "zh"}}]}}"""


@pytest.mark.parametrize("kind, body, code, out", [
    ("application/sparql-results+json", JSON_RESULT, 0, "name\n医疗卫生强基工程\n"),
    ("application/sparql-results+xml", XML_RESULT, 0, "name\n医疗卫生强基工程\n"),
    ("application/n-triples", '<urn:a> <urn:b> "丙" .\n', 0, "subject,predicate,object\nurn:a,urn:b,丙\n"),
    ("text/html", "<html>login page</html>", 2, "unexpected answer of type text/html"),
    ("application/sparql-results+json", "{not json", 2, "cannot read the answer"),
])
def test_remote_answers_are_read_by_their_content_type(scripted, capsys, kind, body, code, out):
    endpoint, handler = scripted
    handler.reply = (kind, body.encode())
    assert main(["query", "SELECT ?name WHERE { ?i rdfs:label ?name }", "--endpoint", endpoint, "--format", "csv"]) == code
    captured = capsys.readouterr()
    if code == 0:
        assert captured.out == out
        assert handler.seen[0][0] == "POST" and b"query=SELECT" in handler.seen[0][3]
    else:
        assert out in captured.err and captured.err.count("\n") == 1


# ---------------------------------------------------------------- stores that mislead: redirects, silence, losses

@pytest.fixture
def listener():
    heard = Listener()
    yield heard
    heard.close()


class _Redirecting(BaseHTTPRequestHandler):
    """At /store: 302 to /elsewhere, where everything is answered 200 and recorded (what a redirect reached)."""
    seen: list = []
    elsewhere: list = []

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/elsewhere"):
            type(self).elsewhere.append(self.command)
            self.send_response(200)
        else:
            type(self).seen.append(self.command)
            self.send_response(302)
            self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/elsewhere")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_PUT = do_POST = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting():
    _Redirecting.seen, _Redirecting.elsewhere = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.mark.parametrize("mode", [[], ["--add"]])
def test_a_redirect_is_refused_with_one_line_naming_it_and_nothing_is_reported_pushed(redirecting, tmp_path, capsys,
                                                                                      mode):
    assert _push_small(tmp_path, redirecting + "/store", *mode) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    method = "POST" if mode else "PUT"
    assert captured.err == (f"kg push: error: {method} {redirecting}/store: 302 Found, a redirect to "
                            f"{redirecting}/elsewhere, not followed (if that is the store, give its address)\n")
    assert _Redirecting.seen == [method] and _Redirecting.elsewhere == []     # nothing went anywhere else


def test_a_remote_query_is_not_redirected_either(redirecting, capsys):
    assert main(["query", "ASK { ?s ?p ?o }", "--endpoint", redirecting + "/query"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"302 Found, a redirect to {redirecting}/elsewhere" in err
    assert _Redirecting.elsewhere == []


def test_push_to_a_store_that_never_answers_stops_at_the_timeout(listener, tmp_path, capsys):
    started = time.monotonic()
    assert _push_small(tmp_path, f"http://127.0.0.1:{listener.port}/store", "--timeout", "1") == 2
    assert time.monotonic() - started < 5
    assert capsys.readouterr().err == (f"kg push: error: PUT http://127.0.0.1:{listener.port}/store: no answer "
                                       "within 1 s (the store may still be working on it; --timeout sets the limit)\n")
    assert len(listener.connections) == 1             # tried once: a timeout is not repeated


def test_a_remote_query_to_an_endpoint_that_never_answers_stops_at_the_timeout(listener, capsys):
    started = time.monotonic()
    assert main(["query", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{listener.port}/query",
                 "--timeout", "1"]) == 2
    assert time.monotonic() - started < 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "within 1 s" in err


def test_remote_query_retries_end_at_the_timeout(monkeypatch, capsys):
    monkeypatch.setattr("kg.serve.remote.BACKOFF", 0.6)     # tries at 0, 0.6, 1.8 s …: the deadline cuts them short
    port = _free_port()
    started = time.monotonic()
    assert main(["query", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{port}/query", "--timeout", "1"]) == 2
    assert time.monotonic() - started < 3
    err = capsys.readouterr().err
    assert "cannot reach the store (Connection refused), 2 attempts" in err and err.count("\n") == 1


def test_a_store_that_says_yes_but_keeps_nothing_is_an_error(scripted, tmp_path, capsys):
    endpoint, handler = scripted
    handler.get_reply = (NT_TYPE, b"")                # every PUT gets 204, and the graph is empty after
    assert _push_small(tmp_path, endpoint) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"kg push: error: {endpoint}: the store answered every request with success but holds 0 "
                            f"triples in <{DEFAULT_GRAPH}>, not the 1 sent\n")


def test_a_store_that_keeps_what_it_was_sent_is_checked(scripted, tmp_path, capsys):
    endpoint, handler = scripted
    handler.get_reply = (NT_TYPE, '<https://w3id.org/hpkg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> '
                                  '"甲"@zh .\n'.encode())
    assert _push_small(tmp_path, endpoint) == 0
    assert capsys.readouterr().out.endswith("; checked: the store holds 1\n")
    assert [seen[0] for seen in handler.seen] == ["PUT", "GET"]


def test_a_store_that_cannot_be_read_back_is_reported_as_not_checked(scripted, tmp_path, capsys):
    endpoint, _ = scripted                            # no GET: 501
    assert _push_small(tmp_path, endpoint) == 0
    out = capsys.readouterr().out
    assert out.startswith("pushed 1 triples into 1 named graph in 1 request") and "; not checked: GET " in out
