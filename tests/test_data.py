"""The evidence data set: integrity of the real files, and rejection of corrupted copies."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import il2kit
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


def test_at_least_sixty_arms_and_both_diseases():
    trials = il2kit.load_trials()
    assert len(trials) >= 60
    assert set(trials["disease"]) == {"rcc", "melanoma"}


def test_every_study_in_the_evidence_list_is_covered_or_explained():
    """STUDIES.md names the sources; each has a sources.csv row (readable or not, with notes)."""
    studies_md = Path(__file__).resolve().parents[2] / "shared" / "evidence" / "STUDIES.md"
    if not studies_md.is_file():
        pytest.skip("shared/evidence/STUDIES.md is not beside the repository")
    keys = set(
        re.findall(r"^\| ([a-z_]+\d{4}|proleukin_label|proclaim) \|", studies_md.read_text(), re.M)
    )
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
