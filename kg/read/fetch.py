"""Downloads for ``kg build --urls``: each address fetched once into a cache folder, politely.

One request at a time (so never two at once to a host), a pause between two requests to the same host,
a deadline on each, and a one-line reason for each address that gave nothing. A page is kept as
``CACHE/KEY/NAME`` with ``CACHE/KEY/.kg-fetch.json`` beside it (the address asked for, the final address
after redirects, the response's date and type), so that a second build asks nothing and the document
node still names the address it came from.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from kg.read.formats import SUPPORTED

SIDECAR = ".kg-fetch.json"
USER_AGENT = "hpkg (+https://w3id.org/hpkg) kg build --urls"
SUFFIX_OF_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                  "application/pdf": ".pdf", "application/msword": ".doc",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


@dataclass
class Fetched:
    files: list[Path] = field(default_factory=list)       # in the order of the list of addresses
    failures: list[str] = field(default_factory=list)     # "URL: reason", one line each
    requests: int = 0                                     # made by this run (0 when all came from the cache)


def cache_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def read_url_list(path: Path) -> list[str]:
    """The addresses of a file, one a line; blank lines and # comments are skipped, each address once."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        from kg.read.encoding import InputError
        raise InputError(f"{path}: cannot read the list of addresses ({exc.strerror})") from None
    urls: list[str] = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#") and line not in urls:
            urls.append(line)
    return urls


def file_name(url: str, content_type: str) -> str:
    """A file name for a download: the last part of its path, with the suffix its type calls for.

    >>> file_name("https://wjw.ah.gov.cn/public/2025/0312/工作要点.pdf", "application/pdf")
    '工作要点.pdf'
    >>> file_name("https://wjw.ah.gov.cn/site/tpl/5081?id=12", "text/html; charset=utf-8")
    '5081.html'
    """
    name = unquote(PurePosixPath(urlsplit(url).path).name) or "index"
    name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]", "_", name)[:120]
    suffix = SUFFIX_OF_TYPE.get(content_type.split(";")[0].strip().lower())
    if PurePosixPath(name).suffix.lower() not in SUPPORTED and suffix:
        name += suffix
    return name


def fetch_all(urls: list[str], cache: Path, delay: float = 1.0, timeout: float = 30.0) -> Fetched:
    """Every address's file, from the cache or downloaded into it, and a line for each that failed."""
    import requests

    result = Fetched()
    last_request: dict[str, float] = {}            # host -> when its last request ended
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    for url in urls:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            result.failures.append(f"{url}: not an http(s) address")
            continue
        folder = cache / cache_key(url)
        cached = _cached(folder)
        if cached is not None:
            result.files.append(cached)
            continue
        host = urlsplit(url).netloc.lower()
        wait = last_request.get(host, -delay) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        result.requests += 1
        try:
            response = session.get(url, timeout=timeout, allow_redirects=True)
        except requests.Timeout:
            result.failures.append(f"{url}: no answer within {timeout:g} s")
            continue
        except requests.RequestException as exc:
            result.failures.append(f"{url}: {_reason(exc)}")
            continue
        finally:
            last_request[host] = time.monotonic()
        if not 200 <= response.status_code < 300:
            result.failures.append(f"{url}: HTTP {response.status_code} {response.reason or ''}".rstrip())
            continue
        if not response.content:
            result.failures.append(f"{url}: an empty answer")
            continue
        content_type = response.headers.get("Content-Type", "")
        name = file_name(response.url or url, content_type)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(response.content)
        meta = {"url": url, "final_url": response.url or url, "content_type": content_type,
                "date": response.headers.get("Date", ""), "file": name}
        (folder / SIDECAR).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        result.files.append(folder / name)
    return result


def _cached(folder: Path) -> Path | None:
    try:
        meta = json.loads((folder / SIDECAR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    path = folder / str(meta.get("file", ""))
    return path if meta.get("file") and path.is_file() else None


def _reason(exc: Exception) -> str:
    text = str(exc)
    for cause in ("Name or service not known", "Connection refused", "certificate verify failed",
                  "Temporary failure in name resolution", "No route to host"):
        if cause in text:
            return cause.lower()
    return type(exc).__name__


def source_metadata(path: str) -> tuple[tuple[str, str], ...]:
    """What the cache knows of a downloaded file (its address, retrieval date and type), or nothing."""
    if not path:
        return ()
    sidecar = Path(path).parent / SIDECAR
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if meta.get("file") != Path(path).name:
        return ()
    return tuple((k, str(v)) for k, v in (("url", meta.get("final_url") or meta.get("url")),
                                          ("retrieved", meta.get("date", ""))) if v)
