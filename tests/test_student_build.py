"""Student copies (tools/build_student.py) hide the solutions and still run top to bottom.

The instructor notebooks are the source of truth; their stored self-check outputs say "✓", while
a student copy, run before any exercise is attempted, says "not attempted yet" and raises nothing.
"""

from __future__ import annotations
import __future__

import ast
import json
import os
import re
from pathlib import Path

import nbformat
import pytest

SELF_CHECK = 'check("'
# A solution line this short or this generic reveals nothing (and may well occur elsewhere).
TRIVIAL = re.compile(r"^(?:[\W_]*|return|pass|else:|try:|\w+\s*=\s*\[\]|import \w+)$")
# Compile stubs with annotations deferred: a stub's type hints may name imports from earlier cells.
DEFER_ANNOTATIONS = __future__.annotations.compiler_flag


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory, load_tool, notebook_paths) -> Path:
    out = tmp_path_factory.mktemp("student")
    manifest = load_tool("build_student").build_student(notebook_paths, out)
    assert sorted(manifest) == sorted(p.name for p in notebook_paths)
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    return out


def student_of(student_dir: Path, notebook_path: Path) -> nbformat.NotebookNode:
    return nbformat.read(student_dir / notebook_path.name, as_version=4)


def test_no_solution_cell_remains(student_dir, notebook_path):
    student = student_of(student_dir, notebook_path)
    left = [i for i, c in enumerate(student.cells) if "solution" in tags(c)]
    assert not left, f"solution cells {left} in the student copy"
    instructor = nbformat.read(notebook_path, as_version=4)
    n_solutions = sum("solution" in tags(c) for c in instructor.cells)
    assert len(student.cells) == len(instructor.cells) - n_solutions


def test_no_solution_text_leaks(student_dir, notebook_path):
    instructor = nbformat.read(notebook_path, as_version=4)
    shared = {
        line.strip()
        for cell in instructor.cells
        if "solution" not in tags(cell)
        for line in cell.source.splitlines()
    }
    secret = {
        line.strip()
        for cell in instructor.cells
        if "solution" in tags(cell)
        for line in cell.source.splitlines()
    }
    secret = {s for s in secret - shared if len(s) >= 8 and not TRIVIAL.match(s)}
    student = student_of(student_dir, notebook_path)
    student_lines = {line.strip() for c in student.cells for line in c.source.splitlines()}
    leaked = sorted(secret & student_lines)
    assert not leaked, "solution lines in the student copy:\n" + "\n".join(leaked)


def test_outputs_are_empty(student_dir, notebook_path):
    student = student_of(student_dir, notebook_path)
    dirty = [
        i
        for i, c in enumerate(student.cells)
        if c.cell_type == "code" and (c.outputs or c.execution_count is not None)
    ]
    assert not dirty, f"cells {dirty} keep outputs or execution counts"
    assert "widgets" not in student.metadata


def test_exercise_stubs_still_raise(student_dir, notebook_path):
    student = student_of(student_dir, notebook_path)
    stubs = [c for c in student.cells if "exercise" in tags(c)]
    if not stubs:
        pytest.skip(f"{notebook_path.name} has no exercises")
    for cell in stubs:
        namespace: dict = {}
        exec(
            compile(cell.source, f"<{notebook_path.name} stub>", "exec", DEFER_ANNOTATIONS),
            namespace,
        )
        functions = [n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef)]
        assert functions, f"exercise stub defines no function:\n{cell.source}"
        for name in functions:
            func = namespace[name]
            n_args = func.__code__.co_argcount - len(func.__defaults__ or ())
            with pytest.raises(NotImplementedError, match="Exercise"):
                func(*[None] * n_args)


def smallest_lessons_with_exercises(paths: list[Path], count: int = 2) -> list[Path]:
    with_exercises = [
        p for p in paths if any("exercise" in tags(c) for c in nbformat.read(p, as_version=4).cells)
    ]
    return sorted(with_exercises, key=lambda p: p.stat().st_size)[:count]


@pytest.mark.slow
def test_smallest_student_copies_run_top_to_bottom(
    student_dir, notebook_paths, notebooks_dir, load_tool
):
    from nbclient import NotebookClient

    chosen = smallest_lessons_with_exercises(notebook_paths)
    if not chosen:
        pytest.skip("no notebook has exercises yet")
    execute = load_tool("execute_notebooks")
    os.environ.update(execute.KERNEL_ENV)
    for path in chosen:
        student = student_of(student_dir, path)
        NotebookClient(
            student,
            timeout=300,
            kernel_name="python3",
            kernel_manager_class=execute.CurrentEnvKernelManager,
            resources={"metadata": {"path": str(notebooks_dir)}},  # student/ sits beside it
        ).execute()  # raises CellExecutionError on any error
        printed = "".join(
            o.get("text", "")
            for c in student.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "stream"
        )
        assert "not attempted" in printed, f"{path.name}: no 'not attempted' self-check line"


def test_instructor_self_checks_pass(notebook_path):
    nb = nbformat.read(notebook_path, as_version=4)
    checks = [
        (i, c)
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and SELF_CHECK in c.source and "exercise" not in tags(c)
    ]
    if not checks:
        pytest.skip(f"{notebook_path.name} has no self-check cells")
    for index, cell in checks:
        text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "✓" in text, f"self-check cell {index} stored no '✓': {text!r}"
        assert "not attempted" not in text and "✗" not in text, (
            f"self-check cell {index} did not pass with the solution: {text!r}"
        )
