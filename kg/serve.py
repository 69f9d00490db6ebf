"""A read-only SPARQL 1.1 Protocol endpoint over a built graph, served by Oxigraph.

The ``oxigraph`` package (PyPI) ships Oxigraph's server as a program. ``kg
serve`` loads the graph into a fresh Oxigraph store in a temporary folder and
runs ``oxigraph serve-read-only`` on 127.0.0.1: queries at ``/query`` (GET or
POST, as the protocol says), every update refused. The store is deleted when
the server stops. A store written by ``kg build --store DIR`` is served in place.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
LOAD_FORMATS = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld", ".rdf": "rdf"}


class ServeError(Exception):
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


@dataclass
class Endpoint:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/query"

    def wait_until_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServeError(f"oxigraph stopped at start (exit status {self.process.returncode}); "
                                 f"is port {self.port} free?")
            try:
                with urllib.request.urlopen(self.url + "?query=ASK%7B%7D", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise ServeError(f"oxigraph did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _die_with_parent() -> None:       # Linux: the server ends if kg serve is killed
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)    # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


@contextmanager
def running(data: Path | None, port: int, store: Path | None = None):
    """Run the read-only server on 127.0.0.1:``port`` until the block ends.

    With ``store`` (a folder written by ``kg build --store``) the server reads
    it in place; otherwise ``data`` is loaded into a temporary store, deleted
    when the server stops.
    """
    if store is not None and not (store.is_dir() and any(store.iterdir())):
        raise ServeError(f"{store}: no Oxigraph store there (write one with kg build --store)")
    location = store or Path(tempfile.mkdtemp(prefix="hpkg-oxigraph-"))
    endpoint = None
    try:
        if store is None:
            load_store(data, location)
        process = subprocess.Popen(
            [oxigraph_program(), "serve-read-only", "--location", str(location), "--bind", f"{HOST}:{port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        endpoint = Endpoint(process, port)
        endpoint.wait_until_ready()
        yield endpoint
    finally:
        if endpoint is not None:
            endpoint.stop()
        if store is None:
            shutil.rmtree(location, ignore_errors=True)
