# The public API of il2kit, in one place: il2kit/__init__.py loads these names lazily.
# (Imports here are re-exports: ruff's unused-import rule is off for this file.)
from . import (
    analysis_sets,
    compare,
    course,
    cox,
    data,
    design,
    dosing,
    evidence,
    exercises,
    meta,
    models,
    multiplicity,
    nnt,
    noninferiority,
    plotting,
    rates,
    sequential,
    sequential_sim,
    simulate,
    survival,
    widgets,
)
from .analysis_sets import analysis_set_rates, compare_analysis_sets
from .compare import RateComparison, compare_rates
from .cox import CoxResult, cox_regression, hazard_ratio
from .data import (
    DataValidationError,
    cite,
    load_dose_schedules,
    load_effects,
    load_quotes,
    load_regimens,
    load_sources,
    load_statements,
    load_timeline,
    load_toxicity,
    load_trials,
    published_after_review,
    published_doses,
    usable_arms,
)
from .design import (
    InfeasibleDesignError,
    SimonDesign,
    power_two_rates,
    sample_size_two_rates,
    simon_design,
    simon_designs,
)
from .exercises import check, evaluate
from .meta import PooledEstimate, pool_odds_ratios, pool_rates
from .multiplicity import adjust_pvalues, familywise_error_rate
from .nnt import NumberNeededToTreat, number_needed_to_treat
from .noninferiority import noninferiority_sample_size, noninferiority_test
from .rates import ResponseRate, response_rate, response_rates
from .sequential import GroupSequentialDesign, group_sequential_design
from .survival import KaplanMeier, LogRankResult, kaplan_meier, logrank

__version__: str
