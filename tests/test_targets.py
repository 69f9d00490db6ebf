"""Targets: a table of quantity expressions (tests/data/quantities.tsv) and the rules behind them."""
from pathlib import Path

import pytest

from kg.targets import extract_targets, parse_number

TABLE = Path(__file__).parent / "data" / "quantities.tsv"


def _rows():
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, year, expected = line.split("\t")
            yield pytest.param(sentence, int(year), expected, id=sentence[:24])


def _expected(text: str):
    if text.strip() == "-":
        return []
    out = []
    for item in text.split(" ; "):
        value, unit, comparator, year = item.split()
        out.append((float(value), unit, comparator, int(year)))
    return out


def test_the_table_has_at_least_eighty_rows():
    assert len(list(_rows())) >= 80


@pytest.mark.parametrize("sentence, plan_year, expected", _rows())
def test_quantity_expression(sentence, plan_year, expected):
    found = [(t.value, t.unit, t.comparator, t.year) for t in extract_targets(sentence, plan_year)]
    assert found == _expected(expected)


def test_a_range_keeps_its_upper_bound():
    [target] = extract_targets("布局3-5家省级区域公共卫生中心。", 2024)
    assert (target.value, target.max_value, target.comparator) == (3, 5, ">=")


def test_every_ratio_in_a_list_gets_its_own_target():
    found = extract_targets("逐步提高四级手术占比、技术服务收入占医疗收入比例和人员薪酬中固定部分比例,力争达到60%左右。", 2025)
    assert [t.indicator for t in found] == ["四级手术占比", "技术服务收入占医疗收入比例", "人员薪酬中固定部分比例"]
    assert {t.value for t in found} == {60}


def test_the_indicator_is_the_thing_measured():
    [target] = extract_targets("推进村卫生室全面一体化管理率达到70%以上。", 2025)
    assert "一体化管理率" in target.indicator


@pytest.mark.parametrize("text, value", [("61", 61), ("4.1", 4.1), ("千", 1000), ("一万", 10000), ("两千", 2000),
                                         ("三百", 300), ("十二", 12)])
def test_numbers(text, value):
    assert parse_number(text) == value
