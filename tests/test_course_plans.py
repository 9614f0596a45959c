"""The course plans add up: each session, summed from the notebooks' own "Time to learn" lines
plus its listed extras, fits its stated length; every lesson is in the term plan; prerequisites
come first. No minutes are copied here: they are read from the notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook

from il2kit.course import plans, timing
from il2kit.course.plans import PLANS, PREREQUISITES, Extra, Plan, Session

PLAN_KEYS = [p.key for p in PLANS]
BY_KEY = {p.key: p for p in PLANS}

# An independent reading of the line (the test does not reuse the module's regex).
LINE = re.compile(r"Time to learn[*:\s]*?(\d+)\s+minutes")


def own_minutes(path: Path) -> int:
    nb = nbformat.read(path, as_version=4)
    found = [int(m) for c in nb.cells if c.cell_type == "markdown" for m in LINE.findall(c.source)]
    assert len(set(found)) == 1, f"{path.name}: time to learn lines {found}"
    return found[0]


def write_notebook(folder: Path, stem: str, text: str) -> Path:
    path = folder / f"{stem}.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell(text)]), path)
    return path


# ----------------------------------------------------------------------------- reading the times
def test_every_lesson_states_its_time_and_the_module_reads_it(notebooks_dir):
    lessons = timing.lesson_stems(notebooks_dir)
    assert lessons, "no lessons found"
    minutes = timing.notebook_minutes(notebooks_dir)
    for stem in lessons:
        assert minutes[stem] == own_minutes(notebooks_dir / f"{stem}.ipynb")


@pytest.mark.parametrize(
    "text",
    [
        "**Time to learn:** 7 minutes.",
        "**Time to learn**: 7 minutes",
        "**Time to learn:** 7 minute",
    ],
)
def test_both_spellings_of_the_line_are_read(tmp_path, text):
    assert (
        timing.read_time_to_learn(write_notebook(tmp_path, "00_x", f"## Prerequisites\n\n{text}"))
        == 7
    )


def test_a_lesson_without_the_line_is_an_error(tmp_path):
    write_notebook(tmp_path, "00_x", "## Prerequisites\n\nNone.")
    with pytest.raises(ValueError, match="Time to learn"):
        timing.notebook_minutes(tmp_path)


def test_two_different_times_are_an_error(tmp_path):
    path = write_notebook(
        tmp_path, "00_x", "**Time to learn:** 5 minutes\n**Time to learn:** 9 minutes"
    )
    with pytest.raises(ValueError, match="several"):
        timing.read_time_to_learn(path)


# ----------------------------------------------------------------------------- the plans hold
@pytest.mark.parametrize("key", PLAN_KEYS)
def test_plan_has_no_problems(key, notebooks_dir):
    problems = timing.check_plan(BY_KEY[key], notebooks_dir)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_each_session_sums_from_the_notebooks_and_fits(key, notebooks_dir):
    for session in BY_KEY[key].sessions:
        notebook_part = sum(
            own_minutes(notebooks_dir / f"{ref}.ipynb") for ref in session.notebooks
        )
        total = notebook_part + sum(x.minutes for x in session.extras)
        timed = timing.time_session(session, timing.notebook_minutes(notebooks_dir))
        assert timed.total == total
        assert total <= session.length, f"{key}: {session.name}: {total} > {session.length}"


@pytest.mark.parametrize("key", PLAN_KEYS)
def test_plan_totals_add_up_the_sessions(key, notebooks_dir):
    plan = BY_KEY[key]
    totals = timing.plan_totals(plan, notebooks_dir)
    minutes = timing.notebook_minutes(notebooks_dir)
    sessions = [timing.time_session(s, minutes) for s in plan.sessions]
    assert totals.sessions == len(plan.sessions)
    assert totals.length == sum(s.length for s in plan.sessions)
    assert totals.total == sum(t.total for t in sessions)
    assert totals.slack == sum(t.slack for t in sessions) >= 0
    homework = [r for s in plan.sessions for r in (*s.before, *s.after)]
    assert totals.homework_minutes == sum(
        own_minutes(notebooks_dir / f"{r}.ipynb") for r in homework
    )


def test_the_expected_plans_exist_with_their_lengths():
    assert {"lecture", "labs", "self_study", "term"} <= set(BY_KEY)
    assert [s.length for s in BY_KEY["lecture"].sessions] == [90]
    assert [s.length for s in BY_KEY["labs"].sessions] == [120, 120]
    weeks = {int(m) for s in BY_KEY["term"].sessions for m in re.findall(r"Week (\d+)", s.name)}
    assert 10 <= len(weeks) <= 12


@pytest.mark.parametrize("key", ["term", "self_study"])
def test_every_lesson_is_in_the_full_plans(key, notebooks_dir):
    covered = {ref for s in BY_KEY[key].sessions for ref in s.notebooks}
    for stem in timing.lesson_stems(notebooks_dir):
        assert stem in covered, f"{key}: {stem} is in no session"


@pytest.mark.parametrize("key", ["term", "self_study"])
def test_the_full_plans_open_and_close_with_the_concept_inventory(key):
    order = [r for s in BY_KEY[key].sessions for r in (*s.before, *s.notebooks, *s.after)]
    assert order[0] == plans.INVENTORY and order[-1] == plans.INVENTORY


def test_the_labs_set_every_lesson_they_do_not_teach_as_self_study(notebooks_dir):
    order = [r for s in BY_KEY["labs"].sessions for r in (*s.before, *s.notebooks, *s.after)]
    assert set(timing.lesson_stems(notebooks_dir)) <= set(order)


def test_every_standard_topic_is_taught_by_existing_lessons_placed_in_the_term(notebooks_dir):
    stems = set(timing.lesson_stems(notebooks_dir))
    covered = {ref for s in BY_KEY["term"].sessions for ref in s.notebooks}
    assert {
        "itt_per_protocol",
        "multiplicity_subgroups",
        "interim_analyses",
        "noninferiority",
        "hazard_ratios_cox_nnt",
        "appraisal_grade",
        "surrogate_endpoints",
    } <= set(plans.STANDARD_TOPICS)
    for key, topic in plans.STANDARD_TOPICS.items():
        assert topic.lessons, key
        for stem in topic.lessons:
            assert stem in stems, f"{key}: no lesson {stem}"
            assert stem in covered, f"{key}: {stem} is in no session of the term"


def test_every_session_lists_minutes_for_discussion_or_other_extras():
    for plan in PLANS:
        for session in plan.sessions:
            assert session.extras, f"{plan.key}: {session.name} lists no extra minutes"


# ----------------------------------------------------------------------------- prerequisites
def test_every_lesson_has_declared_prerequisites(notebooks_dir):
    stems = set(timing.lesson_stems(notebooks_dir))
    for stem in stems:
        assert stem in PREREQUISITES, f"declare the prerequisites of {stem} in plans.PREREQUISITES"
    for stem, needs in PREREQUISITES.items():
        assert stem in stems | {plans.INVENTORY}, f"PREREQUISITES names no lesson {stem}"
        assert set(needs) <= stems, f"{stem}: unknown prerequisite in {needs}"


def test_the_new_lessons_keep_their_authors_prerequisites():
    suggested = {
        "13_analysis_populations_and_multiplicity": ("04", "08", "10"),
        "14_interim_analyses": ("13", "10", "04"),
        "15_non_inferiority": ("04", "08", "10"),
        "16_hazard_ratios_and_nnt": ("04", "08", "10", "11"),
        "17_appraising_a_trial": ("06", "10", "12"),
        "18_il2_today": ("07",),
    }
    for stem, numbers in suggested.items():
        assert sorted(n[:2] for n in PREREQUISITES[stem]) == sorted(numbers), stem


def test_prerequisites_have_no_cycle():
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == 1:
            raise AssertionError("cycle: " + " -> ".join((*path, node)))
        if state.get(node) == 2:
            return
        state[node] = 1
        for need in PREREQUISITES.get(node, ()):
            visit(need, (*path, node))
        state[node] = 2

    for node in PREREQUISITES:
        visit(node, ())


def test_08_comes_before_09_in_every_plan_that_has_both():
    for plan in PLANS:
        order = [r for s in plan.sessions for r in (*s.before, *s.notebooks, *s.after)]
        if "09_phase2_designs" in order:
            assert "08_how_sure_is_a_response_rate" in order
            assert order.index("08_how_sure_is_a_response_rate") < order.index("09_phase2_designs")


def test_notebooks_stated_prerequisites_are_kept_or_flagged(notebooks_dir):
    """A link a notebook states as required is a hard prerequisite of the plans, or a known
    conflict with its reason; a known conflict the notebook no longer states is stale."""
    unexplained, stated_pairs = [], set()
    for stem in timing.lesson_stems(notebooks_dir):
        for need in timing.stated_prerequisites(notebooks_dir / f"{stem}.ipynb"):
            stated_pairs.add((stem, need))
            if need not in PREREQUISITES.get(stem, ()) and (
                (stem, need) not in plans.KNOWN_PREREQUISITE_CONFLICTS
            ):
                unexplained.append(f"{stem} states {need}")
    assert not unexplained, (
        "add to plans.PREREQUISITES or explain in KNOWN_PREREQUISITE_CONFLICTS:\n"
        + "\n".join(unexplained)
    )
    stale = [pair for pair in plans.KNOWN_PREREQUISITE_CONFLICTS if pair not in stated_pairs]
    assert not stale, f"no longer stated by the notebooks, remove from the conflicts: {stale}"


# ----------------------------------------------------------------------------- the checker catches
def test_check_plan_reports_a_session_that_does_not_fit(notebooks_dir):
    lesson = timing.lesson_stems(notebooks_dir)[0]
    minutes = own_minutes(notebooks_dir / f"{lesson}.ipynb")
    plan = Plan("x", "x", "x", (Session("s", minutes, (lesson,), (Extra("discussion", 1, "d"),)),))
    (problem,) = timing.check_plan(plan, notebooks_dir)
    assert "do not fit" in problem and f"{minutes + 1} minutes" in problem


def test_check_plan_reports_a_prerequisite_out_of_order(notebooks_dir):
    plan = Plan(
        "x",
        "x",
        "x",
        (
            Session("first", 600, ("09_phase2_designs",), (Extra("discussion", 1, "d"),)),
            Session(
                "second",
                600,
                ("08_how_sure_is_a_response_rate", "00_start_here"),
                (Extra("discussion", 1, "d"),),
            ),
        ),
    )
    problems = timing.check_plan(plan, notebooks_dir)
    assert any("09_phase2_designs comes before its prerequisite 08" in p for p in problems)


def test_check_plan_reports_unknown_entries_and_missing_lessons(notebooks_dir):
    plan = Plan(
        "x",
        "x",
        "x",
        (
            Session(
                "s",
                600,
                ("99_nothing",),
                (Extra("lecture", 5, "l"),),
                after=("98_homework",),
            ),
        ),
        covers_every_lesson=True,
        covers_standard_topics=True,
    )
    problems = timing.check_plan(plan, notebooks_dir)
    assert any("99_nothing" in p for p in problems)
    assert any("unknown entry 98_homework" in p for p in problems)
    assert any("is in no session" in p for p in problems)
    assert any("standard topic" in p for p in problems)


def test_a_session_is_timed_from_each_notebooks_own_line(tmp_path):
    write_notebook(tmp_path, "13_intention_to_treat", "**Time to learn:** 33 minutes")
    minutes = timing.notebook_minutes(tmp_path)
    assert timing.resolve_minutes("13_intention_to_treat", minutes) == 33
    session = Session("s", 60, ("13_intention_to_treat",), (Extra("discussion", 7, "d"),))
    timed = timing.time_session(session, minutes)
    assert (timed.total, timed.slack, timed.fits) == (40, 20, True)
    with pytest.raises(KeyError):
        timing.resolve_minutes("99_astrology", minutes)


def test_extras_refuse_unknown_kinds_and_bad_minutes():
    with pytest.raises(ValueError):
        Extra("coffee", 10, "break")
    with pytest.raises(ValueError):
        Extra("discussion", 0, "none")
