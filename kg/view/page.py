"""The interactive HTML view of the graph: a pyvis ``Network`` rendered with our own template.

The page is one self-contained file (vis-network's script and stylesheet are
inlined, no fonts or scripts are fetched), so it opens from ``file://``
offline. It has a legend that doubles as a filter by class, a search box,
filters by region and by theme, tooltips with evidence quotes built as text
(never parsed as HTML). Pages of up to ``PYTHON_LAYOUT_MAX`` nodes come laid out
by networkx (fixed seed), physics off, so they open at once and still; larger
ones get seeded start points and physics that stabilises once and is then
switched off. Colours, shapes, edge labels and sizes are data in ``kg/data/view/style.yaml``.

Functions return objects; only the command line and the build write files.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix hp: <https://w3id.org/hpkg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix : <https://w3id.org/hpkg/id/> .
... :r340000 a hp:Region, hp:Province ; rdfs:label "安徽省"@zh ; hp:adminCode "340000" .
... :p1 a hp:Plan ; rdfs:label "安徽省2025年卫生健康工作"@zh ; hp:region :r340000 ; hp:includes :i1 .
... :i1 a hp:Initiative ; rdfs:label "儿科和精神卫生服务年"@zh .
... ''')
>>> nxg = to_networkx(g)
>>> sorted((d["label"], d["kind"]) for _, d in nxg.nodes(data=True))
[('儿科和精神卫生服务年', 'initiative'), ('安徽省', 'province'), ('安徽省2025年卫生健康工作', 'plan')]
>>> '"label": "举措"' in view_html(to_pyvis(nxg))
True
"""
from __future__ import annotations

from collections import defaultdict

import hashlib
import math
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyvis
import yaml
from jinja2 import Environment, FileSystemLoader
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from kg.errors import UserError
from kg.view.analysis import adoption_counts, zh_label
from kg.rules import RuleError, data_path
from kg.rdf.graph import oxigraph_store
from kg.rdf.io import internal_query
from kg.rdf.network import preferred_label
from kg.rdf.network import to_networkx as rdf_network
from kg.rdf.vocab import HP
from kg.serve.names import NameNotFound, resolve_initiative, resolve_region

TEMPLATE = "graph.html.jinja"
VIS_LIB = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
STYLE_KEYS = {"font", "nodes", "edges", "size", "label_max_chars", "quote_max_chars", "quotes_per_node"}
# rdf:type -> view kind, most specific first; a region with none of the level classes is "region".
REGION_LEVELS = ((HP.Nation, "nation"), (HP.Province, "province"), (HP.Prefecture, "prefecture"),
                 (HP.County, "county"), (HP.Town, "town"))
REGION_KINDS = frozenset({kind for _, kind in REGION_LEVELS} | {"region"})
KIND_CLASSES = ((HP.RegionGroup, "group"), (HP.Plan, "plan"), (HP.Initiative, "initiative"), (HP.Target, "target"))
IMPROVED_LAYOUT_MAX = 300       # above this, vis-network's own start layout is too slow; we seed positions
PYTHON_LAYOUT_MAX = 499         # up to this, networkx lays the page out (dense Fruchterman-Reingold), physics off
LAYOUT_SEED = 20251
COMPARATOR_SIGN = {HP.AtLeast: "≥", HP.AtMost: "≤", HP.Exactly: "="}


class ViewError(UserError):
    pass


@lru_cache(maxsize=None)
def load_style() -> dict:
    """The view's style file, checked for its keys."""
    path = data_path("view", "style.yaml")
    try:
        style = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, yaml.YAMLError) as exc:
        raise RuleError(f"view/style.yaml: cannot load ({exc})") from None
    missing = STYLE_KEYS - set(style or {})
    if missing:
        raise RuleError(f"view/style.yaml: missing key(s) {', '.join(sorted(missing))}")
    for kind, spec in style["nodes"].items():
        if not {"name", "colour", "shape"} <= set(spec):
            raise RuleError(f"view/style.yaml: nodes.{kind} needs name, colour and shape")
    return style


def _short(text: str, limit: int) -> str:
    """Cut a label to ``limit`` characters with an ellipsis.

    >>> _short("二级以上综合医院精神卫生门诊", 6)
    '二级以上综…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(literal) -> str:
    """A decimal as written by a person, the same whether built or parsed back from Turtle.

    >>> _number("100.0"), _number("610000"), _number("0.50")
    ('100', '610000', '0.5')
    """
    try:
        return format(Decimal(str(literal)).normalize(), "f")
    except InvalidOperation:
        return str(literal)


def _kind(data: dict) -> str:
    """A region's level: from its class, else from hp:level (anonymous regions), else just "region"."""
    for cls, kind in REGION_LEVELS:
        if cls in data["types"]:
            return kind
    level = str(_value(data, HP.level) or "")
    return level if level in REGION_KINDS else "region"


def _value(data: dict, pred: URIRef):
    values = data["values"].get(pred)
    return values[0] if values else None


def _detail(data: dict, kind: str) -> str:
    """The code or value line of a tooltip."""
    if kind == "plan":
        year = _value(data, HP.year)
        return f"{year}年" if year is not None else ""
    if kind == "target":
        value, unit = _value(data, HP.value), _value(data, HP.unit) or ""
        if value is None:
            return ""
        top = _value(data, HP.maxValue)
        sign = COMPARATOR_SIGN.get(_value(data, HP.comparator), "")
        year = _value(data, HP.year)
        value = _number(value)
        amount = f"{value}–{_number(top)}{unit}" if top is not None else f"{sign}{value}{unit}"
        return amount + (f"（{year}年）" if year is not None else "")
    if kind == "initiative":
        aliases = [str(a) for a in data["values"].get(SKOS.altLabel, ())]
        return ("又称 " + "、".join(aliases[:3])) if aliases else ""
    if kind == "theme":
        return ""
    code = _value(data, HP.adminCode)
    return f"代码 {code}" if code is not None else ""


def marked_sentence(sentence: str, offset: int, quote: str, limit: int) -> list[str]:
    """[before, quote, after]: the sentence around its quote, cut to about ``limit`` characters.

    >>> marked_sentence("二级以上综合医院精神(心理)卫生门诊达70%以上。", 19, "70%以上", 12)
    ['…卫生门诊达', '70%以上', '。']
    """
    before, after = sentence[:offset], sentence[offset + len(quote):]
    room = max(0, limit - len(quote))
    keep_after = min(len(after), room // 2 if len(before) > room // 2 else room - len(before))
    keep_before = min(len(before), room - keep_after)
    if keep_before < len(before):
        before = "…" + before[len(before) - keep_before + 1:] if keep_before else ""
    if keep_after < len(after):
        after = after[:max(0, keep_after - 1)] + "…" if keep_after else ""
    return [before, quote, after]


def evidence_by_node(g: Graph, style: dict) -> dict[str, list[list[str]]]:
    """Up to ``quotes_per_node`` [before, quote, after, document] lists per node, in document order:
    the sentence of each quote, with the quote marked.

    One query for the whole graph, run by Oxigraph itself: asking node by node through rdflib
    takes seconds on a large graph.
    """
    rows = sorted((s["node"].value, s["doc"].value if s["doc"] else "", int(s["start"].value) if s["start"] else 0,
                   s["quote"].value, s["sentence"].value if s["sentence"] else s["quote"].value,
                   int(s["s"].value) if s["s"] else (int(s["start"].value) if s["start"] else 0))
                  for s in oxigraph_store(g).query(internal_query("view-evidence")))
    out: dict[str, list[list[str]]] = defaultdict(list)
    for node, doc, start, quote, sentence, sentence_start in rows:
        if len(out[node]) < style["quotes_per_node"]:
            offset = start - sentence_start
            if sentence[offset:offset + len(quote)] != quote:       # no sentence: the quote alone
                sentence, offset = quote, 0
            out[node].append(marked_sentence(sentence, offset, _short(quote, style["quote_max_chars"]),
                                             style["quote_max_chars"]) + [doc])
    return out


def to_networkx(g: Graph) -> nx.DiGraph:
    """Regions, plans, initiatives, targets and themes, linked by the predicates the style draws: the
    graph's network (:func:`kg.rdf.network.to_networkx`) narrowed to them, one edge per node pair.

    Node attributes: kind, label, code (admin code or ""), detail (the tooltip's code or value
    line), evidence, metric (adoption for initiatives, else degree); edge attribute: rel.
    """
    style = load_style()
    net = rdf_network(g, keep={HP.Region} | {cls for cls, _ in KIND_CLASSES}, objects_of=(HP.theme,))
    nxg = nx.DiGraph()
    quotes = evidence_by_node(g, style)
    for node, data in net.nodes(data=True):
        kind, label = _kind_and_label(net, node, data)
        nxg.add_node(node, kind=kind, label=label, code=str(_value(data, HP.adminCode) or ""),
                     detail=_detail(data, kind), evidence=quotes.get(node, []))
    by_predicate = defaultdict(list)
    for s, o, predicate in net.edges(keys=True):
        if s != o:
            by_predicate[predicate].append((s, o))
    planned = any(kind == "plan" for _, kind in nxg.nodes(data="kind"))
    for rel, spec in style["edges"].items():  # a pair linked twice keeps the style's last relation
        if spec.get("shortcut") and planned:
            continue
        for s, o in sorted(by_predicate[str(HP[rel])]):
            nxg.add_edge(s, o, rel=rel)
    adopted = adoption_counts(g)
    for node, data in nxg.nodes(data=True):
        data["metric"] = adopted.get(node, 1) if data["kind"] == "initiative" else nxg.degree(node)
        if data["kind"] == "initiative" and node in adopted:
            data["detail"] = "；".join(filter(None, [f"{adopted[node]}个地区推进", data["detail"]]))
    return nxg


def _kind_and_label(net: nx.MultiDiGraph, node: str, data: dict) -> tuple[str, str]:
    """A theme (the object of hp:theme) before a plan, initiative or target class, before a region level."""
    if any(p == str(HP.theme) for _, _, p in net.in_edges(node, keys=True)):
        return "theme", preferred_label(data["values"], SKOS.prefLabel, RDFS.label) or node
    kind = next((kind for cls, kind in reversed(KIND_CLASSES) if cls in data["types"]), None) or _kind(data)
    return kind, preferred_label(data["values"], RDFS.label) or node


def find_nodes(nxg: nx.DiGraph, name: str, kinds: set[str]) -> list[str]:
    """Nodes of the given kinds whose label (or IRI, or admin code) is ``name``; else those containing it."""
    candidates = [(n, d) for n, d in nxg.nodes(data=True) if d["kind"] in kinds]
    exact = [n for n, d in candidates if name in (d["label"], n, d["code"])]
    return exact or [n for n, d in candidates if name in d["label"]]


def focus(nxg: nx.DiGraph, centres: list[str], depth: int) -> nx.DiGraph:
    """The nodes within ``depth`` links (either direction) of any centre, with their edges.

    A walk may climb ``partOf`` to the regions above, but never comes back down ``partOf``
    after climbing: a province's view shows the nation, not the nation's every province.
    """
    keep: set[str] = set(centres)
    for centre in centres:
        seen = {(centre, False)}
        frontier = [(centre, False)]           # (node, climbed through partOf on the way here)
        for _ in range(depth):
            step = []
            for node, climbed in frontier:
                moves = [(o, climbed or d["rel"] == "partOf") for o, d in nxg.adj[node].items()]
                moves += [(s, climbed) for s, d in nxg.pred[node].items() if not (climbed and d["rel"] == "partOf")]
                for move in moves:
                    if move not in seen:
                        seen.add(move)
                        step.append(move)
            frontier = step
        keep |= {node for node, _ in seen}
    return nxg.subgraph(sorted(keep)).copy()


def _size(metric: int, spec: dict) -> float:
    return round(min(spec["max"], spec["base"] + spec["step"] * math.sqrt(max(metric, 1) - 1)), 2)


def _out(nxg: nx.DiGraph, node: str, rel: str) -> list[str]:
    return [o for o, data in nxg.adj[node].items() if data["rel"] == rel]


def _into(nxg: nx.DiGraph, node: str, rel: str) -> list[str]:
    return [s for s, data in nxg.pred[node].items() if data["rel"] == rel]


def region_members(nxg: nx.DiGraph, region: str) -> set[str]:
    """What the region filter shows: the region, the regions it is part of, its plans, what they include."""
    shown = {region}
    parents = _out(nxg, region, "partOf")
    while parents:
        shown.update(parents)
        parents = [p for parent in parents for p in _out(nxg, parent, "partOf") if p not in shown]
    for plan in _into(nxg, region, "region"):
        shown.add(plan)
        for part in _out(nxg, plan, "includes") + _out(nxg, plan, "hasTarget"):
            shown.add(part)
            shown.update(_out(nxg, part, "theme"))
    return shown


def theme_members(nxg: nx.DiGraph, theme: str) -> set[str]:
    """What the theme filter shows: the theme, its initiatives, their targets, the plans and regions pursuing them."""
    shown = {theme}
    for ini in _into(nxg, theme, "theme"):
        shown.add(ini)
        shown.update(_into(nxg, ini, "forInitiative"))
        for plan in _into(nxg, ini, "includes"):
            shown.add(plan)
            shown.update(_out(nxg, plan, "region"))
    return shown


def _filter_choices(nxg: nx.DiGraph, nodes: list[str], members) -> tuple[list[str], dict[str, list[int]]]:
    """The menu's labels (sorted), and for each node the menu entries that show it."""
    ordered = sorted(nodes, key=lambda n: (nxg.nodes[n]["label"], n))
    shown_by: dict[str, list[int]] = {}
    for i, choice in enumerate(ordered):
        for n in members(nxg, choice):
            shown_by.setdefault(n, []).append(i)
    return [nxg.nodes[n]["label"] for n in ordered], shown_by


def _jitter(node: str) -> tuple[float, float]:
    """A fixed pseudo-random point in the unit disc for a node (from its IRI, never from a RNG)."""
    digest = hashlib.sha1(node.encode("utf-8")).digest()
    angle = int.from_bytes(digest[:4], "big") / 2**32 * 2 * math.pi
    radius = math.sqrt(int.from_bytes(digest[4:8], "big") / 2**32)
    return radius * math.cos(angle), radius * math.sin(angle)


def seed_positions(nxg: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """Starting points for large graphs, so a short stabilisation gives a readable layout.

    Plans sit on a sunflower spiral; every other node starts near the mean of its
    already placed neighbours (two sweeps), with a fixed jitter. Linear in the edges.
    """
    anchors = sorted(n for n, d in nxg.nodes(data=True) if d["kind"] == "plan")
    if not anchors:
        anchors = sorted(nxg.nodes, key=lambda n: (-nxg.degree(n), n))[: max(1, int(math.sqrt(len(nxg))))]
    spacing = 45 * math.sqrt(len(nxg) / len(anchors))
    pos: dict[str, tuple[float, float]] = {}
    for k, node in enumerate(anchors):
        r, theta = spacing * math.sqrt(k + 0.5), k * 2.399963
        pos[node] = (r * math.cos(theta), r * math.sin(theta))
    undirected = nxg.to_undirected(as_view=True)
    for _ in range(2):
        for node in sorted(undirected):
            if node in anchors:
                continue
            placed = [pos[m] for m in undirected[node] if m in pos]
            if placed:
                jx, jy = _jitter(node)
                pos[node] = (sum(p[0] for p in placed) / len(placed) + jx * spacing * 0.6,
                             sum(p[1] for p in placed) / len(placed) + jy * spacing * 0.6)
    outer = spacing * math.sqrt(len(anchors) + 1)
    for node in undirected:
        if node not in pos:
            jx, jy = _jitter(node)
            pos[node] = (jx * outer, jy * outer)
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}


def python_layout(nxg: nx.DiGraph) -> dict[str, tuple[int, int]]:
    """A finished layout in pixels, computed here so the page opens still and at once.

    networkx's force-directed layout (Fruchterman-Reingold) with a fixed seed and nodes and
    edges in sorted order: the same graph gives the same coordinates. Empty when the graph is too big for the
    dense solver, or numpy (which networkx's layouts need) is missing: the page then
    lays itself out in the browser.
    """
    if not 0 < len(nxg) <= PYTHON_LAYOUT_MAX:
        return {}
    try:
        import numpy  # noqa: F401
    except ImportError:
        return {}
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(nxg.nodes))
    undirected.add_edges_from(sorted(tuple(sorted(e)) for e in nxg.edges))
    pos = nx.spring_layout(undirected, k=3 / math.sqrt(len(nxg)), seed=LAYOUT_SEED, iterations=300,
                           method="force")                   # k: three times the default spacing
    scale = 45 * math.sqrt(len(nxg))
    return {n: (round(float(x) * scale), round(float(y) * scale)) for n, (x, y) in sorted(pos.items())}


def _options(n_nodes: int, style: dict, laid_out: bool = False) -> dict:
    """vis-network options: stabilise in the background once, then the page turns physics off.

    Fewer iterations and a coarser Barnes-Hut (theta) for big graphs keep 5,000 nodes
    under about ten seconds; their start positions are seeded, so that is enough.
    """
    big = n_nodes > 1000
    font = style["font"]
    return {
        "autoResize": True,
        "groups": {kind: {"color": spec["colour"], "shape": spec["shape"]}
                   for kind, spec in style["nodes"].items()},
        "nodes": {"borderWidth": 1, "font": {"face": font, "size": 14, "strokeWidth": 3,
                                             "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "color": {"color": "#b3bac2", "highlight": "#2c3e50", "hover": "#2c3e50", "inherit": False},
                  "font": {"face": font, "size": 10, "color": "#5d6d7e", "strokeWidth": 2, "align": "middle"},
                  "smooth": False if big else {"enabled": True, "type": "continuous", "roundness": 0.3},
                  "width": 1},
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX and not laid_out},
        "physics": {"enabled": not laid_out, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.01,
                                         "springLength": 90, "springConstant": 0.08, "avoidOverlap": 0.2,
                                         "theta": 0.9 if big else 0.5},
                    "minVelocity": 1.0, "timestep": 0.5,
                    "stabilization": {"enabled": not laid_out, "fit": True, "updateInterval": 20,
                                      "iterations": max(80, min(1000, 400_000 // max(n_nodes, 1)))}},
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "tooltipDelay": 150, "multiselect": False},
    }


def to_pyvis(nxg: nx.DiGraph, title: str = "卫生健康工作计划知识图谱") -> Network:
    """A pyvis Network for the graph, set up to render our self-contained template.

    Node and edge lists are assigned in bulk (adding them one by one is quadratic in pyvis).
    """
    style = load_style()
    unknown = {d["kind"] for _, d in nxg.nodes(data=True)} - set(style["nodes"])
    if unknown:
        raise RuleError(f"view/style.yaml: no style for node kind(s) {', '.join(sorted(unknown))}")
    kinds = nx.get_node_attributes(nxg, "kind")
    planned = sorted({r for n, k in kinds.items() if k == "plan" for r in _out(nxg, n, "region")})
    regions, by_region = _filter_choices(nxg, planned, region_members)
    themes, by_theme = _filter_choices(nxg, [n for n, k in kinds.items() if k == "theme"], theme_members)
    limit = style["label_max_chars"]
    positions = python_layout(nxg)
    laid_out = bool(positions)
    if not laid_out and len(nxg) > IMPROVED_LAYOUT_MAX:
        positions = seed_positions(nxg)
    nodes = []
    for node in sorted(nxg.nodes):
        d = nxg.nodes[node]
        item = {"id": node, "label": _short(d["label"], limit), "group": d["kind"],
                "size": _size(d["metric"], style["size"])}
        if item["label"] != d["label"]:
            item["full"] = d["label"]
        if node in positions:
            item["x"], item["y"] = positions[node]
        for key, value in (("detail", d["detail"]), ("ev", d["evidence"]),
                           ("r", by_region.get(node)), ("t", by_theme.get(node))):
            if value:
                item[key] = value
        nodes.append(item)
    edges = []
    for i, (s, o, rel) in enumerate(sorted(nxg.edges(data="rel"))):
        spec = style["edges"][rel]
        edge = {"id": f"e{i}", "from": s, "to": o, "label": spec["label"]}
        if spec.get("dashes"):
            edge["dashes"] = True
        edges.append(edge)
    counts = {}
    for n in nodes:
        counts[n["group"]] = counts.get(n["group"], 0) + 1
    legend = [{"kind": kind, "name": spec["name"], "colour": spec["colour"], "shape": spec["shape"],
               "count": counts.get(kind, 0)} for kind, spec in style["nodes"].items()]

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    net.nodes, net.edges = nodes, edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.options = _options(len(nodes), style, laid_out)
    net.templateEnv = _environment()
    net.path = TEMPLATE
    net.templateEnv.globals["hpkg"] = {
        "title": title, "legend": legend, "regions": regions, "themes": themes,
        "edge_legend": [[spec["label"], rel] for rel, spec in style["edges"].items()
                        if not spec.get("shortcut") or any(r == rel for *_, r in nxg.edges(data="rel"))],
        "font": style["font"],
    }
    return net


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(data_path("view"))),
                      autoescape=True, keep_trailing_newline=True)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals["vis_js"] = (VIS_LIB / "vis-network.min.js").read_text(encoding="utf-8")
    env.globals["vis_css"] = (VIS_LIB / "vis-network.css").read_text(encoding="utf-8")
    return env


def view_html(net: Network) -> str:
    """The page for a network made by ``to_pyvis``."""
    return net.generate_html()


VIEW_NODE_LIMIT = 5000        # more nodes than this and a page is no longer readable: show an overview

OVERVIEW_LIMIT = re.compile(r"\bLIMIT 300\b")      # the one number view-overview.rq takes (written twice)


def overview_query(initiatives: int) -> str:
    """The overview query keeping the ``initiatives`` most pursued initiatives.

    The number is checked to be a plain non-negative integer before it goes into the text.

    >>> "LIMIT 25 }" in overview_query(25)
    True
    >>> overview_query("5 } ?x ?y ?z {")
    Traceback (most recent call last):
    ...
    ValueError: the overview's initiative count must be a non-negative integer, not '5 } ?x ?y ?z {'
    """
    if isinstance(initiatives, bool) or not isinstance(initiatives, int) or initiatives < 0:
        raise ValueError(f"the overview's initiative count must be a non-negative integer, not {initiatives!r}")
    query, found = OVERVIEW_LIMIT.subn(f"LIMIT {initiatives}", internal_query("view-overview"))
    if found != 2:
        raise RuleError("queries/view-overview.rq: needs 'LIMIT 300' twice for the initiative count")
    return query


def overview(g: Graph, initiatives: int = 300) -> Graph:
    """The initiatives most regions pursue and the regions (at most 400) that pursue most of them, linked: a view
    that stays readable, and small, for any corpus size."""
    from kg.rdf.graph import new_graph

    view = new_graph()
    view += g.query(overview_query(initiatives)).graph
    return view


def graph_view(g: Graph, limit: int = VIEW_NODE_LIMIT) -> tuple[Graph, str | None]:
    """What the whole graph's page shows: the graph, or past ``limit`` nodes an overview of regions and
    the most adopted initiatives, with its title (None: the page's own)."""
    size = int(next(iter(g.query(internal_query("view-node-count"))))[0])
    if size <= limit:
        return g, None
    return overview(g), _overview_title(size)


def graph_view_ntriples(store, limit: int = VIEW_NODE_LIMIT) -> tuple[bytes, str | None]:
    """:func:`graph_view` of an Oxigraph store, as N-Triples, computed by Oxigraph alone (no rdflib terms:
    a store build checks whether its page changed before it draws it)."""
    import pyoxigraph

    size = int(next(iter(store.query(internal_query("view-node-count"))))[0].value)
    if size <= limit:
        return store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()), None
    return store.query(overview_query(300)).serialize(format=pyoxigraph.RdfFormat.N_TRIPLES), _overview_title(size)


def _overview_title(size: int) -> str:
    return f"卫生健康工作计划知识图谱概览（共{size}个节点，此处显示地区与推进最广的举措）"


def graph_view_html(g: Graph, limit: int = VIEW_NODE_LIMIT) -> str:
    """The whole graph's page (``kg build`` writes it as ``graph.html``): :func:`graph_view` drawn."""
    view, title = graph_view(g, limit)
    return view_html(to_pyvis(to_networkx(view), **({"title": title} if title else {})))


def focused_view(g: Graph, name: str, kind: str, depth: int = 2) -> Network:
    """A smaller page around the region or initiative called ``name``.

    Raises ViewError when nothing (or, for a region, more than one place) has that name.
    """
    if depth < 0:
        raise ViewError(f"--depth must be 0 or more, not {depth}")
    try:                                 # the one resolver of names: 皖, 安徽 and 340000 are 安徽省
        name = (resolve_initiative if kind == "initiative" else resolve_region)(name, g).label
    except NameNotFound as exc:
        raise ViewError(str(exc)) from None
    nxg = to_networkx(g)
    found = find_nodes(nxg, name, {"initiative"} if kind == "initiative" else set(REGION_KINDS))
    if not found:
        raise ViewError(f"no {kind} named {name!r} in the graph")
    if len(found) > 1:
        options = "、".join(f"{nxg.nodes[n]['label']} ({n.rsplit('/', 1)[-1]})" for n in found[:6])
        more = f" and {len(found) - 6} more" if len(found) > 6 else ""
        raise ViewError(f"{name!r} matches {len(found)} {kind}s: {options}{more}; give the full name or code")
    label = nxg.nodes[found[0]]["label"]
    return to_pyvis(focus(nxg, found, depth), title=f"{label}（{depth}层邻域）")

