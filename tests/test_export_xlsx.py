"""kg export --format xlsx: one workbook that Excel, WPS and LibreOffice open, read back with openpyxl."""
import shutil
import subprocess

import pytest
from rdflib import RDF

from kg.cli import main
from kg.rdf.vocab import HP

openpyxl = pytest.importorskip("openpyxl")

SHEETS = ["plans", "initiatives", "targets", "evidence", "documents"]


@pytest.fixture(scope="module")
def workbook(seeds_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "kg.xlsx"
    assert main(["export", "--format", "xlsx", "--data", str(seeds_build / "kg.ttl"), "--out", str(out)]) == 0
    return out


def rows(sheet):
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_the_workbook_has_the_sheets_with_frozen_headers_and_filters(workbook):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == SHEETS
    for sheet in book:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])


def test_row_counts_match_the_graph(workbook, seeds_graph):
    book = openpyxl.load_workbook(workbook)
    count = lambda cls: len(set(seeds_graph.subjects(RDF.type, cls)))
    assert len(rows(book["plans"])) == count(HP.Plan)
    assert len(rows(book["initiatives"])) == count(HP.Initiative)
    assert len(rows(book["targets"])) == count(HP.Target)
    assert len(rows(book["documents"])) == count(HP.Document)
    assert len(rows(book["evidence"])) >= len(set(seeds_graph.subjects(HP.quote, None)))


def test_numbers_are_numbers_and_every_target_has_its_sentence(workbook):
    book = openpyxl.load_workbook(workbook)
    targets = rows(book["targets"])
    assert all(isinstance(r["value"], (int, float)) and isinstance(r["plan_year"], int) for r in targets)
    assert all(r["quote"] in r["sentence"] and r["document"].endswith(".txt") for r in targets)
    beijing = [r for r in targets if r["region"] == "北京市" and r["value"] == 70 and r["unit"] == "%"]
    assert beijing and "精神(心理)卫生门诊" in beijing[0]["sentence"]
    for r in rows(book["evidence"]):
        assert isinstance(r["start"], int) and r["sentence"][r["start"] - r["sentence_start"]:][:len(r["quote"])] == r["quote"]
    plans = rows(book["plans"])
    assert all(isinstance(r["initiatives"], int) for r in plans)


def test_theme_labels_are_in_one_language(workbook):
    themes = {r["themes"] for r in rows(openpyxl.load_workbook(workbook)["initiatives"]) if r["themes"]}
    assert themes and not any(ch.isascii() and ch.isalpha() for t in themes for ch in t)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_libreoffice_converts_the_workbook(workbook, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(workbook)],
                   check=True, capture_output=True, timeout=120)
    assert (tmp_path / "kg.csv").read_text(encoding="utf-8", errors="replace").startswith("region,")
