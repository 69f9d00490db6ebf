"""Plans: where each region's plan starts, whose it is, for which year, and which passages review the past."""
import pytest

from kg.extract.plans import REGION_INFERRED, REGION_INFERRED_FROM_NAMES, split_plans
from kg.extract.regions import load_gazetteer
from kg.extract.segment import split_sentences
from kg.extract.pipeline import extract_document, read_document
from kg.read.corpus import document_from_bytes


def _targets(text: str) -> list[float]:
    return [t.mention.value for p in extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
            for t in p.targets]


def plans_of(text: str):
    g = load_gazetteer()
    return split_plans(text, split_sentences(text), g.find_mentions(text), g)


def summary(text: str):
    return [(p.region_name, p.level, p.year) for p in plans_of(text)]


DIGEST = """1月17日,安徽省卫生健康工作会议召开。会议指出,2025年,全省将推进紧密型县域医共体建设。
会议安排部署了2025年全省卫生健康重点工作。
1月18日,2025年福建省卫生健康工作会议召开。会议要求,深化三明医改经验推广。
"""


def test_a_digest_has_one_plan_per_meeting_header():
    assert summary(DIGEST) == [("安徽省", "province", 2025), ("福建省", "province", 2025)]


def test_a_plan_runs_to_the_next_header():
    first, second = plans_of(DIGEST)
    assert "全省卫生健康重点工作" in DIGEST[first.start:first.end]
    assert DIGEST[second.start:].startswith("1月18日")


def test_a_sentence_reporting_on_the_meeting_does_not_open_a_plan():
    assert len(plans_of(DIGEST)) == 2       # "会议安排部署了2025年全省卫生健康重点工作" stays in 安徽省's plan


def test_statements_signed_by_officials_open_plans():
    text = ("凝聚力量 解决急难愁盼问题\n\n上海市卫生健康委党组书记、主任 闻大翔\n\n2023年,上海市卫生健康委全力推进改革。"
            "2024年,上海市卫生健康委将聚焦医学科技创新。\n\n江苏省卫生健康委党组书记、主任 谭颖\n\n"
            "2023年,江苏卫生健康系统取得新成效。今年要持续深化医改。\n")
    assert summary(text) == [("上海市", "province", 2024), ("江苏省", "province", 2024)]


def test_a_plan_whose_header_says_only_quanshi_takes_its_region_from_the_text():
    text = ("1月21日,2025年全市卫生健康工作会议召开。会议要求,推进健康泰安建设,"
            "泰安市中心医院加快建设区域医疗中心,新泰市、肥城市要抓好基层。\n")
    [plan] = plans_of(text)
    assert (plan.region_code, plan.level, plan.rule) == ("370900", "prefecture", REGION_INFERRED)
    assert [m.text for m in plan.inferred_from] == ["新泰市", "肥城市"]   # 健康泰安, 泰安市中心医院: names, no votes


def test_when_only_names_hold_places_they_vote():
    text = "1月21日,2025年全市卫生健康工作会议召开。会议要求,推进健康泰安建设,泰安市中心医院加快建设区域医疗中心。\n"
    [plan] = plans_of(text)
    assert (plan.region_name, plan.rule) == ("泰安市", REGION_INFERRED_FROM_NAMES)


def test_a_section_of_a_collection_is_a_county_plan_found_from_its_towns():
    text = ("(7篇)2025年卫健工作思路\n\n【篇一】\n\n一是提升县人民医院能力。加快黄口镇、张庄寨镇中心卫生院建设。"
            "全县推进医共体建设。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.region_code, plan.year) == ("萧县", "341322", 2025)


def test_an_anonymised_county_is_kept_as_xx_county():
    text = "【篇二】\n\n2025年,健康xx战略全面实施。全县推进县人民医院提标扩能。我县将推进医共体建设。\n"
    [plan] = plans_of(text)
    assert (plan.region_code, plan.region_name, plan.level) == (None, "xx县", "county")


def test_the_national_meeting_is_the_nation_plan():
    text = "2024年12月30日至31日,2025年全国卫生健康工作会议在北京召开。会议强调,实施医疗卫生强基工程。\n"
    assert summary(text) == [("全国", "nation", 2025)]


def test_review_paragraphs_about_the_past_year_are_marked():
    text = ("1月17日,安徽省卫生健康工作会议召开。\n会议指出,2024年,全省新增省级重点专科68个。成效显著。\n"
            "会议强调,2025年要新建10个县域医疗卫生次中心。\n")
    [plan] = plans_of(text)
    review = {text[s:text.index("。", s) + 1] for s in plan.review}
    assert review == {"会议指出,2024年,全省新增省级重点专科68个。", "成效显著。"}


def test_a_text_with_no_header_and_no_place_has_no_plan():
    assert plans_of("坚持以人民健康为中心,推进卫生健康事业高质量发展。\n") == []


def test_a_meeting_header_may_name_the_year_after_the_region():
    text = "2月5日,厦门市2026年卫生健康工作会议召开。会议要求,推进紧密型城市医疗集团建设。全市要抓好基层。\n"
    assert summary(text) == [("厦门市", "prefecture", 2026)]


def test_a_digest_item_headed_by_its_region_in_brackets_is_that_region_s_plan():
    text = ("本期目录\n【苏州】苏州市部署年度重点任务\n【遵义】遵义市推进强基工程\n\n"
            "【苏州】苏州市部署年度重点任务\n要点明确,2026年全市推进紧密型城市医疗集团建设。全市新增社区医院5家。\n"
            "【遵义】遵义市推进强基工程\n今年全市实施医疗卫生强基工程。力争新建县域医疗卫生次中心10个。\n")
    assert summary(text) == [("苏州市", "prefecture", 2026), ("遵义市", "prefecture", 2026)]


def test_a_digest_item_headed_by_a_numbered_region_and_colon_is_that_region_s_plan():
    text = ("两市部署2026年卫生健康工作\n近日,两座城市先后部署今年工作。\n"
            "一、汕头：向医疗高地冲刺\n今年全市推进紧密型县域医共体建设。新增乡村医生150名。\n"
            "二、湛江：建设区域医疗中心\n今年全市新增三级医院2家。建成中心镇卫生院8家。\n")
    assert summary(text) == [("汕头市", "prefecture", 2026), ("湛江市", "prefecture", 2026)]


def test_a_county_news_report_that_says_only_our_county_is_the_county_of_its_outlet():
    text = ("4月8日，我县召开2026年卫生健康工作会议。\n会议要求，全县推进紧密型县域医共体建设，新建村卫生室10个。\n"
            "副县长出席会议。\n来源：分宜县融媒体中心 记者 喻少慧\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.year, plan.rule) == ("分宜县", 2026, "frame/outlet")
    [read] = extract_document(document_from_bytes("news.txt", text.encode()))      # the cleaner keeps the line
    assert read.plan.region_name == "分宜县"


def test_a_county_outlet_may_go_by_the_county_s_short_name():
    text = ("秀山网讯 1月29日，我县召开2026年卫生健康工作会议。\n会议要求，全县新建村卫生室10个，推进紧密型县域医共体建设。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.rule) == ("秀山土家族苗族自治县", "frame/outlet")
    text = ("我县召开2026年卫生健康工作会议。\n时间：2026-03-03 来源：五华发布\n"
            "会议要求，全县新建村卫生室10个，推进紧密型县域医共体建设。\n")
    assert summary(text) == []          # 五华县 and 五华区: the short name names neither


def test_a_title_naming_a_district_after_its_city_names_the_district():
    text = ("政府工作报告（节选）\n——2026年1月8日在上海市宝山区第八届人民代表大会第六次会议上\n宝山区区长 陈立峰\n\n各位代表：\n"
            "今年全区新增社区卫生服务站4个，常住人口家庭医生签约率达到45%以上。\n")
    [plan] = plans_of(text)
    assert (plan.region_code, plan.rule) == ("310113", "frame/title")      # not 双鸭山's 宝山区


def test_an_outlet_of_another_level_does_not_place_the_plan():
    text = ("我县召开2026年卫生健康工作会议。\n会议要求，全县推进紧密型县域医共体建设，新建村卫生室10个。\n"
            "来源：湖北日报\n")
    assert summary(text) == []


def test_a_city_meeting_held_after_the_province_s_opens_the_city_s_plan():
    text = ("赣州：2026年锚定目标抓落实\n日前召开的全省卫生健康工作会议对今年全省卫生健康工作作出部署。\n"
            "会议召开后，我市于2月10日召开全市卫生健康工作会议，传达学习全省会议精神。全市新增三级医院2家。"
            "全市新增普惠托位2000个。\n")
    assert [(p.region_name, p.year) for p in plans_of(text)][-1] == ("赣州市", 2026)
    assert "江西省" not in {p.region_name for p in plans_of(text)}


def test_an_institution_s_own_plan_is_no_plan_of_its_region():
    text = "修水县人民医院2026年工作计划\n在县委县政府和县卫生健康委的领导下，全院门急诊量达到75万人次。全县推进医共体建设。\n"
    assert plans_of(text) == []


def test_an_issuer_that_speaks_of_itself_keeps_its_plan_however_often_it_quotes_the_province():
    text = ("西宁市疾病预防控制局2026年工作报告\n全省会议提出,全省肺结核报告发病率控制在40/10万以下。全省做好防控。\n"
            "全市肺结核报告发病率控制在35/10万以下,达到全省先进水平。全市推进疾控体系改革。全市做好冬春季防控。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.rule) == ("西宁市", "frame/issuer")


def test_a_city_issuing_its_work_plan_opens_that_plan():
    text = "近日,苏州市卫生健康委印发《2026年全市卫生健康工作要点》。要点明确,全市推进医共体建设。全市新增社区医院5家。\n"
    assert summary(text) == [("苏州市", "prefecture", 2026)]


def test_a_paragraph_on_a_five_year_period_that_has_ended_is_review():
    text = ("1月20日,2026年陕西省卫生健康工作会议召开。\n"
            "会议指出,“十四五”时期,全省卫生事业取得显著成效。建成国家区域医疗中心5个。\n"
            "会议强调,2026年要新建县域医疗卫生次中心30个。\n")
    [plan] = plans_of(text)
    review = {text[s:text.index("。", s) + 1] for s in plan.review}
    assert review == {"会议指出,“十四五”时期,全省卫生事业取得显著成效。", "建成国家区域医疗中心5个。"}


def test_the_past_five_years_are_review_and_the_next_five_end_it():
    text = ("蕲春县政府工作报告（2021年11月9日）\n全县推进医共体建设。\n"
            "过去五年，全县建成乡镇卫生院22家。未来五年，该县将新建村卫生室40个。\n")
    [plan] = plans_of(text)
    assert text.index("过去五年") in plan.review and text.index("未来五年") not in plan.review


def test_an_account_of_how_a_programme_was_run_is_review_up_to_what_it_will_do_next():
    text = ("念好“联”字诀　让群众在家门口看好病\n——石门县紧密型县域医共体建设典型经验交流材料\n石门县卫生健康局\n（2025年12月）\n"
            "一、组建医共体\n全县组建2个医共体，县域内就诊率达到91.2%。\n二、取得的成效\n群众满意度达到94.6%。\n"
            "三、下一步打算\n2026年，我们将推进医共体建设，县域内就诊率稳定在92%以上。\n")
    [plan] = plans_of(text)
    assert text.index("全县组建2个医共体") in plan.review and text.index("群众满意度") in plan.review
    assert text.index("2026年，我们将") not in plan.review


def test_a_meeting_a_district_measures_itself_against_is_no_header():
    text = ("2026年金山区卫生健康工作会议召开\n2月12日，2026年金山区卫生健康工作会议召开。\n"
            "新的一年，要对标全市卫生健康工作会议部署，新建社区卫生服务站4个。\n")
    assert [p.region_name for p in plans_of(text)] == ["金山区"]


def test_a_list_of_pilots_by_city_is_no_city_s_heading():
    text = ("广西壮族自治区卫生健康委员会关于公布2026年县域医疗卫生次中心建设试点名单的通知\n各设区市卫生健康委：\n"
            "一、试点名单\n南宁市：宾阳县黎塘镇中心卫生院、横州市六景镇中心卫生院\n崇左市：大新县\n"
            "二、工作目标\n到2026年底，各试点单位编制床位不少于60张，全区推进医共体建设。\n")
    assert [p.region_name for p in plans_of(text)] == ["广西壮族自治区"]


def test_a_joint_plan_gives_each_region_s_own_heading_its_plan_and_the_shared_part_to_the_first_issuer():
    text = ("酒泉市卫生健康委员会\n嘉峪关市卫生健康委员会\n关于印发《酒嘉卫生健康同城化发展2026年工作要点》的通知\n"
            "为贯彻落实省委、省政府决策部署，现印发给你们。\n一、共同任务\n2026年两市互认检查检验项目达到150项。"
            "同期，全省互认项目达到126项。\n二、两市各自目标\n（一）酒泉市\n1.县域内就诊率达到90%以上。\n"
            "（二）嘉峪关市\n1.组建2个城市医疗集团。\n三、保障措施\n两市建立联席会议制度。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["酒泉市", "嘉峪关市", "酒泉市"]      # 酒泉市's own heading joins its plan
    assert plans[1].rule == "plans/region_heading"
    assert text.index("三、保障措施") == plans[2].start


def test_a_district_s_news_that_reports_its_city_s_meeting_gives_that_sentence_to_the_city():
    text = ("2026年金山区卫生健康工作会议召开\n2月12日，2026年金山区卫生健康工作会议召开。全区新建社区卫生服务站4个。\n"
            "据介绍，市卫生健康工作会议近日提出，2026年全市家庭医生签约率达到45%以上。\n全区还将新建村卫生室6个。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.rule) for p in plans] == [
        ("金山区", "plans/meeting_header"), ("上海市", "plans/superior_meeting"), ("金山区", "plans/meeting_header")]


def test_a_headline_whose_subject_is_the_region_opens_the_document_s_plan():
    text = ("日照市今年将新建改建中心村卫生室15处\n2026-01-27　来源：日照日报\n记者从市卫生健康委获悉，今年全市基层诊疗量占比保持在60%以上。\n"
            "全市还将新增普惠托位1000个。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.start, plan.end) == ("日照市", 0, len(text))


def test_a_survey_of_regions_gives_each_paragraph_that_opens_with_its_region_to_that_region():
    text = ("四省份亮出2026年卫生健康“施工图”\n新年伊始，各地陆续召开卫生健康工作会议。\n"
            "在广东，今年将新建县域医疗卫生次中心50个。\n记者注意到，江苏的目标更加突出健康结果，今年县域内就诊率要达到92%。\n"
            "福建则把深化医改放在突出位置，今年将推广三明医改经验。\n比较几个省份的施工图，不难发现共同点。\n")
    assert [p.region_name for p in plans_of(text)] == ["广东省", "江苏省", "福建省"]


def test_a_roundup_s_paragraphs_headed_by_their_city_in_bold_are_that_city_s_plans_not_the_last_city_in_the_headline_s():
    text = ("三城晒出2026年卫生健康“施工图”\n——兰州、天水、武威卫生健康工作会议扫描\n"
            "今年各地的目标更加具体，全省推广三明医改经验。\n"
            "**兰州** 兰州市提出，2026年将以国家区域医疗中心建设为牵引，全市家庭医生签约服务覆盖率达到45%以上。\n"
            "**天水** 天水市聚焦“健康天水”建设，将新增社区卫生服务中心4家。\n"
            "**武威** 武威市把基层能力提升作为今年的重中之重，县域内就诊率稳定在90%以上。\n")
    assert [p.region_name for p in plans_of(text.replace("**", ""))] == ["兰州市", "天水市", "武威市"]


def test_a_district_s_line_of_results_is_no_run_in_heading():
    text = ("2026年成都市卫生健康工作会议召开。全市将新建社区医院10家。\n"
            "锦江区　率先建成“15分钟健康服务圈”，社区卫生服务中心全部达标；\n青羊区　完成3家社区医院建设；\n")
    assert [p.region_name for p in plans_of(text)] == ["成都市"]


def test_one_paragraph_opening_with_a_place_is_no_survey():
    text = ("2026年贵州省卫生健康工作会议召开。全省将新建次中心30个。\n"
            "在安顺，市人民医院新院区正在加紧建设。\n全省还将推进医共体建设。\n")
    assert [p.region_name for p in plans_of(text)] == ["贵州省"]


def test_an_infographic_s_look_back_is_review_up_to_its_next_part():
    text = ("一图读懂丨2026年聊城市卫生健康工作这样干\nPART 1\n回望2025 · 成绩单\n89.6%\n县域内就诊率\n"
            "PART 2\n2026年 · 主要目标\n≥90%\n县域内就诊率\n")
    [plan] = plans_of(text)
    assert text.index("89.6%") in plan.review and text.index("≥90%") not in plan.review


def test_an_agreement_of_the_nation_and_a_province_is_the_province_s_plan_where_the_nation_speaks_for_itself():
    text = ("国家卫生健康委与安徽省签署委省共建协议\n来源：安徽日报　2026-03-18 07:30\n"
            "3月17日，双方签署合作协议，合作期为2026年至2028年。\n"
            "国家卫生健康委方面表示，今年将推动90%以上的县建成紧密型县域医共体。\n"
            "根据协议，安徽今年将新增国家区域医疗中心2个。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.year) for p in plans] == [("安徽省", 2026), ("全国", 2026), ("安徽省", 2026)]


def test_a_digest_item_may_report_a_meeting_held_in_its_city_on_one_health_service():
    text = ("市州卫健动态\n一、近日，在恩施州召开的2026年全州卫生健康工作会议上，州卫生健康委提出今年新建村卫生室50个。全州推进医共体建设。\n"
            "二、日前，记者从咸宁市召开的“一老一小”健康服务专题会议上获悉，该市2026年将新增普惠性托位1800个。全市推进医养结合。\n")
    assert [p.region_name for p in plans_of(text)] == ["恩施土家族苗族自治州", "咸宁市"]


def test_another_region_s_meeting_in_an_issued_document_is_that_region_s_for_its_paragraph():
    text = ("红河州卫生健康委员会关于印发《红河州2026年卫生健康工作要点》的通知\n各县（市）卫生健康局：\n"
            "现将工作要点印发给你们。\n红河哈尼族彝族自治州卫生健康委员会\n2026年2月27日\n二、主要目标\n"
            "（一）全省要求。2026年云南省卫生健康工作会议明确：全省县域内就诊率达到90%以上。\n"
            "（二）全州目标。2026年全州县域内就诊率达到91%。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["红河哈尼族彝族自治州", "云南省", "红河哈尼族彝族自治州"]
    assert plans[1].rule == "plans/meeting_aside"


def test_a_district_s_news_that_quotes_its_city_s_committee_and_government_gives_that_sentence_to_the_city():
    text = ("黔江区政府召开第86次常务会议\n2026年2月10日，区政府召开常务会议，研究卫生健康工作。全区新建村卫生室10个。\n"
            "会议强调，市委、市政府明确要求，2026年全市基层医疗卫生机构诊疗量占比达到60%以上。\n全区还将推进医共体建设。\n")
    assert [(p.region_name) for p in plans_of(text)] == ["黔江区", "重庆市", "黔江区"]


def test_a_plan_its_title_dates_keeps_that_year_though_a_later_goal_is_named_near_its_start():
    text = ("贵州省疾病预防控制局关于印发2026年全省疾病预防控制工作要点的通知\n各市（州）卫生健康局：\n"
            "2025年，全省肺结核报告发病率下降至45.2/10万。对照国家提出的到2030年全国肺结核发病率降至35/10万以下的要求，"
            "我省防控任务依然艰巨。\n2026年，全省要新建发热门诊20个。\n")
    [plan] = plans_of(text)
    assert plan.year == 2026


def test_a_sentence_that_sets_a_deadline_in_the_plan_s_year_ends_a_review():
    text = ("绥化市托育服务政策问答\n2026年2月\n2025年，全市提供托位9300个。"
            "为此，市政府出台若干措施，明确到2026年底，全市每千人口托位数达到3.5个。\n")
    [plan] = plans_of(text)
    assert text.index("2025年，全市") in plan.review and text.index("为此") not in plan.review


def test_a_town_s_official_speaking_in_its_district_s_news_holds_no_plan_of_the_town():
    text = ("2月19日下午，2026年海陵区卫生健康工作会议召开。全区新建社区卫生服务站4个。\n"
            "城东街道负责同志表示，将全力配合做好社区卫生服务中心改扩建工程。\n")
    assert [p.region_name for p in plans_of(text)] == ["海陵区"]


def test_quanqu_in_an_autonomous_region_s_plan_is_the_whole_region():
    text = ("2026年全区卫生健康工作会议在南宁召开\n来源:自治区卫生健康委办公室\n"
            "1月15日,2026年全区卫生健康工作会议在南宁召开。会议要求,全区推进医共体建设,"
            "支持南宁、柳州、桂林建设区域医疗中心。\n")
    assert summary(text) == [("广西壮族自治区", "province", 2026)]


def test_a_dash_before_a_date_is_no_year_range():
    text = ("政府工作报告\n——2026年1月8日在洛阳市人民代表大会上\n\n一、2025年工作回顾\n\n"
            "过去一年,洛阳市经济平稳。\n\n二、2026年重点工作\n\n全市推进健康洛阳建设,新建村卫生室200所。\n")
    assert summary(text) == [("洛阳市", "prefecture", 2026)]


def test_a_heading_that_reports_on_an_earlier_year_opens_a_review_section():
    text = ("在2025年全省卫生健康工作会议上的讲话\n\n一、2024年全省卫生健康工作取得新的成效\n\n"
            "新建县域医疗卫生次中心46个。\n\n二、扎实做好2025年卫生健康各项工作\n\n要新建县域医疗卫生次中心30个。\n")
    [plan] = plans_of(text + "山西省推进医改。\n")
    assert text.index("新建县域医疗卫生次中心46个") in plan.review
    assert text.index("要新建县域医疗卫生次中心30个") not in plan.review


def test_a_section_on_the_overall_situation_is_review():
    text = ("2026年北京市卫生健康工作要点\n一、总体情况\n全市46项绩效任务全部完成。\n二、主要任务\n全市新建社区卫生服务站20个。\n")
    [plan] = plans_of(text)
    assert text.index("全市46项") in plan.review and text.index("全市新建") not in plan.review


def test_a_document_whose_title_reports_statistics_gives_no_plan_and_says_why():
    text = ("六盘水市2026年3月法定传染病疫情分析\n六盘水市疾病预防控制中心　2026年4月10日\n"
            "全市报告法定传染病2486例。建议各地加强流感监测，力争报告及时率达到100%。\n")
    read = read_document(document_from_bytes("a.txt", text.encode("utf-8")))
    assert read.plans == [] and read.no_plan == "not a plan: its title reports statistics (疫情分析)"


def test_a_review_may_open_with_its_topic_or_a_meeting_s_report_and_a_clause_naming_this_year_s_goal_looks_ahead():
    text = ("2026年光山县卫生健康工作半年推进会召开\n会议通报，今年以来，全县签约率达到41.5%。\n"
            "公共卫生方面，上半年，全县完成两癌筛查5600人。\n"
            "在老年健康方面，去年全县老年人健康管理率达到72.3%，今年的目标是年底前达到75%。\n")
    [plan] = plans_of(text)
    assert {text.index("会议通报"), text.index("公共卫生方面"), text.index("在老年健康方面")} <= plan.review
    assert _targets(text) == [75]


def test_a_name_two_places_share_is_the_one_the_frame_names():
    text = "深圳市南山区卫生健康局2026年工作计划\n2026年，南山区卫生健康工作会议提出新建社康中心10家。全区推进医共体建设。\n"
    assert [p.region_code for p in plans_of(text)] == ["440305"]


def test_a_post_s_region_heading_may_open_with_a_symbol_and_a_party_building_plan_is_housekeeping():
    post = ("2026年台州市卫生健康工作这样干\n今年全市新建村卫生室80个。全市基层就诊率达到68%。\n"
            "🌊温岭市\n温岭今年新建城市社区卫生服务站5个。全市推进医共体建设。\n")
    assert [p.region_name for p in plans_of(post)] == ["台州市", "温岭市"]
    notice = ("无锡市卫生健康委关于印发《2026年全市卫生健康系统党的建设工作要点》的通知\n"
              "全系统组织党员医务人员开展义诊200场次。推进清廉医院建设。党员带头做好卫生健康服务。\n")
    read = read_document(document_from_bytes("n.txt", notice.encode("utf-8")))
    assert read.plans == [] and "党的建设" in read.no_plan


def test_a_notice_forwarding_a_national_document_gives_what_that_document_says_to_the_nation():
    text = ("四川省卫生健康委员会关于转发《国家卫生健康委关于做好2026年基层卫生健康工作的通知》的通知\n"
            "各市（州）卫生健康委：\n一、准确把握国家部署要求\n"
            "《通知》明确，2026年要力争全国90%以上的县建成紧密型县域医共体。\n二、结合我省实际抓好落实\n"
            "2026年，全省紧密型县域医共体覆盖率达到92%以上。全省新建社区医院60家。\n")
    assert [p.region_name for p in plans_of(text)] == ["四川省", "全国", "四川省"]


def test_a_city_s_guest_at_a_province_s_press_conference_speaks_in_the_province_s_plan():
    text = ("吉林省政府新闻办举行“守护全民健康”新闻发布会\n发布时间：2026-02-26 10:00\n"
            "主持人：请省卫生健康委介绍情况。\n省卫生健康委主任：今年全省将新建县域医疗卫生次中心30个。全省推进医共体建设。\n"
            "主持人：请王海峰副市长介绍四平市有关情况。\n王海峰（四平市人民政府副市长）：\n"
            "今年，我们将组建2个紧密型城市医疗集团。\n主持人：谢谢。全省还将推进强基工程。\n")
    assert [p.region_name for p in plans_of(text)] == ["吉林省", "四平市", "吉林省"]


def test_in_a_document_of_the_year_s_second_half_what_the_first_half_did_is_review():
    text = ("光山县召开2026年卫生健康工作半年推进会\n发布时间：2026-07-16 09:00\n"
            "基层服务能力方面，上半年3所中心卫生院改扩建主体工程完工。下半年，全县将新建村卫生室20个。\n")
    [plan] = plans_of(text)
    assert text.index("基层服务能力方面") in plan.review and text.index("下半年") not in plan.review


def test_a_region_s_health_commission_may_speak_as_itself_at_a_meeting_and_a_recruitment_notice_is_no_plan():
    text = ("1月22日，2026年全区卫生健康工作会议在拉萨召开。会议要求全区新建村卫生室100个。\n"
            "那曲市卫生健康委表示，2026年将新建县域医疗卫生次中心2个。\n")
    assert [p.region_name for p in plans_of(text)][-1] == "那曲市"
    notice = ("五河县2026年公开招聘乡村医生公告\n发布单位：五河县卫生健康委员会\n"
              "为充实乡村医生队伍，决定面向社会公开招聘乡村医生42名。村卫生室是基层卫生网底。乡村医生服务群众健康。\n")
    read = read_document(document_from_bytes("n.txt", notice.encode("utf-8")))
    assert read.plans == [] and "招聘乡村医生公告" in read.no_plan


def test_a_city_paper_s_news_is_the_city_s_plan_around_a_county_s_speaker_and_its_partner_s_capital_is_no_region():
    text = ("京承共建神经专科医联体　首都优质医疗资源加速向塞罕坝下延伸\n\n来源：承德日报　　发布时间：2026-01-16 08:32\n\n"
            "1月15日，北京天坛医院与承德市签约共建医联体。今年全市将新建卒中中心3个。\n"
            "丰宁县卫生健康局负责人介绍，2026年该县将新增神经内科床位80张。\n全市还将推进医共体建设。\n")
    assert [p.region_name for p in plans_of(text)] == ["承德市", "丰宁满族自治县", "承德市"]


def test_a_town_s_own_words_fit_its_town():
    text = ("万宁市和乐镇人民政府关于印发《和乐镇2026年基本公共卫生服务工作方案》的通知\n各村（居）民委员会：\n"
            "2026年，全镇65岁及以上老年人健康管理率达到70%。全镇推进家庭医生签约服务。万宁市推进医共体建设。\n")
    assert [(p.region_name, p.level) for p in plans_of(text)] == [("和乐镇", "town")]


def test_a_digest_s_item_that_opens_with_a_deputy_s_proposal_gives_its_city_no_plan():
    text = ("三地人大代表为卫生健康建言献策\n2026-01-30 16:42\n【鞍山】建议设立基层卫生人才专项资金\n"
            "市人大代表建议设立2000万元专项资金。今年要引进医生50名。\n"
            "【玉林】玉林市今年将新建县域医疗卫生次中心3个。全市推进医共体建设。\n")
    assert [p.region_name for p in plans_of(text)] == ["玉林市"]


def test_a_long_line_that_opens_with_a_district_and_a_colon_may_give_its_figures_later():
    text = ("开局之年怎么干？\n南通市2026年卫生健康工作观察\n全市推进医共体建设。全市新建村卫生室100个。\n"
            "海门区：海门区卫健委负责人表示，今年将围绕智慧健康建设，新建互联网医院2家。\n全市还将推进强基工程。\n")
    assert [p.region_name for p in plans_of(text)] == ["南通市", "海门区", "南通市"]


def test_a_long_line_that_opens_with_a_county_and_a_colon_is_that_county_s_plan_for_the_line():
    text = ("乐山市卫生健康委关于印发2026年卫生健康工作方案的通知\n全市推进医共体建设。全市新建村卫生室100个。\n"
            "峨眉山市：县域内就诊率2025年为89%，2026年达到91%，2027年达到93%；每万人口全科医生数2026年达到4.2名。\n"
            "全市还将推进强基工程。\n")
    assert [p.region_name for p in plans_of(text)] == ["乐山市", "峨眉山市", "乐山市"]


def test_a_year_in_chinese_numerals_dates_and_a_year_inside_a_cited_title_does_not():
    text = ("岳池县卫生健康局二〇二六年工作计划\n根据《岳池县国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要》，"
            "全县推进医共体建设。二〇二五年全县新建村卫生室十二个。今年新建村卫生室二十个。\n")
    [facts] = read_document(document_from_bytes("p.txt", text.encode("utf-8"))).plans     # read as the cleaner gives it
    assert facts.plan.year == 2026


def test_a_bulletin_s_first_quarter_is_review():
    text = "兴国县卫生健康工作简报\n2026年4月3日\n一季度，全县组建家庭医生团队328个。今年全县将新建村卫生室20个。\n"
    [plan] = plans_of(text)
    assert text.index("一季度") in plan.review and text.index("今年全县") not in plan.review


def test_quanqu_in_a_prefecture_level_diqu_s_plan_is_the_whole_diqu():
    text = ("大兴安岭地区行政公署办公室关于印发《大兴安岭地区2026年卫生健康重点工作任务》的通知\n各县（区）人民政府：\n"
            "2026年，全区新建标准化村卫生室20个。全区推进医共体建设。全区县域内就诊率达到88%。\n")
    assert [(p.region_name, p.level) for p in plans_of(text)] == [("大兴安岭地区", "prefecture")]


def test_a_progress_notice_s_progress_is_review_and_its_year_s_target_is_not():
    text = ("山东省卫生健康委员会办公室关于2026年卫生健康民生实事项目前三季度进展情况的通报\n各市卫生健康委：\n"
            "（一）一老一小健康服务。年度目标：新增普惠托位3万个。进展：新增普惠托位2.46万个；完成老年人健康体检926万人。\n")
    [plan] = plans_of(text)
    assert text.index("进展：") in plan.review and text.index("年度目标") not in plan.review


def test_progress_up_to_a_month_opens_a_review():
    text = ("山东省卫生健康委关于2026年卫生健康民生实事进展的通报\n截至9月底，全省新增普惠托位2.46万个。\n"
            "全年新增普惠托位3万个。全省推进医共体建设。\n")
    [plan] = plans_of(text)
    assert text.index("截至") in plan.review and text.index("全年") not in plan.review


def test_looking_back_on_the_past_year_is_review_however_it_is_worded():
    text = ("2026年四川省卫生健康工作会议召开。\n刚刚过去的2025年,全省建成次中心210个。\n"
            "回望2025,新增重点专科16个。\n〇、2025年完成情况\n基层就诊率61.2%。\n一、总体目标\n基层就诊率≥65%。\n")
    [plan] = plans_of(text)
    for past in ("刚刚过去的2025年", "回望2025", "〇、2025年完成情况", "基层就诊率61.2%"):
        assert text.index(past) in plan.review, past
    assert text.index("基层就诊率≥65%") not in plan.review


def test_an_autonomous_region_s_chinese_medicine_work_plan_is_its_plan():
    text = ("广西壮族自治区中医药管理局关于印发2026年全区中医药工作要点的通知\n\n"
            "各设区市卫生健康委,自治区直属各中医医疗机构:\n\n2026年全区中医药工作要点\n\n"
            "全区新增三级中医医院5家。支持南宁、柳州建设中医区域医疗中心。\n")
    assert summary(text) == [("广西壮族自治区", "province", 2026)]


def test_quandiqu_is_a_prefecture_level_region():
    text = ("——在2026年全地区卫生健康工作会议上的讲话\n\n同志们:\n\n要加快喀什地区第一人民医院建设,"
            "推进疏附县、疏勒县医共体建设。全地区新建村卫生室20所。\n")
    assert summary(text) == [("喀什地区", "prefecture", 2026)]


# ------------------------------------------------ the document's frame decides where the header does not

NOTICE = """{issuer}关于印发《2025年{whole}卫生健康工作要点》的通知

{addressees}：

现将《2025年{whole}卫生健康工作要点》印发给你们，请结合实际认真抓好落实。

{issuer}
2025年2月18日

2025年{whole}卫生健康工作要点

2025年{whole}卫生健康工作的总体要求是：坚持以人民健康为中心，推动卫生健康事业高质量发展。
一、深化医改
1. 深入推广三明医改经验，推进紧密型县域医共体建设，县域内就诊率达到90%以上。
2. 实施医疗卫生强基工程，新建5个县域医疗卫生次中心。
"""


def notice(issuer: str, whole: str, addressees: str = "各县市区卫生健康局") -> str:
    return NOTICE.format(issuer=issuer, whole=whole, addressees=addressees)


def test_a_city_notice_issuing_its_work_points_is_the_issuing_city_s_plan_not_sanming_s():
    [plan] = plans_of(notice("株洲市卫生健康委员会", "全市"))
    assert (plan.region_name, plan.year) == ("株洲市", 2025)
    assert [c.rule for c in plan.candidates] == ["plans/meeting_header"]      # the notice's title opens it


def test_the_same_notice_issued_by_a_province_is_the_province_s_plan_not_fujian_s():
    [plan] = plans_of(notice("湖南省卫生健康委员会", "全省", "各市州卫生健康委"))
    assert (plan.region_name, plan.level) == ("湖南省", "province")


def test_without_sanming_the_notice_still_gives_its_plan_with_the_whole_text():
    text = notice("株洲市卫生健康委员会", "全市").replace("深入推广三明医改经验，", "")
    [plan] = plans_of(text)
    assert plan.region_name == "株洲市" and text[plan.start:plan.end].rstrip().endswith("次中心。")


def test_a_document_number_names_the_province_when_the_signature_is_missing():
    text = ("关于印发《2025年全省卫生健康工作要点》的通知\n湘卫发〔2025〕3号\n\n各市州卫生健康委：\n\n"
            "2025年全省卫生健康工作要点如下。全省要学习借鉴三明医改经验。全省县域内就诊率达到90%。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.rule) == ("湖南省", "frame/document_number")


def test_a_municipality_that_calls_itself_only_quanshi_is_found():
    text = ("天津市2023年卫生健康工作会议召开\n\n会议指出，全市要推广三明医改经验，和平区、河西区、南开区"
            "要建好紧密型城市医疗集团。全市新建社区医院20家。\n")
    assert summary(text.replace("天津市2023年卫生健康工作会议召开", "2023年全市卫生健康工作会议召开")
                   .replace("\n\n会议指出", "\n天津市卫生健康委员会\n\n会议指出")) == [("天津市", "province", 2023)]


PLACE_IN_NAME = {
    "another region's model": "全市要学习浙江“千万工程”经验，推广三明医改经验，",
    "a partner": "全市要做好对口支援新疆喀什工作，深化与北京、上海的合作，",
    "a newspaper": "据湖北日报报道，全市要",
    "a hospital": "全市要依托北京协和医院、四川大学华西医院建设专科联盟，",
}


def test_a_place_inside_a_name_does_not_take_the_plan():
    for case, words in PLACE_IN_NAME.items():
        text = (f"2026年全市卫生健康工作会议召开\n\n会议强调，{words}推进昆明市延安医院、"
                "昆明市第一人民医院改革，全市县域内就诊率达到90%。\n\n昆明市卫生健康委员会\n2026年1月20日\n")
        assert summary(text) == [("昆明市", "prefecture", 2026)], case


def test_a_place_inside_a_name_votes_when_nothing_else_names_a_region():
    [plan] = plans_of("全省卫生健康工作会议召开。2025年全省要深化三明医改经验推广。全省要推进医共体建设。\n")
    assert (plan.region_name, plan.rule) == ("福建省", REGION_INFERRED_FROM_NAMES)


NATIONAL_NOTICE = """国家卫生健康委办公厅关于印发2026年基层服务能力提升年活动实施方案的通知

国卫办基层函〔2026〕41号

各省、自治区、直辖市及新疆生产建设兵团卫生健康委：

　　现将实施方案印发给你们，请认真组织实施。各省级卫生健康行政部门要结合实际制定本省份具体实施方案。

国家卫生健康委办公厅
2026年3月12日

　　一、工作目标。到2026年底，全国90%以上的县级医院达到服务能力基本标准，全国新增社区医院500家。
　　二、重点任务。推进紧密型县域医共体建设，全国所有县实现全覆盖。
"""


def test_a_notice_issued_by_a_national_organ_is_the_nation_s_plan():
    """"国家" alone names no region: the organ's name does; the addressees (新疆生产建设兵团) and one 本省份 do not
    take the plan."""
    assert summary(NATIONAL_NOTICE) == [("全国", "nation", 2026)]


def test_a_national_document_number_names_the_nation():
    from kg.extract.frame import read_frame
    text = "关于做好基层工作的通知\n国卫办基层函〔2026〕41号\n正文。"
    clues = read_frame(text, load_gazetteer().find_mentions(text)).clues
    assert [(c.rule, c.code, c.year) for c in clues if c.rule == "frame/document_number"] == \
        [("frame/document_number", "000000", 2026)]


def test_an_account_s_date_stamp_dates_a_digest():
    text = ("点击蓝字 关注我们\n\n黄冈健康视界　2026-02-26 08:30　湖北\n\n这几个县市的年度安排出炉\n\n"
            "【红安县】建强基层\n\n　　红安县今年重点推进医共体建设，新建村卫生室20个。2025年全县就诊率达到89%。\n")
    assert summary(text) == [("红安县", "county", 2026)]


def test_a_news_subheading_of_an_earlier_year_is_review_up_to_the_next_year_s():
    text = ("绵阳市召开2026年全市卫生健康工作会议\n会议部署今年重点任务。\n2025年：多项指标创历史最好水平\n"
            "市卫生健康委主任何宇在工作报告中回顾，2025年全市县域内就诊率达到91.2%。\n"
            "全年新增三级医院2家，新增普惠托位1560个。\n2026年：八个方面发力\n全市新增普惠托位1200个。\n")
    [plan] = plans_of(text)
    reviewed = {text[s:text.index("。", s)] for s in plan.review}
    assert "全年新增三级医院2家，新增普惠托位1560个" in reviewed
    assert not any("1200个" in sentence for sentence in reviewed)


def test_a_region_s_official_speaking_at_a_provincial_meeting_opens_that_region_s_plan():
    text = ("全省卫生健康工作会议召开\n1月9日，2026年吉林省卫生健康工作会议在长春召开。会议要求，全省新建社区医院20家。\n"
            "会上，白山市、延边朝鲜族自治州作交流发言。\n"
            "白山市卫生健康委主任表示，2026年全市将新建县域医疗卫生次中心3个，家庭医生签约率达到80%。\n"
            "延边朝鲜族自治州卫健委负责同志在发言中表示：今年全州将推进朝医药传承，新增朝医馆12个。\n")
    assert summary(text) == [("吉林省", "province", 2026), ("白山市", "prefecture", 2026),
                             ("延边朝鲜族自治州", "prefecture", 2026)]


def test_an_official_of_the_plan_s_own_region_speaking_in_one_sentence_continues_its_plan():
    text = ("【通化县】2026年乡村医疗更近一步\n今年全县新建村卫生室12个。推进紧密型县域医共体建设。\n"
            "通化县卫生健康局负责人表示，今年还将开展巡回医疗，巡诊不少于3000人次。\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.end) == ("通化县", len(text))


def test_a_reply_s_section_on_work_done_is_review_up_to_its_next_steps():
    text = ("本溪市卫生健康委员会\n关于市人大代表建议的答复\n王代表：\n您的建议收悉。现答复如下：\n一、工作开展情况\n"
            "（一）基层网络不断健全。2025年，全市完成村卫生室标准化建设52个。\n"
            "二、下一步工作安排\n（一）2026年，全市新建村卫生室30个。\n本溪市卫生健康委员会\n2025年9月2日\n")
    [plan] = plans_of(text)
    assert text.index("2025年，全市完成") in plan.review
    assert text.index("（一）2026年，全市新建") not in plan.review


def test_a_document_dated_late_in_a_year_that_names_the_next_is_the_next_year_s_plan():
    done = "近年来，我委持续推进基层医疗卫生服务体系建设，村卫生室服务能力不断提升。" * 12
    body = ("本溪市卫生健康委员会\n关于推进基层卫生工作的答复\n现答复如下。\n一、工作开展情况\n" + done +
            "\n二、下一步工作安排\n{}全市新建村卫生室30个。\n本溪市卫生健康委员会\n2025年{}月2日\n")
    assert summary(body.format("2026年，", 9)) == [("本溪市", "prefecture", 2026)]
    assert summary(body.format("", 9)) == [("本溪市", "prefecture", 2025)]          # no next year named
    assert summary(body.format("2026年，", 3)) == [("本溪市", "prefecture", 2025)]   # dated early in its year


def test_a_report_dated_late_in_a_year_that_names_it_near_its_start_and_the_next_year_later_plans_the_next_year():
    text = ("宾川县人大常委会调研组关于全县卫生健康事业发展情况的调研报告\n2025年12月25日\n"
            "根据县人大常委会2025年工作要点安排，调研组深入乡镇开展调研。\n一、基本情况\n"
            "2025年成功巩固国家卫生县城，居民健康素养水平达到26.1%。\n" + "县域医疗服务能力稳步提升，基层网底不断夯实。\n" * 20 +
            "二、意见和建议\n2026年是“十五五”开局之年。调研组建议，全县新建村卫生室10个。\n")
    assert summary(text) == [("宾川县", "county", 2026)]


def test_a_post_s_bracketed_look_back_is_review_up_to_its_next_bracketed_heading():
    text = ("一图读懂｜2026年河东区卫生健康八件实事\n【回顾】2025年我们一起做到了\n▶ 新建社区卫生服务站4个\n"
            "▶ 居民健康素养水平达到36.1%\n【2026】八件实事\n▶ 新建社区医院2家\n▶ 居民健康素养水平达到38%\n")
    [plan] = plans_of(text)
    assert text.index("▶ 新建社区卫生服务站4个") in plan.review
    assert text.index("▶ 居民健康素养水平达到36.1%") in plan.review
    assert text.index("▶ 新建社区医院2家") not in plan.review


def test_a_report_on_a_year_s_work_is_no_plan_unless_it_names_the_next_year():
    report = ("通辽市卫生健康委员会2025年工作总结\n一、主要工作成效\n2025年，全市新建社区医院6家，家庭医生签约率达到78%。"
              "全市88家乡镇卫生院全部达到基本标准。\n")
    assert summary(report) == []
    looking_ahead = report + "二、2026年工作打算\n全市推进紧密型县域医共体建设，新建社区医院4家。\n"
    [plan] = plans_of(looking_ahead)
    assert (plan.region_name, plan.year) == ("通辽市", 2026)
    assert looking_ahead.index("2025年，全市新建") in plan.review


def test_an_anonymised_district_keeps_the_word_its_template_writes():
    text = "XX区卫生健康局2026年工作计划\n全区推进社区医院建设。区卫生健康局将新增家庭医生团队20个。\n"
    [plan] = plans_of(text)
    assert (plan.region_code, plan.region_name, plan.level) == (None, "xx区", "county")


def test_a_greeting_letter_s_paragraphs_on_this_year_past_are_review():
    text = ("致全市卫生健康工作者的新年寄语\n回望2025年，我们走过了不平凡的一年。\n"
            "这一年，全市新建村卫生所86个，家庭医生签约率达到78%。\n"
            "新的一年，我们要重点抓好以下几件事：家庭医生签约率达到80%以上。\n南平市卫生健康委员会\n2026年1月1日\n")
    [plan] = plans_of(text)
    assert text.index("这一年，全市新建") in plan.review
    assert text.index("新的一年") not in plan.review


def test_a_report_s_label_of_work_done_is_review():
    text = ("2026年省卫生健康委巡视整改进展情况的通报\n二、推进整改落实\n整改情况：整改村卫生室1376个，追回资金2.3亿元。\n"
            "三、建立长效机制\n2026年新建县域医疗卫生次中心40个。\n河北省卫生健康委员会\n")
    [plan] = plans_of(text)
    assert text.index("整改情况") in plan.review
    assert text.index("2026年新建") not in plan.review


def test_a_news_item_dated_in_a_year_that_names_that_year_is_its_plan_whatever_earlier_year_comes_first():
    text = ("省卫生健康委党组关于巡视整改进展情况的通报\n发布时间：2026-01-16\n"
            "2025年4月7日至6月6日，省委巡视组对省卫生健康委党组进行了巡视。\n河北省全面整改。2026年新建县域医疗卫生次中心40个。\n")
    assert summary(text) == [("河北省", "province", 2026)]


def test_a_speaker_s_words_run_to_the_end_of_the_paragraph_and_the_interrupted_plan_goes_on():
    text = ("1月9日，2026年吉林省卫生健康工作会议在长春召开。会议要求，全省新建社区医院20家。\n"
            "白山市卫生健康委主任表示，2026年全市将新建县域医疗卫生次中心3个。\n"
            "会议还要求，全省家庭医生签约率达到80%。\n")
    plans = plans_of(text)
    assert [(p.region_name, text[p.start:p.end][:6]) for p in plans] == [
        ("吉林省", "1月9日，2"), ("白山市", "白山市卫生健"), ("吉林省", "会议还要求，")]


def test_in_a_feature_each_county_s_official_opens_that_county_s_plan_mid_paragraph():
    text = ("三个县的医共体新年答卷\n2026年2月9日 来源：吉林日报\n"
            "近年来，我省推进紧密型县域医共体建设。\n"
            "作为县级市，敦化的思路是做强龙头。敦化市卫生健康局负责人告诉记者，今年县域内就诊率提高到91%以上。\n"
            "“我们最大的难题是最后一公里。”汪清县卫生健康局局长说。今年，汪清将组建流动医院5支。\n")
    assert [p.region_name for p in plans_of(text)] == ["敦化市", "汪清县"]


def test_a_province_s_table_of_targets_by_city_gives_each_city_its_plan_and_keeps_the_province_s():
    text = ("湖南省卫生健康委关于印发2026年县域医疗卫生服务能力提升方案的通知\n全省推进紧密型县域医共体建设。"
            "全省县域内就诊率达到90%。\n附件\n2026年各市州主要指标分解表\n\n市州  县域内就诊率（%）  基层诊疗量占比（%）\n"
            "长沙市  ≥88  ≥52\n岳阳市  ≥91  ≥60\n注：表中数值为年度目标值。\n")
    read = extract_document(document_from_bytes("notice.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [(t.mention.indicator, t.mention.value, t.mention.comparator) for t in p.targets])
            for p in read] == [("湖南省", [("全省县域内就诊率", 90, "=")]),
                               ("长沙市", [("县域内就诊率", 88, ">="), ("基层诊疗量占比", 52, ">=")]),
                               ("岳阳市", [("县域内就诊率", 91, ">="), ("基层诊疗量占比", 60, ">=")])]


def test_a_table_by_county_may_put_its_number_and_city_first_and_its_bound_in_the_column_s_name():
    text = ("河北省卫生健康委关于印发2026年重点县乡村医疗卫生服务能力提升方案的通知\n全省推进乡村医疗卫生体系建设。\n"
            "附件\n序号\t所属市\t县（市、区）\t2025年家庭医生签约率（%）（基数）\t新建村卫生室（个）\t家庭医生签约率（%）（不低于）\n"
            "1\t承德市\t承德县\t73.5\t14\t78\n2\t衡水市\t景县\t74.8\t12\t79\n")
    read = extract_document(document_from_bytes("notice.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [(t.mention.value, t.mention.unit, t.mention.comparator) for t in p.targets])
            for p in read] == [("河北省", []), ("承德县", [(14, "个", "="), (78, "%", ">=")]),
                               ("景县", [(12, "个", "="), (79, "%", ">=")])]


def test_a_table_of_indicators_by_county_gives_each_county_its_rows_the_blank_name_cells_continuing_it():
    text = ("衡阳市卫生健康委关于印发2026年卫生健康重点任务分解表的通知\n全市推进紧密型县域医共体建设。全市新建村卫生室100个。\n"
            "序号 县市区 指标名称 单位 2025年基数 2026年目标 完成时限\n"
            "1 衡阳县 每千人口医疗卫生机构床位数 张 6.2 6.6 2026年12月\n2  县域内就诊率 % 87.4 ≥90 2026年12月\n"
            "3 衡南县 县域内就诊率 % 86.8 ≥89 2026年12月\n四、有关要求\n各县市区要对照目标抓好落实，全市推进强基工程。\n")
    read = extract_document(document_from_bytes("table.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [t.mention.value for t in p.targets]) for p in read] == [
        ("衡阳市", [100]), ("衡阳县", [6.6, 90]), ("衡南县", [89]), ("衡阳市", [])]


def test_a_document_in_another_language_gives_no_plan_and_says_why_while_markup_in_chinese_does_not_count():
    english = ("Lishui (丽水市) released its 2026 health work plan today. The city will raise the in-county treatment "
               "rate above 90% and add 1,200 childcare places, officials said at a press conference.\n")
    read = read_document(document_from_bytes("release.txt", english.encode()))
    assert read.plans == [] and read.no_plan.startswith("not a plan: the text is not Chinese")
    chinese = "1月17日,2025年安徽省卫生健康工作会议召开<span class=\"date\">1.17</span>。会议要求,全省新建社区医院20家。\n"
    assert summary(chinese) == [("安徽省", "province", 2025)]


def test_a_digest_paragraph_that_opens_with_its_region_and_a_date_heads_that_region_s_item():
    text = ("市州动态\n发布日期：2026-02-27\n"
            "　　株洲市2月12日召开全市卫生健康工作会议，部署今年任务。全市新建社区医院4家。\n"
            "　　娄底市2月14日，市卫生健康委召开重点工作推进会，提出今年新增普惠托位800个。\n")
    assert [p.region_name for p in plans_of(text)] == ["株洲市", "娄底市"]


def test_a_district_head_who_spoke_in_the_exchange_opens_the_district_s_plan():
    text = ("2月5日，2026年重庆市卫生健康工作会议召开。会议要求，全市新建社区医院20家。\n"
            "在交流发言中，黔江区政府主要负责同志介绍了区域医疗中心建设情况。他说，今年全区新增床位500张。\n"
            "巫溪县政府主要负责同志结合深山县实际作了发言。他表示，全县组建巡回医疗队30支。\n")
    assert [p.region_name for p in plans_of(text)] == ["重庆市", "黔江区", "巫溪县"]


def test_a_notice_that_plans_the_health_system_s_own_safety_work_is_no_plan_of_health_work():
    text = ("宿迁市卫生健康委员会文件\n宿卫发〔2026〕3号\n市卫生健康委关于印发《2026年全市卫生健康系统消防安全工作方案》的通知\n"
            "委直属各单位：\n现将方案印发给你们。各医院消防设施完好率达到100%，全年开展消防演练不少于4次。\n宿迁市卫生健康委员会\n")
    read = read_document(document_from_bytes("notice.txt", text.encode()))
    assert read.plans == [] and read.no_plan.startswith("not a plan of health work")


def test_a_transcript_turn_of_a_prefecture_official_speaks_in_the_paragraph_after_it():
    text = ("云南省人民政府新闻办公室\n2026年全省传染病防控工作新闻发布会实录\n发布时间：2026年3月18日\n"
            "全省甲乙类传染病报告发病率控制在250/10万以下。全省推进智慧化监测预警体系建设。\n"
            "记者：请问红河州今年有哪些安排？\n红河州卫生健康委副主任：\n今年全州将建成边境传染病监测哨点医院1家。\n"
            "主持人：谢谢。全省还将新建发热门诊20个。\n")
    assert [p.region_name for p in plans_of(text)] == ["云南省", "红河哈尼族彝族自治州", "云南省"]


def test_a_speaker_s_numbered_points_on_the_lines_after_go_on_with_the_speech():
    text = ("津南—张家川东西部协作卫生健康工作联席会议召开\n来源：津南区融媒体中心\n"
            "会上，津南区卫生健康委主要负责同志作表态发言。他表示，2026年津南区将全力帮扶。\n"
            "一是人才帮扶不断档，全年选派医疗专家不少于30名。\n二是资金支持不缩水，安排项目资金1200万元。\n"
            "张家川县卫生健康局负责同志表示，全县将做好承接，新建重点专科5个。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["津南区", "张家川回族自治县"]
    assert "二是资金支持" in text[plans[0].start:plans[0].end]


def test_a_sentence_whose_subject_is_a_named_county_that_commits_is_that_county_s_plan():
    text = ("宜昌日报讯 2026年全市卫生健康工作会议召开。全市新建社区医院10家。\n"
            "各县市区都亮出了任务书。比如，枝江市今年要新增床位300张；当阳市将建成血透中心1个。全市还将新增托位2000个。\n")
    assert [(p.region_name, text[p.start:p.end]) for p in plans_of(text)][1:] == [
        ("枝江市", "比如，枝江市今年要新增床位300张；"), ("当阳市", "当阳市将建成血透中心1个。"),
        ("宜昌市", "全市还将新增托位2000个。\n")]


def test_a_digest_s_one_sentence_item_on_an_event_past_is_no_plan():
    text = ("黑龙江日报　2026年2月10日\n【健康快讯】\n【望奎县】县卫生健康局印发方案，今年将投入资金860万元更新乡镇卫生院设备。\n"
            "【逊克县】1月下旬，逊克县人民医院组织专家走进车陆乡开展义诊，服务群众300余人次。\n"
            "【数说健康】\n据省卫生健康委消息，2025年全省县域内就诊率达到88.6%。\n")
    assert [p.region_name for p in plans_of(text)] == ["望奎县"]


def test_a_nation_s_press_conference_keeps_its_plan_and_a_province_that_reports_work_done_gets_none():
    text = ("国家卫生健康委员会　新闻发布\n发布时间：2026-03-26\n"
            "国家卫生健康委举行新闻发布会。四川省卫生健康委有关负责同志出席发布会，回答记者提问。\n"
            "到2026年底，全国85%以上的二级以上综合医院提供儿科服务。\n"
            "四川省卫生健康委负责同志介绍，四川省依托华西第二医院组建了省级儿科专科联盟，覆盖山区县医院62家。\n"
            "该负责同志表示，全国还将新增精神科床位1万张。\n")
    assert [p.region_name for p in plans_of(text)] == ["全国"]


def test_a_tv_script_s_speaker_line_and_a_region_that_speaks_as_itself_open_their_plans():
    text = ("贵州新闻联播　2026年2月3日\n【解说词】1月20日，2026年贵州省卫生健康工作会议召开。全省新增普惠托位1.5万个。\n"
            "【同期声】安顺市人民政府市长　钟立平\n今年，我们要新建县域医疗次中心4个。\n"
            "【解说词】全省还将推进县聘乡用。\n晋中市提出，今年将新建社区医院3家。\n")
    assert [p.region_name for p in plans_of(text)] == ["贵州省", "安顺市", "贵州省", "晋中市"]


def test_an_enumeration_of_cities_figures_in_a_province_s_news_gives_each_city_its_sentence():
    text = ("2026年河南省卫生健康工作会议召开。全省新建县域医疗卫生次中心50个。\n"
            "会上印发各省辖市重点指标。其中，平顶山市县域内就诊率达到91%；濮阳市每千人口床位数达到7.2张。全省还将新增托位2万个。\n")
    assert [p.region_name for p in plans_of(text)] == ["河南省", "平顶山市", "濮阳市", "河南省"]


def test_an_enumeration_may_open_with_what_its_figures_are_drawn_from_and_a_list_of_regions_gives_none():
    text = ("2026年3月2日，赣州市医疗卫生强基工程推进会召开。全市新建村卫生室40个。\n"
            "会上，三个县签订目标责任书。根据责任书，瑞金市年内完成8个村卫生室改造；于都县作为人口大县，将新建次中心2个；"
            "兴国县完成3所卫生院提标改造。会昌县、寻乌县的责任书将另行签订。全市还将推进医共体建设。\n")
    assert [p.region_name for p in plans_of(text)] == ["赣州市", "瑞金市", "于都县", "兴国县", "赣州市"]


def test_a_city_s_meeting_on_one_programme_heads_its_plan_and_a_title_s_year_may_be_written_2026年度():
    meeting = "2026年2月26日，铁岭市医疗卫生强基工程推进会召开。会议要求新建村卫生室30个。\n全市推进医共体建设。\n"
    [plan] = plans_of(meeting)
    assert (plan.region_name, plan.year, plan.rule) == ("铁岭市", 2026, "plans/meeting_header")
    text = "宁夏回族自治区卫生健康委员会2026年度部门整体支出绩效目标表\n全区推进医疗卫生强基工程。县域内就诊率达到90%。\n"
    assert summary(text) == [("宁夏回族自治区", "province", 2026)]


def test_a_turn_whose_label_withholds_the_name_runs_over_its_paragraphs_to_the_next_turn():
    text = ("甘肃省政府新闻办举行新闻发布会\n发布时间：2026-01-22\n"
            "发布人（省卫生健康委副主任 ×××）：\n2026年，全省县域内就诊率达到90%以上。\n"
            "发布人（张掖市人民政府副市长 ×××）：\n谢谢主持人。张掖辖6个县区。\n"
            "2026年，张掖市将新建乡镇卫生院中医馆8个，力争2027年通过三甲评审。\n"
            "主持人：\n下面请记者提问。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.year) for p in plans] == [("甘肃省", 2026), ("张掖市", 2026), ("甘肃省", 2026)]
    assert "中医馆8个" in text[plans[1].start:plans[1].end]


def test_a_year_opening_a_sentence_of_a_document_dated_early_that_year_is_the_plan_s_year():
    text = ("新闻发布会实录\n发布时间：2026-01-22\n"
            "发布人（酒泉市卫生健康委员会主任 ×××）：\n2026年，我们把院前急救网络建设作为“一号工程”，新建急救站点12个。\n我们还将新增救护车15辆。\n")
    assert [(p.region_name, p.year) for p in plans_of(text)] == [("酒泉市", 2026)]


def test_a_section_reviewing_last_year_runs_to_its_next_heading_though_a_sentence_says_今年():
    text = ("陕西省卫生健康委员会主任2025年度述职报告\n一、2025年主要工作回顾\n今年是“十四五”规划收官之年。\n"
            "（一）健康水平稳步提升。全省婴儿死亡率降至3.9‰。\n二、履行“一岗双责”和廉洁自律情况\n全年参加学习12次。\n"
            "三、2026年工作思路\n全省婴儿死亡率控制在3.8‰以下。\n")
    assert _targets(text) == [3.8]


def test_a_byline_s_date_dates_the_news_and_what_was_done_since_the_aid_began_is_review():
    text = ("沪疆同心护健康　莎车县人民医院迈向“三甲”再提速\n\n上海援疆前方指挥部　2026-03-18　来源：喀什日报\n"
            "自对口支援以来，援疆医疗团队帮助莎车县人民医院新建重点专科12个。仅2025年，援疆专家就完成手术1800余台。\n"
            "今年莎车县将新建胸痛中心1个，全县孕产妇死亡率控制在18/10万以下。\n")
    assert [(p.region_name, p.year) for p in plans_of(text)] == [("莎车县", 2026)]
    assert _targets(text) == [1, 18]


def test_a_district_s_plan_that_names_the_nation_only_in_its_honours_is_the_district_s():
    text = ("徐汇区健康促进规划（2026—2030年）\n发布日期：2026-04-08\n"
            "本区成功创建全国健康促进区，争创健康促进工作全国示范区。\n"
            "到2026年底，居民健康素养水平达到47%以上，新建健康步道5条。\n")
    assert summary(text) == [("徐汇区", "county", 2026)]


def test_a_wechat_account_s_line_names_its_owner_and_a_headline_is_no_broken_line():
    text = ("健康房山 | 区卫健委召开党组会议 研究部署重点工作\n\n健康房山　北京市房山区卫生健康委员会官方公众号\n\n"
            "近日，区卫健委党组召开会议。会议要求，2026年全区新建改造村卫生室15个，配置巡诊车6辆。\n\n2026年2月24日\n")
    assert summary(text) == [("房山区", "county", 2026)]


def test_a_community_health_centre_s_own_work_plan_is_no_region_s_plan():
    text = ("嘉定区江桥镇社区卫生服务中心2026年工作计划\n"
            "2026年，中心常住居民家庭医生签约率达到42%以上，开展社区健康讲座不少于48场。\n中心将新增诊室6间。\n")
    assert summary(text) == []


def test_a_group_s_meeting_is_no_member_s_plan_and_each_speaker_keeps_the_rest_of_its_paragraph():
    text = ("京津冀卫生健康协同发展联席会议在廊坊举行 三地晒出2026年“任务单”\n\n来源：河北日报　2026-02-27 08:15\n\n"
            "会议回顾，十年来三地累计开展合作项目400余个。\n\n"
            "北京市卫生健康委负责同志介绍，2026年北京将新增京冀合作重点专科10个。同时，北京市将在全市推进区域医疗中心建设。"
            "北京还提出，今年将新增老年友善医疗机构50家。\n\n"
            "河北省卫生健康委负责同志介绍，2026年河北将新增合作医疗项目30个以上。河北明确，到2027年，全省二级以上公立医疗机构全部纳入互认范围。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.year) for p in plans] == [("北京市", 2026), ("河北省", 2026)]
    assert "50家" in text[plans[0].start:plans[0].end]


def test_a_section_on_the_first_half_s_progress_is_review_in_a_summary_written_in_july():
    text = ("廊坊市卫生健康委员会\n2026年上半年工作总结和下半年工作打算\n\n一、上半年工作进展\n\n"
            "（一）新建改扩建村卫生室126个，完成全年任务的63%。\n（二）适龄儿童免疫规划疫苗接种率达到97.6%。\n\n"
            "二、下半年工作打算\n\n确保完成全年新建改扩建村卫生室200个的任务。\n\n廊坊市卫生健康委员会\n2026年7月10日\n")
    assert _targets(text) == [200]


def test_a_digest_s_heading_may_name_the_province_before_its_city_and_the_city_s_sentence_under_it_opens_its_section():
    text = ("【各地动态】四市晒出2026年卫生健康“任务书”\n\n本刊综合　2026年2月下旬\n\n"
            "▲宁夏固原：做实医共体 让山区群众少跑路\n\n"
            "固原市2026年卫生健康工作以医共体为抓手，县域内就诊率达到90%以上。全市将新增中医馆12个。\n\n"
            "▲青海海东：高原地区强基层 人才是关键\n\n"
            "海东市2026年将引进医学专业人才100名。海东市还将推进东西部协作。全市村卫生室远程诊疗覆盖率达到90%以上。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["固原市", "海东市"]
    assert "远程诊疗覆盖率" in text[plans[1].start:plans[1].end]


def test_a_plan_s_section_on_the_state_it_starts_from_and_a_post_s_bracketed_last_year_are_review():
    text = ("察布查尔锡伯自治县乡村医生队伍建设行动方案（2026—2027年）\n\n一、现状\n\n"
            "全县现有行政村94个，设置村卫生室94所，在岗乡村医生211名。\n\n二、目标任务\n\n到2026年底，村卫生室标准化达标率达到95%。\n")
    assert _targets(text) == [95]
    post = ("一图读懂丨《齐齐哈尔市2026年卫生健康工作要点》\n\n【图二 2025年我们做到了】\n5. 全市人均预期寿命达到78.2岁\n"
            "6. 基层医疗卫生机构诊疗量占比达到58.6%\n\n【图三 2026年主要指标】\n7. 县域内就诊率：≥90%\n")
    assert _targets(post) == [90]


def test_a_press_conference_s_roster_gives_each_speaker_labelled_by_name_the_region_of_its_line():
    text = ("国家卫生健康委员会2026年1月22日新闻发布会文字实录\n时间：2026年1月22日\n发布人：\n"
            "　　国家卫生健康委基层卫生健康司副司长　周　杰\n　　山东省卫生健康委员会副主任　孙明远\n"
            "　　福建省卫生健康委员会副主任　林素华\n主持人：\n下面请周杰副司长介绍。\n"
            "周杰：\n2026年，紧密型县域医共体在全国90%以上的县（市）基本建成。\n"
            "孙明远：\n2026年，山东将新建县域医疗次中心60个。\n我们还将新增普惠托位3万个。\n"
            "林素华：\n福建将把县域内就诊率稳定在90%以上。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.year) for p in plans] == [("全国", 2026), ("山东省", 2026), ("福建省", 2026)]
    assert "托位3万个" in text[plans[1].start:plans[1].end]


def test_a_county_head_named_by_title_and_name_who_tells_reporters_opens_the_county_s_paragraph():
    text = ("海口两会｜代表委员共话健康海口\n\n2026年，海口市将新建社区卫生服务中心5个。\n\n"
            "在同一天的审议中，省人大代表、陵水黎族自治县县长黎明辉也向记者介绍了陵水的打算。2026年，陵水将完成12家村卫生室标准化提升改造。\n\n"
            "海口市还将新增托位1000个。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["海口市", "陵水黎族自治县", "海口市"]
    assert "12家" in text[plans[1].start:plans[1].end]


def test_the_report_before_the_titled_county_s_head_speaks_is_the_county_s_plan_too():
    text = ("“小病不出村”的答卷\n——广元市苍溪县医共体改革见闻\n发布时间：2026-02-24\n\n今年，全县将再建成3个县域医疗卫生次中心。\n\n"
            "“改革没有完成时。”苍溪县县长杨晓峰在接受采访时说，2026年，苍溪将深化紧密型县域医共体建设。\n")
    plans = plans_of(text)
    assert [(p.region_name, p.start) for p in plans] == [("苍溪县", 0)]


def test_a_city_notice_s_table_by_county_headed_县_市_gives_each_county_its_row_and_the_number_dates_the_plan():
    text = ("朝阳市医疗保障局　朝阳市卫生健康委员会\n关于深化紧密型县域医共体医保支付方式改革的通知\n\n朝医保发〔2026〕6号\n\n"
            "一、总体目标\n2026年，全市DRG/DIP付费病种覆盖率达到90%以上；到2027年，县域内住院率稳定在85%以上。\n\n附件\n"
            "县（市）｜2025年县域内住院率（%）｜2026年县域内住院率目标（%）\n朝阳县｜81.2｜84\n建平县｜84.5｜86\n")
    assert summary(text) == [("朝阳市", "prefecture", 2026), ("朝阳县", "county", 2026), ("建平县", "county", 2026)]


def test_a_feature_s_heading_may_call_a_county_named_in_full_elsewhere_by_its_short_name():
    text = ("山海相连 闽赣同心\n——长汀县、瑞金市医疗卫生协作见闻\n发布时间：2026-03-02\n\n"
            "长汀：从“水土保持”到“健康守护”\n长汀曾是水土流失严重的县份。今年全县将新建标准化村卫生室18个。\n\n"
            "瑞金：“红色故都”的健康新答卷\n瑞金今年将建成县域医疗次中心3个。全市新增床位260张。\n")
    assert [p.region_name for p in plans_of(text)] == ["长汀县", "瑞金市"]


def test_a_digest_s_numbered_items_that_open_with_a_county_and_a_colon_are_the_counties_plans():
    text = ("大理州卫生健康要闻简报\n大理白族自治州卫生健康委员会办公室编　2026年2月26日\n\n"
            "1.祥云县：以医共体为抓手推动县域医疗服务能力整体提升。2月13日，祥云县召开会议，今年县域内就诊率达到92%以上。\n\n"
            "2.鹤庆县：守牢公共卫生安全底线。鹤庆县卫生健康局明确，今年新增急救站点2个。\n")
    assert [p.region_name for p in plans_of(text)][-2:] == ["祥云县", "鹤庆县"]


def test_the_officials_a_news_item_says_attend_are_a_roster_and_a_bracketed_question_asks_to_the_next_turn():
    text = ("襄阳市举行“儿科和精神卫生服务年”行动新闻发布会\n发布时间：2026-03-26\n\n"
            "3月26日上午，市政府新闻办召开新闻发布会。市卫生健康委主任刘建军，樊城区人民政府副区长张敏出席发布会并回答记者提问。\n\n"
            "【刘建军】\n今年，全市二级以上综合医院全部开设儿科门诊。\n\n"
            "【记者】\n据了解，全国儿科医生缺口约有20万名，樊城区有何安排？\n\n"
            "【张敏】\n今年，区里将新增儿科门诊诊位40个。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["襄阳市", "樊城区"]
    assert "诊位40个" in text[plans[1].start:plans[1].end]
    assert 200000 not in _targets(text)


def test_a_city_that_speaks_as_itself_with_介绍_opens_its_paragraph():
    text = ("【新闻通稿】\n广西部署2026年疾病预防控制重点工作\n\n自治区卫生健康委要求，2026年全区免疫规划疫苗接种率保持在95%以上。\n\n"
            "柳州市介绍，今年全市将推动市疾控中心实验室投入使用，食品安全风险监测样品不少于3000份。\n\n会议还通报了考核结果。\n")
    assert [p.region_name for p in plans_of(text)] == ["广西壮族自治区", "柳州市", "广西壮族自治区"]


def test_a_joint_notice_s_numbers_abbreviate_its_counties_and_a_province_named_as_a_yardstick_is_not_its_level():
    text = ("涡卫发〔2026〕6号　蒙卫发〔2026〕5号\n\n涡阳县卫生健康委员会　蒙城县卫生健康委员会\n"
            "关于印发《涡蒙两县卫生健康跨区域协作2026年工作方案》的通知\n\n两县各医疗卫生单位：\n"
            "两县是全省人口最密集的县域，县域内就诊率低于全省平均水平。2026年，两县互认检查检验项目达到100项。\n"
            "两县将组建跨县专科联盟4个。\n")
    assert summary(text) == [("涡阳县", "county", 2026)]


def test_a_member_s_proposal_is_no_plan_and_a_budget_draft_plans_its_year():
    proposal = ("政协忻州市第五届委员会第五次会议\n提　案\n第0137号\n案　　由：关于加强我市精神卫生服务体系建设的提案\n\n"
                "建议到2026年底，全市每10万人口精神科执业（助理）医师数达到3.8名，新增精神科床位560张。\n")
    assert summary(proposal) == []
    budget = ("关于灵璧县2025年预算执行情况和2026年预算草案的报告（摘要）\n\n各位代表：\n"
              "一、2025年预算执行情况\n全县卫生健康支出61200万元。\n二、2026年预算草案\n"
              "2026年，全县将新建和改造提升村卫生室30个，县人民医院新增床位150张。\n")
    assert summary(budget) == [("灵璧县", "county", 2026)]


def test_a_forwarding_notice_quotes_the_province_s_plan_and_its_list_after_the_colon_is_the_province_s():
    text = ("连云港市卫生健康委员会关于转发《江苏省2026年医疗卫生强基工程实施方案》的通知\n\n连卫基层〔2026〕3号\n\n"
            "省方案明确，2026年全省要实现以下主要目标：县域内就诊率达到90%以上；新建社区医院100家；每万常住人口全科医生数达到4.5人。"
            "各地要逐项梳理本地区短板弱项。\n"
            "二、我市补充目标\n2026年，全市县域内就诊率达到91%，每万常住人口全科医生数达到4.2人。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["连云港市", "江苏省", "连云港市"]
    assert "新建社区医院100家" in text[plans[1].start:plans[1].end]
    assert "各地要逐项梳理" not in text[plans[1].start:plans[1].end]


def test_a_july_progress_table_gives_the_year_s_targets_stated_in_words_and_not_the_progress():
    text = ("阳江市2026年十件卫生健康民生实事上半年进展情况\n发布日期：2026-07-16\n\n二、进展情况一览表\n"
            "序号｜实事项目｜年度目标｜完成进度（截至6月30日）｜责任单位\n"
            "1｜新增急救站点｜新增院前急救站点8个，农村地区急救平均反应时间缩短至25分钟以内｜已建成投用5个｜市卫生健康局\n"
            "2｜升级改造村卫生站｜完成规范化村卫生站升级改造120间｜已完成87间，完成率72.5%｜市卫生健康局\n")
    assert _targets(text) == [8, 25, 120]


def test_a_county_s_meeting_that_reports_what_the_city_asks_gives_the_city_that_statement():
    text = ("竹溪县召开2026年全县卫生健康工作会议\n\n2月28日，竹溪县召开2026年全县卫生健康工作会议。2026年，全县县域内就诊率达到88%以上。\n"
            "袁志强在报告中介绍，市里要求，2026年全市县域内就诊率达到90%以上。\n全县将新增床位120张。\n")
    plans = plans_of(text)
    assert [p.region_name for p in plans] == ["竹溪县", "十堰市", "竹溪县"]


def test_a_province_s_sentence_on_last_year_s_work_in_a_national_release_is_no_plan_of_its_own():
    text = ("国家卫生健康委举行新闻发布会介绍“体重管理年”活动进展和2026年重点安排\n发布时间：2026-03-10\n\n"
            "2026年，全国将推动二级以上综合医院体重管理门诊设置率达到90%以上。\n\n在地方实践方面，发布会通报了部分省份的进展。\n\n"
            "四川省将体重管理纳入健康四川行动，2025年全省二级以上综合医院体重管理门诊设置率达到82%。\n")
    assert summary(text) == [("全国", "nation", 2026)]


def test_a_year_end_report_plans_明年_and_reviews_今年():
    text = ("潍坊卫健：健康潍坊建设迈出坚实步伐\n来源：潍坊日报　　发布时间：2025-12-29 08:15\n\n"
            "今年的成绩单：基层能力增强\n今年，全市新建紧密型城市医疗集团4个。\n此外，全市检查检验结果互认项目扩大到186项。\n\n"
            "明年的路线图：惠民举措蓄势待发\n明年，全市将新建社区医院10家，家庭医生签约服务覆盖率达到50%以上。\n")
    assert summary(text) == [("潍坊市", "prefecture", 2026)]
    assert _targets(text) == [10, 50]


def test_a_county_cdc_s_plan_is_the_county_s_and_a_hospital_s_own_plan_no_region_s():
    body = "\n各乡镇卫生院：\n为巩固我县防治成果，制定本方案。\n2026年，全县艾滋病检测人数达到18万人次以上，新报告感染者随访率达到95%以上。\n"
    assert summary("昭觉县疾病预防控制中心2026年艾滋病防治工作方案" + body) == [("昭觉县", "county", 2026)]
    assert summary("昭觉县人民医院2026年工作方案" + body) == []


def test_a_survey_s_paragraphs_open_with_their_region_however_the_paragraph_begins():
    text = ("多地部署2026年卫生健康重点工作\n2026-01-27\n\n"
            "在黑龙江，全省卫生健康工作会议提出，2026年将重点实施“龙江名医”培养工程。黑龙江省卫生健康委副主任孙秀梅说，"
            "今年全省将引进高层次医学人才300名。\n\n"
            "内蒙古自治区则把提升牧区医疗卫生服务能力作为今年工作的突出重点，年内建成巡诊队伍120支。\n\n"
            "与此同时，云南省正加快推进“健康云南”行动，力争新增三级医院10家。\n")
    assert summary(text) == [("黑龙江省", "province", 2026), ("内蒙古自治区", "province", 2026), ("云南省", "province", 2026)]
    assert _targets(text) == [300, 120, 10]


def test_a_town_s_head_speaks_for_the_town_and_its_office_s_负责同志_in_the_county_s_plan():
    text = ("富平县卫生健康局局长走进直播间\n发布时间：2026-04-16\n\n"
            "嘉宾（县卫生健康局局长）杜建军：今年全县将新建村卫生室20个。\n"
            "嘉宾（庄里镇副镇长）贺敏：今年镇上将新增床位40张，体检率达到75%以上。\n\n"
            "城东街道负责同志表示，将全力配合做好社区卫生服务中心改扩建工程，新增床位60张。\n")
    assert [p.region_name for p in plans_of(text)] == ["富平县", "庄里镇", "富平县"]


def test_a_post_s_heading_set_between_symbols_on_last_year_is_review_up_to_the_next_such_heading():
    post = ("重磅｜2026年我州乡村医生工作这样干\n黔东南州卫生健康委\n\n◆◆◆ 回顾2025 ◆◆◆\n\n"
            "2025年，全州取得了一系列新成效：\n✅全州共设置村卫生室2316个；\n✅村卫生室医保结算覆盖率达到96%；\n\n"
            "◆◆◆ 2026年怎么干？◆◆◆\n\n📌招聘大学生乡村医生150名。\n")
    assert _targets(post) == [150]


def test_a_speaker_named_alone_who_opens_on_last_year_reviews_it():
    text = ("甘肃省医疗保障局召开新闻发布会 介绍2026年重点工作\n发布时间：2026-03-05\n\n"
            "马文涛介绍，2025年，全省付费改革实现全覆盖。全年中选药品平均降价56%，累计节约医药费用超过30亿元。\n\n"
            "2026年，全省将推动按病种付费医保基金支出占比达到75%以上。\n")
    assert _targets(text) == [75]


def test_a_town_s_head_speaks_for_the_town_after_a_quote_and_a_quote_on_this_year_ends_a_review():
    text = ("灵丘县：乡镇卫生院“变身”记\n发布时间：2026-03-05\n\n全县将推进紧密型县域医共体建设。\n"
            "“今年镇里要办好四件实事。”东河南镇党委副书记、镇长刘海军告诉记者，镇卫生院计划新增住院床位10张。\n"
            "刘海军介绍，2025年，镇卫生院门诊量达到2.1万人次。“今年门诊量我们力争突破2.5万人次。”\n")
    assert [p.region_name for p in plans_of(text)][:2] == ["灵丘县", "东河南镇"]
    assert _targets(text) == [10, 25000]


def test_a_feature_s_county_heading_may_be_marked_by_any_symbol():
    text = ("县域医共体建设见闻\n来源：贵州日报 2026年4月16日\n\n"
            "▍湄潭县：“一张网”连起县乡村\n今年，湄潭县县域内就诊率将达到92%以上。全县基层就诊率达到65%。\n\n"
            "📌余庆县：医保打包激活“一池春水”\n今年，余庆县将新建村级“健康小屋”40个，推动10个乡镇卫生院达到国家推荐标准。\n")
    assert [p.region_name for p in plans_of(text)] == ["湄潭县", "余庆县"]


def test_a_table_of_provinces_whose_cells_write_their_units_gives_each_province_its_row():
    text = ("四省份晒出2026年卫生健康“目标单”\n来源：健康时报　2026年02月12日\n\n下表为四省份2026年部分目标对比：\n\n"
            "省份 | 县域内就诊率 | 每千人口执业（助理）医师数 | 紧密型县域医共体\n"
            "山东省 | 92%以上 | 3.85人 | 136个县（市、区）全覆盖\n河南省 | 90%以上 | 3.30人 | 104个县（市）全覆盖\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [t.mention.value for t in p.targets]) for p in facts] == [("山东省", [92, 3.85]),
                                                                                         ("河南省", [90, 3.3])]


def test_an_october_progress_table_gives_the_year_s_targets_of_rows_a_semicolon_splits_and_their_projects():
    text = ("绵阳市2026年十件民生实事三季度推进情况通报\n发布日期：2026年10月20日\n\n二、各项实事完成情况\n"
            "序号\t民生实事\t年度目标\t截至9月底完成情况\t进度评价\t牵头单位\n"
            "1\t基层医疗卫生服务能力提升\t新建或改扩建乡镇卫生院15个\t已完工9个\t序时推进\t市卫生健康委\n"
            "2\t“一老一小”健康服务提升工程\t新增普惠托位1500个；新增托育机构20个\t新增普惠托位1126个\t序时推进\t市发展改革委\n"
            "3\t急救网络建设\t新建院前急救站点12个\t建成急救站点5个\t进度滞后\t市卫生健康委\n")
    [plan] = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [t.mention.value for t in plan.targets] == [15, 1500, 20, 12]
    assert "一老一小健康服务提升工程" in {i.mention.name for i in plan.initiatives}
    assert not any("发展改革" in i.mention.name for i in plan.initiatives)


def test_a_progress_report_s_sections_on_work_under_way_are_review_but_the_year_s_targets_they_state_are_not():
    text = ("宜昌市卫生健康委员会2026年上半年工作总结和下半年工作计划\n发布时间：2026-07-15\n\n一、上半年工作进展\n"
            "(二)重点工作推进情况\n1.医改持续深化。中心城区组建的2个紧密型城市医疗集团运行平稳。\n"
            "(三)出生缺陷综合防治。年度目标：产前筛查率达到95%以上；新生儿听力筛查率稳定在98%以上。进展：产前筛查率93.1%。\n"
            "二、下半年工作计划\n下半年新增普惠托位680个。\n")
    assert _targets(text) == [95, 98, 680]


def test_a_table_of_later_targets_in_a_review_section_gives_its_targets():
    text = ("广西卫生健康发展“十四五”规划实施情况中期评估报告\n广西壮族自治区卫生健康委员会\n\n二、主要指标进展情况\n"
            "序号　指标名称　单位　2020年基期值　2022年实际值　2025年目标值　指标属性\n"
            "1　人均预期寿命　岁　78.06　78.3　78.6　预期性\n2　孕产妇死亡率　/10万　10.4　9.8　≤12　预期性\n"
            "三、重点任务推进情况\n全区有31家县级医院达到三级医院医疗服务能力。\n")
    assert _targets(text) == [78.6, 12]


def test_after_a_table_by_county_the_prefecture_s_plan_goes_on():
    text = ("恩施州2026年紧密型县域医共体建设工作方案\n恩施土家族苗族自治州卫生健康委员会\n\n全州县域内就诊率达到90%以上。\n"
            "县（市）\t县域内就诊率\t基层诊疗量占比\n恩施市\t≥92%\t≥60%\n鹤峰县\t≥88%\t≥65%\n全州\t≥90%\t≥62%\n\n"
            "年内新建中心乡镇卫生院6个。\n")
    assert [p.region_name for p in plans_of(text)] == ["恩施土家族苗族自治州", "恩施市", "鹤峰县", "恩施土家族苗族自治州"]


def test_a_post_s_card_on_last_year_between_lines_of_symbols_is_review():
    post = ("一图读懂丨2026年柳州市卫生健康工作要点来了！\n柳州市卫生健康委员会　2026年02月11日\n\n━━━━━━━━━━━━━━\n"
            "【图1】📊 回眸2025 · 成绩单\n━━━━━━━━━━━━━━\n✅ 婴儿死亡率　2.1‰\n✅ 新增三级医院　2家（全市累计17家）\n\n"
            "━━━━━━━━━━━━━━\n【图2】🎯 2026 · 总体目标\n━━━━━━━━━━━━━━\n👉 婴儿死亡率控制在3‰以下\n")
    assert _targets(post) == [3]


def test_a_message_board_s_reply_is_dated_by_its_message_time():
    text = ("领导留言板 > 河南 > 周口市 > 郸城县\n留言详情\n【建言】郸城县人民医院看病排队太难了\n留言时间：2026-04-27 21:46\n\n"
            "问：\n新院区啥时候能用上？\n\n回复内容：\n县人民医院新院区将于年底前投入使用，开放床位800张。\n\n郸城县卫生健康委员会\n")
    assert summary(text) == [("郸城县", "county", 2026)]


def test_markdown_tables_keep_their_rows_under_the_rule_below_the_header():
    text = ("国家卫生健康委办公厅关于做好2026年为民服务实事的通知\n各省、自治区、直辖市卫生健康委：\n"
            "2026年，全国将新增普惠性托位66万个，推进县域医疗次中心建设。\n\n| 省份 | 县域医疗次中心（个） | 新增普惠性托位（个） |\n|---|---|---|\n"
            "| 北京市 | — | 7800 |\n| 河北省 | 32 | 26300 |\n\n| 指标 | 基线值 | 2026年目标 |\n|:---|:---:|:---:|\n"
            "| 居民健康素养水平（%） | 31.2 | ≥35 |\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, sorted(t.mention.value for t in p.targets)) for p in facts] == [
        ("全国", [660000]), ("北京市", [7800]), ("河北省", [32, 26300]), ("全国", [35])]


def test_a_city_meeting_relaying_the_nation_s_and_the_province_s_meetings_gives_each_its_statement():
    text = ("绵阳市召开2026年全市卫生健康工作会议\n发布时间：2026-02-12\n\n2月11日，2026年全市卫生健康工作会议召开。\n"
            "会议首先传达了全国卫生健康工作会议精神。全国会议明确，2026年要推动儿科和精神卫生服务年走深走实。\n"
            "会议随后传达了全省卫生健康工作会议精神。全省会议要求，深入实施健康四川行动，县域内就诊率达到90%以上。\n"
            "会议强调，2026年全市将新建社区医院5家。\n")
    assert [p.region_name for p in plans_of(text)] == ["绵阳市", "全国", "绵阳市", "四川省", "绵阳市"]


def test_a_province_s_paper_on_the_nation_s_meeting_gives_the_province_the_paragraphs_that_open_with_我省():
    text = ("全国卫生健康工作会议在京召开 我省同步部署2026年重点工作\n来源：青海日报　2025-12-29\n"
            "12月27日，全国卫生健康工作会议在北京召开。会议提出，2026年全国将新建县域医疗卫生次中心500个。\n"
            "我省分会场会议随即召开。省卫生健康委主任在讲话中强调，2026年，我省将重点抓好以下工作：\n"
            "一是实施医疗卫生强基工程。我省将完成200个乡镇卫生院提标改造。\n")
    assert summary(text) == [("全国", "nation", 2026), ("青海省", "province", 2026)]


def test_a_monitoring_report_on_a_year_that_names_the_next_year_s_goals_is_the_next_year_s_plan():
    text = ("淄博市健康城市建设监测评价报告（2025年度）\n发布单位：淄博市爱卫办　　发布日期：2026年3月18日\n"
            "一、健康社会\n健康社区覆盖率2025年为41%，2026年目标为45%。健康学校覆盖率2025年为36.5%，2026年目标为40%以上。\n")
    assert summary(text) == [("淄博市", "prefecture", 2026)]
    assert _targets(text) == [45, 40]


def test_a_credit_line_naming_a_meeting_at_the_end_of_a_post_opens_no_plan_of_its_own():
    text = ("2026，这些健康福利来了！\n2026年，桂林市卫生健康领域将有哪些民生福利？\n"
            "👉 2026年，全市将新建社区卫生服务站20个。\n👉 全市新增普惠性托位1200个。\n"
            "（素材来源：桂林市卫生健康委员会 2026年全市卫生健康工作会议）\n")
    [plan] = plans_of(text)
    assert (plan.region_name, plan.year, plan.start) == ("桂林市", 2026, 0)


def test_a_report_quoted_in_the_news_reviews_its_year_and_deputies_voices_commit_to_nothing():
    text = ("聚焦两会 | 县长报告里的“健康账单”\n来源：德清新闻网　2026-01-15\n【报告原文摘录】\n"
            "“过去一年，我们新增省级医学重点学科2个，县域就诊率达到90.8%。\n"
            "“2026年，德清县将新建12家规范化村卫生室，新增普惠托位300个。”\n【代表热议】\n"
            "“报告里提到新建12家规范化村卫生室，这是好事。”县人大代表吴秀芳说，她所在的村离镇卫生院有15公里。\n"
            "【记者手记】\n健康账单里写满了民生温度。\n")
    assert _targets(text) == [12, 300]


def test_a_responsibility_letter_is_the_plan_of_the_party_that_undertakes_it_though_it_quotes_the_city_s_words():
    text = ("遵义市2026年度卫生健康工作目标责任书\n（凤冈县）\n甲方：遵义市卫生健康局\n乙方：凤冈县人民政府\n"
            "为全面完成市委、市政府确定的全市卫生健康目标任务，经甲乙双方协商，签订本责任书。\n"
            "一、目标任务\n1.县域内就诊率达到90%以上，全市统筹推进。\n2.全市新增普惠托位，乙方新增150个。\n")
    assert summary(text) == [("凤冈县", "county", 2026)]


def test_what_a_reporter_learnt_of_recent_years_reviews_them():
    text = ("银川市2026年中医药工作会议召开\n全市将新建中医馆20个。\n"
            "记者了解到，近年来银川市中医药服务体系不断完善，全市中医医疗机构达到120余家。\n")
    assert _targets(text) == [20]


def test_the_stops_of_a_leader_s_visit_are_no_survey_of_regions():
    text = ("国务院领导同志在海南调研医疗卫生工作\n来源：海南日报　2026年04月09日\n"
            "在海口，秦立华来到海南省人民医院，察看国家区域医疗中心建设情况。医院今年将新开展新技术300项以上。\n"
            "在五指山市，秦立华深入毛阳镇卫生院，询问家庭医生签约情况。\n")
    assert "海口市" not in [p.region_name for p in plans_of(text)]
    assert "五指山市" not in [p.region_name for p in plans_of(text)]


def test_a_speaker_who_affirms_last_year_reviews_it_and_the_meeting_s_deployment_ends_the_review():
    text = ("洛阳市2026年卫生健康工作会议召开\n"
            "周立新在讲话中充分肯定了2025年全市卫生健康工作取得的成绩。全市新增三级医院9家。\n"
            "会议回顾了2025年工作：县域内就诊率达到90.1%。会议对2026年工作作出部署，全市新建社区医院12家。\n")
    assert _targets(text) == [12]


def test_a_forum_s_replies_after_the_post_commit_to_nothing():
    text = ("[民生] 淄博2026年卫生健康工作要点出来了\n齐都老李　　楼主　　发表于 2026-3-11 21:05\n"
            "淄博市2026年卫生健康工作要点：全市新建社区医院8家。\n"
            "沙发　　博山山里人　　发表于 2026-3-11 21:40\n潍坊今年说要新建社区医院12家，临沂更多，好像是15家。\n"
            "5#　　张店宝妈　　发表于 2026-3-11 22:03\n济南今年目标是托位数5.5个。\n")
    assert _targets(text) == [8]


def test_an_enumeration_of_regions_figures_in_one_sentence_gives_each_region_its_clause():
    text = ("广西壮族自治区卫生健康委印发2026年全区妇幼健康工作要点\n全区推进妇女“两癌”筛查，全年完成宫颈癌筛查100万人。"
            "其中，南宁市完成宫颈癌筛查12万人，柳州市完成8万人，玉林市完成10万人。全区新增普惠托位2万个。\n")
    plans = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [t.mention.value for t in p.targets]) for p in plans] == [
        ("广西壮族自治区", [1000000]), ("南宁市", [120000]), ("柳州市", [80000]), ("玉林市", [100000]),
        ("广西壮族自治区", [20000])]


def test_a_heading_on_last_year_s_state_of_the_province_s_work_heads_a_review():
    text = ("贵州省卫生健康委员会关于考察交流有关情况的复函\n黔卫健函〔2026〕17号\n山东省卫生健康委员会：\n"
            "贵委来函收悉。2026年3月10日，贵委一行来黔考察交流。\n一、2025年全省卫生健康工作基本情况\n"
            "全省累计建成县域医疗次中心128个，县域内就诊率达到91.2%。\n二、2026年工作打算\n全省新建成县域医疗次中心20个。\n")
    assert _targets(text) == [20]


def test_a_table_of_contents_above_the_title_is_not_the_title():
    text = ("一、2025年工作总结\n1.筑牢基层网底\n2.提升服务能力\n3.做优公共卫生\n4.守牢安全底线\n二、2026年工作计划\n"
            "芙蓉区卫生健康局2025年工作总结及2026年工作计划\n"
            "2025年，区卫生健康局各项重点工作扎实推进。\n一、2025年工作总结\n1.筑牢基层网底。全区组建家庭医生团队142个。\n"
            "二、2026年工作计划\n1.提升服务能力。2026年，全区新建社区医院2家。\n")
    from kg.extract.frame import read_frame

    clues = read_frame(text, load_gazetteer().find_mentions(text)).clues
    assert [(c.rule, c.text, c.year) for c in clues if c.rule in ("frame/title", "frame/issuer")] == [
        ("frame/issuer", "芙蓉区", None), ("frame/title", "芙蓉区卫生健康局2025年工作总结及2026年工作计划", 2026)]
    [plan] = plans_of(text)
    assert plan.year == 2026
    assert text.index("全区组建家庭医生团队142个") in plan.review
    assert text.index("2026年，全区新建社区医院2家") not in plan.review


def test_districts_lines_under_the_city_s_review_heading_are_no_plans_of_their_own():
    text = ("凝心聚力开新局——在2026年全市卫生健康工作会议上的报告\n南宁市卫生健康委员会党组书记、主任 韦振宇\n"
            "一、2025年工作回顾\n2025年，全市卫生健康事业取得新成效。\n（一）各县（市、区）亮点纷呈\n"
            "青秀区：辖区15家社区卫生服务中心全部达到服务能力基本标准，家庭医生签约人数突破26万人。\n"
            "兴宁区：区人民医院新增重症医学科床位20张，新改扩建村卫生室8个。\n"
            "二、2026年重点任务\n全市新建社区医院5家。\n")
    assert {plan for plan in summary(text)} == {("南宁市", "prefecture", 2026)}
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, t.mention.value) for p in facts for t in p.targets] == [("南宁市", 5.0)]


def test_a_city_holding_its_own_meeting_after_a_news_dateline_heads_its_plan_and_a_venue_does_not():
    text = ("宜昌市传达贯彻全省卫生健康工作会议精神\n"
            "三峡宜昌网讯（记者 向明月 通讯员 田晓峰）2月6日，宜昌市召开全市卫生健康工作会议，部署2026年重点任务。\n"
            "会议要求，2026年全市新建社区医院5家，县域内就诊率达到92%以上。\n")
    assert [(p.region_name, p.rule) for p in plans_of(text)][:1] == [("宜昌市", "plans/meeting_header")]
    venue = "记者从1月23日在兰州举行的全省卫生健康工作会议上获悉，2026年，甘肃省将新建县域医疗次中心30个。\n"
    assert "兰州市" not in {p.region_name for p in plans_of(venue)}


def test_a_speaker_naming_the_plan_s_year_looks_ahead_without_a_word_of_intent():
    text = ("湖南省人民医院与五县签约共建医联体\n签约仪式上，五县分别介绍了2026年县级医院能力建设目标。\n"
            "泸溪县提出，县人民医院2026年新开展新技术新项目15项以上，县域内就诊率达到90%。\n"
            "凤凰县表示，将借助省人民医院专科共建，年内建成省级临床重点专科1个。\n")
    assert [p.region_name for p in plans_of(text)] == ["泸溪县", "凤凰县"]


REVIEW_REACHES = {
    "a part's heading (第一部分 2025年工作总结) over numbered sections, to the next part": (
        "兰陵县卫生健康委员会2025年工作总结和2026年工作计划\n第一部分 2025年工作总结\n一、医共体建设成效明显\n"
        "组建2个紧密型县域医共体，县域内就诊率达到91.3%。\n二、基层服务能力持续提升\n完成12所乡镇卫生院提质改造。\n"
        "第二部分 2026年工作计划\n一、深化医共体建设\n2026年，基层就诊率达到65%。\n",
        ["组建2个紧密型县域医共体", "完成12所乡镇卫生院提质改造"], ["2026年，基层就诊率达到65%"]),
    "a notice issuing a summary and the next year's plan: the summary under its own title": (
        "衢州市卫生健康委关于印发2025年衢州市卫生健康工作总结和2026年衢州市卫生健康工作要点的通知\n"
        "各县（市、区）卫生健康局：现予以印发，请贯彻执行。\n2025年衢州市卫生健康工作总结\n一、医改持续深化\n"
        "全市新建社区医院4家，家庭医生签约率达到78%。\n二、公共卫生不断加强\n完成两癌筛查12万人。\n"
        "2026年衢州市卫生健康工作要点\n一、深化医改\n全市新建社区医院3家。\n",
        ["全市新建社区医院4家", "完成两癌筛查12万人"], ["全市新建社区医院3家"]),
    "a review sentence announcing its points (回顾这一年，有几个方面的工作值得总结), over their lines": (
        "守护陇原百姓健康\n省卫生健康委主任\n刚刚过去的2025年，全省卫生健康事业取得新进展。回顾这一年，有几个方面的工作值得总结。\n"
        "一是医疗服务能力持续提升。\n全省新建、改扩建村卫生室1200个。\n二是公共卫生防线不断织密。\n孕产妇死亡率下降至12.6/10万。\n"
        "2026年是“十五五”开局之年。\n2026年，甘肃省将新建县域医疗卫生次中心20个。\n",
        ["全省新建、改扩建村卫生室1200个", "孕产妇死亡率下降至12.6/10万"], ["2026年，甘肃省将新建"]),
    "an appendix on an earlier year's results (附：2025年主要指标完成情况)": (
        "雁塔区2026年卫生健康工作要点\n一、深化医改\n全区新建社区医院2家。\n"
        "附：2025年主要指标完成情况（供参考）\n全区建成社区医院6家，居民健康素养水平达到35.1%。\n",
        ["全区建成社区医院6家"], ["全区新建社区医院2家"]),
    "a post's emoji heading on last year (📊 2025年成绩单), up to one on this year (🎯 2026年目标任务)": (
        "正定县2026年卫生健康工作会议召开\n📊 2025年成绩单\n✅ 全县174个村卫生室全部纳入医保定点\n"
        "✅ 家庭医生重点人群签约率达到78.6%\n🎯 2026年目标任务\n👉 全县新建中心卫生院3个\n",
        ["✅ 家庭医生重点人群签约率达到78.6%"], ["👉 全县新建中心卫生院3个"]),
    "a heading whose label comes before the earlier year (各地亮点：县（市、区）2025年成绩单), up to this year's tasks": (
        "泸州市2026年卫生健康工作会议召开\n一、各地亮点：县（市、区）2025年成绩单\n江阳区：建成社区医院5家。\n"
        "合江县：县域内就诊率达到91.3%。\n二、2026年重点任务\n全市新建社区医院6家。\n",
        ["江阳区：建成社区医院5家。", "合江县：县域内就诊率达到91.3%。"], ["全市新建社区医院6家。"]),
    "a heading on a five-year period that has ended (“十四五”时期…取得历史性成就)": (
        "2026年全省卫生健康工作会议在贵阳召开\n一、“十四五”时期全省卫生健康事业取得历史性成就\n"
        "五年来，全省新增三级医院40家。\n二、2026年重点任务\n全省新增三级医院5家。\n",
        ["五年来，全省新增三级医院40家。"], ["全省新增三级医院5家。"]),
    "a sentence opening on a five-year period and a comma (回顾“十四五”，…)": (
        "广西2026年卫生健康工作会议召开\n回顾“十四五”，全区三级医院达到142家。\n2026年，全区新增三级医院5家。\n",
        ["回顾“十四五”，全区三级医院达到142家。"], ["2026年，全区新增三级医院5家。"]),
    "what he says of the past year (他说，过去一年，…)": (
        "威宁县2026年乡村医生工作会议召开\n他说，过去一年，全县共完成家庭医生签约服务41.6万人。\n"
        "2026年，全县村卫生室医保结算覆盖率达到95%。\n",
        ["他说，过去一年，全县共完成家庭医生签约服务41.6万人。"], ["2026年，全县村卫生室医保结算覆盖率达到95%。"]),
    "a heading on last year's targets not met (三、2025年度未完成指标情况说明)": (
        "黑龙江省2026年卫生健康工作要点\n一、2026年主要目标\n全省居民健康素养水平达到32%。\n"
        "二、2025年度未完成指标情况说明\n每千人口执业（助理）医师数目标3.4人，实际3.28人。\n",
        ["每千人口执业（助理）医师数目标3.4人，实际3.28人。"], ["全省居民健康素养水平达到32%。"]),
    "a news report's plain subheading on the past year, up to one that looks ahead (市长：今年要办好…)": (
        "泉州召开2026年全市卫生健康工作会议\n过去一年成绩亮眼\n2025年，全市新增省级临床重点专科11个。\n"
        "市长：今年要办好“五件大事”\n苏文聪说，全市新增公立医院床位1200张。\n",
        ["2025年，全市新增省级临床重点专科11个。"], ["苏文聪说，全市新增公立医院床位1200张。"]),
    "an appendix quoting last year's plan (附：2025年工作要点回顾) over its title line": (
        "洛阳市2026年卫生健康工作要点\n1.新建和改造村卫生室100个。\n附：2025年工作要点回顾\n"
        "2025年工作要点（洛卫〔2025〕9号）主要内容：\n（一）新建和改造村卫生室80个。\n",
        ["（一）新建和改造村卫生室80个。"], ["1.新建和改造村卫生室100个。"]),
    "a post's heading naming the earlier year after a few words (📌 先来看看2025年的“成绩单”)": (
        "安吉县2026年卫生健康工作会议召开\n📌 先来看看2025年的“成绩单”\n✅ 县域就诊率达到91.2%；\n"
        "📌 2026年，这些好事要来啦\n✅ 县域就诊率达到92%以上。\n",
        ["✅ 县域就诊率达到91.2%；"], ["✅ 县域就诊率达到92%以上。"]),
    "a half-year's heading with a subtitle after its colon, up to the half-year's tasks (上半年进展：… 下半年任务：…)": (
        "2026年贵州省卫生健康重点工作推进会召开\n上半年进展：总体符合时序，部分指标仍有差距\n"
        "上半年全省新建村卫生室162所。\n下半年任务：对标全年目标，确保完成\n全年新建村卫生室300所。\n",
        ["上半年全省新建村卫生室162所。"], ["全年新建村卫生室300所。"]),
}


@pytest.mark.parametrize("text, reviewed, ahead", REVIEW_REACHES.values(), ids=list(REVIEW_REACHES))
def test_a_review_reaches_as_far_as_the_text_says(text, reviewed, ahead):
    [plan] = plans_of(text)
    assert plan.year == 2026
    assert all(text.index(part) in plan.review for part in reviewed)
    assert not any(text.index(part) in plan.review for part in ahead)


def test_a_run_of_district_lines_in_a_city_s_plan_is_the_city_s_breakdown():
    text = ("潍坊市卫生健康委员会关于印发2026年全市卫生健康工作要点的通知\n一、推进社区医院建设\n"
            "奎文区：新建社区医院2家\n寿光市：新建社区医院2家\n2. 深化紧密型县域医共体建设，县域就诊率达到92%。\n"
            "二、加强公共卫生\n全市适龄儿童免疫规划疫苗接种率保持在95%以上。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    owner = {t.mention.value: p.plan.region_name for p in facts for t in p.targets}
    assert (owner[92.0], owner[95.0]) == ("潍坊市", "潍坊市")
    assert {p.plan.region_name for p in facts} == {"潍坊市"}


def test_the_rows_of_regions_under_a_results_table_s_caption_are_no_plans():
    text = ("凉山州卫生健康委员会关于印发2026年全州卫生健康工作要点的通知\n表1　2025年部分县（市）卫生健康主要指标完成情况\n"
            "县（市）|县域内就诊率（%）|重点人群家庭医生签约率（%）\n西昌市|92.1|81.5\n会理市|89.4|78.2\n"
            "二、2026年主要目标\n全州县域内就诊率达到88%以上。\n")
    assert {p.region_name for p in plans_of(text)} == {"凉山彝族自治州"}


def test_an_earlier_year_s_meeting_recalled_under_a_review_heading_is_no_plan():
    text = ("赣州：对标去年目标找差距 今年卫生健康工作加力提速\n2月5日，赣州市召开2026年全市卫生健康工作会议。\n"
            "今年全市县域内就诊率要稳定在90%以上。\n【延伸阅读】2025年赣州卫生健康工作目标回顾\n"
            "2025年全市卫生健康工作会议提出的主要目标包括：县域内就诊率达到88%，新增普惠托位3000个。经年终考核，上述目标均已完成。\n")
    assert summary(text) == [("赣州市", "prefecture", 2026)]


def test_a_roundup_s_bracketed_heading_of_a_province_and_a_colon_opens_its_plan():
    text = ("各地部署2026年卫生健康工作\n全国卫生健康工作会议召开后，各地相继召开年度卫生健康工作会议，部署2026年重点任务。\n"
            "【云南：补齐边境地区医疗短板】\n1月20日，云南省卫生健康工作会议召开。会议提出，2026年全省新增三级医院5家。\n"
            "【福建：深化医改经验推广】\n福建在1月23日召开的全省卫生健康工作会议上提出，要推动三医协同。"
            "2026年全省县域内住院人次占比达到92%。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    # the national meeting, after which the provinces act, heads no plan
    assert [(p.plan.region_name, [t.mention.value for t in p.targets]) for p in facts] == [
        ("云南省", [5]), ("福建省", [92])]


def test_a_page_s_time_line_dates_a_plan_its_header_does_not():
    text = ("全省卫生健康重点工作推进会在兰州召开\n时间：2026-07-24 18:05　来源：甘肃省卫生健康委员会\n\n"
            "7月23日，全省卫生健康重点工作推进会在兰州召开。会议强调，全年新增省级临床重点专科25个。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, p.plan.year, [t.mention.value for t in p.targets]) for p in facts] == [
        ("甘肃省", 2026, [25])]


def test_a_newspaper_s_provinces_speaking_as_themselves_each_open_a_plan():
    text = ("2026年卫生健康工作怎么干？\n——聚焦全国卫生健康工作会议\n《健康报》　2025年12月24日\n"
            "12月22日至23日，全国卫生健康工作会议在北京召开。会议提出，全年培训基层卫生人员50万人次。\n"
            "山东省提出，2026年新增省级临床重点专科100个。\n"
            "广西壮族自治区明确，2026年要建设自治区级区域医疗中心15个以上。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    # the subtitle reporting on the meeting heads no plan of its own
    assert [(p.plan.region_name, p.plan.year, [t.mention.value for t in p.targets]) for p in facts] == [
        ("全国", 2026, [500000]), ("山东省", 2026, [100]), ("广西壮族自治区", 2026, [15])]


def test_a_meeting_still_to_be_held_heads_no_plan():
    text = ("凝心聚力开新局——在2026年全国卫生健康工作会议上的讲话\n国家卫生健康委主任\n同志们：\n"
            "2026年，全国新增普惠托位50万个。\n今年还将召开全国基层卫生健康工作会议、全国中医药工作会议等，有关部署另行安排。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, [t.mention.value for t in p.targets]) for p in facts] == [("全国", [500000])]


def test_a_government_work_report_naming_no_place_is_the_nation_s():
    text = ("2026年政府工作报告（摘要）\n卫生健康工作重点\n实施医疗卫生强基工程，促进优质医疗资源扩容下沉。\n"
            "居民医保和基本公共卫生服务经费人均财政补助标准分别再提高30元和5元。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, p.plan.year, sorted(t.mention.value for t in p.targets)) for p in facts] == [
        ("全国", 2026, [5, 30])]


def test_the_regions_of_a_table_introduced_as_last_year_s_figures_open_no_plans():
    text = ("潍坊市2026年卫生健康工作会议召开\n全市县域内就诊率达到92%。\n2025年各县市区基层诊疗量占比情况如下：\n"
            "县市区\t基层诊疗量占比（%）\t较上年增减（百分点）\n奎文区\t48.3\t+1.2\n潍城区\t51.6\t+1.5\n")
    assert summary(text) == [("潍坊市", "prefecture", 2026)]


def test_a_district_s_list_of_projects_by_street_is_the_district_s_plan():
    text = ("武侯区2026年卫生健康民生项目清单公布\n各街道项目如下：\n一、浆洗街街道\n项目：改造建设医养结合床位40张。\n"
            "二、华兴街道\n项目：新建社区卫生服务站1个。\n")
    facts = extract_document(document_from_bytes("t.txt", text.encode("utf-8")))
    assert [(p.plan.region_name, sorted(t.mention.value for t in p.targets)) for p in facts] == [("武侯区", [1, 40])]
