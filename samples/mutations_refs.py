"""Citation and body-amount mutations of samples.mutate: the forms real notices print the
documents they cite and the amounts they allocate in.

Pure ``(spec, rng) -> spec | None`` functions registered in ``samples.mutation_grid.MUTATIONS``.
Each re-prints a development spec's citations (``《title》（文号）`` in ``body``, the truth in
``truth.references``) or body amounts (``truth.body_amounts[].printed``) and keeps the truth
consistent: a form that changes what is cited or stated changes the truth with it, a purely
typographic one leaves it (the 文号's canonical form, the amount's value) as it was.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from samples.generator import canon
from samples.generator.canon import doc_number as canon_doc_number
from samples.mutation_grid import Spec, mutation, pick

# 《title》（文号）, the 文号 with its year in 〔〕 (the specs' typing)
CITE = re.compile(r"《(?P<title>[^《》]{4,80})》（(?P<dn>[^（）《》]{1,16}〔\d{4}〕\d{1,5}号)）")
YEAR = re.compile(r"〔(\d{4})〕")
BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("﹝", "﹞"), ("(", ")"), ("（", "）")]
AMOUNT_WAN = re.compile(r"(?P<num>\d+(?:\.\d+)?)万元")


def _body(spec: Spec) -> str:
    return "".join(spec.get("body") or [])


def _refs(spec: Spec) -> list[dict[str, Any]]:
    return list(spec.get("truth", {}).get("references") or [])


def _citations(spec: Spec) -> list[tuple[int, re.Match[str]]]:
    """(paragraph, match) of every ``《title》（文号）`` whose truth reference is that title and 文号,
    printed once in the body (a document cited twice would change two places of the truth)."""
    body = _body(spec)
    refs = {(canon_doc_number(r.get("doc_number")), r.get("title")) for r in _refs(spec)}
    out = []
    for j, para in enumerate(spec.get("body") or []):
        for m in CITE.finditer(para):
            dn = canon_doc_number(m["dn"])
            once = body.count(m["dn"]) == 1 and body.count(m["title"]) == 1
            if once and (dn, m["title"]) in refs:
                out.append((j, m))
    return out


def _pick_citation(spec: Spec, rng: random.Random) -> tuple[int, re.Match[str]] | None:
    found = _citations(spec)
    return pick(rng, found) if found else None


def _replace(spec: Spec, j: int, m: re.Match[str], new: str) -> None:
    para = spec["body"][j]
    spec["body"][j] = para[: m.start()] + new + para[m.end():]


def _ref_index(spec: Spec, m: re.Match[str]) -> int:
    dn = canon_doc_number(m["dn"])
    return next(i for i, r in enumerate(_refs(spec)) if canon_doc_number(r.get("doc_number")) == dn
                and r.get("title") == m["title"])


# ---------------------------------------------------------------- citations

@mutation("ref_year_brackets")
def ref_year_brackets(spec: Spec, rng: random.Random) -> Spec | None:
    """Every cited 文号's year in 〔〕 [] ［］ ﹝﹞ () or （） (typography: the truth keeps 〔〕)."""
    o, c = pick(rng, BRACKETS[1:])
    body = [YEAR.sub(lambda y: f"{o}{y[1]}{c}", p) for p in spec.get("body") or []]
    if body == spec.get("body") or not _refs(spec):
        return None
    spec["body"] = body
    return spec


@mutation("ref_number_before_title")
def ref_number_before_title(spec: Spec, rng: random.Random) -> Spec | None:
    """A cited document's 文号 printed before its 《title》 (…根据财社〔2021〕1号《关于…的通知》)."""
    found = _pick_citation(spec, rng)
    if found is None:
        return None
    j, m = found
    _replace(spec, j, m, f"{m['dn']}《{m['title']}》")
    return spec


def _sibling(m: re.Match[str], body: str, rng: random.Random) -> tuple[str, str] | None:
    """A second document of the same office and year: its 文号 a few serials on, its title the
    first's supplement (…的补充通知); None when either is printed in the body already."""
    dm = re.fullmatch(r"(.+〔\d{4}〕)(\d+)号", m["dn"])
    if dm is None or not m["title"].endswith("的通知"):
        return None
    dn = f"{dm[1]}{int(dm[2]) + rng.randrange(1, 40)}号"
    title = m["title"][: -len("的通知")] + "的补充通知"
    return None if dn in body or title in body else (title, dn)


@mutation("ref_joined_clause")
def ref_joined_clause(spec: Spec, rng: random.Random) -> Spec | None:
    """Two documents cited in one clause, joined by 、/和/及/以及 (a second document added: truth follows)."""
    found = _pick_citation(spec, rng)
    if found is None:
        return None
    j, m = found
    sib = _sibling(m, _body(spec), rng)
    if sib is None:
        return None
    title, dn = sib
    joint = pick(rng, ["、", "和", "及", "以及"])
    _replace(spec, j, m, f"{m.group(0)}{joint}《{title}》（{dn}）")
    refs = _refs(spec)
    refs.insert(_ref_index(spec, m) + 1, {"doc_number": canon_doc_number(dn), "title": title})
    spec["truth"]["references"] = refs
    return spec


@mutation("ref_title_unquoted")
def ref_title_unquoted(spec: Spec, rng: random.Random) -> Spec | None:
    """A cited title printed without 《》 (…根据省财政厅关于下达…的通知（财社〔2021〕1号）): the title
    still runs from its 关于 to its genre word."""
    found = [(j, m) for j, m in _citations(spec)
             if m["title"].startswith("关于") and m["title"].endswith(("通知", "办法", "意见"))
             and "关于" not in m["title"][2:] and "《" not in m["title"]]
    if not found:
        return None
    j, m = pick(rng, found)
    _replace(spec, j, m, f"{m['title']}（{m['dn']}）")
    return spec


@mutation("ref_spirit")
def ref_spirit(spec: Spec, rng: random.Random) -> Spec | None:
    """A citation followed by 精神 / 文件精神 / 要求 / 规定 (…的通知》（文号）精神，…): the truth is unchanged."""
    found = [(j, m) for j, m in _citations(spec)
             if spec["body"][j][m.end(): m.end() + 1] in ("，", "、", "和", "及")]
    if not found:
        return None
    j, m = pick(rng, found)
    word = pick(rng, ["精神", "文件精神", "要求", "规定", "有关规定"])
    _replace(spec, j, m, m.group(0) + word)
    return spec


@mutation("ref_title_only")
def ref_title_only(spec: Spec, rng: random.Random) -> Spec | None:
    """A cited document's 文号 left out (根据《…的通知》精神): the truth's doc_number is null."""
    found = _pick_citation(spec, rng)
    if found is None:
        return None
    j, m = found
    _replace(spec, j, m, f"《{m['title']}》" + pick(rng, ["", "精神"]))
    refs = _refs(spec)
    k = _ref_index(spec, m)
    refs[k] = {"doc_number": None, "title": m["title"]}
    spec["truth"]["references"] = refs
    return spec


@mutation("ref_number_only")
def ref_number_only(spec: Spec, rng: random.Random) -> Spec | None:
    """A document cited by its 文号 alone (根据财社〔2021〕1号文件): the truth's title is null."""
    found = _pick_citation(spec, rng)
    if found is None:
        return None
    j, m = found
    _replace(spec, j, m, m["dn"] + pick(rng, ["文件", "", "文件精神", "通知"]))
    refs = _refs(spec)
    k = _ref_index(spec, m)
    refs[k] = {"doc_number": canon_doc_number(m["dn"]), "title": None}
    spec["truth"]["references"] = refs
    return spec


# ---------------------------------------------------------------- body amounts

def _amounts(spec: Spec) -> list[dict[str, Any]]:
    return list(spec.get("truth", {}).get("body_amounts") or [])


def _printed_once(spec: Spec, printed: str) -> tuple[int, int] | None:
    """(paragraph, offset) of ``printed`` when the body prints it once, not inside a longer number."""
    hits = [(j, p.find(printed)) for j, p in enumerate(spec.get("body") or []) if printed in p]
    if len(hits) != 1 or spec["body"][hits[0][0]].count(printed) != 1:
        return None
    j, at = hits[0]
    before = spec["body"][j][at - 1: at] if at else ""
    return None if before.isdigit() or before in ".,-" else (j, at)


def _reprint(spec: Spec, form: Callable[[Decimal], str | None]) -> Spec | None:
    """Each 万元 amount of the body re-printed by ``form(value) -> str | None``; None when none is."""
    amounts = _amounts(spec)
    if not amounts or any("printed" not in a or a.get("nth") for a in amounts):
        return None
    changed = False
    out = []
    for a in amounts:
        m = AMOUNT_WAN.fullmatch(a["printed"])
        where = _printed_once(spec, a["printed"]) if m else None
        new = form(Decimal(m["num"])) if m and where else None
        if where is None or new is None or new in _body(spec):
            out.append(a)
            continue
        j, at = where
        para = spec["body"][j]
        spec["body"][j] = para[:at] + new + para[at + len(a["printed"]):]
        out.append({**a, "printed": new})
        changed = True
    if not changed:
        return None
    spec["truth"]["body_amounts"] = out
    return spec


def _places(d: Decimal) -> int:
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


@mutation("amount_thousands")
def amount_thousands(spec: Spec, rng: random.Random) -> Spec | None:
    """Body amounts of 1000万元 or more with thousands separators (1,234.5万元)."""
    return _reprint(spec, lambda d: f"{d:,.{_places(d)}f}万元" if d >= 1000 else None)


@mutation("amount_trailing_zeros")
def amount_trailing_zeros(spec: Spec, rng: random.Random) -> Spec | None:
    """Body amounts printed to two decimals (1234.50万元, 8.00万元): the values are the same (only
    where every table is in 万元: beside a table in 元, 7021万元 may round 70206564.04元, which
    7021.00万元 would contradict)."""
    if any(a.get("unit") != "万元" for a in spec.get("attachments") or [] if a.get("kind") == "allocation"):
        return None
    return _reprint(spec, lambda d: f"{d:.2f}万元" if _places(d) < 2 else None)


@mutation("amount_in_yi")
def amount_in_yi(spec: Spec, rng: random.Random) -> Spec | None:
    """Body amounts of 5000万元 or more in 亿元 (12070万元 -> 1.207亿元)."""
    def form(d: Decimal) -> str | None:
        yi = (d / 10000).normalize()
        return f"{yi:f}亿元" if d >= 5000 else None
    return _reprint(spec, form)


@mutation("amount_yuan_cents")
def amount_yuan_cents(spec: Spec, rng: random.Random) -> Spec | None:
    """Body amounts in 元 to the 分 (1,050,000.00元 or 1050000.00元)."""
    sep = rng.random() < 0.5
    return _reprint(spec, lambda d: (f"{d * 10000:,.2f}" if sep else f"{d * 10000:.2f}") + "元")


def _total(spec: Spec) -> tuple[int, int, dict[str, Any], Decimal] | None:
    """The body's only stated amount (a 万元 total printed once): paragraph, offset, truth entry, value."""
    amounts = _amounts(spec)
    if len(amounts) != 1 or "printed" not in amounts[0] or amounts[0].get("nth"):
        return None
    m = AMOUNT_WAN.fullmatch(amounts[0]["printed"])
    where = _printed_once(spec, amounts[0]["printed"])
    if m is None or where is None or Decimal(m["num"]) < 2:
        return None
    return where[0], where[1], amounts[0], Decimal(m["num"])


def _split(total: Decimal, rng: random.Random) -> tuple[str, str]:
    """Two positive parts of ``total`` printed with its decimals (中央 share, 省级 the rest)."""
    places = _places(total)
    q = Decimal(1).scaleb(-places)
    share = Decimal(rng.choice([5, 6, 7, 8])) / 10
    a = (total * share).quantize(q)
    b = total - a
    return f"{a:.{places}f}万元", f"{b:.{places}f}万元"


def _total_and_parts(spec: Spec, rng: random.Random) -> tuple[int, int, dict[str, Any], str, str] | None:
    """The body's only stated total (paragraph, offset, truth entry) and two parts of it that the
    body prints nowhere yet."""
    found = _total(spec)
    if found is None:
        return None
    j, at, entry, total = found
    a, b = _split(total, rng)
    body = _body(spec)
    if a in body or b in body or a == b:
        return None
    return j, at, entry, a, b


@mutation("amount_parts_after")
def amount_parts_after(spec: Spec, rng: random.Random) -> Spec | None:
    """The total followed by its parts in brackets (X万元（其中：中央资金A万元，省级资金B万元）)."""
    found = _total_and_parts(spec, rng)
    if found is None:
        return None
    j, at, entry, a, b = found
    end = at + len(entry["printed"])
    para = spec["body"][j]
    if para[end: end + 1] not in ("，", "。", "；"):
        return None
    form = pick(rng, ["（其中：中央资金{a}，省级资金{b}）", "（其中中央财政资金{a}，省级财政资金{b}）",
                      "（其中：中央补助{a}；省级补助{b}）"])
    spec["body"][j] = para[:end] + form.format(a=a, b=b) + para[end:]
    spec["truth"]["body_amounts"] = [entry, {"printed": a}, {"printed": b}]
    return spec


@mutation("amount_parts_before")
def amount_parts_before(spec: Spec, rng: random.Random) -> Spec | None:
    """The parts before their total (…中央资金A万元、省级资金B万元，共计X万元)."""
    found = _total_and_parts(spec, rng)
    if found is None:
        return None
    j, at, entry, a, b = found
    para = spec["body"][j]
    word = pick(rng, ["共计", "合计", "总计"])
    joint = pick(rng, ["、", "，", "和"])
    spec["body"][j] = para[:at] + f"中央资金{a}{joint}省级资金{b}，{word}" + para[at:]
    spec["truth"]["body_amounts"] = [{"printed": a}, {"printed": b}, entry]
    return spec


# ---------------------------------------------------------------- 公告 / 公示 form

@mutation("public_notice_form")
def public_notice_form(spec: Spec, rng: random.Random) -> Spec | None:
    """A 公示/公告 of the same allocation: no 文号 (MISSING_FIELD), no 主送, the title ending in
    …情况的公示 / …的公告 instead of …的通知."""
    head = spec["head"]
    dn = head.get("doc_number")
    truth = spec.setdefault("truth", {})
    title = truth.get("title") or "".join(spec["title_lines"])
    if not dn or head.get("number_top") or "doc_number" in truth or not title.endswith("的通知"):
        return None
    if str(spec).count(dn) != 1:
        return None  # the 文号 printed elsewhere too (an attachment's heading)
    genre = pick(rng, ["情况的公示", "的公示", "的公告", "情况公告公示"])
    lines = list(spec["title_lines"])
    last = lines[-1]
    if not last.endswith("的通知"):
        return None
    lines[-1] = last[: -len("的通知")] + genre
    spec["title_lines"] = lines
    if "title" in truth:
        truth["title"] = title[: -len("的通知")] + genre
    head["doc_number"] = None
    spec["recipients_printed"] = None
    # a DATE_ORDER the 文号's year raised (a notice numbered in the year after its date) goes with it
    numbered = re.search(r"〔(\d{4})〕", canon_doc_number(dn) or "")  # the year in the canonical 文号
    issued = (canon.date(spec["signature"]["date_printed"]) or "")[:4]
    stale = numbered is not None and numbered.group(1) != issued
    spec["flags"] = [*(f for f in spec.get("flags") or [] if not (stale and f["code"] == "DATE_ORDER")),
                     {"code": "MISSING_FIELD", "page": 1}]
    return spec
