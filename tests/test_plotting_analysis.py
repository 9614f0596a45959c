"""il2kit.plotting.analysis (lesson 13): analysis sets and family-wise error figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from il2kit import plotting  # noqa: E402
from il2kit.analysis_sets import analysis_set_rates  # noqa: E402
from il2kit.multiplicity import familywise_error_rate  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _sets() -> pd.DataFrame:
    rows = [("vondermaase1991", 8, 57, 51), ("legha1997", 69, 115, 114)]
    return pd.concat(
        [
            analysis_set_rates(x, n_rand, n_eval).to_frame().assign(label=label)
            for label, x, n_rand, n_eval in rows
        ],
        ignore_index=True,
    )


def _exact() -> pd.DataFrame:
    tests = range(1, 6)
    return pd.DataFrame(
        {
            "disjoint": [familywise_error_rate(k) for k in tests],
            "overlapping": [familywise_error_rate(k, correlation=0.5) for k in tests],
        },
        index=tests,
    )


def test_analysis_sets_draw_both_rates_and_the_bracket_per_arm():
    fig, ax = plt.subplots()
    table = _sets()
    assert plotting.plot_analysis_sets(table, ax=ax, title="t") is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["vondermaase1991", "legha1997"]  # first row on top
    itt, evaluable = (line for line in ax.lines)
    np.testing.assert_allclose(itt.get_xdata(), table["itt_rate"])
    np.testing.assert_allclose(evaluable.get_xdata(), table["evaluable_rate"])
    bracket = ax.collections[0].get_segments()
    np.testing.assert_allclose(
        [s[:, 0] for s in bracket], table[["itt_rate", "best_case_rate"]].to_numpy()
    )
    assert ax.get_title() == "t"
    assert ax.get_xlim()[1] <= 1.0


def test_analysis_sets_use_the_current_axes_and_name_missing_columns():
    fig, ax = plt.subplots()
    assert plotting.plot_analysis_sets(_sets()) is plt.gca()
    with pytest.raises(ValueError, match="best_case_rate"):
        plotting.plot_analysis_sets(_sets().drop(columns="best_case_rate"))


def test_familywise_error_draws_lines_points_and_alpha():
    fig, ax = plt.subplots()
    exact = _exact()
    simulated = pd.DataFrame({"disjoint": [0.1, 0.23]}, index=[2, 5])
    assert plotting.plot_familywise_error(exact, simulated=simulated, ax=ax) is ax
    ys = [list(np.round(line.get_ydata(), 6)) for line in ax.lines]
    assert list(np.round(exact["disjoint"], 6)) in ys
    assert list(np.round(exact["overlapping"], 6)) in ys
    assert [0.1, 0.23] in ys
    assert [0.05, 0.05] in ys  # the one-test level
    assert len(ax.lines) == 4


def test_familywise_error_refuses_what_it_cannot_draw():
    with pytest.raises(TypeError, match="exact"):
        plotting.plot_familywise_error([0.05, 0.1])
    with pytest.raises(ValueError, match="centres"):
        plotting.plot_familywise_error(_exact(), simulated=pd.DataFrame({"centres": [0.1]}))
