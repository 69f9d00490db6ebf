"""Regions: the gazetteer, mentions in text and their resolution (table in tests/data/region_mentions.tsv)."""
from pathlib import Path

import pytest

from kg.extract.regions import load_gazetteer

TABLE = Path(__file__).parent / "data" / "region_mentions.tsv"


def _rows():
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            text, context, expected = line.split("\t")
            rows.append(pytest.param(text, context or None, expected, id=f"{text}@{context}" if context else text))
    return rows


def _resolved(text: str, context: str | None) -> str:
    g = load_gazetteer()
    found = []
    for m in g.find_mentions(text):
        code = "group" if m.rule == "group" else g.resolve(m, context) or "?"
        found.append(f"{m.text}={code}")
    return " ".join(found) or "-"


def test_the_table_has_150_mentions_with_20_ambiguous_ones():
    text = TABLE.read_text(encoding="utf-8")
    assert len(_rows()) >= 150
    ambiguous = text.split("# --- ambiguous")[1].split("# ---")[0]
    assert len([line for line in ambiguous.splitlines() if line.strip()]) >= 20


@pytest.mark.parametrize("text, context, expected", _rows())
def test_region_mention(text, context, expected):
    assert _resolved(text, context) == expected


def test_the_gazetteer_covers_every_level_down_to_towns():
    g = load_gazetteer()
    levels = [r.level for r in g.regions.values()]
    assert levels.count("province") == 34
    assert levels.count("prefecture") > 300 and levels.count("county") > 2800 and levels.count("town") > 40000


def test_every_region_rolls_up_to_the_nation():
    g = load_gazetteer()
    assert g.ancestors("341322101") == ["341322101", "341322", "341300", "340000", "000000"]
    assert g.ancestors("110105") == ["110105", "110000", "000000"]      # a municipality's district
    assert all(g.ancestors(code)[-1] == "000000" for code in g.regions)


def test_a_county_plan_is_inferred_from_the_towns_it_names():
    g = load_gazetteer()
    mentions = g.find_mentions("加快黄口镇、张庄寨镇中心卫生院医疗次中心建设,加强与上海市同仁医院合作")
    code, evidence = g.infer_region(mentions, "county")
    assert code == "341322" and [m.text for m in evidence] == ["黄口镇", "张庄寨镇"]


def test_no_region_is_inferred_from_a_text_without_places():
    g = load_gazetteer()
    assert g.infer_region(g.find_mentions("全面推进健康乡村建设,提升基层服务能力"), "county") is None


def test_and_after_an_organ_is_the_conjunction_not_a_county():
    g = load_gazetteer()
    assert [m.text for m in g.find_mentions("在县委县政府和县卫生健康委的正确领导下") if m.codes] == []
    assert [m.text for m in g.find_mentions("在和县人民医院") if m.codes] == ["和县"]


def test_an_autonomous_county_is_read_under_its_customary_name_short_name_and_county():
    g = load_gazetteer()
    assert [(m.text, m.codes) for m in g.find_mentions("张家川县卫生健康局负责同志表示")] == [("张家川县", ("620525",))]
    assert [(m.text, m.codes) for m in g.find_mentions("长阳县推进医共体建设")] == [("长阳县", ("420528",))]
