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
