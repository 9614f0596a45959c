"""The evidence data set: loading, provenance and validation.

``data/`` in the repository is the single copy of the data; a wheel carries it as
``il2kit/_data``. Every loader validates the files it reads and raises
:class:`DataValidationError` naming the file, the row, the column and the rule broken.

Examples
--------
>>> import il2kit
>>> trials = il2kit.load_trials()
>>> fyfe = trials.set_index(["study", "arm"]).loc[("fyfe1995", "hd_il2")]
>>> int(fyfe["n"]), int(fyfe["cr"]), int(fyfe["pr"])
(255, 12, 24)
>>> il2kit.cite("fyfe1995")[:8]
'Fyfe G, '
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from il2kit import _schema
from il2kit._data_rules import (  # validation lives there; these names are public here
    DataValidationError,
    _load_checked,
    _number_in,  # noqa: F401 (tests read it here)
    data_dir,
    validate_dataset,
)
from il2kit._schema import FILES
from il2kit._validation import check_flag, check_frame_columns, check_key

__all__ = [
    "DataValidationError",
    "data_dir",
    "load_trials",
    "load_regimens",
    "load_toxicity",
    "load_timeline",
    "load_sources",
    "load_quotes",
    "load_effects",
    "load_dose_schedules",
    "load_statements",
    "cite",
    "references",
    "validate_dataset",
    "published_after_review",
    "usable_arms",
    "published_doses",
    "REVIEW_PUBLISHED",
]

# --------------------------------------------------------------------------- typing


def _typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in FILES[name]:
        s = out[col.name]
        if col.kind in ("count", "year"):
            out[col.name] = pd.to_numeric(s.replace("", None)).astype("Int64")
        elif col.kind in ("number", "percent", "pvalue"):
            out[col.name] = pd.to_numeric(s.replace("", None)).astype("Float64")
        elif col.kind == "choice":
            out[col.name] = pd.Categorical(s.replace("", None), categories=list(col.choices))
        elif col.kind == "pmid":
            out[col.name] = s.replace("", None).astype("string")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(s, format="mixed")
        else:
            out[col.name] = s.replace("", None).astype("string") if not col.required else s
    return out


def _cached_frames(folder: Path | None) -> dict[str, pd.DataFrame]:
    return _cached(str(folder) if folder is not None else str(data_dir()))


@lru_cache(maxsize=4)
def _cached(folder: str) -> dict[str, pd.DataFrame]:
    return _load_checked(tuple(FILES), Path(folder))


def _load(name: str, folder: str | Path | None) -> pd.DataFrame:
    key = str(Path(folder)) if folder is not None else str(data_dir())
    return _typed_cached(name, key).copy()  # a copy: callers may modify what they get


@lru_cache(maxsize=32)
def _typed_cached(name: str, folder: str) -> pd.DataFrame:
    frames = _cached(folder)
    out = _typed(name, frames[name])
    if name == "trials.csv":  # study and regimen as categoricals ordered as their definitions
        out["study"] = pd.Categorical(out["study"], categories=list(frames["sources.csv"]["study"]))
        out["regimen"] = pd.Categorical(
            out["regimen"], categories=list(frames["regimens.csv"]["regimen"])
        )
    return out


def load_trials(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per trial arm, validated; columns as in ``data/README.md``.

    Counts are nullable integers (``Int64``), printed rates and months ``Float64``, vocabularies
    categoricals; an empty cell (the source does not say) is ``<NA>``.
    The study and regimen columns are categoricals ordered as in sources.csv / regimens.csv.
    """
    return _load("trials.csv", data_dir)


def load_regimens(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per regimen: drugs, IL-2 dose level and route, schedule, setting, source."""
    return _load("regimens.csv", data_dir)


def load_toxicity(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Adverse events by organ system, regimen and population, with their sources."""
    return _load("toxicity.csv", data_dir)


def load_timeline(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Dated events (approvals, trials), sorted by date, each with a source and quote."""
    return _load("timeline.csv", data_dir).sort_values("date", ignore_index=True)


def load_sources(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per study: citation, publication date, PMID/DOI, the address read and notes.

    ``published`` is a datetime (the first day of the printed month or year); the added
    boolean column ``after_review`` says whether the source appeared after the review
    (November 2002), ``<NA>`` where the printed date cannot tell (see
    :func:`published_after_review`).
    """
    out = _load("sources.csv", data_dir)
    raw = _cached_frames(Path(data_dir) if data_dir is not None else None)["sources.csv"]
    flags = [_after_review_or_none(v) for v in raw["published"]]
    out["after_review"] = pd.array(flags, dtype="boolean")
    return out


def load_quotes(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per printed figure: the verbatim sentence it came from."""
    return _load("quotes.csv", data_dir)


def load_effects(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per printed comparative result of a randomized trial or meta-analysis.

    Hazard and odds ratios with their intervals, p-values (``pvalue`` as a number where printed
    as one, ``pvalue_printed`` as printed, e.g. ``"P < .00001"``), what a ratio compares
    (``direction``, only where the source says), the subgroup (empty for the whole trial) and
    the verbatim ``statement``. Columns as in ``data/README.md``.

    Examples
    --------
    >>> from il2kit.data import load_effects
    >>> effects = load_effects()
    >>> gore = effects[(effects["study"] == "gore2010") & (effects["endpoint"] == "os")]
    >>> [float(gore[c].iloc[0]) for c in ("estimate", "ci_low", "ci_high")]
    [1.05, 0.9, 1.21]
    """
    return _load("effects.csv", data_dir)


def load_dose_schedules(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Published IL-2 doses and schedules, one row per dose step of a regimen.

    ``dose`` is in ``unit`` (``IU/kg``, ``MIU/m2`` or flat ``MIU``); ``max_doses_per_cycle``,
    ``max_doses_per_course`` and ``cycles_per_course`` as printed; ``licensed`` is ``yes`` only
    for the HD IV bolus 600,000 IU/kg dose of the US prescribing information.

    Examples
    --------
    >>> from il2kit.data import load_dose_schedules
    >>> doses = load_dose_schedules()
    >>> sorted(doses.loc[doses["licensed"] == "yes", "dose"].unique().tolist())
    [600000.0]
    """
    return _load("dose_schedules.csv", data_dir)


# --------------------------------------------------------------------------- helpers

REVIEW_PUBLISHED = _schema.REVIEW_PUBLISHED
"""The review's publication month: Dutcher JP, Oncology 2002 Nov (PMID 12469934)."""


def _period(value: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a date printed as YYYY, YYYY-MM or YYYY-MM-DD."""
    start = pd.Timestamp(value if len(value) > 4 else f"{value}-01")
    if len(value) == 4:
        return start, pd.Timestamp(f"{value}-12-31")
    if len(value) == 7:
        return start, start + pd.offsets.MonthEnd(0)
    return start, start


def _after_review_or_none(published: str) -> bool | None:
    start, end = _period(published)
    review_start, review_end = _period(REVIEW_PUBLISHED)
    if start > review_end:
        return True
    if end < review_start:
        return False
    return None


def _source_row(study: object, data_dir: str | Path | None) -> dict:
    sources = _cached_frames(Path(data_dir) if data_dir is not None else None)["sources.csv"]
    if not isinstance(study, str):
        raise TypeError(f"`study` must be a study key (str), got {study!r}.")
    match = sources[sources["study"] == study]
    if match.empty:
        import difflib

        close = difflib.get_close_matches(study, list(sources["study"]), n=3)
        raise KeyError(f"Unknown study={study!r}; not in sources.csv. Did you mean {close}?")
    return dict(match.iloc[0])


def published_after_review(study: str, *, data_dir: str | Path | None = None) -> bool:
    """Was ``study`` published after the review (Oncology, November 2002)?

    Uses the ``published`` date of ``data/sources.csv`` (as printed on the page read), never the
    year alone: eton2002 (15 April 2002) and ridolfi2002 (15 March 2002) came before the review
    although they share its year.

    Raises
    ------
    TypeError
        If ``study`` is not a string.
    KeyError
        If ``study`` is not a key of ``data/sources.csv``.
    ValueError
        If the printed date overlaps November 2002 (e.g. "2002" or "2002-11"), so that it
        cannot tell.

    Examples
    --------
    >>> from il2kit.data import published_after_review
    >>> published_after_review("eton2002"), published_after_review("yang2003")
    (False, True)
    """
    row = _source_row(study, data_dir)
    after = _after_review_or_none(row["published"])
    if after is None:
        raise ValueError(
            f"study={study!r} was published {row['published']!r}, which overlaps the review's "
            f"month ({REVIEW_PUBLISHED}); the printed date cannot tell before from after."
        )
    return after


ENDPOINT_COUNTS = {"orr": "responders", "cr": "cr"}
"""Endpoints of :func:`usable_arms` and the trials.csv count column each one needs."""


def usable_arms(trials: pd.DataFrame, *, endpoint: str = "orr") -> pd.DataFrame:
    """The arms of ``trials`` fit for pooling or comparing a response endpoint.

    Keeps arms that (1) have the endpoint's count (``responders`` for ``"orr"``, ``cr`` for
    ``"cr"``), (2) have ``n > 0`` (the denominator of the printed rate) and (3) do not re-count
    patients published elsewhere (``same_cohort_as`` empty), so no patient is counted twice.
    The original index is kept.

    Parameters
    ----------
    trials : pandas.DataFrame
        As returned by :func:`load_trials` (possibly already filtered).
    endpoint : {"orr", "cr"}
        Overall (CR + PR) or complete response.

    Raises
    ------
    TypeError
        If ``trials`` is not a DataFrame or ``endpoint`` not a string.
    ValueError
        If ``endpoint`` is not one of the above or ``trials`` lacks a needed column.

    Examples
    --------
    >>> import il2kit
    >>> from il2kit.data import usable_arms
    >>> arms = usable_arms(il2kit.load_trials())
    >>> bool((arms["n"] > 0).all()), bool(arms["same_cohort_as"].isna().all())
    (True, True)
    >>> ("fisher1997", "hd_il2") in set(zip(arms["study"], arms["arm"]))  # re-counts fyfe1995
    False
    """
    check_key("endpoint", endpoint, ENDPOINT_COUNTS)
    count = ENDPOINT_COUNTS[endpoint]
    check_frame_columns("trials", trials, (count, "n", "same_cohort_as"))
    n = pd.to_numeric(trials["n"])
    keep = trials[count].notna() & n.notna() & (n > 0) & trials["same_cohort_as"].isna()
    return trials[keep.fillna(False).astype(bool)].copy()


def published_doses(
    regimen: str, *, unit: str | None = None, data_dir: str | Path | None = None
) -> tuple[float, ...]:
    """The distinct doses of ``regimen`` in ``data/dose_schedules.csv``, sorted.

    A dose calculator can flag a dose that is not one of these (a tenfold slip such as
    72,000 for 720,000 IU/kg lands on another regimen's dose or on none).

    Raises
    ------
    TypeError
        If ``regimen`` (or ``unit``) is not a string.
    ValueError
        If ``regimen`` has no published dose, or none in ``unit``.

    Examples
    --------
    >>> from il2kit.data import published_doses
    >>> published_doses("hd_il2_iv_bolus")
    (600000.0, 720000.0)
    """
    doses = _load("dose_schedules.csv", data_dir)
    check_key("regimen", regimen, sorted(set(doses["regimen"])))
    rows = doses[doses["regimen"] == regimen]
    if unit is not None:
        check_key("unit", unit, _schema.DOSE_UNITS)
        rows = rows[rows["unit"] == unit]
        if rows.empty:
            units = sorted(set(doses.loc[doses["regimen"] == regimen, "unit"]))
            raise ValueError(
                f"regimen={regimen!r} has no published dose in unit={unit!r}; its units: {units}."
            )
    return tuple(sorted({float(d) for d in rows["dose"]}))


def load_statements(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Verbatim statements from the Proleukin label (current and older), drug monographs that
    restate it, the manufacturer's pages and the primary papers, one row per statement.

    Topics: the boxed warning, capillary leak syndrome (``cls_what``, ``cls_presentation``,
    ``cls_management``), corticosteroids, patient selection, infection, neurologic toxicity,
    thyroid, reversibility, why toxicity fell (``toxicity_trend``), predictors of response,
    trial conduct, and where IL-2 stands today (``il2_today``). ``document`` says what
    kind of page the words were read on; ``url_read`` is that page. A toxicity row's
    ``reversible_ref`` names the ``reversibility`` statement behind its ``reversible`` value.

    Examples
    --------
    >>> from il2kit.data import load_statements
    >>> s = load_statements().set_index("key")
    >>> "capillary leak" in s.loc["label_boxed_cls", "statement"].lower()
    True
    >>> s.loc["atkins1999_reversed_rapidly", "statement"]
    'Toxicities, although severe, generally reversed rapidly after therapy was completed.'

    """
    return _load("statements.csv", data_dir)


def cite(study: str, *, data_dir: str | Path | None = None) -> str:
    """The citation of ``study`` (a key such as ``"fyfe1995"``) with its PMID or DOI.

    Raises
    ------
    KeyError
        If ``study`` is not a key of ``data/sources.csv``; the message lists close keys.
    """
    sources = _cached_frames(Path(data_dir) if data_dir is not None else None)["sources.csv"]
    match = sources[sources["study"] == study]
    if match.empty:
        import difflib

        close = difflib.get_close_matches(str(study), list(sources["study"]), n=3)
        raise KeyError(f"Unknown study={study!r}; not in sources.csv. Did you mean {close}?")
    s = match.iloc[0]
    ident = f" PMID {s['pmid']}." if s["pmid"] else (f" doi:{s['doi']}." if s["doi"] else "")
    return f"{s['authors']} {s['title'].rstrip('.')}. {s['journal']} ({s['year']}).{ident}"


def references(
    studies: Iterable[str], *, keys: bool = False, data_dir: str | Path | None = None
) -> str:
    """A reference list: the :func:`cite` line of each study, one per line, in the order given.

    A lesson ends with the sources it used; ``print(il2kit.references([...]))`` prints them.

    Parameters
    ----------
    studies : iterable of str
        Keys of ``data/sources.csv`` (a list, a Series, a dict's keys); a key given twice is
        listed once, where it first appears.
    keys : bool, default False
        Start each line with the study key in brackets (``[fyfe1995] ...``) instead of a dash,
        so a reader can match each reference to the keys used in the data.

    Raises
    ------
    TypeError
        If ``studies`` is a single string rather than a collection of keys.
    KeyError
        If a key is not in ``data/sources.csv`` (the message lists close keys).

    Examples
    --------
    >>> import il2kit
    >>> print(il2kit.references(["fyfe1995", "atkins1999", "fyfe1995"]))  # doctest: +ELLIPSIS
    - Fyfe G, ... J Clin Oncol 13(3):688-96 (1995). PMID 7884429.
    - Atkins MB, ... J Clin Oncol 17(7):2105-16 (1999). PMID 10561265.
    >>> print(il2kit.references(["fyfe1995"], keys=True))  # doctest: +ELLIPSIS
    [fyfe1995] Fyfe G, ... PMID 7884429.
    """
    if isinstance(studies, str):
        raise TypeError(
            f"`studies` must be a collection of study keys, got the string {studies!r}; "
            f"pass [{studies!r}]."
        )
    check_flag("keys", keys)
    lines = []
    for study in dict.fromkeys(studies):
        citation = cite(study, data_dir=data_dir)
        lines.append(f"[{study}] {citation}" if keys else f"- {citation}")
    return "\n".join(lines)


# Vocabularies, re-exported for notebooks and widgets.
DISEASES = _schema.DISEASES
DESIGNS = _schema.DESIGNS
