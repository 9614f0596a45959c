"""The nbgrader course folder (``make nbgrader``: tools/build_nbgrader.py), graded by nbgrader.

The converter is tested on a fixture lesson in the lessons' exercise format
(``tests/fixtures/90_fixture_lesson.ipynb``: stub, solution, ``check("90.N", exercise_N)``).
Its exercise ids are not in the kit's registry, so ``il2kit.exercises.evaluate`` and ``check``
answer them through a stub put on the kernel's PYTHONPATH (``tests/fixtures/nbgrader_stub``),
and the hidden tests take their expected values from the stub's ``EXPECTED``.

Every test cell holds a hidden test (``### BEGIN HIDDEN TESTS``): the expected value as a
literal, compared without the kit, and a check that the answer does not ask the kit for it
(``get_exercise(...).expected()``). The hidden test's code is tested here in-process against
the kit's own verdicts; nbgrader's ``ClearHiddenTests`` must leave no literal in any lesson's
release. Then nbgrader itself runs (``generate_assignment``, ``autograde``, ``export``): the
released copy holds no solution and no hidden test; the solutions submitted as one student's
work score full marks; the untouched release scores zero; on a real lesson, an answer that asks
the kit for its value, and a wrong answer behind a redefined ``evaluate``, score zero on their
cell. A slow test runs every lesson's assignment, solutions in place, in a kernel: every worked
solution passes its hidden test.
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from il2kit.exercises import evaluate, exercise_ids, get_exercise

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE = FIXTURES / "90_fixture_lesson.ipynb"
STUB = FIXTURES / "nbgrader_stub"
LESSON = re.compile(r"^\d\d_\w+\.ipynb$")
MARKER = re.compile(r"### (BEGIN|END) SOLUTION")
HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)
HIDDEN_CALL = re.compile(r"^_hidden_test\((\w+), (.*), exercise_id='([\d.]+)'", re.MULTILINE)
CHECK_CALL = re.compile(r'^result = evaluate\("([\d.]+)", (\w+)\)', re.MULTILINE)


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


def fixture_answer_key(exercise_id: str):
    """The fixture's expected values: the stub's ``EXPECTED`` (read, not imported: importing
    the stub would patch the kit in this process), within the stub's ``rel_tol=1e-6``."""
    from il2kit.exercises import Tolerance

    tree = ast.parse((STUB / "sitecustomize.py").read_text(encoding="utf-8"))
    expected = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXPECTED"
    )[exercise_id]
    tol = Tolerance(rel=1e-6)
    kind = "tuple" if isinstance(expected, tuple) else "proportion"
    return (expected, kind, tol.rel, tol.abs, tol.decimals)


def hidden_calls(source_nb) -> list[tuple[str, str, str]]:
    """(function, expected literal, exercise id) of every hidden test in a source notebook."""
    found = []
    for cell in source_nb.cells:
        for block in HIDDEN.findall(cell.source):
            found += [(m[0], m[1], m[2]) for m in HIDDEN_CALL.findall(block)]
    return found


def secret_literals(source_nb) -> list[str]:
    """What a released copy must not hold: each hidden call and each expected literal (the
    literals of one or two characters, such as ``3``, excepted: they occur in any text)."""
    found = []
    for _, expected, exercise_id in hidden_calls(source_nb):
        found.append(f"exercise_id='{exercise_id}'")
        found += [expected] if len(expected) > 2 else []
    return found


def cell_scores(course: Path, assignment: str, student: str) -> dict[str, float]:
    """Each autograded cell's score of one student, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission_notebook(assignment, assignment, student)
        return {grade.name: grade.score for grade in submission.grades}


def resubmitted(nb, grade_id: str, source: str):
    """A copy of submission ``nb`` with answer cell ``grade_id`` replaced by ``source``."""
    nb = nbformat.from_dict(nb)
    cells = [c for c in nb.cells if grading(c).get("grade_id") == grade_id]
    assert len(cells) == 1, grade_id
    cells[0].source = source
    return nb


def round_trip(course: Path, assignment: str, extra=None) -> dict[str, dict[str, float]]:
    """generate_assignment, the submissions (solved, untouched and ``extra(release, solved)``'s
    {student: notebook}), autograde, export: scores."""
    notebook = f"{assignment}.ipynb"
    nbgrader(course, "generate_assignment", assignment, "--force")
    release = nbformat.read(course / "release" / assignment / notebook, as_version=4)
    source = nbformat.read(course / "source" / assignment / notebook, as_version=4)
    submissions = {"solved": solved(release, source), "untouched": release}
    submissions.update(extra(release, submissions["solved"]) if extra else {})
    for student, nb in submissions.items():
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
    hidden = secret_literals(source)
    assert hidden, "the source has no hidden tests: the check would prove nothing"
    released = "\n".join(c.source for c in release.cells)
    assert "_hidden_test" not in released
    assert not [s for s in hidden if s in released], "hidden literals in the released copy"
    answers = [c for c in release.cells if grading(c).get("solution")]
    assert answers and all("raise NotImplementedError()" in c.source for c in answers)
    tests = [c for c in release.cells if grading(c).get("grade")]
    assert tests and all(grading(c)["locked"] and grading(c)["points"] > 0 for c in tests)


# ----------------------------------------------------------------------------- converter
@pytest.fixture(scope="module")
def converted(tmp_path_factory, load_tool):
    course = tmp_path_factory.mktemp("course")
    tool = load_tool("build_nbgrader")
    summary = tool.build_nbgrader(
        [FIXTURE], course, answer_key=lambda i: tool.AnswerKey(*fixture_answer_key(i))
    )
    return course, summary


def test_fixture_is_in_the_target_format():
    nb = nbformat.read(FIXTURE, as_version=4)
    checks = [c.source for c in nb.cells if c.source.startswith("check(")]
    assert checks == ['check("90.1", exercise_1)', 'check("90.2", exercise_2)']
    assert [tags(c) for c in nb.cells if tags(c)] == [["exercise"], ["solution"]] * 2


def test_course_folder_layout_and_config(converted):
    course, summary = converted
    assert summary == {
        "90_fixture_lesson": {"exercises": 2, "tests": 2, "hidden": 2, "points": 2.0}
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
    assert [c.source.split("### BEGIN HIDDEN TESTS")[0] for c in tests] == [
        f'result = evaluate("90.{k}", exercise_{k})\nprint(result.message)\nassert result.passed\n'
        for k in (1, 2)
    ]
    # one hidden test per cell, the expected value stored as a literal
    assert [len(HIDDEN.findall(c.source)) for c in tests] == [1, 1]
    assert hidden_calls(nb) == [
        ("exercise_1", "0.25", "90.1"),
        ("exercise_2", "(12, 48)", "90.2"),
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


def lessons_with_exercises(notebook_paths) -> list[Path]:
    found = [
        p
        for p in notebook_paths
        if LESSON.match(p.name)
        and any("exercise" in tags(c) for c in nbformat.read(p, as_version=4).cells)
    ]
    if not found:
        pytest.skip("no lesson has exercises")
    return found


def cheats(release, solved_nb) -> dict:
    """Two submissions of the solved lesson whose first answer cheats: one asks the kit for the
    expected value, one redefines ``evaluate`` to pass everything and returns None."""
    check = next(c for c in release.cells if grading(c).get("grade"))
    exercise_id, function = CHECK_CALL.search(check.source).groups()
    answer_id = "answer_" + exercise_id.replace(".", "_")
    asks = (
        "from il2kit.exercises import get_exercise\n\n\n"
        f"def {function}():\n    return get_exercise({exercise_id!r}).expected()\n"
    )
    tampered = (
        "import types\n\n\n"
        "def evaluate(exercise_id, fn):\n"
        '    return types.SimpleNamespace(passed=True, message="✓ correct")\n\n\n'
        f"def {function}():\n    return None\n"
    )
    return {
        "asks_kit": resubmitted(solved_nb, answer_id, asks),
        "tampered": resubmitted(solved_nb, answer_id, tampered),
    }


@pytest.mark.slow
def test_nbgrader_round_trip_on_a_lesson(tmp_path, load_tool, notebook_paths):
    """A real lesson: full marks for the solutions, zero for the untouched release, and zero on
    the first test cell for an answer that asks the kit (``get_exercise(...).expected()``) and
    for a wrong answer behind a redefined ``evaluate`` (the kit's check in view passes both)."""
    lesson = min(lessons_with_exercises(notebook_paths), key=lambda p: p.stat().st_size)
    course = tmp_path / "course"
    summary = load_tool("build_nbgrader").build_nbgrader([lesson], course)
    points = summary[lesson.stem]["points"]
    scores = round_trip(course, lesson.stem, extra=cheats)
    assert_release_holds_no_solution(course, lesson.stem)
    assert scores["solved"] == {"score": points, "max_score": points}
    assert scores["untouched"] == {"score": 0.0, "max_score": points}
    full = cell_scores(course, lesson.stem, "solved")
    first = next(iter(full))
    assert first.startswith("check_") and sum(full.values()) == points
    for student in ("asks_kit", "tampered"):
        cells = cell_scores(course, lesson.stem, student)
        assert cells == {**full, first: 0.0}, student
        assert scores[student]["score"] == points - full[first], student


def test_every_lesson_converts(tmp_path, load_tool, notebook_paths):
    """Every lesson converts; each test cell holds one hidden test with the kit's expected
    value as a literal, and nbgrader's ClearHiddenTests (what generate_assignment runs) leaves
    none of the literals."""
    from nbgrader.preprocessors import ClearHiddenTests

    lessons = [p for p in notebook_paths if LESSON.match(p.name)]
    summary = load_tool("build_nbgrader").build_nbgrader(lessons, tmp_path)
    for path in lessons:
        nb = nbformat.read(path, as_version=4)
        n_exercises = sum("exercise" in tags(c) for c in nb.cells)
        if not n_exercises:
            assert path.stem not in summary
            continue
        assert summary[path.stem]["tests"] == n_exercises, path.name
        assert summary[path.stem]["hidden"] == n_exercises, path.name
        converted = nbformat.read(tmp_path / "source" / path.stem / path.name, as_version=4)
        assert not any("solution" in tags(c) for c in converted.cells)
        assert not any(c.get("outputs") for c in converted.cells if c.cell_type == "code")
        ids = [grading(c)["grade_id"] for c in converted.cells if grading(c)]
        assert len(ids) == len(set(ids)) == 2 * n_exercises
        tests = [c for c in converted.cells if grading(c).get("grade")]
        assert all(len(HIDDEN.findall(c.source)) == 1 for c in tests), path.name
        calls = hidden_calls(converted)
        assert len(calls) == n_exercises, path.name
        for function, expected, exercise_id in calls:
            assert ast.literal_eval(expected) == get_exercise(exercise_id).expected()
            assert function == "exercise_" + exercise_id.split(".")[1]
        released, _ = ClearHiddenTests().preprocess(nbformat.from_dict(converted), {})
        text = "\n".join(c.source for c in released.cells)
        assert "_hidden_test" not in text and "BEGIN HIDDEN" not in text, path.name
        assert not [s for s in secret_literals(converted) if s in text], path.name
    every = {
        i
        for name in summary
        for *_, i in hidden_calls(
            nbformat.read(tmp_path / "source" / name / f"{name}.ipynb", as_version=4)
        )
    }
    assert every == set(exercise_ids()), "an exercise of the kit has no hidden test"


@pytest.mark.slow
def test_every_worked_solution_passes_its_hidden_test(tmp_path, load_tool, notebook_paths):
    """Every lesson's assignment (solutions and hidden tests in place) runs in a kernel without
    an error: no worked solution is refused by its hidden test (about a minute)."""
    from nbclient import NotebookClient

    lessons = lessons_with_exercises(notebook_paths)
    load_tool("build_nbgrader").build_nbgrader(lessons, tmp_path)
    for path in lessons:
        nb = nbformat.read(tmp_path / "source" / path.stem / path.name, as_version=4)
        assert hidden_calls(nb), path.name
        NotebookClient(
            nb,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(tmp_path)}},
        ).execute()  # raises CellExecutionError naming the cell that failed


# ----------------------------------------------------------------------------- hidden test code
@pytest.fixture(scope="module")
def hidden_test(tmp_path_factory, load_tool):
    """``hidden(fn_source, exercise_id)``: the hidden test's code as written into the cells,
    run against a function defined in a module file (as a notebook cell is, its source can be
    read); returns None when it passes, else the AssertionError's message."""
    tool = load_tool("build_nbgrader")
    folder = tmp_path_factory.mktemp("answers")
    counter = iter(range(10**6))

    def hidden(fn_source: str, exercise_id: str, key=None) -> str | None:
        key = key or tool.kit_answer_key(exercise_id)
        name = f"answer_{next(counter)}"
        path = folder / f"{name}.py"
        path.write_text(fn_source, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        namespace: dict = {}
        exec(compile(tool.HIDDEN_TEST_SOURCE, "<hidden>", "exec"), namespace)
        try:
            namespace["_hidden_test"](
                module.answer,
                key.expected,
                exercise_id=exercise_id,
                kind=key.kind,
                rel=key.rel,
                abs_=key.abs,
                decimals=key.decimals,
            )
        except AssertionError as exc:
            return str(exc)
        return None

    return hidden


def value_source(value) -> str:
    return f"import math\nimport numpy as np\n\n\ndef answer():\n    return {value}\n"


def test_hidden_test_agrees_with_the_kit_on_every_exercise(hidden_test):
    """The expected value passes, as do the forms the kit accepts (NumPy scalars, a list for a
    tuple, the value rounded where the question allows it); each misconception's value fails
    whenever the kit refuses it."""
    for exercise_id in exercise_ids():
        exercise = get_exercise(exercise_id)
        expected = exercise.expected()
        assert hidden_test(value_source(repr(expected)), exercise_id) is None, exercise_id
        assert evaluate(exercise_id, lambda v=expected: v).passed
        if isinstance(expected, float):
            numpy = f"np.float64({expected!r})"
            assert hidden_test(value_source(numpy), exercise_id) is None, exercise_id
            if exercise.tolerance.decimals is not None:
                rounded = round(expected, exercise.tolerance.decimals)
                assert evaluate(exercise_id, lambda v=rounded: v).passed
                assert hidden_test(value_source(repr(rounded)), exercise_id) is None
        if isinstance(expected, tuple):
            listed = repr(list(expected))
            assert hidden_test(value_source(listed), exercise_id) is None, exercise_id
            array = f"np.array({listed})"
            assert hidden_test(value_source(array), exercise_id) is None, exercise_id
        for key, value in exercise.misconception_values().items():
            if evaluate(exercise_id, lambda v=value: v).passed:
                continue
            message = hidden_test(value_source(repr(value)), exercise_id)
            assert message and "not the expected value" in message, (exercise_id, key)


@pytest.mark.parametrize(
    "body",
    [
        "None",
        "True",
        "'0.3'",
        "0.3 * 1.01",
        "[0.3]",
        "math.nan",
    ],
)
def test_hidden_test_refuses_a_wrong_answer(hidden_test, body):
    assert "not the expected value" in hidden_test(value_source(body), "07.2")


def test_hidden_test_refuses_a_fraction_for_a_count(hidden_test):
    assert get_exercise("07.3").expected() == 3
    assert hidden_test(value_source("3"), "07.3") is None
    assert hidden_test(value_source("3.0"), "07.3") is None
    assert "not the expected value" in hidden_test(value_source("3.2"), "07.3")


ASKING = {
    "get_exercise": (
        "from il2kit.exercises import get_exercise\n\n\n"
        "def answer():\n    return get_exercise('07.2').expected()\n"
    ),
    "expected_route": (
        "import il2kit.exercises as ex\n\n\n"
        "def answer():\n    return ex.REGISTRY['07.2'].expected_route()\n"
    ),
    "evaluate": (
        "from il2kit.exercises import evaluate\n\n\n"
        "def answer():\n    return evaluate('07.2', lambda: 0).exercise_id and 0.3\n"
    ),
    "import in the function": (
        "def answer():\n"
        "    import importlib\n"
        "    m = importlib.import_module('il2kit.exercises')\n"
        "    return getattr(m, 'get_exercise')('07.2').expected()\n"
    ),
    "an alias": (
        "from il2kit.exercises import get_exercise as g\n\n\n"
        "def answer():\n    return g('07.2').expected()\n"
    ),
    # below, no name in the answer's source gives it away: the globals it reads do
    "a helper function": (
        "from il2kit.exercises import get_exercise as g\n\n\n"
        "def helper():\n    return g('07.2')\n\n\n"
        "def answer():\n    return getattr(helper(), 'expect' + 'ed')()\n"
    ),
    "an exercise object": (
        "from il2kit.exercises import get_exercise\n\nEX = get_exercise('07.2')\n\n\n"
        "def answer():\n    return getattr(EX, 'expect' + 'ed')()\n"
    ),
    "a lambda": (
        "from il2kit.exercises import get_exercise\n\n"
        "answer = lambda: get_exercise('07.2').expected()  # noqa: E731\n"
    ),
}


@pytest.mark.parametrize("how", list(ASKING))
def test_hidden_test_refuses_an_answer_that_asks_the_kit(hidden_test, how):
    """The value is right (the kit gives it), so only the source check can refuse it."""
    message = hidden_test(ASKING[how], "07.2")
    assert message and "not asked of the kit" in message, message


def test_hidden_test_passes_a_computed_answer_that_uses_the_kit(hidden_test):
    """The kit's analysis modules, a docstring that says "expected" and a local variable of
    that name are not the answer key."""
    source = (
        "from il2kit import evidence\n\n\n"
        "def helper():\n    return 0.3\n\n\n"
        "def answer():\n"
        '    """The expected difference (evaluate it from the data)."""\n'
        "    expected = helper()\n"
        "    assert evidence is not None\n"
        "    return expected\n"
    )
    assert hidden_test(source, "07.2") is None


@pytest.mark.slow
def test_make_nbgrader_command_writes_every_assignment_with_hidden_tests(tmp_path, repo_root):
    """`make nbgrader` runs ``tools/build_nbgrader.py`` as a script (its ``main``), which the
    tests above, calling ``build_nbgrader()``, do not: every lesson with exercises becomes an
    assignment and the summary counts one hidden test per exercise."""
    run = subprocess.run(
        [sys.executable, str(repo_root / "tools" / "build_nbgrader.py"), "--out", str(tmp_path)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = re.findall(
        r"^(\S+): (\d+) exercises, (\d+) autograded tests \((\d+) hidden\)", run.stdout, re.M
    )
    assert len(lines) >= 19, run.stdout
    assert all(int(n) > 0 and n == tests == hidden for _, n, tests, hidden in lines), lines
    assert sorted(p.name for p in (tmp_path / "source").iterdir()) == sorted(n for n, *_ in lines)
    assert (tmp_path / "nbgrader_config.py").is_file()
