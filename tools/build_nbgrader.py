"""Write an nbgrader course folder from the kit's exercises (``make nbgrader``).

    python tools/build_nbgrader.py              # notebooks/NN_*.ipynb -> nbgrader/
    python tools/build_nbgrader.py --out DIR --points 2

One assignment per lesson with exercises: ``nbgrader/source/<lesson>/<lesson>.ipynb``, beside
``nbgrader/nbgrader_config.py`` (course_id ``il2kit``, SQLite gradebook ``gradebook.db``, the
embedded default). Then, in ``nbgrader/``: ``nbgrader generate_assignment <lesson>`` writes the
student version to ``release/``; ``nbgrader autograde <lesson>`` grades ``submitted/``;
``nbgrader export`` writes ``grades.csv`` (instructors/deployment.md: the JupyterHub route).

Each exercise of the instructor notebook is an ``exercise`` stub, its ``solution`` cell and a
self-check cell ``check("09.2", exercise_2)``. In the assignment:

- the answer cell keeps the stub's signature and docstring, with the solution's body between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader puts ``raise NotImplementedError()``
  there in the released copy); the solution cell itself goes;
- the self-check becomes an autograded, locked test cell worth ``--points``. Its visible part is
  the kit's feedback: ``result = evaluate("09.2", exercise_2); print(result.message);
  assert result.passed``. Its hidden part (``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN
  TESTS``, left out of the released copy, put back by ``nbgrader autograde``) does not trust the
  kit in the student's kernel: (a) it compares the student's answer with the expected value
  written into the cell as a literal when the assignment is built, within the exercise's
  tolerance, in code of its own (a redefined ``check`` or ``evaluate`` cannot pass it); (b) it
  fails when the answer function (or a function or object it uses) asks the kit for the answer:
  ``get_exercise``, ``.expected()``, ``.expected_route``, ``evaluate``, ``il2kit.exercises``.

The hidden tests are only as private as the course folder that holds them: the repository is
open, so the kit's answer keys and worked solutions are public, like a published course's. Keep
``nbgrader/`` (``source/`` holds the hidden literals) in the instructor's private course folder.
The hidden tests stop the one-line answer and a tampered checker; they are no proof against a
student who copies the public solutions or subverts Python itself (read the code you grade).

Everything else is copied, outputs cleared. Markdown ``<details>`` answers to the "Check your
understanding" questions stay (self-study aids, not graded work).
"""

from __future__ import annotations

import argparse
import ast
import copy
import inspect
import math
import numbers
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "nbgrader"
LESSON = re.compile(r"^(\d\d)_\w+\.ipynb$")
CHECK = re.compile(r"^\s*check\(\s*[\"'](\d\d\.\d+)[\"']\s*,\s*(\w+)\s*\)\s*$", re.MULTILINE)
EXERCISES_IMPORT = re.compile(r"^from il2kit\.exercises import ([\w, ()]+)$", re.MULTILINE)
SCHEMA = 3

CONFIG = '''\
"""nbgrader configuration of the il2kit course (written by `make nbgrader`).

Run nbgrader from this folder: `nbgrader generate_assignment 09_phase2_designs`, then
`nbgrader autograde 09_phase2_designs` and `nbgrader export` (grades.csv). On a JupyterHub the
exchange folder is shared by the students' servers (instructors/deployment.md).
"""

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = "il2kit"
# The gradebook: SQLite in this folder (nbgrader's embedded default).
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# What a student sees in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}
# Lessons run their simulations when graded: allow a few minutes per cell.
c.Execute.timeout = 300
'''


class ConversionError(ValueError):
    """The notebook's exercises are not in the shape the converter understands."""


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def nbgrader_meta(grade_id: str, *, solution: bool, grade: bool, points: float = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": SCHEMA,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


# ----------------------------------------------------------------------------- answer cells
def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _docstring_end(func: ast.FunctionDef) -> int | None:
    first = func.body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant):
        if isinstance(first.value.value, str):
            return first.end_lineno
    return None


def _body_start(func: ast.FunctionDef, lines: list[str]) -> int:
    """0-based index of the first line of ``func``'s body after its docstring (comments that
    open the body included)."""
    end = _docstring_end(func)
    if end is not None:
        return end
    start = func.body[0].lineno - 1
    while start - 1 > func.lineno - 1 and lines[start - 1].strip().startswith("#"):
        start -= 1
    return start


def answer_source(stub: str, solution: str) -> str:
    """The stub's signature and docstring with the solution's body between nbgrader's solution
    markers; solution code outside the function goes into a top-level solution region.

    >>> stub = "def f(x):\\n    'Twice x.'\\n    raise NotImplementedError('Exercise 1')\\n"
    >>> solution = "def f(x):\\n    'Twice x.'\\n    # double it\\n    return 2 * x\\n"
    >>> print(answer_source(stub, solution))
    def f(x):
        'Twice x.'
        ### BEGIN SOLUTION
        # double it
        return 2 * x
        ### END SOLUTION
    <BLANKLINE>
    """
    stub_lines, sol_lines = stub.splitlines(), solution.splitlines()
    stub_funcs = _functions(ast.parse(stub))
    sol_tree = ast.parse(solution)
    sol_funcs = _functions(sol_tree)
    if not stub_funcs:
        raise ConversionError(f"the exercise stub defines no function:\n{stub}")
    missing = set(stub_funcs) - set(sol_funcs)
    if missing:
        raise ConversionError(f"the solution does not define {sorted(missing)}")
    out: list[str] = []
    # solution code outside the stub's functions (helpers, imports): one top-level region
    used = set()
    for func in stub_funcs:
        node = sol_funcs[func]
        used.update(range(node.lineno - 1 - len(node.decorator_list), node.end_lineno or 0))
    extra = [line for i, line in enumerate(sol_lines) if i not in used and line.strip() != ""]
    cursor = 0
    for name, func in stub_funcs.items():
        if not isinstance(func.body[-1], ast.Raise):
            raise ConversionError(f"the stub of {name} does not end with a raise")
        raise_at = func.body[-1].lineno - 1  # the stub's `raise NotImplementedError(...)`
        out.extend(stub_lines[cursor:raise_at])
        node = sol_funcs[name]
        body = sol_lines[_body_start(node, sol_lines) : node.end_lineno]
        indent = re.match(r"\s*", next(line for line in body if line.strip())).group(0)
        out += [f"{indent}### BEGIN SOLUTION", *body, f"{indent}### END SOLUTION"]
        cursor = func.end_lineno or raise_at + 1
    out.extend(stub_lines[cursor:])
    if extra:
        out = ["### BEGIN SOLUTION", *extra, "### END SOLUTION", "", *out]
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------------------- test cells
class AnswerKey(NamedTuple):
    """What a hidden test needs of one exercise: the expected value (a plain literal), the
    answer kind and the tolerance (``il2kit.exercises.Tolerance``: ``rel``, ``abs``,
    ``decimals``)."""

    expected: Any
    kind: str
    rel: float
    abs: float
    decimals: int | None = None


def kit_answer_key(exercise_id: str) -> AnswerKey:
    """The kit's answer key for ``exercise_id`` (computed now, when the assignment is built)."""
    from il2kit.exercises import get_exercise

    exercise = get_exercise(exercise_id)
    tol = exercise.tolerance
    return AnswerKey(exercise.expected(), exercise.answer.kind, tol.rel, tol.abs, tol.decimals)


def literal(value: Any) -> str:
    """``repr(value)``, checked to read back as the same value (a number, text or a tuple)."""
    text = repr(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConversionError(f"an expected value must be finite, got {text}")
    if not isinstance(value, (str, numbers.Real, tuple)) or ast.literal_eval(text) != value:
        raise ConversionError(f"the expected value {text} is not a plain literal")
    return text


def _hidden_test(fn, expected, *, exercise_id, kind, rel, abs_, decimals):
    """The hidden test of one exercise; its source is written into the test cell, so it uses
    nothing of the kit (the student's kernel may have redefined it) and imports what it needs.

    (a) ``fn()`` must equal ``expected`` within the tolerance (the kit's rule: ``|got - expected|
    <= max(abs_, rel * |expected|)``, or ``expected`` rounded to ``decimals``); a tuple element
    by element, text after stripping. (b) ``fn``'s source, and that of any function of the
    notebook it calls, must not name the kit's answer machinery, and no global it reads may come
    from ``il2kit.exercises``.
    """
    import dis
    import inspect
    import io
    import math
    import numbers
    import tokenize
    import types

    names = {"get_exercise", "evaluate", "diagnose", "exercises", "REGISTRY", "_EXPECTED"}
    attributes = names | {"expected", "expected_route", "misconception_values", "_routes"}
    texts = ("il2kit.exercises", "get_exercise", "expected_route", "REGISTRY", "_EXPECTED")

    def asks_the_kit(source):
        found, previous = [], None
        try:
            for tok in tokenize.generate_tokens(io.StringIO(source).readline):
                if tok.type == tokenize.NAME and (
                    tok.string in names or (previous == "." and tok.string in attributes)
                ):
                    found.append(("." if previous == "." else "") + tok.string)
                elif tok.type == tokenize.STRING:
                    found += [t for t in texts if t in tok.string]
                if tok.type not in (tokenize.NL, tokenize.COMMENT):
                    previous = tok.string
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
        return found

    def from_the_kit(value):
        module = value.__name__ if isinstance(value, types.ModuleType) else None
        for name in (module, getattr(value, "__module__", None), type(value).__module__):
            if isinstance(name, str) and name.startswith("il2kit.exercises"):
                return True
        return False

    def uses(code):  # the global names the code reads (not its attribute names)
        for instruction in dis.get_instructions(code):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                yield instruction.argval
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                yield from uses(const)

    seen, todo, problems = set(), [fn], []
    while todo:
        f = todo.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        try:
            source = inspect.getsource(f)
        except (OSError, TypeError):
            problems.append(f"the source of {getattr(f, '__name__', f)!r} cannot be read")
            continue
        problems += [f"it uses `{w}`" for w in asks_the_kit(source)]
        code = getattr(f, "__code__", None)
        if code is None:
            continue
        used = [f.__globals__[n] for n in uses(code) if n in f.__globals__]
        for cell in f.__closure__ or ():
            try:
                used.append(cell.cell_contents)
            except ValueError:  # a free variable not yet bound
                pass
        for value in used:
            if from_the_kit(value):
                what = getattr(value, "__name__", type(value).__name__)
                problems.append(f"it reads `{what}` of il2kit.exercises")
            elif isinstance(value, types.FunctionType) and value.__globals__ is f.__globals__:
                todo.append(value)  # a function of the notebook: read it too
    assert not problems, (
        f"{exercise_id}: the answer must be computed, not asked of the kit's answer key "
        f"({'; '.join(sorted(set(problems)))})."
    )

    def plain(value):
        if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
            value = value.item()
        if isinstance(value, numbers.Rational) and not isinstance(value, numbers.Integral):
            value = float(value)
        return value

    def close(got, want):
        got = plain(got)
        if isinstance(want, tuple):
            if type(got).__module__ == "numpy" and type(got).__name__ == "ndarray":
                got = got.ravel().tolist()
            return (
                isinstance(got, (tuple, list))
                and len(got) == len(want)
                and all(close(g, w) for g, w in zip(got, want, strict=True))
            )
        if isinstance(want, str):
            return isinstance(got, str) and got.strip() == want.strip()
        if isinstance(got, bool) or not isinstance(got, numbers.Real):
            return False
        g = float(got)
        if not math.isfinite(g) or (kind == "count" and not g.is_integer()):
            return False
        if abs(g - want) <= max(abs_, rel * abs(want)):
            return True
        if decimals is None:
            return False
        half_up = math.floor(abs(want) * 10**decimals + 0.5) / 10**decimals
        roundings = (math.copysign(half_up, want), round(want, decimals))
        return any(abs(g - r) <= 1e-9 * max(1.0, abs(r)) for r in roundings)

    got = fn()
    assert close(got, expected), f"{exercise_id}: the answer is not the expected value."


HIDDEN_TEST_SOURCE = inspect.getsource(_hidden_test)


def graded_check_source(exercise_id: str, function: str, key: AnswerKey) -> str:
    """The autograded test cell: the kit's feedback in view, then the hidden test (the function
    above and one call with the expected value as a literal)."""
    call = (
        f"_hidden_test({function}, {literal(key.expected)}, exercise_id={exercise_id!r}, "
        f"kind={key.kind!r}, rel={key.rel!r}, abs_={key.abs!r}, decimals={key.decimals!r})"
    )
    return (
        f'result = evaluate("{exercise_id}", {function})\n'
        "print(result.message)\n"
        "assert result.passed\n"
        "### BEGIN HIDDEN TESTS\n"
        "# Hidden test (tools/build_nbgrader.py): the expected value was stored when the\n"
        "# assignment was built; the kit in the student's kernel is not asked.\n"
        f"{HIDDEN_TEST_SOURCE}\n\n"
        f"{call}\n"
        "del _hidden_test\n"
        "### END HIDDEN TESTS\n"
    )


def ensure_evaluate_import(nb: nbformat.NotebookNode) -> bool:
    """Add ``evaluate`` to the notebook's ``from il2kit.exercises import ...`` line; False if
    there is no such line."""
    found = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue

        def add(match: re.Match) -> str:
            names = [n.strip() for n in match.group(1).strip("()").split(",") if n.strip()]
            if "evaluate" not in names:
                names.append("evaluate")
            return f"from il2kit.exercises import {', '.join(names)}"

        found = found or EXERCISES_IMPORT.search(cell.source) is not None
        cell.source = EXERCISES_IMPORT.sub(add, cell.source)
    return found


# ----------------------------------------------------------------------------- notebooks
def assignment(
    nb: nbformat.NotebookNode,
    number: str,
    *,
    points: float = 1,
    answer_key: Callable[[str], AnswerKey] = kit_answer_key,
) -> tuple[nbformat.NotebookNode, dict[str, float]]:
    """The nbgrader source version of a lesson ``nb`` (lesson ``number``, e.g. "09");
    ``answer_key(exercise_id)`` gives each hidden test its expected value and tolerance."""
    nb = copy.deepcopy(nb)
    nb.metadata.pop("widgets", None)
    cells = nb.cells
    out: list = []
    counts: dict[str, float] = {"exercises": 0, "tests": 0, "hidden": 0, "points": 0.0}
    i = 0
    while i < len(cells):
        cell = cells[i]
        if "solution" in tags(cell):
            raise ConversionError(f"solution cell {i} follows no exercise stub")
        if "exercise" not in tags(cell):
            out.append(cell)
            i += 1
            continue
        # exercise stub, its solution, the self-check after it
        if i + 1 >= len(cells) or "solution" not in tags(cells[i + 1]):
            raise ConversionError(f"exercise cell {i} has no solution cell after it")
        stub, solution = cell, cells[i + 1]
        check_at = next((j for j in range(i + 2, len(cells)) if cells[j].cell_type == "code"), None)
        check = cells[check_at] if check_at is not None else None
        found = CHECK.search(check.source) if check is not None else None
        if check is None or found is None:
            raise ConversionError(
                f'exercise cell {i}: no self-check `check("{number}.N", exercise_N)` after it'
            )
        exercise_id, function = found.groups()
        key = exercise_id.replace(".", "_")
        answer = nbformat.v4.new_code_cell(answer_source(stub.source, solution.source))
        answer.id = stub.get("id") or f"answer-{key}"
        answer.metadata = {
            "tags": [t for t in tags(stub) if t != "exercise"] + ["exercise"],
            "nbgrader": nbgrader_meta(f"answer_{key}", solution=True, grade=False),
        }
        weight = float(check.get("metadata", {}).get("il2kit", {}).get("points", points))
        source = graded_check_source(exercise_id, function, answer_key(exercise_id))
        test = nbformat.v4.new_code_cell(source)
        test.id = check.get("id") or f"check-{key}"
        test.metadata = {
            "nbgrader": nbgrader_meta(f"check_{key}", solution=False, grade=True, points=weight)
        }
        out.extend(cells[i + 2 : check_at])  # markdown between solution and check, if any
        out += [answer, test]
        counts["exercises"] += 1
        counts["tests"] += 1
        counts["hidden"] += 1
        counts["points"] += weight
        i = check_at + 1
    for cell in out:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.cells = out
    if counts["tests"] and not ensure_evaluate_import(nb):
        raise ConversionError("no `from il2kit.exercises import ...` line to add `evaluate` to")
    return nb, counts


def build_nbgrader(
    notebooks: Iterable[Path] | None = None,
    out: Path = DEFAULT_OUT,
    *,
    points: float = 1,
    answer_key: Callable[[str], AnswerKey] = kit_answer_key,
) -> dict[str, dict[str, float]]:
    """Write the course folder ``out`` (its ``source/`` replaced); return per assignment the
    counts of exercises, test cells, hidden tests and points. ``answer_key`` (default: the
    kit's, ``il2kit.exercises``) gives the expected values the hidden tests store."""
    paths = sorted(notebooks) if notebooks is not None else sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    out = Path(out)
    source = out / "source"
    if source.exists():
        shutil.rmtree(source)
    source.mkdir(parents=True)
    (out / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    summary = {}
    for path in paths:
        match = LESSON.match(Path(path).name)
        if not match:
            continue
        nb = nbformat.read(path, as_version=4)
        if not any("exercise" in tags(c) for c in nb.cells):
            continue
        converted, counts = assignment(nb, match.group(1), points=points, answer_key=answer_key)
        nbformat.validate(converted)
        name = Path(path).stem
        (source / name).mkdir()
        nbformat.write(converted, source / name / Path(path).name)
        summary[name] = counts
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="course folder (nbgrader/)")
    parser.add_argument("--points", type=float, default=1, help="points per test cell (1)")
    args = parser.parse_args(argv)
    summary = build_nbgrader(args.notebooks or None, args.out, points=args.points)
    for name, c in summary.items():
        print(
            f"{name}: {c['exercises']:.0f} exercises, {c['tests']:.0f} autograded tests "
            f"({c['hidden']:.0f} hidden), {c['points']:g} points"
        )
    print(
        f"{len(summary)} assignment(s) in {args.out / 'source'}; next: cd {args.out} && "
        "nbgrader generate_assignment <assignment>"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
