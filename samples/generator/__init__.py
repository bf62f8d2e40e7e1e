"""Sample corpus generator: typesets GB/T 9704 fiscal notices (财政资金下达通知) as PDFs.

Each sample is a YAML spec under ``samples/generator/specs/`` holding the truth of one
notice.  ``render`` turns a spec into ``samples/<id>/notice.pdf``; ``export`` turns the same
spec into ``samples/<id>/expected.json`` (the contract's notice JSON plus test extras).

Run: ``python -m samples.generator [--only ID]`` from the repository root.
"""

from __future__ import annotations
