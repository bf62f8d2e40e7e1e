"""Where OCR is spent: table cells cut into lines, text bands, width-grouped batches (no engine)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from pipeline.core.model import Ruling
from pipeline.read.ocr import regions
from pipeline.read.ocr.parts import _turn_quad
from pipeline.read.ocr.rapid import det_scale, result_boxes, width_groups
from tests.pagebuilder import draw_grid

DPI = 200
PX = DPI / 72.0


def _page(h: int = 1400, w: int = 1000) -> np.ndarray:
    return np.full((h, w, 3), 255, dtype=np.uint8)


def _ink(img: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> None:
    img[y0:y1, x0:x1] = 0


def _table(img: np.ndarray, xs: list[int], ys: list[int]) -> tuple[Ruling, ...]:
    """Draw a ruled grid (pixel positions) and return its rulings in points."""
    return draw_grid(img, xs, ys, PX)


def _glyphs(img: np.ndarray, x: int, y: int, n: int, size: int = 28) -> None:
    """``n`` character-sized blobs on one line (a line of text, as ink)."""
    for i in range(n):
        _ink(img, x + i * (size + 4), y, x + i * (size + 4) + size - 6, y + size)


def test_cells_of_a_grid_are_cut_into_their_lines() -> None:
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 5)  # one line in cell (0, 0)
    _glyphs(img, 520, 520, 4)  # two lines in cell (1, 1)
    _glyphs(img, 520, 580, 3)
    cells = regions.table_cells(rulings, DPI, img.shape)
    assert len(cells) == 4
    lines = regions.cell_lines(regions.ink_mask(img), cells, DPI)
    by_cell: dict[int, list[regions.Rect]] = {}
    for rect, cell, _em in lines:
        by_cell.setdefault(cell, []).append(rect)
    assert sorted(len(v) for v in by_cell.values()) == [1, 2]  # blank cells read nothing
    for rect, cell, _em in lines:
        cx0, cy0, cx1, cy1 = cells[cell].rect
        assert cx0 < rect[0] < rect[2] < cx1 and cy0 < rect[1] < rect[3] < cy1  # rulings stay out
    two = sorted(next(v for v in by_cell.values() if len(v) == 2), key=lambda r: r[1])
    assert two[0][3] <= two[1][1] + 1  # the two lines do not overlap


def test_a_speck_makes_no_line_but_a_mark_beside_the_text_stays_in_it() -> None:
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 3)
    _ink(img, 214, 452, 219, 458)  # a full stop right after the line
    _ink(img, 400, 470, 404, 474)  # a speck of dust far from it, lower down
    _glyphs(img, 520, 430, 3)
    cells = regions.table_cells(rulings, DPI, img.shape)
    lines = [r for r, c, _em in regions.cell_lines(regions.ink_mask(img), cells, DPI) if c == 0]
    assert len(lines) == 1
    assert lines[0][2] > 219 and lines[0][2] < 390  # the stop is in, the speck is out


def test_a_small_grid_is_no_table() -> None:
    img = _page()
    rulings = _table(img, [400, 450, 500], [400, 450, 500])  # 100 px: the arcs of a seal
    assert regions.table_cells(rulings, DPI, img.shape) == ()


def test_bands_leave_out_tables_margins_and_blank_space() -> None:
    img = _page()
    _glyphs(img, 150, 100, 10)  # a title
    _glyphs(img, 150, 160, 12)  # the line under it: one band with the title
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 5)
    _glyphs(img, 150, 1000, 6)  # a paragraph far below
    cells = regions.table_cells(rulings, DPI, img.shape)
    grids = regions.grid_rects(cells, DPI, img.shape)
    bands = regions.text_bands(regions.ink_mask(img), DPI, skip=grids)
    assert len(bands) == 2
    (x0, y0, x1, y1), (_, y2, _, y3) = bands
    assert (y0, y1) == (100, 188) and x0 == 150 and x1 < 600
    assert (y2, y3) == (1000, 1028)
    area = sum((b[2] - b[0]) * (b[3] - b[1]) for b in bands)
    assert area < 0.1 * img.shape[0] * img.shape[1]


def test_a_band_canvas_shows_only_its_band_on_white() -> None:
    img = _page()
    _glyphs(img, 150, 100, 3)
    _ink(img, 150, 140, 400, 150)  # something just below the band
    canvas, (dx, dy) = regions.band_canvas(img, (150, 100, 240, 128), 20, skip=((150, 100, 170, 128),))
    assert canvas.shape[:2] == (28 + 40, 90 + 40) and (dx, dy) == (130, 80)
    assert canvas[:20].min() == 255 and canvas[-20:].min() == 255  # the neighbours' ink is not there
    assert canvas[20:48, 20:40].min() == 255  # the skipped part is whitened
    assert canvas[20:48, 60:80].min() == 0


def test_recognition_batches_group_lines_of_similar_width() -> None:
    ratios = [1.0, 8.0, 1.1, 20.0, 1.2, 8.5, 1.3]
    groups = width_groups(ratios, group=1.25, most=3)
    assert [sorted(ratios[i] for i in g) for g in groups] == [[1.0, 1.1, 1.2], [1.3], [8.0, 8.5], [20.0]]
    assert sorted(i for g in groups for i in g) == list(range(len(ratios)))


def test_detection_scale_is_the_whole_pages() -> None:
    assert det_scale((2339, 1654, 3), 1280) == 1280 / 2339
    assert det_scale((800, 600, 3), 1280) == 1.0


def test_a_quad_turns_with_the_page() -> None:
    quad = np.array([[10, 20], [110, 20], [110, 50], [10, 50]], dtype=np.float32)
    turned = _turn_quad(quad, 1000, 1400)
    assert turned.tolist() == [[890, 1350], [990, 1350], [990, 1380], [890, 1380]]


def test_dense_bench_picks_the_densest_whole_documents(tmp_path: Path) -> None:
    from pipeline.tools.dense_bench import density, pick_dense

    src = next(Path("samples").glob("w*/scan.pdf"))
    for name, boxes in (("a", 10), ("b", 60), ("c", 30)):
        d = tmp_path / name / "ocr"
        d.mkdir(parents=True)
        (d.parent / "scan.pdf").write_bytes(src.read_bytes())
        (d.parent / "expected.json").write_text("{}")
        (d / "page-001.json").write_text(json.dumps({"boxes": [[]] * boxes}))
    scans = sorted(tmp_path.glob("*/scan.pdf"))
    assert density(scans[1]) == 60
    picked = pick_dense(scans, limit_pages=1)
    assert [p.parent.name for p in picked] == ["b"]


class _FakeParts:
    """Records what the detector and the recogniser are given."""

    text_score = 0.5

    def __init__(self) -> None:
        self.bands: list[regions.Rect] = []
        self.crops: list[tuple[int, int]] = []
        self.images: list[np.ndarray] = []
        self.quads: list[np.ndarray] = []

    def detect(self, image: np.ndarray, bands: list[regions.Rect], skip: list[regions.Rect] = ()) -> np.ndarray:
        self.bands.extend(bands)
        return np.asarray([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]] for x0, y0, x1, y1 in bands], dtype=np.float32)

    def read_page(self, image: np.ndarray, quads: np.ndarray) -> SimpleNamespace:
        n = len(quads)
        return SimpleNamespace(boxes=quads, txts=("国库集中支付",) * n, scores=(0.99,) * n, word_results=())

    def read(self, crops: list[np.ndarray], quads: list[np.ndarray]) -> list[tuple[str, float, tuple[()]]]:
        self.crops.extend(c.shape[:2] for c in crops)
        self.images.extend(crops)
        self.quads.extend(np.asarray(q) for q in quads)
        return [("国库集中支付", 0.99, ()) for _ in crops]


class _FakeEngine:
    def __init__(self) -> None:
        self.p = _FakeParts()

    def parts(self) -> _FakeParts:
        return self.p

    def result_boxes(self, result: SimpleNamespace, dpi: int) -> tuple[object, ...]:
        return result_boxes(result, dpi)


def test_a_page_is_read_by_parts_without_detection_over_its_table() -> None:
    from pipeline.read.imageprep import Prepared
    from pipeline.read.ocr.parts import read_by_parts

    img = _page()
    _glyphs(img, 150, 100, 10)
    _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 5)
    _glyphs(img, 520, 520, 4)
    _glyphs(img, 520, 580, 3)
    prepared = Prepared(img, _page(), DPI, 0, 0.0, (1000 * 72 / DPI, 1400 * 72 / DPI))
    engine = _FakeEngine()
    got = read_by_parts(engine, prepared, 1)
    assert len(engine.p.bands) == 1  # the title's band only: no detection over the table
    assert engine.p.bands[0][3] - engine.p.bands[0][1] < 40
    assert len(engine.p.crops) == 3  # the three lines of the cells, cut by their ink
    assert len(got.boxes) == 4 and got.prepared is prepared  # read upright, once
    assert got.rulings is not None and len(got.rulings) >= 6


def test_a_toner_dot_far_from_the_text_stays_out_of_its_line() -> None:
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 3)  # ink ends at x = 206
    _ink(img, 300, 448, 308, 456)  # a filled dot, a third of a character, 3 characters on
    cells = regions.table_cells(rulings, DPI, img.shape)
    (line,) = [r for r, c, _em in regions.cell_lines(regions.ink_mask(img), cells, DPI) if c == 0]
    assert line[2] < 300
    img2 = img.copy()
    img2[448:456, 300:308] = 255
    img2[446:456, 212:222] = 0  # a ring right after the text: a full stop, kept
    img2[449:453, 215:219] = 255
    (line2,) = [r for r, c, _em in regions.cell_lines(regions.ink_mask(img2), cells, DPI) if c == 0]
    assert line2[2] > 222


def test_dense_bench_reports_the_pipeline_against_each_bare_run() -> None:
    from pipeline.tools.dense_bench import report_lines

    def row(kind: str, wall: float, cpu: float) -> dict[str, object]:
        return {"run": kind, "workers": 2, "pages": 30, "wall_s": wall, "pages_per_s": 30 / wall,
                "s_per_page": wall / 30, "cpu_s_per_page": cpu, "peak_rss_mb_per_worker": 800}

    pipe = {**row("pipeline", 27.0, 1.7), "second_reads": 3, "second_read_share": 0.1, "lines_per_page": 50.0,
            "cell_lines_per_page": 40.0, "padding_share": 0.06, "fields_ok": 10, "fields_total": 10,
            "stage_cpu_s_per_page": {"ocr/recognise": 0.86, "parse": 0.001}}
    report = {"docs": ["a"], "dpi": 200, "runs": [pipe, row("bare 1280", 36.0, 2.4), row("bare defaults", 54.0, 4.0)],
              "pipeline_vs_bare_cpu": {"bare 1280": 0.71, "bare defaults": 0.43}}
    lines = report_lines(report)
    assert lines[2].split()[-1] == "-"
    assert lines[3].split()[-1] == "0.75" and lines[4].split()[-1] == "0.50"
    assert "3 of 30 pages read twice (10.0%" in lines[6] and "padding 6.0%" in lines[6]
    assert "ocr/recognise 0.860" in lines[7] and "parse" not in lines[7]


def _ring(img: np.ndarray, cx: int, cy: int, r: int = 5) -> None:
    """A full stop 。: a ring of ink centred at (cx, cy)."""
    yy, xx = np.mgrid[0 : img.shape[0], 0 : img.shape[1]]
    d = np.hypot(xx - cx, yy - cy)
    img[(d >= r - 1.5) & (d <= r)] = 0


def _hung_line(img: np.ndarray) -> tuple[regions.CellBox, ...]:
    rulings = _table(img, [100, 310, 900], [400, 500, 640])
    _glyphs(img, 150, 430, 5)  # ink ends at x = 299, a character before the rule
    cells = regions.table_cells(rulings, DPI, img.shape)
    return cells


def test_a_full_stop_printed_on_the_cells_rule_is_read_with_its_line() -> None:
    img = _page()
    cells = _hung_line(img)
    _ring(img, 311, 452)  # a 。 hanging over the column rule at x = 310
    gray = img[:, :, 0]
    (line,) = [ln for ln in regions.cell_lines(regions.ink_mask(img), cells, DPI, gray=gray) if ln.cell == 0]
    assert line.rect[2] > 316  # the line reaches over the rule, past the mark
    crop = regions.line_crop(img, line, cells[0].rect, DPI, gray=gray)
    inset = cells[0].rect[2] - int(round(1.5 * PX))
    past = crop[:, inset - line.rect[0] :, 0]
    assert past.min() == 0  # the mark is shown
    assert (past[: 446 - line.rect[1]] == 255).all()  # the rule above it is lifted off
    (plain,) = [ln for ln in regions.cell_lines(regions.ink_mask(img), cells, DPI) if ln.cell == 0]
    assert plain.rect[2] <= inset  # without the grey image: the inset, as before


def test_a_rule_of_the_next_cell_or_a_dot_on_the_rule_is_no_mark() -> None:
    img = _page()
    cells = _hung_line(img)
    img[450:453, 310:900] = 0  # a row rule of the next column meets the column rule at the line
    gray = img[:, :, 0]
    (line,) = [ln for ln in regions.cell_lines(regions.ink_mask(img), cells, DPI, gray=gray) if ln.cell == 0]
    assert line.rect[2] <= cells[0].rect[2]
    img = _page()
    cells = _hung_line(img)
    img[450:454, 308:314] = 0  # a toner dot on the rule
    gray = img[:, :, 0]
    (line,) = [ln for ln in regions.cell_lines(regions.ink_mask(img), cells, DPI, gray=gray) if ln.cell == 0]
    assert line.rect[2] <= cells[0].rect[2]


def test_a_full_stop_blurred_nearly_shut_is_no_toner_dot() -> None:
    """A 。 of small print on a JPEG scan fills most of its box, but still encloses
    a hole: it stays in its line, even beyond REACH_EM of the last character
    (a centred 。); a solid dot of the same size there is toner."""
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 3)  # ink ends at x = 206
    img[448:456, 226:234] = 0  # eight pixels each way, 0.7 em past the text
    cells = regions.table_cells(rulings, DPI, img.shape)

    def line_end(page: np.ndarray) -> int:
        (line,) = [r for r, c, _em in regions.cell_lines(regions.ink_mask(page), cells, DPI) if c == 0]
        return line[2]

    assert line_end(img) < 226  # solid: a toner dot
    ring = img.copy()
    ring[451:453, 229:231] = 255  # a hole of two pixels: a ring blurred nearly shut
    assert line_end(ring) > 234


def test_a_semicolon_starting_a_cell_line_is_no_pair_of_specks() -> None:
    """A ； wrapped to the start of a cell line: its dot and its tail, each a speck's
    size, stand one over the other: the line starts with them. One dot alone is dust."""
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 145, 430, 3)  # the text starts 0.7 em after the mark
    img[446:450, 122:126] = 0  # the dot
    cells = regions.table_cells(rulings, DPI, img.shape)

    def line_start(page: np.ndarray) -> int:
        (line,) = [r for r, c, _em in regions.cell_lines(regions.ink_mask(page), cells, DPI) if c == 0]
        return line[0]

    assert line_start(img) > 126  # a lone dot: dust
    semicolon = img.copy()
    semicolon[452:458, 123:126] = 0  # and its tail under it
    assert line_start(semicolon) <= 122


def test_a_lone_character_is_read_with_white_paper_round_it() -> None:
    img = _page()
    _glyphs(img, 120, 430, 1)
    crop = img[420:470, 110:150]
    em, cell = 26.0, (60, 400, 300, 500)
    margin = regions.lone_margin(crop, regions.CellLine((110, 420, 150, 470), 0, em), cell, DPI)
    assert margin == round(regions.LONE_MARGIN_EM * em)
    shown = regions.with_margin(crop, margin)
    assert shown.shape == (50, 40 + 2 * margin, 3)
    assert (shown[:, :margin] == 255).all() and (shown[:, -margin:] == 255).all()
    assert (shown[:, margin:-margin] == crop).all()
    wide = img[420:470, 110:200]  # three characters' width: read as cut
    assert regions.lone_margin(wide, regions.CellLine((110, 420, 200, 470), 0, em), cell, DPI) == 0
    assert regions.with_margin(wide, 0) is wide
    sliver = regions.CellLine((286, 420, 296, 470), 0, em)  # against the inset: a rule's remnant
    assert regions.lone_margin(img[420:470, 286:296], sliver, cell, DPI) == 0


def test_a_lone_character_in_a_cell_is_read_wider_too_and_placed_where_it_is_printed() -> None:
    from pipeline.read.imageprep import Prepared
    from pipeline.read.ocr.parts import read_by_parts

    img = _page()
    _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 5)
    _glyphs(img, 520, 430, 1)  # a lone 0 in its cell
    prepared = Prepared(img, _page(), DPI, 0, 0.0, (1000 * 72 / DPI, 1400 * 72 / DPI))

    for wide_wins in (True, False):
        engine = _FakeEngine()
        plain = engine.p.read

        def read(crops: list[np.ndarray], quads: list[np.ndarray], plain=plain, wide_wins=wide_wins) -> list:
            got = plain(crops, quads)  # the lone 0 seen wider than tall is the more (or the less) confident
            return [
                g if c.shape[1] > 120
                else ("0" if c.shape[1] > c.shape[0] else "O", 0.99 if (c.shape[1] > c.shape[0]) == wide_wins else 0.97, ())
                for c, g in zip(crops, got, strict=True)
            ]

        engine.p.read = read  # type: ignore[method-assign]
        got = read_by_parts(engine, prepared, 1, orient=False)
        lone = [i for i, q in enumerate(engine.p.quads) if q[0][0] + q[1][0] > 1000]
        assert len(lone) == 2  # read as cut, then on white paper
        tight, wide = (engine.p.images[i] for i in lone)
        assert wide.shape[1] > 2 * tight.shape[1] and wide.shape[1] == engine.p.quads[lone[1]][1][0] - engine.p.quads[lone[1]][0][0]
        assert (wide[:, :10] == 255).all() and (wide[:, -10:] == 255).all()
        placed = [b for b in got.boxes if b.bbox.x0 * PX > 500]
        assert len(placed) == 1 and placed[0].bbox.x0 * PX > 510 and placed[0].bbox.x1 * PX < 560
        assert placed[0].text == ("0" if wide_wins else "O")
        assert len(engine.p.quads) == 3  # the five characters' line read once, as cut


def test_a_header_line_of_han_characters_over_a_table_of_figures_is_one_line() -> None:
    """The em of a table of figures is a digit's height; a header's Han line,
    taller, its top strokes apart from the rest (特困月发放), stays one line,
    and two lines of figures in one cell stay two."""
    img = _page()
    xs, ys = [100, 300, 500, 700], [400, 460, 500, 540, 580, 670]
    rulings = _table(img, xs, ys)
    for x0 in (120, 320):  # the header: Han lines 24 px tall, top strokes 2 rows apart ...
        for k in range(5):
            _ink(img, x0 + k * 26, 420, x0 + k * 26 + 20, 424)
            _ink(img, x0 + k * 26, 426, x0 + k * 26 + 20, 444)
    _glyphs(img, 520, 420, 5, size=24)  # ... or not
    for y in (470, 510, 550):  # figures 16 px tall
        for x0 in (120, 320, 520):
            _glyphs(img, x0, y, 3, size=16)
    _glyphs(img, 320, 590, 3, size=16)  # two lines of figures in one cell
    _glyphs(img, 320, 614, 3, size=16)
    cells = regions.table_cells(rulings, DPI, img.shape)
    lines = regions.cell_lines(regions.ink_mask(img), cells, DPI)
    header = [ln for ln in lines if ln.rect[1] < 460]
    assert len(header) == 3 and all(ln.rect[1] <= 420 and ln.rect[3] >= 444 for ln in header)
    assert lines[0].em < 20  # a digit's height
    two = [ln for ln in lines if ln.rect[1] >= 580 and 300 < ln.rect[0] < 500]
    assert len(two) == 2


def test_a_cell_line_cut_in_two_and_read_twice_is_kept_once() -> None:
    from pipeline.read.ocr.parts import _read_twice

    def quad(top: int, bottom: int, x0: int = 0) -> np.ndarray:
        return np.array([[x0, top], [x0 + 80, top], [x0 + 80, bottom], [x0, bottom]], dtype=np.float32)

    reads = [("特因户数", 0.93, ()), ("特困户数", 0.99, ()), ("(户)", 0.99, ()), ("特困户数", 0.99, ())]
    quads = [quad(0, 34), quad(25, 55), quad(55, 80), quad(25, 55, 100)]
    kept = _read_twice(reads, quads, [0, 0, 0, 1])
    assert [r[0] for r in kept] == ["", "特困户数", "(户)", "特困户数"]  # the weaker reading of cell 0 goes
    apart = _read_twice(reads, [quad(0, 20), quad(25, 55), quad(55, 80), quad(25, 55)], [0, 0, 0, 0])
    assert apart[0][0] == "特因户数"  # two lines apart: two printed lines


def _one_cell_line(img: np.ndarray) -> regions.CellLine:
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    cells = regions.table_cells(rulings, DPI, img.shape)
    gray = regions.gray_of(img)
    lines = [ln for ln in regions.cell_lines(regions.ink_mask(img, gray=gray), cells, DPI, gray=gray) if ln.rect[1] < 500 and ln.rect[0] < 500]
    assert len(lines) == 1
    return lines[0]


def test_a_rules_sliver_inside_the_inset_stretches_no_line() -> None:
    """A skewed rule leaves a sliver a pixel wide along the inset's edge; the
    line's rectangle is its text's, and a speck between them stays out
    (``. 金额`` for 金额)."""
    img = _page()
    _glyphs(img, 200, 430, 2)
    _ink(img, 104, 428, 105, 450)  # the sliver, inside the inset (the rule is 99-101, the inset 4 px)
    _ink(img, 150, 452, 152, 454)  # a speck on the way
    line = _one_cell_line(img)
    assert line.rect[0] > 180
    plain = _page()
    _glyphs(plain, 200, 430, 2)
    assert _one_cell_line(plain).rect == line.rect
    stroke = _page()  # a character's stroke reaching the edge is no sliver: it reaches inwards
    _glyphs(stroke, 200, 430, 2)
    _ink(stroke, 104, 440, 200, 442)
    assert _one_cell_line(stroke).rect[0] <= 104


def test_a_faint_bracket_beside_a_line_is_in_its_rectangle() -> None:
    """The thin strokes of ``（`` on a light scan stay above the ink threshold;
    beside the line's ink they are its character (``（万元）`` read ``万元)``
    when cut off); faint haze a few pixels tall, or faint ink far off, is not."""
    img = _page()
    _glyphs(img, 200, 430, 2)
    line = _one_cell_line(img)
    bracket = img.copy()
    bracket[432:456, 184:187] = 205  # a faint tall stroke 0.5 em left of the text
    assert _one_cell_line(bracket).rect[0] < 184 <= line.rect[0]
    haze = img.copy()
    haze[440:442, 184:187] = 205  # two rows: no stroke
    assert _one_cell_line(haze).rect == line.rect
    far = img.copy()
    far[432:456, 140:143] = 205  # two ems off: no part of the line
    assert _one_cell_line(far).rect == line.rect
    grey_paper = np.full_like(img, 215)  # a grey scan's paper, darker than FAINT
    grey_paper[img < 128] = 0
    _table(grey_paper, [100, 500, 900], [400, 500, 640])
    assert _one_cell_line(grey_paper).rect[0] >= line.rect[0] - 2


def test_a_cell_line_read_with_empty_brackets_is_read_again_on_white_paper() -> None:
    from pipeline.read.ocr.parts import _empty_brackets_again

    class Parts(_FakeParts):
        def read(self, crops: list[np.ndarray], quads: list[np.ndarray]) -> list[tuple[str, float, tuple[()]]]:
            super().read(crops, quads)
            return [("(人)", 0.9, ()) for _ in crops]

    parts = Parts()
    crops = [np.full((30, 50, 3), 128, np.uint8), np.full((30, 90, 3), 128, np.uint8)]
    quads = [np.array([[0, 0], [50, 0], [50, 30], [0, 30]], np.float32)] * 2
    reads = [("()", 0.99, ()), ("补助资金（万", 0.99, ())]
    got = _empty_brackets_again(parts, reads, crops, quads)
    assert [g[0] for g in got] == ["(人)", "补助资金（万"]  # only the empty pair is read again
    assert len(parts.images) == 1 and parts.images[0].shape[1] == 50 + 2 * round(regions_margin := 0.3 * 30)
    assert (parts.images[0][:, : int(regions_margin)] == 255).all()
    assert parts.quads[0][1][0] - parts.quads[0][0][0] == 50 + 2 * int(regions_margin)

    class Blank(_FakeParts):
        def read(self, crops: list[np.ndarray], quads: list[np.ndarray]) -> list[tuple[str, float, tuple[()]]]:
            return [("( )", 0.9, ()) for _ in crops]

    assert _empty_brackets_again(Blank(), reads, crops, quads) == reads  # no better: the first reading stays


def test_a_hairline_piece_of_a_rule_inside_a_cell_makes_no_line() -> None:
    """A rule drifting off its grid position leaves a hairline inside the
    cell, a third of a character tall: no line (it reads ``1``); a printed
    ``1`` is as tall as a figure and stays."""
    img = _page()
    rulings = _table(img, [100, 500, 900], [400, 500, 640])
    _glyphs(img, 120, 430, 5)  # the tables' text, for their em
    _ink(img, 600, 520, 601, 532)  # the hairline (no speck: taller than a third of an em), in cell (1, 1)
    _ink(img, 700, 560, 703, 588)  # a 1, in cell (1, 1) too
    cells = regions.table_cells(rulings, DPI, img.shape)
    lines = regions.cell_lines(regions.ink_mask(img), cells, DPI)
    below = [ln.rect for ln in lines if ln.rect[1] > 500]
    assert len(below) == 1 and below[0][0] < 700 < below[0][2]
