"""A 署名 printed with a stamp mark where the seal was (某某局（盖章）, or （章） on a line of its own
under the name): the signatories are the names alone."""

from __future__ import annotations

from parsers.signature import unstamped
from tests.layoutbuilder import LEFT, RIGHT, SIZE, line
from tests.test_closing_layout import assert_closing, at, head_and_body, imprint_lines, parse

CX = RIGHT - 4 * SIZE - 4 * SIZE


def test_names_followed_by_a_stamp_mark_on_their_lines() -> None:
    n = parse(*head_and_body(), at("某某市财政局（盖章）", CX, 400), at("某某市民政局（盖章）", CX, 470),
              line("2023年3月9日", 510, align="right"), *imprint_lines())
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_a_stamp_mark_on_a_line_of_its_own_under_each_name() -> None:
    n = parse(*head_and_body(), at("某某市财政局", CX, 400), at("（盖章）", CX, 424), at("某某市民政局", CX, 448),
              at("（盖章）", CX, 472), line("2023年3月9日", 500, align="right"), *imprint_lines())
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_side_by_side_names_with_stamp_marks() -> None:
    slot = (RIGHT - LEFT) / 2
    sig = [at(nm + "（盖章）", LEFT + slot * (i + 0.5), 420) for i, nm in enumerate(["某某市财政局", "某某市民政局"])]
    n = parse(*head_and_body(), *sig, line("2023年3月9日", 460, align="right"), *imprint_lines())
    assert_closing(n, ["某某市财政局", "某某市民政局"])


def test_only_a_stamp_mark_is_taken_off_a_line() -> None:
    keep = at("赣州市章贡区财政局", CX, 400)
    assert unstamped(keep) is keep
    assert unstamped(at("某某市财政局 （ 公章 ）", CX, 400)).text == "某某市财政局"
    assert unstamped(at("（盖章）", CX, 400)).text == ""
