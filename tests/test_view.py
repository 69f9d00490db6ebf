"""The HTML view without a browser: self-contained, deterministic, escaped, styled, focused views."""
import json
import re
import time
from html.parser import HTMLParser

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from kg.cli import main
from kg.view.page import VIS_LIB, focus, focused_view, load_style, to_networkx, to_pyvis, view_html
from kg.rdf.vocab import HP, ID
from synthetic import synthetic_graph

NODE_COUNT = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
SELECT (COUNT(DISTINCT ?n) AS ?count) WHERE {
  { VALUES ?cls { hp:Region hp:RegionGroup hp:Plan hp:Initiative hp:Target } ?n a ?cls } UNION { ?i hp:theme ?n }
}"""


def graph_node_count(g: Graph) -> int:
    return int(next(iter(g.query(NODE_COUNT)))[0])


class Resources(HTMLParser):
    """Every element that could make the browser fetch something."""

    def __init__(self):
        super().__init__()
        self.fetches, self.scripts, self.styles = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        self.styles += tag == "style"
        for key in ("src", "href", "srcset", "data"):
            if attrs.get(key) and tag != "a":
                self.fetches.append(f"<{tag} {key}={attrs[key]}>")


def page_data(html: str) -> dict:
    """The nodes and edges the page hands to vis-network."""
    nodes = re.search(r"^  nodes: (\[.*\]),$", html, re.M).group(1)
    edges = re.search(r"^  edges: (\[.*\]),$", html, re.M).group(1)
    return {"nodes": json.loads(nodes), "edges": json.loads(edges)}


@pytest.fixture(scope="module")
def seeds_html(seeds_build):
    return (seeds_build / "graph.html").read_text(encoding="utf-8")


def test_the_page_fetches_nothing(seeds_html):
    found = Resources()
    found.feed(seeds_html)
    assert found.fetches == []
    assert found.scripts >= 3 and found.styles >= 2        # vis-network, its CSS, ours: all inline
    for lib in ("vis-network.min.js", "vis-network.css"):                 # the script and its stylesheet
        assert (VIS_LIB / lib).read_text(encoding="utf-8") in seeds_html
    css_urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", seeds_html)
    assert css_urls and all(u.startswith("data:") for u in css_urls)
    assert "@import" not in seeds_html and "@font-face" not in seeds_html
    assert "cdnjs.cloudflare.com" not in seeds_html and "cdn.jsdelivr.net" not in seeds_html


def test_the_page_names_a_chinese_font_stack(seeds_html):
    font = load_style()["font"]
    assert "Noto Sans CJK SC" in font and "Microsoft YaHei" in font and font.endswith("sans-serif")
    assert font in seeds_html


def test_the_page_has_every_node_of_the_graph_once(seeds_graph, seeds_html):
    data = page_data(seeds_html)
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids)) == graph_node_count(seeds_graph)
    assert ids == sorted(ids)
    assert {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]} <= set(ids)


def test_view_from_the_turtle_equals_the_built_page(seeds_build, tmp_path):
    out = tmp_path / "graph.html"
    assert main(["view", "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
    assert out.read_bytes() == (seeds_build / "graph.html").read_bytes()


def test_two_renders_are_byte_identical_and_carry_no_random_id_or_time(seeds_graph, seeds_html):
    again = view_html(to_pyvis(to_networkx(seeds_graph)))
    assert again == seeds_html
    data = json.dumps(page_data(seeds_html), ensure_ascii=False)
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-", data)           # no uuid ids
    assert time.strftime("%Y-%m-%d") not in seeds_html


def test_every_class_has_its_own_colour_and_shape_and_a_legend_entry(seeds_html):
    nodes = load_style()["nodes"]
    assert len({(s["colour"], s["shape"]) for s in nodes.values()}) == len(nodes)
    assert {"nation", "province", "prefecture", "county", "town", "plan", "initiative", "target", "theme"} <= set(nodes)
    groups = {n["group"] for n in page_data(seeds_html)["nodes"]}
    assert {"nation", "province", "group", "plan", "initiative", "target", "theme"} <= groups
    for kind in groups:
        assert f'data-kind="{kind}"' in seeds_html and nodes[kind]["name"] in seeds_html


def test_edge_labels_are_short(seeds_html):
    labels = {e["label"] for e in page_data(seeds_html)["edges"]}
    assert {"地区", "举措", "目标", "隶属", "主题"} <= labels
    assert all(len(label) <= 2 for label in labels)


def test_node_size_grows_with_adoption(seeds_html):
    nodes = {n["full"] if "full" in n else n["label"]: n for n in page_data(seeds_html)["nodes"]
             if n["group"] == "initiative"}
    # 医药卫生体制改革 is pursued by many regions, 优化生育支持政策 by one region only
    single = min(n["size"] for n in nodes.values())
    assert nodes["医药卫生体制改革"]["size"] > single


def test_tooltips_carry_class_code_value_and_up_to_three_quotes(seeds_html):
    nodes = page_data(seeds_html)["nodes"]
    by_label = {n.get("full", n["label"]): n for n in nodes}
    assert by_label["安徽省"]["detail"] == "代码 340000"
    targets = [n for n in nodes if n["group"] == "target"]
    assert all(re.search(r"[0-9]", n.get("detail", "")) for n in targets)
    with_quotes = [n for n in nodes if n.get("ev")]
    assert all(1 <= len(n["ev"]) <= 3 for n in with_quotes)
    assert all(doc.endswith(".txt") and quote for n in with_quotes for _, quote, _, doc in n["ev"])
    # the whole sentence, its quote marked: a target's short span reads in its context
    sentences = [before + quote + after for n in targets for before, quote, after, _ in n["ev"]]
    assert sentences and all(len(s) > 8 for s in sentences)
    assert by_label["儿科和精神卫生服务年"]["ev"]
    assert re.match(r"[0-9]+个地区推进", by_label["儿科和精神卫生服务年"]["detail"])


def hostile_graph() -> Graph:
    """A graph whose label and quote carry markup: the page must show them as text."""
    g = Graph()
    plan, region, ini, ev = ID["plan/x"], ID["region/340000"], ID["initiative/x"], ID["evidence/x"]
    g.add((region, RDF.type, HP.Region))
    g.add((region, RDF.type, HP.Province))
    g.add((region, RDFS.label, Literal("安徽省", lang="zh")))
    g.add((plan, RDF.type, HP.Plan))
    g.add((plan, RDFS.label, Literal("安徽省2025年卫生健康工作", lang="zh")))
    g.add((plan, HP.region, region))
    g.add((plan, HP.includes, ini))
    g.add((ini, RDF.type, HP.Initiative))
    g.add((ini, RDFS.label, Literal("<img src=x onerror=window.pwned=1>工程", lang="zh")))
    g.add((ini, HP.evidence, ev))
    g.add((ev, HP.quote, Literal("实施</script><script>window.pwned=1</script>行动")))
    g.add((ev, HP.document, Literal("<b>doc</b>.txt")))
    return g


def test_markup_in_the_data_never_reaches_the_page_as_markup():
    html = view_html(to_pyvis(to_networkx(hostile_graph())))
    assert "<script>window.pwned" not in html and "</script><script>" not in html
    assert "<img src=x" not in html and "<b>doc</b>" not in html
    node = next(n for n in page_data(html)["nodes"] if n["group"] == "initiative")
    assert node["ev"][0][1] == "实施</script><script>window.pwned=1</script>行动"   # kept as text


def test_region_and_theme_filters_show_the_right_nodes(seeds_html):
    html = seeds_html
    regions = re.search(r'<select id="region-filter">(.*?)</select>', html).group(1)
    names = re.findall(r'<option value="(\d+)">([^<]+)</option>', regions)
    index = {name: int(i) for i, name in names}
    assert {"安徽省", "北京市", "泰安市", "萧县", "全国"} <= set(index)
    nodes = {n.get("full", n["label"]): n for n in page_data(html)["nodes"]}
    anhui = index["安徽省"]
    assert anhui in nodes["安徽省"]["r"] and anhui in nodes["安徽省2025年卫生健康工作"]["r"]
    assert anhui in nodes["儿科和精神卫生服务年"]["r"]
    assert anhui in nodes["全国"]["r"]                        # the province sits in the nation
    assert anhui not in nodes["上海市"].get("r", [])
    assert anhui not in nodes["泰安市2025年卫生健康工作"].get("r", [])
    themes = re.search(r'<select id="theme-filter">(.*?)</select>', html).group(1)
    theme_index = {name: int(i) for i, name in re.findall(r'<option value="(\d+)">([^<]+)</option>', themes)}
    assert theme_index and all(re.search(r"[\u4e00-\u9fff]", name) for name in theme_index)   # Chinese names
    some_theme = next(iter(theme_index))
    members = [n for n in nodes.values() if theme_index[some_theme] in n.get("t", [])]
    assert {n["group"] for n in members} >= {"theme", "initiative", "plan"}


def test_physics_stabilises_then_the_page_turns_it_off():
    html = view_html(to_pyvis(to_networkx(synthetic_graph(600))))      # too big to lay out in Python
    options = json.loads(re.search(r"^  options: (\{.*\}),$", html, re.M).group(1))
    assert options["physics"]["enabled"] is True and options["physics"]["stabilization"]["enabled"] is True
    assert isinstance(options["layout"]["randomSeed"], int)                 # the same layout every time
    assert "physics: { enabled: false }" in html
    assert 'once("stabilizationIterationsDone"' in html


def test_the_seeds_page_comes_laid_out_with_physics_off(seeds_html):
    """networkx lays the whole seeds graph out: every node has its place, spread out, physics off."""
    options = json.loads(re.search(r"^  options: (\{.*\}),$", seeds_html, re.M).group(1))
    assert options["physics"]["enabled"] is False and options["physics"]["stabilization"]["enabled"] is False
    assert options["layout"]["improvedLayout"] is False
    nodes = page_data(seeds_html)["nodes"]
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in nodes)
    places = {(n["x"], n["y"]) for n in nodes}
    assert len(places) == len(nodes)                                        # no two nodes on one spot
    width = max(x for x, _ in places) - min(x for x, _ in places)
    height = max(y for _, y in places) - min(y for _, y in places)
    assert width * height / len(nodes) > 50 * 50                             # room for each node
    assert 0.5 < width / height < 2                                         # not a long thin streak


# ---- focused views: kg view --region / --initiative ----

def page_labels(path) -> set[str]:
    return {n.get("full", n["label"]) for n in page_data(path.read_text(encoding="utf-8"))["nodes"]}


def test_kg_view_region_writes_the_neighbourhood(seeds_build, tmp_path, capsys):
    out = tmp_path / "anhui.html"
    assert main(["view", "--data", str(seeds_build / "kg.ttl"), "--region", "安徽省", "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    labels = page_labels(out)
    assert {"安徽省", "安徽省2025年卫生健康工作", "儿科和精神卫生服务年"} <= labels
    assert len(labels) < len(page_labels(seeds_build / "graph.html"))
    assert "安徽省（2层邻域）" in out.read_text(encoding="utf-8")


def test_kg_view_region_with_depth_one_stops_before_the_initiatives(seeds_build, tmp_path):
    out = tmp_path / "anhui1.html"
    assert main(["view", "--data", str(seeds_build / "kg.ttl"), "--region", "安徽省", "--depth", "1",
                 "--out", str(out)]) == 0
    labels = page_labels(out)
    assert {"安徽省", "安徽省2025年卫生健康工作", "全国"} <= labels
    assert "儿科和精神卫生服务年" not in labels                          # plan -> initiative is link two


def test_kg_view_initiative_with_depth_one(seeds_build, tmp_path):
    out = tmp_path / "ini.html"
    args = ["view", "--data", str(seeds_build / "kg.ttl"), "--initiative", "儿科和精神卫生服务年", "--depth", "1"]
    assert main(args + ["--out", str(out)]) == 0
    labels = page_labels(out)
    assert "儿科和精神卫生服务年" in labels and "安徽省2025年卫生健康工作" in labels
    assert not any(label.endswith("省") for label in labels)           # regions are two links away


def test_depth_zero_is_the_node_alone(seeds_graph):
    nxg = to_networkx(seeds_graph)
    anhui = next(n for n, d in nxg.nodes(data=True) if d["label"] == "安徽省")
    assert list(focus(nxg, [anhui], 0).nodes) == [anhui]


@pytest.mark.parametrize("args, message", [
    (["--region", "火星省"], "no region named 火星省"),
    (["--region", "鼓楼区"], "names 4 regions: 南京市鼓楼区 (320106)"),   # namesakes: the candidates
    (["--region", "安微"], "did you mean 安徽省"),                        # a typo: the nearest names
    (["--initiative", "医共体"], "is part of 2 initiatives"),            # several initiatives contain it
    (["--region", "安徽省", "--depth", "-1"], "--depth must be 0 or more"),
    (["--region", "安徽省", "--data", "no/such.ttl"], "no such graph file"),
])
def test_kg_view_errors_are_one_line_and_write_nothing(seeds_build, tmp_path, capsys, args, message):
    out = tmp_path / "page.html"
    if "--data" not in args:
        args = args + ["--data", str(seeds_build / "kg.ttl")]
    assert main(["view"] + args + ["--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_kg_view_open_hands_the_file_uri_to_the_browser(seeds_build, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    out = tmp_path / "p.html"
    assert main(["view", "--data", str(seeds_build / "kg.ttl"), "--region", "340000", "--out", str(out), "--open"]) == 0
    assert opened == [out.resolve().as_uri()]


def test_focused_view_by_code_equals_by_name(seeds_graph):
    by_code = view_html(focused_view(seeds_graph, "340000", "region"))
    assert by_code == view_html(focused_view(seeds_graph, "安徽省", "region"))


def test_five_thousand_nodes_render_fast_and_in_bulk():
    g = synthetic_graph(5000)
    t0 = time.perf_counter()
    net = to_pyvis(to_networkx(g))
    html = view_html(net)
    seconds = time.perf_counter() - t0
    assert len(net.nodes) == graph_node_count(g) == 5000
    assert seconds < 10, f"{seconds:.1f} s to render 5,000 nodes"
    assert len(html) < 8_000_000
    options = json.loads(re.search(r"^  options: (\{.*\}),$", html, re.M).group(1))
    assert options["edges"]["smooth"] is False and options["layout"]["improvedLayout"] is False
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in net.nodes)   # seeded start
    assert view_html(to_pyvis(to_networkx(synthetic_graph(5000)))) == html                 # deterministic


def test_a_graph_too_big_to_read_gets_an_overview_of_regions_and_initiatives(seeds_graph):
    from kg.view.page import graph_view_html

    full = graph_view_html(seeds_graph)
    small = graph_view_html(seeds_graph, limit=50)
    assert "概览" in small and "概览" not in full
    assert len(small) < len(full)
    assert "儿科和精神卫生服务年" in small and "安徽省" in small
    assert '"group": "target"' in full and '"group": "target"' not in small       # no target nodes drawn


def test_the_overview_keeps_at_most_400_regions_however_many_pursue_its_initiatives():
    import pyoxigraph

    from kg.rdf.graph import graph_over
    from kg.view.page import overview

    store = pyoxigraph.Store()
    hp, label = "https://w3id.org/hpkg/ontology#", pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    ini = pyoxigraph.NamedNode("https://w3id.org/hpkg/id/initiative/a")
    store.add(pyoxigraph.Quad(ini, label, pyoxigraph.Literal("健康行动", language="zh")))
    for r in range(450):
        region = pyoxigraph.NamedNode(f"https://w3id.org/hpkg/id/region/{r:06d}")
        store.add(pyoxigraph.Quad(region, pyoxigraph.NamedNode(hp + "pursues"), ini))
        store.add(pyoxigraph.Quad(region, pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                  pyoxigraph.NamedNode(hp + "Region")))
        store.add(pyoxigraph.Quad(region, label, pyoxigraph.Literal(f"地区{r}", language="zh")))
    shown = to_networkx(overview(graph_over(store)))
    assert sum(1 for _, kind in shown.nodes(data="kind") if kind != "initiative") == 400
    assert shown.number_of_edges() == 400


def test_the_overview_links_each_region_to_the_initiatives_it_pursues(seeds_graph):
    from kg.view.page import overview

    shown = to_networkx(overview(seeds_graph))
    pursued = {(shown.nodes[s]["label"], shown.nodes[o]["label"]) for s, o, rel in shown.edges(data="rel")
               if rel == "pursues"}
    assert ("安徽省", "儿科和精神卫生服务年") in pursued
    assert not any(rel == "pursues" for *_, rel in to_networkx(seeds_graph).edges(data="rel"))   # plans link them


@pytest.mark.parametrize("name", ["安徽", "皖", "340000"])
def test_kg_view_region_reads_short_and_abbreviated_names(seeds_build, tmp_path, name):
    out, full = tmp_path / f"{name}.html", tmp_path / "full.html"
    data = str(seeds_build / "kg.ttl")
    assert main(["view", "--region", name, "--data", data, "--out", str(out)]) == 0
    assert main(["view", "--region", "安徽省", "--data", data, "--out", str(full)]) == 0
    assert out.read_text(encoding="utf-8") == full.read_text(encoding="utf-8")


def test_a_region_view_does_not_fan_out_through_the_nation_to_every_province(seeds_graph):
    """Climbing partOf to 全国 is fine; coming back down to the other provinces is not."""
    nxg = to_networkx(seeds_graph)
    anhui = "https://w3id.org/hpkg/id/region/340000"
    shown = focus(nxg, [anhui], 2)
    kinds = {n: d["kind"] for n, d in shown.nodes(data=True)}
    assert "全国" in {d["label"] for _, d in shown.nodes(data=True)}
    groups = [g for g in nxg.pred[anhui] if nxg.edges[g, anhui]["rel"] == "member"]      # 长三角: a chosen few
    partners = {m for g in groups for m in nxg.adj[g] if nxg.edges[g, m]["rel"] == "member"}
    assert {n for n, k in kinds.items() if k == "province"} <= {anhui} | partners
    assert len(partners) < 6
    assert not {"台湾省", "香港特别行政区", "澳门特别行政区"} & {d["label"] for _, d in shown.nodes(data=True)}
    assert {"安徽省2025年卫生健康工作", "儿科和精神卫生服务年"} <= {d["label"] for _, d in shown.nodes(data=True)}
    below = [n for n in nxg.pred[anhui] if nxg.edges[n, anhui]["rel"] == "partOf"]   # going down is still fine
    assert set(below) <= set(shown)


def test_kg_view_writes_beside_its_data_unless_told(seeds_build, tmp_path, monkeypatch, capsys):
    import shutil

    data = tmp_path / "elsewhere" / "kg.ttl"
    data.parent.mkdir()
    shutil.copy(seeds_build / "kg.ttl", data)
    monkeypatch.chdir(tmp_path)
    assert main(["view", "--data", str(data)]) == 0
    assert main(["view", "--data", str(data), "--region", "安徽省"]) == 0
    assert (data.parent / "graph.html").is_file() and (data.parent / "view-安徽省.html").is_file()
    assert not (tmp_path / "out").exists()
    assert (data.parent / "graph.html").read_bytes() == (seeds_build / "graph.html").read_bytes()
    assert main(["view", "--data", str(data), "--out", "mine.html"]) == 0
    assert (tmp_path / "mine.html").is_file()


def test_the_pages_sparql_lives_in_rq_files_and_the_overview_limit_is_checked(seeds_graph):
    import inspect

    import kg.view.page as page
    from kg.rdf.io import internal_query

    source = inspect.getsource(page)
    assert "SELECT" not in source and "CONSTRUCT" not in source
    for name in ("view-evidence", "view-node-count", "view-overview"):
        assert "PREFIX hp:" in internal_query(name)
    assert "LIMIT 7 }" in page.overview_query(7) and "LIMIT 300" not in page.overview_query(7)
    for bad in (-1, "5 } ?s ?p ?o {", 2.5, True):
        with pytest.raises(ValueError):
            page.overview_query(bad)
    small = page.overview(seeds_graph, initiatives=3)
    assert len(set(small.subjects(RDF.type, HP.Initiative))) == 3


def test_the_page_network_is_the_graph_network_narrowed(seeds_graph):
    """One conversion (kg.rdf.network): each node and link of the page is one of the graph's network."""
    from kg.rdf.network import to_networkx as graph_network
    from kg.rdf.vocab import HP

    whole = graph_network(seeds_graph)
    page = to_networkx(seeds_graph)
    assert set(page.nodes) < set(whole.nodes)
    for s, o, rel in page.edges(data="rel"):
        assert whole.has_edge(s, o, key=str(HP[rel])), (s, o, rel)
    assert not any(n.startswith("https://w3id.org/hpkg/id/evidence") for n in page.nodes)
