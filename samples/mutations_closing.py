"""Closing-block mutations of samples.mutate: 版记, 成文日期, 附件说明 and 附注 printed otherwise.

Real notices print the 版记 as stroked lines or as a table of thin filled rules, with or without
a 抄报 row and a 主题词 line, the 印发 date ending in 印发 or (older) 印, a 抄送 list long enough to
wrap under its label, or no 抄送 at all; the 成文日期 zero-padded (2020年07月03日); the 附件说明's
titles ending in a ；or 。; a disclosure 附注 (（此件公开发布）). Each is a pure
``(spec, rng) -> spec | None``; the truth follows where what is printed is a field (``cc``,
``annotation``) and is untouched where only the print changes.
"""

from __future__ import annotations

import random
import re

from samples.mutation_grid import Spec, mutation, pick


def _imprint(spec: Spec) -> dict[str, object] | None:
    imp = spec.get("imprint")
    return imp if isinstance(imp, dict) and imp.get("printed_by") and imp.get("date_printed") else None


def _ruled(imp: dict[str, object], rng: random.Random) -> None:
    """The 版记 drawn by the generator's ruled 版记 (lines or table), which prints every option."""
    if imp.get("style") not in ("table", "lines"):
        imp["style"] = pick(rng, ["lines", "table"])


@mutation("imprint_style")
def imprint_style(spec: Spec, rng: random.Random) -> Spec | None:
    """The 版记 drawn another way: stroked lines, a table of thin filled rules, or the classic."""
    imp = _imprint(spec)
    if imp is None or imp.get("suffix") or imp.get("keywords") or imp.get("cc_report"):
        return None
    now = imp.get("style") or "classic"
    new = pick(rng, [s for s in ("classic", "lines", "table") if s != now])
    imp.pop("style", None)
    if new != "classic":
        imp["style"] = new
    return spec


@mutation("imprint_suffix_yin")
def imprint_suffix_yin(spec: Spec, rng: random.Random) -> Spec | None:
    """The 印发 date ending in 印 (2010年3月23日印), as older notices print it."""
    imp = _imprint(spec)
    if imp is None or imp.get("suffix") == "印":
        return None
    _ruled(imp, rng)
    imp["suffix"] = "印"
    return spec


_REPORT = ["省财政厅", "市人民政府办公室", "财政部当地监管局", "市委办公室，市人大常委会办公室，市政府办公室"]


@mutation("imprint_cc_report")
def imprint_cc_report(spec: Spec, rng: random.Random) -> Spec | None:
    """An 抄报 row above the 抄送 row (抄报 is not ``cc``)."""
    imp = _imprint(spec)
    if imp is None or imp.get("cc_report") or not imp.get("cc"):
        return None
    _ruled(imp, rng)
    imp["cc_report"] = pick(rng, _REPORT)
    return spec


_KEYWORDS = ["财政 资金 通知", "专项资金 下达 通知", "财务 补助 通知"]


@mutation("imprint_keywords")
def imprint_keywords(spec: Spec, rng: random.Random) -> Spec | None:
    """A 主题词 line above the 版记 (older notices): no field of the notice."""
    imp = _imprint(spec)
    if imp is None or imp.get("keywords"):
        return None
    _ruled(imp, rng)
    imp["keywords"] = pick(rng, _KEYWORDS)
    return spec


_MORE_CC = ["市审计局", "市发展和改革委员会", "市人民政府办公室", "财政部当地监管局", "市纪委监委派驻财政局纪检监察组",
            "各县（市、区）人民政府"]


@mutation("imprint_cc_wrapped")
def imprint_cc_wrapped(spec: Spec, rng: random.Random) -> Spec | None:
    """A 抄送 list long enough to wrap under its label onto a second line (the truth ``cc`` is the
    whole list)."""
    imp = _imprint(spec)
    cc = str(imp.get("cc") or "") if imp else ""
    if imp is None or not cc or len(cc) > 30:
        return None
    sep = "，" if "，" in cc or "、" not in cc else "、"
    extra = [x for x in _MORE_CC if x not in cc]
    rng.shuffle(extra)
    while len(cc) < 44 and extra:
        cc += sep + extra.pop()
    _ruled(imp, rng)
    imp["cc"] = cc
    return spec


@mutation("imprint_without_cc")
def imprint_without_cc(spec: Spec, rng: random.Random) -> Spec | None:
    """A 版记 of the 印发 line alone (no 抄送: ``cc`` is null)."""
    imp = _imprint(spec)
    if imp is None or not imp.get("cc") or imp.get("cc_report"):
        return None
    imp["cc"] = None
    return spec


@mutation("date_zero_padded")
def date_zero_padded(spec: Spec, rng: random.Random) -> Spec | None:
    """成文日期 and 印发 date zero-padded (2020年07月03日)."""
    done = False

    def pad(d: str) -> str:
        nonlocal done
        m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", d)
        if not m or (len(m[2]) == 2 and len(m[3]) == 2):
            return d
        done = True
        return f"{m[1]}年{int(m[2]):02d}月{int(m[3]):02d}日"

    spec["signature"]["date_printed"] = pad(str(spec["signature"]["date_printed"]))
    imp = _imprint(spec)
    if imp is not None and rng.random() < 0.5:
        imp["date_printed"] = pad(str(imp["date_printed"]))
    return spec if done else None


@mutation("attachment_note_punctuated")
def attachment_note_punctuated(spec: Spec, rng: random.Random) -> Spec | None:
    """The 附件说明's titles ending in ；and the last in 。(1.…分配表；2.…目标表。)."""
    items = spec.get("attachment_note") or []
    if len(items) < 2 or any(str(it["title_printed"]).endswith(("；", "。", "》")) for it in items):
        return None
    for k, it in enumerate(items):
        it.setdefault("title", it["title_printed"])
        it["title_printed"] = it["title_printed"] + ("。" if k == len(items) - 1 else "；")
    return spec


_DISCLOSURE = ["（此件公开发布）", "（此件主动公开）", "（此件依申请公开）", "（此件不予公开）"]


@mutation("annotation_disclosure")
def annotation_disclosure(spec: Spec, rng: random.Random) -> Spec | None:
    """A disclosure 附注 under the date (（此件公开发布）): the notice's ``annotation``."""
    if spec.get("annotation"):
        return None
    spec["annotation"] = pick(rng, _DISCLOSURE)
    return spec


@mutation("imprint_printed_by_variant")
def imprint_printed_by_variant(spec: Spec, rng: random.Random) -> Spec | None:
    """The 印发机关 printed without its 办公室 (…财政局), or with 秘书科 / 综合科 instead (the truth's
    ``printed_by`` follows)."""
    imp = _imprint(spec)
    by = str(imp.get("printed_by") or "") if imp else ""
    if imp is None or not by.endswith("办公室") or len(by) < 6:
        return None
    imp["printed_by"] = by[:-3] + pick(rng, ["", "秘书科", "综合科"])
    return spec


@mutation("imprint_cc_separator")
def imprint_cc_separator(spec: Spec, rng: random.Random) -> Spec | None:
    """The 抄送 organs separated by 、 instead of ，(or back), or by a full-width space."""
    imp = _imprint(spec)
    cc = str(imp.get("cc") or "") if imp else ""
    if imp is None or not cc or ("，" not in cc and "、" not in cc):
        return None
    new = cc.replace("，", "、") if "，" in cc else cc.replace("、", "，")
    if rng.random() < 0.3 and "、" not in cc:
        new = cc.replace("，", "\u3000")
    imp["cc"] = new
    return spec
