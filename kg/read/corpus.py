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

import codecs
import hashlib
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.rules import load_rules

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm"}


class InputError(Exception):
    """A one-line, user-facing problem with an input file."""


@dataclass(frozen=True)
class Document:
    name: str        # file name, as written to the graph
    path: str
    text: str        # decoded original
    sha256: str      # of the raw bytes
    encoding: str


@dataclass(frozen=True)
class CleanText:
    text: str
    origin: array    # origin[i] = index in Document.text of text[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span to the original span that covers it."""
        return self.origin[start], self.origin[end - 1] + 1


# ---------------------------------------------------------------- decoding

def decode(raw: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding); raise InputError for binary or undecodable bytes."""
    if not raw.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: not valid {enc} after its byte-order mark ({exc.reason})") from None
    if b"\x00" in raw:
        raise InputError(f"{name}: binary file (NUL bytes, no UTF-16 byte-order mark)")
    controls = None
    for enc in ("utf-8", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, enc
        if controls is None:
            controls = (enc, len(CONTROL_CHARACTERS.findall(text)))
    if controls is not None:
        enc, count = controls
        raise InputError(f"{name}: decodes as {enc} but holds {count} control characters: not a text document")
    raise InputError(f"{name}: cannot decode as UTF-8, UTF-16 or GB18030 text")


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")     # category Cc but \t \n \f \r


def _looks_like_text(text: str) -> bool:
    return len(CONTROL_CHARACTERS.findall(text)) <= max(2, len(text) // 100)


def document_from_bytes(name: str, raw: bytes, path: str = "") -> Document:
    text, encoding = decode(raw, name)
    return Document(name=name, path=path or name, text=text,
                    sha256=hashlib.sha256(raw).hexdigest(), encoding=encoding)


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
    """Every text file under the inputs, sorted, each once."""
    found: set[Path] = set()
    for item in inputs:
        if item.is_dir():
            found.update(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(item).parts))
        elif item.is_file():
            found.add(item)
        else:
            raise InputError(f"{item}: no such file or directory")
    if not found:
        raise InputError(f"{', '.join(map(str, inputs))}: no text files (*.txt, *.md, *.html) found")
    return sorted(found, key=lambda p: (p.name, str(p)))


def identical_files(files: list[Path]) -> dict[Path, Path]:
    """Each file whose bytes are those of an earlier file in the list, mapped to that earlier file.

    Only files of the same size are read and hashed, so a corpus without copies costs one stat a file;
    empty and unreadable files are left to the reader, which says what is wrong with them.
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
        first_with: dict[bytes, Path] = {}
        for path in same_size:
            try:
                digest = hashlib.sha256(path.read_bytes()).digest()
            except OSError:
                continue
            if digest in first_with:
                copies[path] = first_with[digest]
            else:
                first_with[digest] = path
    return copies


# ----------------------------------------------------------- normalising

@lru_cache(maxsize=1)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


# Full-width ASCII forms to ASCII, the ideographic space to a space, CR to a line break: one character each.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: " ", ord("\r"): "\n"}


def normalise(text: str) -> str:
    """Same-length text for matching: simplified, half-width, CR as newline.

    >>> normalise("兒科（門診）")
    '儿科(门诊)'
    """
    simplified = _t2s().convert(text)
    if len(simplified) != len(text):     # a phrase rule changed the length: convert char by char
        simplified = "".join(c if len(c) == 1 else ch for ch, c in ((ch, _t2s().convert(ch)) for ch in text))
    return simplified.translate(HALF_WIDTH)


# ------------------------------------------------------------- cleaning

def clean_text(doc: Document) -> CleanText:
    """Normalise, then drop boilerplate lines, repeated paragraphs and page-break gaps."""
    rules = load_rules("cleanup")
    norm = normalise(doc.text)
    keep = bytearray(b"\x01") * len(norm)
    _drop_boilerplate(norm, keep, rules)
    _drop_repeated_paragraphs(norm, keep, rules["repeat_min_chars"])
    _join_page_breaks(norm, keep, rules)
    kept = [m.span() for m in re.finditer(rb"\x01+", keep)]          # runs of kept characters
    origin = array("l")
    for start, end in kept:
        origin.extend(range(start, end))
    return CleanText("".join(norm[start:end] for start, end in kept), origin)


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
    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if len(stripped) <= rules["debris_line_max"] and not PUBLISHED.search(stripped):
            if pattern.search(stripped):
                _drop(keep, start, min(end + 1, len(text)))
            continue
        offset = start + len(line) - len(line.lstrip())
        for m in pattern.finditer(stripped):
            if m.end() > m.start():
                _drop(keep, offset + m.start(), offset + m.end())


def _drop_repeated_paragraphs(text: str, keep: bytearray, min_chars: int) -> None:
    seen: set[str] = set()
    for start, end in _lines(text):
        line = text[start:end].strip()
        if len(line) < min_chars or not keep[start:end].count(1):
            continue
        if line in seen:
            _drop(keep, start, min(end + 1, len(text)))
        seen.add(line)


# A run of blank lines, matched once as a whole: a pattern that backtracks into the run (\s* before a
# lookahead) would read the rest of the run again from every line of it.
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
        if len(line) >= min_line and "\u4e00" <= line[-1] <= "\u9fff" and keep[line_start] \
                and not re.match(rules["heading_start"], text[m.end():m.end() + 4]) \
                and not re.search(rules["title_line_end"], line) and not re.match(rules["salutation_line"], next_line):
            _drop(keep, m.start(), m.end())
