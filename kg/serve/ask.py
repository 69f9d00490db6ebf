"""``kg ask``: Chinese questions answered from the graph by rule templates, never by a guess.

A question is read in two steps. First its slots: initiatives of the graph (their names and
other spellings), regions (read by the one name resolver, ``kg.serve.names``: 安徽, 皖 and
安徽省 alike; 国家 and 全国 are the nation), years (2025年; 今年 is the newest plan year of the
graph) and numbers with their unit (90%). Each slot is replaced by a mark, and the question
forms of ``kg/data/ask/questions.yaml`` are tried in order: the first whose pattern is found
and whose slots are there answers, by its SPARQL query (``kg/data/ask/queries/*.rq``) with
the slots as parameters. Every row carries the sentence of its evidence, the quote marked
【】, and the document. A question no form reads is declined with the forms it knows.

>>> slots = read_slots("安徽2025年比2024年新增了哪些举措?", None)
>>> slots.template, [s.value for s in slots.regions], slots.years
('ⓇⓎ比Ⓨ新增了哪些举措', ['安徽省'], [2025, 2024])
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from rdflib import RDF, Graph

from kg.rdf.vocab import HP
from kg.rules import data_path
from kg.serve.names import NameNotFound, _graph_labels, resolve_initiative, resolve_region
from kg.serve.query import Table, bind_params, run_query, table_from_result

MARKS = {"I": "Ⓘ", "R": "Ⓡ", "Y": "Ⓨ", "N": "Ⓝ"}
REMOVED = re.compile("不再|取消|去掉|删去|没有了|少了|减少")
TARGET_WORDS = re.compile("目标|指标")
INITIATIVE_WORDS = re.compile("举措|工作|工程|行动|任务|措施")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|年度)?(?!\d)")
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(%|个百分点)?")


class CannotAnswer(Exception):
    """A question no form reads, or whose names give no single region or initiative."""


@dataclass(frozen=True)
class Form:
    id: str
    description: str
    examples: tuple[str, ...]
    needs: dict
    nation: bool
    patterns: tuple[re.Pattern, ...]
    query: str
    params: dict


@dataclass(frozen=True)
class Slot:
    kind: str           # I, R, Y or N
    start: int
    end: int
    value: object       # a label, a year, a number


@dataclass
class Slots:
    question: str                      # as read: normalised, without blanks and the final question mark
    template: str = ""                 # the question with each slot replaced by its mark
    initiatives: list[Slot] = field(default_factory=list)
    regions: list[Slot] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    numbers: list[tuple[str, str]] = field(default_factory=list)      # (value, unit)


@dataclass(frozen=True)
class Answer:
    form: Form
    params: dict[str, str]
    sparql: str
    table: Table
    reading: str                       # how the question was read, one line in Chinese


@lru_cache(maxsize=1)
def load_questions() -> tuple[dict, tuple[Form, ...]]:
    """The words and forms of ``kg/data/ask/questions.yaml``; a pattern that does not compile names its form."""
    data = yaml.safe_load(data_path("ask", "questions.yaml").read_text(encoding="utf-8"))
    forms = []
    for f in data["forms"]:
        patterns = []
        for p in f["patterns"]:
            for kind, mark in MARKS.items():
                p = p.replace("{" + kind + "}", mark)
            try:
                patterns.append(re.compile(p))
            except re.error as exc:
                raise ValueError(f"ask/questions.yaml: forms: {f['id']}: pattern {p!r}: {exc}") from None
        if not data_path("ask", "queries", f"{f['query']}.rq").is_file():
            raise ValueError(f"ask/questions.yaml: forms: {f['id']}: no query ask/queries/{f['query']}.rq")
        forms.append(Form(f["id"], f["description"], tuple(f["examples"]), dict(f.get("needs", {})),
                          bool(f.get("nation")), tuple(patterns), f["query"], dict(f["params"])))
    return data, tuple(forms)


def known_forms() -> str:
    """The question forms ``kg ask`` reads, with examples: what a declined question is shown."""
    lines = ["kg ask 能读的问题(每种附例句):"]
    for form in load_questions()[1]:
        lines.append(f"  {form.description}:  " + "  ".join(form.examples))
    return "\n".join(lines)


def _newest_year(g: Graph | None) -> int | None:
    if g is None:
        return None
    years = [int(y) for plan in g.subjects(RDF.type, HP.Plan) for y in g.objects(plan, HP.year)]
    return max(years) if years else None


def read_slots(question: str, g: Graph | None) -> Slots:
    """The question's initiatives, regions, years and numbers, and its template with their marks."""
    words, _ = load_questions()
    q = unicodedata.normalize("NFKC", question)
    q = re.sub(r"\s+", "", q).rstrip("?？。!！")
    slots = Slots(q)
    taken = [None] * len(q)          # the slot each character belongs to

    def take(kind, start, end, value):
        if any(taken[start:end]):
            return False
        slot = Slot(kind, start, end, value)
        for i in range(start, end):
            taken[i] = slot
        return True

    labels = _graph_labels(g, HP.Initiative)
    for surface in sorted(labels, key=lambda s: (-len(s), s)):
        if len(surface) < 3:
            continue
        start = q.find(surface)
        while start >= 0:
            take("I", start, start + len(surface), labels[surface])
            start = q.find(surface, start + len(surface))
    newest = _newest_year(g)
    for m in _YEAR.finditer(q):
        take("Y", m.start(), m.end(), int(m.group(1)))
    for word_list, delta in ((words["this_year"], 0), (words["last_year"], -1)):
        for word in word_list:
            for m in re.finditer(re.escape(word), q):
                if newest is not None:
                    take("Y", m.start(), m.end(), newest + delta)
    for m in _NUMBER.finditer(q):
        if m.group(2) or re.search(r"(超过|以上|高于|不低于|不少于|达到|大于|至少|多于|逾)$", q[:m.start()]) \
                or q[m.end():m.end() + 2].startswith("以上"):
            take("N", m.start(), m.end(), (m.group(1), m.group(2) or "%"))
    _read_regions(q, g, words, take, taken)

    out, i = [], 0
    while i < len(q):
        slot = taken[i]
        if slot is None:
            out.append(q[i])
            i += 1
            continue
        out.append(MARKS[slot.kind])
        i = slot.end
        if slot.kind == "I":
            slots.initiatives.append(slot)
        elif slot.kind == "R":
            slots.regions.append(slot)
        elif slot.kind == "Y":
            slots.years.append(slot.value)
        else:
            slots.numbers.append(slot.value)
    slots.template = re.sub(r"[“”\"'《》「」『』]", "", "".join(out))
    return slots


def _read_regions(q: str, g: Graph | None, words: dict, take, taken) -> None:
    from kg.extract.regions import load_gazetteer

    masked = "".join("□" if taken[i] else ch for i, ch in enumerate(q))
    region_labels = sorted(_graph_labels(g, HP.Region), key=lambda s: (-len(s), s))
    for label in region_labels:                   # the graph's own names first (xx县, an unnamed county)
        start = masked.find(label)
        if start >= 0 and len(label) >= 2:
            try:
                take("R", start, start + len(label), resolve_region(label, g).label)
            except NameNotFound:
                pass
    for word in sorted(words["nation_words"], key=len, reverse=True):
        for m in re.finditer(re.escape(word), masked):
            take("R", m.start(), m.end(), "全国")
    for mention in load_gazetteer().find_mentions(masked):
        if mention.rule in ("group", "anaphora") or not mention.codes:
            continue
        try:
            label = resolve_region(mention.text, g).label
        except NameNotFound as exc:
            if any(taken[mention.start:mention.end]):
                continue
            raise CannotAnswer(f"{exc}") from None
        take("R", mention.start, mention.end, label)


def read_question(question: str, g: Graph | None) -> tuple[Form, dict[str, str], Slots]:
    """The form that reads the question and the parameters of its query; CannotAnswer when none does."""
    _, forms = load_questions()
    slots = read_slots(question, g)
    counts = {"I": len(slots.initiatives), "R": len(slots.regions), "Y": len(slots.years), "N": len(slots.numbers)}
    for form in forms:
        if any(counts[k] < n for k, n in form.needs.items()):
            continue
        if form.nation and slots.regions[0].value != "全国":
            continue
        if not any(p.search(slots.template) for p in form.patterns):
            continue
        return form, _params(form, slots), slots
    raise CannotAnswer(_why_not(question, slots, g))


def _why_not(question: str, slots: Slots, g: Graph | None) -> str:
    """Why no form reads the question: an initiative name the graph lacks gets its nearest names."""
    if not slots.initiatives and g is not None:
        m = re.search(r"(开展|推进|实施|推行|落实|推广|建设)(.{3,20}?)(的|吗|呢|$|有|在)", slots.question)
        if m:
            try:
                resolve_initiative(m.group(2), g)
            except NameNotFound as exc:
                return f"cannot read the question {question!r}: {exc}"
    return f"cannot read the question {question!r}"


def _params(form: Form, slots: Slots) -> dict[str, str]:
    out = {}
    years = sorted(set(slots.years))
    newer, older = (years[-1], years[0]) if years else (None, None)
    if form.id == "only-in-year" and REMOVED.search(slots.question):
        newer, older = older, newer
    for name, source in form.params.items():
        if source in ("R1", "R2"):
            value = slots.regions[int(source[1]) - 1].value
        elif source == "I":
            value = slots.initiatives[0].value
        elif source == "I?":
            value = slots.initiatives[0].value if slots.initiatives else ""
        elif source == "Y?":
            value = slots.years[0] if slots.years else 0
        elif source == "NEWER":
            value = newer
        elif source == "OLDER":
            value = older
        elif source == "N":
            value = slots.numbers[0][0]
        elif source == "UNIT":
            value = slots.numbers[0][1]
        else:
            raise ValueError(f"ask/questions.yaml: forms: {form.id}: params: {name}: unknown source {source!r}")
        out[name] = str(value)
    return out


def _filter(table: Table, form: Form, slots: Slots, words: dict) -> Table:
    """Rows kept by the words of the question that the query does not take: a level (哪些省份),
    a region the form has no parameter for (北京有哪些目标超过80%), a kind (举措 or 目标)."""
    names, rows = table.names, table.rows
    level = next((lvl for lvl, ws in words["levels"].items() if any(w in slots.question for w in ws)), None)
    if level and "level" in names:
        i = names.index("level")
        rows = [r for r in rows if r[i] == level]
    uses_region = any(s in ("R1", "R2") for s in form.params.values())
    if slots.regions and not uses_region and "region" in names and not form.nation:
        i = names.index("region")
        wanted = {s.value for s in slots.regions}
        rows = [r for r in rows if r[i] in wanted]
    if "kind" in names:
        i = names.index("kind")
        wants_targets, wants_initiatives = TARGET_WORDS.search(slots.question), INITIATIVE_WORDS.search(slots.question)
        if wants_targets and not wants_initiatives:
            rows = [r for r in rows if r[i] == "target"]
        elif wants_initiatives and not wants_targets:
            rows = [r for r in rows if r[i] == "initiative"]
    return Table(names, rows)


def ask(g: Graph, question: str) -> Answer:
    """The answer to a Chinese question, or CannotAnswer.

    >>> from kg.rdf.graph import new_graph
    >>> ask(new_graph(), "今天天气怎么样?")
    Traceback (most recent call last):
    ...
    kg.serve.ask.CannotAnswer: cannot read the question '今天天气怎么样?'
    """
    words, _ = load_questions()
    form, params, slots = read_question(question, g)
    text = data_path("ask", "queries", f"{form.query}.rq").read_text(encoding="utf-8")
    sparql = bind_params(text, params)
    table = _filter(table_from_result(run_query(g, sparql)), form, slots, words)
    shown = "、".join(f"{words['param_names'].get(k, k)}={v}" for k, v in params.items() if v not in ("", "0"))
    kept = _kept_by(form, slots, words, table)
    reading = f"读作:{form.description}" + (f"({shown})" if shown else "") + (f",只列{kept}" if kept else "")
    return Answer(form, params, sparql, table, reading)


def _kept_by(form: Form, slots: Slots, words: dict, table: Table) -> str:
    """The words of the question that filtered the rows, as the reading shows them: 北京市、province."""
    kept = []
    if slots.regions and not any(s in ("R1", "R2") for s in form.params.values()) and not form.nation \
            and "region" in table.names:
        kept += [s.value for s in slots.regions]
    level = next((lvl for lvl, ws in words["levels"].items() if any(w in slots.question for w in ws)), None)
    if level and "level" in table.names:
        kept.append(words["level_names"].get(level, level))
    return "、".join(kept)


EVIDENCE_CONTEXT = 24       # characters kept on each side of the 【quote】 in a printed table


def for_table(table: Table) -> Table:
    """The evidence cells cut to the quote and a little of its sentence on each side, for a terminal.

    >>> for_table(Table(["evidence"], [["一二三四五六七八九十" * 4 + "【70%以上】。"]])).rows
    [['…七八九十一二三四五六七八九十一二三四五六七八九十【70%以上】。']]
    """
    columns = [i for i, name in enumerate(table.names) if name.startswith("evidence")]
    rows = []
    for row in table.rows:
        row = list(row)
        for i in columns:
            text = row[i] or ""
            a, b = text.find("【"), text.find("】")
            if a >= 0 and b > a:
                before, after = text[:a], text[b + 1:]
                if len(before) > EVIDENCE_CONTEXT:
                    before = "…" + before[-EVIDENCE_CONTEXT:]
                if len(after) > EVIDENCE_CONTEXT:
                    after = after[:EVIDENCE_CONTEXT] + "…"
                row[i] = before + text[a:b + 1] + after
        rows.append(row)
    return Table(table.names, rows)
