"""Self-checks for the notebooks' exercises.

An exercise is a stub function the learner fills in; :func:`check_answer` calls it and compares
the result with the value the kit computes. A stub that still raises ``NotImplementedError``
gets a friendly "not attempted yet" line instead of a traceback, so a student copy of a
notebook runs top to bottom.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

__all__ = ["check_answer"]


def _close(got: Any, expected: Any, rtol: float, atol: float) -> bool:
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(expected)
            and all(_close(g, e, rtol, atol) for g, e in zip(got, expected, strict=False))
        )
    if isinstance(expected, str):
        return isinstance(got, str) and got.strip().lower() == expected.strip().lower()
    if isinstance(expected, bool) or expected is None:
        return got == expected
    try:
        return math.isclose(float(got), float(expected), rel_tol=rtol, abs_tol=atol)
    except (TypeError, ValueError):
        return False


def check_answer(
    name: str,
    answer: Callable[[], Any],
    expected: Any,
    *,
    rtol: float = 1e-3,
    atol: float = 1e-9,
    hint: str = "",
) -> None:
    """Call ``answer()`` and print whether it matches ``expected``.

    It prints rather than returns, so a notebook cell shows one clear line and nothing else.

    Numbers match within ``rtol`` (relative) or ``atol`` (absolute); tuples and lists element by
    element; strings ignoring case and surrounding spaces.

    Examples
    --------
    >>> check_answer("Exercise 0", lambda: 0.1451, 37 / 255)
    ✓ Exercise 0: correct.
    >>> def stub():
    ...     raise NotImplementedError("Exercise 0: write your code here")
    >>> check_answer("Exercise 0", stub, 1.0)
    … Exercise 0: not attempted yet (the stub still raises NotImplementedError).
    """
    if not callable(answer):
        raise TypeError(f"`answer` must be a function to call, got {answer!r}.")
    try:
        got = answer()
    except NotImplementedError:
        print(f"… {name}: not attempted yet (the stub still raises NotImplementedError).")
        return
    except Exception as exc:  # a learner's bug: report it, never stop the notebook
        print(f"✗ {name}: your function raised {type(exc).__name__}: {exc}")
        return
    if _close(got, expected, rtol, atol):
        print(f"✓ {name}: correct.")
        return
    print(f"✗ {name}: got {got!r}, which is not what the kit computes. {hint}".rstrip())
