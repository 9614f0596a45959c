"""Widgets for the trial-design lessons: Simon designs, sample size, sampling variation,
pick-the-winner shrinkage."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from il2kit.widgets._view import FigureView, float_slider, labelled

CRITERIA = ("optimal", "minimax")


# --------------------------------------------------------------------------- Simon


@dataclass
class SimonModel:
    """Simon two-stage designs for ``p0`` vs ``p1``; operating characteristics; a simulation
    check that the exact figures are what trials run under the design would show."""

    p0: float = 0.05
    p1: float = 0.20
    alpha: float = 0.05
    beta: float = 0.20
    nmax: int = 100
    n_trials: int = 4000
    seed: int = 2002

    def designs(self) -> dict:
        from il2kit.design import simon_design

        return {
            c: simon_design(
                self.p0, self.p1, alpha=self.alpha, beta=self.beta, criterion=c, nmax=self.nmax
            )
            for c in CRITERIA
        }

    def table(self) -> pd.DataFrame:
        """One row per criterion: r1/n1, r/n, EN0, PET0, attained alpha and power."""
        rows = []
        for c, d in self.designs().items():
            rows.append(
                {
                    "criterion": c,
                    "stage 1: stop if <=": f"{d.r1}/{d.n1}",
                    "overall: promising if >": f"{d.r}/{d.n}",
                    "EN0": round(d.en0, 1),
                    "PET0": round(d.pet0, 3),
                    "alpha": round(d.alpha_actual, 4),
                    "power": round(d.power_actual, 4),
                }
            )
        return pd.DataFrame(rows)

    def simulated(self) -> pd.DataFrame:
        """Exact vs simulated probability of declaring the drug promising at p0 and p1."""
        from il2kit.simulate import simulate_simon

        rng = np.random.default_rng(self.seed)
        rows = []
        for c, d in self.designs().items():
            for label, p in (("p0", self.p0), ("p1", self.p1)):
                sims = simulate_simon(d, p, n_trials=self.n_trials, rng=rng)
                exact = float(d.operating_characteristics(p)["prob_reject_null"].iloc[0])
                share = float(sims["declared_active"].mean())
                rows.append(
                    {
                        "criterion": c,
                        "true rate": label,
                        "exact": exact,
                        "simulated": share,
                        "mc_se": float(np.sqrt(exact * (1 - exact) / self.n_trials)),
                    }
                )
        return pd.DataFrame(rows)


class SimonDesigner(FigureView):
    """Sliders for p0, p1, alpha and beta; optimal and minimax designs, their operating
    characteristics and a simulation check."""

    def __init__(self, model: SimonModel | None = None) -> None:
        self.model = model or SimonModel()
        m = self.model
        self.p0 = float_slider(m.p0, 0.01, 0.90, 0.01, "p0", "Response rate not worth pursuing")
        self.p1 = float_slider(m.p1, 0.02, 0.95, 0.01, "p1", "Response rate worth pursuing (> p0)")
        self.alpha = float_slider(
            m.alpha, 0.01, 0.30, 0.01, "alpha", "Chance of calling a p0 drug promising"
        )
        self.beta = float_slider(
            m.beta, 0.05, 0.50, 0.01, "beta", "Chance of missing a p1 drug (power = 1 - beta)"
        )
        self._table = pd.DataFrame()
        self._sim = pd.DataFrame()
        self._designs: dict = {}
        super().__init__(
            [self.p0, self.p1, self.alpha, self.beta], description="Simon two-stage designer"
        )
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.p0, m.p1, m.alpha, m.beta = (
            self.p0.value,
            self.p1.value,
            self.alpha.value,
            self.beta.value,
        )
        self._designs = m.designs()
        self._table = m.table()
        self._sim = m.simulated()

    def draw(self, fig: Figure) -> None:
        ax = fig.add_subplot()
        grid = np.linspace(0.0, min(1.0, self.model.p1 + 0.3), 61)
        for i, (c, d) in enumerate(self._designs.items()):
            oc = d.operating_characteristics(grid)
            colour = ["#0072B2", "#E69F00"][i]
            ax.plot(
                oc["p"],
                oc["prob_reject_null"],
                label=f"{c}: P(promising)",
                color=colour,
                linestyle="-",
                linewidth=2,
            )
            ax.plot(
                oc["p"],
                oc["pet"],
                label=f"{c}: P(stop early)",
                color=colour,
                linestyle=[":", "-."][i],
                linewidth=2,
            )
        for value, name in ((self.model.p0, "p0"), (self.model.p1, "p1")):
            ax.axvline(value, color="grey", linestyle=":", linewidth=1)
            ax.annotate(name, xy=(value, 1.02), xycoords=("data", "axes fraction"), ha="center")
        ax.set_xlabel("True response rate")
        ax.set_ylabel("Probability")
        ax.set_ylim(0, 1)
        ax.legend(loc="center right", fontsize=8)

    def table_html(self) -> str:
        sim = self._sim.copy()
        for c in ("exact", "simulated", "mc_se"):
            sim[c] = sim[c].map("{:.3f}".format)
        return (
            self._table.to_html(index=False)
            + "<p>Simulated trials vs exact figures</p>"
            + sim.to_html(index=False)
        )


# --------------------------------------------------------------------------- sample size


@dataclass
class SampleSizeModel:
    """Patients per arm to tell response rate ``p1`` from ``p2`` (two-sided test)."""

    p1: float = 0.15
    p2: float = 0.20
    alpha: float = 0.05
    power: float = 0.80
    method: str = "normal"

    def n_per_arm(self) -> int:
        from il2kit.design import sample_size_two_rates

        return sample_size_two_rates(
            self.p1, self.p2, alpha=self.alpha, power=self.power, method=self.method
        )

    def curve(self) -> pd.DataFrame:
        """n per arm against p2 (p1 fixed). Within 0.03 of p1 the n is left NaN (thousands of
        patients), which also breaks the drawn line there instead of bridging it."""
        grid, ns = _sample_size_curve(self.p1, self.alpha, self.power, self.method)
        return pd.DataFrame({"p2": grid, "n_per_arm": ns})


@lru_cache(maxsize=64)
def _sample_size_curve(
    p1: float, alpha: float, power: float, method: str
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Cached: moving the p2 slider redraws the same curve (about 45 root-findings)."""
    from il2kit.design import sample_size_two_rates

    grid = np.round(np.arange(0.02, 0.96, 0.02), 2)
    ns = [
        float(sample_size_two_rates(p1, float(p), alpha=alpha, power=power, method=method))
        if abs(p - p1) >= 0.03 - 1e-9
        else np.nan
        for p in grid
    ]
    return tuple(grid.tolist()), tuple(ns)


class SampleSizePlanner(FigureView):
    """Sliders for the two response rates, alpha and power; patients per arm, and how fast the
    number grows as the difference shrinks."""

    def __init__(self, model: SampleSizeModel | None = None) -> None:
        self.model = model or SampleSizeModel()
        m = self.model
        self.p1 = float_slider(m.p1, 0.01, 0.95, 0.01, "p1", "Response rate in the control arm")
        self.p2 = float_slider(m.p2, 0.01, 0.95, 0.01, "p2", "Response rate in the new arm")
        self.alpha = float_slider(m.alpha, 0.01, 0.20, 0.01, "alpha", "Two-sided type I error")
        self.power = float_slider(
            m.power, 0.50, 0.99, 0.01, "power", "Chance of detecting p1 vs p2"
        )
        self.method = labelled(
            w.Dropdown(
                options=[
                    ("Normal approximation (power.prop.test)", "normal"),
                    ("Arcsine / Cohen's h (pwr.2p.test)", "arcsine"),
                ],
                value=m.method,
                description="Method",
            ),
            "Two standard formulas; they differ slightly by design",
        )
        self.answer = w.HTML()
        self._n = 0
        super().__init__(
            [self.p1, self.p2, self.alpha, self.power, self.method, self.answer],
            description="Sample-size planner",
        )
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.p1, m.p2, m.alpha = self.p1.value, self.p2.value, self.alpha.value
        m.power, m.method = self.power.value, self.method.value
        self._n = m.n_per_arm()
        self.answer.value = (
            f"<b>{self._n:,} patients per arm</b> ({2 * self._n:,} in all) to "
            f"tell {m.p1:.0%} from {m.p2:.0%}."
        )

    def draw(self, fig: Figure) -> None:
        ax = fig.add_subplot()
        curve = self.model.curve()
        ax.plot(curve["p2"], curve["n_per_arm"], color="#0072B2", linewidth=2)
        ax.scatter(
            [self.model.p2],
            [self._n],
            color="#D55E00",
            zorder=3,
            s=50,
            label=f"p2 = {self.model.p2:.2f}: n = {self._n:,} per arm",
        )
        ax.axvline(self.model.p1, color="grey", linestyle=":")
        ax.set_yscale("log")
        ax.set_xlabel("Response rate in the new arm (p2)")
        ax.set_ylabel("Patients per arm (log scale)")
        ax.legend(loc="upper right")


# --------------------------------------------------------------------------- sampling


@dataclass
class SamplerModel:
    """Many single-arm trials of ``n`` patients at a true response rate."""

    true_rate: float = 0.15
    n: int = 40
    threshold: float = 0.20
    n_trials: int = 5000
    seed: int = 1

    def trials(self) -> pd.DataFrame:
        from il2kit.simulate import simulate_single_arm

        return simulate_single_arm(
            self.true_rate, self.n, n_trials=self.n_trials, threshold=self.threshold, rng=self.seed
        )

    def summary(self) -> dict:
        t = self.trials()
        return {
            "share_at_or_above_threshold": float(t["above_threshold"].mean()),
            "coverage": float(t["covers"].mean()),
            "middle_95": tuple(np.quantile(t["observed_rate"], [0.025, 0.975])),
        }


class RateSampler(FigureView):
    """True rate and n -> the spread of observed response rates, and how often the exact 95%
    CI covers the truth."""

    def __init__(self, model: SamplerModel | None = None) -> None:
        self.model = model or SamplerModel()
        m = self.model
        self.true_rate = float_slider(
            m.true_rate, 0.01, 0.90, 0.01, "True rate", "The response rate the treatment really has"
        )
        self.n = labelled(
            w.IntSlider(
                value=m.n, min=5, max=500, step=5, description="Patients", continuous_update=False
            ),
            "Patients per trial",
        )
        self.threshold = float_slider(
            m.threshold,
            0.01,
            0.95,
            0.01,
            "Threshold",
            "The rate a trial must reach to look 'promising'",
        )
        self._trials = pd.DataFrame()
        super().__init__(
            [self.true_rate, self.n, self.threshold],
            description="How much does a response rate vary?",
        )
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.true_rate, m.n, m.threshold = self.true_rate.value, self.n.value, self.threshold.value
        self._trials = m.trials()

    def notes(self) -> list[str]:
        covers = float(self._trials["covers"].mean())
        return [
            f"Exact 95% CIs covered the true rate in {covers:.1%} of "
            f"{len(self._trials):,} simulated trials."
        ]

    def draw(self, fig: Figure) -> None:
        from il2kit.plotting import plot_sampling_distribution

        ax = fig.add_subplot()
        plot_sampling_distribution(
            self._trials["observed_rate"],
            true_rate=self.model.true_rate,
            threshold=self.model.threshold,
            ax=ax,
            bins=np.arange(-0.5, self.model.n + 1.5) / self.model.n,
        )


# --------------------------------------------------------------------------- shrinkage


@dataclass
class ShrinkageModel:
    """Pick the best-looking of ``k`` regimens in phase II, then test it in phase III."""

    k: int = 4
    true_rate: float = 0.15
    n_phase2: int = 40
    n_phase3: int = 200
    n_trials: int = 4000
    seed: int = 3

    def trials(self) -> pd.DataFrame:
        from il2kit.simulate import simulate_pick_the_winner

        return simulate_pick_the_winner(
            [self.true_rate] * self.k,
            self.n_phase2,
            self.n_phase3,
            n_trials=self.n_trials,
            rng=self.seed,
        )


class ShrinkageSimulator(FigureView):
    """How much a phase II 'winner' shrinks in phase III when all regimens are equally good."""

    def __init__(self, model: ShrinkageModel | None = None) -> None:
        self.model = model or ShrinkageModel()
        m = self.model
        self.k = labelled(
            w.IntSlider(value=m.k, min=1, max=10, description="Regimens", continuous_update=False),
            "Regimens tested in phase II",
        )
        self.true_rate = float_slider(
            m.true_rate, 0.01, 0.90, 0.01, "True rate", "Every regimen's real response rate"
        )
        self.n2 = labelled(
            w.IntSlider(
                value=m.n_phase2,
                min=10,
                max=300,
                step=5,
                description="Phase II n",
                continuous_update=False,
            ),
            "Patients per regimen in phase II",
        )
        self._trials = pd.DataFrame()
        super().__init__([self.k, self.true_rate, self.n2], description="Pick the winner")
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.k, m.true_rate, m.n_phase2 = self.k.value, self.true_rate.value, self.n2.value
        self._trials = m.trials()

    def notes(self) -> list[str]:
        t = self._trials
        return [
            f"Winner's phase II rate averaged {t['phase2_rate'].mean():.1%}; in phase III "
            f"{t['phase3_rate'].mean():.1%} (true rate {self.model.true_rate:.0%})."
        ]

    def draw(self, fig: Figure) -> None:
        ax = fig.add_subplot()
        t = self._trials
        top = min(1.0, float(t[["phase2_rate", "phase3_rate"]].to_numpy().max()) + 0.05)
        bins = np.linspace(0, top, 40).tolist()
        ax.hist(t["phase2_rate"], bins=bins, alpha=0.6, color="#E69F00", label="winner, phase II")
        ax.hist(
            t["phase3_rate"], bins=bins, alpha=0.6, color="#0072B2", label="same regimen, phase III"
        )
        ax.axvline(self.model.true_rate, color="black", linewidth=2, label="true rate")
        ax.set_xlabel("Observed response rate")
        ax.set_ylabel("Simulated programmes")
        ax.legend(loc="upper right")
