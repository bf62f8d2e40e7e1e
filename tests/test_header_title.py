"""The title of a notice by line geometry: centred lines in the title's type, up to the
flush-left 主送 line, however many lines a long title wraps over."""

from __future__ import annotations

from dataclasses import replace

from parsers.notice import parse_notice
from pipeline.checks.notice import check_notice
from pipeline.core.model import Notice
from tests.layoutbuilder import layout, line

BODY = "现将有关资金下达给你们，请按规定使用。"


def _notice(title_lines: list[str], recipients: str = "有关区县财政局：", size: float = 22.0) -> Notice:
    blocks = [line("某某市财政局文件", 80, align="centre", size=40, red=True),
              line("某财农〔2020〕146号", 160, align="centre")]
    y = 220.0
    for t in title_lines:
        blocks.append(line(t, y, align="centre", size=size))
        y += size * 1.5
    blocks.append(line(recipients, y + 16))
    for k in range(8):  # a body: the page's common type size
        blocks.append(line(BODY * 2, y + 44 + 28 * k, align="full", indent=32 if k == 0 else 0.0))
    return parse_notice(layout(*blocks))


def test_a_title_over_five_lines_stops_at_the_recipients() -> None:
    parts = ["某某市财政局关于下达2020年农业可持续发展", "专项", "（畜禽粪污资源化利用整县推进项目和生猪规",
             "模化", "养殖场建设补助项目）资金预算的通知"]
    n = _notice(parts)
    assert n.title is not None and n.title.value == "".join(parts)
    assert n.recipients is not None and n.recipients.value == "有关区县财政局"


def test_a_short_title_and_its_recipients() -> None:
    n = _notice(["关于下达某某资金的通知"])
    assert n.title is not None and n.title.value == "关于下达某某资金的通知"
    assert n.recipients is not None and n.recipients.value == "有关区县财政局"


def test_body_sized_lines_after_four_title_lines_are_not_the_title() -> None:
    parts = ["某某市财政局关于下达2020年", "农业可持续发展专项", "资金预算", "的通知"]
    n = _notice(parts, recipients="各区县：", size=16.0)
    assert n.title is not None and n.title.value == "".join(parts)


def test_a_bare_colon_where_the_recipients_were_is_no_recipient() -> None:
    n = _notice(["关于下达某某资金的通知"], recipients="：")
    assert n.title is not None and n.title.value == "关于下达某某资金的通知"
    assert n.recipients is None


def test_the_doc_numbers_of_joint_issuers_side_by_side() -> None:
    blocks = [line("某某区教育局 文件", 80, align="centre", size=40, red=True),
              line("某某区财政局", 130, align="centre", size=40, red=True),
              line("某教发〔2015〕43号  某财行〔2015〕32号", 190, align="centre"),
              line("关于下达某某资金的通知", 240, align="centre", size=22),
              line("各学校：", 290)]
    blocks += [line(BODY * 2, 320 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.doc_number is not None and n.doc_number.value == "某教发〔2015〕43号"
    assert n.title is not None and n.title.value == "关于下达某某资金的通知"
    assert [r.doc_number for r in n.references] == []


def test_a_public_notice_prints_its_body_right_under_the_title() -> None:
    blocks = [line("某某地区财政局", 80, align="centre", size=30, red=True),
              line("2018年某某补助资金（统筹整合部分）", 150, align="centre", size=22),
              line("分配下达情况公示", 183, align="centre", size=22),
              line("根据《某某办法》（某扶贫发〔2018〕27号）、《某某意见》（某财办〔2018〕", 230, align="full", indent=32),
              line("31号）文件规定，现将分配下达情况公示如下：", 258)]
    blocks += [line(BODY * 2, 290 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.title is not None and n.title.value == "2018年某某补助资金（统筹整合部分）分配下达情况公示"
    assert n.recipients is None
    assert [r.doc_number for r in n.references] == ["某扶贫发〔2018〕27号", "某财办〔2018〕31号"]


def test_a_public_notice_opening_with_a_numbered_item_under_its_title() -> None:
    """A 公示 whose body begins with a short numbered item (一、项目名称：…。): the item is no title
    line, however centred a short indented line looks."""
    blocks = [line("某某县果品产业发展中心", 80, align="centre", size=30, red=True),
              line("某某县果品产业发展中心关于某某县三类户", 150, align="centre", size=22),
              line("干鲜果建园项目的公示", 183, align="centre", size=22),
              line("一、项目名称：某某县三类户干鲜果建园项目。", 230, indent=32)]
    blocks += [line(BODY * 2, 262 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.title is not None and n.title.value == "某某县果品产业发展中心关于某某县三类户干鲜果建园项目的公示"


def test_a_body_line_ending_short_under_a_title_without_recipients() -> None:
    """No 主送 (it went to the 版记): the body's first line, indented and cut short before a 文号
    that cannot break, looks centred; in the body's type under a larger title it is the body."""
    blocks = [line("某某县财政局文件", 80, align="centre", size=30, red=True),
              line("某财社发〔2015〕63号", 150, align="centre"),
              line("关于下达2015年第二批某某服务", 200, align="centre", size=22),
              line("项目补助资金的通知", 233, align="centre", size=22),
              line("根据省、市财政和卫生计生部门有关文件（某财社发", 280, indent=32)]
    blocks += [line(BODY * 2, 308 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.title is not None and n.title.value == "关于下达2015年第二批某某服务项目补助资金的通知"


def test_a_body_heading_is_never_a_table_title() -> None:
    from parsers.tablegrid import title_from_context

    assert title_from_context(["三、分配结果", "2018年某某资金分配情况表"]) == "2018年某某资金分配情况表"


def test_a_table_title_wrapped_before_a_bracketed_phrase_is_joined() -> None:
    """A centred title may break before its bracket, leaving a first line shorter than the second;
    the tail opening with ``（…）`` and going on continues it. A whole bracketed line stays a subtitle."""
    from parsers.tablegrid import title_from_context

    lines = ["2021年度某某财政巩固拓展脱贫成果", "（应急救助项目）第一批补助资金分配表及任务清单"]
    assert title_from_context(lines) == "".join(lines)
    assert title_from_context(["2021年度某某资金分配表", "（第二批）"]) == "2021年度某某资金分配表"


def test_a_doc_number_line_whose_serial_was_never_filled_in() -> None:
    blocks = [line("某某区应急管理局文件", 80, align="centre", size=30, red=True),
              line("某应急发〔2023〕　号", 150, align="centre"),
              line("关于下拨某某资金的通知", 200, align="centre", size=22),
              line("各乡镇：", 250)]
    blocks += [line(BODY * 2, 280 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.doc_number is None
    assert n.title is not None and n.title.value == "关于下拨某某资金的通知"


def test_a_paragraph_whose_first_line_stops_short_of_the_margin_is_no_title_line() -> None:
    """No 主送: the body's indented first line ends at a comma a little short of the right
    margin (the next character could not open a line), and its second line ends in ：."""
    blocks = [line("某某市教育局", 80, align="centre", size=30, red=True),
              line("某某市2025年秋季学期学生资助资金", 150, align="centre", size=22),
              line("发放情况的说明", 183, align="centre", size=22)]
    first = line("根据上级各项学生资助政策要求，结合我市实际工作，", 230, align="full", indent=32)
    blocks.append(replace(first, bbox=replace(first.bbox, x1=first.bbox.x1 - 16)))  # short of the margin
    blocks.append(line("共需为16350人次发放资助金1271.2015万元。分别是：", 258))
    blocks += [line(BODY * 2, 290 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.title is not None and n.title.value == "某某市2025年秋季学期学生资助资金发放情况的说明"
    assert n.recipients is None


def test_a_doc_number_the_body_quotes_is_not_the_notices() -> None:
    """A 公示 prints no 文号; its body ends a sentence with the 文号 of the money's own 下达
    (…文件号为：某财预[2019]61号。) within the first lines: that line is the body's, the title
    stays the centred lines under the mark and the quoted 文号 a reference."""
    blocks = [line("某某市财政局", 80, align="centre", size=30, red=True),
              line("关于下达2019年某某专项资金", 150, align="centre", size=22),
              line("情况公告公示", 183, align="centre", size=22),
              line("根据《某某资金项目公告公示制度》有关规定，现将分配下达情", 230, align="full", indent=32),
              line("况公示如下：", 258),
              line("一、资金来源", 286, indent=32),
              line("中央资金（某财农[2019]23号）：8650万元。", 314, indent=32),
              line("二、分配原则", 342, indent=32),
              line("按因素法分配。市级下达资金文件", 370, align="full", indent=32),
              line("号为：某财预[2019]61号。", 398)]
    blocks += [line(BODY * 2, 426 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.doc_number is None
    assert n.title is not None and n.title.value == "关于下达2019年某某专项资金情况公告公示"
    assert [i.value for i in n.issuers] == ["某某市财政局"]
    assert [r.doc_number for r in n.references] == [None, "某财农〔2019〕23号", "某财预〔2019〕61号"]
    assert "MISSING_FIELD" in [f.code for f in check_notice(n)]


def test_a_body_line_of_cited_doc_numbers_is_no_doc_number_line() -> None:
    """No 文号 printed; the body's second line holds mostly two cited 文号 (…（办规字〔2021〕115号）、
    某规〔2022〕3号《…): a line citing a 《title》 is the body's, never the notice's 文号 line."""
    blocks = [line("某某区林业和草原局", 80, align="centre", size=30, red=True),
              line("某某区2025年1月份护林员管护费发放情况公示", 150, align="centre", size=22),
              line("根据《某某管理办法》（某规字〔2021〕115号）、", 200, align="full", indent=32),
              line("字〔2021〕115号）、某林规〔2022〕3号《某某", 228, align="full"),
              line("实施细则》精神，现将发放情况公示如下：", 256)]
    blocks += [line(BODY * 2, 290 + 28 * k, align="full") for k in range(6)]
    n = parse_notice(layout(*blocks))
    assert n.doc_number is None
    assert n.title is not None and n.title.value == "某某区2025年1月份护林员管护费发放情况公示"


def test_a_title_line_citing_a_doc_number_in_brackets_is_no_doc_number_line() -> None:
    # a 公告 with no 文号 of its own: its title's second line cites the upper notice's number
    parts = ["关于转下达2023年中央就业补助资金", "（某财社〔2023〕45号）情况公告"]
    blocks = [line("某某市财政局文件", 80, align="centre", size=40, red=True)]
    blocks += [line(t, 180 + 33 * k, align="centre", size=22) for k, t in enumerate(parts)]
    blocks += [line(BODY * 2, 280 + 28 * k, align="full", indent=32 if k == 0 else 0.0) for k in range(8)]
    n = parse_notice(layout(*blocks))
    assert n.doc_number is None
    assert n.title is not None and n.title.value == "".join(parts)


def test_a_table_title_wrapped_inside_its_unit_bracket() -> None:
    from parsers.tablegrid import title_from_context

    lines = ["二、项目安排明细", "叶城县2026年某某任务资金项目明细表（单位：", "万元）"]
    assert title_from_context(lines) == "叶城县2026年某某任务资金项目明细表"
