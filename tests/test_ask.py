"""kg ask: Chinese questions read by rule templates (kg/data/ask/questions.yaml), answered on the seeds
graph with known answers and the evidence sentence of every row; questions it cannot read are declined."""
import csv
import io
import json

import pytest

from kg.cli import main
from kg.serve.ask import CannotAnswer, ask, load_questions

# (question, form, parameters, column, values the column must hold, number of rows or None)
ANSWERED = [
    # who pursues an initiative
    ("哪些省份在开展儿科和精神卫生服务年？", "pursuing", {"initiative": "儿科和精神卫生服务年"}, "region",
     {"北京市", "安徽省", "海南省", "湖北省", "湖南省", "福建省"}, 6),                  # provinces only
    ("哪些地区在推进儿科和精神卫生服务年", "pursuing", {"initiative": "儿科和精神卫生服务年"}, "region",
     {"全国", "泰安市", "安徽省"}, 8),
    ("儿科和精神卫生服务年在哪些地方推进？", "pursuing", {"initiative": "儿科和精神卫生服务年"}, "region", {"全国"}, 8),
    ("谁在推广三明医改经验？", "pursuing", {"initiative": "三明医改经验"}, "region", {"全国", "泰安市"}, 10),
    ("谁在推广三明经验？", "pursuing", {"initiative": "三明医改经验"}, "region", {"全国", "泰安市"}, 10),   # a synonym
    ("哪些地方在建设紧密型县域医共体？", "pursuing", {"initiative": "紧密型县域医共体"}, "region", {"xx县", "全国"}, 11),
    ("哪几个省在推进国家区域医疗中心？", "pursuing", {"initiative": "国家区域医疗中心"}, "region", {"安徽省", "山东省"}, 11),
    ("哪些城市在实施健康泰安行动？", "pursuing", {"initiative": "健康泰安行动"}, "region", {"泰安市"}, 1),
    # what a region's plan holds: targets
    ("安徽省2024年有哪些目标？", "plan-targets", {"region": "安徽省", "year": "2024"}, "indicator",
     {"国家区域医疗中心数", "每千人口托位数"}, 7),
    ("安徽2024年的量化指标有哪些？", "plan-targets", {"region": "安徽省", "year": "2024"}, "indicator", set(), 7),
    ("皖2024年定了什么目标？", "plan-targets", {"region": "安徽省", "year": "2024"}, "indicator", set(), 7),
    ("安徽省2025年有哪些目标？", "plan-targets", {"region": "安徽省", "year": "2025"}, "indicator", set(), 0),
    ("北京的量化指标有哪些？", "plan-targets", {"region": "北京市", "year": "0"}, "indicator",
     {"二级以上综合医院及妇幼保健院儿科门诊覆盖率"}, 16),
    ("北京市今年有哪些目标？", "plan-targets", {"region": "北京市", "year": "2025"}, "indicator", set(), 16),
    ("河南省2024年有哪些指标？", "plan-targets", {"region": "河南省", "year": "2024"}, "indicator", set(), 16),
    ("萧县有哪些目标？", "plan-targets", {"region": "萧县", "year": "0"}, "indicator", {"四级手术占比"}, 7),
    ("浙江2024年定了什么目标？", "plan-targets", {"region": "浙江省", "year": "2024"}, "indicator",
     {"村级卫生服务覆盖率"}, 6),
    # what a region's plan holds: initiatives
    ("泰安市今年的重点举措？", "plan-initiatives", {"region": "泰安市", "year": "2025"}, "initiative",
     {"三明医改经验", "健康泰安行动"}, 22),
    ("泰安2025年有哪些重点工作？", "plan-initiatives", {"region": "泰安市", "year": "2025"}, "initiative", set(), 22),
    ("江苏省2025年有哪些重点工作？", "plan-initiatives", {"region": "江苏省", "year": "2025"}, "initiative",
     {"健康江苏行动"}, 7),
    ("江苏2023年的举措", "plan-initiatives", {"region": "江苏省", "year": "2023"}, "initiative", set(), 8),
    ("甘肃要推进哪些工程？", "plan-initiatives", {"region": "甘肃省", "year": "0"}, "initiative", {"三明医改经验"}, 17),
    ("xx县有哪些重点任务？", "plan-initiatives", {"region": "xx县", "year": "0"}, "initiative",
     {"紧密型县域医共体"}, 5),
    ("重庆市今年有哪些重点工作？", "plan-initiatives", {"region": "重庆市", "year": "2025"}, "initiative", set(), 0),
    # what two regions share
    ("全国和安徽省都在推进哪些举措？", "shared", {"region_a": "全国", "region_b": "安徽省"}, "initiative",
     {"一老一小", "为民服务实事", "儿科和精神卫生服务年", "医药卫生体制改革", "国家区域医疗中心"}, 5),
    ("安徽和全国共同的举措有哪些？", "shared", {"region_a": "安徽省", "region_b": "全国"}, "initiative", set(), 5),
    ("国家和皖有哪些相同的工作？", "shared", {"region_a": "全国", "region_b": "安徽省"}, "initiative", set(), 5),
    ("江西和福建共同推进哪些工作？", "shared", {"region_a": "江西省", "region_b": "福建省"}, "initiative",
     {"三明医改经验", "三医协同发展和治理"}, 10),
    ("北京和上海共同的举措有哪些？", "shared", {"region_a": "北京市", "region_b": "上海市"}, "initiative", set(), 0),
    # what changed between years
    ("安徽2025年比2024年新增了哪些举措？", "only-in-year", {"region": "安徽省", "year": "2025", "other": "2024"},
     "item", {"一老一小", "为民服务实事", "儿科和精神卫生服务年"}, 3),
    ("安徽省2025年与2024年相比不再提哪些举措？", "only-in-year", {"region": "安徽省", "year": "2024", "other": "2025"},
     "item", {"公立医院改革"}, 15),
    ("福建2025年比2024年新增了哪些举措？", "only-in-year", {"region": "福建省", "year": "2025", "other": "2024"},
     "item", {"儿科和精神卫生服务年", "三医协同发展和治理"}, 7),
    ("江西省2025年比2024年新增了哪些工作？", "only-in-year", {"region": "江西省", "year": "2025", "other": "2024"},
     "item", {"医疗卫生强基工程"}, 7),
    ("河南2025年比2024年新增了哪些目标？", "only-in-year", {"region": "河南省", "year": "2025", "other": "2024"},
     "item", set(), 0),
    # targets over a threshold
    ("哪些地区的目标超过90%？", "threshold", {"threshold": "90", "unit": "%"}, "region", {"北京市", "广东省"}, 13),
    ("有哪些目标在95%以上？", "threshold", {"threshold": "95", "unit": "%"}, "region", {"北京市"}, 12),
    ("北京有哪些目标不低于80%？", "threshold", {"threshold": "80", "unit": "%"}, "region", {"北京市"}, 4),
    ("哪些目标达到100%？", "threshold", {"threshold": "100", "unit": "%"}, "region", {"甘肃省", "贵州省"}, 11),
    ("哪些地区的目标高于99.5%？", "threshold", {"threshold": "99.5", "unit": "%"}, "region", set(), 11),
    # where an initiative spread from the national plan
    ("国家提出的举措有哪些省份跟进？", "national-followers", {"want": ""}, "initiative",
     {"儿科和精神卫生服务年", "三明医改经验"}, None),
    ("国家提出的儿科和精神卫生服务年有哪些省份跟进？", "national-followers", {"want": "儿科和精神卫生服务年"}, "region",
     {"北京市", "安徽省", "海南省", "湖北省", "湖南省", "福建省"}, 6),
    ("中央部署的三明医改经验有哪些地区跟进？", "national-followers", {"want": "三明医改经验"}, "region",
     {"泰安市", "广东省"}, 9),
]

DECLINED = [      # (question, part of the message)
    ("今天天气怎么样？", "cannot read the question"),
    ("你好", "cannot read the question"),
    ("帮我写一份工作总结", "cannot read the question"),
    ("明天会下雨吗", "cannot read the question"),
    ("医保基金有多少钱？", "cannot read the question"),
    ("2025年", "cannot read the question"),
    ("90%", "cannot read the question"),
    ("安徽省", "cannot read the question"),
    ("安微有哪些目标？", "cannot read the question"),
    ("哪些省份在开展火星探测工程？", "no initiative named 火星探测工程"),
    ("朝阳有哪些目标？", "朝阳 names 4 regions"),
    ("鼓楼区今年的重点工作？", "鼓楼区 names 4 regions: 南京市鼓楼区 (320106)"),
]


def test_the_table_is_large_enough():
    assert len(ANSWERED) + len(DECLINED) >= 40 and len(DECLINED) >= 10
    assert {form.id for form in load_questions()[1]} == {row[1] for row in ANSWERED}


@pytest.mark.parametrize("question, form, params, column, values, count", ANSWERED, ids=[r[0] for r in ANSWERED])
def test_a_question_gets_its_known_answer_with_evidence(seeds_graph, question, form, params, column, values, count):
    answer = ask(seeds_graph, question)
    assert (answer.form.id, answer.params) == (form, params)
    rows = [dict(zip(answer.table.names, row)) for row in answer.table.rows]
    if count is not None:
        assert len(rows) == count
    assert values <= {str(r[column]) for r in rows}
    for r in rows:                                   # every row: the sentence with its quote marked, and the document
        evidence = [v for k, v in r.items() if k.startswith("evidence")]
        documents = [v for k, v in r.items() if k.startswith("document")]
        assert evidence and all("【" in e and "】" in e for e in evidence)
        assert documents and all(d.endswith(".txt") for d in documents)


@pytest.mark.parametrize("question, message", DECLINED, ids=[r[0] for r in DECLINED])
def test_a_question_it_cannot_read_is_declined(seeds_graph, question, message):
    with pytest.raises(CannotAnswer) as err:
        ask(seeds_graph, question)
    assert message in str(err.value)


def test_every_example_of_every_form_is_read_by_that_form(seeds_graph):
    for form in load_questions()[1]:
        for example in form.examples:
            assert ask(seeds_graph, example).form.id == form.id, example


def _ask(capsys, *args):
    code = main(["ask", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kg_ask_prints_the_reading_the_table_and_the_query(seeds_build, capsys):
    data = ["--data", str(seeds_build / "kg.ttl")]
    code, out, err = _ask(capsys, "哪些省份在开展儿科和精神卫生服务年？", *data, "--sparql")
    assert code == 0 and err == ""
    assert "SELECT" in out and '"儿科和精神卫生服务年"@zh' in out
    assert "读作:哪些地区在开展某项举措(举措=儿科和精神卫生服务年),只列省级" in out and "(6 rows)" in out and "【" in out


def test_kg_ask_csv_and_json_carry_whole_sentences(seeds_build, capsys):
    data = ["--data", str(seeds_build / "kg.ttl")]
    code, out, _ = _ask(capsys, "皖2024年定了什么目标？", *data, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 7 and all("【" in r["evidence"] and r["document"] for r in rows)
    code, out, _ = _ask(capsys, "皖2024年定了什么目标？", *data, "--format", "json")
    records = json.loads(out)
    assert code == 0 and len(records) == 7 and all(isinstance(r["value"], (int, float)) for r in records)


def test_kg_ask_declines_with_the_forms_it_knows(seeds_build, capsys):
    code, out, err = _ask(capsys, "今天天气怎么样？", "--data", str(seeds_build / "kg.ttl"))
    assert code == 1 and out == ""
    assert "cannot read the question" in err and "kg ask 能读的问题" in err
    assert all(form.examples[0] in err for form in load_questions()[1])
