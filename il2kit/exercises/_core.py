"""What an exercise is, and how an answer is judged.

An :class:`Exercise` declares the kind of answer its question asks for, the expected value
(computed from the data by an independent route, see ``_routes.py``), a tolerance that matches
the question, and at least two likely misconceptions, each with the value it produces and a hint
that teaches without giving the answer away. :func:`diagnose` judges one returned value:

1. the slips any exercise can suffer, recognised from the value's type before any comparison
   (``None``, an empty selection, text for a number or a number for text, a result object for
   its number, a container for a number, a tuple of the wrong length, NaN);
2. the comparison with the expected value, within the tolerance;
3. the exercise's own misconceptions;
4. the slips recognised from the value itself (a percent for a proportion and the reverse, the
   right numbers in the wrong order, the opposite sign, a count of 0 from an empty filter, a
   number rounded too early, a fraction where a whole number is asked);
5. otherwise, the exercise's general hint.

Every message is one or two lines and never prints more than a short representation of the
returned value.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

STATUSES = ("correct", "incorrect", "not_attempted", "error")
KINDS = ("count", "number", "proportion", "percent", "digits", "tuple")
LOWER_CASE_NOTE = 'the data use lower case, e.g. "rcc", "melanoma"'
ROUNDED_HINT = "return the unrounded value (round only where the question asks you to)."


# ----------------------------------------------------------------------------- declarations
@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer.

    Attributes
    ----------
    exercise_id : str
        ``"NN.k"``: notebook number, dot, exercise number.
    status : {"correct", "incorrect", "not_attempted", "error"}
        ``"error"`` means the learner's function raised an exception (or was not a function).
    passed : bool
        True only for ``"correct"``.
    message : str
        The one or two lines :func:`check` prints.
    diagnosis : str
        A machine-readable key for what was recognised: ``"correct"``, ``"not_attempted"``,
        ``"slip:<name>"`` (see ``SLIPS``), ``"misconception:<key>"``, ``"raised:<Exception>"``
        or ``"wrong_value"``.
    """

    exercise_id: str
    status: str
    passed: bool
    message: str
    diagnosis: str = ""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be to the expected value.

    ``rel`` and ``abs`` bound the distance ``|got - expected| <= max(abs, rel * |expected|)``.
    ``decimals`` is set when the question asks for a value rounded to that many decimals: the
    rounded value is then accepted as well as the exact one. ``why`` says why this tolerance
    fits the question (a Monte-Carlo answer gets a few Monte-Carlo standard errors).
    """

    rel: float = 1e-3
    abs: float = 1e-9
    decimals: int | None = None
    why: str = "three significant figures: enough to tell every misconception apart"

    def width(self, expected: float) -> float:
        return max(self.abs, self.rel * abs(expected))

    def accepts(self, got: float, expected: float) -> bool:
        if abs(got - expected) <= self.width(expected):
            return True
        if self.decimals is not None:
            for rounded in _roundings(expected, self.decimals):
                if abs(got - rounded) <= 1e-9 * max(1.0, abs(rounded)):
                    return True
        return False


EXACT = Tolerance(rel=0.0, abs=1e-9, why="a whole number or an identifier: exactly")


@dataclass(frozen=True)
class Answer:
    """The kind of answer a question asks for.

    ``kind`` is one of ``KINDS``. For a tuple, ``names`` names its elements (they are quoted in
    the messages) and ``element`` is the kind of each. ``unit`` names what a number counts
    (e.g. "million IU", "patients per arm").
    """

    kind: str
    unit: str = ""
    names: tuple[str, ...] = ()
    element: str = "number"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"`kind` must be one of {list(KINDS)}, got {self.kind!r}.")

    def describe(self) -> str:
        unit = f" ({self.unit})" if self.unit else ""
        return {
            "count": f"a whole number{unit}",
            "number": f"a number{unit}",
            "proportion": "a proportion between 0 and 1",
            "percent": f"a percentage{unit}",
            "digits": "a string of digits",
            "tuple": f"a tuple {self.shape()}",
        }[self.kind]

    def shape(self) -> str:
        return "(" + ", ".join(self.names) + ")"


@dataclass(frozen=True)
class Misconception:
    """A likely wrong route to an answer: its key, the value it gives and a teaching hint."""

    key: str
    hint: str
    value: Callable[[], Any] = field(repr=False)


@dataclass(frozen=True)
class Exercise:
    """One exercise of one notebook, as the self-check knows it."""

    id: str
    question: str
    answer: Answer
    expected_route: Callable[[], Any] = field(repr=False)
    route: str = ""
    tolerance: Tolerance = Tolerance()
    misconceptions: tuple[Misconception, ...] = ()
    hint: str = ""

    def expected(self) -> Any:
        """The expected value (computed once, then cached)."""
        if self.id not in _EXPECTED:
            _EXPECTED[self.id] = _plain(self.expected_route())
        return _EXPECTED[self.id]

    def misconception_values(self) -> dict[str, Any]:
        """Each misconception's value, keyed by its ``key`` (computed once, then cached)."""
        if self.id not in _MISCONCEPTION_VALUES:
            _MISCONCEPTION_VALUES[self.id] = {m.key: _plain(m.value()) for m in self.misconceptions}
        return _MISCONCEPTION_VALUES[self.id]


_EXPECTED: dict[str, Any] = {}
_MISCONCEPTION_VALUES: dict[str, dict[str, Any]] = {}
REGISTRY: dict[str, Exercise] = {}

#: Slips recognised for every exercise whose answer kind allows them (``diagnosis`` keys).
SLIPS = {
    "none": "returned None (a forgotten return)",
    "empty": "an empty selection (DataFrame, Series, list, string)",
    "function": "returned a function instead of its result",
    "bool": "True/False where a number is asked",
    "nan": "NaN or infinity",
    "text_for_number": "text where a number is asked",
    "number_for_text": "a number where text is asked (a PMID)",
    "text_format": "the right identifier with extra text around it",
    "object": "a result object instead of its number(s)",
    "container": "a Series, array, list or DataFrame where one number is asked",
    "tuple_for_number": "several values where one number is asked",
    "number_for_tuple": "one number where a tuple is asked",
    "wrong_length": "a tuple of the wrong length",
    "order": "the right numbers in the wrong order",
    "element": "a tuple holding None, NaN or text",
    "percent_for_proportion": "a percent where a proportion is asked",
    "proportion_for_percent": "a proportion where a percent is asked",
    "sign": "the right size with the opposite sign",
    "zero_count": "a count of 0 (a filter that matched nothing)",
    "not_whole": "a fraction where a whole number is asked",
    "rounded": "a value rounded more than the question allows",
}


def register(exercise: Exercise) -> Exercise:
    if exercise.id in REGISTRY:
        raise ValueError(f"exercise {exercise.id!r} is registered twice")
    if len(exercise.misconceptions) < 2:
        raise ValueError(f"exercise {exercise.id!r} declares fewer than two misconceptions")
    REGISTRY[exercise.id] = exercise
    return exercise


# ----------------------------------------------------------------------------- helpers
def _roundings(value: float, decimals: int) -> set[float]:
    """``value`` rounded half-up and half-even (Python's ``round``) to ``decimals``."""
    scale = 10**decimals
    half_up = math.floor(abs(value) * scale + 0.5) / scale
    return {math.copysign(half_up, value), round(value, decimals)}


def _rounded_to(value: float, target: float) -> int | None:
    """The number of decimals (0-4) to which ``target`` rounds to ``value``, or None.

    A rounding to zero is not counted: 0 is not "0.157 rounded".
    """
    if float(target).is_integer() or not math.isfinite(target):
        return None
    for decimals in range(0, 5):
        for r in _roundings(target, decimals):
            if r != 0 and abs(value - r) <= 1e-9 * max(1.0, abs(r)):
                return decimals
    return None


def _plain(value: Any) -> Any:
    """NumPy scalars and 0-d arrays become Python numbers; tuples keep their shape."""
    if value is pd.NA or value is pd.NaT:
        return math.nan  # pandas' missing values are NaN to the learner
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, numbers.Rational) and not isinstance(value, numbers.Integral):
        value = float(value)
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _short(value: Any) -> str:
    """A short, safe representation of a learner's value (never a whole table)."""
    if value is None:
        return "None"
    if _is_number(value):
        if isinstance(value, numbers.Integral):
            return str(value)
        return f"{float(value):.6g}"
    if isinstance(value, str):
        text = value if len(value) <= 24 else value[:21] + "..."
        return repr(text)
    if (
        isinstance(value, (tuple, list))
        and len(value) <= 6
        and all(_is_number(_plain(v)) or _plain(v) is None for v in value)
    ):
        inner = ", ".join(_short(_plain(v)) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return f"a {_type_name(value)}"


def _count(n: int, noun: str) -> str:
    """``"1 value"``, ``"3 values"``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _container_text(value: Any, size: int) -> str:
    """``"a DataFrame of 44 rows and 2 columns"`` or ``"a Series of 3 values"``."""
    if isinstance(value, pd.DataFrame):
        rows, cols = value.shape
        return f"a DataFrame of {_count(rows, 'row')} and {_count(cols, 'column')}"
    return f"a {_type_name(value)} of {_count(size, 'value')}"


def _type_name(value: Any) -> str:
    return type(value).__name__


def _size(value: Any) -> int | None:
    """Number of elements of a container, or None for a non-container."""
    if isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        return int(value.size)
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, (list, tuple, dict, set, frozenset, str)):
        return len(value)
    return None


def _flat_values(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    if hasattr(value, "to_numpy"):
        return list(np.asarray(value.to_numpy()).ravel())
    return list(np.asarray(value, dtype=object).ravel())


def _numeric_attributes(value: Any) -> dict[str, float]:
    """Public numeric attributes of a result object (dataclass fields first)."""
    found: dict[str, float] = {}
    names: list[str] = []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
    names += [n for n in dir(value) if not n.startswith("_") and n not in names]
    for name in names:
        try:
            attr = _plain(getattr(value, name))
        except Exception:  # noqa: BLE001 - a property may raise; skip it
            continue
        if _is_number(attr) and math.isfinite(float(attr)):
            found[name] = float(attr)
    return found


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().replace(",", "").rstrip("%").strip()
    try:
        return float(cleaned)
    except ValueError:
        return None


def _is_result_object(value: Any) -> bool:
    if value is None or isinstance(value, (str, bytes, numbers.Number, list, tuple, dict, set)):
        return False
    if isinstance(value, np.ndarray) or _size(value) is not None:
        return False
    return bool(_numeric_attributes(value))


# ----------------------------------------------------------------------------- verdicts
def _verdict(ex: Exercise, status: str, diagnosis: str, text: str, hint: str = "") -> CheckResult:
    mark = {"correct": "✓", "incorrect": "✗", "error": "✗", "not_attempted": "…"}[status]
    message = f"{mark} {ex.id}: {text}"
    if hint:
        message += f"\n  Hint: {hint}"
    return CheckResult(ex.id, status, status == "correct", message, diagnosis)


def _slip(ex: Exercise, name: str, text: str, hint: str = "") -> CheckResult:
    return _verdict(ex, "incorrect", f"slip:{name}", text, hint)


def correct(ex: Exercise) -> CheckResult:
    return _verdict(ex, "correct", "correct", "correct.")


def not_attempted(ex: Exercise) -> CheckResult:
    return _verdict(
        ex,
        "not_attempted",
        "not_attempted",
        "not attempted yet (the stub still raises NotImplementedError).",
    )


EXCEPTION_HINTS = {
    "KeyError": "a column or label with that name does not exist: check its spelling and case "
    f"({LOWER_CASE_NOTE}).",
    "IndexError": "nothing to index: your selection was probably empty (a filter that matched "
    "no rows).",
    "NameError": "a name that is not defined yet: run the cells above first (Run > Run All Cells).",
    "AttributeError": "that attribute does not exist: list an object's attributes with "
    "help(...) or dir(...).",
    "TypeError": "a value of the wrong type reached a function: compare the arguments with "
    "help(...).",
    "ValueError": "a function refused one of its inputs: its message says which and why "
    "(an empty selection is a common cause).",
    "ZeroDivisionError": "a division by zero: is a count, or your selection, empty?",
}


def raised(ex: Exercise, exc: BaseException) -> CheckResult:
    name = type(exc).__name__
    text = " ".join(str(exc).split())
    if len(text) > 80:
        text = text[:77] + "..."
    hint = EXCEPTION_HINTS.get(name, "read the message, fix your function and run it again.")
    return _verdict(ex, "error", f"raised:{name}", f"your function raised {name}: {text}", hint)


def not_callable(ex: Exercise, value: Any) -> CheckResult:
    k = ex.id.split(".")[1]
    return _verdict(
        ex,
        "error",
        "slip:not_callable",
        f"check needs the function itself, got {_short(value)}.",
        f'write check("{ex.id}", exercise_{k}), with no () after exercise_{k}.',
    )


def _wrong(ex: Exercise, got: Any, extra: str = "") -> CheckResult:
    text = f"got {_short(got)}, which is not what the kit computes from the data."
    if extra:
        text = f"got {_short(got)}; {extra}"
    return _verdict(ex, "incorrect", "wrong_value", text, ex.hint)


# ----------------------------------------------------------------------------- diagnosis
def diagnose(ex: Exercise, got: Any) -> CheckResult:
    """Judge the value ``got`` returned for exercise ``ex``."""
    got = _plain(got)
    expected = ex.expected()
    early = _type_slips(ex, got)
    if early is not None:
        return early
    if ex.answer.kind == "tuple":
        return _diagnose_tuple(ex, got, expected)
    if ex.answer.kind == "digits":
        return _diagnose_text(ex, got, expected)
    return _diagnose_number(ex, got, expected)


def _type_slips(ex: Exercise, got: Any) -> CheckResult | None:
    """Slips that any exercise can suffer, recognised from the value's type alone."""
    if got is None:
        return _slip(
            ex,
            "none",
            "your function returned None.",
            "did you forget `return`? A function without it gives back None.",
        )
    size = _size(got)
    if size == 0:
        what = "string" if isinstance(got, str) else _type_name(got)
        return _slip(
            ex,
            "empty",
            f"your function returned an empty {what}: your selection matched nothing.",
            f"check the spelling and case of the values you filter on ({LOWER_CASE_NOTE}).",
        )
    if callable(got) and not _is_result_object(got) and size is None:
        return _slip(
            ex,
            "function",
            "your function returned a function, not its result.",
            "call it with () and return what it gives back.",
        )
    if isinstance(got, bool):
        return _slip(
            ex,
            "bool",
            f"your function returned {got}.",
            f"the question asks for {ex.answer.describe()}, not a yes/no answer.",
        )
    if _is_number(got) and not math.isfinite(float(got)):
        return _slip(
            ex,
            "nan",
            f"your function returned {got}.",
            "a value in the calculation was missing, or a selection was empty "
            f"({LOWER_CASE_NOTE}).",
        )
    return None


def _matches(ex: Exercise, got: Any, target: Any) -> bool:
    """``got`` equals ``target`` within the exercise's tolerance (element-wise for tuples)."""
    target = _plain(target)
    if isinstance(target, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(target):
            return False
        return all(_matches(ex, _plain(g), t) for g, t in zip(got, target, strict=True))
    if isinstance(target, str):
        return isinstance(got, str) and got.strip() == target.strip()
    if not _is_number(got) or not _is_number(target):
        return False
    g, t = float(got), float(target)
    if not (math.isfinite(g) and math.isfinite(t)):
        return False
    return ex.tolerance.accepts(g, t)


def _misconception(ex: Exercise, got: Any) -> CheckResult | None:
    for m in ex.misconceptions:
        if _matches(ex, got, ex.misconception_values()[m.key]):
            return _verdict(
                ex, "incorrect", f"misconception:{m.key}", f"got {_short(got)}: not yet.", m.hint
            )
    return None


def _object_text(value: object, attrs: Sequence[tuple[str, str]]) -> str:
    """``"its `.estimate`"`` or ``"(obj.ci_low, obj.ci_high)"`` for the matching attributes."""
    parts = []
    for name, scale in attrs:
        parts.append(f".{name}" + {"": "", "x100": " times 100", "/100": " divided by 100"}[scale])
    if len(parts) == 1:
        return f"its `{parts[0]}`"
    return "(" + ", ".join(f"`{p}`" for p in parts) + ")"


def _find_attribute(
    ex: Exercise, attributes: dict[str, float], target: float
) -> tuple[str, str] | None:
    for name, value in attributes.items():
        if _matches(ex, value, target):
            return name, ""
    for name, value in attributes.items():
        if _matches(ex, 100 * value, target):
            return name, "x100"
        if _matches(ex, value / 100, target):
            return name, "/100"
    return None


def _diagnose_number(ex: Exercise, got: Any, expected: float) -> CheckResult:
    kind = ex.answer.kind
    if isinstance(got, str):
        parsed = _parse_number(got)
        if parsed is not None:
            return _slip(
                ex,
                "text_for_number",
                f"your function returned the text {_short(got)} (in quotes).",
                f"return the number itself, e.g. float(...); "
                f"the question asks for {ex.answer.describe()}.",
            )
        return _slip(
            ex,
            "text_for_number",
            f"your function returned text, {_short(got)}.",
            f"the question asks for {ex.answer.describe()}.",
        )
    if _is_result_object(got):
        attributes = _numeric_attributes(got)
        attribute = _find_attribute(ex, attributes, expected)
        where = (
            f"the number asked for is {_object_text(got, [attribute])}."
            if attribute
            else f"return the one number asked for, one of its attributes "
            f"(see help({_type_name(got)}))."
        )
        return _slip(
            ex, "object", f"your function returned a {_type_name(got)} object, not a number.", where
        )
    size = _size(got)
    if isinstance(got, (tuple, list)) and size is not None and size > 1:
        at = [i for i, v in enumerate(got) if _matches(ex, _plain(v), expected)]
        where = f" (the one asked for is element {at[0] + 1})" if at else ""
        return _slip(
            ex,
            "tuple_for_number",
            f"your function returned {size} values.",
            f"the question asks for one number{where}.",
        )
    if size is not None:
        values = _flat_values(got)
        if size == 1:
            return _slip(
                ex,
                "container",
                f"your function returned a {_type_name(got)} holding one value.",
                "return the number inside it, e.g. float(...) or .iloc[0].",
            )
        inside = any(_matches(ex, _plain(v), expected) for v in values)
        how = (
            ": select it from them."
            if inside
            else " (count rows with len(...))."
            if ex.answer.kind == "count"
            else "."
        )
        return _slip(
            ex,
            "container",
            f"your function returned {_container_text(got, size)}.",
            "the question asks for one number" + how,
        )
    if not _is_number(got):
        return _wrong(ex, got, f"the question asks for {ex.answer.describe()}.")
    value = float(got)
    if _matches(ex, value, expected):
        if kind == "count" and not value.is_integer():
            return _slip(
                ex,
                "not_whole",
                f"{_short(got)} is not a whole number.",
                f"the question asks for {ex.answer.describe()}.",
            )
        return correct(ex)
    found = _misconception(ex, value)
    if found is not None:
        return found
    return _value_slips(ex, value, expected) or _wrong(ex, got)


def _value_slips(ex: Exercise, value: float, expected: float) -> CheckResult | None:
    kind = ex.answer.kind
    if kind == "proportion" and (
        _matches(ex, value / 100, expected) or _rounded_to(value, 100 * expected) is not None
    ):
        return _slip(
            ex,
            "percent_for_proportion",
            f"got {_short(value)}: that looks like a percent.",
            "the question asks for a proportion between 0 and 1: divide by 100 (and do not round).",
        )
    if kind == "percent" and (
        _matches(ex, value * 100, expected) or _rounded_to(value, expected / 100) is not None
    ):
        return _slip(
            ex,
            "proportion_for_percent",
            f"got {_short(value)}: that looks like a proportion.",
            f"the question asks for {ex.answer.describe()}: multiply by 100.",
        )
    if kind == "count" and value == 0 and expected != 0:
        return _slip(
            ex,
            "zero_count",
            "got 0: your filter matched no rows.",
            f"check the spelling and case of the values you filter on ({LOWER_CASE_NOTE}).",
        )
    if kind == "count" and not value.is_integer():
        ceil = " (sample sizes round up: math.ceil)" if math.ceil(value) == expected else ""
        return _slip(
            ex,
            "not_whole",
            f"{_short(value)} is not a whole number.",
            f"the question asks for {ex.answer.describe()}{ceil}.",
        )
    if expected != 0 and _matches(ex, -value, expected):
        return _slip(
            ex,
            "sign",
            f"got {_short(value)}: the right size with the opposite sign.",
            "subtract in the order the question gives (which arm comes first?).",
        )
    decimals = _rounded_to(value, expected)
    if decimals is not None:
        return _slip(
            ex,
            "rounded",
            f"got {_short(value)}: that looks rounded to "
            f"{decimals} decimal{'s' if decimals != 1 else ''}.",
            ROUNDED_HINT,
        )
    return None


def _diagnose_text(ex: Exercise, got: Any, expected: str) -> CheckResult:
    if _is_number(got):
        if float(got).is_integer() and str(int(got)) == expected:
            return _slip(
                ex,
                "number_for_text",
                f"your function returned the number {_short(got)}.",
                "an identifier such as a PMID is text, not a quantity: return it as "
                "a string, str(...).",
            )
        return _slip(
            ex,
            "number_for_text",
            f"your function returned a number, {_short(got)}.",
            f"the question asks for {ex.answer.describe()}.",
        )
    if _is_result_object(got) or (_size(got) is not None and not isinstance(got, str)):
        size = _size(got)
        if size == 1:
            return _slip(
                ex,
                "container",
                f"your function returned a {_type_name(got)} holding one value.",
                "return the value inside it, e.g. .iloc[0], as a string.",
            )
        return _slip(
            ex,
            "container",
            f"your function returned {_short(got)}.",
            f"the question asks for {ex.answer.describe()}.",
        )
    if not isinstance(got, str):
        return _wrong(ex, got, f"the question asks for {ex.answer.describe()}.")
    if got.strip() == expected:
        return correct(ex)
    digits = "".join(ch for ch in got if ch.isdigit())
    if digits == expected:
        return _slip(
            ex,
            "text_format",
            f"got {_short(got)}.",
            "return the digits only, without any words or punctuation.",
        )
    found = _misconception(ex, got.strip())
    if found is not None:
        return found
    return _wrong(ex, got)


def _diagnose_tuple(ex: Exercise, got: Any, expected: tuple) -> CheckResult:
    names = ex.answer.names
    shape = ex.answer.shape()
    if isinstance(got, str):
        return _slip(
            ex,
            "text_for_number",
            f"your function returned text, {_short(got)}.",
            f"the question asks for a tuple {shape} of numbers.",
        )
    if _is_result_object(got):
        attributes = _numeric_attributes(got)
        located = [_find_attribute(ex, attributes, e) for e in expected]
        pairs = [pair for pair in located if pair is not None]
        where = (
            f"return {_object_text(got, pairs)} as a tuple."
            if len(pairs) == len(located)
            else f"the question asks for a tuple {shape}."
        )
        return _slip(
            ex, "object", f"your function returned a {_type_name(got)} object, not a tuple.", where
        )
    if _is_number(got):
        return _slip(
            ex,
            "number_for_tuple",
            f"your function returned one number, {_short(got)}.",
            f"the question asks for a tuple of {len(expected)}: {shape}.",
        )
    if not isinstance(got, (tuple, list, np.ndarray)) and _size(got) is not None:
        values = [_plain(v) for v in _flat_values(got)]
        if _matches(ex, tuple(values), expected):
            return _slip(
                ex,
                "container",
                f"your function returned a {_type_name(got)}.",
                "return a plain tuple of its values, e.g. tuple(...).",
            )
        return _slip(
            ex,
            "container",
            f"your function returned {_container_text(got, len(values))}.",
            f"the question asks for a tuple {shape}.",
        )
    if not isinstance(got, (tuple, list, np.ndarray)):
        return _wrong(ex, got, f"the question asks for a tuple {shape}.")
    values = (
        [_plain(v) for v in np.asarray(got, dtype=object).ravel()]
        if isinstance(got, np.ndarray)
        else [_plain(v) for v in got]
    )
    if len(values) != len(expected):
        return _slip(
            ex,
            "wrong_length",
            f"your function returned {_count(len(values), 'value')}.",
            f"the question asks for {len(expected)}: {shape}.",
        )
    for name, value in zip(names, values, strict=True):
        if (
            value is None
            or isinstance(value, str)
            or not _is_number(value)
            or not math.isfinite(float(value))
        ):
            return _slip(
                ex,
                "element",
                f"`{name}` is {_short(value)}.",
                f"each element of {shape} must be a number (a forgotten value, an "
                "empty selection or text?).",
            )
    got_t = tuple(values)
    if _matches(ex, got_t, expected):
        return correct(ex)
    found = _misconception(ex, got_t)
    if found is not None:
        return found
    for perm in itertools.permutations(range(len(values))):
        if perm != tuple(range(len(values))) and _matches(
            ex, tuple(values[i] for i in perm), expected
        ):
            return _slip(
                ex,
                "order",
                f"got {_short(got_t)}: the right numbers in the wrong order.",
                f"return them in the order {shape}.",
            )
    element = ex.answer.element
    # every value was checked to be a finite number above
    numbers = cast(list[tuple[float, float]], list(zip(values, expected, strict=True)))
    if element == "proportion" and all(
        _matches(ex, v / 100, e) or _rounded_to(v, 100 * e) is not None for v, e in numbers
    ):
        return _slip(
            ex,
            "percent_for_proportion",
            f"got {_short(got_t)}: those look like percents.",
            "the question asks for proportions between 0 and 1: divide by 100.",
        )
    if element == "percent" and all(
        _matches(ex, v * 100, e) or _rounded_to(v, e / 100) is not None for v, e in numbers
    ):
        return _slip(
            ex,
            "proportion_for_percent",
            f"got {_short(got_t)}: those look like proportions.",
            "the question asks for percentages: multiply by 100.",
        )
    if all(_matches(ex, v, e) or _rounded_to(v, e) is not None for v, e in numbers):
        return _slip(ex, "rounded", f"got {_short(got_t)}: those look rounded.", ROUNDED_HINT)
    right = [n for n, v, e in zip(names, values, expected, strict=True) if _matches(ex, v, e)]
    if right:
        wrong = [n for n in names if n not in right]
        return _wrong(
            ex,
            got_t,
            f"{', '.join(right)} {'is' if len(right) == 1 else 'are'} "
            f"right, {', '.join(wrong)} not yet.",
        )
    return _wrong(ex, got_t)
