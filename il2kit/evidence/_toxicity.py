"""Toxicity and treatment deaths, gathered from arms and toxicity rows."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from il2kit._validation import check_key
from il2kit.evidence._arms import label_studies


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


_ROUTE_NAMES = {"iv_bolus": "IV bolus", "civ": "CIV", "sc": "SC"}
# Readable names of the death rows a study splits (row id without the study and "deaths_").
_ROW_NAMES = {
    "all": "whole series",
    "last5y": "last 5 years",
    "rcc": "RCC",
    "final809": "final 809",
}
_LEVEL_NAMES = {"high": "HD ", "low": "LD "}


def regimen_short_name(regimen: str, regimens: pd.DataFrame | None = None) -> str:
    """An IL-2 regimen by dose level and route ("HD IV bolus", "SC", "CIV"), to tell one
    source's arms apart in a label (a regimen without an IL-2 route: its ``label``);
    ``regimens`` is ``load_regimens()`` indexed by key.

    Examples
    --------
    >>> from il2kit.evidence import regimen_short_name
    >>> regimen_short_name("hd_il2_iv_bolus"), regimen_short_name("civ_il2")
    ('HD IV bolus', 'CIV')
    """
    if regimens is None:
        from il2kit.data import load_regimens

        regimens = load_regimens().set_index("regimen")
    route = _ROUTE_NAMES.get(str(regimens.loc[regimen, "il2_route"]))
    if route is None:
        return str(regimens.loc[regimen, "label"])
    return _LEVEL_NAMES.get(str(regimens.loc[regimen, "il2_dose_level"]), "") + route


def source_label(study: str) -> str:
    """A source's readable name: first author and year ("Atkins 1999"), or the label's edition.

    Examples
    --------
    >>> from il2kit.evidence import source_label
    >>> source_label("atkins1999"), source_label("proleukin_label_older")
    ('Atkins 1999', 'Proleukin label, older edition')
    """
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
        series = source_label(str(study))
        if rows.loc[rows["study"] == study, "regimen"].nunique() > 1:
            series += ", " + regimen_short_name(str(reg), regimens)
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
    patients, each once within its study: a row repeating another row of its study (the same
    deaths of the same patients, e.g. atkins1999 in trials.csv and in toxicity.csv) is dropped,
    and so are a study's rows that add up to another of its rows (proclaim's per-disease arms,
    whose zero is derived from the printed total). ``label`` adds the row's own name where a
    study keeps several rows (rosenberg1994's whole series and its last five years).

    Series of *different* papers can share patients, so the rows are not independent:
    ``same_cohort_as`` names the study whose patients a row's study re-counts, in whole or in
    part, as recorded in ``trials.csv`` (yang1994 is the interim report of yang2003); the older
    label's melanoma row and atkins1999 count the same 270 approval-trial patients (the label's
    tables are those trials), which no column of the data links.

    Columns: those of :func:`treatment_deaths`, ``same_cohort_as``, and ``events``, ``n``,
    ``rate``, ``ci_low``, ``ci_high`` (exact Clopper-Pearson limits,
    :func:`il2kit.response_rates`), ready for :func:`il2kit.plotting.plot_forest`.

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
    from il2kit.data import load_trials
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
        lambda study: source_label(study) if study.startswith("proleukin_label") else None
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
    trials = load_trials()
    links = trials.dropna(subset=["same_cohort_as"]).drop_duplicates("study")
    cohort = links.set_index("study")["same_cohort_as"].astype(str)
    deaths["same_cohort_as"] = deaths["study"].map(cohort).astype("string")
    rates = response_rates(
        deaths["deaths"].astype(int).to_numpy(),
        deaths["patients"].astype(int).to_numpy(),
        confidence_level=confidence_level,
    )
    rates.index = deaths.index
    out = deaths.join(rates.rename(columns={"responders": "events"}))
    return out.reset_index(drop=True)
