"""Validation of the evidence data set: every file's columns, vocabularies, arithmetic, references
and quotes, each broken rule reported with its file, row, column and rule.

The rules are driven by the declarative schema in :mod:`il2kit._schema`; :mod:`il2kit.data`
loads (and types) what passes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from il2kit import _schema
from il2kit._schema import FIGURES, FILES, QUOTED, ROW_KEYS, Column


class DataValidationError(ValueError):
    """A data file breaks a rule; the message names file, row, column and rule."""


def data_dir() -> Path:
    """The folder holding the CSV files: the wheel's copy, else the repository's ``data/``."""
    packaged = Path(__file__).with_name("_data")
    if (packaged / "trials.csv").is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


# --------------------------------------------------------------------------- reading

_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {w: i for i, w in enumerate(_UNITS)} | {"no": 0, "none": 0}
_NUMBER_WORDS |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUMBER_WORDS |= {
    f"{t}-{u}": 20 + 10 * i + j
    for i, t in enumerate(_TENS)
    for j, u in enumerate(_UNITS[1:10], start=1)
}


def _read_raw(folder: Path, name: str) -> pd.DataFrame:
    path = folder / name
    if not path.is_file():
        raise DataValidationError(f"{name}: file not found in {folder}.")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise DataValidationError(f"{name}: cannot be parsed as UTF-8 CSV ({exc}).") from exc
    expected = [c.name for c in FILES[name]]
    missing = [c for c in expected if c not in frame.columns]
    unknown = [c for c in frame.columns if c not in expected]
    if missing or unknown:
        raise DataValidationError(
            f"{name}: header must list the columns {expected}; "
            f"missing {missing}, unknown {unknown}."
        )
    return frame.apply(lambda s: s.str.strip())


def _where(name: str, i: int, row: dict) -> str:
    keys = ", ".join(f"{k}={row[k]}" for k in ROW_KEYS[name] if k in row)
    return f"{name} row {i + 1} (line {i + 2}; {keys})"


def _check_cell(col: Column, value: str, refs: dict[str, set[str]]) -> str | None:
    """The rule ``value`` breaks, or None. Empty cells break only ``required``."""
    if value == "":
        return "is required but empty" if col.required else None
    kind = col.kind
    if kind == "key" and not _KEY_RE.match(value):
        return f"= {value!r} must be a snake_case key (a-z, 0-9, _)"
    if kind == "choice" and value not in col.choices:
        return f"= {value!r} is not allowed; use one of {list(col.choices)}"
    if kind in ("study", "regimen", "statement"):
        defined = refs.get(kind)
        if defined is not None and value not in defined:
            where = {
                "study": "sources.csv",
                "regimen": "regimens.csv",
                "statement": "statements.csv (column 'key')",
            }[kind]
            return f"= {value!r} is not defined in {where}"
    if kind in ("count", "year"):
        if not value.isdigit():
            return f"= {value!r} must be a whole number >= 0"
        if kind == "year" and not 1950 <= int(value) <= 2030:
            return f"= {value} must be a year between 1950 and 2030"
    if kind in ("number", "percent", "pvalue"):
        try:
            number = float(value)
        except ValueError:
            return f"= {value!r} must be a number (no % sign or text)"
        if not number >= 0:
            return f"= {value} must be >= 0"
        if kind == "percent" and number > 100:
            return f"= {value} must be a percentage in [0, 100]"
        if kind == "pvalue" and number > 1:
            return f"= {value} must be a p-value in [0, 1] (write 0.048, not 4.8 or '.048%')"
    if kind == "pmid" and not value.isdigit():
        return f"= {value!r} must be a PubMed ID (digits only)"
    if kind == "date" and not _DATE_RE.match(value):
        return f"= {value!r} must be a date YYYY, YYYY-MM or YYYY-MM-DD"
    return None


def _problems_in_file(name: str, frame: pd.DataFrame, refs: dict[str, set[str]]) -> Iterator[str]:
    columns = FILES[name]
    figure_cols = set(FIGURES.get(name, ()))
    seen: dict[tuple[str, ...], int] = {}
    for i, row in enumerate(frame.to_dict("records")):
        where = _where(name, i, row)
        for col in columns:
            broken = _check_cell(col, row[col.name], refs)
            if broken:
                yield f"{where}, column '{col.name}': {broken}."
            if col.kind == "fields" and row[col.name]:
                bad = [f for f in row[col.name].split() if f not in figure_cols]
                if bad:
                    yield (
                        f"{where}, column '{col.name}': {bad} are not figure columns of {name}; "
                        f"allowed: {sorted(figure_cols)}."
                    )
        key = tuple(row[k] for k in ROW_KEYS[name])
        if key in seen:
            yield f"{where}: duplicates row {seen[key] + 1}; {ROW_KEYS[name]} must be unique."
        seen.setdefault(key, i)
        rules = _ROW_RULES.get(name)
        if rules is not None:
            yield from (f"{where}, {p}" for p in rules(row))
        if name == "timeline.csv" and row["date"][:4] not in row["quote"]:
            yield f"{where}, column 'quote': does not contain the year {row['date'][:4]} of 'date'."


def _int(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def _printed_matches(printed: str, count: int, total: int) -> bool:
    """Does a rate printed as ``printed`` (percent) agree with count/total?

    The printed decimals set the tolerance: half a unit of the last printed digit.
    """
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    exact = 100 * count / total
    unit = 10.0**-decimals
    value = float(printed)
    return abs(exact - value) <= unit / 2 + 1e-9


def _trial_rules(row: dict) -> Iterator[str]:
    n, n_entered = _int(row["n"]), _int(row["n_entered"])
    cr, pr, resp = _int(row["cr"]), _int(row["pr"]), _int(row["responders"])
    if cr is not None and pr is not None and resp is not None and cr + pr != resp:
        yield f"column 'responders': cr + pr = {cr} + {pr} = {cr + pr} but responders = {resp}."
    for name, value in (("responders", resp), ("cr", cr), ("pr", pr)):
        if value is not None and n is not None and value > n:
            yield f"column '{name}': {name} = {value} exceeds n = {n}."
    if n is not None and n_entered is not None and n > n_entered:
        yield f"column 'n': n (evaluated) = {n} exceeds n_entered = {n_entered}."
    deaths = _int(row["treatment_deaths"])
    total = n_entered if n_entered is not None else n
    if deaths is not None and total is not None and deaths > total:
        yield f"column 'treatment_deaths': {deaths} exceeds the {total} patients treated."
    conflicts = set(row["conflict"].split())
    for pct_col, count in (("orr_pct", resp), ("cr_pct", cr)):
        printed = row[pct_col]
        if not printed or count is None or _check_cell(Column(pct_col, "percent"), printed, {}):
            continue
        totals = [t for t in (n, n_entered) if t]
        agrees = not totals or any(_printed_matches(printed, count, t) for t in totals)
        if not agrees and pct_col not in conflicts:
            rates = ", ".join(f"{count}/{t} = {100 * count / t:.2f}%" for t in totals)
            yield (
                f"column '{pct_col}': the printed rate {printed}% is inconsistent with the counts "
                f"({rates}), even allowing for rounding to the printed decimals; if the source "
                f"prints both, list '{pct_col}' in 'conflict' and record it in data/README.md."
            )
        if agrees and totals and pct_col in conflicts:
            yield (
                f"column 'conflict': lists '{pct_col}', but the printed {printed}% agrees with "
                "the counts; remove it from 'conflict'."
            )
    if cr is not None and pr is not None and resp is None:
        yield (
            f"column 'responders': cr = {cr} and pr = {pr} are both given, so responders must "
            f"be their sum {cr + pr} (listed in 'derived' when not printed)."
        )


def _toxicity_rules(row: dict) -> Iterator[str]:
    n, k = _int(row["n"]), _int(row["patients_with_event"])
    if n is not None and k is not None:
        if k > n:
            yield f"column 'patients_with_event': {k} exceeds n = {n}."
        elif row["percent"] and not _check_cell(Column("percent", "percent"), row["percent"], {}):
            if n and not _printed_matches(row["percent"], k, n):
                yield (
                    f"column 'percent': the printed {row['percent']}% is inconsistent with "
                    f"{k}/{n} = {100 * k / n:.2f}%."
                )


def _source_rules(row: dict) -> Iterator[str]:
    if row["published"][:4] != row["year"]:
        yield (
            f"column 'published': {row['published']!r} is not in the year {row['year']} "
            "given in 'year'."
        )


def _float(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _effect_rules(row: dict) -> Iterator[str]:
    measure = row["measure"]
    est, low, high = _float(row["estimate"]), _float(row["ci_low"]), _float(row["ci_high"])
    if measure in _schema.RATIO_MEASURES:
        if est is None:
            yield f"column 'estimate': a {measure} needs its printed estimate."
        if low is not None and high is not None and low > high:
            yield f"column 'ci_low': ci_low = {low} exceeds ci_high = {high}."
        if est is not None and low is not None and high is not None and not low <= est <= high:
            yield f"column 'estimate': {est} lies outside its interval [{low}, {high}]."
        if (low is None) != (high is None):
            yield "column 'ci_high': give both ends of the interval or neither."
    else:
        for col in ("estimate", "ci_low", "ci_high", "ci_level"):
            if row[col]:
                yield f"column '{col}': must be empty for measure '{measure}' (no ratio printed)."
    if measure == "statement_only" and (row["pvalue"] or row["pvalue_printed"]):
        yield "column 'measure': a row with a p-value is 'pvalue_only', not 'statement_only'."
    if measure in ("pvalue_only", "heterogeneity") and not (row["pvalue"] or row["pvalue_printed"]):
        yield f"column 'pvalue': measure '{measure}' needs 'pvalue' or 'pvalue_printed'."
    if row["pvalue_printed"] and row["pvalue_printed"] not in row["statement"]:
        yield (
            f"column 'pvalue_printed': {row['pvalue_printed']!r} is not a substring of 'statement'."
        )


def _dose_rules(row: dict) -> Iterator[str]:
    per_cycle, per_course = _int(row["max_doses_per_cycle"]), _int(row["max_doses_per_course"])
    if per_cycle is not None and per_course is not None and per_cycle > per_course:
        yield (
            f"column 'max_doses_per_cycle': {per_cycle} doses per cycle exceed the "
            f"{per_course} per course."
        )
    dose = _float(row["dose"])
    is_licensed = (row["regimen"], row["unit"], dose, row["route"]) == _schema.LICENSED_DOSE
    if row["licensed"] == "yes" and not is_licensed:
        regimen, unit, value, route = _schema.LICENSED_DOSE
        yield (
            f"column 'licensed': only {regimen} at {value:,.0f} {unit} ({route}) was licensed; "
            f"this row is {row['regimen']} at {row['dose']} {row['unit']} ({row['route']})."
        )
    if row["licensed"] == "no" and is_licensed:
        yield "column 'licensed': this is the licensed dose; set 'yes'."


_ROW_RULES = {
    "trials.csv": _trial_rules,
    "toxicity.csv": _toxicity_rules,
    "sources.csv": _source_rules,
    "effects.csv": _effect_rules,
    "dose_schedules.csv": _dose_rules,
    "statements.csv": lambda row: _statement_rules(row),
}


def _statement_rules(row: dict) -> Iterator[str]:
    if row["figure"] and not row["figure_unit"]:
        yield "column 'figure_unit': a figure needs its unit (what the number counts)."
    if row["figure_unit"] and not row["figure"]:
        yield "column 'figure': 'figure_unit' is filled but there is no figure."


def _reversibility_problems(frames: dict[str, pd.DataFrame]) -> Iterator[str]:
    """A toxicity row's `reversible` value travels with the statement that supports it."""
    statements = frames["statements.csv"]
    topic = dict(zip(statements["key"], statements["topic"], strict=True))
    for i, row in enumerate(frames["toxicity.csv"].to_dict("records")):
        where = _where("toxicity.csv", i, row)
        value, ref = row["reversible"], row["reversible_ref"]
        if value and not ref:
            yield (
                f"{where}, column 'reversible_ref': reversible = {value!r} needs the key of the "
                "statements.csv row (topic 'reversibility') quoting what the source says."
            )
        elif ref and not value:
            yield f"{where}, column 'reversible': empty although reversible_ref = {ref!r} is given."
        elif ref in topic and topic[ref] != "reversibility":
            yield (
                f"{where}, column 'reversible_ref': {ref!r} has topic {topic[ref]!r} in "
                "statements.csv; it must be a 'reversibility' statement."
            )


def _number_in(printed: str) -> set[float]:
    """Numbers written in ``printed``: digits (with thousands commas or spaces, or a leading
    decimal point as in "P = .048") or English words (up to nine hundred ninety-nine, as in
    "Two hundred seventy"; "no"/"none" is 0, as in "no treatment-related deaths")."""
    found = {
        float(m.replace(",", ""))
        for m in re.findall(r"(?<![\d.])\.\d+|\d[\d,]*(?:\.\d+)?", printed)
    }
    found |= {float(m.replace(" ", "")) for m in re.findall(r"\b\d{1,3}(?: \d{3})+\b", printed)}
    words = re.findall(r"[a-z]+(?:-[a-z]+)?", printed.lower())
    found |= {float(_NUMBER_WORDS[w]) for w in words if w in _NUMBER_WORDS}
    for i, word in enumerate(words[:-1]):
        if words[i + 1] == "hundred" and 1 <= _NUMBER_WORDS.get(word, 0) <= 9:
            value = 100 * _NUMBER_WORDS[word]
            rest = words[i + 2 : i + 4]
            if rest[:1] == ["and"]:
                rest = rest[1:]
            if rest and 1 <= _NUMBER_WORDS.get(rest[0], 0) <= 99:
                value += _NUMBER_WORDS[rest[0]]
            found.add(float(value))
    return found


def _quote_problems(frames: dict[str, pd.DataFrame]) -> Iterator[str]:
    """Every printed figure has a quote that contains it, and every quote points at a figure."""
    quotes = frames["quotes.csv"]
    index = {
        (q["study"], q["table"], q["row_key"], q["field"]): (i, q)
        for i, q in enumerate(quotes.to_dict("records"))
    }
    # quotes of these tables must repeat the row's verbatim `statement`
    verbatim = {
        table: dict(zip(frames[name][key], frames[name]["statement"], strict=True))
        for table, name, key in (
            ("effects", "effects.csv", "effect_id"),
            ("statements", "statements.csv", "key"),
        )
    }
    used: set[tuple[str, str, str, str]] = set()
    for name, (table, key_col, study_col) in QUOTED.items():
        for i, row in enumerate(frames[name].to_dict("records")):
            derived = set(row.get("derived", "").split())
            for field in FIGURES[name]:
                value = row[field]
                if not value or field in derived:
                    continue
                key = (row[study_col], table, row[key_col], field)
                used.add(key)
                if key not in index:
                    yield (
                        f"{_where(name, i, row)}, column '{field}': the figure {value} "
                        "has no quote "
                        f"in quotes.csv (study={key[0]}, table={table}, row_key={key[2]}, "
                        f"field={field}); add one or list '{field}' in 'derived'."
                    )
                    continue
                j, q = index[key]
                qwhere = _where("quotes.csv", j, q)
                if float(q["value"]) != float(value):
                    yield f"{qwhere}, column 'value': {q['value']} differs from {name}'s {value}."
    for key, (j, q) in index.items():
        qwhere = _where("quotes.csv", j, q)
        if q["printed"] not in q["quote"]:
            yield f"{qwhere}, column 'printed': {q['printed']!r} is not a substring of 'quote'."
        statement = verbatim.get(key[1], {}).get(key[2])
        if statement is not None and q["quote"] != statement:
            yield (
                f"{qwhere}, column 'quote': must repeat the 'statement' of {key[1]}.csv row "
                f"{key[2]} verbatim (the same words)."
            )
        if (
            key[1] != "statements"
            and _check_cell(Column("value", "number"), q["value"], {}) is None
            and float(q["value"]) not in _number_in(q["printed"])
        ):
            yield (
                f"{qwhere}, column 'value': {q['value']} is not the number written in "
                f"{q['printed']!r}."
            )
        if key not in used:
            yield f"{qwhere}: quotes no figure of {key[1]}.csv (stale or misspelt key)."


def _load_checked(names: tuple[str, ...], folder: Path | None) -> dict[str, pd.DataFrame]:
    """Read ``names`` (plus what they refer to) and raise on the first broken rule."""
    folder = Path(folder) if folder is not None else data_dir()
    frames = _read_frames(folder)
    for name in names:
        problem = next(iter(_problems(name, frames)), None)
        if problem:
            raise DataValidationError(problem)
    return frames


# Files whose rows belong to a study (a study with rows must have a readable source).
_STUDY_DATA_FILES = ("trials.csv", "toxicity.csv", "effects.csv", "dose_schedules.csv")


def _read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    return {name: _read_raw(folder, name) for name in FILES}


def _refs(frames: dict[str, pd.DataFrame]) -> dict[str, set[str]]:
    return {
        "study": set(frames["sources.csv"]["study"]),
        "regimen": set(frames["regimens.csv"]["regimen"]),
        "statement": set(frames["statements.csv"]["key"]),
    }


def _problems(name: str, frames: dict[str, pd.DataFrame]) -> Iterator[str]:
    if name == "quotes.csv":
        yield from _problems_in_file(name, frames[name], _refs(frames))
        yield from _quote_problems(frames)
        return
    yield from _problems_in_file(name, frames[name], _refs(frames))
    if name == "toxicity.csv":
        yield from _reversibility_problems(frames)
    if name == "sources.csv":
        used = set().union(*(frames[f]["study"] for f in _STUDY_DATA_FILES))
        used |= set(frames["statements.csv"]["source"])
        for i, row in enumerate(frames[name].to_dict("records")):
            if row["study"] in used and row["readable"] != "yes":
                yield (
                    f"{_where(name, i, row)}, column 'readable': the study has data rows, "
                    "so its source must be readable ('yes')."
                )
    if name == "effects.csv":
        arms = set(zip(frames["trials.csv"]["study"], frames["trials.csv"]["arm"], strict=True))
        for i, row in enumerate(frames[name].to_dict("records")):
            for col in ("arm_a", "arm_b"):
                if row[col] and (row["study"], row[col]) not in arms:
                    yield (
                        f"{_where(name, i, row)}, column '{col}': {row[col]!r} is not an arm "
                        f"of study {row['study']!r} in trials.csv."
                    )
    if name == "dose_schedules.csv":
        units: dict[str, set[str]] = {}
        for row in frames[name].to_dict("records"):
            units.setdefault(row["regimen"], set()).add(row["unit"])
        for i, row in enumerate(frames[name].to_dict("records")):
            if len(units[row["regimen"]]) > 1:
                yield (
                    f"{_where(name, i, row)}, column 'unit': regimen {row['regimen']!r} mixes "
                    f"the units {sorted(units[row['regimen']])}; give per-kg, per-m2 and flat "
                    "doses their own regimen keys so they are never pooled."
                )


def validate_dataset(folder: str | Path | None = None) -> list[str]:
    """Every rule broken anywhere in the data set (an empty list when all is well).

    Checks each file's columns and vocabularies, the counts' arithmetic, printed rates against
    counts, references between files, and that every printed figure carries a quote containing it.
    """
    frames = _read_frames(Path(folder) if folder is not None else data_dir())
    return [p for name in FILES for p in _problems(name, frames)]
