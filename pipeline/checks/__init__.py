"""Checks inside one notice: sums and structure of its tables (allocation),
OCR doubt (confidence), the notice-level checks (notice) and the rule that
tells a notice from other documents (notice_rule)."""
