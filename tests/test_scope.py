"""What a plan commits to is health work of its own region: another sector's figures in a
government's report, and an example from another region, are not its targets."""
from kg.read.corpus import document_from_bytes
from kg.extract.pipeline import extract_document


def targets_of(text: str) -> list[tuple[float, str]]:
    [plan] = extract_document(document_from_bytes("例.txt", text.encode()))
    return sorted((t.mention.value, t.mention.unit) for t in plan.targets)


def initiatives_of(text: str) -> list[str]:
    [plan] = extract_document(document_from_bytes("例.txt", text.encode()))
    return sorted({i.mention.name for i in plan.initiatives})


def test_a_government_report_gives_only_its_health_targets():
    text = ("2026年洛阳市卫生健康工作会议召开。\n"
            "全市经济社会发展主要预期目标是:地区生产总值增长5.5%左右,城镇新增就业7万人以上。\n"
            "新建改扩建中小学、幼儿园30所。\n"
            "新建县域医疗卫生次中心3个;新增城市停车泊位1万个;为2.2万名孕妇免费开展产前筛查。\n")
    assert targets_of(text) == [(3.0, "个"), (22000.0, "名")]


def test_in_a_report_of_all_sectors_a_clause_of_another_sector_gives_no_target():
    text = ("上海市宝山区2026年政府工作报告\n地区生产总值增长5.5%左右,一般公共预算收入增长4%。\n"
            "城镇调查失业率控制在5%以内。\n筹措保障性租赁住房3000套。\n新增社区卫生服务站4个。\n"
            "落实基础教育扩优提质行动,新开办学校及幼儿园5所,新增公办托育托额600个。\n"
            "新增养老床位300张,新增医养结合机构床位100张。\n")
    assert targets_of(text) == [(4.0, "个"), (100.0, "张"), (600.0, "个")]


def test_in_a_health_plan_a_clause_naming_only_its_object_keeps_its_target():
    text = ("2026年常德市卫生健康工作会议召开。\n会议要求,推进公共场所AED配置,年内新增配置300台,"
            "实现轨道交通站点、大型商超全覆盖。\n全市新建社区医院5家。\n")
    assert targets_of(text) == [(5.0, "家"), (100.0, "%"), (300.0, "台")]


def test_the_province_s_figures_quoted_in_a_city_s_plan_are_not_the_city_s():
    text = ("西宁市疾病预防控制局2026年工作报告\n"
            "全省会议提出,2026年全省肺结核报告发病率控制在40/10万以下,全省重大慢性病过早死亡率控制在17%以下。\n"
            "全市肺结核报告发病率控制在35/10万以下,健康素养水平达到全省先进水平,居民健康素养水平达到36%以上。\n"
            "全市推进疾控体系改革。全市加强慢性病综合防控示范区建设。全市做好冬春季传染病防控。\n")
    assert targets_of(text) == [(35.0, "/100000"), (36.0, "%")]


def test_a_county_level_city_s_own_quanshi_is_its_own_level():
    text = "2026年义乌市卫生健康工作会议召开。\n全市每千人口医疗机构床位数达到6.2张。\n"
    assert targets_of(text) == [(6.2, "张")]


def test_a_sentence_about_another_region_s_example_gives_no_target_of_this_plan():
    text = ("2025年广州市天河区卫生健康工作会议召开。\n"
            "深圳市罗湖区整合区属5家医院,推动医院转型。\n"
            "全区新增社区医院2家。\n")
    assert targets_of(text) == [(2.0, "家")]


def test_a_partner_region_named_as_the_object_of_a_verb_does_not_take_the_sentence():
    text = ("2026年克孜勒苏柯尔克孜自治州卫生健康工作要点\n"
            "用好江苏、江西两省对口支援资源,年内培养本地业务骨干150名。\n"
            "(一)深圳市罗湖区整合区属5家医院。\n")
    assert targets_of(text) == [(150.0, "名")]


def test_a_question_restating_a_target_is_no_target():
    text = ("2026年四川省卫生健康工作新闻发布会召开。\n今年全省新增托位3万个。\n"
            "记者:关于托育,刚才说要新增3万个托位,请问具体怎么推进?\n")
    assert targets_of(text) == [(30000.0, "个")]


def test_a_list_of_livelihood_projects_gives_only_its_health_items():
    text = ("2026年扬州市卫生健康工作会议召开。\n新建老年助餐点60个,老年助餐服务覆盖率达到90%。\n"
            "改造城镇老旧燃气管网80公里。\n为3万名适龄妇女免费开展两癌筛查。\n")
    assert targets_of(text) == [(30000.0, "名")]


def test_under_a_heading_of_health_work_in_a_document_titled_for_the_health_field_environment_work_counts():
    text = ("三亚市爱国卫生运动委员会关于印发《三亚市2026年爱国卫生和健康城市建设工作方案》的通知\n"
            "（一）深入开展城乡环境卫生整治。\n推进农贸市场标准化改造，年内完成改造6个。\n"
            "巩固“厕所革命”成果，新建改建旅游厕所和城市公厕30座。\n加强城乡集中式供水单位水质监测。\n"
            "（二）推进健康细胞建设。新建健康社区15个。\n"
            "（三）建设城市公园。新建口袋公园10处，新开办学校2所。\n")
    assert targets_of(text) == [(6.0, "个"), (15.0, "个"), (30.0, "座")]


def test_a_circled_item_s_title_names_its_health_work_in_another_sector_s_section():
    text = ("洛阳市2026年十件民生实事\n三、城市建设和人居环境\n⑩老旧小区改造。改造老旧小区300个，惠及居民4.1万户。\n"
            "⑪公共场所自动体外除颤器（AED）配置。在地铁站、体育场馆、学校等场所新增配置AED 1000台，开展公众急救技能培训5万人次。\n"
            "⑫城市道路建设。打通断头路15条。\n")
    assert targets_of(text) == [(1000.0, "台"), (50000.0, "人次")]


def test_an_answer_to_a_deputy_restates_the_proposal_and_commits_only_its_own_figures():
    text = ("赣州市卫生健康委员会关于市人大代表第56号建议的答复\n"
            "您建议：一是每个乡镇卫生院配备至少2名儿科医生；二是将儿科医疗服务价格提高30%。\n"
            "2026年，全市将为基层培训儿科医生500名。对您提出的每个县建设1个儿童医学中心的建议，我们将统筹研究。\n")
    assert targets_of(text) == [(500.0, "名")]


def test_a_reply_that_opens_with_the_proposal_it_answers_takes_none_of_its_figures():
    text = ("泉州市卫生健康委员会对市人大代表第31号建议的答复\n"
            "您提出的关于在每个乡镇卫生院配备专职儿科医师的建议，由于目前全市儿科医师总量不足，短期内难以全面实现。"
            "2026年，我们将为乡镇卫生院培训全科医生儿科技能200名。\n")
    assert targets_of(text) == [(200.0, "名")]


def test_a_government_report_s_social_governance_section_gives_no_initiative():
    text = ("洛阳市2026年政府工作报告（摘要）\n（五）办好民生实事。新建社区医院3家，实施医疗卫生强基工程。\n"
            "（六）加强和创新社会治理。坚持和发展新时代“枫桥经验”，深化“一中心四平台”基层治理体系建设，推进信访工作法治化。"
            "推进城中村改造，完成安置房建设2.8万套。\n")
    assert initiatives_of(text) == ["医疗卫生强基工程"]
    assert targets_of(text) == [(3.0, "家")]


def test_a_healthy_city_plan_s_indicator_table_counts_its_environment_rows():
    text = ("柳州市2026年健康城市建设工作方案\n主要指标：\n序号 | 指标 | 2025年现状 | 2026年目标 | 责任单位\n"
            "1 | 居民健康素养水平（%） | 31.2 | ≥33 | 市卫生健康委\n"
            "2 | 城市空气质量优良天数比率（%） | 91.5 | ≥92 | 市生态环境局\n")
    assert targets_of(text) == [(33.0, "%"), (92.0, "%")]


def test_a_healthy_county_plan_s_goals_under_a_health_heading_count_their_environment_figures():
    text = ("雷山县人民政府办公室关于印发《雷山县2026年巩固国家卫生县城暨创建健康县城工作方案》的通知\n"
            "二、工作目标\n本年度具体目标为：\n1.县城生活垃圾无害化处理率达到100%，县城生活污水集中处理率达到95%以上；\n"
            "2.适龄儿童国家免疫规划疫苗接种率保持在95%以上。\n三、建设城市公园\n新建口袋公园10处。\n")
    assert targets_of(text) == [(95.0, "%"), (95.0, "%"), (100.0, "%")]


def test_a_proposal_s_restatement_opened_by_the_proposal_itself_gives_no_figures():
    text = ("洛阳市卫生健康委员会关于市政协第208号提案的答复\n发布日期：2026-06-10\n"
            "提案建议：一是每个县（市）建设一所儿童医院；二是每千名儿童儿科执业（助理）医师数提高到1.0名。\n"
            "力争到年底全市每千名儿童儿科执业（助理）医师数达到0.85名。\n")
    assert targets_of(text) == [(0.85, "名")]


def test_a_commentator_s_paragraph_in_a_roundup_is_no_region_s_commitment():
    text = ("多地部署2026年卫生健康工作\n呼和浩特：实施蒙医药振兴行动\n呼和浩特市2026年全市卫生健康工作会议提出，今年新建社区医院3家。\n"
            "专家点评：国家卫生健康委卫生发展研究中心研究员王立新认为，基层医疗卫生机构床位使用率应提高到60%以上。\n")
    assert targets_of(text) == [(3.0, "家")]
    assert "国家卫生健康委卫生发展研究中心" not in initiatives_of(text)


def test_industry_and_bus_figures_in_a_report_of_all_sectors_are_another_sector_s():
    text = ("柳州市2026年政府工作报告（摘要）\n新建社区医院3家。\n园区新增规模以上工业企业5家，完成产值150亿元。\n"
            "市公交公司开通3条夜间公交线路。\n新增普惠托位600个。\n")
    assert targets_of(text) == [(3.0, "家"), (600.0, "个")]
