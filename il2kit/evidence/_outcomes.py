"""Printed outcomes of the randomized trials: before or after the review, response beside
survival, odds ratios, printed p-values and hazard ratios."""

from __future__ import annotations

import pandas as pd

from il2kit._validation import check_frame_columns, check_key
from il2kit.evidence._arms import il2_versus_control, label_studies


def before_after_review(studies) -> pd.DataFrame:
    """Each study with its publication date and whether it came after the review.

    ``after_review`` is :func:`il2kit.data.published_after_review` (the printed publication
    date, never the year alone: eton2002 and ridolfi2002 share the review's year but came
    months before it). Duplicate keys are dropped; the order of ``studies`` is kept.

    Columns: ``study``, ``label`` (first author and year), ``published`` (a datetime: the first
    day of the printed period), ``after_review`` (bool), ``pmid``.

    Raises
    ------
    TypeError
        If a key is not a string.
    KeyError
        If a key is not in ``sources.csv``.

    Examples
    --------
    >>> from il2kit.evidence import before_after_review
    >>> dated = before_after_review(["eton2002", "yang2003"])
    >>> dated[["label", "after_review"]].values.tolist()
    [['Eton 2002', False], ['Yang 2003', True]]
    """
    from il2kit.data import load_sources, published_after_review

    keys = list(dict.fromkeys(studies))
    after = [published_after_review(k) for k in keys]  # validates every key first
    sources = load_sources().set_index("study")
    out = pd.DataFrame(
        {
            "study": keys,
            "year": [int(sources.loc[k, "year"]) for k in keys],
            "published": [sources.loc[k, "published"] for k in keys],
            "after_review": after,
            "pmid": [sources.loc[k, "pmid"] for k in keys],
        }
    )
    out.insert(1, "label", label_studies(out).to_numpy() if len(out) else [])
    return out.drop(columns="year")


def paired_outcomes(disease: str) -> pd.DataFrame:
    """The IL-2 arm against its control in each randomized trial of ``disease``, with what each
    arm printed for response and survival, the gains, and whether it came after the review.

    The pairs of :func:`il2_versus_control` (one IL-2 arm, one arm without IL-2), plus
    ``treatment_a`` / ``treatment_b`` (regimen labels), ``orr_pct_a`` / ``orr_pct_b`` (the
    printed overall response rates, percent), ``orr_gain_points`` (a minus b, percentage
    points), ``os_gain_months`` (median overall survival, a minus b, months, as printed),
    ``published`` and ``after_review`` (:func:`before_after_review`). A gain is empty where
    either arm printed no value. Ordered by publication date.

    Examples
    --------
    >>> from il2kit.evidence import paired_outcomes
    >>> pairs = paired_outcomes("melanoma").set_index("study")
    >>> float(pairs.loc["eton2002", "orr_gain_points"]), bool(pairs.loc["eton2002", "after_review"])
    (23.0, False)
    """
    from il2kit.data import load_regimens, load_trials

    pairs = il2_versus_control(disease)
    trials = load_trials().set_index(["study", "arm"])
    regimens = load_regimens().set_index("regimen")["label"].astype(str)
    for side in ("a", "b"):
        rows = trials.loc[list(zip(pairs["study"], pairs[f"arm_{side}"], strict=True))]
        pairs[f"treatment_{side}"] = rows["regimen"].astype(str).map(regimens).to_numpy()
        pairs[f"orr_pct_{side}"] = rows["orr_pct"].to_numpy()
    pairs["orr_gain_points"] = (pairs["orr_pct_a"] - pairs["orr_pct_b"]).round(1)
    pairs["os_gain_months"] = (pairs["median_os_a"] - pairs["median_os_b"]).round(1)
    dated = before_after_review(pairs["study"]).set_index("study")
    pairs["published"] = pairs["study"].map(dated["published"])
    pairs["after_review"] = pairs["study"].map(dated["after_review"]).astype(bool)
    return pairs.sort_values("published", kind="stable", ignore_index=True)


def odds_ratio_table(pairs: pd.DataFrame, *, confidence_level: float = 0.95) -> pd.DataFrame:
    """The odds ratio of response, arm ``a`` against arm ``b``, of each pair with counts.

    ``pairs`` has the columns of :func:`il2_versus_control` (``study``, ``label``,
    ``responders_a``, ``n_a``, ``responders_b``, ``n_b``); pairs without all four counts are
    left out. Each odds ratio and its Woolf interval come from :func:`il2kit.compare_rates`.
    Columns: ``study``, ``label``, the four counts, ``odds_ratio``, ``ci_low``, ``ci_high``
    (``plot_forest`` draws its ``rate`` column: pass ``.rename(columns={"odds_ratio": "rate"})``).

    Examples
    --------
    >>> from il2kit.evidence import il2_versus_control, odds_ratio_table
    >>> table = odds_ratio_table(il2_versus_control("melanoma")).set_index("study")
    >>> round(float(table.loc["eton2002", "odds_ratio"]), 2)
    2.81
    """
    from il2kit.compare import compare_rates

    counts = ["responders_a", "n_a", "responders_b", "n_b"]
    check_frame_columns("pairs", pairs, ("study", "label", *counts))
    counted = pairs.dropna(subset=counts)
    rows = []
    for row in counted.itertuples():
        c = compare_rates(
            int(row.responders_a),
            int(row.n_a),
            int(row.responders_b),
            int(row.n_b),
            confidence_level=confidence_level,
        )
        rows.append((c.odds_ratio, c.or_ci_low, c.or_ci_high))
    out = counted[["study", "label", *counts]].astype({c: int for c in counts})
    values = pd.DataFrame(rows, columns=["odds_ratio", "ci_low", "ci_high"], index=out.index)
    return out.join(values).reset_index(drop=True)


def printed_results(
    studies: list[str], *, endpoints: tuple[str, ...] = ("orr", "os")
) -> pd.DataFrame:
    """What each comparative study printed for each endpoint, and whether it came after the review.

    Reads the whole-trial rows of ``effects.csv`` (no subgroup, no test of heterogeneity); when a
    study has several for one endpoint, the first is taken.

    Parameters
    ----------
    studies : list of str
        Study keys with rows in ``effects.csv``, in the order wanted.
    endpoints : tuple of str, default ("orr", "os")
        Endpoints of ``effects.csv`` (``orr``, ``os``, ``pfs``, ...).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``study``: ``after_review`` (:func:`il2kit.data.published_after_review`), then
        for each endpoint ``<endpoint>_pvalue_printed`` (the p-value exactly as printed, as in
        ``effects.csv``'s ``pvalue_printed``; empty where the
        abstract gives only a sentence, or nothing) and ``<endpoint>_statement`` (the verbatim
        sentence).

    Raises
    ------
    TypeError, ValueError
        For a study or endpoint that is not a key of ``effects.csv`` (the message lists them).

    Examples
    --------
    >>> from il2kit.evidence import printed_results
    >>> table = printed_results(["eton2002", "atkins2008"])
    >>> table[["after_review", "orr_pvalue_printed", "os_pvalue_printed"]]
                after_review orr_pvalue_printed os_pvalue_printed
    study
    eton2002           False            P =.001            P =.06
    atkins2008          True           P = .140              <NA>
    """
    from il2kit.data import load_effects, published_after_review

    effects = load_effects()
    if isinstance(studies, str) or not isinstance(studies, (list, tuple)):
        raise TypeError(f"`studies` must be a list of study keys, got {studies!r}.")
    known = sorted(set(effects["study"].astype(str)))
    for study in studies:
        check_key("studies", study, known)
    for endpoint in endpoints:
        check_key("endpoints", endpoint, sorted(set(effects["endpoint"].astype(str))))
    whole = effects[effects["subgroup"].isna() & (effects["measure"] != "heterogeneity")]
    out = pd.DataFrame(index=pd.Index(list(studies), name="study"))
    out["after_review"] = [published_after_review(s) for s in studies]
    for endpoint in endpoints:
        rows = whole[whole["endpoint"] == endpoint].drop_duplicates("study").set_index("study")
        out[f"{endpoint}_pvalue_printed"] = (
            rows["pvalue_printed"].reindex(out.index).astype("string")
        )
        out[f"{endpoint}_statement"] = rows["statement"].reindex(out.index).astype("string")
    return out


#: How a hazard ratio's endpoint is written in a row label, and its median column in trials.csv.
_HR_ENDPOINTS = {"os": ("OS", "median_os_months"), "pfs": ("PFS", "median_pfs_months")}


def printed_hazard_ratios() -> pd.DataFrame:
    """Every hazard ratio the sources print (``effects.csv``), with both arms' printed medians.

    Columns: ``effect_id``, ``study``, ``label`` (author and year), ``row_label`` (label and
    endpoint, plus the comparison or the test where one study prints several ratios for one
    endpoint), ``comparison``, ``endpoint``, ``estimate``, ``ci_low``, ``ci_high``,
    ``pvalue`` (a number, empty where printed only as an inequality), ``pvalue_printed``,
    ``test``, ``direction`` (which arm did better, only where the source says so), ``note``,
    and ``median_a``, ``median_b``: the endpoint's median (months) printed
    for ``arm_a`` and ``arm_b`` in ``trials.csv`` (empty where a study has no per-arm rows,
    e.g. the factorial margins of negrier2007). The order is that of ``effects.csv``.

    Examples
    --------
    >>> from il2kit.evidence import printed_hazard_ratios
    >>> hrs = printed_hazard_ratios()
    >>> hrs.loc[hrs["study"] == "motzer2007", ["row_label", "estimate", "median_a", "median_b"]]
                 row_label  estimate  median_a  median_b
    2  Motzer 2007, PFS      0.42      11.0       5.0
    """
    from il2kit.data import load_effects, load_sources, load_trials

    effects = load_effects()
    hrs = effects[effects["measure"] == "hazard_ratio"].reset_index(drop=True)
    years = load_sources().set_index("study")["year"]
    hrs.insert(2, "year", hrs["study"].map(years))
    label = label_studies(hrs)
    name = hrs["endpoint"].astype(str).map(lambda e: _HR_ENDPOINTS.get(e, (e.upper(), ""))[0])
    shared = hrs.duplicated(["study", "endpoint"], keep=False)
    comparisons = hrs["comparison"].str.split(" (", regex=False).str[0]
    tests = hrs["test"].fillna("").str.split(" (", regex=False).str[0]
    varies = hrs.groupby(["study", "endpoint"], observed=True)["comparison"].transform("nunique")
    detail = comparisons.where(varies > 1, tests)
    row_label = (label + ", " + name).where(~shared, label + ", " + name + ", " + detail)
    trials = load_trials().set_index(["study", "arm"])

    def median(study: str, arm: object, endpoint: str) -> object:
        column = _HR_ENDPOINTS.get(endpoint, ("", ""))[1]
        if pd.isna(arm) or not column or (study, arm) not in trials.index:
            return pd.NA
        return trials.loc[(study, arm), column]

    out = pd.DataFrame(
        {
            "effect_id": hrs["effect_id"],
            "study": hrs["study"],
            "label": label,
            "row_label": row_label,
            "comparison": hrs["comparison"],
            "endpoint": hrs["endpoint"].astype(str),
            "estimate": hrs["estimate"],
            "ci_low": hrs["ci_low"],
            "ci_high": hrs["ci_high"],
            "pvalue": hrs["pvalue"],
            "pvalue_printed": hrs["pvalue_printed"],
            "test": hrs["test"],
            "direction": hrs["direction"],
            "note": hrs["note"],
        }
    )
    for side in ("a", "b"):
        values = [
            median(str(r.study), getattr(r, f"arm_{side}"), str(r.endpoint))
            for r in hrs.itertuples()
        ]
        out[f"median_{side}"] = pd.array(values, dtype="Float64")
    return out
