"""Text mutations of samples.mutate: title line breaks, 文号 brackets, 主送, signature, body wording.

Pure ``(spec, rng) -> spec | None`` functions registered in ``samples.mutation_grid.MUTATIONS``;
the truth stays consistent (a 其中 clause added to the body is added to ``body_amounts``).
"""

from __future__ import annotations

import random
import re
from decimal import Decimal

from samples.generator.canon import doc_number as canon_doc_number
from samples.mutation_grid import (
    Spec,
    alloc_attachments,
    cell_amount,
    hierarchical,
    mutation,
    pick,
    plain_total_rows,
)

TEXT_W = 441.0  # points: the A4 text width of the generator (render.TEXT_W)


CN = "〇一二三四五六七八九"


def _cn_year(y: str) -> str:
    return "".join(CN[int(c)] for c in y)


def _cn_small(n: int) -> str:
    if n < 10:
        return CN[n] if n else "〇"
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")



def _break_points(text: str) -> list[int]:
    """Where a title line may break: not inside a number, not before closing punctuation."""
    out = []
    for k in range(4, len(text) - 3):
        a, b = text[k - 1], text[k]
        if (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()) or b in "）〕》」，、。：）)":
            continue
        if a in "（〔《「(":
            continue
        out.append(k)
    return out


@mutation("title_rewrap")
def title_rewrap(spec: Spec, rng: random.Random) -> Spec | None:
    """The title broken over 1, 2 or 3 lines at other points (the truth title is the same)."""
    text = "".join(spec["title_lines"])
    if "truth" in spec and "title" in spec["truth"]:
        return None
    n = pick(rng, [1, 2, 2, 3]) if len(text) > 24 else pick(rng, [1, 2])
    pts = _break_points(text)
    if n > 1 and len(pts) < n:
        return None
    cuts = sorted(rng.sample(pts, n - 1)) if n > 1 else []
    lines = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    if lines == spec["title_lines"]:
        return None
    spec["title_lines"] = lines
    return spec


_DOCNO = re.compile(r"[〔\[［【(（﹝](\d{4})[〕\]］】)）﹞]")
BRACKETS = [("〔", "〕"), ("[", "]"), ("（", "）"), ("［", "］"), ("【", "】")]


@mutation("doc_number_brackets")
def doc_number_brackets(spec: Spec, rng: random.Random) -> Spec | None:
    """The notice's own 文号 with [] / （） / ［］ / 【】 instead of 〔〕 (or back)."""
    dn = spec["head"].get("doc_number")
    m = _DOCNO.search(dn or "")
    if not m or "doc_number" in spec.get("truth", {}):
        return None
    o, c = pick(rng, [b for b in BRACKETS if b[0] != dn[m.start()]])
    spec["head"]["doc_number"] = dn[: m.start()] + f"{o}{m[1]}{c}" + dn[m.end():]
    return spec


@mutation("cited_doc_brackets")
def cited_doc_brackets(spec: Spec, rng: random.Random) -> Spec | None:
    """Cited 文号 in the body printed with [] / ［］ / 【】 instead of 〔〕."""
    o, c = pick(rng, [("[", "]"), ("［", "］"), ("【", "】")])
    body = [re.sub(r"〔(\d{4})〕", rf"{o}\1{c}", p) for p in spec["body"]]
    if body == spec["body"]:
        return None
    spec["body"] = body
    return spec


def _cn_date(printed: str) -> str | None:
    m = re.fullmatch(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日", printed)
    if not m:
        return None
    return f"{_cn_year(m[1])}年{_cn_small(int(m[2]))}月{_cn_small(int(m[3]))}日"


@mutation("date_chinese_numerals")
def date_chinese_numerals(spec: Spec, rng: random.Random) -> Spec | None:
    """成文日期 in Chinese numerals (二〇二一年九月十六日) instead of Arabic."""
    cn = _cn_date(spec["signature"]["date_printed"])
    if cn is None:
        return None
    spec["signature"]["date_printed"] = cn
    return spec


@mutation("signature_layout")
def signature_layout(spec: Spec, rng: random.Random) -> Spec | None:
    """A joint 署名 stacked, side by side or tightly stacked (another layout than printed)."""
    sig = spec["signature"]
    if len(sig["names"]) < 2:
        return None
    now = sig.get("layout", "stack")
    size = 14 if len(sig["names"]) > 2 else 16
    fits = max(len(n) for n in sig["names"]) * size < TEXT_W / len(sig["names"]) - 12
    new = pick(rng, [x for x in ("stack", "side_by_side", "stacked_tight")
                      if x != now and (fits or x != "side_by_side")])
    for k in ("layout", "dy", "dx", "gap", "size"):
        sig.pop(k, None)
    if new != "stack":
        sig["layout"] = new
        if new == "side_by_side" and size != 16:
            sig["size"] = size
        if new == "stacked_tight":  # offsets only where the names stay inside the text frame
            room = TEXT_W - 4 * 16 - max(len(n) for n in sig["names"]) * 16
            sig["dx"] = [rng.choice([-20, 0, 20]) if room > 40 else 0 for _ in sig["names"]]
    return spec


@mutation("signature_gap_before_date")
def signature_gap_before_date(spec: Spec, rng: random.Random) -> Spec | None:
    """A blank line between the 署名 and the 成文日期."""
    sig = spec["signature"]
    if sig.get("layout"):
        return None
    sig["date_gap"] = 1
    return spec


_BODY_TOTAL = ["共计", "合计", "总额", "共", "总计"]


@mutation("body_total_word")
def body_total_word(spec: Spec, rng: random.Random) -> Spec | None:
    """The body's first amount stated as 共计/合计/总额 X万元."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    if not amounts or "printed" not in amounts[0] or amounts[0].get("nth"):
        return None
    printed = amounts[0]["printed"]
    for j, para in enumerate(spec["body"]):
        at = para.find(printed)
        if at < 0:
            continue
        before = para[max(0, at - 2):at]
        if not before or any(w in before for w in ("计", "额", "共", "其中", "为")) or not ("\u4e00" <= before[-1] <= "\u9fff"):
            return None
        word = pick(rng, _BODY_TOTAL)
        spec["body"][j] = para[:at] + word + para[at:]
        return spec
    return None


@mutation("recipients_two_lines")
def recipients_two_lines(spec: Spec, rng: random.Random) -> Spec | None:
    """主送 printed over two lines (broken after a 、 or ，)."""
    rec = spec.get("recipients_printed") or ""
    pts = [k + 1 for k, ch in enumerate(rec[:-2]) if ch in "、，,"]
    if not pts or "\n" in rec:
        return None
    k = pick(rng, pts)
    spec["recipients_printed"] = rec[:k] + "\n" + rec[k:]
    return spec


@mutation("doc_number_long")
def doc_number_long(spec: Spec, rng: random.Random) -> Spec | None:
    """A longer 机关代字 (…财社指〔…〕, …财预〔…〕, …财教（指）〔…〕); the truth 文号 follows."""
    dn = spec["head"].get("doc_number") or ""
    m = re.fullmatch(r"(.+?)(〔\d{4}〕)(\d+)号", dn)
    if not m or "doc_number" in spec.get("truth", {}) or len(m[1]) > 5 or spec["head"].get("number_top"):
        return None
    spec["head"]["doc_number"] = m[1] + pick(rng, ["指", "（指）", "预", "发"]) + m[2] + m[3] + "号"
    return spec


@mutation("body_qizhong")
def body_qizhong(spec: Spec, rng: random.Random) -> Spec | None:
    """A 其中 clause after the body's total: 其中<first member>X万元 (added to the truth)."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    atts = alloc_attachments(spec)
    if len(amounts) != 1 or "printed" not in amounts[0] or amounts[0].get("nth") or len(atts) != 1:
        return None
    att = atts[0]
    if att.get("unit") != "万元" or hierarchical(att):
        return None
    m = re.fullmatch(r"([\d.]+)万元", amounts[0]["printed"])
    ri = next((i for i, c in enumerate(att["columns"]) if c["role"] == "region"), None)
    ai = next((i for i, c in enumerate(att["columns"]) if c["role"] == "amount"), None)
    total = att["rows"][plain_total_rows(att)[0]]
    if not m or ri is None or ai is None or cell_amount(total["cells"][ai]) != Decimal(m[1]):
        return None
    member = next((r for r in att["rows"] if not r.get("total") and cell_amount(r["cells"][ai])), None)
    if member is None:
        return None
    value = str(member["cells"][ai]).replace(",", "")
    printed = f"{value}万元"
    for j, para in enumerate(spec["body"]):
        at = para.find(amounts[0]["printed"])
        if at < 0:
            continue
        end = at + len(amounts[0]["printed"])
        if printed in "".join(spec["body"]) or para[end:end + 1] not in "，。；":
            return None
        form = str(pick(rng, ["，其中{}{}", "（其中：{}{}）", "，其中：{}{}"]))
        clause = form.format(member["cells"][ri], printed)
        spec["body"][j] = para[:end] + clause + para[end:]
        spec["truth"]["body_amounts"] = [amounts[0], {"printed": printed}]
        return spec
    return None


@mutation("body_amount_in_yuan")
def body_amount_in_yuan(spec: Spec, rng: random.Random) -> Spec | None:
    """The body's amounts printed in 元 (1,050,000元) while the table stays in 万元."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    if not amounts or any("printed" not in a or a.get("nth") for a in amounts):
        return None
    body = list(spec["body"])
    out = []
    sep = rng.random() < 0.5
    for a in amounts:
        m = re.fullmatch(r"(-?[\d.]+)万元", a["printed"])
        if not m:
            return None
        d = Decimal(m[1]) * 10000
        exp = d.normalize().as_tuple().exponent
        places = max(0, -exp) if isinstance(exp, int) else 0
        new = (f"{d:,.{places}f}" if sep else f"{d:.{places}f}") + "元"
        hits = [j for j, p in enumerate(body) if a["printed"] in p]
        if len(hits) != 1 or body[hits[0]].count(a["printed"]) != 1:
            return None
        at = body[hits[0]].index(a["printed"])
        if at and body[hits[0]][at - 1].isdigit():
            return None
        body[hits[0]] = body[hits[0]].replace(a["printed"], new)
        out.append({**a, "printed": new})
    spec["body"] = body
    spec["truth"]["body_amounts"] = out
    return spec


@mutation("attachment_heading_variant")
def attachment_heading_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """An attachment heading written 附件 1 / 附件1： / 附件1: instead of 附件1."""
    done = False
    for att in spec.get("attachments") or []:
        m = re.fullmatch(r"附件\s*(\d+)\s*[：:]?", att.get("heading") or "")
        if not m or att.get("heading_inline"):  # on the title's line: its colon separates them
            continue
        att.setdefault("number", int(m[1]))
        att["heading"] = str(pick(rng, ["附件 {}", "附件{}：", "附件{}:", "附件{}"])).format(m[1])
        done = True
    return spec if done else None


@mutation("attachment_label_variant")
def attachment_label_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The 附件说明's numbers written 1. / 1、/ 1．/ 1.(no space)."""
    items = spec.get("attachment_note") or []
    if len(items) < 2 or not all(re.fullmatch(r"\d+[.．、]\s*", str(it.get("label", ""))) for it in items):
        return None
    form = str(pick(rng, ["{}.", "{}、", "{}．", "{}. "]))
    for it in items:
        it["label"] = form.format(re.match(r"\d+", str(it["label"]))[0])  # type: ignore[index]
    return spec


@mutation("mark_without_wenjian")
def mark_without_wenjian(spec: Spec, rng: random.Random) -> Spec | None:
    """The 发文机关标志 printed as the issuer's name alone (…财政局, without 文件)."""
    mark = spec["head"].get("mark") or {}
    if mark.get("style") == "single" and str(mark.get("text", "")).endswith("文件"):
        mark["text"] = mark["text"][:-2]
        return spec
    if mark.get("style") == "joint" and mark.get("suffix") == "文件":
        mark["suffix"] = ""
        return spec
    return None


@mutation("cited_halfwidth_parens")
def cited_halfwidth_parens(spec: Spec, rng: random.Random) -> Spec | None:
    """A cited 文号 in half-width brackets: (财社〔2021〕1号) instead of （财社〔2021〕1号）."""
    pat = re.compile(r"（([^（）]{1,20}〔\d{4}〕\d+号)）")
    body = [pat.sub(r"(\1)", p) for p in spec["body"]]
    if body == spec["body"]:
        return None
    spec["body"] = body
    return spec


@mutation("date_spaced")
def date_spaced(spec: Spec, rng: random.Random) -> Spec | None:
    """成文日期 typed with spaces around its numbers (2021 年 9 月 16 日)."""
    d = spec["signature"]["date_printed"]
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", d)
    if not m:
        return None
    spec["signature"]["date_printed"] = f"{m[1]} 年 {m[2]} 月 {m[3]} 日"
    return spec


@mutation("attachment_in_book_marks")
def attachment_in_book_marks(spec: Spec, rng: random.Random) -> Spec | None:
    """A single listed attachment printed inside book-title marks (附件：《…分配表》)."""
    note = spec.get("attachment_note") or []
    if len(note) != 1 or note[0].get("label") or "《" in note[0]["title_printed"]:
        return None
    item = note[0]
    item.setdefault("title", item["title_printed"])
    item["title_printed"] = f"《{item['title_printed']}》"
    return spec


@mutation("annotation_contact")
def annotation_contact(spec: Spec, rng: random.Random) -> Spec | None:
    """A 附注 giving a contact office and telephone, long enough to wrap under the date."""
    if spec.get("annotation"):
        return None
    office = pick(rng, ["预算科", "社会保障科", "农业农村科", "教科文科"])
    phone = "".join(str(rng.randrange(10)) for _ in range(8))
    spec["annotation"] = f"（联系人：{(spec.get('issuers') or ['本局'])[0]}{office}，联系电话：{phone}）"
    return spec


@mutation("body_rate_sentence")
def body_rate_sentence(spec: Spec, rng: random.Random) -> Spec | None:
    """A subsidy standard (每人每月200元, 45元/亩) added to the body: a rate, never a total."""
    amounts = spec.get("truth", {}).get("body_amounts") or []
    if not spec.get("body") or not amounts or not all("printed" in a for a in amounts):
        return None  # only where the truth lists the printed amounts in order
    rate = pick(rng, ["补助标准为每人每月200元", "补贴标准按45元/亩执行", "按每生每年1000元的标准补助"])
    body = list(spec["body"])
    j = len(body) - 1
    body[j] = body[j] + rate + "。"
    value = re.search(r"(\d+)元", rate)
    assert value is not None
    printed = f"{value[1]}元"
    before = "".join(spec["body"]).replace("⏎", "").count(printed)  # the same figure printed earlier (1000元)
    spec["body"] = body
    added = {"printed": printed, "nth": before} if before else {"printed": printed}
    spec["truth"]["body_amounts"] = [*spec["truth"]["body_amounts"], added]
    return spec


@mutation("recipients_absent")
def recipients_absent(spec: Spec, rng: random.Random) -> Spec | None:
    """No 主送 line (a 公示, or a copy published without it): the body starts under the title."""
    if not spec.get("recipients_printed"):
        return None
    spec["recipients_printed"] = None
    return spec


@mutation("joint_doc_numbers")
def joint_doc_numbers(spec: Spec, rng: random.Random) -> Spec | None:
    """A joint notice printing each issuer's 文号 side by side on its 文号 line (the first is the
    notice's)."""
    head = spec["head"]
    dn = head.get("doc_number")
    mark = head.get("mark") or {}
    m = re.match(r"^(\S+?)([〔\[［【(（﹝]\d{4}[〕\]］】)）﹞])(\d+)号$", dn or "")
    if mark.get("style") != "joint" or not m or "doc_number" in spec.get("truth", {}) or head.get("number_top"):
        return None
    other = pick(rng, ["财", "民", "人社", "教", "农"]) + "字" + m[2] + str(rng.randrange(2, 300)) + "号"
    spec.setdefault("truth", {})["doc_number"] = canon_doc_number(dn)
    head["doc_number"] = dn + "\u3000\u3000" + other
    return spec
