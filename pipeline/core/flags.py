"""Flag codes of the contract (a leaf module): code -> severity and meaning.

New codes may be added; existing ones keep their meaning (CONTRACT.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.core.model import Flag, Severity


@dataclass(frozen=True, slots=True)
class FlagCode:
    code: str
    severity: Severity
    when: str
    database_only: bool = False


FLAG_CODES: dict[str, FlagCode] = {
    c.code: c
    for c in (
        FlagCode("ALLOCATION_COLUMN_SUM", "error", "a total row differs from the sum of its member rows"),
        FlagCode("ALLOCATION_ROW_SUM", "error", "a total column differs from the sum of its parts in one row"),
        FlagCode("TARGET_FUNDS_MISMATCH", "error", "a target table's total differs from the region's allocation row"),
        FlagCode("FUNDS_BREAKDOWN_MISMATCH", "warning", "a table's 其中 items do not add up to its total"),
        FlagCode("BODY_AMOUNT_MISMATCH", "error", "the body's allocated total differs from the tables' grand total"),
        FlagCode("ATTACHMENT_NUMBERING", "warning", "the 附件 list differs from the attachments' own headings"),
        FlagCode("INDICATOR_SET_DIFFERS", "warning", "a region's indicators differ from the other tables"),
        FlagCode("INDICATOR_LAYOUT_REPAIRED", "info", "a table's hierarchy was rebuilt from misplaced labels"),
        FlagCode("NEGATIVE_ALLOCATION", "info", "a negative amount (a claw-back)"),
        FlagCode("REGION_ALIAS", "info", "a region printed under a short or alternative name"),
        FlagCode("MISSING_FIELD", "error", "a required element (文号, issuer, title, date) was not found"),
        FlagCode("LOW_CONFIDENCE", "warning", "a value was read with OCR confidence under the threshold"),
        FlagCode("DATE_ORDER", "warning", "dates out of order"),
        FlagCode("REFERENCE_NOT_FOUND", "info", "a cited 文号 is not in the database", True),
        FlagCode("CROSS_DOC_AMOUNT", "error", "passed-on amount differs from the upstream allocation", True),
        FlagCode("LATE_DISBURSEMENT", "warning", "passed on later than the upstream deadline", True),
        FlagCode("DUPLICATE_DOC_NUMBER", "error", "two different files carry the same 文号", True),
        FlagCode(
            "CORRECTION_CONFLICT",
            "warning",
            "a reviewer's correction no longer applies: the parsed value it corrected has changed",
        ),
        FlagCode("TABLE_NOT_UNDERSTOOD", "warning", "a table was found but its structure could not be read; stored raw"),
        FlagCode(
            "TABLE_STRUCTURE_UNCERTAIN",
            "warning",
            "a table's structure was read with doubt; its sums were not checked (one warning per table)",
        ),
    )
}


def make_flag(
    code: str,
    message: str,
    *,
    page: int | None = None,
    subject: str | None = None,
    expected: object = None,
    actual: object = None,
) -> Flag:
    """A Flag with the contract severity of ``code`` (KeyError for an unknown code)."""
    return Flag(
        code=code,
        severity=FLAG_CODES[code].severity,
        message=message,
        page=page,
        subject=subject,
        expected=None if expected is None else str(expected),
        actual=None if actual is None else str(actual),
    )
