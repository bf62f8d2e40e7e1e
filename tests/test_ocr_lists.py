"""OCR repair of lists of names (parsers/ocr_lists.py): the separator lost between
two whole names put back; a name under its parent, or one not in the vocabulary, left whole."""

from __future__ import annotations

import pytest

from parsers.imprint import find_imprint
from parsers.ocr_lists import (
    split_glued_items,
    split_glued_organs,
    split_glued_quantities,
    split_glued_regions,
    split_glued_specs,
    split_glued_towns,
)
from pipeline.checks.notice import check_notice
from pipeline.core.model import BBox, Line, Notice, SourceFile


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("福州市卫生和计划生育委员会福州市财政局", "福州市卫生和计划生育委员会、福州市财政局"),
        ("省财政厅省民政厅", "省财政厅、省民政厅"),
        ("江门市财政局，江门市卫生健康局江门市审计局", "江门市财政局，江门市卫生健康局，江门市审计局"),  # the list's own mark
        ("财政部江西监管局", "财政部江西监管局"),  # an organ under its parent: no organ word of a region after 财政部
        ("人民银行益阳市中心支行", "人民银行益阳市中心支行"),
        ("省财政厅、省民政厅", "省财政厅、省民政厅"),
        ("区委办区政府办", "区委办区政府办"),  # not in the vocabulary: left as read
    ],
)
def test_glued_organ_names_are_split_where_the_vocabulary_reads_two(read: str, listed: str) -> None:
    assert split_glued_organs(read) == listed


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("含昔阳县和顺县", "含昔阳县、和顺县"),
        ("平定县昔阳县和顺县", "平定县、昔阳县、和顺县"),  # counties of one province
        ("太原市大同市", "太原市、大同市"),
        ("晋中市昔阳县", "晋中市昔阳县"),  # a parent and its child: one name
        ("山西省太原市", "山西省太原市"),
        ("含市本级", "含市本级"),
        ("福州市鼓楼区台江区", "福州市鼓楼区台江区"),  # 鼓楼区: several divisions, no region given
    ],
)
def test_glued_region_names_of_one_level_are_split(read: str, listed: str) -> None:
    assert split_glued_regions(read) == listed


def test_a_name_several_divisions_bear_is_read_within_the_row() -> None:
    assert split_glued_regions("含鼓楼区台江区", within="福州市") == "含鼓楼区、台江区"


def _line(text: str, top: float, confidence: float | None) -> Line:
    return Line(text=text, bbox=BBox(90, top, 420, top + 17), page=2, confidence=confidence)


def test_cc_read_glued_is_listed_marked_and_reported() -> None:
    lines = (
        _line("抄送:福州市卫生和计划生育委员会福州市财政局", 694, 0.9857),
        _line("福清市卫生和计划生育局办公室  2017年3月29日印发", 719, 0.99),
    )
    imprint = find_imprint(lines, 0)
    assert imprint.cc is not None
    assert imprint.cc.value == "福州市卫生和计划生育委员会、福州市财政局"
    assert imprint.cc.prov.repaired_from == "福州市卫生和计划生育委员会福州市财政局"
    n = Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 2, 2), text_source="ocr", cc=imprint.cc)
    (low,) = [f for f in check_notice(n) if f.code == "LOW_CONFIDENCE"]
    assert low.subject == "cc" and low.page == 2
    printed = find_imprint(tuple(Line(ln.text, ln.bbox, ln.page) for ln in lines), 0)
    assert printed.cc is not None and printed.cc.value == "福州市卫生和计划生育委员会福州市财政局"  # text layer


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("一分区、二分区三分区", "一分区、二分区、三分区"),
        ("洛克乡、宗朗乡夏合甫乡", "洛克乡、宗朗乡、夏合甫乡"),
        ("一分区、二分区、三分区", "一分区、二分区、三分区"),  # nothing lost
        # a lead-in item and a last item ending alike (费) but far longer than the list's items
        ("因免除学生学费、住宿费、教科书费补充学校公用经费", "因免除学生学费、住宿费、教科书费补充学校公用经费"),
        # figures with their unit (元) end many a clause: not names
        ("高中每生2000元、非高中每生1600元标准投入183.82万元", "高中每生2000元、非高中每生1600元标准投入183.82万元"),
        ("伯西热克乡水利局", "伯西热克乡水利局"),  # no list to compare with: nothing to tell
    ],
)
def test_a_list_item_that_is_two_like_items_is_cut(read: str, listed: str) -> None:
    assert split_glued_items(read) == listed


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("新建3000平方米加工厂房3000平方米储存厂房", "新建3000平方米加工厂房、3000平方米储存厂房"),
        ("新建11000平方米仓储用房（含2700平方米冷库）4000平方米配送中心", "新建11000平方米仓储用房（含2700平方米冷库）、4000平方米配送中心"),
        ("初中41人（含住宿生19人）", "初中41人（含住宿生19人）"),  # in brackets: part of the item
        ("基础设施1个项目和合作社等3个农业开发项目", "基础设施1个项目和合作社等3个农业开发项目"),  # 等 joins
        ("补助进度款45.63万元及2018年3个村级服务场所", "补助进度款45.63万元及2018年3个村级服务场所"),  # a year before
        ("新建厂房3000平方米、仓库2000平方米", "新建厂房3000平方米、仓库2000平方米"),  # separated already
        ("建设道路3公里，配套桥梁2座", "建设道路3公里，配套桥梁2座"),  # two units
        ("年产420吨工业芴和年产500吨蒽醌生产项目", "年产420吨工业芴和年产500吨蒽醌生产项目"),  # a verb of output
        ("扩建厂房500平方米建设规模800平方米", "扩建厂房500平方米建设规模800平方米"),  # a measure word's own
        # the items print their quantity last: the second item starts after the first quantity
        ("新建中型淤地坝2座小型淤地坝5座", "新建中型淤地坝2座、小型淤地坝5座"),
        ("新建中型淤地坝2座和小型淤地坝5座", "新建中型淤地坝2座和小型淤地坝5座"),  # 和 joins
    ],
)
def test_a_second_quantity_in_one_unit_after_a_noun_starts_an_item(read: str, listed: str) -> None:
    assert split_glued_quantities(read) == listed


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("阿不都拉乡阿西尔乡", "阿不都拉乡、阿西尔乡"),
        ("东关街道西关街道、南关镇", "东关街道、西关街道、南关镇"),
        ("大河乡小河镇中河乡", "大河乡、小河镇、中河乡"),
        ("城关镇", "城关镇"),  # one name
        ("新乡镇", "新乡镇"),  # no two names of two characters or more
        ("乡村振兴示范镇", "乡村振兴示范镇"),
        ("塔城市农产品集聚区塔城市冠元牧业公司", "塔城市农产品集聚区塔城市冠元牧业公司"),  # no townships
    ],
)
def test_two_township_names_read_as_one_are_cut(read: str, listed: str) -> None:
    assert split_glued_towns(read) == listed


@pytest.mark.parametrize(
    ("read", "listed"),
    [
        ("排水工程主管D300支管D160，直径1米检查井28座", "排水工程主管D300、支管D160，直径1米检查井28座"),
        ("主管D300、支管D160", "主管D300、支管D160"),  # separated already
        ("15cm厚C25水泥混凝土面层+16cm厚8%水泥稳定土基层", "15cm厚C25水泥混凝土面层+16cm厚8%水泥稳定土基层"),
        ("采用C25混凝土C30", "采用C25混凝土C30"),  # the parts not named alike
        ("主管D300支管DN160", "主管D300支管DN160"),  # codes of other letters
    ],
)
def test_two_like_parts_with_size_codes_read_as_one_are_cut(read: str, listed: str) -> None:
    assert split_glued_specs(read) == listed


def test_an_item_glued_to_one_its_column_prints_on_its_own_is_cut() -> None:
    from parsers.ocr_lists import split_column_items

    column = ["洛克乡、水利局", "宗朗乡、水利局", "夏合甫乡、水利局", "伯西热克乡水利局", "萨依巴格乡"]
    assert split_column_items(column)[3] == "伯西热克乡、水利局"
    assert split_column_items(column)[:3] == tuple(column[:3])
    assert split_column_items(["洛克乡、水利局", "宗朗乡", "伯西热克乡水利局"])[2] == "伯西热克乡水利局"  # one row: no proof
    assert split_column_items(["县水利局", "县水利局", "城关镇水利局"])[2] == "城关镇水利局"  # no item of its own


def test_a_clause_glued_to_a_quantity_takes_the_separator_its_column_prints_there() -> None:
    """A 主要建设内容 column read from a scan: the ``，`` that hangs past a full cell line is lost into the
    column rule (``…4.8公里`` / ``新建谷坊12座``); the column prints 新建 and 配套 after a quantity and ``，``."""
    from parsers.ocr_lists import split_column_clauses

    column = [
        "新修水平梯田1.5万亩配套田间道路",
        "改造供水管网24公里，新建加压泵站2座",
        "治理山洪沟道4.8公里新建谷坊12座",
        "新建集雨水窖420眼，配套净化设施",
    ]
    assert split_column_clauses(column) == (
        "新修水平梯田1.5万亩，配套田间道路",
        column[1],
        "治理山洪沟道4.8公里，新建谷坊12座",
        column[3],
    )
    # no cell of the column prints the word after a quantity and a separator: nothing to tell
    assert split_column_clauses(["治理山洪沟道4.8公里新建谷坊12座", "新建防洪堤2.6公里，加固河堤"])[0] == "治理山洪沟道4.8公里新建谷坊12座"
    assert split_column_clauses(["新建3000平方米加工厂房"]) == ("新建3000平方米加工厂房",)
