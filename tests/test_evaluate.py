"""kg eval's scoring: a gold initiative matches the name a plan gives it or the words the document names it in."""
import json

from kg.cli import main


def _gold(tmp_path, initiatives):
    gold = tmp_path / "gold"
    gold.mkdir()
    plan = {"region": "大庆市", "admin_code": "230600", "level": "prefecture", "year": 2026,
            "initiatives": initiatives, "targets": []}
    (gold / "d.json").write_text(json.dumps({"doc": "d.txt", "plans": [plan]}, ensure_ascii=False), encoding="utf-8")
    return gold


def test_a_gold_name_matches_the_words_the_document_names_the_initiative_in(tmp_path, capsys):
    doc = tmp_path / "d.txt"
    doc.write_text("大庆市2026年卫生健康工作要点\n全市深化疾病预防控制体系改革，推进医改。\n", encoding="utf-8")
    gold = _gold(tmp_path, [{"name": "疾病预防控制体系改革", "aliases": [], "core": True},
                            {"name": "三明医改经验", "aliases": [], "core": True}])
    assert main(["eval", str(gold), str(doc), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    # 疾控体系改革 (its canonical name) is found as written; "医改" is too short to stand for 三明医改经验
    assert scores["initiatives"]["recall"] == 0.5


def test_a_gold_s_plans_of_one_region_for_two_years_are_scored_as_the_region_s_one(tmp_path, capsys):
    doc = tmp_path / "d.txt"
    doc.write_text("大庆市2026年卫生健康工作要点\n到2030年，全市人均预期寿命达到80岁。\n全市新增社区医院5家。\n",
                   encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    plans = [{"region": "大庆市", "admin_code": "230600", "level": "prefecture", "year": year, "initiatives": [],
              "targets": [{"indicator": i, "value": v, "unit": u, "comparator": "=", "year": year, "quote": q}]}
             for year, i, v, u, q in ((2030, "人均预期寿命", 80, "岁", "人均预期寿命达到80岁"),
                                      (2026, "新增社区医院", 5, "家", "新增社区医院5家"))]
    (gold / "d.json").write_text(json.dumps({"doc": "d.txt", "plans": plans}, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(gold), str(doc), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert (scores["plans"]["recall"], scores["targets"]["recall"], scores["targets"]["precision"]) == (1.0, 1.0, 1.0)
