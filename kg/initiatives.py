"""Initiatives: named programmes a plan commits to, found by rules in
``kg/data/rules/initiatives.yaml``.

Four rule families, each with its id on the mentions it yields:

* ``quoted``: a quoted name, with the suffix that follows the quote
  (“儿科、精神卫生服务年”行动);
* ``lexicon``: a fixed term or one of its spellings (三明经验);
* ``bundle``: a numbered bundle and the parts listed before it
  (“儿科服务、精神卫生服务”十大惠民行动);
* ``suffix``: a name ending in 行动, 工程, 专项 … whose start is found by
  walking back over jieba's tokens to the trigger verb.

>>> [m.name for m in extract_initiatives("持续实施医学科技创新和人才队伍建设专项。")]
['医学科技创新和人才队伍建设专项']
>>> [m.name for m in extract_initiatives("深入开展“千县工程”县医院综合能力提升工作。")]
['千县工程']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kg.rules import load_rules
from kg.textutil import tokenizer

QUOTES = "“”\"‘’'「」『』"
PUNCT = set(",，。；;：:！!？?、()（）《》【】 \n\t") | set(QUOTES)


@dataclass(frozen=True)
class InitiativeMention:
    start: int               # offsets into the text given to the extractor
    end: int
    text: str                # the surface form as written
    name: str                # canonical name
    rule: str
    parts: tuple[str, ...] = ()     # canonical names of an umbrella's parts


@lru_cache(maxsize=1)
def _rules():
    r = load_rules("initiatives")
    surfaces = {}
    for canonical, spellings in r["synonyms"].items():
        surfaces[canonical] = canonical
        for s in spellings:
            surfaces[s] = canonical
    for term in r["lexicon"]:
        surfaces.setdefault(term, term)
    lexicon_re = re.compile("|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True)))
    suffix_re = re.compile("|".join(re.escape(s) for s in sorted(r["suffixes"], key=len, reverse=True)))
    return {
        "r": r,
        "surfaces": surfaces,
        "lexicon_re": lexicon_re,
        "suffix_re": suffix_re,
        "suffixes": tuple(sorted(r["suffixes"], key=len, reverse=True)),
        "triggers": frozenset(r["triggers"]) | frozenset(r["modifiers"]),
        "stop_names": frozenset(r["stop_names"]),
        "bundle_re": re.compile(r["bundle_pattern"]),
        "list_re": re.compile(r"“?([^,，。；;:：“”、《》]{2,24}”?(?:、“?[^,，。；;:：“”、《》]{2,24}”?)+)(?:等)?$"),
    }


# ------------------------------------------------------------- canonical

def canonical_name(surface: str) -> str:
    """One spelling per initiative.

    >>> canonical_name("“儿科、精神卫生服务年”行动")
    '儿科和精神卫生服务年'
    >>> canonical_name("三明经验")
    '三明医改经验'
    """
    rules = _rules()
    name = unicodedata.normalize("NFKC", surface)
    from kg.corpus import normalise
    name = normalise(name)
    name = "".join(ch for ch in name if ch not in QUOTES).strip()
    if name in rules["surfaces"]:
        return rules["surfaces"][name]
    name = name.replace("、", "和")
    if name in rules["surfaces"]:
        return rules["surfaces"][name]
    for tail in rules["r"]["strip_suffixes"]:
        stem = name[: -len(tail)] if name.endswith(tail) else None
        if stem and stem.endswith(rules["suffixes"]) and len(stem) >= rules["r"]["min_len"]:
            name = stem
    if name.endswith("服务年行动"):
        name = name[:-2]
    return rules["surfaces"].get(name, name)


def is_acceptable(name: str) -> bool:
    r = _rules()
    rules = r["r"]
    if not rules["min_len"] <= len(name) <= rules["max_len"]:
        return False
    if name in r["stop_names"] or any(s in name for s in rules["stop_contains"]):
        return False
    if re.fullmatch(r"[\d一二三四五六七八九十两百千万个项大+]+", name):
        return False
    return not any(ch in PUNCT for ch in name)


# ----------------------------------------------------------- rule families

def _quoted(text: str, masked: list[tuple[int, int]]):
    r = _rules()
    for m in re.finditer(r"[“\"]([^“”\"]{2,30})[”\"]", text):
        if _inside(m.start(), masked):
            continue
        content = m.group(1)
        after = text[m.end(): m.end() + 6]
        before = text[max(0, m.start() - 4): m.start()]
        suffix = next((s for s in r["suffixes"] if after.startswith(s)), "")
        items = content.split("、")
        if len(items) > 1 and not suffix and max(map(len, items)) <= r["r"]["slogan_item_max"] \
                and not r["bundle_re"].match(after):
            continue            # a slogan: “控增量、调结构、严监管”
        if r["bundle_re"].match(after) and len(items) > 1:
            continue            # the list of a bundle: handled by _bundles
        end = m.end() + len(suffix)
        if suffix or content.endswith(r["suffixes"]) or content in r["surfaces"] \
                or any(before.endswith(t) for t in r["triggers"]) or re.search(r"\d+(个|家|项|所)$", before) \
                or re.match(r"(建设|品牌|模式|工作|改革)", after):
            name = canonical_name(content if suffix == "行动" else content + suffix)
            yield InitiativeMention(m.start(), end, text[m.start():end], name, "quoted")


def _lexicon(text: str, masked):
    r = _rules()
    for m in r["lexicon_re"].finditer(text):
        if not _inside(m.start(), masked):
            yield InitiativeMention(m.start(), m.end(), m.group(), r["surfaces"][m.group()], "lexicon")


def _bundles(text: str, masked):
    r = _rules()
    for m in r["bundle_re"].finditer(text):
        head = m.group("head")
        if _inside(m.start(), masked) or not re.search(r"[大个项+]", head[:4]):
            continue
        listed = r["list_re"].search(text[max(0, m.start() - 120): m.start()])
        parts: tuple[str, ...] = ()
        if listed:
            raw = [p.strip("“”\"") for p in listed.group(1).split("、")]
            raw[0] = _strip_leading_triggers(raw[0])
            parts = tuple(canonical_name(p) for p in raw if is_acceptable(canonical_name(p)) or len(p) >= 3)
        if parts or text[m.start()] == "“":
            yield InitiativeMention(m.start(), m.end(), m.group(), canonical_name(head), "bundle", parts)


def _strip_leading_triggers(segment: str) -> str:
    r = _rules()
    changed = True
    while changed:
        changed = False
        for t in sorted(r["triggers"], key=len, reverse=True):
            if segment.startswith(t) and len(segment) > len(t) + 1:
                segment = segment[len(t):]
                changed = True
                break
    return segment


def _suffixed(text: str, masked, taken):
    """Names ending in a suffix word; the start is the token after the last trigger."""
    r = _rules()
    rules = r["r"]
    for m in r["suffix_re"].finditer(text):
        end = m.end()
        if _inside(m.start(), masked) or _inside(m.start(), taken):
            continue
        seg_start = end
        while seg_start > 0 and text[seg_start - 1] not in PUNCT and end - seg_start < 40:
            seg_start -= 1
        segment = text[seg_start:end]
        tokens = list(tokenizer().cut(segment))
        # walk back from the suffix word
        pos = len(segment)
        start = pos
        for i in range(len(tokens) - 1, -1, -1):
            word, flag = tokens[i].word, tokens[i].flag
            at_suffix = pos == len(segment) or pos + len(word) == len(segment) or \
                segment[pos:].startswith(m.group())
            if word in r["triggers"] and not at_suffix:
                break
            if flag[:1] in ("d", "p", "u", "r", "x", "q") or (flag == "m" and not re.search("大|个", segment[pos:pos + 2])):
                break
            if flag == "c" and not any(t.word in r["triggers"] for t in tokens[:i]):
                break
            pos -= len(word)
            start = pos
        name_text = segment[start:]
        for p in rules["strip_prefixes"]:
            if name_text.startswith(p) and len(name_text) - len(p) >= rules["min_len"]:
                name_text = name_text[len(p):]
        abs_start = end - len(name_text)
        name = canonical_name(name_text)
        if is_acceptable(name) and name_text not in r["suffixes"]:
            yield InitiativeMention(abs_start, end, name_text, name, "suffix")


def _inside(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def _masked_titles(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"《[^》]{0,60}》", text)]


def extract_initiatives(text: str) -> list[InitiativeMention]:
    """All initiative mentions in one sentence, non-overlapping, in text order."""
    masked = _masked_titles(text)
    found: list[InitiativeMention] = []
    for family in (_bundles(text, masked), _quoted(text, masked), _lexicon(text, masked)):
        for mention in family:
            if not any(mention.start < f.end and f.start < mention.end for f in found):
                found.append(mention)
    for mention in _suffixed(text, masked, [(f.start, f.end) for f in found]):
        if not any(mention.start < f.end and f.start < mention.end for f in found):
            found.append(mention)
    for bundle in [f for f in found if f.parts]:
        for part in bundle.parts:
            if is_acceptable(part):
                found.append(InitiativeMention(bundle.start, bundle.end, part, part, "bundle-part"))
    return sorted({(f.start, f.end, f.name): f for f in found}.values(), key=lambda f: (f.start, f.end, f.name))


def themes_of(name: str) -> tuple[str, ...]:
    """Themes by keyword rules; every initiative gets at least one.

    >>> themes_of("紧密型县域医共体")
    ('医改', '基层')
    """
    rules = _rules()["r"]
    found = tuple(theme for theme, words in rules["themes"].items() if any(w in name for w in words))
    return found or (rules["fallback_theme"],)
