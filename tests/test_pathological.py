"""Pathological text costs time in proportion to its length (issue 21, point 6): each shape is read at two
sizes, four times apart, and the larger may take at most about four times as long (generously bounded)."""
import time

import pytest

from kg.read.corpus import document_from_bytes
from kg.extract.pipeline import read_document

HEAD = "2025年安徽省卫生健康工作会议召开。会议要求，全省要推进医疗卫生强基工程。全省要加快建设紧密型县域医共体。\n"

SHAPES = {
    "one line of digits": lambda n: HEAD + "1" * n,
    "blank lines": lambda n: HEAD + "\n" * n + "全省要推进医改。",
    "a target repeated on one line": lambda n: HEAD + "达到90%以上" * (n // 7),
    "a count repeated on one line": lambda n: HEAD + "新建5家医院" * (n // 6),
    "a page without punctuation": lambda n: HEAD + "推进卫生健康事业高质量发展" * (n // 13),
    "opening quotes": lambda n: HEAD + "“" * n,
    "years": lambda n: HEAD + "2025年" * (n // 5),
}


def seconds_to_read(text: str) -> float:
    doc = document_from_bytes("x.txt", text.encode("utf-8"))
    started = time.perf_counter()
    read_document(doc)
    return time.perf_counter() - started


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_time_grows_about_linearly(shape):
    seconds_to_read(HEAD)                   # rules and dictionaries loaded
    small, large = (min(seconds_to_read(SHAPES[shape](n)) for _ in range(2)) for n in (5_000, 20_000))
    assert large < 4 * small * 3 + 0.5, (shape, small, large)     # 4x the text: at most ~12x the time


def test_a_very_long_line_is_cut_into_sentences_the_extractors_can_read():
    from kg.extract.segment import split_sentences

    assert max(s.end - s.start for s in split_sentences("一" * 5000)) <= 600
