"""Upload the graph to a triple store (``kg push --endpoint URL``) with the SPARQL 1.1 Graph Store HTTP Protocol.

The graph goes into one named graph per build (``--graph IRI``, by default
``https://w3id.org/hpkg/id/graph/kg``) or, with ``--per-document``, into one
named graph per source document, named by the document's IRI, plus that
build graph for what no single document owns. Replacing sends each graph's
first chunk with PUT and the rest with POST; adding POSTs every chunk. Chunks
are N-Triples of at most ``chunk`` triples; retries, timeouts, redirects
(never followed) and credentials are ``kg.serve.remote``'s.

A push reports success only for data the store took: every answer must be a
2xx, and after a replacing push each graph is read back (a Graph Store
Protocol GET, streamed and counted, never held in memory) and must hold as many
triples as were sent; a different count is an error. A store that cannot
answer that GET (405, 501, an unreadable format …) is reported as not
checked. Adding is not checked: the graph may hold other triples.

A document's graph holds every triple that this document alone supports: the
document node, all its evidence and the evidence links, and the plans,
initiatives and targets (and region shortcuts ``hp:pursues``,
``hp:setsTarget``) that have evidence in no other document. The build graph
holds the rest: what several documents support and the context no document
owns (regions from the gazetteer, themes, groups, comparators). Each triple is
in one graph only, so the graphs together are exactly the build.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph

from kg.rdf.bulk import batches, default_graph_triples, ntriples_lines
from kg.rdf.documents import document_graphs
from kg.serve.remote import READ_TIMEOUT, EndpointError, check_url, send, session

DEFAULT_GRAPH = "https://w3id.org/hpkg/id/graph/kg"
CHUNK_TRIPLES = 50_000
NT = "application/n-triples"


@dataclass
class PushReport:
    graphs: dict[str, int] = field(default_factory=dict)      # graph IRI -> triples sent
    requests: int = 0
    held: dict[str, int] = field(default_factory=dict)        # graph IRI -> triples the store holds, once checked
    unchecked: str = ""                                        # why the store could not be asked, if it could not

    def summary(self, endpoint: str) -> str:
        noun = "graph" if len(self.graphs) == 1 else "graphs"
        calls = "request" if self.requests == 1 else "requests"
        line = (f"pushed {sum(self.graphs.values())} triples into {len(self.graphs)} named {noun} "
                f"in {self.requests} {calls} to {endpoint}")
        if self.unchecked:
            return f"{line}; not checked: {self.unchecked}"
        if self.held:
            return f"{line}; checked: the store holds {sum(self.held.values())}"
        return line


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph.

    >>> graph_url("http://127.0.0.1:7878/store", "https://w3id.org/hpkg/id/graph/kg")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Fhpkg%2Fid%2Fgraph%2Fkg'
    """
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({"graph": graph})


def upload(client, endpoint: str, graph: str, triples: Iterable[pyoxigraph.Triple], replace: bool,
           chunk: int, timeout: float = READ_TIMEOUT) -> tuple[int, int]:
    """Send one named graph in chunks, streaming; return (triples sent, requests made)."""
    url = graph_url(endpoint, graph)
    sent = requests = 0
    for batch in batches(triples, chunk):
        method = "PUT" if replace and requests == 0 else "POST"
        send(client, method, url, data=b"".join(ntriples_lines(batch)), headers={"Content-Type": NT},
             timeout=timeout)
        sent, requests = sent + len(batch), requests + 1
    if requests == 0 and replace:                  # nothing to send: the graph is emptied all the same
        send(client, "PUT", url, data=b"", headers={"Content-Type": NT}, timeout=timeout)
        requests = 1
    return sent, requests


_CANNOT_TELL = frozenset({400, 403, 405, 406, 415, 501})      # answers of a store that does not serve GET


def held_triples(client, endpoint: str, graph: str, timeout: float = READ_TIMEOUT) -> int | str:
    """How many triples the store holds in a named graph, read with a Graph Store Protocol GET;
    or, when the store cannot say, why not.

    The answer is parsed as it streams in, so a large graph is counted without being kept.
    A 404 is a graph the store does not have: 0 triples.
    """
    url = graph_url(endpoint, graph)
    try:
        response = send(client, "GET", url, headers={"Accept": NT}, timeout=timeout, stream=True,
                        also=_CANNOT_TELL | {404})
    except EndpointError as exc:
        return str(exc)
    with response:
        if response.status_code == 404:
            return 0
        if response.status_code in _CANNOT_TELL:
            return f"GET {endpoint}: {response.status_code} {response.reason}"
        kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        fmt = pyoxigraph.RdfFormat.from_media_type(kind) if kind else None
        if fmt is None:
            return f"GET {endpoint}: an answer of type {kind or 'unknown'}"
        response.raw.decode_content = True
        try:
            return sum(1 for _ in pyoxigraph.parse(response.raw, format=fmt))
        except Exception as exc:         # a parse error, or the connection failing half way
            return f"GET {endpoint}: cannot read the graph ({' '.join(str(exc).split())[:200]})"


def push(store: pyoxigraph.Store, endpoint: str, graph: str | None = None, per_document: bool = False,
         replace: bool = True, chunk: int | None = None, timeout: float = READ_TIMEOUT) -> PushReport:
    """Upload the store's default graph to a Graph Store Protocol endpoint (e.g. Oxigraph's ``/store``).

    After a replacing push, each graph is read back and must hold the triples sent (EndpointError if not).
    """
    check_url(endpoint)
    client = session()
    graph = graph or DEFAULT_GRAPH
    if per_document:
        graphs = document_graphs(default_graph_triples(store), graph)
        if set(graphs) <= {graph}:
            raise EndpointError("--per-document: the graph has no hp:Document nodes to split by")
    else:
        graphs = {graph: default_graph_triples(store)}        # streamed from the store, chunk by chunk
    report = PushReport()
    for iri, content in graphs.items():
        report.graphs[iri], requests = upload(client, endpoint, iri, content, replace, chunk or CHUNK_TRIPLES,
                                              timeout)
        report.requests += requests
    if replace:
        for iri, sent in report.graphs.items():
            held = held_triples(client, endpoint, iri, timeout)
            if isinstance(held, str):
                report.unchecked = held
                break
            if held != sent:
                raise EndpointError(f"{endpoint}: the store answered every request with success but holds {held} "
                                    f"triples in <{iri}>, not the {sent} sent")
            report.held[iri] = held
    return report
