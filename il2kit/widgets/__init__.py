"""Interactive widgets (ipywidgets): one :class:`ResultView` wiring controls to a model of
:mod:`il2kit.models` and drawing its result with :mod:`il2kit.plotting`.

Importing this package imports ipywidgets and matplotlib; ``import il2kit`` alone does not.
"""

from il2kit.widgets._view import ResultView
from il2kit.widgets.comparer import RegimenComparer, RegimenPicker
from il2kit.widgets.dose import DoseCalculator
from il2kit.widgets.surrogate import SurrogateSimulator
from il2kit.widgets.toxicity import ToxicityExplorer
from il2kit.widgets.trial_design import (
    RateSampler,
    SampleSizePlanner,
    ShrinkageSimulator,
    SimonDesigner,
)

__all__ = [
    "DoseCalculator",
    "RateSampler",
    "RegimenComparer",
    "RegimenPicker",
    "ResultView",
    "SampleSizePlanner",
    "ShrinkageSimulator",
    "SimonDesigner",
    "SurrogateSimulator",
    "ToxicityExplorer",
]
