"""Initiatives: named programmes a plan commits to, found by rules in
``kg/data/rules/initiatives.yaml``.

Rule families (a mention's ``family``); each mention's ``rule`` is the id of the entry that fired,
its path in the rule file (``initiatives/lexicon/千县工程``, ``initiatives/suffixes/工程``,
``initiatives/quote_triggers/实施``, ``initiatives/bundle_pattern``):

* ``quoted``: a quoted name, with the suffix that follows the quote
  (“儿科、精神卫生服务年”行动);
* ``lexicon``: a fixed term or one of its spellings (三明经验);
* ``regional``: the 健康中国行动 family, one per region (健康福建建设);
* ``centre``: a named national or provincial centre (国家中医药传承创新中心);
* ``bundle``: a numbered bundle and the parts listed before it
  (“儿科服务、精神卫生服务”十大惠民行动), its parts as ``bundle-part``;
* ``suffix``: a name ending in 行动, 工程, 专项 … whose start is found by
  walking back over jieba's tokens to the trigger verb.

Candidates of all families compete for the text: bundles first, then the
longest span wins, so "卫生健康“百千万”头号工程" beats the quoted "百千万".

>>> [m.name for m in extract_initiatives("持续实施医学科技创新和人才队伍建设专项。")]
['医学科技创新和人才队伍建设专项']
>>> [m.name for m in extract_initiatives("深入开展“千县工程”县医院综合能力提升工作。")]
['千县工程']
>>> [m.name for m in extract_initiatives("坚持控增量、调结构、严监管,以实际行动坚定拥护“两个确立”。")]
[]
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from kg.read.corpus import normalise
from kg.extract.regions import load_gazetteer
from kg.rules import load_rules, pieces, rule_id
from kg.extract.textutil import tag

QUOTES = "“”\"‘’'「」『』"
PUNCT = set(",，。；;：:！!？?、()（）《》【】 \n\t\u3000") | set(QUOTES)
QUOTED = re.compile(r"[“\"][^“”\"\n]{1,30}[”\"]")


@dataclass(frozen=True)
class InitiativeMention:
    start: int               # offsets into the text given to the extractor
    end: int
    text: str                # the surface form as written
    name: str                # canonical name
    rule: str                # the id of the rule entry that fired (initiatives/suffixes/工程 …)
    family: str              # the rule family: quoted, lexicon, regional, centre, heading, bundle, bundle-part, suffix
    parts: tuple[str, ...] = ()     # canonical names of an umbrella's parts


def _id(*path: str) -> str:
    return rule_id("initiatives", *path)


REGIONAL, CENTRE, BUNDLE = _id("regional_pattern"), _id("centre_pattern"), _id("bundle_pattern")
HEADING_PROJECT = _id("heading_project")
NUMBERED_NAME, QUOTE_COUNTED = _id("numbered_name"), _id("quote_triggers")


@lru_cache(maxsize=1)
def _rules() -> dict:
    r = load_rules("initiatives")
    surfaces, surface_rules = {}, {}
    for canonical, spellings in r.synonyms.items():
        surfaces[canonical] = canonical
        surface_rules[canonical] = _id("synonyms", canonical)
        for s in spellings:
            surfaces[s] = canonical
            surface_rules[s] = _id("synonyms", canonical)
    for term in r.lexicon:
        surfaces.setdefault(term, term)
        surface_rules.setdefault(term, _id("lexicon", term))
    # a space may sit between any two characters of a fixed term (text from PDF), and a quotation mark where the
    # term quotes a part of itself (强化“三医”协同发展和治理)
    lexicon_re = re.compile("|".join(r"[\s“”]?".join(map(re.escape, s)) for s in sorted(surfaces, key=len, reverse=True)))
    suffixes = tuple(sorted(r.suffixes, key=len, reverse=True))
    return {
        "r": r,
        "surfaces": surfaces,
        "surface_rules": surface_rules,         # a fixed term's spelling -> the id of its entry
        "lexicon_re": lexicon_re,
        "named_patterns": tuple((e, re.compile(e.pattern)) for e in r.named_patterns),
        "suffix_re": re.compile("|".join(map(re.escape, suffixes))),
        "suffixes": suffixes,
        "triggers": frozenset(r.triggers),
        "long_triggers": tuple(t for t in r.triggers if len(t) >= 2),
        "stops": frozenset(r.triggers) | frozenset(r.modifiers),
        "stop_flags": frozenset(r.stop_flags),
        "office_before": re.compile(r.office_before),
        "numeral_re": re.compile(r.numeral_in_name),
        "count_inside": re.compile(r.count_inside_name),
        "generic": re.compile(r.generic_name),
        "stop_names": frozenset(r.stop_names),
        "quote_triggers": tuple(sorted(r.quote_triggers, key=len, reverse=True)),
        "slogan_res": [re.compile(p) for p in r.slogan_patterns],
        "numbered_re": re.compile(r.numbered_name),
        "extend_re": re.compile(r"[\u4e00-\u9fff]{0,%d}?(?:%s)" % (r.quote_extend_max,
                                "|".join(map(re.escape, r.quote_extend_heads)))),
        "weak": r.weak_triggers,
        "bundle_re": re.compile(r.bundle_pattern),
        "centre_re": re.compile(r.centre_pattern),
        "heading_project": re.compile(r.heading_project),
        "institution_re": re.compile(r.own_institution),
        "numerals_only": re.compile(f"[\\d{pieces()['Numeral']}两百千万个项大+]+"),     # 十大, 16项: a count, no name
        "period_re": re.compile(r.name_period),
        "list_item": r.bundle_list_item,
    }


@lru_cache(maxsize=1)
def _regional_parts() -> tuple[str, re.Pattern, frozenset[str], int]:
    """The pattern's literal head ("健康"), its tail after {Region}, the short names {Region} stands for
    and the longest of them: names are looked up in a set (an alternation of thousands of names is
    slow in Python's re)."""
    g = load_gazetteer()
    # by its short name ("健康房山") or, for a banner (旗) whose short name few use, its full one ("健康翁牛特旗")
    names = frozenset({reg.short for reg in g.regions.values()
                       if reg.level in ("nation", "province", "prefecture", "county") and len(reg.short) >= 2}
                      | {reg.name for reg in g.regions.values() if reg.level == "county" and reg.name.endswith("旗")}
                      | {"中国"})
    head, tail = _rules()["r"].regional_pattern.split("(?P<region>{Region})")
    return head, re.compile(tail), names, max(map(len, names))


# ------------------------------------------------------------- canonical

@lru_cache(maxsize=65536)
def surface_label(text: str) -> str:
    """The surface as a label: quotes and spaces removed, adjacent quotes read as 、.

    >>> surface_label("“儿科、精神卫生服务年”行动"), surface_label("“赣鄱名医”“赣卫精英”工程")
    ('儿科、精神卫生服务年行动', '赣鄱名医、赣卫精英工程')
    """
    text = re.sub(r"[”\"]\s*[“\"]", "、", text)
    return re.sub(r"\s+", "", "".join(ch for ch in text if ch not in QUOTES))


@lru_cache(maxsize=65536)
def canonical_name(surface: str) -> str:
    """One spelling per initiative: quotes out, 、 read as 和, a trailing
    行动 after 服务年 or 建设/工作/试点 dropped, synonyms resolved.

    >>> canonical_name("“儿科、精神卫生服务年”行动")
    '儿科和精神卫生服务年'
    >>> canonical_name("三明经验"), canonical_name("紧密型县域医共体建设试点")
    ('三明医改经验', '紧密型县域医共体')
    >>> canonical_name("醫療衛生強基工程")
    '医疗卫生强基工程'
    """
    rules = _rules()
    surfaces = rules["surfaces"]
    name = normalise(unicodedata.normalize("NFKC", surface))
    name = surface_label(re.sub(r"[”\"][“\"]", "和", name))
    name = rules["period_re"].sub("", name)
    for candidate in (name, name.replace("、", "和")):
        if candidate in surfaces:
            return surfaces[candidate]
    name = name.replace("、", "和")
    changed = True
    while changed:
        changed = False
        for tail in rules["r"].strip_suffixes:
            stem = name[: -len(tail)]
            if name.endswith(tail) and (stem in surfaces or stem.endswith(rules["suffixes"])) \
                    and len(stem) >= rules["r"].min_len:
                name, changed = stem, True
                break
    if name.endswith("服务年行动"):
        name = name[:-2]
    return surfaces.get(name, name)


def is_acceptable(name: str) -> bool:
    """Whether a canonical name may be an initiative at all.

    >>> is_acceptable("健康湖北行动"), is_acceptable("两个确立"), is_acceptable("十五五"), is_acceptable("区精神卫生中心")
    (True, False, False, False)
    >>> is_acceptable("三个一批工程"), is_acceptable("澄海区四个医共体")
    (True, False)
    """
    r = _rules()
    rules = r["r"]
    if not rules.min_len <= len(name) <= rules.max_len:
        return False
    bare = re.sub(r"^\d+[个项]", "", name)       # a count of the plan's items: 16项专项行动
    if name in r["stop_names"] or bare in r["stop_names"] or any(s in name for s in rules.stop_contains):
        return False
    if r["numerals_only"].fullmatch(name) or r["institution_re"].match(name) or r["count_inside"].search(name) \
            or r["generic"].search(name):
        return False
    return not any(ch in PUNCT for ch in name)


def _is_slogan(content: str) -> bool:
    return any(p.search(content) for p in _rules()["slogan_res"])


# ----------------------------------------------------------- rule families

def _quote_chains(text: str) -> list[list[re.Match]]:
    """The quotes of a sentence; adjacent ones (“赣鄱名医”“赣卫精英”) form one chain."""
    chains: list[list[re.Match]] = []
    for m in QUOTED.finditer(text):
        if chains and chains[-1][-1].end() == m.start():
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def _talked_about(text: str, chain: list[re.Match], after: str) -> bool:
    """A chain talked about (“…”的提法), one of a pair of slogans (“四个意识”和“四个自信”), or the list of a
    bundle (“…、…”十大惠民行动)."""
    r = _rules()
    rules = r["r"]
    paired = after.startswith(tuple(rules.quote_pair_joiners)) \
        and not chain[-1].group()[1:-1].endswith(r["suffixes"])
    return paired or any(after.startswith(w) for w in rules.quote_not_after) or bool(r["bundle_re"].match(after)) \
        or (len(chain) > 1 and bool(r["bundle_re"].match(text, chain[-1].start())))


def _suffix_after(text: str, chain: list[re.Match], after: str) -> str:
    """The suffix word right after the chain (“…”行动), unless it starts a longer word (“…”改革创新)."""
    r = _rules()
    suffix = next((s for s in r["suffixes"] if after.startswith(s)), "")
    if suffix and text.startswith(tuple(r["r"].suffix_not_before), chain[-1].end() + len(suffix)):
        return ""
    return suffix


def _chain_rule(before: str, after: str, suffix: str) -> str | None:
    """The id of what names every quote of a chain: the suffix or head word after it, else the trigger
    verb or the count before it; None when nothing does."""
    r = _rules()
    if suffix:
        return _id("suffixes", suffix)
    head = next((h for h in r["r"].quote_heads if after.startswith(h)), None)
    if head:
        return _id("quote_heads", head)
    if re.match(r["r"].quote_brand.pattern, after):
        return r["r"].quote_brand.id
    trigger = next((t for t in r["quote_triggers"] if before.endswith(t)), None)
    if trigger:
        return _id("quote_triggers", trigger)
    return QUOTE_COUNTED if re.search(r"\d+(个|家|项|所)$", before) else None


def _is_slogan_quote(content: str, suffix: str, numbered: bool) -> bool:
    """A quoted list of short items (“控增量、调结构、严监管”) or a saying (“不出县”)."""
    r = _rules()
    items = content.split("、")
    if len(items) > 1 and not suffix and max(map(len, items)) <= r["r"].slogan_item_max and not numbered:
        return True
    if len(items) >= r["r"].quoted_list_min and not suffix and not numbered \
            and max(map(len, items)) <= r["r"].quoted_list_item_max:
        return True                     # “诊断室、治疗室、药房、公共卫生室”四室分设: a list, no name
    return _is_slogan(content) and not content.endswith(r["suffixes"])


def _quote_rule(content: str, own_suffix: str, chain_rule: str | None, numbered: bool,
                extension: re.Match | None) -> str | None:
    """The id of the rule that makes one quote a name, in the order they are tried; None when none does."""
    r = _rules()
    if own_suffix:
        return _id("suffixes", own_suffix)
    if chain_rule:
        return chain_rule
    if numbered:
        return NUMBERED_NAME
    if extension:
        return _id("quote_extend_heads", next(h for h in r["r"].quote_extend_heads if extension.group().endswith(h)))
    if content.endswith(r["suffixes"]):
        return _id("suffixes", next(s for s in r["suffixes"] if content.endswith(s)))
    return r["surface_rules"].get(content)


def _quoted(text: str):
    """Quoted names; adjacent quotes (“赣鄱名医”“赣卫精英”) are one chain."""
    r = _rules()
    for chain in _quote_chains(text):
        before = text[max(0, chain[0].start() - 6): chain[0].start()]
        after = text[chain[-1].end(): chain[-1].end() + 8]
        if _talked_about(text, chain, after):
            continue
        suffix = _suffix_after(text, chain, after)
        chain_rule = _chain_rule(before, after, suffix)
        for m in chain:
            content = m.group()[1:-1]
            numbered = all(r["numbered_re"].match(i) for i in content.split("、"))
            if _is_slogan_quote(content, suffix, numbered):
                continue
            last = m is chain[-1]
            own_suffix = suffix if last else ""
            extension = r["extend_re"].match(text, m.end()) if last and not own_suffix \
                and content not in r["surfaces"] else None
            rule = _quote_rule(content, own_suffix, chain_rule, numbered, extension)
            if rule is None:
                continue
            if extension:
                own_suffix = extension.group()
            end = m.end() + len(own_suffix)
            name = canonical_name(content + own_suffix)
            if is_acceptable(name):
                yield InitiativeMention(m.start(), end, text[m.start():end], name, rule, "quoted")


def _lexicon(text: str):
    r = _rules()
    not_before = tuple(r["r"].lexicon_not_before)
    for m in r["lexicon_re"].finditer(text):
        if text.startswith(not_before, m.end()):
            continue
        surface = re.sub(r"[\s“”]", "", m.group())
        yield InitiativeMention(m.start(), m.end(), m.group(), r["surfaces"][surface], r["surface_rules"][surface],
                                "lexicon")


def _named_patterns(text: str):
    """National programmes written in many ways (医疗人才“组团式”帮扶, 闽宁协作), each read by its pattern."""
    for entry, pattern in _rules()["named_patterns"]:
        for m in pattern.finditer(text):
            fields = m.groupdict()
            name = entry.canonical.format(**fields) if all(fields.values()) else m.group()
            yield InitiativeMention(m.start(), m.end(), m.group(), name, _id("named_patterns", entry.id), "lexicon")


def _regional(text: str):
    rules = _rules()["r"]
    canonical = rules.regional_canonical
    head, tail, names, longest = _regional_parts()
    at = text.find(head)
    while at >= 0:
        start = at + len(head)
        for end in range(min(len(text), start + longest), start + 1, -1):     # the longest name first
            if text[start:end] in names:
                m = tail.match(text, end)
                if m and not text.startswith(tuple(rules.lexicon_not_before), m.end()):
                    yield InitiativeMention(at, m.end(), text[at:m.end()], canonical.format(region=text[start:end]),
                                           REGIONAL, "regional")
                    break
        at = text.find(head, at + 1)


def _centres(text: str):
    r = _rules()
    for m in r["centre_re"].finditer(text):
        name = m.group()
        if not any(w in name for w in r["r"].centre_not_contains) and is_acceptable(name):
            yield InitiativeMention(m.start(), m.end(), name, canonical_name(name), CENTRE, "centre")


def _heading_projects(text: str):
    """A numbered heading that is a project's name and nothing else ("二、儿童青少年近视和脊柱侧弯防控项目")."""
    r = _rules()["r"]
    m = _rules()["heading_project"].match(text)
    if m and not m.group("name").startswith(tuple(r.triggers + r.modifiers + r.heading_project_not_first)) \
            and is_acceptable(canonical_name(m.group("name"))):
        yield InitiativeMention(m.start("name"), m.end("name"), m.group("name"), canonical_name(m.group("name")),
                                HEADING_PROJECT, "heading")


def _bundles(text: str):
    r = _rules()
    rules = r["r"]
    for m in r["bundle_re"].finditer(text):
        if m.group("head").startswith("”"):
            continue
        head = m.group("head")
        if not re.search(r"[大个项+]", head[:4]) or text.startswith(tuple(rules.bundle_not_before), m.end()):
            continue
        start = m.start()
        prefix = text[max(0, start - 160): start]
        quoted = re.search(r"“([^“”]+)”$", prefix)
        listed = quoted if quoted and "、" in quoted.group(1) else \
            re.search(rf"({r['list_item']}(?:、{r['list_item']})+?)(?:等)?$", prefix)
        part_mentions: list[InitiativeMention] = []
        kind = next((k for k in rules.bundle_part_kinds if head.endswith(k)), None)
        chain = re.search(r"(?:“[^“”、]{2,24}”){2,}$", prefix)     # “A”“B”“C”三大行动: the parts one quote each
        if chain and kind:
            part_mentions = _quoted_items(text, start - len(prefix) + chain.start(), chain.group(), kind)
        elif listed and kind:
            part_mentions = _list_items(text, start - len(prefix) + listed.start(1), listed.group(1), kind)
        parts = tuple(dict.fromkeys(p.name for p in part_mentions))
        if parts or text[start] == "“" or text[start - 1: start] == "”":
            yield InitiativeMention(start, m.end(), m.group(), canonical_name(head), BUNDLE, "bundle", parts)
            yield from part_mentions


def _quoted_items(text: str, at: int, chain: str, kind: str) -> list[InitiativeMention]:
    """The parts of a bundle written as adjacent quotes (“优质医疗资源扩容提质”“公共卫生体系强化”三大行动)."""
    items = [InitiativeMention(at + m.start(1), at + m.end(1), m.group(1), canonical_name(m.group(1)),
                               _id("bundle_part_kinds", kind), "bundle-part") for m in re.finditer("“([^“”]+)”", chain)]
    return [m for m in items if is_acceptable(m.name)]


def _list_items(text: str, at: int, listed: str, kind: str) -> list[InitiativeMention]:
    """The parts of a bundle, each with its own span; none when any item is too short to be a
    programme (编制、价格、薪酬 are attributes)."""
    r = _rules()
    items = []
    for i, item in enumerate(listed.split("、")):
        s, e = at, at + len(item)
        at = e + 1
        if i == 0:
            first = _after_last_trigger(item)
            s = e - len(first) + next((len(w) for w in r["r"].bundle_list_lead_words if first.startswith(w)), 0)
        s += len(item) - len(item.lstrip("“")) if i else 0
        surface = text[s:e]
        surface = surface[:-1] if surface.endswith("等") else surface
        surface = surface.strip("“”")
        s = text.index(surface, s) if surface else s
        items.append(InitiativeMention(s, s + len(surface), surface, canonical_name(surface),
                                       _id("bundle_part_kinds", kind), "bundle-part"))
    if not items or min(len(m.name) for m in items) < r["r"].min_len:
        return []
    return [m for m in items if is_acceptable(m.name)]


def _after_last_trigger(segment: str) -> str:
    """The first list item without the clause in front of it: "用心用情开展儿童医疗" -> "儿童医疗"."""
    r = _rules()
    cut = 0
    for t in r["triggers"]:
        if len(t) >= 2:
            at = segment.rfind(t)
            if at >= 0 and len(segment) - at - len(t) >= 2:
                cut = max(cut, at + len(t))
    return segment[cut:]


def _segment_tokens(segment: str) -> list[tuple[str, str]]:
    """jieba tokens of a clause, each quoted span kept whole as one name token."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    for m in QUOTED.finditer(segment):
        tokens += tag(segment[pos:m.start()])
        tokens.append((m.group(), "nz"))
        pos = m.end()
    return tokens + list(tag(segment[pos:]))


def _clause_before(text: str, end: int, limit: int = 44) -> int:
    """Start of the clause that ends at ``end``; quoted spans do not end it."""
    start = end
    while start > 0 and end - start < limit:
        ch = text[start - 1]
        if ch == "”":
            opening = text.rfind("“", 0, start - 1)
            if opening < 0 or start - opening > 32:
                break
            start = opening
            continue
        if ch in PUNCT:
            break
        start -= 1
    return start


def _walk_back(tokens: list[tuple[str, str]], taken_from: int, clause_start: bool) -> int:
    """Number of characters, counted from the end, that belong to the name."""
    r = _rules()
    length = 0
    total = sum(len(w) for w, _ in tokens)
    for i in range(len(tokens) - 1, -1, -1):
        word, flag = tokens[i]
        if not length and word.endswith(r["suffixes"]):
            head = word[: -len(next(s for s in r["suffixes"] if word.endswith(s)))]
            if head and (head in r["stops"] or head.endswith(r["long_triggers"])):
                return len(word) - len(head)        # one token "推进改革": the verb is not part of the name
        if length and _ends_name(tokens, i, length, total - length - len(word) < taken_from):
            break
        length += len(word)
    first = len(tokens) - 1
    while first > 0 and sum(len(w) for w, _ in tokens[first:]) < length:
        first -= 1
    word, flag = tokens[first]
    if clause_start and first == 0 and flag == "v" and len(word) >= 2 \
            and length - len(word) >= r["r"].clause_verb_min_rest:
        length -= len(word)          # the clause's predicate
    return length


def _ends_name(tokens: list[tuple[str, str]], i: int, length: int, taken: bool) -> bool:
    """Whether token ``i`` lies before the name whose last ``length`` characters are known."""
    r = _rules()
    word, flag = tokens[i]
    previous = tokens[i - 1] if i else ("", "")
    following = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
    if word in r["r"].modifiers and word not in r["triggers"] and (
            previous[1].startswith("n")
            or (previous[0] in r["triggers"] and following[1] == "v" and following[0] not in r["stops"])):
        return False                 # an adverb inside a name: 能力全面提升, 开展全面提升…行动
    if word in r["stops"] or flag in r["stop_flags"] or taken \
            or (len(word) > 2 and word.endswith(r["long_triggers"])):
        return True
    if r["office_before"].search("".join(w for w, _ in tokens[:i + 1])):
        return True
    if word in r["weak"] and length >= r["weak"][word]:
        return True
    if flag in ("m", "q", "mq") and not r["numeral_re"].match(word):
        return True
    if flag == "c":
        before = surface_label("".join(w for w, _ in tokens[:i]))
        after = "".join(w for w, _ in tokens[i + 1:])[-length:]
        return before.endswith(r["suffixes"]) or before.endswith(tuple(r["surfaces"])) \
            or before.endswith(tuple(r["r"].conjunct_ends)) \
            or canonical_name(after) in r["surfaces"].values() or tokens[i + 1][1] == "ns" \
            or not any(w in r["triggers"] for w, _ in tokens[:i])
    return False


def _suffixed(text: str, taken: list[tuple[int, int]]):
    """Names ending in a suffix word; the start is the token after the last trigger."""
    r = _rules()
    rules = r["r"]
    not_before = tuple(rules.suffix_not_before)
    quoted = None
    for m in r["suffix_re"].finditer(text):
        end = m.end()
        quoted = quoted if quoted is not None else [q.span() for q in QUOTED.finditer(text)]
        if _inside(m.start(), quoted) or text.startswith(not_before, end):
            continue
        seg_start = _clause_before(text, end)
        left = max([e for s, e in taken if seg_start <= e <= m.start()] + [seg_start])
        segment = text[seg_start:end]
        clause_start = seg_start == 0 or text[seg_start - 1] != "、"
        length = _walk_back(_segment_tokens(segment), left - seg_start, clause_start)
        name_text = segment[len(segment) - length:]
        for p in rules.strip_prefixes:
            if name_text.startswith(p) and len(name_text) - len(p) >= rules.min_len:
                name_text = name_text[len(p):]
        name = canonical_name(name_text)
        body = surface_label(name_text)[: -len(m.group())]
        if name not in r["surfaces"].values() and (len(body) < rules.min_body or _only_places(body)):
            continue
        if is_acceptable(name):
            yield InitiativeMention(end - len(name_text), end, name_text, name, _id("suffixes", m.group()), "suffix")


def _only_places(body: str) -> bool:
    tokens = tag(body)
    return bool(tokens) and all(flag == "ns" for _, flag in tokens)


def _inside(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def _masked_titles(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"《[^》]{0,60}》", text)]


def _overlaps(a: InitiativeMention, spans) -> bool:
    return any(a.start < e and s < a.end for s, e in spans)


def extract_initiatives(text: str, normalised: bool = False) -> list[InitiativeMention]:
    """All initiative mentions in one sentence, non-overlapping, in text order; ``normalised``: the text is
    already as :func:`normalise` gives it (the cleaner's text), and is not normalised again.

    >>> [(m.name, m.rule, m.parts) for m in extract_initiatives("开展“儿科服务、精神卫生服务”十大惠民行动。")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('儿科服务', 'initiatives/bundle_part_kinds/行动', ()), ('精神卫生服务', 'initiatives/bundle_part_kinds/行动', ()),
     ('十大惠民行动', 'initiatives/bundle_pattern', ('儿科服务', '精神卫生服务'))]
    """
    original, text = text, text if normalised else normalise(text)      # same length: offsets stay valid
    masked = _masked_titles(text)
    bundled = [m for m in _bundles(text) if not _overlaps(m, masked)]
    found = [m for m in bundled if m.family == "bundle"]
    fixed = [m for family in (_quoted(text), _lexicon(text), _named_patterns(text), _regional(text), _centres(text),
                              _heading_projects(text)) for m in family]
    fixed = [m for m in fixed if not _overlaps(m, masked)]
    suffixed = [m for m in _suffixed(text, [(f.start, f.end) for f in found]) if not _overlaps(m, masked)]
    order = {"quoted": 0, "lexicon": 1, "regional": 2, "centre": 3, "heading": 3, "suffix": 4}
    for mention in sorted(fixed + suffixed, key=lambda f: (-(f.end - f.start), order[f.family], f.start)):
        if not _overlaps(mention, [(f.start, f.end) for f in found]):
            found.append(mention)
    found += list(_distributed(text, found))
    found += [m for m in bundled if m.family == "bundle-part"]
    if original != text:
        found = [replace(f, text=original[f.start:f.end]) for f in found]
    return sorted({(f.start, f.end, f.name): f for f in found}.values(), key=lambda f: (f.start, f.end, f.name))


def _distributed(text: str, found: list[InitiativeMention]):
    """"国家和省级区域医疗中心" names two: the level before 和 takes the rest of the name."""
    levels = _rules()["r"].coordinated_levels
    for f in list(found):
        for level in levels:
            if f.text.startswith(level):
                for other in levels:
                    if other != level and text[max(0, f.start - len(other) - 1): f.start] in (other + "和", other + "、"):
                        name = canonical_name(other + f.text[len(level):])
                        if is_acceptable(name):
                            yield InitiativeMention(f.start - len(other) - 1, f.end, text[f.start - len(other) - 1:f.end],
                                                    name, f.rule, f.family)


# ------------------------------------------------------------------ themes

def theme_labels() -> dict[str, dict[str, str]]:
    """Theme id -> {'zh': ..., 'en': ...}, the fallback theme included."""
    rules = _rules()["r"]
    labels = {tid: {"zh": t.zh, "en": t.en} for tid, t in rules.themes.items()}
    labels[rules.fallback_theme] = {"zh": rules.general_theme.zh, "en": rules.general_theme.en}
    return labels


@lru_cache(maxsize=65536)
def themes_of(name: str, parts: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Theme ids by keyword and pattern rules, an umbrella's themes with its
    parts' themes; every initiative gets at least one.

    >>> themes_of("紧密型县域医共体")
    ('reform', 'primary-care')
    >>> themes_of("健康龙江行动"), themes_of("四个行动", ("家庭医生服务提升", "数据赋能提升"))
    (('public-health',), ('primary-care', 'digital', 'services'))
    >>> themes_of("三个一")
    ('general',)
    """
    rules = _rules()["r"]
    found = [tid for tid, t in rules.themes.items()
             if any(w in n for n in (name, *parts) for w in t.keywords)
             or any(re.search(p, n) for n in (name, *parts) for p in t.patterns or ())]
    return tuple(found) or (rules.fallback_theme,)
