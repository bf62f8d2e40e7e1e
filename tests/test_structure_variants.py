"""Variations real notices print that the mutation harness (samples/mutate.py) found misread."""

from __future__ import annotations

from typing import Any

import pytest

from parsers.allocation import parse_allocation_table
from parsers.amounts import parse_budget_codes
from parsers.targets import classify_table
from pipeline.core.model import Provenance
from tests.tablebuilder import table

P = Provenance()


@pytest.mark.parametrize("amount", ["36,000,000元", "1,234,567.89元", "36,000,000.00元"])
def test_an_amount_with_thousands_separators_is_no_budget_code(amount: str) -> None:
    text = (f"一、预拨你旗奖励资金{amount}，收入列2018年产粮大县奖励资金收入（科目编码：1100225），"
            "支出列入“230转移性支出”。")
    assert [f.value for f in parse_budget_codes(text, P)] == ["1100225", "230"]


def test_codes_listed_with_commas_in_a_subject_sentence_stay() -> None:
    text = "支出列入2080101、2080102，2080199科目。"
    assert [f.value for f in parse_budget_codes(text, P)] == ["2080101", "2080102", "2080199"]


@pytest.mark.parametrize("brackets", ["〔〕", "[]", "［］", "【】", "﹝﹞"])
def test_the_year_of_a_cited_doc_number_is_no_budget_code(brackets: str) -> None:
    o, c = brackets
    text = (f"根据《关于下达资金的通知》（浙财社{o}2020{c}12号），该资金收入列“1100248就业补助收入”科目，"
            "支出列“2081199其他就业补助支出”。")
    assert [f.value for f in parse_budget_codes(text, P)] == ["1100248", "2081199"]


def _rows(grid: list[list[str]], unit_line: str = "单位：元") -> list[tuple[str, bool, dict[str, str]]]:
    t = parse_allocation_table(table(grid), ("某某资金分配表", unit_line), 1)
    return [(r.region, r.is_total, dict(r.notes)) for r in t.rows]


def test_a_project_unit_header_names_the_rows_beside_count_columns() -> None:
    # 项目单位 is an attribute header; the count columns beside it (numbers under a text
    # header) cannot name a row, so the recipients stay in 项目单位
    grid = [["项目单位", "拆除重建（户）", "加固改造（户）", "补助资金"],
            ["罗溪镇", "4", "3", "102,000"], ["春江街道", "2", "1", "46,000"], ["合计", "6", "4", "148,000"]]
    assert classify_table(table(grid), ("某某资金分配表", "单位：元")) == "allocation"
    assert _rows(grid) == [
        ("罗溪镇", False, {"拆除重建（户）": "4", "加固改造（户）": "3"}),
        ("春江街道", False, {"拆除重建（户）": "2", "加固改造（户）": "1"}),
        ("合计", True, {"拆除重建（户）": "6", "加固改造（户）": "4"}),
    ]


def test_a_total_label_printed_in_the_grouping_column_labels_the_row() -> None:
    grid = [["乡镇", "村", "建设任务", "补助资金"],
            ["白塔乡", "百丈村", "供水管网改造", "500,000.00"],
            ["霍口乡", "福湖村", "污水收集", "500,000.00"],
            ["合计", "", "", "1,000,000.00"]]
    assert _rows(grid)[-1] == ("合计", True, {"乡镇": "", "建设任务": ""})


def test_a_title_ending_in_a_remark_stops_at_recipients_wrapped_over_two_lines() -> None:
    from parsers.notice import parse_notice
    from tests.layoutbuilder import layout, line

    blocks = [line("某某市财政局文件", 80, align="centre", size=40, red=True),
              line("某财社〔2017〕141号", 160, align="centre"),
              line("关于下达2017年基本公共卫生服务项目省级", 220, align="centre", size=22),
              line("补助资金的通知（第一批）", 253, align="centre", size=22),
              line("各社区卫生服务中心、", 300),
              line("乡镇卫生院：", 328)]
    for k in range(8):
        blocks.append(line("现将有关资金下达给你们，请按规定使用。" * 2, 356 + 28 * k, align="full",
                           indent=32 if k == 0 else 0.0))
    n = parse_notice(layout(*blocks))
    assert n.title is not None and n.title.value == "关于下达2017年基本公共卫生服务项目省级补助资金的通知（第一批）"
    assert n.recipients is not None and n.recipients.value == "各社区卫生服务中心、乡镇卫生院"


def _closing_notice(lines: list[tuple[str, float, str, float]]) -> Any:
    from parsers.notice import parse_notice
    from tests.layoutbuilder import layout, line

    blocks = [line("某某县财政局文件", 80, align="centre", size=40, red=True),
              line("某财农〔2020〕146号", 160, align="centre"),
              line("关于下达某某资金的通知", 220, align="centre", size=22),
              line("各乡镇：", 270)]
    blocks += [line(t, y, align=a, indent=ind) for t, y, a, ind in lines]
    return parse_notice(layout(*blocks))


def test_a_body_line_starting_with_attachment_numbers_is_not_the_list() -> None:
    full = "现下达某某资金五十万元，同步下达任务清单和绩效目标（详见"
    n = _closing_notice([
        (full, 298, "full", 32.0),
        ("附件1、2）。该项资金用于推进某某项目，请按规定使用。", 326, "left", 0.0),
        ("附件：1.某某资金分配表", 382, "left", 32.0),
        ("2.某某资金绩效目标表", 410, "left", 80.0),
        ("某某县财政局", 500, "right", 0.0),
        ("2020年5月6日", 528, "right", 0.0),
    ])
    assert [(a.number, a.title) for a in n.attachments_listed] == [(1, "某某资金分配表"), (2, "某某资金绩效目标表")]


def test_a_body_table_under_a_subtitle_takes_its_title_from_the_page_before() -> None:
    from dataclasses import replace

    from parsers.body_tables import _caption_lines
    from pipeline.core.model import BBox
    from tests.layoutbuilder import line

    grid = table([["序号", "建设地点", "投资规模"], ["1", "关堤乡", "241.3"]], page=2)
    t = replace(grid, bbox=BBox(80, 120, 500, 180))
    main = (line("三、资金分配情况", 700, indent=32), line("2018年某某扶贫资金分配表", 740, align="centre"),
            line("— 1 —", 780, align="centre"), line("（第二批）", 90, align="centre", page=2))
    assert [ln.text for ln in _caption_lines(main, t)] == [
        "三、资金分配情况", "2018年某某扶贫资金分配表", "（第二批）"]
