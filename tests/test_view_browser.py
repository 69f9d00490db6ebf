"""The built page in a real browser: Debian's headless Chromium, driven by Playwright.

Playwright never downloads a browser here; it launches /usr/bin/chromium
(scripts/test.sh installs Debian's package). Set HPKG_SCREENSHOT=docs/graph.png
to also save the seeds view's screenshot for the README.
"""
import io
import os
import shutil
import time
from pathlib import Path

import pytest

from kg.view.page import to_networkx, to_pyvis, view_html
from synthetic import synthetic_graph
from test_view import graph_node_count, hostile_graph

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH: install Debian's chromium "
                                "(bash scripts/test.sh does it as root) to run the browser tests")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"]
VIEWPORT = {"width": 1400, "height": 900}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """One page opened from file://, with every request and console message it made."""

    def __init__(self, browser, path: Path, timeout_s: float = 30):
        self.uri = path.resolve().as_uri()
        self.requests, self.console, self.errors = [], [], []
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # anything that is not this file is refused (and recorded by the request hook above)
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.uri else route.abort())
        t0 = time.perf_counter()
        self.page.goto(self.uri)
        self.page.wait_for_function("window.hpkgSettled === true", timeout=timeout_s * 1000)
        self.seconds = time.perf_counter() - t0

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.uri and not u.startswith("data:")]

    def console_errors(self) -> list[str]:
        bad = [text for kind, text in self.console if kind == "error" or "Unknown option" in text]
        return bad + self.errors

    def rendered_nodes(self) -> int:
        return self.js("window.hpkgNetwork.body.nodeIndices.length")

    def close(self):
        self.context.close()


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return len(image.getcolors(maxcolors=image.width * image.height))


def save_png(png: bytes, path: Path) -> None:
    """Save a screenshot with a 256-colour palette (a quarter of the size, same look)."""
    from PIL import Image

    Image.open(io.BytesIO(png)).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)


@pytest.fixture(scope="module")
def seeds_html(seeds_build):
    return (seeds_build / "graph.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seeds_visit(browser, seeds_build):
    visit = Visit(browser, seeds_build / "graph.html")
    yield visit
    visit.close()


def test_the_seeds_page_loads_nothing_from_outside_the_file(seeds_visit):
    assert seeds_visit.outside_requests() == []


def test_the_seeds_page_logs_no_error(seeds_visit):
    assert seeds_visit.console_errors() == []


def test_the_browser_draws_every_node_of_the_graph(seeds_visit, seeds_graph):
    assert seeds_visit.rendered_nodes() == graph_node_count(seeds_graph)
    assert seeds_visit.page.inner_text("#shown") == f"显示 {graph_node_count(seeds_graph)} / {graph_node_count(seeds_graph)} 个节点"


def test_physics_has_stopped_and_nodes_stay_put(seeds_visit):
    assert seeds_visit.js("window.hpkgNetwork.physics.physicsEnabled") is False
    before = seeds_visit.js("window.hpkgNetwork.getPositions()")
    seeds_visit.page.wait_for_timeout(600)
    assert seeds_visit.js("window.hpkgNetwork.getPositions()") == before
    assert seeds_visit.page.is_hidden("#progress")


def test_the_seeds_page_opens_on_the_python_layout_at_once(seeds_visit, seeds_html):
    from test_view import page_data

    assert seeds_visit.seconds < 10
    placed = {n["id"]: {"x": n["x"], "y": n["y"]} for n in page_data(seeds_html)["nodes"]}
    assert seeds_visit.js("window.hpkgNetwork.getPositions()") == placed     # nothing moved them
    scale = seeds_visit.js("window.hpkgNetwork.getScale()")
    assert 0.05 < scale < 5                                                  # fitted to the window


def test_the_screenshot_is_not_blank(seeds_visit, tmp_path):
    seeds_visit.js("window.hpkgNetwork.fit({animation: false})")
    png = seeds_visit.page.screenshot()
    (tmp_path / "graph.png").write_bytes(png)
    assert distinct_colours(png) > 300
    graph_only = seeds_visit.page.locator("#graph").screenshot()
    assert distinct_colours(graph_only) > 100


def test_searching_a_name_selects_and_focuses_that_node(seeds_visit):
    page = seeds_visit.page
    page.fill("#search", "安徽省")
    page.press("#search", "Enter")
    selected = seeds_visit.js("window.hpkgNetwork.getSelectedNodes()")
    assert selected == ["https://w3id.org/hpkg/id/region/340000"]
    assert page.is_visible("#tooltip")
    assert page.inner_text("#tooltip .tip-label") == "安徽省"
    assert "代码 340000" in page.inner_text("#tooltip .tip-class")
    page.fill("#search", "没有这个节点")
    page.press("#search", "Enter")
    assert "notfound" in page.get_attribute("#search", "class")


def test_a_failed_search_clears_the_previous_tooltip(seeds_visit):
    page = seeds_visit.page
    page.fill("#search", "安徽省")
    page.press("#search", "Enter")
    assert page.is_visible("#tooltip") and page.inner_text("#tooltip .tip-label") == "安徽省"
    page.fill("#search", "没有这个节点")
    page.press("#search", "Enter")
    assert "notfound" in page.get_attribute("#search", "class")
    assert page.is_hidden("#tooltip")
    assert seeds_visit.js("window.hpkgNetwork.getSelectedNodes()") == []


def test_hovering_a_node_shows_its_evidence(seeds_visit):
    page = seeds_visit.page
    page.keyboard.press("Escape")                                  # unpin the search's tooltip
    assert page.is_hidden("#tooltip")
    seeds_visit.js("window.hpkgNetwork.fit({animation: false})")
    node = "https://w3id.org/hpkg/id/plan/340000-2025"
    seeds_visit.js("id => window.hpkgNetwork.focus(id, {scale: 1.5, animation: false})", node)
    at = seeds_visit.js("id => window.hpkgNetwork.canvasToDOM(window.hpkgNetwork.getPosition(id))", node)
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + at["x"] + 3, box["y"] + at["y"] + 3)
    page.wait_for_selector("#tooltip:not([hidden])", timeout=3000)
    text = page.inner_text("#tooltip")
    assert "安徽省2025年卫生健康工作" in text and "工作计划" in text
    assert page.locator("#tooltip blockquote").count() >= 1
    assert ".txt" in page.inner_text("#tooltip cite")


def test_filters_by_region_theme_and_class(seeds_visit, seeds_graph):
    page, total = seeds_visit.page, graph_node_count(seeds_graph)
    visible = "window.hpkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).length"
    page.select_option("#region-filter", label="安徽省")
    anhui = seeds_visit.js(visible)
    assert 5 < anhui < total
    assert page.inner_text("#shown") == f"显示 {anhui} / {total} 个节点"
    page.select_option("#theme-filter", index=1)
    assert seeds_visit.js(visible) <= anhui
    page.select_option("#region-filter", value="")
    page.select_option("#theme-filter", value="")
    page.uncheck("#legend input[data-kind=initiative]")
    groups = seeds_visit.js("window.hpkgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.group)")
    assert "initiative" not in groups and "plan" in groups
    page.check("#legend input[data-kind=initiative]")
    assert seeds_visit.js(visible) == total


def test_legend_counts_follow_the_filters(seeds_visit, seeds_graph):
    page = seeds_visit.page
    count = "kind => Number(document.querySelector(`#legend [data-count=${kind}]`).textContent)"
    visible = ("kind => window.hpkgNetwork.body.data.nodes.get("
               "{filter: n => !n.hidden && n.group === kind}).length")
    kinds = seeds_visit.js("Array.from(document.querySelectorAll('#legend [data-count]')).map(c => c.dataset.count)")
    full = {kind: seeds_visit.js(count, kind) for kind in kinds}
    assert sum(full.values()) == graph_node_count(seeds_graph)
    page.select_option("#region-filter", label="安徽省")
    anhui = {kind: seeds_visit.js(count, kind) for kind in kinds}
    assert anhui == {kind: seeds_visit.js(visible, kind) for kind in kinds}
    assert anhui["plan"] < full["plan"] and anhui["province"] < full["province"]
    assert sum(anhui.values()) < sum(full.values())
    page.select_option("#theme-filter", index=1)
    both = {kind: seeds_visit.js(count, kind) for kind in kinds}
    assert both == {kind: seeds_visit.js(visible, kind) for kind in kinds}
    assert all(both[k] <= anhui[k] for k in kinds)
    page.select_option("#region-filter", value="")
    page.select_option("#theme-filter", value="")
    assert {kind: seeds_visit.js(count, kind) for kind in kinds} == full


def test_the_readme_screenshot(browser, seeds_build, tmp_path):
    """The picture in the README: a fresh seeds page, zoomed on Anhui's plan with its tooltip."""
    visit = Visit(browser, seeds_build / "graph.html")
    try:
        visit.js("window.hpkgFind('安徽省2025年卫生健康工作')")
        visit.js("window.hpkgNetwork.moveTo({scale: 0.9, animation: false})")
        png = visit.page.screenshot()
        assert distinct_colours(png) > 300
        assert "安徽省2025年卫生健康工作" in visit.page.inner_text("#tooltip")
        save_png(png, Path(os.environ.get("HPKG_SCREENSHOT") or tmp_path / "readme.png"))
    finally:
        visit.close()


def test_markup_in_a_quote_shows_as_text(browser, tmp_path):
    page_file = tmp_path / "hostile.html"
    page_file.write_text(view_html(to_pyvis(to_networkx(hostile_graph()))), encoding="utf-8")
    visit = Visit(browser, page_file)
    try:
        found = visit.js("window.hpkgFind('工程')")
        assert found == "https://w3id.org/hpkg/id/initiative/x"
        tooltip = visit.page.locator("#tooltip")
        assert "实施</script><script>window.pwned=1</script>行动" in tooltip.inner_text()
        assert "<img src=x onerror=window.pwned=1>工程" in tooltip.inner_text()
        assert tooltip.locator("script, img, b").count() == 0
        assert visit.js("window.pwned === undefined") is True
        assert visit.console_errors() == [] and visit.outside_requests() == []
    finally:
        visit.close()


def test_five_thousand_nodes_settle_and_render_in_under_30_seconds(browser, tmp_path):
    g = synthetic_graph(5000)
    page_file = tmp_path / "big.html"
    page_file.write_text(view_html(to_pyvis(to_networkx(g))), encoding="utf-8")
    visit = Visit(browser, page_file, timeout_s=30)
    try:
        assert visit.seconds < 30, f"{visit.seconds:.1f} s to settle 5,000 nodes"
        assert visit.rendered_nodes() == graph_node_count(g) == 5000
        assert visit.console_errors() == [] and visit.outside_requests() == []
        assert visit.js("window.hpkgNetwork.physics.physicsEnabled") is False
        assert distinct_colours(visit.page.locator("#graph").screenshot()) > 50
    finally:
        visit.close()


def test_a_focused_page_works_in_the_browser(browser, seeds_build, seeds_graph, tmp_path):
    from kg.cli import main
    from kg.view.page import focus

    out = tmp_path / "anhui.html"
    assert main(["view", "--data", str(seeds_build / "kg.ttl"), "--region", "安徽省", "--out", str(out)]) == 0
    visit = Visit(browser, out)
    try:
        nxg = to_networkx(seeds_graph)
        expected = len(focus(nxg, ["https://w3id.org/hpkg/id/region/340000"], 2))
        assert visit.rendered_nodes() == expected < graph_node_count(seeds_graph)
        assert visit.console_errors() == [] and visit.outside_requests() == []
        assert visit.page.title() == "安徽省（2层邻域）"
    finally:
        visit.close()


def test_an_empty_graph_gives_a_page_that_settles(browser, tmp_path):
    from rdflib import Graph

    page_file = tmp_path / "empty.html"
    page_file.write_text(view_html(to_pyvis(to_networkx(Graph()))), encoding="utf-8")
    visit = Visit(browser, page_file, timeout_s=10)
    try:
        assert visit.rendered_nodes() == 0 and visit.console_errors() == []
        assert visit.page.inner_text("#shown") == "显示 0 / 0 个节点"
    finally:
        visit.close()
