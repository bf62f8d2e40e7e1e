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
    spec = BY_ID[sample_id]
    pdf, text, _ = gen.generate(spec, dest=tmp_path)
    committed = gen.out_dir(spec)
    assert pdf == (committed / "notice.pdf").read_bytes()
    assert text == (committed / "expected.json").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("sample_id", IDS)
def test_every_sample_is_up_to_date(sample_id: str, tmp_path: Path) -> None:
    spec = BY_ID[sample_id]
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


# --- real-world layouts (issue 10, corpus part A) --------------------------------------------

W_IDS = [i for i in IDS if i.startswith("w")]
LAYOUT_KINDS = ("joint_signature", "column_groups", "subtotal_columns", "money_and_targets",
                "imprint", "project_rows")


def _words(sample_id: str, page: int) -> list[dict]:
    with pdfplumber.open(gen.out_dir(BY_ID[sample_id]) / "notice.pdf") as pdf:
        return pdf.pages[page].extract_words(keep_blank_chars=False, use_text_flow=True)


def _find(words: list[dict], text: str) -> dict:
    hits = [w for w in words if w["text"] == text]
    assert len(hits) == 1, (text, [w["text"] for w in words])
    return hits[0]


def test_every_real_world_layout_has_two_samples() -> None:
    assert len(W_IDS) >= 14
    for kind in LAYOUT_KINDS:
        assert len([i for i in W_IDS if kind in BY_ID[i].get("layouts", [])]) >= 2, kind
    for i in W_IDS:
        assert set(BY_ID[i]["layouts"]) <= {*LAYOUT_KINDS, "regions_as_columns"}


@pytest.mark.parametrize("sample_id", ["w02_fuqing_health", "w09_guangdong_rice", "w13_qingshan_schools"])
def test_new_layouts_regenerate_byte_identical(sample_id: str, tmp_path: Path) -> None:
    pdf, text, _ = gen.generate(BY_ID[sample_id], dest=tmp_path)
    committed = gen.out_dir(BY_ID[sample_id])
    assert pdf == (committed / "notice.pdf").read_bytes()
    assert text == (committed / "expected.json").read_text(encoding="utf-8")


def test_side_by_side_signature_is_one_line_at_uneven_heights() -> None:
    spec = BY_ID["w01_yiyang_disaster"]
    words = _words("w01_yiyang_disaster", 1)
    a, b = (_find(words, n) for n in spec["signature"]["names"])
    assert a["x1"] < b["x0"], "the second name sits right of the first"
    assert b["top"] - a["top"] == pytest.approx(-3, abs=0.5)  # dy: second name 3 pt higher
    date = _find(words, spec["signature"]["date_printed"])
    assert date["top"] > max(a["bottom"], b["bottom"])


def test_tight_stack_is_one_line_apart_and_offset() -> None:
    spec = BY_ID["w05_suining_health"]
    words = _words("w05_suining_health", 1)
    a, b = (_find(words, n) for n in spec["signature"]["names"])
    assert b["top"] - a["top"] == pytest.approx(28 + 2, abs=0.5)
    assert (b["x0"] + b["x1"]) / 2 - (a["x0"] + a["x1"]) / 2 == pytest.approx(-6, abs=0.5)


def _grid_regions(sample_id: str, page: int, groups: int, region_col: int) -> list[str]:
    """Region cells of a column-group table, unfolded top to bottom then left to right."""
    with pdfplumber.open(gen.out_dir(BY_ID[sample_id]) / "notice.pdf") as pdf:
        (table,) = pdf.pages[page].extract_tables()
    width = len(table[0]) // groups
    out = []
    for g in range(groups):
        for r in table[1:]:  # a 合计 label merged over 序号 and the region cell sits in the first
            cells = r[g * width : g * width + region_col + 1]
            out.append(canon.strip_ws(cells[-1] or next((c for c in cells if c), "") or ""))
    return [x for x in out if x]


@pytest.mark.parametrize(("sample_id", "page", "groups", "col"),
                         [("w02_fuqing_health", 2, 3, 0), ("w09_guangdong_rice", 2, 3, 1),
                          ("w11_sichuan_employment", 2, 2, 1), ("w14_jinan_assistance", 2, 2, 1),
                          ("w17_yuhua_health", 2, 2, 0)])
def test_column_groups_read_down_then_across_give_the_rows(sample_id: str, page: int, groups: int,
                                                            col: int) -> None:
    rows = _expected(BY_ID[sample_id])["allocation_tables"][0]["rows"]
    assert _grid_regions(sample_id, page, groups, col) == [r["region_as_printed"] for r in rows]


def test_imprint_as_table_draws_filled_rules_thick_first_and_last() -> None:
    with pdfplumber.open(gen.out_dir(BY_ID["w05_suining_health"]) / "notice.pdf") as pdf:
        page = pdf.pages[1]
        rules = sorted((r for r in page.rects if r["height"] <= 1.2 and r["width"] > 400),
                       key=lambda r: r["top"])
        assert not [ln for ln in page.lines if ln["width"] > 400]
        text = page.extract_text() or ""
    assert [round(r["height"], 1) for r in rules] == [1.0, 0.5, 1.0]
    assert "2020年2月27日印发" in canon.strip_ws(text)


def test_imprint_as_lines_with_keywords_and_cc_report() -> None:
    spec = BY_ID["w10_shuangpai_lottery"]
    with pdfplumber.open(gen.out_dir(spec) / "notice.pdf") as pdf:
        page = pdf.pages[1]
        rules = [ln for ln in page.lines if ln["width"] > 400]
        text = canon.strip_ws(page.extract_text() or "")
    assert len(rules) == 4  # above 抄报, between 抄报/抄送 and 抄送/印发, below
    assert text.index("主题词") < text.index("抄报：市民政局") < text.index("抄送：") < text.index("2019年10月9日印")
    data = _expected(spec)
    assert data["cc"] == "县审计局、县监察局、县财政局" and data["print_date"] == "2019-10-09"


def test_merged_region_cell_is_printed_once_over_its_projects() -> None:
    data = _expected(BY_ID["w06_yueyang_towns"])
    rows = data["allocation_tables"][0]["rows"]
    assert [r["region"] for r in rows].count("君山区") == 3
    assert all(r["notes"]["实施单位"] for r in rows if not r["is_total"])
    text = canon.strip_ws(" ".join(w["text"] for w in _words("w06_yueyang_towns", 2)))
    assert text.count("君山区") == 1


def test_money_and_targets_gives_allocation_rows_and_one_target_table_per_member() -> None:
    data = _expected(BY_ID["w04_zhaoqing_agriculture"])
    (table,) = data["allocation_tables"]
    members = [r for r in table["rows"] if not r["is_total"]]
    assert table["columns"] == ["金额"] and all("主要任务" in r["notes"] for r in members)
    assert [(t["region"], t["funds"]["total"]) for t in data["target_tables"]] == [
        (r["region"], r["values"][0]) for r in members]
    first = data["target_tables"][0]["indicators"]
    assert [(i["level1"], i["level2"]) for i in first] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("满意度指标", "服务对象满意度指标")]
    assert {t["attachment"] for t in data["target_tables"]} == {table["attachment"]}


def test_long_money_and_targets_table() -> None:
    data = _expected(BY_ID["w13_qingshan_schools"])
    (target,) = data["target_tables"]
    assert target["region"] == "化工区学校" and target["funds"]["total"] == 16
    assert len(target["indicators"]) == 9
    assert (target["indicators"][5]["level1"], target["indicators"][5]["level2"]) == ("产出指标", "成本指标")
    assert [r["region"] for r in data["allocation_tables"][0]["rows"]] == ["化工区学校", "合计"]


def test_subtotal_column_is_named_after_its_group_and_adds_up() -> None:
    data = _expected(BY_ID["w08_huangshi_assistance"])
    (table,) = data["allocation_tables"]
    cols = table["columns"]
    sub, parts = cols.index("省级社会救助资金小计"), [cols.index("一般公共预算"), cols.index("福彩公益金")]
    for r in table["rows"]:
        v = r["values"]
        assert v[sub] == sum(v[p] for p in parts)
        assert v[0] == v[1] + v[sub] + v[cols.index("省级农村低保、五保精准扶贫资金")]


def test_regions_as_columns_give_one_target_table_per_region() -> None:
    spec = BY_ID["w07_longyan_ethnic"]
    (att,) = [a for a in spec["attachments"] if a["kind"] == "target_matrix"]
    tables = _expected(spec)["target_tables"]
    assert [t["region"] for t in tables] == att["regions"]
    assert all(t["funds"]["total"] is None and t["attachment"] == 2 for t in tables)
    assert [i["value"] for i in tables[1]["indicators"]][:2] == ["3", ">=95%"]
    assert tables[1]["indicators"][1]["target"] == {"op": ">=", "number": 95, "unit": "%"}
    with pdfplumber.open(gen.out_dir(spec) / "notice.pdf") as pdf:
        (table,) = pdf.pages[-1].extract_tables()
    header = next(r for r in table if r[-1] == att["regions"][-1])
    assert header[4:] == att["regions"]


def test_long_table_merges_school_and_amount_over_its_target_lines() -> None:
    spec = BY_ID["w13_qingshan_schools"]
    with pdfplumber.open(gen.out_dir(spec) / "notice.pdf") as pdf:
        (table,) = pdf.pages[-1].extract_tables()
    body = table[1:]
    targets = spec["attachments"][0]["rows"][0]["targets"]
    assert [canon.strip_ws(r[4] or "") for r in body[: len(targets)]] == [t[0] for t in targets]
    assert [r[0] for r in body[: len(targets)]].count("化工区学校") == 1  # merged: printed once
    assert [r[1] for r in body[: len(targets)]].count("16") == 1
    assert canon.strip_ws(body[-1][0] or "") == "合计"


def test_a_print_row_too_long_for_one_line_sets_its_date_a_line_lower() -> None:
    """A long 印发机关 and a date in Chinese numerals would overlap on one line (the text layer then
    reads 办公二室○二四年…): the date wraps to a line of its own, as Word sets it."""
    from samples.generator.closing import print_row_lines

    assert print_row_lines("中共霍邱县委农村工作领导小组办公室", "二○二四年十二月二十七日印发", 442.0) == 2
    assert print_row_lines("霍邱县财政局办公室", "2024年12月27日印发", 442.0) == 1
