"""The models behind the widgets: plain inputs, ``compute() -> Result``, no display code.

Each model is a dataclass of inputs; ``compute()`` checks them (a ValueError or TypeError names the
input and what is allowed) and returns a frozen result with ``to_frame()`` and a readable
``str()``. :mod:`il2kit.plotting` draws each result; :mod:`il2kit.widgets` wires controls to a
model. Use a model directly to get a widget's numbers without a display::

    >>> from il2kit.models import SampleSizeModel
    >>> SampleSizeModel(rate_a=0.15, rate_b=0.30).compute().n_per_arm
    121
"""

from il2kit.models._base import Limit
from il2kit.models.comparer import ComparerModel, ComparerResult
from il2kit.models.dose import DoseModel
from il2kit.models.sample_size import SampleSizeModel, SampleSizeResult
from il2kit.models.sampling import SamplingModel, SamplingResult
from il2kit.models.shrinkage import ShrinkageModel, ShrinkageResult
from il2kit.models.simon import SimonModel, SimonResult
from il2kit.models.surrogate import SurrogateModel, SurrogateResult
from il2kit.models.toxicity import ToxicityModel, ToxicityResult

__all__ = [
    "ComparerModel",
    "DoseModel",
    "Limit",
    "ComparerResult",
    "SampleSizeModel",
    "SampleSizeResult",
    "SamplingModel",
    "SamplingResult",
    "ShrinkageModel",
    "ShrinkageResult",
    "SimonModel",
    "SimonResult",
    "SurrogateModel",
    "SurrogateResult",
    "ToxicityModel",
    "ToxicityResult",
]
