"""OCR: a 发文机关标志 that lost its red on a grey scan is no part of the title (parsers/ocr_mark.py)."""

from __future__ import annotations

from parsers.notice import parse_notice
from parsers.ocr_mark import is_mark_line
from pipeline.core.model import Notice
from tests.layoutbuilder import layout, line

BODY = "现将验收结果予以公示，公示期内如有异议，请向本局反映，联系电话略。"
ORGAN = "某某市某某区农业农村局"
TITLE = ["关于某村茶园数字化建设项目", "验收结果及拨付资金的公示"]


def _notice(mark_size: float, *, conf: float | None = 0.99, red: bool = False, mark: str = ORGAN) -> Notice:
    blocks = [line(mark, 80, align="centre", size=mark_size, conf=conf, red=red)]
    y = 150.0
    for t in TITLE:
        blocks.append(line(t, y, align="centre", size=22, conf=conf))
        y += 33
    for k in range(8):
        blocks.append(line(BODY, y + 30 + 28 * k, align="full", indent=32 if k == 0 else 0.0, conf=conf))
    return parse_notice(layout(*blocks))


def test_a_grey_mark_larger_than_the_title_is_the_issuer() -> None:
    n = _notice(30)
    assert [f.value for f in n.issuers] == [ORGAN]
    assert n.title is not None and n.title.value == "".join(TITLE)
    assert n.issuers[0].prov.bbox is not None and n.issuers[0].prov.bbox.top == 80


def test_a_mark_printed_as_a_file_mark_drops_its_word() -> None:
    n = _notice(30, mark=ORGAN + "文件")
    assert [f.value for f in n.issuers] == [ORGAN]


def test_a_title_that_breaks_after_the_organ_in_one_type_keeps_it() -> None:
    n = _notice(22)
    assert n.issuers == ()
    assert n.title is not None and n.title.value == ORGAN + "".join(TITLE)


def test_a_text_layer_title_is_left_to_the_header() -> None:
    n = _notice(22, conf=None)
    assert n.title is not None and n.title.value.startswith(ORGAN)


def test_a_mark_line_is_a_bare_organ_name() -> None:
    title = line(TITLE[0], 150, align="centre", size=22, conf=0.99)
    assert is_mark_line(line(ORGAN, 80, align="centre", size=30, conf=0.99), title)
    assert not is_mark_line(line(ORGAN + "关于", 80, align="centre", size=30, conf=0.99), title)
    assert not is_mark_line(line("2024年度茶园数字化建设", 80, align="centre", size=30, conf=0.99), title)
    assert not is_mark_line(line(ORGAN, 80, align="centre", size=24, conf=0.99), title)  # one type, nearly
    assert not is_mark_line(line(ORGAN, 80, align="centre", size=30), title)  # a text layer's
