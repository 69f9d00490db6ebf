"""Scoring a built graph against gold annotations (rules of ``shared/gold/GUIDE.md``).

The predictions are read from the RDF graph with SPARQL, so what is scored is
exactly what users get.

>>> names_match(["儿科、精神卫生服务年"], ["“儿科和精神卫生服务年”行动"])
True
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import UserError
from kg.rdf.io import internal_query
from kg.read.corpus import normalise

PREFIXES = """PREFIX hp: <https://w3id.org/hpkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


class GoldError(UserError):
    pass


def norm_name(name: str) -> str:
    text = normalise(unicodedata.normalize("NFKC", name)).replace("、", "和")
    text = re.sub(r"[\s\"'“”‘’「」『』《》()（）,，.。:：;；!！?？\-—·]", "", text)
    return re.sub(r"(行动|工作)$", "", text)


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)] or [text]


def dice(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    pool = list(y)
    common = 0
    for g in x:
        if g in pool:
            pool.remove(g)
            common += 1
    return 2 * common / (len(x) + len(y))


def names_match(gold_names: list[str], predicted_names: list[str]) -> bool:
    for g in map(norm_name, gold_names):
        for p in map(norm_name, predicted_names):
            if g and p and (g in p or p in g or dice(g, p) >= 0.7):
                return True
    return False


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    tp_gold: int = 0        # gold entries found (recall numerator)
    tp_pred: int = 0        # predictions that match (precision numerator)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_gold(gold_dir: Path) -> list[dict]:
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise GoldError(f"{gold_dir}: no gold files (*.json) found")
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
            data["doc"], data["plans"]
        except (ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{f}: not a gold file ({exc})") from None
        out.append(data)
    return out


def _rows(g: Graph, query: str):
    return list(g.query(PREFIXES + query))


# The words a plan names an initiative in match a gold name when they are this long: "医改" would be inside any name.
SURFACE_MIN = 4


def predicted_plans(g: Graph) -> dict[tuple[str, str], dict]:
    """(document, region key) -> {'year', 'initiatives': {name: [labels]}, 'targets': [(value, unit, quote)]}."""
    plans: dict[tuple[str, str], dict] = {}
    by_plan = defaultdict(list)
    for plan, label, code, year, doc in sorted(_rows(g, internal_query("eval-plans")), key=lambda row: int(row[3])):
        # plans are matched by region: a document's plans of one region for several years (a five-year plan's
        # targets and its first year's steps) are scored as one
        key = (str(doc), str(code) if code else norm_name(str(label)))
        entry = plans.setdefault(key, {"label": str(label), "year": int(year), "initiatives": {}, "targets": []})
        by_plan[(plan, key[0])].append(entry)
    for plan, name, doc, surface in sorted(_rows(g, internal_query("eval-initiatives")), key=str):
        for entry in by_plan[(plan, str(doc))]:
            names = entry["initiatives"].setdefault(str(name), [str(name)])
            if surface is not None and len(str(surface)) >= SURFACE_MIN and str(surface) not in names:
                names.append(str(surface))
    for plan, t, value, unit, quote, doc in _rows(g, internal_query("eval-targets")):
        for entry in by_plan[(plan, str(doc))]:
            entry["targets"].append((float(value), str(unit), str(quote), str(t)))
    for entry in plans.values():
        seen, unique = set(), []
        for value, unit, quote, t in sorted(entry["targets"]):
            if t not in seen:
                seen.add(t)
                unique.append((value, unit, quote))
        entry["targets"] = unique
    return plans


def _unit(u: str) -> str:
    """A unit as compared: NFKC, and a rate per 10万 or 100万 written either way ("/10万", "/100000")."""
    return unicodedata.normalize("NFKC", u).strip().replace("/100万", "/1000000").replace("/10万", "/100000")


def score(gold_files: list[dict], g: Graph, documents: set[str] | None = None) -> dict[str, Score]:
    predicted = predicted_plans(g)
    scores = {"plans": Score(), "initiatives": Score(), "targets": Score()}
    for data in gold_files:
        doc = data["doc"]
        if documents is not None and doc not in documents:
            continue
        gold_keys = {}
        for plan in sorted(data["plans"], key=lambda plan: plan["year"]):
            key = (doc, plan["admin_code"] or norm_name(plan["region"]))
            if key in gold_keys:              # the same region's plan for another year: scored with the first
                first = gold_keys[key]
                plan = {**first, "initiatives": first["initiatives"] + plan["initiatives"],
                        "targets": first["targets"] + plan["targets"]}
            gold_keys[key] = plan
        pred_keys = {k: v for k, v in predicted.items() if k[0] == doc}
        s = scores["plans"]
        s.gold += len(gold_keys)
        s.predicted += len(pred_keys)
        for key, plan in gold_keys.items():
            label = f"{_short(doc)} {plan['region']} {plan['year']}"
            if key in pred_keys:
                s.tp_gold += 1
                s.tp_pred += 1
            else:
                s.missed.append(label)
        for key, entry in pred_keys.items():
            if key not in gold_keys:
                s.spurious.append(f"{_short(doc)} {entry['label']} {entry['year']}")
        for key in sorted(set(gold_keys) | set(pred_keys)):
            _score_plan(scores, doc, gold_keys.get(key), pred_keys.get(key))
    return scores


def _short(doc: str) -> str:
    """A document's name as a list shows it: up to its first underscore (af06_nhc_2026.txt -> af06)."""
    return doc.split("_", 1)[0] if "_" in doc else doc.rsplit(".", 1)[0]


def _score_plan(scores, doc, gold: dict | None, pred: dict | None) -> None:
    region = (gold or {}).get("region") or (pred or {}).get("label")
    where = f"{_short(doc)} {region}"
    gold_inis = (gold or {}).get("initiatives", [])
    pred_inis = (pred or {}).get("initiatives", {})
    s = scores["initiatives"]
    core = [i for i in gold_inis if i["core"]]
    s.gold += len(core)
    for ini in core:
        if any(names_match([ini["name"], *ini["aliases"]], names) for names in pred_inis.values()):
            s.tp_gold += 1
        else:
            s.missed.append(f"{where}: {ini['name']}")
    s.predicted += len(pred_inis)
    for name, names in sorted(pred_inis.items()):
        if any(names_match([i["name"], *i["aliases"]], names) for i in gold_inis):
            s.tp_pred += 1
        else:
            s.spurious.append(f"{where}: {name}")
    s = scores["targets"]
    gold_t = list((gold or {}).get("targets", []))
    pred_t = list((pred or {}).get("targets", []))
    s.gold += len(gold_t)
    s.predicted += len(pred_t)
    unused = list(pred_t)
    for t in gold_t:
        hit = next((p for p in unused if abs(p[0] - t["value"]) < 1e-6 and _unit(p[1]) == _unit(t["unit"])), None)
        if hit:
            unused.remove(hit)
            s.tp_gold += 1
            s.tp_pred += 1
        else:
            s.missed.append(f"{where}: {t['value']}{t['unit']} {t['quote']}")
    for value, unit, quote in unused:
        s.spurious.append(f"{where}: {value:g}{unit} {quote}")


def format_table(scores: dict[str, Score], verbose: bool = False) -> str:
    lines = [f"{'kind':<12} {'gold':>5} {'pred':>5} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for kind, s in scores.items():
        lines.append(f"{kind:<12} {s.gold:>5} {s.predicted:>5} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f}")
    if verbose:
        for kind, s in scores.items():
            for title, items in (("missed", s.missed), ("spurious", s.spurious)):
                if items:
                    lines.append(f"\n{kind} {title} ({len(items)}):")
                    lines.extend(f"  {item}" for item in items)
    return "\n".join(lines)


def as_json(scores: dict[str, Score]) -> str:
    return json.dumps({kind: {"gold": s.gold, "predicted": s.predicted, "precision": round(s.precision, 4),
                              "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                              "missed": s.missed, "spurious": s.spurious}
                       for kind, s in scores.items()}, ensure_ascii=False, indent=2)
