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


# --- lessons 06-07


def test_paired_outcomes_draw_two_panels_and_mark_the_review():
    from il2kit import evidence

    pairs = evidence.paired_outcomes("melanoma")
    left, right = plotting.plot_paired_outcomes(pairs, title="t")
    assert [t.get_text() for t in left.get_yticklabels()][0] == pairs["label"].iloc[0]
    assert "Response" in left.get_title() and "Survival" in right.get_title()
    assert any("after the review" in t.get_text() for t in left.texts)


def test_review_timeline_marks_november_2002_and_shortens_events():
    import il2kit

    timeline = il2kit.load_timeline()
    ax = plotting.plot_review_timeline(timeline, title="t")
    texts = [t.get_text() for t in ax.texts]
    assert "the review, Nov 2002" in texts
    assert any("approval: sorafenib" in t for t in texts)
    assert any("yang2003 published" in t for t in texts)
    assert ax.figure.get_size_inches()[1] > 4.5  # resized to give each event a row


def test_scorecard_grid_labels_every_graded_cell():
    from il2kit import scorecard

    card = scorecard.scorecard()
    ax = plotting.plot_scorecard(card)
    graded = card.filter(like="_grade").notna().sum().sum()
    assert len([t for t in ax.texts if t.get_text() in scorecard.GRADES]) == graded
    assert [t.get_text() for t in ax.get_xticklabels()] == ["response", "survival", "toxicity"]
    with pytest.raises(ValueError, match="_grade"):
        plotting.plot_scorecard(card[["finding", "claim"]])


def test_ratio_forest_labels_its_axis_in_plain_numbers():
    fig, ax = plt.subplots()
    table = ARMS.assign(rate=[1.5, 0.8, 1.1], ci_low=[1.1, 0.3, 0.7], ci_high=[4.0, 1.3, 1.9])
    plotting.plot_forest(table, ax=ax, scale="ratio")
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "1" in labels and not any("10^" in t or "times" in t for t in labels)


# --- lessons 00-03 --------------------------------------------------------------------------
def test_toxicity_side_by_side_draws_a_bar_per_row_and_names_missing_ones():
    table = pd.DataFrame(
        {
            "series": ["A", "B", "A"],
            "organ_system": ["renal", "renal", "hepatic"],
            "event": ["oliguria", "renal", "hepatic"],
            "percent": [63.0, 15.0, 40.0],
        }
    )
    fig, ax = plt.subplots()
    assert plotting.plot_toxicity_side_by_side(table, ax=ax) is ax
    assert len(ax.patches) == 3
    texts = [t.get_text() for t in ax.texts]
    assert "63% oliguria" in texts and "15%" in texts  # the event only where it adds something
    assert "none listed" in texts  # B has no hepatic row
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
    with pytest.raises(ValueError, match="series"):
        plotting.plot_toxicity_side_by_side(table.drop(columns="series"), ax=ax)


def test_dose_schedules_draw_one_square_per_allowed_dose():
    import il2kit

    schedules = il2kit.load_dose_schedules()
    fig, ax = plt.subplots()
    plotting.plot_dose_schedules(schedules, ax=ax)
    drawable = schedules.dropna(subset=["max_doses_per_cycle", "cycles_per_course"])
    total = int((drawable["max_doses_per_cycle"] * drawable["cycles_per_course"]).sum())
    assert len(ax.collections[0].get_offsets()) == total
    assert len(ax.get_yticklabels()) == len(drawable)
    texts = [t.get_text() for t in ax.texts]
    assert "up to 14 x 2 = 28 doses a course" in texts
    assert "up to 15 x 2 = 30 doses a course" in texts


def test_toxicity_result_tells_apart_the_labels_deaths_by_disease():
    from il2kit import models

    fig, ax = plt.subplots()
    plotting.plot_toxicity_result(models.ToxicityModel().compute(), ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(set(labels))
    assert not any("grade any" in label for label in labels)  # one grade: not repeated


def test_toxicity_result_names_one_sources_arms_briefly():
    """Geertsen 2004 counts two arms: the bars say SC or CIV, not the regimens' long names,
    unless two arms share dose level and route (then the names)."""
    import dataclasses

    from il2kit import models

    result = models.ToxicityModel(study="geertsen2004").compute()
    labels = list(plotting.clinical.toxicity_labels(result))
    assert "body as a whole, SC" in labels and "body as a whole, CIV" in labels
    assert max(map(len, labels)) < 45
    rows = result.rows.copy()
    sc = rows["regimen"] == "sc_il2"
    rows.loc[sc, ["regimen", "regimen_label"]] = ["civ_il2_ifn", "CIV IL-2 + SC interferon"]
    labels = list(plotting.clinical.toxicity_labels(dataclasses.replace(result, rows=rows)))
    assert "body as a whole, CIV IL-2 + SC interferon" in labels
    assert "body as a whole, Continuous IV infusion IL-2" in labels
    fig, ax = plt.subplots()
    plotting.plot_toxicity_result(result, ax=ax)
    assert "body as a whole, SC" in [t.get_text() for t in ax.get_yticklabels()]


@pytest.mark.parametrize("n, bars", [(40, 41), (100, 101), (500, 1)])
def test_sampling_result_draws_many_bars_as_one_outline(n, bars):
    """Up to 100 patients, one bar per count; beyond, one filled outline (hundreds of
    one-pixel bars read as nothing and draw slowly)."""
    from il2kit import models

    result = models.SamplingModel(n=n).compute()
    fig, ax = plt.subplots()
    plotting.plot_sampling_result(result, ax=ax)
    assert len(ax.patches) == bars
    top = max(
        p.get_patch_transform().transform(p.get_path().vertices)[:, 1].max() for p in ax.patches
    )
    counts = result.trials["observed_rate"].mul(n).round().value_counts()
    assert top == counts.max()


# --- lessons 02-05
def test_arm_values_draw_one_panel_per_column_and_write_what_is_missing():
    arms = pd.DataFrame(
        {
            "label": ["HD IL-2", "SC IL-2 + IFN", "IFN"],
            "trial": ["A", "A", "B"],
            "kind": ["IL-2 alone", "IL-2 combination", "no IL-2"],
            "orr": [23.2, 9.9, None],
            "os": [17.5, 13.0, 18.8],
        }
    )
    axes = plotting.plot_arm_values(arms, ["orr", "os"], group="trial", kind="kind",
                                    xlabels=["ORR (%)", "median OS (months)"])  # fmt: skip
    assert len(axes) == 2 and axes[0].figure is axes[1].figure
    assert [t.get_text() for t in axes[0].get_yticklabels()] == list(arms["label"])
    assert [ax.get_xlabel() for ax in axes] == ["ORR (%)", "median OS (months)"]
    left_texts = [t.get_text() for t in axes[0].texts]
    assert "not printed" in left_texts and "23.2" in left_texts  # missing and value written
    assert {"A", "B"} <= set(left_texts)  # a header per trial
    assert sum(len(c.get_offsets()) for c in axes[1].collections) == 3  # every OS drawn
    legend = [t.get_text() for t in axes[0].get_legend().get_texts()]
    assert legend == ["IL-2 alone", "IL-2 combination", "no IL-2"]


def test_arm_values_use_given_axes_and_reject_a_mismatch():
    arms = pd.DataFrame({"label": ["a"], "x": [1.0]})
    _, ax = plt.subplots()
    assert plotting.plot_arm_values(arms, ["x"], axes=[ax]) == [ax]
    with pytest.raises(ValueError, match="axes"):
        plotting.plot_arm_values(arms, ["x", "x"], axes=[ax])
    with pytest.raises(ValueError, match="columns"):
        plotting.plot_arm_values(arms, [])
    with pytest.raises(ValueError, match="missing"):
        plotting.plot_arm_values(arms, ["y"])


# --- lessons 08-10 -----------------------------------------------------------------------------
from scipy.stats import binom  # noqa: E402

from il2kit.design import power_curve, simon_design  # noqa: E402
from il2kit.rates import coverage  # noqa: E402
from il2kit.simulate import simon_monte_carlo  # noqa: E402


def test_plot_coverage_draws_one_line_per_method_and_the_promised_level():
    table = coverage(40, np.linspace(0.05, 0.5, 30), method=["exact", "wilson", "wald"])
    ax = plotting.plot_coverage(table, ylim=(0.8, 1.0), title="t")
    lines = ax.get_lines()
    assert len(lines) == 4  # three methods and the nominal level
    assert (
        lines[0].get_ydata().tolist() == table.loc[table["method"] == "exact", "coverage"].tolist()
    )
    assert ax.get_ylim() == (0.8, 1.0) and ax.get_title() == "t"
    assert plt.gca() is ax
    with pytest.raises(ValueError, match="coverage"):
        plotting.plot_coverage(table.drop(columns="coverage"))


def test_plot_binomial_null_bars_are_the_binomial_probabilities():
    ax = plotting.plot_binomial_null(8, 51, p0=(0.05, 0.15))
    heights = [p.get_height() for p in ax.patches]
    top = len(heights) // 2
    assert heights[:top] == pytest.approx(binom.pmf(np.arange(top), 51, 0.05).tolist())
    assert heights[top:] == pytest.approx(binom.pmf(np.arange(top), 51, 0.15).tolist())
    assert ax.get_lines()[0].get_xdata()[0] == 8


def test_plot_power_curve_marks_the_sizes_asked_for():
    curve = power_curve(0.15, 0.20, [10, 50, 100, 906])
    ax = plotting.plot_power_curve(curve, marks=[50, 906])
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["80.0% power", "50 per arm: power 9.6%", "906 per arm: power 80.0%"]
    with pytest.raises(ValueError, match="marks"):
        plotting.plot_power_curve(curve, marks=[60])


def test_plot_simulated_vs_exact_draws_points_with_two_se_bars():
    d = simon_design(0.05, 0.20)
    check = simon_monte_carlo(d, [0.05, 0.10, 0.20], n_trials=2000, rng=1)
    ax = plotting.plot_simulated_vs_exact(check, design=d)
    container = ax.containers[0]
    ys = container.lines[0].get_ydata()
    rows = check[check["quantity"] == "P(promising)"]
    assert list(ys) == pytest.approx(rows["simulated"].tolist())
    segments = container.lines[2][0].get_segments()
    assert [s[1][1] - s[0][1] for s in segments] == pytest.approx((4 * rows["mc_se"]).tolist())
    with pytest.raises(ValueError, match="quantity"):
        plotting.plot_simulated_vs_exact(check, quantity="power")


def test_plot_estimate_distributions_legend_gives_mean_and_sd():
    estimates = pd.DataFrame({"a": [0.0, 0.1, 0.2], "b": [-0.1, 0.0, 0.1]})
    ax = plotting.plot_estimate_distributions(estimates, labels={"a": "first"})
    labels = ax.get_legend_handles_labels()[1]
    assert "true effect (+0 pts)" in labels
    assert "first: mean +10.0, SD 10.0 pts" in labels
    assert "b: mean +0.0, SD 10.0 pts" in labels


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


def test_simon_result_is_drawn_by_plot_operating_characteristics(monkeypatch):
    """One drawing path: the designer's figure is one plot_operating_characteristics call per
    design (p0 and p1 marked once), with its own legend labels and line styles."""
    from il2kit import models
    from il2kit.plotting import design as design_plots

    calls = []
    original = design_plots.plot_operating_characteristics

    def recording(oc, **kwargs):
        calls.append((oc["criterion"].iloc[0], kwargs.get("p0"), kwargs.get("labels")))
        return original(oc, **kwargs)

    monkeypatch.setattr(design_plots, "plot_operating_characteristics", recording)
    result = models.SimonModel(p0=0.10, p1=0.30).compute()
    fig, ax = plt.subplots()
    assert plotting.plot_simon_result(result, ax=ax) is ax
    assert [c[0] for c in calls] == ["optimal", "minimax"]
    assert [c[1] for c in calls] == [None, 0.10]
    assert calls[0][2] == ("optimal: P(promising)", "optimal: P(stop early)")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "optimal: P(promising)",
        "optimal: P(stop early)",
        "minimax: P(promising)",
        "minimax: P(stop early)",
    ]
    assert [ln.get_linestyle() for ln in ax.lines[:4]] == ["-", ":", "-", "-."]
    assert [t.get_text() for t in ax.texts] == ["p0", "p1"]


def test_operating_characteristics_keep_their_single_design_defaults():
    oc = simon_design(0.1, 0.3).operating_characteristics(np.linspace(0, 0.6, 31))
    fig, ax = plt.subplots()
    plotting.plot_operating_characteristics(oc, ax=ax, pet_style={"linewidth": 1})
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["P(declare promising)", "P(stop after stage 1)"]
    assert ax.lines[1].get_linestyle() == "--" and ax.lines[1].get_linewidth() == 1
    assert mcolors.to_hex(ax.lines[1].get_color()) == mcolors.to_hex(plotting.PALETTE["compare"])
