"""Error tree of `notices`.

    NoticesError
    ├── InputError            one input file cannot be processed (one-line reason)
    │   ├── NotAPdfError      "not a PDF"
    │   ├── EncryptedPdfError "encrypted"
    │   ├── TruncatedPdfError "truncated"
    │   ├── EmptyInputError   "empty file" / "no pages"
    │   ├── ImageTooLargeError "page image too large"
    │   ├── OverBudgetError   "over budget" (names the budget and its option)
    │   └── NotANoticeError   "not a notice"
    ├── EngineError           an OCR engine is missing or failed
    └── ConfigError           a rules file or option is invalid

Only `pipeline/cli.py` catches broad exceptions and maps them to exit codes.
"""

from __future__ import annotations

import re


class NoticesError(Exception):
    """Base of every error `notices` raises on purpose."""


class InputError(NoticesError):
    """One input file cannot be processed; ``str(err)`` is a one-line reason."""

    reason = "unreadable input"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.reason)


class NotAPdfError(InputError):
    reason = "not a PDF"


class EncryptedPdfError(InputError):
    reason = "encrypted PDF (password protected)"


class TruncatedPdfError(InputError):
    reason = "truncated or damaged PDF"


class EmptyInputError(InputError):
    reason = "empty file"


class ImageTooLargeError(InputError):
    reason = "page image too large"


class OverBudgetError(InputError):
    """A size or time budget of pipeline/read/budget.py was exceeded; the reason names it."""

    reason = "over budget"


class NotANoticeError(InputError):
    reason = "not a notice"


class EngineError(NoticesError):
    """An OCR engine is unavailable or failed."""


class ConfigError(NoticesError):
    """A rules file or an option is invalid."""


_REPR = re.compile(r"<[\w.]+ object at 0x[0-9a-fA-F]+>:?\s*")
_SPACE = re.compile(r"\s+")


def reason_text(text: str, limit: int = 240) -> str:
    """A reason for people: one line, no Python object reprs, not endless."""
    text = _SPACE.sub(" ", _REPR.sub("", text)).strip(" :")
    return text if len(text) <= limit else text[: limit - 1] + "…"
