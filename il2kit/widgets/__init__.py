"""Interactive widgets (ipywidgets). Each has a plain model, tested headless, and a view.

Importing this package imports ipywidgets and matplotlib; ``import il2kit`` alone does not.
"""

from il2kit.widgets.comparer import ComparerModel, RegimenComparer
from il2kit.widgets.dose import DoseCalculator
from il2kit.widgets.surrogate import SurrogateModel, SurrogateSimulator
from il2kit.widgets.toxicity import ToxicityExplorer, ToxicityModel
from il2kit.widgets.trial_design import (
    RateSampler,
    SamplerModel,
    SampleSizeModel,
    SampleSizePlanner,
    ShrinkageModel,
    ShrinkageSimulator,
    SimonDesigner,
    SimonModel,
)

__all__ = [
    "ComparerModel",
    "DoseCalculator",
    "RateSampler",
    "RegimenComparer",
    "SampleSizeModel",
    "SampleSizePlanner",
    "SamplerModel",
    "ShrinkageModel",
    "ShrinkageSimulator",
    "SimonDesigner",
    "SimonModel",
    "SurrogateModel",
    "SurrogateSimulator",
    "ToxicityExplorer",
    "ToxicityModel",
]
