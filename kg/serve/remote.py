"""A triple store over HTTP: SPARQL 1.1 queries (``kg query --endpoint URL``) and the shared HTTP client.

The client behaves the same for every request to a store: credentials come
from the environment only (``KG_ENDPOINT_TOKEN`` for a bearer token, or
``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD`` for HTTP basic
authentication), never from the command line or the URL; refused or broken
connections and 5xx/429 answers are retried a bounded number of times with
exponential backoff; anything else that goes wrong is one line.

Every request has time limits: 10 s to connect (or the read limit, if
shorter) and ``timeout`` seconds (60 by default) for each wait for the
answer. A request that times out is not repeated: the store is taken to be
down or overloaded, and waiting again would double the wait. A redirect is
never followed: it is an error that names the address it points to, since
following it silently can turn an upload into an empty GET (302, 303) or send
the data and credentials to another host.

Query results come back as an rdflib ``Result``, so ``kg.serve.query.format_result``
prints them exactly as it prints a local query's.
"""
from __future__ import annotations

import io
import os
import re
import time
from urllib.parse import urlsplit

import requests
from rdflib import Graph
from rdflib.query import Result

from kg.errors import UserError

ENV_TOKEN = "KG_ENDPOINT_TOKEN"
ENV_USER = "KG_ENDPOINT_USER"
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"

ATTEMPTS = 5                   # tries per request, the first included
BACKOFF = 0.5                  # seconds before the first retry, doubled each time
MAX_WAIT = 30.0                # the longest pause between two tries
CONNECT_TIMEOUT = 10.0         # seconds to connect
READ_TIMEOUT = 60.0            # seconds to wait for each part of an answer (--timeout)
RETRY_STATUS = {429, 500, 502, 503, 504}

ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
          "application/n-triples;q=0.9, text/turtle;q=0.8")


class EndpointError(UserError):
    """A one-line problem with a remote store: unreachable, refused, bad answer."""


class _NoAuth(requests.auth.AuthBase):
    """Set on a session without credentials, so requests does not read ~/.netrc either."""

    def __call__(self, request):
        return request


def check_url(url: str) -> str:
    """An endpoint URL must be http(s) and carry no credentials.

    >>> check_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/query'
    >>> check_url("http://me:secret@127.0.0.1:7878/store")
    Traceback (most recent call last):
    ...
    kg.serve.remote.EndpointError: http://127.0.0.1:7878/store: put credentials in KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD (or KG_ENDPOINT_TOKEN), not in the URL
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{url}: not an http(s) URL")
    if parts.username or parts.password:
        bare = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()
        raise EndpointError(f"{bare}: put credentials in {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN}), "
                            "not in the URL")
    return url


def credentials(environ=os.environ) -> requests.auth.AuthBase:
    """The authentication the environment asks for.

    >>> credentials({"KG_ENDPOINT_USER": "analyst"})
    Traceback (most recent call last):
    ...
    kg.serve.remote.EndpointError: KG_ENDPOINT_USER is set but KG_ENDPOINT_PASSWORD is not
    """
    token, user, password = (environ.get(name) for name in (ENV_TOKEN, ENV_USER, ENV_PASSWORD))
    if token and (user or password):
        raise EndpointError(f"set {ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD}, not both")
    if token:
        return _Bearer(token)
    if bool(user) != bool(password):
        have, missing = (ENV_USER, ENV_PASSWORD) if user else (ENV_PASSWORD, ENV_USER)
        raise EndpointError(f"{have} is set but {missing} is not")
    if user:
        return requests.auth.HTTPBasicAuth(user, password)
    return _NoAuth()


class _Bearer(requests.auth.AuthBase):
    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def session() -> requests.Session:
    s = requests.Session()
    s.auth = credentials()
    s.headers["User-Agent"] = "hpkg"
    return s


def _reason(exc: requests.RequestException) -> str:
    """The useful end of a requests exception: 'Connection refused', 'Read timed out' …"""
    text = str(exc)
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)", text) or re.search(r"(Read timed out|Connection aborted)", text)
    return found.group(1).strip() if found else type(exc).__name__


def send(client: requests.Session, method: str, url: str, *, timeout: float | None = None,
         deadline: float | None = None, also: frozenset = frozenset(), **kwargs) -> requests.Response:
    """One HTTP request, tried again after refused connections and 5xx/429 answers.

    ``timeout`` bounds each wait for the answer (default ``READ_TIMEOUT``; connecting takes at most
    ``CONNECT_TIMEOUT``); ``deadline`` (a ``time.monotonic()`` value) stops the retries and shortens
    the waits so that the whole exchange ends by then. A 2xx answer is returned, and so is one
    whose status is in ``also``; a redirect or any other status is a one-line error.
    """
    label = f"{method} {url.split('?')[0]}"
    read = READ_TIMEOUT if timeout is None else timeout
    for attempt in range(1, ATTEMPTS + 1):
        wait_for = read if deadline is None else max(0.001, min(read, deadline - time.monotonic()))
        try:
            response = client.request(method, url, timeout=(min(CONNECT_TIMEOUT, wait_for), wait_for),
                                      allow_redirects=False, **kwargs)
        except requests.ConnectTimeout:
            raise EndpointError(f"{label}: cannot connect within {min(CONNECT_TIMEOUT, read):g} s") from None
        except requests.Timeout:
            raise EndpointError(f"{label}: no answer within {read:g} s (the store may still be working "
                                "on it; --timeout sets the limit)") from None
        except requests.ConnectionError as exc:
            failure, wait = f"cannot reach the store ({_reason(exc)})", None
        except requests.RequestException as exc:
            raise EndpointError(f"{label}: {_reason(exc)}") from None
        else:
            status = response.status_code
            if 200 <= status < 300 or status in also:
                return response
            if 300 <= status < 400:
                raise EndpointError(f"{label}: {status} {response.reason}, a redirect to "
                                    f"{_location(response)}, not followed (if that is the store, give its address)")
            failure = f"{status} {response.reason}{_body(response)}"
            if status not in RETRY_STATUS:
                raise EndpointError(f"{label}: {failure}")
            wait = _retry_after(response)
        pause = min(MAX_WAIT, wait if wait is not None else BACKOFF * 2 ** (attempt - 1))
        if attempt == ATTEMPTS or (deadline is not None and time.monotonic() + pause >= deadline):
            raise EndpointError(f"{label}: {failure}, {attempt} attempt{'s' if attempt > 1 else ''}")
        time.sleep(pause)
    raise AssertionError("unreachable")


def _location(response: requests.Response) -> str:
    """Where a redirect points, printable on one line and without credentials."""
    location = " ".join(response.headers.get("Location", "").split())[:300]
    if not location:
        return "no address"
    parts = urlsplit(location)
    if parts.username or parts.password:
        location = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()
    return location


def _body(response: requests.Response) -> str:
    lines = [line.strip() for line in response.text.splitlines() if line.strip()]
    return f": {lines[0][:200]}" if lines else ""


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    return float(value) if value.isdigit() else None


def remote_query(endpoint: str, text: str, timeout: float | None = None) -> Result:
    """Run SPARQL on a SPARQL 1.1 Protocol endpoint (e.g. Oxigraph's ``http://host:7878/query``).

    SELECT and ASK answers are read from SPARQL JSON results, CONSTRUCT and DESCRIBE answers from
    N-Triples or Turtle, into the same rdflib ``Result`` a local query gives. With ``timeout``
    (seconds), every wait and all the retries together end within it.
    """
    client = session()
    deadline = time.monotonic() + timeout if timeout else None
    response = send(client, "POST", check_url(endpoint), data={"query": text}, headers={"Accept": ACCEPT},
                    timeout=timeout or None, deadline=deadline)
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    try:
        if kind in ("application/sparql-results+json", "application/json"):
            return Result.parse(io.BytesIO(response.content), format="json")
        if kind == "application/sparql-results+xml":
            return Result.parse(io.BytesIO(response.content), format="xml")
        if kind in ("application/n-triples", "text/turtle", "text/plain"):
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=response.content, format="nt" if kind != "text/turtle" else "turtle")
            return result
    except Exception as exc:          # rdflib's parsers raise many types
        raise EndpointError(f"{endpoint}: cannot read the answer ({' '.join(str(exc).split())[:200]})") from None
    raise EndpointError(f"{endpoint}: unexpected answer of type {kind or 'unknown'} (is this a SPARQL query endpoint?)")
