"""Which indicator concept a target measures: its indicator text -> a concept of the scheme, or none.

The concepts are those of ``ontology/indicators.ttl`` (a SKOS scheme: labels, unit kind,
direction, defining document); the rules that link a text to one are data, in
``kg/data/indicators/indicators.yaml``. A target never links to a concept whose unit kind does
not admit its unit, and a text naming a change of an indicator (增幅, 提高 …) links to none.

>>> match_indicator("群众健康素养水平", "%").concept
'health-literacy'
>>> match_indicator("每千人口托位数", "个").rule
'childcare-places-per-1000:label'
>>> match_indicator("12320热线接通率", "%") is None
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

DATA = Path(__file__).resolve().parent.parent / "data"
RULES_FILE = DATA / "indicators" / "indicators.yaml"
SCHEME_FILE = DATA / "ontology" / "indicators.ttl"
INDICATOR_NS = "https://w3id.org/hpkg/id/indicator/"
SCHEME = URIRef("https://w3id.org/hpkg/id/indicator")
HP_NS = "https://w3id.org/hpkg/ontology#"


class IndicatorRulesError(ValueError):
    pass


@dataclass(frozen=True)
class Concept:
    id: str
    label: str                      # skos:prefLabel@zh
    en: str
    alt_labels: tuple[str, ...]
    unit_kind: str
    direction: str                  # "higher" or "lower" is better
    source: str | None              # the national document that defines it, where known
    broader: str | None

    @property
    def iri(self) -> URIRef:
        return URIRef(INDICATOR_NS + self.id)


@dataclass(frozen=True)
class IndicatorMatch:
    concept: str
    rule: str                       # "<concept>:label" or "<concept>:<n>" (n-th pattern, from 1)


@dataclass(frozen=True)
class _Rule:
    id: str
    concept: str
    label: str | None = None
    pattern: re.Pattern | None = None

    def matches(self, text: str) -> bool:
        return text == self.label if self.label is not None else bool(self.pattern.search(text))


_BRACKETS = str.maketrans({"（": "(", "）": ")", "“": None, "”": None, "\"": None, "‘": None, "’": None,
                           "'": None, "「": None, "」": None, " ": None, "\u3000": None})


def normalise(text: str) -> str:
    """The indicator text as the rules see it.

    >>> normalise("有需求“老老人”家庭医生签约服务覆盖率（%）")
    '有需求老老人家庭医生签约服务覆盖率(%)'
    """
    return text.translate(_BRACKETS).strip()


@lru_cache(maxsize=None)
def concepts() -> dict[str, Concept]:
    """The concepts of ``ontology/indicators.ttl`` by id, in id order."""
    g = Graph().parse(SCHEME_FILE, format="turtle")
    unit_kind, direction = URIRef(HP_NS + "unitKind"), URIRef(HP_NS + "direction")
    source = URIRef("http://purl.org/dc/terms/source")
    found = {}
    for node in g.subjects(SKOS.inScheme, SCHEME):
        def lang(values, tag):
            return sorted(str(v) for v in values if isinstance(v, Literal) and v.language == tag)
        cid = str(node)[len(INDICATOR_NS):]
        zh, en = lang(g.objects(node, SKOS.prefLabel), "zh"), lang(g.objects(node, SKOS.prefLabel), "en")
        broader = g.value(node, SKOS.broader)
        found[cid] = Concept(cid, zh[0], en[0], tuple(lang(g.objects(node, SKOS.altLabel), "zh")),
                             str(g.value(node, unit_kind)), str(g.value(node, direction)),
                             str(g.value(node, source)) if g.value(node, source) else None,
                             str(broader)[len(INDICATOR_NS):] if broader else None)
    return dict(sorted(found.items()))


@lru_cache(maxsize=None)
def load_indicator_rules() -> tuple[dict[str, frozenset[str]], tuple[re.Pattern, ...], tuple[_Rule, ...]]:
    """Unit kinds, reject patterns and the ordered rules; fails naming the file and key."""
    def fail(key, why):
        raise IndicatorRulesError(f"{RULES_FILE.name}: {key}: {why}")

    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != {"unit_kinds", "reject", "concepts"}:
        fail("top level", "needs exactly the keys unit_kinds, reject and concepts")
    kinds = {}
    for kind, units in data["unit_kinds"].items():
        if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
            fail(f"unit_kinds.{kind}", "must be a list of units")
        kinds[kind] = frozenset(units)

    def compiled(key, text):
        if not isinstance(text, str) or not text:
            fail(key, "must be a non-empty regex")
        try:
            return re.compile(text)
        except re.error as e:
            fail(key, f"bad regex ({e})")

    reject = tuple(compiled(f"reject[{i}]", p) for i, p in enumerate(data["reject"]))
    known = concepts()
    rules = []
    for cid, patterns in data["concepts"].items():
        if cid not in known:
            fail(f"concepts.{cid}", "not a concept of ontology/indicators.ttl")
        if known[cid].unit_kind not in kinds:
            fail(f"concepts.{cid}", f"unit kind {known[cid].unit_kind!r} not in unit_kinds")
        c = known[cid]
        rules += [_Rule(f"{cid}:label", cid, label=normalise(lab)) for lab in (c.label, *c.alt_labels)]
        if not isinstance(patterns, list):
            fail(f"concepts.{cid}", "must be a list of patterns")
        rules += [_Rule(f"{cid}:{n}", cid, pattern=compiled(f"concepts.{cid}[{n}]", p))
                  for n, p in enumerate(patterns, 1)]
    missing = set(known) - set(data["concepts"])
    if missing:
        fail("concepts", f"no rules for {sorted(missing)}")
    return kinds, reject, tuple(rules)


def first_in_file_order(candidates: list[IndicatorMatch]) -> IndicatorMatch | None:
    """The overlap policy: of the rules that match, the first in the rule file wins."""
    return candidates[0] if candidates else None


@lru_cache(maxsize=65536)         # documents state the same indicators again and again
def match_indicator(text: str, unit: str | None = None) -> IndicatorMatch | None:
    """The concept that ``text`` (a target's hp:indicator) denotes, with the rule that said so.

    With ``unit``, only a concept whose unit kind admits that unit can match.

    >>> match_indicator("二级以上综合医院精神(心理)卫生门诊比例", "%")
    IndicatorMatch(concept='mental-health-clinic-rate', rule='mental-health-clinic-rate:label')
    >>> match_indicator("每千人口床位数", "%") is None
    True
    """
    kinds, reject, rules = load_indicator_rules()
    text = normalise(text)
    if not text or any(p.search(text) for p in reject):
        return None
    known = concepts()
    hits = [IndicatorMatch(r.concept, r.id) for r in rules if r.matches(text)
            and (unit is None or unit in kinds[known[r.concept].unit_kind])]
    return first_in_file_order(hits)
