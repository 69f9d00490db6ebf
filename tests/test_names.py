"""The one resolver of region and initiative names (kg/serve/names.py), and kg query --param through it."""
import pytest

from kg.cli import main
from kg.serve.names import NameNotFound, resolve_initiative, resolve_region

REGIONS = [    # (typed, full name) or (typed, None and a part of the error)
    ("安徽省", "安徽省"), ("安徽", "安徽省"), ("皖", "安徽省"), ("340000", "安徽省"),
    ("八闽", "福建省"), ("鲁", "山东省"), ("泰安", "泰安市"), ("北京", "北京市"), ("吉林", "吉林省"),
    ("全国", "全国"), ("中国", "全国"), ("萧县", "萧县"), (" 上海 ", "上海市"),
    ("鼓楼区", "names 4 regions: 南京市鼓楼区 (320106)、徐州市鼓楼区 (320302)、福州市鼓楼区 (350102)"),
    ("朝阳", "names 4 regions: 朝阳市 (211300)、北京市朝阳区 (110105)"),
    ("安微", "no region named 安微; did you mean 安徽省"),
    ("北经市", "did you mean 北京市"),
    ("火星省", "no region named 火星省"),
]


@pytest.mark.parametrize("typed, expected", REGIONS)
def test_region_names(typed, expected):
    if expected.endswith(("省", "市", "国", "县")) and " " not in expected:
        assert resolve_region(typed).label == expected
    else:
        with pytest.raises(NameNotFound) as err:
            resolve_region(typed)
        assert expected in str(err.value)


def test_a_region_only_the_graph_knows(seeds_graph):
    assert resolve_region("xx县", seeds_graph).label == "xx县"


INITIATIVES = [
    ("儿科和精神卫生服务年", "儿科和精神卫生服务年"),
    ("三明经验", "三明医改经验"),                         # a synonym: skos:altLabel
    ("儿科精神卫生服务年", "did you mean 儿科和精神卫生服务年"),
    ("医共体", "is part of 2 initiatives"),
]


@pytest.mark.parametrize("typed, expected", INITIATIVES)
def test_initiative_names(seeds_graph, typed, expected):
    if " " not in expected:
        assert resolve_initiative(typed, seeds_graph).label == expected
    else:
        with pytest.raises(NameNotFound) as err:
            resolve_initiative(typed, seeds_graph)
        assert expected in str(err.value)


def _query(capsys, *args):
    code = main(["query", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("name", ["安徽", "皖", "340000"])
def test_targets_of_region_reads_any_name_of_the_region(seeds_build, capsys, name):
    data = ["--data", str(seeds_build / "kg.ttl"), "--format", "csv"]
    code, full, _ = _query(capsys, "targets-of-region", "--param", "region=安徽省", *data)
    assert code == 0 and len(full.splitlines()) > 2
    assert _query(capsys, "targets-of-region", "--param", f"region={name}", *data) == (0, full, "")


@pytest.mark.parametrize("name, message", [
    ("鼓楼区", "鼓楼区 names 4 regions"),
    ("安微", "did you mean 安徽省"),
])
def test_an_ambiguous_or_unknown_region_is_an_error_never_an_empty_table(seeds_build, capsys, name, message):
    code, out, err = _query(capsys, "targets-of-region", "--param", f"region={name}",
                            "--data", str(seeds_build / "kg.ttl"))
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_an_initiative_param_reads_its_other_spellings(seeds_build, capsys):
    data = ["--data", str(seeds_build / "kg.ttl"), "--format", "csv"]
    _, canonical, _ = _query(capsys, "regions-pursuing-initiative", "--param", "initiative=三明医改经验", *data)
    assert _query(capsys, "regions-pursuing-initiative", "--param", "initiative=三明经验", *data)[1] == canonical
