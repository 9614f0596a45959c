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
    statements = data_mod.load_label_statements().set_index("key")
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


def test_label_statements_cover_every_topic_with_verbatim_text():
    statements = data_mod.load_label_statements()
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
    statements = data_mod.load_label_statements().set_index("key")
    quotes = il2kit.load_quotes()
    quoted = quotes[quotes["table"] == "label_statements"].set_index("row_key")
    figures = statements[statements["figure"].notna()]
    assert len(figures) >= 3
    for key, row in figures.iterrows():
        assert quoted.loc[key, "quote"] == row["statement"]
        assert float(quoted.loc[key, "value"]) == row["figure"]


def test_corrupt_label_statement_topic(copy):
    row = _edit(copy, "label_statements.csv", lambda r: True, "topic", "gossip")
    _expect(copy, rf"label_statements\.csv row {row}\b", "column 'topic'", "one of")


def test_label_statement_figure_without_unit(copy):
    row = _edit(copy, "label_statements.csv", lambda r: r["figure"] != "", "figure_unit", "")
    _expect(copy, rf"label_statements\.csv row {row}\b", "column 'figure_unit'")


def test_label_statement_from_unknown_source(copy):
    row = _edit(copy, "label_statements.csv", lambda r: True, "source", "nobody2001")
    _expect(copy, rf"label_statements\.csv row {row}\b", "column 'source'", "sources.csv")


def test_label_statement_quote_differs_from_the_statement(copy):
    frame = pd.read_csv(copy / "quotes.csv", dtype=str, keep_default_na=False)
    i = frame.index[frame["table"] == "label_statements"][0]
    frame.loc[i, "quote"] = frame.loc[i, "quote"] + " (paraphrased)"
    frame.to_csv(copy / "quotes.csv", index=False)
    _expect(copy, rf"quotes\.csv row {i + 1}\b", "column 'quote'", "same words")


def test_reversible_without_its_statement(copy):
    row = _edit(copy, "toxicity.csv", lambda r: r["reversible"] != "", "reversible_ref", "")
    _expect(copy, rf"toxicity\.csv row {row}\b", "column 'reversible_ref'", "label_statements")


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


def test_missing_label_statements_file(copy):
    (copy / "label_statements.csv").unlink()
    _expect(copy, r"label_statements\.csv: file not found")
