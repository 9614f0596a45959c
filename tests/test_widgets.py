"""Widgets driven headless: set a control's ``.value``; the model and the figure must change,
and bad input gives a message, never an exception."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from il2kit import widgets  # noqa: E402


def pixels(view) -> bytes:
    """The last figure drawn, as PNG bytes: equal bytes mean an unchanged picture."""
    assert view.figure is not None, view.error
    buf = io.BytesIO()
    view.figure.savefig(buf, format="png")
    return buf.getvalue()


# --------------------------------------------------------------------------- regimen comparer


def test_comparer_default_state_shows_il2_alone_regimens():
    view = widgets.RegimenComparer()
    assert view.error is None
    arms = view._arms
    assert len(arms) >= 3
    assert set(arms["regimen"]) <= set(view.model.default_regimens())
    assert arms["regimen"].nunique() >= 2
    assert (arms["ci_low"] <= arms["rate"]).all() and (arms["rate"] <= arms["ci_high"]).all()
    assert "PMID" not in view.message.value  # messages are about the selection, not errors
    assert "<table" in view.table.value


def test_comparer_disease_change_changes_model_and_figure():
    view = widgets.RegimenComparer()
    before, studies_before = pixels(view), set(view._arms["study"])
    view.disease.value = "melanoma"
    assert view.model.disease == "melanoma"
    assert set(view._arms["study"]).isdisjoint(studies_before)
    assert pixels(view) != before


def test_comparer_endpoint_and_design_filters():
    view = widgets.RegimenComparer()
    orr = view._arms.set_index("label")["rate"]
    view.endpoint.value = "cr"
    cr = view._arms.set_index("label")["rate"]
    common = orr.index.intersection(cr.index)
    assert len(common) > 0 and (cr[common] <= orr[common]).all()
    view.endpoint.value = "orr"
    view.designs.value = "randomized"
    assert len(view._arms) >= 1
    assert set(view._arms["design"]) <= {"randomized_phase2", "randomized_phase3"}


def test_comparer_pools_regimens_with_two_or_more_arms():
    view = widgets.RegimenComparer()
    counts = view._arms["regimen"].value_counts()
    pooled = view._pooled.set_index("label")
    assert set(pooled.index) == set(counts[counts >= 2].index)
    assert ((pooled["i2"] >= 0) & (pooled["i2"] <= 100)).all()


def test_comparer_empty_selection_gives_message_not_error():
    view = widgets.RegimenComparer()
    view.regimens.value = ()
    assert view.error is None
    assert "pick at least one regimen" in view.message.value


def test_comparer_single_arm_regimen_is_not_pooled():
    model = widgets.ComparerModel()
    options = [k for _, k in model.regimen_options()]
    arms_by_regimen = {k: len(widgets.ComparerModel(regimens=(k,)).arms()) for k in options}
    single = [k for k, v in arms_by_regimen.items() if v == 1]
    if not single:
        pytest.skip("every RCC regimen has two or more arms in the data")
    view = widgets.RegimenComparer(widgets.ComparerModel(regimens=(single[0],)))
    assert view._pooled.empty
    assert "one arm only" in view.message.value


def test_comparer_impossible_years_and_unknown_disease():
    with pytest.raises(ValueError, match="years"):
        widgets.ComparerModel(regimens=("hd_il2_iv_bolus",), years=(2010, 1990)).arms()
    with pytest.raises(ValueError, match="disease"):
        widgets.ComparerModel(disease="lymphoma", regimens=("hd_il2_iv_bolus",)).arms()


def test_comparer_shows_model_errors_as_messages(monkeypatch):
    view = widgets.RegimenComparer()

    def broken():
        raise ValueError("Invalid years=(2010, 1990); the first year must not be after the last.")

    monkeypatch.setattr(view.model, "arms", broken)
    view.years.value = (1990, 2010)
    assert view.error and "years" in view.message.value


# --------------------------------------------------------------------------- other widgets


def test_toxicity_explorer_filters_and_redraws():
    view = widgets.ToxicityExplorer()
    assert view.error is None
    before, rows = pixels(view), len(view._rows)
    system = next(o for o in view.organ.options if o != "all")
    view.organ.value = system
    assert set(view._rows["organ_system"].astype(str)) == {system}
    assert len(view._rows) < rows
    assert pixels(view) != before


def test_dose_calculator_arithmetic_and_bad_input():
    view = widgets.DoseCalculator()
    assert view.result.per_dose_miu == pytest.approx(42.0)
    before = pixels(view)
    view.weight.value = 80
    assert view.result.per_dose_miu == pytest.approx(48.0)
    assert pixels(view) != before
    view.weight.value = 0
    assert view.error and "weight_kg" in view.message.value and "25" in view.message.value
    view.weight.value = 80
    view.unit.value = "MIU/m2"  # 600000 MIU/m2 is impossible
    assert view.error and "dose" in view.message.value


def test_simon_designer_updates_and_rejects_p1_below_p0():
    view = widgets.SimonDesigner()
    assert view.error is None
    first = view._table.copy()
    before = pixels(view)
    view.p1.value = 0.30
    assert not view._table.equals(first)
    assert pixels(view) != before
    sim = view._sim
    assert (np.abs(sim["simulated"] - sim["exact"]) <= 4 * sim["mc_se"] + 1e-9).all()
    view.p1.value = 0.03  # below p0 = 0.05
    assert view.error and "p1" in view.message.value


def test_sample_size_planner_matches_engine():
    from il2kit.design import sample_size_two_rates

    view = widgets.SampleSizePlanner()
    assert view._n == sample_size_two_rates(0.15, 0.20)
    before = pixels(view)
    view.p2.value = 0.30
    assert view._n == sample_size_two_rates(0.15, 0.30)
    assert pixels(view) != before
    view.p2.value = 0.15
    assert view.error and "p" in view.message.value


def test_rate_sampler_and_shrinkage():
    sampler = widgets.RateSampler()
    before = pixels(sampler)
    sampler.n.value = 200
    assert len(sampler._trials) == sampler.model.n_trials
    assert pixels(sampler) != before
    shrink = widgets.ShrinkageSimulator()
    t = shrink._trials
    assert t["phase2_rate"].mean() > t["phase3_rate"].mean()


def test_comparer_disease_round_trip_keeps_working():
    view = widgets.RegimenComparer()
    first = set(view._arms["label"])
    for disease in ("melanoma", "rcc", "melanoma", "rcc"):
        view.disease.value = disease
        assert view.error is None, view.error
    assert set(view._arms["label"]) == first


def test_surrogate_simulator_response_up_survival_not():
    view = widgets.SurrogateSimulator()
    s = view._summary
    assert s["response_experimental"] > s["response_control"]
    assert s["response_p"] < 0.05 and s["survival_p"] > 0.05  # the default teaching case
    before = pixels(view)
    view.hr.value = 0.3  # responding now halves (and more) the hazard of death
    assert view._summary["survival_p"] < s["survival_p"]
    assert pixels(view) != before
    view.rate_experimental.value = 0.0
    assert view.error is None  # no responders in one arm is a valid trial, not a crash
