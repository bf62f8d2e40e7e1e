"""Typed hand-offs between the stages (a leaf module: imports nothing of ours).

    pdf -> SourceFile -> Document(Page(TextBox, Ruling)) -> Layout(Line | Table)
        -> Notice (parsers) -> rows (db)

Coordinates are PDF points with a top-left origin (pdfplumber's ``top`` /
``bottom``); OCR pixels become points once, inside the engine adapter.
``page`` is 1-based everywhere; a 0-based index is called ``page_index``.
Everything is frozen and slotted so it pickles cleanly into worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

TextSource = Literal["text-layer", "ocr", "mixed"]
Severity = Literal["error", "warning", "info"]
Period = Literal["annual", "midterm"]
TableKind = Literal["regional", "project"]


@dataclass(frozen=True, slots=True)
class BBox:
    """A rectangle in PDF points, top-left origin."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def contains_point(self, x: float, y: float, tol: float = 0.0) -> bool:
        return (
            self.x0 - tol <= x <= self.x1 + tol
            and self.top - tol <= y <= self.bottom + tol
        )

    def rounded(self, ndigits: int = 1) -> tuple[float, float, float, float]:
        return (
            round(self.x0, ndigits),
            round(self.top, ndigits),
            round(self.x1, ndigits),
            round(self.bottom, ndigits),
        )


def union_all(boxes: tuple[BBox, ...] | list[BBox]) -> BBox:
    """The smallest BBox around all of ``boxes`` (which must not be empty)."""
    it = iter(boxes)
    acc = next(it)
    for b in it:
        acc = acc.union(b)
    return acc


@dataclass(frozen=True, slots=True)
class CharBox:
    """Where one recognised character (or word) of an OCR line sits, in points."""

    text: str
    x0: float
    x1: float
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class TextBox:
    """A word (text layer) or a recognised text line fragment (OCR)."""

    text: str
    bbox: BBox
    confidence: float | None = None  # 0..1 for OCR; None for a text layer
    is_red: bool = False  # printed in red (发文机关标志, seal)
    # per-character positions, where the engine gives them; used inside the OCR
    # stage (splitting a line at a column ruling) and not stored in the cache
    chars: tuple[CharBox, ...] = ()


@dataclass(frozen=True, slots=True)
class Ruling:
    """A straight table/border line segment (horizontal or vertical)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def is_horizontal(self) -> bool:
        return (self.bottom - self.top) <= (self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Page:
    """One page as read: text boxes and rulings, in points."""

    page: int
    width: float
    height: float
    boxes: tuple[TextBox, ...]
    rulings: tuple[Ruling, ...] = ()
    text_source: Literal["text-layer", "ocr"] = "text-layer"
    engine: str | None = None  # e.g. "pdfplumber", "pdfium", "rapidocr 3.4.0"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """An input file that has been opened and validated as a PDF."""

    path: str
    name: str
    sha256: str
    size: int
    pages: int


@dataclass(frozen=True, slots=True)
class Document:
    source: SourceFile
    pages: tuple[Page, ...]

    @property
    def text_source(self) -> TextSource:
        kinds = {p.text_source for p in self.pages}
        if kinds == {"ocr"}:
            return "ocr"
        if kinds == {"text-layer"} or not kinds:
            return "text-layer"
        return "mixed"


# --- layout -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of text outside tables, in reading order."""

    text: str  # as printed, inter-word spaces kept as single spaces
    bbox: BBox
    page: int
    confidence: float | None = None  # min over its boxes (OCR), else None
    is_red: bool = False  # every box red
    font_size: float | None = None  # median glyph height in points


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a reconstructed grid; merged cells carry their span."""

    row: int
    col: int
    text: str  # lines inside the cell joined without separators
    bbox: BBox
    page: int
    rowspan: int = 1
    colspan: int = 1
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A ruled table. Cells cover the grid; a merged cell appears once.

    A table continued on the next page is one Table whose ``pages`` lists
    every page it spans (rows keep growing across the break).
    """

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    bbox: BBox  # on the first page
    page: int  # first page
    pages: tuple[int, ...] = ()

    def cell_at(self, row: int, col: int) -> Cell | None:
        """The cell covering grid position (row, col), merged or not."""
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None

    def grid(self) -> tuple[tuple[str, ...], ...]:
        """Text per grid position; a merged cell's text at its top-left only."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            out[c.row][c.col] = c.text
        return tuple(tuple(r) for r in out)


Block = Line | Table


@dataclass(frozen=True, slots=True)
class Layout:
    """The document as lines and tables, in reading order across pages."""

    source: SourceFile
    blocks: tuple[Block, ...]
    text_source: TextSource = "text-layer"
    page_sizes: tuple[tuple[float, float], ...] = ()


# --- parsed notice ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Provenance:
    page: int | None = None
    bbox: BBox | None = None
    confidence: float | None = None
    # the OCR text as printed, when a grammar-grounded OCR repair changed the
    # value read from it or could not confirm it (parsers/normalize/ocr_repair.py)
    repaired_from: str | None = None


@dataclass(frozen=True, slots=True)
class Field(Generic[T]):
    """A canonical value, the text as printed, and where it came from."""

    value: T
    raw: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class Target:
    """An indicator target: ``≥90%`` -> op '>=', number 90, unit '%'."""

    op: str | None = None
    number: Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    doc_number: str | None
    title: str | None
    raw: str = ""
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class FundMarker:
    code: str | None
    name: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class BodyAmount:
    value: Decimal
    unit: str
    context: str
    is_total: bool = True  # False for a part (其中…)
    prov: Provenance = field(default_factory=Provenance)
    # OCR: the context as read, when the OCR repair changed it (parsers/ocr_text.py)
    context_read: str | None = None


@dataclass(frozen=True, slots=True)
class AttachmentItem:
    number: int | None
    title: str
    prov: Provenance = field(default_factory=Provenance)


@dataclass(frozen=True, slots=True)
class AllocationRow:
    region: str  # canonical (GB/T 2260 full name) or the unit name as printed
    region_as_printed: str
    values: tuple[Decimal | None, ...]
    is_total: bool
    notes: tuple[tuple[str, str], ...] = ()
    region_code: str | None = None  # GB/T 2260 code when resolved
    prov: Provenance = field(default_factory=Provenance)
    value_provs: tuple[Provenance, ...] = ()
    # OCR: (column, text as read) of each note the OCR repair changed (parsers/ocr_text.py)
    notes_read: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AllocationTable:
    attachment: int | None
    title: str | None
    unit: str | None
    columns: tuple[str, ...]
    rows: tuple[AllocationRow, ...]
    # column index -> indices of the columns the header puts under it
    column_parts: tuple[tuple[int, tuple[int, ...]], ...] = ()
    page: int | None = None
    # aggregate row index -> the readings of its members (each a tuple of row
    # indices: a 合计 over its 小计s, or over the leaves); () = not computed
    row_parts: tuple[tuple[int, tuple[tuple[int, ...], ...]], ...] = ()
    # why the parser is unsure of the structure ("columns: …", "rows: …"):
    # the checks then raise one warning for the table instead of sum errors
    uncertain: tuple[str, ...] = ()
    # OCR: (column name as repaired, as read) of each name put back from the notice's words
    # (parsers/table_header_words.py); () for a text layer
    headers_read: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Indicator:
    level1: str | None  # canonical 一级 (产出指标 …) or None when unknown
    level2: str | None  # canonical 二级 or None
    name: str  # 三级指标
    value: str  # 指标值 as printed (whitespace removed)
    target: Target
    period: Period = "annual"
    level1_as_printed: str | None = None
    level2_as_printed: str | None = None
    prov: Provenance = field(default_factory=Provenance)
    # the labels that decided level1/level2 sat outside their column or row
    # (the table's own reading is then weaker in the cross-table repair)
    label_misplaced: bool = False


@dataclass(frozen=True, slots=True)
class Funds:
    total: Decimal | None
    breakdown: tuple[tuple[str, Decimal | None], ...] = ()
    # OCR only: where each amount was read, the total first, then the
    # breakdown in order; ``repaired_from`` when the amount grammar changed or
    # could not decide it (parsers/normalize/ocr_repair.py). () for a text layer.
    provs: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True)
class TargetTable:
    attachment: int | None
    kind: TableKind
    year: int | None
    region: str | None
    region_as_printed: str | None
    project: str | None
    unit: str | None
    funds: Funds
    indicators: tuple[Indicator, ...]
    layout_repaired: bool = False
    funds_midterm: Funds | None = None  # project tables: the 中期 half
    options: tuple[tuple[str, str], ...] = ()  # checked boxes: (label, choice)
    page: int | None = None
    # OCR only: (group label, where its row of boxes was read); ``repaired_from``
    # holds the row as read when the ticked box was inferred or undecided
    option_provs: tuple[tuple[str, Provenance], ...] = ()
    # a money-and-targets row printed in the long shape: the work it names (主要建设内容), whose own
    # target lines it prints; rows of different works set different indicators (not output)
    work: str | None = None
    # OCR only: the region as read when it was put back from the allocation row it repeats
    # (parsers/normalize/notice_places.py: 孟县 read, 盂县 printed); LOW_CONFIDENCE names it
    region_read: str | None = None


@dataclass(frozen=True, slots=True)
class FormAttachment:
    """An attachment recognised as a blank form (e.g. 跟踪反馈表): no rows."""

    attachment: int | None
    title: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class RawTable:
    """A table the parsers could not understand, kept as printed (cells with
    their positions) so that nothing is silently lost (TABLE_NOT_UNDERSTOOD)."""

    attachment: int | None
    title: str | None
    page: int | None
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    reason: str
    pages: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    severity: Severity
    message: str
    page: int | None = None
    subject: str | None = None  # e.g. "allocation_tables[0].rows[3].values[2]"
    expected: str | None = None
    actual: str | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    """A parsed and normalised notice (the contract's notice JSON, typed)."""

    source: SourceFile
    text_source: TextSource
    doc_number: Field[str] | None = None
    issuers: tuple[Field[str], ...] = ()
    title: Field[str] | None = None
    recipients: Field[str] | None = None
    copy_number: Field[str] | None = None
    classification: Field[str] | None = None
    urgency: Field[str] | None = None
    signer: Field[str] | None = None
    issue_date: Field[str] | None = None  # ISO YYYY-MM-DD
    annotation: Field[str] | None = None
    signatories: tuple[Field[str], ...] = ()
    cc: Field[str] | None = None
    printed_by: Field[str] | None = None
    print_date: Field[str] | None = None
    references: tuple[Reference, ...] = ()
    fund_markers: tuple[FundMarker, ...] = ()
    budget_codes: tuple[Field[str], ...] = ()
    body_amounts: tuple[BodyAmount, ...] = ()
    attachments_listed: tuple[AttachmentItem, ...] = ()
    attachment_headings: tuple[AttachmentItem, ...] = ()  # 附件N as printed on pages
    allocation_tables: tuple[AllocationTable, ...] = ()
    target_tables: tuple[TargetTable, ...] = ()
    forms: tuple[FormAttachment, ...] = ()
    raw_tables: tuple[RawTable, ...] = ()  # tables kept raw (TABLE_NOT_UNDERSTOOD)
    body: str = ""  # 正文, whitespace removed
    flags: tuple[Flag, ...] = ()
