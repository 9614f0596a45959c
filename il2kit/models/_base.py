"""What every interactive model shares: declared input limits and their check.

A model is a plain dataclass of inputs with ``compute() -> Result``. Its ``LIMITS`` say what each
numeric input accepts; :meth:`Model.check` enforces them and the widgets build their sliders from
the same table, so a slider can never offer a value the model refuses.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from il2kit._validation import check_int_range, check_number_in_range


@dataclasses.dataclass(frozen=True)
class Limit:
    """The accepted range of one numeric input, and the step a control moves by."""

    low: float
    high: float
    step: float
    integer: bool = False


class Model:
    """Mixin for the models: ``LIMITS`` and a check of every limited field."""

    LIMITS: ClassVar[dict[str, Limit]] = {}

    def check(self) -> None:
        """Raise ValueError/TypeError naming the first input outside its limits."""
        for name, limit in self.LIMITS.items():
            value: Any = getattr(self, name)
            if limit.integer:
                check_int_range(name, value, int(limit.low), int(limit.high))
            else:
                check_number_in_range(name, value, limit.low, limit.high)

    def replace(self, **changes: Any) -> Any:
        """A copy with some inputs changed (models are dataclasses)."""
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]
