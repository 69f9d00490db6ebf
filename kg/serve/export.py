"""Exports of a built graph for other tools: RDF formats, GraphML and CSV tables.

* ``ttl``, ``nt``, ``jsonld``: the same triples in another RDF syntax;
  N-Triples sorted, so that the same graph gives the same bytes.
* ``trig``: a dataset with one named graph per source document (named by the
  document node's IRI) holding the plans, targets and evidence read from it,
  and the default graph holding what documents share (regions, initiatives,
  themes, comparators). The union of all graphs is the built graph.
* ``graphml``: for Gephi, via networkx: one node per IRI with its class and
  literal properties as attributes, one edge per triple between two IRIs.
* ``csv``: ``plans.csv``, ``initiatives.csv`` and ``targets.csv`` (UTF-8 with
  a byte-order mark, so that spreadsheets read the Chinese right).
* ``xlsx``: one Excel workbook (openpyxl) with plans, initiatives, targets,
  evidence and documents sheets: header rows frozen, filters on, numbers as
  numbers, each target and evidence with its sentence and document.

Each function returns bytes (or a dict of file name -> bytes); only the
command line writes files.
"""
from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from kg.errors import UserError
from kg.serve.formats import EXPORT_SUFFIXES
from kg.serve.query import bundled_queries, result_rows
from kg.rdf.documents import document_graphs
from kg.rdf.network import to_networkx
from kg.rdf.vocab import HP, PREFIXES

class ExportError(UserError):
    pass


def export(g: Graph, fmt: str) -> bytes | dict[str, bytes]:
    if fmt not in WRITERS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    return WRITERS[fmt](g)


def to_turtle(g: Graph) -> bytes:
    from kg.rdf.io import serialise_turtle

    return serialise_turtle(g)


def to_ntriples(g: Graph) -> bytes:
    lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(line for line in lines if line.strip())) + "\n").encode("utf-8")


def to_jsonld(g: Graph) -> bytes:
    """Compact JSON-LD with the graph's prefixes; nodes sorted by @id and values sorted, for stable bytes."""
    context = dict(used_prefixes(g))
    doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    doc["@graph"] = sorted(nodes, key=lambda n: n.get("@id", ""))
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# ---------------------------------------------------------------- TriG

def used_prefixes(g: Graph) -> list[tuple[str, str]]:
    """(prefix, namespace) of the project's prefixes (kg.rdf.vocab.PREFIXES) that the graph's IRIs use, sorted."""
    iris = {str(t) for triple in g for t in triple if isinstance(t, URIRef)}
    iris |= {str(o.datatype) for o in g.objects() if isinstance(o, Literal) and o.datatype}
    return sorted((p, ns) for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris))


def _ox(term):
    """An rdflib term as a pyoxigraph term, lexical form kept ("50"^^xsd:decimal stays "50")."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype or XSD.string)))
    return pyoxigraph.BlankNode(str(term))


def to_trig(g: Graph) -> bytes:
    """TriG: the shared triples in the default graph, then one graph per document (the same split as
    ``kg push --per-document``, :mod:`kg.rdf.documents`), triples sorted (Oxigraph writes it)."""
    triples = [pyoxigraph.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in g]
    quads = []
    for doc, members in document_graphs(triples, shared="").items():
        name = pyoxigraph.NamedNode(doc) if doc else pyoxigraph.DefaultGraph()
        quads.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object, name) for t in members)
    quads.sort(key=lambda q: ("" if isinstance(q.graph_name, pyoxigraph.DefaultGraph) else q.graph_name.value,
                              q.subject.value, q.predicate.value, str(q.object)))
    data = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG, prefixes=dict(used_prefixes(g)))
    lines = data.split(b"\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith(b"@prefix"))
    return b"\n".join(sorted(lines[:count]) + [b""] + lines[count:])     # prefixes in a fixed order


# ---------------------------------------------------------------- GraphML

def _short(g: Graph, term) -> str:
    prefix, _, name = g.namespace_manager.compute_qname(term) if isinstance(term, URIRef) else ("", "", str(term))
    return f"{prefix}:{name}" if prefix else str(term)


NUMERIC = {"hp:value": float, "hp:maxValue": float, "hp:year": int, "hp:start": int, "hp:end": int}
LABELS = (RDFS.label, SKOS.prefLabel, DCTERMS.title, HP.quote)


def _attribute(key: str, values: list[str]):
    """A GraphML attribute: numbers as numbers, several values joined.

    >>> _attribute("hp:value", ["70"]), _attribute("skos:altLabel", ["儿科、精神卫生服务年", "儿科和精神卫生服务年行动"])
    (70.0, '儿科、精神卫生服务年 | 儿科和精神卫生服务年行动')
    """
    if key in NUMERIC and len(values) == 1:
        return NUMERIC[key](float(values[0]))       # numbers Gephi can size and filter by
    return " | ".join(sorted(values))


def _label(g: Graph, node) -> str:
    """The node's first label (Chinese first), file name or quote; else the end of its IRI."""
    for prop in LABELS:
        values = sorted(g.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "zh", str(v)))
        if values:
            return str(values[0])
    return str(node).rsplit("/", 1)[-1]


def graphml_network(g: Graph) -> nx.MultiDiGraph:
    """The graph's network (:func:`kg.rdf.network.to_networkx`) with GraphML attributes: prefixed names,
    ``label``, ``class``, literal properties as strings or numbers; edges keyed by prefixed predicate."""
    base = to_networkx(g)
    net = nx.MultiDiGraph()
    for node, data in base.nodes(data=True):
        attrs = {}
        if data["types"]:
            attrs["class"] = _attribute("class", [_short(g, t) for t in data["types"]])
        for pred, values in data["values"].items():
            attrs[_short(g, pred)] = _attribute(_short(g, pred), [str(v) for v in values])
        if attrs:
            attrs["label"] = _label(g, URIRef(node))
        net.add_node(node, **attrs)
    for s, o, p in base.edges(keys=True):
        name = _short(g, URIRef(p))
        net.add_edge(s, o, key=name, predicate=name, label=name.split(":")[-1])
    return net


def to_graphml(g: Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(graphml_network(g), buf, encoding="utf-8", named_key_ids=True)
    return buf.getvalue()


# ---------------------------------------------------------------- CSV

TABLE_QUERIES = {"plans.csv": "plans", "initiatives.csv": "initiatives",
                 "targets.csv": "targets"}


def to_csv(g: Graph) -> dict[str, bytes]:
    """file name -> CSV bytes for the plans, initiatives and targets tables."""
    queries = bundled_queries()
    out = {}
    for name, query in TABLE_QUERIES.items():
        names, rows = result_rows(g.query(queries[query].text))
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(rows)
        out[name] = buf.getvalue().encode("utf-8-sig")
    return out


# ---------------------------------------------------------------- Excel

XLSX_SHEETS = (     # sheet -> (bundled query name, or a query of kg/data/export/)
    ("plans", "plans"), ("initiatives", "initiatives"), ("targets", "targets"),
    ("evidence", "export/evidence.rq"), ("documents", "export/documents.rq"),
)
XLSX_MAX_WIDTH = 60        # characters: a wider column wraps nothing, it is cut on screen only


def _sheet_query(source: str) -> str:
    from kg.rules import data_path

    if source.endswith(".rq"):
        return data_path(*source.split("/")).read_text(encoding="utf-8")
    return bundled_queries()[source].text


def _xlsx_cell(cell):
    """Numbers as numbers (Excel sorts and sums them), everything else as text."""
    from decimal import Decimal

    if isinstance(cell, Decimal):
        return int(cell) if cell == int(cell) else float(cell)
    return cell


def xlsx_tables(g: Graph) -> list[tuple[str, list[str], list[list]]]:
    """(sheet, column names, rows) of the workbook, cells typed: what :func:`to_xlsx` writes."""
    from kg.serve.query import table_from_result

    out = []
    for sheet, source in XLSX_SHEETS:
        table = table_from_result(g.query(_sheet_query(source)))
        out.append((sheet, table.names, [[_xlsx_cell(c) for c in row] for row in table.rows]))
    return out


def to_xlsx(g: Graph) -> bytes:
    """One workbook for Excel, WPS and LibreOffice: plans, initiatives, targets, evidence and documents
    sheets, each with its header row frozen and filters on; every target and evidence row carries its
    sentence and document."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet, names, rows in xlsx_tables(g):
        ws = book.create_sheet(sheet)
        ws.append(names)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(names)))}{max(1, len(rows) + 1)}"
        for i, name in enumerate(names, start=1):
            widest = max([len(str(name))] + [len(str(r[i - 1])) if r[i - 1] is not None else 0 for r in rows[:500]])
            ws.column_dimensions[get_column_letter(i)].width = min(XLSX_MAX_WIDTH, 2 + 2 * widest)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


# The writer of each output format (kg.serve.formats names them, with their suffixes). A new format is one
# entry here and one there.
WRITERS = {
    "ttl": to_turtle,
    "nt": to_ntriples,
    "jsonld": to_jsonld,
    "trig": to_trig,
    "graphml": to_graphml,
    "csv": to_csv,             # a folder of tables
    "xlsx": to_xlsx,
}
if set(WRITERS) != set(EXPORT_SUFFIXES):
    raise RuntimeError(f"kg.serve.formats and WRITERS name different formats: {set(WRITERS) ^ set(EXPORT_SUFFIXES)}")
FORMATS = tuple(EXPORT_SUFFIXES)
SUFFIX = EXPORT_SUFFIXES
