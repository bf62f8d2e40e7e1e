"""Helpers of the OCR benchmark (the measuring itself runs the real engine)."""

from __future__ import annotations

from pipeline.tools.ocr_bench import bag_error, norm


def test_norm_folds_widths_brackets_and_space() -> None:
    assert norm("昌州财社〔2022〕11 号：（一）") == norm("昌州财社[2022]11号:(一)")
    assert norm("【2022】") == "[2022]"
    assert norm("a b\nc\t") == "abc"


def test_bag_error_ignores_order() -> None:
    assert bag_error("abc", "cba") == 0
    assert bag_error("abcd", "abc") == 1
    assert bag_error("ab", "xy") == 4


def test_report_lines_put_settings_side_by_side() -> None:
    from pipeline.tools.ocr_bench import report_lines

    row = {
        "setting": "rapidocr det 1280", "pages": 4, "s_per_page": 1.2, "cpu_s_per_page": 2.2,
        "peak_rss_mb": 1000, "field_accuracy": 1.0, "cer": 0.05, "vs_floor": 1.25,
        "stages_s_per_page": {"ocr/detect": 0.6, "ocr/recognise": 0.3, "parse": 0.0001},
    }
    base = {"setting": "baseline: RapidOCR defaults, raw page", "pages": 4, "s_per_page": 2.4,
            "cpu_s_per_page": 4.0, "peak_rss_mb": 900, "field_accuracy": None, "cer": 0.1}
    workers = {
        "1w x 1t": {"pages_per_s": 0.5, "s_per_page": 2.0, "peak_rss_mb_per_worker": 950},
        "1w x 2t": {"pages_per_s": 0.8, "s_per_page": 1.25, "peak_rss_mb_per_worker": 950},
        "2w x 1t": {"pages_per_s": 0.9, "s_per_page": 1.1, "peak_rss_mb_per_worker": 940},
    }
    lines = report_lines({"docs": ["a", "b"], "dpi": 200, "results": [row, base], "workers": workers})
    text = "\n".join(lines)
    assert "4 scanned pages at 200 dpi (2 documents)" in lines[0]
    det = next(line for line in lines if line.startswith("rapidocr det 1280"))
    assert det.split()[3:] == ["1.20", "2.20", "1000", "100.00%", "0.0500", "1.25", "0.50"]
    assert "ocr/detect 0.600" in text and "parse" not in text.split("stages")[1]
    assert "2 workers vs 1 (1 thread each): x1.80" in text
    assert "2 workers x 1 thread vs 1 worker x 2 threads: x1.12" in text
