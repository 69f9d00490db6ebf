"""Validation: a built graph against the SHACL shapes of ``ontology/shapes.ttl``.

pySHACL checks the shapes (a plan has one region and one year, a target a
decimal value, a unit and a comparator, every fact has evidence …). With the
source documents at hand, :func:`check_quotes` also checks that every
evidence quote equals the source text at its offsets.

>>> from kg.rdf.graph import new_graph
>>> validate_graph(new_graph()).conforms
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SH

from kg.rules import data_path
from kg.rdf.vocab import HP


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: tuple[Violation, ...]
    checked: int           # nodes targeted by a shape

    def summary(self) -> str:
        if self.conforms:
            return f"conforms: {self.checked} nodes checked against the shapes, no violation"
        n = len(self.violations)
        return f"does not conform: {n} violation{'' if n == 1 else 's'}"


@lru_cache(maxsize=1)
def load_shapes() -> Graph:
    return Graph().parse(data=data_path("ontology", "shapes.ttl").read_text(encoding="utf-8"), format="turtle")


@lru_cache(maxsize=1)
def _names():
    from kg.rdf.graph import new_graph

    return new_graph().namespace_manager


def _short(node) -> str:
    if isinstance(node, URIRef):
        return _names().normalizeUri(node)
    return "" if node is None else str(node)


def _path(report: Graph, node) -> str:
    inverse = report.value(node, SH.inversePath)
    return "^" + _short(inverse) if inverse is not None else _short(node)


def validate_graph(data: Graph) -> Report:
    """Check ``data`` against the shapes; violations sorted by focus node and path."""
    from pyshacl import validate

    shapes = load_shapes()
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                   allow_warnings=True)
    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        focus = report.value(result, SH.focusNode)
        if report.value(result, SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent:
            focus = report.value(result, SH.value) or focus    # a graph-wide check names the node in ?value
        violations.append(Violation(
            focus=_short(focus),
            path=_path(report, report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or ""),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation"))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(bool(conforms), tuple(violations), _count_targets(data, shapes))


def _count_targets(data: Graph, shapes: Graph) -> int:
    nodes = set()
    for cls in shapes.objects(None, SH.targetClass):
        nodes.update(data.subjects(RDF.type, cls))
    return len(nodes)


def check_quotes(data: Graph, texts: dict[str, str]) -> list[str]:
    """Evidence whose quote differs from ``texts[document][start:end]``, one line each.

    Evidence of a document not in ``texts`` is skipped.

    >>> g = Graph()
    >>> ev = Namespace("https://w3id.org/hpkg/id/")["evidence/1"]
    >>> from rdflib import Literal
    >>> for p, o in ((HP.quote, Literal("强基工程")), (HP.document, Literal("a.txt")),
    ...              (HP.start, Literal(2)), (HP.end, Literal(6))):
    ...     _ = g.add((ev, p, o))
    >>> check_quotes(g, {"a.txt": "实施强基工程"})
    []
    >>> check_quotes(g, {"a.txt": "实施强基行动"})
    ['https://w3id.org/hpkg/id/evidence/1: quote 强基工程 but a.txt[2:6] is 强基行动']
    """
    problems = []
    for ev, quote in sorted(data.subject_objects(HP.quote)):
        doc = str(data.value(ev, HP.document))
        if doc not in texts:
            continue
        start, end = int(data.value(ev, HP.start)), int(data.value(ev, HP.end))
        source = texts[doc][start:end]
        if source != str(quote):
            problems.append(f"{ev}: quote {quote} but {doc}[{start}:{end}] is {source}")
    return problems


def read_sources(folder: Path) -> dict[str, str]:
    """File name -> decoded text for every text file under ``folder``."""
    from kg.read.corpus import find_text_files, read_document

    return {p.name: read_document(p).text for p in find_text_files([folder])}
