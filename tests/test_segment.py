"""Segmentation: sentences, clauses and enumeration items with their spans."""
import pytest

from kg.extract.segment import split_sentences


def test_sentences_end_at_stops_and_line_breaks():
    text = "一是抓协调。二是强服务;三是提能力\n(一)全力抓好体系构建"
    assert [s.text for s in split_sentences(text)] == ["一是抓协调。", "二是强服务;", "三是提能力", "(一)全力抓好体系构建"]


def test_every_span_points_at_its_text():
    text = "  会议指出,2024年成效显著。\n\n会议强调,要推进改革,提升能力。"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
        assert all(text[a:b].strip() for a, b in s.clauses)


def test_clauses_split_at_commas_and_colons():
    [s] = split_sentences("会议要求:推进医共体建设,提升基层能力。")
    text = "会议要求:推进医共体建设,提升基层能力。"
    assert [text[a:b] for a, b in s.clauses] == ["会议要求:", "推进医共体建设,", "提升基层能力。"]


@pytest.mark.parametrize("text, marker", [
    ("一是高质量运营省级区域医疗中心。", "一是"),
    ("(三)着力提升基层医疗卫生服务能力。", "(三)"),
    ("二、深化医改。", "二、"),
    ("3.推进智慧医院建设。", "3."),
    ("【篇一】", "【篇一】"),
    ("推进智慧医院建设。", None),
    ("2025年全省卫生健康工作会议召开。", None),
])
def test_enumeration_markers_are_kept_as_structure(text, marker):
    assert split_sentences(text)[0].item == marker


def test_a_sentence_knows_whether_it_starts_a_line():
    sentences = split_sentences("会议召开。会议强调\n上海市卫生健康委主任 闻大翔")
    assert [s.line_start for s in sentences] == [True, False, True]
