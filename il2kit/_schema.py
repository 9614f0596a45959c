"""The evidence data set's schema: files, columns, kinds and vocabularies.

One declarative table drives validation (``il2kit.data``), typing at load time and the data
dictionary in ``data/README.md`` (a test checks that every column here is documented there).
"""

from __future__ import annotations

from dataclasses import dataclass

DISEASES = ("rcc", "melanoma")
DESIGNS = (
    "phase2",
    "pooled_phase2",
    "randomized_phase2",
    "randomized_phase3",
    "series",
    "registry",
    "meta_analysis",
)
REGIMEN_CATEGORIES = (
    "il2_alone",
    "il2_ifn",
    "il2_chemo",
    "il2_ifn_chemo",
    "biochemotherapy",
    "ifn_alone",
    "chemotherapy",
    "hormonal",
    "targeted",
    "other",
)
DOSE_LEVELS = ("high", "intermediate", "low", "none", "mixed")
ROUTES = ("iv_bolus", "civ", "sc", "none", "mixed")
SETTINGS = ("inpatient_icu", "inpatient", "outpatient", "mixed")
ORGAN_SYSTEMS = (
    "cardiovascular",
    "pulmonary",
    "renal",
    "hepatic",
    "gastrointestinal",
    "neurologic",
    "hematologic",
    "dermatologic",
    "endocrine",
    "infectious",
    "constitutional",
    "metabolic",
    "musculoskeletal",
    "ocular",
    "other",
    "multiple",
)
READ_FROM = ("pubmed", "pmc", "journal", "label", "other")
YES_NO = ("yes", "no")
# What a source says about whether a toxicity resolves: "yes" (reversible, no exception stated),
# "usually" ("generally", "most", "usually but not invariably"), "not_always" (the source reports
# permanent or irreversible cases), "no" (the source says it does not resolve).
REVERSIBILITY = ("yes", "usually", "not_always", "no")
# What n / patients_with_event / percent of a toxicity row count.
DENOMINATORS = ("patients", "courses")
# Topics of statements.csv.
STATEMENT_TOPICS = (
    "boxed_warning",
    "cls_what",
    "cls_presentation",
    "cls_management",
    "corticosteroids",
    "patient_selection",
    "infection",
    "neurologic",
    "thyroid",
    "reversibility",
    "toxicity_trend",
    # beyond toxicity: what the lessons state about the era, each in a source's own words
    "response_predictors",
    "trial_conduct",
    # lesson 18: where IL-2 stands now (targeted agents, checkpoint inhibitors, lifileucel)
    "il2_today",
    # the standard of care of 2002 the review's findings were set against (lessons 00-03)
    "standard_of_care",
    "durability",  # how long responses lasted, in a source's own words (lesson 11)
)
# The kind of page a statement was read on (how close its words are to the label itself).
STATEMENT_DOCUMENTS = (
    "current_label",
    "older_label",
    "label_monograph",
    "manufacturer_page",
    "publication",
    "publication_text",
    "regulatory_notice",
)
TIMELINE_CATEGORIES = ("approval", "trial", "review")
TIMELINE_DISEASES = ("rcc", "melanoma", "both")
QUOTE_TABLES = ("trials", "toxicity", "effects", "dose_schedules", "statements")
# effects.csv: what a printed comparative result measures, and on which endpoint.
ENDPOINTS = (
    "orr",
    "cr",
    "pr",
    "os",
    "pfs",
    "ttp",
    "efs",
    "response_duration",
    "cr_durability",
)
MEASURES = ("hazard_ratio", "odds_ratio", "pvalue_only", "heterogeneity", "statement_only")
RATIO_MEASURES = ("hazard_ratio", "odds_ratio")
# dose_schedules.csv: IL-2 dose units (per kg of body weight, per m2 of body surface, flat).
DOSE_UNITS = ("IU/kg", "MIU/m2", "MIU")
DOSE_ROUTES = ("iv_bolus", "civ", "sc")
# The one licensed IL-2 dose (US prescribing information): regimen, unit, dose, route.
LICENSED_DOSE = ("hd_il2_iv_bolus", "IU/kg", 600000.0, "iv_bolus")
# The review's publication month (Dutcher JP, Oncology 2002 Nov; PMID 12469934).
REVIEW_PUBLISHED = "2002-11"


@dataclass(frozen=True)
class Column:
    """One column: its name, kind and (for ``choice``) allowed values.

    Kinds: ``key`` (snake_case identifier), ``text``, ``count`` (integer >= 0),
    ``number`` (real >= 0), ``percent`` (real in [0, 100]), ``pvalue`` (real in [0, 1]),
    ``year``, ``pmid`` (digits), ``choice`` (one of ``choices``), ``regimen`` / ``study`` (a key
    defined in regimens.csv / sources.csv), ``statement`` (a key defined in statements.csv),
    ``date`` (YYYY, YYYY-MM or YYYY-MM-DD), ``fields`` (space-separated names of this file's
    figure columns).
    """

    name: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()


def _c(name: str, kind: str, required: bool = False, choices: tuple[str, ...] = ()) -> Column:
    return Column(name, kind, required, choices)


TRIALS = (
    _c("study", "study", True),
    _c("arm", "key", True),
    _c("disease", "choice", True, DISEASES),
    _c("design", "choice", True, DESIGNS),
    _c("regimen", "regimen", True),
    _c("year", "year", True),
    _c("n_entered", "count"),
    _c("n", "count"),
    _c("cr", "count"),
    _c("pr", "count"),
    _c("responders", "count"),
    _c("orr_pct", "percent"),
    _c("cr_pct", "percent"),
    _c("median_response_months", "number"),
    _c("median_os_months", "number"),
    _c("median_pfs_months", "number"),
    _c("os_other", "text"),
    _c("treatment_deaths", "count"),
    _c("treatment_deaths_pct", "percent"),
    _c("derived", "fields"),
    _c("conflict", "fields"),
    _c("same_cohort_as", "study"),
    _c("pmid", "pmid"),
    _c("doi", "text"),
    _c("note", "text"),
)

REGIMENS = (
    _c("regimen", "key", True),
    _c("label", "text", True),
    _c("category", "choice", True, REGIMEN_CATEGORIES),
    _c("il2_dose_level", "choice", False, DOSE_LEVELS),
    _c("il2_route", "choice", False, ROUTES),
    _c("drugs", "text", True),
    _c("dose", "text"),
    _c("schedule", "text"),
    _c("setting", "choice", False, SETTINGS),
    _c("source_study", "study"),
    _c("quote", "text"),
)

TOXICITY = (
    _c("row_id", "key", True),
    _c("study", "study", True),
    _c("regimen", "regimen", True),
    _c("population", "text", True),
    _c("organ_system", "choice", True, ORGAN_SYSTEMS),
    _c("event", "text", True),
    _c("source_category", "text"),
    _c("grade", "text"),
    _c("denominator", "choice", True, DENOMINATORS),
    _c("n", "count"),
    _c("patients_with_event", "count"),
    _c("percent", "percent"),
    _c("reversible", "choice", False, REVERSIBILITY),
    _c("reversible_ref", "statement"),
    _c("derived", "fields"),
    _c("note", "text"),
)

STATEMENTS = (
    _c("key", "key", True),
    _c("topic", "choice", True, STATEMENT_TOPICS),
    _c("statement", "text", True),
    _c("source", "study", True),
    _c("document", "choice", True, STATEMENT_DOCUMENTS),
    _c("section", "text"),
    _c("url_read", "text", True),
    _c("figure", "number"),
    _c("figure_unit", "text"),
    _c("note", "text"),
)

TIMELINE = (
    _c("event_id", "key", True),
    _c("date", "date", True),
    _c("event", "text", True),
    _c("disease", "choice", True, TIMELINE_DISEASES),
    _c("category", "choice", True, TIMELINE_CATEGORIES),
    _c("source", "text", True),
    _c("quote", "text", True),
    _c("url_read", "text", True),
)

SOURCES = (
    _c("study", "key", True),
    _c("authors", "text", True),
    _c("year", "year", True),
    _c("published", "date", True),
    _c("title", "text"),
    _c("journal", "text", True),
    _c("pmid", "pmid"),
    _c("doi", "text"),
    _c("url_read", "text"),
    _c("read_from", "choice", False, READ_FROM),
    _c("readable", "choice", True, YES_NO),
    _c("notes", "text"),
)

QUOTES = (
    _c("study", "study", True),
    _c("table", "choice", True, QUOTE_TABLES),
    _c("row_key", "key", True),
    _c("field", "key", True),
    _c("value", "number", True),
    _c("printed", "text", True),
    _c("quote", "text", True),
)

EFFECTS = (
    _c("effect_id", "key", True),
    _c("study", "study", True),
    _c("comparison", "text", True),
    _c("arm_a", "key"),
    _c("arm_b", "key"),
    _c("endpoint", "choice", True, ENDPOINTS),
    _c("measure", "choice", True, MEASURES),
    _c("estimate", "number"),
    _c("ci_low", "number"),
    _c("ci_high", "number"),
    _c("ci_level", "percent"),
    _c("pvalue", "pvalue"),
    _c("pvalue_printed", "text"),
    _c("test", "text"),
    _c("direction", "text"),
    _c("subgroup", "text"),
    _c("statement", "text", True),
    _c("derived", "fields"),
    _c("note", "text"),
)

DOSE_SCHEDULES = (
    _c("schedule", "key", True),
    _c("regimen", "regimen", True),
    _c("study", "study", True),
    _c("step", "text", True),
    _c("dose", "number", True),
    _c("unit", "choice", True, DOSE_UNITS),
    _c("route", "choice", True, DOSE_ROUTES),
    _c("interval", "text"),
    _c("max_doses_per_cycle", "count"),
    _c("max_doses_per_course", "count"),
    _c("cycles_per_course", "count"),
    _c("rest_between_cycles", "text"),
    _c("licensed", "choice", True, YES_NO),
    _c("derived", "fields"),
    _c("note", "text"),
)

FILES: dict[str, tuple[Column, ...]] = {
    "sources.csv": SOURCES,
    "regimens.csv": REGIMENS,
    "trials.csv": TRIALS,
    "toxicity.csv": TOXICITY,
    "timeline.csv": TIMELINE,
    "effects.csv": EFFECTS,
    "dose_schedules.csv": DOSE_SCHEDULES,
    "quotes.csv": QUOTES,
    "statements.csv": STATEMENTS,
}

# The row key of each file (unique within the file).
ROW_KEYS: dict[str, tuple[str, ...]] = {
    "sources.csv": ("study",),
    "regimens.csv": ("regimen",),
    "trials.csv": ("study", "arm"),
    "toxicity.csv": ("row_id",),
    "timeline.csv": ("event_id",),
    "effects.csv": ("effect_id",),
    "dose_schedules.csv": ("schedule",),
    "quotes.csv": ("study", "table", "row_key", "field"),
    "statements.csv": ("key",),
}

# Figure columns: each non-empty value needs a quote unless listed in the row's `derived`.
FIGURES: dict[str, tuple[str, ...]] = {
    "trials.csv": tuple(c.name for c in TRIALS if c.kind in ("count", "number", "percent")),
    "toxicity.csv": ("n", "patients_with_event", "percent"),
    "effects.csv": ("estimate", "ci_low", "ci_high", "ci_level", "pvalue"),
    "dose_schedules.csv": (
        "dose",
        "max_doses_per_cycle",
        "max_doses_per_course",
        "cycles_per_course",
    ),
    "statements.csv": ("figure",),
}

# Files whose figures are quoted in quotes.csv:
# file -> (quotes.csv `table`, row-key column, study column).
QUOTED: dict[str, tuple[str, str, str]] = {
    "trials.csv": ("trials", "arm", "study"),
    "toxicity.csv": ("toxicity", "row_id", "study"),
    "effects.csv": ("effects", "effect_id", "study"),
    "dose_schedules.csv": ("dose_schedules", "schedule", "study"),
    "statements.csv": ("statements", "key", "source"),
}
