"""il2kit: a teaching kit on interleukin-2 therapy for metastatic RCC and melanoma.

Public names are re-exported here explicitly and imported lazily on first use, so that
``import il2kit`` stays light (no scipy, matplotlib or ipywidgets until they are needed).

The kit is historical and educational; it is not medical advice.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # data.py: the evidence data set
    "load_trials": "data",
    "load_regimens": "data",
    "load_toxicity": "data",
    "load_timeline": "data",
    "load_sources": "data",
    "load_quotes": "data",
    "cite": "data",
    "DataValidationError": "data",
    # rates.py, compare.py, meta.py
    "response_rate": "rates",
    "response_rates": "rates",
    "ResponseRate": "rates",
    "compare_rates": "compare",
    "RateComparison": "compare",
    "pool_rates": "meta",
    "pool_odds_ratios": "meta",
    "PooledEstimate": "meta",
    # design.py
    "simon_design": "design",
    "simon_designs": "design",
    "SimonDesign": "design",
    "InfeasibleDesignError": "design",
    "sample_size_two_rates": "design",
    "power_two_rates": "design",
    # survival.py
    "kaplan_meier": "survival",
    "KaplanMeier": "survival",
    "logrank": "survival",
    "LogRankResult": "survival",
}

__all__ = [*_EXPORTS, "simulate", "plotting", "widgets", "__version__"]

_SUBMODULES = {
    "simulate",
    "plotting",
    "widgets",
    "data",
    "rates",
    "compare",
    "meta",
    "design",
    "survival",
    "dosing",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"il2kit.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value  # cache: the next access skips __getattr__
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"il2kit.{name}")
    raise AttributeError(f"module 'il2kit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # static checkers and IDEs see the real names
    from il2kit.compare import RateComparison, compare_rates
    from il2kit.data import (
        DataValidationError,
        cite,
        load_quotes,
        load_regimens,
        load_sources,
        load_timeline,
        load_toxicity,
        load_trials,
    )
    from il2kit.design import (
        InfeasibleDesignError,
        SimonDesign,
        power_two_rates,
        sample_size_two_rates,
        simon_design,
        simon_designs,
    )
    from il2kit.meta import PooledEstimate, pool_odds_ratios, pool_rates
    from il2kit.rates import ResponseRate, response_rate, response_rates
    from il2kit.survival import KaplanMeier, LogRankResult, kaplan_meier, logrank
