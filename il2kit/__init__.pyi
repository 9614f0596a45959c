# The public API of il2kit, in one place: il2kit/__init__.py loads these names lazily (SPEC 1).
# "x as x" marks each name as re-exported for type checkers.
from . import (
    analysis_sets as analysis_sets,
)
from . import (
    appraisal as appraisal,
)
from . import (
    compare as compare,
)
from . import (
    course as course,
)
from . import (
    cox as cox,
)
from . import (
    data as data,
)
from . import (
    design as design,
)
from . import (
    dosing as dosing,
)
from . import (
    evidence as evidence,
)
from . import (
    exercises as exercises,
)
from . import (
    meta as meta,
)
from . import (
    models as models,
)
from . import (
    multiplicity as multiplicity,
)
from . import (
    nnt as nnt,
)
from . import (
    noninferiority as noninferiority,
)
from . import (
    plotting as plotting,
)
from . import (
    rates as rates,
)
from . import (
    scorecard as scorecard,
)
from . import (
    sequential as sequential,
)
from . import (
    sequential_sim as sequential_sim,
)
from . import (
    simulate as simulate,
)
from . import (
    survival as survival,
)
from . import (
    widgets as widgets,
)
from .analysis_sets import (
    analysis_set_rates as analysis_set_rates,
)
from .analysis_sets import (
    compare_analysis_sets as compare_analysis_sets,
)
from .compare import (
    RateComparison as RateComparison,
)
from .compare import (
    compare_rates as compare_rates,
)
from .cox import (
    CoxResult as CoxResult,
)
from .cox import (
    cox_regression as cox_regression,
)
from .cox import (
    hazard_ratio as hazard_ratio,
)
from .data import (
    DataValidationError as DataValidationError,
)
from .data import (
    cite as cite,
)
from .data import (
    load_dose_schedules as load_dose_schedules,
)
from .data import (
    load_effects as load_effects,
)
from .data import (
    load_quotes as load_quotes,
)
from .data import (
    load_regimens as load_regimens,
)
from .data import (
    load_sources as load_sources,
)
from .data import (
    load_statements as load_statements,
)
from .data import (
    load_timeline as load_timeline,
)
from .data import (
    load_toxicity as load_toxicity,
)
from .data import (
    load_trials as load_trials,
)
from .data import (
    published_after_review as published_after_review,
)
from .data import (
    published_doses as published_doses,
)
from .data import (
    references as references,
)
from .data import (
    usable_arms as usable_arms,
)
from .design import (
    InfeasibleDesignError as InfeasibleDesignError,
)
from .design import (
    SimonDesign as SimonDesign,
)
from .design import (
    power_two_rates as power_two_rates,
)
from .design import (
    sample_size_two_rates as sample_size_two_rates,
)
from .design import (
    simon_design as simon_design,
)
from .design import (
    simon_designs as simon_designs,
)
from .exercises import (
    check as check,
)
from .exercises import (
    evaluate as evaluate,
)
from .meta import (
    PooledEstimate as PooledEstimate,
)
from .meta import (
    PredictionInterval as PredictionInterval,
)
from .meta import (
    pool_odds_ratios as pool_odds_ratios,
)
from .meta import (
    pool_rates as pool_rates,
)
from .multiplicity import (
    adjust_pvalues as adjust_pvalues,
)
from .multiplicity import (
    familywise_error_rate as familywise_error_rate,
)
from .nnt import (
    NumberNeededToTreat as NumberNeededToTreat,
)
from .nnt import (
    number_needed_to_treat as number_needed_to_treat,
)
from .noninferiority import (
    noninferiority_sample_size as noninferiority_sample_size,
)
from .noninferiority import (
    noninferiority_test as noninferiority_test,
)
from .rates import (
    ResponseRate as ResponseRate,
)
from .rates import (
    response_rate as response_rate,
)
from .rates import (
    response_rates as response_rates,
)
from .sequential import (
    GroupSequentialDesign as GroupSequentialDesign,
)
from .sequential import (
    group_sequential_design as group_sequential_design,
)
from .survival import (
    KaplanMeier as KaplanMeier,
)
from .survival import (
    LogRankResult as LogRankResult,
)
from .survival import (
    kaplan_meier as kaplan_meier,
)
from .survival import (
    logrank as logrank,
)

__version__: str
