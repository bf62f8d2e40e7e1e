"""Type size of OCR lines by glyph pitch (parsers/ocr_type.py), and the long
title it lets the header follow on a scan (r05's five-line title)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.geometry import PageFrame
from parsers.header import parse_header
from parsers.ocr_type import glyph_pitch, larger_than_body, same_type
from pipeline.core.model import BBox, Line

CENTRE = 300.0


def _line(text: str, size: float, y: float, conf: float | None = 0.99, pad: float = 2.0,
          x0: float | None = None) -> Line:
    """A line of ``text`` in type ``size``, its box padded by ``pad`` above and below."""
    width = size * sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)
    left = CENTRE - width / 2 if x0 is None else x0
    return Line(text, BBox(left, y, left + width, y + size + 2 * pad), 1, confidence=conf,
                font_size=size + 2 * pad)


def test_pitch_reads_the_type_not_the_box() -> None:
    long_line = _line("重庆市财政局关于下达2020年农业可持续发展", 22, 270, pad=0)
    short = _line("专项", 22, 300, pad=4)  # the detector pads a short box more
    assert glyph_pitch(long_line) == 22 and glyph_pitch(short) == 22
    assert same_type(long_line, short)
    assert not same_type(long_line, _line("根据财政部关于下达农业可持续发展专项", 16, 330))
    assert glyph_pitch(_line("专", 22, 300)) is None  # one character says little


def test_text_layer_compares_stated_sizes() -> None:
    a = _line("关于下达资金的通知", 22, 100, conf=None)
    assert same_type(a, _line("专项", 22, 130, conf=None))
    assert not same_type(a, _line("专项", 22, 130, conf=None, pad=3))  # stated sizes differ
    assert larger_than_body(a, 16.0) and not larger_than_body(a, 24.0)  # 26 pt stated


@settings(deadline=None)
@given(st.integers(2, 20), st.integers(2, 20), st.floats(0, 6), st.floats(0, 2.5))
def test_one_type_whatever_the_padding(n: int, m: int, pad_a: float, pad_b: float) -> None:
    """二号 (22 pt) title lines, 三号 (16 pt) body lines; boxes padded as a
    detector pads them (a body box stays under the title's type: 16 + 2 x 2.5)."""
    a = _line("关" * n, 22, 100, pad=pad_a)
    b = _line("通" * m, 22, 140, pad=pad_b)
    body = _line("据" * m, 16, 180, pad=pad_b)
    assert same_type(a, b) and not same_type(a, body)
    # a body line's box (16 pt type, padded) is never taken for larger type; the title is
    assert larger_than_body(a, 16 + 2 * pad_b) and not larger_than_body(body, 16 + 2 * pad_b)


def test_a_scanned_title_over_five_lines_is_read_whole() -> None:
    frame = PageFrame(80.0, 520.0, 595.0, 19.0)
    lines = (
        _line("重庆市财政局文件", 46, 120, x0=None, pad=4),
        _line("渝财农〔2020〕146号", 16, 190),
        _line("重庆市财政局关于下达2020年农业可持续发展", 22, 270, pad=0),
        _line("专项", 22, 300, pad=4),
        _line("（畜禽粪污资源化利用整县推进项目和生猪规", 22, 334, pad=0),
        _line("模化", 22, 363, pad=4),
        _line("养殖场建设补助项目）资金预算的通知", 22, 397, pad=1),
        _line("有关区县（自治县）财政局：", 16, 446, x0=82),
        _line("根据《财政部关于下达2020年农业可持续发展专项（畜禽", 16, 473, x0=82),
    )
    h = parse_header(lines, frame)
    assert h.title is not None and h.title.value.endswith("资金预算的通知")
    assert h.title.value.startswith("重庆市财政局关于下达")
    assert h.recipients is not None and h.recipients.value == "有关区县（自治县）财政局"
