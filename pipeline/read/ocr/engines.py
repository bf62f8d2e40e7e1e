"""Registers the built-in engines (imported lazily by the registry).

rapidocr   default; RapidOCR 3.x, PP-OCR models as ONNX, offline
paddleocr  optional; needs paddleocr + local PP-OCR model dirs
tesseract  optional; needs pytesseract, tesseract and chi_sim
replay     boxes stored in a replay directory (golden tests)
fake       returns given boxes (tests)
crashing   raises on every page (tests)
hanging    never returns from a page (tests)
hogging    asks for a lot of memory on each page (tests)
"""

from __future__ import annotations

from pipeline.read.ocr import optional, rapid
from pipeline.read.ocr.base import register
from pipeline.read.ocr.replay import ReplayEngine
from pipeline.read.ocr.testing import CrashingEngine, FakeEngine, HangingEngine, HoggingEngine

register("rapidocr", rapid.RapidOcrEngine, rapid.missing)
register("paddleocr", optional.PaddleOcrEngine, optional.missing_paddle)
register("tesseract", optional.TesseractEngine, optional.missing_tesseract)
register("replay", ReplayEngine)
register("fake", FakeEngine)
register("crashing", CrashingEngine)
register("hanging", HangingEngine)
register("hogging", HoggingEngine)
