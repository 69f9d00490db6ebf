"""One written document as .txt, .html (in a government site's frame), .docx (with a table) and .pdf (with
a Chinese font, running header, page numbers and a page break inside a sentence) gives the same facts; the
other formats and encodings each read right or give their one-line message."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from kg.extract.pipeline import extract_document
from kg.read.corpus import InputError, clean_text, decode, document_from_bytes, find_files, skipped_line

TITLE = "安徽省卫生健康委员会关于印发2025年全省卫生健康工作要点的通知"
NUMBER = "皖卫办〔2025〕12号"
PARAGRAPHS = [
    "各市卫生健康委，省直有关单位：",
    "2025年全省卫生健康工作要以推进健康安徽建设为主线，深入实施医疗卫生强基工程，持续推广三明医改经验，"
    "扎实开展儿科和精神卫生服务年行动，全面提升基层医疗卫生服务能力，着力解决群众看病就医的急难愁盼问题。",
    "到2025年底，二级以上综合医院精神(心理)卫生门诊达到70%以上，紧密型县域医共体建设实现县域全覆盖，"
    "每千人口执业(助理)医师数达到3.6人，基层医疗卫生机构诊疗量占比稳定在60%以上。",
    "各地要加强组织领导，细化任务分工，确保各项工作落到实处。",
]
ROWS = [("指标", "目标值"), ("二级以上综合医院儿科门诊覆盖率", "100%")]
ISSUER = "安徽省卫生健康委员会"
DATE = "2025年3月12日"


def as_txt() -> bytes:
    lines = [TITLE, NUMBER, *PARAGRAPHS, *(" | ".join(r) for r in ROWS), ISSUER, DATE]
    return ("\n".join(lines) + "\n").encode("utf-8")


def as_html() -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    table = "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in ROWS) + "</table>"
    related = "".join(f"<li><a href='/n/{i}'>{t}</a></li>" for i, t in enumerate(
        ["省卫生健康委召开全省医疗质量安全工作会议", "国家卫生健康委发布2024年卫生健康事业发展统计公报",
         "关于开展2025年度健康促进县评估工作的通知"]))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{TITLE}_通知公告_安徽省卫生健康委员会</title>
<meta name="ArticleTitle" content="{TITLE}"><meta name="PubDate" content="2025-03-14 09:30">
<meta name="ContentSource" content="安徽省卫生健康委员会办公室"></head><body>
<div class="top"><a href="/">无障碍</a> <a href="/">长者模式</a> <a href="/">English</a></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/jg">机构概况</a></li><li><a href="/zw">政务公开</a></li>
<li><a href="/bs">办事服务</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 通知公告</div>
<div class="article"><h1>{TITLE}</h1>
<div class="info">发布时间：2025-03-14 来源：办公室 浏览次数：1024 字号：【大 中 小】 【打印】【关闭】</div>
<div class="content"><p>{NUMBER}</p>{body}{table}<p>{ISSUER}</p><p>{DATE}</p></div></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
<div class="footer"><p>主办单位：安徽省卫生健康委员会 地址：合肥市包河区</p><p>版权所有 皖ICP备05000000号-1 网站标识码3400000032</p></div>
</body></html>"""
    return page.encode("utf-8")


def as_docx() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = TITLE
    for line in (TITLE, NUMBER, *PARAGRAPHS):
        document.add_paragraph(line)
    table = document.add_table(rows=len(ROWS), cols=2)
    for i, row in enumerate(ROWS):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    document.add_paragraph(ISSUER)
    document.add_paragraph(DATE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def as_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("needs fonts-wqy-microhei")

    class Pdf(fpdf.FPDF):
        def header(self):
            self.set_font("wqy", size=9)
            self.cell(0, 6, "安徽省卫生健康委员会文件", align="C")
            self.ln(10)

        def footer(self):
            self.set_y(-15)
            self.set_font("wqy", size=9)
            self.cell(0, 6, f"- {self.page_no()} -", align="C")

    pdf = Pdf()
    pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
    pdf.add_page()
    pdf.set_font("wqy", size=12)
    for line in (TITLE, NUMBER, *PARAGRAPHS[:2]):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.h - pdf.b_margin - 9)          # one line left on the page: the next sentence breaks across it
    for line in (*PARAGRAPHS[2:], *(" | ".join(r) for r in ROWS), ISSUER, DATE):
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


MAKERS = {".txt": as_txt, ".html": as_html, ".docx": as_docx, ".pdf": as_pdf}


def facts(doc) -> tuple:
    plans = extract_document(doc)
    return tuple(sorted((p.plan.region_name, p.plan.year,
                         tuple(sorted(f.mention.name for f in p.initiatives)),
                         tuple(sorted((f.mention.indicator, f.mention.value, f.mention.unit) for f in p.targets)))
                        for p in plans))


@pytest.fixture(scope="module")
def documents():
    return {suffix: document_from_bytes(f"要点{suffix}", make()) for suffix, make in MAKERS.items()}


def test_every_format_gives_the_same_facts(documents):
    expected = facts(documents[".txt"])
    assert expected and expected[0][0] == "安徽省" and expected[0][2] and expected[0][3]
    for suffix, doc in documents.items():
        assert facts(doc) == expected, suffix


def test_every_quote_equals_the_kept_text_at_its_offsets(documents):
    for doc in documents.values():
        for plan in extract_document(doc):
            for ev in [plan.header, *(f.evidence for f in plan.initiatives), *(f.evidence for f in plan.targets)]:
                assert doc.text[ev.start:ev.end] == ev.quote


def test_the_site_frame_is_dropped_and_the_table_read_as_rows(documents):
    html = documents[".html"].text
    for debris in ("首页", "当前位置", "分享到", "相关链接", "版权所有", "浏览次数"):
        assert debris not in html
    assert "二级以上综合医院儿科门诊覆盖率 | 100%" in html
    assert "二级以上综合医院儿科门诊覆盖率 | 100%" in documents[".docx"].text


def test_pdf_lines_are_joined_and_page_furniture_dropped(documents):
    text = documents[".pdf"].text
    assert "安徽省卫生健康委员会文件" not in text and "- 1 -" not in text
    for paragraph in PARAGRAPHS:
        assert paragraph in text.splitlines()        # across its line breaks and the page break


def test_metadata_of_each_format(documents):
    for suffix, doc in documents.items():
        meta = dict(doc.meta)
        assert meta["title"] == TITLE and meta["number"] == NUMBER, suffix
        assert meta["creator"] == ISSUER and meta["created"] == "2025-03-12", suffix
    assert dict(documents[".html"].meta)["published"] == "2025-03-14"
    assert documents[".pdf"].format == "application/pdf"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5", "utf-16-le", "utf-16-be", "utf-16"])
def test_encodings_are_detected(encoding):
    text = "\n".join([TITLE, *PARAGRAPHS])
    if encoding == "big5":
        import opencc
        text = opencc.OpenCC("s2tw").convert(text)
    decoded, _ = decode(text.encode(encoding), "x.txt")
    assert decoded == text


def test_radical_forms_spaces_and_zero_width_characters_are_normalised():
    raw = "⻓三⻆一体化，江⻄省\u00a0实施\u200b医疗卫生强基工程。"
    doc = document_from_bytes("x.txt", raw.encode("utf-8"))
    clean = clean_text(doc)
    assert clean.text == "长三角一体化,江西省 实施医疗卫生强基工程。"
    start = clean.text.index("医疗")
    s, e = clean.to_original(start, start + 8)
    assert doc.text[s:e] == "医疗卫生强基工程"


def _message(name: str, raw: bytes) -> str:
    with pytest.raises(InputError) as exc:
        document_from_bytes(name, raw)
    message = str(exc.value)
    assert "\n" not in message and message.startswith(name)
    return message


def test_formats_we_cannot_read_say_so_in_one_line(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    assert "LibreOffice" in _message("旧.doc", b"\xd0\xcf\x11\xe0" + bytes(600))
    assert "LibreOffice" in _message("旧.wps", b"\xd0\xcf\x11\xe0" + bytes(600))
    assert "spreadsheet" in _message("表.xlsx", b"PK\x03\x04" + bytes(60))


def test_a_scanned_pdf_needs_ocr():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")          # a picture of a page: no text layer
    assert "OCR" in _message("扫描件.pdf", bytes(pdf.output()))


def test_a_folder_lists_what_it_skips(tmp_path):
    (tmp_path / "a.txt").write_bytes(as_txt())
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    (tmp_path / "c.xlsx").write_bytes(b"PK")
    (tmp_path / "d.jpg").write_bytes(b"\xff\xd8")
    files, others = find_files([tmp_path])
    assert [p.name for p in files] == ["a.txt"]
    assert skipped_line(others) == "3 files of other formats: 2 .xlsx, 1 .jpg"


def test_a_folder_of_every_format_builds_keeps_its_texts_and_every_quote_checks(tmp_path, capsys):
    import hashlib
    import re

    from kg.cli import main

    folder, out = tmp_path / "docs", tmp_path / "out"
    folder.mkdir()
    for suffix, make in MAKERS.items():
        (folder / f"要点{suffix}").write_bytes(make())
    (folder / "统计表.xlsx").write_bytes(b"PK\x03\x04")
    assert main(["build", str(folder), "--out", str(out)]) == 0
    assert "skipped 1 file of other formats: 1 .xlsx" in capsys.readouterr().err
    ttl = (out / "kg.ttl").read_text(encoding="utf-8")
    hashes = set(re.findall(r'hp:textSha256 "([0-9a-f]{64})"', ttl))
    kept = {hashlib.sha256((out / "texts" / f"要点{s}.txt").read_bytes()).hexdigest() for s in MAKERS}
    assert hashes == kept and len(list((out / "texts").iterdir())) == 4     # here all four read as one text
    for term in ('dcterms:identifier "皖卫办〔2025〕12号"', 'dcterms:creator "安徽省卫生健康委员会"',
                 '"2025-03-12"^^xsd:date', '"2025-03-14"^^xsd:date', 'dcterms:format "application/pdf"'):
        assert term in ttl
    assert main(["validate", str(out / "kg.ttl"), "--sources", str(folder)]) == 0
    report = capsys.readouterr().out
    checked = re.search(r"(\d+) of (\d+) evidence quotes equal", report)
    assert checked and checked[1] == checked[2] and int(checked[1]) > 0
    assert main(["query", "documents", "--data", str(out / "kg.ttl"), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert len(rows) == 5 and all(TITLE in row and NUMBER in row for row in rows[1:])


def test_a_later_build_keeps_only_the_texts_of_its_documents(tmp_path):
    from kg.cli import main

    folder, out = tmp_path / "docs", tmp_path / "out"
    folder.mkdir()
    (folder / "a.txt").write_bytes(as_txt())
    (folder / "b.html").write_bytes(as_html())
    assert main(["build", str(folder), "--out", str(out), "--quiet"]) == 0
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["a.txt.txt", "b.html.txt"]
    (folder / "b.html").unlink()
    assert main(["build", str(folder), "--out", str(out), "--quiet", "--store", str(tmp_path / "db")]) == 0
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["a.txt.txt"]


def test_a_pdf_whose_text_layer_has_radical_forms_reads_as_ordinary_characters():
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("needs fonts-wqy-microhei")
    pdf = fpdf.FPDF()
    pdf.set_compression(False)
    pdf.add_font("wqy", fname=str(FONT), collection_font_number=0)
    pdf.add_page()
    pdf.set_font("wqy", size=12)
    pdf.multi_cell(0, 8, "2025年江西省推进长三角医疗卫生一体化，实施医疗卫生强基工程。")
    raw = bytes(pdf.output())
    # as in real files, the glyphs are the ordinary characters and the text layer maps them to radical forms:
    # 西 U+897F as ⻄ U+2EC4, 长 U+957F as ⻓ U+2ED3, 角 U+89D2 as ⻆ U+2EC6 (same length: offsets hold)
    for plain, radical in ((b"<897F>", b"<2EC4>"), (b"<957F>", b"<2ED3>"), (b"<89D2>", b"<2EC6>")):
        assert raw.count(plain) == 1
        raw = raw.replace(plain, radical)
    doc = document_from_bytes("江西.pdf", raw)
    assert "江⻄省推进⻓三⻆" in doc.text                        # the kept text is what the PDF says
    clean = clean_text(doc)
    assert "江西省推进长三角医疗卫生一体化" in clean.text
    start = clean.text.index("长三角")
    s, e = clean.to_original(start, start + 3)
    assert doc.text[s:e] == "⻓三⻆"


def test_a_doc_file_is_converted_through_libreoffice_when_it_is_installed(tmp_path, monkeypatch):
    """A stand-in soffice on the PATH answers as LibreOffice does: --convert-to docx --outdir DIR FILE."""
    converted = tmp_path / "converted.docx"
    converted.write_bytes(as_docx())
    soffice = tmp_path / "bin" / "soffice"
    soffice.parent.mkdir()
    soffice.write_text('#!/bin/sh\n'
                       'for last; do :; done\n'
                       'while [ "$1" != "--outdir" ]; do shift; done\n'
                       f'cp "{converted}" "$2/$(basename "${{last%.*}}").docx"\n', encoding="utf-8")
    soffice.chmod(0o755)
    monkeypatch.setenv("PATH", f"{soffice.parent}:{os.environ['PATH']}")
    doc = document_from_bytes("旧.doc", b"\xd0\xcf\x11\xe0" + bytes(600))
    assert doc.format == "application/msword" and facts(doc) == facts(document_from_bytes("要点.txt", as_txt()))
