"""Figures for the kit.

Every function follows one contract: ``plot_x(data, *, ax=None, **kwargs) -> Axes``. It draws on
``ax`` (or pyplot's current Axes), never calls ``plt.show()``, lets the caller's keyword
arguments win, and returns the Axes. Two kinds:

- figures of tables (``plot_forest``, ``plot_response_rates``, ``plot_survival``, ...), for
  the notebooks;
- one ``plot_<kind>_result(result, *, ax)`` per result of :mod:`il2kit.models`, the figure a
  widget shows; :func:`plot_result` picks the right one.

Colours come from the Okabe-Ito palette by role (``PALETTE``); see :mod:`._style`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.axes import Axes

from il2kit.plotting._style import (
    CYCLE,
    KIT_STYLE,
    MARKERS,
    OKABE_ITO,
    PALETTE,
    kit_style,
    percent_axis,
    regimen_style,
    use_kit_style,
)
from il2kit.plotting.analysis import plot_analysis_sets, plot_familywise_error
from il2kit.plotting.appraisal import ROB_STYLES, plot_grade, plot_risk_of_bias
from il2kit.plotting.clinical import (
    GRADE_STYLES,
    plot_dose_result,
    plot_dose_schedules,
    plot_paired_outcomes,
    plot_review_timeline,
    plot_scorecard,
    plot_timeline,
    plot_toxicity,
    plot_toxicity_result,
    plot_toxicity_side_by_side,
)
from il2kit.plotting.design import (
    plot_estimate_distributions,
    plot_operating_characteristics,
    plot_power_curve,
    plot_sample_size_result,
    plot_shrinkage_result,
    plot_simon_result,
    plot_simulated_vs_exact,
)
from il2kit.plotting.forest import FOREST_SCALES, forest_height, plot_comparer_result, plot_forest
from il2kit.plotting.noninferiority import (
    DECISION_ROLES,
    plot_noninferiority,
    plot_sample_sizes_by_margin,
)
from il2kit.plotting.rates import (
    plot_arm_values,
    plot_binomial_null,
    plot_coverage,
    plot_cumulative_pool,
    plot_funnel,
    plot_publication_bias,
    plot_response_rates,
    plot_sampling_distribution,
    plot_sampling_result,
)
from il2kit.plotting.sequential import plot_boundaries, plot_stopping_estimates
from il2kit.plotting.survival import plot_kaplan_meier, plot_surrogate_result, plot_survival

__all__ = [
    "CYCLE",
    "DECISION_ROLES",
    "FOREST_SCALES",
    "GRADE_STYLES",
    "KIT_STYLE",
    "MARKERS",
    "OKABE_ITO",
    "PALETTE",
    "ROB_STYLES",
    "forest_height",
    "kit_style",
    "percent_axis",
    "plot_arm_values",
    "plot_comparer_result",
    "plot_cumulative_pool",
    "plot_dose_result",
    "plot_dose_schedules",
    "plot_analysis_sets",
    "plot_boundaries",
    "plot_familywise_error",
    "plot_forest",
    "plot_funnel",
    "plot_kaplan_meier",
    "plot_grade",
    "plot_noninferiority",
    "plot_operating_characteristics",
    "plot_paired_outcomes",
    "plot_publication_bias",
    "plot_response_rates",
    "plot_result",
    "plot_review_timeline",
    "plot_risk_of_bias",
    "plot_sample_sizes_by_margin",
    "plot_sample_size_result",
    "plot_sampling_distribution",
    "plot_sampling_result",
    "plot_scorecard",
    "plot_shrinkage_result",
    "plot_simon_result",
    "plot_stopping_estimates",
    "plot_surrogate_result",
    "plot_survival",
    "plot_timeline",
    "plot_toxicity",
    "plot_toxicity_result",
    "plot_toxicity_side_by_side",
    "regimen_style",
    "use_kit_style",
    # lessons 08-10
    "plot_binomial_null",
    "plot_coverage",
    "plot_estimate_distributions",
    "plot_simulated_vs_exact",
    "plot_power_curve",
]

# result class name -> its plotting function (names, so this module imports no models)
RESULT_PLOTTERS: dict[str, Callable[..., Axes]] = {
    "ComparerResult": plot_comparer_result,
    "ToxicityResult": plot_toxicity_result,
    "ScheduleDose": plot_dose_result,
    "SimonResult": plot_simon_result,
    "SampleSizeResult": plot_sample_size_result,
    "SamplingResult": plot_sampling_result,
    "ShrinkageResult": plot_shrinkage_result,
    "SurrogateResult": plot_surrogate_result,
}


def plot_result(result: Any, *, ax: Axes | None = None) -> Axes:
    """Draw any result of :mod:`il2kit.models` with its own function."""
    name = type(result).__name__
    if name not in RESULT_PLOTTERS:
        raise TypeError(f"`result` must be one of {sorted(RESULT_PLOTTERS)}, got {name}.")
    return RESULT_PLOTTERS[name](result, ax=ax)
