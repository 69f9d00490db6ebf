"""Targets: quantified commitments, as typed values (rules in ``kg/data/rules/targets.yaml``).

>>> [(t.value, t.unit, t.comparator) for t in extract_targets("实现二级以上综合医院精神(心理)卫生门诊达70%以上。", 2025)]
[(70.0, '%', '>=')]
>>> [(t.value, t.unit) for t in extract_targets("为61万名孕妇提供筛查。", 2025)]
[(610000.0, '名')]
>>> extract_targets("做好心理援助热线12356应用。", 2025)
[]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from kg.rules import load_rules

CN_DIGITS = "零一二三四五六七八九十两百千万"


@dataclass(frozen=True)
class TargetMention:
    start: int
    end: int
    text: str
    value: float
    max_value: float | None
    unit: str
    comparator: str          # ">=", "<=" or "="
    indicator: str
    year: int
    rule: str


@lru_cache(maxsize=1)
def _rules():
    r = load_rules("targets")
    p = r["pieces"]
    units = "|".join(re.escape(u) for u in sorted(r["units"], key=len, reverse=True))
    number = f"(?:{p['Digits']}|{p['Chinese']})"
    quantity = re.compile(
        f"(?P<num>{number})(?:\\s*{p['Range']}\\s*(?P<num2>{number}))?(?P<scale>{p['Scale']})?(?P<unit>{units})")
    return {
        "r": r,
        "quantity": quantity,
        "not_after": re.compile(r["not_units_after"]),
        "not_before": re.compile(r["not_before"]),
        "full": re.compile(r["full_coverage"]),
        "explicit_year": re.compile(r["years"]["explicit"]),
        "within": re.compile(r["years"]["within"]),
        "cues": re.compile(r["indicator_cues"]),
    }


def parse_number(text: str) -> float | None:
    """Arabic or Chinese numerals, with scale words.

    >>> parse_number("61"), parse_number("千"), parse_number("一万"), parse_number("4.1")
    (61.0, 1000.0, 10000.0, 4.1)
    """
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    try:
        return float(cn2an.cn2an(text if text[0] not in "千百万" else "一" + text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def _comparator(before: str, after: str) -> str:
    r = _rules()["r"]
    if any(after.startswith(w) for w in r["at_least"]["after"]):
        return ">="
    if any(after.startswith(w) for w in r["at_most"]["after"]):
        return "<="
    if any(after.startswith(w) for w in r["exactly"]["after"]):
        return "="
    tail = before[-6:]
    if any(w in tail for w in r["at_most"]["before"]):
        return "<="
    if any(w in tail for w in r["at_least"]["before"] if w != "达") or tail.endswith("达"):
        return ">="
    return "="


def _inside_quotes(text: str, pos: int) -> bool:
    return text.count("“", 0, pos) > text.count("”", 0, pos)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ",，;；:：。") + 1
    rights = [i for i in (text.find(c, end) for c in ",，;；。") if i >= 0]
    return left, min(rights) if rights else len(text)


def _indicator(text: str, clause_start: int, num_start: int, unit_end: int, clause_end: int, unit: str) -> str:
    r = _rules()
    rules = r["r"]
    before = text[clause_start:num_start]
    before = r["cues"].sub("", before)
    before = re.sub(r"(以上|以下)?(的)?$", "", before)
    for word in sorted(rules["indicator_drop_prefix"], key=len, reverse=True):
        if before.startswith(word):
            before = before[len(word):]
    after = re.sub(r"^(及以上|以上|以下|以内|左右|的)+", "", text[unit_end:clause_end]).rstrip("。;；")
    before = before.strip()
    if len(before) >= 4 and unit == "%":
        return before
    if after and len(after) >= 2:
        return (before + after if len(before) <= 4 else after) + ("数" if unit != "%" else "")
    return before or after or text[clause_start:clause_end]


def _strip_prefix(phrase: str) -> str:
    for word in sorted(_rules()["r"]["indicator_drop_prefix"] + ["逐步提高", "提高", "逐步"], key=len, reverse=True):
        if phrase.startswith(word):
            phrase = phrase[len(word):]
    return phrase


def _year(text: str, clause_start: int, pos: int, plan_year: int) -> int:
    r = _rules()
    window = text[clause_start:pos]
    within = r["within"].search(window)
    if within:
        n = parse_number(within.group(1))
        if n:
            return plan_year + int(n) - 1
    explicit = [int(y) for y in r["explicit_year"].findall(window)]
    later = [y for y in explicit if y >= plan_year]
    return max(later) if later else plan_year


def _split_list(indicator: str) -> list[str]:
    """"A、B和C" measured by one percentage: one indicator each when every item is a ratio."""
    items = re.split(r"、|和(?=[^和]*$)", indicator)
    if len(items) > 1 and all(re.search(r"(比例|占比|率|比)$", i) for i in items):
        return items
    return [indicator]


def extract_targets(text: str, plan_year: int) -> list[TargetMention]:
    """Targets in one sentence."""
    r = _rules()
    rules = r["r"]
    out: list[TargetMention] = []
    counted_spans = []
    for m in r["quantity"].finditer(text):
        num, unit = m.group("num"), m.group("unit")
        chinese = num[0] in CN_DIGITS
        if chinese and (unit not in rules["chinese_numeral_units"] or not re.search("[百千万]", num + (m.group("scale") or ""))):
            continue
        before, after = text[:m.start()], text[m.end():]
        if r["not_before"].search(before) or r["not_after"].match(after) or _inside_quotes(text, m.start()):
            continue
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue
        value = parse_number(num)
        if value is None:
            continue
        scale = {"万": 10000, "亿": 100000000}.get(m.group("scale") or "", 1)
        if unit == "元" and m.group("scale"):          # 千亿元 is 1000 亿元, not 10^11 元
            unit, scale = m.group("scale") + "元", 1
        high = parse_number(m.group("num2")) if m.group("num2") else None
        comparator = ">=" if high is not None else _comparator(before, after)
        c_start, c_end = _clause_bounds(text, m.start(), m.end())
        indicator = _indicator(text, c_start, m.start(), m.end(), c_end, unit)
        if re.fullmatch(r"[\W\d%]*|.*[\d%].*", indicator) and c_start > 1:   # only cue words here: the thing measured is in the clause before
            p_start, _ = _clause_bounds(text, c_start - 2, c_start - 1)
            indicator = _strip_prefix(_rules()["cues"].sub("", text[p_start:c_start - 1]).strip())
        year = _year(text, c_start, m.start(), plan_year)
        end = m.end() + next((len(w) for w in rules["at_least"]["after"] + rules["at_most"]["after"]
                              if after.startswith(w)), 0)
        if text[m.start() - 1:m.start()] == "各":      # "医生、科学家各40名": one target each
            items = [i for i in re.split("、|和", indicator.rstrip("各")) if i]
        else:
            items = _split_list(indicator) if unit == "%" else [indicator]
        for item in items:
            out.append(TargetMention(m.start(), end, text[m.start():end], value * scale,
                                     high * scale if high is not None else None, unit, comparator,
                                     item, year, "quantity"))
        counted_spans.append((c_start, c_end))
    for m in r["full"].finditer(text):
        c_start, c_end = _clause_bounds(text, m.start(), m.end())
        if any(s == c_start for s, _ in counted_spans) or _inside_quotes(text, m.start()):
            continue                   # "64个县市全部建成": the count alone is the target
        indicator = text[c_start:m.start()]
        for word in sorted(rules["indicator_drop_prefix"], key=len, reverse=True):
            if indicator.startswith(word):
                indicator = indicator[len(word):]
        out.append(TargetMention(m.start(), m.end(), m.group(), 100.0, None, "%", "=",
                                 (indicator or text[c_start:c_end]) + "覆盖率", _year(text, c_start, m.start(), plan_year),
                                 "full-coverage"))
    return out
