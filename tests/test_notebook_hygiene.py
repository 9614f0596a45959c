"""The committed notebooks are clean, reproducible and follow the kit's lesson skeleton.

nbval (run by ``make test``) compares a fresh run with the stored outputs; these checks keep those
outputs worth comparing: executed top to bottom, nothing machine-specific stored, few outputs
ignored. The skeleton checks follow the guide (Project Pythia template, Neuromatch exercises).
``dashboard.ipynb`` is a Voila app, not a lesson: it gets the hygiene checks, not the skeleton ones.
"""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import nbformat
import pytest
from notebook_checks import MACHINE_PATH, MEMORY_ADDRESS, TIMESTAMP, offending_lines

# The Voila app, the glossary (markdown only) and the concept inventory are pages, not lessons.
NOT_LESSONS = {"dashboard.ipynb", "glossary.ipynb", "concept_inventory.ipynb"}
SKELETON = ("Overview", "Prerequisites", "Summary", "References")

# nbval comment markers act like tags.
NBVAL_MARKERS = {
    "# NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "# NBVAL_SKIP": "nbval-skip",
    "# NBVAL_RAISES_EXCEPTION": "raises-exception",
}
WIDGET_SOURCE = re.compile(
    r"il2kit\.widgets\.|\b\w*(?:Comparer|Explorer|Designer|Planner|Calculator|Sampler|Simulator|Form)\b"
)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


# ----------------------------------------------------------------------------- helpers
def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def tags(cell) -> set[str]:
    found = set(cell.get("metadata", {}).get("tags", []))
    if cell.cell_type == "code":
        for marker, tag in NBVAL_MARKERS.items():
            if marker in cell.source:
                found.add(tag)
    return found


def code_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code"]


def headings(nb) -> list[tuple[int, str]]:
    """(level, text) of every markdown heading, outside code fences, in order."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for hashes, text in HEADING.findall(FENCE.sub("", cell.source)):
                found.append((len(hashes), text))
    return found


def is_widget_cell(cell) -> bool:
    return cell.cell_type == "code" and bool(WIDGET_SOURCE.search(cell.source))


def lesson_or_skip(path: Path) -> None:
    if path.name in NOT_LESSONS:
        pytest.skip(f"{path.name} is not a lesson (the Voila app or the glossary)")


# ----------------------------------------------------------------------------- execution
def test_executed_top_to_bottom_in_one_run(notebook_path):
    cells = code_cells(load(notebook_path))
    empty = [i for i, c in enumerate(cells) if not c.source.strip()]
    assert not empty, f"empty code cells (positions {empty}): delete them"
    counts = [c.execution_count for c in cells]
    assert counts == list(range(1, len(cells) + 1)), (
        f"execution counts {counts}: re-run with `make execute` (fresh kernel, top to bottom)"
    )
    for cell in cells:
        for output in cell.outputs:
            if output.output_type == "execute_result":
                assert output.execution_count == cell.execution_count


def test_no_error_outputs(notebook_path):
    nb = load(notebook_path)
    errors = [
        f"cell {i}: {o.get('ename')}: {o.get('evalue')}"
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors, "stored error outputs:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    "what, pattern",
    [
        ("machine paths", MACHINE_PATH),
        ("timestamps", TIMESTAMP),
        ("memory addresses", MEMORY_ADDRESS),
    ],
    ids=["paths", "timestamps", "addresses"],
)
def test_outputs_hold_nothing_machine_specific(notebook_path, what, pattern):
    hits = offending_lines(load(notebook_path), pattern)
    assert not hits, f"{what} in stored outputs:\n" + "\n".join(hits)


def test_no_run_specific_metadata(notebook_path):
    nb = load(notebook_path)
    stamped = [i for i, c in enumerate(nb.cells) if "execution" in c.get("metadata", {})]
    assert not stamped, f"cells {stamped} carry execution timestamps: re-run `make execute`"
    assert "widgets" not in nb.metadata, (
        "notebook-level widget state stored (random model ids, copies of every widget figure): "
        "re-run `make execute`, which drops it"
    )


def test_no_trailing_semicolons(notebook_path):
    """nbval runs cells with store_history=False, so IPython ignores a trailing ';' there and
    shows the value (e.g. ``Text(0.5, 1.0, 'title')``) that the stored output lacks."""
    cells = code_cells(load(notebook_path))
    bad = []
    for number, cell in enumerate(cells, start=1):
        lines = [ln.split("#")[0].rstrip() for ln in cell.source.splitlines()]
        lines = [ln for ln in lines if ln]
        if lines and lines[-1].endswith(";"):
            bad.append(number)
    assert not bad, (
        f"code cells {bad} end with ';' to hide a value: nbval would still see it. "
        "Assign it instead (`_ = ax.set_title(...)`) or end with a statement"
    )


# ----------------------------------------------------------------------------- nbval tags
def test_ignored_outputs_only_on_widget_cells(notebook_path, record_property):
    nb = load(notebook_path)
    ignored = [i for i, c in enumerate(nb.cells) if "nbval-ignore-output" in tags(c)]
    widgets = [i for i, c in enumerate(nb.cells) if is_widget_cell(c)]
    record_property("nbval_ignored_cells", len(ignored))
    record_property("widget_cells", len(widgets))
    not_widget = sorted(set(ignored) - set(widgets))
    assert not not_widget, (
        f"cells {not_widget} are tagged nbval-ignore-output but display no widget: "
        "their outputs must be checked"
    )
    assert len(ignored) <= len(widgets), f"{len(ignored)} ignored cells > {len(widgets)} widgets"


def test_no_cells_hidden_from_nbval(notebook_path):
    nb = load(notebook_path)
    hidden = [i for i, c in enumerate(nb.cells) if tags(c) & {"nbval-skip", "raises-exception"}]
    assert not hidden, f"cells {hidden} are skipped by nbval or expected to raise"


def test_each_widget_is_followed_by_a_static_figure_or_table(notebook_path):
    lesson_or_skip(notebook_path)
    cells = load(notebook_path).cells
    missing = []
    for i, cell in enumerate(cells):
        if "nbval-ignore-output" not in tags(cell):
            continue
        following = next((c for c in cells[i + 1 :] if c.cell_type == "code"), None)
        mimes = {m for o in (following or {}).get("outputs", []) for m in o.get("data", {})}
        if not mimes & {"image/png", "image/svg+xml", "text/html"}:
            missing.append(i)
    assert not missing, (
        f"widget cells {missing}: the next code cell should show the default state as a "
        "figure or table (readers of the static HTML or GitHub see no widget)"
    )


# ----------------------------------------------------------------------------- skeleton
def test_one_h1_and_no_skipped_heading_levels(notebook_path):
    found = headings(load(notebook_path))
    assert found, "no markdown headings"
    h1 = [text for level, text in found if level == 1]
    assert len(h1) == 1, f"{len(h1)} H1 headings {h1}; a notebook has exactly one title"
    assert found[0][0] == 1, f"the first heading {found[0][1]!r} is not the H1 title"
    for (before, _), (level, text) in zip(found, found[1:], strict=False):
        assert level <= before + 1, f"heading {text!r} (H{level}) skips a level after H{before}"


def test_skeleton_sections(notebook_path):
    lesson_or_skip(notebook_path)
    texts = [text.lower() for _, text in headings(load(notebook_path))]
    missing = [s for s in SKELETON if not any(s.lower() in t for t in texts)]
    assert not missing, f"no heading containing {missing}"


def test_check_your_understanding_has_an_answer_block(notebook_path):
    lesson_or_skip(notebook_path)
    markdown = [c.source for c in load(notebook_path).cells if c.cell_type == "markdown"]
    starts = [i for i, s in enumerate(markdown) if "check your understanding" in s.lower()]
    assert starts, "no 'Check your understanding' section"
    after = "\n".join(markdown[starts[0] :])
    assert re.search(r"<details>.*?<summary>.*?</summary>.*?</details>", after, re.DOTALL), (
        "a 'Check your understanding' question needs a <details><summary>Answer</summary> ... "
        "</details> block"
    )


def test_exercises_have_stubs_and_solutions(notebook_path):
    lesson_or_skip(notebook_path)
    cells = load(notebook_path).cells
    open_exercise = None
    pairs = 0
    for i, cell in enumerate(cells):
        cell_tags = tags(cell)
        if "exercise" in cell_tags:
            assert open_exercise is None, f"exercise cell {open_exercise} has no solution cell"
            assert cell.cell_type == "code" and "NotImplementedError(" in cell.source, (
                f"exercise cell {i} should be a stub raising NotImplementedError('Exercise ...')"
            )
            assert "solution" not in cell_tags, f"cell {i} is tagged both exercise and solution"
            open_exercise = i
        elif "solution" in cell_tags:
            assert open_exercise is not None, f"solution cell {i} follows no exercise cell"
            open_exercise = None
            pairs += 1
    assert open_exercise is None, f"exercise cell {open_exercise} has no solution cell"
    assert pairs >= 2, f"{pairs} exercise/solution pairs; a lesson has at least two"


# ----------------------------------------------------------------------------- sanitize file
def test_every_sanitize_rule_is_explained(repo_root):
    path = repo_root / "tests" / "nbval_sanitize.cfg"
    lines = path.read_text(encoding="utf-8").splitlines()
    config = configparser.ConfigParser(comment_prefixes=("#",))
    config.read(path, encoding="utf-8")
    assert config.sections(), f"{path.name} has no rules"
    for section in config.sections():
        assert set(config[section]) == {"regex", "replace"}, f"[{section}] needs regex and replace"
        start = lines.index(f"[{section}]")
        later = (j for j in range(start + 1, len(lines)) if lines[j].startswith("["))
        end = next(later, len(lines))
        block = lines[start + 1 : end]
        regex_at = next(j for j, line in enumerate(block) if line.startswith("regex"))
        comment_inside = any(line.lstrip().startswith("#") for line in block[:regex_at])
        comment_above = start > 0 and lines[start - 1].lstrip().startswith("#")
        assert comment_inside or comment_above, f"rule [{section}] has no comment saying why"


def test_every_figure_has_a_text_description(notebook_path):
    """Accessibility: the first markdown cell after a figure describes it ("*Figure: ...*")."""
    cells = load(notebook_path).cells
    for i, cell in enumerate(cells):
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        if not any("image/png" in o.get("data", {}) for o in outputs):
            continue
        after = next((c for c in cells[i + 1 :] if c.cell_type == "markdown"), None)
        assert after is not None and re.match(r"\s*\*?Figure\b", after.source), (
            f"{notebook_path.name}: the figure of cell {i} has no '*Figure: ...*' description "
            "in the markdown cell after it"
        )


# ----------------------------------------------------------------------------- shared checks
def test_tools_and_tests_share_one_output_check(load_tool):
    """execute_notebooks refuses to save what these tests reject: one rule in one place."""
    import notebook_checks

    execute = load_tool("execute_notebooks")
    assert execute.MACHINE_PATH is notebook_checks.MACHINE_PATH is MACHINE_PATH
    assert execute.offending_lines is notebook_checks.offending_lines is offending_lines


@pytest.mark.parametrize(
    "line, machine_specific",
    [
        ("saved to /root/il2kit/out.csv", True),
        ("/tmp/ipykernel_123/456.py:3: UserWarning", True),
        ("see /home/ann/notes", True),
        ("mounted at /mnt/data/x", True),
        (r"C:\Users\ann\il2kit", True),
        ("https://example.org/tmp/file.csv", False),
        ("data/trials.csv", False),
        ("the ratio 3/work/5", False),
    ],
)
def test_machine_path_rule(line, machine_specific):
    nb = {"cells": [{"outputs": [{"output_type": "stream", "name": "stdout", "text": line}]}]}
    assert bool(offending_lines(nb, MACHINE_PATH)) is machine_specific
