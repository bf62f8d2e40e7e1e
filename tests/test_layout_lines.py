from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.model import BBox, TextBox
from pipeline.layout.lines import cluster_rows, group_lines
from pipeline.layout.text import collapse_spaces, join_cell_lines, join_line
from tests.pagebuilder import box


def test_words_on_one_baseline_make_one_line() -> None:
    boxes = [
        box("年中央财政资金的通知", 188, 100, size=16),
        box("关于下达", 80, 100, size=16),
        box("2020", 148, 100.5, size=16, width=36),
    ]
    (line,) = group_lines(boxes, 1)
    assert line.text == "关于下达 2020 年中央财政资金的通知"
    assert line.bbox == BBox(80, 100, 348, 116.5)
    assert line.page == 1 and line.font_size == 16 and line.confidence is None


def test_touching_boxes_join_without_space() -> None:
    boxes = [box("关于", 80, 100, red=True), box("下达", 100, 100)]
    (line,) = group_lines(boxes, 1)
    assert line.text == "关于下达"
    assert not line.is_red


def test_red_and_confidence() -> None:
    boxes = [
        box("某某县财政局", 80, 100, size=22, red=True, conf=0.9),
        box("文件", 230, 100, size=22, red=True, conf=0.7),
    ]
    (line,) = group_lines(boxes, 2)
    assert line.is_red and line.confidence == 0.7 and line.page == 2


def test_lines_ordered_top_then_x() -> None:
    boxes = [
        box("第三行", 80, 160), box("第一行", 80, 100), box("右", 300, 101), box("第二行", 80, 130)
    ]
    assert [ln.text for ln in group_lines(boxes, 1)] == ["第一行 右", "第二行", "第三行"]


def test_ocr_baseline_jitter_stays_one_line() -> None:
    boxes = [box("关于拨付", 80, 100, size=16, conf=0.95), box("资金的通知", 150, 102.5, size=17)]
    assert len(group_lines(boxes, 1)) == 1


def test_stacked_issuers_with_wenjian_on_the_right() -> None:
    """Joint issuance: names stacked left, 文件 centred on the stack, right."""
    boxes = [
        box("昌吉回族自治州财政局", 80, 100, size=26, red=True),
        box("昌吉回族自治州民政局", 80, 130, size=26, red=True),
        box("文件", 360, 115, size=26, red=True),
    ]
    lines = group_lines(boxes, 1)
    assert [ln.text for ln in lines] == ["昌吉回族自治州财政局", "昌吉回族自治州民政局", "文件"]
    assert all(ln.is_red for ln in lines)


def test_stacked_issuers_touching_lines() -> None:
    boxes = [
        box("甲财政局", 80, 100, size=25),
        box("乙民政局", 80, 125, size=25),
        box("文件", 300, 112.5, size=25),
    ]
    assert [ln.text for ln in group_lines(boxes, 1)] == ["甲财政局", "乙民政局", "文件"]


def test_cluster_rows_keeps_different_lines_apart() -> None:
    boxes = [box("上", 80, 100, size=16), box("下", 80, 117, size=16)]
    assert len(cluster_rows(boxes)) == 2


def test_join_line_visible_gap() -> None:
    a = TextBox("抄送：", BBox(80, 0, 128, 16))
    b = TextBox("存档", BBox(200, 0, 232, 16))
    c = TextBox("（二）", BBox(232, 0, 280, 16))
    assert join_line([c, a, b]) == "抄送： 存档（二）"


def test_collapse_spaces_and_cell_lines() -> None:
    assert collapse_spaces(" 关于下达 2020 年 ") == "关于下达2020年"
    assert collapse_spaces("Excel 2010 版") == "Excel 2010版"
    assert join_cell_lines(["中央全年实际下", "达资金合计"]) == "中央全年实际下达资金合计"
    assert join_cell_lines(["2020-01-01-", "2020-12-31"]) == "2020-01-01-2020-12-31"
    assert join_cell_lines(["word", "wrap"]) == "word wrap"
    assert join_cell_lines(["", " "]) == ""


def test_three_stacked_issuers_with_wenjian_beside_the_middle_one() -> None:
    boxes = [
        box("甲市财政局", 80, 100, size=27, red=True),
        box("甲市人力资源和社会保障局", 80, 135, size=27, red=True),
        box("国家税务总局甲市税务局", 80, 170, size=27, red=True),
        box("文件", 440, 120, size=34, red=True),
        box("甲财社发〔2023〕8号", 200, 240, size=16),
    ]
    assert [ln.text for ln in group_lines(boxes, 1)] == [
        "甲市财政局", "甲市人力资源和社会保障局", "国家税务总局甲市税务局", "文件",
        "甲财社发〔2023〕8号",
    ]


def test_wenjian_on_the_first_name_baseline_is_appended() -> None:
    boxes = [
        box("甲州财政局", 81, 136, size=34, red=True),
        box("文件", 435, 139, size=42.5, red=True),
        box("甲州民政局", 81, 180, size=34, red=True),
    ]
    assert [ln.text for ln in group_lines(boxes, 1)] == ["甲州财政局 文件", "甲州民政局"]


def test_body_lines_keep_their_order() -> None:
    boxes = [box(f"第{i}行正文内容", 80, 100 + 28 * i, size=16) for i in range(6)]
    boxes.append(box("2022年6月7日", 380, 100 + 28 * 6, size=16))
    lines = group_lines(boxes, 1)
    assert [ln.text for ln in lines][-1] == "2022年6月7日"
    assert [ln.text for ln in lines][:2] == ["第0行正文内容", "第1行正文内容"]


def _chars(text: str, x0: float, top: float, *, size: float = 16.0, height: float | None = None) -> list[TextBox]:
    """One box per character (OCR character boxes), ``height`` tall (OCR pads boxes)."""
    h = height if height is not None else size
    return [TextBox(ch, BBox(x0 + i * size, top, x0 + (i + 1) * size, top + h)) for i, ch in enumerate(text)]


def test_names_overlapping_in_x_at_close_heights_never_interleave() -> None:
    # Tall OCR boxes: two names whose x ranges overlap, 8 pt apart in height.
    boxes = _chars("阿图什市财政局", 300, 400, height=30) + _chars("克孜勒苏州民政局", 330, 408, height=30)
    texts = [ln.text for ln in group_lines(boxes, 1)]
    assert texts == ["阿图什市财政局", "克孜勒苏州民政局"]


NAME_A, NAME_B = "克孜勒苏柯尔克孜自治州财政局", "阿图什市民政局"


def _one_name_each(boxes: list[TextBox]) -> list[str]:
    texts = [ln.text.replace(" ", "") for ln in group_lines(boxes, 1)]
    for text in texts:  # a run of one name, or the two names one after the other
        assert any(text in s for s in (NAME_A, NAME_B, NAME_A + NAME_B)), text
    return texts


@given(
    gap=st.floats(min_value=0.0, max_value=80.0),
    dy=st.floats(min_value=-10.0, max_value=10.0),
    pad=st.floats(min_value=0.0, max_value=16.0),
)
@settings(max_examples=60, deadline=None)
def test_side_by_side_names_at_uneven_heights_never_interleave(gap: float, dy: float, pad: float) -> None:
    boxes = _chars(NAME_A, 80, 400, height=16 + pad) + _chars(NAME_B, 80 + 224 + gap, 400 + dy, height=16 + pad)
    assert "".join(_one_name_each(boxes)) == NAME_A + NAME_B


@given(
    shift=st.floats(min_value=-100.0, max_value=100.0),
    dy=st.floats(min_value=12.0, max_value=30.0),
    pad=st.floats(min_value=0.0, max_value=16.0),
)
@settings(max_examples=60, deadline=None)
def test_stacked_names_with_tall_boxes_never_interleave(shift: float, dy: float, pad: float) -> None:
    """Names one above the other (glyphs apart, padded OCR boxes overlapping)."""
    boxes = _chars(NAME_A, 200, 400, height=16 + pad) + _chars(NAME_B, 260 + shift, 400 + dy, height=16 + pad)
    assert _one_name_each(boxes) == [NAME_A, NAME_B]


def test_side_by_side_names_on_one_baseline_keep_a_gap() -> None:
    boxes = _chars("某某县财政局", 150, 400) + _chars("某某县民政局", 350, 403)
    (line,) = group_lines(boxes, 1)
    assert line.text == "某某县财政局 某某县民政局"


def test_a_minus_sign_read_as_one_beside_its_plus_is_put_back() -> None:
    from pipeline.layout.text import signs_back

    assert signs_back("与2021年相比面积增加（+）、减少（一）（亩）") == "与2021年相比面积增加（+）、减少（-）（亩）"
    assert signs_back("增加(+)减少(一)") == "增加(+)减少(-)"
    assert signs_back("（一）种粮补贴") == "（一）种粮补贴"  # a numbering with no plus beside it
