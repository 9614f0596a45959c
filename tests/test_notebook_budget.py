"""Notebook code stays what a learner reads and could write (issue 11).

The logic lives in ``il2kit``; a lesson's code cells load, call and print. Two budgets for the
lessons together: fewer than 1,300 non-comment code lines and fewer than 80 raw matplotlib calls
(a method called on ``plt``, a figure or an Axes: ``ax.set_title(...)``, ``plt.subplots(...)``),
and per lesson at most 100 lines and 8 raw calls, so no single lesson hoards the budget. No line of
a lesson's code cells is longer than 100 characters (ruff's line length for the package): a wider
line scrolls sideways in JupyterLab, and packing code into long lines is no way to meet a budget.
"""

from __future__ import annotations

import re

import nbformat
import pytest

TOTAL_LINES, TOTAL_RAW = 1300, 80
LESSON_LINES, LESSON_RAW = 100, 8
LINE_LENGTH = 100
RAW_CALL = re.compile(r"\b(?:plt|fig\w*|ax\w*|axes(?:\[[^\]]*\])?|left|right)\.[A-Za-z_]\w*\(")


def lesson_paths(notebook_paths):
    return [p for p in notebook_paths if re.match(r"\d\d_", p.name)]


def code_lines(path) -> list[str]:
    """Non-blank, non-comment lines of the code cells (solutions and stubs included)."""
    nb = nbformat.read(path, as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines += [
                line
                for line in cell.source.splitlines()
                if line.strip() and not line.strip().startswith("#")
            ]
    return lines


def long_lines(path) -> list[str]:
    """'cell N: <line>' for each line of a code cell (comments included) over LINE_LENGTH."""
    nb = nbformat.read(path, as_version=4)
    return [
        f"cell {index} ({len(line)} characters): {line}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if len(line) > LINE_LENGTH
    ]


def raw_calls(lines: list[str]) -> int:
    return sum(len(RAW_CALL.findall(line)) for line in lines)


def test_the_counter_counts_what_it_should():
    lines = ["fig, ax = plt.subplots()", "plotting.plot_forest(t, ax=ax)", "ax.set_title('x')",
             "axes[0].set_xlim(0, 1)", "left.legend()", "x = table.plot"]  # fmt: skip
    assert raw_calls(lines) == 4


def test_the_line_check_names_the_cell_and_the_line(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1\n# " + "c" * 98),  # exactly 100 characters: fine
        nbformat.v4.new_markdown_cell("m" * 300),  # prose wraps: not checked
        nbformat.v4.new_code_cell("y = 2\nprint('" + "w" * 93 + "')"),  # 102 characters
    ]
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    assert long_lines(path) == [f"cell 2 (102 characters): print('{'w' * 93}')"]


def test_the_lessons_together_stay_within_budget(notebook_paths):
    lessons = lesson_paths(notebook_paths)
    lines = sum(len(code_lines(p)) for p in lessons)
    raw = sum(raw_calls(code_lines(p)) for p in lessons)
    assert lines < TOTAL_LINES, f"{lines} code lines in {len(lessons)} lessons"
    assert raw < TOTAL_RAW, f"{raw} raw matplotlib calls in {len(lessons)} lessons"


def test_each_lesson_stays_within_its_share(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson (dashboard, glossary, inventory)")
    lines = code_lines(notebook_path)
    assert len(lines) <= LESSON_LINES, f"{len(lines)} code lines"
    assert raw_calls(lines) <= LESSON_RAW, f"{raw_calls(lines)} raw matplotlib calls"


def test_no_lesson_line_scrolls_sideways(notebook_path):
    if not re.match(r"\d\d_", notebook_path.name):
        pytest.skip("not a lesson (dashboard, glossary, inventory)")
    long = long_lines(notebook_path)
    assert not long, (
        f"{notebook_path.name}: {len(long)} code lines over {LINE_LENGTH} characters "
        "(wrap them, or simplify the code):\n" + "\n".join(long)
    )
