"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, answered by Oxigraph.

``kg serve`` loads the graph into a fresh Oxigraph store in a temporary folder
(deleted when the server stops), or reads a store written by ``kg build
--store DIR`` in place, and answers queries at ``http://127.0.0.1:PORT/query``
(GET or POST, as the protocol says). A small front built on Python's
``http.server`` takes every request and checks it before anything runs:

- the ``Host`` header must name this server (``127.0.0.1:PORT`` or
  ``localhost:PORT``), so that a web page cannot reach it under a DNS name of
  its own (DNS rebinding): 403 otherwise, 400 without one;
- a body has at most ``MAX_BODY`` bytes (1 MB; 413), a request line and
  headers are http.server's limits (64 KB, 100 headers), and a client has
  ``CLIENT_TIMEOUT`` seconds for each part of its request;
- the server fetches nothing its clients name: a query with ``SERVICE``,
  ``FROM``, ``FROM NAMED`` or ``LOAD`` (:func:`kg.serve.query.federation_clause`),
  or with the protocol's ``default-graph-uri`` and ``named-graph-uri``, is
  refused with 403; so is every update.

A query that passes runs in a process of its own, ``oxigraph query`` on the
store opened read-only, killed when the time limit (``--timeout``, 60 s by
default) is reached, when the client goes away, or when the server stops. A
query stopped before its first byte gets 503; the answer is sent in chunks, so
an answer cut at the limit ends without its last chunk and the client sees it
is incomplete. At most ``os.cpu_count()`` queries run at once; the others wait
for their turn within their own time limit.
"""
from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import UserError
from kg.scratch import scratch_folder

HOST = "127.0.0.1"
LOAD_FORMATS = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld", ".rdf": "rdf"}
DEFAULT_TIMEOUT = 60.0
MAX_BODY = 1_000_000                 # bytes of a POST body
CLIENT_TIMEOUT = 30.0                # seconds a client may take for each part of its request
CHUNK = 65536

# What the answer may be written as, by query form: media types that `oxigraph query --results-format` writes.
SOLUTIONS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
             "text/tab-separated-values"]
GRAPHS = ["application/n-triples", "text/turtle", "application/rdf+xml", "application/ld+json",
          "application/n-quads", "application/trig"]


class ServeError(UserError):
    pass


def oxigraph_program() -> str:
    """The ``oxigraph`` program installed beside this Python, or on the PATH."""
    folders = [str(Path(sys.executable).parent), sysconfig.get_path("scripts"), os.environ.get("PATH", "")]
    found = shutil.which("oxigraph", path=os.pathsep.join(folders))
    if not found:
        raise ServeError("the oxigraph program is not installed (pip install oxigraph)")
    return found


def load_store(data: Path, store: Path) -> None:
    """Load the graph file into an Oxigraph store folder."""
    if not data.is_file():
        raise ServeError(f"{data}: no such graph file (run kg build first)")
    fmt = LOAD_FORMATS.get(data.suffix.lower())
    if fmt is None:
        raise ServeError(f"{data}: unknown graph format (expected one of {', '.join(sorted(LOAD_FORMATS))})")
    done = subprocess.run([oxigraph_program(), "load", "--location", str(store), "--file", str(data),
                           "--format", fmt], capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ServeError(f"{data}: oxigraph cannot load it ({lines[-1] if lines else 'no message'})")


def answer_type(form: str | None, accept: str | None) -> str | None:
    """The media type to answer a query of this form with, as the client's Accept header prefers; None if none fits.

    >>> answer_type("SELECT", "application/sparql-results+xml;q=0.9, application/sparql-results+json")
    'application/sparql-results+json'
    >>> answer_type("CONSTRUCT", "text/*"), answer_type("ASK", None), answer_type("SELECT", "image/png")
    ('text/turtle', 'application/sparql-results+json', None)
    """
    offered = GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else SOLUTIONS
    wanted = []
    for order, item in enumerate((accept or "*/*").split(",")):
        kind, *params = [part.strip() for part in item.split(";")]
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if kind and q > 0:
            wanted.append((-q, order, kind.lower()))
    for _, _, kind in sorted(wanted):
        for media in offered:
            major = kind.split("/")[0]
            if kind in (media, "*/*", "*") or (kind.endswith("/*") and media.startswith(major + "/")):
                return media
    return None


class _Refusal(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class _Settings:
    location: Path
    timeout: float
    hosts: frozenset


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, port: int, settings: _Settings | None = None):
        super().__init__((HOST, port), _Handler)
        self.settings = settings
        self.running: set[subprocess.Popen] = set()
        self.lock = threading.Lock()
        self.slots = threading.BoundedSemaphore(max(2, os.cpu_count() or 2))

    def stop_queries(self) -> None:
        with self.lock:
            for process in self.running:
                _kill(process)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = CLIENT_TIMEOUT
    server: _Server

    def version_string(self) -> str:
        return "hpkg"

    def handle_expect_100(self) -> bool:
        """A body announced too large is refused before the client sends it."""
        length = self.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_BODY:
            self.close_connection = True
            self._reply(413, f"the body has {length} bytes; at most {MAX_BODY} are accepted")
            return False
        return super().handle_expect_100()

    def do_GET(self):
        self._serve()

    def do_POST(self):
        self._serve()

    def do_PUT(self):
        self._reply(403, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def log_message(self, *args):     # quiet, as the server it replaces was
        pass

    def _serve(self) -> None:
        self.close_connection = True
        try:
            text, media = self._query()
            self._run(text, media)
        except _Refusal as refusal:
            self._reply(refusal.status, str(refusal))
            if refusal.status == 413:
                self._linger()
        except (ConnectionError, TimeoutError):      # the client went away or stalled: nothing to answer
            pass

    def _linger(self, seconds: float = 2.0) -> None:
        """Read and drop, for a moment, a body that was not wanted, so that the client still sending it
        reads the answer rather than a reset connection."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                self.connection.settimeout(max(0.01, deadline - time.monotonic()))
                if not self.connection.recv(CHUNK):
                    break
        except OSError:
            pass

    # -------------------------------------------------------------- the checks

    def _query(self) -> tuple[str, str]:
        """The query text and the answer's media type, or a refusal."""
        settings = self.server.settings
        host = self.headers.get("Host")
        if host is None:
            raise _Refusal(400, "a Host header is required")
        if host.strip().lower() not in settings.hosts:
            raise _Refusal(403, f"Host {' '.join(host.split())[:100]!r} is not this server "
                                f"(ask for {HOST}:{self.server.server_address[1]})")
        url = urlsplit(self.path)
        if url.path in ("/update", "/store"):
            raise _Refusal(403, "this endpoint is read-only")
        if url.path != "/query":
            raise _Refusal(404, "not found: SPARQL queries go to /query")
        params = parse_qs(url.query, keep_blank_values=True)
        if self.command == "POST":
            body = self._body()
            kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-query":
                params.setdefault("query", []).append(_text(body))
            elif kind == "application/x-www-form-urlencoded":
                for name, values in parse_qs(_text(body), keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            elif kind == "application/sparql-update":
                raise _Refusal(403, "this endpoint is read-only")
            else:
                raise _Refusal(415, "send the query as application/sparql-query or as a form")
        if "update" in params:
            raise _Refusal(403, "this endpoint is read-only")
        for name in ("default-graph-uri", "named-graph-uri"):
            if name in params:
                raise _Refusal(403, f"{name}: this endpoint reads only its own graph")
        if len(params.get("query", [])) != 1:
            raise _Refusal(400, "give one query (the query parameter, or a body of type application/sparql-query)")
        text = params["query"][0]
        from kg.serve.query import federation_clause, query_form

        clause = federation_clause(text)
        if clause:
            raise _Refusal(403, f"{clause}: this endpoint reads only its own graph and fetches nothing for its "
                                "clients (SERVICE, FROM, FROM NAMED and LOAD are refused)")
        media = answer_type(query_form(text), self.headers.get("Accept"))
        if media is None:
            raise _Refusal(406, f"cannot answer as {self.headers.get('Accept')!r}")
        return text, media

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            raise _Refusal(411, "send the body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            raise _Refusal(411, "send the body with a Content-Length") from None
        if length < 0:
            raise _Refusal(400, "a negative Content-Length")
        if length > MAX_BODY:
            raise _Refusal(413, f"the body has {length} bytes; at most {MAX_BODY} are accepted")
        body = self.rfile.read(length)
        if len(body) < length:
            raise ConnectionError("the client sent less than it announced")
        return body

    # -------------------------------------------------------------- the query

    def _run(self, text: str, media: str) -> None:
        settings = self.server.settings
        deadline = time.monotonic() + settings.timeout
        if not self.server.slots.acquire(timeout=settings.timeout):
            raise _Refusal(503, f"busy: no query finished within {settings.timeout:g} s to make room")
        try:
            with tempfile.TemporaryFile() as errors:
                process = self._start(text, media, errors)
                try:
                    self._relay(process, media, deadline, errors)
                finally:
                    _kill(process)
                    with self.server.lock:
                        self.server.running.discard(process)
        finally:
            self.server.slots.release()

    def _start(self, text: str, media: str, errors) -> subprocess.Popen:
        settings = self.server.settings
        with self.server.lock:
            process = subprocess.Popen(
                [oxigraph_program(), "query", "--location", str(settings.location), "--results-format", media,
                 "--union-default-graph"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                env={**os.environ, "RUST_BACKTRACE": "0"}, preexec_fn=_die_with_parent if _PRCTL else None)
            self.server.running.add(process)
        try:
            process.stdin.write(text.encode("utf-8"))
            process.stdin.close()
        except BrokenPipeError:       # it stopped before reading the query: its message says why
            pass
        return process

    def _relay(self, process: subprocess.Popen, media: str, deadline: float, errors) -> None:
        """Send the process's output as it comes, in chunks; stop it at the deadline or when the client leaves."""
        out = process.stdout.fileno()
        client = self.connection
        watch = [out, client]
        started = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if not started:
                    raise _Refusal(503, f"the query did not finish within {self.server.settings.timeout:g} s")
                return                                # cut: the missing last chunk tells the client
            readable, _, _ = select.select(watch, [], [], left)
            if client in readable:
                if _gone(client):
                    return
                watch.remove(client)                  # it sent more than its request: stop watching it
            if out not in readable:
                continue
            data = os.read(out, CHUNK)
            if not data:
                break
            if not started:
                self.send_response(200)
                self.send_header("Content-Type", media + ("; charset=utf-8" if media.startswith("text/") else ""))
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Connection", "close")
                self.end_headers()
                started = True
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        code = process.wait()
        if code != 0:
            if started:
                return                                # failed half way: cut
            errors.seek(0)
            raise _Refusal(400, _oxigraph_message(errors.read()))
        if not started:
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()
        self.wfile.write(b"0\r\n\r\n")

    def _reply(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except (ConnectionError, TimeoutError):
            pass


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refusal(400, "the body is not UTF-8") from None


def _gone(client: socket.socket) -> bool:
    """Whether a readable client socket has been closed by the other end."""
    try:
        return client.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


def _oxigraph_message(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith("Error")), lines[0] if lines else "no message")
    return f"the query failed: {first.removeprefix('Error:').strip()}"


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


try:                                  # Linux: a query process ends if the thread that started it does
    import ctypes
    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
except (OSError, AttributeError):
    _PRCTL = None


_SIGKILL = int(signal.SIGKILL)


def _die_with_parent() -> None:       # runs in the child between fork and exec: nothing but the call
    _PRCTL(1, _SIGKILL)               # PR_SET_PDEATHSIG


@dataclass
class Endpoint:
    server: _Server
    thread: threading.Thread

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/query"

    def wait(self) -> int:
        """Block until the server stops (Ctrl-C or SIGTERM reach the caller as KeyboardInterrupt)."""
        while self.thread.is_alive():
            self.thread.join(0.5)
        return 0

    def stop(self) -> None:
        self.server.shutdown()
        self.server.stop_queries()
        self.server.server_close()
        self.thread.join(10)


@contextmanager
def running(data: Path | None, port: int, store: Path | None = None, timeout: float = DEFAULT_TIMEOUT):
    """Serve the graph read-only on 127.0.0.1:``port`` until the block ends.

    With ``store`` (a folder written by ``kg build --store``) the queries read it in place;
    otherwise ``data`` is loaded into a temporary store, deleted when the server stops. Each
    query is stopped after ``timeout`` seconds.
    """
    if timeout <= 0:
        raise ServeError("--timeout must be more than 0: a server stops every query at some point")
    if store is not None and not (store.is_dir() and any(store.iterdir())):
        raise ServeError(f"{store}: no Oxigraph store there (write one with kg build --store)")
    oxigraph_program()
    try:
        server = _Server(port)
    except OSError as exc:
        raise ServeError(f"cannot listen on {HOST}:{port} ({exc.strerror}); is port {port} free?") from None
    location = store or Path(scratch_folder("oxigraph"))
    endpoint = None
    try:
        if store is None:
            load_store(data, location)
        bound = server.server_address[1]
        hosts = {f"{HOST}:{bound}", f"localhost:{bound}"} | ({HOST, "localhost"} if bound == 80 else set())
        server.settings = _Settings(location, timeout, frozenset(hosts))
        thread = threading.Thread(target=server.serve_forever, args=(0.2,), name="kg-serve", daemon=True)
        thread.start()
        endpoint = Endpoint(server, thread)
        yield endpoint
    finally:
        if endpoint is not None:
            endpoint.stop()
        else:
            server.server_close()
        if store is None:
            shutil.rmtree(location, ignore_errors=True)
