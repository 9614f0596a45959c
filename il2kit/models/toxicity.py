"""Adverse events of IL-2 by source, regimen and organ system."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from il2kit._validation import check_choice
from il2kit.models._base import Model

__all__ = ["ToxicityModel", "ToxicityResult"]

TOXICITY_COLUMNS = [
    "row_id",
    "study",
    "regimen",
    "population",
    "organ_system",
    "event",
    "grade",
    "patients_with_event",
    "n",
    "percent",
]


#: What "all" reads as in each filter.
ALL_LABELS = {
    "study": "All sources",
    "regimen": "All regimens",
    "organ_system": "All organ systems",
}


def readable(column: str, keys: list[str]) -> dict[str, str]:
    """Key -> readable name of a toxicity filter's values: a source by first author and year
    (:func:`il2kit.evidence.source_label`), a regimen by its ``label`` in ``regimens.csv``, an
    organ system in words; "all" by :data:`ALL_LABELS`."""
    from il2kit.data import load_regimens
    from il2kit.evidence import source_label

    check_choice("column", column, ALL_LABELS)
    named = [k for k in keys if k != "all"]
    if column == "study":
        names = {k: source_label(k) for k in named}
    elif column == "regimen":
        labels = load_regimens().set_index("regimen")["label"].astype(str)
        names = {k: str(labels[k]) for k in named}
    else:
        names = {k: k.replace("_", " ") for k in named}
    return {k: ALL_LABELS[column] if k == "all" else names[k] for k in keys}


@dataclass(frozen=True)
class ToxicityResult:
    """The toxicity rows matching the filters; ``drawn`` are those with a printed percentage.

    ``rows`` holds the columns of ``toxicity.csv`` plus ``source_label`` and ``regimen_label``
    (readable names of ``study`` and ``regimen``).
    """

    study: str
    regimen: str
    organ_system: str
    rows: pd.DataFrame = field(repr=False, compare=False)
    notes: tuple[str, ...] = ()

    #: The figure shows at most this many events per organ system (the most frequent); the
    #: table lists every row. A 49-bar chart reads worse and redraws slower than a 30-bar one.
    PER_SYSTEM: ClassVar[int] = 3

    @property
    def drawn(self) -> pd.DataFrame:
        """The rows the figure draws: those with a printed percentage, the most frequent
        ``PER_SYSTEM`` of each organ system."""
        printed = self.rows.dropna(subset=["percent"])
        ranked = printed.sort_values("percent", ascending=False, kind="stable")
        return ranked.groupby("organ_system", observed=True, sort=False).head(self.PER_SYSTEM)

    def to_frame(self) -> pd.DataFrame:
        return self.rows[TOXICITY_COLUMNS]

    def __str__(self) -> str:
        if self.rows.empty:
            return "No adverse event matches this selection."
        top = self.drawn.sort_values("percent", ascending=False).head(3)
        common = "; ".join(f"{r.event} {r.percent:g}% ({r.study})" for r in top.itertuples())
        systems = self.rows["organ_system"].astype(str).nunique()
        return (
            f"{len(self.rows)} adverse-event rows in {systems} organ system(s); most frequent: "
            f"{common or 'no percentages printed'}"
        )


@dataclass
class ToxicityModel(Model):
    """Filters: a source (study key), a regimen key and an organ system; "all" keeps every row.

    The default source is the older Proleukin label's adverse-reaction table (525 patients given
    HD IL-2 in the approval trials): every organ system in one consistent table.
    """

    study: str = "proleukin_label_older"
    regimen: str = "all"
    organ_system: str = "all"

    def options(self, column: str) -> list[str]:
        from il2kit.data import load_toxicity

        check_choice("column", column, ("study", "regimen", "organ_system"))
        values = load_toxicity()[column].dropna().astype(str)
        return ["all", *sorted(set(values))]

    def option_labels(self, column: str) -> list[tuple[str, str]]:
        """``(label, key)`` of each value of :meth:`options`, "all" first, then by label: a
        source as "Atkins 1999 (atkins1999)" (its key leads to ``sources.csv``), a regimen by
        its name, an organ system in words (capitalised)."""
        names = readable(column, self.options(column))
        if column == "study":
            names = {k: v if k == "all" else f"{v} ({k})" for k, v in names.items()}
        names = {k: v[:1].upper() + v[1:] for k, v in names.items()}
        first, *rest = names.items()
        return [(v, k) for k, v in [first, *sorted(rest, key=lambda kv: kv[1].lower())]]

    def compute(self) -> ToxicityResult:
        from il2kit.data import load_toxicity

        t = load_toxicity()
        for column in ("study", "regimen", "organ_system"):
            value = getattr(self, column)
            check_choice(column, value, self.options(column))
            if value != "all":
                t = t[t[column].astype(str) == value]
        rows = t.reset_index(drop=True)
        for column, labelled in (("study", "source_label"), ("regimen", "regimen_label")):
            names = readable(column, sorted(set(rows[column].astype(str))))
            rows[labelled] = rows[column].astype(str).map(names)
        notes = []
        if rows.empty:
            notes.append("No event matches this selection: choose 'all' in one of the filters.")
        else:
            printed = rows.dropna(subset=["percent"])
            shown = printed.groupby("organ_system", observed=True).head(ToxicityResult.PER_SYSTEM)
            if len(shown) < len(printed):
                notes.append(
                    f"The figure shows the {ToxicityResult.PER_SYSTEM} most frequent events of "
                    f"each organ system ({len(shown)} of {len(printed)}); the table lists all."
                )
            if len(printed) < len(rows):
                notes.append(
                    f"{len(rows) - len(printed)} matching row(s) have no printed percentage; "
                    "see the table."
                )
        return ToxicityResult(self.study, self.regimen, self.organ_system, rows, tuple(notes))
