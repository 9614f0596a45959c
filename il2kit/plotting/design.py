"""Trial-design figures: operating characteristics, sample size, pick-the-winner shrinkage."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from il2kit.plotting._common import axes_or_current, need_columns, pct
from il2kit.plotting._style import MARKERS, PALETTE, percent_axis

if TYPE_CHECKING:
    from il2kit.models import SampleSizeResult, ShrinkageResult, SimonResult


def _mark_rates(ax: Axes, p0: float | None, p1: float | None) -> None:
    for value, name in ((p0, "p0"), (p1, "p1")):
        if value is not None:
            ax.axvline(value, color=PALETTE["neutral"], linestyle=":", linewidth=1)
            ax.annotate(name, xy=(value, 1.02), xycoords=("data", "axes fraction"), ha="center")


def plot_operating_characteristics(
    oc: pd.DataFrame,
    *,
    p0: float | None = None,
    p1: float | None = None,
    ax: Axes | None = None,
    labels: tuple[str, str] = ("P(declare promising)", "P(stop after stage 1)"),
    pet_style: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Axes:
    """Operating characteristics of one two-stage design against the true response rate.

    ``oc`` has columns ``p``, ``prob_reject_null`` and ``pet`` (as returned by
    ``SimonDesign.operating_characteristics``). ``labels`` name the two curves in the legend;
    ``kwargs`` style the first (P(declare promising)), ``pet_style`` the second (default: the
    comparison colour, dashed). ``p0`` and ``p1`` are marked by dotted lines. Call it once per
    design to draw several on one Axes (as :func:`plot_simon_result` does).
    """
    need_columns(oc, ["p", "prob_reject_null", "pet"], "oc")
    ax = axes_or_current(ax)
    style = {"color": PALETTE["main"], "linewidth": 2, **kwargs}
    ax.plot(oc["p"], oc["prob_reject_null"], label=labels[0], **style)
    pet = {"color": PALETTE["compare"], "linestyle": "--", "linewidth": 2, **(pet_style or {})}
    ax.plot(oc["p"], oc["pet"], label=labels[1], **pet)
    _mark_rates(ax, p0, p1)
    ax.set_xlabel("True response rate")
    ax.set_ylabel("Probability")
    percent_axis(ax.xaxis)
    ax.set_ylim(0, 1)
    ax.legend(loc="center right")
    return ax


def plot_simon_result(result: SimonResult, *, ax: Axes | None = None) -> Axes:
    """The Simon designer's figure: both designs' probability of declaring the regimen promising
    (solid) and of stopping after stage 1 (dotted or dash-dotted), against the true response
    rate; each design drawn by :func:`plot_operating_characteristics`."""
    ax = axes_or_current(ax)
    styles = {"optimal": (PALETTE["main"], ":"), "minimax": (PALETTE["compare"], "-.")}
    groups = list(result.curves.groupby("criterion", sort=False))
    d = result.optimal
    for i, (criterion, curve) in enumerate(groups):
        colour, dash = styles[str(criterion)]
        last = i == len(groups) - 1  # p0 and p1 marked once, over every curve
        plot_operating_characteristics(
            curve,
            p0=d.p0 if last else None,  # type: ignore[attr-defined]
            p1=d.p1 if last else None,  # type: ignore[attr-defined]
            ax=ax,
            labels=(f"{criterion}: P(promising)", f"{criterion}: P(stop early)"),
            pet_style={"color": colour, "linestyle": dash},
            color=colour,
        )
    ax.legend(loc="center right", fontsize=8)
    return ax


def plot_sample_size_result(result: SampleSizeResult, *, ax: Axes | None = None) -> Axes:
    """Patients per arm against the second arm's rate (log scale), the chosen rate marked."""
    ax = axes_or_current(ax)
    ax.plot(result.curve["rate_b"], result.curve["n_per_arm"], color=PALETTE["main"], linewidth=2)
    ax.scatter(
        [result.rate_b],
        [result.n_per_arm],
        color=PALETTE["alert"],
        zorder=3,
        s=50,
        label=f"rate_b = {result.rate_b:.0%}: n = {result.n_per_arm:,} per arm",
    )
    ax.axvline(result.rate_a, color=PALETTE["neutral"], linestyle=":")
    ax.annotate("rate_a", xy=(result.rate_a, 1.02), xycoords=("data", "axes fraction"), ha="center")
    ax.set_yscale("log")
    ax.set_xlabel("Response rate in the second arm (rate_b)")
    ax.set_ylabel("Patients per arm (log scale)")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right")
    return ax


def plot_shrinkage_result(result: ShrinkageResult, *, ax: Axes | None = None) -> Axes:
    """The winner's phase II rate and the same regimen's phase III rate, over many programmes."""
    ax = axes_or_current(ax)
    t = result.trials
    top = min(1.0, float(t[["phase2_rate", "phase3_rate"]].to_numpy().max()) + 0.05)
    bins = np.linspace(0, top, 40).tolist()
    ax.hist(
        t["phase2_rate"],
        bins=bins,
        alpha=0.6,
        color=PALETTE["compare"],
        label=f"winner, phase II (mean {result.phase2_mean:.1%})",
    )
    ax.hist(
        t["phase3_rate"],
        bins=bins,
        alpha=0.6,
        color=PALETTE["main"],
        label=f"same regimen, phase III (mean {result.phase3_mean:.1%})",
    )
    ax.axvline(result.true_rate, color=PALETTE["ink"], linewidth=2, label="true rate")
    ax.set_xlabel("Observed response rate")
    ax.set_ylabel("Simulated programmes")
    percent_axis(ax.xaxis)
    ax.legend(loc="upper right")
    return ax


# --- lessons 08-10 ---------------------------------------------------------------------------


def plot_power_curve(
    curve: pd.DataFrame,
    *,
    target: float | None = 0.80,
    marks: Sequence[int] = (),
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Power against patients per arm (``curve`` from :func:`il2kit.design.power_curve`).

    ``target`` draws a dotted line at the power a trial is usually planned for; each size in
    ``marks`` (one of the curve's ``n_per_arm``) gets a point labelled with its power.
    """
    need_columns(curve, ["n_per_arm", "power"], "curve")
    ax = axes_or_current(ax)
    ax.plot(curve["n_per_arm"], curve["power"], color=PALETTE["main"], linewidth=2)
    if target is not None:
        ax.axhline(
            target,
            color=PALETTE["neutral"],
            linestyle=":",
            linewidth=1,
            label=f"{pct(target)} power",
        )
    by_n = dict(zip(curve["n_per_arm"].astype(int), curve["power"].astype(float), strict=True))
    for i, n in enumerate(marks):
        if int(n) not in by_n:
            raise ValueError(f"marks: {n} is not one of the curve's n_per_arm values.")
        power = by_n[int(n)]
        ax.scatter(
            [n],
            [power],
            zorder=3,
            s=50,
            marker=MARKERS[i % len(MARKERS)],
            color=(PALETTE["alert"], PALETTE["good"], PALETTE["other"])[i % 3],
            label=f"{int(n):,} per arm: power {pct(power)}",
        )
    ax.set_xlabel("Patients per arm")
    ax.set_ylabel("Power")
    ax.set_ylim(0, 1)
    percent_axis(ax.yaxis)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right")
    return ax


def plot_simulated_vs_exact(
    check: pd.DataFrame,
    *,
    design: Any = None,
    quantity: str = "P(promising)",
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Simulated figures (points, +/-2 Monte-Carlo SE) beside the exact ones.

    ``check`` is :func:`il2kit.simulate.simon_monte_carlo`; the rows of ``quantity`` are drawn
    at their true rates. With ``design`` the exact curve is drawn from its
    ``operating_characteristics``; without it, the exact values are drawn as short dashes.
    """
    need_columns(
        check, ["criterion", "true_rate", "quantity", "exact", "simulated", "mc_se"], "check"
    )
    rows = check[check["quantity"] == quantity]
    if rows.empty:
        raise ValueError(f"`check` has no rows for quantity={quantity!r}.")
    ax = axes_or_current(ax)
    columns = {
        "P(promising)": "prob_reject_null",
        "P(stop early)": "pet",
        "expected patients": "en",
    }
    if design is not None:
        grid = np.linspace(0, min(1.0, float(rows["true_rate"].max()) + 0.02), 101)
        oc = design.operating_characteristics(grid)
        ax.plot(
            oc["p"],
            oc[columns[quantity]],
            color=PALETTE["main"],
            linewidth=2,
            label=f"exact ({design.criterion} design)",
        )
    else:
        ax.scatter(
            rows["true_rate"],
            rows["exact"],
            marker="_",
            s=200,
            color=PALETTE["main"],
            label="exact",
        )
    ax.errorbar(
        rows["true_rate"],
        rows["simulated"],
        yerr=2 * rows["mc_se"],
        fmt="o",
        color=PALETTE["alert"],
        capsize=3,
        label="simulated (±2 Monte-Carlo SE)",
    )
    ax.set_xlabel("True response rate")
    ax.set_ylabel(quantity)
    percent_axis(ax.xaxis)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower right" if quantity == "P(promising)" else "upper right")
    return ax


def plot_estimate_distributions(
    estimates: pd.DataFrame,
    *,
    true_value: float = 0.0,
    labels: dict[str, str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Overlaid histograms of several estimates of one difference in rates (one column each,
    e.g. :func:`il2kit.simulate.confounding_estimates`), in percentage points, with the true
    value marked; each legend entry gives its mean and standard deviation."""
    from matplotlib.ticker import FuncFormatter

    ax = axes_or_current(ax)
    values = estimates.to_numpy(float)
    finite = values[np.isfinite(values)]
    bins = np.linspace(float(finite.min()), float(finite.max()), 50).tolist()
    colours = [PALETTE["compare"], PALETTE["main"], PALETTE["good"], PALETTE["other"]]
    for i, column in enumerate(estimates.columns):
        v = estimates[column].dropna().to_numpy(float)
        name = (labels or {}).get(str(column), str(column))
        ax.hist(
            v,
            bins=bins,
            alpha=0.55,
            color=colours[i % len(colours)],
            label=f"{name}: mean {100 * v.mean():+.1f}, SD {100 * v.std(ddof=1):.1f} pts",
        )
    ax.axvline(
        true_value,
        color=PALETTE["ink"],
        linewidth=2,
        label=f"true effect ({100 * true_value:+.0f} pts)",
    )
    ax.set_ylim(0, ax.get_ylim()[1] * 1.3)  # headroom for the legend
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:+.0f}"))
    ax.set_xlabel("Estimated difference in response rate (percentage points)")
    ax.set_ylabel("Count")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    return ax
