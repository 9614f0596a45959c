"""Argument checks shared by every module (the only place where inputs are checked).

Each check raises a builtin exception whose message names the argument, the value received and
what is allowed, so a learner can fix the call without reading the source. One rule decides the
class, the same for a scalar and for an array:

* wrong **type** -> ``TypeError``: a string, ``None`` or a bool where a number is needed, a
  non-bool where a flag is needed, a number where a choice (string) is needed;
* right type, wrong **value** -> ``ValueError``: NaN or infinity, a negative count, ``1.7``
  where a whole number is needed, a rate outside its interval, a count beyond the whole numbers
  a float holds exactly (``>= 2**53``), an unknown option.

Counts are limited to ``2**53 - 1`` because every computation turns them into floats: above
``2**53`` neighbouring whole numbers share one float (``2**53 + 1`` would silently become
``2**53``), and products of such counts overflow.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import TypeVar

import numpy as np

T = TypeVar("T")

ALTERNATIVES = ("two-sided", "greater", "less")

#: Counts must be below this: the whole numbers a float (IEEE double) represents exactly.
MAX_EXACT_COUNT = 2**53


def _show(value: object) -> str:
    """A short repr for messages (huge ints are abbreviated)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        return f"an integer with {len(str(abs(value)))} digits"
    text = repr(value.item() if isinstance(value, np.generic) else value)
    return text if len(text) <= 80 else text[:77] + "..."


def _is_number(value: object) -> bool:
    """A real number that is not a bool (``True`` is not a patient count or a rate)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


# ----------------------------------------------------------------------------- options


def check_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is exactly one of ``allowed`` (no prefix matching)."""
    allowed = list(allowed)
    if not isinstance(value, str):
        raise TypeError(f"`{name}` must be one of {allowed}, got {_show(value)}.")
    if value not in allowed:
        raise ValueError(f"`{name}` must be one of {allowed}, got {value!r}.")
    return value


def check_flag(name: str, value: object) -> bool:
    """A bool (``"no"``, 0 or None are refused rather than read as True or False)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"`{name}` must be True or False, got {_show(value)}.")
    return bool(value)


# ----------------------------------------------------------------------------- scalars


def check_number(name: str, value: object) -> float:
    """A finite real number."""
    if not _is_number(value):
        raise TypeError(f"`{name}` must be a number, got {_show(value)}.")
    try:
        out = float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ValueError(f"Invalid {name}={_show(value)}; must be a finite number.") from None
    if not math.isfinite(out):
        raise ValueError(f"Invalid {name}={_show(value)}; must be a finite number.")
    return out


def check_whole_number(
    name: str,
    value: object,
    low: int | None = None,
    high: int | None = None,
    *,
    what: str = "a whole number",
) -> int:
    """A whole number (``3`` or ``3.0``) below ``2**53``, optionally with ``low <= value``
    (``<= high``): 2.5 is a ``ValueError`` (right type, wrong value); str, None and bool are a
    ``TypeError``."""
    if not _is_number(value):
        raise TypeError(f"`{name}` must be {what}, got {_show(value)}.")
    if isinstance(value, numbers.Integral):
        out = int(value)
    else:
        x = float(value)  # type: ignore[arg-type]
        if not math.isfinite(x) or not x.is_integer():
            raise ValueError(f"Invalid {name}={_show(value)}; must be {what}.")
        out = int(x)
    if abs(out) >= MAX_EXACT_COUNT:
        raise ValueError(
            f"Invalid {name}={_show(value)}; must be below 2**53 = {MAX_EXACT_COUNT}, the "
            "largest whole numbers a float holds exactly."
        )
    if (low is not None and out < low) or (high is not None and out > high):
        allowed = (
            f">= {low}"
            if high is None
            else (f"<= {high}" if low is None else f"in [{low}, {high}]")
        )
        raise ValueError(f"Invalid {name}={out}; must be {allowed}.")
    return out


def check_count(name: str, value: object) -> int:
    """A whole number ``0 <= value < 2**53`` (bools are refused)."""
    count = check_whole_number(name, value, what="a whole number of patients")
    if count < 0:
        raise ValueError(f"Invalid {name}={count}; must be >= 0.")
    return count


def check_positive_count(name: str, value: object) -> int:
    """A whole number ``1 <= value < 2**53`` (a trial needs at least one patient)."""
    count = check_count(name, value)
    if count < 1:
        raise ValueError(f"Invalid {name}={count}; must be >= 1.")
    return count


#: The most simulated trials one call runs: each trial keeps a few floats per patient or per
#: arm, so 10**7 trials already take hundreds of MiB; 10**5 give a Monte-Carlo standard error
#: below 0.002 for any probability.
MAX_TRIALS = 10**7


def check_n_trials(value: object, name: str = "n_trials") -> int:
    """A whole number of simulated trials, ``1 <= value <= MAX_TRIALS``."""
    what = "a whole number of simulated trials"
    count = check_whole_number(name, value, what=what)
    if not 1 <= count <= MAX_TRIALS:
        raise ValueError(
            f"Invalid {name}={count}; must be {what} from 1 to {MAX_TRIALS:,} "
            "(10**5 already give a Monte-Carlo standard error below 0.002)."
        )
    return count


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


def check_int_range(name: str, value: object, low: int, high: int | None = None) -> int:
    """A whole number with ``low <= value (<= high)``; ``3.0`` is accepted, ``1.7`` is not."""
    out = check_whole_number(name, value)
    if out < low or (high is not None and out > high):
        allowed = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"Invalid {name}={out}; must be {allowed}.")
    return out


def check_probability(name: str, value: object, *, closed: bool = False) -> float:
    """A probability in (0, 1), or [0, 1] when ``closed``."""
    if not _is_number(value):
        raise TypeError(f"`{name}` must be a number, got {_show(value)}.")
    out = float(value)  # type: ignore[arg-type]
    ok = (0.0 <= out <= 1.0) if closed else (0.0 < out < 1.0)
    if not ok:  # also catches NaN
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(f"Invalid {name}={_show(value)}; must lie in {interval}.")
    return out


def check_confidence_level(value: object, name: str = "confidence_level") -> float:
    """A confidence level in (0, 1), e.g. 0.95."""
    return check_probability(name, value)


def check_positive_number(name: str, value: object) -> float:
    """A finite number > 0 (a time, a median, a hazard or odds ratio)."""
    out = check_number(name, value)
    if out <= 0:
        raise ValueError(f"Invalid {name}={_show(value)}; must be a finite number > 0.")
    return out


def check_number_in_range(
    name: str, value: object, low: float, high: float, unit: str = ""
) -> float:
    """A finite number with ``low <= value <= high`` (e.g. a weight in kg)."""
    out = check_number(name, value)
    if not low <= out <= high:
        suffix = f" {unit}" if unit else ""
        raise ValueError(f"Invalid {name}={out:g}; must lie in [{low:g}, {high:g}]{suffix}.")
    return out


# ----------------------------------------------------------------------------- arrays


def _as_1d(name: str, values: object) -> np.ndarray:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"`{name}` must be a sequence of numbers, got {_show(values)}.")
    try:
        arr = np.asarray(values)
    except (ValueError, TypeError) as err:  # ragged lists
        raise ValueError(f"`{name}` must be a flat 1-D sequence ({err}).") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"`{name}` must be a non-empty 1-D sequence, got shape {arr.shape}.")
    return arr


def _object_to_float(name: str, arr: np.ndarray) -> np.ndarray:
    """An object array of Python numbers (e.g. huge ints, None) to floats, typed errors."""
    out = np.empty(arr.size)
    for i, v in enumerate(arr.tolist()):
        if v is None or not _is_number(v):
            if v is not None and _is_missing(v):
                raise ValueError(f"`{name}` holds a missing value at position {i}.")
            raise TypeError(f"`{name}` must hold numbers, got {_show(v)} at position {i}.")
        try:
            out[i] = float(v)
        except OverflowError:
            raise ValueError(
                f"Invalid {name}: {_show(v)} at position {i} is beyond the float range."
            ) from None
    return out


def _is_missing(value: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_float_array(
    name: str,
    values: object,
    *,
    low: float | None = None,
    high: float | None = None,
    min_size: int = 1,
) -> np.ndarray:
    """A 1-D array of at least ``min_size`` finite numbers within ``[low, high]`` (bools and
    strings refused: ``TypeError``; NaN, infinity or a value out of bounds: ``ValueError``
    naming the first offending value and its position)."""
    arr = _as_1d(name, values)
    if arr.dtype == object:
        arr = _object_to_float(name, arr)
    elif arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must hold numbers, got dtype {arr.dtype}.")
    if arr.size < min_size:
        raise ValueError(f"`{name}` must hold at least {min_size} numbers, got {arr.size}.")
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if low is not None:
        bad |= arr < low
    if high is not None:
        bad |= arr > high
    if bad.any():
        i = int(np.argmax(bad))
        allowed = "a finite number"
        if low is not None and high is not None:
            allowed = f"a number in [{low:g}, {high:g}]"
        elif low is not None:
            allowed = f"a finite number >= {low:g}"
        elif high is not None:
            allowed = f"a finite number <= {high:g}"
        raise ValueError(
            f"Invalid {name}: {arr[i]!r} at position {i}; every value must be {allowed}."
        )
    return arr


def as_count_array(name: str, values: object) -> np.ndarray:
    """A non-empty 1-D int64 array of whole numbers ``0 <= x < 2**53``."""
    arr = _as_1d(name, values)
    if arr.dtype == object:
        if all(isinstance(v, numbers.Integral) for v in arr.tolist()):
            exact = arr.tolist()  # Python ints, compared exactly however large
            wrong = [i for i, v in enumerate(exact) if v < 0 or v >= MAX_EXACT_COUNT]
            if wrong:
                _count_error(name, exact[wrong[0]], wrong[0])
            return np.array(exact, dtype=np.int64)
        arr = _object_to_float(name, arr)
    elif arr.dtype.kind == "b" or arr.dtype.kind not in "iuf":
        raise TypeError(f"`{name}` must hold numbers, got dtype {arr.dtype}.")
    if arr.dtype.kind == "f":
        whole = np.isfinite(arr) & (arr == np.floor(arr))
        if not whole.all():
            i = int(np.flatnonzero(~whole)[0])
            raise ValueError(
                f"`{name}` must hold whole numbers, got {arr[i]!r} at position {i}: "
                f"{_show(arr.tolist())}."
            )
    # uint64 values >= 2**63 and floats >= 2**53 are caught here, before any conversion
    bad = np.flatnonzero((arr < 0) | (arr >= MAX_EXACT_COUNT))
    if bad.size:
        i = int(bad[0])
        _count_error(name, arr[i].item(), i)
    return arr.astype(np.int64)


def _count_error(name: str, value: object, i: int) -> None:
    if value < 0:  # type: ignore[operator]
        raise ValueError(f"`{name}` must hold counts >= 0, got {_show(value)} at position {i}.")
    raise ValueError(
        f"Invalid {name}: {_show(value)} at position {i}; counts must be below 2**53 = "
        f"{MAX_EXACT_COUNT}, the largest whole numbers a float holds exactly."
    )


def as_probability_array(
    name: str, values: object, *, closed: bool = True, min_size: int = 1
) -> np.ndarray:
    """A 1-D array of at least ``min_size`` probabilities in [0, 1] (or (0, 1))."""
    arr = as_float_array(name, values)
    if arr.size < min_size:
        raise ValueError(f"`{name}` must list at least {min_size} rates, got {arr.tolist()}.")
    ok = ((arr >= 0) & (arr <= 1)) if closed else ((arr > 0) & (arr < 1))
    if not ok.all():
        i = int(np.flatnonzero(~ok)[0])
        interval = "[0, 1]" if closed else "(0, 1)"
        raise ValueError(
            f"Invalid {name}={arr.tolist()}; every rate must lie in {interval} "
            f"(position {i} is {arr[i]!r})."
        )
    return arr


def check_same_length(**arrays: np.ndarray) -> int:
    """All arrays the same length; returns it."""
    lengths = {k: len(v) for k, v in arrays.items()}
    if len(set(lengths.values())) != 1:
        raise ValueError(f"Arrays must have the same length, got {lengths}.")
    return next(iter(lengths.values()))


def check_studies(x: np.ndarray, n: np.ndarray, x_name: str, n_name: str) -> None:
    """Per-study counts for pooling: at least 2 studies, ``n >= 1``, ``x <= n``."""
    check_same_length(**{x_name: x, n_name: n})
    if len(x) < 2:
        raise ValueError(f"`{x_name}` must hold at least 2 studies to pool, got {len(x)}.")
    bad = np.flatnonzero(n < 1)
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"Invalid {n_name}={int(n[i])} in study {i}; must be >= 1.")
    bad = np.flatnonzero(x > n)
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"Invalid {x_name}={int(x[i])} with {n_name}={int(n[i])} in study {i}; "
            f"{x_name} cannot exceed {n_name}."
        )


def check_time_event(time: object, event: object) -> tuple[np.ndarray, np.ndarray]:
    """Follow-up times (finite, >= 0) and event indicators (0/1 or bool) of equal length."""
    t = as_float_array("time", time)
    e = _as_1d("event", event)
    if e.shape != t.shape:
        raise ValueError(
            f"`time` and `event` must have the same length, got {t.size} and {e.size}."
        )
    bad = np.flatnonzero(t < 0)
    if bad.size:
        raise ValueError(f"Invalid time value {t[bad[0]]!r}; `time` must hold finite values >= 0.")
    if e.dtype == object:
        e = _object_to_float("event", e)
    elif e.dtype.kind == "b":
        e = e.astype(int)
    elif e.dtype.kind not in "iuf":
        raise TypeError(f"`event` must hold 0/1 or True/False, got dtype {e.dtype}.")
    if not np.all(np.isin(e, (0, 1))):
        shown = np.unique(e[~np.isin(e, (0, 1))])[:5].tolist()
        raise ValueError(f"`event` must hold only 0 (censored) and 1 (event), got {shown}.")
    return t, e.astype(int)


def check_group_labels(group: object, size: int) -> tuple[np.ndarray, list]:
    """Group labels -> (integer codes, labels in order of first appearance).

    A missing label (None, NaN, pandas NA) is a ValueError naming the positions: a patient
    without a group cannot be compared, and dropping patients silently would change ``n``.
    """
    import pandas as pd

    if isinstance(group, pd.Series):
        labels = pd.Series(group.array)
    elif isinstance(group, (list, tuple, np.ndarray, pd.Index, pd.Categorical)):
        if np.ndim(np.asarray(group, dtype=object)) != 1:
            raise ValueError(f"`group` must be a 1-D sequence of labels, got {_show(group)}.")
        labels = pd.Series(list(group), dtype=object)
    else:
        raise TypeError(f"`group` must be a sequence of labels, got {_show(group)}.")
    if len(labels) != size:
        raise ValueError(
            f"`group` must have the same length as `time`, got {len(labels)} and {size}."
        )
    missing = np.flatnonzero(labels.isna().to_numpy())
    if missing.size:
        where = missing[:10].tolist()
        raise ValueError(
            f"`group` holds {missing.size} missing label(s) (None/NaN) at positions {where}; "
            "give every patient a group or remove those patients first "
            "(e.g. df.dropna(subset=['group']))."
        )
    codes, uniques = pd.factorize(labels, sort=False)
    if len(uniques) < 2:
        raise ValueError(f"`group` must hold at least two groups, got {list(uniques)}.")
    return codes.astype(np.int64), list(uniques)


# ----------------------------------------------------------------------------- combinations


def check_simon_args(
    p0: object, p1: object, alpha: object, beta: object, nmax: object, nmax_limit: int
) -> tuple[float, float, float, float, int]:
    """Simon design arguments: ``0 < p0 < p1 < 1``, error rates in (0, 0.5), whole ``nmax``."""
    p0_ = check_probability("p0", p0)
    p1_ = check_probability("p1", p1)
    if p1_ <= p0_:
        raise ValueError(f"Invalid p0={p0_:g}, p1={p1_:g}; the target rate p1 must exceed p0.")
    alpha_ = check_probability("alpha", alpha)
    beta_ = check_probability("beta", beta)
    if alpha_ >= 0.5 or beta_ >= 0.5:
        raise ValueError(
            f"Invalid alpha={alpha_:g}, beta={beta_:g}; both error rates must lie in (0, 0.5)."
        )
    return p0_, p1_, alpha_, beta_, check_int_range("nmax", nmax, 2, nmax_limit)


def check_simon_boundaries(design: object) -> tuple[int, int, int, int]:
    """``(r1, n1, r, n)`` of a design: whole numbers with ``0 <= r1 < n1 < n``, ``r1 <= r < n``."""
    names = ("r1", "n1", "r", "n")
    if not all(hasattr(design, k) for k in names):
        raise TypeError(f"`design` must be a SimonDesign (with r1, n1, r, n), got {design!r}.")
    r1, n1, r, n = (check_count(f"design.{k}", getattr(design, k)) for k in names)
    if not 0 < n1 < n or not 0 <= r1 < n1 or not r1 <= r < n:
        raise ValueError(
            f"Invalid design r1={r1}, n1={n1}, r={r}, n={n}; need 0 <= r1 < n1 < n, r1 <= r < n."
        )
    return r1, n1, r, n


def check_two_rates(
    rate_a: object,
    rate_b: object,
    alpha: object,
    method: object,
    alternative: object,
    methods: Iterable[str],
) -> tuple[float, float, float, str, str]:
    """Two unequal rates in (0, 1), a significance level, a method and an alternative."""
    a = check_probability("rate_a", rate_a)
    b = check_probability("rate_b", rate_b)
    if a == b:
        raise ValueError(f"Invalid rate_a={a:g}, rate_b={b:g}; the two rates must differ.")
    level = check_probability("alpha", alpha)
    return (
        a,
        b,
        level,
        check_choice("method", method, methods),
        check_choice("alternative", alternative, ALTERNATIVES),
    )


def check_direction(alternative: str, rate_a: float, rate_b: float) -> None:
    """A one-sided alternative that points the way the rates differ."""
    if (alternative == "greater" and rate_a < rate_b) or (
        alternative == "less" and rate_a > rate_b
    ):
        raise ValueError(
            f"Invalid alternative={alternative!r} for rate_a={rate_a:g}, rate_b={rate_b:g}; the "
            "alternative must point in the direction of the difference."
        )


def check_shares(name: str, values: object, size: int) -> np.ndarray:
    """``size`` non-negative shares summing to 1 (to 1e-9)."""
    shares = as_probability_array(name, values)
    if shares.shape != (size,) or not math.isclose(float(shares.sum()), 1.0, rel_tol=1e-9):
        raise ValueError(
            f"Invalid {name}={shares.tolist()}; give {size} non-negative shares summing to 1."
        )
    return shares


def check_given(name: str, value: T | None, why: str) -> T:
    """An optional argument that this call needs."""
    if value is None:
        raise ValueError(f"`{name}` is needed {why}.")
    return value


# ----------------------------------------------------------------------------- randomness


def coerce_rng(rng: object) -> np.random.Generator:
    """A ``numpy.random.Generator`` from a Generator, a non-negative int seed or None."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    if isinstance(rng, numbers.Integral) and not isinstance(rng, (bool, np.bool_)):
        if int(rng) < 0:
            raise ValueError(f"Invalid rng={int(rng)}; an int seed must be >= 0.")
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"`rng` must be a numpy.random.Generator, an int seed >= 0 or None, got {_show(rng)}."
    )


def check_total_at_most(names: str, total: int, limit: int, reason: str) -> None:
    """A total of counts not above ``limit`` (a method's documented range)."""
    if total > limit:
        raise ValueError(f"Invalid {names}={total}; must be at most {limit:.0e}: {reason}.")


def check_time_scale(names: str, log_scale: float) -> None:
    """An exponential time scale ``exp(log_scale)`` within [1e-300, 1e300] (finite draws)."""
    if not abs(log_scale) <= math.log(1e300):
        raise ValueError(
            f"Invalid {names}: together they give exponential survival times of scale "
            f"exp({log_scale:.4g}), outside [1e-300, 1e300]; choose realistic values."
        )


# ----------------------------------------------------------------------------- data tables


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


# ----------------------------------------------------------------------------- bounded reals


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


# ----------------------------------------------------------------------------- course
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
