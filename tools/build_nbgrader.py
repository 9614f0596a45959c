"""Write an nbgrader course folder from the kit's exercises (``make nbgrader``).

    python tools/build_nbgrader.py              # notebooks/NN_*.ipynb -> nbgrader/
    python tools/build_nbgrader.py --out DIR --points 2

One assignment per lesson with exercises: ``nbgrader/source/<lesson>/<lesson>.ipynb``, beside
``nbgrader/nbgrader_config.py`` (course_id ``il2kit``, SQLite gradebook ``gradebook.db``, the
embedded default). Then, in ``nbgrader/``: ``nbgrader generate_assignment <lesson>`` writes the
student version to ``release/``; ``nbgrader autograde <lesson>`` grades ``submitted/``;
``nbgrader export`` writes ``grades.csv`` (instructors/deployment.md: the JupyterHub route).

Each exercise of the instructor notebook is an ``exercise`` stub, its ``solution`` cell and a
self-check cell. In the assignment:

- the answer cell keeps the stub's signature and docstring, with the solution's body between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (nbgrader puts ``raise NotImplementedError()``
  there in the released copy); the solution cell itself goes;
- the self-check ``check("09.2", exercise_2)`` becomes an autograded, locked test cell worth
  ``--points``: ``result = evaluate("09.2", exercise_2); print(result.message);
  assert result.passed``. The expected value is computed by the package
  (``il2kit.exercises.evaluate``), out of the student's sight;
- an old-style self-check ``check_answer("Exercise 1", exercise_1, <expected>)`` computes the
  expected answer in the cell itself: there it goes into a hidden test (``### BEGIN HIDDEN
  TESTS``), which the released copy leaves out and autograding puts back.

Everything else is copied, outputs cleared. Markdown ``<details>`` answers to the "Check your
understanding" questions stay (self-study aids, not graded work).
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import nbformat

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_OUT = REPO_ROOT / "nbgrader"
LESSON = re.compile(r"^(\d\d)_\w+\.ipynb$")
CHECK = re.compile(r"^\s*check\(\s*[\"'](\d\d\.\d+)[\"']\s*,\s*(\w+)\s*\)\s*$", re.MULTILINE)
OLD_CHECK = re.compile(r"check_answer\(\s*[\"']Exercise\s+(\d+)[\"']\s*,\s*(\w+)")
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
def graded_check_source(exercise_id: str, function: str) -> str:
    return (
        f'result = evaluate("{exercise_id}", {function})\n'
        "print(result.message)\n"
        "assert result.passed\n"
    )


def hidden_check_source(check_cell: str) -> str:
    """An old-style self-check (expected value computed in view) as a hidden test."""
    return (
        "# Graded when the assignment is autograded (the expected value is a hidden test).\n"
        "### BEGIN HIDDEN TESTS\n"
        "import contextlib as _contextlib\n"
        "import io as _io\n\n"
        "_printed = _io.StringIO()\n"
        "with _contextlib.redirect_stdout(_printed):\n"
        + textwrap.indent(check_cell.strip(), "    ")
        + "\nprint(_printed.getvalue())\n"
        'assert _printed.getvalue().lstrip().startswith("✓")\n'
        "### END HIDDEN TESTS\n"
    )


def ensure_evaluate_import(nb: nbformat.NotebookNode) -> bool:
    """Add ``evaluate`` to the notebook's ``from il2kit.exercises import ...`` line."""
    found = False
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue

        def add(match: re.Match) -> str:
            names = [n.strip() for n in match.group(1).strip("()").split(",") if n.strip()]
            if "evaluate" not in names:
                names.append("evaluate")
            return f"from il2kit.exercises import {', '.join(names)}"

        new = EXERCISES_IMPORT.sub(add, cell.source)
        found = found or new != cell.source
        cell.source = new
    return found


# ----------------------------------------------------------------------------- notebooks
def assignment(
    nb: nbformat.NotebookNode, number: str, *, points: float = 1
) -> tuple[nbformat.NotebookNode, dict[str, float]]:
    """The nbgrader source version of a lesson ``nb`` (lesson ``number``, e.g. "09")."""
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
        new_style = CHECK.search(check.source) if check is not None else None
        old_style = OLD_CHECK.search(check.source) if check is not None else None
        if not (new_style or old_style):
            raise ConversionError(f"exercise cell {i}: no self-check cell after its solution")
        if new_style:
            exercise_id, function = new_style.groups()
        else:
            exercise_id, function = f"{number}.{old_style.group(1)}", old_style.group(2)
        key = exercise_id.replace(".", "_")
        answer = nbformat.v4.new_code_cell(answer_source(stub.source, solution.source))
        answer.id = stub.get("id") or f"answer-{key}"
        answer.metadata = {
            "tags": [t for t in tags(stub) if t != "exercise"] + ["exercise"],
            "nbgrader": nbgrader_meta(f"answer_{key}", solution=True, grade=False),
        }
        weight = float(check.get("metadata", {}).get("il2kit", {}).get("points", points))
        source = (
            graded_check_source(exercise_id, function)
            if new_style
            else hidden_check_source(check.source)
        )
        test = nbformat.v4.new_code_cell(source)
        test.id = check.get("id") or f"check-{key}"
        test.metadata = {
            "nbgrader": nbgrader_meta(f"check_{key}", solution=False, grade=True, points=weight)
        }
        out.extend(cells[i + 2 : check_at])  # markdown between solution and check, if any
        out += [answer, test]
        counts["exercises"] += 1
        counts["tests"] += 1
        counts["hidden"] += 0 if new_style else 1
        counts["points"] += weight
        i = check_at + 1
    for cell in out:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.cells = out
    if counts["tests"] > counts["hidden"]:
        ensure_evaluate_import(nb)
    return nb, counts


def build_nbgrader(
    notebooks: Iterable[Path] | None = None, out: Path = DEFAULT_OUT, *, points: float = 1
) -> dict[str, dict[str, float]]:
    """Write the course folder ``out`` (its ``source/`` replaced); return per assignment the
    counts of exercises, test cells, hidden tests and points."""
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
        converted, counts = assignment(nb, match.group(1), points=points)
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
    parser.add_argument("--points", type=float, default=1, help="points per self-check (1)")
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
