"""Text shapes real notices print and the development corpus lacks (session 10's sweep).

A 主送 naming each recipient county's own bureaus over three lines or more; a long title over four
lines; a 公示 without 文号 or 主送 that closes with its 公示期 and a telephone; one 版记 holding a 主题词,
an 抄报 and an 抄送 row; a 附件说明 listing spreadsheet file names (…分配表.xls); dates typed with ○
for zero (二○二四年三月五日) in the 成文日期 and the 印发 line; the 署名 followed by ``（盖章）`` as
copies published on the web print it where the seal was. Each is a pure ``(spec, rng) -> spec | None``
registered in ``samples.mutation_grid.MUTATIONS``; the truth follows what is printed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

from samples.mutation_grid import Spec, alloc_attachments, mutation, pick
from samples.mutations_refs import public_notice_form
from samples.mutations_text import _break_points, _cn_date

# ---------------------------------------------------------------- 主送 naming every county's bureaus

# the bureau a fund's money goes through beside the 财政局 (the counties' own office names)
_BUREAU = {"agriculture": "农业农村局", "education": "教育局", "health": "卫生健康局",
           "social_assistance": "民政局", "employment": "人力资源和社会保障局", "disaster_relief": "应急管理局",
           "environment": "生态环境局", "housing": "住房和城乡建设局", "transport": "交通运输局",
           "culture": "文化和旅游局"}
_DIVISION = re.compile(r"^[\u4e00-\u9fff]{1,8}(县|区|市|旗)$")
_NOT_REGION = ("合计", "小计", "总计", "本级", "市直", "其中", "省直", "区直", "县直")


def _regions(spec: Spec) -> list[str]:
    """The divisions the first allocation table names in its rows, in order (no totals, no 本级)."""
    for att in alloc_attachments(spec):
        if (att.get("columns") or [{}])[0].get("role") != "region":
            continue
        out = []
        for row in att.get("rows") or []:
            name = str((row.get("cells") or [""])[0]).strip()
            if row.get("total") or any(w in name for w in _NOT_REGION) or not _DIVISION.match(name):
                continue
            if name not in out:
                out.append(name)
        return out
    return []


@mutation("recipients_each_region")
def recipients_each_region(spec: Spec, rng: random.Random) -> Spec | None:
    """A 主送 naming each county of the table with its own bureaus (A县财政局、农业农村局，B县…：),
    wrapped over three lines or more, or one county a line (up to six): the truth ``recipients`` is
    the whole list."""
    regions = _regions(spec)
    bureau = _BUREAU.get(str(spec.get("fund")))
    if len(regions) < 5 or not spec.get("recipients_printed") or bureau is None:
        return None
    regions = regions[:10]
    if rng.random() < 0.5:
        text = "，".join(f"{r}财政局、{bureau}" for r in regions)
    else:  # some counties name a merged bureau
        text = "，".join(f"{r}财政局、{bureau if k % 3 else '农业农村和水利局' if bureau == '农业农村局' else bureau}"
                        for k, r in enumerate(regions))
    if len(text) < 60:
        return None
    if rng.random() < 0.4:  # one county a line (up to six), as such lists are often printed
        text = "，\n".join(text.split("，")[:6])
    spec["recipients_printed"] = text + "："
    return spec


# ---------------------------------------------------------------- a long title over four lines

@mutation("title_four_lines")
def title_four_lines(spec: Spec, rng: random.Random) -> Spec | None:
    """A long title (36 characters or more) broken over four lines of 8 to 18 characters."""
    text = "".join(spec["title_lines"])
    if len(text) < 36 or len(spec["title_lines"]) >= 4:
        return None
    pts = _break_points(text)
    for _ in range(40):
        cut = sorted(rng.sample(pts, 3)) if len(pts) >= 3 else []
        bounds = [0, *cut, len(text)]
        lines = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
        if lines and all(8 <= len(x) <= 18 for x in lines):
            spec["title_lines"] = lines
            return spec
    return None


# ---------------------------------------------------------------- a 公示 closing with its 公示期

def _date(printed: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", printed)
    return dt.date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _printed(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@mutation("public_notice_period")
def public_notice_period(spec: Spec, rng: random.Random) -> Spec | None:
    """A 公示 of the allocation (no 文号, no 主送) whose last paragraph gives the 公示期 (two dates), a
    place to object and a telephone: none of them a date or an amount of the notice."""
    start = _date(str(spec["signature"]["date_printed"]))
    if start is None or public_notice_form(spec, rng) is None:
        return None
    end = start + dt.timedelta(days=pick(rng, [5, 6, 7, 9]))
    issuer = (spec.get("issuers") or ["本局"])[0]
    phone = f"0{rng.randrange(300, 999)}-{rng.randrange(2000000, 8999999)}"
    period = pick(rng, [f"公示期为{_printed(start)}至{_printed(end)}。",
                        f"公示时间：{_printed(start)}—{_printed(end)}。",
                        f"公示期：{start.month}月{start.day}日至{end.month}月{end.day}日（{(end - start).days - 1}个工作日）。"])
    spec["body"] = [*spec["body"],
                    period + f"公示期间，如有异议，请以书面形式向{issuer}反映。联系电话：{phone}。"]
    return spec


# ---------------------------------------------------------------- one 版记 with every row

@mutation("imprint_every_row")
def imprint_every_row(spec: Spec, rng: random.Random) -> Spec | None:
    """One 版记 with a 主题词 line, an 抄报 row and an 抄送 row (older notices): only ``cc`` is a field."""
    imp = spec.get("imprint")
    if not isinstance(imp, dict) or not imp.get("cc") or not imp.get("printed_by") or not imp.get("date_printed"):
        return None
    if imp.get("cc_report") or imp.get("keywords") or len(str(imp["cc"])) > 40:
        return None
    if imp.get("style") not in ("table", "lines"):
        imp["style"] = pick(rng, ["lines", "table"])
    imp["keywords"] = pick(rng, ["财政 资金 通知", "专项资金 下达 通知", "经费 预算 通知"])
    imp["cc_report"] = pick(rng, ["省财政厅", "市人民政府", "市委办公室，市政府办公室", "财政部当地监管局"])
    return spec


# ---------------------------------------------------------------- 附件 listed by file name

@mutation("attachment_file_names")
def attachment_file_names(spec: Spec, rng: random.Random) -> Spec | None:
    """The 附件说明 listing the attachments by their file names (…分配表.xls, …目标表.xlsx), as a copy
    published with its spreadsheets prints them: the listed title keeps the extension."""
    items = spec.get("attachment_note") or []
    if not items or any(re.search(r"[.．](xlsx?|docx?|pdf)$", str(it["title_printed"])) for it in items):
        return None
    if any(str(it["title_printed"]).endswith(("；", "。", "》", "）")) for it in items):
        return None
    for it in items:
        ext = pick(rng, [".xls", ".xlsx"]) if "表" in str(it["title_printed"])[-3:] else pick(rng, [".docx", ".doc"])
        it["title_printed"] = str(it["title_printed"]) + ext
        it.pop("title", None)  # the truth is the name as printed
    return spec


# ---------------------------------------------------------------- dates typed with ○

def _circle(printed: str) -> str | None:
    cn = _cn_date(printed)
    return cn.replace("〇", "○") if cn is not None and "〇" in cn else None


@mutation("date_circle_zero")
def date_circle_zero(spec: Spec, rng: random.Random) -> Spec | None:
    """成文日期 in Chinese numerals typed with ○ for zero (二○二四年三月五日), and the 印发 date too
    in half the cases."""
    sig = spec["signature"]
    new = _circle(str(sig["date_printed"]))
    if new is None:
        return None
    sig["date_printed"] = new
    imp: Any = spec.get("imprint")
    if isinstance(imp, dict) and imp.get("date_printed") and rng.random() < 0.5:
        imp["date_printed"] = _circle(str(imp["date_printed"])) or imp["date_printed"]
    return spec


# ---------------------------------------------------------------- （盖章） where the seal was

@mutation("signature_stamp_marks")
def signature_stamp_marks(spec: Spec, rng: random.Random) -> Spec | None:
    """Each 署名 followed by （盖章） or （章）, on its line or on a line of its own under it, and no seal,
    as a copy published on the web prints it: the signatories are the names alone."""
    sig = spec["signature"]
    if sig.get("layout") == "side_by_side" or "signatories" in spec.get("truth", {}):
        return None  # no room for a mark beside each name
    mark = pick(rng, ["（盖章）", "（章）"])
    names = [str(n) for n in sig["names"]]
    spec.setdefault("truth", {})["signatories"] = names
    sig["seals"] = []
    if rng.random() < 0.5:
        sig["names"] = [n + mark for n in names]
    else:  # the mark centred under its name, one line apart
        sig["names"] = [x for n in names for x in (n, mark)]
        for k in ("dy", "gap", "size", "date_gap"):
            sig.pop(k, None)
        sig["layout"] = "stacked_tight"
        sig["dx"] = [0] * len(sig["names"])
    return spec


# ---------------------------------------------------------------- a cited 文号 followed by 文件

_CITED = re.compile(r"(》\s*[（(])([^（）()《》]{2,30}?[〔\[［(（]\d{4}[〕\]］)）]\d+号)([）)])")


@mutation("cited_doc_wenjian")
def cited_doc_wenjian(spec: Spec, rng: random.Random) -> Spec | None:
    """A cited 文号 written with 文件 or 文 after it inside its brackets (《…》（某财社〔2023〕45号文件）),
    as many notices print it: the reference's 文号 and title are the same."""
    word = pick(rng, ["文件", "文"])
    body = [_CITED.sub(lambda m: m[1] + m[2] + word + m[3], p) for p in spec["body"]]
    if body == spec["body"]:
        return None
    spec["body"] = body
    return spec


# ---------------------------------------------------------------- the 主送 moved to the 版记

@mutation("recipients_in_imprint")
def recipients_in_imprint(spec: Spec, rng: random.Random) -> Spec | None:
    """The 主送 printed in the 版记 (``主送：…`` above 抄送, as GB/T 9704 7.2.3 has a list too long for
    the first page printed), none under the title: the truth ``recipients`` is the 版记's list, a
    county-by-county one where the table names five counties or more."""
    imp = spec.get("imprint")
    rec = str(spec.get("recipients_printed") or "").replace("\n", "")
    if not isinstance(imp, dict) or not imp.get("printed_by") or not imp.get("date_printed") or not rec:
        return None
    if imp.get("recipients"):
        return None
    if _regions(spec) and recipients_each_region(spec, rng) is not None:
        rec = str(spec["recipients_printed"]).replace("\n", "")
    if imp.get("style") not in ("table", "lines"):
        imp["style"] = pick(rng, ["lines", "table"])
    imp["recipients"] = rec.rstrip("：:")
    spec["recipients_printed"] = None
    return spec
