"""kg build --urls against a web server on 127.0.0.1: pages and attachments downloaded once into a cache,
a second run asks nothing, a 404 is one line while the rest builds."""
from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from kg.cli import main
from kg.read.fetch import fetch_all

from tests.test_formats import as_docx, as_html, as_txt

SITE = {"/zwgk/tzgg/art_12.html": ("text/html; charset=utf-8", as_html),
        "/attach/2025-yaodian.docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", as_docx),
        "/download?id=7": ("text/plain; charset=utf-8", as_txt)}


class Site(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        Site.requests.append(self.path)
        if self.path not in SITE:
            self.send_error(404, "Not Found")
            return
        content_type, make = SITE[self.path]
        body = make()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_build_from_addresses_uses_its_cache_and_reports_a_404_in_one_line(site, tmp_path, capsys):
    urls = tmp_path / "urls.txt"
    wanted = [f"{site}{path}" for path in SITE] + [f"{site}/missing.html"]
    urls.write_text("# 安徽省\n" + "\n".join(wanted) + "\n", encoding="utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert main(["build", "--urls", str(urls), "--cache", str(cache), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    missing = [line for line in err.splitlines() if "missing.html" in line]
    assert missing == [f"not fetched: {site}/missing.html: HTTP 404 Not Found"]
    assert len(Site.requests) == 4
    ttl = (out / "kg.ttl").read_text(encoding="utf-8")
    assert f"<{site}/zwgk/tzgg/art_12.html>" in ttl and "text/html" in ttl
    assert len(list((out / "texts").glob("*.txt"))) == 3

    Site.requests = []
    assert main(["build", "--urls", str(urls), "--cache", str(cache), "--out", str(out)]) == 0
    assert Site.requests == ["/missing.html"]          # what was fetched is not asked again


def test_one_request_at_a_time_with_a_pause_per_host(site, tmp_path):
    import time

    started = time.monotonic()
    fetched = fetch_all([f"{site}{path}" for path in SITE], tmp_path, delay=0.3, timeout=5)
    assert fetched.requests == 3 and not fetched.failures
    assert time.monotonic() - started >= 0.6                 # two pauses between three requests to one host
    assert [p.suffix for p in fetched.files] == [".html", ".docx", ".txt"]


def test_an_unreachable_address_is_one_line(tmp_path):
    import socket

    with socket.socket() as s:                      # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    fetched = fetch_all([f"http://127.0.0.1:{port}/a.html", "ftp://example.org/a.txt"], tmp_path, delay=0, timeout=2)
    assert fetched.files == [] and len(fetched.failures) == 2
    assert all("\n" not in line for line in fetched.failures)
