"""--lang zh (or LANG=zh_CN*): Chinese column names, messages and command help; English stays for --lang en."""
import pytest

from kg.cli import main


def _run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_kg_lang_zh_query_prints_chinese_column_names(seeds_build, capsys):
    code, out, _ = _run(capsys, "--lang", "zh", "query", "targets-of-region", "--data", str(seeds_build / "kg.ttl"))
    header = out.splitlines()[0].split()
    assert code == 0 and header[:3] == ["计划年份", "指标", "比较"] and "引文" in header
    assert out.rstrip().endswith("行)") and "(共 " in out


def test_english_stays_for_lang_en(seeds_build, capsys):
    code, out, _ = _run(capsys, "--lang", "en", "query", "targets-of-region", "--data", str(seeds_build / "kg.ttl"))
    assert code == 0 and out.split()[:2] == ["plan_year", "indicator"] and out.rstrip().endswith("rows)")


def test_the_locale_chooses_chinese_by_default(seeds_build, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    code, out, _ = _run(capsys, "query", "plans", "--data", str(seeds_build / "kg.ttl"))
    assert code == 0 and out.split()[0] == "地区"


def test_errors_and_help_in_chinese(seeds_build, capsys):
    code, _, err = _run(capsys, "--lang", "zh", "query", "targets-of-region", "--param", "region=安微",
                        "--data", str(seeds_build / "kg.ttl"))
    assert code == 2 and err.startswith("kg query: 错误: ")
    code, _, err = _run(capsys, "--lang", "zh", "ask", "今天天气怎么样", "--data", str(seeds_build / "kg.ttl"))
    assert code == 1 and err.startswith("kg ask: 读不懂这个问题")
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    out = capsys.readouterr().out
    assert "用中文提问" in out and "导出" in out


def test_json_keeps_its_keys_for_scripts(seeds_build, capsys):
    code, out, _ = _run(capsys, "--lang", "zh", "query", "plans", "--format", "json", "--data", str(seeds_build / "kg.ttl"))
    assert code == 0 and '"region"' in out


@pytest.mark.parametrize("args, message", [
    (["query", "targets-of-region", "--param", "region=安微"], "kg query: 错误: 没有名为 安微 的地区;是不是:安徽省"),
    (["query", "targets-of-region", "--param", "region=鼓楼区"], "鼓楼区 对应 4 个地区:南京市鼓楼区 (320106)"),
    (["view", "--initiative", "医共体"], "医共体 是 2 项举措名称的一部分"),
    (["ask", "哪些省份在开展火星探测工程？"], "读不懂这个问题 '哪些省份在开展火星探测工程？':没有名为 火星探测工程 的举措"),
])
def test_name_errors_in_chinese(seeds_build, capsys, tmp_path, args, message):
    extra = ["--out", str(tmp_path / "x.html")] if args[0] == "view" else []
    code, _, err = _run(capsys, "--lang", "zh", *args, "--data", str(seeds_build / "kg.ttl"), *extra)
    assert code != 0 and message in err.splitlines()[0]
