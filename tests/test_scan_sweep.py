"""samples.scan_sweep and the scan-plan variant of samples.scanmaker (no OCR run here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samples.corpus import SAMPLES, folders
from samples.scan_sweep import PlanInfo, choose, dev_folders, flag_delta, read_tag, summary
from samples.scanmaker import ScanPlan, plan_for, plan_seed

STAMPED = folders("notice.pdf", "ocr/scan.json")
# scanned under their former (blind) ids before they joined development (commit 23f19a79)
RENAMED = {"r96_jiangxi_province_pig", "r97_jiangxi_jinxian_disaster", "r98_jiangxi_shanggao_poverty",
           "r99_jiangxi_fengxin_linkage", "u09_hainan_province_employment", "u10_hainan_province_technician",
           "u11_hainan_province_farms"}


def test_default_plan_is_the_committed_twins_plan() -> None:
    """variant None draws exactly the plan recorded beside every committed scanned twin."""
    assert len(STAMPED) > 100
    for folder in STAMPED:
        stamp = json.loads((folder / "ocr" / "scan.json").read_text(encoding="utf-8"))
        plan = plan_for(folder.name, len(stamp["skews"]))
        assert plan == plan_for(folder.name, len(stamp["skews"]), None)
        got = (plan.dpi, plan.quality, list(plan.skews), list(plan.turns), plan.mode, plan.photographed)
        want = (stamp["dpi"], stamp["jpeg_quality"], stamp["skews"], stamp["turns"], stamp["mode"],
                stamp["photographed"])
        assert (got == want) != (folder.name in RENAMED), folder.name


def test_variant_plans_are_deterministic_and_differ() -> None:
    ids = [f.name for f in STAMPED[:40]]
    for sid in ids:
        assert plan_for(sid, 4, 1) == plan_for(sid, 4, 1)
        assert plan_seed(sid, 1) != plan_seed(sid) and plan_seed(sid, 1) != plan_seed(sid, 2)
    # over many samples the draws of damage really change (not only the seed)
    changed = sum(plan_for(s, 4, 1).skews != plan_for(s, 4).skews for s in ids)
    assert changed == len(ids)
    modes = {plan_for(s, 3, v).mode for s in ids for v in (1, 2)}
    assert modes == {"colour", "grey", "grey-light"}


def test_choice_is_seeded_and_never_blind() -> None:
    dev = dev_folders()
    assert dev and not any("blind" in f.relative_to(SAMPLES).parts for f in dev)
    a, b = choose(dev, 1, 40), choose(dev, 1, 40)
    assert a == b and len(a) == 40
    assert choose(dev, 2, 40) != a
    one = dev[3].name
    assert [f.name for f in choose(dev, 1, 40, [one])] == [one]


@pytest.mark.parametrize(
    ("value", "text", "tag"),
    [
        ("滁州市财政局", "关于下达滁州市财政局2024年", "read"),
        ("滁州市财政局", "关于下达涂州市财政局", "unread"),
        (1234.5, "合计1,234.5", "read"),
        (38, "合计227205。2", "unread"),
        ("<missing>", "anything", "extra"),
        (None, "anything", "extra"),
    ],
)
def test_read_tag(value: object, text: str, tag: str) -> None:
    assert read_tag(value, text.replace(",", "")) == tag


def test_flag_delta_separates_false_errors_from_warnings() -> None:
    digital = {"flags": [{"code": "ALLOCATION_COLUMN_SUM", "severity": "error", "page": 2},
                         {"code": "LOW_CONFIDENCE", "severity": "warning", "page": 1}]}
    scanned = {"flags": [{"code": "MISSING_FIELD", "severity": "error", "page": None},
                         {"code": "LOW_CONFIDENCE", "severity": "warning", "page": 1},
                         {"code": "LOW_CONFIDENCE", "severity": "warning", "page": 2},
                         {"code": "TOTAL_MISMATCH", "severity": "warning", "page": 1}]}
    false_errors, lost, other = flag_delta(digital, scanned)
    assert false_errors == ["MISSING_FIELD@0"]
    assert lost == ["ALLOCATION_COLUMN_SUM@2"]
    assert other == ["+TOTAL_MISMATCH@1"]


def test_damage_bands_and_summary() -> None:
    info = PlanInfo.of(ScanPlan(150, 64, (0.4, -1.7), (0, 180), 7, "grey-light", True))
    assert info.kinds() == ["mode grey-light", "photographed", "dpi 150", "jpeg 60-69", "skew 1.5-2.0",
                            "page turned"]
    from samples.scan_sweep import Outcome

    ok = Outcome("x", 1, info, 10, (), (), (), (), 2, False)
    bad = Outcome("y", 1, info, 10, ("title: 'a' -> 'b' [read]",), ("MISSING_FIELD@0",), (), (), 0, False)
    table = summary([ok, bad])
    total = table.splitlines()[-1].split()
    assert total[:4] == ["TOTAL", "2", "1", "1"] and total[5:7] == ["1", "2"]


def test_sweep_reads_no_sealed_folder(tmp_path: Path) -> None:
    (tmp_path / "blind" / "bb01").mkdir(parents=True)
    (tmp_path / "blind" / "bb01" / "notice.pdf").write_bytes(b"%PDF")
    (tmp_path / "blind" / "SEALED").write_text("")
    (tmp_path / "d01").mkdir()
    (tmp_path / "d01" / "notice.pdf").write_bytes(b"%PDF")
    assert [f.name for f in dev_folders(tmp_path)] == ["d01"]


def test_out_file_round_trips(tmp_path: Path) -> None:
    from dataclasses import asdict

    from samples.scan_sweep import Outcome, load

    info = PlanInfo(200, "grey", 71, False, 1.2, False)
    cases = [Outcome("x", 2, info, 10, ("a: 1 -> 2 [read]",), ("MISSING_FIELD@0",), (), ("+W@1",), 3, True, 1.5),
             Outcome("y", 2, None, 0, (), (), (), (), 0, False, 0.1, "ValueError: bad")]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(asdict(o), ensure_ascii=False) + "\n" for o in cases), encoding="utf-8")
    assert load(path) == cases
