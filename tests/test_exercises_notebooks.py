"""Every notebook exercise against the registry of self-checks.

Each lesson's code cells run in this process (Agg backend) up to its last solution; then every
worked solution must pass its self-check and every stub must read "not attempted". The
Exercises sections are checked for what a learner sees: self-check cells that are exactly
``check("NN.k", exercise_k)``, no other code, and no expected value in a task, stub or comment.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from il2kit.exercises import evaluate, exercise_ids, get_exercise

SELF_CHECK = re.compile(r'check\("(?P<nb>\d\d)\.(?P<k>\d+)", exercise_(?P<fn>\d+)\)')


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def lessons(paths: list[Path]) -> list[Path]:
    return [p for p in paths if re.match(r"\d\d_", p.name)]


def exercise_section(nb) -> list:
    """The cells from the '## Exercises' heading to the next '## ' heading."""
    start = next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and c.source.lstrip().startswith("## Exercises")
    )
    end = next(
        (
            i
            for i in range(start + 1, len(nb.cells))
            if nb.cells[i].cell_type == "markdown"
            and re.match(r"##\s", nb.cells[i].source.lstrip())
        ),
        len(nb.cells),
    )
    return nb.cells[start:end]


def solutions(nb) -> list[tuple[int, str]]:
    """(cell index, function name) of every solution cell, in order."""
    found = []
    for i, cell in enumerate(nb.cells):
        if "solution" in tags(cell):
            found.append((i, re.search(r"def (exercise_\d+)", cell.source).group(1)))
    return found


@pytest.fixture(scope="module")
def lesson_paths(notebook_paths) -> list[Path]:
    return lessons(notebook_paths)


def test_registry_and_notebooks_hold_the_same_exercises(lesson_paths):
    in_notebooks = []
    for path in lesson_paths:
        nb = nbformat.read(path, as_version=4)
        in_notebooks += [f"{path.name[:2]}.{name.split('_')[1]}" for _, name in solutions(nb)]
    assert sorted(in_notebooks) == sorted(exercise_ids())


def test_self_check_cells_are_exactly_check_calls(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    found = solutions(nb)
    for number, (index, name) in enumerate(found, start=1):
        assert name == f"exercise_{number}", f"solution {index} defines {name}"
        following = next(c for c in nb.cells[index + 1 :] if c.cell_type == "code")
        expected = f'check("{notebook_path.name[:2]}.{number}", exercise_{number})'
        assert following.source.strip() == expected, (
            f"the code cell after solution {number} should be exactly {expected}, "
            f"got {following.source!r}"
        )
    for cell in nb.cells:
        if cell.cell_type == "code" and "check(" in cell.source:
            assert SELF_CHECK.fullmatch(cell.source.strip()) or "def " in cell.source, (
                f"a code cell calls check(...) with more than the self-check: {cell.source!r}"
            )


def test_exercise_sections_hold_only_tasks_stubs_solutions_and_checks(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    for cell in exercise_section(nbformat.read(notebook_path, as_version=4)):
        if cell.cell_type != "code":
            continue
        is_part = {"exercise", "solution"} & set(tags(cell)) or SELF_CHECK.fullmatch(
            cell.source.strip()
        )
        assert is_part, f"a code cell in the Exercises section is no exercise part: {cell.source!r}"


def shown_forms(value) -> set[str]:
    """How an expected value would appear if a task, stub or comment gave it away."""
    if isinstance(value, tuple):
        return set().union(*(shown_forms(v) for v in value))
    if isinstance(value, str):
        return {value}
    if float(value).is_integer():
        return set()  # whole numbers (3, 22) appear in tasks for other reasons
    return {f"{value:.3g}", f"{value:.4g}", f"{100 * value:.3g}%", f"{value:.3f}"}


def test_no_task_stub_or_comment_gives_the_answer_away(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    section = [c for c in exercise_section(nb) if "solution" not in tags(c)]
    text = "\n".join(c.source for c in section)
    for _, name in solutions(nb):
        exercise_id = f"{notebook_path.name[:2]}.{name.split('_')[1]}"
        for form in shown_forms(get_exercise(exercise_id).expected()):
            assert form not in text, f"{exercise_id}: the Exercises section shows {form!r}"


def test_no_cell_of_the_lesson_shows_an_identifier_asked_for(notebook_path):
    # An identifier (a PMID) asked for is never written in the lesson's text or code: the
    # learner looks it up in the data. (Printed outputs, e.g. the References, come after.)
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if "solution" not in tags(c))
    for _, name in solutions(nb):
        exercise_id = f"{notebook_path.name[:2]}.{name.split('_')[1]}"
        ex = get_exercise(exercise_id)
        if ex.answer.kind == "digits":
            assert ex.expected() not in text, f"{exercise_id}: the lesson shows {ex.expected()}"


def test_stored_self_check_outputs_say_correct(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    nb = nbformat.read(notebook_path, as_version=4)
    for cell in nb.cells:
        match = SELF_CHECK.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
        if match:
            printed = "".join(o.get("text", "") for o in cell.outputs)
            assert printed == f"✓ {match['nb']}.{match['k']}: correct.\n", printed


# ----------------------------------------------------------------------------- solutions run
def run_until_last_solution(path: Path) -> tuple[nbformat.NotebookNode, dict]:
    """Execute the notebook's code cells in this process, up to its last solution cell."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nb = nbformat.read(path, as_version=4)
    last = solutions(nb)[-1][0]
    namespace: dict = {"__name__": "__main__", "display": lambda *a, **k: None}
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        for index, cell in enumerate(nb.cells[: last + 1]):
            if cell.cell_type != "code":
                continue
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell.source, f"<{path.name} cell {index}>", "exec"), namespace)
            plt.close("all")
    finally:
        os.chdir(cwd)
    return nb, namespace


@pytest.mark.slow
def test_worked_solutions_pass_and_stubs_are_not_attempted(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson")
    nb, namespace = run_until_last_solution(notebook_path)
    for index, name in solutions(nb):
        exercise_id = f"{notebook_path.name[:2]}.{name.split('_')[1]}"
        result = evaluate(exercise_id, namespace[name])
        assert result.passed, f"the worked solution fails its self-check: {result.message}"
        stub = next(c for c in reversed(nb.cells[:index]) if "exercise" in tags(c))
        scratch = dict(namespace)
        exec(compile(stub.source, f"<{notebook_path.name} stub>", "exec"), scratch)
        assert evaluate(exercise_id, scratch[name]).status == "not_attempted"
