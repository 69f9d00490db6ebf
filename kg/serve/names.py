"""Forgiving names: the one resolver of region and initiative names typed by users.

A region is found the way the extractor finds it in text (``kg.extract.regions``: full name,
short name, one-character abbreviation, colloquial name), or by its six-digit code; an
initiative by its canonical name or any of its other spellings (``skos:altLabel``), or by a
part of its name when only one initiative contains it. An ambiguous name lists its candidates,
an unknown one the nearest names; neither gives a silent empty answer.

>>> resolve_region("皖").label, resolve_region("安徽").label, resolve_region("340000").label
('安徽省', '安徽省', '安徽省')
>>> resolve_region("鼓楼区")
Traceback (most recent call last):
...
kg.serve.names.NameNotFound: 鼓楼区 names 4 regions: 南京市鼓楼区 (320106)、徐州市鼓楼区 (320302)、福州市鼓楼区 (350102)、开封市鼓楼区 (410204); give the full name with its city, or the code
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kg.extract.regions import RANK, load_gazetteer
from kg.rdf.vocab import HP

SUGGESTIONS = 5


class NameNotFound(ValueError):
    """A name that gives no single region or initiative; the message lists candidates or suggestions."""


@dataclass(frozen=True)
class Resolved:
    label: str          # the name as the graph writes it (rdfs:label), 安徽省
    code: str | None    # a region's six-digit code, when it has one
    rule: str           # how the name was read: label, code, full-name, short-name, abbreviation, colloquial, alias, part


def _graph_labels(g: Graph | None, cls) -> dict[str, str]:
    """surface -> canonical label for the nodes of a class: their labels, then their other spellings."""
    if g is None:
        return {}
    out: dict[str, str] = {}
    nodes = set(g.subjects(RDF.type, cls))
    for node in sorted(nodes):
        label = g.value(node, RDFS.label)
        if label is not None:
            out.setdefault(str(label), str(label))
    for node in sorted(nodes):
        label = g.value(node, RDFS.label)
        for alias in sorted(g.objects(node, SKOS.altLabel)):
            if label is not None:
                out.setdefault(str(alias), str(label))
    return out


def _full(code: str) -> str:
    """南京市鼓楼区: a county or town's name with the prefecture above it, to tell namesakes apart."""
    gazetteer = load_gazetteer()
    region = gazetteer.get(code)
    parent = gazetteer.regions.get(region.parent or "")
    if region.level in ("county", "town") and parent is not None and parent.level != "nation":
        return parent.name + region.name
    return region.name


def resolve_region(name: str, g: Graph | None = None) -> Resolved:
    """The region a user means by ``name``; with a graph, its own names (anonymous regions like xx县) too.

    >>> resolve_region("八闽").label, resolve_region("全国").code
    ('福建省', '000000')
    """
    name = name.strip()
    gazetteer = load_gazetteer()
    if name in gazetteer.regions:
        return Resolved(gazetteer.get(name).name, name, "code")
    labels = _graph_labels(g, HP.Region)
    if name in labels and labels[name] == name:
        return Resolved(name, _code_of(name), "label")
    full = [c for c, r in gazetteer.regions.items() if r.name == name and r.level != "town"]
    if len(full) == 1:
        return Resolved(name, full[0], "full-name")
    if len(full) > 1:
        in_graph = {c for c in full if _full(c) in labels}
        raise NameNotFound(_candidates(name, sorted(full, key=lambda c: (c not in in_graph, c))))
    mentions = gazetteer.find_mentions(name)
    whole = [m for m in mentions if m.start == 0 and m.end == len(name) and m.codes and m.rule != "group"]
    rule = whole[0].rule if whole else "short-name"
    codes = set(whole[0].codes) if whole else set()
    if rule == "short-name" or not codes:
        codes |= _short_names().get(name, set())
    if len(codes) > 1:                       # 吉林: the province, not the city; 朝阳: four places, no guess
        provinces = [c for c in codes if gazetteer.get(c).level in ("nation", "province")]
        if len(provinces) == 1:
            codes = set(provinces)
    if len(codes) == 1:
        code = codes.pop()
        return Resolved(gazetteer.get(code).name, code, rule)
    if codes:
        raise NameNotFound(_candidates(name, sorted(codes, key=lambda c: (RANK[gazetteer.get(c).level], c))))
    if name in labels:                       # a name only the graph holds (skos:altLabel)
        return Resolved(labels[name], _code_of(labels[name]), "alias")
    raise NameNotFound(_unknown("region", name, _region_pool(labels)))


def _region_pool(labels: dict[str, str]) -> dict[str, tuple[int, set[str]]]:
    """Names to suggest, by rank: the graph's regions first, then provinces, prefectures, counties."""
    pool: dict[str, tuple[int, set[str]]] = {}
    for region in load_gazetteer().regions.values():
        if region.level != "town":
            rank = RANK[region.level] + (0 if region.name in labels else 5)
            old_rank, spellings = pool.get(region.name, (99, set()))
            pool[region.name] = (min(old_rank, rank), spellings | {region.short})
    for surface, label in labels.items():
        rank, spellings = pool.get(label, (0, set()))
        pool[label] = (rank, spellings | {surface})
    return pool


@lru_cache(maxsize=1)
def _short_names() -> dict[str, set[str]]:
    """short name -> codes, for every division above the towns (朝阳 -> 朝阳市, 朝阳区, 朝阳区, 朝阳县)."""
    out: dict[str, set[str]] = defaultdict(set)
    for code, region in load_gazetteer().regions.items():
        if region.level != "town" and region.short and region.short != region.name:
            out[region.short].add(code)
    return dict(out)


def _code_of(label: str) -> str | None:
    gazetteer = load_gazetteer()
    codes = [c for c, r in gazetteer.regions.items() if r.name == label and r.level != "town"]
    return codes[0] if len(codes) == 1 else None


def _candidates(name: str, codes: list[str]) -> str:
    listed = "、".join(f"{_full(c)} ({c})" for c in codes[:8])
    more = f" and {len(codes) - 8} more" if len(codes) > 8 else ""
    return f"{name} names {len(codes)} regions: {listed}{more}; give the full name with its city, or the code"


def _unknown(kind: str, name: str, pool: dict[str, tuple[int, set[str]]]) -> str:
    """No such name, with the nearest names of ``pool`` (name -> (rank, its spellings)); a name is as near
    as its nearest spelling, and among equals the lower rank comes first."""
    def score(candidate: str):
        rank, spellings = pool[candidate]
        ratio = max(difflib.SequenceMatcher(None, name, s).ratio() for s in spellings | {candidate})
        return (-ratio, rank, len(candidate), candidate)
    near = [c for c in sorted(pool, key=score)[:SUGGESTIONS] if -score(c)[0] >= 0.4]
    hint = f"; did you mean {'、'.join(near)}?" if near else ""
    return f"no {kind} named {name}{hint}"


def resolve_initiative(name: str, g: Graph | None) -> Resolved:
    """The initiative a user means: its label, one of its other spellings, or a part only it contains.

    Without a graph the name is taken as written.
    """
    name = name.strip()
    if g is None:
        return Resolved(name, None, "label")
    labels = _graph_labels(g, HP.Initiative)
    if name in labels:
        return Resolved(labels[name], None, "label" if labels[name] == name else "alias")
    containing = sorted({canonical for surface, canonical in labels.items() if name and name in surface})
    if len(containing) == 1:
        return Resolved(containing[0], None, "part")
    if len(containing) > 1:
        listed = "、".join(containing[:8]) + (f" and {len(containing) - 8} more" if len(containing) > 8 else "")
        raise NameNotFound(f"{name} is part of {len(containing)} initiatives: {listed}; give one of them")
    pool: dict[str, tuple[int, set[str]]] = {}
    for surface, canonical in labels.items():
        pool.setdefault(canonical, (0, set()))[1].add(surface)
    raise NameNotFound(_unknown("initiative", name, pool))


REGION_PARAMS = ("region", "region_a", "region_b")
INITIATIVE_PARAMS = ("initiative",)


def resolve_params(params: dict[str, str], g: Graph | None = None) -> dict[str, str]:
    """A bundled query's ``--param`` values with region and initiative names resolved:
    ``{"region": "皖"}`` -> ``{"region": "安徽省"}``.

    >>> resolve_params({"region": "皖", "year": "2025"})
    {'region': '安徽省', 'year': '2025'}
    """
    out = dict(params)
    for key, value in params.items():
        if key in REGION_PARAMS:
            out[key] = resolve_region(value, g).label
        elif key in INITIATIVE_PARAMS:
            out[key] = resolve_initiative(value, g).label
    return out
