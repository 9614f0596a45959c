"""The evidence data set: integrity of the real files, and rejection of corrupted copies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import il2kit
from il2kit import _schema
from il2kit import data as data_mod
from il2kit._schema import FILES

DATA = data_mod.data_dir()


# --------------------------------------------------------------------------- the real files


def test_dataset_has_no_problems():
    problems = data_mod.validate_dataset()
    assert problems == [], "\n".join(problems[:20])


def test_loaders_return_typed_frames():
    trials = il2kit.load_trials()
    assert trials["n"].dtype == "Int64"
    assert trials["orr_pct"].dtype == "Float64"
    assert isinstance(trials["disease"].dtype, pd.CategoricalDtype)
    assert set(trials["disease"].cat.categories) == {"rcc", "melanoma"}
    assert isinstance(trials["regimen"].dtype, pd.CategoricalDtype)
    for loader in (il2kit.load_regimens, il2kit.load_toxicity, il2kit.load_timeline):
        frame = loader()
        assert len(frame) > 0
    assert il2kit.load_timeline()["date"].is_monotonic_increasing


def test_at_least_seventy_five_arms_and_both_diseases():
    trials = il2kit.load_trials()
    assert len(trials) >= 75
    assert set(trials["disease"]) == {"rcc", "melanoma"}


def _studies_md_keys() -> set[str]:
    """Study keys of shared/evidence/STUDIES.md (searched upwards from the repository)."""
    for parent in Path(__file__).resolve().parents:
        studies_md = parent / "shared" / "evidence" / "STUDIES.md"
        if studies_md.is_file():
            text = studies_md.read_text()
            return set(re.findall(r"^\| ([a-z_]+\d{4}|proleukin_label|proclaim) \|", text, re.M))
    pytest.skip("shared/evidence/STUDIES.md is not beside the repository")


def _studies_with_rows() -> set[str]:
    frames = [
        il2kit.load_trials(),
        il2kit.load_toxicity(),
        data_mod.load_effects(),
        data_mod.load_dose_schedules(),
    ]
    return set().union(*(set(f["study"].astype(str)) for f in frames))


def _readme_section(title: str) -> str:
    readme = (DATA / "README.md").read_text()
    start = readme.index(title)
    end = readme.find("\n## ", start + len(title))
    return readme[start : end if end > 0 else len(readme)]


def test_every_study_in_the_evidence_list_has_rows_or_is_listed_unreadable():
    keys = _studies_md_keys()
    unreadable = set(
        re.findall(r"^\| `([a-z_0-9]+)`", _readme_section("## What could not be read"), re.M)
    )
    without_rows = keys - _studies_with_rows()
    assert without_rows <= unreadable, (
        f"neither rows nor listed: {sorted(without_rows - unreadable)}"
    )
    assert len(keys - without_rows) >= 0.9 * len(keys), sorted(without_rows)


def test_every_study_in_the_evidence_list_is_covered_or_explained():
    """STUDIES.md names the sources; each has a sources.csv row (readable or not, with notes)."""
    keys = _studies_md_keys()
    sources = il2kit.load_sources()
    missing = keys - set(sources["study"])
    assert not missing, f"studies without a sources.csv row: {sorted(missing)}"
    unreadable = sources[sources["readable"] == "no"]
    assert unreadable["notes"].notna().all(), "an unreadable source must say why in notes"


def test_cite_gives_pmid():
    text = il2kit.cite("fyfe1995")
    assert "PMID 7884429" in text
    with pytest.raises(KeyError, match="fyfe1996"):
        il2kit.cite("fyfe1996")


def test_references_list_each_study_once_in_the_order_given():
    keys = ["yang2003", "fyfe1995", "yang2003", "atkins1999"]
    lines = il2kit.references(pd.Series(keys)).splitlines()
    assert lines == [f"- {il2kit.cite(k)}" for k in ["yang2003", "fyfe1995", "atkins1999"]]
    keyed = il2kit.references(keys, keys=True).splitlines()
    assert keyed[1] == f"[fyfe1995] {il2kit.cite('fyfe1995')}"
    assert il2kit.references([]) == ""


@pytest.mark.parametrize(
    ("studies", "keys", "error", "match"),
    [
        ("fyfe1995", False, TypeError, r"\['fyfe1995'\]"),
        (["fyfe1995"], "yes", TypeError, "keys"),
        (["fyfe1995", "fyfe1996"], False, KeyError, "fyfe1996"),
    ],
)
def test_references_refuse_bad_input(studies, keys, error, match):
    with pytest.raises(error, match=match):
        il2kit.references(studies, keys=keys)


def test_pmids_agree_between_trials_and_sources():
    trials = il2kit.load_trials()
    sources = il2kit.load_sources().set_index("study")
    for row in trials.dropna(subset=["pmid"]).itertuples():
        assert sources.loc[row.study, "pmid"] == row.pmid, row.study


def test_data_readme_documents_every_column():
    readme = (DATA / "README.md").read_text()
    for name, columns in FILES.items():
        assert f"`{name}`" in readme, name
        for col in columns:
            assert f"`{col.name}`" in readme, f"{name}: column {col.name} undocumented"


# --------------------------------------------------------------------------- corrupted copies


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder, ignore=shutil.ignore_patterns("_staging"))
    return folder


def _edit(folder: Path, name: str, pick, column: str, value: str) -> int:
    """Set ``column`` of the first row where ``pick(row)`` holds; return its 1-based row."""
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
    rows = [i for i, r in frame.iterrows() if pick(r)]
    assert rows, "no row to corrupt"
    frame.loc[rows[0], column] = value
    frame.to_csv(folder / name, index=False)
    return rows[0] + 1


def _full(r):
    return all(r[c] for c in ("cr", "pr", "responders", "n", "orr_pct"))


def _expect(folder: Path, *patterns: str) -> None:
    with pytest.raises(il2kit.DataValidationError) as info:
        data_mod._cached.cache_clear()
        data_mod._typed_cached.cache_clear()
        il2kit.load_trials(data_dir=folder)
    message = str(info.value)
    for pattern in patterns:
        assert re.search(pattern, message), f"{pattern!r} not in: {message}"


def test_counts_that_do_not_add_up(copy):
    row = _edit(copy, "trials.csv", _full, "responders", "999")
    _expect(copy, rf"trials\.csv row {row}\b", "column 'responders'", r"cr \+ pr")


def test_responders_exceeding_n(copy):
    row = _edit(copy, "trials.csv", _full, "n", "1")
    _expect(copy, rf"row {row}\b", "column 'responders'", "exceeds n = 1")


def test_negative_count(copy):
    row = _edit(copy, "trials.csv", _full, "cr", "-3")
    _expect(copy, rf"row {row}\b", "column 'cr'", "whole number >= 0")


def test_non_numeric_count(copy):
    row = _edit(copy, "trials.csv", _full, "n", "about 50")
    _expect(copy, rf"row {row}\b", "column 'n'", "'about 50'")


def test_unknown_regimen(copy):
    row = _edit(copy, "trials.csv", _full, "regimen", "magic_potion")
    _expect(copy, rf"row {row}\b", "column 'regimen'", "not defined in regimens.csv")


def test_unknown_design(copy):
    row = _edit(copy, "trials.csv", _full, "design", "phase2b")
    _expect(copy, rf"row {row}\b", "column 'design'", "one of")


def test_study_without_source(copy):
    row = _edit(copy, "trials.csv", _full, "study", "nobody2001")
    _expect(copy, rf"row {row}\b", "column 'study'", "not defined in sources.csv")


def test_duplicated_arm(copy):
    frame = pd.read_csv(copy / "trials.csv", dtype=str, keep_default_na=False)
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    frame.to_csv(copy / "trials.csv", index=False)
    _expect(copy, rf"row {len(frame)}\b", "duplicates row 1")


def test_printed_rate_inconsistent_with_counts(copy):
    row = _edit(copy, "trials.csv", _full, "orr_pct", "88")
    _expect(copy, rf"row {row}\b", "column 'orr_pct'", "inconsistent")


def test_percent_above_100(copy):
    row = _edit(copy, "trials.csv", _full, "cr_pct", "150")
    _expect(copy, rf"row {row}\b", "column 'cr_pct'", r"\[0, 100\]")


def test_missing_column(copy):
    frame = pd.read_csv(copy / "trials.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["disease"]).to_csv(copy / "trials.csv", index=False)
    _expect(copy, r"trials\.csv", "missing \\['disease'\\]")


def test_year_out_of_range(copy):
    row = _edit(copy, "trials.csv", _full, "year", "1850")
    _expect(copy, rf"row {row}\b", "column 'year'")


def test_quote_not_containing_figure(copy):
    row = _edit(copy, "quotes.csv", lambda r: r["table"] == "trials", "printed", "no such words")
    _expect(copy, rf"quotes\.csv row {row}\b", "column 'printed'", "not a substring")


def test_figure_without_quote(copy):
    frame = pd.read_csv(copy / "quotes.csv", dtype=str, keep_default_na=False)
    first = frame[frame["table"] == "trials"].index[0]
    lost = frame.loc[first]
    frame.drop(index=first).to_csv(copy / "quotes.csv", index=False)
    _expect(copy, "has no quote", f"column '{lost['field']}'")


def test_unreadable_source_with_rows(copy):
    used = pd.read_csv(copy / "trials.csv", dtype=str)["study"].iloc[0]
    row = _edit(copy, "sources.csv", lambda r: r["study"] == used, "readable", "no")
    _expect(copy, rf"sources\.csv row {row}\b", "column 'readable'")


def test_bad_timeline_date(copy):
    row = _edit(copy, "timeline.csv", lambda r: True, "date", "May 1992")
    _expect(copy, rf"timeline\.csv row {row}\b", "column 'date'", "YYYY")


def test_not_a_csv(copy):
    (copy / "regimens.csv").write_bytes(b"\xff\xfe\x00garbage")
    _expect(copy, r"regimens\.csv")


# --------------------------------------------------------------------------- second edition


def test_new_loaders_return_typed_frames():
    effects = data_mod.load_effects()
    assert effects["estimate"].dtype == "Float64"
    assert effects["pvalue"].dtype == "Float64"
    assert isinstance(effects["measure"].dtype, pd.CategoricalDtype)
    doses = data_mod.load_dose_schedules()
    assert doses["dose"].dtype == "Float64"
    assert doses["max_doses_per_cycle"].dtype == "Int64"
    sources = il2kit.load_sources()
    assert pd.api.types.is_datetime64_any_dtype(sources["published"])
    assert sources["after_review"].dtype == "boolean"


def test_every_source_has_a_publication_date_within_its_year():
    raw = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    assert (raw["published"] != "").all()
    assert (raw["published"].str[:4] == raw["year"]).all()
    assert raw["published"].str.len().isin([4, 7, 10]).all()


def test_year_only_publication_dates_are_documented():
    raw = pd.read_csv(DATA / "sources.csv", dtype=str, keep_default_na=False)
    section = _readme_section("### Publication dates printed without a month")
    for study in raw.loc[raw["published"].str.len() == 4, "study"]:
        assert f"`{study}`" in section, f"{study}: year-only date not listed in data/README.md"


def test_before_and_after_the_review_uses_the_date_not_the_year():
    after = data_mod.published_after_review
    for study in ("eton2002", "ridolfi2002", "negrier1998", "fyfe1995"):
        assert after(study) is False, study
    for study in ("yang2003", "mcdermott2005", "atkins2008", "gore2010"):
        assert after(study) is True, study
    sources = il2kit.load_sources().set_index("study")
    assert not sources.loc["eton2002", "after_review"]
    assert sources.loc["yang2003", "after_review"]
    assert data_mod.REVIEW_PUBLISHED == "2002-11"


def test_published_after_review_rejects_bad_input():
    with pytest.raises(KeyError, match="eton2003"):
        data_mod.published_after_review("eton2003")
    with pytest.raises(TypeError, match="study"):
        data_mod.published_after_review(2002)  # type: ignore[arg-type]


def test_a_date_overlapping_the_review_month_cannot_tell(copy):
    frame = pd.read_csv(copy / "sources.csv", dtype=str, keep_default_na=False)
    row = frame.index[frame["study"] == "eton2002"][0]
    frame.loc[row, "published"] = "2002"
    frame.to_csv(copy / "sources.csv", index=False)
    data_mod._cached.cache_clear()
    data_mod._typed_cached.cache_clear()
    with pytest.raises(ValueError, match="eton2002.*cannot tell"):
        data_mod.published_after_review("eton2002", data_dir=copy)
    assert pd.isna(
        il2kit.load_sources(data_dir=copy).set_index("study").loc["eton2002", "after_review"]
    )
    data_mod._cached.cache_clear()
    data_mod._typed_cached.cache_clear()


def test_missing_evidence_is_now_extracted():
    trials = il2kit.load_trials().set_index(["study", "arm"])
    legha = trials.loc[("legha1997", "all")]
    assert (legha["n"], legha["cr"], legha["pr"], legha["responders"]) == (114, 24, 45, 69)
    assert "responders" in legha["derived"]
    assert trials.loc[("fisher2000", "hd_il2"), "same_cohort_as"] == "fyfe1995"
    assert trials.loc[("atkins2000", "hd_il2"), "same_cohort_as"] == "atkins1999"
    assert {"melanoma", "rcc"} <= set(trials.loc["proclaim"].index)
    assert trials.loc[("mcdermott2015", "hd_il2"), "n"] == 120


def test_cr_and_pr_printed_means_responders_is_their_sum():
    trials = il2kit.load_trials()
    both = trials.dropna(subset=["cr", "pr"])
    assert (both["responders"] == both["cr"] + both["pr"]).all()
    atz = trials.set_index(["study", "arm"]).loc[("atzpodien2001", "il2_ifn_5fu")]
    assert atz["responders"] == 16 and atz["conflict"] == "orr_pct"


def test_every_rate_conflict_is_recorded_in_the_readme():
    section = _readme_section("## Conflicts between sources")
    flagged = il2kit.load_trials().dropna(subset=["conflict"])
    assert len(flagged) > 0
    for study in flagged["study"].astype(str):
        assert f"`{study}`" in section, study


def test_subcutaneous_regimens_are_split_by_dose_unit():
    trials = il2kit.load_trials().set_index(["study", "arm"])
    assert trials.loc[("yang2003", "sc"), "regimen"] == "sc_il2_per_kg"
    assert trials.loc[("nieken1996", "sc_il2"), "regimen"] == "sc_il2_flat"
    doses = data_mod.load_dose_schedules()
    units = doses.groupby("regimen", observed=True)["unit"].agg(lambda u: set(u.astype(str)))
    assert units["sc_il2_per_kg"] == {"IU/kg"}
    assert units["sc_il2_flat"] == {"MIU"}
    assert all(len(u) == 1 for u in units)


def test_usable_arms_filters_counts_denominators_and_repeated_cohorts():
    trials = il2kit.load_trials()
    arms = data_mod.usable_arms(trials)
    assert arms["responders"].notna().all() and (arms["n"] > 0).all()
    assert arms["same_cohort_as"].isna().all()
    assert set(arms.index) <= set(trials.index)  # the original index is kept
    keys = set(zip(arms["study"], arms["arm"], strict=True))
    assert ("fyfe1995", "hd_il2") in keys
    assert ("fisher1997", "hd_il2") not in keys and ("atkins2000", "hd_il2") not in keys
    cr = data_mod.usable_arms(trials, endpoint="cr")
    assert cr["cr"].notna().all() and len(cr) < len(arms) + len(trials)


def test_usable_arms_rejects_bad_input():
    trials = il2kit.load_trials()
    with pytest.raises(TypeError, match="trials"):
        data_mod.usable_arms(trials.to_dict())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="endpoint"):
        data_mod.usable_arms(trials, endpoint=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="endpoint.*'os'"):
        data_mod.usable_arms(trials, endpoint="os")
    with pytest.raises(ValueError, match="same_cohort_as"):
        data_mod.usable_arms(trials.drop(columns=["same_cohort_as"]))


def test_effects_hold_the_comparative_results():
    effects = data_mod.load_effects().set_index("effect_id")
    gore = effects.loc["gore2010_os"]
    assert (gore["estimate"], gore["ci_low"], gore["ci_high"], gore["pvalue"]) == (
        1.05,
        0.9,
        1.21,
        0.55,
    )
    ives = effects.loc[effects["study"] == "ives2007"]
    assert {"orr", "cr", "pr", "os"} <= set(ives["endpoint"].astype(str))
    assert ives.loc["ives2007_orr", "direction"].startswith("below 1 = benefit for biochemotherapy")
    assert pd.isna(ives.loc["ives2007_orr", "pvalue"])
    assert ives.loc["ives2007_orr", "pvalue_printed"] == "P < .00001"
    assert "not stated" in ives.loc["ives2007_os", "direction"]
    mcd = effects[effects["study"] == "mcdermott2005"]
    assert set(mcd["subgroup"].dropna()) == {"bone or liver metastases", "primary tumor in place"}
    required = {
        "negrier1998",
        "yang2003",
        "mcdermott2005",
        "atkins2008",
        "keilholz2005",
        "eton2002",
        "rosenberg1999",
        "atzpodien2004",
        "motzer2007",
        "gore2010",
        "ives2007",
    }
    assert required <= set(effects["study"].astype(str))


def test_effects_come_from_randomized_trials_or_meta_analyses():
    trials = il2kit.load_trials()
    designs = trials.groupby("study", observed=True)["design"].agg(lambda d: set(d.astype(str)))
    for study in set(data_mod.load_effects()["study"].astype(str)):
        if study in designs:  # negrier2007 (factorial margins only) has no per-arm rows
            assert designs[study] & {"randomized_phase2", "randomized_phase3", "meta_analysis"}, (
                study
            )


def test_dose_schedules_cycles_courses_and_licence():
    doses = data_mod.load_dose_schedules().set_index("schedule")
    label = doses.loc["hd600_label"]
    assert (label["dose"], label["unit"], label["licensed"]) == (600000.0, "IU/kg", "yes")
    assert (
        label["max_doses_per_cycle"],
        label["cycles_per_course"],
        label["max_doses_per_course"],
    ) == (14, 2, 28)
    nci = doses.loc["hd720_nci_rosenberg1994"]
    assert (nci["dose"], nci["max_doses_per_cycle"], nci["cycles_per_course"], nci["licensed"]) == (
        720000.0,
        15,
        2,
        "no",
    )
    licensed = doses[doses["licensed"] == "yes"]
    assert set(licensed["dose"]) == {600000.0} and set(licensed["regimen"].astype(str)) == {
        "hd_il2_iv_bolus"
    }


def test_published_doses_catch_a_tenfold_slip():
    hd = data_mod.published_doses("hd_il2_iv_bolus")
    assert hd == (600000.0, 720000.0)
    assert 72000.0 not in hd and 60000.0 not in hd
    assert data_mod.published_doses("ld_il2_iv_bolus", unit="IU/kg") == (72000.0,)
    with pytest.raises(ValueError, match="regimen"):
        data_mod.published_doses("magic_potion")
    with pytest.raises(ValueError, match="unit='MIU'"):
        data_mod.published_doses("hd_il2_iv_bolus", unit="MIU")
    with pytest.raises(TypeError, match="regimen"):
        data_mod.published_doses(600000)  # type: ignore[arg-type]


def test_timeline_runs_to_2024_with_the_modern_era():
    timeline = il2kit.load_timeline()
    assert len(timeline) >= 15
    assert timeline["date"].max().year == 2024
    events = " ".join(timeline["event"]).lower()
    for word in (
        "sorafenib",
        "sunitinib",
        "ipilimumab",
        "pembrolizumab",
        "nivolumab",
        "axitinib",
        "lifileucel",
    ):
        assert word in events, word
    years = {e: d.year for e, d in zip(timeline["event_id"], timeline["date"], strict=True)}
    assert years["ipilimumab_approval_melanoma"] == 2011
    assert years["nivolumab_ipilimumab_approval_melanoma"] == 2015
    assert years["nivolumab_ipilimumab_approval_rcc"] == 2018
    assert years["pembrolizumab_axitinib_approval_rcc"] == 2019
    assert years["lifileucel_approval_melanoma"] == 2024
    assert timeline["url_read"].str.len().gt(0).all()


def test_numbers_are_read_from_words_leading_points_and_spaced_thousands():
    assert 270.0 in data_mod._number_in("Two hundred seventy assessable patients")
    assert 255.0 in data_mod._number_in("Two hundred fifty-five assessable patients")
    assert 0.048 in data_mod._number_in("P = .048")
    assert 720000.0 in data_mod._number_in("720 000 lU/kg")
    assert 0.55 in data_mod._number_in("p=0.55")


# --------------------------------------------------------------------------- corrupted copies (2)


def test_published_outside_its_year(copy):
    row = _edit(copy, "sources.csv", lambda r: r["study"] == "yang2003", "published", "2002-08-15")
    _expect(copy, rf"sources\.csv row {row}\b", "column 'published'", "not in the year 2003")


def test_published_missing(copy):
    row = _edit(copy, "sources.csv", lambda r: r["study"] == "fyfe1995", "published", "")
    _expect(copy, rf"sources\.csv row {row}\b", "column 'published'", "required")


def test_responders_left_empty_beside_cr_and_pr(copy):
    row = _edit(copy, "trials.csv", _full, "responders", "")
    _expect(copy, rf"trials\.csv row {row}\b", "column 'responders'", "must be their sum")


def test_rate_conflict_not_flagged(copy):
    row = _edit(
        copy,
        "trials.csv",
        lambda r: r["study"] == "atzpodien2001" and r["conflict"],
        "conflict",
        "",
    )
    _expect(copy, rf"trials\.csv row {row}\b", "column 'orr_pct'", "list 'orr_pct' in 'conflict'")


def test_stale_conflict_flag(copy):
    row = _edit(copy, "trials.csv", lambda r: r["study"] == "fyfe1995", "conflict", "orr_pct")
    _expect(copy, rf"trials\.csv row {row}\b", "column 'conflict'", "agrees with the counts")


def test_effect_estimate_outside_its_interval(copy):
    row = _edit(copy, "effects.csv", lambda r: r["effect_id"] == "gore2010_os", "estimate", "1.5")
    _expect(copy, rf"effects\.csv row {row}\b", "column 'estimate'", "outside its interval")


def test_effect_pvalue_above_one(copy):
    row = _edit(copy, "effects.csv", lambda r: r["pvalue"] != "", "pvalue", "4.8")
    _expect(copy, rf"effects\.csv row {row}\b", "column 'pvalue'", r"\[0, 1\]")


def test_effect_unknown_arm(copy):
    row = _edit(copy, "effects.csv", lambda r: r["arm_a"] != "", "arm_a", "no_such_arm")
    _expect(copy, rf"effects\.csv row {row}\b", "column 'arm_a'", "not an arm of study")


def test_effect_unknown_measure(copy):
    row = _edit(copy, "effects.csv", lambda r: True, "measure", "risk_ratio")
    _expect(copy, rf"effects\.csv row {row}\b", "column 'measure'", "one of")


def test_effect_pvalue_printed_not_in_statement(copy):
    row = _edit(
        copy, "effects.csv", lambda r: r["pvalue_printed"] != "", "pvalue_printed", "P = .5"
    )
    _expect(copy, rf"effects\.csv row {row}\b", "column 'pvalue_printed'", "not a substring")


def test_effect_quote_differs_from_statement(copy):
    row = _edit(
        copy, "quotes.csv", lambda r: r["table"] == "effects", "quote", "P = .0001 somewhere else"
    )
    _expect(copy, rf"quotes\.csv row {row}\b", "column '(quote|printed)'")


def test_effect_figure_without_quote(copy):
    frame = pd.read_csv(copy / "quotes.csv", dtype=str, keep_default_na=False)
    first = frame[frame["table"] == "effects"].index[0]
    frame.drop(index=first).to_csv(copy / "quotes.csv", index=False)
    _expect(copy, r"effects\.csv row \d+", "has no quote")


def test_unlicensed_dose_marked_licensed(copy):
    row = _edit(copy, "dose_schedules.csv", lambda r: r["dose"] == "720000", "licensed", "yes")
    _expect(copy, rf"dose_schedules\.csv row {row}\b", "column 'licensed'", "only hd_il2_iv_bolus")


def test_licensed_dose_marked_unlicensed(copy):
    row = _edit(
        copy, "dose_schedules.csv", lambda r: r["schedule"] == "hd600_label", "licensed", "no"
    )
    _expect(copy, rf"dose_schedules\.csv row {row}\b", "column 'licensed'", "licensed dose")


def test_regimen_mixing_dose_units(copy):
    row = _edit(
        copy, "dose_schedules.csv", lambda r: r["regimen"] == "sc_il2_flat", "unit", "MIU/m2"
    )
    _expect(copy, r"dose_schedules\.csv row \d+", "column 'unit'", "mixes the units")
    assert row > 0


def test_unknown_dose_unit(copy):
    row = _edit(copy, "dose_schedules.csv", lambda r: True, "unit", "mg")
    _expect(copy, rf"dose_schedules\.csv row {row}\b", "column 'unit'", "one of")


def test_more_doses_per_cycle_than_per_course(copy):
    row = _edit(
        copy,
        "dose_schedules.csv",
        lambda r: r["schedule"] == "hd600_label",
        "max_doses_per_cycle",
        "30",
    )
    _expect(copy, rf"dose_schedules\.csv row {row}\b", "column 'max_doses_per_cycle'", "exceed")


def test_dose_without_quote(copy):
    frame = pd.read_csv(copy / "quotes.csv", dtype=str, keep_default_na=False)
    keep = ~((frame["table"] == "dose_schedules") & (frame["field"] == "dose"))
    frame[keep].to_csv(copy / "quotes.csv", index=False)
    _expect(copy, r"dose_schedules\.csv row \d+", "column 'dose'", "has no quote")


# --------------------------------------------------------------------------- toxicity, statements

HD_SYSTEMS = {
    "cardiovascular",
    "pulmonary",
    "renal",
    "hepatic",
    "gastrointestinal",
    "neurologic",
    "hematologic",
    "dermatologic",
    "infectious",
    "constitutional",
    "metabolic",
}


def test_at_least_ten_organ_systems_have_hd_il2_rows_with_figures():
    tox = il2kit.load_toxicity()
    regimens = il2kit.load_regimens().set_index("regimen")
    high = set(
        regimens[
            (regimens["il2_dose_level"] == "high") & (regimens["category"] == "il2_alone")
        ].index
    )
    hd = tox[tox["regimen"].isin(high)]
    with_figure = hd[hd["percent"].notna() | hd["patients_with_event"].notna()]
    systems = set(with_figure["organ_system"].astype(str)) - {"multiple", "other"}
    assert len(systems) >= 10, sorted(systems)
    assert HD_SYSTEMS <= systems, f"missing: {sorted(HD_SYSTEMS - systems)}"
    # the label's 525-patient table and an arm-level grade 3-5 table each span the systems
    for study in ("proleukin_label_older", "schwartzentruber2011"):
        rows = with_figure[with_figure["study"].astype(str) == study]
        assert len(set(rows["organ_system"].astype(str)) & HD_SYSTEMS) >= 10, study


def test_label_table_is_the_525_patients_of_the_approval_cohorts():
    tox = il2kit.load_toxicity()
    label = tox[(tox["study"] == "proleukin_label_older") & (tox["grade"] == "any")]
    assert set(label["n"].dropna()) == {525}
    assert label["percent"].notna().sum() >= 40
    hypotension = label.set_index("event").loc["hypotension"]
    assert hypotension["percent"] == 71 and hypotension["organ_system"] == "cardiovascular"


def test_every_reversible_value_travels_with_its_quoted_statement():
    tox = il2kit.load_toxicity()
    statements = data_mod.load_statements().set_index("key")
    marked = tox[tox["reversible"].notna()]
    assert len(marked) >= 3
    for row in marked.itertuples():
        ref = row.reversible_ref
        assert ref in statements.index, row.row_id
        stated = statements.loc[ref]
        assert stated["topic"] == "reversibility", row.row_id
        assert stated["statement"] and stated["url_read"], row.row_id
    reversibility = statements[statements["topic"] == "reversibility"]
    texts = " ".join(reversibility["statement"])
    assert "no irreversible side effects" in texts  # atkins1993
    assert "generally reversed rapidly" in texts  # atkins1999
    assert "Permanent neurologic deficits" in texts  # current label
    assert {"atkins1993", "atkins1999", "proleukin_label"} <= set(reversibility["source"])


def test_statements_cover_every_topic_with_verbatim_text():
    statements = data_mod.load_statements()
    by_topic = statements.groupby("topic", observed=True)["statement"].apply(" ".join)
    for topic in _schema.STATEMENT_TOPICS:
        assert topic in by_topic.index, f"no statement on {topic}"
    selection = by_topic["patient_selection"]
    assert "thallium stress" in selection and "pulmonary function" in selection
    assert "intensive care" in selection and "experienced" in selection
    management = by_topic["cls_management"]
    assert "fluid" in management and "dopamine" in management and "withhold" in management
    assert "abrogated" in by_topic["corticosteroids"]
    assert "prophylactic oxacillin" in by_topic["infection"]
    assert "thyroid" in by_topic["thyroid"].lower()
    keys = ["kammula1998_doses_initial", "kammula1998_doses_final"]
    kammula = statements.set_index("key").loc[keys]
    assert list(kammula["figure"]) == [13, 7]
    assert statements["url_read"].notna().all()


def test_label_statement_figures_are_quoted_in_the_same_words():
    statements = data_mod.load_statements().set_index("key")
    quotes = il2kit.load_quotes()
    quoted = quotes[quotes["table"] == "statements"].set_index("row_key")
    figures = statements[statements["figure"].notna()]
    assert len(figures) >= 3
    for key, row in figures.iterrows():
        assert quoted.loc[key, "quote"] == row["statement"]
        assert float(quoted.loc[key, "value"]) == row["figure"]


def test_corrupt_label_statement_topic(copy):
    row = _edit(copy, "statements.csv", lambda r: True, "topic", "gossip")
    _expect(copy, rf"statements\.csv row {row}\b", "column 'topic'", "one of")


def test_label_statement_figure_without_unit(copy):
    row = _edit(copy, "statements.csv", lambda r: r["figure"] != "", "figure_unit", "")
    _expect(copy, rf"statements\.csv row {row}\b", "column 'figure_unit'")


def test_label_statement_from_unknown_source(copy):
    row = _edit(copy, "statements.csv", lambda r: True, "source", "nobody2001")
    _expect(copy, rf"statements\.csv row {row}\b", "column 'source'", "sources.csv")


def test_label_statement_quote_differs_from_the_statement(copy):
    frame = pd.read_csv(copy / "quotes.csv", dtype=str, keep_default_na=False)
    i = frame.index[frame["table"] == "statements"][0]
    frame.loc[i, "quote"] = frame.loc[i, "quote"] + " (paraphrased)"
    frame.to_csv(copy / "quotes.csv", index=False)
    _expect(copy, rf"quotes\.csv row {i + 1}\b", "column 'quote'", "same words")


def test_reversible_without_its_statement(copy):
    row = _edit(copy, "toxicity.csv", lambda r: r["reversible"] != "", "reversible_ref", "")
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'reversible_ref'", "statements")


def test_reversible_ref_to_a_statement_on_another_topic(copy):
    row = _edit(
        copy, "toxicity.csv", lambda r: r["reversible"] != "", "reversible_ref", "label_boxed_cls"
    )
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'reversible_ref'", "'reversibility'")


def test_reversible_ref_to_an_unknown_statement(copy):
    row = _edit(copy, "toxicity.csv", lambda r: r["reversible"] != "", "reversible_ref", "no_such")
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'reversible_ref'", "not defined")


def test_bad_denominator(copy):
    row = _edit(copy, "toxicity.csv", lambda r: True, "denominator", "cycles")
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'denominator'", "patients")


def test_toxicity_percent_inconsistent_with_count(copy):
    row = _edit(
        copy,
        "toxicity.csv",
        lambda r: r["study"] == "schwartzentruber2011" and r["percent"],
        "percent",
        "77",
    )
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'percent'", "inconsistent")


def test_missing_statements_file(copy):
    (copy / "statements.csv").unlink()
    _expect(copy, r"statements\.csv: file not found")
