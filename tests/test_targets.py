"""Targets: a table of quantity expressions (tests/data/quantities.tsv) and the rules behind them."""
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kg.read.corpus import document_from_bytes
from kg.rdf.graph import build_graph
from kg.extract.initiatives import InitiativeMention
from kg.extract.pipeline import _nearest_initiative, extract_document
from kg.extract.targets import extract_targets, parse_number, same_target

PREFIXES = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

TABLE = Path(__file__).parent / "data" / "quantities.tsv"


def _rows():
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sentence, year, expected = line.split("\t")
            rows.append(pytest.param(sentence, int(year), expected, id=sentence[:24]))
    return rows


def _expected(text: str):
    if text.strip() == "-":
        return []
    out = []
    for item in text.split(" ; "):
        value, unit, comparator, year = item.split()
        out.append((float(value), "" if unit == '""' else unit, comparator, int(year)))
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


def test_a_clause_with_no_subject_counts_what_the_clause_before_counted():
    found = extract_targets("下半年再完成村卫生室标准化改造12家,确保全年完成30家。", 2025)
    assert [(t.indicator, t.value) for t in found] == [("村卫生室标准化改造数", 12), ("村卫生室标准化改造数", 30)]


@pytest.mark.parametrize("text, indicator, low, high, unit", [
    ("床位数控制在6.5张到7.5张之间。", "床位数", 6.5, 7.5, "张"),
    ("公立医院门诊量占比在55%到65%之间。", "公立医院门诊量占比", 55, 65, "%"),
    ("基层诊疗量占比保持在55%—65%之间。", "基层诊疗量占比", 55, 65, "%"),
])
def test_a_range_may_write_its_unit_after_each_number(text, indicator, low, high, unit):
    [t] = extract_targets(text, 2026)
    assert (t.indicator, t.value, t.max_value, t.unit, t.comparator) == (indicator, low, high, unit, ">=")


def test_the_goal_a_rate_is_framed_as_is_not_what_it_measures():
    found = extract_targets("实现产前筛查率90%以上、新生儿疾病筛查率95%以上的目标。", 2026)
    assert [t.indicator for t in found] == ["产前筛查率", "新生儿疾病筛查率"]


@pytest.mark.parametrize("item", ["(一)新建村卫生室10个。", "1.新建村卫生室10个。", "一是新建村卫生室10个。"])
def test_a_list_item_s_number_is_no_part_of_what_it_counts(item):
    [t] = extract_targets(item, 2026)
    assert t.indicator == "新建村卫生室数"


def test_a_figure_the_speaker_says_cannot_be_met_yet_is_no_target():
    found = extract_targets("一步配齐3名全科医生还有难度,我们今年的目标是每个乡镇卫生院至少配备1名全科医生。", 2026)
    assert [(t.value, t.comparator) for t in found] == [(1, ">=")]


@pytest.mark.parametrize("text, value, unit, comparator", [
    ("每年巡诊不少于4轮。", 4, "轮", ">="),
    ("季度结束后30个工作日内完成清算拨付。", 30, "个工作日", "<="),
    ("集中带量采购项目不少于8批次。", 8, "批次", ">="),
    ("连续工作时间不少于6个月。", 6, "个月", ">="),
    ("麻疹报告发病率控制在1/100万以下。", 1, "/1000000", "<="),
    ("义诊活动不少于12场次。", 12, "场次", ">="),
    ("中药材种植面积达到40万亩。", 400000, "亩", "="),
])
def test_rounds_batches_months_working_days_and_rates_per_million_are_units(text, value, unit, comparator):
    [t] = extract_targets(text, 2026)
    assert (t.value, t.unit, t.comparator) == (value, unit, comparator)


def test_a_quoted_speech_commits_and_a_quoted_name_does_not_count():
    speech = "他强调，“到2027年，每个县至少有1家县级医院达到三级医院服务能力，让群众看病不出县。”"
    assert [(t.value, t.year) for t in extract_targets(speech, 2026)] == [(1, 2027)]
    assert extract_targets("实施“百千万工程”，打造“1个中心”。", 2026) == []


def test_each_centre_able_to_provide_a_service_is_full_coverage():
    [t] = extract_targets("每个街镇社区卫生服务中心均能提供儿科诊疗服务。", 2026)
    assert (t.value, t.unit, t.comparator) == (100, "%", "=")


def test_what_the_last_years_bought_is_no_target():
    assert extract_targets("市、区两级财政近三年累计投入基层设备更新资金4.6亿元。", 2026) == []


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


# What each quantity measures: the noun phrase around it, read with jieba's parts of speech.
INDICATORS = [
    ("村卫生室全面一体化管理率达到70%以上。", ["村卫生室全面一体化管理率"]),
    ("多措并举将群众健康素养水平提升至35%以上。", ["群众健康素养水平"]),
    ("推动90%以上的县域达到紧密型县域医共体标准。", ["达到紧密型县域医共体标准的县域比例"]),
    ("新建5个紧密型城市医疗集团。", ["新建紧密型城市医疗集团数"]),
    ("全市互联网医院服务平台接入医院达到70家。", ["全市互联网医院服务平台接入医院数"]),
    ("力争40个国家中医优势专科落地河南。", ["落地河南的国家中医优势专科数"]),
    ("推动300所薄弱乡镇卫生院全面达标。", ["全面达标的薄弱乡镇卫生院数"]),
    ("50家中心镇卫生院服务能力达到县级医院服务水平。", ["服务能力达到县级医院服务水平的中心镇卫生院数"]),
    ("推动至少700家基层医疗卫生机构达到国家推荐标准、1800家达到国家基本标准。",
     ["达到国家推荐标准的基层医疗卫生机构数", "达到国家基本标准的基层医疗卫生机构数"]),
    ("加快推进9个国家区域医疗中心、4个省级区域医疗中心建设。", ["国家区域医疗中心数", "省级区域医疗中心建设数"]),
    ("急救平均反应时间控制在12分钟以内。", ["急救平均反应时间"]),
    ("每月对公卫人员现场培训不低于1小时,现场考试不低于1次。", ["每月对公卫人员现场培训时长", "现场考试次数"]),
    ("国家区域医疗中心年底前全部开诊运营。", ["国家区域医疗中心开诊运营比例"]),
    ("2025年实现非建制乡镇卫生院“中医馆”全覆盖。", ["非建制乡镇卫生院“中医馆”覆盖率"]),
    ("中医药全产业链规模突破千亿元。", ["中医药全产业链规模"]),
    ("新改扩建乡镇卫生院120所、村卫生室1500个。", ["新改扩建乡镇卫生院数", "村卫生室数"]),
    ("新建5个、改扩建10个医学重点实验室。", ["新建医学重点实验室数", "改扩建医学重点实验室数"]),
    ("孕产妇死亡率、婴儿死亡率分别控制在10/10万、4‰以下。", ["孕产妇死亡率", "婴儿死亡率"]),
    ("救护车平均到达时间缩短至12分钟以内。", ["救护车平均到达时间"]),
    ("为61万名孕妇、73万名新生儿免费提供筛查服务。", ["免费提供筛查服务的孕妇数", "免费提供筛查服务的新生儿数"]),
    ("健康素养水平较上年提高2.1个百分点。", ["健康素养水平"]),
    ("平均住院日较上年减少0.3天。", ["平均住院日"]),
    ("65周岁以上老年人健康管理率达到70%。", ["65周岁以上老年人健康管理率"]),
    ("首批培养高水平临床研究型医生、临床医学科学家各40名。", ["首批培养高水平临床研究型医生数", "临床医学科学家数"]),
]


@pytest.mark.parametrize("sentence, expected", INDICATORS, ids=[s[:16] for s, _ in INDICATORS])
def test_indicator(sentence, expected):
    assert [t.indicator for t in extract_targets(sentence, 2025)] == expected


def test_a_mention_keeps_the_source_text_at_its_offsets():
    sentence = "到2027年,高血压患者规范管理率达到６５％以上,新建１０个社区卫生服务中心。"
    for t in extract_targets(sentence, 2025):
        assert sentence[t.start:t.end] == t.text
    assert [t.text for t in extract_targets(sentence, 2025)] == ["６５％以上", "１０个"]


def test_extraction_is_deterministic():
    sentence = "推动至少700家基层医疗卫生机构达到国家推荐标准、1800家达到国家基本标准,实现县域巡回医疗全覆盖。"
    assert extract_targets(sentence, 2025) == extract_targets(sentence, 2025)


@pytest.mark.parametrize("first, second, same", [
    ("推进资源薄弱县常态化巡回医疗全覆盖。", "以及推进资源薄弱县巡回医疗全覆盖。", True),
    ("公开招聘500名大学生村医。", "订单定向培养500名大学生村医(大专)。", False),
    ("新建5个紧密型城市医疗集团。", "新建6个紧密型城市医疗集团。", False),
])
def test_a_restated_target_is_the_same_target(first, second, same):
    [a], [b] = extract_targets(first, 2025), extract_targets(second, 2025)
    assert same_target(a, b) is same


def _mention(name: str, sentence: str) -> InitiativeMention:
    start = sentence.index(name)
    return InitiativeMention(start, start + len(name), name, name, "test", "test")


@pytest.mark.parametrize("sentence, names, target_text, expected", [
    # the initiative of the target's own clause, though another is nearer in the sentence
    ("实施千县工程,推动500家县医院达到三级医院水平,深化医联体建设。", ["千县工程", "医联体"], "500家", "千县工程"),
    ("推进医联体建设,实施千县工程推动500家县医院达到三级医院水平。", ["医联体", "千县工程"], "500家", "千县工程"),
    # none in the clause: the nearest one before it in the sentence; one in a later clause is another topic
    ("实施千县工程,新建20家社区医院,深化医联体建设。", ["千县工程", "医联体"], "20家", "千县工程"),
    ("实施千县工程,深化医联体建设,新建20家社区医院。", ["千县工程", "医联体"], "20家", "医联体"),
    ("新建20家社区医院,深化医联体建设,实施千县工程。", ["医联体", "千县工程"], "20家", None),
    ("新建20家社区医院。", [], "20家", None),
])
def test_a_target_points_to_the_initiative_of_its_clause_or_sentence(sentence, names, target_text, expected):
    [target] = [t for t in extract_targets(sentence, 2025) if t.text == target_text]
    assert _nearest_initiative(target, [_mention(n, sentence) for n in names], sentence) == expected


DOCUMENT = """1月10日,安徽省卫生健康工作会议在合肥召开。
会议指出,2024年,全省新建社区医院30家,省级以上重点专科达到68个。
会议强调,2025年要深入实施“千县工程”,推动500家县医院达到三级医院水平,实现乡镇卫生院中医馆全覆盖。拨打心理援助热线12356。
全省要持续推进乡镇卫生院中医馆全覆盖,开展健康科普进万家活动。
"""


@pytest.fixture(scope="module")
def document_graph():
    facts = extract_document(document_from_bytes("plan.txt", DOCUMENT.encode("utf-8")))
    return facts, build_graph(facts)


def test_the_plan_sets_its_targets_and_not_last_years_results(document_graph):
    facts, _ = document_graph
    assert [(f.mention.value, f.mention.unit) for pf in facts for f in pf.targets] == [(500, "家"), (100, "%")]


def test_a_target_stated_twice_is_one_node(document_graph):
    _, g = document_graph
    rows = g.query(PREFIXES + "SELECT ?t WHERE { ?p hp:hasTarget ?t . ?t hp:value ?v . FILTER(?v = 100) }")
    assert len(list(rows)) == 1


def test_the_graph_links_a_target_to_its_initiative(document_graph):
    _, g = document_graph
    rows = g.query(PREFIXES + """SELECT ?label ?what WHERE { ?region hp:setsTarget ?t . ?t hp:forInitiative ?i ;
                                   hp:indicator ?what ; hp:value ?v . ?i rdfs:label ?label . FILTER(?v = 500) }""")
    assert [(str(a), str(b)) for a, b in rows] == [("千县工程", "达到三级医院水平的县医院数")]


def test_a_review_of_last_year_in_a_seed_gives_no_target(seeds_graph):
    """泰安's 2025 plan reviews 2024: "省级以上重点(特色)专科达到68个" is an achievement."""
    rows = seeds_graph.query(PREFIXES + """SELECT ?q WHERE { ?t a hp:Target ; hp:evidence ?ev . ?ev hp:quote ?q ;
                                           hp:document ?doc . FILTER(STRSTARTS(?doc, "001_")) }""")
    quotes = {str(q) for (q,) in rows}
    assert "68个" not in quotes and "686家" not in quotes


PIECES = ["达到", "不低于", "以上", "以下", "左右", "全覆盖", "全部建成", "个", "家", "名", "%", "‰", "万", "亿元",
          "千", "两", "三", "-", "、", "和", ",", "。", "“", "”", "《", "》", "2025年", "3年内", "岁", "小时", "各",
          "分别", "了", "率", "医院", "新建", "0", "1", "5", "12", ".", "/10万", "１", "％", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_any_text_gives_well_formed_targets(text):
    for t in extract_targets(text, 2025):
        assert text[t.start:t.end] == t.text
        assert t.comparator in (">=", "<=", "=") and t.year >= 2025


@pytest.mark.parametrize("review, counted", [
    ("会议指出,2024年,全省新建社区医院30家。", False),
    ("会议还指出,2024年全省新建社区医院30家。", False),
    ("一年来,全省新建社区医院30家。", False),
    ("过去的一年,全省新建社区医院30家。", False),
    ("“十四五”以来,全省新建社区医院30家。", False),
    ("一年来,全省医疗服务能力提升。新建社区医院30家。", False),       # the review runs to the end of the line
    ("2024年12月30日,会议召开。全省要新建社区医院30家。", True),      # a date opens the line, not a review
    ("2025年,全省新建社区医院30家。", True),
    ("上半年,全省新建社区医院30家。", False),                          # the months gone by of the plan's year
    ("今年以来,全省新建社区医院30家。", False),
    ("【回顾】过去一年,全省新建社区医院30家。", False),
    ("近年来,全省新建社区医院30家。", False),
])
def test_a_review_opener_keeps_last_years_results_out(review, counted):
    text = f"1月10日,2025年安徽省卫生健康工作会议在合肥召开。\n{review}\n会议强调,要推动500家县医院达到三级医院水平。\n"
    [plan] = extract_document(document_from_bytes("plan.txt", text.encode("utf-8")))
    values = [f.mention.value for f in plan.targets]
    assert values == ([30, 500] if counted else [500])


@pytest.mark.parametrize("review_heading, plan_heading", [
    ("一、2024年工作回顾", "二、2025年重点任务"),
    ("一、过去一年主要成绩", "二、2025年工作安排"),
    ("2024年工作总结", "2025年重点工作"),
    ("一、上半年工作开展情况", "二、下半年工作打算"),
    ("一、2025年1-6月工作完成情况", "二、下一步工作计划"),
    ("二、存在的问题", "三、下半年工作安排"),
    ("一、2024年回眸:在攻坚克难中交出合格答卷", "二、2025年重点任务"),
])
def test_a_review_section_runs_to_the_next_heading(review_heading, plan_heading):
    text = (f"1月10日,2025年安徽省卫生健康工作会议在合肥召开。\n{review_heading}\n"
            "(一)医疗服务能力持续提升。全省新建社区医院30家。\n(二)基层服务网底不断夯实。改造村卫生室686个。\n"
            f"{plan_heading}\n(一)推动500家县医院达到三级医院水平。\n")
    [plan] = extract_document(document_from_bytes("plan.txt", text.encode("utf-8")))
    assert [f.mention.value for f in plan.targets] == [500]


def test_what_is_covered_is_read_before_the_verb_of_full_coverage():
    [target] = extract_targets("县级托育综合服务中心实现全覆盖。", 2026)
    assert (target.indicator, target.value, target.unit) == ("县级托育综合服务中心覆盖率", 100.0, "%")


def test_rates_of_one_sentence_and_a_rate_a_later_sentence_names_more_fully_are_kept_apart():
    text = ("2026年株洲市卫生健康工作会议召开。\n会议要求，强化严重精神障碍患者管理，规范管理率达到90%以上。"
            "做好结核病防控，肺结核患者规范管理率达到90%以上。高血压、糖尿病患者基层规范管理服务率均达到65%。"
            "全市肺结核患者规范管理率达到90%以上。\n")
    [plan] = extract_document(document_from_bytes("rates.txt", text.encode("utf-8")))
    assert sorted((t.mention.value, t.mention.text) for t in plan.targets) == \
        [(65.0, "65%"), (65.0, "65%"), (90.0, "90%以上"), (90.0, "90%以上")]


def test_what_a_target_measures_stops_before_the_modal_and_the_cue():
    for sentence in ("全市肺结核患者规范管理率要达到90%以上。", "全市肺结核患者规范管理率将达到90%以上。",
                     "全市肺结核患者规范管理率达到90%以上。"):
        assert [t.indicator for t in extract_targets(sentence, 2026)] == ["全市肺结核患者规范管理率"], sentence


def test_a_project_list_gives_its_year_s_column_and_not_last_year_s():
    text = ("齐齐哈尔市人民政府办公室关于印发2026年民生实事项目计划的通知\n"
            "序号 项目名称 上年完成 年度目标 责任单位\n"
            "1 农村适龄妇女“两癌”免费筛查 2.1万人 2.5万人 市卫生健康委、市妇联\n"
            "2 新生儿听力筛查率 97.2% ≥98% 市卫生健康委\n"
            "3 乡镇卫生院中医馆建设 覆盖率92% 实现全覆盖 市中医药管理局\n"
            "4 城区急救平均反应时间 13.5分钟 ≤12分钟 市急救中心\n")
    [plan] = extract_document(document_from_bytes("list.txt", text.encode("utf-8")))
    assert [(f.mention.value, f.mention.unit, f.mention.comparator) for f in plan.targets] == [
        (25000, "人", "="), (98, "%", ">="), (100, "%", "="), (12, "分钟", "<=")]


def _targets_of(text: str) -> list[float]:
    [plan] = extract_document(document_from_bytes("news.txt", text.encode("utf-8")))
    return [t.mention.value for t in plan.targets]


def _units_of(text: str) -> list[tuple[float, str]]:
    [plan] = extract_document(document_from_bytes("news.txt", text.encode("utf-8")))
    return [(t.mention.value, t.mention.unit) for t in plan.targets]


def test_a_sentence_after_a_semicolon_goes_on_in_the_earlier_year_the_one_before_it_ended_in():
    text = ("2026年泾源县卫生健康工作要点\n全县推进紧密型县域医共体建设。"
            "据介绍，2025年全县基层诊疗量占比提高到60.5%；家庭医生重点人群签约率达到77%，孕产妇系统管理率达到92%。\n"
            "按照部署，2026年基层诊疗量占比达到65%；家庭医生重点人群签约率达到80%。\n"
            "记者了解到，2025年全县新建村卫生室8个；力争家庭医生签约率达到82%。\n")
    assert _targets_of(text) == [65, 80, 82]


def test_in_a_plan_that_mixes_sectors_a_figure_names_health_work_or_sits_in_a_health_section():
    text = ("昭觉县2026年乡村振兴重点工作方案\n一、巩固脱贫成果\n监测对象风险消除率达到70%以上。\n"
            "二、发展产业\n全县粮食播种面积稳定在38万亩以上。建设高标准农田2.5万亩。\n"
            "三、建设健康乡村\n村卫生室标准化建设达标率达到100%。全县推进家庭医生签约，签约率达到75%。\n")
    assert _targets_of(text) == [100, 75]


def test_a_review_sentence_s_clause_that_looks_ahead_to_the_plan_s_year_gives_targets():
    text = ("信阳市2026年医保支付方式改革工作要点\n推进DIP付费改革。\n"
            "2025年，全市住院费用DIP结算占比为83.2%；纳入管理的机构去年达到286家，今年将扩大到300家，病种覆盖率达到95%以上。\n")
    assert _targets_of(text) == [300, 95]


def test_a_progress_report_s_table_gives_the_year_s_targets_and_not_the_quarter_s_progress():
    text = ("2026年台州市民生实事一季度进展情况\n一、总体进展\n全市推进民生实事项目建设。\n"
            "二、分项目进展情况（项目名称｜年度目标｜一季度完成｜完成率）\n"
            "1｜新建规范化村卫生室｜80个｜完工12个｜15.0%\n2｜新增普惠性托位｜1500个｜新增312个｜20.8%\n"
            "三、主要做法\n一季度筛查9200人，全年筛查3.5万人。\n")
    assert _targets_of(text) == [80, 1500, 35000]


def test_a_performance_table_reads_its_last_indicator_column_and_a_row_that_names_a_target_group_is_a_row():
    text = ("宁夏回族自治区卫生健康委员会2026年度部门整体支出绩效目标表\n全区推进医疗卫生强基工程。\n"
            "一级指标｜二级指标｜三级指标｜指标值\n产出指标｜数量指标｜新建县域医疗卫生次中心数量｜≥8个\n"
            "产出指标｜数量指标｜免费孕前优生健康检查目标人群覆盖率｜≥80%\n")
    [plan] = extract_document(document_from_bytes("table.txt", text.encode("utf-8")))
    assert [(t.mention.indicator, t.mention.value) for t in plan.targets] == [
        ("新建县域医疗卫生次中心数量", 8), ("免费孕前优生健康检查目标人群覆盖率", 80)]


def test_a_performance_table_with_last_year_s_values_reads_only_the_column_of_this_year_s_indicator_values():
    text = ("中卫市卫生健康委员会2026年部门整体支出绩效目标表\n全市推进医疗卫生强基工程。\n"
            "一级指标 | 二级指标 | 三级指标 | 2025年实际完成值 | 2026年指标值\n"
            "产出指标 | 数量指标 | 新建（改扩建）标准化村卫生室数量 | 22所 | 30所\n"
            "产出指标 | 质量指标 | 65岁及以上老年人健康管理率 | 70.8% | ≥72%\n")
    assert _targets_of(text) == [30, 72]


def test_a_performance_table_s_rows_without_a_header_are_rows_though_they_name_a_target_group():
    text = ("攀枝花市卫生健康委员会2026年部门预算情况说明\n全市推进基本公共卫生服务。\n"
            "绩效目标表：\n产出指标　数量指标　完成免费孕前优生健康检查目标人群　≥5200对\n"
            "产出指标　质量指标　婚前医学检查率　≥75%\n")
    assert _targets_of(text) == [5200, 75]


def test_a_table_cell_may_give_a_rate_per_100000():
    text = "柞水县2026年卫生健康工作安排\n全县推进医共体建设。\n指标名称　2025年实际　2026年目标\n孕产妇死亡率　0　＜15/10万\n"
    [plan] = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(t.mention.value, t.mention.unit, t.mention.comparator) for t in plan.targets] == [(15, "/100000", "<=")]


def test_a_resident_s_letter_asks_over_all_its_paragraphs_and_the_answer_commits():
    text = ("雨城区卫生健康局关于大兴片区增设社区卫生服务站的答复\n【来信内容】\n我们小区有住户2300余户、常住人口约6000人。\n"
            "周边几个小区还有2万人。\n【回复内容】\n2026年，我局将改造建设社区卫生服务站1个，配备全科医生不少于2名。\n")
    assert _targets_of(text) == [1, 2]


def test_a_table_row_whose_cell_a_semicolon_splits_leaves_the_table_going_on():
    text = ("通辽市2026年度旗县市区卫生健康重点工作绩效考核方案\n全市推进医共体建设。\n"
            "序号 | 考核指标 | 2025年全市实际值 | 2026年目标值 | 分值 | 评分办法\n"
            "1 | 孕产妇死亡率（/10万） | 11.6 | ≤12 | 6分 | 超过目标值不得分；发生可避免死亡的，每例扣3分\n"
            "2 | 婴儿死亡率（‰） | 3.9 | ≤4 | 5分 | 每超过1个千分点扣1分\n")
    assert _targets_of(text) == [12, 4]


def test_a_table_may_set_its_cells_apart_by_long_dashes():
    text = ("永川区卫生健康委2026年重点任务清单\n全区推进医共体建设。\n"
            "附：主要指标完成情况与目标（指标 —— 2025年完成值 —— 2026年目标值）\n"
            "区域内就诊率（%） —— 89.2 —— ≥91\n每千人口医疗卫生机构床位数（张） —— 7.8 —— 8.0\n")
    assert _targets_of(text) == [91, 8]


def test_a_report_s_paragraph_that_opens_with_a_health_topic_is_a_health_section():
    text = ("焦作市委全会报告（2026年）\n（五）坚持以人民为中心，持续保障和改善民生。\n"
            "办好人民满意的教育。新建中小学和幼儿园20所，新增学位1.2万个。\n"
            "深入推进健康焦作建设。年内新增医疗卫生机构床位800张。全市基层诊疗量占比今年要提高到63%以上。\n")
    assert _targets_of(text) == [800, 63]


def test_a_table_s_unit_that_writes_the_one_per_10万_is_a_rate_per_10万():
    text = ("宣汉县健康宣汉行动2026年主要指标\n指标名称｜2025年基线值｜2026年目标值｜指标属性\n"
            "婴儿死亡率（‰）｜4.9｜≤5.5｜约束性\n孕产妇死亡率（1/10万）｜0｜≤15｜约束性\n")
    assert _units_of(text) == [(5.5, "‰"), (15, "/100000")]


def test_a_change_from_the_present_state_gives_the_figure_it_reaches_and_not_the_baseline():
    text = ("赣州市2026年卫生健康重大项目集中开工\n全市将推进疾控能力建设。\n"
            "市疾控中心实验能力提升项目建成后，可检测病原体种类由目前的约150种增加到300种以上。\n")
    assert _targets_of(text) == [300]


def test_a_table_cell_with_a_bound_after_its_number_takes_the_column_s_unit():
    text = ("吉林省2026年卫生健康工作会议召开\n全省推进健康吉林建设。\n"
            "| 指标 | 2025年实际 | 2026年目标 | 2030年目标 |\n| 人均预期寿命（岁） | 79.1 | 79.3 | 80以上 |\n")
    [plan] = extract_document(document_from_bytes("table.txt", text.encode("utf-8")))
    assert [(t.mention.value, t.mention.unit, t.mention.comparator, t.mention.year) for t in plan.targets] == [
        (79.3, "岁", "=", 2026), (80, "岁", ">=", 2030)]


def test_a_quarter_s_progress_is_no_target_though_its_sentence_restates_the_year_s():
    text = ("株洲市2026年一季度卫生健康重点工作进展\n全市推进民生实事。\n"
            "年度目标为完成宫颈癌筛查4万人，一季度完成1.12万人，完成年度目标的28%和26.3%。\n"
            "家庭医生签约服务方面，年度目标为签约覆盖率达到42%，一季度全市新签约12.6万人，签约覆盖率为36.8%。\n"
            "此外，一季度全市还完成了节日医疗保障任务，检查医疗机构146家，整改安全隐患89处。\n")
    assert _targets_of(text) == [40000, 42]


def test_a_project_list_gives_each_project_s_figures_due_in_the_year_its_row_names():
    text = ("吉安市2026年第一批卫生健康重大项目集中开工\n全市将加快医疗卫生项目建设。\n"
            "序号\t项目名称\t建设地点\t总投资（亿元）\t新增床位（张）\t已完成投资（亿元）\t计划建成时间\n"
            "1\t吉安市人民医院二期\t吉州区\t8.5\t900\t1.2\t2028年12月\n"
            "2\t吉安市疾病预防控制中心实验楼\t青原区\t1.6\t—\t0.3\t2027年6月\n")
    [plan] = extract_document(document_from_bytes("projects.txt", text.encode("utf-8")))
    assert [(t.mention.value, t.mention.unit, t.mention.year) for t in plan.targets] == [
        (8.5, "亿元", 2028), (900, "张", 2028), (1.6, "亿元", 2027)]


def test_a_rise_followed_by_the_level_it_reaches_gives_the_level():
    text = ("2026年基层卫生健康工作要点\n全国推进基本公共卫生服务。\n"
            "人均基本公共卫生服务经费补助标准提高5元，达到99元。家庭医生签约率提高2个百分点。\n")
    assert _units_of(text) == [(99, "元"), (2, "个百分点")]


def test_a_table_column_of_a_year_before_the_plan_s_that_names_no_target_is_its_baseline():
    text = ("广西2026年卫生应急工作要点\n全区加强卫生应急能力建设。\n"
            "指标\t2025年\t2026年目标\n城市院前急救平均反应时间（分钟）\t13.5\t≤12\n"
            "自治区级卫生应急队伍（支）\t17\t20\n")
    assert _targets_of(text) == [12, 20]


def test_last_year_s_figure_in_brackets_after_a_target_dates_neither_it_nor_the_next_nor_names_them():
    [first, second] = extract_targets("孕产妇死亡率控制在8/10万以下（2025年为6.9/10万），婴儿死亡率控制在2.5‰以下（2025年为2.1‰）。",
                                      2026)
    assert (first.indicator, first.value, first.year) == ("孕产妇死亡率", 8, 2026)
    assert (second.indicator, second.value, second.year) == ("婴儿死亡率", 2.5, 2026)


def test_all_of_a_kind_doing_two_things_are_two_targets_named_by_what_they_do():
    targets = extract_targets("全市二级以上综合医院全部开设儿科门诊。全市二级以上公立医院全部开设老年医学科。", 2026)
    assert [t.indicator for t in targets] == ["全市二级以上综合医院开设儿科门诊比例", "全市二级以上公立医院开设老年医学科比例"]
    assert not same_target(*targets)


@pytest.mark.parametrize("sentence, indicators", [
    ("法定传染病报告率和报告及时率均达到100%。", ["法定传染病报告率", "报告及时率"]),
    ("孕产妇系统管理率和3岁以下儿童系统管理率均达到90%以上。", ["孕产妇系统管理率", "3岁以下儿童系统管理率"]),
    ("高血压、糖尿病患者规范管理率均达到70%以上。", ["高血压患者规范管理率", "糖尿病患者规范管理率"]),
    ("传染病网络直报率和及时报告率均保持在100%。", ["传染病网络直报率", "及时报告率"]),
])
def test_rates_listed_before_one_shared_value_are_one_target_each(sentence, indicators):
    assert [t.indicator for t in extract_targets(sentence, 2026)] == indicators


@pytest.mark.parametrize("sentence, text", [
    ("全省地方病防治县全部保持消除状态。", "全部保持"),
    ("全市所有社区卫生服务中心和乡镇卫生院要全部能够提供中医药服务。", "全部能够提供"),
    ("全省州（市）级疾控中心年内全部具备生物安全二级实验室检测能力。", "全部具备"),
    ("二级以上公立医院全部开通诊间结算和床旁结算服务。", "全部开通"),
    ("所有乡镇卫生院能提供中医药和民族医药服务。", "所有乡镇卫生院能提供"),
])
def test_all_of_them_able_to_opening_or_keeping_a_state_is_full_coverage(sentence, text):
    assert [(t.text, t.value, t.unit) for t in extract_targets(sentence, 2026)] == [(text, 100.0, "%")]


def test_a_progress_table_of_key_tasks_gives_only_the_full_year_targets():
    text = ("广西壮族自治区卫生健康委员会办公室关于2026年上半年全区卫生健康重点工作进展情况的通报\n二、重点指标完成情况\n"
            "序号\t重点任务\t全年目标\t上半年完成情况\t完成率\n"
            "1\t普惠托育服务\t新增普惠托位1万个\t已新增6238个\t62.4%\n"
            "2\t县级胸痛中心建设\t新建县级胸痛中心20个\t已新建11个\t55%\n")
    assert sorted(_units_of(text)) == [(20.0, "个"), (10000.0, "个")]


@pytest.mark.parametrize("sentence", [
    "认真贯彻落实全国卫生健康工作会议和省委十一届八次、九次全会部署要求。",
    "会议深入贯彻党的二十届四中全会、市委十三届12次全会精神。",
])
def test_the_session_of_a_party_committee_is_no_target(sentence):
    assert extract_targets(sentence, 2026) == []


def test_a_digest_s_label_that_the_next_line_restates_is_one_target_and_an_infographic_s_figure_is_its_own():
    digest = ("数说2026｜甘肃卫生健康年度目标\n2026年全省卫生健康工作会议召开，会议明确了今年甘肃省的目标。\n"
              "▍10个以上\n新增国家临床重点专科10个以上。\n▍3个\n新建成国家区域医疗中心3个。\n")
    assert sorted(_units_of(digest)) == [(3.0, "个"), (10.0, "个")]
    card = "一图读懂｜2026年聊城市卫生健康工作这样干\n适龄儿童免疫规划疫苗接种率\n≥95%\n重点人群家庭医生签约率\n≥80%\n"
    assert sorted(_units_of(card)) == [(80.0, "%"), (95.0, "%")]


def test_a_five_year_plan_s_targets_without_a_year_are_for_its_last_year():
    text = ("一图读懂 | “十五五”规划纲要卫生健康工作任务\n2026-03-17 来源：健康报\n"
            "纲要提出主要目标：我国人均预期寿命提高到80岁，每千人口拥有执业医师数3.7人；2026年新增普惠托位50万个。\n")
    [plan] = extract_document(document_from_bytes("news.txt", text.encode("utf-8")))
    assert sorted((t.mention.value, t.mention.year) for t in plan.targets) == [(3.7, 2030), (80.0, 2030), (500000.0, 2026)]


def test_a_rate_per_million_may_be_written_in_words():
    assert [(t.value, t.unit) for t in extract_targets("全国麻疹发病率控制在1/百万以下。", 2026)] == [(1.0, "/1000000")]


def test_last_year_s_targets_beside_this_year_s_in_a_table_are_last_year_s_plan():
    text = ("洛阳市2026年卫生健康工作会议召开\n附：主要指标一览表\n指标 | 2025年目标 | 2025年完成 | 2026年目标\n"
            "县域内就诊率（%） | ≥90 | 90.6 | ≥92\n")
    [plan] = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(t.mention.value, t.mention.year) for t in plan.targets] == [(92.0, 2026)]


def test_a_column_of_target_items_names_the_rows():
    text = ("苍溪县2026年卫生健康工作要点\n目标项目\t2025年完成\t2026年目标\n"
            "家庭医生重点人群签约率\t百分之七十三\t百分之七十五以上\n")
    [plan] = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(t.mention.value, t.mention.indicator) for t in plan.targets] == [(75.0, "家庭医生重点人群签约率")]
