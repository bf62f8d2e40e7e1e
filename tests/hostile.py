"""Damaged and hostile PDFs made from good ones (tests and scripts/fuzz_hostile.py).

    mutate(kind, data, rng) -> bytes    one damaged copy of ``data``
    KINDS                               every kind mutate knows
    bomb(data, page, mb)                page ``page``'s content inflates to ``mb`` MB
    build_fuzz_set(folder, rng)         a folder of them, with odd names and symlink loops
    failures / stored_shas / row_counts what an ingest of that folder refused and stored

Every mutation is a pure function of (kind, data, rng state): a fixed seed
gives the same files on every machine.
"""

from __future__ import annotations

import io
import random
import re
import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
SCAN_KINDS = {"jpeg corrupted", "image size inflated"}  # these need a scan's JPEG images
Mutation = Callable[[bytes, random.Random], bytes]


def _save(pdf: pikepdf.Pdf, **kw: object) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def flate_of(size: int, unit: bytes = b"0 0 m 1 1 l S\n") -> bytes:
    """zlib data inflating to ``size`` bytes, made chunk by chunk (never ``size`` in memory)."""
    c = zlib.compressobj(9)
    block = unit * (1_000_000 // len(unit))
    parts: list[bytes] = []
    done = 0
    while done < size:
        piece = block[: size - done]
        parts.append(c.compress(piece))
        done += len(piece)
    parts.append(c.flush())
    return b"".join(parts)


def bomb(data: bytes, page: int = 0, mb: int = 630) -> bytes:
    """A decompression bomb: page ``page``'s content stream inflates to ``mb`` MB of drawing."""
    pdf = pikepdf.open(io.BytesIO(data))
    stream = pikepdf.Stream(pdf, b"")
    stream.write(flate_of(mb * 1_000_000), filter=pikepdf.Name.FlateDecode)
    pdf.pages[page].obj.Contents = pdf.make_indirect(stream)
    return _save(pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def font_bomb(data: bytes, mb: int = 100) -> bytes:
    """A stream outside the pages (an embedded font file) that inflates to ``mb`` MB."""
    pdf = pikepdf.open(io.BytesIO(data))
    stream = pikepdf.Stream(pdf, b"")
    stream.write(flate_of(mb * 1_000_000, b"\x00" * 64), filter=pikepdf.Name.FlateDecode)
    pdf.Root.Junk = pdf.make_indirect(stream)
    return _save(pdf, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(len(data) // 10, len(data) - 10)]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(5, 60)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    return bytes(b)


def delete_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) // 2)
    return data[:start] + data[start + rng.randint(64, 4096) :]


def double_chunk(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) // 2)
    end = start + rng.randint(64, 4096)
    return data[:end] + data[start:end] + data[end:]


def garble_xref(data: bytes, rng: random.Random) -> bytes:
    at = data.rfind(b"xref")
    if at < 0:
        return random_bytes(data, rng)
    b = bytearray(data)
    for i in range(at + 5, min(len(b), at + 600)):
        if chr(b[i]).isdigit() and rng.random() < 0.3:
            b[i] = ord(str(rng.randrange(10)))
    return bytes(b)


def damage_header(data: bytes, rng: random.Random) -> bytes:
    choices = [b"%PFD-1.4", b"%PDF-9.9", b"\x00\x00\x00\x00", b"<html>", b""]
    return rng.choice(choices) + data[8:]


def corrupt_jpeg(data: bytes, rng: random.Random) -> bytes:
    """Random bytes inside each JPEG image's entropy-coded data (a scan broken in transfer)."""
    pdf = pikepdf.open(io.BytesIO(data))
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == pikepdf.Name.DCTDecode:
            raw = bytearray(obj.read_raw_bytes())
            for _ in range(rng.randint(20, 200)):
                raw[rng.randrange(len(raw) // 3, len(raw))] = rng.randrange(256)
            if rng.random() < 0.3:
                raw = raw[: len(raw) // 2]
            obj.write(bytes(raw), filter=pikepdf.Name.DCTDecode)
    return _save(pdf)


def inflate_image(data: bytes, rng: random.Random) -> bytes:
    """An image claiming a huge size (in its dictionary, and in its JPEG header if it is one)."""
    pdf = pikepdf.open(io.BytesIO(data))
    side = rng.choice([30_000, 60_000, 65_000])
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image:
            if obj.get("/Filter") == pikepdf.Name.DCTDecode and rng.random() < 0.5:
                raw = bytearray(obj.read_raw_bytes())
                m = re.search(rb"\xff[\xc0\xc2]", raw)
                if m:
                    raw[m.start() + 5 : m.start() + 9] = side.to_bytes(2, "big") * 2
                    obj.write(bytes(raw), filter=pikepdf.Name.DCTDecode)
                    continue
            obj.Width = side
            obj.Height = side
    return _save(pdf)


def page_tree_loop(data: bytes, rng: random.Random) -> bytes:
    """The page tree's root listed among its own kids (qpdf refuses to build such a file)."""
    pdf = pikepdf.open(io.BytesIO(data))
    raw = _save(pdf, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(io.BytesIO(raw)) as renumbered:
        root = renumbered.Root.Pages.objgen  # as numbered in ``raw``
    at = raw.find(b"/Kids [", raw.find(f"\n{root[0]} {root[1]} obj".encode())) + len(b"/Kids [")
    first = re.match(rb"\s*(\d+ \d+ R)", raw[at:])
    assert first is not None
    ref = f"{root[0]} {root[1]} R".encode().ljust(len(first.group(1)))  # same length: xref stays valid
    if rng.random() < 0.5:
        return raw[: at + first.start(1)] + ref + raw[at + first.end(1) :]  # instead of page 1
    return raw[:at] + ref + b" " + raw[at:]  # added (offsets shift: qpdf reconstructs the xref)


def scramble_font_map(data: bytes, rng: random.Random) -> bytes:
    """Each ToUnicode CMap's bytes shuffled or overwritten (wrong or unparsable text)."""
    pdf = pikepdf.open(io.BytesIO(data))
    for obj in list(pdf.objects):
        if isinstance(obj, pikepdf.Dictionary) and isinstance(obj.get("/ToUnicode"), pikepdf.Stream):
            cmap = obj.ToUnicode
            body = bytearray(cmap.read_bytes())
            for _ in range(max(1, len(body) // 20)):
                i, j = rng.randrange(len(body)), rng.randrange(len(body))
                body[i], body[j] = body[j], body[i]
            cmap.write(bytes(body))
    return _save(pdf)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    """An object of arrays nested hundreds deep, referenced from the catalog."""
    depth = rng.randint(150, 450)  # past the budget (100), within what qpdf parses (500)
    pdf = pikepdf.open(io.BytesIO(data))
    raw = _save(pdf, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    deep = b"[" * depth + b"1" + b"]" * depth
    return raw.replace(b"/Type /Catalog", b"/Type /Catalog /Deep " + deep, 1)


def content_bomb(data: bytes, rng: random.Random) -> bytes:
    n = len(pikepdf.open(io.BytesIO(data)).pages)
    return bomb(data, rng.randrange(n), rng.choice([80, 300, 630]))


def other_bomb(data: bytes, rng: random.Random) -> bytes:
    return font_bomb(data, rng.choice([100, 400]))


KINDS: dict[str, Mutation] = {
    "truncated": truncate,
    "random bytes": random_bytes,
    "chunk deleted": delete_chunk,
    "chunk doubled": double_chunk,
    "xref garbled": garble_xref,
    "header damaged": damage_header,
    "jpeg corrupted": corrupt_jpeg,
    "image size inflated": inflate_image,
    "page-tree loop": page_tree_loop,
    "font map scrambled": scramble_font_map,
    "deep nesting": deep_nesting,
    "decompression bomb": content_bomb,
    "stream bomb (not a page)": other_bomb,
}


def mutate(kind: str, data: bytes, rng: random.Random) -> bytes:
    return KINDS[kind](data, rng)


def build_fuzz_set(folder: Path, rng: random.Random, per_kind: int = 2) -> dict[Path, str]:
    """Damaged files under ``folder``; returns path -> kind."""
    notices = sorted(ROOT.glob("samples/*/notice.pdf"))
    scans = sorted(p for p in ROOT.glob("samples/*/scan.pdf") if p.stat().st_size < 800_000)
    made: dict[Path, str] = {}
    for kind in KINDS:
        for i in range(per_kind if kind not in SCAN_KINDS else max(1, per_kind // 4)):
            source = rng.choice(scans if kind in SCAN_KINDS else notices)
            data = mutate(kind, source.read_bytes(), rng)
            name = f"{kind.replace(' ', '_')}_{i}_{source.parent.name}.pdf"
            path = folder / re.sub(r"[^\w.-]", "_", name)
            path.write_bytes(data)
            made[path] = kind
    good = [n.read_bytes() for n in rng.sample(notices, 4)]
    odd = folder / "odd names"
    odd.mkdir()
    for name, data in [
        ("空 格 & 'quote' (1).pdf", good[0]),
        ("-starts-with-dash.PDF", mutate("random bytes", good[1], rng)),
        ("x" * 200 + ".pdf", mutate("chunk doubled", good[2], rng)),
    ]:
        (odd / name).write_bytes(data)
        made[odd / name] = "odd file name"
    deep = folder.joinpath(*[f"d{i}" for i in range(40)])
    deep.mkdir(parents=True)
    (deep / "deep.pdf").write_bytes(good[3])
    made[deep / "deep.pdf"] = "deep folder"
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a folder symlink loop
    (folder / "self.pdf").symlink_to(folder / "self.pdf")  # a file symlink loop
    refused = next(p for p, k in made.items() if k == "decompression bomb")
    twin = folder / "twin of a bomb.pdf"
    twin.write_bytes(refused.read_bytes())
    made[twin] = "copy of a refused file"
    return made


def failures(stderr: str) -> dict[str, str]:
    """path -> reason from the summary's ``  failed: PATH: REASON`` lines."""
    out: dict[str, str] = {}
    for line in stderr.splitlines():
        if line.startswith("  failed: "):
            path, _, reason = line[len("  failed: ") :].partition(".pdf: ")
            if not reason:
                path, _, reason = line[len("  failed: ") :].partition(".PDF: ")
                path += ".PDF"
            else:
                path += ".pdf"
            out[path] = reason
    return out


def stored_shas(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {r[0] for r in con.execute("SELECT sha256 FROM documents")}


def row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        skip = {"runs", "failures", "claims", "alembic_version"}  # the run log grows by design
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables if t not in skip}
