"""Which target tables of one notice describe the same fund (and so should share indicators).

A notice may carry one regional target table per region of one fund (the tables INDICATOR_SET_DIFFERS
compares) but also target tables of several different PROJECTS (德化: five project tables of one
allocation, each with its own indicators). Tables are grouped by their project name: two names are
the same project when they read alike (a scan may misread a character or two), different when they
differ beyond that. A table without a project name joins the group of every other such table. A
table whose "region" is no place but a project (the rows of a money-and-targets table listing
projects: 清江镇河中村人居环境整治项目) is a project of its own: its indicators are its own. So are the
target lines a long-shape money-and-targets row prints under the work it names (主要建设内容: 梯田红米种植
基地提升 beside 茶叶初制所改造): rows of different works are compared with none but rows of the same work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from pipeline.core.divisions import resolve_region
from pipeline.core.model import TargetTable

SAME_PROJECT_RATIO = 0.9  # a misread character or two in a project name of ten or more
# a place printed as a row's label (a township, street, village, county …) even when no division table knows it
_PLACE_RE = re.compile(r"(省|自治区|市|州|盟|地区|县|区|旗|乡|镇|街道|苏木|村|社区|嘎查|本级)$")
_NOT_PLACE_RE = re.compile(r"(项目|工程|资金|补助|建设|改造|整治|发展)")


def _key(project: str | None) -> str:
    return re.sub(r"[\s（）()]", "", project or "")


def same_project(a: str | None, b: str | None) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return not ka and not kb
    return ka == kb or SequenceMatcher(None, ka, kb).ratio() >= SAME_PROJECT_RATIO


def is_place(region: str | None) -> bool:
    """A table's region names a place (a division, or a printed township/village name), not a project."""
    if region is None:
        return True
    if resolve_region(region) is not None:
        return True
    key = _key(region)
    return bool(_PLACE_RE.search(key)) and not _NOT_PLACE_RE.search(key)


def project_groups(tables: Sequence[tuple[int, TargetTable]]) -> list[list[tuple[int, TargetTable]]]:
    """The (index, table) pairs grouped by project, groups in order of first appearance."""
    groups: list[list[tuple[int, TargetTable]]] = []
    for item in tables:
        if not is_place(item[1].region):
            groups.append([item])  # a project row: nothing to compare it with
            continue
        for group in groups:
            first = group[0][1]
            if is_place(first.region) and same_project(first.project, item[1].project) and first.work == item[1].work:
                group.append(item)
                break
        else:
            groups.append([item])
    return groups
