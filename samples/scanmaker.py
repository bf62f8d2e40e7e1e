"""Scanned twins of the samples (扫描件): ``samples/<id>/scan.pdf`` + replay OCR.

    python -m samples.scanmaker                 # every samples/<id>/notice.pdf
    python -m samples.scanmaker --only seed000  # one sample (repeatable)
    python -m samples.scanmaker --no-ocr        # scans only, no replay boxes
    python -m samples.scanmaker --force         # redo even when up to date

Made the way scans really arrive. For each digital notice, seeded from the
sample id (re-running gives byte-identical files):

- a colour or a grey scan: ``colour`` (grayscale where a page has no red),
  ``grey`` (plain luminance: the red seal a mid-dark grey ring) or
  ``grey-light`` (a scanner that drops red towards white: the seal a light
  mid-grey ring); 150, 200 or 300 dpi; JPEG quality 60-85;
- each page turned by 0.3-2 degrees, uneven light, a slight blur, sensor
  noise, faint specks of dust and, on some pages, a dark toner dot or two
  (where one lands next to a number OCR reads a stray mark: ``。22``);
- in about one sample in four the pages are *photographed* rather than
  scanned: a slight perspective (the page not quite square to the lens),
  a vignette, warmer light and a softer image;
- in a few samples one page scanned upside down or sideways.

The red seal over the 署名 and 成文日期 is in the digital page already and
stays (on a grey scan it can only be found by its shape).

Then the real engine (rapidocr) reads every scan page through
``pipeline.read.ocr.run`` and the result is stored as replay data in
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

MODES = ("colour", "grey", "grey-light")
# grey weights (R, G, B): the red seal (214, 20, 20 at 2/3 ink over paper)
# greys to ~136 in luminance, to ~160 where the scanner drops red
GREY_WEIGHTS = {"grey": (0.299, 0.587, 0.114), "grey-light": (0.45, 0.45, 0.10)}


@dataclass(frozen=True)
class ScanPlan:
    dpi: int
    quality: int
    skews: tuple[float, ...]  # degrees per page, counter-clockwise positive
    turns: tuple[int, ...]  # clockwise quarter turns applied per page (0/90/180/270)
    seed: int
    mode: str = "colour"  # one of MODES
    photographed: bool = False


def plan_seed(sample_id: str, variant: int | None = None) -> int:
    """The seed of a sample's scan: from its id alone for the committed twin (``variant``
    None), from (id, variant) for another draw of damage (``samples.scan_sweep``)."""
    key = sample_id if variant is None else f"{sample_id}#variant={variant}"
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16)


def plan_for(sample_id: str, n_pages: int, variant: int | None = None) -> ScanPlan:
    seed = plan_seed(sample_id, variant)
    rng = np.random.default_rng(seed)
    dpi = int(rng.choice([150, 200, 200, 300]) if n_pages <= 6 else rng.choice([150, 200]))
    quality = int(rng.integers(60, 86))
    skews = tuple(
        float(round(rng.uniform(0.3, 2.0) * rng.choice([-1, 1]), 2)) for _ in range(n_pages)
    )
    turns = [0] * n_pages
    turn = seed % 8  # a few samples (3 in 8): one page scanned the wrong way round
    if turn == 1:
        turns[n_pages - 1] = 180
    elif turn == 2:
        turns[n_pages - 1] = 90
    elif turn == 3 and n_pages > 1:
        turns[1] = 270
    mode = str(rng.choice(["colour", "colour", "grey", "grey-light"]))
    photographed = bool(rng.random() < 0.25)
    return ScanPlan(dpi, quality, skews, tuple(turns), seed, mode, photographed)


def _has_red(rgb: np.ndarray) -> bool:
    r = rgb[:, :, 0].astype(np.int16)
    gb = np.maximum(rgb[:, :, 1], rgb[:, :, 2]).astype(np.int16)
    return int(((r - gb) > 60).sum()) > 200


def perspective(rgb: np.ndarray, rng: np.random.Generator, most: float = 0.005) -> np.ndarray:
    """The page photographed a little off-axis: each corner moved up to ``most`` of the size."""
    h, w = rgb.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    dst = (src + rng.uniform(-most, most, size=(4, 2)) * np.array([w, h])).astype(np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    # the page fills the frame (as a phone app crops it): the margin is paper
    return np.asarray(cv2.warpPerspective(rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE))


def specks(img: np.ndarray, rng: np.random.Generator, dpi: int) -> None:
    """Dust and toner specks drawn into ``img``: many faint specks of dust,
    and on some pages one or two dark toner dots as big as a full stop."""
    h, w = img.shape[:2]
    px = dpi / 25.4  # pixels per mm
    dots = [(0.05, 0.15, 120.0, 210.0)] * int(rng.integers(15, 60))
    dots += [(0.15, 0.3, 40.0, 120.0)] * int(rng.integers(0, 3))
    for r_lo, r_hi, t_lo, t_hi in dots:
        x, y = int(rng.uniform(0, w)), int(rng.uniform(0, h))
        r = max(1, int(round(rng.uniform(r_lo, r_hi) * px)))
        ry = max(1, int(round(r * rng.uniform(0.5, 1.0))))
        tone = float(rng.uniform(t_lo, t_hi))
        cv2.ellipse(img, (x, y), (r, ry), float(rng.uniform(0, 180)), 0, 360, (tone, tone, tone), -1)


def degrade(
    rgb: np.ndarray, skew: float, turn: int, rng: np.random.Generator,
    *, photographed: bool = False, dpi: int = 200,
) -> np.ndarray:
    """One rendered page made to look scanned (or photographed)."""
    h, w = rgb.shape[:2]
    if photographed:
        rgb = perspective(rgb, rng)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    img = cv2.warpAffine(
        rgb, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
        borderValue=(250, 250, 248),
    ).astype(np.float32)
    specks(img, rng, dpi)
    # paper tone and uneven light: a smooth gradient from one corner
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    dist = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2) / np.hypot(w, h)
    light = 1.0 - rng.uniform(0.08, 0.18) * dist
    tint = np.array([0.985, 0.98, 0.96], dtype=np.float32)
    if photographed:  # a vignette, and the warmer light of a room
        rad2 = (((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2) / 2
        light = light * (1.0 - rng.uniform(0.12, 0.22) * rad2)
        tint = np.array([1.0, 0.965, 0.91], dtype=np.float32)
    img = img * light[:, :, None] * tint
    # sensor noise, then the slight blur of the optics (which also softens it)
    img += rng.normal(0.0, rng.uniform(2.5, 4.0), size=img.shape[:2]).astype(np.float32)[:, :, None]
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.8, 1.1) if photographed else rng.uniform(0.6, 0.9))
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


def to_mode(rgb: np.ndarray, mode: str) -> Image.Image:
    """The page as the scanner stores it: grey, or colour where it has red."""
    if mode in GREY_WEIGHTS:
        wr, wg, wb = GREY_WEIGHTS[mode]
        f = rgb.astype(np.float32)
        grey = np.clip(wr * f[:, :, 0] + wg * f[:, :, 1] + wb * f[:, :, 2], 0, 255)
        return Image.fromarray(grey.astype(np.uint8), "L")
    pil = Image.fromarray(rgb)
    return pil if _has_red(rgb) else pil.convert("L")


def make_scan(notice: Path, out: Path, sample_id: str, variant: int | None = None) -> ScanPlan:
    """Scan ``notice`` into ``out``; ``variant`` None gives the committed twin's bytes."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(notice))
    try:
        plan = plan_for(sample_id, len(doc), variant)
        rng = np.random.default_rng(plan.seed)
        pages: list[Image.Image] = []
        for i in range(len(doc)):
            rgb = np.asarray(doc[i].render(scale=plan.dpi / 72.0).to_pil().convert("RGB"))
            scanned = degrade(
                rgb, plan.skews[i], plan.turns[i], rng, photographed=plan.photographed, dpi=plan.dpi
            )
            pages.append(to_mode(scanned, plan.mode))
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
    from pipeline.read.ocr.base import get_engine
    from pipeline.read.ocr.cache import read_replay_page, write_replay_page
    from pipeline.read.ocr.run import OcrOptions, cache_key, page_count, read_page_image

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
                        "mode": plan.mode, "photographed": plan.photographed,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            print(f"{d.name}: scan.pdf {scan.stat().st_size // 1024} KiB, dpi {plan.dpi}, "
                  f"{plan.mode}{' photographed' if plan.photographed else ''}, turns {plan.turns}", file=sys.stderr)
        if not args.no_ocr:
            done, spent = replay_ocr(scan, d / "ocr", force=args.force)
            if done:
                print(f"{d.name}: OCR {done} page(s) in {spent:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
