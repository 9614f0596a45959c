"""The evidence helpers answer their questions from the data, and name bad input."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import beta

import il2kit
from il2kit import evidence


def test_arm_rates_keep_usable_arms_with_exact_limits_from_the_beta_quantiles():
    trials = il2kit.load_trials()
    hd = trials[trials["regimen"] == "hd_il2_iv_bolus"]
    rates = evidence.arm_rates(hd)
    assert rates.index.isin(hd.index).all()  # the caller's index is kept
    assert rates["study"].isin(hd["study"]).all()
    recounts = hd.dropna(subset=["same_cohort_as"])
    pairs = set(zip(rates["study"], rates["arm"], strict=True))
    assert not pairs & set(zip(recounts["study"], recounts["arm"], strict=True))
    for r in rates.itertuples():  # an independent route: Clopper-Pearson from scipy's beta
        low = 0.0 if r.responders == 0 else beta.ppf(0.025, r.responders, r.n - r.responders + 1)
        high = 1.0 if r.responders == r.n else beta.ppf(0.975, r.responders + 1, r.n - r.responders)
        assert (r.ci_low, r.ci_high) == pytest.approx((low, high), rel=1e-6)
    assert (rates["regimen_label"] == "High-dose IV bolus IL-2").all()


def test_arm_rates_cr_counts_complete_responses_only():
    trials = il2kit.load_trials()
    rates = evidence.arm_rates(trials[trials["study"] == "fyfe1995"], endpoint="cr")
    assert rates["responders"].tolist() == [12]
    empty = evidence.arm_rates(trials[trials["study"] == "rosenberg1998"])
    assert empty.empty and "ci_high" in empty.columns


def test_labels_name_the_first_author_and_year():
    trials = il2kit.load_trials()
    labels = evidence.label_studies(trials)
    assert labels.str.fullmatch(r"[^\W\d_][\w' -]* \d{4}( \(\w+\))?").all()
    assert "von der Maase 1991" in set(labels)


def test_compare_arms_is_compare_rates_on_the_printed_counts():
    m = evidence.compare_arms("mcdermott2005", "hd_il2", "sc_il2_ifn")
    direct = il2kit.compare_rates(22, 95, 9, 91)
    assert m == direct
    with pytest.raises(ValueError, match="arm_b"):
        evidence.compare_arms("mcdermott2005", "hd_il2", "sc_il2")
    with pytest.raises(ValueError, match="study"):
        evidence.compare_arms("mcdermott2006", "hd_il2", "sc_il2_ifn")


def test_il2_versus_control_pairs_one_il2_arm_with_one_control():
    flags = evidence.regimen_flags()
    trials = il2kit.load_trials().set_index(["study", "arm"])
    for disease in ("rcc", "melanoma"):
        pairs = evidence.il2_versus_control(disease)
        assert len(pairs) >= 3
        for p in pairs.itertuples():
            assert flags.loc[str(trials.loc[(p.study, p.arm_a), "regimen"]), "has_il2"]
            assert not flags.loc[str(trials.loc[(p.study, p.arm_b), "regimen"]), "has_il2"]
            assert trials.loc[(p.study, p.arm_a), "disease"] == disease


def test_regimen_flags_read_the_drugs():
    flags = evidence.regimen_flags()
    assert flags.loc["hd_il2_iv_bolus", "has_il2"] and flags.loc["hd_il2_iv_bolus", "il2_alone"]
    assert flags.loc["cvd", "has_chemo"] and not flags.loc["cvd", "has_il2"]
    assert (
        flags.loc["biochemo_concurrent", "has_il2"]
        and flags.loc["biochemo_concurrent", "has_chemo"]
    )


def test_quote_returns_the_stored_sentence_and_asks_for_a_row_when_ambiguous():
    q = il2kit.load_quotes()
    row = q[(q["study"] == "fyfe1995") & (q["field"] == "cr")].iloc[0]
    assert evidence.quote("fyfe1995", "cr") == row["quote"]
    with pytest.raises(ValueError, match="row_key"):
        evidence.quote("yang2003", "orr_pct")
    with pytest.raises(ValueError, match="field"):
        evidence.quote("fyfe1995", "median_os")


def test_treatment_deaths_come_from_arms_and_toxicity_rows():
    deaths = evidence.treatment_deaths()
    assert set(deaths["source"]) == {"trials", "toxicity"}
    counted = deaths.dropna(subset=["deaths", "patients"])
    assert (counted["deaths"] <= counted["patients"]).all()
    assert deaths["year"].is_monotonic_increasing
    hd = evidence.treatment_deaths("hd_il2_iv_bolus")
    assert (hd["regimen"] == "hd_il2_iv_bolus").all() and len(hd) < len(deaths)
    assert isinstance(hd, pd.DataFrame)


# --- lessons 06-07


def test_before_after_review_uses_the_printed_date_not_the_year():
    dated = evidence.before_after_review(["eton2002", "ridolfi2002", "yang2003", "eton2002"])
    assert list(dated["study"]) == ["eton2002", "ridolfi2002", "yang2003"]
    assert dated.set_index("study")["after_review"].to_dict() == {
        "eton2002": False,
        "ridolfi2002": False,
        "yang2003": True,
    }
    assert list(dated["label"]) == ["Eton 2002", "Ridolfi 2002", "Yang 2003"]
    with pytest.raises(KeyError):
        evidence.before_after_review(["eton2020"])


def test_paired_outcomes_print_the_arms_and_their_gains():
    pairs = evidence.paired_outcomes("melanoma").set_index("study")
    trials = il2kit.load_trials().set_index(["study", "arm"])
    for study, row in pairs.iterrows():
        a = trials.loc[(study, row["arm_a"]), "orr_pct"]
        b = trials.loc[(study, row["arm_b"]), "orr_pct"]
        if pd.notna(a) and pd.notna(b):
            assert row["orr_gain_points"] == pytest.approx(float(a) - float(b), abs=0.05)
        assert bool(row["after_review"]) == il2kit.published_after_review(study)
    # the lesson's table: only eton2002 gains 20 points or more
    assert list(pairs.index[pairs["orr_gain_points"] >= 20]) == ["eton2002"]
    assert pairs["published"].is_monotonic_increasing


def test_odds_ratio_table_matches_compare_rates_and_skips_pairs_without_counts():
    pairs = evidence.il2_versus_control("melanoma")
    table = evidence.odds_ratio_table(pairs)
    counted = pairs.dropna(subset=["responders_a", "n_a", "responders_b", "n_b"])
    assert list(table["study"]) == list(counted["study"])
    eton = table.set_index("study").loc["eton2002"]
    c = il2kit.compare_rates(44, 91, 23, 92)
    assert (eton["odds_ratio"], eton["ci_low"], eton["ci_high"]) == pytest.approx(
        (c.odds_ratio, c.or_ci_low, c.or_ci_high)
    )
    with pytest.raises(ValueError, match="responders_a"):
        evidence.odds_ratio_table(pairs.drop(columns="responders_a"))


# --- lessons 00-03 --------------------------------------------------------------------------
def test_statements_print_each_sentence_once_with_its_source():
    from il2kit.data import load_statements

    keys = ["bock1990_oxacillin_arm", "bock1990_control_arms"]
    bock = evidence.statements("infection", keys=keys)
    assert len(bock.to_frame()) == 2  # two figures of one sentence ...
    assert str(bock).count("- bock1990 (abstract): No patient") == 1  # ... printed once
    standard = evidence.statements("standard_of_care").to_frame()
    assert set(standard["source"]) == {"mrc1999", "flanigan2001", "chapman1999"}
    assert not standard["after_review"].any()  # all published before the review
    raw = load_statements().set_index("key")
    for row in standard.itertuples():
        assert raw.loc[row.key, "statement"] in str(evidence.statements(keys=[row.key], width=400))
    assert "older US label" in str(evidence.statements("patient_selection"))
    with pytest.raises(ValueError, match="topics"):
        evidence.statements("gossip")
    with pytest.raises(TypeError, match="topics"):
        evidence.statements(3)
    with pytest.raises(ValueError, match="keys"):
        evidence.statements("thyroid", keys=["atkins1999_reversed_rapidly"])


def test_every_kind_of_page_has_a_printed_name():
    from il2kit._schema import STATEMENT_DOCUMENTS

    assert set(evidence.DOCUMENT_NAMES) == set(STATEMENT_DOCUMENTS)
    # a sentence read in a paper's introduction is not called an abstract's
    printed = str(evidence.statements(keys=["proclaim_approval_single_arm"]))
    assert printed.startswith("- proclaim (full text):")
    notice = str(evidence.statements(keys=["lifileucel_approval"]))
    assert notice.startswith("- fda_lifileucel2024 (FDA notice): On February 16, 2024")


def test_toxicity_by_system_keeps_each_sources_most_frequent_event():
    table = evidence.toxicity_by_system(["proleukin_label_older", "schwartzentruber2011"])
    tox = il2kit.load_toxicity()
    for row in table.itertuples():  # read the rows directly
        rows = tox[(tox["study"] == row.study) & (tox["organ_system"] == row.organ_system)
                   & tox["percent"].notna()]  # fmt: skip
        assert row.percent == rows["percent"].max() and row.events == len(rows)
        assert row.event in set(rows["event"])
    assert not set(table["organ_system"].astype(str)) & {"multiple", "other"}
    assert table["organ_system"].astype(str).nunique() == 12
    label = table[table["study"] == "proleukin_label_older"]
    assert (label["series"] == "Proleukin label, older edition (any grade)").all()
    assert (table.loc[table["study"] == "schwartzentruber2011", "grade"] == "3-5").all()
    geertsen = evidence.toxicity_by_system("geertsen2004")
    assert set(geertsen["series"]) == {"Geertsen 2004, SC (grade 3-4)",
                                       "Geertsen 2004, CIV (grade 3-4)"}  # fmt: skip
    one = evidence.toxicity_by_system(["geertsen2004"], regimen="sc_il2")
    assert set(one["regimen"]) == {"sc_il2"}
    with pytest.raises(ValueError, match="studies"):
        evidence.toxicity_by_system(["nobody2001"])


def test_death_rates_count_each_series_once_with_exact_limits():
    rates = evidence.death_rates()
    assert not rates.duplicated(["study", "events", "n"]).any()
    assert (rates["regimen"] == "hd_il2_iv_bolus").all()
    by_label = rates.set_index("label")
    assert by_label.loc["Klapper 2008", ["events", "n"]].tolist() == [2, 259]
    assert "Rosenberg 1994 (last 5 years)" in by_label.index
    # proclaim: the printed total is kept, its derived per-disease zeros are not
    proclaim = rates[rates["study"] == "proclaim"]
    assert proclaim[["events", "n"]].values.tolist() == [[0, 362]]
    for r in rates.itertuples():  # Clopper-Pearson from scipy's beta quantiles
        low = 0.0 if r.events == 0 else beta.ppf(0.025, r.events, r.n - r.events + 1)
        high = beta.ppf(0.975, r.events + 1, r.n - r.events)
        assert (r.ci_low, r.ci_high) == pytest.approx((low, high), rel=1e-6)
    assert rates["year"].is_monotonic_increasing
    # series of different papers that share patients say so (trials.csv's same_cohort_as)
    cohort = rates.set_index("study")["same_cohort_as"]
    assert cohort["yang1994"] == "yang2003"
    assert pd.isna(cohort["klapper2008"]) and pd.isna(cohort["kammula1998"])


# --- lessons 02-05
def test_compare_arm_pairs_rows_recomputed_by_hand():
    pairs = [("mcdermott2005", "hd_il2", "sc_il2_ifn"), ("atkins1993", "hd_il2_ifn", "hd_il2")]
    d = evidence.compare_arm_pairs(pairs)
    assert list(d["study"]) == ["mcdermott2005", "atkins1993"]  # the order given
    assert list(d["label"]) == [
        "McDermott 2005: hd_il2 vs sc_il2_ifn",
        "Atkins 1993: hd_il2_ifn vs hd_il2",
    ]
    first = d.iloc[0]
    assert first["risk_difference"] == pytest.approx(22 / 95 - 9 / 91)
    assert first["odds_ratio"] == pytest.approx((22 * 82) / (73 * 9))
    assert first["ci_low"] < first["risk_difference"] < first["ci_high"]
    assert first["fisher_pvalue"] == pytest.approx(
        evidence.compare_arms("mcdermott2005", "hd_il2", "sc_il2_ifn").fisher_pvalue
    )
    assert (d["regimen_b"] == ["sc_il2_ifn", "hd_il2_iv_bolus"]).all()


def test_compare_arm_pairs_rejects_bad_input():
    with pytest.raises(TypeError, match="pairs"):
        evidence.compare_arm_pairs("mcdermott2005")
    with pytest.raises(ValueError, match="pairs"):
        evidence.compare_arm_pairs([])
    with pytest.raises(ValueError, match="pair"):
        evidence.compare_arm_pairs([("mcdermott2005", "hd_il2")])
    with pytest.raises(ValueError, match="yang2003"):  # the source prints no counts
        evidence.compare_arm_pairs([("yang2003", "hd_iv", "ld_iv")])


# --- lessons 08-10 -----------------------------------------------------------------------------
def test_printed_results_are_the_whole_trial_rows_with_their_quotes():
    studies = ["negrier1998", "rosenberg1999", "eton2002", "keilholz2005", "atkins2008", "ives2007"]
    table = evidence.printed_results(studies)
    assert table.index.tolist() == studies
    assert table["after_review"].tolist() == [il2kit.published_after_review(s) for s in studies]
    assert table.loc["eton2002", "orr_pvalue_printed"] == "P =.001"
    # not the heterogeneity test (P = .006)
    assert table.loc["ives2007", "os_pvalue_printed"] == "P = .9"
    assert pd.isna(table.loc["negrier1998", "os_pvalue_printed"])  # a sentence without a p-value
    # each sentence is that of a whole-trial row of effects.csv for the study and endpoint
    effects = il2kit.load_effects()
    for study in studies:
        for endpoint in ("orr", "os"):
            rows = effects[(effects["study"] == study) & (effects["endpoint"] == endpoint)]
            sentence = table.loc[study, f"{endpoint}_statement"]
            if pd.isna(sentence):
                assert rows["subgroup"].notna().all() or rows.empty
            else:
                assert sentence in set(rows.loc[rows["subgroup"].isna(), "statement"])
    # printed p-values are substrings of their sentences (a rule of effects.csv)
    for study in studies:
        for endpoint in ("orr", "os"):
            p = table.loc[study, f"{endpoint}_pvalue_printed"]
            if not pd.isna(p):
                assert p in table.loc[study, f"{endpoint}_statement"]


def test_printed_results_name_unknown_keys():
    with pytest.raises(ValueError, match="studies"):
        evidence.printed_results(["fyfe1995"])  # no comparative result
    with pytest.raises(ValueError, match="endpoints"):
        evidence.printed_results(["eton2002"], endpoints=("survival",))
    with pytest.raises(TypeError, match="studies"):
        evidence.printed_results("eton2002")


# --- lessons 11-16 -----------------------------------------------------------------------------
def test_printed_hazard_ratios_are_the_effects_rows_with_their_medians():
    from il2kit.evidence import printed_hazard_ratios

    effects = il2kit.load_effects()
    hrs = printed_hazard_ratios()
    expected = effects[effects["measure"] == "hazard_ratio"]
    assert hrs["effect_id"].tolist() == expected["effect_id"].tolist()
    assert hrs["estimate"].tolist() == expected["estimate"].tolist()
    assert hrs["row_label"].is_unique  # one study printing two ratios is told apart
    motzer = hrs.set_index("effect_id").loc["motzer2007_pfs"]
    # arm_a is sunitinib (11 months), arm_b interferon (5 months), as trials.csv prints them
    assert (motzer["median_a"], motzer["median_b"]) == (11.0, 5.0)
    gore = hrs.set_index("effect_id").loc["gore2010_os"]
    trials = il2kit.load_trials().set_index(["study", "arm"])
    assert gore["median_a"] == trials.loc[("gore2010", "ifn_il2_fu"), "median_os_months"]
    negrier = hrs[hrs["study"] == "negrier2007"]
    assert negrier["median_a"].isna().all()  # factorial margins: no per-arm rows
