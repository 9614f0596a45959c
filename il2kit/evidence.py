"""Questions the notebooks ask of the evidence data set, answered once here.

Each function reads the validated data (:mod:`il2kit.data`) and returns a tidy DataFrame or a
result object, so a lesson's code cell says *what* it asks ("the arms of these regimens with
their exact CIs", "the IL-2 arm against its control in each randomized trial") rather than how
to filter and join the tables.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    "before_after_review",
    "paired_outcomes",
    "odds_ratio_table",
    "Statements",
    "statements",
    "toxicity_by_system",
    "death_rates",
    "compare_arm_pairs",
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


# --- lessons 06-07


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


# --- lessons 00-03 --------------------------------------------------------------------------
# What the first lessons print: the sources' own words on a topic, toxicity by organ system per
# source, and treatment-related death rates with exact intervals.

#: How each kind of page of statements.csv is named when a statement is printed.
DOCUMENT_NAMES = {
    "current_label": "current US label",
    "older_label": "older US label",
    "label_monograph": "older US label, as a drug monograph restates it",
    "manufacturer_page": "manufacturer's page",
    "publication": "abstract",
}


@dataclass(frozen=True)
class Statements:
    """Verbatim statements of ``data/statements.csv`` on some topics, in file order.

    ``str()`` prints each once (two rows holding two figures of one sentence are one statement),
    wrapped, with its source key and the kind of page it was read on; :meth:`to_frame` gives the
    rows with ``published`` and ``after_review`` of the source (see
    :func:`il2kit.published_after_review`).
    """

    topics: tuple[str, ...]
    rows: pd.DataFrame = field(repr=False, compare=False)
    width: int = 100

    def to_frame(self) -> pd.DataFrame:
        return self.rows.reset_index(drop=True)

    def __str__(self) -> str:
        if self.rows.empty:
            return "No statement on " + ", ".join(self.topics) + "."
        lines = []
        for row in self.rows.drop_duplicates("statement").itertuples():
            where = DOCUMENT_NAMES.get(str(row.document), str(row.document))
            lines.append(
                textwrap.fill(
                    f"- {row.source} ({where}): {row.statement}",
                    self.width,
                    subsequent_indent="  ",
                )
            )
        return "\n".join(lines)


def statements(*topics: str, keys: Iterable[str] | None = None, width: int = 100) -> Statements:
    """What the label and the papers say on ``topics`` (``statements.csv``), verbatim.

    Parameters
    ----------
    *topics : str
        Topics of ``statements.csv`` (``il2kit.data.STATEMENT_TOPICS``), e.g. ``"reversibility"``,
        ``"cls_what"``, ``"standard_of_care"``; none: every topic.
    keys : iterable of str, optional
        Keep only these statement keys (in file order).
    width : int
        Line width of ``str()``.

    Examples
    --------
    >>> from il2kit.evidence import statements
    >>> print(statements("reversibility", keys=["atkins1999_reversed_rapidly"]))
    - atkins1999 (abstract): Toxicities, although severe, generally reversed rapidly after therapy
      was completed.
    >>> bool(statements("standard_of_care").to_frame()["after_review"].any())
    False

    Notes
    -----
    The statements are the rows of :func:`il2kit.data.load_statements` (validated: each has its
    source, the page read and, for a figure, a quote in ``quotes.csv``).
    """
    from il2kit._schema import STATEMENT_TOPICS
    from il2kit._validation import check_int_range
    from il2kit.data import load_sources, load_statements

    for topic in topics:
        check_key("topics", topic, STATEMENT_TOPICS)
    table = load_statements()
    if topics:
        table = table[table["topic"].astype(str).isin(topics)]
    if keys is not None:
        wanted = list(keys) if not isinstance(keys, str) else [keys]
        for key in wanted:
            check_key("keys", key, list(table["key"]))
        table = table[table["key"].isin(wanted)]
    sources = load_sources().set_index("study")
    table = table.assign(
        published=table["source"].astype(str).map(sources["published"]),
        after_review=table["source"].astype(str).map(sources["after_review"]).astype("boolean"),
    )
    columns = ["key", "topic", "source", "document", "section", "statement", "published",
               "after_review"]  # fmt: skip
    return Statements(
        topics=tuple(topics) or tuple(STATEMENT_TOPICS),
        rows=table[columns].reset_index(drop=True),
        width=check_int_range("width", width, 40, 400),
    )


_ROUTE_NAMES = {"iv_bolus": "IV bolus", "civ": "CIV", "sc": "SC"}
# Readable names of the death rows a study splits (row id without the study and "deaths_").
_ROW_NAMES = {
    "all": "whole series",
    "last5y": "last 5 years",
    "rcc": "RCC",
    "final809": "final 809",
}
_LEVEL_NAMES = {"high": "HD ", "low": "LD "}


def _source_label(study: str) -> str:
    if study == "proleukin_label_older":
        return "Proleukin label, older edition"
    if study == "proleukin_label":
        return "Proleukin label, 2024"
    from il2kit.data import load_sources

    year = load_sources().set_index("study").loc[study, "year"]
    return str(label_studies(pd.DataFrame({"study": [study], "year": [year]})).iloc[0])


def toxicity_by_system(
    studies: Iterable[str],
    *,
    regimen: str | None = None,
    skip: Iterable[str] = ("multiple", "other"),
) -> pd.DataFrame:
    """The most frequent adverse event of each organ system, per source and regimen.

    One row per (source, regimen, organ system) among the toxicity rows with a printed
    percentage: the event with the highest percentage, its grade (as the source counts it: "any"
    in the older label's table, "3-5" in schwartzentruber2011, "3-4" in geertsen2004) and the
    number of events the source prints for that system. ``series`` names the source, and the
    regimen (route and dose level) when a source has several, with the grade counted, e.g.
    "Geertsen 2004, SC (grade 3-4)", ready for
    :func:`il2kit.plotting.plot_toxicity_side_by_side`.

    Parameters
    ----------
    studies : iterable of str
        Study keys of ``toxicity.csv``.
    regimen : str, optional
        Keep one regimen key.
    skip : iterable of str
        Organ systems left out: by default ``"multiple"`` (deaths, any-toxicity totals) and
        ``"other"`` (hearing, injection site, ...), which are not organ systems.

    Examples
    --------
    >>> from il2kit.evidence import toxicity_by_system
    >>> t = toxicity_by_system(["proleukin_label_older"])
    >>> row = t.set_index("organ_system").loc["cardiovascular"]
    >>> row["event"], float(row["percent"])
    ('hypotension', 71.0)
    >>> t["series"].iloc[0]
    'Proleukin label, older edition (any grade)'

    Notes
    -----
    Only printed percentages are used (a system whose rows print a count but no percentage is
    left out); sources are never pooled. Checked in ``tests/test_evidence.py`` against the rows of
    ``toxicity.csv`` read directly.
    """
    from il2kit._schema import ORGAN_SYSTEMS
    from il2kit.data import load_regimens, load_toxicity

    wanted = [studies] if isinstance(studies, str) else list(studies)
    tox = load_toxicity()
    for study in wanted:
        check_key("studies", study, sorted(set(tox["study"].astype(str))))
    rows = tox[tox["study"].astype(str).isin(wanted) & tox["percent"].notna()]
    if regimen is not None:
        check_key("regimen", regimen, sorted(set(rows["regimen"].astype(str))))
        rows = rows[rows["regimen"].astype(str) == regimen]
    rows = rows[~rows["organ_system"].astype(str).isin(list(skip))]
    regimens = load_regimens().set_index("regimen")
    out = []
    for (study, reg), g in rows.groupby(["study", "regimen"], observed=True, sort=False):
        grades = sorted(set(g["grade"].dropna().astype(str)))
        grade = "any grade" if grades == ["any"] else "grade " + "/".join(grades)
        series = _source_label(str(study))
        if rows.loc[rows["study"] == study, "regimen"].nunique() > 1:
            level = _LEVEL_NAMES.get(str(regimens.loc[reg, "il2_dose_level"]), "")
            series += ", " + level + _ROUTE_NAMES.get(str(regimens.loc[reg, "il2_route"]), reg)
        for system, s in g.groupby("organ_system", observed=True):
            top = s.loc[s["percent"].astype(float).idxmax()]
            out.append({
                "series": f"{series} ({grade})",
                "study": str(study),
                "regimen": str(reg),
                "organ_system": str(system),
                "event": str(top["event"]),
                "grade": top["grade"],
                "percent": float(top["percent"]),
                "n": top["n"],
                "events": len(s),
            })  # fmt: skip
    frame = pd.DataFrame(
        out,
        columns=["series", "study", "regimen", "organ_system", "event", "grade", "percent", "n",
                 "events"],
    )  # fmt: skip
    frame["organ_system"] = pd.Categorical(frame["organ_system"], categories=ORGAN_SYSTEMS)
    return frame.sort_values(["organ_system", "series"], kind="stable", ignore_index=True)


def death_rates(
    regimen: str | None = "hd_il2_iv_bolus", *, confidence_level: float = 0.95
) -> pd.DataFrame:
    """Treatment-related death rates with exact confidence intervals, one row per series.

    The rows of :func:`treatment_deaths` that print both a count of deaths and a number of
    patients, each once: a row repeating another row of its study (the same deaths of the same
    patients, e.g. atkins1999 in trials.csv and in toxicity.csv) is dropped, and so are a study's
    rows that add up to another of its rows (proclaim's per-disease arms, whose zero is derived
    from the printed total). ``label`` adds the row's own name where a study keeps several rows
    (rosenberg1994's whole series and its last five years). Columns: those of
    :func:`treatment_deaths` and ``events``, ``n``, ``rate``, ``ci_low``, ``ci_high`` (exact
    Clopper-Pearson limits, :func:`il2kit.response_rates`), ready for
    :func:`il2kit.plotting.plot_forest`.

    Examples
    --------
    >>> from il2kit.evidence import death_rates
    >>> d = death_rates().set_index("study")
    >>> int(d.loc["klapper2008", "events"]), int(d.loc["klapper2008", "n"])
    (2, 259)
    >>> round(float(d.loc["klapper2008", "ci_high"]), 4)
    0.0276

    Notes
    -----
    The limits are those of :func:`il2kit.response_rates` (validated against R's
    ``binom.test``); ``tests/test_evidence.py`` checks them against scipy's beta quantiles.
    """
    from il2kit.rates import response_rates

    deaths = treatment_deaths(regimen).dropna(subset=["deaths", "patients"])
    deaths = deaths.drop_duplicates(["study", "deaths", "patients"])
    keep = []
    for _, g in deaths.groupby("study", sort=False):
        totals = [
            i for i in g.index
            if len(g) > 2
            and g.loc[i, "deaths"] == g.drop(i)["deaths"].sum()
            and g.loc[i, "patients"] == g.drop(i)["patients"].sum()
        ]  # fmt: skip
        keep += totals or list(g.index)
    deaths = deaths.loc[sorted(keep)].copy()
    labels = deaths["study"].map(
        lambda study: _source_label(study) if study.startswith("proleukin_label") else None
    )
    deaths["label"] = labels.fillna(deaths["label"])
    several = deaths["study"].duplicated(keep=False)
    own = pd.Series(
        [_ROW_NAMES.get(n, n.replace("_", " ")) for n in (
            str(r).removeprefix(f"{s}_").removeprefix("deaths_") for s, r in zip(
                deaths["study"], deaths["row"], strict=True))],
        index=deaths.index,
    )  # fmt: skip
    deaths["label"] = deaths["label"].where(~several, deaths["label"] + " (" + own + ")")
    rates = response_rates(
        deaths["deaths"].astype(int).to_numpy(),
        deaths["patients"].astype(int).to_numpy(),
        confidence_level=confidence_level,
    )
    rates.index = deaths.index
    out = deaths.join(rates.rename(columns={"responders": "events"}))
    return out.reset_index(drop=True)


# --- lessons 02-05


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


# --- lessons 08-10 ---------------------------------------------------------------------------


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
        for each endpoint ``<endpoint>_p`` (the p-value exactly as printed; empty where the
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
    >>> table[["after_review", "orr_p", "os_p"]]
                after_review     orr_p    os_p
    study
    eton2002           False   P =.001  P =.06
    atkins2008          True  P = .140    <NA>
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
        out[f"{endpoint}_p"] = rows["pvalue_printed"].reindex(out.index).astype("string")
        out[f"{endpoint}_statement"] = rows["statement"].reindex(out.index).astype("string")
    return out


__all__ += ["printed_results"]
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
