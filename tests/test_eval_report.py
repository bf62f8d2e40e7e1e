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
    blind = [s for f, s in specs.items() if f.startswith("blind/")]
    assert len(blind) >= 10
    assert all(s.get("unit") in blind_units() for s in blind), "a blind sample names a unit of the split"
    assert len({s["unit"] for s in blind}) >= 6
    assert len({s["province"] for s in specs.values()}) >= 15


def _region_code(issuer: str, province: str | None) -> str | None:
    """The 6-digit GB/T 2260 code of the place an issuer's name begins with (the longest leading
    name that resolves), None when it names no region."""
    from pipeline.core.divisions import resolve_region

    name = issuer.removeprefix("中共")
    for end in range(len(name), 1, -1):
        match = resolve_region(name[:end], within=province)
        if match is not None:
            return match.code
    return None


def _prefecture_code(issuer: str, province: str | None) -> str | None:
    """The 4-digit prefecture code of an issuer's place (see _region_code)."""
    code = _region_code(issuer, province)
    return None if code is None else code[:4]


def _unit_code(unit: str) -> str:
    """The code prefix a unit's bodies share: 4 digits for a prefecture (its counties and
    districts), 6 for a county-level unit (which stands alone)."""
    from pipeline.core.divisions import resolve_region

    match = resolve_region(unit)
    assert match is not None, unit
    return match.code[:4] if match.level in {"prefecture", "province"} else match.code


CORPS = "新疆生产建设兵团"


def blind_units() -> set[str]:
    """The units of the current blind split, fixed before the session's parser changes."""
    import yaml

    from samples.corpus import SAMPLES

    return set(yaml.safe_load((SAMPLES / "blind" / "units.yaml").read_text(encoding="utf-8"))["units"])


def test_no_development_sample_comes_from_a_blind_unit() -> None:
    """Whole units: no spec outside specs/blind/ is issued by a body of a blind unit (a prefecture
    and its counties and districts; a county-level unit and its towns; the 兵团 and its 师 and 团)."""
    from samples.generator import __main__ as gen

    units = blind_units()
    codes = {_unit_code(u) for u in units if u != CORPS}
    for path in gen.spec_paths():
        if "blind" in path.parts:
            continue
        spec = gen.load(path)
        # the unit a spec names (a body no GB/T 2260 name begins, 濮阳经济技术开发区, still has one)
        assert spec.get("unit") not in units, f"{path.name} names a blind unit"
        for issuer in spec.get("issuers") or []:
            if CORPS in units:
                assert "兵团" not in issuer, f"{path.name} is from a blind unit"
            code = _region_code(issuer, spec.get("province")) or ""
            assert not any(code.startswith(unit) for unit in codes), (
                f"{path.name}: {issuer} lies in a blind unit")


def test_prefecture_of_an_issuer() -> None:
    assert _prefecture_code("正安县财政局", "贵州省") == _unit_code("贵州省遵义市")
    assert _prefecture_code("中共永嘉县委宣传部", "浙江省") == _unit_code("浙江省温州市")
    assert _prefecture_code("浙江省残疾人联合会", "浙江省") == "3300"


def test_a_county_unit_holds_its_own_bodies_only() -> None:
    county = _unit_code("河北省正定县")
    assert len(county) == 6
    assert (_region_code("正定县财政局", "河北省") or "").startswith(county)
    assert not (_region_code("石家庄市财政局", "河北省") or "").startswith(county)  # its prefecture
    assert not (_region_code("行唐县财政局", "河北省") or "").startswith(county)  # a neighbour
