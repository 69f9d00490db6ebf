"""What a document's own text says of it: its title, issuing body (发文机关), number (文号) and date.

These are read from the head and the signature of the text, whatever the format it came in; the
format's own fields (a page's ``<meta>``, a Word file's properties) are added by ``kg.read.formats``.

>>> text = "安徽省卫生健康委员会关于印发2025年全省卫生健康工作要点的通知\\n皖卫办〔2025〕12号\\n各市卫生健康委：\\n……\\n安徽省卫生健康委员会\\n2025年3月12日\\n"
>>> dict(text_metadata(text))["number"], dict(text_metadata(text))["created"], dict(text_metadata(text))["creator"]
('皖卫办〔2025〕12号', '2025-03-12', '安徽省卫生健康委员会')
"""
from __future__ import annotations

import re

DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（【]\s*(?:19|20)\d\d\s*[〕\]］)）】]\s*\d{1,4}\s*号")
CHINESE_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
ISO_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
PUBLISHED_LINE = re.compile(r"(?:发布|发文|公开)(?:时间|日期)\s*[:：]?\s*")
ISSUER = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}?(?:人民政府|办公厅|办公室|委员会|卫生健康委|卫健委|卫生局|卫生健康局|厅|局)$")
TITLE_END = re.compile(r"(?:通知|意见|要点|方案|计划|规划|报告|讲话|决定|办法|公告|纲要|工作会议.{0,8}召开)$")
HEAD_LINES = 8
SIGNATURE_LINES = 6


def text_metadata(text: str) -> tuple[tuple[str, str], ...]:
    """(key, value) pairs: title, number, creator (the issuing body), created (the date signed)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    meta: dict[str, str] = {}
    head = lines[:HEAD_LINES]
    for line in head:
        if len(line) <= 80 and TITLE_END.search(line) and "title" not in meta:
            meta["title"] = line
        m = DOCUMENT_NUMBER.search(line)
        if m and "number" not in meta and len(line) <= 40:
            meta["number"] = re.sub(r"\s+", "", m.group())
        p = PUBLISHED_LINE.search(line)
        if p and "published" not in meta:
            d = ISO_DATE.match(line[p.end():])
            if d:
                meta["published"] = _iso(d)
    tail = lines[-SIGNATURE_LINES:]
    for i in range(len(tail) - 1, -1, -1):
        d = CHINESE_DATE.fullmatch(tail[i])
        if d:
            meta["created"] = _iso(d)
            if i > 0 and ISSUER.match(tail[i - 1]):
                meta["creator"] = tail[i - 1]
            break
    return tuple(sorted(meta.items()))


def dates_in(value: str) -> str:
    """The first date in a field, as YYYY-MM-DD, or "".

    >>> dates_in("2025-03-14 10:00"), dates_in("2025年3月4日"), dates_in("昨天")
    ('2025-03-14', '2025-03-04', '')
    """
    m = ISO_DATE.search(value) or CHINESE_DATE.search(value)
    return _iso(m) if m else ""


def _iso(m: re.Match) -> str:
    year, month, day = (int(g) for g in m.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"
