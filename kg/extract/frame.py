"""The frame of a document: who issued it, the regions its title names, its document number and date.

A plan whose own header names no region (全市, a bare title, a notice's attachment) takes its region
from the frame, and one without a year takes the frame's year. Each clue keeps the id of the rule that
found it and its span, so a plan can say why it belongs where it does.

>>> from kg.extract.regions import load_gazetteer
>>> text = "株洲市卫生健康委员会关于印发《2025年全市卫生健康工作要点》的通知\\n湘卫发〔2025〕3号\\n正文。"
>>> frame = read_frame(text, load_gazetteer().find_mentions(text))
>>> [(c.rule, c.text, c.code, c.year) for c in frame.clues]
[('frame/issuer', '株洲市', '430200', None), ('frame/title', '株洲市卫生健康委员会关于印发《2025年全市卫生健康工作要点》的通知', None, 2025), ('frame/document_number', '湘', '430000', 2025)]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.extract.regions import RegionMention, load_gazetteer
from kg.rules import load_rules, pieces, rule_id

REGION_RULES = ("full-name", "short-name", "colloquial")
# The ids of the frame's clues: the entries of rules/frame.yaml that found them.
ISSUER, SIGNATURE, TITLE = rule_id("frame", "issuer"), rule_id("frame", "signature"), rule_id("frame", "title")
DOCUMENT_NUMBER, DATE = rule_id("frame", "document_number"), rule_id("frame", "date")
NAME_AFTER, OUTLET = rule_id("frame", "name_after"), rule_id("frame", "outlet")
RESPONSIBLE_PARTY = rule_id("frame", "responsible_party")
NATION = "000000"


@dataclass(frozen=True)
class Clue:
    """One thing the frame says: a region (``code``) and perhaps a year, from the span [start, end)."""
    rule: str
    start: int
    end: int
    text: str
    code: str | None
    year: int | None = None


@dataclass(frozen=True)
class Frame:
    clues: tuple[Clue, ...]
    title_end: int                # clean offset where the title zone ends

    def regions(self) -> list[Clue]:
        """Clues naming a region, strongest first: the party a responsibility letter binds, issuer, signature, title,
        document number, outlet."""
        order = (RESPONSIBLE_PARTY, ISSUER, SIGNATURE, TITLE, DOCUMENT_NUMBER, OUTLET)
        return sorted((c for c in self.clues if c.code), key=lambda c: (order.index(c.rule), c.start))

    def year(self) -> Clue | None:
        """The year the frame dates the document to: its title's, else its document number's, else its date's."""
        order = (TITLE, DOCUMENT_NUMBER, DATE, SIGNATURE)
        dated = sorted((c for c in self.clues if c.year), key=lambda c: (order.index(c.rule), c.start))
        return dated[0] if dated else None


@lru_cache(maxsize=1)
def _compiled() -> dict:
    rules = load_rules("frame")
    organs = sorted(rules.issuer.organs, key=len, reverse=True)
    abbreviations = {abbr: str(code) for code, abbrs in rules.document_number.provinces.items()
                     for abbr in abbrs}
    return {
        "organ": re.compile("(?:" + "|".join(map(re.escape, organs)) + ")"),
        "national_organ": re.compile("|".join(map(re.escape, sorted(rules.issuer.national_organs, key=len,
                                                                     reverse=True)))),
        "joint": re.compile(rules.issuer.joint_after),
        "national_report": re.compile(rules.issuer.national_report),
        "number": re.compile(rules.document_number.pattern),
        "date": re.compile(rules.date.pattern, re.M),
        "abbreviations": abbreviations,
        "name_after": re.compile(rules.name_after.pattern),
        "outlet_line": re.compile(rules.outlet.line),
        "party": re.compile(rules.responsible_party.line),
        "outlet_after": re.compile(rules.outlet.name_after),
        "outlet_short": re.compile(rules.outlet.short_name, re.M),
        "name_before": re.compile(rules.name_before.pattern),
        "year": re.compile(load_rules("plans")["year_pattern"]),
        "title_year": re.compile(load_rules("plans")["title_year_pattern"]),
        "contents_line": re.compile(load_rules("frame").title.contents_line),
        "period": re.compile(r"(?<!\d)({Year})年?\s*[—–\-~至]+\s*{Year}年".format(Year=pieces()["Year"])),
    }


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start + len(line) - len(line.lstrip()), end - (len(line) - len(line.rstrip()))))
        start = end + 1
    return spans


def read_frame(text: str, mentions: list[RegionMention]) -> Frame:
    """The frame clues of a document, from its clean text and region mentions."""
    rules = load_rules("frame")
    pats = _compiled()
    gazetteer = load_gazetteer()
    lines = _lines(text)
    title_lines = []
    opening = 0
    while opening < len(lines) - 1 and pats["contents_line"].match(text[slice(*lines[opening])]):
        opening += 1                                # a table of contents above the title
    for s, e in lines[opening:opening + rules.title.lines]:
        if text[e - 1] in ":：":
            break                                   # the salutation ("各市州卫生健康委：") ends the title
        if any(c in text[s:e] for c in "。？！?!"):
            break                                   # a title is no sentence, and the body has begun
        if e - s <= rules.title.line_max:
            title_lines.append((s, e))
    title_end = title_lines[-1][1] if title_lines else 0
    signature_lines = lines[-rules.signature.last_lines:] if len(lines) > rules.title.lines else []
    clues: list[Clue] = []

    ends_at = {m.end: m.codes[0] for m in mentions if len(m.codes) == 1 and m.rule in REGION_RULES}
    named = sorted(set(ends_at.values()))

    def code_of(m: RegionMention) -> str | None:
        if not m.codes or m.rule not in REGION_RULES:
            return None
        # a name two places share (宝山区) is the one inside a place the document names: "上海市宝山区", right
        # after its superior, or elsewhere in the text
        context = ends_at.get(m.start) or (next((a for a in named for c in m.codes if a in gazetteer.ancestors(c)[1:]),
                                                None) if len(m.codes) > 1 else None)
        return gazetteer.resolve(m, context)

    line_starts = [s for s, _ in lines]
    for m in mentions:
        index = bisect_right(line_starts, m.start) - 1       # the line the mention stands on
        if index < 0 or m.start >= lines[index][1]:
            continue
        line = lines[index]
        code = code_of(m)
        if code is None:
            continue
        party = pats["party"].match(text[line[0]:line[1]])
        if party and m.start == line[0] + party.end():
            clues.append(Clue(rules.responsible_party.id, m.start, m.end, m.text, code))
            continue
        organ = pats["organ"].match(text, m.end)
        if organ and pats["joint"].match(text[organ.end():organ.end() + 1]):
            organ = None                    # "…卫生健康委与…医院签署": a party, no issuer
        if organ and line in title_lines and m.start - line[0] <= rules.issuer.opening_max_offset:
            clues.append(Clue(rules.issuer.id, m.start, m.end, m.text, code))
        elif organ and m.start == line[0] and line[1] - line[0] <= rules.signature.line_max \
                and not re.search("[,，。]", text[line[0]:line[1]]) \
                and (line in signature_lines or _dated_next(text, lines, index)):
            clues.append(Clue(rules.signature.id, m.start, m.end, m.text, code, _year_in(text, *line)))
        elif line in title_lines and not named_inside(text, m):
            clues.append(Clue(rules.title.id, m.start, m.end, m.text, code, _year_in(text, *line)))
        elif pats["outlet_after"].match(text, m.end) and pats["outlet_line"].fullmatch(text, line[0], m.start):
            clues.append(Clue(rules.outlet.id, m.start, m.end, m.text, code))
    if not any(c.rule == rules.outlet.id for c in clues):
        clues.extend(_outlet_by_short_name(text, gazetteer))
    for index, (s, e) in enumerate(lines):      # the nation's organs name no place: found by their names
        organ = pats["national_organ"].match(text, s)
        if organ is None or pats["joint"].match(text[organ.end():organ.end() + 1]):
            continue
        if (s, e) in title_lines:
            clues.append(Clue(rules.issuer.id, s, organ.end(), organ.group(), NATION))
        elif e - s <= rules.signature.line_max and not re.search("[,，。]", text[s:e]) \
                and ((s, e) in signature_lines or _dated_next(text, lines, index)):
            clues.append(Clue(rules.signature.id, s, organ.end(), organ.group(), NATION, _year_in(text, s, e)))
    if not any(c.rule == rules.title.id and c.code for c in clues):
        for s, e in title_lines:        # the government work report that names no place: the State Council's
            if pats["national_report"].match(text[s:e].strip()):
                clues.append(Clue(rules.issuer.id, s, e, text[s:e].strip(), NATION))
                break
    for s, e in title_lines:            # a title that names no region may still date the plan
        year = _year_in(text, s, e)
        if year and not any(c.rule == rules.title.id and s <= c.start < e for c in clues):
            clues.append(Clue(rules.title.id, s, e, text[s:e], None, year))
    for m in pats["number"].finditer(text, 0, min(len(text), title_end + 200)):
        code = pats["abbreviations"].get(m.group("abbr"))
        clues.append(Clue(rules.document_number.id, m.start("abbr"), m.end("abbr"), m.group("abbr"), code,
                          int(m.group("year"))))
    for m in pats["date"].finditer(text):
        clues.append(Clue(rules.date.id, m.start("year"), m.end(), m.group()[m.start("year") - m.start():],
                          None, int(m.group("year"))))
    issuers = [c.code for c in clues if c.rule in (rules.issuer.id, rules.signature.id) and c.code]
    # "蒙卫发〔2026〕5号" of 蒙城县卫生健康委员会: the abbreviation is the issuer's own, not a province's (内蒙古's 蒙)
    clues = [replace(c, code=None) if c.rule == rules.document_number.id and c.code and issuers
             and not any(c.code in gazetteer.ancestors(code) for code in issuers) else c for c in clues]
    titled = {c.code for c in clues if c.rule == rules.title.id and c.code}
    # "在上海市宝山区第八届人民代表大会……": a place and its superior name the place
    broader = {code for code in titled if any(code in gazetteer.ancestors(other) for other in titled - {code})}
    # (its line's year still dates the plan: "遵义市2026年度…目标责任书" above "（凤冈县）")
    clues = [replace(c, code=None) if c.rule == rules.title.id and c.code in broader else c for c in clues
             if not (c.rule == rules.title.id and c.code in broader and c.year is None)]
    if len(titled - broader) > 1:       # "唐山、邯郸、沧州三市召开……": a digest's title decides no region
        clues = [c for c in clues if not (c.rule == rules.title.id and c.code)]
    return Frame(tuple(sorted(clues, key=lambda c: (c.start, c.rule))), title_end)


def _outlet_by_short_name(text: str, gazetteer) -> list[Clue]:
    """A county's outlet named by the county's short name ("来源：五华发布"): a clue when one county has that name."""
    rules = load_rules("frame").outlet
    clues = []
    for m in _compiled()["outlet_short"].finditer(text):
        codes = _counties_named(m.group("name"))
        if len(codes) == 1:
            clues.append(Clue(rules.id, m.start("name"), m.end("name"), m.group("name"), codes[0]))
    return clues


@lru_cache(maxsize=1024)
def _counties_named(short: str) -> tuple[str, ...]:
    endings = load_rules("frame").outlet.county_endings
    gazetteer = load_gazetteer()
    return tuple(sorted(code for code, region in gazetteer.regions.items() if region.level == "county"
                        and region.name.startswith(short) and _ends_as_county(region.name[len(short):], endings)))


def _ends_as_county(rest: str, endings) -> bool:
    """"县", "自治县", or an ethnic autonomous county's "土家族苗族自治县" after the short name."""
    return rest in endings or (rest.endswith(("自治县", "自治旗")) and "族" in rest)


def _dated_next(text: str, lines: list[tuple[int, int]], index: int) -> bool:
    """Whether the line after line ``index`` is a date alone: a signature (落款) above an attachment."""
    following = lines[index + 1:index + 2]
    return bool(following) and _compiled()["date"].fullmatch(text, *following[0]) is not None


def _year_in(text: str, start: int, end: int) -> int | None:
    """The latest year a line names ("2026年度…" too); a plan for a period (2024—2026年) is dated by its first year."""
    pats = _compiled()
    years = [int(y) for y in pats["title_year"].findall(text, start, end)] \
        + [int(y) for y in pats["period"].findall(text, start, end)]
    return max(years) if years else None


def named_inside(text: str, mention: RegionMention) -> bool:
    """Whether a place mention is part of a name or cites another region: 三明医改经验, 学习浙江,
    对口支援新疆, 湖北日报, 北京协和医院.

    >>> from kg.extract.regions import load_gazetteer
    >>> text = "深入推广三明医改经验,对口支援新疆,全市二级医院达到20家。"
    >>> [(m.text, named_inside(text, m)) for m in load_gazetteer().find_mentions(text) if m.codes]
    [('三明', True), ('新疆', True)]
    """
    pats = _compiled()
    return bool(pats["name_after"].match(text, mention.end)
                or pats["name_before"].search(text[max(0, mention.start - 6):mention.start]))
