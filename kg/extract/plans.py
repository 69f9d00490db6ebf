"""Plans: split a document into the plans it announces, each with region and year.

A plan starts at a work-meeting header ("1月17日,安徽省卫生健康工作会议召开"),
an official's statement line ("上海市卫生健康委党组书记、主任 闻大翔") or a
section of a collection ("【篇一】"), and runs to the next one. A header that
names no region (全市, 我县, a bare section) gets its region from the places
the plan's text names. Sentences about an earlier year are marked as review.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.extract.frame import (DATE as FRAME_DATE, DOCUMENT_NUMBER, ISSUER, NAME_AFTER as PLACE_IN_NAME, NATION, SIGNATURE, TITLE, OUTLET,
                              RESPONSIBLE_PARTY, Frame,
                              named_inside, read_frame)
from kg.extract.regions import RANK, Gazetteer, RegionMention, load_gazetteer
from kg.extract.scope import asking_after, runs_on
from kg.rules import load_rules, pieces, rule_id
from kg.extract.segment import Sentence, starting_between
from kg.extract.targets import (REGION_COLUMN, TableColumns, is_table_rule, region_table_columns, table_cells,
                               table_header, table_row_targets)

# Decisions made from several rules at once, declared under `decisions` in rules/plans.yaml.
WHOLE_DOCUMENT = rule_id("plans", "decisions", "whole_document")
HEADER_SENTENCE = rule_id("plans", "decisions", "header_sentence")
REGION_INFERRED = rule_id("plans", "decisions", "region_inferred")
REGION_INFERRED_FROM_NAMES = rule_id("plans", "decisions", "region_inferred_from_names")
YEAR_OF_PREVIOUS_PLAN = rule_id("plans", "decisions", "year_of_previous_plan")
YEAR_IN_HEADER = rule_id("plans", "decisions", "year_in_header")
YEAR_NEAR_HEADER = rule_id("plans", "decisions", "year_near_header")
YEAR_AFTER_REVIEW = rule_id("plans", "decisions", "year_after_review")
YEAR_IN_TITLE = rule_id("plans", "decisions", "year_in_title")
NEXT_YEAR_OF_LATE_DATE = rule_id("plans", "decisions", "next_year_of_late_date")
NEXT_YEAR_OF_REPORT = rule_id("plans", "decisions", "next_year_of_report")
YEAR_OF_DATE_OPENING = rule_id("plans", "decisions", "year_of_date_opening")
ANONYMOUS_REGION = rule_id("plans", "anonymous_marker")      # an anonymised template's region (xx市)
OTHER_LANGUAGE = "not a plan: the text is not Chinese"


@dataclass(frozen=True)
class Candidate:
    """A region considered for a plan, where it came from, and why it was taken or passed over."""
    code: str | None
    rule: str
    start: int
    end: int
    text: str
    verdict: str              # "taken", or the reason it was passed over


@dataclass(frozen=True)
class Plan:
    start: int                    # clean offsets of the plan's text
    end: int
    header: tuple[int, int]       # clean span of the header that opened it
    region_code: str | None       # None for an anonymised region ("xx县")
    region_name: str
    level: str
    year: int
    rule: str                     # rule id that found the header or inferred the region
    inferred_from: tuple[RegionMention, ...] = ()
    review: frozenset[int] = field(default_factory=frozenset)   # starts of review sentences
    candidates: tuple[Candidate, ...] = ()   # the regions considered, in the order they were tried
    year_rule: str = YEAR_IN_HEADER          # the id of the rule that dated the plan
    row_columns: tuple = ()                  # a region's row of a table: the (indicator, unit) of its columns
    table_header: str = ""                   # a region's rows in a table by county: the header of that table

    @property
    def key(self) -> str:
        return f"{self.region_code or self.region_name}-{self.year}"


@dataclass(frozen=True)
class _Header:
    sentence: Sentence
    rule: str
    mention: RegionMention | None     # None for a section header
    year: int | None
    row_columns: tuple = ()           # a row of a table whose rows are regions: its columns
    table_header: str = ""            # a county's first row of a table by county: the table's header line


@lru_cache(maxsize=1)
def _compiled():
    rules = load_rules("plans")
    meeting = rules.meeting_header
    return {
        "after_region": re.compile(meeting["after_region"]),
        "not_start": re.compile(meeting["not_start"]),
        "reference_before": re.compile(meeting["reference_before"]),
        "reference_after": re.compile(meeting["reference_after"]),
        "year_before": re.compile(meeting["year_before_region"]),
        "year_of_plan_part": re.compile(meeting["year_of_plan_part"]),
        "dateline": re.compile(meeting["dateline"]),
        "attending": re.compile(meeting["attending"]),
        "official": re.compile(rules.official_header.pattern),
        "speaker_lead": re.compile(rules.speaker_header.lead),
        "speaker": re.compile(rules.speaker_header.after_region),
        "town_head": re.compile(rules.speaker_header.town_head),
        "speaker_points": re.compile(rules.speaker_header.points),
        "turn_label": re.compile(rules.speaker_header.turn_label),
        "national_speaker": re.compile(rules.speaker_header.national),
        "roster_line": re.compile(rules.speaker_header.roster_line),
        "roster_attend": re.compile(rules.speaker_header.roster_attend),
        "national_organ": re.compile(rules.speaker_header.national_organ),
        # a listed speaker's turn: "孙明远：", "【张敏】"
        "bare_label": re.compile(r"\s*(?:【([\u4e00-\u9fff·]{2,4})】\s*$|([\u4e00-\u9fff·]{2,4})\s*[:：])"),
        "forwarded_speaker": re.compile(rules.speaker_header.forwarded),
        "forwarded_national": re.compile(rules.speaker_header.forwarded_title),
        "subject_lead": re.compile(rules.subject_region.lead),
        "subject": re.compile(rules.subject_region.after_region),
        "enumeration": re.compile(rules.subject_region.enumeration),
        "section": re.compile(rules.section_header.pattern),
        "region_section": re.compile(rules.region_section_header.pattern),
        "region_colon": re.compile(rules.region_colon_header.pattern),
        "region_heading": re.compile(rules.region_heading.pattern),
        "region_colon_line": re.compile(rules.region_colon_line.pattern),
        "superior_meeting": re.compile(rules.superior_meeting.pattern),
        "own_paragraph": re.compile(rules.own_paragraph.pattern),
        "topic_lead": re.compile(rules.topic_paragraph.lead),
        "topic_after": re.compile(rules.topic_paragraph.after_region),
        "topic_past": re.compile(rules.topic_paragraph.past_after),
        "topic_run_in": re.compile(rules.topic_paragraph.run_in),
        "heading_ranks": [re.compile(r) for r in rules.region_heading.ranks],
        "region_dated": re.compile(rules.region_dated_header.pattern),
        "year": re.compile(rules.year_pattern),
        "review_start": re.compile(rules.review_start),
        "review_announce": re.compile(rules.review_announce),
        "forward": re.compile(rules.forward_cue),
        "meeting_says": re.compile(rules.meeting_header.says),
        "forward_deadline": re.compile(rules.forward_deadline),
        "first_half": re.compile(rules.first_half),
        "citing": re.compile(rules.citing_before),
        "review_end": re.compile(rules.review_end),
        "review_section": re.compile(rules.review_section),
        "review_year_itself": re.compile(rules.review_year_itself),
        "targets_label": re.compile(rules.targets_label),
        "table_note": re.compile(rules.region_row.note),
        "this_year_word": re.compile(rules.year_ahead.this_year),
        "next_year_word": re.compile(rules.year_ahead.next_year),
        "clause_ahead": re.compile(rules.clause_ahead),
        "section_heading": re.compile(rules.section_heading),
        "part_heading": re.compile(rules.part_heading),
        "symbol_heading": re.compile(rules.symbol_heading),
        "plain_heading": re.compile(rules.plain_heading),
        "plain_heading_ahead": re.compile(rules.plain_heading_ahead),
        "anonymous": re.compile(rules.anonymous_marker),
        "autonomous": re.compile(rules.autonomous_region.cue),
        "level_in_rank": re.compile(rules.level_in_rank),
        "prefecture_district": re.compile(rules.autonomous_region.prefecture_cue),
        "commitment": re.compile(rules.commitment.cue),
        "institution_plan": re.compile(rules.institution_plan),
        "proposal_title": re.compile(rules.proposal_title),
        "proposal_answer": re.compile(rules.proposal_answer),
        "housekeeping_title": re.compile(rules.housekeeping_title),
        "statistics_title": re.compile(rules.statistics_title),
        "report_title": re.compile(rules.report_title),
        "report_title_plans": re.compile(rules.report_title_plans),
        "report_forward": re.compile(rules.report_forward),
        "forwarded": re.compile(rules.forwarded_title),
    }


def _table_row(line: str, columns: TableColumns) -> bool:
    """Whether a line is a row of an indicator table, its region's name given or left blank."""
    return len(table_cells(line)) in (len(columns.kinds), len(columns.kinds) - 1)


def _county_rows_start(sent: Sentence, by_start: list[RegionMention], starts: list[int],
                       by_county: tuple[str, TableColumns]) -> RegionMention | None:
    """The region whose rows of a table by county a line opens ("1 衡阳县 每千人口医疗卫生机构床位数 张 6.2 6.6")."""
    columns = by_county[1]
    cells = table_cells(sent.text)
    if len(cells) != len(columns.kinds):
        return None
    return _mention_in_cell(sent, by_start, starts, cells[columns.kinds.index("region")])


def _region_row(sent: Sentence, by_start: list[RegionMention], starts: list[int], table) -> RegionMention | None:
    """The region a row of a table whose rows are regions ("南昌市 ≥88 ≥52") names, under that table's header."""
    cells = table_cells(sent.text) if table else []
    if not table or len(cells) != len(table):
        return None
    return _mention_in_cell(sent, by_start, starts, cells[table.index(REGION_COLUMN)])


def _mention_in_cell(sent: Sentence, by_start: list[RegionMention], starts: list[int],
                     cell: tuple[int, int]) -> RegionMention | None:
    """The region that fills a table row's cell (offsets within the row), or None."""
    inside = starting_between(by_start, starts, sent.start, sent.end)
    return next((m for m in inside if m.codes and (m.start - sent.start, m.end - sent.start) == cell), None)


def _anaphora_level(word: str, plan_text: str) -> str | None:
    """The level a word such as 全省 stands for in a plan: 全区 is an autonomous region's (a province's)
    where the plan names the region's own organs, else a district's."""
    if word in load_rules("plans").autonomous_region.words and _compiled()["autonomous"].search(plan_text):
        return "province"
    if word in load_rules("plans").autonomous_region.words and _compiled()["prefecture_district"].search(plan_text):
        return "prefecture"             # 全区 of a 地区 (大兴安岭地区行政公署)
    for level, words in load_rules("plans").anaphora_levels.items():
        if word in words:
            return level
    return None


def _below(word: str, mention: RegionMention | None) -> bool:
    """Whether a first-person word of a level (我省) speaks of a level below the region the last header named."""
    level = _anaphora_level(word, "")
    gazetteer = load_gazetteer()
    return mention is not None and bool(mention.codes) and level is not None \
        and RANK[level] > max(RANK[gazetteer.get(c).level] for c in mention.codes)


def _above_town(mention: RegionMention) -> bool:
    """Whether a place is a county or above (six-digit codes; a town's has nine)."""
    return all(len(code) == 6 for code in mention.codes)


def _lists_places(inside: list[RegionMention], after_colon: int) -> bool:
    """A line that lists a region's members ("崇左市：大新县", "南宁市：宾阳县黎塘镇中心卫生院、…"), no heading."""
    return any(m.start == after_colon and m.codes for m in inside[1:])


def _last_of_a_list(inside: list[RegionMention], mention: RegionMention, sent: Sentence) -> bool:
    """Whether a region ends a list of regions ("福州、厦门、泉州、漳州"): what follows it is said of them all."""
    return any(m.codes and m.end + 1 == mention.start and sent.text[m.end - sent.start] in "、和与及"
               for m in inside)


def _run_in_heading(sent: Sentence, inside: list[RegionMention]) -> bool:
    """Whether a paragraph opens with its region as a run-in heading, the sentence after it naming it again ("福州
    福州市提出，…"; not a table's row, "青羊区　完成3家…")."""
    gap = _compiled()["topic_run_in"].match(sent.text, inside[0].end - sent.start)
    return bool(gap) and len(inside) > 1 and inside[1].start - sent.start == gap.end() \
        and bool(set(inside[0].codes) & set(inside[1].codes))


def _one_region_s_figures(text: str, name_end: int) -> bool:
    """An enumeration's item gives one region's figures: "昌图县将新建…2个", not "开原市、调兵山市的责任书将…"."""
    return text[name_end:name_end + 1] not in "、和与及" and any(c.isdigit() for c in text)


@dataclass(frozen=True)
class Roster:
    """A press conference's speakers by name, each with the region its roster line opens with (None: the nation's
    organ), and where each listed office and name starts (a roster's line is no header)."""
    speakers: dict[str, RegionMention | None]
    lines: frozenset[int]
    names: frozenset[str] = frozenset()     # every listed name, whether or not its line names a region

    def speaker_at(self, line: str) -> tuple[bool, RegionMention | None]:
        """Whether a line opens with a listed speaker's turn label ("孙明远："), and the speaker's region."""
        name = self.label(line)
        return (name in self.speakers, self.speakers.get(name))

    def label(self, line: str) -> str:
        """The listed name whose turn a line opens ("孙明远："), or ""."""
        m = _compiled()["bare_label"].match(line)
        name = (m.group(1) or m.group(2)) if m else ""
        return name if name in self.names else ""


NO_ROSTER = Roster({}, frozenset())


def read_roster(sentences: list[Sentence], mentions: list[RegionMention]) -> Roster:
    """The roster of a press conference: runs of lines that give an office and a name (speaker_header.roster_line), or
    a sentence that names who attend ("…，樊城区人民政府副区长张敏出席发布会并回答记者提问")."""
    rules = load_rules("plans").speaker_header
    pats = _compiled()
    listed: list[tuple[int, str]] = []          # (start, "office name") of each listed speaker
    run: list[tuple[int, str]] = []
    for sent in sentences + [None]:
        if sent is not None and sent.line_start and pats["roster_line"].match(sent.text.strip()):
            run.append((sent.start + len(sent.text) - len(sent.text.lstrip()), sent.text.strip()))
            continue
        listed += run if len(run) >= rules.roster_min_lines else []
        run = []
        attend = pats["roster_attend"].search(sent.text) if sent is not None else None
        if attend:                          # the attending officials, one after a comma each
            at = sent.start
            for item in re.split("([，,])", sent.text[:attend.start()]):
                if pats["roster_line"].fullmatch(item):
                    listed.append((at, item))
                at += len(item)
    by_start = {m.start: m for m in mentions if m.codes and m.rule in ("full-name", "short-name")}
    speakers, names = {}, set()
    for start, text in listed:
        name = re.sub(r"\s", "", pats["roster_line"].match(text).group("name"))
        names.add(name)
        if start in by_start:
            speakers[name] = by_start[start]
        elif pats["national_organ"].match(text):
            speakers[name] = None
    return Roster(speakers, frozenset(start for start, _ in listed), frozenset(names))


def find_headers(sentences: list[Sentence], mentions: list[RegionMention], roster: Roster = NO_ROSTER) -> list[_Header]:
    rules = load_rules("plans")
    pats = _compiled()
    max_offset = rules.meeting_header.max_offset
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    headers = []
    asking = None
    table = None                  # the columns of a table whose rows are regions, while its rows go on
    by_county = None              # a table of indicators by county (序号 县市区 指标名称 …): its header line and columns
    enumerating = False           # in a paragraph's enumeration of regions ("其中，A市…；B市…")
    forwards_national = any(pats["forwarded_national"].search(s.text) for s in sentences[:FORWARDED_TITLE_SENTENCES])
    caption = None                # the line above, when this one opens a line
    for previous, sent in zip([None] + sentences[:-1], sentences):
        if sent.line_start:
            caption = previous.text if previous is not None and previous.line_start else None
            asking = asking_after(sent.text, asking)
            enumerating = False
        if asking:
            continue              # "记者：据了解，今年全国卫生健康工作会议提出……": a question names the meeting
        if sent.start in roster.lines:
            continue              # the roster lists the speakers; each one's turn is a header of its own
        listed, region = roster.speaker_at(sent.text) if sent.line_start else (False, None)
        if listed:
            headers.append(_Header(sent, rules.speaker_header.id, region, None))
            continue
        if sent.line_start:
            row = _region_row(sent, by_start, starts, table)
            if row:
                headers.append(_Header(sent, rules.region_row.id, row, None, table))
                continue
            if table and is_table_rule(sent.text):
                continue                  # "|---|---|": a Markdown table's rule under its header
            table = region_table_columns(sent.text)
            if table and caption is not None and pats["review_section"].match(caption):
                table = None      # "表1 2025年部分县（市）卫生健康主要指标完成情况" over its rows: results, no plans
                continue
            if table:
                continue
            county = _county_rows_start(sent, by_start, starts, by_county) if by_county else None
            if county:
                headers.append(_Header(sent, rules.region_row.id, county, None, (), by_county[0]))
                continue
            header = table_header(sent.text, 0)
            if header is not None and "region" in header.kinds:
                by_county = (sent.text, header)
                continue
            if by_county and not _table_row(sent.text, by_county[1]):
                by_county = None
        if sent.line_start and pats["section"].match(sent.text):
            headers.append(_Header(sent, rules.section_header.id, None, None))
            continue
        inside = starting_between(by_start, starts, sent.start, sent.end)
        first = inside[0] if inside else None
        if first and first.start == sent.start and sent.line_start \
                and pats["official"].match(sent.text[first.end - sent.start:]):
            headers.append(_Header(sent, rules.official_header.id, first, None))
            continue
        speaker = first and first.codes and first.rule in ("full-name", "short-name") \
            and first.start - sent.start == pats["speaker_lead"].match(sent.text).end() \
            and pats["speaker"].match(sent.text, first.end - sent.start)
        if speaker and not sent.line_start and headers and headers[-1].rule == rules.speaker_header.id \
                and headers[-1].mention is not None and headers[-1].mention.codes == first.codes:
            speaker = None      # the region goes on in its speaker's paragraph ("河北明确，到2027年…")
        # a town speaks by its head (庄里镇副镇长贺敏：…); its office's 负责同志 in the county's news, for the county
        if speaker and (_above_town(first) or pats["town_head"].search(speaker.group())):
            headers.append(_Header(sent, rules.speaker_header.id, first, None))
            continue
        if pats["national_speaker"].match(sent.text, pats["speaker_lead"].match(sent.text).end()) \
                or forwards_national and pats["forwarded_speaker"].match(sent.text):
            headers.append(_Header(sent, rules.speaker_header.id, None, None))       # the nation speaks
            continue
        own = pats["own_paragraph"].match(sent.text) if sent.line_start else None
        if own and _below(own.group("word"), next((h.mention for h in reversed(headers) if h.mention), None)):
            headers.append(_Header(sent, rules.own_paragraph.id, None, None))      # "我省将…" in the nation's news
            continue
        if pats["superior_meeting"].match(sent.text):
            headers.append(_Header(sent, rules.superior_meeting.id, None, None))
            continue
        enumeration = pats["enumeration"].match(sent.text)
        if first and first.codes and first.rule == "full-name" \
                and first.start - sent.start == (enumeration or pats["subject_lead"].match(sent.text)).end() \
                and (pats["subject"].match(sent.text, first.end - sent.start)
                     or (enumeration or enumerating) and _one_region_s_figures(sent.text, first.end - sent.start)):
            headers.append(_Header(sent, rules.subject_region.id, first, None))
            enumerating = enumerating or bool(enumeration)
            continue
        if first and first.codes and first.rule in ("full-name", "short-name") and sent.line_start \
                and first.start == sent.start and pats["region_dated"].match(sent.text, first.end - sent.start):
            headers.append(_Header(sent, rules.region_dated_header.id, first, None))
            continue
        bracket = pats["region_section"].match(sent.text) if sent.line_start else None
        if bracket and first and first.codes and (first.start - sent.start, first.end - sent.start) == bracket.span(1):
            headers.append(_Header(sent, rules.region_section_header.id, first, None))
            continue
        if bracket and headers and headers[-1].rule == rules.region_section_header.id:
            headers.append(_Header(sent, rules.digest_section.id, None, None))   # "【数说健康】" after the items
            continue
        named = pats["region_heading"].match(sent.text.strip()) if sent.line_start else None
        if named and first and first.codes and first.rule == "full-name" \
                and sent.text.strip()[named.start(1):] == first.text:
            headers.append(_Header(sent, rules.region_heading.id, first, None))
            continue
        colon = pats["region_colon"].match(sent.text) if sent.line_start and sent.end - sent.start <= 60 else None
        named = (_named_in_full(inside, sent.start + colon.start(1), sent.start + colon.end(1))
                 or _county_named_short(colon.group(1), sent.start + colon.start(1), by_start)) if colon else None
        if named and named.codes and named.rule in ("full-name", "short-name") \
                and not _lists_places(inside, sent.start + colon.end()):
            headers.append(_Header(sent, rules.region_colon_header.id, named, None))
            continue
        line = pats["region_colon_line"].match(sent.text) if sent.line_start and not colon else None
        if line and first and first.codes and first.rule == "full-name" \
                and (first.start - sent.start, first.end - sent.start) == line.span(1):
            headers.append(_Header(sent, rules.region_colon_line.id, first, None))
            continue
        if pats["not_start"].match(sent.text):
            continue
        for m in inside:
            if m.start - sent.start - _dateline_length(sent.text) > max_offset:
                continue          # (a place further on is no meeting's: the paragraph may still open with its region)
            meeting = pats["after_region"].match(sent.text, m.end - sent.start)
            if meeting and (pats["reference_after"].match(sent.text[meeting.end():])
                            or pats["reference_before"].search(sent.text[:m.start - sent.start])
                            or pats["attending"].search(meeting.group())):
                continue          # "贯彻全省卫生健康工作会议精神", "…出席发布会": the meeting of another
            if meeting and _last_of_a_list(inside, m, sent):
                break             # "福州、厦门、泉州、漳州卫生健康工作会议扫描": several regions' meetings, none's header
            if meeting:
                year = pats["year_before"].search(sent.text[:m.start - sent.start])
                plan_part = pats["year_of_plan_part"].search(sent.text)
                year = plan_part.group(1) if plan_part else year.group(1) if year else meeting.group(1)
                headers.append(_Header(sent, rules.meeting_header.id, m, int(year) if year else None))
                break
        else:
            if sent.line_start and first and first.codes and first.rule in ("full-name", "short-name") \
                    and _above_town(first) \
                    and first.start - sent.start == pats["topic_lead"].match(sent.text).end() \
                    and (pats["topic_after"].match(sent.text, first.end - sent.start) or _run_in_heading(sent, inside)) \
                    and not pats["topic_past"].match(sent.text, first.end - sent.start):
                headers.append(_Header(sent, rules.topic_paragraph.id, first, None))
    return _surveys_only(_region_breakdowns_left_out(headers, sentences))


def _region_breakdowns_left_out(headers: list[_Header], sentences: list[Sentence]) -> list[_Header]:
    """Short region lines one after another inside a plan, each with its own item after the colon ("奎文区：新建社区医院2家",
    "潍城区：新建社区医院1家"): the plan's own breakdown by region, no headers (the last one would take what follows)."""
    colon = load_rules("plans").region_colon_header.id
    index = {s.start: i for i, s in enumerate(sentences)}

    def item(h: _Header) -> bool:
        return h.rule == colon and h.mention is not None and h.sentence.end - h.mention.end > 2

    def adjacent(a: _Header, b: _Header) -> bool:
        i = index.get(a.sentence.start)
        return i is not None and i + 1 < len(sentences) and sentences[i + 1].start == b.sentence.start

    def in_run(i: int, h: _Header) -> bool:
        inside = any(not item(o) for o in headers[:i])     # (a run that opens the document is a digest's items)
        return inside and item(h) and any(item(o) and (adjacent(h, o) or adjacent(o, h))
                                          for o in headers[max(0, i - 1):i + 2] if o is not h)
    return [h for i, h in enumerate(headers) if not in_run(i, h)]


def _own_subdivision(header: _Header, own: set[str], gazetteer: Gazetteer) -> bool:
    """A numbered heading naming a 街道 or town of the county the document is the plan of ("一、浆洗街街道" in 武侯区's
    list of projects): the county's own breakdown, not the town's plan."""
    if header.rule != load_rules("plans").region_heading.id or header.mention is None:
        return False
    return any(gazetteer.get(code).level == "town" and code[:6] in own for code in header.mention.codes)


def _county_named_short(label: str, start: int, mentions: list[RegionMention]) -> RegionMention | None:
    """A county a section's heading calls by its short name ("长汀：…") where the document names it in full (长汀县):
    the county, at the heading. (A county's short name alone is too often an ordinary word to be read as a place.)"""
    full = [m for m in mentions if m.rule == "full-name" and len(m.codes) == 1 and len(m.text) > len(label)
            and m.text.startswith(label) and m.text[len(label):] in COUNTY_ENDINGS]
    return RegionMention(start, start + len(label), label, full[0].codes, "short-name") if full else None


def _statement_end(first: Sentence, sentences: list[Sentence], starts: list[int], limit: int) -> int:
    """Where a statement that opens with a sentence ends (before ``limit``): at its full stop, a list after a colon or
    semicolons running on ("省方案明确，2026年全省要实现以下主要目标：县域内就诊率达到90%以上；…；…。"), within its line."""
    end = first.end
    for sent in starting_between(sentences, starts, first.start, limit):
        if sent.start > first.start and sent.line_start:
            break
        end = sent.end
        if sent.text.rstrip()[-1:] not in "：:；;":
            break
    return end


def _titled_by(header: _Header, before: _Header | None) -> bool:
    """Whether a region's sentence ("海东市2026年将…") opens the section its heading ("▲青海海东：…") names: its plan's
    section, not an interruption of another plan."""
    rules = load_rules("plans")
    return before is not None and header.rule == rules.subject_region.id and header.mention is not None \
        and before.rule in (rules.region_colon_header.id, rules.region_heading.id, rules.region_section_header.id) \
        and before.mention is not None and bool(set(header.mention.codes) & set(before.mention.codes))


def _named_in_full(inside: list[RegionMention], start: int, end: int) -> RegionMention | None:
    """The region a span names and nothing else: one place ("哈密市"), or a place after its province ("新疆哈密")."""
    chain = [m for m in inside if start <= m.start < end]
    if not chain or chain[0].start != start or chain[-1].end != end \
            or any(a.end != b.start for a, b in zip(chain, chain[1:])) \
            or any(not m.codes or not all(c.endswith("0000") for c in m.codes) for m in chain[:-1]):
        return None
    return chain[-1]


def _surveys_only(headers: list[_Header]) -> list[_Header]:
    """Paragraphs that open with their region head plans only in a survey of several regions."""
    topic = load_rules("plans").topic_paragraph
    # the regions whose paragraphs open a plan, by whatever header ("在黑龙江，全省卫生健康工作会议提出…" beside
    # "内蒙古自治区则把…")
    rules = load_rules("plans")
    paragraphs = (topic.id, rules.meeting_header.id, rules.speaker_header.id)
    regions = {h.mention.codes for h in headers
               if h.rule in paragraphs and h.sentence.line_start and h.mention is not None and h.mention.codes}
    if not (any(h.rule == topic.id for h in headers) and len(regions) >= topic.min_regions):
        return [h for h in headers if h.rule != topic.id]
    # a paragraph on the region whose section it opens ("二、湛江：…" then "在湛江，…") goes on with that section
    return [h for i, h in enumerate(headers)
            if h.rule != topic.id or i == 0 or headers[i - 1].mention is None
            or headers[i - 1].mention.codes != h.mention.codes]


def _meeting_commits(header: _Header) -> bool:
    """Whether a meeting's sentence states a commitment after naming the meeting ("在黑龙江，全省卫生健康工作会议提出，
    2026年将重点实施…"): its own plan's body where a speaker goes on with the paragraph."""
    rest = header.sentence.text[header.mention.end - header.sentence.start:]
    said = _compiled()["meeting_says"].search(rest)
    return bool(said and _compiled()["forward"].search(rest, said.end()))


def _plan_year(text: str, header: _Header, start: int, end: int) -> tuple[int | None, str]:
    """The header's year; else the latest year named near the header, where a year
    that only opens a review sentence ("2023年,江苏卫生健康系统……") means the plan
    is for the year after; else the year in the document's title. With the rule that dated it."""
    if header.year:
        return header.year, YEAR_IN_HEADER
    rules = load_rules("plans")
    pats = _compiled()
    forward, review = [], []
    for m in pats["year"].finditer(text, header.sentence.start, min(end, start + rules.year_window)):
        if _inside_book_title(text, m.start()):
            continue                    # 《…和二〇三五年远景目标纲要》: a document cited, no year of the plan's
        sentence_end = min((i for i in (text.find(c, m.end()) for c in "。\n") if i >= 0), default=len(text))
        opens_review = (m.start() == 0 or text[m.start() - 1] in "\n。") and text[m.end():m.end() + 1] in ",，" \
            and not pats["forward"].search(text, m.end(), sentence_end)
        (review if opens_review else forward).append(int(m.group(1)))
    if forward:
        return max(forward), YEAR_NEAR_HEADER
    if review:
        return max(review) + 1, YEAR_AFTER_REVIEW
    title = [int(y) for y in pats["year"].findall(text, 0, min(start, rules.title_chars))]
    return (max(title), YEAR_IN_TITLE) if title else (None, "")


def _inside_book_title(text: str, pos: int) -> bool:
    """Whether a position lies inside the title of a document the text cites ("根据《…二〇三五年远景目标纲要》"), not the
    one it issues ("印发《2026年全市卫生健康工作要点》")."""
    line = text[text.rfind("\n", 0, pos) + 1:pos]
    if line.count("《") <= line.count("》"):
        return False
    return bool(_compiled()["citing"].search(line[:line.rfind("《")]))


SENTENCE_ENDS = ("。", "！", "？", "”", "；")


def _review_starts(sentences: list[Sentence], year: int, reports: bool = False,
                   late: bool = False, ahead: bool = False) -> frozenset[int]:
    """The sentences of a plan that review earlier work. In a document whose title reports on work done
    (``reports``: 工作总结, 经验交流材料) all is review up to the part that looks ahead (下一步, 2026年工作打算); in one
    written in the year's second half (``late``), what the first half did ("上半年…完成…") is review; in one
    written the year before the plan's (``ahead``: a year-end report on 明年's work), 今年 is the year reviewed."""
    pats = _compiled()
    review, section, this_year, out = False, False, False, set()
    part = False                          # the review section is a part of the document (第一部分), over numbered ones
    plain = False                         # the review section was opened by a plain subheading ("过去一年成绩亮眼")
    table, resumed = None, False          # a table of the year's targets being read, and the section it stands in
    stating = False                       # in a statement of the year's targets that runs on after a ；
    for sent in sentences:
        if ahead and pats["next_year_word"].search(sent.text):
            this_year = review = False
            continue
        if ahead and pats["this_year_word"].search(sent.text):
            # a heading of this year's work ("今年的成绩单：…") heads a review up to the part on 明年
            this_year = this_year or sent.line_start and not sent.text.rstrip().endswith(SENTENCE_ENDS)
            out.add(sent.start)
            continue
        if this_year:
            out.add(sent.start)
            continue
        if table is not None and sent.line_start:
            if table_row_targets(sent.text, table) is not None or len(table_cells(sent.text)) > 1:
                continue                         # a row, or the start of one a ； splits
            table, section = None, resumed       # after the table its section goes on
        if sent.line_start and _targets_table(sent.text, year):
            # "序号｜实事项目｜年度目标｜完成进度": in July, the year's targets beside progress, up to the table's end
            table, resumed, review, section = table_header(sent.text, year), section, False, False
            continue
        if sent.line_start:
            heading = pats["review_section"].match(sent.text)
            if heading and _heading_year(heading) < year:   # "一、2024年工作回顾": to the next heading
                section, part = True, bool(pats["part_heading"].match(sent.text))
                plain = bool(pats["plain_heading"].match(sent.text)) and not pats["section_heading"].match(sent.text)
            elif section and (pats["part_heading"].match(sent.text) or pats["section_heading"].match(sent.text)
                              and (not part or _names_year_from(sent.text, year))
                              or pats["symbol_heading"].match(sent.text) and _names_year_from(sent.text, year)
                              or plain and pats["plain_heading"].match(sent.text)
                              and (_names_year_from(sent.text, year) or pats["plain_heading_ahead"].search(sent.text))):
                section = False
        if reports and (pats["report_forward"].match(sent.text) or pats["review_end"].match(sent.text)) \
                and not (section and pats["review_year_itself"].match(sent.text)):
            reports = False
        if reports:
            out.add(sent.start)
            continue
        if sent.line_start:
            review = section
        opening = pats["review_start"].match(sent.text)
        opened = _opening_year(opening)
        if opening and (opened is None or opened < year):
            review = True
        elif pats["review_end"].match(sent.text) or (opening and (opened or 0) >= year):
            # under a heading of an earlier year's work ("一、2025年主要工作回顾") 今年 is that year ("今年是“十四五”规划收官之年"):
            # the section goes on to its next heading
            review = section = section and bool(pats["review_year_itself"].match(sent.text))
        if review and pats["review_announce"].search(sent.text) and not _names_year_from(sent.text, year):
            section, part = True, False            # the points it announces, on lines of their own, are review too
        if review and (stating or pats["targets_label"].match(sent.text)):
            # "（一）基层医疗卫生服务能力提升。年度目标：新建…；…。": the year's targets, to the full stop
            stating = runs_on(sent.text)
            continue
        stating = False
        if review and not _sets_deadline(sent.text, year) \
                or late and pats["first_half"].search(sent.text) and not pats["forward"].search(sent.text) \
                and "目标" not in sent.text:          # (a table's header: 指标 | 上半年完成 | 全年目标)
            out.add(sent.start)
    return frozenset(out)


def _heading_year(heading: re.Match) -> int:
    """The year a review heading looks back on: the year it names, the last of the five-year period it names, else 0."""
    named = next(filter(None, heading.groups()), None)
    return 0 if named is None else _year_or_period_end(named)


def _year_or_period_end(named: str) -> int:
    """A year as named ("2025"), or the last year of a five-year period ("十四五" → 2025)."""
    return int(named) if named.isdigit() else pieces()["five_year_periods"][named]


def _dateline_length(sentence: str) -> int:
    """How long a news dateline opening the sentence is ("三峡宜昌网讯（记者 向明月）2月6日，"), else 0."""
    m = _compiled()["dateline"].match(sentence)
    return m.end() if m else 0


def _names_year_from(text: str, year: int) -> bool:
    """Whether a text names the year or a later one ("二、2027年工作思路" under a part reviewing 2026)."""
    return any(int(y) >= year for y in _compiled()["year"].findall(text))


def _targets_table(line: str, year: int) -> bool:
    """Whether a line is the header of a table with a column of targets for the year or later."""
    columns = table_header(line, year)
    return columns is not None and any(isinstance(k, int) and k >= year for k in columns.kinds)


def _sets_deadline(sentence: str, year: int) -> bool:
    """Whether a sentence sets a deadline in the plan's year ("明确到2026年底，全市…达到3.5个"); a later one in a review
    is most often a higher level's long goal it measures itself against ("对照国家提出的到2030年…的要求")."""
    return any(int(next(filter(None, m.groups()))) == year for m in _compiled()["forward_deadline"].finditer(sentence))


def _written_late(frame: Frame, year: int) -> bool:
    """Whether the frame dates the document in the late months of ``year`` (an answer to a deputy in August,
    a summary in December), when what it commits to is the next year's work."""
    late = load_rules("plans").late_month
    months = (re.search(r"\d{4}[年/.-](\d{1,2})", c.text) for c in frame.clues
              if c.rule in (FRAME_DATE, SIGNATURE) and c.year == year)
    return any(m and int(m.group(1)) >= late for m in months)


def _names_year(text: str, start: int, end: int, year: int) -> bool:
    return any(int(m.group(1)) == year for m in _compiled()["year"].finditer(text, start, end))


def clause_looking_ahead(sentence: str, plan_year: int) -> int | None:
    """Where, in a sentence of review, a clause looks ahead to the plan's year ("…去年达到286家，今年将扩大到所有…"):
    the offset of that clause, or None.

    >>> clause_looking_ahead("全市纳入管理的机构去年达到286家，今年将扩大到所有定点医疗机构。", 2026)
    18
    """
    for m in _compiled()["clause_ahead"].finditer(sentence):
        if m.group("year") is None or int(m.group("year")) >= plan_year:
            return m.end(1)
    return None


def _opening_year(opening: re.Match | None) -> int | None:
    """The year a review opening names: its own, or the last of its five-year period."""
    if opening is None:
        return None
    named = opening.group("period") or opening.group("year")
    return _year_or_period_end(named) if named else None


def _anaphora_counts(text: str) -> Counter:
    """How often a plan's words for a region (全省, 全市 …) name each level."""
    counts = Counter()
    for words in load_rules("plans").anaphora_levels.values():
        for word in words:
            counts[_anaphora_level(word, text)] += text.count(word)
    for m in _compiled()["level_in_rank"].finditer(text):
        counts[_anaphora_level(m.group("word"), text)] -= 1
    return counts


def _level_from_anaphora(text: str) -> str | None:
    counts = _anaphora_counts(text)
    # the nation loses a tie: a province's or a city's plan also speaks of 全国 (全国卫生健康工作会议精神)
    level, n = max(sorted(counts.items()), key=lambda kv: (kv[1], kv[0] != "nation"))
    return level if n else None


COUNTY_ENDINGS = ("县", "市", "区", "旗")      # what a county's full name adds to its short name (长汀县, 瑞金市)
GROUP_VERDICT = "a group of regions: each member's plan is its own"
ISSUER_OWN_WORDS = 3     # the issuer's own words (全市) this often: its plan, however often it quotes 全省
FORWARDED_TITLE_SENTENCES = 6     # the sentences of a document's head that may hold its title


@dataclass(frozen=True)
class Miss:
    """A passage that opened a plan but gave none, and why."""
    start: int
    end: int
    header_rule: str
    reason: str


@dataclass(frozen=True)
class PlanReading:
    plans: list[Plan]
    misses: list[Miss]
    frame: Frame


def other_language(text: str) -> str | None:
    """Why a document in another language (an English press release with Chinese names in brackets) gives no
    plan: the rules read Chinese.

    >>> other_language("Shiyan (十堰市) unveils its 2026 health plan: in-county treatment rate to exceed 90%.")
    'not a plan: the text is not Chinese (21% of its words and characters are Chinese); the rules read Chinese'
    """
    # a Latin word counts as one, as a Chinese character does: markup or acronyms in a Chinese text weigh little
    chinese = len(re.findall(r"[\u4e00-\u9fff]", text))
    units = chinese + len(re.findall(r"[A-Za-z]+", text))
    share = chinese / units if units else 1.0
    if share >= load_rules("plans").min_chinese_share:
        return None
    return f"{OTHER_LANGUAGE} ({share:.0%} of its words and characters are Chinese); the rules read Chinese"


def commits_to_nothing(text: str) -> str | None:
    """Why a document is no plan at all when almost none of its sentences commits to anything (a 统计公报).
    Sentences are counted as written, between sentence marks (a line too long to read whole is one)."""
    rules = load_rules("plans").commitment
    sentences = [s for s in re.split(f"[{re.escape(load_rules('segments').sentence_ends)}]", text) if s.strip()]
    if len(sentences) < rules.min_sentences:
        return None
    cue = _compiled()["commitment"]
    committing = sum(1 for s in sentences if cue.search(s))
    if committing >= rules.min_share * len(sentences):
        return None
    return f"not a plan: it reports figures and commits to nothing ({committing} of {len(sentences)} sentences)"


def reports_work(text: str, frame: Frame) -> bool:
    """Whether a document's title reports on work done and plans nothing ("工作总结", "典型经验交流材料")."""
    return _reports(document_title(text, frame))


def document_title(text: str, frame: Frame) -> str:
    """The document's title: the first lines of the frame's title zone."""
    return "".join(_title_lines(text[:frame.title_end]))


def _reports(title: str) -> bool:
    pats = _compiled()
    return bool(pats["report_title"].search(title)) and not pats["report_title_plans"].search(title)


def reported_year(text: str, frame: Frame) -> int | None:
    """The year whose work a document's title reports on, when the title plans nothing
    ("2025年工作总结", not "2025年工作总结和2026年工作思路"); else None."""
    title = document_title(text, frame)
    if not _reports(title):
        return None
    # a year the title calls the report's own (监测评价报告（2025年度）) before a date under it (发布日期：2026年3月18日)
    years = [int(y) for y in re.findall(f"({pieces()['Year']})年度", title)] \
        or [int(y) for y in re.findall(f"({pieces()['Year']})年", title)]
    return max(years) if years else None


def _title_lines(zone: str, most: int = 2) -> list[str]:
    """The title's lines: the first lines of the title zone, up to a sentence or a numbered heading."""
    lines = []
    for line in (l.strip() for l in zone.splitlines()):
        if line and (len(lines) == most or "。" in line or re.match(f"[〇{pieces()['Numeral']}]+、", line)):
            break
        if line:
            lines.append(line)
    return lines


def housekeeping_plan(text: str, frame: Frame) -> str | None:
    """Why a document whose title plans the health system's own housekeeping (安全生产, 消防, 保密 …) gives no plan
    of the region's health work, or whose title reports statistics (疫情分析, 统计公报) or makes a member's proposal (提案)
    gives none at all; or None."""
    title = "".join(_title_lines(text[:frame.title_end], most=6))      # a 文件 head and its number come first
    m = _compiled()["housekeeping_title"].search(title)
    if m:
        return f"not a plan of health work: its title plans the health system's own {m.group()}"
    m = _compiled()["statistics_title"].search(title)
    if m:
        return f"not a plan: its title reports statistics ({m.group()})"
    m = _compiled()["proposal_title"].search(title)
    if m and not _compiled()["proposal_answer"].search(title):
        word = re.sub(r"[\s:：]", "", m.group())
        return f"not a plan: a member's proposal ({word}) commits no region"
    return None


def institution_plan(text: str) -> str | None:
    """Why a document titled as an institution's own plan gives no plan of a region, or None.

    >>> institution_plan("修水县人民医院2026年工作计划\\n全院门急诊量达到75万人次。")
    'not a plan of a region: the own plan of an institution (修水县人民医院2026年工作计划)'
    """
    first = text.lstrip().split("\n", 1)[0].strip()
    m = _compiled()["institution_plan"].match(first)
    return f"not a plan of a region: the own plan of an institution ({m.group()})" if m else None


def split_enumerated_regions(sentences: list[Sentence], mentions: list[RegionMention]) -> list[Sentence]:
    """The sentences, an enumeration of regions' figures in one sentence cut into one sentence per region ("其中，南宁市
    完成宫颈癌筛查12万人，|柳州市完成8万人，|玉林市完成10万人。"), so that each region's clause can open its plan."""
    pats = _compiled()
    by_start = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in by_start]
    out = []
    for sent in sentences:
        lead = pats["enumeration"].match(sent.text)
        first = sent.start + lead.end() if lead else None
        cuts = [c for c, _ in sent.clauses if lead and c > first and _region_s_clause(sent, c, by_start, starts)]
        if not cuts or not _region_s_clause(sent, first, by_start, starts):
            out.append(sent)
            continue
        bounds = [sent.start] + cuts + [sent.end]
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            out.append(replace(sent, start=a, end=b, text=sent.text[a - sent.start:b - sent.start],
                               clauses=tuple(c for c in sent.clauses if a <= c[0] < b),
                               item=sent.item if i == 0 else None, line_start=sent.line_start and i == 0))
    return out


def _region_s_clause(sent: Sentence, at: int, by_start: list[RegionMention], starts: list[int]) -> bool:
    """Whether the clause of a sentence at ``at`` opens with a region named in full and gives a figure ("柳州市完成8万人")."""
    i = bisect_left(starts, at)
    if i == len(starts) or starts[i] != at or not by_start[i].codes or by_start[i].rule != "full-name":
        return False
    end = min((e for s, e in sent.clauses if s == at), default=sent.end)
    return _one_region_s_figures(sent.text[at - sent.start:end - sent.start], by_start[i].end - at)


def split_plans(text: str, sentences: list[Sentence], mentions: list[RegionMention],
                gazetteer: Gazetteer) -> list[Plan]:
    """Plans of one document, in text order; passages before the first header belong to none."""
    return read_plans(text, sentences, mentions, gazetteer).plans


def read_plans(text: str, sentences: list[Sentence], mentions: list[RegionMention],
               gazetteer: Gazetteer) -> PlanReading:
    """Plans of one document with the passages that gave none and the document's frame."""
    frame = read_frame(text, mentions)
    reported, reports = reported_year(text, frame), reports_work(text, frame)
    reporting = other_language(text) or commits_to_nothing(text) or institution_plan(text) \
        or housekeeping_plan(text, frame) or (
        reported and not _names_year(text, 0, len(text), reported + 1)
        and f"not a plan: its title reports on the work of {reported} and it names no later year")
    if reporting:
        return PlanReading([], [Miss(0, len(text), WHOLE_DOCUMENT, reporting)], frame)
    roster = read_roster(sentences, mentions)
    headers = find_headers(sentences, mentions, roster)
    rules = load_rules("plans")
    own = {c.code for c in frame.regions() if c.rule in (TITLE, ISSUER, SIGNATURE)}
    headers = [h for h in headers if not _own_subdivision(h, own, gazetteer)]
    issued = any(c.rule in (ISSUER, SIGNATURE) for c in frame.regions())
    interrupting = (rules.region_row.id, rules.subject_region.id, rules.region_heading.id, rules.superior_meeting.id,
                    rules.region_colon_line.id) \
        + ((rules.speaker_header.id,) if issued else ())
    first = headers[0] if headers else None
    national = first is not None and first.rule == rules.speaker_header.id and first.mention is None \
        and bool(frame.regions())       # the nation's organ speaking in a region's news ("国家卫生健康委方面表示")
    # the title's region, or a city's or county's outlet (a province's paper reports on its cities)
    titled = {c.code for c in frame.regions() if c.rule == TITLE
              or c.rule == OUTLET and gazetteer.get(c.code).level not in ("province", "nation")}
    guest = first is not None and first.rule == rules.speaker_header.id and first.mention is not None \
        and bool(titled) and gazetteer.resolve(first.mention, None) not in titled    # a city's guest at a province's
    inside = national or guest                                                     # press conference
    # the head of the region the title names speaks after the report has spoken of it ("…的苍溪答卷", then "苍溪县县长
    # 杨晓峰说"): the report before the speaker is the region's plan too
    host = first is not None and first.rule == rules.speaker_header.id and first.mention is not None \
        and gazetteer.resolve(first.mention, None) in {c.code for c in frame.regions() if c.rule == TITLE}
    issuers = {c.code for c in frame.regions() if c.rule in (ISSUER, SIGNATURE)}
    if sentences and (first is None or (first.rule in interrupting or inside or _aside(first, issuers, gazetteer)
                                        or host)
                      and first.sentence.start > sentences[0].start):
        # no header at all, or first the rows of a table of regions in an attachment, or a speaker in an issuer's
        # press conference: the document is one plan, which they interrupt (a news feature's speakers have theirs)
        headers = [_Header(sentences[0], WHOLE_DOCUMENT, None, None)] + headers
    plans: list[Plan] = []
    misses: list[Miss] = []
    sentence_starts = [s.start for s in sentences]
    mention_starts = [m.start for m in mentions]
    speaker, heading, topic = rules.speaker_header.id, rules.region_heading.id, rules.topic_paragraph.id
    aside, colon_line = rules.meeting_aside.id, rules.region_colon_line.id
    subject = (rules.subject_region.id, rules.superior_meeting.id)        # a sentence of its own
    interrupts = (speaker, *subject, heading, topic, aside, colon_line)     # a part of another's plan
    interrupted: Plan | None = None          # the plan a speaker's words, or a named region's sentence, interrupt
    speaking: Plan | None = None             # the plan of the speaker whose paragraph the last header opened

    def opened_at(plan: Plan) -> int:
        """Where a plan began, before the parts of others that interrupt it."""
        return min(p.start for p in plans if p.header == plan.header and p.key == plan.key)

    def go_on(plan: Plan, start: int, end: int) -> None:
        """The plan goes on over [start, end), its review read there as it goes on from where the plan began (a
        review section its text opened is still open)."""
        said = starting_between(sentences, sentence_starts, start, end)
        lead = starting_between(sentences, sentence_starts, opened_at(plan), start)
        review = _review_starts(lead + said, plan.year, late=_written_late(frame, plan.year)) - {s.start for s in lead}
        _add_plan(plans, replace(plan, start=start, end=end, review=review))

    for i, header in enumerate(headers):
        start = header.sentence.start
        end = headers[i + 1].sentence.start if i + 1 < len(headers) else len(text)
        rest = resumed = None
        if plans and _aside(header, issuers, gazetteer):
            header = replace(header, rule=aside)        # another region's meeting in an issued document
        if header.table_header:                         # a county's rows in a table by county
            interrupted = next((p for p in reversed(plans) if not p.table_header), interrupted)
            end, rest = _county_rows_section(header, end, sentences)
            if interrupted is not None:
                header = replace(header, year=interrupted.year)
        elif header.rule == rules.region_row.id and header.row_columns and plans:
            # a region's row in the plan's table: the plan's year, and the row alone; after the table (its last row,
            # a 全州 row, a note) the plan it interrupts goes on
            interrupted = next((p for p in reversed(plans) if p.rule != rules.region_row.id), interrupted)
            if not _compiled()["year"].search(header.sentence.text):
                header = replace(header, year=plans[-1].year)
            row_end = text.find("\n", header.sentence.start)
            if 0 <= row_end < end - 1:
                after = starting_between(sentences, sentence_starts, row_end + 1, end)
                end, rest = row_end + 1, (row_end + 1, end) if any(not _compiled()["table_note"].match(s.text)
                                                                   for s in after) else None
        elif header.rule in interrupts and not _titled_by(header, headers[i - 1] if i else None):
            interrupted = next((p for p in reversed(plans) if p.rule not in interrupts), interrupted)
            if header.rule not in (speaker, topic, aside) and interrupted is not None:
                header = replace(header, year=interrupted.year)       # a part of another's plan: its year
            if header.rule in (speaker, topic, aside, colon_line):
                end, rest = _speaker_paragraph(text, header, end, sentences, roster)
            elif header.rule == heading:
                end, rest = _heading_section(header, end, sentences)
            elif interrupted is not None:
                said = _statement_end(header.sentence, sentences, sentence_starts, end)
                end, rest = said, (said, end) if said < end else None
                if rest and speaking is not None and speaking.end == start and not header.sentence.line_start:
                    # "同时，北京市将…" inside a speaker's paragraph: the speaker's words go on to its end
                    paragraph_end = text.find("\n", header.sentence.end - 1)
                    paragraph_end = rest[1] if paragraph_end < 0 else min(paragraph_end + 1, rest[1])
                    resumed = (speaking, (rest[0], paragraph_end))
                    rest = (paragraph_end, rest[1]) if paragraph_end < rest[1] else None
            # else a headline whose subject is the region ("日照市今年将新建…") opens the document: its plan
        previous = plans[-1] if plans else None
        lead_in = starting_between(sentences, sentence_starts, opened_at(interrupted), start) \
            if interrupted is not None and interrupted in plans and header.rule in _inline_rules() else []
        if previous and header.rule == rules.meeting_header.id and header.year and header.year < previous.year:
            # an earlier year's meeting recalled inside a later plan ("【延伸阅读】2025年…目标回顾" over "2025年全市卫生健康
            # 工作会议提出的主要目标包括…"): a review the plan's text opened goes on over it
            lead_in = starting_between(sentences, sentence_starts, opened_at(previous), start)
        plan = _make_plan(text, header, start, end, starting_between(sentences, sentence_starts, start, end),
                          starting_between(mentions, mention_starts, start, end), gazetteer,
                          previous, frame, reported, reports, lead_in)
        if isinstance(plan, str):
            misses.append(Miss(start, end, header.rule, plan))
            if header.rule in interrupts and interrupted is not None:
                go_on(interrupted, start, end)
        else:
            _add_plan(plans, replace(plan, row_columns=header.row_columns, table_header=header.table_header))
        speaking = plans[-1] if not isinstance(plan, str) and header.rule in (speaker, topic, aside, colon_line) else None
        if resumed:
            go_on(resumed[0], *resumed[1])
        if rest and interrupted is not None and starting_between(sentences, sentence_starts, *rest):
            go_on(interrupted, *rest)               # after the speaker's paragraph, the interrupted plan goes on
    return PlanReading(plans, misses, frame)


def _aside(header: _Header, issuers: set[str], gazetteer: Gazetteer) -> bool:
    """Whether a header is a meeting of a region other than the one that issued the document."""
    return header.rule == load_rules("plans").meeting_header.id and bool(issuers) and header.mention is not None \
        and bool(header.mention.codes) and gazetteer.resolve(header.mention, None) not in issuers


def _county_rows_section(header: _Header, end: int, sentences: list[Sentence]) -> tuple[int, tuple[int, int] | None]:
    """A county's rows of a table by county run up to the line that is no row of the table: where they end, and the
    rest up to ``end`` (or None)."""
    columns = table_header(header.table_header, 0)
    for sent in sentences:
        if header.sentence.end <= sent.start < end and sent.line_start and not _table_row(sent.text, columns):
            return sent.start, (sent.start, end)
    return end, None


def _heading_rank(text: str) -> int | None:
    return next((i for i, p in enumerate(_compiled()["heading_ranks"]) if p.match(text)), None)


def _heading_section(header: _Header, end: int, sentences: list[Sentence]) -> tuple[int, tuple[int, int] | None]:
    """A region's heading ("（二）嘉峪关市") runs to the next heading of its rank or higher ("四、保障措施"): where it
    ends, and the rest up to ``end`` (or None)."""
    rank = _heading_rank(header.sentence.text.strip())
    for sent in sentences:
        if header.sentence.end <= sent.start < end and sent.line_start:
            other = _heading_rank(sent.text)
            if other is not None and rank is not None and other <= rank:
                return sent.start, (sent.start, end)
    return end, None


def _speaker_paragraph(text: str, header: _Header, end: int, sentences: list[Sentence],
                       roster: Roster = NO_ROSTER) -> tuple[int, tuple[int, int] | None]:
    """A speaker's words run to the end of the paragraph (a turn's label, "…副主任：", to the end of the next),
    and on through the speech's points on the lines after it ("一是…", "二是…"); a transcript's turn whose label is a
    line of its own runs to the next turn's label: where they end, and the rest up to ``end`` (or None)."""
    paragraph_end = text.find("\n", header.sentence.end - 1)
    first_line = text[header.sentence.start:paragraph_end].strip()
    if paragraph_end >= 0 and _turn_label(first_line, roster) == first_line:
        # a transcript's turn, its label a line of its own: the speaker's words run to the next turn (or the end)
        turn_end = next((s.start - 1 for s in sentences
                         if paragraph_end < s.start < end and s.line_start and _turn_label(_line_at(text, s.start), roster)), end)
        return (turn_end + 1, (turn_end + 1, end)) if turn_end < end - 1 else (end, None)
    # (a region's line with its item, "寿光市：新建社区医院2家", is no label: it is all its words)
    label = header.rule != load_rules("plans").region_colon_line.id \
        and not re.search("[。！？!?；;，,]", text[header.sentence.start:paragraph_end].rstrip(":： "))
    if label and paragraph_end >= 0:
        next_line = len(text) - len(text[paragraph_end + 1:].lstrip())
        paragraph_end = text.find("\n", next_line)
    points = _compiled()["speaker_points"]
    for sent in sentences:
        if 0 <= paragraph_end < sent.start < end and sent.line_start:
            if not (sent.item and points.match(sent.item)):
                break
            paragraph_end = text.find("\n", sent.end - 1)
    if 0 <= paragraph_end < end - 1:
        return paragraph_end + 1, (paragraph_end + 1, end)
    return end, None


def _turn_label(line: str, roster: Roster = NO_ROSTER) -> str:
    """The label of a transcript's turn a line opens with ("主持人：", "发布人（张掖市人民政府副市长 ×××）：", a listed
    speaker's "孙明远："), or ""."""
    m = _compiled()["turn_label"].match(line.strip())
    if m:
        return m.group()
    listed = _compiled()["bare_label"].match(line.strip()) if roster.label(line.strip()) else None
    return listed.group() if listed else ""


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:end if end >= 0 else len(text)]


def _add_plan(plans: list[Plan], plan: Plan) -> None:
    if plans and plans[-1].key == plan.key and plans[-1].end == plan.start:   # the same plan's header again
        plans[-1] = replace(plans[-1], end=plan.end, review=plans[-1].review | plan.review)
    else:
        plans.append(plan)


def _fits(gazetteer: Gazetteer, code: str, level: str | None) -> bool:
    """Whether a region can be what the plan's own words (全市, 我县 …) call it."""
    if level is None:
        return True
    region = gazetteer.get(code)
    return region.level == level or (level == "prefecture" and gazetteer.is_municipality(code)) \
        or (level == "prefecture" and region.level == "county" and region.name.endswith("市"))   # 扬中市: 全市


def _decide_region(text, header, start, end, mentions, gazetteer, previous, frame: Frame):
    """(code, level, rule, inferred_from, candidates) of a plan: its header's region; else the frame's
    (issuer, signature, title, document number) that fits the plan's own words; else the places the
    plan names, those inside a name (三明医改经验, 学习浙江) voting only when nothing else does."""
    mention = header.mention
    candidates: list[Candidate] = []
    level = None
    if mention is None and header.rule == load_rules("plans").speaker_header.id:      # "国家卫生健康委方面表示，"
        candidates.append(Candidate(NATION, header.rule, header.sentence.start, header.sentence.start, "", "taken"))
        return NATION, "nation", header.rule, (), candidates
    superior = _compiled()["superior_meeting"].match(header.sentence.text)
    if superior and previous is not None and previous.region_code:        # "市卫生健康工作会议提出" in a district's news
        group = next(g for g in ("level", "committee", "document", "colloquial", "whole") if superior.group(g))
        level = load_rules("plans").superior_meeting.levels[superior.group(group)]
        code = gazetteer.owner_at(previous.region_code, level)
        if code and code != previous.region_code:
            at = header.sentence.start + superior.start(group)
            candidates.append(Candidate(code, header.rule, at, at + len(superior.group(group)), superior.group(group),
                                        "taken"))
            return code, level, header.rule, (), candidates
    if mention is not None and mention.rule == "group":
        # "京津冀卫生健康协同发展联席会议": the members meet, and each one's plan is its own (its speaker's words)
        candidates.append(Candidate(None, header.rule, mention.start, mention.end, mention.text, GROUP_VERDICT))
        return None, None, header.rule, (), candidates
    if mention is not None and mention.codes:
        framed = [c.code for c in frame.regions() if c.code in mention.codes]
        # a name two places share (南山区) is the one the frame names ("深圳市南山区卫生健康局…")
        code = framed[0] if len(mention.codes) > 1 and framed else \
            gazetteer.resolve(mention, previous.region_code if previous else None)
        candidates.append(Candidate(code, header.rule, mention.start, mention.end, mention.text, "taken"))
        return code, None, header.rule, (), candidates
    if mention is not None:                       # 全市, 全国 …
        level = _anaphora_level(mention.text, text[start:end])
        if level == "nation":
            candidates.append(Candidate(NATION, header.rule, mention.start, mention.end, mention.text, "taken"))
            return NATION, level, header.rule, (), candidates
    level = level or _level_from_anaphora(text[start:end])
    if mention is not None:       # "邯郸市召开2025年全市卫生健康工作会议": the header sentence names the region
        named = [m for m in mentions if m.codes and m.rule in ("full-name", "short-name") and m.end <= mention.start
                 and m.start >= header.sentence.start and not named_inside(text, m)]
        codes = {gazetteer.resolve(m, previous.region_code if previous else None) for m in named}
        fitting = [c for c in codes if c and _fits(gazetteer, c, level)]
        if len(fitting) == 1:
            m = next(m for m in named if gazetteer.resolve(m, previous.region_code if previous else None) == fitting[0])
            candidates.append(Candidate(fitting[0], HEADER_SENTENCE, m.start, m.end, m.text, "taken"))
            return fitting[0], level, header.rule, (), candidates
    party = next((c for c in frame.regions() if c.rule == RESPONSIBLE_PARTY), None)
    if party is not None and mention is None:       # "乙方：湄潭县人民政府": the party that undertakes the targets
        candidates.append(Candidate(party.code, party.rule, party.start, party.end, party.text, "taken"))
        found = RegionMention(party.start, party.end, party.text, (party.code,), "full-name")
        return party.code, gazetteer.get(party.code).level, party.rule, (found,), candidates
    counts = _anaphora_counts(text[start:end])
    for clue in frame.regions():
        # "西宁市疾控局2026年工作报告" that quotes the province's targets (全省) still speaks of its own 全市
        own = next((lvl for lvl, n in counts.items() if n >= ISSUER_OWN_WORDS and lvl != level
                    and _fits(gazetteer, clue.code, lvl)), None) if clue.rule in (ISSUER, SIGNATURE) else None
        if own and not _compiled()["forwarded"].search(text, 0, frame.title_end):
            level = own
        # a level named once in an issued document ("同期，全省…") compares with it, it does not speak for it
        once = mention is None and clue.rule in (ISSUER, SIGNATURE) and counts.get(level, 0) == 1
        if _fits(gazetteer, clue.code, level) or once:
            candidates.append(Candidate(clue.code, clue.rule, clue.start, clue.end, clue.text, "taken"))
            found = RegionMention(clue.start, clue.end, clue.text, (clue.code,), "full-name")
            return clue.code, level, clue.rule, (found,), candidates
        candidates.append(Candidate(clue.code, clue.rule, clue.start, clue.end, clue.text,
                                    f"a {gazetteer.get(clue.code).level}, the plan speaks of its {level}"))
    placed = [m for m in mentions if m.codes]
    plain = [m for m in placed if not named_inside(text, m)]
    for pool, rule in ((plain, REGION_INFERRED), (placed, REGION_INFERRED_FROM_NAMES)):
        if rule != REGION_INFERRED and len(pool) == len(plain):
            break
        found = gazetteer.infer_region(pool, level)
        if found:
            code, evidence = found
            candidates.extend(Candidate(code, rule, m.start, m.end, m.text, "taken") for m in evidence)
            return code, level, rule, tuple(evidence), candidates
    for m in placed:
        candidates.append(Candidate(None, PLACE_IN_NAME if named_inside(text, m) else REGION_INFERRED,
                                    m.start, m.end, m.text, "no clear winner of the votes"))
    return None, level, header.rule, (), candidates


@lru_cache(maxsize=1)
def _inline_rules() -> frozenset[str]:
    """The headers of a region's lines inside the text of a plan before them ("青秀区：建成…" under "一、2025年工作回顾"):
    a review that text has opened goes on over them."""
    rules = load_rules("plans")
    return frozenset(r.id for r in (rules.region_colon_line, rules.region_colon_header, rules.region_heading,
                                    rules.subject_region, rules.region_dated_header, rules.topic_paragraph,
                                    rules.region_section_header))


def _make_plan(text, header, start, end, body, mentions, gazetteer, previous, frame: Frame,
               reported: int | None = None, reports: bool = False, lead_in: list[Sentence] = ()) -> Plan | str:
    """The plan a header opens, from its body sentences and the region mentions in them; or why there is none.
    ``reported``: the year whose work the document's title reports on (reported_year); ``reports``: whether the
    title reports on work done (reports_work); ``lead_in``: the sentences before the header of the plan it
    interrupts (_inline_rules), whose open review goes on over this one."""
    rules = load_rules("plans")
    if header.rule == rules.digest_section.id:
        return "a digest's section that is no region's item"
    if header.rule == rules.region_section_header.id and re.match(rules.region_section_header.proposal,
                                                                    header.sentence.text):
        return "a proposal under the region's name (a deputy's) commits the region to nothing"
    own_body = header.rule in (rules.speaker_header.id, rules.subject_region.id, rules.superior_meeting.id,
                               rules.region_row.id, rules.region_dated_header.id, rules.topic_paragraph.id,
                               rules.meeting_aside.id, rules.region_colon_line.id) \
        or header.rule == rules.region_section_header.id and header.sentence.end - header.mention.end > 8 \
        or header.rule == rules.meeting_header.id and _meeting_commits(header) and "\n" not in text[header.sentence.end:end]
    if len(body) < 2 and not own_body:
        return "a heading with nothing under it"      # a repeated section read once; a speaker's words, a table's
                                                      # row, a digest's item in one sentence are their own body
    looks_ahead = any(_compiled()["forward"].search(s.text) for s in body)
    year, year_rule = _plan_year(text, header, start, end)
    if year is None and previous:
        year, year_rule = previous.year, YEAR_OF_PREVIOUS_PLAN
    dated = frame.year()
    if year is None and dated:
        year, year_rule = dated.year, dated.rule
    elif dated and year < dated.year and year_rule != YEAR_IN_HEADER \
            and (dated.rule != FRAME_DATE or "今年" in text[start:end] or _names_year(text, start, end, dated.year)):
        year, year_rule = dated.year, dated.rule      # a year near the header that the title or date outdates
    elif dated and dated.rule == FRAME_DATE and year_rule == YEAR_AFTER_REVIEW and year == dated.year + 1 \
            and not _written_late(frame, dated.year):
        year, year_rule = dated.year, YEAR_OF_DATE_OPENING     # "2026年，我们把…" said in January 2026
    elif dated and year > dated.year and year_rule == YEAR_NEAR_HEADER \
            and (dated.rule in (TITLE, DOCUMENT_NUMBER)
                 and (header.rule == WHOLE_DOCUMENT or _names_year(text, start, end, dated.year))
                 or dated.rule == FRAME_DATE and not _written_late(frame, dated.year)
                 and _names_year(text, start, end, dated.year)):
        # "到2030年…的要求" near the start of a plan its title dates; "力争2027年通过评审" after "2026年，张掖市将…" in a
        # press conference of January 2026
        year, year_rule = dated.year, dated.rule
    if year is None:
        return "no year: none in the header, near it, in the title or the document number or date"
    if (len(body) < 2 and header.rule in (rules.region_section_header.id, rules.region_dated_header.id)
            or header.rule in (rules.speaker_header.id, rules.topic_paragraph.id)) \
            and not looks_ahead and not _names_year_from(header.sentence.text, year):
        # ("泸溪县提出，…县人民医院2026年新开展新技术新项目15项以上": the plan's year looks ahead)
        return "words that look ahead to nothing (a digest's item on an event past, a speaker on work done)"
    named = [int(y) for y in _compiled()["year"].findall(header.sentence.text)]
    if header.rule == rules.subject_region.id and named and max(named) < year:
        # "四川省将体重管理纳入健康四川行动，2025年全省…达到82%" in a 2026 release: a region's work done, no plan
        return f"a region's sentence on the work of {max(named)}, before the plan's year"
    if reported is not None and year == reported:
        year, year_rule = reported + 1, NEXT_YEAR_OF_REPORT
    elif dated and year == dated.year and year_rule in (dated.rule, YEAR_NEAR_HEADER) and _written_late(frame, year) \
            and (_names_year(text, start, end, year + 1) or _compiled()["next_year_word"].search(text, start, end)):
        year, year_rule = year + 1, NEXT_YEAR_OF_LATE_DATE
    code, level, rule, inferred, candidates = _decide_region(text, header, start, end, mentions, gazetteer,
                                                             previous, frame)
    span = (header.sentence.start, header.sentence.end)
    read = list(lead_in) + list(body)
    review = _review_starts(read, year, reports, _written_late(frame, year), year_rule == NEXT_YEAR_OF_LATE_DATE) \
        - {s.start for s in lead_in}
    if code is None:
        marker = _compiled()["anonymous"].search(text, start, end) if level else None
        if marker:
            written = text[marker.end():marker.end() + 1]       # "XX区卫生健康局": the template's own word
            rules = load_rules("plans")
            suffix = written if written in rules.level_words[level] else rules.level_suffix[level]
            return Plan(start, end, span, None, "xx" + suffix, level, year, ANONYMOUS_REGION, (), review,
                        tuple(candidates), year_rule)
        if candidates and candidates[0].verdict == GROUP_VERDICT:
            return f"no region: {candidates[0].text} is {GROUP_VERDICT}"
        named = "places named but none won the vote" if candidates else "none named"
        anaphora = f"anaphora speaks of its {level}" if level else "no anaphora"
        issuer = "no issuing body" if not frame.regions() else "the issuing body does not fit"
        return f"no region: {named}, {issuer}, {anaphora}"
    region = gazetteer.get(code)
    enclosing = max(year, previous.year) if previous else year      # the year of the plan whose text it is inside
    if lead_in and all(s.start in (review if enclosing == year else _review_starts(read, enclosing, reports))
                       for s in body):
        return "lines inside a review of earlier work (a region's lines under 一、2025年工作回顾, an earlier meeting recalled): no plan"
    return Plan(start, end, span, code, region.name, region.level, year, rule, inferred, review,
                tuple(candidates), year_rule)
