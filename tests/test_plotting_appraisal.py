"""The figures of lessons 15 and 17: non-inferiority intervals, sample size by margin, the
risk-of-bias grid and GRADE certainty. Each keeps the Axes contract and draws what it is given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from il2kit import appraisal, plotting  # noqa: E402
from il2kit.noninferiority import (  # noqa: E402
    noninferiority_table,
    noninferiority_test,
    sample_sizes_by_margin,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def ni_table():
    return noninferiority_table(
        {
            "superior": noninferiority_test(120, 400, 84, 400, margin=0.10),
            "McDermott 2005": noninferiority_test(9, 91, 22, 95, margin=0.10),
        }
    )


def test_exported():
    for name in (
        "plot_noninferiority",
        "plot_sample_sizes_by_margin",
        "plot_risk_of_bias",
        "plot_grade",
        "ROB_STYLES",
        "DECISION_ROLES",
    ):
        assert name in plotting.__all__ and hasattr(plotting, name)


def test_noninferiority_draws_each_interval_and_the_margin():
    table = ni_table()
    fig, ax = plt.subplots()
    assert plotting.plot_noninferiority(table, ax=ax, title="t") is ax
    segments = ax.collections[0].get_segments() + ax.collections[2].get_segments()
    lows = sorted(round(s[0][0], 6) for s in segments)
    assert lows == sorted(round(v, 6) for v in table["ci_low"])
    vertical = [line.get_xdata()[0] for line in ax.get_lines()]
    assert 0.0 in vertical and pytest.approx(-0.10) in vertical
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "superior" in texts and "worse, non-inferiority not shown" in texts
    assert [t.get_text() for t in ax.get_yticklabels()] == ["superior", "McDermott 2005"]
    assert ax.get_title() == "t"


def test_noninferiority_colours_follow_the_verdict():
    fig, ax = plt.subplots()
    plotting.plot_noninferiority(ni_table(), ax=ax)
    first = mcolors.to_hex(ax.collections[0].get_color()[0])
    assert first == mcolors.to_hex(plotting.PALETTE["good"]).lower()


def test_noninferiority_needs_one_margin_or_an_explicit_one():
    a = noninferiority_test(80, 400, 84, 400, margin=0.10)
    b = noninferiority_test(80, 400, 84, 400, margin=0.05)
    table = noninferiority_table({"a": a, "b": b})
    with pytest.raises(ValueError, match="several margins"):
        plotting.plot_noninferiority(table)
    ax = plotting.plot_noninferiority(table, margin=0.05)
    assert pytest.approx(-0.05) in [line.get_xdata()[0] for line in ax.get_lines()]


def test_noninferiority_names_missing_columns():
    with pytest.raises(ValueError, match="decision"):
        plotting.plot_noninferiority(ni_table().drop(columns="decision"))


def test_sample_sizes_by_margin_plots_feasible_points_and_marks_the_true_loss():
    table = sample_sizes_by_margin(
        {"worse": (0.13, 0.21), "equal": (0.21, 0.21)}, [0.05, 0.10, 0.15]
    )
    fig, ax = plt.subplots()
    assert plotting.plot_sample_sizes_by_margin(table, ax=ax, title="n") is ax
    worse, loss, equal = ax.get_lines()
    assert list(worse.get_xdata()) == [0.10, 0.15]  # the 5-point margin cannot be shown
    assert list(worse.get_ydata()) == [5493.0, 455.0]
    assert len(equal.get_xdata()) == 3
    assert loss.get_xdata()[0] == pytest.approx(0.08)
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["worse", "equal"]


def test_risk_of_bias_grid_places_each_judgement():
    table = appraisal.risk_of_bias()
    fig, ax = plt.subplots()
    assert plotting.plot_risk_of_bias(table, ax=ax, title="r") is ax
    assert len(ax.collections) == len(table)
    offsets = np.array([c.get_offsets()[0] for c in ax.collections])
    assert set(offsets[:, 0]) == {0.0, 1.0}  # two results
    assert len(set(offsets[:, 1])) == 6  # five domains and the overall row
    words = [t.get_text() for t in ax.texts]
    assert words.count("low") == 1 and words.count("some concerns") == len(table) - 1
    assert [t.get_text() for t in ax.get_xticklabels()] == ["response", "overall survival"]


def test_grade_places_start_and_certainty():
    table = appraisal.grade_table()
    fig, ax = plt.subplots()
    assert plotting.plot_grade(table, ax=ax, title="g") is ax
    levels = ["very low", "low", "moderate", "high"]
    filled = [c for c in ax.collections if len(c.get_facecolor()) and c.get_facecolor()[0][3] > 0]
    ends = [int(c.get_offsets()[0][0]) for c in filled]
    assert ends == [levels.index(c) for c in table["certainty"]]
    notes = [t.get_text() for t in ax.texts if t.get_text()]
    assert notes[0] == "not rated down"
    assert "−2 indirectness" in notes[-1]
    with pytest.raises(ValueError, match="certainty"):
        plotting.plot_grade(table.drop(columns="certainty"))
