"""Reading documents: decode bytes, normalise for matching, clean up web debris.

The stage keeps two texts per document. ``Document.text`` is the decoded
original: every offset written to the graph points into it. ``CleanText`` is
what the extractors read: traditional characters simplified, full-width forms
made half-width, boilerplate lines and repeated sections dropped and words
broken by page breaks joined again; ``CleanText.origin`` maps each of its
characters back to the original.

>>> doc = document_from_bytes("例.txt", "２０２５年全省上下要全力推進衛生健康事業高質\\n\\n量發展。".encode("utf-8"))
>>> clean = clean_text(doc)
>>> clean.text
'2025年全省上下要全力推进卫生健康事业高质量发展。'
>>> span = clean.to_original(clean.text.index("高质"), clean.text.index("。"))
>>> doc.text[span[0]:span[1]]
'高質\\n\\n量發展'
"""
from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.rules import load_rules

from kg.read.encoding import CONTROL_CHARACTERS, InputError, decode  # noqa: F401 (the stage's names)
from kg.read.formats import SUPPORTED, FormatError, extract_text

TEXT_SUFFIXES = SUPPORTED     # every suffix a folder build reads (kg.read.formats.READERS)


@dataclass(frozen=True)
class Document:
    name: str        # file name, as written to the graph
    path: str
    text: str        # decoded original
    sha256: str      # of the raw bytes
    encoding: str
    format: str = "text/plain"                    # MIME type of the original file
    meta: tuple[tuple[str, str], ...] = ()        # what the file and its text say of it: title, issuer, …

    @property
    def text_sha256(self) -> str:
        """SHA-256 of the text (UTF-8) that evidence offsets refer to, as kept in ``out/texts/``."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CleanText:
    text: str
    origin: array    # origin[i] = index in Document.text of text[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original span that covers it."""
        return self.origin[start], self.origin[end - 1] + 1


def document_from_bytes(name: str, raw: bytes, path: str = "", meta: tuple[tuple[str, str], ...] = ()) -> Document:
    """A document from a file's bytes, read by the reader of its suffix (``kg.read.formats``); ``meta``
    adds what is known from outside the file (the address it was downloaded from)."""
    from kg.read.fetch import source_metadata
    from kg.read.metadata import dates_in, text_metadata

    if not raw.strip():
        raise InputError(f"{name}: empty file")
    try:
        extracted, fmt = extract_text(raw, name)
    except FormatError as exc:
        raise InputError(str(exc)) from None
    merged = dict(text_metadata(extracted.text))
    merged.update((k, v) for k, v in extracted.meta if v)
    merged.update((k, v) for k, v in source_metadata(path) if v)      # a download's address
    merged.update((k, v) for k, v in meta if v)
    for key in ("created", "published"):         # a date, whatever the page wrote around it
        if key in merged:
            merged[key] = dates_in(merged[key])
    merged = {k: v for k, v in merged.items() if v}
    return Document(name=name, path=path or name, text=extracted.text,
                    sha256=hashlib.sha256(raw).hexdigest(), encoding=extracted.encoding, format=fmt,
                    meta=tuple(sorted(merged.items())))


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read_document(path: Path) -> Document:
    return document_from_bytes(path.name, read_bytes(path), str(path))


def find_text_files(inputs: list[Path]) -> list[Path]:
    """Every readable file under the inputs, sorted, each once."""
    return find_files(inputs)[0]


def find_files(inputs: list[Path]) -> tuple[list[Path], list[Path]]:
    """(every file of a supported format under the inputs, sorted, each once; the other files of the
    folders, which a build lists as skipped). A file named on its own is always read."""
    found: set[Path] = set()
    other: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            for p in item.rglob("*"):
                if not p.is_file() or any(part.startswith(".") for part in p.relative_to(item).parts):
                    continue
                (found if p.suffix.lower() in TEXT_SUFFIXES else other).add(p)
        elif item.is_file():
            found.add(item)
        else:
            raise InputError(f"{item}: no such file or directory")
    if not found:
        listed = f" ({skipped_line(sorted(other))})" if other else ""
        raise InputError(f"{', '.join(map(str, inputs))}: no documents (.txt, .html, .docx, .pdf …) found{listed}")
    return sorted(found, key=lambda p: (p.name, str(p))), sorted(other)


def skipped_line(files: list[Path]) -> str:
    """One line counting the files of other formats by suffix.

    >>> skipped_line([Path("a.xlsx"), Path("b.jpg"), Path("c.xlsx")])
    '3 files of other formats: 2 .xlsx, 1 .jpg'
    """
    counts: dict[str, int] = {}
    for path in files:
        suffix = path.suffix.lower() or "(no suffix)"
        counts[suffix] = counts.get(suffix, 0) + 1
    parts = ", ".join(f"{n} {suffix}" for suffix, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{len(files)} file{'s' if len(files) != 1 else ''} of other formats: {parts}"


def identical_files(files: list[Path], digest: Callable[[Path], str | None] | None = None) -> dict[Path, Path]:
    """Each file whose bytes are those of an earlier file in the list, mapped to that earlier file.

    Only files of the same size are read and hashed (by ``digest``, when given: a hash of the bytes, or
    None for a file that cannot be read), so a corpus without copies costs one stat a file; empty and
    unreadable files are left to the reader, which says what is wrong with them.
    """
    by_size: dict[int, list[Path]] = {}
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size:
            by_size.setdefault(size, []).append(path)
    copies: dict[Path, Path] = {}
    for same_size in (paths for paths in by_size.values() if len(paths) > 1):
        first_with: dict[str, Path] = {}
        for path in same_size:
            hashed = (digest or file_sha256)(path)
            if hashed is None:
                continue
            if hashed in first_with:
                copies[path] = first_with[hashed]
            else:
                first_with[hashed] = path
    return copies


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, read in pieces; None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


# ----------------------------------------------------------- normalising

@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


# Radical forms that PDF text layers give for ordinary characters (CJK Radicals Supplement; the Kangxi
# radicals and the compatibility ideographs are mapped through NFKC below).
RADICAL_FORMS = {"⺟": "母", "⺠": "民", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻓": "长",
                 "⻔": "门", "⻘": "青", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马", "⻣": "骨",
                 "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿",
                 "⻰": "龙", "⻳": "龟"}
# Spaces of other widths to a space; full-width ASCII forms to ASCII; CR to a line break: one character each.
HALF_WIDTH = ({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
              | {code: " " for code in (0x3000, 0x00A0, 0x2002, 0x2003, 0x2007, 0x2009, 0x202F, 0x205F)}
              | {ord("\r"): "\n"} | {ord(k): v for k, v in RADICAL_FORMS.items()})
# Zero-width characters carry nothing to match: the cleaner drops them (their offsets stay mapped).
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


# A year written in Chinese numerals ("二〇二六年一月十日"): its digits, one character each.
YEAR_IN_WORDS = re.compile("[〇零一二三四五六七八九]{4}(?=年)")
DIGIT_WORDS = str.maketrans("〇零一二三四五六七八九", "00123456789")

# Spaces a web page wrote as entities, left in a page saved as text ("86.3&nbsp;&nbsp;≥89"): spaces of the same length.
SPACE_ENTITIES = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#8194|#8195|#12288);")


def normalise(text: str) -> str:
    """Same-length text for matching: simplified, half-width, CR as newline, space entities as spaces, years in
    Chinese numerals as digits.

    >>> normalise("兒科（門診）&nbsp;90%")
    '儿科(门诊)      90%'
    >>> normalise("二〇二六年一月十日")
    '2026年一月十日'
    """
    text = SPACE_ENTITIES.sub(lambda m: " " * len(m.group()), _compatibility(text))
    text = YEAR_IN_WORDS.sub(lambda m: m.group().translate(DIGIT_WORDS), text)
    simplified = _t2s().convert(text)
    if len(simplified) != len(text):     # a phrase rule changed the length: convert char by char
        simplified = "".join(c if len(c) == 1 else ch for ch, c in ((ch, _t2s().convert(ch)) for ch in text))
    return simplified.translate(HALF_WIDTH)


KANGXI_OR_COMPATIBILITY = re.compile("[\u2f00-\u2fdf\uf900-\ufaff]")


def _compatibility(text: str) -> str:
    """Kangxi radicals (⼈) and CJK compatibility ideographs (丽) as the unified ideographs NFKC gives,
    one character each.

    >>> _compatibility("⼈⼝")
    '人口'
    """
    import unicodedata

    def one(m: re.Match) -> str:
        mapped = unicodedata.normalize("NFKC", m.group())
        return mapped if len(mapped) == 1 else m.group()
    return KANGXI_OR_COMPATIBILITY.sub(one, text)


# ------------------------------------------------------------- cleaning

def clean_text(doc: Document) -> CleanText:
    """Normalise, then drop boilerplate lines, repeated paragraphs and page-break gaps."""
    rules = load_rules("cleanup")
    norm = normalise(doc.text)
    keep = bytearray(b"\x01") * len(norm)
    for m in ZERO_WIDTH.finditer(norm):
        keep[m.start()] = 0
    for mark in rules["dropped_marks"]:
        for m in re.finditer(mark["pattern"], norm):
            _drop(keep, *m.span())
    _drop_letter_spacing(norm, keep, rules)
    _drop_boilerplate(norm, keep, rules)
    _drop_link_lists(norm, keep, rules)
    _drop_repeated_paragraphs(norm, keep, rules["repeat_min_chars"], rules["repeat_kept"])
    _join_page_breaks(norm, keep, rules)
    _join_hard_wraps(norm, keep, rules)
    kept = [m.span() for m in re.finditer(rb"\x01+", keep)]          # runs of kept characters
    origin = array("l")
    for start, end in kept:
        origin.extend(range(start, end))
    return CleanText("".join(norm[start:end] for start, end in kept), origin)


def _drop_letter_spacing(text: str, keep: bytearray, rules: dict) -> None:
    """Drop the spaces an OCR puts between characters ("县 域 内 就 诊 率"), in runs of spaced single characters."""
    for m in re.finditer(rules["letter_spacing_run"], text):
        if sum("\u4e00" <= c <= "\u9fff" for c in m.group()) >= rules["letter_spacing_min_chinese"]:
            for i in range(m.start() + 1, m.end(), 2):
                keep[i] = 0


def _lines(text: str):
    start = 0
    for m in re.finditer(r"\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _drop(keep: bytearray, start: int, end: int) -> None:
    keep[start:end] = bytes(end - start)


@lru_cache(maxsize=1)
def _boilerplate_pattern(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


PUBLISHED = re.compile(r"(?:发布|发文)(?:时间|日期)")     # a line that dates the page keeps its date


def _drop_boilerplate(text: str, keep: bytearray, rules: dict) -> None:
    """Drop a short line of web debris whole; in a longer line, only the debris phrase ("二维码" in prose)."""
    pattern = _boilerplate_pattern(tuple(rules["boilerplate_lines"]))
    linked = re.compile(rules["linked_title"])
    points = False          # in a run of bulleted points under a heading
    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if linked.match(stripped):
            if not points:
                _drop(keep, start, min(end + 1, len(text)))
                continue
        elif stripped and stripped[0] not in "·•":
            points = _heads_points(stripped, rules) and not pattern.search(stripped) \
                and not re.match(rules["link_list_opening"], stripped)      # "相关链接：" heads links
        if len(stripped) <= rules["debris_line_max"] and not PUBLISHED.search(stripped):
            if pattern.search(stripped):
                _drop(keep, start, min(end + 1, len(text)))
            continue
        offset = start + len(line) - len(line.lstrip())
        for m in pattern.finditer(stripped):
            if m.end() > m.start():
                _drop(keep, offset + m.start(), offset + m.end())


def _heads_points(line: str, rules: dict) -> bool:
    """Whether a line heads a list of points: a bulleted heading ("■ 重点任务一：深化医改"), a numbered one, or a line
    ending in a colon."""
    return bool(re.match(rules["bullet_line"], line) or re.match(rules["heading_start"], line)
                or line.endswith((":", "：")))


def _drop_link_lists(text: str, keep: bytearray, rules: dict) -> None:
    """Drop a list of links under the article ("往期推荐" and the titles after it, up to a line of prose)."""
    opening = re.compile(rules["link_list_opening"])
    in_list = False
    for start, end in _lines(text):
        line = text[start:end].strip()
        if opening.match(line):
            in_list = True
        elif in_list and line and (len(line) > rules["link_line_max"] or re.search("[。！？!?；;]", line)):
            in_list = False
        if in_list:
            _drop(keep, start, min(end + 1, len(text)))


def _drop_repeated_paragraphs(text: str, keep: bytearray, min_chars: int, kept: str) -> None:
    seen: set[str] = set()
    for start, end in _lines(text):
        line = text[start:end].strip()
        if len(line) < min_chars or not keep[start:end].count(1) or re.search(kept, line):
            continue
        if line in seen:
            _drop(keep, start, min(end + 1, len(text)))
        seen.add(line)


# A run of blank lines, matched once as a whole: a pattern that backtracks into the run (\s* before a
# lookahead) would read the rest of the run again from every line of it.
def _join_hard_wraps(text: str, keep: bytearray, rules: dict) -> None:
    """Join the lines of a text wrapped at a fixed width, as a PDF's conversion gives it ("完成65岁及以上老年人健康管理30万\n
    人"): in a document where many lines have the same width, a line of that width that ends in no sentence mark runs on
    into the next, unless the next is indented, a heading or a table's row."""
    lines = [(start, end) for start, end in _lines(text) if keep[start:end].count(1) == end - start]
    widths = Counter(_display_width(text[start:end]) for start, end in lines
                     if end - start >= rules["page_break_min_line"] and text[end - 1] not in rules["sentence_terminals"])
    if not widths:
        return
    width, count = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
    if count < rules["hard_wrap_min_lines"]:
        return
    for (start, end), (next_start, next_end) in zip(lines, lines[1:]):
        line, following = text[start:end], text[next_start:next_end]
        if next_start != end + 1 or not line or abs(_display_width(line) - width) > rules["hard_wrap_slack"] \
                or line[-1] in rules["sentence_terminals"] \
                or not following or following[0].isspace() or re.search(r"[|｜\t]|\s{2,}", line.strip() + following) \
                or re.match(rules["heading_start"], following) or re.match(rules["bullet_line"], following):
            continue
        _drop(keep, end, end + 1)


def _display_width(line: str) -> int:
    """A line's width as a page lays it out: a Chinese character or a full-width mark takes two columns."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in line)


BLANK_LINES = re.compile(r"\n(?:[ \t\f\v\r]*\n)+[ \t\f\v\r]*")


def _join_page_breaks(text: str, keep: bytearray, rules: dict) -> None:
    """Drop the blank lines inside a word broken across a page ("高质\\n\\n量发展")."""
    min_line = rules["page_break_min_line"]
    for m in BLANK_LINES.finditer(text):
        if not ("\u4e00" <= text[m.end():m.end() + 1] <= "\u9fff"):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start:m.start()].rstrip()
        next_end = text.find("\n", m.end())
        next_line = text[m.end():next_end if next_end >= 0 else len(text)].rstrip()
        # a short line above an indented paragraph, a numbered heading ("一、2025年回眸:…", or above an indented paragraph
        # "一、2025年工作回顾:稳中有进,亮点纷呈") or a bulleted one is a line of its own
        indented = text[m.end() - 1] == " "
        numbered = re.match(rules["heading_start"], line.lstrip())
        heading = re.match(rules["bullet_line"], line.lstrip()) or re.match(rules["colon_heading"], line.lstrip()) \
            or numbered and indented or not re.search("[,;]", line) and (
            indented and "、" not in line or numbered or re.search(rules["headline_gap"], line))
        if len(line) >= min_line and "\u4e00" <= line[-1] <= "\u9fff" and keep[line_start] and not heading \
                and not re.match(rules["heading_start"], text[m.end():m.end() + 4]) \
                and not re.search(rules["title_line_end"], line) and not re.match(rules["salutation_line"], next_line) \
                and not re.match(rules["metadata_line"], next_line):
            _drop(keep, m.start(), m.end())
