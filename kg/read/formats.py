"""Input formats: one reader per file suffix, found through one table (``READERS``).

A reader turns a file's bytes into the text that every evidence offset refers to, with what the file
says about itself (its title, date, publisher) as metadata. The formats are someone else's solved
problem: web pages through trafilatura (main text only, the site's frame dropped), Word through
python-docx (paragraphs and table rows in reading order), PDF through pdfplumber (lines joined back into
sentences, running headers and page numbers dropped). Formats we cannot read say so in one line.

>>> reader_for("规划.DOCX").format
'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
>>> print(refuse("表.xlsx"))
表.xlsx: a spreadsheet (.xlsx) is not read: save the sheet's text as .txt or .html, or paste the plan into a .docx
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Callable

from kg.read.encoding import decode
from kg.scratch import ScratchDirectory


class FormatError(Exception):
    """A one-line, user-facing reason a file's format cannot be read."""


@dataclass(frozen=True)
class ReadText:
    text: str
    meta: tuple[tuple[str, str], ...] = ()     # (key, value) pairs: title, published, publisher, url, …
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Reader:
    format: str                                # MIME type of the original, written as dcterms:format
    read: Callable[[bytes, str], ReadText] | None


# ------------------------------------------------------------------ text

def _read_text(raw: bytes, name: str) -> ReadText:
    text, encoding = decode(raw, name)
    return ReadText(text, (), encoding)


# ------------------------------------------------------------------ HTML

# <meta> fields that Chinese government sites write (the CMS of most of them, and Dublin Core), by key
HTML_META = {"title": ("ArticleTitle", "dc.title", "DC.title"),
             "published": ("PubDate", "dc.date", "DC.date", "firstpublishedtime"),
             "publisher": ("ContentSource", "dc.publisher", "DC.publisher", "SiteName"),
             "url": ("og:url", "url")}


def _read_html(raw: bytes, name: str) -> ReadText:
    import trafilatura
    from lxml import html as lxml_html

    page, encoding = decode(raw, name)
    found = trafilatura.bare_extraction(page, with_metadata=True, include_tables=True, include_comments=False,
                                        favor_precision=True, output_format="python")
    body = (found.text or "") if found is not None else ""
    lines = [_html_table_row(line) for line in body.splitlines()]
    meta: dict[str, str] = {}
    try:
        tree = lxml_html.fromstring(page)
        fields = {(m.get("name") or m.get("property") or ""): (m.get("content") or "").strip()
                  for m in tree.iter("meta")}
    except Exception:       # lxml refuses a page with no element at all
        fields = {}
    for key, names in HTML_META.items():
        value = next((fields[n] for n in names if fields.get(n)), "")
        if value:
            meta[key] = value
    if found is not None:
        meta.setdefault("title", found.title or "")
        if found.date:
            meta.setdefault("published", found.date)
        if found.url:
            meta.setdefault("url", found.url)
    title = meta.get("title", "").strip()
    if title and not any(title in line for line in lines[:3]):
        lines.insert(0, title)            # the page's headline is the document's title line
    text = "\n".join(lines).strip()
    if not text:
        raise FormatError(f"{name}: a web page with no main text")
    return ReadText(text + "\n", tuple((k, v) for k, v in meta.items() if v), encoding)


def _html_table_row(line: str) -> str:
    """trafilatura writes a table row as ``| a | b | ``; a row is its cells joined by `` | ``."""
    if line.startswith("| ") and line.rstrip().endswith("|"):
        return " | ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    return line


# ------------------------------------------------------------------ Word

def _read_docx(raw: bytes, name: str) -> ReadText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:
        raise FormatError(f"{name}: not a readable .docx file ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():          # paragraphs and tables in reading order
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_rows(block))
    # the file's author and dates are those of whoever typed it, not of the issuing body: not taken
    meta = {"title": document.core_properties.title or ""}
    text = "\n".join(lines).strip()
    if not text:
        raise FormatError(f"{name}: a Word file with no text")
    return ReadText(text + "\n", tuple((k, v) for k, v in meta.items() if v))


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        last = None
        for cell in row.cells:
            if cell._tc is not last:            # a merged cell is listed once per row
                cells.append(" ".join(cell.text.split()))
            last = cell._tc
        rows.append(" | ".join(cells))
    return rows


def _read_legacy_word(raw: bytes, name: str) -> ReadText:
    """.doc and .wps: converted to .docx by LibreOffice when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    suffix = PurePath(name).suffix.lower()
    if not soffice:
        raise FormatError(f"{name}: a {suffix} file needs LibreOffice to read, and soffice is not on the PATH: "
                          f"install LibreOffice, or convert it with `soffice --headless --convert-to docx "
                          f"{PurePath(name).name}` and build the .docx")
    with ScratchDirectory("convert") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(raw)
        try:
            subprocess.run([soffice, "--headless", "--convert-to", "docx", "--outdir", tmp, str(source)],
                           check=True, capture_output=True, timeout=120)
            converted = (Path(tmp) / "input.docx").read_bytes()
        except (subprocess.SubprocessError, OSError):
            raise FormatError(f"{name}: LibreOffice could not convert this {suffix} file to .docx") from None
    return _read_docx(converted, name)


# ------------------------------------------------------------------ PDF

PAGE_NUMBER = re.compile(r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[\s\-—–－·•]*$")
SENTENCE_END = "。！？；：!?;:…”」』）)"
FULL_LINE = 0.9          # a line reaching this share of the page's widest line is full: its paragraph goes on


def _read_pdf(raw: bytes, name: str) -> ReadText:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as exc:
        raise FormatError(f"{name}: not a readable PDF ({type(exc).__name__})") from None
    with pdf:
        pages = [[(line["text"].strip(), line["x0"], line["x1"]) for line in page.extract_text_lines()
                  if line["text"].strip()] for page in pdf.pages]
        info = pdf.metadata or {}
    if not any(pages):
        raise FormatError(f"{name}: a PDF without a text layer (a scan?): it needs OCR first, "
                          f"e.g. `ocrmypdf -l chi_sim {PurePath(name).name} out.pdf`")
    pages = _drop_running_lines(pages)
    text = _join_lines([line for page in pages for line in page], pages)
    meta = {"title": str(info.get("Title") or "")}
    return ReadText(text, tuple((k, v.strip()) for k, v in meta.items() if v.strip()))


def _drop_running_lines(pages: list[list[tuple[str, float, float]]]) -> list[list[tuple[str, float, float]]]:
    """Drop page numbers, and a page's first or last line that recurs on most pages (a running header)."""
    edges: dict[str, int] = {}
    for page in pages:
        for line in {page[0][0], page[-1][0]} if page else ():
            key = re.sub(r"\d+", "#", line)
            edges[key] = edges.get(key, 0) + 1
    running = {key for key, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2 + 1)}
    kept = []
    for page in pages:
        lines = list(page)
        for index in (0, -1):
            while lines and (PAGE_NUMBER.match(lines[index][0]) or re.sub(r"\d+", "#", lines[index][0]) in running):
                lines.pop(index)
        kept.append(lines)
    return kept


def _join_lines(lines: list[tuple[str, float, float]], pages) -> str:
    """A full line that does not end a sentence goes on in the next line, across a page break too."""
    left = min((x0 for page in pages for _t, x0, _x1 in page), default=0)
    right = max((x1 for page in pages for _t, _x0, x1 in page), default=0)
    width = right - left
    out: list[str] = []
    for i, (text, x0, x1) in enumerate(lines):
        out.append(text)
        full = width > 0 and (x1 - left) >= FULL_LINE * width
        if i + 1 < len(lines) and full and not text.endswith(tuple(SENTENCE_END)):
            continue
        out.append("\n")
    return "".join(out)


# ------------------------------------------------------------------ refused

def _refuser(what: str, how: str) -> Callable[[bytes, str], ReadText]:
    def refuse_file(raw: bytes, name: str) -> ReadText:
        raise FormatError(f"{name}: {what} ({PurePath(name).suffix.lower()}) is not read: {how}")
    return refuse_file


SPREADSHEET = _refuser("a spreadsheet", "save the sheet's text as .txt or .html, or paste the plan into a .docx")
PRESENTATION = _refuser("a slide deck", "export it as PDF with its text, or as .txt")
IMAGE = _refuser("an image", "it needs OCR first; build the recognised text as .txt")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

READERS: dict[str, Reader] = {
    ".txt": Reader("text/plain", _read_text),
    ".text": Reader("text/plain", _read_text),
    ".md": Reader("text/markdown", _read_text),
    ".html": Reader("text/html", _read_html),
    ".htm": Reader("text/html", _read_html),
    ".shtml": Reader("text/html", _read_html),
    ".docx": Reader(DOCX, _read_docx),
    ".doc": Reader("application/msword", _read_legacy_word),
    ".wps": Reader("application/vnd.ms-works", _read_legacy_word),
    ".pdf": Reader("application/pdf", _read_pdf),
}
REFUSED: dict[str, Callable[[bytes, str], ReadText]] = {
    **dict.fromkeys((".xlsx", ".xls", ".et", ".csv"), SPREADSHEET),
    **dict.fromkeys((".pptx", ".ppt", ".dps"), PRESENTATION),
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp"), IMAGE),
}
SUPPORTED = frozenset(READERS)
MAGIC = ((b"%PDF-", ".pdf"), (b"PK\x03\x04", ".docx"), (b"\xd0\xcf\x11\xe0", ".doc"))


def reader_for(name: str) -> Reader:
    """The reader of a file name's suffix; a name with another suffix is read as text."""
    return READERS.get(PurePath(name).suffix.lower(), READERS[".txt"])


def refuse(name: str) -> str | None:
    """The one-line message for a format we know and do not read, or None."""
    refuser = REFUSED.get(PurePath(name).suffix.lower())
    if refuser is None:
        return None
    try:
        refuser(b"", name)
    except FormatError as exc:
        return str(exc)
    return None


def extract_text(raw: bytes, name: str) -> tuple[ReadText, str]:
    """(what the file says, its format's MIME type); FormatError for a format we cannot read."""
    suffix = PurePath(name).suffix.lower()
    if suffix in REFUSED:
        REFUSED[suffix](raw, name)
    if suffix not in READERS:               # a download without a suffix: its first bytes tell
        suffix = next((s for magic, s in MAGIC if raw.startswith(magic)), suffix)
    reader = READERS.get(suffix, READERS[".txt"])
    return reader.read(raw, name), reader.format
