"""Indicator concepts (ontology/indicators.ttl) and the rules that link a target to one
(kg/data/indicators/indicators.yaml): a table of phrases, those that must link to nothing
among them; the scheme's shape; the seeds' coverage; a malformed rule file fails loudly."""
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from conftest import ROOT
from kg.rdf import indicators
from kg.rdf.indicators import IndicatorRulesError, concepts, load_indicator_rules, match_indicator
from kg.rdf.vocab import HP

# (indicator text as kg/extract writes it, unit, the concept it measures or None)
PHRASES = [
    ("人均预期寿命", "岁", "life-expectancy"),
    ("居民人均预期寿命", "岁", "life-expectancy"),
    ("平均期望寿命", "岁", "life-expectancy"),
    ("人均健康预期寿命", "岁", "healthy-life-expectancy"),
    ("孕产妇死亡率", "/100000", "maternal-mortality"),
    ("孕产妇死亡率", "/10万", "maternal-mortality"),
    ("婴儿死亡率", "‰", "infant-mortality"),
    ("5岁以下儿童死亡率", "‰", "under5-mortality"),
    ("新生儿死亡率", "‰", "neonatal-mortality"),
    ("居民健康素养水平", "%", "health-literacy"),
    ("群众健康素养水平", "%", "health-literacy"),
    ("全省居民健康素养水平", "%", "health-literacy"),
    ("重大慢性病过早死亡率", "%", "premature-ncd-mortality"),
    ("家庭医生签约率", "%", "family-doctor-signing"),
    ("全人群签约率", "%", "family-doctor-signing"),
    ("重点人群签约率", "%", "family-doctor-key-groups"),
    ("重点人群家庭医生签约服务覆盖率", "%", "family-doctor-key-groups"),
    ("有需求“老老人”家庭医生签约服务覆盖率", "%", "family-doctor-key-groups"),
    ("每千人口执业(助理)医师数", "人", "doctors-per-1000"),
    ("每千人口执业（助理）医师数", "名", "doctors-per-1000"),
    ("每千人口注册护士数", "人", "nurses-per-1000"),
    ("每千人口床位数", "张", "beds-per-1000"),
    ("每千人口医疗卫生机构床位数", "张", "beds-per-1000"),
    ("每万人口全科医生数", "名", "gps-per-10000"),
    ("每千人口托位数", "个", "childcare-places-per-1000"),
    ("新增托位数", "个", "childcare-places"),
    ("二级以上医院预约诊疗率", "%", "appointment-rate"),
    ("个人卫生支出占卫生总费用的比重", "%", "out-of-pocket-share"),
    ("15岁以上人群吸烟率", "%", "smoking-rate"),
    ("经常参加体育锻炼人数比例", "%", "physical-activity"),
    ("总体癌症5年生存率", "%", "cancer-5y-survival"),
    ("高血压患者规范管理率", "%", "hypertension-management"),
    ("2型糖尿病患者规范管理率", "%", "diabetes-management"),
    ("适龄儿童免疫规划疫苗接种率", "%", "immunization-coverage"),
    ("严重精神障碍患者规范管理率", "%", "severe-mental-disorder-management"),
    ("儿童青少年总体近视率", "%", "myopia-rate"),
    ("孕产妇系统管理率", "%", "maternal-system-management"),
    ("3岁以下儿童系统管理率", "%", "child-system-management"),
    ("县域内就诊率", "%", "county-treatment-rate"),
    ("二级以上综合医院精神(心理)卫生门诊比例", "%", "mental-health-clinic-rate"),
    ("二级以上综合医院及妇幼保健院儿科门诊覆盖率", "%", "pediatric-service-rate"),
    ("非建制乡镇卫生院“中医馆”覆盖率", "%", "tcm-hall-coverage"),
    ("村卫生室全面一体化管理率", "%", "village-clinic-integration"),
    ("区级托育综合服务中心覆盖率", "%", "childcare-centre-coverage"),
    ("国家区域医疗中心数", "个", "national-regional-medical-centres"),
    ("省级区域医疗中心数", "个", "provincial-regional-medical-centres"),
    ("全部建成紧密型县域医共体的县市数", "个", "county-medical-community-counties"),
    ("达到紧密型县域医共体标准的县域比例", "%", "county-medical-community-share"),
    ("服务能力达到国家推荐标准的基层医疗卫生机构数", "家", "primary-facilities-recommended-standard"),
    ("达到国家基本标准的基层医疗卫生机构数", "家", "primary-facilities-basic-standard"),
    ("培育省级临床重点专科建设项目数", "个", "clinical-key-specialties"),
    ("落地河南的国家中医优势专科数", "个", "tcm-specialties"),
    ("省级卫生城市覆盖率", "%", "sanitary-city-coverage"),
    ("医院的病例组合指数(CMI)值", "", "case-mix-index"),
    ("四级手术占比", "%", "grade4-surgery-share"),
    ("人员支出占业务支出比例", "%", "personnel-expenditure-share"),
    ("全市人均预期寿命", "岁", "life-expectancy"),
    ("家庭医生重点人群签约率", "%", "family-doctor-key-groups"),
    ("县域(区域)内就诊率", "%", "county-treatment-rate"),
    ("基层医疗卫生机构诊疗量占比", "%", "primary-care-visit-share"),
    ("65岁及以上老年人健康管理率", "%", "elderly-health-management"),
    ("65岁及以上老年人中医药健康管理率", "%", "elderly-tcm-management"),
    ("二级以上综合医院设置老年医学科的比例", "%", "geriatric-department-rate"),
    ("肺结核患者成功治疗率", "%", "tb-treatment-success"),
    ("院前急救平均反应时间", "分钟", "ems-response-time"),
    ("二级以上公立医院检查检验结果互认项目数", "项", "test-result-recognition-items"),
    # must link to nothing: another measure, a change of one, a unit of another kind, no indicator at all
    ("12320热线接通率", "%", None),
    ("患者满意度", "%", None),
    ("人均预期寿命增长幅度", "岁", None),
    ("孕产妇死亡率下降幅度", "%", None),
    ("居民健康素养水平提高", "个百分点", None),
    ("家庭医生签约率", "个", None),                  # a count is no rate
    ("每千人口床位数", "%", None),
    ("居民健康素养水平", "个", None),
    ("国家区域医疗中心开诊比例", "%", None),
    ("家庭医生团队数", "个", None),
    ("家庭医生签约服务包数", "个", None),
    ("医疗卫生机构床位数", "张", None),              # beds, not beds per 1,000 people
    ("婴儿床位数", "张", None),
    ("健康素养促进县数", "个", None),
    ("托育机构从业人员培训人数", "名", None),
    ("区级覆盖率", "%", None),
    ("现场考试次数", "次", None),
    ("中医药全产业链规模", "亿元", None),
    ("省市县帮扶覆盖率", "%", None),
    ("“三医”沟通协调、研商大事的机制覆盖率", "%", None),
    ("建省实验室数", "家", None),
    ("覆盖二级以上医院的门诊量比例", "%", None),
    ("", "%", None),
    ("高血压、糖尿病患者规范管理率", "%", None),       # two measures in one
    ("完成提档升级的乡镇卫生院中医馆比例", "%", None),
    ("院前急救平均反应时间", "%", None),
    ("村卫生室数", "个", None),
]


def test_the_table_is_large_enough():
    assert len(PHRASES) >= 60 and sum(1 for *_, c in PHRASES if c is None) >= 15


@pytest.mark.parametrize("text, unit, expected", PHRASES, ids=[f"{t or '(empty)'}[{u}]" for t, u, _ in PHRASES])
def test_an_indicator_phrase_links_to(text, unit, expected):
    match = match_indicator(text, unit)
    assert (match.concept if match else None) == expected
    if match:
        assert match.rule.split(":")[0] == expected


def test_without_a_unit_the_text_alone_decides():
    assert match_indicator("每千人口托位数").concept == "childcare-places-per-1000"


# ---------------------------------------------------------------- the scheme

def test_the_scheme_has_the_measures_national_plans_use():
    known = concepts()
    national = [c for c in known.values() if c.source]
    assert len(known) >= 25 and len(national) >= 25
    for cid in ("life-expectancy", "maternal-mortality", "infant-mortality", "under5-mortality", "health-literacy",
                "premature-ncd-mortality", "family-doctor-signing", "family-doctor-key-groups", "doctors-per-1000",
                "beds-per-1000", "childcare-places-per-1000", "appointment-rate"):
        assert cid in known


def test_every_concept_has_labels_a_unit_kind_and_a_direction():
    kinds, _, _ = load_indicator_rules()
    for c in concepts().values():
        assert c.label and c.en and c.unit_kind in kinds and c.direction in ("higher", "lower"), c
        assert c.broader is None or c.broader in concepts()
    assert concepts()["maternal-mortality"].direction == "lower"
    assert concepts()["maternal-mortality"].unit_kind == "per-100k"


def test_the_scheme_file_uses_only_declared_hp_terms():
    scheme = Graph().parse(ROOT / "ontology" / "indicators.ttl", format="turtle")
    hp_terms = {p for p in scheme.predicates() if str(p).startswith(str(HP._NS))}
    assert hp_terms == {HP.unitKind, HP.direction}
    assert len(set(scheme.subjects(SKOS.inScheme, URIRef(indicators.SCHEME)))) == len(concepts())


def test_every_label_links_to_its_own_concept():
    for c in concepts().values():
        for label in (c.label, *c.alt_labels):
            assert match_indicator(label).concept == c.id, label


# ---------------------------------------------------------------- the seeds

def test_most_seed_targets_measure_a_concept(seeds_graph):
    targets = set(seeds_graph.subjects(None, HP.Target))
    targets = {t for t in seeds_graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), HP.Target)}
    linked = {t for t in targets if seeds_graph.value(t, HP.measures) is not None}
    assert targets and len(linked) / len(targets) >= 0.8, f"{len(linked)} of {len(targets)}"
    for t in linked:
        concept = seeds_graph.value(t, HP.measures)
        assert (concept, SKOS.inScheme, URIRef(indicators.SCHEME)) in seeds_graph
        assert any(lit.language == "zh" for lit in seeds_graph.objects(concept, SKOS.prefLabel))


# ---------------------------------------------------------------- loud validation

@pytest.fixture
def rules_file(tmp_path, monkeypatch):
    def write(data):
        path = tmp_path / "indicators.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        monkeypatch.setattr(indicators, "RULES_FILE", path)
        load_indicator_rules.cache_clear()
        return path
    yield write
    load_indicator_rules.cache_clear()


def good_rules():
    return yaml.safe_load((ROOT / "kg" / "data" / "indicators" / "indicators.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["concepts"].update({"no-such-concept": ["x"]}), "concepts.no-such-concept: not a concept"),
    (lambda d: d["concepts"].update({"life-expectancy": ["(unclosed"]}), "concepts.life-expectancy[1]: bad regex"),
    (lambda d: d["concepts"].pop("life-expectancy"), "no rules for ['life-expectancy']"),
    (lambda d: d.update({"extra": 1}), "top level"),
    (lambda d: d["reject"].append(""), "reject[2]: must be a non-empty regex"),
])
def test_a_malformed_rule_file_names_the_file_and_key(rules_file, change, message):
    data = good_rules()
    change(data)
    rules_file(data)
    with pytest.raises(IndicatorRulesError, match="indicators.yaml: .*" if message == "top level" else None) as e:
        load_indicator_rules()
    assert message in str(e.value) and "indicators.yaml" in str(e.value)
