"""notices: fiscal transfer notices (财政资金下达通知) to SQL tables."""

from __future__ import annotations

__version__ = "0.1.0"
