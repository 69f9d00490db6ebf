"""`kg report` in a real browser (Debian's Chromium through Playwright, as tests/test_view_browser.py):
no outside request, no console error, the map draws provinces, every internal link opens a page,
an initiative page shows its timeline, an indicator page every target of that indicator.

Set HPKG_REPORT_SCREENSHOTS=docs to also save the README's screenshots
(docs/report-overview.png, docs/report-region.png, docs/report-indicator.png).
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import URIRef

from kg.cli import main
from kg.rdf.vocab import HP
from test_view_browser import CHROMIUM, browser, distinct_colours, save_png  # noqa: F401 (browser: the fixture)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH")
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def report(seeds_build):
    assert main(["report", "--data", str(seeds_build / "kg.ttl")]) == 0
    return seeds_build / "report"


class Session:
    """One browser context over the report folder: a file under the build folder may load, anything else
    is refused and recorded."""

    def __init__(self, browser, root: Path):
        self.root = root.resolve().as_uri()
        self.allowed = root.parent.resolve().as_uri() + "/"
        self.outside, self.console, self.errors = [], [], []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append((m.type, m.text)) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.allowed):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, rel: str):
        self.page.goto(f"{self.root}/{rel}")
        self.page.wait_for_function("window.hpkgSettled === true", timeout=20000)
        return self.page


@pytest.fixture(scope="module")
def session(browser, report):
    s = Session(browser, report)
    yield s
    s.context.close()


def test_the_overview_draws_the_map_with_coloured_provinces(session):
    page = session.open("index.html")
    assert page.locator("#china-map path.province").count() == 34
    fills = page.evaluate("""[...document.querySelectorAll('#china-map path.province')]
                             .map(p => getComputedStyle(p).fill)""")
    assert len(set(fills)) >= 3                         # no plan, and at least two shades of plans
    box = page.locator("#china-map").bounding_box()
    assert box["width"] > 500 and box["height"] > 350
    assert distinct_colours(page.locator("#china-map").screenshot()) > 20
    assert session.outside == [] and session.console == [] and session.errors == []


def test_choosing_an_initiative_recolours_the_map(session):
    page = session.open("index.html")
    before = page.evaluate("getComputedStyle(document.querySelector('path[data-code=\"340000\"]')).fill")
    value = page.eval_on_selector("#map-mode option[value^='ini:']", "o => o.value")
    page.select_option("#map-mode", value)
    slug = value[4:]
    adopted = page.evaluate(f"""[...document.querySelectorAll('#china-map path.province')]
        .filter(p => (' ' + p.dataset.initiatives + ' ').includes(' {slug} ')).map(p => getComputedStyle(p).fill)""")
    assert adopted and len(set(adopted)) == 1
    assert "采纳" in page.inner_text("#map-legend") and before
    assert session.console == [] and session.errors == []


def test_every_internal_link_opens_a_page_without_error(session, report):
    seen, queue, failures = set(), ["index.html"], []
    while queue:
        rel = queue.pop()
        if rel in seen:
            continue
        seen.add(rel)
        page = session.open(rel)
        base = page.url
        for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(a => new URL(a.getAttribute('href'), document.baseURI).href)"):
            path = urlsplit(href)._replace(fragment="").geturl()
            if not path.startswith(session.root + "/"):
                if path.startswith("file:") and Path(urlsplit(path).path).is_file():
                    continue                          # the graph page beside the report
                failures.append((rel, href))
                continue
            target = path[len(session.root) + 1:]
            if not (report / unquote(target)).is_file():
                failures.append((rel, href))
            elif target.endswith(".html"):
                queue.append(unquote(target))
        assert base.startswith(session.root)
    assert failures == []
    assert len(seen) == len(list(report.rglob("*.html")))      # every page is reachable from the overview
    assert session.outside == [] and session.console == [] and session.errors == []


def test_an_initiative_page_shows_its_timeline(session, report):
    rel = next(p.relative_to(report).as_posix() for p in (report / "initiatives").glob("*.html")
               if "<h1>儿科和精神卫生服务年</h1>" in p.read_text(encoding="utf-8"))
    page = session.open(rel)
    rows = page.locator("table.timeline tbody tr")
    assert rows.count() >= 5 and rows.first.get_attribute("data-region") == "全国"
    assert page.locator("table.timeline td.first").count() == rows.count()
    assert page.locator("table.timeline td.first").first.is_visible()


def test_an_indicator_page_shows_every_target_of_that_indicator(session, seeds_graph):
    concept = URIRef("https://w3id.org/hpkg/id/indicator/national-regional-medical-centres")
    n = len(set(seeds_graph.subjects(HP.measures, concept)))
    page = session.open("indicators/national-regional-medical-centres.html")
    assert page.locator(".bar-row").count() == n == page.locator("tr.target-row").count()
    widths = page.evaluate("[...document.querySelectorAll('.bar:not(.range)')].map(b => b.getBoundingClientRect().width)")
    assert len(widths) == n and all(w > 0 for w in widths) and max(widths) > 200


def test_readme_screenshots(session):
    folder = os.environ.get("HPKG_REPORT_SCREENSHOTS")
    shots = {"report-overview.png": "index.html", "report-region.png": "regions/340000.html",
             "report-indicator.png": "indicators/national-regional-medical-centres.html"}
    for name, rel in shots.items():
        page = session.open(rel)
        png = page.screenshot(clip={"x": 0, "y": 0, "width": 1280, "height": 900})
        assert distinct_colours(png) > 50
        if folder:
            save_png(png, Path(folder) / name)
