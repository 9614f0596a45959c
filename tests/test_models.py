"""The widgets' models, headless: inputs in, a frozen result out, bad input named."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from il2kit import models
from il2kit.design import sample_size_two_rates, simon_design
from il2kit.simulate import simon_monte_carlo

ALL_MODELS = [
    models.ComparerModel,
    models.ToxicityModel,
    models.DoseModel,
    models.SimonModel,
    models.SampleSizeModel,
    models.SamplingModel,
    models.ShrinkageModel,
    models.SurrogateModel,
]


@pytest.mark.parametrize("cls", ALL_MODELS, ids=lambda c: c.__name__)
def test_default_result_is_frozen_with_frame_and_text(cls):
    result = cls().compute()
    assert dataclasses.is_dataclass(result) and result.__dataclass_params__.frozen
    assert isinstance(result.to_frame(), pd.DataFrame) and len(result.to_frame()) >= 1
    text = str(result)
    assert text and "object at 0x" not in text and len(text) < 600


@pytest.mark.parametrize("cls", ALL_MODELS, ids=lambda c: c.__name__)
def test_every_limit_is_enforced_with_the_name(cls):
    for name, limit in cls.LIMITS.items():
        below = limit.low - (1 if limit.integer else limit.step / 2)
        above = limit.high + (1 if limit.integer else limit.step / 2)
        for bad in (below, above):
            model = cls(**{name: int(bad) if limit.integer else bad})
            with pytest.raises(ValueError, match=name):
                model.compute()
        with pytest.raises(TypeError, match=name):
            cls(**{name: "ten"}).compute()


@pytest.mark.parametrize("cls", ALL_MODELS, ids=lambda c: c.__name__)
def test_the_limits_themselves_are_accepted(cls):
    defaults = cls()
    for name, limit in cls.LIMITS.items():
        for edge in (limit.low, limit.high):
            value = int(edge) if limit.integer else edge
            try:
                defaults.replace(**{name: value}).compute()
            except ValueError as err:  # only a rule between inputs may refuse an edge
                assert name in str(err) or "p1" in str(err) or "rate" in str(err), err


def test_simon_result_matches_the_engine_and_the_simulation():
    model = models.SimonModel(p0=0.10, p1=0.30)
    result = model.compute()
    engine = simon_design(0.10, 0.30, criterion="minimax")
    assert (result.minimax.r1, result.minimax.n1, result.minimax.r, result.minimax.n) == (
        engine.r1,
        engine.n1,
        engine.r,
        engine.n,
    )
    sim = result.simulation
    assert len(sim) == 4
    # the engine's Monte-Carlo check, same stream: the same simulated shares
    check = simon_monte_carlo(
        [result.optimal, result.minimax], [0.10, 0.30], n_trials=model.n_trials, rng=model.seed
    )
    promising = check[check["quantity"] == "P(promising)"].reset_index(drop=True)
    assert list(sim["simulated"]) == list(promising["simulated"])
    assert list(sim["true_rate_name"]) == ["p0", "p1", "p0", "p1"]
    assert (np.abs(sim["simulated"] - sim["exact"]) <= 4 * sim["mc_se"] + 1e-9).all()
    assert set(result.curves["criterion"]) == {"optimal", "minimax"}
    assert list(result.to_frame()["criterion"]) == ["optimal", "minimax"]


def test_simon_infeasible_names_nmax_which_the_model_has():
    with pytest.raises(ValueError, match="nmax"):
        models.SimonModel(p0=0.15, p1=0.20, nmax=50).compute()
    assert "nmax" in models.SimonModel.LIMITS


def test_sample_size_result_is_the_engines_and_refuses_equal_rates():
    result = models.SampleSizeModel(rate_a=0.15, rate_b=0.30, method="arcsine").compute()
    assert result.n_per_arm == sample_size_two_rates(0.15, 0.30, method="arcsine")
    assert result.n_total == 2 * result.n_per_arm
    curve = result.curve.set_index("rate_b")["n_per_arm"]
    assert np.isnan(curve[0.16]) and curve[0.30] == result.n_per_arm
    with pytest.raises(ValueError, match="rate_a"):
        models.SampleSizeModel(rate_a=0.2, rate_b=0.2).compute()
    with pytest.raises(ValueError, match="method"):
        models.SampleSizeModel(method="wald").compute()


def test_sampling_result_summaries_agree_with_its_trials():
    result = models.SamplingModel(true_rate=0.2, n=50, threshold=0.3).compute()
    t = result.trials
    assert result.share_at_or_above == pytest.approx((t["observed_rate"] >= 0.3).mean())
    assert result.coverage >= 0.93  # exact intervals are conservative (MC error ~0.003)
    assert result.middle_95[0] < 0.2 < result.middle_95[1]


def test_shrinkage_winner_regresses_to_the_true_rate():
    result = models.ShrinkageModel(k=6, true_rate=0.2, n_phase2=30).compute()
    assert result.phase2_mean > 0.25
    assert result.phase3_mean == pytest.approx(0.2, abs=0.01)
    assert result.shrinkage == pytest.approx(result.phase2_mean - result.phase3_mean)


def test_surrogate_default_is_the_teaching_case():
    result = models.SurrogateModel().compute()
    assert result.response.fisher_pvalue < 0.05 < result.survival.pvalue
    frame = result.to_frame().set_index("arm")
    assert frame.loc["experimental", "response_rate"] > frame.loc["control", "response_rate"]
    stronger = models.SurrogateModel(os_hr_responders=0.3).compute()
    assert stronger.survival.pvalue < result.survival.pvalue


def test_toxicity_filters_and_rejects_unknown_values():
    everything = models.ToxicityModel().compute()
    system = everything.rows["organ_system"].astype(str).iloc[0]
    some = models.ToxicityModel(organ_system=system).compute()
    assert set(some.rows["organ_system"].astype(str)) == {system}
    assert 0 < len(some.rows) < len(everything.rows)
    with pytest.raises(ValueError, match="organ_system"):
        models.ToxicityModel(organ_system="skeletal").compute()


def test_dose_model_works_out_a_published_schedule():
    result = models.DoseModel(schedule="hd600_label", weight_kg=80).compute()
    assert result.per_dose_miu == pytest.approx(48.0)
    assert result.per_cycle_miu == pytest.approx(48.0 * 14)  # the label: 14 doses a cycle
    assert result.per_course_miu == pytest.approx(48.0 * 28)  # two cycles a course
    assert result.licensed and result.published
    nci = models.DoseModel(schedule="hd720_nci_yang1994", weight_kg=80).compute()
    assert nci.max_doses_per_cycle == 15 and not nci.licensed
    with pytest.raises(ValueError, match="weight_kg"):
        models.DoseModel(weight_kg=0).compute()
    with pytest.raises(ValueError, match="schedule"):
        models.DoseModel(schedule="hd_everything").compute()


def test_dose_model_flags_a_tenfold_slip_and_an_unpublished_dose():
    slip = models.DoseModel(schedule="hd720_nci_yang1994", dose=72_000).compute()
    assert not slip.published and not slip.licensed
    assert "tenfold" in slip.notes[0] and "Low-dose IV bolus" in slip.notes[0]
    odd = models.DoseModel(schedule="hd600_label", dose=650_000).compute()
    assert not odd.published and "tenfold" not in odd.notes[0]
    flat = models.DoseModel(schedule="sc_flat_first_cycle_nieken1996", weight_kg=50).compute()
    assert flat.per_dose_miu == 18.0  # a flat dose ignores the patient's size


# --------------------------------------------------------------------------- comparer


def test_comparer_default_regimens_and_readable_labels():
    result = models.ComparerModel().compute()
    arms = result.arms
    assert set(arms["regimen"]) <= set(models.ComparerModel().default_regimens())
    assert arms["label"].str.fullmatch(r"[A-Za-z' -]+ \d{4}").all(), arms["label"].tolist()
    assert not arms["regimen_label"].str.contains("_").any()
    assert ((arms["ci_low"] <= arms["rate"]) & (arms["rate"] <= arms["ci_high"])).all()


def test_comparer_pools_exactly_the_regimens_with_two_or_more_arms():
    result = models.ComparerModel().compute()
    counts = result.arms["regimen"].value_counts()
    assert set(result.pooled["regimen"]) == set(counts[counts >= 2].index)
    assert ((result.pooled["i2"] >= 0) & (result.pooled["i2"] <= 100)).all()


def test_comparer_notes_one_line_for_all_unpooled_regimens():
    result = models.ComparerModel(disease="melanoma").compute()
    singles = [n for n in result.notes if "one arm only" in n]
    counts = result.arms["regimen"].value_counts()
    assert len(singles) == (1 if (counts == 1).any() else 0)


def test_comparer_empty_selection_and_bad_inputs():
    empty = models.ComparerModel(regimens=()).compute()
    assert empty.arms.empty and "pick at least one regimen" in empty.notes[0]
    with pytest.raises(ValueError, match="years"):
        models.ComparerModel(years=(2010, 1990)).compute()
    with pytest.raises(ValueError, match="disease"):
        models.ComparerModel(disease="lymphoma").compute()
    with pytest.raises(ValueError, match="regimens"):
        models.ComparerModel(regimens=("no_such_regimen",)).compute()


def test_comparer_excludes_recounted_cohorts():
    from il2kit.data import load_trials

    trials = load_trials()
    recounted = set(map(tuple, trials.dropna(subset=["same_cohort_as"])[["study", "arm"]].values))
    assert recounted  # the data do hold re-counts
    for disease in ("rcc", "melanoma"):
        model = models.ComparerModel(disease=disease)
        every = tuple(k for _, k in model.regimen_options())
        arms = model.replace(regimens=every).compute().arms
        assert len(arms) >= 10
        assert recounted.isdisjoint(set(map(tuple, arms[["study", "arm"]].values)))


def test_comparer_cr_rates_never_exceed_overall_rates():
    orr = models.ComparerModel().compute().arms.set_index("label")["rate"]
    cr = models.ComparerModel(endpoint="cr").compute().arms.set_index("label")["rate"]
    common = orr.index.intersection(cr.index)
    assert len(common) > 0 and (cr[common] <= orr[common]).all()
