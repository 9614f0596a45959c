"""Questions the notebooks ask of the evidence data set, answered once here.

Each function reads the validated data (:mod:`il2kit.data`) and returns a tidy DataFrame or a
result object, so a lesson's code cell says *what* it asks ("the arms of these regimens with
their exact CIs", "the IL-2 arm against its control in each randomized trial") rather than how
to filter and join the tables.
"""

from __future__ import annotations

import pandas as pd

from il2kit._validation import check_frame_columns, check_key

__all__ = [
    "label_studies",
    "arm_rates",
    "compare_arms",
    "il2_versus_control",
    "regimen_flags",
    "quote",
    "treatment_deaths",
    "printed_hazard_ratios",
]

RANDOMIZED = ("randomized_phase2", "randomized_phase3")


def label_studies(arms: pd.DataFrame) -> pd.Series:
    """Readable labels for arms: the first author's surname and the year ("Fyfe 1995").

    The arm key is added when one study has two arms in the same regimen, and "von der Maase"
    keeps its particle. ``arms`` needs the columns ``study`` and ``year`` (and ``arm``,
    ``regimen`` to tell arms apart).

    Examples
    --------
    >>> import il2kit
    >>> from il2kit.evidence import label_studies
    >>> t = il2kit.load_trials()
    >>> label_studies(t[t["study"].isin(["fyfe1995", "vondermaase1991"])]).tolist()
    ['Fyfe 1995', 'von der Maase 1991']
    """
    from il2kit.data import load_sources

    check_frame_columns("arms", arms, ("study", "year"))
    authors = load_sources().set_index("study")["authors"].astype(str)

    def first_author(study: str) -> str:
        words = authors.get(study, study).split(",")[0].split()  # "von der Maase H"
        return " ".join(words[:-1] if len(words) > 1 and words[-1].isupper() else words)

    label = arms["study"].astype(str).map(first_author) + " " + arms["year"].astype(str)
    if {"arm", "regimen"} <= set(arms.columns):
        twice = arms.duplicated(["study", "regimen"], keep=False)
        label = label.where(~twice, label + " (" + arms["arm"].astype(str) + ")")
    return label


def arm_rates(
    arms: pd.DataFrame, *, endpoint: str = "orr", confidence_level: float = 0.95
) -> pd.DataFrame:
    """Arms usable for a response endpoint, each with its rate and exact CI.

    The arms of :func:`il2kit.data.usable_arms` (counts for the endpoint, ``n > 0``, no re-count
    of another publication's patients), with ``label`` (:func:`label_studies`),
    ``regimen_label`` and the columns of :func:`il2kit.response_rates` (``responders`` holds
    the endpoint's count: CR + PR, or CR alone). The index of ``arms`` is kept.

    Examples
    --------
    >>> import il2kit
    >>> from il2kit.evidence import arm_rates
    >>> t = il2kit.load_trials()
    >>> rates = arm_rates(t[t["study"] == "fyfe1995"])
    >>> rates[["label", "responders", "n"]].to_string(index=False)
    '    label  responders   n\\nFyfe 1995          36 255'
    >>> round(float(rates["ci_high"].iloc[0]), 3)
    0.19
    """
    from il2kit.data import ENDPOINT_COUNTS, load_regimens, usable_arms
    from il2kit.rates import response_rates

    usable = usable_arms(arms, endpoint=endpoint)
    count = ENDPOINT_COUNTS[endpoint]
    columns = [
        c for c in ("study", "arm", "disease", "regimen", "year", "design", "pmid") if c in usable
    ]
    out = usable[columns].copy()
    if len(usable):
        rates = response_rates(
            usable[count].astype(int).to_numpy(),
            usable["n"].astype(int).to_numpy(),
            confidence_level=confidence_level,
        )
        rates.index = usable.index
    else:
        rates = pd.DataFrame(columns=["responders", "n", "rate", "ci_low", "ci_high"])
    out = out.join(rates) if len(usable) else pd.concat([out, rates], axis=1)
    out.insert(0, "label", label_studies(usable) if len(usable) else pd.Series(dtype=str))
    if "regimen" in out:
        labels = load_regimens().set_index("regimen")["label"].astype(str)
        out.insert(1, "regimen_label", out["regimen"].astype(str).map(labels))
    return out


def compare_arms(study: str, arm_a: str, arm_b: str, *, confidence_level: float = 0.95):
    """The response rates of two arms of one study compared (arm ``a`` minus arm ``b``).

    Returns :class:`il2kit.RateComparison`; raises a ValueError naming the arm whose counts the
    source does not give.

    Examples
    --------
    >>> from il2kit.evidence import compare_arms
    >>> c = compare_arms("mcdermott2005", "hd_il2", "sc_il2_ifn")
    >>> (c.responders_a, c.n_a, c.responders_b, c.n_b)
    (22, 95, 9, 91)
    """
    from il2kit.compare import compare_rates
    from il2kit.data import load_trials

    if not isinstance(study, str):
        raise TypeError(f"`study` must be a study key (str), got {study!r}.")
    trials = load_trials()
    rows = trials[trials["study"] == study].set_index("arm")
    check_key("study", study, sorted(set(trials["study"].astype(str))))
    counts = []
    for name, arm in (("arm_a", arm_a), ("arm_b", arm_b)):
        check_key(name, arm, list(rows.index))
        responders, n = rows.loc[arm, "responders"], rows.loc[arm, "n"]
        if pd.isna(responders) or pd.isna(n):
            raise ValueError(
                f"Invalid {name}={arm!r}: {study} prints no responder count and n for this arm."
            )
        counts += [int(responders), int(n)]
    return compare_rates(*counts, confidence_level=confidence_level)


def regimen_flags() -> pd.DataFrame:
    """Each regimen with what it contains: ``has_il2``, ``has_ifn``, ``has_chemo`` (cisplatin,
    dacarbazine, carmustine, vinblastine, vindesine, fluorouracil) and ``il2_alone``.

    Read from the ``drugs`` column of ``regimens.csv``.
    """
    from il2kit.data import load_regimens

    regimens = load_regimens().set_index("regimen")
    drugs = regimens["drugs"].astype(str).str.lower()
    chemo = r"cisplatin|dacarbazine|carmustine|vinblastine|vindesine|fluorouracil|5-fu"
    return pd.DataFrame(
        {
            "label": regimens["label"].astype(str),
            "category": regimens["category"].astype(str),
            "has_il2": drugs.str.contains("interleukin-2"),
            "has_ifn": drugs.str.contains("interferon"),
            "has_chemo": drugs.str.contains(chemo),
            "il2_alone": regimens["category"].astype(str) == "il2_alone",
        }
    )


def il2_versus_control(disease: str, *, endpoint: str = "orr") -> pd.DataFrame:
    """Randomized trials of ``disease`` with exactly one IL-2 arm and one arm without IL-2,
    each as a pair ready for :func:`il2kit.pool_odds_ratios` and :func:`compare_rates`.

    Columns: ``study``, ``label``, ``year``, ``arm_a`` (the IL-2 arm), ``arm_b`` (the control),
    ``responders_a``, ``n_a``, ``responders_b``, ``n_b`` (counts for the endpoint), and
    ``median_os_a``, ``median_os_b`` (months, as printed). Trials whose arms lack counts are
    kept with empty counts, so a lesson can say which could not be pooled.

    Examples
    --------
    >>> from il2kit.evidence import il2_versus_control
    >>> pairs = il2_versus_control("melanoma")
    >>> "eton2002" in set(pairs["study"])
    True
    """
    from il2kit.data import DISEASES, ENDPOINT_COUNTS, load_trials

    check_key("disease", disease, DISEASES)
    check_key("endpoint", endpoint, ENDPOINT_COUNTS)
    count = ENDPOINT_COUNTS[endpoint]
    flags = regimen_flags()
    trials = load_trials()
    trials = trials[
        (trials["disease"] == disease)
        & trials["design"].isin(RANDOMIZED)
        & trials["same_cohort_as"].isna()
    ].copy()
    trials["has_il2"] = trials["regimen"].astype(str).map(flags["has_il2"]).astype(bool)
    rows = []
    for study, g in trials.groupby("study", sort=False, observed=True):
        with_il2, without = g[g["has_il2"]], g[~g["has_il2"]]
        if len(with_il2) != 1 or len(without) != 1:
            continue
        a, b = with_il2.iloc[0], without.iloc[0]
        rows.append(
            {
                "study": str(study),
                "year": int(a["year"]),
                "arm_a": a["arm"],
                "arm_b": b["arm"],
                "responders_a": a[count],
                "n_a": a["n"],
                "responders_b": b[count],
                "n_b": b["n"],
                "median_os_a": a["median_os_months"],
                "median_os_b": b["median_os_months"],
            }
        )
    out = pd.DataFrame(rows)
    if len(out):
        out.insert(1, "label", label_studies(out).to_numpy())
    return out


def quote(study: str, field: str, *, row_key: str | None = None, table: str = "trials") -> str:
    """The verbatim sentence a figure was taken from (``quotes.csv``).

    ``row_key`` is the arm (trials), row id (toxicity), effect id or schedule; it may be left
    out when the study has one row with that field.

    Examples
    --------
    >>> from il2kit.evidence import quote
    >>> quote("fyfe1995", "orr_pct")[:40]
    'The overall objective response rate was '
    """
    from il2kit.data import load_quotes

    quotes = load_quotes()
    check_key("table", table, sorted(set(quotes["table"].astype(str))))
    rows = quotes[(quotes["study"] == study) & (quotes["table"] == table)]
    if rows.empty:
        raise ValueError(f"Invalid study={study!r}: no quote in table {table!r}.")
    check_key("field", field, sorted(set(rows["field"])))
    rows = rows[rows["field"] == field]
    if row_key is not None:
        check_key("row_key", row_key, sorted(set(rows["row_key"])))
        rows = rows[rows["row_key"] == row_key]
    sentences = list(dict.fromkeys(rows["quote"]))
    if len(sentences) > 1:
        raise ValueError(
            f"{study} has {len(sentences)} quotes for {field!r}; give row_key, one of "
            f"{sorted(set(rows['row_key']))}."
        )
    return str(sentences[0])


def treatment_deaths(regimen: str | None = None) -> pd.DataFrame:
    """Treatment-related deaths with their denominators, from arms (``trials.csv``) and from
    toxicity rows whose event is a death, one row per series, by publication year.

    Columns: ``study``, ``label``, ``source`` ("trials" or "toxicity"), ``row`` (arm or row id),
    ``regimen``, ``year``, ``deaths``, ``patients``, ``printed_pct``. ``patients`` is the number
    entered where printed, else the number evaluated; rows without a count keep the printed
    percentage only.
    """
    from il2kit.data import load_sources, load_toxicity, load_trials

    trials = load_trials()
    arms = trials[trials["treatment_deaths"].notna() | trials["treatment_deaths_pct"].notna()]
    from_trials = pd.DataFrame(
        {
            "study": arms["study"].astype(str),
            "source": "trials",
            "row": arms["arm"],
            "regimen": arms["regimen"].astype(str),
            "deaths": arms["treatment_deaths"],
            "patients": arms["n_entered"].fillna(arms["n"]),
            "printed_pct": arms["treatment_deaths_pct"],
        }
    )
    tox = load_toxicity()
    tox = tox[tox["event"].str.contains("death", case=False)]
    from_tox = pd.DataFrame(
        {
            "study": tox["study"].astype(str),
            "source": "toxicity",
            "row": tox["row_id"],
            "regimen": tox["regimen"].astype(str),
            "deaths": tox["patients_with_event"],
            "patients": tox["n"],
            "printed_pct": tox["percent"],
        }
    )
    out = pd.concat([from_trials, from_tox], ignore_index=True)
    if regimen is not None:
        out = out[out["regimen"] == regimen]
    years = load_sources().set_index("study")["year"]
    out.insert(4, "year", out["study"].map(years).astype("Int64"))
    out.insert(1, "label", label_studies(out).to_numpy() if len(out) else [])
    return out.sort_values(["year", "study"], kind="stable", ignore_index=True)


# --- lessons 11-16 -----------------------------------------------------------------------------

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
