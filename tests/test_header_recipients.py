"""The 主送 by line geometry: a run of organ names at the left margin ending in ``：``, however many
lines it wraps over (each town's own offices named), never a body paragraph that ends in ``：``."""

from __future__ import annotations

from parsers.notice import parse_notice
from pipeline.core.model import Notice
from tests.layoutbuilder import layout, line

BODY = "现将有关资金下达给你们，请按规定使用。"
LONG = ["甲高新区（甲镇）城乡发展局、财政和资产管理局，乙高新区（乙镇）、丙镇农村工作",
        "局、财政和资产管理局，丁镇、戊镇农村工作和建设局、财政分局，己镇农村工作办公室",
        "，庚街道、辛街道城乡工作办公室、财政和资产管理办公室，壬镇农村工作和建设局、财",
        "政分局，癸镇农村工作办公室，子街道城乡工作办公室、财政和资产管理办公室，丑镇人",
        "民政府："]


def _notice(rec: list[str], last_full: bool = False) -> Notice:
    blocks = [line("某某区财政局文件", 80, align="centre", size=40, red=True),
              line("某财农〔2023〕9号", 160, align="centre"),
              line("关于下达某某奖励资金的通知", 220, align="centre", size=22)]
    y = 270.0
    for k, t in enumerate(rec):
        full = k < len(rec) - 1 or last_full
        blocks.append(line(t, y, align="full" if full else "left"))
        y += 28
    for k in range(6):
        blocks.append(line(BODY * 2, y + 28 * k, align="full", indent=32 if k == 0 else 0.0))
    return parse_notice(layout(*blocks))


def test_a_recipient_list_over_five_wrapped_lines() -> None:
    n = _notice(LONG)
    assert n.recipients is not None and n.recipients.value == "".join(LONG)[:-1]
    assert n.title is not None and n.title.value == "关于下达某某奖励资金的通知"


def test_a_long_block_whose_lines_do_not_wrap_is_no_recipient_list() -> None:
    # each line stops short of the right margin: separate lines, not one 主送 wrapped
    blocks = [line("某某区财政局文件", 80, align="centre", size=40, red=True),
              line("某财农〔2023〕9号", 160, align="centre"),
              line("关于下达某某奖励资金的通知", 220, align="centre", size=22)]
    blocks += [line(t[:20], 270 + 28 * k) for k, t in enumerate(LONG[:-1])]
    blocks.append(line("民政府：", 270 + 28 * 4))
    n = parse_notice(layout(*blocks))
    assert n.recipients is None


def test_a_flush_paragraph_with_a_sentence_ending_in_a_colon_is_no_recipient_list() -> None:
    para = ["根据有关规定，经研究，现下达某某奖励资金四百五十万元。各镇要按照有关法律法规要求使用",
            "奖励资金，主要用于发展壮大村级集体经济，不得用于发放福利或偿还债务。现将有关事项",
            "通知如下，请各单位认真贯彻落实，确保资金安全、规范、有效使用，切实发挥资金效益，",
            "具体要求如下："]
    n = _notice(para)
    assert n.recipients is None


def test_a_recipient_list_printed_one_group_a_line() -> None:
    groups = ["甲县财政局、农业农村局，", "乙县财政局、农业农村局，", "丙县财政局、农业农村和水利局，",
              "丁县财政局、农业农村局，", "戊县财政局、农业农村局，", "己区财政局、农业农村局："]
    blocks = [line("某某市财政局文件", 80, align="centre", size=40, red=True),
              line("某财农〔2023〕9号", 160, align="centre"),
              line("关于下达某某奖励资金的通知", 220, align="centre", size=22)]
    blocks += [line(t, 270 + 28 * k) for k, t in enumerate(groups)]
    blocks += [line(BODY * 2, 270 + 28 * (6 + k), align="full", indent=32 if k == 0 else 0.0) for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.recipients is not None and n.recipients.value == "".join(groups)[:-1]


def test_a_recipient_line_printed_without_its_colon() -> None:
    # ag04: 各乡镇人民政府、街道办事处 at the margin, the body's first paragraph indented under it
    n = _notice(["各乡镇人民政府、街道办事处"])
    assert n.recipients is not None and n.recipients.value == "各乡镇人民政府、街道办事处"
    # a flush-left line that is a sentence is no 主送
    n = _notice(["现将有关资金下达给你们，请按规定使用"])
    assert n.recipients is None


def test_a_recipient_list_without_its_colon_wrapped_after_a_dunhao() -> None:
    n = _notice(["各乡镇人民政府、", "街道办事处"])
    assert n.recipients is not None and n.recipients.value == "各乡镇人民政府、街道办事处"
