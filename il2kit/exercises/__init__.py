"""Self-checks for the notebooks' exercises.

Each exercise in a notebook is a stub function the learner fills in, followed by a self-check
cell that is exactly ``check("09.2", exercise_2)``: notebook number, dot, exercise number. The
expected answer is not in the notebook. The kit computes it from the data by a route other than
the worked solution's (see ``_routes.py``), so a check cannot pass merely because it shares the
solution's code, and reading the self-check cell gives nothing away.

A wrong answer gets a diagnosis, not only a cross: the checker first recognises the slips any
exercise can suffer (a forgotten ``return``, an empty selection, text for a number or a PMID as
a number, a result object instead of its number, a tuple of the wrong length or order, a percent
for a proportion, NaN), then the misconceptions each exercise declares (a Wald interval where
the exact one is asked, DerSimonian-Laird where REML is asked, ...), each with a hint that
teaches without giving the answer. A stub that still raises ``NotImplementedError`` prints
"not attempted yet", so a learner's copy runs top to bottom.

>>> from il2kit.exercises import check, evaluate
>>> check("00.1", lambda: None)
✗ 00.1: your function returned None.
  Hint: did you forget `return`? A function without it gives back None.
>>> evaluate("03.3", lambda: 3 / 60).diagnosis
'misconception:rule_of_three'
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from il2kit.exercises import (  # noqa: F401 (registers)
    _catalog_13_14,
    _catalog_15_17,
    _catalog_16,
    _catalog_lessons,
    _catalog_methods,
)
from il2kit.exercises._core import (
    REGISTRY,
    SLIPS,
    Answer,
    CheckResult,
    Exercise,
    Misconception,
    Tolerance,
    diagnose,
    not_attempted,
    not_callable,
    raised,
)

__all__ = [
    "check",
    "evaluate",
    "CheckResult",
    "Exercise",
    "Answer",
    "Tolerance",
    "Misconception",
    "exercise_ids",
    "get_exercise",
    "SLIPS",
]


def exercise_ids() -> list[str]:
    """Every registered exercise id, in notebook order (``"00.1"``, ``"00.2"``, ...)."""
    return sorted(REGISTRY, key=lambda i: tuple(int(p) for p in i.split(".")))


def get_exercise(exercise_id: str) -> Exercise:
    """The declaration of one exercise (question, answer kind, tolerance, misconceptions).

    Raises
    ------
    TypeError
        If ``exercise_id`` is not a string.
    ValueError
        If no exercise has that id; the message lists the closest ids.
    """
    if not isinstance(exercise_id, str):
        raise TypeError(f'`exercise_id` must be a string such as "09.2", got {exercise_id!r}.')
    try:
        return REGISTRY[exercise_id]
    except KeyError:
        close = difflib.get_close_matches(exercise_id, exercise_ids(), n=3, cutoff=0.5)
        raise ValueError(
            f"Invalid exercise_id={exercise_id!r}; must be 'NN.k', one of {close or '00.1 ...'}."
        ) from None


def evaluate(exercise_id: str, fn: Callable[[], Any]) -> CheckResult:
    """Call ``fn()`` and judge its answer to exercise ``exercise_id``; print nothing.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``, e.g. ``"09.2"`` for notebook 09, exercise 2.
    fn : callable
        The learner's function (called with no arguments).

    Returns
    -------
    CheckResult
        ``status`` is ``"correct"``, ``"incorrect"``, ``"not_attempted"`` (the stub still
        raises ``NotImplementedError``) or ``"error"`` (the function raised, or ``fn`` is not a
        function); ``message`` is what :func:`check` prints; ``diagnosis`` names what was
        recognised.

    Examples
    --------
    >>> from il2kit.exercises import evaluate
    >>> result = evaluate("00.2", lambda: 10561265)
    >>> result.status, result.diagnosis
    ('incorrect', 'slip:number_for_text')
    >>> def stub():
    ...     raise NotImplementedError("Exercise 1")
    >>> evaluate("00.1", stub).status
    'not_attempted'
    """
    exercise = get_exercise(exercise_id)
    if not callable(fn):
        return not_callable(exercise, fn)
    try:
        got = fn()
    except NotImplementedError:
        return not_attempted(exercise)
    except Exception as exc:  # a learner's bug: report it, never stop the notebook
        return raised(exercise, exc)
    return diagnose(exercise, got)


def check(exercise_id: str, fn: Callable[[], Any]) -> None:
    """Print one or two lines saying whether ``fn()`` answers exercise ``exercise_id``.

    ✓ for a correct answer, ✗ with a diagnosis and a hint for a wrong one, … for a stub not yet
    attempted. Returns None, so a notebook cell shows the printed lines and nothing else.

    Examples
    --------
    >>> from il2kit.exercises import check
    >>> check("00.2", lambda: "PMID 10561265")
    ✗ 00.2: got 'PMID 10561265'.
      Hint: return the digits only, without any words or punctuation.
    """
    print(evaluate(exercise_id, fn).message)
