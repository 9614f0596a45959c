"""il2kit.plotting.sequential (lesson 14): boundaries and estimates at stopping."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from il2kit import plotting  # noqa: E402
from il2kit.sequential import group_sequential_design  # noqa: E402
from il2kit.sequential_sim import simulate_sequential_rates  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_boundaries_draw_each_design_and_the_fixed_value():
    fig, ax = plt.subplots()
    obf = group_sequential_design(4, method="obrien-fleming")
    spend = group_sequential_design([0.3, 0.55, 0.8, 1], method="spending-obrien-fleming")
    assert plotting.plot_boundaries({"OBF": obf, "spending": spend}, ax=ax, title="b") is ax
    np.testing.assert_allclose(ax.lines[0].get_xdata(), obf.information_rates)
    np.testing.assert_allclose(ax.lines[0].get_ydata(), obf.critical_values)
    np.testing.assert_allclose(ax.lines[1].get_xdata(), [0.3, 0.55, 0.8, 1])
    np.testing.assert_allclose(ax.lines[2].get_ydata(), [1.959964] * 2, atol=1e-6)
    assert ax.get_legend_handles_labels()[1][:2] == ["OBF", "spending"]
    assert ax.get_title() == "b"


def test_boundaries_accept_one_design_and_use_the_current_axes():
    fig, ax = plt.subplots()
    one = group_sequential_design(3, method="pocock", alpha=0.025, alternative="greater")
    assert plotting.plot_boundaries(one, fixed=False) is plt.gca()
    assert len(ax.lines) == 1
    assert ax.get_legend_handles_labels()[1] == ["pocock"]
    assert ax.get_ylabel().startswith("z needed")


def test_boundaries_refuse_what_is_not_a_design():
    with pytest.raises(TypeError, match="GroupSequentialDesign"):
        plotting.plot_boundaries({"x": [1.96, 1.96]})
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_boundaries({})


def test_stopping_estimates_split_the_trials_and_mark_the_means():
    fig, ax = plt.subplots()
    d = group_sequential_design(4, method="pocock")
    sims = simulate_sequential_rates(
        d, control_rate=0.13, experimental_rate=0.21, n_per_arm=200, n_trials=2000, rng=3
    )
    assert plotting.plot_stopping_estimates(sims, true_effect=0.08, ax=ax) is ax
    early = sims.loc[sims["stopped_early"], "estimate"].mean()
    late = sims.loc[~sims["stopped_early"], "estimate"].mean()
    xs = [line.get_xdata()[0] for line in ax.lines]
    np.testing.assert_allclose(xs, [0.08, early, late])
    assert early > 0.08 > late  # trials stopped early overestimate
    heights = sum(p.get_height() for p in ax.patches if p.get_facecolor()[3] > 0)
    assert heights == pytest.approx(len(sims))  # stacked: every trial counted once


def test_stopping_estimates_handle_no_early_stop_and_bad_input():
    fig, ax = plt.subplots()
    d = group_sequential_design(1)
    sims = simulate_sequential_rates(
        d, control_rate=0.1, experimental_rate=0.1, n_per_arm=50, n_trials=100, rng=1
    )
    plotting.plot_stopping_estimates(sims, true_effect=0.0)
    assert len(ax.lines) == 2  # the truth and one mean
    with pytest.raises(ValueError, match="stopped_early"):
        plotting.plot_stopping_estimates(sims.drop(columns="stopped_early"), true_effect=0.0)
    with pytest.raises(ValueError, match="no trials"):
        plotting.plot_stopping_estimates(sims.iloc[:0], true_effect=0.0)
