"""Trial arms: readable labels, rates with exact CIs, two-arm comparisons, IL-2 against control."""

from __future__ import annotations

import pandas as pd

from il2kit._validation import check_frame_columns, check_key

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


def compare_arm_pairs(
    pairs: list[tuple[str, str, str]], *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Several two-arm comparisons of response, one row each (arm ``a`` minus arm ``b``).

    Each pair ``(study, arm_a, arm_b)`` is compared with :func:`compare_arms`; the rows hold
    what a table of comparisons shows and what :func:`il2kit.plotting.plot_forest` draws on its
    ``"difference"`` scale once ``risk_difference`` is named ``rate``.

    Parameters
    ----------
    pairs : list of (str, str, str)
        ``(study, arm_a, arm_b)`` with arm keys of ``trials.csv``; both arms need counts.
    confidence_level : float, default 0.95

    Returns
    -------
    DataFrame
        ``label`` ("Atkins 1993: hd_il2_ifn vs hd_il2"), ``study``, ``arm_a``, ``arm_b``,
        ``regimen_a``, ``regimen_b``, ``responders_a``, ``n_a``, ``responders_b``, ``n_b``,
        ``risk_difference``, ``ci_low``, ``ci_high`` (Newcombe interval of the difference),
        ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``fisher_pvalue``; one row per pair, in
        the order given.

    Notes
    -----
    The numbers are those of :func:`il2kit.compare_rates` (checked there against R's
    ``prop.test``/``fisher.test`` and Newcombe's published examples); this function only reads
    the counts and names the rows. ``tests/test_evidence.py`` recomputes a row by hand.

    Examples
    --------
    >>> from il2kit.evidence import compare_arm_pairs
    >>> d = compare_arm_pairs([("mcdermott2005", "hd_il2", "sc_il2_ifn")])
    >>> d["label"].tolist()
    ['McDermott 2005: hd_il2 vs sc_il2_ifn']
    >>> d.loc[0, ["responders_a", "n_a", "responders_b", "n_b"]].tolist()
    [22, 95, 9, 91]
    >>> round(float(d["risk_difference"].iloc[0]), 3)
    0.133
    """
    from il2kit.data import load_trials

    if isinstance(pairs, (str, tuple)) or not hasattr(pairs, "__iter__"):
        raise TypeError(f"`pairs` must be a list of (study, arm_a, arm_b) tuples, got {pairs!r}.")
    pairs = list(pairs)
    if not pairs:
        raise ValueError("Invalid pairs=[]: give at least one (study, arm_a, arm_b).")
    trials = load_trials().set_index(["study", "arm"])
    rows = []
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 3:
            raise ValueError(
                f"Invalid pair {pair!r}: each pair must be a tuple (study, arm_a, arm_b)."
            )
        study, arm_a, arm_b = pair
        c = compare_arms(study, arm_a, arm_b, confidence_level=confidence_level)
        rows.append(
            {
                "study": study,
                "arm_a": arm_a,
                "arm_b": arm_b,
                "year": int(trials.loc[(study, arm_a), "year"]),
                "regimen_a": str(trials.loc[(study, arm_a), "regimen"]),
                "regimen_b": str(trials.loc[(study, arm_b), "regimen"]),
                "responders_a": c.responders_a,
                "n_a": c.n_a,
                "responders_b": c.responders_b,
                "n_b": c.n_b,
                "risk_difference": c.risk_difference,
                "ci_low": c.rd_ci_low,
                "ci_high": c.rd_ci_high,
                "odds_ratio": c.odds_ratio,
                "or_ci_low": c.or_ci_low,
                "or_ci_high": c.or_ci_high,
                "fisher_pvalue": c.fisher_pvalue,
            }
        )
    out = pd.DataFrame(rows)
    label = label_studies(out) + ": " + out["arm_a"] + " vs " + out["arm_b"]
    out.insert(0, "label", label)
    return out.drop(columns="year")
