"""Honest timings: each lesson's "Time to learn" matches an estimate from what it asks.

``tools/lesson_timings.py`` estimates the minutes from the prose (words at a stated reading
speed), the code cells and figures, the exercises, the widgets and the new terms taught; its
constants were set so that 09 and 12, timed by learners at about an hour each, come out at 60.
"""

from __future__ import annotations

import re

import nbformat
import pytest


@pytest.fixture(scope="module")
def timings(load_tool):
    return load_tool("lesson_timings")


def lesson(path) -> bool:
    return bool(re.match(r"\d\d_", path.name))


def test_stated_time_is_within_tolerance_of_the_estimate(notebook_path, timings):
    if not lesson(notebook_path):
        pytest.skip("not a lesson")
    t = timings.timing(notebook_path)
    assert t.stated is not None, "no '**Time to learn:** N minutes.' line"
    assert timings.within_tolerance(t.stated, t.minutes), (
        f"states {t.stated} minutes, the estimate is {t.minutes:.0f} "
        f"(write {t.estimate}; see tools/lesson_timings.py)"
    )


def test_the_model_matches_what_learners_timed(notebooks_dir, timings):
    for name in ("09_phase2_designs.ipynb", "12_pooling_evidence.ipynb"):
        minutes = timings.timing(notebooks_dir / name).minutes
        assert 52 <= minutes <= 68, f"{name}: {minutes:.0f} minutes; learners took about 60"


def test_the_map_in_00_agrees_with_each_notebook(notebook_paths, notebooks_dir, timings):
    start = nbformat.read(notebooks_dir / "00_start_here.ipynb", as_version=4)
    table = next(
        c.source
        for c in start.cells
        if c.cell_type == "markdown" and c.source.startswith("## Map of the notebooks")
    )
    rows = dict(re.findall(r"^\| \[[^\]]*\]\(([^)]+\.ipynb)\) \|.*\| (\d+) \|$", table, re.M))
    for path in notebook_paths:
        if lesson(path):
            assert int(rows[path.name]) == timings.timing(path).stated, path.name


def test_estimate_arithmetic(timings):
    t = timings.Timing(
        name="x",
        prose_words=1500,
        reference_words=450,
        code_cells=10,
        figures=2,
        exercises=3,
        widgets=1,
        concepts=4,
        stated=None,
    )
    expected = 1500 / 150 + 450 / 450 + 10 * 0.5 + 2 * 0.5 + 3 * 5 + 1 * 3 + 4 * 1.25
    assert t.minutes == pytest.approx(expected)
    assert t.estimate == 5 * round(expected / 5)
    assert timings.within_tolerance(40, 43) and not timings.within_tolerance(30, 60)
