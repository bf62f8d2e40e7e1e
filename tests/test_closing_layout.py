"""The closing block read by layout: 署名 (side by side, stacked, uneven), 成文日期,
附件说明 kept apart from the names, and the 版记 as lines or as a table.

Inline layouts (Lines, or Pages of boxes and rulings through the layout stage);
no sample is read here.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parsers.imprint import find_imprint, imprint_rows
from parsers.notice import parse_notice
from parsers.signature import organ_names
from pipeline.core.model import BBox, Cell, Document, Line, Notice, SourceFile, Table, TextBox
from pipeline.layout import reconstruct
from pipeline.layout.tables import reconstruct_tables
from tests.layoutbuilder import LEFT, RIGHT, SIZE, layout, line
from tests.pagebuilder import hline, page, vline

SOURCE = SourceFile(path="t.pdf", name="t.pdf", sha256="0" * 64, size=1, pages=1)


def at(text: str, cx: float, y: float, *, size: float = SIZE, page_no: int = 1) -> Line:
    """A line of ``text`` centred at ``cx`` (one glyph per character)."""
    w = len(text.replace(" ", "")) * size
    return Line(text, BBox(cx - w / 2, y, cx + w / 2, y + size), page_no, None, False, size)


def head_and_body() -> list[Line]:
    return [
        line("某某市财政局文件", 70, align="centre", size=30, red=True),
        line("某财社〔2023〕7号", 150, align="centre"),
        line("关于下达2023年困难群众救助补助资金的通知", 200, align="centre", size=22),
        line("各县（市、区）财政局、民政局：", 250),
        line("现下达你单位困难群众救助补助资金500万元，请按规定管理使用，", 280, align="full", indent=32),
        line("确保资金安全。", 300),
        line("附件：1.2023年困难群众救助补助资金分配表", 340, indent=32),
        line("2.2023年困难群众救助补助资金绩效目标表", 360, indent=80),
    ]


def imprint_lines(y: float = 740) -> list[Line]:
    return [
        line("抄送：省财政厅，市审计局。", y, size=14, indent=14),
        Line("某某市财政局办公室 2023年3月10日印发", BBox(LEFT + 14, y + 26, RIGHT - 14, y + 40), 1, None, False, 14),
    ]


def parse(*lines: Line) -> Notice:
    return parse_notice(layout(*lines))


ATTACHMENTS = [(1, "2023年困难群众救助补助资金分配表"), (2, "2023年困难群众救助补助资金绩效目标表")]


def assert_closing(n: Notice, names: list[str], date: str | None = "2023-03-09") -> None:
    assert [f.value for f in n.signatories] == names
    assert (n.issue_date.value if n.issue_date else None) == date
    assert [(a.number, a.title) for a in n.attachments_listed] == ATTACHMENTS


# --- 署名 -------------------------------------------------------------------


def test_two_names_side_by_side_on_one_line_right_under_the_list() -> None:
    # One visual line "A B" (same baseline), one line below the list: not an attachment title.
    n = parse(
        *head_and_body(),
        Line("某某市财政局      某某市民政局", BBox(130, 400, 470, 416), 1, None, False, SIZE),
        line("2023年3月9日", 440, align="right"),
        *imprint_lines(),
    )
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_three_names_side_by_side_each_centred_in_its_slot() -> None:
    slot = (RIGHT - LEFT) / 3
    names = ["某某县财政局", "某某县民政局", "某某县乡村振兴局"]
    sig = [at(nm, LEFT + slot * (i + 0.5), 420) for i, nm in enumerate(names)]
    n = parse(*head_and_body(), *sig, line("2023年3月9日", 460, align="right"), *imprint_lines())
    assert_closing(n, names)


@given(
    dys=st.lists(st.floats(min_value=-4.0, max_value=4.0), min_size=2, max_size=3),  # uneven by up to 8 pt
    names=st.lists(
        st.sampled_from(["益阳市财政局", "益阳市民政局", "益阳市卫生健康委员会", "益阳市人民政府办公室", "国家税务总局益阳市税务局"]),
        min_size=3,
        max_size=3,
        unique=True,
    ),
)
@settings(max_examples=40, deadline=None)
def test_side_by_side_names_at_uneven_heights_read_left_to_right(dys: list[float], names: list[str]) -> None:
    """Lines already built: a name a few points higher than its neighbour is still on its row."""
    names = names[: len(dys)]
    slot = (RIGHT - LEFT) / len(names)
    size = 14 if len(names) == 3 else SIZE
    placed = [at(nm, LEFT + slot * (i + 0.5), 420 + dy, size=size) for i, (nm, dy) in enumerate(zip(names, dys, strict=True))]
    sig = sorted(placed, key=lambda ln: (ln.bbox.top, ln.bbox.x0))  # reading order of separate lines
    n = parse(*head_and_body(), *sig, line("2023年3月9日", 470, align="right"), *imprint_lines())
    assert_closing(n, names)


def _boxes_of(lines: list[Line]) -> list[TextBox]:
    """Each line as one text-layer word (a name drawn as one string)."""
    return [TextBox(ln.text, ln.bbox) for ln in lines]


@given(dy=st.floats(min_value=-8.0, max_value=8.0), gap=st.floats(min_value=16.0, max_value=120.0))
@settings(max_examples=25, deadline=None)
def test_side_by_side_names_from_boxes_through_the_layout_stage(dy: float, gap: float) -> None:
    """Boxes -> lines -> closing: two names at uneven heights, any gap between them."""
    a, b = "克孜勒苏柯尔克孜自治州财政局", "阿图什市民政局"
    wa, wb = len(a) * SIZE, len(b) * SIZE
    x0 = (LEFT + RIGHT) / 2 - (wa + gap + wb) / 2
    sig = [
        Line(a, BBox(x0, 420, x0 + wa, 420 + SIZE), 1),
        Line(b, BBox(x0 + wa + gap, 420 + dy, x0 + wa + gap + wb, 420 + dy + SIZE), 1),
    ]
    lines = [*head_and_body(), *sig, line("2023年3月9日", 470, align="right"), *imprint_lines()]
    doc = Document(SOURCE, (page(_boxes_of(lines)),))
    n = parse_notice(reconstruct(doc))
    assert [f.value for f in n.signatories] == [a, b]
    assert [(x.number, x.title) for x in n.attachments_listed] == ATTACHMENTS


def test_stacked_names_tight_with_the_date_under_the_last_one() -> None:
    n = parse(
        *head_and_body(),
        at("某某市财政局", 400, 430),
        at("某某市卫生健康委员会", 394, 458),
        at("2023年3月9日", 400, 484),
        *imprint_lines(),
    )
    assert_closing(n, ["某某市财政局", "某某市卫生健康委员会"])


def test_two_rows_of_two_names_and_a_date_centred_under_them() -> None:
    n = parse(
        *head_and_body(),
        at("某某县财政局", 200, 420), at("某某县民政局", 400, 423),
        at("某某县教育局", 200, 470), at("某某县卫生健康局", 400, 467),
        at("2023年3月9日", (LEFT + RIGHT) / 2, 510),
        *imprint_lines(),
    )
    assert_closing(n, ["某某县财政局", "某某县民政局", "某某县教育局", "某某县卫生健康局"])


def test_a_wrapped_attachment_title_is_not_a_name() -> None:
    # The last item wraps onto a short line that ends like an organ name.
    n = parse(
        *head_and_body()[:-1],
        line("2.2023年困难群众救助补助资金绩效目标表（分送各县财政", 360, indent=80),
        line("局）", 378, indent=112),
        line("某某市财政局", 440, align="right"),
        line("2023年3月9日", 466, align="right"),
    )
    assert [f.value for f in n.signatories] == ["某某市财政局"]
    assert n.attachments_listed[-1].title == "2023年困难群众救助补助资金绩效目标表（分送各县财政局）"


def test_a_seal_hid_the_date_the_names_are_read_above_the_imprint() -> None:
    n = parse(*head_and_body(), at("某某市财政局", 250, 420), at("某某市民政局", 420, 424), *imprint_lines())
    assert_closing(n, ["某某市财政局", "某某市民政局"], date=None)
    assert n.cc is not None and n.cc.value == "省财政厅，市审计局"
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"


def test_organ_names_by_gaps_and_endings() -> None:
    assert organ_names("益阳市财政局 益阳市民政局") == ("益阳市财政局", "益阳市民政局")
    assert organ_names("新疆伊犁哈萨克自治州 财 政 局") == ("新疆伊犁哈萨克自治州财政局",)
    assert organ_names("国家税务总局益阳市税务局") == ("国家税务总局益阳市税务局",)
    assert organ_names("确保资金安全。") is None
    assert organ_names("2023年3月9日") is None
    assert organ_names("2.区域绩效目标表") is None
    assert organ_names("特此通知") is None


# --- 版记 -------------------------------------------------------------------


def test_imprint_as_lines_with_the_organ_split_from_the_date() -> None:
    # The 印发 row came out as two lines (organ left, date right, a point higher).
    foot = [
        line("抄送：市委办公室，市人大常委会办公室，市政府办公室，市政协", 700, size=14, indent=14),
        line("办公室，市审计局。", 722, size=14, indent=56),
        Line("2023年3月10日印发", BBox(380, 747, 502, 761), 1, None, False, 14),
        Line("某某市财政局办公室", BBox(93, 748, 219, 762), 1, None, False, 14),
    ]
    n = parse(*head_and_body(), line("某某市财政局", 420, align="right"), line("2023年3月9日", 446, align="right"), *foot)
    assert n.cc is not None and n.cc.value == "市委办公室，市人大常委会办公室，市政府办公室，市政协办公室，市审计局"
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"
    assert [f.value for f in n.signatories] == ["某某市财政局"]


def _imprint_page(with_columns: bool) -> Document:
    body = [*head_and_body(), line("某某市财政局", 420, align="right"), line("2023年3月9日", 446, align="right")]
    boxes = _boxes_of(body) + [
        TextBox("抄送：省财政厅，市审计局。", BBox(93, 690, 275, 704)),
        TextBox("某某市财政局办公室", BBox(93, 722, 219, 736)),
        TextBox("2023年3月10日印发", BBox(380, 722, 502, 736)),
    ]
    rules = [hline(680, LEFT, RIGHT), hline(712, LEFT, RIGHT), hline(744, LEFT, RIGHT)]
    if with_columns:
        rules += [vline(LEFT, 680, 744), vline(RIGHT, 680, 744), vline(300, 712, 744)]
    return Document(SOURCE, (page(boxes, rules),))


def test_imprint_whose_rules_form_a_table_is_read() -> None:
    doc = _imprint_page(with_columns=True)
    tables, _ = reconstruct_tables(doc.pages[0])
    assert tables, "the rules do form a table here"
    n = parse_notice(reconstruct(doc))
    assert n.cc is not None and n.cc.value == "省财政厅，市审计局"
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"
    assert n.issue_date is not None and n.issue_date.value == "2023-03-09"


def test_imprint_between_bare_rules_is_read() -> None:
    n = parse_notice(reconstruct(_imprint_page(with_columns=False)))
    assert n.cc is not None and n.cc.value == "省财政厅，市审计局"
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"


def test_imprint_absent() -> None:
    n = parse(*head_and_body(), line("某某市财政局", 420, align="right"), line("2023年3月9日", 446, align="right"))
    assert n.cc is None and n.printed_by is None and n.print_date is None
    assert_closing(n, ["某某市财政局"])


def test_a_table_that_is_not_an_imprint_stays_a_table() -> None:
    doc = Document(
        SOURCE,
        (
            page(
                [TextBox("地区", BBox(90, 100, 120, 114)), TextBox("金额", BBox(310, 100, 340, 114)),
                 TextBox("某某县", BBox(90, 130, 138, 144)), TextBox("12", BBox(310, 130, 324, 144))],
                [hline(95, LEFT, RIGHT), hline(120, LEFT, RIGHT), hline(150, LEFT, RIGHT),
                 vline(LEFT, 95, 150), vline(RIGHT, 95, 150), vline(300, 95, 150)],
            ),
        ),
    )
    tables, _ = reconstruct_tables(doc.pages[0])
    assert len(tables) == 1 and imprint_rows(tables[0]) is None


def test_imprint_older_suffix_and_no_cc() -> None:
    lines = (line("某某市财政局办公室        2009年10月30日印", 760, size=14),)
    imp = find_imprint(lines, 0)
    assert imp.cc is None and imp.start == 0
    assert imp.printed_by is not None and imp.printed_by.value == "某某市财政局办公室"
    assert imp.print_date is not None and imp.print_date.value == "2009-10-30"


def test_a_date_ocr_damaged_is_no_name_and_still_ends_the_block() -> None:
    n = parse(
        *head_and_body(),
        line("某某市财政局", 420, align="right"),
        line("20231年3月9日", 446, align="right", conf=0.6),
        *imprint_lines(),
    )
    assert [f.value for f in n.signatories] == ["某某市财政局"]
    # the 版记's 印发日期 settles the year: repaired, marked
    assert n.issue_date is not None and n.issue_date.prov.repaired_from == "20231年3月9日"
    assert [(a.number, a.title) for a in n.attachments_listed] == ATTACHMENTS


def test_annotation_only_under_the_date_on_its_page() -> None:
    sig = [line("某某市财政局", 420, align="right"), line("2023年3月9日", 446, align="right")]
    n = parse(*head_and_body(), *sig, line("（此件公开发布）", 480, indent=32))
    assert n.annotation is not None and n.annotation.value == "（此件公开发布）"
    n = parse(*head_and_body(), *sig, line("（2023年度）", 120, align="centre", page=2))
    assert n.annotation is None
    # a disclosure line without brackets (湖南's 信息公开选项) is one too
    n = parse(*head_and_body(), *sig, line("信息公开选项：主动公开", 480, indent=32))
    assert n.annotation is not None and n.annotation.value == "信息公开选项：主动公开"


def test_two_names_ocr_read_as_one_box_are_split_by_their_repeated_region() -> None:
    assert organ_names("益阳市财政局益阳市民政局") == ("益阳市财政局", "益阳市民政局")
    assert organ_names("福清市卫生和计划生育局福清市财政局") == ("福清市卫生和计划生育局", "福清市财政局")
    assert organ_names("国家税务总局益阳市税务局") == ("国家税务总局益阳市税务局",)
    assert organ_names("某某县卫生健康委员会") == ("某某县卫生健康委员会",)


def test_a_party_organ_glued_to_a_bureau_is_split_by_the_region_after_its_party_prefix() -> None:
    assert organ_names("某某县农业农村局中共某某县委组织部") == ("某某县农业农村局", "中共某某县委组织部")
    assert organ_names("中共某某县委组织部某某县财政局") == ("中共某某县委组织部", "某某县财政局")
    assert organ_names("中共某某县委组织部") == ("中共某某县委组织部",)
    assert organ_names("某某县农业农村局中共另外县委组织部") == ("某某县农业农村局中共另外县委组织部",)  # no region repeated


def test_seal_fragments_between_the_names_and_the_date_are_looked_past() -> None:
    n = parse(
        *head_and_body(),
        at("某某市财政局", 250, 420), at("某某市民政局", 420, 423),
        at("印", 420, 436, size=10),
        line("2023年3月9日", 452, align="right"),
        *imprint_lines(),
    )
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_imprint_vocabulary_survives_one_ocr_slip() -> None:
    lines = (
        line("钞送：省财政厅，市审计局。", 730, size=14, conf=0.7),
        line("某某市财政局办公室        2023年3月10日卬发", 760, size=14, conf=0.7),
    )
    imp = find_imprint(lines, 0)
    assert imp.cc is not None and imp.cc.value == "省财政厅，市审计局"
    assert imp.print_date is not None and imp.print_date.value == "2023-03-10"


def test_a_cc_like_line_far_above_the_foot_is_not_the_imprint() -> None:
    body = tuple(line(f"第{i}行正文内容。", 300 + 20 * i) for i in range(8))
    imp = find_imprint((line("抄送：这不是版记", 280), *body), 0)
    assert imp.cc is None and imp.start == 9


def test_attachments_listed_each_with_its_own_label() -> None:
    body = head_and_body()[:-2]
    n = parse(
        *body,
        line("附件1：2023年困难群众救助补助资金分配表", 340, indent=32),
        line("附件2：2023年困难群众救助补助资金绩效目标表", 360, indent=32),
        line("某某市财政局", 420, align="right"),
        line("2023年3月9日", 446, align="right"),
    )
    assert_closing(n, ["某某市财政局"])
    assert "附件" not in n.body


def test_ocr_colon_between_two_cc_organs_is_repaired_and_marked() -> None:
    lines = (
        line("抄送：福州市卫生和计划生育委员会：福州市财政局。", 730, size=14, conf=0.9),
        line("福清市卫生和计划生育局办公室        2017年3月29日印发", 760, size=14, conf=0.9),
    )
    cc = find_imprint(lines, 0).cc
    assert cc is not None and cc.value == "福州市卫生和计划生育委员会、福州市财政局"
    assert cc.prov.repaired_from == "福州市卫生和计划生育委员会：福州市财政局"
    text_layer = (line("抄送：甲局：乙局", 730, size=14),)
    cc = find_imprint(text_layer, 0).cc
    assert cc is not None and cc.value == "甲局：乙局"  # printed text is never touched


def test_a_long_name_wrapped_inside_its_slot_is_joined_by_position() -> None:
    # Two slots: the left name wraps (克孜勒苏柯尔克孜自治州 / 财政局), the right one does not;
    # line building puts the first parts on one line with a wide gap.
    row1 = Line("克孜勒苏柯尔克孜自治州      阿图什市民政局", BBox(90, 420, 90 + 11 * 16 + 60 + 7 * 16, 436), 1, None, False, SIZE)
    tail = at("财政局", 90 + 5.5 * 16, 444)
    n = parse(*head_and_body(), row1, tail, line("2023年3月9日", 480, align="right"), *imprint_lines())
    assert_closing(n, ["克孜勒苏柯尔克孜自治州财政局", "阿图什市民政局"])


def test_a_single_name_wrapped_over_two_lines() -> None:
    n = parse(
        *head_and_body(),
        at("新疆库尔勒经济技术开发区", 400, 420),
        at("财政局", 400, 444),
        line("2023年3月9日", 480, align="right"),
    )
    assert_closing(n, ["新疆库尔勒经济技术开发区财政局"])


def test_stacked_names_are_not_joined_as_a_wrap() -> None:
    n = parse(
        *head_and_body(),
        at("某某市财政局", 400, 420),
        at("某某市民政局", 400, 444),
        line("2023年3月9日", 480, align="right"),
    )
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_seal_text_right_under_the_list_is_neither_a_name_nor_an_attachment() -> None:
    body = head_and_body()
    n = parse(
        *body,
        at("形财政", 416, 376, size=22),  # ring text of the seal, read by OCR
        at("某某市财政局", 400, 402),
        line("2023年3月9日", 430, align="right"),
    )
    assert_closing(n, ["某某市财政局"])


ORGANS = ["财政局", "民政局", "卫生健康委员会", "教育局", "人力资源和社会保障局", "乡村振兴局", "人民政府办公室"]


@given(
    place=st.sampled_from(["某某县", "克孜勒苏柯尔克孜自治州", "益阳市", "昌吉回族自治州"]),
    organs=st.lists(st.sampled_from(ORGANS), min_size=1, max_size=3, unique=True),
    layout_kind=st.sampled_from(["side", "stacked"]),
    dys=st.lists(st.floats(min_value=0.0, max_value=8.0), min_size=3, max_size=3),
    gap_lines=st.floats(min_value=1.2, max_value=4.0),
    with_date=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_any_signature_layout_reads_every_name_once_in_order(
    place: str, organs: list[str], layout_kind: str, dys: list[float], gap_lines: float, with_date: bool
) -> None:
    names = [place + o for o in organs]
    size = 14.0 if layout_kind == "side" and len(names) == 3 else SIZE
    top = 360 + SIZE + gap_lines * 28
    if layout_kind == "side":
        slot = (RIGHT - LEFT) / len(names)
        placed = [at(nm, LEFT + slot * (i + 0.5), top + dys[i], size=size) for i, nm in enumerate(names)]
    else:
        placed = [at(nm, 400, top + 28 * i + dys[i] / 4, size=size) for i, nm in enumerate(names)]
    # Printable only: inside the text area, names on one row a glyph apart at least.
    assume(all(ln.bbox.x0 >= LEFT - 1 and ln.bbox.x1 <= RIGHT + 40 for ln in placed))
    if layout_kind == "side":
        assume(all(a.bbox.x1 + size <= b.bbox.x0 for a, b in zip(placed, placed[1:], strict=False)))
    lines = sorted(placed, key=lambda ln: (ln.bbox.top, ln.bbox.x0))
    bottom = max(ln.bbox.bottom for ln in lines)
    date = [line("2023年3月9日", bottom + 12, align="right")] if with_date else []
    n = parse(*head_and_body(), *lines, *date, *imprint_lines())
    assert_closing(n, names, date="2023-03-09" if with_date else None)
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"


def test_a_date_cut_by_the_seal_still_ends_the_block() -> None:
    n = parse(
        *head_and_body(),
        at("某某市财政局", 250, 420), at("某某市民政局", 420, 423),
        at("3月9日", 440, 452),
        *imprint_lines(),
    )
    assert_closing(n, ["某某市财政局", "某某市民政局"], date=None)


@given(dy=st.floats(min_value=-8.0, max_value=8.0), pad=st.floats(min_value=0.0, max_value=10.0))
@settings(max_examples=25, deadline=None)
def test_ocr_boxes_of_names_under_seals_through_the_layout_stage(dy: float, pad: float) -> None:
    """OCR: padded line boxes with confidences, a fragment of seal text between the names."""
    body = [*head_and_body(), line("2023年3月9日", 480, align="right")]
    boxes = [TextBox(ln.text, ln.bbox, 0.97) for ln in body]
    for text, cx, y in (("益阳市财政局", 200.0, 420.0), ("益阳市民政局", 400.0, 420.0 + dy)):
        w = len(text) * SIZE
        boxes.append(TextBox(text, BBox(cx - w / 2, y - pad / 2, cx + w / 2, y + SIZE + pad / 2), 0.9))
    boxes.append(TextBox("政", BBox(300, 400, 312, 412), 0.4))  # a stroke of a seal's ring
    doc = Document(SOURCE, (page(boxes, ocr=True),))
    n = parse_notice(reconstruct(doc))
    assert [f.value for f in n.signatories] == ["益阳市财政局", "益阳市民政局"]
    assert [(x.number, x.title) for x in n.attachments_listed] == ATTACHMENTS


def test_an_attachment_file_extension_misread_by_ocr_is_read_back_and_marked() -> None:
    n = parse(
        *head_and_body()[:-2],
        line("附件：2021年义务教育公用经费补助资金.x1sx", 340, indent=32, conf=0.9),
        line("某某市财政局", 420, align="right"),
        line("2023年3月9日", 446, align="right"),
    )
    (item,) = n.attachments_listed
    assert item.title == "2021年义务教育公用经费补助资金.xlsx"
    assert item.prov.repaired_from == "2021年义务教育公用经费补助资金.x1sx"
    printed = parse(*head_and_body()[:-2], line("附件：资金表.x1sx", 340, indent=32))
    assert printed.attachments_listed[0].title == "资金表.x1sx"  # a text layer is never touched


def test_no_date_and_the_imprint_alone_on_the_next_page() -> None:
    foot = [
        line("抄送：省财政厅，市审计局。", 700, size=14, indent=14, page=2),
        Line("某某市财政局办公室 2023年3月10日印发", BBox(LEFT + 14, 726, RIGHT - 14, 740), 2, None, False, 14),
    ]
    n = parse_notice(layout(*head_and_body(), at("某某市财政局", 250, 420), at("某某市民政局", 420, 424), *foot, pages=2))
    assert_closing(n, ["某某市财政局", "某某市民政局"], date=None)
    assert n.print_date is not None and n.print_date.value == "2023-03-10"


def test_a_date_with_an_impossible_year_is_read_back_from_the_print_date_and_marked() -> None:
    n = parse(
        *head_and_body(),
        line("某某市财政局", 420, align="right", conf=0.95),
        line("3023年3月9日", 446, align="right", conf=0.9),
        *imprint_lines(),
    )
    assert n.issue_date is not None and n.issue_date.value == "2023-03-09"
    assert n.issue_date.prov.repaired_from == "3023年3月9日"
    assert n.issue_date.prov.confidence is not None and n.issue_date.prov.confidence < 0.9
    # without a 版记 the notice's own 文号 (某财社〔2023〕7号) says the year it is signed in
    n = parse(*head_and_body(), line("某某市财政局", 420, align="right"), line("3023年3月9日", 446, align="right", conf=0.9))
    assert n.issue_date is not None and n.issue_date.value == "2023-03-09"
    assert n.issue_date.prov.repaired_from == "3023年3月9日"
    # ...and when nothing says which year: absent, never a guess
    head = [ln for ln in head_and_body() if "〔2023〕" not in ln.text]
    n = parse(*head, line("某某市财政局", 420, align="right"), line("3023年3月9日", 446, align="right", conf=0.9))
    assert n.issue_date is None


@given(
    year=st.integers(min_value=2000, max_value=2030),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
    slip=st.sampled_from(["sub", "add", "drop"]),
    position=st.integers(min_value=0, max_value=3),
    later=st.integers(min_value=0, max_value=30),
)
@settings(max_examples=60, deadline=None)
def test_a_year_repair_keeps_month_and_day_and_never_passes_the_print_date(
    year: int, month: int, day: int, slip: str, position: int, later: int
) -> None:
    import datetime as dt

    from parsers.damaged_date import repair_issue_date

    y = str(year)
    damaged = {"sub": y[:position] + "9" + y[position + 1 :], "add": y[:position] + "1" + y[position:], "drop": y[:position] + y[position + 1 :]}[slip]
    printed = dt.date(year, month, day) + dt.timedelta(days=later)
    got = repair_issue_date(f"{damaged}年{month}月{day}日", printed.isoformat())
    if got is not None:
        fixed = dt.date.fromisoformat(got)
        assert (fixed.month, fixed.day) == (month, day)
        assert fixed <= printed and (printed - fixed).days <= 366
    if len(damaged) == 4 and 1949 <= int(damaged) <= 2100:
        assert got is None  # a real year is never changed


def test_imprint_table_of_one_row_holding_cc_and_printed_line() -> None:
    # The rule between the two lines was missed: one cell holds both (no line breaks in a cell).
    cell = Cell(0, 0, "抄送：省财政厅，市审计局。某某市财政局办公室   2023年3月10日印发", BBox(LEFT, 680, RIGHT, 744), 1)
    table = Table(cells=(cell,), n_rows=1, n_cols=1, bbox=cell.bbox, page=1)
    rows = imprint_rows(table)
    assert rows is not None and [r.text for r in rows] == [
        "抄送：省财政厅，市审计局。",
        "某某市财政局办公室   2023年3月10日印发",
    ]
    imp = find_imprint(rows, 0)
    assert imp.cc is not None and imp.cc.value == "省财政厅，市审计局"
    assert imp.printed_by is not None and imp.printed_by.value == "某某市财政局办公室"
    assert imp.print_date is not None and imp.print_date.value == "2023-03-10"


def test_imprint_table_printed_after_the_attachments_belongs_to_the_main_document() -> None:
    def cell(r: int, c: int, text: str, y: float, page_no: int) -> Cell:
        return Cell(r, c, text, BBox(LEFT + 200 * c, y, LEFT + 200 * (c + 1), y + 20), page_no)

    money = Table(
        cells=(cell(0, 0, "地区", 150, 2), cell(0, 1, "金额", 150, 2), cell(1, 0, "某某县", 170, 2), cell(1, 1, "500", 170, 2)),
        n_rows=2, n_cols=2, bbox=BBox(LEFT, 150, LEFT + 400, 190), page=2,
    )
    imprint = Table(
        cells=(cell(0, 0, "抄送：省财政厅。", 700, 2), cell(1, 0, "某某市财政局办公室", 730, 2), cell(1, 1, "2023年3月10日印发", 730, 2)),
        n_rows=2, n_cols=2, bbox=BBox(LEFT, 700, LEFT + 400, 750), page=2,
    )
    n = parse_notice(
        layout(
            *head_and_body()[:-1],
            line("某某市财政局", 420, align="right"),
            line("2023年3月9日", 446, align="right"),
            line("附件1", 80, page=2),
            line("2023年困难群众救助补助资金分配表", 110, align="centre", page=2),
            money,
            imprint,
            pages=2,
        )
    )
    assert n.cc is not None and n.cc.value == "省财政厅"
    assert n.printed_by is not None and n.printed_by.value == "某某市财政局办公室"
    assert n.print_date is not None and n.print_date.value == "2023-03-10"
    assert len(n.allocation_tables) == 1


def test_an_attachment_listed_inside_book_title_marks() -> None:
    body = head_and_body()[:-2] + [
        line("附件：《2023年困难群众救助补助资金", 340, indent=32),
        line("分配表》", 360),
        at("某某市财政局", 440, 420),
        at("2023年3月9日", 440, 450),
    ]
    n = parse(*body, *imprint_lines())
    assert [(a.number, a.title) for a in n.attachments_listed] == [(None, "2023年困难群众救助补助资金分配表")]


def test_an_annotation_wrapped_over_two_lines_under_the_date() -> None:
    closing = [
        at("某某市财政局", 440, 420),
        at("2023年3月9日", 440, 450),
        line("（联系人：市财政局社会保障科，联系电话：", 480, indent=32),
        line("88221270)", 500),  # OCR reads a full-width bracket after digits as ASCII
    ]
    n = parse(*head_and_body(), *closing, *imprint_lines())
    assert_closing(n, ["某某市财政局"])
    assert n.annotation is not None and n.annotation.value == "（联系人：市财政局社会保障科，联系电话：88221270）"


def test_an_ocr_annotation_full_stop_before_the_next_items_label_is_its_comma() -> None:
    """A 附注 is one bracketed phrase: ``…科。联系电话：`` read by OCR is ``…科，联系电话：`` (marked)."""
    from dataclasses import replace

    from pipeline.checks.notice import check_notice

    def closing(conf: float | None) -> list[Line]:
        note = line("（联系科室：基础研究与社会发展科技科。联系电话：22831340）", 480, indent=32)
        return [at("某某市财政局", 440, 420), at("2023年3月9日", 440, 450), replace(note, confidence=conf)]

    n = parse(*head_and_body(), *closing(0.97), *imprint_lines())
    assert n.annotation is not None and n.annotation.value == "（联系科室：基础研究与社会发展科技科，联系电话：22831340）"
    assert n.annotation.prov.repaired_from == "（联系科室：基础研究与社会发展科技科。联系电话：22831340）"
    assert [f.subject for f in check_notice(n) if f.code == "LOW_CONFIDENCE"] == ["annotation"]
    plain = parse(*head_and_body(), *closing(None), *imprint_lines())
    assert plain.annotation is not None and "科技科。联系电话" in plain.annotation.value  # a text layer: as printed
    assert plain.annotation.prov.repaired_from is None


def test_list_items_separated_by_semicolons() -> None:
    body = head_and_body()[:-2] + [
        line("附件：1.2023年困难群众救助补助资金分配表；", 340, indent=32),
        line("2.2023年困难群众救助补助资金绩效目标表", 360, indent=80),
        at("某某市财政局", 440, 420),
        at("2023年3月9日", 440, 450),
    ]
    n = parse(*body, *imprint_lines())
    assert_closing(n, ["某某市财政局"])


def test_a_long_organ_name_filling_the_line_above_the_date() -> None:
    name = "中共某某市某某区委扶贫开发成果巩固与乡村振兴工作领导小组办公室"
    closing = [line(name, 420, indent=12, size=13), at("2023年3月9日", 440, 450)]
    n = parse(*head_and_body(), *closing, *imprint_lines())
    assert_closing(n, [name])


def test_a_list_under_its_own_labels_after_the_list_label_wraps_under_each_title() -> None:
    """``附件：附件1：…`` with each title wrapped: the wrap hangs under the title, seven glyphs in
    (past ``附件：附件1：``), and is no end of the list (the second item was lost)."""
    body = head_and_body()[:-2]
    s = 16.0
    n = parse(
        *body,
        line("附件：附件1：2023年困难群众救助补助资金", 340, indent=2 * s),
        line("分配表", 360, indent=9 * s),
        line("附件2：2023年困难群众救助补助资金绩效", 380, indent=5 * s),
        line("目标表", 400, indent=9 * s),
        line("某某市财政局", 460, align="right"),
        line("2023年3月9日", 486, align="right"),
    )
    assert_closing(n, ["某某市财政局"])


def test_an_unnumbered_list_of_titles_closed_by_semicolons() -> None:
    """``附件：A；`` / ``B。``: two attachments, not one title wrapped (the ；closes the first)."""
    body = head_and_body()[:-2]
    n = parse(
        *body,
        line("附件：2023年困难群众救助补助资金分配表；", 340, indent=32),
        line("2023年困难群众救助补助资金绩效目标表。", 360, indent=80),
        line("某某市财政局", 420, align="right"),
        line("2023年3月9日", 446, align="right"),
    )
    assert [(a.number, a.title) for a in n.attachments_listed] == [(None, t) for _, t in ATTACHMENTS]


def test_an_attachment_named_by_a_file_name_that_opens_with_figures() -> None:
    """A list counts from 1: ``附件：11.1资金公示分配表`` lists one attachment by its file name
    (11.1 is no item number); ``附件：1.2023年…`` is still item 1 with its year."""
    body = head_and_body()[:-2] + [
        line("附件：11.1资金公示分配表", 340, indent=32),
        at("某某市财政局", 440, 420),
        at("2023年3月9日", 440, 450),
    ]
    n = parse(*body, *imprint_lines())
    assert [(a.number, a.title) for a in n.attachments_listed] == [(None, "11.1资金公示分配表")]
    assert_closing(parse(*head_and_body(), at("某某市财政局", 440, 420), at("2023年3月9日", 440, 450),
                         *imprint_lines()), ["某某市财政局"])


def test_ocr_list_a_speck_after_the_last_title_and_a_seal_ring_read_under_it() -> None:
    """OCR lines: a dot of dust after the title's last character is no part of it, and the
    seal's ring text read as a line of its own (a box as tall as the seal, off to the right
    under the list) is no wrap of the last title."""
    seal = Line("某某县财政府", BBox(368, 405, 457, 456), 1, 0.82, False, 51.0)
    body = head_and_body()[:-2] + [
        line("附件：1.2023年困难群众救助补助资金分配表", 340, indent=32, conf=0.99),
        line("2.2023年困难群众救助补助资金绩效目标表.", 370, indent=80, conf=0.99),
        seal,
        at("某某市财政局", 440, 440),
        at("2023年3月9日", 440, 470),
    ]
    n = parse(*body, *imprint_lines())
    assert [(a.number, a.title) for a in n.attachments_listed] == ATTACHMENTS


def test_unnumbered_titles_one_under_the_other_each_an_attachment() -> None:
    """``附件：A`` then ``B`` under A's first character, B wrapped over a full line: A stops short of
    the margin, so B is a title of its own; B's second line follows a full line, a wrap."""
    a, b1, b2 = "2026年某某帮扶资金分配汇总表", "2026年发展新型农村集体经济项目资金分配", "汇总表"
    body = head_and_body()[:-2] + [
        line("附件：" + a, 340, indent=32),
        Line(b1, BBox(LEFT + 32 + 3 * SIZE, 362, RIGHT, 362 + SIZE), 1, None, False, SIZE),  # a full line
        line(b2, 384, indent=32 + 3 * SIZE),
        at("某某市财政局", 440, 440),
        at("2023年3月9日", 440, 470),
    ]
    n = parse(*body, *imprint_lines())
    assert [(x.number, x.title) for x in n.attachments_listed] == [(None, a), (None, b1 + b2)]


def test_a_speck_before_the_printing_organ_is_dropped_on_an_ocr_line_only() -> None:
    # OCR: a dot of dust left of the 印发机关 read as `·` (an organ name never opens with one)
    foot = [
        line("抄送：省财政厅，市审计局。", 722, size=14, indent=14),
        Line("·德阳市财政局办公室 2023年3月10日印发", BBox(LEFT + 14, 748, RIGHT - 14, 762), 1, 0.99, False, 14),
    ]
    n = parse(*head_and_body(), line("德阳市财政局", 420, align="right"), line("2023年3月9日", 446, align="right"), *foot)
    assert n.printed_by is not None and n.printed_by.value == "德阳市财政局办公室"
    assert n.printed_by.prov.repaired_from == "·德阳市财政局办公室"
    text_layer = [foot[0], Line("·德阳市财政局办公室 2023年3月10日印发", BBox(LEFT + 14, 748, RIGHT - 14, 762), 1, None, False, 14)]
    n = parse(*head_and_body(), line("德阳市财政局", 420, align="right"), line("2023年3月9日", 446, align="right"), *text_layer)
    assert n.printed_by is not None and n.printed_by.value == "·德阳市财政局办公室"  # a text layer as printed
