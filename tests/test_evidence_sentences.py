"""Every evidence carries the whole sentence its quote stands in, at the right offsets (issue 18)."""
from kg.rdf.graph import SENTENCE_MAX_CHARS, sentence_span
from kg.rdf.validate import read_sources
from kg.rdf.vocab import HP

from conftest import SEEDS


def test_every_evidence_has_its_sentence_at_its_offsets(seeds_graph):
    texts = read_sources(SEEDS)
    evidence = set(seeds_graph.subjects(HP.quote, None))
    assert evidence
    for ev in evidence:
        value = lambda p: seeds_graph.value(ev, p).toPython()
        quote, start, end = value(HP.quote), value(HP.start), value(HP.end)
        sentence, s, e = value(HP.sentence), value(HP.sentenceStart), value(HP.sentenceEnd)
        text = texts[value(HP.document)]
        assert text[s:e] == sentence, ev
        assert s <= start < end <= e, ev
        assert sentence[start - s:end - s] == quote, ev


def test_a_target_quote_stands_in_its_whole_sentence(seeds_graph):
    rows = [(str(seeds_graph.value(ev, HP.quote)), str(seeds_graph.value(ev, HP.sentence)))
            for t in set(seeds_graph.objects(None, HP.hasTarget)) for ev in seeds_graph.objects(t, HP.evidence)]
    assert rows
    assert all(len(sentence) > len(quote) for quote, sentence in rows if len(quote) < 8)


SPANS = [   # (text, quote, expected sentence)
    ("一、总体要求。二级以上综合医院精神(心理)卫生门诊达70%以上。", "70%以上", "二级以上综合医院精神(心理)卫生门诊达70%以上。"),
    ("指标\n家庭医生签约率  75%\n", "75%", "家庭医生签约率  75%"),                 # a table row
    ("实施儿科和精神卫生服务年", "儿科和精神卫生服务年", "实施儿科和精神卫生服务年"),   # no stop at all
    ("全覆盖" * 400, "全覆盖", None),                                              # a page with no stops: cut
]


def test_sentence_span_table():
    for text, quote, expected in SPANS:
        start = text.index(quote)
        s, e = sentence_span(text, start, start + len(quote))
        assert s <= start and start + len(quote) <= e
        if expected is None:
            assert e - s <= SENTENCE_MAX_CHARS
        else:
            assert text[s:e] == expected
