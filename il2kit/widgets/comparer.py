"""RegimenComparer: response rates of IL-2 regimens, arm by arm and pooled per regimen."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import ipywidgets as w
import pandas as pd
from matplotlib.figure import Figure

from il2kit.widgets._view import FigureView, labelled

DESIGN_FILTERS = {
    "all": (
        "phase2",
        "pooled_phase2",
        "series",
        "registry",
        "randomized_phase2",
        "randomized_phase3",
    ),
    "phase2": ("phase2", "pooled_phase2", "series", "registry"),
    "randomized": ("randomized_phase2", "randomized_phase3"),
}
ARM_COLUMNS = [
    "study",
    "arm",
    "regimen",
    "year",
    "design",
    "pmid",
    "responders",
    "n",
    "rate",
    "ci_low",
    "ci_high",
    "label",
]
# The regimens preselected when a disease is chosen: the comparisons its lesson is about
# (finding 3 for RCC: IL-2 alone by dose and route; finding 5 for melanoma: HD IL-2 and
# biochemotherapy).
DEFAULT_CATEGORIES = {"rcc": ("il2_alone",), "melanoma": ("il2_alone", "biochemotherapy")}
ENDPOINTS = {"orr": ("responders", "Overall response rate"), "cr": ("cr", "Complete response rate")}


@dataclass
class ComparerModel:
    """What to compare; :meth:`arms` and :meth:`pooled` compute from the data and the library.

    ``regimens`` empty means "none chosen" (the view shows a message, not an empty plot).
    Arms that re-count a cohort published elsewhere (``same_cohort_as`` set) are left out, so
    no patient is counted twice in a pooled estimate.
    """

    disease: str = "rcc"
    regimens: tuple[str, ...] = ()
    endpoint: str = "orr"
    designs: str = "all"
    years: tuple[int, int] = (1985, 2015)
    confidence_level: float = 0.95
    messages: list[str] = field(default_factory=list)

    def regimen_options(self) -> list[tuple[str, str]]:
        """(label, key) of each regimen with at least one arm in this disease."""
        from il2kit.data import load_regimens, load_trials

        trials = load_trials()
        used = set(trials.loc[trials["disease"] == self.disease, "regimen"].astype(str))
        regimens = load_regimens()
        return [(r.label, r.regimen) for r in regimens.itertuples() if r.regimen in used]

    def default_regimens(self) -> tuple[str, ...]:
        """The regimens of ``DEFAULT_CATEGORIES`` for this disease."""
        from il2kit.data import load_regimens

        regimens = load_regimens()
        wanted = regimens["category"].isin(DEFAULT_CATEGORIES.get(self.disease, ("il2_alone",)))
        chosen = set(regimens.loc[wanted, "regimen"])
        return tuple(k for _, k in self.regimen_options() if k in chosen)

    def _validate(self) -> None:
        from il2kit._validation import check_choice
        from il2kit.data import DISEASES

        check_choice("disease", self.disease, DISEASES)
        check_choice("endpoint", self.endpoint, ENDPOINTS)
        check_choice("designs", self.designs, DESIGN_FILTERS)
        low, high = self.years
        if low > high:
            raise ValueError(
                f"Invalid years={self.years}; the first year must not be after the last."
            )

    def arms(self) -> pd.DataFrame:
        """Selected arms with ``label, study, arm, regimen, year, design, responders, n, rate,
        ci_low, ci_high, pmid`` (responders = the endpoint's count: CR+PR or CR)."""
        from il2kit.data import load_trials
        from il2kit.rates import response_rates

        self._validate()
        self.messages = []
        if not self.regimens:
            self.messages.append("No regimen chosen: pick at least one regimen.")
            return pd.DataFrame(columns=ARM_COLUMNS)
        count_col, _ = ENDPOINTS[self.endpoint]
        t = load_trials()
        t = t[
            (t["disease"] == self.disease)
            & t["regimen"].isin(self.regimens)
            & t["design"].isin(DESIGN_FILTERS[self.designs])
            & t["year"].between(*self.years)
            & t["same_cohort_as"].isna()
        ]
        usable = t.dropna(subset=[count_col, "n"])
        usable = usable[usable["n"] > 0]
        missing = len(t) - len(usable)
        if missing:
            what = "CR counts" if self.endpoint == "cr" else "response counts"
            self.messages.append(f"{missing} selected arm(s) left out: the source gives no {what}.")
        if usable.empty:
            self.messages.append("No arm matches this selection: widen the years or designs.")
            return pd.DataFrame(columns=ARM_COLUMNS)
        rates = response_rates(
            usable[count_col].astype(int).to_numpy(),
            usable["n"].astype(int).to_numpy(),
            confidence_level=self.confidence_level,
        )
        out = usable[["study", "arm", "regimen", "year", "design", "pmid"]].reset_index(drop=True)
        out["study"] = out["study"].astype(str)
        out["regimen"] = out["regimen"].astype(str)
        out["design"] = out["design"].astype(str)
        out = pd.concat([out, rates.reset_index(drop=True)], axis=1)
        out["label"] = out["study"] + " · " + out["arm"]
        zero = out[out["responders"] == 0]
        if len(zero):
            self.messages.append(
                f"{len(zero)} arm(s) with no responders: the exact CI still has an upper limit."
            )
        return out.sort_values(["regimen", "year", "study"], ignore_index=True)

    def pooled(self, arms: pd.DataFrame | None = None) -> pd.DataFrame:
        """Random-effects (DerSimonian-Laird, logit) pooled rate per regimen with >= 2 arms:
        ``label (regimen), k, estimate, ci_low, ci_high, i2, tau2``."""
        from il2kit.meta import pool_rates

        arms = self.arms() if arms is None else arms
        rows = []
        for regimen, g in arms.groupby("regimen", sort=False) if len(arms) else []:
            if len(g) < 2:
                self.messages.append(f"{regimen}: one arm only, shown without a pooled estimate.")
                continue
            p = pool_rates(
                g["responders"].to_numpy(),
                g["n"].to_numpy(),
                method="DL",
                scale="logit",
                confidence_level=self.confidence_level,
            )
            rows.append(
                {
                    "label": regimen,
                    "k": len(g),
                    "estimate": p.estimate,
                    "ci_low": p.ci_low,
                    "ci_high": p.ci_high,
                    "i2": p.i2,
                    "tau2": p.tau2,
                }
            )
        return pd.DataFrame(
            rows, columns=["label", "k", "estimate", "ci_low", "ci_high", "i2", "tau2"]
        )


class RegimenComparer(FigureView):
    """Choose disease, regimens, endpoint, design and years; see a forest plot with exact CIs,
    a pooled estimate per regimen with I², and a table of the arms with their PMIDs."""

    def __init__(self, model: ComparerModel | None = None) -> None:
        self.model = model or ComparerModel()
        if not self.model.regimens:
            self.model.regimens = self.model.default_regimens()
        m = self.model
        self.disease = labelled(
            w.Dropdown(
                options=[("Renal cell carcinoma", "rcc"), ("Melanoma", "melanoma")],
                value=m.disease,
                description="Disease",
            ),
            "Which disease's trials to show",
        )
        self.regimens = labelled(
            w.SelectMultiple(
                options=m.regimen_options(),
                value=m.regimens,
                rows=8,
                description="Regimens",
                layout=w.Layout(width="640px"),
            ),
            "Ctrl/Cmd-click to choose several regimens",
        )
        self.endpoint = labelled(
            w.Dropdown(
                options=[("Overall response (CR+PR)", "orr"), ("Complete response", "cr")],
                value=m.endpoint,
                description="Endpoint",
            ),
            "Overall response rate or complete response rate",
        )
        self.designs = labelled(
            w.Dropdown(
                options=[
                    ("All designs", "all"),
                    ("Single-arm / phase II", "phase2"),
                    ("Randomized", "randomized"),
                ],
                value=m.designs,
                description="Design",
            ),
            "Keep single-arm studies, randomized trials, or both",
        )
        self.years = labelled(
            w.IntRangeSlider(
                value=m.years, min=1985, max=2015, description="Years", continuous_update=False
            ),
            "Publication years to include",
        )
        self._arms = pd.DataFrame()
        self._pooled = pd.DataFrame()
        super().__init__(
            [self.disease, self.regimens, self.endpoint, self.designs, self.years],
            description="Regimen comparer",
        )
        self.disease.unobserve(self._on_change, names="value")
        self.disease.observe(self._on_disease, names="value")
        self.refresh()

    def _on_disease(self, change: dict) -> None:
        """New disease: offer its regimens, preselect its IL-2-alone ones, redraw once."""
        self.regimens.unobserve(self._on_change, names="value")
        try:
            self.model.disease = change["new"]
            self.regimens.value = ()
            self.regimens.options = self.model.regimen_options()
            self.regimens.value = self.model.default_regimens()
        except Exception as exc:  # never a traceback in the widget
            self.show_error(exc)
            return
        finally:
            self.regimens.observe(self._on_change, names="value")
        self.refresh()

    def update_model(self) -> None:
        m = self.model
        m.disease, m.regimens = self.disease.value, tuple(self.regimens.value)
        m.endpoint, m.designs, m.years = self.endpoint.value, self.designs.value, self.years.value
        self._arms = m.arms()
        self._pooled = m.pooled(self._arms)

    def notes(self) -> list[str]:
        return list(self.model.messages)

    def draw(self, fig: Figure) -> None:
        from il2kit.plotting import plot_forest

        ax = fig.add_subplot()
        if self._arms.empty:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "Nothing to show: see the message above.", ha="center")
            return
        rows = len(self._arms) + len(self._pooled) + self._arms["regimen"].nunique()
        fig.set_size_inches(8, max(3.0, 0.32 * rows + 1.2))
        plot_forest(
            self._arms,
            pooled=self._pooled,
            group="regimen",
            ax=ax,
            xlabel=f"{ENDPOINTS[self.model.endpoint][1]} (exact 95% CI)",
        )
        ax.set_xlim(0, min(1.0, max(0.5, float(self._arms["ci_high"].max()) + 0.05)))

    def table_html(self) -> str:
        if self._arms.empty:
            return ""
        t = self._arms[
            [
                "study",
                "arm",
                "regimen",
                "year",
                "responders",
                "n",
                "rate",
                "ci_low",
                "ci_high",
                "pmid",
            ]
        ].copy()
        for c in ("rate", "ci_low", "ci_high"):
            t[c] = (100 * t[c]).map("{:.1f}%".format)
        pooled = ""
        if len(self._pooled):
            p = self._pooled.copy()
            for c in ("estimate", "ci_low", "ci_high"):
                p[c] = (100 * p[c]).map("{:.1f}%".format)
            p["i2"] = p["i2"].map("{:.0f}%".format)
            pooled = "<p><b>Pooled (random effects)</b></p>" + p.drop(columns="tau2").to_html(
                index=False, escape=True
            )
        return f"<p><b>Arms</b> ({html.escape(str(len(t)))})</p>" + t.to_html(index=False) + pooled
