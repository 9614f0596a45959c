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
