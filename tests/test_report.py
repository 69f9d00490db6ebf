"""`kg report` on the seeds: the pages it writes, their links, the map, the timeline and the
indicator pages, read as HTML (the browser test opens them for real)."""
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import RDF, URIRef

from kg.cli import main
from kg.rdf.vocab import HP
from kg.view.report import _decode_ring, province_shapes, report_pages


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.refs.append(attrs[key])
        if attrs.get("id"):
            self.ids.add(attrs["id"])


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module")
def report(seeds_build):
    out = seeds_build / "report"
    assert main(["report", "--data", str(seeds_build / "kg.ttl")]) == 0
    return out


def test_kg_report_writes_beside_the_graph_and_says_where(seeds_build, tmp_path, capsys):
    assert main(["report", "--data", str(seeds_build / "kg.ttl"), "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert f"to {tmp_path / 'r'}/" in out and (tmp_path / "r" / "index.html").is_file()


def test_every_link_of_every_page_resolves_and_nothing_points_outside(report):
    pages = sorted(report.rglob("*.html"))
    assert len(pages) > 50
    broken, outside = [], []
    for page in pages:
        links = parse(page)
        for ref in links.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith("//"):
                outside.append((page.name, ref))
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append((str(page.relative_to(report)), ref))
            elif parts.fragment and parts.fragment not in parse(target).ids:
                broken.append((str(page.relative_to(report)), ref))
    assert broken == [] and outside == []


def test_the_pages_are_chinese_first(report):
    html = (report / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "卫生健康工作计划总览" in html


def test_a_page_for_every_region_initiative_and_linked_indicator(report, seeds_graph):
    regions = {seeds_graph.value(p, HP.region) for p in seeds_graph.subjects(RDF.type, HP.Plan)}
    assert len(list((report / "regions").glob("*.html"))) == len(regions)
    assert len(list((report / "initiatives").glob("*.html"))) == len(set(seeds_graph.subjects(RDF.type, HP.Initiative)))
    concepts = {str(c).rsplit("/", 1)[1] for c in seeds_graph.objects(None, HP.measures)}
    assert {p.stem for p in (report / "indicators").glob("*.html")} == concepts


def test_the_map_has_every_province_and_colours_those_with_plans(report):
    html = (report / "index.html").read_text(encoding="utf-8")
    assert html.count('class="province"') == 34
    anhui = re.search(r'<a href="regions/340000.html"><path class="province" [^>]*data-code="340000"[^>]*>', html)
    assert anhui and 'data-plans="3"' in anhui.group(0)     # its own two plans and 萧县's
    assert 'data-code="650000"' in html and 'data-plans="0"' in html


def test_the_province_outlines_decode_to_china(tmp_path):
    shapes = province_shapes()
    assert len(shapes) == 34 and {"340000", "110000", "650000", "460000", "710000"} <= {c for c, _, _ in shapes}
    assert _decode_ring("@@", [1024, 2048]) == [(1.0, 2.0)]


def test_a_region_page_shows_plan_cards_and_the_change_between_years(report):
    html = (report / "regions" / "340000.html").read_text(encoding="utf-8")
    assert html.count('class="card"') == 2 and "2024 → 2025" in html
    assert "每千人口托位数" in html and "4.1个" in html                    # a target with its evidence
    assert "003_1429ae6034b89515.txt" in html


def test_an_initiative_page_shows_its_diffusion_timeline_nation_first(report):
    page = next(p for p in (report / "initiatives").glob("*.html")
                if "<h1>儿科和精神卫生服务年</h1>" in p.read_text(encoding="utf-8"))
    html = page.read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-region="([^"]+)">', html)
    assert rows[0] == "全国" and {"安徽省", "北京市"} <= set(rows)
    assert "首次" in html and "累计采纳地区" in html


def test_an_indicator_page_shows_every_target_of_that_indicator(report, seeds_graph):
    concept = URIRef("https://w3id.org/hpkg/id/indicator/national-regional-medical-centres")
    targets = set(seeds_graph.subjects(HP.measures, concept))
    html = (report / "indicators" / "national-regional-medical-centres.html").read_text(encoding="utf-8")
    assert html.count('class="target-row"') == len(targets) == html.count('class="bar-row"') >= 2
    assert "安徽省" in html and "湖北省" in html


def test_the_report_of_an_empty_graph_is_an_overview_alone():
    from kg.rdf.graph import new_graph

    pages = report_pages(new_graph())
    assert sorted(pages) == ["index.html", "report.css", "report.js"]


def test_the_report_is_deterministic(seeds_graph):
    assert report_pages(seeds_graph, "../graph.html") == report_pages(seeds_graph, "../graph.html")


def test_kg_report_on_a_missing_graph_is_a_one_line_error(tmp_path, capsys):
    assert main(["report", "--data", str(tmp_path / "none.ttl")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
