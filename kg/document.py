"""One document in, its triples out: the unit of work that worker processes (local or Dask) run.

Reading, extraction and the graph stage run here together, so that a worker hands back N-Triples text
(cheap to send between processes) rather than Python objects.
"""
from __future__ import annotations

from kg.extract.pipeline import Stopwatch, read_document
from kg.rdf.graph import no_plan_triples, plan_triples
from kg.read.corpus import InputError, document_from_bytes

# (N-Triples, error, seconds per stage, why the document gave no plan, the text read: what offsets refer to)
Extracted = tuple[str | None, str | None, dict[str, float], str | None, str | None]


def extract_bytes(name: str, raw: bytes, path: str) -> Extracted:
    """One document's triples as N-Triples text, or the reason it was refused; with the seconds per stage.

    The graph stage runs here, beside extraction, so that worker processes (local or Dask) share it.

    >>> text = "2025年安徽省卫生健康工作会议召开。会议要求，实施医疗卫生强基工程。"
    >>> ntriples, error, _, no_plan, text = extract_bytes("例.txt", text.encode(), "例.txt")
    >>> error is None and no_plan is None and '"医疗卫生强基工程"@zh' in ntriples
    True
    >>> extract_bytes("gdp.txt", "全市地区生产总值增长5%。\\n工业增加值增长6%。".encode(), "gdp.txt")[3]
    'gdp.txt: not a health plan: it names almost no health work'
    >>> extract_bytes("x.bin", bytes(400), "x.bin")[1]
    'x.bin: binary file (NUL bytes, no UTF-16 byte-order mark)'
    """
    clock = Stopwatch()
    try:
        doc = document_from_bytes(name, raw, path)
    except InputError as exc:
        return None, str(exc), clock.seconds, None, None
    clock.lap("read")
    reading = read_document(doc, clock)
    if reading.plans:
        ntriples = plan_triples(reading.plans).ntriples()
    else:                   # the graph records the miss on the document node
        ntriples = no_plan_triples(doc, reading.no_plan).ntriples()
    clock.lap("graph")
    return ntriples, None, clock.seconds, f"{name}: {reading.no_plan}" if reading.no_plan else None, doc.text


