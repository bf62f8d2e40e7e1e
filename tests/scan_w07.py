"""Lines OCR read from the scan sweep's w07 case (seed 6, a grey scan; real coordinates): the head
and body of page 1, shared by the closing tests built from it."""

from __future__ import annotations

from pipeline.core.model import BBox, Line


def ocr_line(text: str, box: tuple[float, float, float, float], page: int = 1) -> Line:
    return Line(text, BBox(*box), page, confidence=0.99)


HEAD_AND_BODY = (
    ocr_line("龙财行〔2023〕12号", (232.6, 226.4, 371.8, 245.9)),
    ocr_line("关于下达2023年龙岩市民族发展专项资金的通知", (84.3, 299.2, 519.4, 321.1)),
    ocr_line("相关县（市、区）财政局、民族与宗教事务局：", (80.7, 377.6, 406.4, 396.7)),
    ocr_line("为促进少数民族地区经济社会事业发展，经研究，现下达", (112.4, 406.4, 511.5, 423.7)),
    ocr_line("2023年龙岩市民族发展专项资金70万元，具体项目和金额见附件。", (78.5, 434.9, 511.1, 451.8)),
)
