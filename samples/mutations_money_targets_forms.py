"""More money-and-targets mutations of samples.mutate: the forms session 9's blind split showed
(aa12, aa23, aa39) printed over every money-and-targets spec.

- the task column headed in other words (主要用途, 资金用途, 主要建设内容 …);
- the target columns headed by their 一级 words (产出指标 | 效益指标 | 满意度指标 over the indicator
  names) with no 二级 printed, under the group label or instead of it;
- a bracket in the table's title after the fund's name: what the fund is for (part of its name, so
  of the truth's ``project``) or which batch (no part of it);
- the long shape where each recipient's row names its own work and prints its own target lines
  (some rows fewer than others): no INDICATOR_SET_DIFFERS, each row's targets are its work's.

Each is a pure ``(spec, rng) -> spec | None``; the truth follows the print.
"""

from __future__ import annotations

import random
from typing import Any

from samples.generator.export import LEVEL1
from samples.mutation_grid import Spec, mutation, pick
from samples.mutations_money_targets import _LONG_HEADS, _block, _grouped, _runs, _to_long, _wide

TASK_WORDS = ["主要用途", "资金用途", "主要建设内容", "建设内容", "主要任务", "支持方向", "实施内容"]
PURPOSES = ["产业发展", "基础设施建设", "能力提升", "巩固提升", "补短板项目", "冬春救助"]
BATCHES = ["第一批", "第三批", "提前批次", "第二批次"]


def _money_targets(spec: Spec) -> list[dict[str, Any]]:
    return [a for a in spec.get("attachments") or [] if a.get("kind") == "allocation_targets"
            and not a.get("groups")]


def _task_cols(att: dict[str, Any]) -> list[int]:
    return [i for i, c in enumerate(att["columns"]) if c["role"] == "note"]


@mutation("money_targets_task_words")
def money_targets_task_words(spec: Spec, rng: random.Random) -> Spec | None:
    """The task column of a money-and-targets table headed in other words (主要用途, 资金用途,
    主要建设内容 …): its cells stay the rows' notes, under the printed header."""
    done = False
    for att in _money_targets(spec):
        cols = _task_cols(att)
        if len(cols) != 1:
            continue
        i = cols[0]
        word = pick(rng, [w for w in TASK_WORDS if w != att["columns"][i].get("name")])
        row = next((r for r in att["header"] if r[i]), None)
        if row is None or any(r[i] for r in att["header"] if r is not row):
            continue
        row[i] = word
        att["columns"][i]["name"] = word
        done = True
    return spec if done else None


@mutation("money_targets_level1_heads")
def money_targets_level1_heads(spec: Spec, rng: random.Random) -> Spec | None:
    """The target columns headed by their 一级 words (产出指标 over 实施项目数 | 验收合格率, 效益指标,
    满意度指标; equal neighbours merged) and no 二级 row: instead of the group label, or under it
    (three header rows). The indicators' levels are the same: the 二级 is read from the names."""
    done = False
    for att in _wide(spec):
        if not _grouped(att):
            continue
        block = _block(att)
        level1 = [LEVEL1[att["columns"][i]["l2"]] for i in block]
        runs = _runs(level1)
        top, names = att["header"]
        mid = ["" for _ in top]
        for a, _ in runs:
            mid[block[0] + a] = level1[a]
        others = [i for i in range(len(top)) if i not in block]
        level_spans = [[block[0] + a, 0, block[0] + b, 0] for a, b in runs if b > a]
        if rng.random() < 0.5:  # the 一级 words replace the group label
            att["header"] = [[top[i] if i in others else mid[i] for i in range(len(top))], names]
            att["spans"] = [[i, 0, i, 1] for i in others] + level_spans
        else:
            att["header"] = [top, mid, names]
            att["spans"] = ([[i, 0, i, 2] for i in others] + [[block[0], 0, block[-1], 0]]
                            + [[c0, 1, c1, 1] for c0, _, c1, _ in level_spans])
        done = True
    return spec if done else None


def _retitle(spec: Spec, att: dict[str, Any], old: str, new: str) -> None:
    for it in spec.get("attachment_note") or []:
        for key in ("title_printed", "title"):
            if isinstance(it.get(key), str) and old in it[key]:
                it[key] = it[key].replace(old, new, 1)
    for key in ("title", "title_printed"):
        if isinstance(att.get(key), str):
            att[key] = att[key].replace(old, new, 1)


@mutation("money_targets_title_bracket")
def money_targets_title_bracket(spec: Spec, rng: random.Random) -> Spec | None:
    """A bracket after the fund's name in a money-and-targets table's title: what the fund is for
    (…补助资金（产业发展）安排及绩效目标表: part of the fund's name, so of each row's ``project``) or
    which batch (…（第一批）…: no part of it)."""
    done = False
    for att in _money_targets(spec):
        project = att.get("project")
        title = att.get("title_printed") or att.get("title") or ""
        if not project or title.count(project) != 1 or f"{project}（" in title or f"{project}(" in title:
            continue
        purpose = rng.random() < 0.6
        bracket = f"（{pick(rng, PURPOSES if purpose else BATCHES)}）"
        _retitle(spec, att, project, project + bracket)
        if purpose:
            att["project"] = project + bracket
        done = True
    return spec if done else None


def _own_works(att: dict[str, Any]) -> bool:
    """Every member row names a work of its own in the (one) task column."""
    cols = _task_cols(att)
    if len(cols) != 1:
        return False
    works = [str(r["cells"][cols[0]]).strip() for r in att["rows"] if not r.get("total")]
    return len(works) >= 2 and all(works) and len(set(works)) == len(works)


@mutation("money_targets_own_lines")
def money_targets_own_lines(spec: Spec, rng: random.Random) -> Spec | None:
    """The long shape where each recipient's row names its own work (主要建设内容) and prints that
    work's own target lines: some rows leave out a line the others print (no INDICATOR_SET_DIFFERS:
    rows of different works are not compared)."""
    if any(f.get("code") == "INDICATOR_SET_DIFFERS" for f in spec.get("flags") or []):
        return None
    done = False
    for att in _money_targets(spec):
        if not _own_works(att):
            continue
        if att.get("shape") != "long" and not (att in _wide(spec) and _to_long(att, pick(rng, _LONG_HEADS))):
            continue
        rows = [r for r in att["rows"] if not r.get("total") and len(r.get("targets") or []) >= 3]
        if not rows:
            continue
        for row in rng.sample(rows, max(1, len(rows) // 2)):
            row["targets"].pop(rng.randrange(len(row["targets"])))
        done = True
    return spec if done else None


# Indicator names of the 共性指标 framework and of published 区域绩效目标表, by 二级: names whose words
# place them (数量: a count, area or length; 质量: a rate reached or a share borne; …).
NATIONAL: dict[str, list[str]] = {
    "数量指标": ["补助对象人数", "培训人次", "新建高标准农田面积", "支持项目数量", "建成服务站点个数",
                 "改造农村危房户数", "新建农村公路里程", "实施项目数"],
    "质量指标": ["项目验收合格率", "资金使用合规率", "补助发放准确率", "工程质量达标率", "住院费用报销比例"],
    "时效指标": ["资金拨付及时率", "项目完成时间", "补助资金发放时限", "项目竣工时间"],
    "成本指标": ["人均补助标准", "亩均补助标准", "单位建设成本"],
    "经济效益指标": ["带动农户增收", "村集体经济收入增加", "项目区农民人均收入增幅"],
    "社会效益指标": ["受益脱贫人口数", "受益群众人数", "受益农户户数"],
    "生态效益指标": ["农作物秸秆综合利用率", "森林覆盖率"],
    "服务对象满意度指标": ["受益群众满意度", "服务对象满意度", "参训人员满意度"],
}


def _renamed(names: list[tuple[str, str]], rng: random.Random) -> dict[str, str]:
    """A new name of the same 二级 for about half of the (name, 二级) pairs (at least one), no two alike."""
    used = {n for n, _ in names}
    out: dict[str, str] = {}
    for k, (name, level2) in enumerate(names):
        choices = [n for n in NATIONAL.get(level2, []) if n not in used]
        if not choices or (rng.random() < 0.5 and (out or k < len(names) - 1)):
            continue
        out[name] = pick(rng, choices)
        used.add(out[name])
    return out


@mutation("money_targets_indicator_words")
def money_targets_indicator_words(spec: Spec, rng: random.Random) -> Spec | None:
    """Target columns (wide) or target lines (long) named in other words of the national 指标体系
    with the same 二级 (实施项目数 -> 新建农村公路里程, 项目验收合格率 -> 资金使用合规率), no level
    printed beside a wide table's names: the levels come from the words."""
    done = False
    for att in _money_targets(spec):
        if att.get("shape") == "long":
            pairs = list(dict.fromkeys((t[0], t[2]) for r in att["rows"] for t in r.get("targets") or []))
            new = _renamed(pairs, rng)
            for r in att["rows"]:
                for t in r.get("targets") or []:
                    t[0] = new.get(t[0], t[0])
        else:
            cols = [c for c in att["columns"] if c["role"] == "indicator" and "indicator" not in c]
            new = _renamed([(c["name"], c["l2"]) for c in cols], rng)
            for c in cols:
                if c["name"] not in new:
                    continue
                for row in att["header"]:
                    row[:] = [new[c["name"]] if h == c["name"] else h for h in row]
                c["name"] = new[c["name"]]
        done = done or bool(new)
    return spec if done else None
