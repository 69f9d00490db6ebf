"""``kg report``: a static, offline HTML report of a built graph, Chinese first.

Pages: an overview with a map of China coloured by plans, targets or the adoption of a chosen
initiative; one page per region (each plan as a card, what changed from one year to the next);
one page per initiative (its diffusion timeline, national first); one page per indicator concept
(every region's target side by side, the national value marked). The map is inline SVG drawn
from the vendored province outlines of ``kg/data/report/`` (see its README for source and
licence); the pages load nothing from outside.

``report_pages`` returns the files as a dict of relative path -> text; the command line writes them.

>>> from kg.rdf.graph import new_graph
>>> sorted(report_pages(new_graph()))[:3]
['index.html', 'report.css', 'report.js']
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jinja2
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from kg.rdf.indicators import concepts as indicator_concepts
from kg.rdf.vocab import HP

ASSETS = Path(__file__).resolve().parent.parent / "data" / "report"
LEVELS = ("nation", "province", "prefecture", "county", "town")
LEVEL_ZH = {"nation": "国家", "province": "省级", "prefecture": "地市级", "county": "县级", "town": "乡镇",
            None: "未定级"}
COMPARATOR = {HP.AtLeast: "≥", HP.AtMost: "≤", HP.Exactly: "="}
UNIT_KIND_ZH = {"percent": "百分比", "per-mille": "千分比", "per-100k": "每十万", "per-population": "每千(万)人口",
                "count": "数量", "years": "岁", "days": "天", "minutes": "分钟", "index": "指数"}


@dataclass
class Evidence:
    quote: str
    document: str
    start: int
    end: int
    sentence: str | None


@dataclass
class Target:
    iri: URIRef
    indicator: str
    comparator: str
    value: float
    max_value: float | None
    unit: str
    year: int
    concept: str | None
    initiative: URIRef | None
    evidence: list[Evidence]

    @property
    def value_text(self) -> str:
        text = _num(self.value) + (f"–{_num(self.max_value)}" if self.max_value is not None else "")
        return f"{self.comparator} {text}{self.unit}"

    @property
    def key(self) -> str:
        return self.concept or self.indicator


@dataclass
class Plan:
    iri: URIRef
    region: URIRef
    year: int
    label: str
    evidence: list[Evidence]
    initiatives: list[URIRef] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Region:
    iri: URIRef
    name: str
    code: str | None
    level: str | None
    parent: URIRef | None
    slug: str
    plans: list[Plan] = field(default_factory=list)


@dataclass
class Initiative:
    iri: URIRef
    name: str
    aliases: list[str]
    slug: str
    plans: list[Plan] = field(default_factory=list)


def _num(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def _slug(iri: URIRef) -> str:
    tail = str(iri).rstrip("/").rsplit("/", 1)[-1]
    return tail if re.fullmatch(r"[A-Za-z0-9_-]{1,80}", tail) else hashlib.sha1(str(iri).encode()).hexdigest()[:12]


def _zh(g: Graph, node, prop=RDFS.label) -> str:
    values = sorted(g.objects(node, prop), key=lambda v: (getattr(v, "language", None) != "zh", str(v)))
    return str(values[0]) if values else str(node).rsplit("/", 1)[-1]


def _evidence(g: Graph, node, plan: URIRef | None = None) -> list[Evidence]:
    found = []
    for ev in g.objects(node, HP.evidence):
        if plan is not None and (ev, HP.inPlan, plan) not in g:
            continue
        sentence = g.value(ev, HP.sentence) if "sentence" in HP.__annotations__ else None
        found.append(Evidence(str(g.value(ev, HP.quote) or ""), str(g.value(ev, HP.document) or ""),
                              int(g.value(ev, HP.start) or 0), int(g.value(ev, HP.end) or 0),
                              str(sentence) if sentence is not None else None))
    return sorted(found, key=lambda e: (e.document, e.start, e.end))


@dataclass
class ReportData:
    regions: dict[URIRef, Region]
    plans: list[Plan]
    initiatives: dict[URIRef, Initiative]
    years: list[int]


def read_report_data(g: Graph) -> ReportData:
    """Regions, plans, initiatives and targets of a built graph, as plain objects."""
    regions: dict[URIRef, Region] = {}
    initiatives: dict[URIRef, Initiative] = {}
    plans = []
    for p in sorted(g.subjects(RDF.type, HP.Plan)):
        r = g.value(p, HP.region)
        if r is None or g.value(p, HP.year) is None:
            continue
        if r not in regions:
            level = g.value(r, HP.level)
            code = g.value(r, HP.adminCode)
            regions[r] = Region(r, _zh(g, r), str(code) if code else None, str(level) if level else None,
                                g.value(r, HP.partOf), _slug(r))
        plan = Plan(p, r, int(g.value(p, HP.year)), _zh(g, p), _evidence(g, p))
        for i in sorted(g.objects(p, HP.includes)):
            if i not in initiatives:
                initiatives[i] = Initiative(i, _zh(g, i), sorted({str(a) for a in g.objects(i, SKOS.altLabel)}),
                                            _slug(i))
            initiatives[i].plans.append(plan)
            plan.initiatives.append(i)
        for t in g.objects(p, HP.hasTarget):
            concept = g.value(t, HP.measures)
            max_value = g.value(t, HP.maxValue)
            plan.targets.append(Target(
                t, str(g.value(t, HP.indicator) or ""), COMPARATOR.get(g.value(t, HP.comparator), "="),
                float(g.value(t, HP.value) or 0), float(max_value) if max_value is not None else None,
                str(g.value(t, HP.unit) or ""), int(g.value(t, HP.year) or plan.year),
                str(concept).rsplit("/", 1)[-1] if concept is not None else None,
                g.value(t, HP.forInitiative), _evidence(g, t, p)))
        plan.targets.sort(key=lambda t: (t.indicator, t.value, str(t.iri)))
        plan.initiatives.sort(key=lambda i: initiatives[i].name)
        regions[r].plans.append(plan)
        plans.append(plan)
    for region in regions.values():
        region.plans.sort(key=lambda pl: (pl.year, str(pl.iri)))
    for ini in initiatives.values():
        ini.plans.sort(key=lambda pl: (pl.year, _level_rank(regions[pl.region].level), regions[pl.region].name))
    years = sorted({pl.year for pl in plans})
    return ReportData(regions, plans, initiatives, years)


def _level_rank(level: str | None) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


# ---------------------------------------------------------------- the map

def _decode_ring(coords: str, offset: list[int], scale: float = 1024) -> list[tuple[float, float]]:
    """ECharts' compressed coordinates (zigzag, delta, 1/1024 degree) -> (lon, lat) pairs."""
    points, x0, y0 = [], offset[0], offset[1]
    for i in range(0, len(coords) - 1, 2):
        x, y = ord(coords[i]) - 64, ord(coords[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x0, y0 = x0 + x, y0 + y
        points.append((x0 / scale, y0 / scale))
    return points


MAP_WIDTH, MAP_HEIGHT = 840, 600
_LON0, _LAT0, _LAT1 = 73.0, 54.0, 17.0


def _project(lon: float, lat: float) -> tuple[float, float]:
    k = MAP_HEIGHT / (_LAT0 - _LAT1)
    return ((lon - _LON0) * k * math.cos(math.radians(35)), (_LAT0 - lat) * k)


@lru_cache(maxsize=None)
def province_shapes() -> tuple[tuple[str, str, str], ...]:
    """(six-digit code, short name, SVG path) of each province of the vendored outlines."""
    data = json.loads((ASSETS / "china-provinces.json").read_text(encoding="utf-8"))
    shapes = []
    for feature in data["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        offsets = geom["encodeOffsets"] if geom["type"] == "MultiPolygon" else [geom["encodeOffsets"]]
        d = []
        for polygon, poly_offsets in zip(polygons, offsets):
            for ring, offset in zip(polygon, poly_offsets):
                pts = [_project(lon, lat) for lon, lat in _decode_ring(ring, offset)]
                d.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
        shapes.append((str(feature["properties"]["id"]), feature["properties"]["name"], "".join(d)))
    return tuple(sorted(shapes))


def _province_of(data: ReportData, g: Graph, region: URIRef) -> str | None:
    """The six-digit code of the province a region lies in (itself, or up hp:partOf)."""
    node, seen = region, set()
    while node is not None and node not in seen:
        seen.add(node)
        if str(g.value(node, HP.level) or "") == "province":
            code = g.value(node, HP.adminCode)
            return str(code) if code else None
        node = g.value(node, HP.partOf)
    return None


# ---------------------------------------------------------------- pages

def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ASSETS)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["num"] = _num
    env.globals["LEVEL_ZH"] = LEVEL_ZH
    env.globals["UNIT_KIND_ZH"] = UNIT_KIND_ZH
    return env


def _changes(region: Region, initiatives: dict[URIRef, Initiative]) -> list[dict]:
    """What changed from each plan year to the next of one region."""
    by_year: dict[int, list[Plan]] = defaultdict(list)
    for plan in region.plans:
        by_year[plan.year].append(plan)
    years = sorted(by_year)
    changes = []
    for earlier, later in zip(years, years[1:]):
        a = {i for p in by_year[earlier] for i in p.initiatives}
        b = {i for p in by_year[later] for i in p.initiatives}
        ta = {t.key: t for p in by_year[earlier] for t in p.targets}
        tb = {t.key: t for p in by_year[later] for t in p.targets}
        changes.append({
            "earlier": earlier, "later": later,
            "kept": sorted((initiatives[i] for i in a & b), key=lambda x: x.name),
            "added": sorted((initiatives[i] for i in b - a), key=lambda x: x.name),
            "dropped": sorted((initiatives[i] for i in a - b), key=lambda x: x.name),
            "targets_changed": [(ta[k], tb[k]) for k in sorted(ta.keys() & tb.keys())
                                if (ta[k].value, ta[k].max_value) != (tb[k].value, tb[k].max_value)],
            "targets_added": [tb[k] for k in sorted(tb.keys() - ta.keys())],
            "targets_dropped": [ta[k] for k in sorted(ta.keys() - tb.keys())],
        })
    return changes


def report_pages(g: Graph, graph_page: str | None = None) -> dict[str, str]:
    """The report's files (relative path -> text): pages, stylesheet and script.

    ``graph_page``: the path of the whole-graph HTML page relative to the report folder (e.g.
    ``../graph.html``), linked from every page when given.
    """
    data = read_report_data(g)
    env = _env()
    concepts = indicator_concepts()
    regions = sorted(data.regions.values(), key=lambda r: (_level_rank(r.level), r.code or "999999", r.name))
    initiatives = sorted(data.initiatives.values(), key=lambda i: (-len({p.region for p in i.plans}), i.name))
    targets_by_concept: dict[str, list[tuple[Plan, Target]]] = defaultdict(list)
    for plan in data.plans:
        for t in plan.targets:
            if t.concept:
                targets_by_concept[t.concept].append((plan, t))
    n_targets = sum(len(p.targets) for p in data.plans)
    n_linked = sum(len(v) for v in targets_by_concept.values())

    # the map: plans, targets and initiatives of each province (its own and its prefectures' and counties')
    per_province: dict[str, dict] = defaultdict(lambda: {"plans": 0, "targets": 0, "initiatives": set(),
                                                         "regions": set()})
    for plan in data.plans:
        code = _province_of(data, g, plan.region)
        if code:
            cell = per_province[code]
            cell["plans"] += 1
            cell["targets"] += len(plan.targets)
            cell["initiatives"].update(data.initiatives[i].slug for i in plan.initiatives)
            cell["regions"].add(plan.region)
    province_page = {r.code: r for r in regions if r.level == "province" and r.code}
    shapes = []
    for code, name, path in province_shapes():
        cell = per_province.get(code)
        page = province_page.get(code)
        shapes.append({"code": code, "name": name, "d": path, "href": f"regions/{page.slug}.html" if page else None,
                       "plans": cell["plans"] if cell else 0, "targets": cell["targets"] if cell else 0,
                       "initiatives": " ".join(sorted(cell["initiatives"])) if cell else ""})
    top = [i for i in initiatives if len({p.region for p in i.plans}) >= 2][:40]
    pages = {"report.css": (ASSETS / "report.css").read_text(encoding="utf-8"),
             "report.js": (ASSETS / "report.js").read_text(encoding="utf-8")}
    common = {"graph_page": graph_page, "n_regions": len(regions), "n_plans": len(data.plans),
              "n_initiatives": len(initiatives), "n_targets": n_targets}
    pages["index.html"] = env.get_template("index.html.jinja").render(
        root="", regions=regions, initiatives=initiatives[:30], map_initiatives=top, shapes=shapes,
        width=MAP_WIDTH, height=MAP_HEIGHT, n_linked=n_linked,
        indicators=[(concepts[c], len(v), len({p.region for p, _ in v})) for c, v in
                    sorted(targets_by_concept.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
        **common)

    region_by_iri = data.regions
    for region in regions:
        pages[f"regions/{region.slug}.html"] = env.get_template("region.html.jinja").render(
            root="../", region=region, parent=region_by_iri.get(region.parent), initiatives=data.initiatives,
            concepts=concepts, changes=_changes(region, data.initiatives),
            children=sorted((r for r in regions if r.parent == region.iri), key=lambda r: r.name), **common)

    for ini in initiatives:
        rows: dict[URIRef, dict] = {}
        for plan in ini.plans:
            row = rows.setdefault(plan.region, {"region": region_by_iri[plan.region], "years": set(), "quotes": []})
            row["years"].add(plan.year)
            row["quotes"] += [(plan.year, e) for e in _evidence(g, ini.iri, plan.iri)]
        timeline = sorted(rows.values(), key=lambda r: (_level_rank(r["region"].level), min(r["years"]),
                                                        r["region"].name))
        first_years = [min(r["years"]) for r in timeline]
        adoption = [(y, sum(1 for f in first_years if f <= y)) for y in data.years]
        pages[f"initiatives/{ini.slug}.html"] = env.get_template("initiative.html.jinja").render(
            root="../", initiative=ini, timeline=timeline, years=data.years, adoption=adoption,
            targets=[(p, t) for p in data.plans for t in p.targets if t.initiative == ini.iri], **common)

    for cid, pairs in sorted(targets_by_concept.items()):
        pairs = sorted(pairs, key=lambda pt: (_level_rank(region_by_iri[pt[0].region].level),
                                              region_by_iri[pt[0].region].name, pt[0].year, pt[1].value))
        top_value = max(max(t.value, t.max_value or 0) for _, t in pairs) or 1
        national = [t for p, t in pairs if region_by_iri[p.region].level == "nation"]
        pages[f"indicators/{cid}.html"] = env.get_template("indicator.html.jinja").render(
            root="../", concept=concepts[cid], rows=[(p, t, region_by_iri[p.region]) for p, t in pairs],
            top_value=top_value, national=national[0] if national else None,
            broader=concepts.get(concepts[cid].broader), **common)
    return pages


def write_report(pages: dict[str, str], out: Path) -> list[Path]:
    """Write the pages under ``out`` (made if missing); returns the files written."""
    written = []
    for rel, text in sorted(pages.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
