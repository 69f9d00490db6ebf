"""SPARQL over a built graph: bundled queries by name, .rq files or query text.

Bundled queries live in ``ontology/queries/*.rq``, in the package as
``kg/data/ontology/queries`` (a link to ``ontology/``); the first comment line of each is its one-line description.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from kg.rules import data_path


class QueryError(Exception):
    pass


def bundled_queries() -> dict[str, tuple[str, str]]:
    """name -> (description, text)."""
    out = {}
    folder = data_path("ontology", "queries")
    if not folder.is_dir():
        return out
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            out[f.name[:-3]] = (first.lstrip("# ").strip(), text)
    return out


def resolve_query(query: str) -> str:
    bundled = bundled_queries()
    if query in bundled:
        return bundled[query][1]
    if query.endswith(".rq"):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"{query}: no such query file")
        return path.read_text(encoding="utf-8")
    if not any(k in query.upper() for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        raise QueryError(f"{query!r}: not a bundled query name (see kg query --list), a .rq file or SPARQL text")
    return query


def load_graph(path: Path) -> Graph:
    if not path.is_file():
        raise QueryError(f"{path}: no such graph file (run kg build first)")
    g = Graph()
    fmt = {".nt": "nt", ".jsonld": "json-ld", ".trig": "trig"}.get(path.suffix, "turtle")
    try:
        g.parse(path, format=fmt)
    except Exception as exc:       # rdflib raises many parser types
        raise QueryError(f"{path}: cannot parse as {fmt} ({str(exc).splitlines()[0]})") from None
    return g


def run_query(g: Graph, text: str) -> Result:
    try:
        parseQuery(text)
    except Exception as exc:
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    try:
        return g.query(text)
    except Exception as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return str(value)
    return str(value)


def result_rows(result: Result) -> tuple[list[str], list[list[str]]]:
    if result.type == "ASK":
        return ["ask"], [[str(bool(result.askAnswer)).lower()]]
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return ["subject", "predicate", "object"], [[_cell(t) for t in triple] for triple in result.graph]
    names = [str(v) for v in result.vars]
    return names, [[_cell(row[i]) for i in range(len(names))] for row in result]


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def format_result(result: Result, fmt: str) -> str:
    names, rows = result_rows(result)
    if fmt == "json":
        return json.dumps([dict(zip(names, row)) for row in rows], ensure_ascii=False, indent=2)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]
    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()
    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} rows)")
    return "\n".join(out)
