"""Merge extraction helpers' staging files (data/_staging/*) into data/*.csv.

Used once per extraction round; the merged files in data/ are the source of truth afterwards.
Rules applied here, each recorded in the data:
- columns are put in the schema's order; unknown staging columns are refused;
- regimens defined by several parts: the row with a printed dose wins, and blanks are filled
  from the other rows;
- sources defined by several parts: the trial parts' row wins;
- figures listed in overrides_drop.csv are removed (with their quotes);
- a missing `responders` (or `cr`) is back-calculated from the printed rate and `n` only when a
  single whole number is consistent with the printed decimals; the field is then listed in
  `derived` and the row's note says so.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from il2kit._schema import FILES  # noqa: E402
from il2kit.data import _printed_matches  # noqa: E402

STAGING = ROOT / "data" / "_staging"
PARTS = ["rcc_a", "rcc_b", "melanoma", "extra", "context", "lead"]


def read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def write(name: str, rows: list[dict[str, str]]) -> None:
    columns = [c.name for c in FILES[name]]
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise SystemExit(f"{name}: staging columns {sorted(unknown)} are not in the schema")
    with (ROOT / "data" / name).open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})


def back_calculate(row: dict[str, str], count: str, pct: str) -> None:
    if row.get(count) or not row.get(pct) or not row.get("n"):
        return
    n = int(row["n"])
    fits = [k for k in range(n + 1) if _printed_matches(row[pct], k, n)]
    if len(fits) == 1:
        row[count] = str(fits[0])
        row["derived"] = " ".join([*row.get("derived", "").split(), count])
        extra = (
            f"{count} back-calculated from {pct}={row[pct]}% of n={n} "
            "(the only whole number that fits)."
        )
        row["note"] = f"{row['note']} {extra}".strip() if row.get("note") else extra


def main() -> None:
    trials, quotes, sources, regimens = [], [], {}, {}
    for part in PARTS:
        for row in read(STAGING / f"{part}_trials.csv"):
            back_calculate(row, "responders", "orr_pct")
            back_calculate(row, "cr", "cr_pct")
            if row.get("cr") and row.get("responders") and not row.get("pr"):
                row["pr"] = str(int(row["responders"]) - int(row["cr"]))
                row["derived"] = " ".join([*row.get("derived", "").split(), "pr"])
            trials.append(row)
        quotes += read(STAGING / f"{part}_quotes.csv")
        for row in read(STAGING / f"{part}_sources.csv"):
            sources.setdefault(row["study"], row)
        for row in read(STAGING / f"{part}_regimens.csv"):
            old = regimens.get(row["regimen"])
            if old is None:
                regimens[row["regimen"]] = row
                continue
            best, other = (row, old) if row.get("dose") and not old.get("dose") else (old, row)
            for key, value in other.items():
                if not best.get(key) and value and key not in ("quote", "source_study", "dose"):
                    best[key] = value
            regimens[row["regimen"]] = best
    # Figures a reviewer rejected (e.g. taken from a secondary summary, not the primary source).
    drops = read(STAGING / "overrides_drop.csv")
    for d in drops:
        for row in trials:
            if row["study"] == d["study"]:
                row[d["field"]] = ""
        quotes = [
            q
            for q in quotes
            if not (
                q["study"] == d["study"] and q["field"] == d["field"] and q["table"] == "trials"
            )
        ]
    # Reviewer corrections of single fields (e.g. a regimen the abstract does not support).
    for fix in read(STAGING / "overrides_fields.csv"):
        for row in trials:
            if row["study"] == fix["study"] and fix["arm"] in ("*", row["arm"]):
                row[fix["field"]] = fix["value"]
    overrides = read(STAGING / "overrides_same_cohort.csv")
    for o in overrides:
        for row in trials:
            if row["study"] == o["study"] and (o["arm"] in ("*", row["arm"])):
                row["same_cohort_as"] = o["same_cohort_as"]
    write("trials.csv", trials)
    write("quotes.csv", quotes)
    write("sources.csv", list(sources.values()))
    write("regimens.csv", list(regimens.values()))
    for name in ("toxicity.csv", "timeline.csv"):
        rows = read(STAGING / name)
        if rows:
            write(name, rows)
    print(
        f"{len(trials)} arms, {len(quotes)} quotes, {len(sources)} sources, "
        f"{len(regimens)} regimens"
    )


if __name__ == "__main__":
    main()
