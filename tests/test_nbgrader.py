"""The nbgrader course folder (``make nbgrader``: tools/build_nbgrader.py), graded by nbgrader.

The converter is tested on a fixture lesson in the target exercise format
(``tests/fixtures/90_fixture_lesson.ipynb``: stub, solution, ``check("90.N", exercise_N)``);
``il2kit.exercises.evaluate`` and ``check`` for its two exercises come from a stub put on the
kernel's PYTHONPATH (``tests/fixtures/nbgrader_stub``) until the exercises package lands. Then
nbgrader itself runs (``generate_assignment``, ``autograde``, ``export``): the released copy holds
no solution; the solutions submitted as one student's work score full marks; the untouched
release scores zero. A slow test does the same round trip on a real lesson (old-style
self-checks, graded by hidden tests), and every lesson converts.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "90_fixture_lesson.ipynb"
STUB = FIXTURES / "nbgrader_stub"
LESSON = re.compile(r"^\d\d_\w+\.ipynb$")
MARKER = re.compile(r"### (BEGIN|END) SOLUTION")


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def grading(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def nbgrader(course: Path, *args: str) -> str:
    """Run nbgrader in ``course`` (its alembic migrations need the venv's bin on PATH)."""
    env = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=os.pathsep.join(filter(None, [str(STUB), os.environ.get("PYTHONPATH")])),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        PYTHONHASHSEED="0",
    )
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, (
        f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout + result.stderr


def solution_lines(source_nb) -> set[str]:
    """The lines between the solution markers (what a student must write)."""
    lines, inside = set(), False
    for cell in source_nb.cells:
        for line in cell.source.splitlines():
            if "### BEGIN SOLUTION" in line:
                inside = True
            elif "### END SOLUTION" in line:
                inside = False
            elif inside and len(line.strip()) > 8 and not line.strip().startswith("#"):
                lines.add(line.strip())
    return lines


def solved(release_nb, source_nb):
    """The release with each answer cell filled in as the instructor's solution (markers
    removed): the solutions submitted as a student's work."""
    answers = {
        grading(c)["grade_id"]: c.source for c in source_nb.cells if grading(c).get("solution")
    }
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        if grading(cell).get("solution"):
            lines = answers[grading(cell)["grade_id"]].splitlines()
            cell.source = "\n".join(ln for ln in lines if not MARKER.search(ln))
    return nb


def round_trip(course: Path, assignment: str) -> dict[str, dict[str, float]]:
    """generate_assignment, two submissions (solved, untouched), autograde, export: scores."""
    notebook = f"{assignment}.ipynb"
    nbgrader(course, "generate_assignment", assignment, "--force")
    release = nbformat.read(course / "release" / assignment / notebook, as_version=4)
    source = nbformat.read(course / "source" / assignment / notebook, as_version=4)
    for student, nb in (("solved", solved(release, source)), ("untouched", release)):
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / notebook)
    nbgrader(course, "autograde", assignment, "--force")
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    with (course / "grades.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    return {
        r["student_id"]: {"score": float(r["score"]), "max_score": float(r["max_score"])}
        for r in rows
        if r["assignment"] == assignment
    }


def assert_release_holds_no_solution(course: Path, assignment: str) -> None:
    notebook = f"{assignment}.ipynb"
    source = nbformat.read(course / "source" / assignment / notebook, as_version=4)
    release_path = course / "release" / assignment / notebook
    release = nbformat.read(release_path, as_version=4)
    text = release_path.read_text(encoding="utf-8")
    secret = solution_lines(source)
    assert secret, "the source has no solution lines: the check would prove nothing"
    leaked = [line for line in secret if line in text]
    assert not leaked, f"solution lines in the released copy: {leaked}"
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    answers = [c for c in release.cells if grading(c).get("solution")]
    assert answers and all("raise NotImplementedError()" in c.source for c in answers)
    tests = [c for c in release.cells if grading(c).get("grade")]
    assert tests and all(grading(c)["locked"] and grading(c)["points"] > 0 for c in tests)


# ----------------------------------------------------------------------------- converter
@pytest.fixture(scope="module")
def converted(tmp_path_factory, load_tool):
    course = tmp_path_factory.mktemp("course")
    summary = load_tool("build_nbgrader").build_nbgrader([FIXTURE], course)
    return course, summary


def test_fixture_is_in_the_target_format():
    nb = nbformat.read(FIXTURE, as_version=4)
    checks = [c.source for c in nb.cells if c.source.startswith("check(")]
    assert checks == ['check("90.1", exercise_1)', 'check("90.2", exercise_2)']
    assert [tags(c) for c in nb.cells if tags(c)] == [["exercise"], ["solution"]] * 2


def test_course_folder_layout_and_config(converted):
    course, summary = converted
    assert summary == {
        "90_fixture_lesson": {"exercises": 2, "tests": 2, "hidden": 0, "points": 2.0}
    }
    assert (course / "source" / "90_fixture_lesson" / "90_fixture_lesson.ipynb").is_file()
    config = (course / "nbgrader_config.py").read_text()
    assert 'course_id = "il2kit"' in config
    assert "sqlite:///gradebook.db" in config


def test_answer_cells_hold_signature_docstring_and_marked_solution(converted):
    course, _ = converted
    nb = nbformat.read(course / "source" / "90_fixture_lesson" / "90_fixture_lesson.ipynb", 4)
    answers = [c for c in nb.cells if grading(c).get("solution")]
    assert [grading(c)["grade_id"] for c in answers] == ["answer_90_1", "answer_90_2"]
    assert answers[0].source == (
        "def exercise_1():\n"
        '    """The response rate of the trial (a proportion)."""\n'
        "    ### BEGIN SOLUTION\n"
        "    # responders over everyone treated\n"
        "    return responders / n\n"
        "    ### END SOLUTION\n"
    )
    # solution code outside the function gets a top-level region of its own
    assert answers[1].source.startswith("### BEGIN SOLUTION\nfrom operator import index\n")
    assert not any("solution" in tags(c) for c in nb.cells), "solution cells must go"
    assert all(not grading(c)["locked"] and not grading(c)["grade"] for c in answers)


def test_self_checks_become_locked_autograded_tests(converted):
    course, _ = converted
    nb = nbformat.read(course / "source" / "90_fixture_lesson" / "90_fixture_lesson.ipynb", 4)
    tests = [c for c in nb.cells if grading(c).get("grade")]
    assert [c.source for c in tests] == [
        f'result = evaluate("90.{k}", exercise_{k})\nprint(result.message)\nassert result.passed\n'
        for k in (1, 2)
    ]
    assert all(grading(c)["locked"] and grading(c)["points"] == 1 for c in tests)
    assert "from il2kit.exercises import check, evaluate" in nb.cells[1].source
    assert not any(c.source.startswith("check(") for c in nb.cells)


# ----------------------------------------------------------------------------- nbgrader itself
@pytest.mark.slow
def test_nbgrader_round_trip_on_the_fixture(converted):
    course, _ = converted
    scores = round_trip(course, "90_fixture_lesson")
    assert_release_holds_no_solution(course, "90_fixture_lesson")
    assert scores["solved"] == {"score": 2.0, "max_score": 2.0}
    assert scores["untouched"] == {"score": 0.0, "max_score": 2.0}


@pytest.mark.slow
def test_nbgrader_round_trip_on_a_lesson(tmp_path, load_tool, notebook_paths):
    """A real lesson (old-style self-checks become hidden tests): full marks and zero."""
    with_exercises = [
        p
        for p in notebook_paths
        if LESSON.match(p.name)
        and any("exercise" in tags(c) for c in nbformat.read(p, as_version=4).cells)
    ]
    if not with_exercises:
        pytest.skip("no lesson has exercises")
    lesson = min(with_exercises, key=lambda p: p.stat().st_size)
    course = tmp_path / "course"
    summary = load_tool("build_nbgrader").build_nbgrader([lesson], course)
    points = summary[lesson.stem]["points"]
    scores = round_trip(course, lesson.stem)
    assert_release_holds_no_solution(course, lesson.stem)
    assert scores["solved"] == {"score": points, "max_score": points}
    assert scores["untouched"] == {"score": 0.0, "max_score": points}


def test_every_lesson_converts(tmp_path, load_tool, notebook_paths):
    lessons = [p for p in notebook_paths if LESSON.match(p.name)]
    summary = load_tool("build_nbgrader").build_nbgrader(lessons, tmp_path)
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        n_exercises = sum("exercise" in tags(c) for c in nb.cells)
        if not n_exercises:
            assert path.stem not in summary
            continue
        assert summary[path.stem]["tests"] == n_exercises, path.name
        converted = nbformat.read(tmp_path / "source" / path.stem / path.name, as_version=4)
        assert not any("solution" in tags(c) for c in converted.cells)
        assert not any(c.get("outputs") for c in converted.cells if c.cell_type == "code")
        ids = [grading(c)["grade_id"] for c in converted.cells if grading(c)]
        assert len(ids) == len(set(ids)) == 2 * n_exercises
