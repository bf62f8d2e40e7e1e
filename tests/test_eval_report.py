"""samples.eval_report: grouping of per-sample results by split and spec metadata."""

from __future__ import annotations

from samples.eval_report import Result, groups, metadata, series, tabulate


def test_series_of_sample_ids() -> None:
    assert series("v07_leishan_subsistence") == "v"
    assert series("seed000") == "seed"
    assert series("r01_chongqing_zhongxian_livestock") == "r"


def test_groups_follow_split_and_spec_metadata() -> None:
    spec = {"province": "重庆市", "layouts": ["project_rows", "joint_signature"]}
    assert groups("blind/r03_x", spec, "split") == ["blind"]
    assert groups("r15_x", spec, "split") == ["dev"]
    assert groups("blind/r03_x", spec, "province") == ["重庆市"]
    assert groups("r15_x", spec, "layouts") == ["project_rows", "joint_signature"]
    assert groups("r15_x", {"layouts": []}, "layouts") == ["plain"]
    assert groups("flags/f01_allocation_column_sum", None, "province") == ["(f series)"]


def test_tabulate_counts_fields_and_false_errors_on_clean_notices() -> None:
    specs = {"a": {"province": "P"}, "b": {"province": "P"}, "c": {"province": "Q"}}
    results = [
        Result("a", 9, 10, True, ("ALLOCATION_ROW_SUM(error)",)),
        Result("b", 10, 10, False, ("ALLOCATION_ROW_SUM(error)",)),  # plants an error: not clean
        Result("c", 5, 5, True, ("REGION_ALIAS(info)",)),
    ]
    lines = tabulate(results, specs, "province")
    assert lines[1].split() == ["P", "2", "19/20", "95.0%", "1/1"]
    assert lines[2].split() == ["Q", "1", "5/5", "100.0%", "0/1"]


def test_every_corpus_b_spec_has_its_metadata() -> None:
    # corpus B: the re-created real notices (r*) and every blind sample, whatever its series
    specs = {k: v for k, v in metadata().items() if v["id"].startswith("r") or k.startswith("blind/")}
    assert len(specs) >= 26
    for folder, spec in specs.items():
        assert {"province", "level", "fund", "layouts"} <= set(spec), folder
        assert spec["level"] in {"province", "prefecture", "county", "district"}, folder
    blind = {s["province"] for f, s in specs.items() if f.startswith("blind/")}
    dev = {s["province"] for f, s in specs.items() if not f.startswith("blind/")}
    assert len([f for f in specs if f.startswith("blind/")]) >= 10
    assert not blind & dev, "the blind split holds whole provinces"
    assert len(blind | dev) >= 15


def test_no_development_sample_comes_from_a_blind_province() -> None:
    """Whole provinces: a spec outside specs/blind/ names its province in `province` or in the
    first line of its header comment (`# 湖南省益阳市 (prefecture) …`)."""
    from samples.generator import __main__ as gen

    specs = metadata()
    blind = {s["province"] for f, s in specs.items() if f.startswith("blind/")}
    for path in gen.spec_paths():
        if "blind" in path.parts:
            continue
        spec = gen.load(path)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        place = spec.get("province") or first
        assert not any(p in place for p in blind), f"{path.name} is from a blind province"
