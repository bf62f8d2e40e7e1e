"""OCR slips (a stray digit glued to a figure, a look-alike digit) put back by
the table's sums: parsers/normalize/ocr_slips.py, its use on allocation
tables (parsers/ocr_rows.py) and on count columns (ocr_count_notes.py)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parsers.allocation import parse_allocation_table
from parsers.normalize.ocr_count_notes import settle_count_notes
from parsers.normalize.ocr_repair import infer_from_sum, repair_amount
from parsers.normalize.ocr_slips import LOOKALIKE_DIGITS, find_slips, glyph_edits, settle_one_sum
from pipeline.checks.allocation import check_table_sums
from pipeline.checks.confidence import check_confidence
from pipeline.core.model import AllocationRow, AllocationTable, Notice, Provenance, SourceFile
from tests.tablebuilder import table

At = tuple[int, int]


def test_glyph_edits_drop_a_stray_digit_or_change_a_look_alike() -> None:
    edits = dict(glyph_edits("13272512.2"))
    assert edits[D("3272512.2")] == "stray"  # a digit glued before
    assert D("1327251.2") not in edits  # no trailing drop in a decimal figure: the point would move
    assert dict(glyph_edits("116248"))[D("11624")] == "stray"  # a trailing 8 glued after
    assert dict(glyph_edits("138"))[D("188")] == "lookalike"
    assert D("1380") not in dict(glyph_edits("138"))  # never a digit added
    assert D(138) not in dict(glyph_edits("138"))  # the value as read is no edit
    assert glyph_edits("1,234")  # a grouped figure is a figure
    assert glyph_edits("无") == () and glyph_edits("1.2.3") == ()
    assert all(not str(v).startswith("0") or v == 0 for v, _ in glyph_edits("80"))  # no leading zero made


# --- a grid with row totals (column 0) and a total row (the last) --------------------


def _grid(parts: list[list[int]]) -> tuple[dict[At, D], list[list[At]]]:
    """Values of a table whose rows carry their total in column 0 and whose
    last row totals the others, and its sum lines (total first)."""
    rows = [[sum(r), *r] for r in parts]
    rows.append([sum(col) for col in zip(*rows, strict=True)])
    values = {(i, j): D(v) for i, r in enumerate(rows) for j, v in enumerate(r)}
    n, m = len(rows), len(rows[0])
    lines = [[(i, 0), *((i, j) for j in range(1, m))] for i in range(n)]
    lines += [[(n - 1, j), *((i, j) for i in range(n - 1))] for j in range(m)]
    return values, lines


def _slip(value: int, how: int, where: int, extra: int) -> str | None:
    """``value`` as OCR may misread it: a digit glued before (how 0) or after
    (1), or one digit changed for a look-alike (2). None if that cannot be."""
    s = str(value)
    if how == 0:
        return str(extra % 9 + 1) + s
    if how == 1:
        return s + str(extra % 10)
    k = where % len(s)
    partners = sorted({x for p in LOOKALIKE_DIGITS if s[k] in p for x in p} - {s[k]})
    if not partners:
        return None
    out = s[:k] + partners[extra % len(partners)] + s[k + 1 :]
    return None if out[0] == "0" else out


grids = st.lists(
    st.lists(st.integers(min_value=1, max_value=99_999), min_size=2, max_size=3), min_size=2, max_size=4
).filter(lambda rows: len({len(r) for r in rows}) == 1)


@settings(max_examples=60, deadline=None)
@given(grids)
def test_a_table_that_adds_up_never_changes(parts: list[list[int]]) -> None:
    values, lines = _grid(parts)
    texts = {c: str(v) for c, v in values.items()}
    assert find_slips(values, texts, lines) == {}
    assert find_slips(values, texts, lines, min_lines=1) == {}


@settings(max_examples=150, deadline=None)
@given(grids, st.data())
def test_one_planted_slip_is_found_and_put_back(parts: list[list[int]], data: st.DataObject) -> None:
    values, lines = _grid(parts)
    cell = data.draw(st.sampled_from(sorted(values)))
    read = _slip(int(values[cell]), *(data.draw(st.integers(0, 50)) for _ in range(3)))
    assume(read is not None and read != str(values[cell]))
    assert read is not None
    texts = {c: str(v) for c, v in values.items()} | {cell: read}
    seen = values | {cell: D(read)}
    assert find_slips(seen, texts, lines) == {cell: values[cell]}


@settings(max_examples=400, deadline=None)
@given(grids, st.data())
def test_two_slips_in_one_row_or_column_are_never_put_back_wrongly(
    parts: list[list[int]], data: st.DataObject
) -> None:
    values, lines = _grid(parts)
    line = data.draw(st.sampled_from(lines))
    a, b = data.draw(st.lists(st.sampled_from(line), min_size=2, max_size=2, unique=True))
    texts = {c: str(v) for c, v in values.items()}
    seen = dict(values)
    for c in (a, b):
        read = _slip(int(values[c]), *(data.draw(st.integers(0, 50)) for _ in range(3)))
        assume(read is not None and read != texts[c])
        assert read is not None
        texts[c], seen[c] = read, D(read)
    for c, v in find_slips(seen, texts, lines).items():
        assert v == values[c]  # put back to what was printed, or left as read


counts = st.lists(st.integers(min_value=100, max_value=99_999), min_size=3, max_size=25)


@settings(max_examples=150, deadline=None)
@given(counts, st.data())
def test_a_count_column_by_its_total_alone(column: list[int], data: st.DataObject) -> None:
    """One sum only: one slip is put back when one edit alone fits, two
    glued digits when one pair of drops alone fits; never to a wrong value."""
    line = list(range(len(column) + 1))  # 0: the total row
    values = {0: D(sum(column))} | {i + 1: D(v) for i, v in enumerate(column)}
    texts = {c: str(v) for c, v in values.items()}
    seen = dict(values)
    slipped = data.draw(st.lists(st.sampled_from(line), min_size=1, max_size=2, unique=True))
    for c in slipped:
        read = _slip(int(values[c]), data.draw(st.integers(0, 1)), 0, data.draw(st.integers(0, 50)))
        assert read is not None
        texts[c], seen[c] = read, D(read)
    found = settle_one_sum(seen, texts, line)
    for c, v in found.items():
        assert v == values[c]
    assert find_slips(values, {c: str(v) for c, v in values.items()}, [line], min_lines=1) == {}
    assert settle_one_sum(values, {c: str(v) for c, v in values.items()}, line) == {}


def test_two_fitting_edits_in_one_sum_repair_nothing() -> None:
    # 20 + 30 = 50 read as 20, 38 (a look-alike 8) ... and a second candidate that fits as well
    values = {0: D(50), 1: D(28), 2: D(30)}
    texts = {0: "50", 1: "28", 2: "30"}
    # 28 -> 20 (8 for 0) fits; 50 -> 58 (0 for 8) fits too: two edits, no repair
    assert find_slips(values, texts, [[0, 1, 2]], min_lines=1) == {}
    assert settle_one_sum(values, texts, [0, 1, 2]) == {}


# --- on allocation tables ----------------------------------------------------------

HEAD = ["地区", "合计", "中央资金", "省级资金"]
BODY = [["武江区", "300", "200", "100"], ["浈江区", "1150", "1000", "150"], ["曲江区", "80", "50", "30"]]
TOTAL = ["合计", "1530", "1250", "280"]


def _notice(t: AllocationTable) -> Notice:
    return Notice(source=SourceFile("a.pdf", "a.pdf", "0" * 64, 1, 3), text_source="ocr", allocation_tables=(t,))


def test_a_figure_both_sums_contradict_is_put_back_and_reported() -> None:
    rows = [HEAD, BODY[0], ["浈江区", "1150", "11000", "150"], BODY[2], TOTAL]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].values == (D(1150), D(1000), D(150))
    assert t.rows[1].value_provs[1].repaired_from == "11000"
    assert check_table_sums(0, t) == []
    low = [f for f in check_confidence(_notice(t)) if f.subject == "allocation_tables[0].rows[1].values[1]"]
    assert low and "'11000'" in low[0].message and "1000" in low[0].message


def test_a_figure_only_one_sum_contradicts_is_left_as_read() -> None:
    # no total column: each figure has its column sum only, which cannot say which cell is off
    rows = [["地区", "中央资金", "省级资金"], ["武江区", "200", "100"], ["浈江区", "1000", "158"],
            ["曲江区", "50", "30"], ["合计", "1250", "280"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].values == (D(1000), D(158))
    assert all(p.repaired_from is None for r in t.rows for p in r.value_provs)


def test_two_slips_in_one_row_are_put_back_together_when_their_columns_call_for_them() -> None:
    rows = [HEAD, BODY[0], ["浈江区", "1150", "11000", "750"], BODY[2], TOTAL]  # 1 read 7
    t = parse_allocation_table(table(rows, confidence=0.95))
    # the row sum's difference is neither cell's alone; each column names its one edit, and the row then holds
    assert t.rows[1].values == (D(1150), D(1000), D(150))
    assert [p.repaired_from for p in t.rows[1].value_provs] == [None, "11000", "750"]
    assert check_table_sums(0, t) == []


def test_two_slips_whose_edits_leave_a_sum_failing_are_left_as_read() -> None:
    # 158: its column could be fixed by 158 -> 150 or by the total 280 -> 288: no proposal, nothing put back
    rows = [HEAD, BODY[0], ["浈江区", "1150", "11000", "158"], BODY[2], TOTAL]
    assert parse_allocation_table(table(rows, confidence=0.95)).rows[1].values == (D(1150), D(11000), D(158))
    rows = [HEAD, BODY[0], ["浈江区", "1150", "11000", "153"], BODY[2], TOTAL]  # 153: no one-glyph way to 150
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].values == (D(1150), D(11000), D(153))


def test_a_text_layer_is_never_repaired() -> None:
    rows = [HEAD, BODY[0], ["浈江区", "1150", "11000", "150"], BODY[2], TOTAL]
    t = parse_allocation_table(table(rows))
    assert t.rows[1].values[1] == D(11000)
    assert [f.code for f in check_table_sums(0, t)] == ["ALLOCATION_COLUMN_SUM", "ALLOCATION_ROW_SUM"]


def test_a_figure_read_as_letters_is_inferred_from_the_total() -> None:
    rows = [["地区", "金额"], ["武江区", "9"], ["浈江区", "ro"], ["曲江区", "8"], ["合计", "27"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert t.rows[1].values == (D(10),)
    assert t.rows[1].value_provs[0].repaired_from == "ro"
    assert not t.uncertain
    low = [f for f in check_confidence(_notice(t)) if "'ro'" in f.message]
    assert low and "inferred as 10" in low[0].message and "read as letters" in low[0].message
    assert repair_amount("ro", 0).status == "unreadable"
    assert infer_from_sum(repair_amount("ro", 0), D(11)).value is None  # o is a 0, not a 1
    assert infer_from_sum(repair_amount("ro", 0), D(100)).value is None  # one glyph per digit
    assert repair_amount("km", 0).status == "text"  # letters with no digit look-alike are text


# --- count columns (notes) by their 合计 row ------------------------------------------


def _count_table(counts: list[str], total: str, confidence: float | None = 0.95) -> AllocationTable:
    prov = Provenance(page=1, confidence=confidence)
    rows = [
        AllocationRow(f"单位{i}", f"单位{i}", (D(1),), False, notes=(("服务人口（人）", c),), prov=prov)
        for i, c in enumerate(counts)
    ]
    rows.append(AllocationRow("合计", "合计", (D(len(counts)),), True, notes=(("服务人口（人）", total),), prov=prov))
    return AllocationTable(attachment=None, title=None, unit="元", columns=("金额",), rows=tuple(rows))


def test_count_slips_put_back_by_the_total_row_and_reported() -> None:
    t = settle_count_notes(_count_table(["20977", "116248", "168538", "5318"], "54772"))
    assert [dict(r.notes)["服务人口（人）"] for r in t.rows[:4]] == ["20977", "11624", "16853", "5318"]
    assert t.rows[1].notes_read == (("服务人口（人）", "116248"),)
    low = [f for f in check_confidence(_notice(t)) if "116248" in f.message]
    assert low and "one digit stray" in low[0].message


def test_count_columns_of_a_text_layer_or_adding_up_stay() -> None:
    same = _count_table(["20977", "116248", "168538", "5318"], "54772", confidence=None)
    assert settle_count_notes(same) is same
    fine = _count_table(["20977", "11624", "16853", "5318"], "54772")
    assert settle_count_notes(fine) is fine
    subtotal = replace(fine, rows=(*fine.rows[:-1], replace(fine.rows[-1], region_as_printed="小计")))
    assert settle_count_notes(subtotal) is subtotal


# --- the checks: a scan's sum a misread figure may explain is a warning --------------

ONE_SUM = [["地区", "金额"], ["武江区", "100"], ["浈江区", "{}"], ["曲江区", "105"], ["合计", "355"]]


def _one_sum(cell: str, confidence: float | None) -> AllocationTable:
    rows = [[c.format(cell) for c in r] for r in ONE_SUM]
    return parse_allocation_table(table(rows, confidence=confidence))


def test_a_scans_sum_one_glyph_can_explain_is_a_warning_naming_the_table() -> None:
    t = _one_sum("158", 0.95)  # 150 printed, 3 and 8 look alike; nothing else settles which figure
    assert t.rows[1].values == (D(158),)
    flags = check_table_sums(0, t)
    assert [(f.code, f.severity) for f in flags] == [("LOW_CONFIDENCE", "warning")]
    assert "allocation table 1" in flags[0].message and "'浈江区' (金额) 158" in flags[0].message


def test_a_sum_no_single_glyph_explains_or_a_text_layer_stays_an_error() -> None:
    assert [f.code for f in check_table_sums(0, _one_sum("153", 0.95))] == ["ALLOCATION_COLUMN_SUM"]
    assert [f.code for f in check_table_sums(0, _one_sum("158", None))] == ["ALLOCATION_COLUMN_SUM"]


def test_a_figure_other_sums_confirm_keeps_the_error() -> None:
    # the total row adds up across (1540 = 1250 + 290) and each row adds up: the 省级 total is
    # confirmed by its row, every member by theirs: the column error is the print's
    rows = [HEAD, BODY[0], BODY[1], BODY[2], ["合计", "1540", "1250", "290"]]
    t = parse_allocation_table(table(rows, confidence=0.95))
    assert {f.code for f in check_table_sums(0, t)} == {"ALLOCATION_COLUMN_SUM"}


def test_a_count_read_as_no_figure_is_inferred_from_its_subtotal_and_reported() -> None:
    from parsers.normalize.ocr_count_notes import unread_counts_inferred

    t = _count_table(["5", "C", "4", "2"], "13")  # a 小计 of 13 over its counties; a lone 2 read C
    t = replace(t, rows=(t.rows[-1], *t.rows[:-1]), row_parts=((0, ((1, 2, 3, 4),)),))
    fixed = unread_counts_inferred(t)
    assert [dict(r.notes)["服务人口（人）"] for r in fixed.rows] == ["13", "5", "2", "4", "2"]
    assert fixed.rows[2].notes_read == (("服务人口（人）", "C"),)
    low = [f for f in check_confidence(_notice(fixed)) if "'C'" in f.message]
    assert low and "inferred from its aggregate row" in low[0].message
    for cell in ("—", "CC", "C"):  # a blank mark; two glyphs for one digit; a figure of 0 or less
        row_sum = "11" if cell == "C" else "13"
        other = replace(t, rows=(replace(t.rows[0], notes=(("服务人口（人）", row_sum),)),
                                 *(replace(r, notes=(("服务人口（人）", cell),)) if i == 1 else r
                                   for i, r in enumerate(t.rows[1:]))))
        assert unread_counts_inferred(other) == other, cell
    two = replace(t, rows=(*t.rows[:3], replace(t.rows[3], notes=(("服务人口（人）", "X"),)), t.rows[4]))
    assert unread_counts_inferred(two) == two  # two cells unread: the sum fixes neither
    layer = replace(t, rows=tuple(replace(r, prov=Provenance(page=1)) for r in t.rows))
    assert unread_counts_inferred(layer) == layer


def test_a_lone_zero_not_read_at_all_is_inferred_where_the_column_prints_its_zeros() -> None:
    from parsers.normalize.ocr_count_notes import unread_counts_inferred

    def table(counts: list[str], total: str) -> AllocationTable:
        t = _count_table(counts, total)
        return replace(t, row_parts=((len(counts), (tuple(range(len(counts))),)),))

    fixed = unread_counts_inferred(table(["0", "", "1", "0", "2"], "3"))
    assert [dict(r.notes)["服务人口（人）"] for r in fixed.rows] == ["0", "0", "1", "0", "2", "3"]
    assert fixed.rows[1].notes_read == (("服务人口（人）", ""),)  # reported as inferred
    # the sum leaves more than 0 (no lone 0 lost), or the column prints no 0 elsewhere (a blank column style)
    for counts, total in ((["0", "", "1", "0", "2"], "4"), (["1", "", "1", "3", "2"], "7")):
        assert unread_counts_inferred(table(counts, total)) == table(counts, total)
