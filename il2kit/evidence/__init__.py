"""Questions the notebooks ask of the evidence data set, answered once here.

Each function reads the validated data (:mod:`il2kit.data`) and returns a tidy DataFrame or a
result object, so a lesson's code cell says *what* it asks ("the arms of these regimens with
their exact CIs", "the IL-2 arm against its control in each randomized trial") rather than how
to filter and join the tables.

By what is asked: trial arms (``_arms``), the sources' own words (``_statements``), toxicity
and treatment deaths (``_toxicity``), the printed outcomes of the randomized trials
(``_outcomes``).
"""

from il2kit.evidence._arms import (
    RANDOMIZED,
    arm_rates,
    compare_arm_pairs,
    compare_arms,
    il2_versus_control,
    label_studies,
    regimen_flags,
)
from il2kit.evidence._outcomes import (
    before_after_review,
    odds_ratio_table,
    paired_outcomes,
    printed_hazard_ratios,
    printed_results,
)
from il2kit.evidence._statements import DOCUMENT_NAMES, Statements, quote, statements
from il2kit.evidence._toxicity import (
    death_rates,
    regimen_short_name,
    source_label,
    toxicity_by_system,
    treatment_deaths,
)

__all__ = [
    "DOCUMENT_NAMES",
    "RANDOMIZED",
    "Statements",
    "arm_rates",
    "before_after_review",
    "compare_arm_pairs",
    "compare_arms",
    "death_rates",
    "il2_versus_control",
    "label_studies",
    "odds_ratio_table",
    "paired_outcomes",
    "printed_hazard_ratios",
    "printed_results",
    "quote",
    "regimen_flags",
    "regimen_short_name",
    "source_label",
    "statements",
    "toxicity_by_system",
    "treatment_deaths",
]
