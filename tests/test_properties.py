"""Invariants on arbitrary text (hypothesis): the pipeline never raises, every evidence span
lies inside the text and equals its quote, and extraction is deterministic."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.rdf.io import serialise_turtle
from kg.read.corpus import InputError, document_from_bytes
from kg.rdf.graph import build_graph
from kg.extract.pipeline import extract_document

# Policy-like fragments mixed with arbitrary Unicode, so that the rules actually fire.
FRAGMENTS = ["安徽省卫生健康工作会议召开。", "2025年", "全省", "全市卫生健康工作会议", "实施", "“儿科、精神卫生服务年”行动",
             "达到70%以上", "新建10个", "61万名", "全覆盖", "\n\n", "【篇一】\n", "会议指出,2024年,", "县人民医院",
             "黄口镇", "(一)", "一是", "《方案》", "12356", "3-5家", "兒科", "７０％", "<script>", "\"", "\x00", "\u200b"]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=40).map("".join)
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _facts(text: str):
    try:
        doc = document_from_bytes("p.txt", text.encode("utf-8"))
    except InputError:          # empty or control-character text: refused with a message, tested elsewhere
        return None, []
    return doc, extract_document(doc)


def _evidence(plan_facts):
    for pf in plan_facts:
        yield pf.header
        yield from (f.evidence for f in pf.initiatives)
        yield from (f.evidence for f in pf.targets)
        yield from (f.evidence for f in pf.inferred_from)


@SETTINGS
@given(TEXT)
def test_the_pipeline_never_raises_and_every_span_quotes_the_text(text):
    doc, plan_facts = _facts(text)
    for ev in _evidence(plan_facts):
        assert 0 <= ev.start < ev.end <= len(doc.text)
        assert doc.text[ev.start:ev.end] == ev.quote


@SETTINGS
@given(TEXT)
def test_building_twice_gives_byte_identical_turtle(text):
    _, first = _facts(text)
    _, second = _facts(text)
    assert serialise_turtle(build_graph(first)) == serialise_turtle(build_graph(second))


@SETTINGS
@given(TEXT)
def test_turtle_from_the_documents_lines_equals_turtle_from_the_store(text):
    from kg.rdf.io import turtle_from_ntriples
    from kg.rdf.graph import graph_from_ntriples, plan_triples

    _, facts = _facts(text)
    if not facts:
        return
    lines = plan_triples(facts).ntriples()
    assert turtle_from_ntriples([lines.encode("utf-8")]) == serialise_turtle(graph_from_ntriples(lines))
