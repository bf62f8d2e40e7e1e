"""Scanned twins of the samples (扫描件): ``samples/<id>/scan.pdf`` + replay OCR.

    python -m samples.scanmaker                 # every samples/<id>/notice.pdf
    python -m samples.scanmaker --only seed000  # one sample
    python -m samples.scanmaker --no-ocr        # scans only, no replay boxes
    python -m samples.scanmaker --force         # redo even when up to date

For each digital notice: render every page at 150, 200 or 300 dpi, turn it
by 0.3-2 degrees, add uneven light, a slight blur and noise, and write an
image-only PDF of JPEGs (quality 60-75; grayscale where a page has no red).
The red seal over the date is already in the digital page and stays. In a
few samples one page is scanned upside down or sideways. Everything is
seeded from the sample id, so re-running gives byte-identical files.

Then the real engine (rapidocr) reads every scan page through
``pipeline.ocr.run`` and the result is stored as replay data in
``samples/<id>/ocr/page-NNN.json`` (keyed by the scan's SHA-256, engine,
version and settings), so golden tests need no engine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

SAMPLES = Path(__file__).resolve().parent
FIXED_DATE = time.gmtime(1_704_067_200)  # 2024-01-01, so the bytes never change


@dataclass(frozen=True)
class ScanPlan:
    dpi: int
    quality: int
    skews: tuple[float, ...]  # degrees per page, counter-clockwise positive
    turns: tuple[int, ...]  # clockwise quarter turns applied per page (0/90/180/270)
    seed: int


def plan_for(sample_id: str, n_pages: int) -> ScanPlan:
    seed = int(hashlib.sha256(sample_id.encode()).hexdigest()[:8], 16)
    rng = np.random.default_rng(seed)
    dpi = int(rng.choice([150, 200, 200, 300]) if n_pages <= 6 else rng.choice([150, 200]))
    quality = int(rng.integers(60, 76))
    skews = tuple(
        float(round(rng.uniform(0.3, 2.0) * rng.choice([-1, 1]), 2)) for _ in range(n_pages)
    )
    turns = [0] * n_pages
    mode = seed % 8  # a few samples (3 in 8): one page scanned the wrong way round
    if mode == 1:
        turns[n_pages - 1] = 180
    elif mode == 2:
        turns[n_pages - 1] = 90
    elif mode == 3 and n_pages > 1:
        turns[1] = 270
    return ScanPlan(dpi, quality, skews, tuple(turns), seed)


def _has_red(rgb: np.ndarray) -> bool:
    r = rgb[:, :, 0].astype(np.int16)
    gb = np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    return int(((r - gb) > 60).sum()) > 200


def degrade(rgb: np.ndarray, skew: float, turn: int, rng: np.random.Generator) -> np.ndarray:
    """One rendered page made to look scanned."""
    h, w = rgb.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    img = cv2.warpAffine(
        rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
        borderValue=(250, 250, 248),
    ).astype(np.float32)
    # paper tone and uneven light: a smooth gradient from one corner
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(w, h)
    light = 1.0 - rng.uniform(0.08, 0.18) * dist
    img = img * light[:, :, None] * np.array([0.985, 0.98, 0.96], dtype=np.float32)
    # sensor noise, then the slight blur of the optics (which also softens it)
    img += rng.normal(0.0, rng.uniform(2.5, 4.0), size=img.shape[:2]).astype(np.float32)[:, :, None]
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 0.9))
    # the scanner's automatic white level: most paper goes white, the darker
    # corner of the uneven light stays grey (and the JPEGs stay small)
    paper = float(np.percentile(img[::5, ::5].mean(axis=2), 90))
    img = img * (255.0 / max(1.0, 0.95 * paper))
    out = np.clip(img, 0, 255).astype(np.uint8)
    if turn == 90:
        out = cv2.rotate(out, cv2.ROTATE_90_CLOCKWISE)
    elif turn == 180:
        out = cv2.rotate(out, cv2.ROTATE_180)
    elif turn == 270:
        out = cv2.rotate(out, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return out


def make_scan(notice: Path, out: Path, sample_id: str) -> ScanPlan:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(notice))
    try:
        plan = plan_for(sample_id, len(doc))
        rng = np.random.default_rng(plan.seed)
        pages: list[Image.Image] = []
        for i in range(len(doc)):
            rgb = np.asarray(doc[i].render(scale=plan.dpi / 72.0).to_pil().convert("RGB"))
            scanned = degrade(rgb, plan.skews[i], plan.turns[i], rng)
            pil = Image.fromarray(scanned)
            pages.append(pil if _has_red(scanned) else pil.convert("L"))
    finally:
        doc.close()
    buf = io.BytesIO()
    # JPEG-encode explicitly so quality is ours; PIL embeds JPEG files as DCTDecode
    jpegs = []
    for p in pages:
        jb = io.BytesIO()
        p.save(jb, "JPEG", quality=plan.quality, optimize=True)
        jpegs.append(Image.open(io.BytesIO(jb.getvalue())))
    jpegs[0].save(
        buf, "PDF", save_all=True, append_images=jpegs[1:], resolution=float(plan.dpi),
        creationDate=FIXED_DATE, modDate=FIXED_DATE, producer="samples.scanmaker",
        title=f"scan of {sample_id}",
    )
    out.write_bytes(buf.getvalue())
    return plan


def replay_ocr(scan: Path, ocr_dir: Path, *, force: bool = False) -> tuple[int, float]:
    """Run rapidocr over ``scan`` and store replay pages; (pages done, seconds)."""
    from pipeline.ocr.base import get_engine
    from pipeline.ocr.cache import read_replay_page, write_replay_page
    from pipeline.ocr.run import OcrOptions, cache_key, page_count, read_page_image

    data = scan.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    engine = get_engine("rapidocr")
    info = engine.info()
    opts = OcrOptions()
    done, spent = 0, 0.0
    n = page_count(data)
    for old in ocr_dir.glob("page-*.json") if ocr_dir.is_dir() else ():
        if int(old.stem.split("-")[1]) > n:
            old.unlink()
    for i in range(n):
        key = cache_key(sha, i + 1, info, opts)
        found = read_replay_page(ocr_dir, i + 1)
        if not force and found is not None and found[1] == key.as_json():
            continue
        t = time.perf_counter()
        entry = read_page_image(data, i, engine=engine, options=opts)
        spent += time.perf_counter() - t
        write_replay_page(ocr_dir, i + 1, entry, key)
        done += 1
    return done, spent


def sample_dirs(only: list[str] | None) -> list[Path]:
    found = sorted(p.parent for p in SAMPLES.rglob("notice.pdf") if "generator" not in p.parts)
    if only:
        found = [d for d in found if d.name in only]
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m samples.scanmaker", description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", help="sample id (repeatable)")
    ap.add_argument("--no-ocr", action="store_true", help="make scans, skip the replay OCR")
    ap.add_argument("--force", action="store_true", help="redo scans and OCR even when up to date")
    args = ap.parse_args(argv)
    for d in sample_dirs(args.only):
        notice, scan = d / "notice.pdf", d / "scan.pdf"
        stamp = d / "ocr" / "scan.json"
        src_sha = hashlib.sha256(notice.read_bytes()).hexdigest()
        fresh = stamp.is_file() and json.loads(stamp.read_text()).get("notice_sha256") == src_sha
        if args.force or not scan.is_file() or not fresh:
            plan = make_scan(notice, scan, d.name)
            stamp.parent.mkdir(exist_ok=True)
            stamp.write_text(
                json.dumps(
                    {
                        "notice_sha256": src_sha,
                        "scan_sha256": hashlib.sha256(scan.read_bytes()).hexdigest(),
                        "dpi": plan.dpi, "jpeg_quality": plan.quality,
                        "skews": plan.skews, "turns": plan.turns,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            print(f"{d.name}: scan.pdf {scan.stat().st_size // 1024} KiB, dpi {plan.dpi}, "
                  f"turns {plan.turns}", file=sys.stderr)
        if not args.no_ocr:
            done, spent = replay_ocr(scan, d / "ocr", force=args.force)
            if done:
                print(f"{d.name}: OCR {done} page(s) in {spent:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
