"""The sample corpus generator: deterministic output, contract-shaped expected.json."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pdfplumber
import pytest

from samples.generator import __main__ as gen
from samples.generator import canon, export

SPECS = [gen.load(p) for p in gen.spec_paths() if not p.name.startswith("_")]
IDS = [s["id"] for s in SPECS]
BY_ID = {s["id"]: s for s in SPECS}

ROW_KEYS = {"region", "region_as_printed", "values", "is_total", "notes"}
TABLE_KEYS = {"attachment", "title", "unit", "columns", "rows"}
TARGET_KEYS = {"attachment", "kind", "year", "region", "region_as_printed", "project", "unit",
               "funds", "indicators", "layout_repaired"}
INDICATOR_KEYS = {"level1", "level2", "name", "value", "target", "period"}


def _expected(spec: dict) -> dict:
    return json.loads((gen.out_dir(spec) / "expected.json").read_text(encoding="utf-8"))


def test_corpus_has_seeds_and_variants() -> None:
    assert {"seed000", "seed002"} <= set(IDS)
    assert len([i for i in IDS if i.startswith("v")]) >= 12


@pytest.mark.parametrize("sample_id", ["seed000", "v04_xiangxi_agriculture"])
def test_regeneration_is_byte_identical(sample_id: str, tmp_path: Path) -> None:
    spec = gen.load(next(p for p in gen.spec_paths() if gen.load(p)["id"] == sample_id))
    pdf, text, _ = gen.generate(spec, dest=tmp_path)
    committed = gen.out_dir(spec)
    assert pdf == (committed / "notice.pdf").read_bytes()
    assert text == (committed / "expected.json").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("sample_id", IDS)
def test_every_sample_is_up_to_date(sample_id: str, tmp_path: Path) -> None:
    spec = gen.load(next(p for p in gen.spec_paths() if gen.load(p)["id"] == sample_id))
    pdf, text, _ = gen.generate(spec, dest=tmp_path)
    assert hashlib.sha256(pdf).hexdigest() == hashlib.sha256(
        (gen.out_dir(spec) / "notice.pdf").read_bytes()).hexdigest()


@pytest.mark.parametrize("sample_id", IDS)
def test_expected_json_has_the_contract_shape(sample_id: str) -> None:
    data = _expected(BY_ID[sample_id])
    assert set(data) == set(export.CONTRACT_KEYS) | set(export.EXTRA_KEYS)
    assert data["schema"] == "notice/1"
    assert set(data["source"]) == {"file", "sha256", "pages", "text_source"}
    for table in data["allocation_tables"]:
        assert set(table) == TABLE_KEYS
        for row in table["rows"]:
            assert set(row) == ROW_KEYS
            assert len(row["values"]) == len(table["columns"])
    for table in data["target_tables"]:
        extra = {"funds_midterm", "options"} if table["kind"] == "project" else set()
        assert set(table) == TARGET_KEYS | extra
        for ind in table["indicators"]:
            assert set(ind) == INDICATOR_KEYS
            assert ind["period"] in ("annual", "midterm")
    for flag in data["flags"]:
        assert set(flag) == {"code", "severity", "page"}
        assert 1 <= flag["page"] <= data["source"]["pages"]
    for key in ("issue_date", "print_date"):
        assert data[key] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", data[key])
    if data["doc_number"] is not None:
        assert re.fullmatch(r".+〔\d{4}〕\d+号", data["doc_number"])


@pytest.mark.parametrize("sample_id", IDS)
def test_pdf_matches_its_source_block_and_shows_the_doc_number(sample_id: str) -> None:
    spec = BY_ID[sample_id]
    data = _expected(spec)
    path = gen.out_dir(spec) / "notice.pdf"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == data["source"]["sha256"]
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == data["source"]["pages"]
        first = canon.strip_ws(pdf.pages[0].extract_text() or "")
    printed = spec["head"].get("doc_number")
    if printed:
        assert canon.strip_ws(printed) in first
    assert canon.strip_ws(data["title"])[:10] in first


def test_seed000_truth() -> None:
    data = _expected(BY_ID["seed000"])
    assert data["issuers"] == ["新疆库尔勒经济技术开发区财政局"]
    assert data["signatories"] == ["库尔勒经济技术开发区财政局"]
    assert data["issue_date"] == "2020-07-03"
    assert data["attachments_listed"] == [{"number": None, "title": "困难群众救助补助资金（参照直达）"}]
    (table,) = data["target_tables"]
    assert table["funds"] == {"total": 8, "breakdown": {"财政拨款": 0, "其他资金": 0}}
    assert table["options"] == {"项目类型": "民生保障", "绩效分配方式": "据实据效"}
    assert [f["code"] for f in data["flags"]] == ["FUNDS_BREAKDOWN_MISMATCH"] * 2


def test_seed002_truth() -> None:
    data = _expected(BY_ID["seed002"])
    rows = data["allocation_tables"][0]["rows"]
    assert rows[0]["region"] == "昌吉回族自治州" and rows[0]["is_total"]
    assert rows[2]["values"] == [831, 851, -20]
    tables = data["target_tables"]
    assert [t["region"] for t in tables][-1] == "木垒哈萨克自治县"
    assert [len(t["indicators"]) for t in tables] == [16, 17, 17, 17, 17, 17, 17, 16]
    assert [t["layout_repaired"] for t in tables] == [True, False, True, True, True, True, True, True]
    reference = tables[1]["indicators"]  # 玛纳斯县, printed correctly
    for t in tables:
        names = {i["name"]: (i["level1"], i["level2"]) for i in t["indicators"]}
        assert all(names[n] == (i["level1"], i["level2"]) for i in reference if (n := i["name"]) in names)
    assert data["forms"] == [{"attachment": 4, "title": "自治区财政资金使用跟踪反馈表"}]
    codes = {f["code"] for f in data["flags"]}
    assert {"ATTACHMENT_NUMBERING", "NEGATIVE_ALLOCATION", "REGION_ALIAS",
            "INDICATOR_SET_DIFFERS", "INDICATOR_LAYOUT_REPAIRED"} <= codes


def test_seal_adds_no_text() -> None:
    path = gen.out_dir(BY_ID["seed002"]) / "notice.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[2]
        assert page.images, "the seal is a raster image"
        text = canon.strip_ws(page.extract_text() or "")
    assert text.count("昌吉回族自治州财政局") == 2  # 署名 and 印发机关, not the seal


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("栾财社[2021]45号", "栾财社〔2021〕45号"), ("东财发〔2024156号", "东财发〔2024〕156号"),
     ("雷财社〔2021〕230 号", "雷财社〔2021〕230号"), ("州财农（2020）23号", "州财农〔2020〕23号"),
     ("景财社﹝2022﹞56号", "景财社〔2022〕56号"), ("昭财社【2023】17号", "昭财社〔2023〕17号"),
     ("国务院令第649号", "国务院令第649号")],
)
def test_doc_number_canonical(raw: str, canonical: str) -> None:
    assert canon.doc_number(raw) == canonical


def test_dates() -> None:
    assert canon.date("二〇二二年六月七日") == "2022-06-07"
    assert canon.date("2020年07月03日") == "2020-07-03"
    assert canon.date("二〇二三年三月十五日") == "2023-03-15"


@pytest.mark.parametrize("sample_id", IDS)
def test_text_layer_round_trips_the_body(sample_id: str) -> None:
    """Every body paragraph, the title and the dates come back from pdfplumber."""
    spec = BY_ID[sample_id]
    with pdfplumber.open(gen.out_dir(spec) / "notice.pdf") as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    lines = [ln for page in pages for ln in page.splitlines() if not re.fullmatch(r"— \d+ —", ln)]
    text = canon.strip_ws("".join(lines))
    for para in spec["body"]:
        assert canon.strip_ws(para.replace("⏎", "")) in text
    assert canon.strip_ws("".join(spec["title_lines"])) in text
    assert canon.strip_ws(spec["signature"]["date_printed"]) in text
