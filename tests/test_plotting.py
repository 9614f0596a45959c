"""Plotting helpers keep the Axes contract and draw what they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from il2kit import plotting  # noqa: E402

ARMS = pd.DataFrame(
    {
        "label": ["a", "b", "c"],
        "group": ["x", "x", "y"],
        "responders": [37, 10, 0],
        "n": [255, 71, 20],
        "rate": [37 / 255, 10 / 71, 0.0],
        "ci_low": [0.10, 0.07, 0.0],
        "ci_high": [0.19, 0.24, 0.17],
    }
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _cases():
    pooled = pd.DataFrame({"label": ["x"], "estimate": [0.14], "ci_low": [0.1], "ci_high": [0.2]})
    tox = pd.DataFrame(
        {
            "event": ["hypotension", "nausea"],
            "organ_system": ["cardiovascular", "gastrointestinal"],
            "percent": [71.0, 35.0],
        }
    )
    timeline = pd.DataFrame(
        {
            "date": pd.to_datetime(["1992-05-05", "1998-01-09"]),
            "event": ["HD IL-2 approved", "HD IL-2 approved"],
            "disease": ["rcc", "melanoma"],
        }
    )
    oc = pd.DataFrame({"p": [0.0, 0.5, 1.0], "prob_reject_null": [0, 0.5, 1], "pet": [1, 0.2, 0]})
    km = {"arm": pd.DataFrame({"time": [1.0, 2.0, 3.0], "survival": [0.9, 0.6, 0.5]})}
    return [
        ("plot_forest", (ARMS,), {"pooled": pooled, "group": "group"}),
        ("plot_response_rates", (ARMS,), {"reference": (0.15, 0.20)}),
        ("plot_toxicity", (tox,), {}),
        ("plot_timeline", (timeline,), {}),
        ("plot_operating_characteristics", (oc,), {"p0": 0.05, "p1": 0.2}),
        ("plot_survival", (km,), {}),
        ("plot_funnel", (ARMS,), {"center": 0.14}),
        ("plot_sampling_distribution", (np.array([0.1, 0.2, 0.15]),), {"true_rate": 0.15}),
    ]


@pytest.mark.parametrize(("name", "args", "kwargs"), _cases(), ids=lambda c: str(c)[:30])
def test_returns_the_axes_it_was_given(name, args, kwargs):
    fig, ax = plt.subplots()
    assert getattr(plotting, name)(*args, ax=ax, **kwargs) is ax
    assert ax.has_data() or ax.texts


@pytest.mark.parametrize(("name", "args", "kwargs"), _cases(), ids=lambda c: str(c)[:30])
def test_uses_current_axes_by_default(name, args, kwargs):
    fig, ax = plt.subplots()
    assert getattr(plotting, name)(*args, **kwargs) is plt.gca()


def test_forest_draws_one_row_per_arm_and_pooled_diamond():
    fig, ax = plt.subplots()
    pooled = pd.DataFrame({"label": ["x"], "estimate": [0.14], "ci_low": [0.1], "ci_high": [0.2]})
    plotting.plot_forest(ARMS, pooled=pooled, group="group", ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["a", "b", "Pooled", "c"]
    assert {"x", "y"} <= {t.get_text() for t in ax.texts}  # group headers
    assert len(ax.patches) == 1  # the diamond


def test_callers_kwargs_win():
    fig, ax = plt.subplots()
    plotting.plot_forest(ARMS, ax=ax, color="#123456")
    line_colours = {
        mcolors.to_hex(c)
        for coll in ax.collections
        if hasattr(coll, "get_colors")
        for c in coll.get_colors()
    }
    assert "#123456" in line_colours


def test_missing_columns_are_named():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="ci_high"):
        plotting.plot_forest(ARMS.drop(columns="ci_high"), ax=ax)


def test_palette_is_okabe_ito():
    assert plotting.OKABE_ITO["vermillion"] == "#D55E00"
    plotting.use_kit_style()
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    assert cycle[:3] == ["#0072B2", "#E69F00", "#009E73"]


@pytest.mark.parametrize("scale", ["proportion", "difference", "ratio"])
def test_forest_scales_write_ranges_with_to(scale):
    fig, ax = plt.subplots()
    table = ARMS.assign(rate=[1.5, 0.8, 1.1], ci_low=[1.1, 0.5, 0.7], ci_high=[2.0, 1.3, 1.9])
    if scale != "ratio":
        table = ARMS.assign(
            rate=[-0.13, 0.05, 0.0], ci_low=[-0.24, -0.02, -0.1], ci_high=[-0.02, 0.12, 0.1]
        )
    plotting.plot_forest(table, ax=ax, scale=scale)
    texts = [t.get_text() for t in ax.texts]
    assert all(" to " in t for t in texts)
    assert (ax.get_xscale() == "log") == (scale == "ratio")


def test_forest_rejects_unknown_scale():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="scale"):
        plotting.plot_forest(ARMS, ax=ax, scale="odds")


# --------------------------------------------------------------------------- results


def _results():
    from il2kit import models

    return [
        cls().compute()
        for cls in (
            models.ComparerModel,
            models.ToxicityModel,
            models.DoseModel,
            models.SimonModel,
            models.SampleSizeModel,
            models.SamplingModel,
            models.ShrinkageModel,
            models.SurrogateModel,
        )
    ]


@pytest.mark.parametrize("result", _results(), ids=lambda r: type(r).__name__)
def test_each_result_has_its_plot_function_returning_the_axes(result):
    fig, ax = plt.subplots()
    name = type(result).__name__
    function = plotting.RESULT_PLOTTERS[name]
    assert function.__name__.startswith("plot_") and function.__name__.endswith("_result")
    assert function(result, ax=ax) is ax
    assert ax.has_data()
    fig2, ax2 = plt.subplots()
    assert plotting.plot_result(result, ax=ax2) is ax2


def test_plot_result_names_what_it_accepts():
    with pytest.raises(TypeError, match="result"):
        plotting.plot_result(pd.DataFrame())


def test_regimen_style_is_stable_and_distinct():
    from il2kit.data import load_regimens

    keys = load_regimens()["regimen"].astype(str).tolist()
    styles = [plotting.regimen_style(k) for k in keys]
    assert len(set(styles)) == len(keys)  # no two regimens look alike
    assert plotting.regimen_style(keys[3]) == styles[3]


def test_kit_style_is_scoped():
    import matplotlib as mpl

    before = mpl.rcParams["axes.grid"]
    with plotting.kit_style():
        assert mpl.rcParams["axes.grid"] is True
    assert mpl.rcParams["axes.grid"] == before


# --- lessons 11-16 -----------------------------------------------------------------------------
def test_kaplan_meier_plot_draws_each_fit_with_its_median_and_options():
    from il2kit import kaplan_meier

    fits = {
        "a": kaplan_meier([2, 3, 3, 5, 8, 9, 12, 15], [1, 1, 0, 1, 0, 1, 1, 0]),
        "b": kaplan_meier([1, 2, 4, 6], [1, 0, 0, 0]),  # never reaches 0.5: no median dot
    }
    fig, ax = plt.subplots()
    assert plotting.plot_kaplan_meier(fits, ax=ax, median=True, title="T", xlim=(0, 20)) is ax
    assert ax.get_title() == "T" and ax.get_xlim() == (0.0, 20.0)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(dots) == 1 and tuple(dots[0].get_xydata()[0]) == (fits["a"].median, 0.5)
    assert not ax.texts  # curves named in the legend, not at their ends


def test_publication_bias_plot_shows_published_and_unpublished_trials():
    from il2kit.meta import pool_rates

    trials = pd.DataFrame(
        {"rate": [0.1, 0.3, 0.25, 0.12], "n": [20, 20, 150, 100], "published": [0, 1, 1, 1]}
    )
    fig, ax = plt.subplots()
    pooled = pool_rates([7, 37, 12], [20, 150, 100])
    plotting.plot_publication_bias(trials, true_rate=0.15, pooled=pooled, ax=ax, title="T")
    filled, hollow = ax.collections[:2]
    assert len(filled.get_offsets()) == 3 and len(hollow.get_offsets()) == 1
    assert [line.get_xdata()[0] for line in ax.lines[2:]] == [0.15, pooled.estimate]
    with pytest.raises(ValueError, match="published"):
        plotting.plot_publication_bias(trials.drop(columns="published"), true_rate=0.15, ax=ax)


def test_cumulative_pool_plot_draws_band_line_and_references():
    steps = pd.DataFrame(
        {"k": [2, 3, 4], "estimate": [0.2, 0.22, 0.21], "ci_low": [0.1, 0.15, 0.17],
         "ci_high": [0.35, 0.3, 0.26]}
    )  # fmt: skip
    fig, ax = plt.subplots()
    plotting.plot_cumulative_pool(steps, references={"truth": 0.15, "enrolled": 0.25}, ax=ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["pooled 95% CI", "pooled rate", "truth", "enrolled"]
    assert ax.get_ylim()[1] == pytest.approx(0.35 + 0.12)


def test_ratio_forest_labels_its_log_axis_with_plain_ratios():
    fig, ax = plt.subplots()
    table = ARMS.assign(rate=[1.5, 0.8, 2.1], ci_low=[1.1, 0.3, 0.9], ci_high=[2.0, 1.3, 4.9])
    plotting.plot_forest(table, ax=ax, scale="ratio")
    fig.canvas.draw()
    labels = {t.get_text() for t in ax.get_xticklabels() if t.get_text()}
    assert {"0.5", "1", "2", "4"} <= labels
    assert not any(t.get_text() for t in ax.get_xticklabels(minor=True))
