"""Argument checks shared by every module.

Each check raises a builtin exception (``ValueError`` / ``TypeError``) whose message names the
argument, the value received and what is allowed, so a learner can fix the call without reading
the source.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping

import numpy as np

ALTERNATIVES = ("two-sided", "greater", "less")


def check_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is exactly one of ``allowed`` (no prefix matching)."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"`{name}` must be one of {allowed}, got {value!r}.")
    return value


def check_count(name: str, value: object) -> int:
    """A non-negative integer (bools are refused: ``True`` is not a patient count)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a whole number of patients, got {value!r}.")
    if not float(value).is_integer():
        raise TypeError(f"`{name}` must be a whole number of patients, got {value!r}.")
    count = int(float(value))
    if count < 0:
        raise ValueError(f"Invalid {name}={count}; must be >= 0.")
    return count


def check_positive_count(name: str, value: object) -> int:
    """A positive integer (a trial needs at least one patient)."""
    value = check_count(name, value)
    if value < 1:
        raise ValueError(f"Invalid {name}={value}; must be >= 1.")
    return value


def check_responders(
    responders: object, n: object, *, responders_name: str = "responders", n_name: str = "n"
) -> tuple[int, int]:
    """Counts with ``0 <= responders <= n`` and ``n >= 1``."""
    r = check_count(responders_name, responders)
    n_ = check_positive_count(n_name, n)
    if r > n_:
        raise ValueError(
            f"Invalid {responders_name}={r} with {n_name}={n_}; "
            f"{responders_name} cannot exceed {n_name}."
        )
    return r, n_


def check_probability(name: str, value: object, *, closed: bool = False) -> float:
    """A probability in (0, 1), or [0, 1] when ``closed``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    value = float(value)
    ok = (0.0 <= value <= 1.0) if closed else (0.0 < value < 1.0)
    if not ok or np.isnan(value):
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(f"Invalid {name}={value!r}; must lie in {interval}.")
    return value


def check_confidence_level(value: object) -> float:
    """A confidence level in (0, 1), e.g. 0.95."""
    return check_probability("confidence_level", value)


def check_int_range(name: str, value: object, low: int, high: int | None = None) -> int:
    """An integer with ``low <= value (<= high)``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"`{name}` must be an integer, got {value!r}.")
    value = int(value)
    if value < low or (high is not None and value > high):
        allowed = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"Invalid {name}={value}; must be {allowed}.")
    return value


def as_count_array(name: str, values: object) -> np.ndarray:
    """A non-empty 1-D array of non-negative whole numbers."""
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"`{name}` must be a non-empty 1-D sequence, got shape {arr.shape}.")
    if arr.dtype.kind not in "iuf" or arr.dtype == bool:
        raise TypeError(f"`{name}` must hold numbers, got dtype {arr.dtype}.")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"`{name}` must hold whole numbers, got {arr.tolist()}.")
    if np.any(arr < 0):
        raise ValueError(f"`{name}` must hold counts >= 0, got {arr.tolist()}.")
    return arr.astype(np.int64)


def check_same_length(**arrays: np.ndarray) -> int:
    """All arrays the same length; returns it."""
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"Arrays must have the same length, got {lengths}.")
    return next(iter(lengths.values()))


def coerce_rng(rng: object) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator, an int seed or None."""
    if isinstance(rng, bool):
        raise TypeError(
            f"`rng` must be a numpy.random.Generator, an int seed or None, got {rng!r}."
        )
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)):
        return np.random.default_rng(rng)  # type: ignore[arg-type]
    if isinstance(rng, np.random.Generator):
        return rng
    raise TypeError(f"`rng` must be a numpy.random.Generator, an int seed or None, got {rng!r}.")


# --- widgets branch: checks of the interactive models


def check_number(name: str, value: object, low: float, high: float, *, unit: str = "") -> float:
    """A finite real number with ``low <= value <= high`` (bools refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    number = float(value)
    if not (low <= number <= high):  # also refuses NaN
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"Invalid {name}={value!r}; must lie in [{low:g}, {high:g}]{suffix}.")
    return number


# --------------------------------------------------------------------------- branch: data


def check_key(name: str, value: object, allowed: Iterable[str]) -> str:
    """A string that is one of ``allowed``: TypeError for a non-string, ValueError otherwise."""
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be a string, got {value!r} ({type(value).__name__}).")
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"`{name}` must be one of {allowed}, got {value!r}.")
    return value


def check_frame_columns(name: str, value: object, columns: Iterable[str]) -> None:
    """A pandas DataFrame holding ``columns`` (TypeError if not a DataFrame, ValueError if
    columns are missing)."""
    import pandas as pd  # local: keep `import il2kit` light

    if not isinstance(value, pd.DataFrame):
        raise TypeError(
            f"`{name}` must be a pandas DataFrame (e.g. il2kit.load_trials()), "
            f"got {type(value).__name__}."
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ValueError(f"`{name}` lacks the columns {missing}; it needs {list(columns)}.")


# --- stats branch: generic checks for sequential, noninferiority, cox, nnt, multiplicity and
# analysis_sets (added by the `stats` helper; the engine's checks above are unchanged).


def check_real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real number (bools refused), optionally with ``low <= value <= high``.

    ``low_open`` / ``high_open`` make the bound strict. A wrong type (str, None, bool) is a
    ``TypeError``; NaN, infinity, an integer beyond float range or a value out of bounds is a
    ``ValueError``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number, got {value!r}.")
    try:
        x = float(value)
    except OverflowError:
        raise ValueError(f"Invalid {name}={value!r}; it is beyond the range of a float.") from None
    if not np.isfinite(x):
        raise ValueError(f"Invalid {name}={value!r}; must be a finite number.")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        parts = []
        if low is not None:
            parts.append(f"{'>' if low_open else '>='} {low:g}")
        if high is not None:
            parts.append(f"{'<' if high_open else '<='} {high:g}")
        raise ValueError(f"Invalid {name}={x!r}; must be {' and '.join(parts)}.")
    return x


def check_flag(name: str, value: object) -> bool:
    """A genuine bool (``True``/``False``, NumPy bools included); 0/1 and strings are refused."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be True or False, got {value!r}.")
    return bool(value)


def as_float_array(
    name: str,
    values: object,
    *,
    low: float | None = None,
    high: float | None = None,
    min_size: int = 1,
) -> np.ndarray:
    """A 1-D float array of at least ``min_size`` finite numbers within ``[low, high]``.

    Strings, None, bools or objects are a ``TypeError``; a wrong shape, NaN, infinity or a value
    out of bounds is a ``ValueError`` naming the first offending value.
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"`{name}` must be a sequence of numbers, got {values!r}.")
    arr = np.asarray(values)
    if arr.ndim != 1 or arr.size < min_size:
        raise ValueError(
            f"`{name}` must be a 1-D sequence of at least {min_size} numbers, "
            f"got shape {arr.shape}."
        )
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must hold numbers, got dtype {arr.dtype}.")
    out = arr.astype(float)
    bad = ~np.isfinite(out)
    if low is not None:
        bad |= out < low
    if high is not None:
        bad |= out > high
    if bad.any():
        allowed = "finite numbers"
        if low is not None and high is not None:
            allowed = f"numbers in [{low:g}, {high:g}]"
        elif low is not None:
            allowed = f"finite numbers >= {low:g}"
        elif high is not None:
            allowed = f"finite numbers <= {high:g}"
        raise ValueError(
            f"Invalid {name}: value {out[bad][0]!r} at position {int(np.argmax(bad))}; "
            f"must hold {allowed}."
        )
    return out


def check_whole_number(name: str, value: object, low: int, high: int | None = None) -> int:
    """A whole number with ``low <= value (<= high)``: 3 and 3.0 pass; 2.5 is a ``ValueError``
    (right type, wrong value); str, None and bool are a ``TypeError``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a whole number, got {value!r}.")
    if not isinstance(value, numbers.Integral):
        x = float(value)
        if not np.isfinite(x) or not x.is_integer():
            raise ValueError(f"Invalid {name}={value!r}; must be a whole number.")
        value = int(x)
    value = int(value)
    if value < low or (high is not None and value > high):
        allowed = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"Invalid {name}={value}; must be {allowed}.")


# ----------------------------------------------------------------------------- guide branch
# Checks used by il2kit.course (the concept inventory's scoring).


def check_mapping(name: str, value: object) -> Mapping:
    """A mapping such as a dict (``{question id: answer}``)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"`{name}` must be a mapping such as a dict, got {type(value).__name__}.")
    return value


def check_percent(name: str, value: object) -> float:
    """A percentage in [0, 100] (bools and NaN refused)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"`{name}` must be a number (a percentage), got {value!r}.")
    value = float(value)
    if not 0.0 <= value <= 100.0:  # also refuses NaN
        raise ValueError(f"Invalid {name}={value!r}; must lie in [0, 100].")
    return value
