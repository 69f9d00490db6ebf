"""Targets: quantified commitments, as typed values (rules in ``kg/data/rules/targets.yaml``).

A target is a number with a unit, a comparator (from the cue words around
it), the thing it measures (a noun phrase of the clause, found with jieba's
parts of speech) and the year it is due.

>>> [(t.value, t.unit, t.comparator, t.indicator) for t in extract_targets("村卫生室全面一体化管理率达到70%以上。", 2025)]
[(70.0, '%', '>=', '村卫生室全面一体化管理率')]
>>> [(t.value, t.unit, t.indicator) for t in extract_targets("新建5个紧密型城市医疗集团。", 2025)]
[(5.0, '个', '新建紧密型城市医疗集团数')]
>>> [(t.value, t.unit) for t in extract_targets("为61万名孕妇提供筛查。", 2025)]
[(610000.0, '名')]
>>> extract_targets("做好心理援助热线12356应用。", 2025)
[]
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache

import cn2an

from kg.rules import load_rules, pieces, rule_id
from kg.extract.textutil import tokenizer

# Full-width digits and marks read as ASCII; one character for one, so offsets stay.
# The words that open a whole ("所有乡镇卫生院", "每个卫生院"): what full coverage counts the share of.
EVERY = re.compile("在?(?:所有|每一个|每个|每所|每家)|在全部")
NUMBER_OR_WHOLE = re.compile("[0-9０-９全]|" + EVERY.pattern)
HALFWIDTH = str.maketrans("０１２３４５６７８９．％～－", "0123456789.%~-")
AHEAD = 12          # characters read around a quantity for the cue words next to it
CLAUSE_MARKS = ",，;；:：。!！?？【】"


# Rule ids of the targets that come from one key rather than one entry (the quantities name their unit's entry).
FULL_COVERAGE = rule_id("targets", "full_coverage")
UNITLESS = rule_id("targets", "unitless")
TABLE_ROW = rule_id("targets", "table_row")


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
    rule: str                # the id of the rule entry that read it: targets/units/%, targets/full_coverage …


@lru_cache(maxsize=1)
def _cn_digits() -> str:
    """The characters of a number in Chinese numerals (零, the numerals, 两 and the scale words)."""
    return f"零{pieces()['Numeral']}两百千万"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _rules():
    r = load_rules("targets")
    p = r.pieces
    # a number starts where no digit stands before it: otherwise a line of 8,000 digits is tried from each one
    number = f"(?:(?<![\\d.]){p.Digits}|(?<![{_cn_digits()}]){p.Chinese})"
    units = _alternation(r.units + r.cue_only_units)
    # a range may write its unit twice ("在55%到65%之间", "6.5张到7.5张"): the same unit after each number.
    # Every quantity, in figures or in words, opens with a numeral: the lookahead lets the engine pass over
    # the other characters at once instead of trying each branch's lookbehinds there (six times faster).
    quantity = re.compile(
        f"(?=[\\d{_cn_digits()}])(?:(?P<num>{number})(?:(?P<unit1>{units})?\\s*{p.Range}\\s*(?P<num2>{number}))?(?P<scale>{p.Scale})?"
        f"(?P<approx>{p.Approx})?(?P<unit>(?(unit1)(?P=unit1)|(?:{units})))|{p.PercentWords})")
    cues = {cmp: getattr(r, name).before for cmp, name in ((">=", "at_least"), ("<=", "at_most"), ("=", "exactly"))}
    years = r.years
    cue_words = sum(cues.values(), r.change_verbs)
    indicator_cues = _alternation(cue_words + r.indicator_cues)
    after_cues = [w for name in ("at_least", "at_most", "exactly") for w in getattr(r, name).after]
    return {
        "r": r,
        "quantity": quantity,
        "after_cue": re.compile(f"^(?:{_alternation(after_cues)})"),
        # what may open the text after a quantity without being what it measures ("以上的", "之间")
        "after_lead": re.compile(f"^(?:{_alternation(after_cues)}|的|\\s)+"),
        "list_marker": re.compile(r.indicator_list_marker),
        "count_verb": re.compile(f"(?:{_alternation(r.chinese_count_verbs)})$"),
        "bare": re.compile(f"(?<![\\d.])(?P<num>{p.Digits})(?!\\s*[\\d.%‰])"),
        "not_after": re.compile(r.not_units_after),
        "count_closes": re.compile(r.chinese_count_closes),
        "not_before": re.compile(r.not_before),
        "past": re.compile(r.past_clause),
        "breakdown": re.compile(r.breakdown_clause),
        "gone_by": re.compile(r.gone_by_period.opening),
        "rise_before": re.compile(r.rise_to_level.before),
        "rise_then": re.compile(r.rise_to_level.then),
        "gone_by_until": re.compile(r.gone_by_period.until),
        "uncommitted": re.compile(r.uncommitted_clause),
        "accounting": re.compile(r.accounting_clause),
        "volume": re.compile(r.institution_volume),
        "clause_count": re.compile(r.clause_count_verbs),
        "proposal": re.compile(r.proposal_sentence),
        "from_before": re.compile(r.from_baseline.before),
        "from_after": re.compile(r.from_baseline.after),
        # a baseline's whole clause up to the change that ends what a target's left side holds ("由2025年的40.1%提升至")
        "from_clause": re.compile(f"(?:由|从)[^由从]*?\\d[^由从]*?{r.from_baseline.after.lstrip('^')}$"),
        "cue_only": re.compile(f"(?:{_alternation(cue_words + r.cue_only_extra)})\\s*$"),
        "cue_only_after": re.compile(r.cue_only_after),
        "baseline": re.compile(r.years.baseline_phrase),
        "baseline_before": re.compile(r.years.baseline_before),
        "baseline_after": re.compile(r.years.baseline_after),
        "full": re.compile(r.full_coverage),
        "period_plan_title": re.compile(r.period_plan_title),
        "full_verb": re.compile(r.full_coverage_verb),
        "cue_before": re.compile(_alternation([w for ws in cues.values() for w in ws])),
        "cue_kind": {w: cmp for cmp, ws in reversed(list(cues.items())) for w in ws},
        "after": [(w, cmp) for cmp, name in ((">=", "at_least"), ("<=", "at_most"), ("=", "exactly"))
                  for w in getattr(r, name).after],
        "year": re.compile("|".join(f"(?P<{k}>{getattr(years, k)})" for k in ("within", "explicit", "this_year", "next_year", "last_year",
                                                                                      "period_end"))),
        "cues": re.compile(f"{r.indicator_cue_lead}(?:{indicator_cues})\\s*$"),
        "unitless_cue": re.compile(f"(?:{_alternation(sum(cues.values(), ()))})$"),
        "unitless_after": re.compile(r.unitless.after),
        "ratio_lead": re.compile(r.unitless.ratio_lead),
        "table_row": re.compile(r.table_row),
        "actions": frozenset(r.actions),
        "merge": frozenset(r.indicator_words),
        "kinds_ratio": frozenset(r.unit_kinds["ratio"].units),
        "share_of": re.compile(r.share_of),
        "share_named_after": re.compile(r.share_named_after),
        "ahead": re.compile(r.looks_ahead),
    }


def parse_number(text: str) -> float | None:
    """Arabic or Chinese numerals, with scale words (cn2an for the Chinese ones).

    >>> parse_number("61"), parse_number("千"), parse_number("一万"), parse_number("4.1"), parse_number("两千")
    (61.0, 1000.0, 10000.0, 4.1, 2000.0)
    >>> parse_number("286,543.27")
    286543.27
    """
    if re.fullmatch(r"\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    try:
        return float(cn2an.cn2an(text if text[0] not in "千百万" else "一" + text, "smart"))
    except (ValueError, KeyError, IndexError):
        return None


def comparator(before: str, after: str) -> str:
    """The comparator of a quantity from the words right after it, else the cue nearest before it.

    >>> comparator("就诊率不低于", ""), comparator("控制在", "以下"), comparator("达到", "左右"), comparator("新建", "")
    ('>=', '<=', '=', '=')
    """
    r = _rules()
    hit = max((w for w, _ in r["after"] if after.startswith(w)), key=len, default=None)
    if hit:
        return dict(r["after"])[hit]
    gap = r["r"].cue_gap
    tail = before[-(gap + 6):]
    found = [m for m in r["cue_before"].finditer(tail) if len(tail) - m.end() <= gap
             and not re.search(f"[{CLAUSE_MARKS}]", tail[m.end():])]
    bounds = [m for m in found if r["cue_kind"][m.group()] != "="]     # "至少建设1家": the bound wins
    if not bounds:
        return "="
    best = max(bounds, key=lambda m: (m.end(), len(m.group())))
    return r["cue_kind"][best.group()]


def _comparator_at(text: str, start: int, end: int) -> str:
    return comparator(text[max(0, start - AHEAD):start], text[end:end + AHEAD])


def _inside_pairs(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quoted name or a title ("“三个一百”工程", 《…2025年…》); a quoted speech, which
    holds a clause mark (“到2027年，每个县至少有1家…”), is the speaker's commitment and not such a name."""
    for a, b in _rules()["r"].quote_pairs:
        if text.count(a, 0, pos) > text.count(b, 0, pos):
            opened, closed = text.rfind(a, 0, pos), text.find(b, pos)
            quoted = text[opened + 1:closed if closed >= 0 else len(text)]
            if a == "“" and re.search("[,，;；。]", quoted):
                continue
            return True
    return False


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in CLAUSE_MARKS) + 1
    rights = [i for i in (text.find(c, end) for c in CLAUSE_MARKS) if i >= 0]
    return left, min(rights) if rights else len(text)


def clause_around(text: str, start: int, end: int) -> str:
    """The clause of a sentence that holds [start, end): between the clause marks around it."""
    return text[slice(*_clause_bounds(text, start, end))]


def _strip_years(text: str) -> str:
    return _rules()["year"].sub("", text)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's words and tags, with the indicator words it splits ("占|比") joined again."""
    merge = _rules()["merge"]
    out: list[tuple[str, str]] = []
    for t in tokenizer().cut(text) if text else ():
        if out and out[-1][0] + t.word in merge:
            out[-1] = (out[-1][0] + t.word, "n")
        else:
            out.append((t.word, t.flag))
    return tuple(out)


def phrase_before(text: str) -> str:
    """The nominal run of words that ends ``text`` (what a following quantity measures).

    >>> phrase_before("多措并举将群众健康素养水平")
    '群众健康素养水平'
    """
    rules = _rules()["r"]
    stop_words, stop_flags = set(rules.indicator_stop_words), set(rules.indicator_stop_flags)
    joiners, keep = set(rules.indicator_joiners), set(rules.indicator_not_stop)
    words: list[str] = []
    for word, flag in reversed(_tokens(text.strip())):
        if word in joiners:
            words.append(word)
            continue
        if word not in keep and (word in stop_words or flag in stop_flags) or not re.search(r"\w", word):
            break
        words.append(word)
    phrase = "".join(reversed(words)).strip("、和及与的")
    phrase = _rules()["list_marker"].sub("", phrase)
    return phrase[-rules.indicator_max_chars:]


def _predicate_split(phrase: str) -> tuple[str, str]:
    """The counted noun and its predicate.

    >>> _predicate_split("中心镇卫生院服务能力达到县级医院服务水平")
    ('中心镇卫生院', '服务能力达到县级医院服务水平')
    """
    rules = _rules()["r"]
    tokens = _tokens(phrase)
    lead, verbs = set(rules.predicate_lead), set(rules.predicate_words)
    for i, (word, _) in enumerate(tokens):
        if word in verbs:
            j = i
            while j > 0 and tokens[j - 1][0] in lead:
                j -= 1
            return "".join(w for w, _ in tokens[:j]), "".join(w for w, _ in tokens[j:])
    return phrase, ""


def _with_suffix(phrase: str, unit: str) -> str:
    kind = next((k for k in _rules()["r"].unit_kinds.values() if unit in k.units), None)
    if not kind or not phrase or any(phrase.endswith(e) for e in kind["ends"]):
        return phrase
    return phrase + kind["suffix"]


def _is_action(phrase: str) -> bool:
    """Empty, or one verb that governs the quantity (not a subject such as "三级公立医院")."""
    tokens = _tokens(phrase)
    return not tokens or (len(tokens) == 1 and (tokens[0][1].startswith("v") or tokens[0][0] in _rules()["actions"]))


def _before_from(left: str) -> str:
    """What a target measures when its baseline stands before it: the text before 由/从 ("居民健康素养水平|由2025年的40.1%提升至")."""
    m = _rules()["from_clause"].search(left)
    return left[:m.start()] if m else left


def indicator(left: str, right: str, unit: str, subject: str = "") -> str:
    """What a quantity measures, from the clause text before and after it.

    >>> indicator("推动", "的县域达到紧密型县域医共体标准", "%")
    '达到紧密型县域医共体标准的县域比例'
    >>> indicator("全市互联网医院服务平台接入医院达到", "", "家")
    '全市互联网医院服务平台接入医院数'
    """
    r = _rules()
    left = _before_from(left)
    left = phrase_before(r["cues"].sub("", r["baseline"].sub("", _strip_years(left)).rstrip()))
    had_de = right.startswith("的")
    right = r["after_lead"].sub("", right, count=1)
    # "…以下（2025年为6.9/10万）": an aside with a figure, not what is measured ("赴国(境)外培训" is)
    right = re.split(r"[（(](?=[^（）()]*\d)", right, maxsplit=1)[0]
    right = right.strip("、和及 ")[:r["r"].indicator_max_chars]
    if right in r["r"].indicator_frame_nouns:
        right = ""
    if not right:
        core = left
    elif _is_action(left):           # "新建|5个|紧密型城市医疗集团", "推动|90%以上的|县域达到…标准"
        noun, predicate = _predicate_split(right)
        if predicate and (noun or subject):
            core = f"{predicate}的{noun or subject}"
        else:
            core = left + right
    else:
        core = left + ("的" if had_de else "") + right
    return _with_suffix(core, unit)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def same_target(a: TargetMention, b: TargetMention, by_bigrams: bool = True) -> bool:
    """The same commitment stated twice: equal values, and indicators that contain one another (the shorter
    more than half the longer: 规范管理率 is not 肺结核患者规范管理率) or, ``by_bigrams``, share most
    character bigrams.

    >>> x, y = extract_targets("推进资源薄弱县常态化巡回医疗全覆盖。", 2025), extract_targets("推进资源薄弱县巡回医疗全覆盖。", 2025)
    >>> same_target(x[0], y[0])
    True
    """
    if (a.value, a.max_value, a.unit, a.comparator, a.year) != (b.value, b.max_value, b.unit, b.comparator, b.year):
        return False
    if not a.indicator or not b.indicator:
        return False                 # nothing to compare: two statements of one value are kept apart
    short, long = sorted((a.indicator, b.indicator), key=len)
    if short in long and 2 * len(short) > len(long):
        return True
    if not by_bigrams:
        return False
    x, y = _bigrams(a.indicator), _bigrams(b.indicator)
    return 2 * len(x & y) / (len(x) + len(y)) >= _rules()["r"].same_indicator_dice


def _split_list(phrase: str) -> list[str]:
    """"A、B和C" measured by one percentage: one indicator each when every item is a ratio."""
    items = re.split(r"、|和(?=[^和]*$)", phrase)
    if len(items) > 1 and all(i.endswith(tuple(_rules()["r"].unit_kinds["ratio"].ends)) for i in items):
        return items
    return [phrase]


@lru_cache(maxsize=256)
def _year_marks(sentence: str, plan_year: int) -> tuple[tuple[int, int | None], ...]:
    """Each year expression of the sentence: its end and the deadline it sets (None: a past year)."""
    r = _rules()
    marks = []
    for m in r["year"].finditer(sentence):
        if m.group("within"):
            n = parse_number(re.match(r["r"].years.within, m.group()).group(1))
            year = plan_year + int(n) - 1 if n else plan_year
        elif m.group("explicit"):
            year = int(re.search(pieces()["Year"], m.group()).group())
        elif m.group("next_year"):
            year = plan_year + 1
        elif m.group("last_year"):
            year = plan_year - 1
        elif m.group("period_end"):
            periods = pieces()["five_year_periods"]
            year = next(y for name, y in periods.items() if name in m.group())
        else:
            year = plan_year
        if year >= plan_year:
            marks.append((m.end(), year))
        elif not (r["baseline_before"].search(sentence, max(0, m.start() - 6), m.start())
                  or r["baseline_after"].match(sentence[m.end():m.end() + 2 * AHEAD])):
            marks.append((m.end(), None))
    return tuple(marks)


def _aside_end(sentence: str, pos: int) -> int:
    """Where the bracketed aside a position lies in closes ("达到45%以上（2025年为41.3%）"), else the sentence's end: an
    earlier year in an aside dates what the aside says, not what follows it."""
    opened = max(sentence.rfind("（", 0, pos), sentence.rfind("(", 0, pos))
    if opened <= max(sentence.rfind("）", 0, pos), sentence.rfind(")", 0, pos)):
        return len(sentence)
    closes = [i for i in (sentence.find("）", pos), sentence.find(")", pos)) if i >= 0]
    return min(closes) if closes else len(sentence)


def _year(sentence: str, pos: int, plan_year: int, continues_past: bool = False) -> int | None:
    """The nearest deadline before ``pos`` in the sentence, else the plan year; None when the
    nearest year is an earlier one that is not a baseline ("2023年全省孕产妇死亡率为8.5/10万").

    >>> _year("到2027年,居民健康素养水平达到38%", 20, 2025), _year("3年内培养1000名", 5, 2024)
    (2027, 2026)
    >>> _year("2023年全省孕产妇死亡率为8.5/10万", 15, 2025), _year("比2020年提高5个百分点", 9, 2025)
    (None, 2025)
    """
    before = [year for end, year in _year_marks(sentence, plan_year)
              if end <= pos and (year is not None or pos <= _aside_end(sentence, end))]
    return before[-1] if before else (None if continues_past else plan_year)


def period_end_of_title(title: str) -> int | None:
    """The last year of the five-year plan a document's title names, if it names one.

    >>> period_end_of_title("一图读懂 | “十五五”规划纲要卫生健康工作任务"), period_end_of_title("2026年卫生健康工作要点")
    (2030, None)
    """
    m = _rules()["period_plan_title"].search(title)
    return pieces()["five_year_periods"].get(m.group(1)) if m else None


def dated_by_period(target: TargetMention, sentence: str, plan_year: int, period_end: int | None) -> TargetMention:
    """A target of a five-year plan's document (``period_end``: its last year) whose sentence names no year of its
    own is for that year: "人均预期寿命提高到80岁" in the 十五五 纲要 is 2030's."""
    if period_end and period_end > plan_year and target.year == plan_year \
            and not _year_marks(sentence.translate(HALFWIDTH), plan_year):
        return replace(target, year=period_end)
    return target


# The rule entries that drop a number (kg explain names them; kg.rules.resolve_rule finds each).
DROP_NOT_BEFORE = rule_id("targets", "not_before")
DROP_NOT_AFTER = rule_id("targets", "not_units_after")
DROP_INSIDE_QUOTES = rule_id("targets", "quote_pairs")
DROP_PAST_RESULT = rule_id("targets", "past_clause")
DROP_UNCOMMITTED = rule_id("targets", "uncommitted_clause")
DROP_GONE_BY = rule_id("targets", "gone_by_period")
DROP_RISE_TO_LEVEL = rule_id("targets", "rise_to_level")
DROP_ACCOUNTING = rule_id("targets", "accounting_clause")
DROP_INSTITUTION_VOLUME = rule_id("targets", "institution_volume")
DROP_PROPOSAL = rule_id("targets", "proposal_sentence")
DROP_FROM_BASELINE = rule_id("targets", "from_baseline")
DROP_CHINESE_NUMERAL = rule_id("targets", "chinese_numeral_units")
DROP_NEEDS_CUE = rule_id("targets", "cue_only_units")
DROP_NEEDS_CUE_OR_BOUND = rule_id("targets", "cue_or_bound_units")
DROP_PART_OF_A_NUMBER = rule_id("targets", "drops", "part_of_a_number")
DROP_PAST_YEAR = rule_id("targets", "drops", "past_year")
DROP_NOT_A_TARGET = rule_id("targets", "drops", "not_a_target")
DROP_SHARE_QUALIFIER = rule_id("targets", "drops", "share_qualifier")
DROP_RESTATED_LABEL = rule_id("targets", "drops", "restated_label")
_LABEL_EDGES = re.compile(r"^[\W_]+|[\s▍■□●○◆◇▶►▷•·\-—|｜:：,，。;；!！]+$")


def restated_label(text: str, next_text: str) -> bool:
    """Whether a sentence is a figure alone between symbols, a digest's label ("▍10个以上"), that the next one
    states again with what it measures ("新增国家临床重点专科10个以上"). (An infographic's figure whose label is
    on the line beside it, "≥95%" under "适龄儿童免疫规划疫苗接种率", is the target itself.)

    >>> restated_label("▍10个以上", "新增国家临床重点专科10个以上"), restated_label("≥95%", "重点人群签约率")
    (True, False)
    """
    core = _LABEL_EDGES.sub("", text.translate(HALFWIDTH))
    m = _rules()["quantity"].match(core)
    return bool(m) and core[m.end():] in ("", "以上", "以下", "左右", "及以上") \
        and core in next_text.translate(HALFWIDTH)


def _exclusion(text: str, start: int, end: int) -> str | None:
    """Why the quantity at [start, end) is no target by what stands around it, or None."""
    r = _rules()
    if r["not_before"].search(text, max(0, start - AHEAD), start):
        return DROP_NOT_BEFORE           # a count of the plan's own items, a hotline, an age …
    if r["not_after"].match(text[end:end + AHEAD]):
        return DROP_NOT_AFTER
    if _inside_pairs(text, start):
        return DROP_INSIDE_QUOTES
    if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".+/×*"):
        return DROP_PART_OF_A_NUMBER
    if _rise_before_its_level(text, start, end):
        return DROP_RISE_TO_LEVEL         # "提高5元，达到99元": the level is the target
    bounds = _clause_bounds(text, start, end)
    if r["from_before"].search(text, bounds[0], start) and r["from_after"].match(text[end:end + AHEAD]):
        return DROP_FROM_BASELINE        # "由2025年的40.1%提升至42%": the baseline
    if _past_clause(text, *_after_baseline(text, bounds, start)):
        return DROP_PAST_RESULT
    if _goes_on_from_a_period_gone_by(text, bounds):
        return DROP_GONE_BY
    if r["volume"].search(text, bounds[0], start) and not r["ahead"].search(text, *bounds):
        return DROP_INSTITUTION_VOLUME   # "湘雅二医院年门急诊量超过300万人次": the partner's size
    if _rules()["uncommitted"].search(text, *bounds):
        return DROP_UNCOMMITTED
    if r["proposal"].search(text):
        return DROP_PROPOSAL             # "我建议市里设立…": the speaker's proposal
    return None


def _is_excluded(text: str, start: int, end: int) -> bool:
    return _exclusion(text, start, end) is not None


@lru_cache(maxsize=None)
def _next_item_pattern(unit: str) -> re.Pattern:
    after = _rules()["r"].cue_only_after.lstrip("^")
    return re.compile(rf"、[^\d{CLAUSE_MARKS}]{{0,8}}\d+(?:\.\d+)?{re.escape(unit)}{after}")


def _bound_of_next_item(text: str, end: int, unit: str) -> bool:
    """Whether the next item of a list, in the same unit, carries a bound that both share
    ("缩短至城区10分钟、林区40分钟以内": 10 minutes at most as well)."""
    return _next_item_pattern(unit).match(text, end) is not None


def _unit_rejection(text: str, m: re.Match) -> str | None:
    """Why a quantity with a unit is no target by its numerals or its unit, or None."""
    r = _rules()
    rules = r["r"]
    num, unit, scale_word = m.group("num"), m.group("unit"), m.group("scale") or ""
    # a figure alone on its line, as an infographic or a slide gives it under or over its label ("人均预期寿命\n81.2岁"),
    # is stated as a cue states it
    cued = r["cue_only"].search(text, max(0, m.start() - AHEAD), m.start()) or text.strip() == m.group()
    built = r["count_verb"].search(text, max(0, m.start() - AHEAD), m.start())
    if num[0] in _cn_digits() and not _chinese_count(num, scale_word, unit, bool(cued), text[m.end():m.end() + AHEAD],
                                                     bool(built)):
        return DROP_CHINESE_NUMERAL
    if unit.endswith("元") and r["accounting"].search(text):
        return DROP_ACCOUNTING                           # "项目支出44,435.42万元": a budget's accounts
    if unit in rules.cue_only_units and not cued:
        return DROP_NEEDS_CUE                            # "65岁以上老年人": an age
    bound = r["cue_only_after"].match(text[m.end():m.end() + AHEAD]) or _bound_of_next_item(text, m.end(), unit)
    if unit in rules.cue_or_bound_units and not (cued or bound or _counts_what_is_done(text, m)):
        return DROP_NEEDS_CUE_OR_BOUND               # "24小时心理援助热线"
    return None


def _counts_what_is_done(text: str, m: re.Match) -> bool:
    """A count that ends its clause, or an item of its list, after a verb of doing in it ("新开展新技术新项目15项",
    "新建健康步道5条、健康主题公园2个")."""
    c_start, c_end = _clause_bounds(text, m.start(), m.end())
    after = text[m.end():c_end]
    return (not after.strip(CLAUSE_MARKS + " ") or after.startswith("、")) \
        and bool(_rules()["clause_count"].search(text, c_start, m.start()))


def _after_baseline(text: str, bounds: tuple[int, int], start: int) -> tuple[int, int]:
    """The part of a clause that dates its target: after the baseline of a change to it ("由目前的约150种增加到|300种")."""
    change = _rules()["from_clause"].search(text, bounds[0], start)
    return (change.end(), bounds[1]) if change else bounds


def _rise_before_its_level(text: str, start: int, end: int) -> bool:
    """Whether a quantity is a rise that the level it reaches follows, in the same unit ("提高|5元|，达到99元")."""
    r = _rules()
    after = text[end:end + 2 * AHEAD]
    then = r["rise_then"].match(after) if r["rise_before"].search(text, max(0, start - AHEAD), start) else None
    unit = re.sub(r"^[\d.]+", "", text[start:end])
    return bool(then and unit and after.startswith(unit, then.end()))


def _goes_on_from_a_period_gone_by(text: str, bounds: tuple[int, int]) -> bool:
    """Whether a clause goes on from an earlier one of its sentence that opens on a part of this year gone by, no clause
    from there to it looking ahead ("一季度全市新签约12.6万人，|常住人口签约覆盖率为36.8%|")."""
    r = _rules()
    end = bounds[1]
    while bounds[0] > 0:
        if r["gone_by_until"].search(text, bounds[0], end):
            return False
        bounds = _clause_bounds(text, bounds[0] - 1, bounds[0] - 1)
        end = bounds[1]
        if r["gone_by"].match(text[bounds[0]:end]):
            return True
    return False


@lru_cache(maxsize=256)
def _past_clause(text: str, c_start: int, c_end: int) -> bool:
    if _rules()["past"].search(text, c_start, c_end):
        return True
    if c_start >= 2 and _rules()["breakdown"].match(text[c_start:c_end]):
        return _past_clause(text, *_previous_clause_bounds(text, c_start))
    return False


def _previous_clause_bounds(text: str, c_start: int) -> tuple[int, int]:
    """The bounds of the clause before the one starting at ``c_start`` (which a clause mark precedes)."""
    return _clause_bounds(text, c_start - 2, c_start - 1)


def _previous_clause_phrase(text: str, c_start: int) -> str:
    if c_start < 2:
        return ""
    p_start, _ = _previous_clause_bounds(text, c_start)
    phrase = phrase_before(_rules()["cues"].sub("", _strip_years(text[p_start:c_start - 1])))
    counted = [m for m in _rules()["quantity"].finditer(phrase) if m.end() == len(phrase)]
    # "再完成改造12家,确保全年完成30家": the earlier clause names what is counted, not its count
    return phrase[:counted[0].start()] if counted else phrase


def _share_in_words(m: re.Match) -> tuple[float | None, str]:
    """The value and unit of a share written in words (PercentWords): 百分之九十, 七成, 三分之二, 3/4, 一半, 千分之五 …"""
    if m.group("half"):
        return 50.0, "%"
    fraction = (m.group("numerator"), m.group("denominator")) if m.group("denominator") \
        else (m.group("slash_numerator"), m.group("slash_denominator")) if m.group("slash_denominator") else None
    if fraction:
        numerator, denominator = (parse_number(part) for part in fraction)
        return (round(100 * numerator / denominator, 2) if numerator and denominator else None), "%"
    tenths = m.group("tenths") or m.group("tenths_reached")
    if tenths:
        value = parse_number(tenths)
        return (value * 10 if value is not None else None), "%"
    words, unit = next((m.group(g), u) for g, u in (("percent", "%"), ("permille", "‰"), ("per100k", "/100000"))
                       if m.group(g))
    return parse_number(words), unit


def _quantities(text: str):
    r = _rules()
    rules = r["r"]
    for m in r["quantity"].finditer(text):
        if m.group("num") is None:                  # a percentage, a rate per thousand or per 100 000 in words
            value, unit = _share_in_words(m)
            if value is not None and not _is_excluded(text, m.start(), m.end()):
                yield m.start(), m.end(), value, None, unit, False
            continue
        num, unit, scale_word = m.group("num"), m.group("unit"), m.group("scale") or ""
        if _is_excluded(text, m.start(), m.end()) or _unit_rejection(text, m):
            continue
        value = parse_number(num)
        if value is None:
            continue
        scale = {"万": 10000, "亿": 100000000}.get(scale_word, 1)
        if unit == "元" and scale_word:              # 千亿元 is 1000 亿元, not 10^11 元
            unit, scale = scale_word + "元", 1
        high = parse_number(m.group("num2")) if m.group("num2") else None
        high = high * scale if high is not None else None
        yield m.start(), m.end(), value * scale, high, rules.unit_names.get(unit, unit), bool(m.group("approx"))


def _chinese_count(num: str, scale_word: str, unit: str, cued: bool, after: str, built: bool = False) -> bool:
    """Whether a quantity in Chinese numerals is a count, not part of a slogan or a name; ``built``: it
    follows a verb of building (``chinese_count_verbs``).

    >>> _chinese_count("五", "", "个", False, "以上，"), _chinese_count("两", "", "个", False, "紧密型")
    (True, False)
    >>> _chinese_count("", "万", "名", False, "医护下基层"), _chinese_count("五十", "", "项", True, "。")
    (False, True)
    >>> _chinese_count("二十", "", "个", False, "省级临床重点专科", built=True), _chinese_count("一点二", "万", "个", False, "。")
    (True, True)
    """
    rules = _rules()["r"]
    if unit in rules.arabic_only_units:
        return False
    if not re.search(f"[{pieces()['Numeral']}两]", num):
        return scale_word + unit in rules.bare_scale_units     # "突破千亿元"; "万名医护下基层" is a slogan
    value = parse_number(num) or 0
    if value >= 2 and (cued or _rules()["count_closes"].match(after)) or value >= 10 and built or "点" in num:
        return True                                             # no slogan has "一点二万个"
    if not re.search("[百千万]", num + scale_word):               # "新建三所"; "两个紧密型", "一名" are no counts
        return unit in rules.small_chinese_numeral_units and (parse_number(num) or 0) >= 2
    return unit in rules.chinese_numeral_units


def _unitless(text: str, taken: list[tuple[int, int]]):
    """"病例组合指数(CMI)值,力争达到2左右": a bare number after a cue, measuring an index."""
    r = _rules()
    ends = tuple(r["r"].unitless.indicator_ends)
    covered = {i for s, e in taken for i in range(s, e)}
    for m in r["bare"].finditer(text):
        if m.start() in covered or _is_excluded(text, m.start(), m.end()):
            continue
        lead = r["ratio_lead"].search(text, max(0, m.start() - AHEAD), m.start())
        before = lead.start() if lead else m.start()
        if not r["unitless_cue"].search(text, max(0, before - AHEAD), before):
            continue
        if not r["unitless_after"].match(text[m.end():m.end() + AHEAD]):
            continue
        c_start, _ = _clause_bounds(text, before, before)
        said = r["cues"].sub("", text[c_start:before]).rstrip()
        what = phrase_before(said) or _previous_clause_phrase(text, c_start)
        if not what.endswith(ends) and said.endswith(ends):
            what = phrase_before(said[:-1]) + said[-1]   # "护士与实际开放床位比": 比 read as a preposition
        if what.endswith(ends):
            yield before, m.end(), float(m.group("num")), what       # a ratio's quote is "1:1.2"


def _drop_after_cue(text: str) -> str:
    return _rules()["after_cue"].sub("", text, count=1)


def _sides(text: str, spans: list[tuple[int, int]], i: int, c_start: int, c_end: int) -> tuple[str, str]:
    """The clause text before and after quantity ``i``, with lists read as lists:
    "乡镇卫生院120所、村卫生室1500个" (each count after its noun),
    "新建5个、改扩建10个医学重点实验室" (one noun after the last count) and
    "为61万名孕妇、73万名新生儿免费提供筛查" (one predicate after the last noun)."""
    joiners = _rules()["r"].list_joiners
    start, end = spans[i]
    first = bisect_left(spans, (c_start, -1))
    before = [i - 1] if i - 1 >= first else []
    after = [i + 1] if i + 1 < len(spans) and spans[i + 1][0] < c_end else []
    right = _drop_after_cue(text[end:spans[after[0]][0] if after else c_end])
    if after and " " in right.rstrip():         # a headline's items, apart by a space
        right, after = right[:right.index(" ")], []
    if before:
        between = _drop_after_cue(text[spans[before[-1]][1]:start])
        if " " in between.rstrip():
            between = " " + between.rstrip().rsplit(" ", 1)[1]
        left = between[1:] if between[:1] in joiners or between[:1] == " " else ""
    else:
        left = text[c_start:start]
    if right[:1] in joiners:
        right = ""
        if after and _is_action(_rules()["cues"].sub("", left)):
            _, shared = _sides(text, spans, after[0], c_start, c_end)
            right = _predicate_split(shared)[0]
    elif right[-1:] in joiners and after and not _predicate_split(right)[1]:   # "为61万名孕妇、73万名新生儿免费提供…"
        _, shared = _sides(text, spans, after[0], c_start, c_end)
        right = right.rstrip("".join(joiners)) + _predicate_split(shared)[1]
    return left, right.rstrip("".join(joiners))


def _after_cues() -> list[str]:
    rules = _rules()["r"]
    return sorted(rules.at_least.after + rules.at_most.after + rules.exactly.after,
                  key=len, reverse=True)


def _with_bound(text: str, end: int) -> int:
    """The end of a quantity with the bound written after it ("70%以上")."""
    return end + next((len(w) for w in _after_cues() if text.startswith(w, end)), 0)


def _items(text: str, what: str, unit: str, start: int, c_start: int, c_end: int,
           spans: list[tuple[int, int]]) -> list[str]:
    """One indicator per thing measured: "医生、科学家各40名", "A占比、B比例达到60%",
    "A率、B率分别控制在10/10万、4‰以下" (the values in the order of the things)."""
    if text[start - 1:start] == "各":
        things = re.split("、|和", phrase_before(text[c_start:start - 1]))
        return [_with_suffix(i, unit) for i in things if i] or [what]
    lead = _rules()["unitless_cue"].sub("", text[c_start:start].rstrip())
    if lead.endswith(("均", "都")) and re.search("[、和与]", what):
        # "高血压、糖尿病患者规范管理率均达到65%", "乡镇卫生院和社区卫生服务中心…的比例均达到90%": one each
        # "艾滋病、梅毒和乙肝检测率均…": 和 joins the list's last item; "传染病和突发公共卫生事件报告率、…" joins within one
        *heads, last = what.split("、")
        *joined, last = re.split("[和与]", last)
        heads += joined
        tail = _after_head(last)
        if tail and all(heads):
            # a head that already names a rate is whole ("孕产妇系统管理率和3岁以下儿童系统管理率均达到90%")
            return [head if _with_suffix(head, unit) == head else head + tail for head in heads] + [last]
    items = _split_list(what) if unit in _rules()["kinds_ratio"] else [what]
    if len(items) > 1 and "分别" in text[c_start:start]:
        inside = [s for s, _ in spans if c_start <= s < c_end]
        if len(inside) == len(items):
            return [items[inside.index(start)]]
    return items


def _after_head(item: str) -> str:
    """What follows the first noun of a list's last item: "糖尿病|患者规范管理率", "0-6岁儿童|健康管理率"."""
    consumed = 0
    for word, _ in _tokens(item):
        consumed += len(word)
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return item[consumed:]
    return ""


def _count_targets(text: str, plan_year: int, continues_past: bool) -> list[TargetMention]:
    """Numbers with a unit: "70%以上", "61万名", "3-5家"."""
    found = list(_quantities(text))
    spans = [(start, end) for start, end, *_ in found]
    out: list[TargetMention] = []
    subject, last = "", ("", -1)
    for i, (start, end, value, high, unit, approx) in enumerate(found):
        cmp = ">=" if high is not None or approx else _comparator_at(text, start, end)
        c_start, c_end = _clause_bounds(text, start, end)
        left, right = _sides(text, spans, i, c_start, c_end)
        what = indicator(left, right, unit, subject)
        if not re.search(r"[\u4e00-\u9fff]", what):
            what = _with_suffix(_previous_clause_phrase(text, c_start), unit)   # "…比例,力争达到60%左右"
        if not what and last[1] == c_start:
            what = last[0]                                             # "分别达到65%和63%"
        last = (what, c_start)
        what = what or text[c_start:c_end].strip(CLAUSE_MARKS)         # nothing named: the clause says what
        subject = _predicate_split(re.sub(r"^(?:及以上|以上|的)+", "", right))[0] or subject
        year = _year(text, start, plan_year, continues_past)
        if year is None:
            continue
        stop = _with_bound(text, end)
        for item in _items(text, what, unit, start, c_start, c_end, spans):
            out.append(TargetMention(start, stop, text[start:stop], value, high, unit, cmp, item, year, _unit_rule(unit)))
    return _shared_bounds(text, out)


@lru_cache(maxsize=None)
def _unit_rule(unit: str) -> str:
    """The id of the unit entry a quantity was read by: "%" is ``targets/units/%``, "/100000" (written
    "/10万") ``targets/units//10万``, "岁" ``targets/cue_only_units/岁``."""
    rules = _rules()["r"]
    written = next((w for w, name in rules.unit_names.items() if name == unit), unit)
    key = "units" if written in rules.units else "cue_only_units"
    return rule_id("targets", key, written)


def _shared_bounds(text: str, targets: list[TargetMention]) -> list[TargetMention]:
    """"分别控制在9/10万、4‰、5.5‰以下": one bound for every value of the list."""
    out = []
    for t in targets:
        c_start, c_end = _clause_bounds(text, t.start, t.end)
        if t.comparator == "=" and "分别" in text[c_start:t.start]:
            bounds = {o.comparator for o in targets if c_start <= o.start < c_end} - {"="}
            if len(bounds) == 1:
                t = replace(t, comparator=bounds.pop())
        out.append(t)
    return out


def _unitless_targets(text: str, plan_year: int, continues_past: bool,
                      taken: list[tuple[int, int]]) -> list[TargetMention]:
    out = []
    for start, end, value, what in _unitless(text, taken):
        year = _year(text, start, plan_year, continues_past)
        if year is not None:
            stop = _with_bound(text, end)
            out.append(TargetMention(start, stop, text[start:stop], value, None, "",
                                     _comparator_at(text, start, end), what, year, UNITLESS))
    return out


def _coverage_targets(text: str, plan_year: int, continues_past: bool, counted: set[int]) -> list[TargetMention]:
    """"全覆盖", "全部建成" without a count in the clause: 100 %, exactly."""
    r = _rules()
    out = []
    for m in r["full"].finditer(text):
        c_start, c_end = _clause_bounds(text, m.start(), m.end())
        if c_start in counted or _inside_pairs(text, m.start()) or _past_clause(text, c_start, c_end):
            continue                   # "64个县市全部建成": the count alone is the target
        year = _year(text, m.start(), plan_year, continues_past)
        if year is None:
            continue
        every = EVERY.match(m.group())
        if every:       # "所有乡镇卫生院设置中医馆", "每个卫生院均建成中医馆": the share of them that do
            what = m.group()[every.end():] + text[m.end():c_end].strip(CLAUSE_MARKS) + "比例"
        else:
            before = r["full_verb"].sub("", _strip_years(text[c_start:m.start()]))
            what = phrase_before(before) or _previous_clause_phrase(text, c_start)
            verb = m.group()[2:] if m.group().startswith("全部") else ""
            # what they all do names the target ("全部开设|儿科门诊", "全部开设|老年医学科": two targets, not one)
            done = text[m.end():c_end].strip(CLAUSE_MARKS + " ")[:12] if verb and verb != "覆盖" else ""
            what += verb + done + "比例" if verb and verb != "覆盖" else "覆盖率"
        out.append(TargetMention(m.start(), m.end(), m.group(), 100.0, None, "%", "=", what, year, FULL_COVERAGE))
    return out


def _table_row(text: str, plan_year: int) -> TargetMention | None:
    """A row of an indicator table: "县域内就诊率（%） 88.5 ≥90" is 90 %, at least, for the plan's year."""
    if " " not in text.strip():
        return None                  # a row's cells are apart; prose has no spaces
    r = _rules()
    m = r["table_row"].match(text.translate(HALFWIDTH))
    if m is None:
        return None
    value, unit = _in_units(float(m.group("value")), r["r"].unit_names.get(m.group("unit"), m.group("unit")))
    if unit not in (*r["r"].units, *r["r"].cue_only_units, *r["r"].unit_names.values()):
        return None
    cmp = r["cue_kind"].get(m.group("cmp") or "", "=")
    start, end = m.start("indicator"), m.end("value")
    return TargetMention(start, end, text[start:end], value, None, unit, cmp, m.group("indicator"), plan_year,
                         TABLE_ROW)


def _may_hold_target(text: str) -> bool:
    """A cheap first look: most sentences have no number and no 全 at all."""
    return NUMBER_OR_WHOLE.search(text) is not None or _rules()["quantity"].search(text) is not None


def extract_targets(text: str, plan_year: int, after_past: bool = False) -> list[TargetMention]:
    """Targets in one sentence, in text order. ``after_past``: the sentence goes on from one (before its ；)
    that ended speaking of an earlier year, whose figures it continues unless it names a year or looks ahead.

    >>> [(t.text, t.value, t.year) for t in extract_targets("到2027年,全市中医馆全覆盖,新建10家社区医院。", 2025)]
    [('全覆盖', 100.0, 2027), ('10家', 10.0, 2027)]
    >>> [t.text for t in extract_targets("签约率达到78%;", 2026, after_past=True)]
    []
    """
    if not _may_hold_target(text):
        return []
    row = _table_row(text, plan_year)
    if row is not None:
        return [row]
    source, text = text, text.translate(HALFWIDTH)
    past = _continues_past(text, after_past)
    counts = _count_targets(text, plan_year, past)
    spans = [(m.start(), m.end()) for m in _rules()["quantity"].finditer(text)]
    counted = {_clause_bounds(text, t.start, t.end)[0] for t in counts}
    out = counts + _unitless_targets(text, plan_year, past, spans) + _coverage_targets(text, plan_year, past, counted)
    out = [t for t in out if not _qualifies_a_share(text, t.start, out)]
    return sorted((replace(t, text=source[t.start:t.end]) for t in out), key=lambda t: (t.start, t.end))


def _qualifies_a_share(text: str, start: int, targets: list[TargetMention]) -> bool:
    """Whether the quantity at ``start`` counts, in its clause, what the members of a share have, the share
    before it ("80%以上的村卫生室能够提供6类以上中医药技术": the 6 kinds are part of what the 80 % measures) or
    named after it ("能够提供6类以上中医药技术的比例达到100%")."""
    r = _rules()
    clause = _clause_bounds(text, start, start + 1)
    return any(s.unit in r["kinds_ratio"] and _clause_bounds(text, s.start, s.end) == clause
               and (s.start < start and r["share_of"].match(text, s.end)
                    or s.start > start and r["share_named_after"].search(text, start, s.start))
               for s in targets)


def _continues_past(text: str, after_past: bool) -> bool:
    return after_past and not _rules()["ahead"].search(text)


def ends_in_past(text: str, plan_year: int, after_past: bool = False) -> bool:
    """Whether a sentence that ends at a ； leaves an earlier year in force for the next one:
    "2025年,县域内就诊率达到89.2%;" does, "2026年新建村卫生室10个;" and "全年巡诊8000人次。" do not."""
    text = text.rstrip()
    if not text.endswith((";", "；")):       # most sentences: nothing to read
        return False
    text = text.translate(HALFWIDTH)
    return _year(text, len(text), plan_year, _continues_past(text, after_past)) is None


def dropped_numbers(text: str, plan_year: int, kept: list[TargetMention],
                    after_past: bool = False) -> list[tuple[int, int, str]]:
    """Numbers with a unit in a sentence that gave no target, each with the rule that dropped it.

    >>> [rule for *_, rule in dropped_numbers("2024年全市新增托位2000个,实施8项重点任务。", 2025, [])]
    ['targets/drops/past_year', 'targets/not_units_after']
    """
    text = text.translate(HALFWIDTH)
    out = []
    for m in _rules()["quantity"].finditer(text):
        if any(t.start <= m.start() < t.end for t in kept):
            continue
        start, end = m.start(), m.end()
        rule = _exclusion(text, start, end) or (m.group("num") is not None and _unit_rejection(text, m))
        if not rule and _qualifies_a_share(text, start, kept):
            rule = DROP_SHARE_QUALIFIER
        if not rule:
            rule = DROP_PAST_YEAR if _year(text, start, plan_year, _continues_past(text, after_past)) is None \
                else DROP_NOT_A_TARGET
        out.append((start, end, rule))
    return out


@dataclass(frozen=True)
class TableColumns:
    """The columns of an indicator table's header line: per column, ``indicator``, ``unit``, ``baseline``,
    a target year (int), a project list's quantity (``Quantity``) and its ``due`` column, or ``other``."""
    kinds: tuple


@dataclass(frozen=True)
class Quantity:
    """A project list's column of figures in one unit ("总投资（亿元）"), due in the row's due year or the plan's."""
    unit: str
    year: int


def _gives_targets(kind) -> bool:
    return isinstance(kind, (int, Quantity))


@lru_cache(maxsize=1)
def _table_rules() -> dict:
    t = load_rules("targets").table
    return {key: re.compile(getattr(t, key)) for key in ("cell_split", "indicator", "unit", "baseline", "target", "value",
                                                 "whole", "row_value", "unit_in_name", "bound_in_name", "region_column",
                                                 "header_in_brackets", "cell_unit_column", "cell_value",
                                                 "project_indicator", "quantity_column", "due_column",
                                                 "target_words")} \
        | {"comparators": t.comparators, "id": t.id}


def is_table_rule(line: str) -> bool:
    """Whether a line is the rule a Markdown table draws under its header ("|---|:---:|").

    >>> is_table_rule("|---|---|---|"), is_table_rule("| 北京市 | — | 7800 |")
    (True, False)
    """
    return bool(re.fullmatch(r"\s*[|｜]?\s*:?-{3,}:?\s*(?:[|｜]\s*:?-{3,}:?\s*)*[|｜]?\s*", line))


def table_cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a flattened table line."""
    return _cells(line.translate(HALFWIDTH))


def _cells(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a flattened table line."""
    cells, start = [], 0
    for m in _table_rules()["cell_split"].finditer(line):
        if m.start() > start:
            cells.append((start, m.start()))
        start = m.end()
    if start < len(line):
        cells.append((start, len(line)))
    return cells


def table_header(line: str, plan_year: int) -> TableColumns | None:
    """The columns of a table's header line, if it is one with a target column.

    >>> table_header("序号 指标名称 单位 基线值（2024年） 2025年目标 2027年目标 指标属性", 2025).kinds
    ('other', 'indicator', 'unit', 'baseline', 2025, 2027, 'other')
    >>> table_header("指标 | 2025年目标 | 2025年完成 | 2026年目标", 2026).kinds
    ('indicator', 'baseline', 'baseline', 2026)
    """
    t = _table_rules()
    line = line.translate(HALFWIDTH).strip()
    inner = t["header_in_brackets"].match(line)     # "二、分项目进展情况（项目名称｜年度目标｜一季度完成｜完成率）"
    line = inner.group(1) if inner else line
    kinds = []
    projects = False                # the row's item is a project: its quantities are its figures
    for start, end in _cells(line):
        cell = line[start:end]
        if t["row_value"].match(cell):
            return None                 # a row with a bounded value or a share ("…目标人群 ≥5200对") is no header
        year = re.search(pieces()["Year"], cell)
        if t["region_column"].match(cell):
            kinds.append("region")      # a table by county, each county's rows under its name ("县市区")
        elif t["baseline"].search(cell) or year and 0 < plan_year and int(year.group()) < plan_year \
                and not t["target_words"].search(cell):
            kinds.append("baseline")
        elif t["target"].search(cell):
            kinds.append(int(year.group()) if year else plan_year)
        elif t["indicator"].search(cell) and not any(isinstance(k, int) for k in kinds):
            # the last indicator column before the targets names the row ("一级指标|二级指标|三级指标|指标值")
            kinds = ["other" if k == "indicator" else k for k in kinds] + ["indicator"]
            projects = bool(t["project_indicator"].match(cell))
        elif t["unit"].search(cell):
            kinds.append("unit")
        elif t["due_column"].search(cell):
            kinds.append("due")
        elif quantity := t["quantity_column"].match(cell):
            kinds.append(Quantity(quantity.group("unit"), plan_year))
        else:
            kinds.append("other")
    if not ("indicator" in kinds and projects):
        kinds = ["other" if isinstance(k, Quantity) or k == "due" else k for k in kinds]
    if any(isinstance(k, int) and k >= plan_year for k in kinds):
        # "指标｜2025年目标｜2025年完成｜2026年目标": last year's targets beside this year's are last year's plan
        kinds = ["baseline" if isinstance(k, int) and k < plan_year else k for k in kinds]
    if "indicator" not in kinds or not any(_gives_targets(k) for k in kinds) or len(kinds) < 3:
        return None
    return TableColumns(tuple(kinds))


def table_row_targets(line: str, columns: TableColumns) -> list[TargetMention] | None:
    """One target per target-year cell of a row under a table header; None when the line is no row of it.

    >>> columns = table_header("序号 指标名称 单位 基线值（2024年） 2025年目标 2027年目标 指标属性", 2025)
    >>> [(t.value, t.unit, t.comparator, t.year) for t in table_row_targets("1 县域内就诊率 % 89.2 ≥90 ≥92 预期性", columns)]
    [(90.0, '%', '>=', 2025), (92.0, '%', '>=', 2027)]
    """
    t = _table_rules()
    units = _rules()["r"].unit_names
    norm = line.translate(HALFWIDTH)
    cells = _row_cells(norm, columns)
    if cells is None:
        return None
    name_cell = cells[columns.kinds.index("indicator")]
    name = norm[slice(*name_cell)]
    unit = ""
    if "unit" in columns.kinds:
        unit = norm[slice(*cells[columns.kinds.index("unit")])]
    in_name = t["unit_in_name"].search(name)
    if in_name:
        unit, name = unit or in_name.group("unit"), name[:in_name.start()]
    due = next((re.search(pieces()["Year"], norm[slice(*cell)]) for cell, kind in zip(cells, columns.kinds)
                if kind == "due"), None)
    out = []
    for (start, end), kind in zip(cells, columns.kinds):
        column_unit = unit
        if isinstance(kind, Quantity):
            kind, column_unit = int(due.group()) if due else kind.year, kind.unit
        if not isinstance(kind, int):
            continue
        cell = norm[start:end]
        m = t["value"].match(cell)
        if t["whole"].match(cell):
            value, written, cmp = 100.0, "%", "="
        elif m is None:
            # a cell that states its targets in words ("新增院前急救站点8个，农村地区急救平均反应时间缩短至25分钟以内");
            # "—" states none
            for found in extract_targets(line[start:end], kind):
                if line[start:start + found.start].strip():
                    out.append(replace(found, start=start + found.start, end=start + found.end,
                                       text=line[start + found.start:start + found.end]))
                else:           # a value alone in words ("百分之七十五以上"): the row's item names it
                    out.append(replace(found, start=name_cell[0], end=start + found.end, indicator=name,
                                       text=line[name_cell[0]:start + found.end]))
            continue
        else:
            cmp = t["comparators"].get(m.group("cmp") or m.group("bound") or "", "=")
            in_cell = m.group("unit") or column_unit
            value, written = _in_units(float(m.group("value")), units.get(in_cell, in_cell))
        out.append(TargetMention(name_cell[0], end, line[name_cell[0]:end], value, None, written, cmp, name, kind,
                                 t["id"]))
    return out


def _row_cells(norm: str, columns: TableColumns) -> list[tuple[int, int]] | None:
    """The cells of a row under a table header, one per column; None when the line is no row of it."""
    cells = _cells(norm)
    if len(cells) == len(columns.kinds) + 1 and norm[slice(*cells[0])].isdigit():
        cells = cells[1:]                  # a row's number where the header names no 序号 column
    if "region" in columns.kinds and len(cells) == len(columns.kinds) - 1:
        at = columns.kinds.index("region")  # a county's next row leaves its name blank
        cells = cells[:at] + [(cells[at][0], cells[at][0])] + cells[at:]
    return cells if len(cells) == len(columns.kinds) else None


def table_row_named_end(line: str, columns: TableColumns) -> int:
    """Where a row's cells that name its work end (its item and its targets, not the departments in charge).

    >>> columns = table_header("序号 实事项目 年度目标 完成进度 责任单位", 2026)
    >>> line = "1 “一老一小”健康服务提升工程 新增普惠托位1500个 已完成 市发展改革委"
    >>> line[:table_row_named_end(line, columns)]
    '1 “一老一小”健康服务提升工程 新增普惠托位1500个'
    """
    cells = _row_cells(line.translate(HALFWIDTH), columns) or []
    ends = [end for (_, end), kind in zip(cells, columns.kinds) if kind == "indicator" or _gives_targets(kind)]
    return max(ends, default=len(line))


# The column of a table whose rows are regions that names each row's region.
REGION_COLUMN = ("", "region", "")


CELL_UNIT = "cell"        # a column whose cells write their units


def region_table_columns(line: str) -> tuple[tuple[str, str, str], ...] | None:
    """The (indicator, unit, comparator) of each column of a table whose rows are regions, or None: the region's
    column is REGION_COLUMN, a column with no unit in its name (序号, 所属市) or a baseline has the unit "", and a
    bound in brackets after the unit ("（不低于）") is the column's comparator.

    >>> region_table_columns("设区市 县域内就诊率（%） 基层医疗卫生机构诊疗量占比（%）")
    (('', 'region', ''), ('县域内就诊率', '%', ''), ('基层医疗卫生机构诊疗量占比', '%', ''))
    >>> region_table_columns("序号 所属市 县（市、区） 签约率（%）（基数） 签约率（%）（不低于）")[2:]
    (('', 'region', ''), ('签约率（%）（基数）', '', ''), ('签约率', '%', '>='))
    >>> region_table_columns("县（市）｜2025年县域内住院率（%）｜2026年县域内住院率目标（%）")[1:]
    (('2025年县域内住院率（%）', '', ''), ('2026年县域内住院率目标', '%', ''))
    >>> region_table_columns("省份 | 县域内就诊率 | 每千人口执业（助理）医师数")[1:]       # units in the cells
    (('县域内就诊率', 'cell', ''), ('每千人口执业（助理）医师数', 'cell', ''))
    """
    t = _table_rules()
    norm = line.translate(HALFWIDTH).strip()
    cells = _cells(norm)
    names = [norm[start:end] for start, end in cells]
    region = next((i for i, name in enumerate(names) if t["region_column"].match(name)), None)
    if region is None or region == len(names) - 1:
        return None
    columns = []
    # beside a column of targets ("2026年县域内住院率目标（%）") a column that names a year is that year's actual value
    targeted = any(t["target"].search(name) for name in names)
    for i, name in enumerate(names):
        if i == region:
            columns.append(REGION_COLUMN)
            continue
        bound = t["bound_in_name"].search(name)
        cmp = t["comparators"].get(bound.group(1), "") if bound else ""
        bare = name[:bound.start()] if bound else name
        unit = t["unit_in_name"].search(bare)
        dated = targeted and re.search(r"\d{4}年", name) and not t["target"].search(name)
        counted = unit and not t["baseline"].search(name) and not dated
        if counted:
            columns.append((bare[:unit.start()], unit.group("unit"), cmp))
        elif not unit and not dated and not t["baseline"].search(name) and t["cell_unit_column"].search(bare):
            columns.append((bare, CELL_UNIT, cmp))          # "县域内就诊率": each cell its unit ("92%以上")
        else:
            columns.append((name, "", ""))
    return tuple(columns) if any(unit and unit != "region" for _, unit, _ in columns) else None


def region_table_row_targets(line: str, columns: tuple[tuple[str, str, str], ...], year: int) -> list[TargetMention]:
    """The targets of a row of a table whose rows are regions: one per column after the region's with a unit, each
    quoted from the row's region to its cell.

    >>> columns = (REGION_COLUMN, ("县域内就诊率", "%", ""), ("基层诊疗量占比", "%", ">="))
    >>> [(t.text, t.value, t.unit, t.comparator) for t in region_table_row_targets("南昌市 ≥88 52", columns, 2026)]
    [('南昌市 ≥88', 88.0, '%', '>='), ('南昌市 ≥88 52', 52.0, '%', '>=')]
    """
    t = _table_rules()
    units = _rules()["r"].unit_names
    norm = line.translate(HALFWIDTH)
    cells = _cells(norm)
    if len(cells) != len(columns):
        return []
    region = columns.index(REGION_COLUMN)
    out = []
    for (start, end), (name, unit, bound) in list(zip(cells, columns))[region + 1:]:
        m = t["cell_value" if unit == CELL_UNIT else "value"].match(norm[start:end].strip())
        if not unit or m is None:
            continue
        if unit == CELL_UNIT:
            unit, bound = m.group("unit"), t["comparators"].get(m.group("bound") or "", "") or bound
        value, written = _in_units(float(m.group("value")), units.get(m.group("unit") or unit, m.group("unit") or unit))
        cmp = t["comparators"].get(m.group("cmp") or "", "") or bound or "="
        out.append(TargetMention(cells[region][0], end, line[cells[region][0]:end], value, None, written, cmp, name,
                                 year, t["id"]))
    return out


def _in_units(value: float, unit: str) -> tuple[float, str]:
    """A table's column in 万 of a unit ("下转患者人次（万人次）" 1.5) counted in the unit: 15000 人次.

    >>> _in_units(1.5, "万人次"), _in_units(3.0, "万元")
    ((15000.0, '人次'), (3.0, '万元'))
    """
    units = _rules()["r"].units
    if unit not in units and unit.startswith("万") and unit[1:] in units:
        return round(value * 10000, 6), unit[1:]
    return value, unit
