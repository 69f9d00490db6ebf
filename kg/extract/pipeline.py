"""The extraction pipeline: one document in, its facts out.

documents -> clean text -> sentences -> region mentions -> plans ->
initiative and target mentions -> facts with evidence. No I/O and no graph
here: ``kg.rdf.graph`` turns facts into triples.
"""
from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.read.corpus import CleanText, Document, clean_text
from kg.rules import load_rules, resolve_rule, rule_id
from kg.extract.initiatives import InitiativeMention, extract_initiatives, themes_of
from kg.extract.frame import Frame
from kg.extract.plans import (OTHER_LANGUAGE, WHOLE_DOCUMENT, Miss, Plan, clause_looking_ahead, document_title, read_plans,
                              split_enumerated_regions)
from kg.extract.regions import RANK, Region, RegionMention, load_gazetteer
from kg.extract.scope import (about_health, asking_after, health_terms_in, is_section_heading, leans_to_health,
                              names_only_health, restating_proposal, runs_on, section_scope)
from kg.extract.segment import split_sentences, starting_between
from kg.extract.targets import (DROP_RESTATED_LABEL, TargetMention, clause_around, dated_by_period, dropped_numbers,
                               ends_in_past, extract_targets, period_end_of_title, is_table_rule, region_table_row_targets, restated_label, same_target,
                               table_header, table_row_named_end, table_row_targets)


@dataclass(frozen=True)
class Evidence:
    document: str
    start: int               # offsets into Document.text
    end: int
    quote: str


@dataclass(frozen=True)
class InitiativeFact:
    mention: InitiativeMention
    evidence: Evidence
    sentence: Evidence
    themes: tuple[str, ...]           # theme ids (kg/data/rules/initiatives.yaml themes), assigned here


@dataclass(frozen=True)
class TargetFact:
    mention: TargetMention
    evidence: Evidence
    initiative: str | None    # canonical name of the initiative named in the same clause or sentence


@dataclass(frozen=True)
class RegionFact:
    code: str
    evidence: Evidence
    rule: str


@dataclass(frozen=True)
class GroupFact:
    name: str                 # 长三角
    members: tuple[str, ...]  # region codes
    evidence: Evidence


@dataclass(frozen=True)
class PlanFacts:
    plan: Plan
    document: Document
    header: Evidence
    initiatives: tuple[InitiativeFact, ...]
    targets: tuple[TargetFact, ...]
    mentioned_regions: tuple[RegionFact, ...]
    inferred_from: tuple[RegionFact, ...]
    groups: tuple[GroupFact, ...] = ()
    places: tuple[Region, ...] = ()    # every division the facts name, with the divisions above it


def _evidence(doc: Document, clean: CleanText, start: int, end: int) -> Evidence:
    s, e = clean.to_original(start, end)
    return Evidence(doc.name, s, e, doc.text[s:e])


class Stopwatch:
    """Seconds spent per stage, added up over documents."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def restart(self) -> None:
        self._last = time.perf_counter()

    def add(self, seconds: dict[str, float]) -> None:
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value


OPENING_CHARS = 4       # a region this close to a sentence's start is its subject ("（一）深圳市……")


@dataclass(frozen=True)
class DocumentReading:
    """Everything one document gave: its plans' facts, or why it gave none; with how it was read."""
    document: Document
    plans: list[PlanFacts]
    no_plan: str | None           # the reason, when the document gave no plan
    misses: tuple[Miss, ...]      # passages that opened a plan and gave none
    frame: Frame
    clean: CleanText


MIXED_SECTORS_MIN = 2             # sentences of other sectors that make a plan's text a mix of sectors
NOT_HEALTH_MIN_SENTENCES = 3      # fewer sentences naming health work than this: not a health plan


def no_plan_reason(sentences, misses: list[Miss]) -> str:
    """Why a document gave no plan, in one line: its language first (health words in another language go unread)."""
    foreign = next((m.reason for m in misses if m.reason.startswith(OTHER_LANGUAGE)), None)
    if foreign:
        return foreign
    if sum(1 for s in sentences if about_health(s.text) and health_terms_in(s.text)) < NOT_HEALTH_MIN_SENTENCES:
        return "not a health plan: it names almost no health work"
    if any(m.header_rule == WHOLE_DOCUMENT and m.reason.startswith("not a plan") for m in misses):
        return next(m.reason for m in misses if m.reason.startswith("not a plan"))
    if not misses:
        return "no text to read"
    return max(misses, key=lambda m: m.end - m.start).reason


def read_document(doc: Document, clock: Stopwatch | None = None,
                  trace: list[Dropped] | None = None) -> DocumentReading:
    """One document's facts, or the reason it gave none; with ``trace``, what was dropped and why."""
    clock = clock or Stopwatch()
    gazetteer = load_gazetteer()
    clean = clean_text(doc)
    text = clean.text
    sentences = split_sentences(text)
    clock.lap("segment")
    mentions = gazetteer.find_mentions(text)
    sentences = split_enumerated_regions(sentences, mentions)
    reading = read_plans(text, sentences, mentions, gazetteer)
    plans = reading.plans
    clock.lap("plans")
    title = document_title(text, reading.frame)
    out = _plan_facts(doc, clean, plans, sentences, mentions, gazetteer, trace, names_only_health(title),
                      period_end_of_title(title))
    out, empty = _without_empty_asides(out)
    misses = reading.misses + [Miss(p.plan.start, p.plan.end, p.plan.rule, EMPTY_ASIDE) for p in empty]
    clock.lap("extract")
    reason = None if out else no_plan_reason(sentences, misses)
    return DocumentReading(doc, out, reason, tuple(misses), reading.frame, clean)


EMPTY_ASIDE = "a region's sentence inside another's plan that commits to nothing measured or named"


def _without_empty_asides(plans: list[PlanFacts]) -> tuple[list[PlanFacts], list[PlanFacts]]:
    """The plans, less a region's sentence inside another's plan ("延吉市要发挥中心城市优势，带动周边县（市）…") that
    gives no initiative and no target and is that region's only passage: no plan of its own."""
    subject = load_rules("plans").subject_region.id
    keys = Counter(p.plan.key for p in plans)
    is_empty = [p.plan.rule == subject and not p.initiatives and not p.targets and keys[p.plan.key] == 1 for p in plans]
    return [p for p, e in zip(plans, is_empty) if not e], [p for p, e in zip(plans, is_empty) if e]


def extract_document(doc: Document, clock: Stopwatch | None = None) -> list[PlanFacts]:
    return read_document(doc, clock).plans


# The rule entries that drop a sentence or a candidate of a plan.
DROP_QUESTION_TURN = rule_id("scope", "question_turn")
DROP_VOICES = rule_id("scope", "voices_section")
DROP_PROPOSAL_RESTATED = rule_id("scope", "proposal_restated")
DROP_OTHER_SECTOR = rule_id("scope", "other_sector_terms")
DROP_TABLE_HEADER = rule_id("targets", "table")
DROP_REVIEW = rule_id("plans", "drops", "review")
DROP_OTHER_SECTOR_SECTION = rule_id("plans", "drops", "other_sector_section")
DROP_OTHER_SECTOR_NAME = rule_id("plans", "drops", "other_sector_name")
DROP_OTHER_SECTOR_CLAUSE = rule_id("plans", "drops", "other_sector_clause")
DROP_NO_HEALTH_WORK = rule_id("plans", "drops", "no_health_work")
DROP_HIGHER_LEVEL = rule_id("plans", "drops", "higher_level")
DROP_QUESTION = rule_id("plans", "drops", "question")
DROP_ANOTHER_REGION = rule_id("plans", "drops", "another_region")
DROP_SAME_TARGET = rule_id("plans", "drops", "same_target")


@dataclass(frozen=True)
class Dropped:
    """A sentence, or a candidate in it, that gave no fact, and the rule that dropped it (for kg explain)."""
    start: int                # clean offsets
    end: int
    rule: str                 # the id of the rule entry that dropped it (kg.rules.resolve_rule finds it)
    what: str


def _plan_facts(doc, clean, plans, sentences, mentions, gazetteer,
                trace: list[Dropped] | None = None, health_title: bool = False,
                period_end: int | None = None) -> list[PlanFacts]:
    """The facts of each plan; with ``trace``, every sentence or candidate dropped is added to it. ``health_title``: the
    document's title names health work and no other sector (三亚市爱国卫生和健康城市建设工作方案), so that it is the health
    field's own though its sentences name markets, toilets and water."""
    def drop(sent, rule: str, what: str = "") -> None:
        if trace is not None:
            trace.append(Dropped(sent.start, sent.end, rule, what or str(resolve_rule(rule))))

    def read_initiatives(sent) -> list:
        """The health initiatives a sentence names, added to the plan's."""
        found = extract_initiatives(sent.text, normalised=True)
        for m in [m for m in found if not about_health(m.name)]:
            drop(sent, DROP_OTHER_SECTOR_NAME, f"{m.name}: names another sector and no health work")
        found = [m for m in found if about_health(m.name)]      # "农村公路安全生命防护工程"
        if found:
            sent_ev = _evidence(doc, clean, sent.start, sent.end)
            initiatives.extend(InitiativeFact(m, _evidence(doc, clean, sent.start + m.start, sent.start + m.end),
                                              sent_ev, themes_of(m.name, m.parts)) for m in found)
        return found

    out = []
    sentence_starts = [s.start for s in sentences]
    mention_starts = [m.start for m in mentions]
    for plan in plans:
        plan_mentions = starting_between(mentions, mention_starts, plan.start, plan.end)
        body = starting_between(sentences, sentence_starts, plan.start, plan.end)
        initiatives, targets = [], []
        asking = None
        restating = False                # in a deputy's proposal an answer restates, up to its full stop
        columns = table_header(plan.table_header, plan.year) if plan.table_header else None   # the indicator
        # table being read (a county's rows of a table by county: that table's, from the county's first row)
        section = None                  # the scope of the section being read: "health", "other" or None
        # a plan that mixes sectors (a 政府工作报告) reads each clause's scope; a health plan's clauses often name
        # only their object ("引进研究生30名", "实现轨道交通站点全覆盖")
        other_sector = {sent.start for sent in body if not about_health(sent.text)}
        mixed = len(other_sector) >= MIXED_SECTORS_MIN
        after_past = False                       # the sentence before, up to its ；, ended in an earlier year
        following = {sent.start: after.text for sent, after in zip(body, body[1:])}
        for sent in body:
            if sent.line_start:
                after_past = False
                asking = asking_after(sent.text, asking)
                if is_section_heading(sent.text, sent.item, paragraph_start=True):
                    section = section_scope(sent.text, section)
            continuing, after_past = after_past, ends_in_past(sent.text, plan.year, after_past)
            if asking in ("voices", "comment"):
                drop(sent, DROP_VOICES, "deputies, residents or a commentator speak in their own section: no commitments")
                continue
            if asking:
                drop(sent, DROP_QUESTION_TURN, "the one who asks speaks: no commitments")
                continue
            restating = restating_proposal(sent.text, restating and not sent.line_start)
            if restating:
                restating = runs_on(sent.text)
                drop(sent, DROP_PROPOSAL_RESTATED, "a deputy's proposal restated: no commitments")
                continue
            if sent.start in plan.review:
                ahead = clause_looking_ahead(sent.text, plan.year)
                if ahead is None:
                    drop(sent, DROP_REVIEW)
                    continue
                # "去年达到286家，今年将扩大到所有…": the review ends where a clause looks ahead
                drop(replace(sent, end=sent.start + ahead, text=sent.text[:ahead]), DROP_REVIEW)
                sent = replace(sent, start=sent.start + ahead, text=sent.text[ahead:],
                               clauses=tuple(c for c in sent.clauses if c[0] >= sent.start + ahead), line_start=False)
            # under a heading of health work (城乡环境卫生整治) the sentences of a health plan, or of a document whose
            # title is the health field's, name what they count: "推进农贸市场标准化改造，年内完成改造6个"
            # (and in a document so titled, what stands under no heading: a 健康城市 plan's indicator table)
            health_work = section == "health" and (health_title or not mixed) or section != "other" and health_title
            if sent.start in other_sector and not health_work:
                drop(sent, DROP_OTHER_SECTOR, "names another sector and no health work")
                continue
            if section == "other" and not leans_to_health(sent.text):
                drop(sent, DROP_OTHER_SECTOR_SECTION)
                continue
            if plan.row_columns and sent.start == plan.header[0]:       # "南昌市 ≥88 ≥52": the region's row
                for t in region_table_row_targets(sent.text, plan.row_columns, plan.year):
                    targets.append(TargetFact(t, _evidence(doc, clean, sent.start + t.start, sent.start + t.end), None))
                continue
            rows = table_row_targets(sent.text, columns) if columns is not None else None
            row = sent
            if rows is None and columns is not None and sent.line_start:
                # a row whose cell a ； splits ("新增养老服务机构20个；新增普惠托位1500个"): read the whole line
                line_end = clean.text.find("\n", sent.start)
                line = clean.text[sent.start:line_end if line_end >= 0 else len(clean.text)]
                rows = table_row_targets(line, columns) if line != sent.text else None
                row = replace(sent, end=sent.start + len(line), text=line)
            header = table_header(sent.text, plan.year) if sent.line_start and not rows else None
            if header is not None:       # a row of the table that names a target (目标人群) is still a row
                columns = header
                drop(sent, DROP_TABLE_HEADER, "the header of an indicator table: its columns' years")
                continue
            if rows is None:
                if columns is not None and (not sent.line_start or is_table_rule(sent.text)):
                    continue            # the rest of a row whose cell a ； splits ("…不得分；发生…的，每例扣3分"), or
                columns = None          # the rule under a Markdown table's header
            else:
                for t in rows:
                    if not any(same_target(t, seen.mention) for seen in targets):
                        targets.append(TargetFact(t, _evidence(doc, clean, sent.start + t.start, sent.start + t.end),
                                                  None))
                named = table_row_named_end(row.text, columns)      # a row's project (“一老一小”健康服务提升工程)
                read_initiatives(replace(row, end=row.start + named, text=row.text[:named]))
                continue
            found = read_initiatives(sent)
            if sent.text.rstrip().endswith(("？", "?")):
                drop(sent, DROP_QUESTION)
                continue
            opening = starting_between(mentions, mention_starts, sent.start, sent.start + OPENING_CHARS)
            if _about_another_region(opening, plan, gazetteer, sent.text[:opening[0].start - sent.start] if opening else ""):
                drop(sent, DROP_ANOTHER_REGION, f"opens with {opening[0].text}, outside the plan's region: no targets")
                continue
            if _speaks_for_a_higher_level(sent, starting_between(mentions, mention_starts, sent.start, sent.end), plan):
                drop(sent, DROP_HIGHER_LEVEL)      # "全省工作会议提出，2026年全省…" in a city's plan
                continue
            if restated_label(sent.text, following.get(sent.start, "")):
                drop(sent, DROP_RESTATED_LABEL)      # "▍10个以上" above "新增国家临床重点专科10个以上"
                continue
            kept = [dated_by_period(t, sent.text, plan.year, period_end)
                    for t in extract_targets(sent.text, plan.year, continuing)]
            earlier = len(targets)
            unnamed = mixed and not health_title and section != "health" and not health_terms_in(sent.text)
            for t in kept:
                if mixed and not health_work and not about_health(clause_around(sent.text, t.start, t.end)):   # "新开办学校5所，新增托位600个"
                    drop(sent, DROP_OTHER_SECTOR_CLAUSE, f"{t.text}: its clause names another sector and no health work")
                    continue
                if unnamed:         # "风险消除率达到70%以上" in a county's 乡村振兴 plan
                    drop(sent, DROP_NO_HEALTH_WORK, f"{t.text}: neither its sentence nor its section names health work")
                    continue
                # two of one sentence are one only by name: "高血压、糖尿病患者规范管理率均达到65%" is two
                if any(same_target(t, seen.mention) for seen in targets[:earlier]) \
                        or any(same_target(t, seen.mention, by_bigrams=False) for seen in targets[earlier:]):
                    drop(sent, DROP_SAME_TARGET, f"{t.text}: stated again")
                    continue
                targets.append(TargetFact(t, _evidence(doc, clean, sent.start + t.start, sent.start + t.end),
                                          _nearest_initiative(t, found, sent.text)))
            if trace is not None:
                for start, end, rule in dropped_numbers(sent.text, plan.year, kept, continuing):
                    trace.append(Dropped(sent.start + start, sent.start + end, rule, sent.text[start:end]))
        regions = _mentioned_regions(doc, clean, plan, plan_mentions, gazetteer)
        inferred = tuple(RegionFact(gazetteer.resolve(m, plan.region_code) or "", _evidence(doc, clean, m.start, m.end),
                                    m.rule) for m in plan.inferred_from)
        groups = _mentioned_groups(doc, clean, plan_mentions)
        codes = {plan.region_code, *(f.code for f in regions + inferred), *(c for g in groups for c in g.members)}
        out.append(PlanFacts(plan, doc, _evidence(doc, clean, *plan.header), tuple(initiatives), tuple(targets),
                             regions, inferred, groups, _places(codes, gazetteer)))
    return out


def _places(codes, gazetteer) -> tuple[Region, ...]:
    """The divisions named by codes, with every division above them, in code order: what the graph says of
    each region comes from here, so the triple writer reads no gazetteer."""
    found = {a for code in codes if code in gazetteer.regions for a in gazetteer.ancestors(code)}
    return tuple(gazetteer.get(c) for c in sorted(found))


def _about_another_region(opening: list[RegionMention], plan: Plan, gazetteer, lead: str = "") -> bool:
    """Whether a sentence opens with a region (``opening``: the mentions at its start, ``lead``: the text before
    the first) that is its subject and is neither the plan's nor inside or above it."""
    first = opening[0] if opening else None
    if first is None or first.rule not in ("full-name", "short-name") or plan.region_code not in gazetteer.regions \
            or not _leads()["subject"].fullmatch(lead):
        return False
    code = gazetteer.resolve(first, plan.region_code)
    return code is not None and plan.region_code not in gazetteer.ancestors(code) \
        and code not in gazetteer.ancestors(plan.region_code)


@lru_cache(maxsize=1)
def _leads() -> dict[str, re.Pattern]:
    rules = load_rules("plans")
    return {"subject": re.compile(rules.subject_lead), "clause": re.compile(rules.clause_lead)}


def _speaks_for_a_higher_level(sent, inside: list[RegionMention], plan: Plan) -> bool:
    """Whether a sentence's words for a region (全省, 全市 …) are all a level above the plan's and one is the
    subject of a clause: "会议提出，2026年全省法定传染病报告及时率达到98%以上" in a city's plan. A county-level
    city's 全市 is its own (义乌市); "达到全省先进水平" compares, and is no subject."""
    words = [m for m in inside if m.rule == "anaphora" and m.refers_to_level in RANK]
    if not words or plan.level not in RANK:
        return False
    if any(RANK[m.refers_to_level] >= RANK[plan.level] or m.text[-1] == plan.region_name[-1] for m in words):
        return False
    return any(_leads()["clause"].fullmatch(sent.text, 0, m.start - sent.start) for m in words)


def _nearest_initiative(target: TargetMention, found: list[InitiativeMention], sentence: str) -> str | None:
    """The initiative named in the target's clause, else the nearest one before it in the sentence
    (one named after it, in a later clause, starts a new topic)."""
    if not found:
        return None
    marks = ",，;；:：。"
    clause_start = max(sentence.rfind(c, 0, target.start) for c in marks) + 1
    clause_end = min([i for i in (sentence.find(c, target.end) for c in marks) if i >= 0], default=len(sentence))
    same_clause = [m for m in found if m.start >= clause_start and m.end <= clause_end]
    before = [m for m in found if m.end <= target.start]
    pool = same_clause or before
    return min(pool, key=lambda m: (abs(m.start - target.start), m.start)).name if pool else None


def _mentioned_groups(doc, clean, mentions: list[RegionMention]) -> tuple[GroupFact, ...]:
    seen: dict[str, GroupFact] = {}
    for m in mentions:
        if m.rule == "group" and m.text not in seen:
            seen[m.text] = GroupFact(m.text, m.codes, _evidence(doc, clean, m.start, m.end))
    return tuple(seen[name] for name in sorted(seen))


def _mentioned_regions(doc, clean, plan: Plan, mentions: list[RegionMention], gazetteer) -> tuple[RegionFact, ...]:
    seen: dict[str, RegionFact] = {}
    for m in mentions:
        if not m.codes or m.rule == "group":
            continue
        code = gazetteer.resolve(m, plan.region_code)
        if code and code != plan.region_code and code not in seen:
            seen[code] = RegionFact(code, _evidence(doc, clean, m.start, m.end), m.rule)
    return tuple(seen[c] for c in sorted(seen))
