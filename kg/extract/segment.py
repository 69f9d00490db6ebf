"""Segmentation: clean text -> sentences with clauses and enumeration items.

Offsets are into ``CleanText.text``.

>>> [s.text for s in split_sentences("一是抓协调。二是强服务,提能力。")]
['一是抓协调。', '二是强服务,提能力。']
>>> split_sentences("一是抓协调。二是强服务,提能力。")[1].item
'二是'
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from kg.rules import load_rules


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    clauses: tuple[tuple[int, int], ...]   # absolute spans
    item: str | None = None                # the enumeration marker that opens it ("一是", "(三)")
    line_start: bool = False               # the sentence begins a line


@lru_cache(maxsize=1)
def _patterns():
    rules = load_rules("segments")
    sentence = re.compile(f"[^{re.escape(rules.sentence_ends)}]*(?:[{re.escape(rules.sentence_ends)}]|$)")
    clause = re.compile(f"[^{re.escape(rules.clause_ends)}]+[{re.escape(rules.clause_ends)}]?")
    items = re.compile("|".join(f"(?:{m.pattern})" for m in rules.item_markers))
    return sentence, clause, items


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    sentence_re, clause_re, item_re = _patterns()
    end = len(text) if end is None else end
    out = []
    for m in sentence_re.finditer(text, start, end):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        for s, e in _pieces(text, s, e):
            out.append(_sentence(text, s, e, clause_re, item_re, out[-1].end if out else None))
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence, or the pieces of one too long to read whole, cut after a clause mark where there is one.

    >>> _pieces("一" * 1000 + "，" + "二" * 10, 0, 1011)
    [(0, 600), (600, 1011)]
    """
    limit = load_rules("segments").max_sentence_chars
    marks = load_rules("segments").clause_ends
    pieces = []
    while end - start > limit:
        cut = max(text.rfind(mark, start + 1, start + limit) for mark in marks) + 1
        cut = cut if cut > start + 1 else start + limit
        pieces.append((start, cut))
        start = cut
    return pieces + [(start, end)]


def _sentence(text: str, s: int, e: int, clause_re, item_re, previous_end: int | None) -> Sentence:
    body = text[s:e]
    clauses = tuple((s + c.start(), s + c.end()) for c in clause_re.finditer(body) if c.group().strip())
    marker = item_re.match(body)
    return Sentence(s, e, body, clauses, marker.group() if marker else None, _starts_line(text, s, previous_end))


def _starts_line(text: str, start: int, previous_end: int | None) -> bool:
    """Whether only blanks stand between the line's start and ``start`` (an indented "　　二、" too); looks
    back no further than the previous sentence, so a long line costs no more than its length."""
    newline = text.rfind("\n", 0 if previous_end is None else previous_end, start)
    if newline < 0 and previous_end is not None:
        return False              # the previous sentence is on this line
    return not text[newline + 1:start].strip()


def starting_between(items: list, starts: list[int], start: int, end: int) -> list:
    """The items (sorted by start, their starts in ``starts``) that start in [start, end).

    >>> starting_between(["a", "b", "c"], [0, 5, 9], 4, 9)
    ['b']
    """
    return items[bisect_left(starts, start):bisect_left(starts, end)]
